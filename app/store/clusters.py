"""Clusters in the library: what a clustering run reads and writes, and the queries of SPEC §6.

A run's reads are grouped in SQL (files by address and day) and its writes go through the raw cursor in
batches inside one transaction, because a first run over a large library creates 100,000 clusters.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from peewee import JOIN, SQL

from app.store import fast_rows, member_lists, mounts
from app.store import files as file_rows
from app.store.engine import ascii_lower
from app.store.files import FileRecord
from app.store.library import Library
from app.store.models import Cluster, DeletedCluster, MediaFile, Setting

KEY_SEP = "\x1f"
CHUNK = 500  # bound values per statement, well under SQLite's limit


class StoredCluster(NamedTuple):
    id: int
    object_id: str
    level: str
    address_key: str
    first_day: str
    last_day: str
    file_count: int
    members_hash: int
    age: int
    title: str
    custom_id: str
    custom_labels: str


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# -- settings -----------------------------------------------------------------------------------------


def setting(lib: Library, key: str) -> str | None:
    value = Setting.select(Setting.value).where(Setting.key == key).scalar(lib.db)
    return None if value is None else str(value)


def set_setting(lib: Library, key: str, value: str) -> None:
    with lib.write():
        Setting.insert(key=key, value=value).on_conflict(
            conflict_target=[Setting.key], update={Setting.value: value}
        ).execute(lib.db)


# -- what a run reads ---------------------------------------------------------------------------------


def skipped_by_reason(lib: Library) -> dict[str, int]:
    """How many files cannot join a cluster, by reason, in the order of the reasons' names (a GROUP BY
    alone leaves the order to the engine: PostgreSQL's hashed groups came out in another order)."""
    return dict(
        lib.execute(
            "SELECT CASE WHEN status = 'error' THEN 'Unreadable'"
            " WHEN capture_day IS NULL THEN 'NoCaptureTime' ELSE 'NoPlace' END AS reason, COUNT(*)"
            " FROM media_file WHERE status = 'error' OR capture_day IS NULL OR country = '' GROUP BY reason"
            " ORDER BY reason"
        ).fetchall()
    )


def stored_clusters(lib: Library) -> list[StoredCluster]:
    """The clusters as a run starts from; the user fields it read are kept with the library, so that
    :func:`save_run` leaves alone a cluster the user renamed meanwhile (see :func:`_user_guard`)."""
    rows = [
        StoredCluster(row[0], row[1], row[2], row[3], str(row[4]), str(row[5]), *row[6:12])
        for row in lib.execute(
            "SELECT id, object_id, level, address_key, first_day, last_day, file_count, members_hash, age,"
            " title, custom_id, custom_labels FROM cluster"
        )
    ]
    lib.cache[_READ_KEY] = {c.id: (c.title, c.custom_id, c.custom_labels) for c in rows}
    return rows


_READ_KEY = "cluster_user_fields_read"
USER_COLUMNS = ("title", "custom_id", "custom_labels")


def user_guard(columns: Sequence[str], user_columns: Sequence[str]) -> str:
    """SET assignments for ``columns`` where each user column keeps its stored value when the user changed
    any of them since the run read them: each user column takes one ``?`` per user column (the values
    read) and one for its new value.  One statement, so on PostgreSQL a rename committed while the run
    waited for the row is the value compared."""
    same = " AND ".join(f"{c} = ?" for c in user_columns)
    return ", ".join(
        f"{c} = CASE WHEN {same} THEN ? ELSE {c} END" if c in user_columns else f"{c} = ?" for c in columns
    )


def guarded_values(
    columns: Sequence[str], user_columns: Sequence[str], values: Sequence[Any], read: Sequence[Any]
) -> list[Any]:
    """The parameters of :func:`user_guard`'s assignments for one row."""
    out: list[Any] = []
    for column, value in zip(columns, values, strict=True):
        if column in user_columns:
            out.extend(read)
        out.append(value)
    return out


def memberships(lib: Library, cluster_ids: Iterable[int]) -> dict[int, list[int]]:
    return member_lists.read(lib, "cluster", cluster_ids)


def deleted(lib: Library) -> list[tuple[str, str, date, date]]:
    """(level, address key, first day, last day) of each cluster the user deleted."""
    query = DeletedCluster.select(
        DeletedCluster.level, DeletedCluster.address_key, DeletedCluster.first_day, DeletedCluster.last_day
    )
    return list(query.tuples().execute(lib.db))


# -- what a run writes --------------------------------------------------------------------------------

RUN_COLUMNS = (
    "level", "address_key", "country", "province", "city", "district", "township", "first_day", "last_day",
    "start_time", "end_time", "start_utc", "end_utc", "cover_id", "file_count", "photo_count", "video_count",
    "title", "custom_id", "custom_labels", "members_hash", "previews",
)  # fmt: skip


@dataclass
class RunWrites:
    """Everything one clustering run changes, written at once by :func:`save_run`.

    ``created`` rows are (object_id, *RUN_COLUMNS values); ``updated`` rows are (stored id, *values);
    ``members`` pair a position in ``created`` (as ``("new", n)``) or a stored id with the file ids.
    """

    gone: list[int]
    created: list[list[Any]]
    updated: list[list[Any]]
    members: list[tuple[Any, Sequence[int]]]


def ids_by_object(lib: Library) -> dict[str, int]:
    return dict(lib.execute("SELECT object_id, id FROM cluster").fetchall())


def save_run(lib: Library, writes: RunWrites, now: datetime, options_key: str, options: str) -> None:
    """Write a run's changes and its options in one transaction: a kill leaves the library as it was."""
    stamp = str(now)
    with lib.write():
        next_id, next_age = lib.execute(
            "SELECT COALESCE(MAX(id), 0), COALESCE(MAX(age), 0) FROM cluster"
        ).fetchone()
        new_ids = []
        created = []
        for n, (object_id, *values) in enumerate(writes.created, 1):
            new_ids.append(next_id + n)
            created.append([next_id + n, object_id, stamp, stamp, next_age + n, *values])
        lib.executemany("DELETE FROM cluster WHERE id = ?", [(g,) for g in writes.gone])
        member_lists.drop(lib, "cluster", writes.gone)
        read = _user_fields_read(lib, [row[0] for row in writes.updated])
        lib.executemany(
            f"UPDATE cluster SET {user_guard(RUN_COLUMNS, USER_COLUMNS)}, updated_at = ? WHERE id = ?",
            [
                [*guarded_values(RUN_COLUMNS, USER_COLUMNS, values, read[row_id]), stamp, row_id]
                for row_id, *values in writes.updated
            ],
        )
        columns = ", ".join(("id", "object_id", "created_at", "updated_at", "age", *RUN_COLUMNS))
        marks = ", ".join("?" * (5 + len(RUN_COLUMNS)))
        lib.executemany(f"INSERT INTO cluster ({columns}) VALUES ({marks})", created)
        if created:
            lib.engine.after_explicit_ids(lib.db, "cluster")
        owners = [new_ids[owner[1]] if isinstance(owner, tuple) else owner for owner, _ in writes.members]
        member_lists.write(lib, "cluster", zip(owners, (ids for _, ids in writes.members), strict=True))
        lib.execute(file_rows.SET_SETTING, (options_key, options))


def _user_fields_read(lib: Library, ids: Sequence[int]) -> dict[int, tuple[str, str, str]]:
    """The user fields of ``ids`` as the run read them (as they are now for any it did not read)."""
    kept: dict[int, tuple[str, str, str]] = lib.cache.get(_READ_KEY, {})
    read = {i: kept[i] for i in ids if i in kept}
    for chunk in _chunks([i for i in ids if i not in read]):
        marks = ", ".join("?" * len(chunk))
        for row_id, *fields in lib.execute(
            f"SELECT id, title, custom_id, custom_labels FROM cluster WHERE id IN ({marks})", list(chunk)
        ):
            read[row_id] = (fields[0], fields[1], fields[2])
    for i in ids:
        read.setdefault(i, ("", "", "{}"))
    return read


# -- queries ------------------------------------------------------------------------------------------

SORT_COLUMNS = {"first_day", "last_day", "created_at", "updated_at"}
ADDRESS_COLUMNS = ("country", "province", "city", "district", "township")
RANGE_COLUMNS = {"start_utc", "end_utc", "created_at", "updated_at"}


@dataclass(frozen=True)
class ClusterFilter:
    """The conditions of a cluster query, already checked by the service (all ANDed)."""

    object_id: str | None = None
    title: str | None = None
    address: tuple[tuple[str, str], ...] = ()  # (column, value), compared case-insensitively
    levels: tuple[str, ...] = ()
    ranges: tuple[tuple[str, datetime | None, datetime | None], ...] = ()  # (column, low, high)
    labels: tuple[tuple[str, str], ...] = ()
    sort: str = "first_day"
    descending: bool = False
    after: tuple[str, int] | None = None  # (sort value, row id) of the last row of the previous page
    limit: int | None = None


def _base() -> Any:
    return Cluster.select(Cluster, MediaFile.path, MediaFile.source).join(
        MediaFile, JOIN.LEFT_OUTER, on=(Cluster.cover == MediaFile.id)
    )


def query(lib: Library, f: ClusterFilter) -> list[Any]:
    """Cluster rows (named tuples with the cover's ``path``) matching ``f``, in its order."""
    if f.sort not in SORT_COLUMNS:
        raise ValueError(f"unknown sort column {f.sort}")
    q = _base()
    if f.object_id:
        q = q.where(Cluster.object_id == f.object_id)
    if f.title:
        q = q.where(lib.engine.ascii_contains(Cluster.title, f.title))
    for column, value in f.address:
        if column not in ADDRESS_COLUMNS:
            raise ValueError(f"unknown address column {column}")
        q = q.where(lib.engine.ascii_lower_field(getattr(Cluster, column)) == ascii_lower(value))
    if f.levels:
        q = q.where(Cluster.level.in_(list(f.levels)))
    for column, low, high in f.ranges:
        if column not in RANGE_COLUMNS:
            raise ValueError(f"unknown range column {column}")
        field = getattr(Cluster, column)
        if low is not None:
            q = q.where(field >= low)
        if high is not None:
            q = q.where(field <= high)
    for key, value in f.labels:
        q = q.where(lib.engine.json_text(Cluster.custom_labels, key) == value)
    sort = getattr(Cluster, f.sort)
    if f.after is not None:
        value, row_id = f.after
        if f.descending:
            q = q.where((sort < value) | ((sort == value) & (Cluster.id < row_id)))
        else:
            q = q.where((sort > value) | ((sort == value) & (Cluster.id > row_id)))
    order = (sort.desc(), Cluster.id.desc()) if f.descending else (sort, Cluster.id)
    q = q.order_by(*order)
    if f.limit is not None:
        q = q.limit(f.limit)
    rows = fast_rows.namedtuples(lib, q)
    covered = [n for n, row in enumerate(rows) if row.path]
    if covered:
        paths = mounts.absolute_many(mounts.mounts(lib), (rows[n].source for n in covered),
                                     (rows[n].path for n in covered))  # fmt: skip
        for n, path in zip(covered, paths, strict=True):
            rows[n] = rows[n]._replace(path=path)
    return rows


class CityVisit(NamedTuple):
    object_id: str
    country: str
    province: str
    city: str
    first_day: date
    last_day: date


def city_visits(lib: Library) -> list[CityVisit]:
    """The city-level clusters' places and days: what a trip needs to name the clusters it spans, without
    the rest of their rows."""
    q = (
        Cluster.select(Cluster.object_id, Cluster.country, Cluster.province, Cluster.city, Cluster.first_day,
                       Cluster.last_day)
        .where(Cluster.level == "city")
        .order_by(Cluster.first_day, Cluster.id)
    )  # fmt: skip
    return [CityVisit(*row) for row in fast_rows.namedtuples(lib, q)]


def paths_of(lib: Library, file_ids: Iterable[int]) -> dict[int, str]:
    """File id -> its path on this machine."""
    paths: dict[int, str] = {}
    mount_of: dict[int, str] | None = None
    for chunk in _chunks(sorted(set(file_ids)), 50_000):
        mount_of = mount_of if mount_of is not None else mounts.mounts(lib)
        # the ids written into the statement: as 23,000 parameters, building it took longer than running it
        listed = SQL("(" + ",".join(str(int(i)) for i in chunk) + ")")
        query = MediaFile.select(MediaFile.id, MediaFile.source, MediaFile.path)
        rows = lib.db.execute(query.where(MediaFile.id.in_(listed))).fetchall()
        if rows:
            ids, sources, stored = zip(*rows, strict=True)
            paths.update(zip(ids, mounts.absolute_many(mount_of, sources, stored), strict=True))
    return paths


def cluster_files(lib: Library, cluster_id: int) -> list[FileRecord]:
    """A cluster's files in capture order."""
    q = (
        MediaFile.select(*file_rows.RECORD_FIELDS)
        .where(MediaFile.id.in_(member_lists.member_ids(lib, "cluster", cluster_id)))
        .order_by(*file_rows.CAPTURE_ORDER)
    )
    return file_rows.records(q, lib)


def cluster_row(lib: Library, object_id: str) -> Any:
    """One cluster's row (with its cover's ``path``), or None."""
    rows = query(lib, ClusterFilter(object_id=object_id, limit=1))
    return rows[0] if rows else None


# -- changes by the user ------------------------------------------------------------------------------


def update_user_fields(
    lib: Library, object_id: str, now: datetime, *, title: str | None, custom_id: str | None,
    custom_labels: dict[str, str] | None,
) -> bool:  # fmt: skip
    """Set the given user fields; False when there is no such cluster."""
    values: dict[Any, Any] = {Cluster.updated_at: now}
    if title is not None:
        values[Cluster.title] = title
    if custom_id is not None:
        values[Cluster.custom_id] = custom_id
    if custom_labels is not None:
        values[Cluster.custom_labels] = json.dumps(custom_labels, ensure_ascii=False)
    with lib.write():
        return bool(Cluster.update(values).where(Cluster.object_id == object_id).execute(lib.db) > 0)


def delete_cluster(lib: Library, object_id: str, now: datetime) -> None:
    """Remove a cluster and remember it, so that no run brings it back."""
    with lib.write():
        row = (
            Cluster.select(
                Cluster.id, Cluster.level, Cluster.address_key, Cluster.first_day, Cluster.last_day
            )
            .where(Cluster.object_id == object_id)
            .tuples()
            .first(lib.db)
        )
        if row is None:
            return
        row_id, level, key, first, last = row
        DeletedCluster.insert(
            level=level, address_key=key, first_day=first, last_day=last, deleted_at=now
        ).execute(lib.db)
        member_lists.drop(lib, "cluster", [row_id])
        Cluster.delete().where(Cluster.id == row_id).execute(lib.db)


def named_outside(lib: Library, levels: Sequence[str]) -> int:
    """How many clusters carrying a user's title or labels are at a level not in ``levels``."""
    q = Cluster.select().where(
        Cluster.level.not_in(list(levels)) & ((Cluster.title != "") | (Cluster.custom_labels != "{}"))
    )
    return int(q.count(lib.db))


def restore_deleted(lib: Library) -> int:
    with lib.write():
        return int(DeletedCluster.delete().execute(lib.db))
