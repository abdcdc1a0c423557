"""Fixtures the core tests share."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core import timezones
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
