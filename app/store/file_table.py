"""Every readable file as numbers, for the rules that look at the whole library at once (clusters, homes,
trips, estimated places), kept with the open library and brought up to date by reading only what changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from app.store import files as file_rows
from app.store.engine import Engine
from app.store.library import Library


@dataclass(frozen=True, eq=False)
class FileTable:
    """Every indexed file that is not unreadable, as the trip and estimate rules read them.

    ``day``: ordinal of the local capture day (0 without); ``wall``/``utc``: seconds since 1970 of the
    local wall clock and of the UTC instant (NaN when unknown; ``utc`` only where the offset is known);
    ``lat``/``lon``: the read position (NaN without); ``est_*``: the stored estimate; ``city`` indexes
    ``addresses`` (the read address, all five levels; -1 without) and ``est_city`` the same for the
    estimate (down to the city).
    """

    file_id: npt.NDArray[np.int64]
    day: npt.NDArray[np.int64]
    wall: npt.NDArray[np.float64]
    utc: npt.NDArray[np.float64]
    lat: npt.NDArray[np.float64]
    lon: npt.NDArray[np.float64]
    camera: npt.NDArray[np.int64]
    rejected: npt.NDArray[np.bool_]
    city: npt.NDArray[np.int64]
    est_lat: npt.NDArray[np.float64]
    est_lon: npt.NDArray[np.float64]
    est_city: npt.NDArray[np.int64]
    addresses: tuple[tuple[str, str, str, str, str], ...]
    offset: npt.NDArray[np.float64]  # minutes east of UTC (NaN when unknown)
    photo: npt.NDArray[np.bool_]  # a photo, not a video

    def cities(
        self, codes: npt.NDArray[np.int64]
    ) -> tuple[npt.NDArray[np.int64], list[tuple[str, str, str]]]:
        """``codes`` (into :attr:`addresses`) as codes of their address down to the city, and those."""
        found: dict[tuple[str, str, str], int] = {}
        mapping = np.array(
            [found.setdefault(a[:3], len(found)) for a in self.addresses] + [-1], dtype=np.int64
        )  # the trailing -1 answers code -1
        return mapping[codes], list(found)

    def rows_of(self, file_ids: npt.ArrayLike) -> npt.NDArray[np.int64]:
        """Row numbers of ``file_ids`` (the table is in id order)."""
        return np.searchsorted(self.file_id, np.asarray(file_ids, dtype=np.int64))


_NONE = 1e308  # what SQL gives for NULL in the numeric columns, so they come back as one float array


@dataclass
class _Cached:
    """The files as read at ``generation``, and the codes their strings were given (kept, so that rows read
    later get the same codes)."""

    generation: int
    table: FileTable
    keys: dict[str, int]
    cameras: dict[str, int]
    shape: tuple[int, int]  # (files, highest id) then: a write that did not count a generation shows here


# Python's sqlite3 makes an object of every value, which is most of the cost of a first read: the day and
# three flags travel as one number (day * 8 + photo * 4 + rejected * 2 + unreadable), and the estimates,
# which few files have, in a query of their own.
def _columns(engine: Engine) -> str:
    day = engine.day_ordinal("capture_day")
    return (
        f"id, COALESCE({day}, 0) * 8 + CASE WHEN kind = 'photo' THEN 4 ELSE 0 END"
        " + CASE WHEN est_rejected != 0 THEN 2 ELSE 0 END + CASE WHEN status = 'error' THEN 1 ELSE 0 END,"
        f" COALESCE({engine.epoch_seconds('local_time')}, {_NONE}),"
        f" COALESCE(CASE WHEN local_offset_min IS NOT NULL THEN {engine.epoch_seconds('utc_time')} END,"
        f" {_NONE}), COALESCE(lat, {_NONE}), COALESCE(lon, {_NONE}),"
        f" COALESCE(CAST(local_offset_min AS DOUBLE PRECISION), {_NONE})"
    )


def _texts(engine: Engine) -> str:
    sep = engine.unit_separator
    return (
        f"CASE WHEN country = '' THEN '' ELSE country || {sep} || province || {sep} || city || {sep}"
        f" || district || {sep} || township END, camera"
    )


def _estimates(engine: Engine) -> str:
    sep = engine.unit_separator
    return (
        f"id, est_lat, est_lon, CASE WHEN est_country = '' THEN '' ELSE est_country || {sep} || est_province"
        f" || {sep} || est_city || {sep} || {sep} END"
    )


def file_table(lib: Library) -> FileTable:
    """Every file that is not unreadable, in id order, as the trip and estimate rules read them.

    The first call reads them all in two passes (the numbers straight into one array, then the strings,
    coded with a dictionary): a million files in about two seconds.  Later calls on the same library
    read only the rows changed since (each write to the files counts a generation, see
    :func:`app.store.files.next_generation`), and start afresh after rows were deleted.
    """
    with lib.lock:
        with lib.snapshot():  # one snapshot for the generation and the rows
            current, reset = file_rows.generations(lib)
            count, top = lib.execute("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM media_file").fetchone()
            shape = (int(count), int(top))
            kept = lib.cache.get("file_table")
            cached = kept if isinstance(kept, _Cached) and reset <= kept.generation <= current else None
            if cached is not None and cached.generation == current:
                if cached.shape == shape:
                    return cached.table
                cached = None  # rows written without counting a generation: read them all
            if cached is not None:
                delta = _read(lib, "WHERE gen > ?", (cached.generation,), cached.keys, cached.cameras)
                cached = _Cached(
                    current, _merge(cached.table, delta, cached.keys), cached.keys, cached.cameras, shape
                )
            else:
                keys: dict[str, int] = {"": -1}
                cameras: dict[str, int] = {"": -1}
                table, _ = _read(lib, "WHERE status != 'error'", (), keys, cameras)
                cached = _Cached(current, table, keys, cameras, shape)
        lib.cache["file_table"] = cached
        return cached.table


def _read(
    lib: Library, where: str, params: tuple[Any, ...], keys: dict[str, int], cameras: dict[str, int]
) -> tuple[FileTable, npt.NDArray[np.bool_]]:
    """The rows ``where`` picks, in id order, and which of them are unreadable (status error)."""
    numbers = lib.execute(
        f"SELECT {_columns(lib.engine)} FROM media_file {where} ORDER BY id", params
    ).fetchall()
    grid = np.array(numbers, dtype=np.float64).reshape(len(numbers), 7)
    grid[grid >= _NONE] = np.nan
    file_id, packed = grid[:, 0].astype(np.int64), grid[:, 1].astype(np.int64)
    texts = lib.execute(f"SELECT {_texts(lib.engine)} FROM media_file {where} ORDER BY id", params).fetchall()
    n = len(texts)
    city = np.fromiter((keys.setdefault(t[0], len(keys) - 1) for t in texts), np.int64, n)
    camera = np.fromiter((cameras.setdefault(t[1], len(cameras) - 1) for t in texts), np.int64, n)
    est_lat, est_lon = np.full(n, np.nan), np.full(n, np.nan)
    est_city = np.full(n, -1, dtype=np.int64)
    for row_id, lat, lon, key in lib.execute(
        f"SELECT {_estimates(lib.engine)} FROM media_file {where} AND est_lat IS NOT NULL", params
    ):  # fmt: skip
        row = int(np.searchsorted(file_id, row_id))
        est_lat[row], est_lon[row], est_city[row] = lat, lon, keys.setdefault(key, len(keys) - 1)
    table = FileTable(
        file_id=file_id, day=packed // 8, wall=grid[:, 2], utc=grid[:, 3], lat=grid[:, 4], lon=grid[:, 5],
        camera=camera, rejected=(packed & 2) > 0, city=city, est_lat=est_lat, est_lon=est_lon,
        est_city=est_city, addresses=_addresses(keys), offset=grid[:, 6], photo=(packed & 4) > 0,
    )  # fmt: skip
    return table, (packed & 1) > 0


_ARRAYS = ("file_id", "day", "wall", "utc", "lat", "lon", "camera", "rejected", "city", "est_lat", "est_lon",
           "est_city", "offset", "photo")  # fmt: skip


def _merge(old: FileTable, delta: tuple[FileTable, npt.NDArray[np.bool_]], keys: dict[str, int]) -> FileTable:
    """``old`` with the changed rows of ``delta`` in their place (unreadable ones dropped), in id order."""
    new, unreadable = delta
    keep_old = ~np.isin(old.file_id, new.file_id)
    keep_new = ~unreadable
    ids = np.concatenate([old.file_id[keep_old], new.file_id[keep_new]])
    order = np.argsort(ids, kind="stable")
    columns = {
        name: np.concatenate([getattr(old, name)[keep_old], getattr(new, name)[keep_new]])[order]
        for name in _ARRAYS
    }
    return FileTable(**columns, addresses=_addresses(keys))


def _addresses(keys: dict[str, int]) -> tuple[tuple[str, str, str, str, str], ...]:
    return tuple(_address(key) for key in list(keys)[1:])


def _address(key: str) -> tuple[str, str, str, str, str]:
    country, province, city, district, township = key.split("\x1f")
    return country, province, city, district, township
