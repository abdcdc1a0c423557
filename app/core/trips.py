"""Trips (SPEC §10): runs of days away from home, with their stops, place, caption and identity.

:func:`find_trips` applies the away rule, forms trips from runs of away days, re-applies the user's
merges and splits (:class:`MergeTrips`, :class:`SplitTrip`, in the order they were made), drops trips
overlapping a deleted one (:class:`DeletedTrip`), and says why each other file is in no trip.
:func:`reconcile_trips` then gives each trip its ``TripId`` by SPEC §5's inheritance rule.  Days are
ordinals as in :mod:`app.core.homes`.

The decisions are stored as days, not as lists of files, so they keep applying when new files arrive:
a merge is the span of days it covered (every trip overlapping it becomes one, together with the away
files on its days), a split is the day it cuts at.  Each carries the ``TripId`` the user saw kept, so the
part before a split keeps it even when the part after holds more files.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from app.core.captions import trip_caption
from app.core.clustering import MAX_DAYS_LIMIT, OptionError
from app.core.homes import (
    MAX_KM,
    NO_DAY,
    Address,
    Bools,
    FileColumns,
    Home,
    Ints,
    PlacedFile,
    as_columns,
    at_home_of,
)

REASONS = ("NoTime", "NoPlace", "AtHome", "TooFewFiles", "InDeletedTrip")
MAX_ESTIMATE_HOURS = 24.0


@dataclass(frozen=True)
class TripOptions:
    """The trip and home rules' options; defaults are SPEC §10's.  ``estimate_hours`` None: estimation off."""

    away_km: float = 50.0
    trip_gap_days: int = 1
    trip_min_files: int = 3
    estimate_hours: float | None = 2.0
    home_gap_days: int = 45
    home_min_days: int = 60
    home_min_photo_days: int = 10

    def validate(self) -> TripOptions:
        """Refuse a bad value before any work starts, naming the option and its range."""
        for name, value, low in (
            ("TripGapDays", self.trip_gap_days, 0),
            ("TripMinFiles", self.trip_min_files, 1),
            ("HomeGapDays", self.home_gap_days, 0),
            ("HomeMinDays", self.home_min_days, 1),
            ("HomeMinPhotoDays", self.home_min_photo_days, 1),
        ):
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= MAX_DAYS_LIMIT:
                raise OptionError(
                    f"{name} must be an integer from {low} to {MAX_DAYS_LIMIT:,}, not {value!r}"
                )
        if not _in_range(self.away_km, 0.1, MAX_KM):
            raise OptionError(f"AwayKm must be a number from 0.1 to {MAX_KM:,.0f}, not {self.away_km!r}")
        if self.estimate_hours is not None and not _in_range(self.estimate_hours, 0.1, MAX_ESTIMATE_HOURS):
            raise OptionError(
                f"EstimateHours must be a number from 0.1 to {MAX_ESTIMATE_HOURS:g}, or off, "
                f"not {self.estimate_hours!r}"
            )
        return self

    def as_request(self) -> dict[str, dict[str, Any]]:
        """The options as request fields, next to IMM's DateOptions and LocationOptions."""
        return {
            "TripOptions": {
                "AwayKm": self.away_km,
                "TripGapDays": self.trip_gap_days,
                "TripMinFiles": self.trip_min_files,
                "EstimateHours": self.estimate_hours,
                "HomeGapDays": self.home_gap_days,
                "HomeMinDays": self.home_min_days,
                "HomeMinPhotoDays": self.home_min_photo_days,
            }
        }

    @classmethod
    def from_request(cls, request: Mapping[str, Any]) -> TripOptions:
        """The options from a stored request (any shape: :meth:`validate` judges them)."""
        trips, default = request.get("TripOptions", {}), cls()
        return cls(
            away_km=trips.get("AwayKm", default.away_km),
            trip_gap_days=trips.get("TripGapDays", default.trip_gap_days),
            trip_min_files=trips.get("TripMinFiles", default.trip_min_files),
            estimate_hours=trips.get("EstimateHours", default.estimate_hours),
            home_gap_days=trips.get("HomeGapDays", default.home_gap_days),
            home_min_days=trips.get("HomeMinDays", default.home_min_days),
            home_min_photo_days=trips.get("HomeMinPhotoDays", default.home_min_photo_days),
        )


def _in_range(value: object, low: float, high: float) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and low <= value <= high
    )


# -- what a run produces ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stop:
    """A run of a trip's days in one city (``address`` down to the city; deeper levels may be empty)."""

    address: Address
    first_day: int
    last_day: int
    file_count: int


@dataclass(frozen=True)
class Trip:
    """One trip: its days, its files (sorted ids), its stops in time order.

    ``pinned_id`` is the TripId a user's merge or split fixed for it ("" when identity is inherited).
    """

    first_day: int
    last_day: int
    file_ids: tuple[int, ...]
    stops: tuple[Stop, ...]
    estimated_count: int = 0
    pinned_id: str = ""

    @property
    def days(self) -> int:
        return self.last_day - self.first_day + 1

    @property
    def countries(self) -> tuple[str, ...]:
        """The countries of its stops in order of first visit."""
        return tuple(dict.fromkeys(s.address[0] for s in self.stops if s.address[0]))

    @property
    def place(self) -> Address:
        """The lowest level all stops share: the city, else the province, else the country; deeper
        levels empty.  All empty when the stops lie in several countries (see :attr:`countries`)."""
        return shared_place([s.address for s in self.stops])

    @property
    def place_name(self) -> str:
        return next((name for name in reversed(self.place) if name), "")

    def caption(self) -> str:
        """The generated caption ("Weekend in Kyoto"); a user's Title overrides it where shown."""
        return trip_caption(
            date.fromordinal(self.first_day), date.fromordinal(self.last_day), self.place_name, self.countries
        )


def shared_place(addresses: Sequence[Address]) -> Address:
    """The lowest level all ``addresses`` share, deeper levels empty; all empty across countries."""
    for depth in (3, 2, 1):
        heads = {a[:depth] for a in addresses}
        if len(heads) == 1:
            head = next(iter(heads))
            if head[-1]:
                country, province, city = (*head, "", "")[:3]
                return country, province, city
    return "", "", ""


@dataclass(frozen=True)
class MergeTrips:
    """The user merged trips: every trip overlapping ``first_day..last_day`` becomes one, ``trip_id``."""

    first_day: int
    last_day: int
    trip_id: str


@dataclass(frozen=True)
class SplitTrip:
    """The user split the trip holding ``day``: the part before keeps ``trip_id``, the rest is a new trip."""

    day: int
    trip_id: str


Decision = MergeTrips | SplitTrip


@dataclass(frozen=True)
class DeletedTrip:
    """A trip the user deleted: no trip overlapping these days comes back until restored."""

    first_day: int
    last_day: int


def merge_decision(trips: Sequence[tuple[str, int, int]]) -> MergeTrips:
    """The decision for merging ``(trip_id, first_day, last_day)`` trips: the first to start keeps its id."""
    if len(trips) < 2:
        raise OptionError("merge needs at least two trips")
    first = min(trips, key=lambda t: (t[1], t[2], t[0]))
    return MergeTrips(min(t[1] for t in trips), max(t[2] for t in trips), first[0])


def split_decision(trip_id: str, first_day: int, last_day: int, day: int) -> SplitTrip:
    """The decision for splitting a trip at ``day``, which must leave days on both sides."""
    if not first_day < day <= last_day:
        raise OptionError(
            f"the split day {date.fromordinal(day)} must be after the trip's first day "
            f"{date.fromordinal(first_day)} and not after its last day {date.fromordinal(last_day)}"
        )
    return SplitTrip(day, trip_id)


@dataclass
class TripRun:
    """What :func:`find_trips` found: the trips, oldest first, and every other file with the reason.

    ``skipped`` counts files per reason (every reason of :data:`REASONS` present); ``skipped_files`` holds
    their ids.  Each file of the input is in exactly one trip or one reason.
    """

    trips: list[Trip]
    skipped: dict[str, int]
    skipped_files: dict[str, Ints]
    away: Bools = field(repr=False)


def away_mask(files: FileColumns, homes: Sequence[Home], away_km: float) -> Bools:
    """SPEC §10 "Away": placed files not within reach of a home holding on their day."""
    placed = files.placed()
    at_home = np.zeros(len(files), bool)
    for home in homes:
        at_home |= at_home_of(files, home, away_km)
    result: Bools = placed & ~at_home
    return result


def find_trips(
    files: FileColumns | Iterable[PlacedFile],
    homes: Sequence[Home],
    options: TripOptions | None = None,
    decisions: Sequence[Decision] = (),
    deleted: Sequence[DeletedTrip] = (),
) -> TripRun:
    """SPEC §10 "Away", "Trips" and "Stops", then the user's decisions and deletions."""
    opts = (options or TripOptions()).validate()
    cols = as_columns(files)
    placed = cols.placed()
    away = away_mask(cols, homes, opts.away_km)
    rows = np.flatnonzero(away)
    rows = rows[np.lexsort((cols.time[rows], cols.day[rows]))]  # by day, then time of day
    days = cols.day[rows]
    away_days, day_start = np.unique(days, return_index=True)
    home_days = np.setdiff1d(np.unique(cols.day[placed]), away_days, assume_unique=True)
    index = _DayIndex(away_days, np.r_[day_start, len(rows)])

    spans = _runs(away_days, home_days, opts.trip_gap_days)
    trips = [(first, last, "") for first, last in spans if index.count(first, last) >= opts.trip_min_files]
    for decision in decisions:
        trips = _apply(decision, trips, index)
    kept: list[tuple[int, int, str]] = []
    gone: list[tuple[int, int, str]] = []
    for span in trips:
        (gone if any(span[0] <= d.last_day and d.first_day <= span[1] for d in deleted) else kept).append(
            span
        )

    in_trip = np.zeros(len(rows), bool)
    in_deleted = np.zeros(len(rows), bool)
    for first, last, _ in gone:
        in_deleted[index.slice(first, last)] = True
    bounds = [index.slice(first, last) for first, last, _ in kept]
    for piece in bounds:
        in_trip[piece] = True
    stops = _stops(cols, rows, in_trip, kept)
    estimated = np.r_[0, np.cumsum(cols.estimated[rows])]
    result = []
    for (first, last, pin), piece, trip_stops in zip(kept, bounds, stops, strict=True):
        ids = np.sort(cols.file_id[rows[piece]])
        count = int(estimated[piece.stop] - estimated[piece.start])
        result.append(Trip(first, last, tuple(ids.tolist()), tuple(trip_stops), count, pin))

    at_home = placed & ~away
    no_time = cols.day == NO_DAY
    masks = {
        "NoTime": no_time,
        "NoPlace": ~no_time & ~placed,
        "AtHome": at_home,
        "TooFewFiles": _scatter(len(cols), rows[~in_trip & ~in_deleted]),
        "InDeletedTrip": _scatter(len(cols), rows[in_deleted]),
    }
    skipped_files = {reason: cols.file_id[mask] for reason, mask in masks.items()}
    return TripRun(result, {r: len(v) for r, v in skipped_files.items()}, skipped_files, away)


def _scatter(n: int, rows: Ints) -> Bools:
    mask = np.zeros(n, bool)
    mask[rows] = True
    return mask


class _DayIndex:
    """Where each away day's files sit in the day-sorted away rows, to count and slice any span."""

    def __init__(self, days: Ints, starts: Ints) -> None:
        self.days, self.starts = days, starts

    def slice(self, first: int, last: int) -> slice:
        lo, hi = np.searchsorted(self.days, [first, last + 1])
        return slice(int(self.starts[lo]), int(self.starts[hi]))

    def count(self, first: int, last: int) -> int:
        piece = self.slice(first, last)
        return int(piece.stop - piece.start)

    def trim(self, first: int, last: int) -> tuple[int, int] | None:
        """The first and last away day within ``first..last`` (None when there is none)."""
        lo, hi = np.searchsorted(self.days, [first, last + 1])
        return None if lo >= hi else (int(self.days[lo]), int(self.days[hi - 1]))


def _runs(away_days: Ints, home_days: Ints, gap_days: int) -> list[tuple[int, int]]:
    """Runs of away days: at most ``gap_days`` days strictly between two, and no home day among them."""
    if len(away_days) == 0:
        return []
    before, after = away_days[:-1], away_days[1:]
    homes_between = np.searchsorted(home_days, after, "left") - np.searchsorted(home_days, before, "right")
    joined = (after - before - 1 <= gap_days) & (homes_between == 0)
    starts = np.flatnonzero(np.r_[True, ~joined])
    ends = np.r_[starts[1:], len(away_days)] - 1
    return list(zip(away_days[starts].tolist(), away_days[ends].tolist(), strict=True))


def _apply(
    decision: Decision, trips: list[tuple[int, int, str]], index: _DayIndex
) -> list[tuple[int, int, str]]:
    if isinstance(decision, MergeTrips):
        hit = [t for t in trips if t[0] <= decision.last_day and decision.first_day <= t[1]]
        if not hit:
            return trips  # its trips are gone (files removed); the decision waits, stored
        span = index.trim(min(decision.first_day, hit[0][0]), max(decision.last_day, hit[-1][1]))
        assert span is not None  # the hit trips have away days inside
        rest = [t for t in trips if t not in hit]
        return sorted([*rest, (span[0], span[1], decision.trip_id)])
    result = []
    for first, last, pin in trips:
        if first < decision.day <= last:
            before, after = index.trim(first, decision.day - 1), index.trim(decision.day, last)
            assert before is not None and after is not None  # first and last are away days
            result += [(*before, decision.trip_id), (*after, "")]
        else:
            result.append((first, last, pin))
    return result


def _stops(
    cols: FileColumns, rows: Ints, in_trip: Bools, trips: Sequence[tuple[int, int, str]]
) -> list[list[Stop]]:
    """Each trip's stops: its days' cities in order of first photo, consecutive visits of a city joined."""
    result: list[list[Stop]] = [[] for _ in trips]
    members = rows[in_trip]  # sorted by day, then time
    if len(members) == 0:
        return result
    keys = (cols.day[members] << 32) | cols.city[members]
    uniq, first_seen, counts = np.unique(keys, return_index=True, return_counts=True)
    order = np.argsort(first_seen, kind="stable")  # visits (day, city) in time order
    visit_days = (uniq[order] >> 32).tolist()
    visit_cities = (uniq[order] & 0xFFFFFFFF).tolist()
    visit_counts = counts[order].tolist()
    firsts = np.array([t[0] for t in trips])
    owners = (np.searchsorted(firsts, np.array(visit_days), "right") - 1).tolist()
    for day, city, count, owner in zip(visit_days, visit_cities, visit_counts, owners, strict=True):
        stops = result[owner]
        address = cols.addresses[city]
        if stops and stops[-1].address == address:
            last = stops[-1]
            stops[-1] = Stop(address, last.first_day, day, last.file_count + count)
        else:
            stops.append(Stop(address, day, day, count))
    return result


# -- identity (SPEC §10 "Identity", by SPEC §5's rule) -------------------------------------------------


@dataclass(frozen=True)
class StoredTrip:
    """A trip of the last run, as reconciling needs it (``age``: creation order, smaller is older)."""

    trip_id: str
    first_day: int
    last_day: int
    file_ids: Sequence[int]
    age: int = 0
    title: str = ""
    custom_labels: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TripOutcome:
    """One trip the library should hold: its TripId, the stored trip it continues (None: new), and the
    stored trips merged into it, whose user fields fill in where its own are empty."""

    trip: Trip
    trip_id: str
    previous: StoredTrip | None = None
    absorbed: tuple[StoredTrip, ...] = ()

    def user_fields(self) -> tuple[str, dict[str, str]]:
        """Title and CustomLabels: the continued trip's, completed by the absorbed (older win)."""
        sources = ([self.previous] if self.previous else []) + sorted(self.absorbed, key=_age)
        title = next((p.title for p in sources if p.title), "")
        labels: dict[str, str] = {}
        for stored in reversed(sources):
            labels.update(stored.custom_labels)
        return title, labels


def _age(stored: StoredTrip) -> tuple[int, int, str]:
    return stored.age, stored.first_day, stored.trip_id


def new_trip_id() -> str:
    return f"trip-{uuid.uuid4()}"


def reconcile_trips(
    previous: Sequence[StoredTrip], trips: Sequence[Trip], new_id: Callable[[], str] = new_trip_id
) -> tuple[list[TripOutcome], list[StoredTrip]]:
    """Give each trip its TripId; return the outcomes (in the order of ``trips``) and the stored trips
    that end (sharing no file with any new trip; absorbed ones are listed in their outcome instead).

    A trip pinned by a user's decision takes its pinned id first (the earliest pinned trip, if two name
    the same).  Then, oldest first, each stored trip goes to the not-yet-claimed trip sharing the most
    files with it (on a tie, the earlier trip); when every trip it shares files with is claimed, it is
    absorbed by the one sharing the most.  Each stored id lives on in at most one trip.
    """
    by_id = {p.trip_id: p for p in previous}
    shared = _shared_counts(previous, trips)
    ids: list[str | None] = [None] * len(trips)
    continued: list[StoredTrip | None] = [None] * len(trips)
    absorbed: list[list[StoredTrip]] = [[] for _ in trips]
    claimed: set[str] = set()
    for i, trip in enumerate(trips):
        if trip.pinned_id and trip.pinned_id not in claimed:
            ids[i] = trip.pinned_id
            claimed.add(trip.pinned_id)
            continued[i] = by_id.get(trip.pinned_id)
    ended = []
    for k in sorted(range(len(previous)), key=lambda k: _age(previous[k])):
        old = previous[k]
        if old.trip_id in claimed:
            continue
        candidates = shared.get(k, [])
        free = [i for _, i in candidates if ids[i] is None]
        if free:
            ids[free[0]], continued[free[0]] = old.trip_id, old
        elif candidates:
            absorbed[candidates[0][1]].append(old)
        else:
            ended.append(old)
    outcomes = [
        TripOutcome(trip, trip_id or new_id(), continued[i], tuple(absorbed[i]))
        for i, (trip, trip_id) in enumerate(zip(trips, ids, strict=True))
    ]
    return outcomes, ended


def _shared_counts(previous: Sequence[StoredTrip], trips: Sequence[Trip]) -> dict[int, list[tuple[int, int]]]:
    """For each stored trip (by index) the trips sharing files with it: ``(-count, index)``, best first."""
    if not previous or not trips:
        return {}
    new_ids = np.concatenate([np.asarray(t.file_ids, dtype=np.int64) for t in trips])
    new_owner = np.repeat(np.arange(len(trips)), [len(t.file_ids) for t in trips])
    order = np.argsort(new_ids, kind="stable")
    new_ids, new_owner = new_ids[order], new_owner[order]
    old_ids = np.concatenate([np.asarray(p.file_ids, dtype=np.int64) for p in previous])
    old_owner = np.repeat(np.arange(len(previous)), [len(p.file_ids) for p in previous])
    if len(new_ids) == 0 or len(old_ids) == 0:
        return {}
    at = np.minimum(np.searchsorted(new_ids, old_ids), len(new_ids) - 1)
    hit = new_ids[at] == old_ids
    pairs = old_owner[hit] * len(trips) + new_owner[at[hit]]
    uniq, counts = np.unique(pairs, return_counts=True)
    result: dict[int, list[tuple[int, int]]] = {}
    for pair, count in zip(uniq.tolist(), counts.tolist(), strict=True):
        result.setdefault(pair // len(trips), []).append((-count, pair % len(trips)))
    for candidates in result.values():
        candidates.sort()
    return result
