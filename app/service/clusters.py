"""Location-date clusters in the library: the clustering task, queries, updates and deletes (SPEC §4–§7).

A run recomputes the clusters of the whole library with the pure rule of :mod:`app.core.clustering`,
matches them to the stored ones to carry identity and the user's fields over, and writes only what
changed, in one transaction: a cancelled or killed run leaves the library as it was, and running again
gives the same result as an uninterrupted run.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from peewee import JOIN, fn

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
from app.core.progress import Cancelled, CancelToken, Progress, ProgressCallback
from app.service import tasks
from app.service.files import file_uri, lat_long, produce_time
from app.service.tasks import ServiceError, utcnow
from app.store.library import write
from app.store.models import Cluster as ClusterRow
from app.store.models import ClusterFile, DeletedCluster, MediaFile, Setting, database

OPTIONS_KEY = "clustering_options"
KEY_SEP = "\x1f"
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


def saved_options() -> ClusterOptions:
    """The options of the library's last run (SPEC §3), else the defaults for a new library."""
    row = Setting.get_or_none(Setting.key == OPTIONS_KEY)
    return ClusterOptions.from_request(json.loads(row.value)) if row else ClusterOptions()


def check_options(options: ClusterOptions) -> ClusterOptions:
    try:
        return options.validate()
    except OptionError as exc:
        raise invalid(str(exc)) from exc


# -- the clustering run ---------------------------------------------------------------------------------


class FileFacts(NamedTuple):
    """What a cluster row needs to know of its members beyond the rule's input."""

    offset: int | None
    kind: str
    sort_key: str
    day: str


def _load_entries(cancel: CancelToken | None) -> tuple[list[Entry], dict[str, int]]:
    """The files that can join a cluster, grouped by address and day in SQL; and how many cannot, by reason.

    Missing files take part as they were (SPEC §5: a disappeared file changes no cluster).
    """
    skipped = dict(
        database.execute_sql(
            "SELECT CASE WHEN status = 'error' THEN 'Unreadable'"
            " WHEN capture_day IS NULL THEN 'NoCaptureTime' ELSE 'NoPlace' END AS reason, COUNT(*)"
            " FROM media_file WHERE status = 'error' OR capture_day IS NULL OR country = '' GROUP BY reason"
        ).fetchall()
    )
    cursor = database.execute_sql(
        "SELECT capture_day, country, province, city, district, township, group_concat(id) FROM media_file"
        " WHERE status != 'error' AND capture_day IS NOT NULL AND country != ''"
        " GROUP BY capture_day, country, province, city, district, township"
    )
    entries = []
    ordinals: dict[str, int] = {}  # parse each distinct day once
    for n, (day, country, province, city, district, township, ids) in enumerate(cursor):
        if cancel is not None and n % 10_000 == 0:
            cancel.check()
        ordinal = ordinals.get(day)
        if ordinal is None:
            ordinal = ordinals[day] = date.fromisoformat(str(day)[:10]).toordinal()
        file_ids = [int(i) for i in ids.split(",")]
        entries.append(Entry(ordinal, (country, province, city, district, township), file_ids))
    return entries, skipped


def _load_facts(file_ids: set[int]) -> dict[int, FileFacts]:
    query = "SELECT id, local_offset_min, kind, COALESCE(produce_time, ''), capture_day FROM media_file"
    if len(file_ids) > 20_000:  # one scan beats thousands of lookups
        rows = database.execute_sql(query + " WHERE capture_day IS NOT NULL")
        return {r[0]: FileFacts(*r[1:4], str(r[4])) for r in rows if r[0] in file_ids}
    facts = {}
    ordered = sorted(file_ids)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for r in database.execute_sql(f"{query} WHERE id IN ({marks})", chunk):
            facts[r[0]] = FileFacts(*r[1:4], str(r[4]))
    return facts


def _signature(level: str, key: str, first: str, last: str, count: int, digest: int) -> tuple:
    return (level, key, first, last, count, digest)


def _match_unchanged(clusters: list[Cluster]) -> tuple[list[Cluster], list[Previous], int]:
    """Set aside the new clusters identical to a stored one (same place, days and members, by their
    fingerprint); return the rest, the stored clusters they may inherit from, and how many matched.

    Only the stored clusters left over have their membership loaded, so a run that changes little
    reads little.
    """
    stored = {}
    for row in database.execute_sql(
        "SELECT id, object_id, level, address_key, first_day, last_day, file_count, members_hash, age, title,"
        " custom_id, custom_labels FROM cluster"
    ):
        stored[_signature(row[2], row[3], str(row[4]), str(row[5]), row[6], row[7])] = row
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
    members: dict[int, list[int]] = defaultdict(list)
    ids = sorted(row[0] for row in left)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        sql = f"SELECT cluster_id, file_id FROM cluster_file WHERE cluster_id IN ({marks})"
        for cluster_id, file_id in database.execute_sql(sql, chunk):
            members[cluster_id].append(file_id)
    previous = [
        Previous(
            object_id=row[1],
            level=row[2],
            key=tuple(row[3].split(KEY_SEP)),
            first_day=date.fromisoformat(str(row[4])).toordinal(),
            last_day=date.fromisoformat(str(row[5])).toordinal(),
            file_ids=frozenset(members.get(row[0], ())),
            age=row[8],
            title=row[9],
            custom_id=row[10],
            custom_labels=json.loads(row[11] or "{}"),
        )
        for row in left
    ]
    return changed, previous, unchanged


def _deleted() -> list[Deleted]:
    return [
        Deleted(d.level, tuple(d.address_key.split(KEY_SEP)), d.first_day.toordinal(), d.last_day.toordinal())
        for d in DeletedCluster.select()
    ]


def _bound(day: int, end: bool, offsets: list[int | None]) -> tuple[str, datetime]:
    """00:00 of the first day or 23:59:59.999 of the last, in the photos' local time (RFC 3339)."""
    moment = datetime.combine(date.fromordinal(day), time(23, 59, 59, 999000) if end else time())
    offset = next((o for o in offsets if o is not None), None)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}"
    if offset is None:  # RFC 3339's "unknown local offset"
        return text + "-00:00", moment
    sign = "+" if offset >= 0 else "-"
    hours, minutes = divmod(abs(offset), 60)
    return f"{text}{sign}{hours:02d}:{minutes:02d}", moment - timedelta(minutes=offset)


def _row_values(cluster: Cluster, facts: dict[int, FileFacts]) -> dict[str, Any]:
    members = sorted(cluster.file_ids, key=lambda f: facts[f].sort_key)
    first_day, last_day = (
        date.fromordinal(cluster.first_day).isoformat(),
        date.fromordinal(cluster.last_day).isoformat(),
    )
    first = [facts[f].offset for f in members if facts[f].day == first_day]
    last = [facts[f].offset for f in reversed(members) if facts[f].day == last_day]
    start_text, start_utc = _bound(cluster.first_day, False, first)
    end_text, end_utc = _bound(cluster.last_day, True, last)
    photos = [f for f in members if facts[f].kind == "photo"]
    address = dict(zip(LEVELS, cluster.key, strict=False))
    return {
        "level": cluster.level,
        "address_key": KEY_SEP.join(cluster.key),
        **{level: address.get(level, "") for level in LEVELS},
        "first_day": first_day,
        "last_day": last_day,
        "start_time": start_text,
        "end_time": end_text,
        "start_utc": str(start_utc),
        "end_utc": str(end_utc),
        "cover_id": (photos or members)[len(photos or members) // 2],
        "previews": json.dumps(spread(photos or members, 4)),
        "file_count": len(members),
        "photo_count": len(photos),
        "video_count": len(members) - len(photos),
        "members_hash": members_hash(cluster.file_ids),
    }


@dataclass
class ClusteringReport:
    task: dict[str, Any]
    created: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0


def create_location_date_clustering_task(
    options: ClusterOptions,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    tags: dict[str, str] | None = None,
    user_data: str = "",
    notify_file: str | None = None,
) -> dict[str, Any]:
    """Cluster the library (CreateLocationDateClusteringTask); returns the finished task."""
    options = check_options(options)
    run = tasks.start_task("LocationDateClustering", options.as_request(), tags=tags, user_data=user_data)
    report = progress or (lambda p: None)
    try:
        report(Progress("read", 0, 0, "files"))
        entries, skipped = _load_entries(cancel)
        clustered = sum(len(e.file_ids) for e in entries)
        report(Progress("cluster", 1, 4, f"{clustered:,} files"))
        clusters = without_deleted(cluster_entries(entries, options), _deleted())
        del entries
        if cancel is not None:
            cancel.check()
        report(Progress("match", 2, 4, f"{len(clusters):,} clusters"))
        changed, previous, unchanged = _match_unchanged(clusters)
        outcomes, ended = reconcile(previous, changed)
        if cancel is not None:
            cancel.check()
        report(Progress("save", 3, 4, ""))
        counts = _write(outcomes, ended, options, cancel)
        counts["ClustersUnchanged"] = unchanged
        run.result = {
            "FilesClustered": clustered,
            "FilesSkipped": sum(skipped.values()),
            "SkippedByReason": skipped,
            **counts,
        }
        report(Progress("done", 4, 4, ""))
        task = run.finish("Succeeded")
    except Cancelled:
        task = run.finish("Cancelled", code="Cancelled", message="Cancelled; the library is as it was.")
    except Exception as exc:
        run.finish("Failed", code="InternalError", message=f"{type(exc).__name__}: {exc}")
        raise
    if notify_file:
        tasks.notify(task, notify_file)
    return task


_COLUMNS = (
    "level", "address_key", "country", "province", "city", "district", "township", "first_day", "last_day",
    "start_time", "end_time", "start_utc", "end_utc", "cover_id", "file_count", "photo_count", "video_count",
    "title", "custom_id", "custom_labels", "members_hash", "previews",
)  # fmt: skip


def _write(
    outcomes: list[Outcome], ended: list[Previous], options: ClusterOptions, cancel: CancelToken | None
) -> dict[str, int]:
    """Write what changed, with raw statements in batches (a first run may create 100,000 clusters)."""
    now = str(utcnow())
    ids = dict(database.execute_sql("SELECT object_id, id FROM cluster").fetchall())
    next_id, next_age = database.execute_sql(
        "SELECT COALESCE(MAX(id), 0), COALESCE(MAX(age), 0) FROM cluster"
    ).fetchone()
    gone = [ids[p.object_id] for p in ended] + [ids[p.object_id] for o in outcomes for p in o.absorbed]
    facts = _load_facts({f for o in outcomes for f in o.cluster.file_ids})
    created, updated, memberships = [], [], []
    for outcome in outcomes:
        cluster, old = outcome.cluster, outcome.previous
        title, custom_id, labels = outcome.user_fields()
        values = _row_values(cluster, facts)
        values.update(title=title, custom_id=custom_id, custom_labels=json.dumps(labels, ensure_ascii=False))
        row = [values[c] for c in _COLUMNS]
        if old is None:
            next_id, next_age = next_id + 1, next_age + 1
            created.append([next_id, f"location-date-cluster-{uuid.uuid4()}", now, now, next_age, *row])
            row_id = next_id
        else:
            row_id = ids[old.object_id]
            updated.append([*row, now, row_id])
        memberships.extend((row_id, f) for f in cluster.file_ids)
    if cancel is not None:
        cancel.check()  # the last point where a cancel is honoured: from here on, one transaction
    cursor = database.cursor()
    with write(database):
        cursor.executemany("DELETE FROM cluster WHERE id = ?", [(g,) for g in gone])
        stale = [(g,) for g in gone] + [(u[-1],) for u in updated]
        cursor.executemany("DELETE FROM cluster_file WHERE cluster_id = ?", stale)
        assignments = ", ".join(f"{c} = ?" for c in _COLUMNS)
        cursor.executemany(f"UPDATE cluster SET {assignments}, updated_at = ? WHERE id = ?", updated)
        columns = ", ".join(("id", "object_id", "created_at", "updated_at", "age", *_COLUMNS))
        marks = ", ".join("?" * (5 + len(_COLUMNS)))
        cursor.executemany(f"INSERT INTO cluster ({columns}) VALUES ({marks})", created)
        memberships.sort()
        cursor.executemany("INSERT INTO cluster_file (cluster_id, file_id) VALUES (?, ?)", memberships)
        Setting.replace(key=OPTIONS_KEY, value=json.dumps(options.as_request())).execute()
    return {
        "ClustersCreated": len(created),
        "ClustersUpdated": len(updated),
        "ClustersRemoved": len(gone),
    }


# -- reading --------------------------------------------------------------------------------------------


def _addresses(row: ClusterRow) -> list[dict[str, str]]:
    parts = [getattr(row, level) for level in LEVELS[: LEVELS.index(row.level) + 1]]
    return [
        {
            "Language": "en",
            "Country": row.country,
            "Province": row.province,
            "City": row.city,
            "District": row.district,
            "Township": row.township,
            "AddressLine": ", ".join(p for p in reversed(parts) if p),
        }
    ]


def cluster_to_dict(row: ClusterRow, cover_path: str | None, with_files: bool = False) -> dict[str, Any]:
    result = {
        "ObjectId": row.object_id,
        "ObjectType": "location-date-cluster",
        "Title": row.title,
        "LocationDateClusterLevel": row.level,
        "LocationDateClusterStartTime": row.start_time,
        "LocationDateClusterEndTime": row.end_time,
        "Addresses": _addresses(row),
        "CustomId": row.custom_id,
        "CustomLabels": json.loads(row.custom_labels or "{}"),
        "CreateTime": tasks.rfc3339_utc(row.created_at),
        "UpdateTime": tasks.rfc3339_utc(row.updated_at),
        # extensions
        "FileCount": row.file_count,
        "PhotoCount": row.photo_count,
        "VideoCount": row.video_count,
        "Days": (row.last_day - row.first_day).days + 1,
        "CoverURI": file_uri(cover_path) if cover_path else "",
    }
    result.update(_captions(result, row))
    if with_files:
        result["Files"] = cluster_files(row.id)
    return result


def _captions(cluster: dict[str, Any], row: ClusterRow) -> dict[str, str]:
    """What people read (extensions): 'Hangzhou · Zhejiang, China', 'Mar 3–5, 2024', '3 days', '12 photos'."""
    from app.core.captions import date_range, days_text, media_counts, place_caption

    place = place_caption(cluster["Addresses"][0], row.level)
    return {
        "PlaceCaption": place,
        "Caption": cluster["Title"] or place,
        "DateRangeText": date_range(row.first_day, row.last_day),
        "DaysText": days_text(cluster["Days"]),
        "CountsText": media_counts(row.photo_count, row.video_count),
    }


def cluster_files(cluster_id: int) -> list[dict[str, str]]:
    query = (
        MediaFile.select(MediaFile)
        .join(ClusterFile, on=(ClusterFile.file_id == MediaFile.id))
        .where(ClusterFile.cluster_id == cluster_id)
        .order_by(MediaFile.produce_time, MediaFile.path)
    )
    files = []
    for f in query:
        local = f.local_time
        if local is None and f.utc_time is not None and f.local_offset_min is not None:
            local = f.utc_time + timedelta(minutes=f.local_offset_min)
        files.append(
            {
                "URI": file_uri(f.path),
                "ProduceTime": produce_time(local, f.utc_time, f.local_offset_min),
                "LatLong": lat_long(f.lat, f.lon),
                "MediaType": f.kind,
            }
        )
    return files


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
    if value.tzinfo is not None:
        value = (value - value.utcoffset()).replace(tzinfo=None)
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


def query_location_date_clusters(q: ClusterQuery) -> dict[str, Any]:
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
    conditions = []
    if q.object_id:
        conditions.append(ClusterRow.object_id == q.object_id)
    if q.title:
        conditions.append(ClusterRow.title.contains(q.title))  # LIKE: case-insensitive for ASCII
    for name, value in (q.address or {}).items():
        column = _ADDRESS_FIELDS.get(name[:1].upper() + name[1:].lower())
        if column is None:
            raise invalid(f"Address field {name!r} is not one of {', '.join(_ADDRESS_FIELDS)}")
        conditions.append(fn.LOWER(getattr(ClusterRow, column)) == value.lower())
    if q.levels:
        conditions.append(ClusterRow.level.in_(list(q.levels)))
    for (low, high), column, option in (
        (q.start_range, ClusterRow.start_utc, "LocationDateClusterStartTimeRange"),
        (q.end_range, ClusterRow.end_utc, "LocationDateClusterEndTimeRange"),
        (q.create_range, ClusterRow.created_at, "CreateTimeRange"),
        (q.update_range, ClusterRow.updated_at, "UpdateTimeRange"),
    ):
        if (bound := _instant(low, option)) is not None:
            conditions.append(column >= bound)
        if (bound := _instant(high, option)) is not None:
            conditions.append(column <= bound)
    for key, value in (q.labels or {}).items():
        conditions.append(fn.json_extract(ClusterRow.custom_labels, f'$."{key}"') == value)
    sort_column = getattr(ClusterRow, SORTS[q.sort])
    descending = q.order == "desc"
    if q.next_token:
        value, row_id = _untoken(q.next_token)
        after = (
            (sort_column < value) | ((sort_column == value) & (ClusterRow.id < row_id))
            if descending
            else ((sort_column > value) | ((sort_column == value) & (ClusterRow.id > row_id)))
        )
        conditions.append(after)
    query = ClusterRow.select(ClusterRow, MediaFile.path).join(
        MediaFile, JOIN.LEFT_OUTER, on=(ClusterRow.cover == MediaFile.id)
    )
    for condition in conditions:
        query = query.where(condition)
    order = (sort_column.desc(), ClusterRow.id.desc()) if descending else (sort_column, ClusterRow.id)
    rows = list(query.order_by(*order).limit(q.max_results + 1).namedtuples())
    more = len(rows) > q.max_results
    rows = rows[: q.max_results]
    token = _token(getattr(rows[-1], SORTS[q.sort]), rows[-1].id) if more else ""
    return {"LocationDateClusters": _dicts(rows, q.with_files), "NextToken": token}


def _dicts(rows: list[Any], with_files: bool) -> list[dict[str, Any]]:
    """Cluster rows (with their cover's path) as IMM dicts, their preview photos' URIs added."""
    previews = {r.id: json.loads(r.previews or "[]") for r in rows}
    wanted = list({i for ids in previews.values() for i in ids})
    paths: dict[int, str] = {}
    for start in range(0, len(wanted), 900):  # SQLite's limit on bound values
        chunk = wanted[start : start + 900]
        paths.update(MediaFile.select(MediaFile.id, MediaFile.path).where(MediaFile.id.in_(chunk)).tuples())
    clusters = []
    for r in rows:
        cluster = cluster_to_dict(r, r.path, with_files)
        cluster["PreviewURIs"] = [file_uri(paths[i]) for i in previews[r.id] if i in paths]
        clusters.append(cluster)
    return clusters


def all_location_date_clusters() -> list[dict[str, Any]]:
    """Every cluster at once, for the window's timeline (one query instead of a hundred pages)."""
    query = ClusterRow.select(ClusterRow, MediaFile.path).join(
        MediaFile, JOIN.LEFT_OUTER, on=(ClusterRow.cover == MediaFile.id)
    )
    return _dicts(list(query.order_by(ClusterRow.first_day, ClusterRow.id).namedtuples()), False)


# -- changing -------------------------------------------------------------------------------------------


def _check_text(name: str, value: str | None) -> None:
    if value is not None and len(value.encode("utf-8")) > TEXT_MAX_BYTES:
        raise invalid(f"{name} must be at most {TEXT_MAX_BYTES:,} bytes of UTF-8, not {len(value.encode())}")


def update_location_date_cluster(
    object_id: str,
    *,
    title: str | None = None,
    custom_id: str | None = None,
    custom_labels: dict[str, str] | None = None,
) -> dict[str, Any]:
    """UpdateLocationDateCluster: omitted fields stay; CustomLabels replaces the old set."""
    _check_text("Title", title)
    _check_text("CustomId", custom_id)
    if custom_labels is not None and len(custom_labels) > LABELS_MAX:
        raise invalid(f"CustomLabels may hold at most {LABELS_MAX} pairs, not {len(custom_labels)}")
    with write(database):
        row = ClusterRow.get_or_none(ClusterRow.object_id == object_id)
        if row is None:
            raise ServiceError("ResourceNotFound", f"no cluster with ObjectId {object_id}")
        if title is not None:
            row.title = title
        if custom_id is not None:
            row.custom_id = custom_id
        if custom_labels is not None:
            row.custom_labels = json.dumps(custom_labels, ensure_ascii=False)
        row.updated_at = utcnow()
        row.save()
    return query_location_date_clusters(ClusterQuery(object_id=object_id))["LocationDateClusters"][0]


def delete_location_date_cluster(object_id: str) -> None:
    """DeleteLocationDateCluster: always succeeds; the files are never touched, and no run brings it back."""
    with write(database):
        row = ClusterRow.get_or_none(ClusterRow.object_id == object_id)
        if row is None:
            return
        DeletedCluster.create(
            level=row.level, address_key=row.address_key, first_day=row.first_day, last_day=row.last_day,
            deleted_at=utcnow(),
        )  # fmt: skip
        ClusterFile.delete().where(ClusterFile.cluster_id == row.id).execute()
        row.delete_instance()


def restore_deleted_clusters() -> int:
    """Forget the deleted clusters, so that the next run brings them back; returns how many."""
    with write(database):
        return DeletedCluster.delete().execute()
