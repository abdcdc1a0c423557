"""The command line as scripts use it: exit statuses, JSON shapes, stderr messages, no Qt.

Every test that opens a library runs twice (SPEC §13): on a library file and on a database of a throwaway
PostgreSQL server (``library_location``, tests/engines.py).  What only a file can be (another program's
file, a newer Tripfold's file) has a counterpart on the server where the same thing can happen there."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import pytest

from app.store import migrations
from tests.engines import PostgresServer, location_args, run_sql
from tests.factories.photos import make_jpeg

ROOT = Path(__file__).resolve().parents[1]


def tripfold(
    *args: str, library: Path | str, cwd: Path | None = None, as_user: Sequence[str] = ()
) -> subprocess.CompletedProcess[str]:
    """``tripfold`` as a process on ``library``: a file (``--library``) or a server's URL (``--db-url``);
    ``as_user`` is a command that runs it as another user (``setpriv ...``)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("TRIPFOLD_LIBRARY", None)
    env.pop("TRIPFOLD_DB_URL", None)
    return subprocess.run(
        [*as_user, sys.executable, "-m", "app", *location_args(library), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


def test_index_of_a_missing_folder_is_refused_before_any_work(tmp_path: Path, library_location: str) -> None:
    out = tripfold("index", str(tmp_path / "nope"), library=library_location)
    assert out.returncode == 2
    assert "InvalidArgument" in out.stderr and "does not exist" in out.stderr
    assert out.stdout == ""
    tasks = tripfold("files", "--json", library=library_location)
    assert json.loads(tasks.stdout) == {"Files": []}


def test_index_of_a_file_is_refused_with_advice(tmp_path: Path, library_location: str) -> None:
    photo = tmp_path / "a.jpg"
    photo.write_bytes(b"")
    out = tripfold("index", str(photo), library=library_location)
    assert out.returncode == 2
    assert "is a file, not a folder" in out.stderr


def test_bad_status_is_a_usage_error(tmp_path: Path, library_location: str) -> None:
    out = tripfold("files", "--status", "great", library=library_location)
    assert out.returncode == 2
    assert "invalid choice" in out.stderr


def test_unknown_task_fails_with_resource_not_found(tmp_path: Path, library_location: str) -> None:
    out = tripfold("task", "FileIndexing-nope", library=library_location)
    assert out.returncode == 1
    assert "ResourceNotFound" in out.stderr


def test_library_that_is_not_a_library_fails_clearly(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.db"
    bogus.write_text("hello" * 1000)
    out = tripfold("files", library=bogus)
    assert out.returncode == 1
    assert "not a Tripfold library" in out.stderr


def test_another_programs_library_is_refused_untouched(library_location: str) -> None:
    """Another program's SQLite file, or its database on the server: exit 1, a plain message, its table
    left as it was and no table of Tripfold's added."""
    run_sql(library_location, "CREATE TABLE invoices (total INTEGER)")
    run_sql(library_location, "INSERT INTO invoices (total) VALUES (42)")
    tables = "SELECT name FROM sqlite_master WHERE type = 'table'"
    if library_location.startswith("postgresql:"):
        tables = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
    for command in (("files",), ("index", "/nowhere")):
        out = tripfold(*command, library=library_location)
        assert out.returncode == 1, out.stderr
        assert "not a Tripfold library" in out.stderr and "Traceback" not in out.stderr
        assert out.stdout == ""
    assert run_sql(library_location, tables) == [("invoices",)]
    assert run_sql(library_location, "SELECT total FROM invoices") == [(42,)]


def test_a_library_of_a_newer_tripfold_is_refused_with_the_versions(library_location: str) -> None:
    assert tripfold("files", library=library_location).returncode == 0  # made at this version
    newer = migrations.SCHEMA_VERSION + 1
    run_sql(library_location, f"UPDATE schema_version SET version = {newer}")
    out = tripfold("files", "--json", library=library_location)
    assert out.returncode == 1 and out.stdout == "" and "Traceback" not in out.stderr
    assert "written by a newer Tripfold" in out.stderr
    assert f"library version {newer}, this app reads up to {migrations.SCHEMA_VERSION}" in out.stderr
    assert run_sql(library_location, "SELECT version FROM schema_version") == [(newer,)]  # left alone


def test_a_server_that_is_not_running_fails_clearly(tmp_path: Path, postgres_server: PostgresServer) -> None:
    """A URL whose server is down (no socket where it says) or whose database is missing: exit 1, one
    plain line naming the library, no traceback, and the password never shown."""
    down = f"postgresql://ann:s3cret@/photos?host={tmp_path}&port=5999"
    missing = postgres_server.url("no_such_library").replace("postgres@", "postgres:s3cret@")
    for url, words in ((down, "cannot reach the PostgreSQL server"), (missing, "createdb")):
        out = tripfold("files", "--json", library=url)
        assert out.returncode == 1, out.stderr
        assert words in out.stderr and "***@" in out.stderr
        assert "s3cret" not in out.stderr and "Traceback" not in out.stderr and out.stdout == ""
        assert len(out.stderr.strip().splitlines()) == 1, out.stderr


def test_empty_folder_index_json_shape(tmp_path: Path, library_location: str) -> None:
    (tmp_path / "empty").mkdir()
    out = tripfold("index", str(tmp_path / "empty"), "--json", library=library_location)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["TaskType"] == "FileIndexing" and data["Status"] == "Succeeded"
    assert data["TaskId"].startswith("FileIndexing-")
    assert data["FilesFound"] == 0 and data["Files"] == []
    task = json.loads(tripfold("task", data["TaskId"], "--json", library=library_location).stdout)
    assert task["TaskId"] == data["TaskId"] and task["Progress"] == 100


@pytest.mark.parametrize("command", [["files"], ["index", "--help"], ["files", "--json"]])
def test_command_line_never_imports_qt(library_location: str, command: list[str]) -> None:
    code = (
        "import sys; from app.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", code, *location_args(library_location), *command],
        capture_output=True,
        text=True,
        env=env,
    )
    assert out.returncode == 0, out.stderr


def test_demo_writes_sample_trips_and_adds_them(tmp_path: Path, library_location: str) -> None:
    out = tripfold("demo", str(tmp_path / "samples"), library=library_location)
    assert out.returncode == 0, out.stderr
    assert "85 photos indexed" in out.stderr
    listing = tripfold("clusters", "--json", "--levels", "city", library=library_location)
    clusters = json.loads(listing.stdout)
    assert len(clusters["LocationDateClusters"]) == 6
    again = tripfold("demo", str(tmp_path / "samples"), library=library_location)  # nothing overwritten
    assert again.returncode == 0 and len(list((tmp_path / "samples").rglob("*.jpg"))) == 85


def test_a_library_this_user_may_only_read_is_listed_but_not_changed(library_location: str) -> None:
    """A library file the user may only read (file and folder read-only, Tripfold run as another user
    where the tests run as root), or a database where the user was granted SELECT only: listing works and
    gives what the owner sees; indexing and clustering fail with exit 1 and a plain message."""
    folder = Path(tempfile.mkdtemp(prefix="tripfold-ro-"))  # not under tmp_path: nobody may not enter it
    folder.chmod(0o755)
    photos = folder / "photos"
    make_jpeg(photos / "a.jpg", datetime_original=datetime(2024, 3, 3, 9), gps=(30.2741, 120.1551))
    as_user: list[str] = []
    if library_location.startswith("postgresql:"):
        library: str = library_location
        assert tripfold("index", str(photos), library=library).returncode == 0
        reader = f"reader_{library.split('/')[3].split('?')[0]}"
        for statement in (
            f"CREATE ROLE {reader} LOGIN", f"GRANT USAGE ON SCHEMA public TO {reader}",
            f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {reader}",
        ):  # fmt: skip
            run_sql(library, statement)
        reading = library.replace("postgres@", f"{reader}@")
        expected = "lets this user only read"
    else:
        library = reading = str(folder / "library.db")
        assert tripfold("index", str(photos), library=library).returncode == 0
        Path(library).chmod(0o444)
        folder.chmod(0o555)
        if os.geteuid() == 0:  # root may write anything: be nobody
            if shutil.which("setpriv") is None:
                pytest.skip("the tests run as root and setpriv (util-linux) is absent")
            as_user = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        expected = "may only be read"
    try:
        as_owner = tripfold("files", "--json", library=library)
        listed = tripfold("files", "--json", library=reading, as_user=as_user)
        assert listed.returncode == 0, listed.stderr
        assert listed.stdout == as_owner.stdout and len(json.loads(listed.stdout)["Files"]) == 1
        for command in (("index", str(photos)), ("cluster",)):
            out = tripfold(*command, library=reading, as_user=as_user)
            assert out.returncode == 1, (command, out.stderr)
            assert expected in out.stderr and "Traceback" not in out.stderr, (command, out.stderr)
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder, ignore_errors=True)


def test_a_folder_this_user_may_not_read_is_refused_in_plain_words(tmp_path: Path) -> None:
    """Not a bug report with a traceback: what is wrong and what to do, exit 2, before any work."""
    private = Path(tempfile.mkdtemp(prefix="tripfold-private-"))
    make_jpeg(private / "photos" / "a.jpg", datetime_original=datetime(2024, 3, 3, 9))
    library = Path(tempfile.mkdtemp(prefix="tripfold-lib-"))
    library.chmod(0o777)
    as_user: list[str] = []
    if os.geteuid() == 0:  # root may read anything: be nobody
        if shutil.which("setpriv") is None:
            pytest.skip("the tests run as root and setpriv (util-linux) is absent")
        as_user = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    try:
        for folder, mode in ((private / "photos", 0o700), (private / "photos", 0o000)):
            private.chmod(0o755 if mode == 0o000 else 0o700)  # the way in barred, then the folder itself
            folder.chmod(mode)
            out = tripfold("index", str(folder), library=str(library / "lib.db"), as_user=as_user)
            assert out.returncode == 2, out.stderr
            assert "cannot be read by this user (permission denied)" in out.stderr, out.stderr
            assert "Traceback" not in out.stderr and "bug" not in out.stderr.lower()
    finally:
        for path in (private, private / "photos"):
            path.chmod(0o755)
        shutil.rmtree(private, ignore_errors=True)
        shutil.rmtree(library, ignore_errors=True)
