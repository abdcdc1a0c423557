"""Trips, homes and estimated places in the library (SPEC §10).

What a run reads comes out as columns (NumPy arrays), straight from SQL: a million files load without a
Python object each.  What it writes goes in one transaction with the run's trips, so a killed run leaves
the trips of the run before.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from peewee import JOIN

from app.store import fast_rows, member_lists
from app.store import files as file_rows
from app.store.clusters import guarded_values, user_guard
from app.store.engine import ascii_lower
from app.store.files import FileRecord
from app.store.library import Library
from app.store.models import DeletedTrip, Home, HomeRejection, MediaFile, Trip, TripDecision

CHUNK = 500


def save_estimates(lib: Library, rows: Sequence[tuple[float, float, str, str, str, int]]) -> None:
    """Replace every estimate with ``rows`` of (lat, lon, country, province, city, file id)."""
    with lib.write():
        generation = file_rows.next_generation(lib)
        lib.execute(
            "UPDATE media_file SET est_lat = NULL, est_lon = NULL, est_country = '', est_province = '',"
            " est_city = '', gen = ? WHERE est_lat IS NOT NULL",
            (generation,),
        )
        lib.executemany(
            "UPDATE media_file SET est_lat = ?, est_lon = ?, est_country = ?, est_province = ?, est_city = ?,"
            f" gen = {generation} WHERE id = ?",
            rows,
        )


def reject_estimates(lib: Library, paths: Sequence[str], rejected: bool) -> int:
    """Refuse (and drop) or allow again the estimated place of these files; returns how many were found."""
    from app.store import mounts

    values: dict[Any, Any] = {MediaFile.est_rejected: int(rejected)}
    if rejected:
        values.update({MediaFile.est_lat: None, MediaFile.est_lon: None, MediaFile.est_country: "",
                       MediaFile.est_province: "", MediaFile.est_city: ""})  # fmt: skip
    with lib.write():
        values[MediaFile.gen] = file_rows.next_generation(lib)
        count = 0
        for source_id, stored in mounts.locate(lib, paths).items():
            for start in range(0, len(stored), CHUNK):
                chunk = stored[start : start + CHUNK]
                count += (
                    MediaFile.update(values)
                    .where((MediaFile.source == source_id) & MediaFile.path.in_(chunk))
                    .execute(lib.db)
                )
        return int(count)


def cities_named(lib: Library, name: str) -> list[tuple[str, str, str, int]]:
    """(country, province, city, files) of the cities called ``name`` (A-Z in any case, as on SQLite
    whatever the server's locale), most files first."""
    return [
        (country, province, city, count)
        for country, province, city, count in lib.execute(
            "SELECT country, province, city, COUNT(*) AS n FROM media_file"
            f" WHERE {lib.engine.ascii_lower('city')} = ? GROUP BY country, province, city"
            " ORDER BY n DESC, country, province, city",
            (ascii_lower(name),),
        )
    ]


# -- homes --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HomeRow:
    home_id: str
    source: str
    country: str
    province: str
    city: str
    lat: float | None
    lon: float | None
    radius_km: float | None
    first_day: date | None
    last_day: date | None
    photo_days: int


def homes(lib: Library, source: str | None = None) -> list[HomeRow]:
    q = Home.select().order_by(Home.source.desc(), Home.first_day.asc(nulls="FIRST"), Home.id)
    if source:
        q = q.where(Home.source == source)
    return [
        HomeRow(r["home_id"], r["source"], r["country"], r["province"], r["city"], r["lat"], r["lon"],
                r["radius_km"], r["first_day"], r["last_day"], r["photo_days"])
        for r in q.dicts().execute(lib.db)
    ]  # fmt: skip


def add_home(lib: Library, home: HomeRow, now: datetime) -> None:
    with lib.write():
        Home.insert(
            home_id=home.home_id, source=home.source, country=home.country, province=home.province,
            city=home.city, lat=home.lat, lon=home.lon, radius_km=home.radius_km, first_day=home.first_day,
            last_day=home.last_day, photo_days=home.photo_days, created_at=now,
        ).execute(lib.db)  # fmt: skip


def remove_home(lib: Library, home_id: str) -> HomeRow | None:
    """Delete a home; returns what it was (None when there is no such home)."""
    with lib.write():
        found = [h for h in homes(lib) if h.home_id == home_id]
        if not found:
            return None
        Home.delete().where(Home.home_id == home_id).execute(lib.db)
        return found[0]


def rejections(lib: Library) -> list[tuple[tuple[str, str, str], date, date]]:
    q = HomeRejection.select(
        HomeRejection.country, HomeRejection.province, HomeRejection.city, HomeRejection.first_day,
        HomeRejection.last_day,
    ).tuples()  # fmt: skip
    return [((c, p, city), first, last) for c, p, city, first, last in q.execute(lib.db)]


def reject_home(lib: Library, address: tuple[str, str, str], first: date, last: date, now: datetime) -> None:
    with lib.write():
        HomeRejection.insert(
            country=address[0], province=address[1], city=address[2], first_day=first, last_day=last,
            created_at=now,
        ).execute(lib.db)  # fmt: skip


# -- trips --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredTripRow:
    id: int
    trip_id: str
    first_day: date
    last_day: date
    age: int
    title: str
    custom_labels: dict[str, str]
    file_ids: list[int]
    signature: int


def stored_trips(lib: Library) -> list[StoredTripRow]:
    """The trips as a run starts from; their user fields as read are kept with the library, so that
    :func:`save_trips` leaves alone a trip the user renamed meanwhile."""
    members = member_lists.read(lib, "trip")
    q = Trip.select(
        Trip.id, Trip.trip_id, Trip.first_day, Trip.last_day, Trip.age, Trip.title, Trip.custom_labels,
        Trip.signature,
    ).tuples()  # fmt: skip
    rows = list(q.execute(lib.db))
    lib.cache[_READ_KEY] = {row[0]: (row[5], row[6]) for row in rows}
    return [
        StoredTripRow(
            row_id,
            trip_id,
            first,
            last,
            age,
            title,
            json.loads(labels or "{}"),
            members.get(row_id, []),
            signature,
        )
        for row_id, trip_id, first, last, age, title, labels, signature in rows
    ]


_READ_KEY = "trip_user_fields_read"
USER_COLUMNS = ("title", "custom_labels")


def decisions(lib: Library) -> list[tuple[str, str, date | None, date | None, date | None]]:
    """(kind, trip_id, first_day, last_day, day) in the order the user made them."""
    q = TripDecision.select(
        TripDecision.kind,
        TripDecision.trip_id,
        TripDecision.first_day,
        TripDecision.last_day,
        TripDecision.day,
    ).order_by(TripDecision.id)
    return list(q.tuples().execute(lib.db))


def add_decision(lib: Library, kind: str, trip_id: str, now: datetime, *, first: date | None = None,
                 last: date | None = None, day: date | None = None) -> None:  # fmt: skip
    with lib.write():
        TripDecision.insert(
            kind=kind, trip_id=trip_id, first_day=first, last_day=last, day=day, created_at=now
        ).execute(lib.db)


def deleted(lib: Library) -> list[tuple[date, date]]:
    return list(DeletedTrip.select(DeletedTrip.first_day, DeletedTrip.last_day).tuples().execute(lib.db))


def delete_trip(lib: Library, trip_id: str, now: datetime) -> bool:
    with lib.write():
        row = Trip.select(Trip.id, Trip.first_day, Trip.last_day).where(Trip.trip_id == trip_id).tuples()
        found = row.first(lib.db)
        if found is None:
            return False
        row_id, first, last = found
        DeletedTrip.insert(first_day=first, last_day=last, deleted_at=now).execute(lib.db)
        member_lists.drop(lib, "trip", [row_id])
        Trip.delete().where(Trip.id == row_id).execute(lib.db)
        return True


def restore_deleted(lib: Library) -> int:
    with lib.write():
        return int(DeletedTrip.delete().execute(lib.db))


TRIP_COLUMNS = (
    "first_day", "last_day", "start_time", "end_time", "country", "province", "city", "countries", "stops",
    "title", "custom_labels", "cover_id", "previews", "file_count", "estimated_count", "photo_count",
    "video_count", "signature",
)  # fmt: skip


@dataclass
class TripWrites:
    """A run's trips: ``created`` rows are (trip_id, *TRIP_COLUMNS values), ``updated`` (stored id, *values);
    ``members[i]`` the file ids of created[i] or updated[i] (created first)."""

    gone: list[int]
    created: list[list[Any]]
    updated: list[list[Any]]
    members: list[list[int]]


def save_trips(lib: Library, writes: TripWrites, detected_homes: Sequence[HomeRow], now: datetime,
               user_photo_days: Sequence[tuple[int, str]] = ()) -> None:  # fmt: skip
    """Write a run's trips, the homes it detected and the photo-days of the user's, in one transaction."""
    stamp = str(now)
    with lib.write():
        next_id, next_age = lib.execute(
            "SELECT COALESCE(MAX(id), 0), COALESCE(MAX(age), 0) FROM trip"
        ).fetchone()
        lib.executemany("DELETE FROM trip WHERE id = ?", [(g,) for g in writes.gone])
        owners = [next_id + n for n in range(1, len(writes.created) + 1)] + [u[0] for u in writes.updated]
        member_lists.drop(lib, "trip", writes.gone)
        columns = ", ".join(("id", "trip_id", "created_at", "updated_at", "age", *TRIP_COLUMNS))
        marks = ", ".join("?" * (5 + len(TRIP_COLUMNS)))
        lib.executemany(
            f"INSERT INTO trip ({columns}) VALUES ({marks})",
            [
                [next_id + n, row[0], stamp, stamp, next_age + n, *row[1:]]
                for n, row in enumerate(writes.created, 1)
            ],
        )
        if writes.created:
            lib.engine.after_explicit_ids(lib.db, "trip")
        kept: dict[int, tuple[str, str]] = lib.cache.get(_READ_KEY, {})
        read = {row[0]: kept.get(row[0]) for row in writes.updated}
        for row_id, title, labels in Trip.select(Trip.id, Trip.title, Trip.custom_labels).where(
            Trip.id.in_([i for i, fields in read.items() if fields is None])
        ).tuples().execute(lib.db):  # fmt: skip
            read[row_id] = (title, labels)
        lib.executemany(
            f"UPDATE trip SET {user_guard(TRIP_COLUMNS, USER_COLUMNS)}, updated_at = ? WHERE id = ?",
            [
                [
                    *guarded_values(TRIP_COLUMNS, USER_COLUMNS, row[1:], read[row[0]] or ("", "{}")),
                    stamp,
                    row[0],
                ]
                for row in writes.updated
            ],
        )
        member_lists.write(lib, "trip", zip(owners, writes.members, strict=True))
        lib.executemany("UPDATE home SET photo_days = ? WHERE home_id = ?", user_photo_days)
        lib.execute("DELETE FROM home WHERE source = 'detected'")
        lib.executemany(
            "INSERT INTO home (home_id, source, country, province, city, lat, lon, radius_km, first_day,"
            " last_day, photo_days, created_at) VALUES (?, 'detected', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (h.home_id, h.country, h.province, h.city, h.lat, h.lon, h.radius_km, h.first_day, h.last_day,
                 h.photo_days, stamp)
                for h in detected_homes
            ],
        )  # fmt: skip


def trip_rows(lib: Library, trip_id: str | None = None) -> list[dict[str, Any]]:
    """Stored trips, oldest first, with their cover's path (``cover_path``)."""
    q = Trip.select(Trip, MediaFile.path.alias("cover_path"), MediaFile.source.alias("cover_source")).join(
        MediaFile, JOIN.LEFT_OUTER, on=(Trip.cover_id == MediaFile.id)
    )
    if trip_id:
        q = q.where(Trip.trip_id == trip_id)
    from app.store import mounts

    rows = fast_rows.dicts(lib, q.order_by(Trip.first_day, Trip.id))
    mounts.with_paths(lib, rows, "cover_path", "cover_source")
    return rows


def trip_members(lib: Library, trip_row_id: int) -> list[FileRecord]:
    """A trip's files in capture order."""
    q = (
        MediaFile.select(*file_rows.RECORD_FIELDS)
        .where(MediaFile.id.in_(member_lists.member_ids(lib, "trip", trip_row_id)))
        .order_by(*file_rows.CAPTURE_ORDER)
    )
    return file_rows.records(q, lib)


def update_user_fields(lib: Library, trip_id: str, now: datetime, *, title: str | None,
                       custom_labels: dict[str, str] | None) -> bool:  # fmt: skip
    values: dict[Any, Any] = {Trip.updated_at: now}
    if title is not None:
        values[Trip.title] = title
    if custom_labels is not None:
        values[Trip.custom_labels] = json.dumps(custom_labels, ensure_ascii=False)
    with lib.write():
        return bool(Trip.update(values).where(Trip.trip_id == trip_id).execute(lib.db) > 0)
