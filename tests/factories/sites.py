"""Folders of installed packages hard-linked from site-packages, for tests that change a library of a
package (a stand-in, a patched plugin) without ever writing into the installed one."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest


def linked_site(into: Path, source: Path, names: Iterable[str], what: str) -> Path:
    """``into``/site holding each of ``names`` (folders of ``source``, those that exist) as hard links:
    $ORIGIN would follow symlinks back to the wheel, and copying them is hundreds of MB.  Skips the test,
    naming ``what``, where hard links cannot be made (another file system)."""
    site = into / "site"
    try:
        for name in names:
            if (source / name).exists():
                shutil.copytree(source / name, site / name, copy_function=os.link)
    except OSError as exc:
        pytest.skip(f"cannot hard-link {what} into {into} ({exc})")
    return site


def replace(target: Path, built: Path) -> None:
    """Put ``built`` in place of a hard-linked file: unlinked first, never written through."""
    target.unlink()
    shutil.copy(built, target)
