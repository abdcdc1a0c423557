"""The library as its map needs it: every placed file and the trips each belongs to, in two reads.

A map of 100,000 photos cannot afford a record per file nor a query per trip: the files come as arrays
(:func:`app.store.map_rows.placed`) and the trips' member lists are read once and turned into, for each
file, the trips that hold it (a flat array with offsets, so "which trips are on screen" is a few NumPy
calls).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from app.store import map_rows, member_lists
from app.store.library import Library


@dataclass(frozen=True, eq=False)
class PlacedFiles:
    """The files with a place (read, or estimated and not refused), in id order.

    File ``i``'s trips are ``trips[k]`` for ``k`` in ``trip_index[trip_starts[i]:trip_starts[i + 1]]``;
    ``trips`` are TripIds, oldest trip first."""

    file_id: npt.NDArray[np.int64]
    path: list[str]
    lat: npt.NDArray[np.float64]
    lon: npt.NDArray[np.float64]
    estimated: npt.NDArray[np.bool_]
    trips: list[str]
    trip_index: npt.NDArray[np.int64]
    trip_starts: npt.NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.file_id)

    def trips_of(self, row: int) -> list[str]:
        """The TripIds of file ``row`` (oldest first)."""
        picked = self.trip_index[self.trip_starts[row] : self.trip_starts[row + 1]]
        return [self.trips[k] for k in picked.tolist()]

    def trip_rows(self, rows: npt.ArrayLike) -> npt.NDArray[np.int64]:
        """The trips (indices into :attr:`trips`, ascending) holding any of the files ``rows``."""
        rows = np.asarray(rows, dtype=np.int64)
        if not len(rows) or not len(self.trip_index):
            return np.zeros(0, dtype=np.int64)
        counts = self.trip_starts[rows + 1] - self.trip_starts[rows]
        starts = np.repeat(self.trip_starts[rows], counts)
        within = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
        return np.unique(self.trip_index[starts + within])


def placed_files(lib: Library) -> PlacedFiles:
    with lib.snapshot():  # the files and the trips as of one moment
        rows = map_rows.placed(lib)
        trips = map_rows.trip_ids(lib)
        lists = member_lists.read(lib, "trip")
    owner_rows: list[npt.NDArray[np.int64]] = []
    owner_trip: list[npt.NDArray[np.int64]] = []
    for k, (row_id, _) in enumerate(trips):
        ids = np.asarray(lists.get(row_id, ()), dtype=np.int64)
        if not len(ids) or not len(rows.file_id):
            continue
        at = np.searchsorted(rows.file_id, ids)
        inside = at < len(rows.file_id)
        at = at[inside]
        at = at[rows.file_id[at] == ids[inside]]  # members without a place are not on the map
        owner_rows.append(at)
        owner_trip.append(np.full(len(at), k, dtype=np.int64))
    if owner_rows:
        file_rows, trip_of = np.concatenate(owner_rows), np.concatenate(owner_trip)
    else:
        file_rows = trip_of = np.zeros(0, dtype=np.int64)
    order = np.lexsort((trip_of, file_rows))
    counts = np.bincount(file_rows, minlength=len(rows.file_id))
    starts = np.r_[0, np.cumsum(counts)].astype(np.int64)
    return PlacedFiles(
        rows.file_id, rows.path, rows.lat, rows.lon, rows.estimated, [t for _, t in trips],
        trip_of[order].astype(np.int64), starts,
    )  # fmt: skip
