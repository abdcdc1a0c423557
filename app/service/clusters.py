"""Location-date clusters in the library: the clustering task, queries, updates and deletes (SPEC §4–§7).

A run recomputes the clusters of the whole library with the pure rule of :mod:`app.core.clustering`,
matches them to the stored ones to carry identity and the user's fields over, and writes only what
changed, in one transaction: a cancelled or killed run leaves the library as it was, and running again
gives the same result as an uninterrupted run.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from app.core.clustering import (
    LEVELS,
    Cluster,
    ClusterOptions,
    Deleted,
    Entry,
    OptionError,
    Outcome,
    Previous,
    cluster_entries,
    members_hash,
    reconcile,
    spread,
    without_deleted,
)
from app.core.progress import CancelToken, Progress, ProgressCallback
from app.imm import produce_time
from app.service import tasks
from app.service.records import Address, ClusterInfo, ClusterMember, ClusterPage
from app.service.tasks import ServiceError, utcnow
from app.store import clusters as store
from app.store.clusters import KEY_SEP, ClusterFilter, RunWrites
from app.store.file_table import FileTable, file_table
from app.store.library import Library

if TYPE_CHECKING:
    from app.core.places import Places
    from app.core.trips import TripOptions
from app.store.tasks import TaskRecord

OPTIONS_KEY = "clustering_options"
TEXT_MAX_BYTES = 1024
LABELS_MAX = 100
SORTS = {
    "LocationDateClusterStartTime": "first_day",
    "LocationDateClusterEndTime": "last_day",
    "CreateTime": "created_at",
    "UpdateTime": "updated_at",
}


def invalid(message: str) -> ServiceError:
    return ServiceError("InvalidArgument", message)


# -- options --------------------------------------------------------------------------------------------


def saved_options(lib: Library) -> ClusterOptions:
    """The options of the library's last run (SPEC §3), else the defaults for a new library."""
    value = store.setting(lib, OPTIONS_KEY)
    return ClusterOptions.from_request(json.loads(value)) if value else ClusterOptions()


def check_options(options: ClusterOptions) -> ClusterOptions:
    try:
        return options.validate()
    except OptionError as exc:
        raise invalid(str(exc)) from exc


# -- the clustering run ---------------------------------------------------------------------------------


def _load_entries(lib: Library, cancel: CancelToken | None) -> tuple[list[Entry], dict[str, int]]:
    """The files that can join a cluster, grouped by address and day; and how many cannot, by reason."""
    import numpy as np

    skipped = store.skipped_by_reason(lib)
    table = file_table(lib)  # kept with the library: a run after a few new files reads only those
    rows = np.flatnonzero((table.day != 0) & (table.city >= 0))  # a capture day and a country
    rows = rows[np.lexsort((table.city[rows], table.day[rows]))]
    if not len(rows):
        return [], skipped
    group = table.day[rows] * (len(table.addresses) + 1) + table.city[rows]
    starts = np.r_[0, np.flatnonzero(np.diff(group)) + 1]
    ends = np.r_[starts[1:], len(rows)]
    ids = table.file_id[rows].tolist()
    days, cities = table.day[rows].tolist(), table.city[rows].tolist()
    entries = []
    for n, (start, end) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
        if cancel is not None and n % 10_000 == 0:
            cancel.check()
        entries.append(Entry(days[start], table.addresses[cities[start]], ids[start:end]))
    return entries, skipped


def _signature(
    level: str, key: str, first: str, last: str, count: int, digest: int
) -> tuple[str, str, str, str, int, int]:
    return (level, key, first, last, count, digest)


def _match_unchanged(lib: Library, clusters: list[Cluster]) -> tuple[list[Cluster], list[Previous], int]:
    """Set aside the new clusters identical to a stored one (same place, days and members, by their
    fingerprint); return the rest, the stored clusters they may inherit from, and how many matched.

    Only the stored clusters left over have their membership loaded, so a run that changes little
    reads little.
    """
    stored = {}
    for row in store.stored_clusters(lib):
        key = _signature(
            row.level, row.address_key, row.first_day, row.last_day, row.file_count, row.members_hash
        )
        stored[key] = row
    changed = []
    for cluster in clusters:
        first, last = date.fromordinal(cluster.first_day), date.fromordinal(cluster.last_day)
        signature = _signature(
            cluster.level, KEY_SEP.join(cluster.key), first.isoformat(), last.isoformat(),
            len(cluster.file_ids), members_hash(cluster.file_ids),
        )  # fmt: skip
        if stored.pop(signature, None) is None:
            changed.append(cluster)
    unchanged = len(clusters) - len(changed)
    left = list(stored.values())
    members = store.memberships(lib, [row.id for row in left])
    previous = [
        Previous(
            object_id=row.object_id,
            level=row.level,
            key=tuple(row.address_key.split(KEY_SEP)),
            first_day=date.fromisoformat(row.first_day).toordinal(),
            last_day=date.fromisoformat(row.last_day).toordinal(),
            file_ids=frozenset(members.get(row.id, ())),
            age=row.age,
            title=row.title,
            custom_id=row.custom_id,
            custom_labels=json.loads(row.custom_labels or "{}"),
        )
        for row in left
    ]
    return changed, previous, unchanged


def _deleted(lib: Library) -> list[Deleted]:
    return [
        Deleted(level, tuple(key.split(KEY_SEP)), first.toordinal(), last.toordinal())
        for level, key, first, last in store.deleted(lib)
    ]


def day_bound(day: int, end: bool, offsets: Sequence[int | None]) -> tuple[str, datetime]:
    """00:00 of the first day or 23:59:59.999 of the last, in the photos' local time (RFC 3339)."""
    moment = datetime.combine(date.fromordinal(day), time(23, 59, 59, 999000) if end else time())
    offset = next((o for o in offsets if o is not None), None)
    text = date.fromordinal(day).isoformat() + ("T23:59:59.999" if end else "T00:00:00.000")
    if offset is None:  # RFC 3339's "unknown local offset"
        return text + "-00:00", moment
    sign = "+" if offset >= 0 else "-"
    hours, minutes = divmod(abs(offset), 60)
    return f"{text}{sign}{hours:02d}:{minutes:02d}", moment - timedelta(minutes=offset)


def _rows_values(clusters: Sequence[Cluster], table: FileTable) -> list[dict[str, Any]]:
    """The rows of ``clusters``, their members' times, offsets and kinds from the library's file table.

    Done for all clusters at once (a first run over a million files makes some 45,000): members in capture
    order, the middle photo as the cover, the offset of the first and the last day's photos.
    """
    import numpy as np

    sizes = np.fromiter((len(c.file_ids) for c in clusters), np.int64, len(clusters))
    owner = np.repeat(np.arange(len(clusters)), sizes)
    rows = table.rows_of(np.fromiter((f for c in clusters for f in c.file_ids), np.int64, int(sizes.sum())))
    when = np.where(np.isfinite(table.utc[rows]), table.utc[rows], table.wall[rows])
    order = np.lexsort((table.file_id[rows], when, owner))  # by cluster, then capture order
    rows, owner = rows[order], owner[order]
    starts = np.r_[0, np.cumsum(sizes)]
    members = table.file_id[rows].tolist()
    photo = table.photo[rows]
    photo_ids = table.file_id[rows[photo]].tolist()
    photo_starts = np.r_[0, np.cumsum(np.bincount(owner[photo], minlength=len(clusters)))].tolist()
    day, offset = table.day[rows], table.offset[rows]
    first = np.fromiter((c.first_day for c in clusters), np.int64, len(clusters))
    last = np.fromiter((c.last_day for c in clusters), np.int64, len(clusters))
    known = np.isfinite(offset)
    # the first stated offset on a cluster's first day, the last one on its last day (-1: none)
    on_first = np.flatnonzero(known & (day == first[owner]))
    first_at = np.full(len(clusters), -1)
    first_at[owner[on_first][::-1]] = on_first[::-1]  # where owners repeat, the earliest write wins last
    on_last = np.flatnonzero(known & (day == last[owner]))
    last_at = np.full(len(clusters), -1)
    last_at[owner[on_last]] = on_last
    offsets = offset.tolist()
    result = []
    for n, cluster in enumerate(clusters):
        own = members[starts[n] : starts[n + 1]]
        photos = photo_ids[photo_starts[n] : photo_starts[n + 1]]
        pool = photos or own
        start_text, start_utc = day_bound(
            cluster.first_day, False, [int(offsets[first_at[n]])] if first_at[n] >= 0 else []
        )
        end_text, end_utc = day_bound(
            cluster.last_day, True, [int(offsets[last_at[n]])] if last_at[n] >= 0 else []
        )
        address = dict(zip(LEVELS, cluster.key, strict=False))
        result.append({
            "level": cluster.level,
            "address_key": KEY_SEP.join(cluster.key),
            **{level: address.get(level, "") for level in LEVELS},
            "first_day": date.fromordinal(cluster.first_day).isoformat(),
            "last_day": date.fromordinal(cluster.last_day).isoformat(),
            "start_time": start_text,
            "end_time": end_text,
            "start_utc": str(start_utc),
            "end_utc": str(end_utc),
            "cover_id": pool[len(pool) // 2],
            "previews": json.dumps(spread(pool, 4)),
            "file_count": len(own),
            "photo_count": len(photos),
            "video_count": len(own) - len(photos),
            "members_hash": members_hash(cluster.file_ids),
        })  # fmt: skip
    return result


def create_location_date_clustering_task(
    lib: Library,
    options: ClusterOptions,
    *,
    trip_options: TripOptions | None = None,
    places: Places | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    tags: dict[str, str] | None = None,
    user_data: str = "",
    notify_file: str | None = None,
) -> TaskRecord:
    """Cluster the library (CreateLocationDateClusteringTask); returns the finished task."""
    from app.service import trips

    options = check_options(options)
    trip_opts = trips.check_options(trip_options or trips.saved_options(lib))
    report = progress or (lambda p: None)
    with tasks.running_task(
        lib, "LocationDateClustering", {**options.as_request(), **trip_opts.as_request()}, tags=tags,
        user_data=user_data, notify_file=notify_file,
    ) as run:  # fmt: skip
        run.cancel_message = "Cancelled; the library is as it was."
        report(Progress("read", 0, 0, "files"))
        entries, skipped = _load_entries(lib, cancel)
        clustered = sum(len(e.file_ids) for e in entries)
        report(Progress("cluster", 1, 5, f"{clustered:,} files"))
        clusters = without_deleted(cluster_entries(entries, options), _deleted(lib))
        del entries
        if cancel is not None:
            cancel.check()
        report(Progress("match", 2, 5, f"{len(clusters):,} clusters"))
        changed, previous, unchanged = _match_unchanged(lib, clusters)
        outcomes, ended = reconcile(previous, changed)
        if cancel is not None:
            cancel.check()
        report(Progress("save", 3, 5, ""))
        counts = _write(lib, outcomes, ended, options, cancel)
        counts["ClustersUnchanged"] = unchanged
        report(Progress("trips", 4, 5, ""))
        table = None
        if places is not None:
            counts["FilesEstimated"], table = trips.estimate_places(lib, places, trip_opts, cancel)
        counts.update(trips.fold_trips(lib, trip_opts, table))
        store.set_setting(lib, trips.OPTIONS_KEY, json.dumps(trip_opts.as_request()))
        run.result = {
            "FilesClustered": clustered,
            "FilesSkipped": sum(skipped.values()),
            "SkippedByReason": skipped,
            **counts,
        }
        report(Progress("done", 5, 5, ""))
    return run.ended


def _write(
    lib: Library, outcomes: list[Outcome], ended: list[Previous], options: ClusterOptions,
    cancel: CancelToken | None,
) -> dict[str, int]:  # fmt: skip
    """Turn the run's outcome into rows and save them in one transaction."""
    ids = store.ids_by_object(lib)
    gone = [ids[p.object_id] for p in ended] + [ids[p.object_id] for o in outcomes for p in o.absorbed]
    table = file_table(lib)
    writes = RunWrites(gone=gone, created=[], updated=[], members=[])
    rows = _rows_values([o.cluster for o in outcomes], table)
    for outcome, values in zip(outcomes, rows, strict=True):
        cluster, old = outcome.cluster, outcome.previous
        title, custom_id, labels = outcome.user_fields()
        values.update(title=title, custom_id=custom_id, custom_labels=json.dumps(labels, ensure_ascii=False))
        row = [values[c] for c in store.RUN_COLUMNS]
        if old is None:
            owner: Any = ("new", len(writes.created))
            writes.created.append([f"location-date-cluster-{uuid.uuid4()}", *row])
        else:
            owner = ids[old.object_id]
            writes.updated.append([owner, *row])
        writes.members.append((owner, cluster.file_ids))
    if cancel is not None:
        cancel.check()  # the last point where a cancel is honoured: from here on, one transaction
    store.save_run(lib, writes, utcnow(), OPTIONS_KEY, json.dumps(options.as_request()))
    return {
        "ClustersCreated": len(writes.created),
        "ClustersUpdated": len(writes.updated),
        "ClustersRemoved": len(gone),
    }


# -- reading --------------------------------------------------------------------------------------------


def _address(row: Any) -> Address:
    parts = [getattr(row, level) for level in LEVELS[: LEVELS.index(row.level) + 1]]
    return Address(
        row.country, row.province, row.city, row.district, row.township,
        ", ".join(p for p in reversed(parts) if p),
    )  # fmt: skip


def _info(lib: Library, row: Any, preview_paths: list[str], with_files: bool = False) -> ClusterInfo:
    """A stored cluster (with its cover's ``path``) as a record, with the captions people read."""
    from app.core.captions import date_range, days_text, media_counts, place_caption

    address = _address(row)
    names = {"Country": address.country, "Province": address.province, "City": address.city,
             "District": address.district, "Township": address.township}  # fmt: skip
    return ClusterInfo(
        object_id=row.object_id, level=row.level, address=address, first_day=row.first_day,
        last_day=row.last_day, start_time=row.start_time, end_time=row.end_time, title=row.title,
        custom_id=row.custom_id, custom_labels=json.loads(row.custom_labels or "{}"),
        created_at=row.created_at, updated_at=row.updated_at, file_count=row.file_count,
        photo_count=row.photo_count, video_count=row.video_count, cover_path=row.path or None,
        preview_paths=preview_paths, place_caption=place_caption(names, row.level),
        date_range_text=date_range(row.first_day, row.last_day),
        days_text=days_text((row.last_day - row.first_day).days + 1),
        counts_text=media_counts(row.photo_count, row.video_count),
        files=cluster_files(lib, row.id) if with_files else None,
    )  # fmt: skip


def cluster_files(lib: Library, cluster_id: int) -> list[ClusterMember]:
    members = []
    for f in store.cluster_files(lib, cluster_id):
        when = produce_time(f.local_time, f.utc_time, f.local_offset_min)
        members.append(ClusterMember(f.path, when, f.lat, f.lon, f.kind, f.address_line, f.camera))
    return members


@dataclass
class ClusterQuery:
    """QueryLocationDateClusters' filters (all optional, ANDed), sort and paging (SPEC §6)."""

    object_id: str | None = None
    title: str | None = None
    address: dict[str, str] | None = None
    levels: tuple[str, ...] = ()
    start_range: tuple[str | None, str | None] = (None, None)
    end_range: tuple[str | None, str | None] = (None, None)
    create_range: tuple[str | None, str | None] = (None, None)
    update_range: tuple[str | None, str | None] = (None, None)
    labels: dict[str, str] | None = None
    sort: str = "LocationDateClusterStartTime"
    order: str = "asc"
    max_results: int = 20
    next_token: str = ""
    with_files: bool = False


_ADDRESS_FIELDS = {"Country": "country", "Province": "province", "City": "city", "District": "district",
                   "Township": "township"}  # fmt: skip


def _instant(text: str | None, option: str) -> datetime | None:
    """An RFC 3339 bound as naive UTC (a bound without offset is taken as UTC)."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise invalid(
            f"{option} must be an RFC 3339 time such as 2024-03-03T00:00:00+08:00, not {text!r}"
        ) from exc
    offset = value.utcoffset()
    if offset is not None:
        value = (value - offset).replace(tzinfo=None)
    return value


def _token(sort_value: Any, row_id: int) -> str:
    import base64

    return base64.urlsafe_b64encode(json.dumps([str(sort_value), row_id]).encode()).decode()


def _untoken(token: str) -> tuple[str, int]:
    import base64

    try:
        value, row_id = json.loads(base64.urlsafe_b64decode(token.encode()))
        return str(value), int(row_id)
    except (ValueError, TypeError) as exc:
        raise invalid("NextToken is not one that a previous query returned") from exc


def query_location_date_clusters(lib: Library, q: ClusterQuery) -> ClusterPage:
    if q.sort not in SORTS:
        raise invalid(f"Sort must be one of {', '.join(SORTS)}, not {q.sort!r}")
    if q.order not in ("asc", "desc"):
        raise invalid(f"Order must be asc or desc, not {q.order!r}")
    if isinstance(q.max_results, bool) or not 1 <= q.max_results <= 100:
        raise invalid(f"MaxResults must be from 1 to 100, not {q.max_results!r}")
    for level in q.levels:
        if level not in LEVELS:
            raise invalid(
                f"LocationDateClusterLevels: unknown level {level!r}; choose from {', '.join(LEVELS)}"
            )
    address = []
    for name, value in (q.address or {}).items():
        column = _ADDRESS_FIELDS.get(name[:1].upper() + name[1:].lower())
        if column is None:
            raise invalid(f"Address field {name!r} is not one of {', '.join(_ADDRESS_FIELDS)}")
        address.append((column, value))
    ranges = tuple(
        (column, _instant(low, option), _instant(high, option))
        for (low, high), column, option in (
            (q.start_range, "start_utc", "LocationDateClusterStartTimeRange"),
            (q.end_range, "end_utc", "LocationDateClusterEndTimeRange"),
            (q.create_range, "created_at", "CreateTimeRange"),
            (q.update_range, "updated_at", "UpdateTimeRange"),
        )
    )
    rows = store.query(
        lib,
        ClusterFilter(
            object_id=q.object_id or None, title=q.title or None, address=tuple(address),
            levels=tuple(q.levels),
            ranges=ranges, labels=tuple((q.labels or {}).items()), sort=SORTS[q.sort],
            descending=q.order == "desc", after=_untoken(q.next_token) if q.next_token else None,
            limit=q.max_results + 1,
        ),
    )  # fmt: skip
    more = len(rows) > q.max_results
    rows = rows[: q.max_results]
    token = _token(getattr(rows[-1], SORTS[q.sort]), rows[-1].id) if more else ""
    return ClusterPage(_infos(lib, rows, q.with_files), token)


def _infos(lib: Library, rows: list[Any], with_files: bool) -> list[ClusterInfo]:
    """Cluster rows (with their cover's path) as records, their preview photos' paths loaded at once."""
    previews = {r.id: json.loads(r.previews or "[]") for r in rows}
    paths = store.paths_of(lib, (i for ids in previews.values() for i in ids))
    return [_info(lib, r, [paths[i] for i in previews[r.id] if i in paths], with_files) for r in rows]


def all_location_date_clusters(lib: Library) -> list[ClusterInfo]:
    """Every cluster at once, for the window's timeline (one query instead of a hundred pages)."""
    return _infos(lib, store.query(lib, ClusterFilter()), False)


# -- changing -------------------------------------------------------------------------------------------


def check_user_fields(
    title: str | None, custom_id: str | None = None, custom_labels: dict[str, str] | None = None
) -> None:
    """The limits of SPEC §6 on what a user writes on a cluster (and on a trip)."""
    for name, value in (("Title", title), ("CustomId", custom_id)):
        if value is not None and len(value.encode("utf-8")) > TEXT_MAX_BYTES:
            raise invalid(
                f"{name} must be at most {TEXT_MAX_BYTES:,} bytes of UTF-8, not {len(value.encode())}"
            )
    if custom_labels is not None and len(custom_labels) > LABELS_MAX:
        raise invalid(f"CustomLabels may hold at most {LABELS_MAX} pairs, not {len(custom_labels)}")


def update_location_date_cluster(
    lib: Library,
    object_id: str,
    *,
    title: str | None = None,
    custom_id: str | None = None,
    custom_labels: dict[str, str] | None = None,
) -> ClusterInfo:
    """UpdateLocationDateCluster: omitted fields stay; CustomLabels replaces the old set."""
    check_user_fields(title, custom_id, custom_labels)
    found = store.update_user_fields(
        lib, object_id, utcnow(), title=title, custom_id=custom_id, custom_labels=custom_labels
    )
    if not found:
        raise ServiceError("ResourceNotFound", f"no cluster with ObjectId {object_id}")
    return query_location_date_clusters(lib, ClusterQuery(object_id=object_id)).clusters[0]


def delete_location_date_cluster(lib: Library, object_id: str) -> None:
    """DeleteLocationDateCluster: always succeeds; the files are never touched, and no run brings it back."""
    store.delete_cluster(lib, object_id, utcnow())


def restore_deleted_clusters(lib: Library) -> int:
    """Forget the deleted clusters, so that the next run brings them back; returns how many."""
    return store.restore_deleted(lib)
