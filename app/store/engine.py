"""The two database engines a library runs on, and every piece of SQL that differs between them (SPEC §13).

A library is one SQLite file by default, or a database on a PostgreSQL server for a library several
machines share.  The store's queries are written once, in SQL both engines read (``?`` placeholders,
``INSERT ... ON CONFLICT (key) DO UPDATE``, ``CASE`` rather than arithmetic on truth values, ``NULLS
FIRST`` spelt out); what cannot be shared is asked of the library's :class:`Engine`, one method per
idea: a day as an ordinal, a time as seconds since 1970, a JSON array of file ids read back into rows or
built from them, a JSON label, how a write transaction starts, a consistent read, the lock a clustering
run holds, and the tables themselves.  Nothing else in the store names an engine.

PostgreSQL specifics worth knowing: its text compares in the database's collation, so every text
column is created ``COLLATE "C"`` to sort as SQLite sorts (by code point); ``REAL`` is four bytes there,
so floats are ``DOUBLE PRECISION``; sessions run in UTC; and a session's writes wait for a row lock at most
the busy timeout, as SQLite's writers do.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from peewee import SQL, Database, NodeList, PostgresqlDatabase, SchemaManager, SqliteDatabase

from app.store.models import ALL_MODELS


class Engine:
    """SQLite, the default: the SQL the store writes is already SQLite's."""

    name = "sqlite"
    unit_separator = "char(31)"

    def sql(self, text: str) -> str:
        """``text`` with its ``?`` placeholders as the driver wants them."""
        return text

    def executemany(self, db: Database, text: str, rows: Sequence[Sequence[Any]] | Iterator[Any]) -> None:
        db.cursor().executemany(text, rows)

    # -- expressions --------------------------------------------------------------------------------------
    def day_ordinal(self, column: str) -> str:
        """A DATE column as ``date.toordinal()`` (NULL stays NULL)."""
        return f"CAST(julianday({column}) - 1721424.5 AS INTEGER)"  # julianday('0001-01-01') = 1721425.5

    def epoch_seconds(self, column: str) -> str:
        """A naive UTC (or wall-clock) TIMESTAMP column as whole seconds since 1970, as a float."""
        return f"CAST(strftime('%s', {column}) AS REAL)"

    def json_ids(self, column: str, alias: str) -> tuple[str, str]:
        """A FROM item reading the JSON array of ids in ``column`` as rows, and the expression of one id."""
        return f"json_each({column}) {alias}", f"{alias}.value"

    def json_ids_agg(self, value: str) -> str:
        """The ids ``value`` of a group as a JSON array text, ascending (``[]`` for none)."""
        return f"json_group_array({value})"

    def json_text(self, field: Any, key: str) -> Any:
        """The text under ``key`` in a JSON object stored in ``field`` (a peewee node)."""
        from peewee import fn

        return fn.json_extract(field, f'$."{key}"')

    # -- transactions and locks ---------------------------------------------------------------------------
    def write_transaction(self, db: Database) -> Any:
        """A transaction that takes the write lock up front, so a reader never upgrades mid-way."""
        return db.atomic("IMMEDIATE")

    @contextmanager
    def snapshot(self, db: Database) -> Iterator[None]:
        """Several reads that see the library as of one moment (a read transaction in WAL mode)."""
        with db.atomic():
            yield

    def after_explicit_ids(self, db: Database, table: str) -> None:
        """Rows were inserted with ids chosen by the store: SQLite's next id follows by itself."""

    def create_tables(self, db: Database) -> None:
        for model in ALL_MODELS:
            SchemaManager(model, db).create_all()

    def guard_creation(self, db: Database) -> None:
        """Inside the creating transaction: SQLite's write lock already keeps a second creator out."""


class Postgres(Engine):
    name = "postgresql"
    unit_separator = "chr(31)"

    def sql(self, text: str) -> str:
        return text.replace("%", "%%").replace("?", "%s")

    def executemany(self, db: Database, text: str, rows: Sequence[Sequence[Any]] | Iterator[Any]) -> None:
        from psycopg2.extras import execute_batch

        execute_batch(db.cursor(), self.sql(text), list(rows), page_size=500)  # one round trip a page

    def day_ordinal(self, column: str) -> str:
        return f"({column} - DATE '0001-01-01' + 1)"

    def epoch_seconds(self, column: str) -> str:
        return f"CAST(floor(extract(epoch FROM {column})) AS DOUBLE PRECISION)"

    def json_ids(self, column: str, alias: str) -> tuple[str, str]:
        return (
            f"json_array_elements_text(CAST({column} AS json)) AS {alias}(value)",
            f"CAST({alias}.value AS BIGINT)",
        )

    def json_ids_agg(self, value: str) -> str:
        return f"COALESCE('[' || string_agg(CAST({value} AS TEXT), ',' ORDER BY {value}) || ']', '[]')"

    def json_text(self, field: Any, key: str) -> Any:
        return NodeList((field.cast("json"), SQL("->>"), key))

    def write_transaction(self, db: Database) -> Any:
        return db.atomic()  # row locks: writers of different rows go on together; the same row waits

    @contextmanager
    def snapshot(self, db: Database) -> Iterator[None]:
        with db.atomic():
            if db.transaction_depth() == 1:
                db.execute_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield

    def after_explicit_ids(self, db: Database, table: str) -> None:
        db.execute_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM"
            f" {table}), false)"
        )

    def create_tables(self, db: Database) -> None:
        for model in ALL_MODELS:
            manager = SchemaManager(model, db)
            table = manager._create_table(safe=True)  # type: ignore[attr-defined]
            text, params = db.get_sql_context().sql(table).query()
            db.execute_sql(_postgres_ddl(text), params)
            manager.create_indexes(safe=True)

    def guard_creation(self, db: Database) -> None:
        """Two machines opening a new shared library at once: the second waits here, then finds it made."""
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (advisory_key("create"),))


def _postgres_ddl(text: str) -> str:
    """peewee's CREATE TABLE made to behave as SQLite's: text of any length compared by code point."""
    text = text.replace(" WITHOUT ROWID", "")
    return re.sub(r"\b(?:VARCHAR\(\d+\)|TEXT)\b", 'TEXT COLLATE "C"', text)


def advisory_key(name: str) -> int:
    """A PostgreSQL advisory lock number for ``name``, the same on every machine."""
    return zlib.crc32(f"tripfold:{name}".encode()) - 2**31


class _PostgresDatabase(PostgresqlDatabase):
    field_types = {  # noqa: RUF012  (peewee's own class attribute)
        **PostgresqlDatabase.field_types,
        "FLOAT": "DOUBLE PRECISION",
    }


def sqlite_database(*args: Any, **kwargs: Any) -> SqliteDatabase:
    return SqliteDatabase(*args, **kwargs)


def postgres_database(params: dict[str, Any], busy_timeout: float) -> PostgresqlDatabase:
    """A peewee database for libpq ``params`` (from the URL); the password, when there is none in the URL,
    comes from PGPASSWORD or ~/.pgpass, which libpq reads itself."""
    params = dict(params)
    name = params.pop("dbname", None)
    timeout_ms = int(busy_timeout * 1000)
    options = f"-c timezone=UTC -c lock_timeout={timeout_ms} {params.pop('options', '')}".strip()
    params.setdefault("connect_timeout", 10)
    params.setdefault("application_name", "tripfold")
    return _PostgresDatabase(name, options=options, autorollback=False, **params)
