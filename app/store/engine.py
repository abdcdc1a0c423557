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

import io
import re
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
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

    def ascii_lower(self, column: str) -> str:
        """``column`` with A-Z lowered and every other letter as it is, as SQLite's ``lower`` and LIKE
        fold; PostgreSQL's ``lower`` of a value outside a "C" column folds every letter on a server of a
        UTF-8 locale, so 'Évora' would be found on one engine and not on the other."""
        return f"lower({column})"

    def ascii_lower_field(self, field: Any) -> Any:
        """:meth:`ascii_lower` of a peewee node."""
        from peewee import fn

        return fn.LOWER(field)

    def ascii_contains(self, field: Any, text: str) -> Any:
        """``field`` holds ``text``, ASCII letters of either case matching (a peewee node)."""
        return field.contains(text)  # LIKE: case-insensitive for ASCII only

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
        """Many rows at once, each kind of statement the fastest way PostgreSQL takes it, with the same
        result as one statement a row.

        A first clustering of a million files inserts some 45,000 clusters and as many member lists: one
        statement a row (``execute_batch``) cost the server five seconds more than SQLite's whole write,
        and psycopg2's quoting of every value two more.  So rows of plain parameters go through COPY (into
        the table, or for an upsert into a temporary table the upsert then reads), other INSERTs as
        multi-row statements (``execute_values``), anything else as pages of single statements.  Where an
        upsert's rows repeat a conflict key (row by row the last one wins; in one statement PostgreSQL
        refuses), it goes row by row.
        """
        from psycopg2.extras import execute_batch, execute_values

        rows = list(rows)
        if not rows:
            return
        insert = _multirow_insert(text)
        if insert is not None:
            keys = {tuple(row[i] for i in insert.key_places) for row in rows} if insert.key_places else None
            if keys is None or len(keys) == len(rows):
                copied = None
                copying = insert.plain and len(rows) >= COPY_FROM_ROWS
                if copying and (not insert.tail or _may_use_temporary(db)):
                    copied = _copy_text(rows)
                if copied is not None:
                    _copy(db, insert, copied)
                else:
                    execute_values(db.cursor(), f"{self.sql(insert.head)} VALUES %s{self.sql(insert.tail)}",
                                   rows, template=self.sql(insert.template), page_size=1000)  # fmt: skip
                return
        execute_batch(db.cursor(), self.sql(text), rows, page_size=500)  # one round trip a page

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

    def ascii_lower(self, column: str) -> str:
        return f"translate({column}, '{_UPPER}', '{_LOWER}')"

    def ascii_lower_field(self, field: Any) -> Any:
        from peewee import fn

        return fn.translate(field, _UPPER, _LOWER)

    def ascii_contains(self, field: Any, text: str) -> Any:
        from peewee import OP, Expression, fn

        pattern = field._escape_like_expr(ascii_lower(text), "%%%s%%")
        return Expression(fn.translate(field, _UPPER, _LOWER), OP.LIKE, pattern)  # LIKE is case-sensitive

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


COPY_FROM_ROWS = 100  # fewer rows go as one INSERT statement: a COPY's extra round trips cost more


@dataclass(frozen=True)
class _Insert:
    """An ``INSERT INTO table (columns) VALUES (template) tail`` statement of one row of parameters."""

    table: str
    columns: list[str]
    head: str  # up to VALUES
    template: str  # the row: (?, ?, 'literal', ...)
    tail: str  # ON CONFLICT ..., or nothing
    key_places: list[int] | None  # where an upsert's conflict columns are among a row's parameters
    plain: bool  # the template is one parameter a column: the rows can be copied as they are


def _multirow_insert(text: str) -> _Insert | None:
    """``text`` as an :class:`_Insert`, or None when it is not an INSERT of one row of parameters (or a
    form this reading does not know: it then goes statement by statement)."""
    found = re.match(
        r"\s*INSERT\s+INTO\s+(\w+)\s*\(([^()]*)\)\s*VALUES\s*\(", text, re.IGNORECASE | re.DOTALL
    )
    if found is None or "?" in text[: found.end()]:
        return None
    depth, quoted, end = 1, False, -1
    for n in range(found.end(), len(text)):
        char = text[n]
        if char == "'":
            quoted = not quoted
        elif not quoted and char in "()":
            depth += 1 if char == "(" else -1
            if depth == 0:
                end = n
                break
    if end < 0:
        return None
    template, tail = text[found.end() - 1 : end + 1], text[end + 1 :]
    if "?" in tail or ";" in tail:
        return None
    columns = [c.strip().strip('"') for c in found.group(2).split(",")]
    values = [v.strip() for v in _top_level_items(template[1:-1])]
    if len(values) != len(columns):
        return None
    head = text[: found.end() - 1].rstrip()[: -len("VALUES")]
    plain = all(v == "?" for v in values)
    if not tail.strip():
        return _Insert(found.group(1), columns, head, template, tail, None, plain)
    conflict = re.fullmatch(
        r"\s*ON\s+CONFLICT\s*\(([^()]*)\)\s*DO\s+(UPDATE\s.*|NOTHING\s*)", tail, re.IGNORECASE | re.DOTALL
    )
    if conflict is None:
        return None
    places, counted = {}, 0
    for column, value in zip(columns, values, strict=True):
        if value == "?":
            places[column] = counted
        counted += value.count("?")
    targets = [c.strip().strip('"') for c in conflict.group(1).split(",")]
    if any(t not in places for t in targets):
        return None
    nothing = conflict.group(2).upper().startswith("NOTHING")  # the first row of a key wins, as row by row
    key_places = None if nothing else [places[t] for t in targets]
    return _Insert(found.group(1), columns, head, template, tail, key_places, plain)


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(rows: list[Any]) -> str | None:
    """``rows`` in COPY's text format, or None when a value is of a type whose text COPY would read
    otherwise than an INSERT's parameter (a truth value, bytes, a time with a zone...).

    Text is escaped only in the rare row that needs it (a tab, a line break or a backslash in a value):
    escaping every value took longer than the COPY itself."""
    lines = []
    for row in rows:
        fields = []
        nulls = 0
        for value in row:
            kind = type(value)
            if kind is str:
                fields.append(value)
            elif kind is int:
                fields.append(str(value))
            elif value is None:
                fields.append("\\N")
                nulls += 1
            elif kind is float:
                fields.append(repr(value))  # nan, inf and 1e+308 read back as the same double
            elif kind is date or (kind is datetime and value.tzinfo is None):
                fields.append(str(value))
            else:
                return None
        line = "\t".join(fields)
        if line.count("\t") != len(fields) - 1 or line.count("\\") != nulls or "\n" in line or "\r" in line:
            line = "\t".join(
                f if v is None else f.translate(_COPY_ESCAPES) for f, v in zip(fields, row, strict=True)
            )
        lines.append(line)
    lines.append("")
    return "\n".join(lines)


_TEMPORARY: dict[tuple[int, int], bool] = {}  # (connection, its server process) -> may it


def _may_use_temporary(db: Database) -> bool:
    """Whether this user may make temporary tables in the library's database (PUBLIC may, unless the
    server's administrator took it back); asked once a connection."""
    connection = db.connection()
    key = (id(connection), connection.get_backend_pid())
    if key not in _TEMPORARY:
        cursor = db.cursor()
        cursor.execute("SELECT has_database_privilege(current_database(), 'TEMPORARY')")
        _TEMPORARY[key] = bool(cursor.fetchone()[0])
    return _TEMPORARY[key]


def _copy(db: Database, insert: _Insert, text: str) -> None:
    """Rows in COPY's text format into ``insert``'s table: straight in, or for an upsert into a temporary
    table of the same columns that the upsert then reads."""
    columns = ", ".join(insert.columns)
    cursor = db.cursor()
    if not insert.tail.strip():
        cursor.copy_expert(f"COPY {insert.table} ({columns}) FROM STDIN", io.StringIO(text))
        return
    cursor.execute(
        f"CREATE TEMPORARY TABLE tripfold_rows ON COMMIT DROP AS SELECT {columns} FROM {insert.table}"
        " WITH NO DATA"
    )
    try:  # numbered as they come, so that ids the table gives them follow the rows' order
        cursor.execute("ALTER TABLE tripfold_rows ADD COLUMN tripfold_n BIGSERIAL")
        cursor.copy_expert(f"COPY tripfold_rows ({columns}) FROM STDIN", io.StringIO(text))
        cursor.execute(
            f"INSERT INTO {insert.table} ({columns}) SELECT {columns} FROM tripfold_rows ORDER BY tripfold_n"
            f" {insert.tail.replace('%', '%%')}"
        )
    finally:
        cursor.execute("DROP TABLE IF EXISTS tripfold_rows")


def _top_level_items(text: str) -> list[str]:
    """``text`` split at its commas outside parentheses and quotes."""
    items, depth, quoted, start = [], 0, False, 0
    for n, char in enumerate(text):
        if char == "'":
            quoted = not quoted
        elif not quoted and char in "()":
            depth += 1 if char == "(" else -1
        elif not quoted and depth == 0 and char == ",":
            items.append(text[start:n])
            start = n + 1
    items.append(text[start:])
    return items


_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LOWER = "abcdefghijklmnopqrstuvwxyz"
_ASCII_LOWER = str.maketrans(_UPPER, _LOWER)


def ascii_lower(text: str) -> str:
    """``text`` with A-Z lowered, as :meth:`Engine.ascii_lower` lowers a column."""
    return text.translate(_ASCII_LOWER)


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
