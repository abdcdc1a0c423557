"""Indexed files and their sources: bulk reads and writes.

Indexing writes thousands of rows a second, so rows go through the raw cursor's ``executemany`` with an
upsert (ten times faster than building peewee model instances), inside one write transaction per batch:
a killed process loses at most the batch in flight, and rerunning indexes it again.  Paths cross this
boundary as the file system's strings; :mod:`app.store.paths` stores names that are not UTF-8.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from peewee import SQL, fn

from app.store import member_lists
from app.store.library import Library
from app.store.models import MediaFile, Source
from app.store.paths import from_store, to_store

# what indexing writes; the estimated place (est_*) belongs to the clustering run and the user, and a
# file read again keeps it
FILE_COLUMNS: tuple[str, ...] = tuple(
    f.column_name
    for f in MediaFile._meta.sorted_fields
    if f.name not in ("id", "gen") and not f.name.startswith("est_")
)  # fmt: skip
_TABLE = MediaFile._meta.table_name
_UPSERT = (
    f"INSERT INTO {_TABLE} ({', '.join(FILE_COLUMNS)}, gen) VALUES ({', '.join('?' * len(FILE_COLUMNS))}, ?) "
    f"ON CONFLICT(path) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in (*FILE_COLUMNS, "gen") if c != "path")
)
# a library-wide value set or replaced, on either engine (REPLACE INTO is SQLite's alone)
SET_SETTING = (
    "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"
)
GENERATION_KEY = "files_generation"
RESET_KEY = "files_reset"  # the generation at which rows were last deleted: readers start afresh


def next_generation(lib: Library, *, reset: bool = False) -> int:
    """Count one more change of the files (inside the caller's write); rows it touches take the number,
    so a reader that kept the files of an older generation reads only the rows changed since."""
    lib.execute(
        "INSERT INTO setting (key, value) VALUES (?, '1') ON CONFLICT(key)"
        " DO UPDATE SET value = CAST(CAST(setting.value AS BIGINT) + 1 AS TEXT)",
        (GENERATION_KEY,),
    )
    generation = int(lib.execute("SELECT value FROM setting WHERE key = ?", (GENERATION_KEY,)).fetchone()[0])
    if reset:
        lib.execute(SET_SETTING, (RESET_KEY, str(generation)))
    return generation


def generations(lib: Library) -> tuple[int, int]:
    """(current generation, generation of the last deletion)."""
    values = dict(
        lib.execute(
            "SELECT key, value FROM setting WHERE key IN (?, ?)", (GENERATION_KEY, RESET_KEY)
        ).fetchall()
    )
    return int(values.get(GENERATION_KEY, 0)), int(values.get(RESET_KEY, 0))


@dataclass(frozen=True)
class KnownFile:
    size: int
    mtime_ns: int
    status: str


@dataclass(frozen=True)
class FileRecord:
    """One indexed file as the services read it."""

    id: int
    path: str
    kind: str
    produce_time: datetime | None
    utc_time: datetime | None
    local_time: datetime | None
    local_offset_min: int | None
    capture_day: date | None
    lat: float | None
    lon: float | None
    country: str
    province: str
    city: str
    district: str
    township: str
    address_line: str
    width: int | None
    height: int | None
    orientation: int | None
    status: str
    error: str
    est_lat: float | None = None  # a place borrowed from neighbouring photos (SPEC §10)
    est_lon: float | None = None
    camera: str = ""  # 'Make|Model|serial' as the file says (media_file.camera); the viewer names it

    @property
    def estimated(self) -> bool:
        return self.lat is None and self.est_lat is not None


@dataclass(frozen=True)
class SourceRecord:
    path: str
    file_count: int
    last_indexed_at: datetime | None


RECORD_FIELDS = [getattr(MediaFile, name) for name in FileRecord.__dataclass_fields__]
# capture order, files without a time first (SQLite's habit; PostgreSQL puts NULLs last unless told)
CAPTURE_ORDER = (MediaFile.produce_time.asc(nulls="FIRST"), MediaFile.path)


def records(query: Any, lib: Library) -> list[FileRecord]:
    """Run a MediaFile query selecting :data:`RECORD_FIELDS` and return its rows as records."""
    return [FileRecord(**{**row, "path": from_store(row["path"])}) for row in query.dicts().execute(lib.db)]


def ensure_source(lib: Library, path: str, now: Any) -> int:
    with lib.write():
        stored = to_store(path)
        Source.insert(path=stored, added_at=now).on_conflict_ignore().execute(lib.db)
        return int(Source.select(Source.id).where(Source.path == stored).scalar(lib.db))


def known_files(lib: Library, source_id: int) -> dict[str, KnownFile]:
    cursor = lib.execute(
        f"SELECT path, size, mtime_ns, status FROM {_TABLE} WHERE source_id = ?", (source_id,)
    )
    return {from_store(path): KnownFile(size, mtime, status) for path, size, mtime, status in cursor}


def upsert_files(lib: Library, rows: Sequence[dict[str, Any]]) -> None:
    """Insert or replace files by path; each row holds every column of :data:`FILE_COLUMNS`."""
    if not rows:
        return
    with lib.write():
        generation = next_generation(lib)
        values = [
            (*(to_store(row[c]) if c == "path" else _text(row[c]) for c in FILE_COLUMNS), generation)
            for row in rows
        ]
        lib.executemany(_UPSERT, values)


def _text(value: Any) -> Any:
    """A value as stored: text loses its NUL characters (a camera's padded EXIF strings carry them), which
    PostgreSQL's text cannot hold; so both engines keep the same text."""
    return value.replace("\x00", "") if isinstance(value, str) and "\x00" in value else value


def mark_missing(lib: Library, paths: Iterable[str]) -> int:
    stored = [to_store(p) for p in paths]
    with lib.write():
        for start in range(0, len(stored), 500):
            chunk = stored[start : start + 500]
            MediaFile.update(status="missing").where(MediaFile.path.in_(chunk)).execute(lib.db)
    return len(stored)


def mark_indexed(lib: Library, roots: Sequence[str], now: datetime) -> None:
    with lib.write():
        Source.update(last_indexed_at=now).where(Source.path.in_([to_store(r) for r in roots])).execute(
            lib.db
        )


def stale_places(lib: Library, version: int, limit: int) -> list[tuple[int, float, float]]:
    """Files with a position whose address came from older place rules (``places.VERSION``)."""
    cursor = lib.execute(
        f"SELECT id, lat, lon FROM {_TABLE} WHERE lat IS NOT NULL AND places_version < ? LIMIT ?",
        (version, limit),
    )
    return list(cursor)


def update_places(lib: Library, rows: Sequence[tuple[Any, ...]]) -> None:
    """Rows of (country, country_code, province, city, district, township, address_line, version, id)."""
    with lib.write():
        generation = next_generation(lib)
        lib.executemany(
            f"UPDATE {_TABLE} SET country = ?, country_code = ?, province = ?, city = ?, district = ?, "
            f"township = ?, address_line = ?, places_version = ?, gen = {generation} WHERE id = ?",
            rows,
        )


def list_files(lib: Library, status: str | None = None) -> list[FileRecord]:
    query = MediaFile.select(*RECORD_FIELDS).order_by(*CAPTURE_ORDER)
    if status:
        query = query.where(MediaFile.status == status)
    return records(query, lib)


def list_sources(lib: Library) -> list[SourceRecord]:
    counts = dict(
        MediaFile.select(MediaFile.source, fn.COUNT(SQL("*")))
        .group_by(MediaFile.source)
        .tuples()
        .execute(lib.db)
    )
    query = Source.select(Source.id, Source.path, Source.last_indexed_at).order_by(Source.path).tuples()
    return [
        SourceRecord(from_store(path), counts.get(source_id, 0), indexed)
        for source_id, path, indexed in query.execute(lib.db)
    ]


def remove_source(lib: Library, path: str) -> int:
    """Forget a folder and its files (never touching them on disk); returns how many files were forgotten.

    Their cluster memberships go too; the next clustering run shrinks or removes the clusters they were in.
    """
    with lib.write():
        source_id = Source.select(Source.id).where(Source.path == to_store(path)).scalar(lib.db)
        if source_id is None:
            return 0
        next_generation(lib, reset=True)
        count = MediaFile.delete().where(MediaFile.source == source_id).execute(lib.db)
        Source.delete().where(Source.id == source_id).execute(lib.db)
        member_lists.forget_missing_files(lib)
    return int(count)


def files_by_status(lib: Library) -> dict[str, int]:
    """Files by status (ok, no_place, no_time, error, missing)."""
    return dict(
        MediaFile.select(MediaFile.status, fn.COUNT(SQL("*")))
        .group_by(MediaFile.status)
        .tuples()
        .execute(lib.db)
    )
