"""What the maps read: every placed file in one pass, and the trips' files as positions by day.

The library map draws up to hundreds of thousands of photos, so the placed files come back as a few
arrays read straight from one query (no record object per file); which trips hold them comes from the
trips' member lists (:mod:`app.store.member_lists`), read once.  A trip's route places each stop at
the median of its files, so :func:`trip_positions` gives those files' days and positions in capture
order, for every trip asked at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from app.store import mounts
from app.store.library import Library

_PLACED = (
    "SELECT id, source_id, path, COALESCE(lat, est_lat), COALESCE(lon, est_lon),"
    " CASE WHEN lat IS NULL THEN 1 ELSE 0 END"
    " FROM media_file"
    " WHERE status NOT IN ('error', 'missing') AND ((lat IS NOT NULL AND lon IS NOT NULL)"
    " OR (lat IS NULL AND est_lat IS NOT NULL AND est_lon IS NOT NULL AND est_rejected = 0))"
    " ORDER BY id"
)


@dataclass(frozen=True, eq=False)
class PlacedRows:
    """The files with a place, in id order: the read place, else the estimate nobody refused."""

    file_id: npt.NDArray[np.int64]
    path: list[str]
    lat: npt.NDArray[np.float64]
    lon: npt.NDArray[np.float64]
    estimated: npt.NDArray[np.bool_]


def placed(lib: Library) -> PlacedRows:
    """Every readable, present file with a read place or an estimated one that was not refused."""
    rows = lib.execute(_PLACED).fetchall()
    if not rows:
        empty = np.zeros(0)
        return PlacedRows(np.zeros(0, dtype=np.int64), [], empty, empty.copy(), np.zeros(0, dtype=bool))
    ids, sources, paths, lat, lon, est = zip(*rows, strict=True)
    mount_of = mounts.mounts(lib)
    where = mounts.absolute_many(mount_of, sources, paths)
    return PlacedRows(
        np.array(ids, dtype=np.int64), where, np.array(lat, dtype=np.float64),
        np.array(lon, dtype=np.float64), np.array(est, dtype=bool),
    )  # fmt: skip


def trip_ids(lib: Library) -> list[tuple[int, str]]:
    """(row id, TripId) of every stored trip, oldest first (the order the trips are listed in)."""
    return [(int(r), str(t)) for r, t in lib.execute("SELECT id, trip_id FROM trip ORDER BY first_day, id")]


def trip_positions(
    lib: Library, trip_row_ids: Iterable[int] | None = None
) -> dict[int, list[tuple[int, float | None, float | None]]]:
    """Each trip's files as (capture day ordinal, lat, lon) in capture order (the order the trip page
    lists them), by trip row id; the position is the read one, else the estimate (None without)."""
    rows_of, value = lib.engine.json_ids("t.file_ids", "j")
    day = lib.engine.day_ordinal("m.capture_day")  # as app.store.file_table reads it
    query = (
        f"SELECT t.trip_id, {day}, CASE WHEN m.lat IS NOT NULL THEN m.lat ELSE m.est_lat END,"
        " CASE WHEN m.lat IS NOT NULL THEN m.lon ELSE m.est_lon END"
        f" FROM trip_members t CROSS JOIN {rows_of} JOIN media_file m ON m.id = {value}"
        " WHERE m.capture_day IS NOT NULL{where} ORDER BY t.trip_id, m.produce_time NULLS FIRST, m.path"
    )
    found: dict[int, list[tuple[int, float | None, float | None]]] = {}
    if trip_row_ids is None:
        chunks: list[list[int]] = [[]]
    else:
        wanted = sorted(set(trip_row_ids))
        chunks = [wanted[i : i + 500] for i in range(0, len(wanted), 500)]
    for chunk in chunks:
        if trip_row_ids is None:
            rows = lib.execute(query.format(where=""))
        elif not chunk:
            continue
        else:
            marks = ", ".join("?" * len(chunk))
            rows = lib.execute(query.format(where=f" AND t.trip_id IN ({marks})"), chunk)
        for trip, day, lat, lon in rows:
            found.setdefault(int(trip), []).append((int(day), lat, lon))
    return found
