"""Album export: the highlights copied (or hard-linked) into a new folder, never over anything.

The album is written into a hidden temporary folder beside its destination and renamed into place only
when complete, so a cancelled or killed export leaves no half album; an existing folder or file name
gets a suffix instead of being replaced.  The originals are only ever read.

File systems limit a name to 255 *bytes* (Linux, and APFS counts UTF-8 bytes too), not characters: a
title of 100 CJK characters is 300 bytes.  Every name made here is cut by its bytes on disk, between
characters, leaving room for what is added to it later: an exporter's suffix (" (web)"), a number that
keeps it new (" (2)") and the temporary name a folder has while it is written (".<name>.partial-<pid>").
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

NAME_MAX = 255  # bytes in one file or folder name (ext4, btrfs, XFS, APFS; NTFS counts 255 UTF-16 units)
COPY_ROOM = len(" (9999)")  # what unique_path may add
PARTIAL_ROOM = len(".") + len(".partial-") + 10  # a folder's name while written (pid: 10 digits)
SUFFIX_ROOM = 16  # what an exporter may add to the story's name: " (web)", " (reel)"
TITLE_BYTES = NAME_MAX - PARTIAL_ROOM - SUFFIX_ROOM
EXTENSION_BYTES = 16  # a longer "extension" is a dot inside the name, cut like the rest of it
RESERVED = '/\\:*?"<>|'  # separators, and what Windows refuses in a name


def name_bytes(text: str) -> int:
    """The size of ``text`` as a name on disk (a name read from disk that is not UTF-8 keeps its bytes)."""
    try:
        return len(os.fsencode(text))
    except UnicodeEncodeError:  # a lone surrogate that no disk name decodes to: count it as UTF-8 would
        return len(text.encode("utf-8", "surrogatepass"))


def cut(text: str, limit: int) -> str:
    """The longest start of ``text`` that is at most ``limit`` bytes on disk, never cut inside a character."""
    if name_bytes(text) <= limit:
        return text
    size = 0
    for index, char in enumerate(text):
        size += name_bytes(char)
        if size > limit:
            return text[:index]
    return text


def is_control(char: str) -> bool:
    """C0 and C1 control characters, DEL, and lone surrogates (which no file or page can encode)."""
    code = ord(char)
    return code < 0x20 or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF


def unique_path(path: Path, *, keep_suffix: bool = True) -> Path:
    """``path``, or ``name (2)``, ``name (3)``... when it exists already; the number goes before the
    extension of a file (``keep_suffix``), at the end of a folder's name ("St. Petersburg (2)"), and the
    name is shortened when the number would not fit."""
    if not path.exists():
        return path
    stem, suffix = (path.stem, path.suffix) if keep_suffix else (path.name, "")
    for n in range(2, 10_000):
        number = f" ({n})"
        room = NAME_MAX - name_bytes(number) - name_bytes(suffix)
        candidate = path.with_name(f"{cut(stem, room)}{number}{suffix}")
        if not candidate.exists():
            return candidate
    raise FileExistsError(f"no free name for {path}")


def safe_name(title: str) -> str:
    """A trip's title as a folder name on any system: no separators, reserved or control characters, and
    short enough in bytes for the suffixes added to it later (see the module's docstring)."""
    cleaned = "".join("-" if c in RESERVED or is_control(c) else c for c in title).strip(" .")
    return cut(cleaned, TITLE_BYTES).rstrip(" .") or "Story"


def album_name(original: str, taken: datetime) -> str:
    """``YYYY-MM-DD_HHMMSS_<original name>``; a long original loses the end of its stem, not its extension,
    and leaves room for the number :func:`unique_path` may add."""
    prefix, name = f"{taken:%Y-%m-%d_%H%M%S}_", os.path.basename(original)
    stem, extension = os.path.splitext(name)
    if name_bytes(extension) > EXTENSION_BYTES:
        stem, extension = name, ""
    room = NAME_MAX - COPY_ROOM - name_bytes(prefix) - name_bytes(extension)
    return f"{prefix}{cut(stem, room)}{extension}"


@contextmanager
def new_folder(folder: Path) -> Iterator[tuple[Path, Done]]:
    """A hidden temporary folder to fill, renamed to ``folder`` (or a free variant) when the block ends
    without error, and removed when it raises anything (a cancel included): no half-written export is
    left.  ``folder`` is made absolute and its name cut to fit; ``done.path`` says where it went."""
    folder = Path(folder).resolve()  # absolute, so a relative destination still gives a file URI
    folder = folder.with_name(cut(folder.name, NAME_MAX - PARTIAL_ROOM))
    folder.parent.mkdir(parents=True, exist_ok=True)
    partial = folder.parent / f".{folder.name}.partial-{os.getpid()}"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    done = Done()
    try:
        yield partial, done
        done.path = unique_path(folder, keep_suffix=False)
        os.rename(partial, done.path)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise


class Done:
    """Where :func:`new_folder` put the folder, once the block has ended."""

    _path: Path | None = None

    @property
    def path(self) -> Path:
        """Read only after the ``with`` block: before it ends there is no folder yet to name."""
        if self._path is None:
            raise RuntimeError("the folder is not done yet: read done.path after the with block")
        return self._path

    @path.setter
    def path(self, value: Path) -> None:
        self._path = value


def write_album(
    files: Sequence[tuple[str, datetime]],
    folder: Path,
    *,
    hardlink: bool = False,
    step: Callable[[int, int], None] | None = None,
) -> Path:
    """Write ``files`` (path, capture time) into ``folder`` or a free variant of it; returns where.

    ``step(done, total)`` is called after each file and may raise to cancel: the partial album is removed.
    """
    with new_folder(folder) as (partial, done):
        for count, (source, taken) in enumerate(files, 1):
            target = unique_path(partial / album_name(source, taken))
            if hardlink:
                os.link(source, target)
            else:
                shutil.copy2(source, target)
            if step is not None:
                step(count, len(files))
    return done.path
