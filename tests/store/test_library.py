"""Opening libraries: pragmas, schema versions, refusals before any change, read-only, busy and full."""

from __future__ import annotations

import ast
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from app.store import member_lists, migrations
from app.store.library import Library, LibraryBusy, LibraryError, LibraryFull
from app.store.models import Cluster, MediaFile, SchemaVersion, Setting
from app.store.paths import from_store, readable, to_store

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]


def version(lib: Library) -> int:
    return SchemaVersion.select(SchemaVersion.version).scalar(lib.db)


def test_new_library_has_wal_foreign_keys_and_version(tmp_path: Path) -> None:
    lib = Library(tmp_path / "lib.db")
    assert lib.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert lib.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert version(lib) == migrations.SCHEMA_VERSION
    lib.close()
    reopened = Library(tmp_path / "lib.db")
    assert SchemaVersion.select().count(reopened.db) == 1
    reopened.close()


def test_library_from_a_newer_app_is_refused(tmp_path: Path) -> None:
    lib = Library(tmp_path / "lib.db")
    SchemaVersion.update(version=migrations.SCHEMA_VERSION + 1).execute(lib.db)
    lib.close()
    with pytest.raises(LibraryError, match="newer Tripfold"):
        Library(tmp_path / "lib.db")


def test_other_sqlite_file_and_garbage_are_refused_untouched(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE notes (x)")
    con.close()
    before = other.read_bytes()
    with pytest.raises(LibraryError, match="another program, not a Tripfold library"):
        Library(other)
    assert other.read_bytes() == before  # not switched to WAL: not changed at all
    assert sqlite3.connect(other).execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database" * 100)
    with pytest.raises(LibraryError, match="not a Tripfold library"):
        Library(garbage)
    with pytest.raises(LibraryError, match="is a folder"):
        Library(tmp_path)


def test_an_empty_file_is_refused_not_made_into_a_library(tmp_path: Path) -> None:
    empty = tmp_path / "library.db"
    empty.touch()
    with pytest.raises(LibraryError, match="empty file"):
        Library(empty)
    assert empty.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library.db"]


def test_old_library_is_backed_up_and_migrated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The registry runs each later version's step once, after a backup copy of the old file."""
    path = tmp_path / "lib.db"
    Library(path).close()
    current = migrations.SCHEMA_VERSION
    steps: list[int] = []

    def to_next(db) -> None:
        steps.append(2)
        db.execute_sql("CREATE TABLE added_in_v2 (x)")

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", migrations.SCHEMA_VERSION + 1)
    monkeypatch.setitem(migrations.MIGRATIONS, migrations.SCHEMA_VERSION, to_next)
    lib = Library(path)
    assert steps == [2]
    assert "added_in_v2" in lib.db.get_tables()
    assert version(lib) == migrations.SCHEMA_VERSION
    assert list(tmp_path.glob(f"lib.v{current}.*.bak.db"))
    lib.close()
    Library(path).close()
    assert steps == [2]


def test_a_version_1_library_gains_the_cluster_and_story_tables(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    shutil.copy(FIXTURES / "library-v1.db", path)
    lib = Library(path)
    assert version(lib) == migrations.SCHEMA_VERSION
    assert MediaFile.select().count(lib.db) == 3  # nothing indexed is lost
    tables = set(lib.db.get_tables())
    assert {"cluster", "cluster_members", "deleted_cluster", "story", "story_file"} <= tables
    assert Cluster.select().count(lib.db) == 0
    assert list(tmp_path.glob("library.v1.*.bak.db"))
    lib.close()


def test_a_version_2_library_gains_preview_photos_without_touching_its_clusters(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    shutil.copy(FIXTURES / "library-v2.db", path)
    before = sqlite3.connect(path).execute("SELECT object_id, updated_at FROM cluster ORDER BY id").fetchall()
    lib = Library(path)
    assert version(lib) == migrations.SCHEMA_VERSION
    clusters = list(Cluster.select().order_by(Cluster.id).execute(lib.db))
    assert [(c.object_id, str(c.updated_at)) for c in clusters] == [(o, u) for o, u in before]
    assert all(1 <= len(json.loads(c.previews)) <= 4 for c in clusters)
    lib.close()


def test_migrations_are_frozen() -> None:
    """A step must upgrade an old library the same way forever: no models, no rules of today's core."""
    tree = ast.parse(Path(migrations.__file__).read_text())
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
    }
    assert not {m for m in imported if m and m.startswith("app.")}


def test_reader_and_writers_never_see_database_is_locked(tmp_path: Path) -> None:
    """Two writer threads and a reader thread hammer one library; none may fail with 'locked'."""
    lib = Library(tmp_path / "lib.db")
    db = lib.db
    errors: list[BaseException] = []
    stop = time.monotonic() + 1.0

    def writer(name: str) -> None:
        try:
            i = 0
            while i < 10 or time.monotonic() < stop:  # at least ten rows each, however loaded the machine
                with lib.write():
                    Setting.replace(key=f"{name}-{i % 10}", value=str(i)).execute(db)
                    time.sleep(0.002)  # hold the write lock a little
                i += 1
        except BaseException as exc:
            errors.append(exc)
        finally:
            lib.close()

    def reader() -> None:
        try:
            while time.monotonic() < stop:
                with db.atomic():
                    Setting.select().count(db)
        except BaseException as exc:
            errors.append(exc)
        finally:
            lib.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in "ab"] + [threading.Thread(target=reader)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert Setting.select().count(db) == 20


def test_two_libraries_in_one_process_never_mix(tmp_path: Path) -> None:
    first, second = Library(tmp_path / "a.db"), Library(tmp_path / "b.db")
    with first.write():
        Setting.insert(key="who", value="first").execute(first.db)
    assert Setting.select().count(second.db) == 0
    assert Setting.select(Setting.value).scalar(first.db) == "first"
    first.close()
    second.close()


def test_a_full_disk_is_a_plain_error_and_keeps_what_was_saved(tmp_path: Path) -> None:
    """SQLite's limit on pages fails a write with the same SQLITE_FULL as a full disk."""
    lib = Library(tmp_path / "lib.db")
    with lib.write():
        Setting.insert(key="kept", value="yes").execute(lib.db)
    pages = lib.execute("PRAGMA page_count").fetchone()[0]
    lib.execute(f"PRAGMA max_page_count = {pages + 1}")
    with pytest.raises(LibraryFull, match="is full"), lib.write():
        Setting.insert_many([{"key": f"k{i}", "value": "x" * 4000} for i in range(100)]).execute(lib.db)
    assert Setting.select(Setting.value).where(Setting.key == "kept").scalar(lib.db) == "yes"
    assert Setting.select().count(lib.db) == 1
    lib.execute("PRAGMA max_page_count = 1073741823")
    with lib.write():  # the library works again once there is room
        Setting.insert(key="after", value="yes").execute(lib.db)
    lib.close()


def test_a_lock_held_too_long_says_busy_and_opening_only_reads(tmp_path: Path) -> None:
    path = tmp_path / "lib.db"
    Library(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        lib = Library(path, busy_timeout=0.2)  # opening takes no write lock, so it is not held up
        assert version(lib) == migrations.SCHEMA_VERSION
        with pytest.raises(LibraryBusy, match="busy: another Tripfold"), lib.write():
            pass
        lib.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def _as_another_user() -> list[str]:
    """A prefix that runs a command as ``nobody`` when the tests run as root (whom no permission stops)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("the tests run as root and setpriv (util-linux) is absent, so read-only cannot be shown")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


def test_a_read_only_library_can_be_read_but_not_changed() -> None:
    folder = Path(tempfile.mkdtemp(prefix="tripfold-ro-"))  # not under tmp_path: nobody may not enter that
    try:
        folder.chmod(0o755)
        path = folder / "lib.db"
        lib = Library(path)
        with lib.write():
            Setting.insert(key="who", value="owner").execute(lib.db)
        lib.close()
        path.chmod(0o444)
        folder.chmod(0o555)
        script = (
            "from app.store.library import Library, LibraryReadOnly\n"
            "from app.store.models import Setting\n"
            f"lib = Library({str(path)!r})\n"
            "print(lib.read_only, Setting.select(Setting.value).scalar(lib.db))\n"
            "from app.store.file_table import file_table\n"
            "print('files:', len(file_table(lib).file_id))\n"
            "try:\n"
            "    with lib.write():\n"
            "        pass\n"
            "except LibraryReadOnly as exc:\n"
            "    print('refused:', exc)\n"
        )
        run = subprocess.run(
            [*_as_another_user(), sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT,
            timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
        lines = run.stdout.splitlines()
        assert lines[0] == "True owner"
        assert lines[1] == "files: 0"  # the trip rules' reading of the files needs no write
        assert lines[2].startswith("refused:") and "may only be read" in lines[2]
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder, ignore_errors=True)


def test_a_name_that_is_not_utf8_is_stored_and_given_back_exactly(tmp_path: Path) -> None:
    name = os.fsdecode("café".encode("latin-1")) + ".jpg"  # 'caf\udce9.jpg'
    stored = to_store(name)
    stored.encode("utf-8")  # SQLite can hold it
    assert from_store(stored) == name
    assert os.fsencode(from_store(stored)) == "café".encode("latin-1") + b".jpg"
    assert readable(name) == "caf\ufffd.jpg"
    for plain in ("IMG_0001.JPG", "été/照片.heic", "My Photos"):
        assert to_store(plain) == plain == from_store(plain)


def _schema(lib: Library) -> dict[str, list[tuple[str, str, int]]]:
    tables = [r[0] for r in lib.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {t: sorted((c[1], c[2], c[3]) for c in lib.execute(f'PRAGMA table_info("{t}")')) for t in tables}


def test_a_version_4_library_gains_trips_and_homes_and_is_read_again(tmp_path: Path) -> None:
    """Its files keep their places and clusters; each is read once more at the next index, for its camera;
    and the upgraded schema is the one a new library gets."""
    path = tmp_path / "library.db"
    shutil.copy(FIXTURES / "library-v4.db", path)
    lib = Library(path)
    assert version(lib) == migrations.SCHEMA_VERSION
    files = list(MediaFile.select().execute(lib.db))
    assert len(files) == 3 and {f.city for f in files} == {"Hangzhou"} and {f.mtime_ns for f in files} == {-1}
    assert Cluster.select().count(lib.db) == 1
    fresh = Library(tmp_path / "fresh.db")
    migrated, new = _schema(lib), _schema(fresh)
    assert migrated.keys() == new.keys()
    for table in new:  # the same columns; a column added by ALTER may differ only in its default
        assert [c[:2] for c in migrated[table]] == [c[:2] for c in new[table]], table
    lib.close()
    fresh.close()


def test_a_version_5_library_keeps_every_cluster_and_trip_with_the_same_files(tmp_path: Path) -> None:
    """Memberships move from a row per file to a list per cluster and per trip, none lost or added."""
    path = tmp_path / "library.db"
    shutil.copy(FIXTURES / "library-v5.db", path)
    old = sqlite3.connect(path)
    before = {
        table: sorted(old.execute(f"SELECT {column}, file_id FROM {table}_file").fetchall())
        for table, column in (("cluster", "cluster_id"), ("trip", "trip_id"))
    }
    old.close()
    assert len(before["cluster"]) > 40 and len(before["trip"]) > 5
    lib = Library(path)
    assert version(lib) == migrations.SCHEMA_VERSION
    for table in ("cluster", "trip"):
        after = sorted((owner, f) for owner, ids in member_lists.read(lib, table).items() for f in ids)
        assert after == before[table], table
    tables = set(lib.db.get_tables())
    assert {"cluster_members", "trip_members"} <= tables and not {"cluster_file", "trip_file"} & tables
    lib.close()
