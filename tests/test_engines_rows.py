"""Many rows written at once on PostgreSQL (``Postgres.executemany``: COPY, multi-row INSERTs, pages of
statements) leave the tables exactly as one statement a row does: the same values, the same ids in the
same order, the same winner where an upsert's rows repeat a key, and text that COPY could misread (tabs,
line breaks, backslashes, ``\\N``) kept as it was."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from psycopg2.extras import execute_batch

from app.store.engine import COPY_FROM_ROWS
from app.store.library import Library

TRICKY = [
    "tab\there",
    "line\nbreak\r\n",
    "back\\slash",
    "\\N",
    "",
    "café 杭州",
    "it's",
    "100%",
    "?",
    "a\x1fb",
]


def _rows(count: int) -> list[tuple[Any, ...]]:
    floats = [0.1, 1e308, -2.5, 3.0, 1 / 3, 30.2741]
    return [
        (
            TRICKY[n % len(TRICKY)] + str(n), floats[n % len(floats)], 2**62 + n if n % 3 else None,
            date(2024, 3, 3 + n % 20).isoformat() if n % 4 else date(2024, 1, 1 + n % 28),
            f"2024-03-03 10:{n % 60:02}:00" if n % 5 else datetime(2024, 3, 3, 10, n % 60, 1, 250),
        )
        for n in range(count)
    ]  # fmt: skip


@pytest.fixture
def lib(postgres_url: str) -> Any:
    library = Library(postgres_url)
    for name in ("fast", "slow"):
        library.execute(
            f"CREATE TABLE {name} (id SERIAL PRIMARY KEY, name TEXT UNIQUE, amount DOUBLE PRECISION,"
            " big BIGINT, day DATE, at TIMESTAMP, source TEXT NOT NULL DEFAULT '')"
        )
    yield library
    library.close()


def _row_by_row(lib: Library, statement: str, rows: list[tuple[Any, ...]]) -> None:
    execute_batch(lib.db.cursor(), lib.engine.sql(statement), rows, page_size=1)


def _table(lib: Library, name: str) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in lib.execute(f"SELECT * FROM {name} ORDER BY id").fetchall()]


@pytest.mark.parametrize("count", [COPY_FROM_ROWS + 50, 7], ids=["copied", "one statement"])
@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO {t} (name, amount, big, day, at) VALUES (?, ?, ?, ?, ?)",
        "INSERT INTO {t} (name, source, amount, big, day, at) VALUES (?, 'detected', ?, ?, ?, ?)",
        "INSERT INTO {t} (name, amount, big, day, at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT(name) DO UPDATE SET amount = excluded.amount, at = excluded.at",
        "INSERT INTO {t} (name, amount, big, day, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(name) DO NOTHING",
    ],
    ids=["insert", "with a literal", "upsert", "do nothing"],
)
def test_many_rows_at_once_are_stored_as_one_by_one(lib: Library, statement: str, count: int) -> None:
    rows = _rows(count)
    upsert = "ON CONFLICT" in statement
    if upsert:  # some rows there already, so that the upsert updates as well as inserts
        with lib.write():
            for table in ("fast", "slow"):
                lib.execute(f"INSERT INTO {table} (name, amount) VALUES (?, ?)", (rows[2][0], 7.0))
    with lib.write():
        lib.executemany(statement.format(t="fast"), rows)
        _row_by_row(lib, statement.format(t="slow"), rows)
    fast, slow = _table(lib, "fast"), _table(lib, "slow")
    assert fast == slow
    assert len(fast) == count
    assert {row[1] for row in fast} == {row[0] for row in rows}  # every name, exactly as given


def test_an_upsert_repeating_a_key_keeps_the_last_row_as_one_by_one(lib: Library) -> None:
    rows = _rows(COPY_FROM_ROWS + 50)
    rows += [(rows[5][0], -1.0, 1, "2024-05-05", "2024-05-05 00:00:00")]  # the same name again, last
    statement = (
        "INSERT INTO {t} (name, amount, big, day, at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT(name) DO UPDATE SET amount = excluded.amount"
    )
    with lib.write():
        lib.executemany(statement.format(t="fast"), rows)
        _row_by_row(lib, statement.format(t="slow"), rows)
    fast = _table(lib, "fast")
    assert fast == _table(lib, "slow")
    assert [row[2] for row in fast if row[1] == rows[5][0]] == [-1.0]


def test_values_copy_would_read_otherwise_go_another_way(lib: Library) -> None:
    """A truth value into a text column: COPY would store 'True' where an INSERT stores 'true'."""
    rows = [(f"n{n}", float(n), n % 2 == 0) for n in range(COPY_FROM_ROWS + 10)]
    statement = "INSERT INTO {t} (name, amount, source) VALUES (?, ?, ?)"
    with lib.write():
        lib.executemany(statement.format(t="fast"), rows)
        _row_by_row(lib, statement.format(t="slow"), rows)
    fast = _table(lib, "fast")
    assert fast == _table(lib, "slow")
    assert {row[6] for row in fast} == {"true", "false"}


def test_an_upsert_by_a_user_who_may_make_no_temporary_table(lib: Library, postgres_url: str) -> None:
    """An administrator may take the TEMPORARY right back from PUBLIC: the rows then go as multi-row
    statements, with the same result."""
    database = postgres_url.split("/")[3].split("?")[0]
    role = f"no_temp_{database}"
    for statement in (
        f'REVOKE TEMPORARY ON DATABASE "{database}" FROM PUBLIC', f"CREATE ROLE {role} LOGIN",
        f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {role}",
    ):  # fmt: skip
        lib.execute(statement)
    as_role = Library(postgres_url.replace("postgres@", f"{role}@"))
    rows = _rows(COPY_FROM_ROWS + 50)
    statement = "INSERT INTO {t} (name, amount) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET amount = 1"
    try:
        with as_role.write():
            as_role.executemany(statement.format(t="fast"), [row[:2] for row in rows])
            _row_by_row(as_role, statement.format(t="slow"), [row[:2] for row in rows])
        fast = _table(as_role, "fast")
        assert fast == _table(as_role, "slow") and len(fast) == len(rows)
    finally:
        as_role.close()
