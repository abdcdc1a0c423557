"""The command line as scripts use it: exit statuses, JSON shapes, stderr messages, no Qt."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def tripfold(*args: str, library: Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("TRIPFOLD_LIBRARY", None)
    return subprocess.run(
        [sys.executable, "-m", "app", "--library", str(library), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


def test_index_of_a_missing_folder_is_refused_before_any_work(tmp_path: Path) -> None:
    out = tripfold("index", str(tmp_path / "nope"), library=tmp_path / "lib.db")
    assert out.returncode == 2
    assert "InvalidArgument" in out.stderr and "does not exist" in out.stderr
    assert out.stdout == ""
    tasks = tripfold("files", "--json", library=tmp_path / "lib.db")
    assert json.loads(tasks.stdout) == {"Files": []}


def test_index_of_a_file_is_refused_with_advice(tmp_path: Path) -> None:
    photo = tmp_path / "a.jpg"
    photo.write_bytes(b"")
    out = tripfold("index", str(photo), library=tmp_path / "lib.db")
    assert out.returncode == 2
    assert "is a file, not a folder" in out.stderr


def test_bad_status_is_a_usage_error(tmp_path: Path) -> None:
    out = tripfold("files", "--status", "great", library=tmp_path / "lib.db")
    assert out.returncode == 2
    assert "invalid choice" in out.stderr


def test_unknown_task_fails_with_resource_not_found(tmp_path: Path) -> None:
    out = tripfold("task", "FileIndexing-nope", library=tmp_path / "lib.db")
    assert out.returncode == 1
    assert "ResourceNotFound" in out.stderr


def test_library_that_is_not_a_library_fails_clearly(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.db"
    bogus.write_text("hello" * 1000)
    out = tripfold("files", library=bogus)
    assert out.returncode == 1
    assert "not a Tripfold library" in out.stderr


def test_empty_folder_index_json_shape(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    out = tripfold("index", str(tmp_path / "empty"), "--json", library=tmp_path / "lib.db")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["TaskType"] == "FileIndexing" and data["Status"] == "Succeeded"
    assert data["TaskId"].startswith("FileIndexing-")
    assert data["FilesFound"] == 0 and data["Files"] == []
    task = json.loads(tripfold("task", data["TaskId"], "--json", library=tmp_path / "lib.db").stdout)
    assert task["TaskId"] == data["TaskId"] and task["Progress"] == 100


@pytest.mark.parametrize("command", [["files"], ["index", "--help"], ["files", "--json"]])
def test_command_line_never_imports_qt(tmp_path: Path, command: list[str]) -> None:
    code = (
        "import sys; from app.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", code, "--library", str(tmp_path / "lib.db"), *command],
        capture_output=True,
        text=True,
        env=env,
    )
    assert out.returncode == 0, out.stderr


def test_demo_writes_sample_trips_and_adds_them(tmp_path: Path) -> None:
    out = tripfold("demo", str(tmp_path / "samples"), library=tmp_path / "lib.db")
    assert out.returncode == 0, out.stderr
    assert "85 photos indexed" in out.stderr
    listing = tripfold("clusters", "--json", "--levels", "city", library=tmp_path / "lib.db")
    clusters = json.loads(listing.stdout)
    assert len(clusters["LocationDateClusters"]) == 6
    again = tripfold("demo", str(tmp_path / "samples"), library=tmp_path / "lib.db")  # nothing overwritten
    assert again.returncode == 0 and len(list((tmp_path / "samples").rglob("*.jpg"))) == 85
