"""The files of a cluster or a trip, kept as one list per owner (a JSON array of file ids, ascending).

A first clustering of a million files decides about three million memberships; written as one row each
they took five seconds of a twenty-second budget, as one list per cluster a fraction of one.  Nothing asks
which clusters hold a given file, so nothing is lost by not keeping a row per pair; SQLite reads a list
back into rows with ``json_each`` where a query needs them.
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


def write(cursor: Any, owner: str, lists: Iterable[tuple[int, Iterable[int]]]) -> None:
    """Replace the lists of the owners given (inside the caller's write transaction)."""
    table, column = TABLES[owner]
    cursor.executemany(
        f"REPLACE INTO {table} ({column}, file_ids) VALUES (?, ?)",
        ((owner_id, encode(file_ids)) for owner_id, file_ids in lists),
    )


def drop(cursor: Any, owner: str, owner_ids: Iterable[int]) -> None:
    table, column = TABLES[owner]
    cursor.executemany(f"DELETE FROM {table} WHERE {column} = ?", ((i,) for i in owner_ids))


def member_ids(owner: str, owner_id: int) -> Any:
    """A subquery of the owner's file ids, for ``MediaFile.id.in_(...)``."""
    table, column = TABLES[owner]
    lists = f"(SELECT file_ids FROM {table} WHERE {column} = ?)"
    return SQL(f"(SELECT value FROM json_each({lists}))", [owner_id])


def forget_missing_files(lib: Library) -> None:
    """Take the ids of deleted files out of every list, so that an id SQLite gives again to a new file
    never makes it a member of a cluster or trip it was never in."""
    for table, _ in TABLES.values():
        lib.execute(
            f"UPDATE {table} SET file_ids = (SELECT json_group_array(j.value) FROM json_each(file_ids) j"
            " WHERE j.value IN (SELECT id FROM media_file))"
            " WHERE EXISTS (SELECT 1 FROM json_each(file_ids) j"
            " WHERE j.value NOT IN (SELECT id FROM media_file))"
        )
