"""Opening a user's file for reading without ever blocking on it.

A folder may hold a named pipe, a socket or a device under a photo's name (``x.jpg``), or a file may be
replaced by one between the walk and the read.  ``open()`` on a pipe waits for a writer forever, so a
file is opened with ``O_NONBLOCK`` (which a regular file ignores) and checked with ``fstat`` on the very
descriptor that will be read; anything but a regular file is refused with a reason.
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

from app.core.metadata import MediaError

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder"),
)  # fmt: skip


def irregular(mode: int) -> str | None:
    """Why a file of this ``st_mode`` cannot be read as media, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    what = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    return f"[InvalidArgument] the file is {what}, not a photo or video"


def check_regular(path: str) -> None:
    """Refuse what is not a regular file, by ``stat`` (which follows links and never opens)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise MediaError(f"[InvalidArgument] cannot read the file: {exc.strerror or exc}") from exc
    problem = irregular(mode)
    if problem:
        raise MediaError(problem)


def open_regular(path: str) -> BinaryIO:
    """The file opened for binary reading, or :class:`MediaError` when it is not a regular file."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        problem = irregular(os.fstat(fd).st_mode)
        if problem:
            raise MediaError(problem)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
