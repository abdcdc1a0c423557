"""Shared fixtures: a real library file per test, one place table per session, the sample corpus."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["LANGUAGE"] = "C"  # the command line's messages in English, whatever this machine's language
# as the command line does: NumPy starts no threads of its own, so a test process may fork readers
os.environ.update({name: "1" for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")})
# the window remembers its geometry with QSettings: keep the tests' out of the user's configuration
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="tripfold-test-config-")
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="tripfold-test-cache-")  # thumbnails
os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="tripfold-test-state-")  # the log folder

from app.core.places import Places
from app.service import Service

# removed when the run ends: a thousand runs must not leave three thousand folders in /tmp
_SCRATCH = [os.environ[name] for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")]
atexit.register(lambda: [shutil.rmtree(folder, ignore_errors=True) for folder in _SCRATCH])

pytest_plugins = ["tests.engines"]  # library_location (once per engine), postgres_server, postgres_url

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def places(tmp_path_factory: pytest.TempPathFactory) -> Places:
    """The real place table, loaded once per session (it takes about a second from the CSV)."""
    table = Places(tmp_path_factory.mktemp("places-cache"))
    table.load()
    return table


@pytest.fixture
def service(tmp_path: Path, places: Places):
    """A fresh file-based library (not ``:memory:``: worker threads need to see the same database)."""
    svc = Service(tmp_path / "library.db", places=places)
    yield svc
    svc.close()


@pytest.fixture
def any_service(library_location: str, places: Places):
    """A fresh library once per engine: a file, then a PostgreSQL database (tests/engines.py)."""
    svc = Service(library_location, places=places)
    yield svc
    svc.close()


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not (CORPUS / "oracle.json").exists():
        pytest.skip(
            f"the sample media corpus is not at {CORPUS} (it sits beside the project as ../shared/corpus)"
        )
    return CORPUS
