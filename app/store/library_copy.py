"""A whole library copied to another place, on either engine (issue 16, item 6): a file to a PostgreSQL
database for a library several machines will share, or back to a file.

Every table of :data:`app.store.models.ALL_MODELS` is copied row for row with its ids (row ids and
ObjectIds), in an order where a row's foreign keys arrive before it, so a table added later is copied
without anyone remembering to.  The source is read in one snapshot while its run lock is held
(:mod:`app.store.run_lock`): a clustering run, which rewrites clusters and trips together, waits for the
copy, and an indexing run's writes meanwhile are simply not part of it.

Nothing half-made ever looks like a library.  A file is written under a temporary name beside the target
(without a journal: until it is renamed nobody else opens it) and linked to the target's name only when
whole, which also refuses to replace a file that appeared meanwhile.  A PostgreSQL database is filled in
one transaction, the tables' creation included, behind the lock that a Tripfold opening a new database
takes: a killed copy leaves the database as empty as it found it, and a Tripfold opening it meanwhile
waits, then finds the whole copy.  The serial sequences are then set past the copied ids.

The target is checked before anything is written: a URL libpq cannot read, a folder that does not exist,
an existing file, a database holding tables, or the source itself are refused with :class:`CopyRefused`.
"""

from __future__ import annotations

import csv
import io
import os
import secrets
import socket
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from glob import escape as glob_escape
from pathlib import Path
from typing import Any

import peewee
from peewee import (
    AutoField,
    CharField,
    Database,
    DateField,
    DateTimeField,
    SchemaManager,
    SqliteDatabase,
    TextField,
)

from app.store.engine import Engine, Postgres, postgres_database
from app.store.library import BUSY_TIMEOUT_S, Library, LibraryError, is_url, shown_url
from app.store.models import ALL_MODELS, BaseModel
from app.store.run_lock import exclusive_run

BATCH = 5000  # rows read and written at a time: memory stays flat whatever the library's size
RUN_LOCK = "LocationDateClustering"  # the run lock a clustering task holds (service.tasks.EXCLUSIVE_TASKS)

Progress = Callable[[str, int, int], None]
"""Called as rows are copied: the table, rows of it copied so far, rows it holds."""


class CopyRefused(LibraryError):
    """The target cannot take the copy; nothing was written.  ``reason`` names the case (``same``,
    ``holds_library``, ``not_empty``, ``exists``, ``no_folder``, ``bad_url``, ``no_database``,
    ``unwritable``) so the command line can say it in the user's language."""

    def __init__(self, reason: str, target: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.target = target


@dataclass(frozen=True)
class CopyReport:
    target: str  # as it may be shown: a URL without its password
    rows: dict[str, int]  # table -> rows copied, in the order copied


def tables() -> list[type[BaseModel]]:
    """The models in an order where every foreign key points to a table already copied."""
    ordered: list[type[BaseModel]] = peewee.sort_models(ALL_MODELS)  # type: ignore[attr-defined]
    return ordered


def copy_library(source: Library, target: str | Path, progress: Progress | None = None) -> CopyReport:
    """Copy ``source`` whole to ``target`` (a file path, or a ``postgresql://`` URL of an empty database).

    Raises :class:`CopyRefused` before writing anything when the target cannot take it, and
    :class:`app.store.run_lock.RunLocked` when a clustering run holds the source for longer than its
    busy timeout."""
    text = str(target)
    if "://" in text and not is_url(text):
        raise CopyRefused(
            "bad_url", shown_url(text), f"{shown_url(text)} is neither a postgresql:// URL nor a file"
        )
    destination = _ServerTarget(source, text) if is_url(text) else _FileTarget(source, target)
    report = (lambda table, done, total: None) if progress is None else progress
    with destination.opened():
        with _holding(source), source.snapshot():
            counts = {model._meta.table_name: _count(source, model) for model in tables()}
            for model in tables():
                table = model._meta.table_name
                total = counts[table]
                report(table, 0, total)
                done = 0
                for rows in _read(source, model):
                    destination.write(model, rows)
                    done += len(rows)
                    report(table, done, total)
                counts[table] = done
        destination.finish()
    return CopyReport(destination.name, counts)


@contextmanager
def _holding(source: Library) -> Iterator[None]:
    """The source's run lock: a clustering run asking for it is told who holds it."""
    with exclusive_run(source, RUN_LOCK, f"copy-library of {os.getpid()}@{socket.gethostname()}"):
        yield


def _count(source: Library, model: type[BaseModel]) -> int:
    return int(source.execute(f'SELECT count(*) FROM "{model._meta.table_name}"').fetchone()[0])


def _columns(model: type[BaseModel]) -> list[str]:
    return [field.column_name for field in model._meta.sorted_fields]


def _select(model: type[BaseModel]) -> str:
    """Every column of ``model`` in primary-key order, so the copy's rows lie in the source's order."""
    order = ", ".join(f'"{field.column_name}"' for field in model._meta.get_primary_keys())
    columns = ", ".join(f'"{c}"' for c in _columns(model))
    return f'SELECT {columns} FROM "{model._meta.table_name}" ORDER BY {order}'


def _read(source: Library, model: type[BaseModel]) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of ``model`` in batches (inside the caller's snapshot).  A PostgreSQL driver fetches a whole
    result at once, so there the rows come through a server-side cursor, a batch at a time."""
    if source.url is None:
        cursor = source.execute(_select(model))
        while rows := cursor.fetchmany(BATCH):
            yield rows
        return
    name = f"tripfold_copy_{model._meta.table_name}"
    source.execute(f"DECLARE {name} NO SCROLL CURSOR FOR {_select(model)}")
    try:
        while rows := source.execute(f"FETCH {BATCH} FROM {name}").fetchall():
            yield rows
    finally:
        source.execute(f"CLOSE {name}")


class _Destination:
    name: str

    @contextmanager
    def opened(self) -> Iterator[None]:
        yield

    def write(self, model: type[BaseModel], rows: list[tuple[Any, ...]]) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """The rows are all there: make the copy a library (inside :meth:`opened`)."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


class _FileTarget(_Destination):
    """A new SQLite file, filled under a temporary name and linked to its own at the end."""

    def __init__(self, source: Library, target: str | Path) -> None:
        path = Path(target).expanduser()
        self.path = path
        self.name = str(path)
        self.folder = path.parent if str(path.parent) else Path(".")
        if source.path is not None and path.exists() and _same_file(source.path, path):
            raise CopyRefused("same", self.name, f"{path} is the library being copied; name a new file")
        if path.is_dir():
            raise CopyRefused("exists", self.name, f"{path} is a folder; name a new file in it")
        if path.exists() or path.is_symlink():
            holds = _holds_library(path)
            raise CopyRefused(
                "holds_library" if holds else "exists",
                self.name,
                f"{path} already holds a library; a copy never replaces one. Name a new file."
                if holds
                else f"{path} already exists; a copy never replaces a file. Name a new file.",
            )
        if not self.folder.is_dir():
            raise CopyRefused(
                "no_folder", self.name, f"the folder of {path} does not exist ({self.folder}); make it first"
            )
        self.temp: Path | None = None
        self.db: SqliteDatabase | None = None
        self.pending: dict[type[BaseModel], tuple[str, list[int]]] = {}

    @contextmanager
    def opened(self) -> Iterator[None]:
        self._remove_abandoned()
        temp = self.folder / f".{self.path.name}.{os.getpid()}-{secrets.token_hex(4)}.copying"
        try:  # made as the library would be (the user's umask), never over an existing file
            os.close(os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
        except OSError as exc:
            raise CopyRefused(
                "unwritable", self.name, f"cannot write in {self.folder} ({exc.strerror or exc})"
            ) from exc
        self.temp = temp
        # no journal and no syncing while filling: until it is renamed nobody opens it, and a failed copy
        # is deleted whole; the file is synced once before it takes the target's name
        self.db = SqliteDatabase(str(temp), pragmas={"journal_mode": "off", "synchronous": "off"})
        try:
            with self.db.atomic():
                _create_tables(Engine(), self.db)
                self.db.execute_sql("DELETE FROM schema_version")
                yield
        except BaseException:
            self.db.close()
            with suppress(OSError):
                self.temp.unlink()
            raise
        self.db.close()
        self._publish()

    def _remove_abandoned(self) -> None:
        """The half-made copies of this target that a killed copy left (their process is gone); one
        whose process still runs is another copy under way, and stays."""
        for old in self.folder.glob(f".{glob_escape(self.path.name)}.*-*.copying"):
            pid = old.name[len(self.path.name) + 2 :].split("-", 1)[0]
            if pid.isdigit() and not _alive(int(pid)):
                with suppress(OSError):
                    old.unlink()

    def write(self, model: type[BaseModel], rows: list[tuple[Any, ...]]) -> None:
        assert self.db is not None
        if model not in self.pending:
            columns = _columns(model)
            names = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" * len(columns))
            dated = [
                i for i, field in enumerate(model._meta.sorted_fields)
                if isinstance(field, (DateField, DateTimeField))
            ]  # fmt: skip
            self.pending[model] = (
                f'INSERT INTO "{model._meta.table_name}" ({names}) VALUES ({marks})',
                dated,
            )
        statement, dated = self.pending[model]
        if dated:  # a server gives dates and times as objects: stored as the text SQLite libraries hold
            rows = _as_text(rows, dated)
        self.db.cursor().executemany(statement, rows)

    def finish(self) -> None:
        assert self.db is not None
        _create_indexes(self.db)

    def _publish(self) -> None:
        """Sync the whole file, then give it the target's name: a link fails where a file appeared since
        the check, so nothing is ever replaced."""
        assert self.temp is not None
        with open(self.temp, "rb") as file:
            os.fsync(file.fileno())
        try:
            try:
                os.link(self.temp, self.path)
            except FileExistsError:
                raise CopyRefused(
                    "exists", self.name, f"{self.path} appeared while copying; the copy was not kept"
                ) from None
            except OSError:  # a file system without hard links: rename, having checked just before
                if self.path.exists():
                    raise CopyRefused(
                        "exists", self.name, f"{self.path} appeared while copying; the copy was not kept"
                    ) from None
                os.rename(self.temp, self.path)
        finally:
            with suppress(OSError):
                self.temp.unlink()
        _sync_folder(self.folder)


class _ServerTarget(_Destination):
    """An empty PostgreSQL database, filled in one transaction."""

    def __init__(self, source: Library, url: str) -> None:
        self.url = url
        self.name = shown_url(url)
        try:
            from psycopg2.extensions import parse_dsn
        except ImportError as exc:
            raise LibraryError("the PostgreSQL driver is missing (pip install psycopg2-binary)") from exc
        try:
            self.params = parse_dsn(url)
        except Exception as exc:  # psycopg2.ProgrammingError: libpq cannot read it
            raise CopyRefused(
                "bad_url", self.name, f"{self.name} is not a PostgreSQL URL libpq understands ({exc})".strip()
            ) from exc
        if not self.params.get("port", "5432").isdigit():  # libpq itself says so only when connecting
            raise CopyRefused(
                "bad_url", self.name, f"{self.name}: the port must be a number, not {self.params['port']!r}"
            )
        if "dbname" not in self.params:
            raise CopyRefused(
                "bad_url",
                self.name,
                f"{self.name} names no database; add it: postgresql://user@host/DATABASE",
            )
        if source.url is not None and _same_server_database(source.url, url):
            raise CopyRefused("same", self.name, f"{self.name} is the library being copied")
        self.source = source
        self.engine = Postgres()
        self.db: Database = postgres_database(self.params, source.busy_timeout or BUSY_TIMEOUT_S)

    @contextmanager
    def opened(self) -> Iterator[None]:
        try:
            self.db.connect()
        except Exception as exc:  # psycopg2.OperationalError
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            if "does not exist" in first and "database" in first:
                raise CopyRefused(
                    "no_database", self.name, f"{self.name}: {first}. Create it first (createdb NAME)."
                ) from exc
            raise LibraryError(f"cannot copy to {self.name}: {first}") from exc
        try:
            with self.db.atomic():
                # the lock a Tripfold creating a library takes: one opening this database meanwhile waits
                # for the copy, then finds it whole
                self.engine.guard_creation(self.db)
                self._check_empty()
                _create_tables(self.engine, self.db)
                self.db.execute_sql("DELETE FROM schema_version")
                yield
        finally:
            self.db.close()

    def _check_empty(self) -> None:
        found = self.db.get_tables()
        if self._is_source():
            raise CopyRefused("same", self.name, f"{self.name} is the library being copied")
        if "schema_version" in found:
            raise CopyRefused(
                "holds_library", self.name,
                f"{self.name} already holds a library; a copy never replaces one. Name an empty database.",
            )  # fmt: skip
        if found:
            raise CopyRefused(
                "not_empty", self.name,
                f"{self.name} holds tables of another program ({', '.join(found[:3])}); name an empty one",
            )  # fmt: skip

    def _is_source(self) -> bool:
        """Whether the source is this very database, reached by another name (``localhost`` and a socket,
        two users): a lock the source takes is then seen here, advisory locks being per database."""
        if self.source.url is None:
            return False
        key = secrets.randbits(63) - 2**62
        self.source.execute("SELECT pg_advisory_lock(?)", (key,))
        try:
            free = self.db.execute_sql("SELECT pg_try_advisory_xact_lock(%s)", (key,)).fetchone()[0]
        finally:
            self.source.execute("SELECT pg_advisory_unlock(?)", (key,))
        return not free

    def write(self, model: type[BaseModel], rows: list[tuple[Any, ...]]) -> None:
        """COPY the rows in.  They are written as CSV by the csv module (in C: quoting a value in Python
        took half the copy's time), where an unquoted empty value is NULL and FORCE_NOT_NULL makes it an
        empty string in the columns that cannot be NULL.  A table with a nullable text column, where the
        two cannot be told apart, and a batch holding ``\\.`` (which PostgreSQL may take for the end of the
        data) take the text format, escaped value by value."""
        table = model._meta.table_name
        names = ", ".join(f'"{c}"' for c in _columns(model))
        fields = model._meta.sorted_fields
        text = ""
        if not any(field.null and isinstance(field, (CharField, TextField)) for field in fields):
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerows(rows)
            text = buffer.getvalue()
        if text and "\\." not in text:
            not_null = ", ".join(f'"{f.column_name}"' for f in fields if not f.null)
            options = f"FORMAT csv, FORCE_NOT_NULL ({not_null})" if not_null else "FORMAT csv"
            statement = f'COPY "{table}" ({names}) FROM STDIN WITH ({options})'
        else:
            text = "\n".join("\t".join(map(_copy_text, row)) for row in rows) + "\n"
            statement = f'COPY "{table}" ({names}) FROM STDIN'
        self.db.cursor().copy_expert(statement, io.StringIO(text))

    def finish(self) -> None:
        """The indexes, and new rows made on the copy get ids after the copied ones."""
        _create_indexes(self.db)
        for model in tables():
            key = model._meta.primary_key
            if isinstance(key, AutoField):
                table, column = model._meta.table_name, key.column_name
                self.db.execute_sql(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'),"
                    f' (SELECT COALESCE(MAX("{column}"), 0) + 1 FROM "{table}"), false)'
                )


def _create_tables(engine: Engine, db: Database) -> None:
    """The tables as a new library of ``engine`` has them, for now without their indexes: building an
    index once the rows are in is quicker than keeping it up to date row by row."""
    engine.create_tables(db)
    for model in ALL_MODELS:
        SchemaManager(model, db).drop_indexes(safe=True)


def _create_indexes(db: Database) -> None:
    for model in ALL_MODELS:
        SchemaManager(model, db).create_indexes(safe=True)


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value: Any) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    if isinstance(value, float):
        return repr(value)
    return str(value)  # int; a date or a time from a server as ISO text


def _as_text(rows: list[tuple[Any, ...]], dated: list[int]) -> list[tuple[Any, ...]]:
    """The rows with their dates and times as text (a column at a time: a tenth of the cost of a row at a
    time); a datetime becomes "2024-05-01 08:00:00[.ffffff]", a date "2024-05-01", as sqlite3 stored
    them."""
    columns: list[Any] = list(zip(*rows, strict=True))
    for i in dated:
        columns[i] = [v if v is None or v.__class__ is str else str(v) for v in columns[i]]
    return list(zip(*columns, strict=True))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _holds_library(path: Path) -> bool:
    """Whether ``path`` is an SQLite file with Tripfold's schema table.  Read as immutable: a WAL file
    opened even read-only would gain -wal and -shm files beside it."""
    try:
        uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
        with sqlite3.connect(uri, uri=True) as conn:
            found = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
            ).fetchone()
        conn.close()
        return found is not None
    except sqlite3.Error:
        return False


def _same_server_database(a: str, b: str) -> bool:
    """The two URLs name the same database the same way (the check that needs no connection)."""
    from psycopg2.extensions import parse_dsn

    def key(url: str) -> tuple[str, str, str]:
        params = parse_dsn(url)
        return params.get("host", ""), params.get("port", "5432"), params.get("dbname", "")

    try:
        return key(a) == key(b)
    except Exception:
        return False


def _sync_folder(folder: Path) -> None:
    """The new name itself survives a power cut (POSIX: sync the folder that holds it)."""
    if os.name != "posix":
        return
    with suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
