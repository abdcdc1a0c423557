"""A library: one SQLite file (or a PostgreSQL database, see :mod:`app.store.engine`), opened by a
:class:`Library` object that owns its connection and its writes.

Each ``Library`` has its own database object, so two libraries open in one process never see each
other's rows (the models are unbound; every query in ``app/store`` names the library it runs on).

Opening checks before it changes anything: a file that is not a Tripfold library (another program's
SQLite file, an empty file, garbage) is refused untouched, and only a Tripfold library is switched to
WAL.  A library the user may only read opens read-only and can be listed; reading never takes the write
lock.  Pragmas: WAL so a reader (the window) and a writer (an indexing task) never block each other;
``synchronous=NORMAL``, which in WAL mode loses at most the last transaction on power loss and never
corrupts; foreign keys on; and a busy timeout so two writers wait for each other.  Write transactions
start ``IMMEDIATE`` (see :meth:`Library.write`) so that a reader never has to upgrade its lock
mid-transaction, the one case a busy timeout cannot save.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import Any

from peewee import Database, DatabaseError, InterfaceError, OperationalError, SqliteDatabase

from app.store import migrations
from app.store.engine import Engine, Postgres, postgres_database
from app.store.machine import machine_id
from app.store.models import SchemaVersion

BUSY_TIMEOUT_S = 30.0
PRAGMAS = {
    "synchronous": "normal",
    "foreign_keys": 1,
    "cache_size": -16_000,  # 16 MB page cache
    "temp_store": "memory",
}
SQLITE_HEADER = b"SQLite format 3\0"


class LibraryError(Exception):
    """The library cannot be opened or written; the message says why and what to do."""


class LibraryBusy(LibraryError):
    """Another process has held the write lock for longer than the busy timeout."""


class LibraryFull(LibraryError):
    """The disk (or the file system's quota) is full; nothing of the failed write was kept."""


class LibraryReadOnly(LibraryError):
    """The library file (or its folder) may only be read."""


def is_url(location: Path | str) -> bool:
    """Whether ``location`` names a library on a database server (``postgresql://...``), not a file."""
    return isinstance(location, str) and location.split(":", 1)[0] in ("postgresql", "postgres")


def shown_url(url: str) -> str:
    """The URL as it may be shown and kept: any password in it replaced by ``***``."""
    return re.sub(r"(://[^:/@?]*:)[^@/?]*@", r"\1***@", url)


class Library:
    """One open library.  Safe to use from several threads: peewee keeps a connection per thread.

    ``location`` is a file path (SQLite, the default), or a ``postgresql://user@host/db`` URL
    (``postgresql:///db?host=/run/postgresql`` for a Unix socket) for a library shared by several machines
    (SPEC §13).  The password is never kept by Tripfold: libpq reads it from PGPASSWORD or ~/.pgpass.
    """

    def __init__(self, location: Path | str, *, busy_timeout: float = BUSY_TIMEOUT_S) -> None:
        self.busy_timeout = busy_timeout
        self.cache: dict[str, Any] = {}  # what store modules keep between calls (see store.file_table)
        self.lock = threading.Lock()
        self.read_only = False
        self.url: str | None = None
        self.machine = machine_id()  # whose mount points this library's file paths are read through
        if is_url(location):
            self.url = str(location)
            self.path = None
            self.name = shown_url(self.url)
            self.engine: Engine = Postgres()
            self.db: Database = self._server_database()
        else:
            self.path = Path(location)
            self.name = str(self.path)
            self.engine = Engine()
            _check_file(self.path)
            self.read_only = self.path.exists() and not _writable(self.path)
            self.db = self._database()
        try:
            self.db.connect(reuse_if_open=True)
            self._check_schema()
        except LibraryError:
            self.db.close()
            raise
        except (DatabaseError, sqlite3.DatabaseError) as exc:
            self.db.close()
            raise self.error(exc, opening=True) from exc

    def _server_database(self) -> Database:
        assert self.url is not None
        try:
            from psycopg2.extensions import parse_dsn
        except ImportError as exc:
            raise LibraryError(
                f"cannot open {self.name}: the PostgreSQL driver is missing (pip install psycopg2-binary)"
            ) from exc
        try:
            params = parse_dsn(self.url)
        except Exception as exc:  # psycopg2.ProgrammingError: the URL itself is malformed
            raise LibraryError(f"{self.name} is not a PostgreSQL URL libpq understands ({exc})") from exc
        if "dbname" not in params:
            raise LibraryError(f"{self.name} names no database; add it: postgresql://user@host/DATABASE")
        return postgres_database(params, self.busy_timeout)

    def _database(self) -> SqliteDatabase:
        assert self.path is not None
        if self.read_only:
            # a WAL library needs its -shm file to be read; where it is gone and cannot be made (a
            # read-only folder), the file is read as immutable: nobody can be writing it then anyway
            shm = Path(f"{self.path}-shm")
            immutable = "" if shm.exists() else "&immutable=1"
            uri = self.path.resolve().as_uri() + "?mode=ro" + immutable
            return SqliteDatabase(
                uri, uri=True, pragmas={"foreign_keys": 1, "query_only": 1}, timeout=self.busy_timeout,
                check_same_thread=False,
            )  # fmt: skip
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteDatabase(
            str(self.path), pragmas=PRAGMAS, timeout=self.busy_timeout, check_same_thread=False
        )

    # -- connections ---------------------------------------------------------------------------------
    def close(self) -> None:
        """Close the calling thread's connection (peewee keeps one per thread)."""
        self.db.close()

    def execute(self, sql: str, params: Any = None) -> Any:
        """Run one statement (``?`` placeholders, on either engine); a locked or full database becomes a
        :class:`LibraryError` saying why."""
        try:
            return self.db.execute_sql(self.engine.sql(sql) if params else sql, params)
        except (OperationalError, sqlite3.OperationalError, InterfaceError) as exc:
            raise self.error(exc) from exc

    def executemany(self, sql: str, rows: Any) -> None:
        """Run one statement for each of ``rows`` (inside the caller's write), as fast as the engine can."""
        self.engine.executemany(self.db, sql, rows)

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Several reads that see the library as of one moment, whatever other machines write meanwhile."""
        with self.engine.snapshot(self.db):
            yield

    @contextmanager
    def write(self) -> Iterator[None]:
        """A write transaction (on SQLite it takes the write lock up front: ``BEGIN IMMEDIATE``).

        Nested calls join the outer transaction.  When SQLite fails mid-transaction (a full disk, an I/O
        error) it has already rolled back, and peewee's own rollback then fails with "cannot rollback -
        no transaction is active"; that second error is dropped so the first one, translated, is what
        the caller sees.
        """
        if self.read_only:
            raise LibraryReadOnly(
                f"{self.name} may only be read (its file or folder is read-only); Tripfold can show it but "
                "not change it. Copy it somewhere you may write, or change its permissions."
            )
        transaction = self.engine.write_transaction(self.db)
        try:
            transaction.__enter__()
        except (OperationalError, sqlite3.OperationalError, InterfaceError) as exc:
            raise self.error(exc) from exc
        try:
            yield
        except BaseException as exc:
            with suppress(DatabaseError, sqlite3.DatabaseError, InterfaceError):  # SQLite rolled back itself
                transaction.__exit__(type(exc), exc, exc.__traceback__)
            if isinstance(exc, (DatabaseError, sqlite3.DatabaseError)):
                raise self.error(exc) from exc
            raise
        try:
            transaction.__exit__(None, None, None)  # COMMIT
        except (DatabaseError, sqlite3.DatabaseError) as exc:
            cause: BaseException = exc
            while "cannot rollback" in str(cause) and cause.__context__ is not None:
                cause = cause.__context__  # down to the failed COMMIT that peewee's rollback attempt hid
            raise self.error(cause) from cause

    def error(self, exc: BaseException, *, opening: bool = False) -> Exception:
        """A database error in the user's words, or ``exc`` itself when it is a bug, not a condition."""
        text = str(exc).lower()
        if self.url is not None:
            found = self._server_error(exc, text)
            if found is not None:
                return found
        if "locked" in text or "busy" in text:
            return LibraryBusy(
                f"{self.name} is busy: another Tripfold process has been writing to it for more than "
                f"{self.busy_timeout:g} s. Wait for it to finish (see its progress) and try again."
            )
        if "full" in text or "no space" in text or "quota" in text:
            return LibraryFull(
                f"the disk holding {self.name} is full; nothing of the interrupted step was saved. Free some "
                "space and run the same command again to finish the work."
            )
        if "readonly" in text or "read-only" in text:
            return LibraryReadOnly(f"{self.name} may only be read; Tripfold cannot change it ({exc})")
        if "disk i/o" in text:
            return LibraryError(f"the disk holding {self.name} reported an error ({exc}); nothing was lost")
        if opening:
            return LibraryError(f"{self.name} is not a Tripfold library ({exc})")
        return exc if isinstance(exc, Exception) else LibraryError(str(exc))

    def _server_error(self, exc: BaseException, text: str) -> LibraryError | None:
        """What a PostgreSQL server's refusal means to the user (None: not one of those)."""
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if "password authentication failed" in text or "no password supplied" in text:
            return LibraryError(
                f"the PostgreSQL server refused the password for {self.name} ({first}). Tripfold never "
                "stores a password: set PGPASSWORD, or add host:port:database:user:password to ~/.pgpass."
            )
        if "does not exist" in text and "database" in text:
            return LibraryError(f"{self.name}: {first}. Create it first (createdb NAME), then open it again.")
        unreachable = (
            "could not connect",
            "connection refused",
            "could not translate host",
            "is the server running",
        )
        if any(words in text for words in unreachable):
            return LibraryError(
                f"cannot reach the PostgreSQL server of {self.name} ({first}). Check that it runs and that "
                "this machine may connect to it."
            )
        if "lock timeout" in text or "deadlock detected" in text:
            return LibraryBusy(
                f"{self.name} is busy: another machine has been writing the same rows for more than "
                f"{self.busy_timeout:g} s. Wait for it to finish and try again."
            )
        if "permission denied" in text:
            return LibraryReadOnly(f"{self.name}: the server lets this user only read ({first})")
        if "server closed the connection" in text or "terminating connection" in text:
            return LibraryError(f"the PostgreSQL server of {self.name} closed the connection ({first})")
        return None

    # -- schema --------------------------------------------------------------------------------------
    def _check_schema(self) -> None:
        """Create a new library, or check (reading only) that an existing one is one, then migrate."""
        tables = set(self.db.get_tables())
        if SchemaVersion._meta.table_name not in tables:
            if tables:
                kind = "a database" if self.url else "an SQLite file"
                raise LibraryError(f"{self.name} is {kind} of another program, not a Tripfold library")
            self._create()
            return
        row = SchemaVersion.select(SchemaVersion.version).tuples().first(self.db)
        version = row[0] if row else 0
        if version > migrations.SCHEMA_VERSION:
            raise LibraryError(
                f"{self.name} was written by a newer Tripfold (library version {version}, this app reads up "
                f"to {migrations.SCHEMA_VERSION}); update Tripfold to open it"
            )
        if self.read_only:
            if version < migrations.SCHEMA_VERSION:
                raise LibraryReadOnly(
                    f"{self.name} was written by an older Tripfold and must be upgraded, but it may only be "
                    "read; open it once where it can be written"
                )
            return
        if self.url is None:
            self.db.execute_sql("PRAGMA journal_mode = wal")
        if version < migrations.SCHEMA_VERSION:
            self._migrate(version)

    def _create(self) -> None:
        if self.read_only:
            raise LibraryReadOnly(f"{self.name} may only be read and holds no library")
        if self.url is None:
            self.db.execute_sql("PRAGMA journal_mode = wal")
        with self.write():
            self.engine.guard_creation(self.db)
            if SchemaVersion._meta.table_name in self.db.get_tables():
                return  # another process created it while this one waited for the lock
            self.engine.create_tables(self.db)
            SchemaVersion.insert(version=migrations.SCHEMA_VERSION).execute(self.db)

    def _migrate(self, version: int) -> None:
        steps = migrations.steps_for(self.engine.name)
        if self.path is not None:
            stamp = f"{datetime.now():%Y%m%d-%H%M%S}"
            backup = self.path.with_name(f"{self.path.stem}.v{version}.{stamp}.bak{self.path.suffix}")
            self.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            shutil.copy2(self.path, backup)
        for target in range(version + 1, migrations.SCHEMA_VERSION + 1):
            step = steps.get(target)
            if step is None:
                raise LibraryError(
                    f"no migration of {self.name} from library version {target - 1} to {target}"
                )
            with self.write():
                self.engine.guard_creation(self.db)
                current = self.db.execute_sql("SELECT version FROM schema_version").fetchone()[0]
                if current >= target:
                    continue  # another process migrated it while this one waited
                step(self.db)
                self.execute("UPDATE schema_version SET version = ?", (target,))


def _check_file(path: Path) -> None:
    """Refuse, before SQLite touches it, anything at ``path`` that cannot be a library."""
    if path.is_dir():
        raise LibraryError(f"library path {path} is a folder; give a file such as {path / 'library.db'}")
    if not path.exists():
        return
    if not path.is_file():
        raise LibraryError(f"{path} is not a regular file, so it cannot be a Tripfold library")
    try:
        with open(path, "rb") as file:
            head = file.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise LibraryError(f"{path} cannot be read ({exc.strerror or exc})") from exc
    if not head:
        raise LibraryError(
            f"{path} is an empty file (0 bytes), not a Tripfold library; it may be what is left of a library "
            "lost to a full disk. Move it away or choose another library path."
        )
    if head != SQLITE_HEADER:
        raise LibraryError(f"{path} is not a Tripfold library (it is not an SQLite database file)")


def _writable(path: Path) -> bool:
    """Whether this process may write the library: the file itself, and its folder (for the WAL files)."""
    folder = path.parent
    wal_files_exist = all(Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-shm"))
    return os.access(path, os.W_OK) and (wal_files_exist or os.access(folder, os.W_OK | os.X_OK))
