"""A trip's route: its stops in time order, each at a position worked out from the trip's own photos.

A stored stop names a city and its days but holds no position, so the map places each stop where its
photos were taken: the median position of the files of its days.  On a day of travel two or more stops
share the day; that day's files (in capture order) are cut at the largest jumps in position, one piece
per stop, so the morning's photos go to the stop left and the evening's to the stop reached.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np


@dataclass(frozen=True)
class RouteStop:
    """One stop as the map shows it: its name, its days as the caller writes them, its position."""

    name: str
    days: str
    lat: float
    lon: float


def stop_positions(
    stop_days: Sequence[tuple[date, date]], files: Sequence[tuple[date, float | None, float | None]]
) -> list[tuple[float, float] | None]:
    """The position of each stop (None when none of its files has one).

    ``stop_days`` are the stops' (first day, last day) in time order; ``files`` are the trip's files as
    (capture day, lat, lon) in capture order (read or estimated positions alike)."""
    by_day: dict[date, list[tuple[float, float]]] = {}
    for day, lat, lon in files:
        if lat is not None and lon is not None and math.isfinite(lat) and math.isfinite(lon):
            by_day.setdefault(day, []).append((lat, lon))
    owned: list[list[tuple[float, float]]] = [[] for _ in stop_days]
    for day, points in by_day.items():
        stops = [i for i, (first, last) in enumerate(stop_days) if first <= day <= last]
        if not stops:
            continue
        for piece, stop in zip(_cut(points, len(stops)), stops, strict=True):
            owned[stop].extend(piece)
    positions: list[tuple[float, float] | None] = []
    for points in owned:
        if points:
            lat_lon = np.median(np.asarray(points, dtype=float), axis=0)
            positions.append((float(lat_lon[0]), float(lat_lon[1])))
        else:
            positions.append(None)
    return positions


def _cut(points: list[tuple[float, float]], pieces: int) -> list[list[tuple[float, float]]]:
    """``points`` cut into ``pieces`` runs at the largest jumps between neighbours (fewer points than
    pieces: the last stops get none)."""
    if pieces <= 1:
        return [points]
    if len(points) < 2:
        return [points] + [[] for _ in range(pieces - 1)]
    arr = np.radians(np.asarray(points, dtype=float))
    dlat, dlon = np.diff(arr[:, 0]), np.diff(arr[:, 1])
    jump = dlat**2 + (dlon * np.cos(arr[:-1, 0])) ** 2
    cuts = sorted(np.argsort(-jump, kind="stable")[: pieces - 1].tolist())
    bounds = [0, *(c + 1 for c in cuts), len(points)]
    runs = [points[a:b] for a, b in itertools.pairwise(bounds)]
    return runs + [[] for _ in range(pieces - len(runs))]
