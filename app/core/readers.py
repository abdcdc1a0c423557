"""One file's capture time and position: the reader its name calls for, then the time rules.

This is the one entry point callers use (indexing, the command line, tests).  It sits above the readers
(:mod:`app.core.exif`, :mod:`app.core.video`) and the rules (:mod:`app.core.times`), which all import the
types of :mod:`app.core.metadata`; keeping the dispatch out of that module is what keeps the core free of
import cycles.
"""

from __future__ import annotations

import os

from app.core import times
from app.core.exif import read_photo
from app.core.metadata import MediaError, MediaMeta, kind_of
from app.core.opening import check_regular
from app.core.video import read_video


def read_metadata(path: str) -> MediaMeta:
    """Read one file's capture time and position; raise :class:`MediaError` when it cannot be read.

    The reader is chosen by the file's extension; readers then trust the file's own bytes, so a HEIC
    named ``.jpg`` still reads as a HEIC.  A pipe or device under a media name is refused before any
    reader opens it (opening a pipe would wait for a writer forever).
    """
    kind = kind_of(path)
    if kind is None:
        raise MediaError(f"[InvalidArgument] not a photo or video extension: {os.path.basename(path)}")
    check_regular(path)
    raw = read_video(path) if kind == "video" else read_photo(path)
    return times.resolve(raw)
