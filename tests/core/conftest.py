"""Fixtures the core tests share."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core import timezones
from tests.factories.sites import linked_site
from tools.prebuild_data import prebuild


@pytest.fixture(scope="session")
def prebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder the build ships (place table, zone grid, zone edge store), made once by the build's own
    script; tests that change a file of it change a copy."""
    out = tmp_path_factory.mktemp("prebuilt")
    saved = timezones._cache_dir
    try:
        prebuild(out)
    finally:
        timezones.use_cache(saved)
    return out


@pytest.fixture
def qt_copy(tmp_path: Path) -> Path:
    """PySide6 linked into a folder of its own (hard links: $ORIGIN would follow symlinks back to the
    wheel), for Qt's libraries and plugins to be changed there and never in the wheel; skipped where
    Qt Multimedia cannot load (no audio library: the window gives videos to the system's player)."""
    try:
        import PySide6.QtMultimedia
    except ImportError as exc:
        pytest.skip(f"Qt Multimedia cannot load on this machine ({exc})")
    site_packages = Path(PySide6.QtMultimedia.__file__).resolve().parents[1]
    return linked_site(tmp_path, site_packages, ("PySide6", "shiboken6"), "PySide6 (650 MB)")
