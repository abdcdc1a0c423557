"""Opening libraries: pragmas, schema versions, refusals, and a reader beside a writer."""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from app.store import migrations
from app.store.library import LibraryError, open_library, write
from app.store.models import Cluster, MediaFile, SchemaVersion, Setting

FIXTURES = Path(__file__).parent / "fixtures"


def test_new_library_has_wal_foreign_keys_and_version(tmp_path: Path) -> None:
    db = open_library(tmp_path / "lib.db")
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert SchemaVersion.get().version == migrations.SCHEMA_VERSION
    db.close()
    reopened = open_library(tmp_path / "lib.db")
    assert SchemaVersion.select().count() == 1
    reopened.close()


def test_library_from_a_newer_app_is_refused(tmp_path: Path) -> None:
    db = open_library(tmp_path / "lib.db")
    SchemaVersion.update(version=migrations.SCHEMA_VERSION + 1).execute()
    db.close()
    with pytest.raises(LibraryError, match="newer Tripfold"):
        open_library(tmp_path / "lib.db")


def test_other_sqlite_file_and_garbage_are_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE notes (x)")
    con.close()
    with pytest.raises(LibraryError, match="not a Tripfold library"):
        open_library(other)
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database" * 100)
    with pytest.raises(LibraryError, match="not a Tripfold library"):
        open_library(garbage)
    with pytest.raises(LibraryError, match="is a folder"):
        open_library(tmp_path)


def test_old_library_is_backed_up_and_migrated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The registry runs each later version's step once, after a backup copy of the old file."""
    path = tmp_path / "lib.db"
    open_library(path).close()
    current = migrations.SCHEMA_VERSION
    steps: list[int] = []

    def to_next(db) -> None:
        steps.append(2)
        db.execute_sql("CREATE TABLE added_in_v2 (x)")

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", migrations.SCHEMA_VERSION + 1)
    monkeypatch.setitem(migrations.MIGRATIONS, migrations.SCHEMA_VERSION, to_next)
    db = open_library(path)
    assert steps == [2]
    assert "added_in_v2" in db.get_tables()
    assert SchemaVersion.get().version == migrations.SCHEMA_VERSION
    assert list(tmp_path.glob(f"lib.v{current}.*.bak.db"))
    db.close()
    open_library(path).close()
    assert steps == [2]


def test_a_version_1_library_gains_the_cluster_tables(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    shutil.copy(FIXTURES / "library-v1.db", path)
    db = open_library(path)
    assert SchemaVersion.get().version == migrations.SCHEMA_VERSION
    assert MediaFile.select().count() == 3  # nothing indexed is lost
    assert {"cluster", "cluster_file", "deleted_cluster"} <= set(db.get_tables())
    assert Cluster.select().count() == 0
    assert list(tmp_path.glob("library.v1.*.bak.db"))
    db.close()


def test_a_version_2_library_gains_preview_photos_without_touching_its_clusters(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    shutil.copy(FIXTURES / "library-v2.db", path)
    before = sqlite3.connect(path).execute("SELECT object_id, updated_at FROM cluster ORDER BY id").fetchall()
    db = open_library(path)
    assert SchemaVersion.get().version == migrations.SCHEMA_VERSION
    clusters = list(Cluster.select().order_by(Cluster.id))
    assert [(c.object_id, str(c.updated_at)) for c in clusters] == [(o, u) for o, u in before]
    assert all(1 <= len(json.loads(c.previews)) <= 4 for c in clusters)
    db.close()


def test_reader_and_writers_never_see_database_is_locked(tmp_path: Path) -> None:
    """Two writer threads and a reader thread hammer one library; none may fail with 'locked'."""
    db = open_library(tmp_path / "lib.db")
    errors: list[BaseException] = []
    stop = time.monotonic() + 1.0

    def writer(name: str) -> None:
        try:
            i = 0
            while i < 10 or time.monotonic() < stop:  # at least ten rows each, however loaded the machine
                with write(db):
                    Setting.replace(key=f"{name}-{i % 10}", value=str(i)).execute()
                    time.sleep(0.002)  # hold the write lock a little
                i += 1
        except BaseException as exc:
            errors.append(exc)
        finally:
            db.close()

    def reader() -> None:
        try:
            while time.monotonic() < stop:
                with db.atomic():
                    Setting.select().count()
        except BaseException as exc:
            errors.append(exc)
        finally:
            db.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in "ab"] + [threading.Thread(target=reader)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert Setting.select().count() == 20
