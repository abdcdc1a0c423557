"""Finding the photos and videos under a source folder.

The walk follows symbolic links to folders (people link their phone backups into Pictures) but visits
each real folder once, so a link loop ends; it skips hidden folders and the system folders that NAS
boxes, cameras and operating systems leave behind; and a folder it may not read is reported, not fatal.
Only regular files (or links to them) are yielded: a named pipe, socket or device under a photo's name
is not a photo, and opening a pipe would wait for a writer forever.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass

from app.core.metadata import kind_of

SYSTEM_FOLDERS = frozenset(
    name.lower()
    for name in (
        "$RECYCLE.BIN", "System Volume Information", "lost+found", "@eaDir", "#recycle", "#snapshot",
        "__MACOSX", "Thumbs", "RECYCLER", "$Recycle.Bin", "Photos Library.photoslibrary", "node_modules",
    )
)  # fmt: skip


@dataclass(frozen=True)
class FoundFile:
    path: str
    size: int
    mtime_ns: int


@dataclass
class WalkReport:
    """What the walk could not enter, so that files there are not marked missing."""

    unreadable: list[tuple[str, str]]


def _skip_folder(name: str) -> bool:
    return name.startswith(".") or name.lower() in SYSTEM_FOLDERS


def walk_media(root: str, report: WalkReport) -> Iterator[FoundFile]:
    """Yield every photo or video under ``root`` (depth first, names sorted for a stable order)."""
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            st = os.stat(folder)
            key = (st.st_dev, st.st_ino)
            if key in seen:
                continue
            seen.add(key)
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            report.unreadable.append((folder, exc.strerror or str(exc)))
            continue
        subfolders = []
        for entry in entries:
            try:
                if entry.is_dir():  # follows links; ``seen`` stops loops
                    if not _skip_folder(entry.name):
                        subfolders.append(entry.path)
                elif entry.name[0] != "." and kind_of(entry.name) is not None:
                    est = entry.stat()  # follows a link to its file
                    if stat.S_ISREG(est.st_mode):  # a pipe named x.jpg would block its reader forever
                        yield FoundFile(entry.path, est.st_size, est.st_mtime_ns)
            except OSError as exc:  # a dangling link, a file removed mid-walk
                report.unreadable.append((entry.path, exc.strerror or str(exc)))
        stack.extend(reversed(subfolders))
