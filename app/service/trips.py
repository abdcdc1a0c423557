"""Trips, homes and estimated places (SPEC §10): computed in the clustering task, then queried and edited.

A run has two steps.  :func:`estimate_places` borrows positions for files without GPS and names them
(it needs the place table, so it runs in the clustering task only).  :func:`fold_trips` detects homes,
folds the away days into trips with their stops, carries identity and the user's titles over, and writes
it all at once; it runs after every change a user makes (a merge, a split, a home), from the stored
estimates, so those answers come back at once.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import numpy as np

from app.core import homes as home_rules
from app.core import trips as trip_rules
from app.core.clustering import OptionError, spread
from app.core.estimates import TimedColumns
from app.core.estimates import estimate_places as borrow_places
from app.core.homes import FileColumns, Home, HomeRejection, UserHome
from app.core.places import Places
from app.core.progress import CancelToken
from app.core.trips import DeletedTrip, MergeTrips, SplitTrip, StoredTrip, Trip, TripOptions
from app.imm import produce_time
from app.service.clusters import check_user_fields, day_bound
from app.service.records import Address
from app.service.tasks import ServiceError, utcnow
from app.store import clusters as cluster_store
from app.store import map_rows
from app.store import trips as store
from app.store.file_table import FileTable, file_table
from app.store.library import Library
from app.store.trips import HomeRow, TripWrites

OPTIONS_KEY = "trip_options"


def invalid(message: str) -> ServiceError:
    return ServiceError("InvalidArgument", message)


# -- records ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StopInfo:
    """A stop of a trip; ``lat``/``lon``: the median place of its files (None when none has one), worked
    out when the trip is read with its files or by its id (:func:`app.core.route.stop_positions`), so a
    map can draw it.  A listing of every trip without files leaves them None: it would read every
    trip's files (300 ms for 100,000 of them) for a timeline that draws no map."""

    address: Address
    first_day: date
    last_day: date
    file_count: int
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class TripMember:
    path: str
    produce_time: str
    lat: float | None
    lon: float | None
    estimated: bool
    kind: str
    place: str = ""  # the read place's name (its address line); empty for an estimated one
    camera: str = ""  # 'Make|Model|serial', for the viewer


@dataclass(frozen=True)
class TripInfo:
    """A trip as people see it: its caption (the user's title, else the generated one), days and stops."""

    trip_id: str
    title: str
    generated_caption: str
    place: Address
    countries: list[str]
    first_day: date
    last_day: date
    start_time: str
    end_time: str
    file_count: int
    estimated_count: int
    photo_count: int
    video_count: int
    cover_path: str | None
    preview_paths: list[str]
    stops: list[StopInfo]
    cluster_ids: list[str]
    custom_labels: dict[str, str]
    created_at: datetime
    updated_at: datetime
    files: list[TripMember] | None = None

    @property
    def caption(self) -> str:
        return self.title or self.generated_caption

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


@dataclass(frozen=True)
class HomeInfo:
    home_id: str
    source: str  # "detected" or "user"
    address: Address
    lat: float | None
    lon: float | None
    radius_km: float | None
    first_day: date | None
    last_day: date | None
    photo_days: int


# -- options ------------------------------------------------------------------------------------------


def saved_options(lib: Library) -> TripOptions:
    value = cluster_store.setting(lib, OPTIONS_KEY)
    return TripOptions.from_request(json.loads(value)) if value else TripOptions()


def check_options(options: TripOptions) -> TripOptions:
    try:
        return options.validate()
    except OptionError as exc:
        raise invalid(str(exc)) from exc


# -- the run ------------------------------------------------------------------------------------------


def estimate_places(
    lib: Library, places: Places, options: TripOptions, cancel: CancelToken | None
) -> tuple[int, FileTable]:
    """Borrow a position for every file without one (SPEC §10), name it, and store it apart (only when it
    changed); returns how many files have one, and the files with their estimates for :func:`fold_trips`.
    With estimation off, every stored estimate is dropped."""
    table = file_table(lib)
    est_lat = np.full(len(table.file_id), np.nan)
    est_lon = est_lat.copy()
    est_city = np.full(len(table.file_id), -1, dtype=np.int64)
    codes = {address: n for n, address in enumerate(table.addresses)}  # five levels; estimates name three
    rows: list[tuple[float, float, str, str, str, int]] = []
    if options.estimate_hours is not None and len(table.file_id):
        timed = TimedColumns.build(table.file_id, table.camera, table.utc, table.wall, table.lat, table.lon)
        found = borrow_places(timed, options.estimate_hours, skip=table.rejected)
        if cancel is not None:
            cancel.check()
        addresses = places.resolve_many(list(zip(found.lat.tolist(), found.lon.tolist(), strict=True)))
        for row, lat, lon, file_id, address in zip(
            found.row.tolist(), found.lat.tolist(), found.lon.tolist(), found.file_id.tolist(), addresses,
            strict=True,
        ):  # fmt: skip
            if address is not None and address.country:
                rows.append((lat, lon, address.country, address.province, address.city, file_id))
                key = (address.country, address.province, address.city, "", "")
                est_lat[row], est_lon[row], est_city[row] = lat, lon, codes.setdefault(key, len(codes))
    same = np.array_equal(est_city, table.est_city) and np.allclose(
        np.nan_to_num(est_lat, nan=999.0), np.nan_to_num(table.est_lat, nan=999.0), atol=1e-9
    )
    if not same:
        store.save_estimates(lib, rows)
    updated = replace(table, est_lat=est_lat, est_lon=est_lon, est_city=est_city, addresses=tuple(codes))
    return len(rows), updated


def _columns(table: FileTable) -> FileColumns:
    """Read positions first; a file without one takes its stored estimate."""
    use_est = ~np.isfinite(table.lat) & np.isfinite(table.est_lat)
    cities, addresses = table.cities(np.where(use_est, table.est_city, table.city))
    return FileColumns.build(
        table.file_id, table.day, table.wall, np.where(use_est, table.est_lat, table.lat),
        np.where(use_est, table.est_lon, table.lon), cities, addresses, use_est,
    )  # fmt: skip


def _ordinal(day: date | None) -> int | None:
    return None if day is None else day.toordinal()


def _user_homes(rows: list[HomeRow]) -> list[UserHome]:
    return [
        UserHome(
            r.home_id, (r.country, r.province, r.city) if r.city else None, r.lat, r.lon, r.radius_km,
            _ordinal(r.first_day), _ordinal(r.last_day),
        )
        for r in rows
    ]  # fmt: skip


def fold_trips(
    lib: Library, options: TripOptions | None = None, table: FileTable | None = None
) -> dict[str, Any]:
    """Homes, trips and their identity from the files and their estimates (``table``, else read from the
    store); returns the run's counts."""
    opts = check_options(options or saved_options(lib))
    table = table if table is not None else file_table(lib)
    cols = _columns(table)
    detected = home_rules.detect_homes(cols, opts.home_gap_days, opts.home_min_days, opts.home_min_photo_days)
    rejected = [
        HomeRejection(a, first.toordinal(), last.toordinal()) for a, first, last in store.rejections(lib)
    ]
    homes = home_rules.effective_homes(
        detected, _user_homes(store.homes(lib, "user")), rejected, cols, away_km=opts.away_km
    )
    decisions: list[MergeTrips | SplitTrip] = []
    for kind, trip_id, first, last, day in store.decisions(lib):
        if kind == "merge" and first is not None and last is not None:
            decisions.append(MergeTrips(first.toordinal(), last.toordinal(), trip_id))
        elif kind == "split" and day is not None:
            decisions.append(SplitTrip(day.toordinal(), trip_id))
    deleted = [DeletedTrip(first.toordinal(), last.toordinal()) for first, last in store.deleted(lib)]
    run = trip_rules.find_trips(cols, homes, opts, decisions, deleted)
    stored = store.stored_trips(lib)
    previous = [
        StoredTrip(s.trip_id, s.first_day.toordinal(), s.last_day.toordinal(), s.file_ids, s.age, s.title,
                   s.custom_labels)
        for s in stored
    ]  # fmt: skip
    outcomes, ended = trip_rules.reconcile_trips(previous, run.trips)
    row_ids = {s.trip_id: s.id for s in stored}
    writes = TripWrites(gone=[], created=[], updated=[], members=[])
    created, updated = [], []
    signatures = {s.trip_id: s.signature for s in stored}
    unchanged = 0
    for outcome in outcomes:
        title, labels = outcome.user_fields()
        values = _values(outcome.trip, table, title, labels)
        values.append(_signature(values, outcome.trip.file_ids))
        if outcome.previous is None:
            created.append(([outcome.trip_id, *values], list(outcome.trip.file_ids)))
        elif signatures.get(outcome.trip_id) == values[-1] and not outcome.absorbed:
            unchanged += 1  # the same row and members: nothing to write
        else:
            updated.append(([row_ids[outcome.trip_id], *values], list(outcome.trip.file_ids)))
        writes.gone.extend(row_ids[a.trip_id] for a in outcome.absorbed)
    writes.gone.extend(row_ids[e.trip_id] for e in ended)
    writes.created = [row for row, _ in created]
    writes.updated = [row for row, _ in updated]
    writes.members = [ids for _, ids in created] + [ids for _, ids in updated]
    store.save_trips(
        lib, writes, [_home_row(h) for h in homes if h.source == "detected"], utcnow(),
        [(h.photo_days, h.home_id) for h in homes if h.source == "user"],
    )  # fmt: skip
    return {
        "TripsCreated": len(created),
        "TripsUpdated": len(updated),
        "TripsUnchanged": unchanged,
        "TripsRemoved": len(writes.gone),
        "Homes": len(homes),
        "FilesInTrips": sum(len(t.file_ids) for t in run.trips),
        "FilesNotInTrips": dict(run.skipped),
    }


def _signature(values: list[Any], file_ids: tuple[int, ...]) -> int:
    """A fingerprint of a trip's row and members (signed 64-bit, as SQLite stores integers)."""
    import hashlib

    digest = hashlib.blake2b(json.dumps([values, file_ids], default=str).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _home_row(home: Home) -> HomeRow:
    country, province, city = home.address or ("", "", "")
    return HomeRow(
        home.home_id, home.source, country, province, city, home.lat, home.lon, home.radius_km,
        None if home.first_day is None else date.fromordinal(home.first_day),
        None if home.last_day is None else date.fromordinal(home.last_day), home.photo_days,
    )  # fmt: skip


def _values(trip: Trip, facts: FileTable, title: str, labels: dict[str, str]) -> list[Any]:
    """The row of a trip, in the order of :data:`app.store.trips.TRIP_COLUMNS` (without the signature)."""
    rows = facts.rows_of(trip.file_ids)
    when = np.where(np.isfinite(facts.utc[rows]), facts.utc[rows], facts.wall[rows])
    order = rows[np.lexsort((facts.file_id[rows], when))]  # capture order
    members = facts.file_id[order].tolist()
    photos = facts.file_id[order[facts.photo[order]]].tolist()
    known = facts.offset[order]
    known = known[np.isfinite(known)]
    offsets = [int(known[0]), int(known[-1])] if len(known) else []
    place = trip.place
    stops = [
        {"Address": list(s.address), "FirstDay": date.fromordinal(s.first_day).isoformat(),
         "LastDay": date.fromordinal(s.last_day).isoformat(), "FileCount": s.file_count}
        for s in trip.stops
    ]  # fmt: skip
    pool = photos or members
    return [
        date.fromordinal(trip.first_day).isoformat(), date.fromordinal(trip.last_day).isoformat(),
        day_bound(trip.first_day, False, offsets[:1])[0],
        day_bound(trip.last_day, True, offsets[-1:])[0],
        place[0], place[1], place[2], json.dumps(list(trip.countries), ensure_ascii=False),
        json.dumps(stops, ensure_ascii=False), title, json.dumps(labels, ensure_ascii=False),
        pool[len(pool) // 2] if pool else None, json.dumps(spread(pool, 4)), len(members),
        trip.estimated_count, len(photos), len(members) - len(photos),
    ]  # fmt: skip


# -- reading ------------------------------------------------------------------------------------------


def _info(
    lib: Library,
    row: dict[str, Any],
    with_files: bool,
    paths: dict[int, str],
    clusters: dict[tuple[str, ...], list[Any]],
    positions: dict[int, list[tuple[int, float | None, float | None]]],
) -> TripInfo:
    """A stored trip as a record; ``paths`` names its preview files, ``clusters`` holds the city-level
    clusters by address and ``positions`` the trips' files by day, all read once for the trips listed."""
    from app.core.captions import trip_caption

    stops = [
        StopInfo(Address(*s["Address"]), date.fromisoformat(s["FirstDay"]), date.fromisoformat(s["LastDay"]),
                 s["FileCount"])
        for s in json.loads(row["stops"] or "[]")
    ]  # fmt: skip
    countries = json.loads(row["countries"] or "[]")
    place = Address(row["country"], row["province"], row["city"])
    name = place.city or place.province or place.country
    previews = [paths[i] for i in json.loads(row["previews"] or "[]") if i in paths]
    files = None
    if with_files:
        files = [
            TripMember(f.path, produce_time(f.local_time, f.utc_time, f.local_offset_min),
                       f.est_lat if f.estimated else f.lat, f.est_lon if f.estimated else f.lon, f.estimated,
                       f.kind, f.address_line, f.camera)
            for f in store.trip_members(lib, row["id"])
        ]  # fmt: skip
        days: dict[str, int] = {}
        by_day = [(days.setdefault(f.produce_time[:10], date.fromisoformat(f.produce_time[:10]).toordinal()),
                   f.lat, f.lon) for f in files if f.produce_time]  # fmt: skip
        stops = _placed_stops(stops, by_day)  # the day each file is shown under on the trip's page
    elif row["id"] in positions:
        stops = _placed_stops(stops, positions[row["id"]])
    return TripInfo(
        trip_id=row["trip_id"], title=row["title"],
        generated_caption=trip_caption(row["first_day"], row["last_day"], name, countries),
        place=place, countries=countries, first_day=row["first_day"], last_day=row["last_day"],
        start_time=row["start_time"], end_time=row["end_time"], file_count=row["file_count"],
        estimated_count=row["estimated_count"], photo_count=row["photo_count"],
        video_count=row["video_count"],
        cover_path=row["cover_path"], preview_paths=previews, stops=stops,
        cluster_ids=_cluster_ids(stops, clusters), custom_labels=json.loads(row["custom_labels"] or "{}"),
        created_at=row["created_at"], updated_at=row["updated_at"], files=files,
    )  # fmt: skip


def _placed_stops(
    stops: list[StopInfo], files: list[tuple[int, float | None, float | None]]
) -> list[StopInfo]:
    """``stops`` with the median place of their files (``files``: day ordinal, lat, lon in capture order)."""
    from app.core.route import stop_positions

    if not stops or not files:
        return stops
    days: dict[int, date] = {}
    dated = [
        (days.get(d) or days.setdefault(d, date.fromordinal(d)), lat, lon) for d, lat, lon in files if d > 0
    ]
    found = stop_positions([(s.first_day, s.last_day) for s in stops], dated)
    return [s if p is None else replace(s, lat=p[0], lon=p[1]) for s, p in zip(stops, found, strict=True)]


def _cluster_ids(stops: list[StopInfo], clusters: dict[tuple[str, ...], list[Any]]) -> list[str]:
    """The IMM clusters at city level that share the trip's stops and days."""
    found: list[str] = []
    for stop in stops:
        for c in clusters.get((stop.address.country, stop.address.province, stop.address.city), []):
            if c.first_day <= stop.last_day and stop.first_day <= c.last_day and c.object_id not in found:
                found.append(c.object_id)
    return found


def query_trips(
    lib: Library, *, trip_id: str | None = None, year: int | None = None, text: str | None = None,
    with_files: bool = False,
) -> list[TripInfo]:  # fmt: skip
    """Trips, oldest first, filtered by id, a year they touch, and text in their caption, places or labels."""
    if year is not None and not 1 <= year <= 9999:
        raise invalid(f"the year must be from 1 to 9999, not {year}")
    rows = store.trip_rows(lib, trip_id)
    paths = cluster_store.paths_of(lib, (i for row in rows for i in json.loads(row["previews"] or "[]")))
    clusters: dict[tuple[str, ...], list[Any]] = {}
    for c in cluster_store.city_visits(lib):
        clusters.setdefault((c.country, c.province, c.city), []).append(c)
    positions = (
        map_rows.trip_positions(lib, [row["id"] for row in rows]) if trip_id and not with_files else {}
    )
    trips = [_info(lib, row, with_files, paths, clusters, positions) for row in rows]
    if year is not None:
        trips = [t for t in trips if t.first_day.year <= year <= t.last_day.year]
    if text:
        needle = text.casefold()
        trips = [t for t in trips if needle in _searchable(t)]
    return trips


def _searchable(trip: TripInfo) -> str:
    words = [trip.caption, trip.generated_caption, *trip.countries, *trip.custom_labels.values()]
    for stop in trip.stops:
        words += [stop.address.city, stop.address.province, stop.address.country]
    return " ".join(words).casefold()


def _trip(lib: Library, trip_id: str) -> TripInfo:
    found = query_trips(lib, trip_id=trip_id)
    if not found:
        raise ServiceError("ResourceNotFound", f"no trip with TripId {trip_id}")
    return found[0]


# -- changes by the user ------------------------------------------------------------------------------


def update_trip(lib: Library, trip_id: str, *, title: str | None = None,
                custom_labels: dict[str, str] | None = None) -> TripInfo:  # fmt: skip
    check_user_fields(title, custom_labels=custom_labels)
    if not store.update_user_fields(lib, trip_id, utcnow(), title=title, custom_labels=custom_labels):
        raise ServiceError("ResourceNotFound", f"no trip with TripId {trip_id}")
    return _trip(lib, trip_id)


def delete_trip(lib: Library, trip_id: str) -> None:
    """Forget a trip (its photos stay where they are); no later run brings it back until restored."""
    store.delete_trip(lib, trip_id, utcnow())


def restore_trips(lib: Library) -> int:
    count = store.restore_deleted(lib)
    fold_trips(lib)
    return count


def merge_trips(lib: Library, trip_ids: list[str]) -> TripInfo:
    """Merge trips into one, kept by every later run; the trip that starts first keeps its TripId."""
    if len(set(trip_ids)) < 2:
        raise invalid("give at least two different trips to merge")
    trips = [_trip(lib, t) for t in dict.fromkeys(trip_ids)]
    decision = trip_rules.merge_decision(
        [(t.trip_id, t.first_day.toordinal(), t.last_day.toordinal()) for t in trips]
    )
    store.add_decision(lib, "merge", decision.trip_id, utcnow(), first=date.fromordinal(decision.first_day),
                       last=date.fromordinal(decision.last_day))  # fmt: skip
    fold_trips(lib)
    return _trip(lib, decision.trip_id)


def split_trip(lib: Library, trip_id: str, day: date) -> list[TripInfo]:
    """Split a trip at ``day`` (the first day of the new trip), kept by every later run."""
    trip = _trip(lib, trip_id)
    try:
        trip_rules.split_decision(
            trip_id, trip.first_day.toordinal(), trip.last_day.toordinal(), day.toordinal()
        )
    except OptionError as exc:
        raise invalid(str(exc)) from exc
    store.add_decision(lib, "split", trip_id, utcnow(), day=day)
    fold_trips(lib)
    return [t for t in query_trips(lib) if trip.first_day <= t.first_day <= trip.last_day]


def find_city(lib: Library, name: str) -> Address | None:
    """A city of the library's photos by name; 'City, Province' or 'City, Country' when two share a name."""
    city, _, wider = (part.strip() for part in name.partition(","))
    for country, province, found, _count in store.cities_named(lib, city):
        if not wider or wider.casefold() in (province.casefold(), country.casefold()):
            return Address(country, province, found)
    return None


def list_homes(lib: Library) -> list[HomeInfo]:
    return [
        HomeInfo(h.home_id, h.source, Address(h.country, h.province, h.city), h.lat, h.lon, h.radius_km,
                 h.first_day, h.last_day, h.photo_days)
        for h in store.homes(lib)
    ]  # fmt: skip


def add_home(
    lib: Library, *, city: Address | None = None, lat: float | None = None, lon: float | None = None,
    radius_km: float | None = None, first_day: date | None = None, last_day: date | None = None,
) -> HomeInfo:  # fmt: skip
    """A home the user sets (a city, or a position with a radius), optionally between two days."""
    home_id = f"home-{uuid.uuid4()}"
    address = (city.country, city.province, city.city) if city else None
    try:
        UserHome(home_id, address, lat, lon, radius_km, _ordinal(first_day), _ordinal(last_day)).validate()
    except OptionError as exc:
        raise invalid(str(exc)) from exc
    country, province, name = address or ("", "", "")
    row = HomeRow(home_id, "user", country, province, name, lat, lon, radius_km, first_day, last_day, 0)
    store.add_home(lib, row, utcnow())
    fold_trips(lib)
    return next(h for h in list_homes(lib) if h.home_id == home_id)


def remove_home(lib: Library, home_id: str) -> HomeInfo:
    """A user's home is deleted; a detected one is rejected, and stays rejected in every later run."""
    removed = store.remove_home(lib, home_id)
    if removed is None:
        raise ServiceError("ResourceNotFound", f"no home with HomeId {home_id}")
    if removed.source == "detected" and removed.first_day and removed.last_day:
        store.reject_home(lib, (removed.country, removed.province, removed.city), removed.first_day,
                          removed.last_day, utcnow())  # fmt: skip
    fold_trips(lib)
    return HomeInfo(removed.home_id, removed.source, Address(removed.country, removed.province, removed.city),
                    removed.lat, removed.lon, removed.radius_km, removed.first_day, removed.last_day,
                    removed.photo_days)  # fmt: skip


def reject_estimates(lib: Library, paths: list[str], rejected: bool = True) -> int:
    """Refuse (or allow again) the estimated place of these files; trips follow at once."""
    count = store.reject_estimates(lib, paths, rejected)
    fold_trips(lib)
    return count
