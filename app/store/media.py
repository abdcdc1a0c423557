"""Bulk reads and writes of indexed files.

Indexing writes thousands of rows a second, so rows go through the raw cursor's ``executemany`` with an
upsert (ten times faster than building peewee model instances), inside one write transaction per batch:
a killed process loses at most the batch in flight, and rerunning indexes it again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from app.store.library import write
from app.store.models import MediaFile, Source, database

FILE_COLUMNS: tuple[str, ...] = tuple(
    f.column_name for f in MediaFile._meta.sorted_fields if f.name != "id"
)  # fmt: skip
_TABLE = MediaFile._meta.table_name
_UPSERT = (
    f"INSERT INTO {_TABLE} ({', '.join(FILE_COLUMNS)}) VALUES ({', '.join('?' * len(FILE_COLUMNS))}) "
    f"ON CONFLICT(path) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in FILE_COLUMNS if c != "path")
)


@dataclass(frozen=True)
class KnownFile:
    size: int
    mtime_ns: int
    status: str


def ensure_source(path: str, now: Any) -> int:
    with write(database):
        source, _ = Source.get_or_create(path=path, defaults={"added_at": now})
    return source.id


def known_files(source_id: int) -> dict[str, KnownFile]:
    cursor = database.execute_sql(
        f"SELECT path, size, mtime_ns, status FROM {_TABLE} WHERE source_id = ?", (source_id,)
    )
    return {path: KnownFile(size, mtime, status) for path, size, mtime, status in cursor}


def upsert_files(rows: Sequence[dict[str, Any]]) -> None:
    """Insert or replace files by path; each row holds every column of :data:`FILE_COLUMNS`."""
    if not rows:
        return
    values = [tuple(row[c] for c in FILE_COLUMNS) for row in rows]
    with write(database):
        database.cursor().executemany(_UPSERT, values)


def mark_missing(paths: Iterable[str]) -> int:
    paths = list(paths)
    with write(database):
        for start in range(0, len(paths), 500):
            chunk = paths[start : start + 500]
            MediaFile.update(status="missing").where(MediaFile.path.in_(chunk)).execute()
    return len(paths)


def stale_places(version: int, limit: int) -> list[tuple[int, float, float]]:
    """Files with a position whose address came from older place rules (``places.VERSION``)."""
    cursor = database.execute_sql(
        f"SELECT id, lat, lon FROM {_TABLE} WHERE lat IS NOT NULL AND places_version < ? LIMIT ?",
        (version, limit),
    )
    return list(cursor)


def update_places(rows: Sequence[tuple[Any, ...]]) -> None:
    """Rows of (country, country_code, province, city, district, township, address_line, version, id)."""
    with write(database):
        database.cursor().executemany(
            f"UPDATE {_TABLE} SET country = ?, country_code = ?, province = ?, city = ?, district = ?, "
            f"township = ?, address_line = ?, places_version = ? WHERE id = ?",
            rows,
        )
