"""Indexed files and their sources: bulk reads and writes.

Indexing writes thousands of rows a second, so rows go through the raw cursor's ``executemany`` with an
upsert (ten times faster than building peewee model instances), inside one write transaction per batch:
a killed process loses at most the batch in flight, and rerunning indexes it again.  Paths cross this
boundary as the file system's strings, whole; the library keeps them relative to their source and this
machine's mount of it (:mod:`app.store.mounts`), and :mod:`app.store.paths` keeps names that are not UTF-8.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from peewee import SQL, fn

from app.store import member_lists, mounts
from app.store.library import Library
from app.store.models import MediaFile, Source, SourceMount
from app.store.paths import to_store

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
    f"ON CONFLICT(source_id, path) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in (*FILE_COLUMNS, "gen") if c not in ("path", "source_id"))
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
    path: str  # where this machine sees it (SPEC §13)
    file_count: int
    last_indexed_at: datetime | None
    mounted_here: bool = True  # False: no mount on this machine yet, shown at the path it was added with


# the record's fields and the file's source, whose mount on this machine completes its path
RECORD_FIELDS = [*(getattr(MediaFile, name) for name in FileRecord.__dataclass_fields__), MediaFile.source]
# capture order, files without a time first (SQLite's habit; PostgreSQL puts NULLs last unless told)
CAPTURE_ORDER = (MediaFile.produce_time.asc(nulls="FIRST"), MediaFile.path)


def records(query: Any, lib: Library) -> list[FileRecord]:
    """Run a MediaFile query selecting :data:`RECORD_FIELDS` and return its rows as records."""
    rows = list(query.dicts().execute(lib.db))
    mounts.with_paths(lib, rows)
    return [FileRecord(**row) for row in rows]


def ensure_source(lib: Library, path: str, now: Any) -> int:
    """The source this machine sees at ``path`` (a new one where it sees none there), mounted at ``path``."""
    with lib.write():
        lib.engine.guard_creation(lib.db)  # two machines adding one folder at once make one source
        source_id = mounts.find(lib, path)
        if source_id is None:
            source_id = int(Source.insert(path=to_store(path), added_at=now).execute(lib.db))
        mounts.set_mount(lib, source_id, path)
        return source_id


def add_mount(lib: Library, source: str, path: str) -> str:
    """This machine sees the source known as ``source`` (its path here, the path it was added with, or
    its mount on another machine) at ``path`` from now on; returns the path it was seen at before.

    Raises LookupError when ``source`` names no source or several, ValueError when another source is
    already seen at ``path``."""
    with lib.write():
        lib.engine.guard_creation(lib.db)
        found = mounts.known_as(lib, source)
        if not found:
            raise LookupError(f"no source is known as {source}")
        if len(found) > 1:
            raise LookupError(f"{source} names {len(found)} sources (added on different machines); name one "
                              "by the path its own machine sees it at")  # fmt: skip
        (source_id,) = found
        other = mounts.find(lib, path)
        if other is not None and other != source_id:
            raise ValueError(f"{path} is already the folder of another source; remove that one first")
        before = mounts.mounts(lib)[source_id]
        mounts.set_mount(lib, source_id, path)
        return before


def known_files(lib: Library, source_id: int) -> dict[str, KnownFile]:
    """The files of a source by their path on this machine."""
    mount_of = mounts.mounts(lib)
    cursor = lib.execute(
        f"SELECT path, size, mtime_ns, status FROM {_TABLE} WHERE source_id = ?", (source_id,)
    )
    return {
        mounts.absolute(mount_of, source_id, path): KnownFile(size, mtime, status)
        for path, size, mtime, status in cursor
    }


def upsert_files(lib: Library, rows: Sequence[dict[str, Any]]) -> None:
    """Insert or replace files by path; each row holds every column of :data:`FILE_COLUMNS`."""
    if not rows:
        return
    with lib.write():
        generation = next_generation(lib)
        mount_of = mounts.mounts(lib)
        values = [
            (
                *(
                    mounts.relative(mount_of[row["source_id"]], row[c]) if c == "path" else _text(row[c])
                    for c in FILE_COLUMNS
                ),
                generation,
            )
            for row in rows
        ]
        lib.executemany(_UPSERT, values)


def _text(value: Any) -> Any:
    """A value as stored: text loses its NUL characters (a camera's padded EXIF strings carry them), which
    PostgreSQL's text cannot hold; so both engines keep the same text."""
    return value.replace("\x00", "") if isinstance(value, str) and "\x00" in value else value


def mark_missing(lib: Library, paths: Iterable[str]) -> int:
    paths = list(paths)
    with lib.write():
        for source_id, stored in mounts.locate(lib, paths).items():
            for start in range(0, len(stored), 500):
                chunk = stored[start : start + 500]
                MediaFile.update(status="missing").where(
                    (MediaFile.source == source_id) & MediaFile.path.in_(chunk)
                ).execute(lib.db)
    return len(paths)


def mark_indexed(lib: Library, roots: Sequence[str], now: datetime) -> None:
    with lib.write():
        ids = [i for i in (mounts.find(lib, root) for root in roots) if i is not None]
        Source.update(last_indexed_at=now).where(Source.id.in_(ids)).execute(lib.db)


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
    seen_at = mounts.mounts(lib)
    mounted = {
        int(i)
        for (i,) in SourceMount.select(SourceMount.source)
        .where(SourceMount.machine_id == lib.machine)
        .tuples()
        .execute(lib.db)
    }
    query = Source.select(Source.id, Source.last_indexed_at).tuples()
    found = [
        SourceRecord(seen_at[source_id], counts.get(source_id, 0), indexed, source_id in mounted)
        for source_id, indexed in query.execute(lib.db)
    ]
    return sorted(found, key=lambda s: to_store(s.path))


def remove_source(lib: Library, path: str) -> int:
    """Forget a folder and its files (never touching them on disk); returns how many files were forgotten.

    Their cluster memberships go too; the next clustering run shrinks or removes the clusters they were in.
    """
    with lib.write():
        source_id = mounts.find(lib, path)
        if source_id is None:
            return 0
        next_generation(lib, reset=True)
        count = MediaFile.delete().where(MediaFile.source == source_id).execute(lib.db)
        Source.delete().where(Source.id == source_id).execute(lib.db)
        member_lists.forget_missing_files(lib)
    return int(count)


def files_by_status(lib: Library) -> dict[str, int]:
    """Files by status (ok, no_place, no_time, error, missing), in the statuses' order by name on either
    engine (a GROUP BY alone leaves the order to the engine)."""
    return dict(
        MediaFile.select(MediaFile.status, fn.COUNT(SQL("*")))
        .group_by(MediaFile.status)
        .order_by(MediaFile.status)
        .tuples()
        .execute(lib.db)
    )
