"""Nearest neighbour on the sphere through a grid of one-degree cells, in NumPy alone.

The index serves the place lookup of every indexing run, including the small ones whose whole process
should take a fraction of a second; SciPy's KD-tree would cost 0.16 s of import and a build on every
start.  Points are sorted by cell once (the order is cached with the table), and a query looks only at
the cells around it: enough of them to cover ``reach_km`` in every direction, so every point within
that reach is found.  Queries are grouped by cell, which suits photos: a trip's thousand photos fall in
a handful of cells and cost one small matrix product each.
"""

from __future__ import annotations

import math

import numpy as np

EARTH_RADIUS_KM = 6371.0088
N_LAT, N_LON = 180, 360
_CELL_KM = math.pi * EARTH_RADIUS_KM / 180  # one degree of latitude


def cell_ids(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    rows = np.clip(np.floor(np.asarray(lat) + 90).astype(np.int64), 0, N_LAT - 1)
    cols = np.floor(np.asarray(lon) + 180).astype(np.int64) % N_LON
    ids: np.ndarray = rows * N_LON + cols
    return ids


def unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Points on the unit sphere, so distances are right across the date line and near the poles."""
    la, lo = np.radians(lat), np.radians(lon)
    cos_la = np.cos(la)
    return np.column_stack((cos_la * np.cos(lo), cos_la * np.sin(lo), np.sin(la)))


def sort_order(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """The order that groups points by cell; the table is stored in it so loading needs no sort."""
    return np.argsort(cell_ids(lat, lon), kind="stable")


def grid_arrays(lat: np.ndarray, lon: np.ndarray) -> dict[str, np.ndarray]:
    """What a :class:`Grid` needs, for points already in :func:`sort_order` (cacheable as they are)."""
    cells = cell_ids(lat, lon)
    if len(cells) > 1 and np.any(np.diff(cells) < 0):
        raise ValueError("points must be sorted by cell (see sort_order)")
    return {
        "grid_start": np.searchsorted(cells, np.arange(N_LAT * N_LON + 1)),
        "grid_xyz": unit_vectors(lat, lon),
    }


class Grid:
    """Answers (index, kilometres) of the nearest point within reach, from :func:`grid_arrays`."""

    def __init__(self, arrays: dict[str, np.ndarray], reach_km: float) -> None:
        self._start, self._xyz = arrays["grid_start"], arrays["grid_xyz"]
        self._reach_rows = max(1, math.ceil(reach_km / _CELL_KM))
        self._reach_km = reach_km
        self._cache: dict[int, np.ndarray] = {}
        self._reachable: np.ndarray | None = None  # per cell, made on first use (see reachable)

    def _candidates(self, cell: int) -> np.ndarray:
        """Indices of the points in the cells around ``cell``, sorted; remembered per cell."""
        found = self._cache.get(cell)
        if found is None:
            if len(self._cache) > 50_000:
                self._cache.clear()
            found = self._cache[cell] = self._gather(cell)
        return found

    def _reach(self, row: int) -> tuple[int, int, int]:
        """The rows (first, last) and the columns either side that a query in ``row`` looks at."""
        low, high = max(row - self._reach_rows, 0), min(row + self._reach_rows, N_LAT - 1)
        # the parallel shrinks with latitude: widen the columns by the row range's highest latitude,
        # with a margin for great circles being shorter than parallels
        edge = max(abs(low - 90), abs(high + 1 - 90))
        cos_edge = math.cos(math.radians(min(edge, 89.999)))
        return low, high, math.ceil(1.2 * self._reach_km / (_CELL_KM * cos_edge))

    def reachable(self, cells: np.ndarray) -> np.ndarray:
        """Whether a query in each cell has any point to look at (:meth:`_candidates` not empty), for
        many cells at once: most of the world is sea, and gathering nothing cell by cell is what
        positions spread over it spent most of their time on."""
        if self._reachable is None:
            counts = np.diff(self._start).reshape(N_LAT, N_LON)
            wrapped = np.concatenate((counts, counts, counts), axis=1)  # columns around the date line
            table = np.zeros((N_LAT + 1, 3 * N_LON + 1), dtype=np.int64)
            table[1:, 1:] = wrapped.cumsum(axis=0).cumsum(axis=1)
            reach = [self._reach(row) for row in range(N_LAT)]
            low, high, span = (np.array(values) for values in zip(*reach, strict=True))
            span = np.where(2 * span + 1 >= N_LON, -1, span)  # -1: every column
            col = np.arange(N_LON)
            first = np.where(span[:, None] < 0, N_LON, N_LON + col[None, :] - span[:, None])
            last = np.where(span[:, None] < 0, 2 * N_LON - 1, N_LON + col[None, :] + span[:, None])
            top, bottom = high[:, None] + 1, low[:, None]
            inside = table[top, last + 1] - table[bottom, last + 1] - table[top, first] + table[bottom, first]
            self._reachable = (inside > 0).ravel()
        found: np.ndarray = self._reachable[np.asarray(cells)]
        return found

    def _gather(self, cell: int) -> np.ndarray:
        row, col = divmod(cell, N_LON)
        low, high, span = self._reach(row)
        cols = np.arange(N_LON) if 2 * span + 1 >= N_LON else (col + np.arange(-span, span + 1)) % N_LON
        cells = (np.arange(low, high + 1)[:, None] * N_LON + cols[None, :]).ravel()
        starts, ends = self._start[cells], self._start[cells + 1]
        keep = ends > starts
        starts, ends = starts[keep], ends[keep]
        if len(starts) == 0:
            return np.empty(0, dtype=np.int64)
        lengths = ends - starts
        # the ranges [start, end) laid end to end, without a Python loop
        offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
        return np.sort(offsets + np.arange(lengths.sum()))

    def query(self, lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Index of the nearest point (-1 when none is within reach) and its distance in km."""
        lat, lon = np.atleast_1d(np.asarray(lat, float)), np.atleast_1d(np.asarray(lon, float))
        found = np.full(len(lat), -1, dtype=np.int64)
        km = np.full(len(lat), np.inf)
        if len(lat) == 0:
            return found, km
        queries = unit_vectors(lat, lon)
        cells = cell_ids(lat, lon)
        order = np.argsort(cells, kind="stable")
        bounds = np.flatnonzero(np.diff(cells[order])) + 1
        for group in np.split(order, bounds):
            candidates = self._candidates(int(cells[group[0]]))
            if len(candidates) == 0:
                continue
            points = self._xyz[candidates]
            for chunk in np.array_split(group, max(1, len(group) // 512)):
                dots = queries[chunk] @ points.T
                best = np.argmax(dots, axis=1)
                chord = np.sqrt(np.maximum(2 - 2 * dots[np.arange(len(chunk)), best], 0))
                found[chunk] = candidates[best]
                km[chunk] = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(chord / 2, 1.0))
        far = km > self._reach_km
        found[far], km[far] = -1, np.inf
        return found, km
