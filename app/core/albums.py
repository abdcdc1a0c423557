"""Album export: the highlights copied (or hard-linked) into a new folder, never over anything.

The album is written into a hidden temporary folder beside its destination and renamed into place only
when complete, so a cancelled or killed export leaves no half album; an existing folder or file name
gets a suffix instead of being replaced.  The originals are only ever read.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path


def unique_path(path: Path) -> Path:
    """``path``, or ``name (2)``, ``name (3)``... when it exists already."""
    if not path.exists():
        return path
    for n in range(2, 10_000):
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        if not candidate.exists():
            return candidate
    raise FileExistsError(f"no free name for {path}")


def safe_name(title: str) -> str:
    """A trip's title as a folder name on any system: no separators or reserved characters."""
    cleaned = "".join("-" if c in '/\\:*?"<>|' or ord(c) < 32 else c for c in title).strip(" .")
    return cleaned[:120] or "Story"


def album_name(original: str, taken: datetime) -> str:
    return f"{taken:%Y-%m-%d_%H%M%S}_{os.path.basename(original)}"


@contextmanager
def new_folder(folder: Path) -> Iterator[Path]:
    """A hidden temporary folder to fill, renamed to ``folder`` (or a free variant) when the block ends
    without error, and removed when it raises (a cancel included): no half-written export is left."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    partial = folder.parent / f".{folder.name}.partial-{os.getpid()}"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    done = Done()
    try:
        yield partial, done
        done.path = unique_path(folder)
        os.rename(partial, done.path)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise


class Done:
    """Where :func:`new_folder` put the folder, once the block has ended."""

    path: Path | None = None


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
