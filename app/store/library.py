"""Opening a library: the SQLite file, its pragmas, its schema version and migrations.

Pragmas: WAL so a reader (the window) and a writer (an indexing task) never block each other;
``synchronous=NORMAL``, which in WAL mode loses at most the last transaction on power loss and never
corrupts; foreign keys on; and a busy timeout so two writers wait for each other instead of failing
with "database is locked".  Write transactions start ``IMMEDIATE`` (see :func:`write`) so that a
reader never has to upgrade its lock mid-transaction, the one case a busy timeout cannot save.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from peewee import DatabaseError, SqliteDatabase

from app.store import migrations
from app.store.models import ALL_MODELS, SchemaVersion, database

BUSY_TIMEOUT_S = 30.0
PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": "normal",
    "foreign_keys": 1,
    "cache_size": -16_000,  # 16 MB page cache
    "temp_store": "memory",
}


class LibraryError(Exception):
    """The library file cannot be opened as a Tripfold library; the message says why and what to do."""


def open_library(path: Path | str) -> SqliteDatabase:
    """Open (creating if needed) the library at ``path``, migrate it, and bind the models to it."""
    path = Path(path)
    if path.exists() and path.is_dir():
        raise LibraryError(f"library path {path} is a folder; give a file such as {path / 'library.db'}")
    path.parent.mkdir(parents=True, exist_ok=True)
    db = SqliteDatabase(str(path), pragmas=PRAGMAS, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
    database.initialize(db)
    try:
        db.connect(reuse_if_open=True)
        _check_schema(db, path)
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        db.close()
        raise LibraryError(f"{path} is not a Tripfold library ({exc})") from exc
    except LibraryError:
        db.close()
        raise
    return db


def write(db: SqliteDatabase):
    """A write transaction that takes the write lock up front (``BEGIN IMMEDIATE``)."""
    return db.atomic("IMMEDIATE")


def _check_schema(db: SqliteDatabase, path: Path) -> None:
    with write(db):
        if not db.table_exists(SchemaVersion._meta.table_name):
            if db.get_tables():
                raise LibraryError(f"{path} is an SQLite file but not a Tripfold library")
            db.create_tables(ALL_MODELS)
            SchemaVersion.create(version=migrations.SCHEMA_VERSION)
            return
        row = SchemaVersion.select().first()
        version = row.version if row else 0
    if version > migrations.SCHEMA_VERSION:
        raise LibraryError(
            f"{path} was written by a newer Tripfold (library version {version}, this app reads up to "
            f"{migrations.SCHEMA_VERSION}); update Tripfold to open it"
        )
    if version < migrations.SCHEMA_VERSION:
        _migrate(db, path, version)


def _migrate(db: SqliteDatabase, path: Path, version: int) -> None:
    backup = path.with_name(f"{path.stem}.v{version}.{datetime.now():%Y%m%d-%H%M%S}.bak{path.suffix}")
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy2(path, backup)
    for target in range(version + 1, migrations.SCHEMA_VERSION + 1):
        step = migrations.MIGRATIONS.get(target)
        if step is None:
            raise LibraryError(f"no migration from library version {target - 1} to {target}")
        with write(db):
            step(db)
            SchemaVersion.update(version=target).execute()
