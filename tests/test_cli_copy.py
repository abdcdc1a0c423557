"""``tripfold copy-library --to TARGET`` as scripts use it: a library moved to a PostgreSQL database and back
lists the same JSON, byte for byte; a refused target exits 2 naming ``--to`` and is left as it was."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from app.core.places import Places
from app.service import Service
from tests.engines import PostgresServer, location_args
from tests.store.test_library_copy import fill_every_table, write_trips

ROOT = Path(__file__).resolve().parents[1]
LISTINGS = (
    ("clusters", "--json", "--max-results", "100", "--with-files"),
    ("clusters", "--json", "--language", "zh-Hans"),
    ("trips", "--json", "--with-files"),
    ("homes", "--json"),
    ("files", "--json"),
    ("tasks", "--json"),
)


def tripfold(location: str | Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for name in ("TRIPFOLD_LIBRARY", "TRIPFOLD_DB_URL"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "app", *location_args(location), *args],
        capture_output=True, text=True, env=env, cwd=cwd, timeout=300,
    )  # fmt: skip


def listings(location: str | Path) -> list[str]:
    outputs = []
    for command in LISTINGS:
        done = tripfold(location, *command)
        assert done.returncode == 0, (command, done.stderr)
        outputs.append(done.stdout)
    tasks = json.loads(outputs[-1])["Tasks"]
    assert len(tasks) >= 3
    for task in tasks:  # each task on its own, with its result
        done = tripfold(location, "task", task["TaskId"], "--json")
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    return outputs


@pytest.fixture
def library(tmp_path: Path, places: Places) -> Path:
    """A library file with rows in every table (tests/store/test_library_copy.py)."""
    path = tmp_path / "library.db"
    service = Service(path, places=places)
    fill_every_table(service, tmp_path)
    service.close()
    return path


def test_a_library_moved_to_a_server_and_back_lists_the_same_json_byte_for_byte(
    library: Path, tmp_path: Path, postgres_url: str
) -> None:
    back = tmp_path / "back" / "library.db"
    back.parent.mkdir()
    there = tripfold(library, "copy-library", "--to", postgres_url, "--json")
    assert there.returncode == 0, there.stderr
    assert there.stderr == ""  # --json: no progress
    report = json.loads(there.stdout)
    assert report["Copied"]["Files"] == 160 and report["Copied"]["Stories"] == 1
    assert report["Tables"]["source_mount"] == 2 and "://" in report["Target"]
    home = tripfold(postgres_url, "copy-library", "--to", str(back))
    assert home.returncode == 0, home.stderr
    assert "160 files" in home.stdout and "1 stories" in home.stdout
    assert "media_file: 160 rows copied" in home.stderr  # a line per table
    original = listings(library)
    assert '"TripId"' in original[2] and '"Title": "Kyoto et Rome"' in original[2]
    assert listings(postgres_url) == original
    assert listings(back) == original


def test_a_copy_on_a_server_goes_on_indexing_and_clustering(
    library: Path, tmp_path: Path, postgres_url: str
) -> None:
    """New files, tasks, clusters and trips on the copy take ids after the copied ones."""
    assert tripfold(library, "copy-library", "--to", postgres_url, "--json").returncode == 0
    more = tmp_path / "more"
    write_trips(more, first=datetime(2024, 6, 1, 9), days=30)
    indexed = tripfold(postgres_url, "index", str(more), "--json")
    assert indexed.returncode == 0, indexed.stderr
    assert json.loads(indexed.stdout)["FilesByStatus"]["ok"] == 60
    clustered = tripfold(postgres_url, "cluster", "--json")
    assert clustered.returncode == 0, clustered.stderr
    files = json.loads(tripfold(postgres_url, "files", "--json").stdout)["Files"]
    assert len(files) == 220


def test_a_target_that_cannot_take_the_copy_is_refused_naming_it(
    library: Path, tmp_path: Path, postgres_server: PostgresServer
) -> None:
    held = postgres_server.create()
    assert tripfold(held, "files").returncode == 0  # a library now
    (tmp_path / "notes.db").write_text("mine")
    cases = {
        str(library): "the library being copied",
        str(tmp_path / "notes.db"): "already exists",
        held: "already holds a library",
        str(tmp_path / "nowhere" / "library.db"): "folder for the new file does not exist",
        "postgresql://me@host:port/photos": "not a PostgreSQL URL",
    }
    before = sorted(os.listdir(tmp_path))
    try:
        for target, words in cases.items():
            done = tripfold(library, "copy-library", "--to", target)
            assert done.returncode == 2, (target, done.stderr)
            assert f"--to {target}" in done.stderr and words in done.stderr, done.stderr
            assert done.stdout == ""
        assert sorted(os.listdir(tmp_path)) == before
        assert (tmp_path / "notes.db").read_text() == "mine"
        missing = tripfold(library, "copy-library")
        assert missing.returncode == 2 and "--to" in missing.stderr
    finally:
        postgres_server.drop(held)


def test_a_relative_target_is_made_in_the_working_folder(library: Path, tmp_path: Path) -> None:
    (tmp_path / "work").mkdir()
    done = tripfold(library, "copy-library", "--to", "copy.db", "--json", cwd=tmp_path / "work")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "work" / "copy.db").exists()
    assert [p.name for p in (tmp_path / "work").iterdir()] == ["copy.db"]


_CTRL_C_MID_COPY = """
import sys
import app.cli_copy as copy

shown = copy.TableProgress.__call__

def progress(self, table, done, total):  # Ctrl-C as the largest table is being written
    if table == "media_file":
        raise KeyboardInterrupt
    shown(self, table, done, total)

copy.TableProgress.__call__ = progress
from app.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("engine", ["file", "server"])
def test_ctrl_c_during_a_copy_says_nothing_was_copied_and_leaves_the_target_as_it_was(
    library: Path, tmp_path: Path, engine: str, request: pytest.FixtureRequest
) -> None:
    target = str(tmp_path / "copy.db") if engine == "file" else request.getfixturevalue("postgres_url")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _CTRL_C_MID_COPY, "--library", str(library), "copy-library", "--to", target],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "cancelled (Ctrl-C); nothing was copied" in done.stderr and "what was saved" not in done.stderr
    if engine == "file":  # no copy, no half-made file
        assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(("copy", ".copy"))]
    else:
        assert tripfold(library, "copy-library", "--to", target, "--json").returncode == 0  # still empty
