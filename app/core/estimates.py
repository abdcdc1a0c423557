"""Estimated places (SPEC §10): a file without a position borrows one from GPS files taken near in time.

The neighbours are the GPS files within ``EstimateHours`` of it: the same camera's when it has any there,
else any camera's.  When there are neighbours on both sides they must lie within 50 km of each other (a
file between two far places was on the move, and no guess is honest), and the nearer in time gives the
position.

Which clock to compare matters.  A file whose offset is known has a UTC instant and is compared with the
neighbours' UTC instants: a camera left on its home time zone writes a wall time hours off from the
phone's, but with its offset the instant is right, and comparing wall times would borrow a place from
hours away.  A file without an offset has only its wall clock, compared with the neighbours' local wall
times (the phone's wall clock is the local one; a camera that writes no offset is nearly always set to
local time).  The service therefore passes ``utc_time`` only where the offset is known.

Everything runs on sorted arrays with ``searchsorted``: a million files in well under a second.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from app.core.homes import Bools, Floats, Ints, haversine_km, wall_seconds

MAX_APART_KM = 50.0


class TimedFile(NamedTuple):
    """One file as estimation sees it: ``utc_time`` only where the offset is known (aware, or naive UTC);
    ``wall_time`` the local naive capture time; ``lat``/``lon`` None without a read position."""

    file_id: int
    camera: str
    utc_time: datetime | None
    wall_time: datetime | None
    lat: float | None
    lon: float | None


def utc_seconds(moment: datetime | None) -> float:
    """An instant as seconds since the epoch; a naive time is read as UTC.  NaN for None."""
    if moment is None:
        return math.nan
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


@dataclass(frozen=True, eq=False)
class TimedColumns:
    """The files as arrays: ``camera`` codes (-1: unknown camera), ``utc`` and ``wall`` seconds (NaN when
    unknown), ``lat``/``lon`` (NaN without a read position)."""

    file_id: Ints
    camera: Ints
    utc: Floats
    wall: Floats
    lat: Floats
    lon: Floats

    def __len__(self) -> int:
        return len(self.file_id)

    @classmethod
    def build(
        cls,
        file_id: npt.ArrayLike,
        camera: npt.ArrayLike,
        utc: npt.ArrayLike,
        wall: npt.ArrayLike,
        lat: npt.ArrayLike,
        lon: npt.ArrayLike,
    ) -> TimedColumns:
        return cls(
            np.asarray(file_id, dtype=np.int64),
            np.asarray(camera, dtype=np.int64),
            np.asarray(utc, dtype=np.float64),
            np.asarray(wall, dtype=np.float64),
            np.asarray(lat, dtype=np.float64),
            np.asarray(lon, dtype=np.float64),
        )

    @classmethod
    def from_files(cls, files: Iterable[TimedFile]) -> TimedColumns:
        codes: dict[str, int] = {}
        rows = [
            (
                f.file_id,
                codes.setdefault(f.camera, len(codes)) if f.camera else -1,
                utc_seconds(f.utc_time),
                wall_seconds(f.wall_time),
                math.nan if f.lat is None else f.lat,
                math.nan if f.lon is None else f.lon,
            )
            for f in files
        ]
        if not rows:
            return cls.build([], [], [], [], [], [])
        return cls.build(*zip(*rows, strict=True))


@dataclass(frozen=True, eq=False)
class Estimates:
    """The files that borrowed a place: ``row`` (index into the input), ``file_id``, the borrowed
    ``lat``/``lon``, the GPS file it came from (``source_id``) and whether that is the same camera."""

    row: Ints
    file_id: Ints
    lat: Floats
    lon: Floats
    source_id: Ints
    same_camera: Bools

    def __len__(self) -> int:
        return len(self.row)


def estimate_places(
    files: TimedColumns | Iterable[TimedFile],
    estimate_hours: float = 2.0,
    skip: Bools | None = None,
    max_apart_km: float = MAX_APART_KM,
) -> Estimates:
    """SPEC §10 "Estimated places" for every file without a position (``skip``: rejected by the user)."""
    cols = files if isinstance(files, TimedColumns) else TimedColumns.from_files(files)
    window = estimate_hours * 3600.0
    has_pos = np.isfinite(cols.lat) & np.isfinite(cols.lon)
    wanted = ~has_pos if skip is None else ~has_pos & ~skip
    has_utc = np.isfinite(cols.utc)
    source = np.full(len(cols), -1, dtype=np.int64)
    same = np.zeros(len(cols), bool)
    # each file is compared on one clock: its UTC instant when known, else its wall time
    for times, queries in (
        (cols.utc, wanted & has_utc),
        (cols.wall, wanted & ~has_utc & np.isfinite(cols.wall)),
    ):
        refs = np.flatnonzero(has_pos & np.isfinite(times))
        asks = np.flatnonzero(queries)
        if len(refs) == 0 or len(asks) == 0:
            continue
        known = cols.camera[asks] >= 0
        found, pick = _nearest(cols, times, refs, asks[known], window, max_apart_km, by_camera=True)
        source[asks[known][pick >= 0]] = pick[pick >= 0]
        same[asks[known][pick >= 0]] = True
        rest = np.r_[asks[~known], asks[known][~found]]  # no neighbour of its own camera in the window
        _, pick = _nearest(cols, times, refs, rest, window, max_apart_km, by_camera=False)
        source[rest[pick >= 0]] = pick[pick >= 0]
    rows = np.flatnonzero(source >= 0)
    src = source[rows]
    return Estimates(rows, cols.file_id[rows], cols.lat[src], cols.lon[src], cols.file_id[src], same[rows])


def _nearest(
    cols: TimedColumns,
    times: Floats,
    refs: Ints,
    asks: Ints,
    window: float,
    max_apart_km: float,
    by_camera: bool,
) -> tuple[Bools, Ints]:
    """For each asking row: whether a neighbour lies in the window, and the row lending its position
    (-1 when none, or when the neighbours on both sides lie too far apart)."""
    if len(asks) == 0:
        return np.zeros(0, bool), np.zeros(0, dtype=np.int64)
    start = float(min(times[refs].min(), times[asks].min()))
    if by_camera:
        # one sorted key per (camera, time): cameras sit further apart than any window, so a neighbour
        # within the window is always of the same camera
        stride = float(max(times[refs].max(), times[asks].max())) - start + 4 * window + 1
        ref_key = cols.camera[refs] * stride + (times[refs] - start)
        ask_key = cols.camera[asks] * stride + (times[asks] - start)
    else:
        ref_key, ask_key = times[refs] - start, times[asks] - start
    order = np.argsort(ref_key, kind="stable")
    ref_key, refs = ref_key[order], refs[order]
    after = np.searchsorted(ref_key, ask_key, "right")  # refs[after] is the first strictly later
    before = after - 1
    has_before = before >= 0
    has_before[has_before] = ask_key[has_before] - ref_key[before[has_before]] <= window
    has_after = after < len(ref_key)
    has_after[has_after] = ref_key[after[has_after]] - ask_key[has_after] <= window
    b_row = refs[np.clip(before, 0, len(refs) - 1)]
    a_row = refs[np.clip(after, 0, len(refs) - 1)]
    both = has_before & has_after
    apart = haversine_km(
        cols.lat[b_row[both]], cols.lon[b_row[both]], cols.lat[a_row[both]], cols.lon[a_row[both]]
    )
    agree = np.ones(len(asks), bool)
    agree[both] = apart <= max_apart_km
    gap_before = np.where(has_before, ask_key - ref_key[np.clip(before, 0, len(refs) - 1)], np.inf)
    gap_after = np.where(has_after, ref_key[np.clip(after, 0, len(refs) - 1)] - ask_key, np.inf)
    pick = np.where(gap_before <= gap_after, b_row, a_row)
    found = has_before | has_after
    pick = np.where(found & agree, pick, -1)
    return found, pick
