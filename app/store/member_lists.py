"""The files of a cluster or a trip, kept as one list per owner (a JSON array of file ids, ascending).

A first clustering of a million files decides about three million memberships; written as one row each
they took five seconds of a twenty-second budget, as one list per cluster a fraction of one.  Nothing asks
which clusters hold a given file, so nothing is lost by not keeping a row per pair; the database reads a
list back into rows (``json_each``, ``json_array_elements_text``: see :mod:`app.store.engine`) where a
query needs them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from peewee import SQL

from app.store.library import Library

# owner table -> (list table, owner column)
TABLES = {"cluster": ("cluster_members", "cluster_id"), "trip": ("trip_members", "trip_id")}


def encode(file_ids: Iterable[int]) -> str:
    return "[" + ",".join(map(str, sorted(file_ids))) + "]"


def read(lib: Library, owner: str, owner_ids: Iterable[int] | None = None) -> dict[int, list[int]]:
    """The lists of ``owner_ids`` (every owner's when None), by owner id."""
    table, column = TABLES[owner]
    if owner_ids is None:
        rows = lib.execute(f"SELECT {column}, file_ids FROM {table}")
        return {owner_id: json.loads(text) for owner_id, text in rows}
    found: dict[int, list[int]] = {}
    wanted = sorted(owner_ids)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        rows = lib.execute(f"SELECT {column}, file_ids FROM {table} WHERE {column} IN ({marks})", chunk)
        found.update((owner_id, json.loads(text)) for owner_id, text in rows)
    return found


def write(lib: Library, owner: str, lists: Iterable[tuple[int, Iterable[int]]]) -> None:
    """Replace the lists of the owners given (inside the caller's write transaction)."""
    table, column = TABLES[owner]
    lib.executemany(
        f"INSERT INTO {table} ({column}, file_ids) VALUES (?, ?)"
        f" ON CONFLICT({column}) DO UPDATE SET file_ids = excluded.file_ids",
        [(owner_id, encode(file_ids)) for owner_id, file_ids in lists],
    )


def drop(lib: Library, owner: str, owner_ids: Iterable[int]) -> None:
    table, column = TABLES[owner]
    lib.executemany(f"DELETE FROM {table} WHERE {column} = ?", [(i,) for i in owner_ids])


def member_ids(lib: Library, owner: str, owner_id: int) -> Any:
    """A subquery of the owner's file ids, for ``MediaFile.id.in_(...)``."""
    table, column = TABLES[owner]
    rows, value = lib.engine.json_ids(f"(SELECT file_ids FROM {table} WHERE {column} = {int(owner_id)})", "j")
    return SQL(f"(SELECT {value} FROM {rows})")


def forget_missing_files(lib: Library) -> None:
    """Take the ids of deleted files out of every list, so that an id the database gives again to a new
    file never makes it a member of a cluster or trip it was never in."""
    for table, _ in TABLES.values():
        rows, value = lib.engine.json_ids("file_ids", "j")
        lib.execute(
            f"UPDATE {table} SET file_ids = (SELECT {lib.engine.json_ids_agg(value)} FROM {rows}"
            f" WHERE {value} IN (SELECT id FROM media_file))"
            f" WHERE EXISTS (SELECT 1 FROM {rows} WHERE {value} NOT IN (SELECT id FROM media_file))"
        )
