"""The time zone at a position, offline: which UTC offset applied where and when a file was shot.

A video stores a UTC instant and a camera without a time-zone setting a bare wall-clock time; both need
the zone at the GPS position to give the local day (SPEC §2).  timezonefinder holds the world's zone
boundaries in its data package and answers at sea with the nautical ``Etc/GMT±N`` zones (checked with
timezonefinder 9.0: 0.5 N 150 W is ``Etc/GMT+10``, i.e. UTC-10), so a ship or a plane over the ocean
still gets an offset.  Opening the finder costs about 0.3 s in each process (NumPy, cffi, h3, polygon
files), so most lookups are answered by a precomputed grid instead (:mod:`app.core.zonegrid`, cached in
the folder :func:`use_cache` names, which the place table shares), with the same answers; only a
position within a few kilometres of a zone boundary, or a process without the grid, opens the finder.
It is created then, once, and shared; lookups go through the same lock because the finder's thread
safety is only documented for its own module-level singleton.  A built program reads the finder's
polygons from the zone edge store it carries (:mod:`app.core.edge_finder`: the same answers from 12 MB
instead of timezonefinder's 32 MB ``coordinates.bin``, which the build leaves out).

The zone rules come from ``zoneinfo``: the system's tz database where there is one, else the ``tzdata``
package (a declared dependency, for Windows and slim containers).
"""

from __future__ import annotations

import math
import threading
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.core import zonegrid

if TYPE_CHECKING:
    from timezonefinder import TimezoneFinder

# Positions are looked up at 4 decimals (about 11 m): a burst of shots at one spot then costs one lookup,
# and no GPS fix is better than that anyway.
_PLACES = 4

_lock = threading.Lock()
_finder: TimezoneFinder | None = None
_finder_error: Exception | None = None  # why no finder can be opened (then raised by each lookup needing it)
_cache_dir: Path | None = None
_grid: zonegrid.ZoneGrid | None = None
_grid_opened = False  # tried to open the grid of _cache_dir (it may not exist yet)


def use_cache(cache_dir: Path | None) -> None:
    """Answer from the zone grid cached in ``cache_dir`` (None: always ask timezonefinder, unless the
    program came with the grid built: :data:`app.core.zonegrid.PREBUILT_DIR`, always read first).

    :class:`app.core.places.Places` names its own folder here, so the place table and the grid are kept
    together; the answers are the same either way, only their cost differs."""
    global _cache_dir, _grid, _grid_opened
    with _lock:
        if cache_dir != _cache_dir:
            _cache_dir, _grid, _grid_opened = cache_dir, None, False


def prepare_grid() -> bool:
    """Build the zone grid into the cache folder unless it is there (once per installation, about
    5 s); True when lookups can use it.  Called where the place table is loaded, off the GUI thread."""
    global _grid_opened
    folder = _cache_dir
    if folder is None or not zonegrid.ensure_grid(folder):
        return False
    with _lock:
        if _grid is None and folder == _cache_dir:
            _grid_opened = False  # open it on the next lookup
    return True


def _open_grid() -> zonegrid.ZoneGrid | None:
    global _grid, _grid_opened
    if not _grid_opened:
        with _lock:
            if not _grid_opened:
                _grid = zonegrid.open_prebuilt()
                if _grid is None and _cache_dir is not None:
                    _grid = zonegrid.open_grid(_cache_dir)
                _grid_opened = True
    return _grid


def _lookup(lat: float, lon: float) -> str | None:
    grid = _open_grid()
    name = grid.zone_at(lat, lon) if grid is not None else None
    if name is not None:
        return name
    return finder_zone_at(lat, lon)


def finder_zone_at(lat: float, lon: float) -> str | None:
    """The zone timezonefinder gives at a valid position, never the grid: what :func:`zone_at` asks
    near borders, and what a check of this program's finder asks (the smoke check of a build, whose
    finder reads the zone edge store).  Raises StoreError when this program's finder cannot be opened."""
    global _finder
    with _lock:
        if _finder is None:
            _finder = _open_finder()
        return _finder.timezone_at(lat=lat, lng=lon)


def _open_finder() -> TimezoneFinder:
    """timezonefinder, reading its polygons from the zone edge store the program came with (a built
    program, which leaves out timezonefinder's ``coordinates.bin``), else from that file.

    An unusable store is passed over for ``coordinates.bin`` where that is there; where it is not, the
    StoreError saying why is raised by this and every later lookup the grid leaves to the finder."""
    global _finder_error
    if _finder_error is not None:
        raise _finder_error
    from app.core import edge_finder, zone_edges

    try:
        return edge_finder.open_finder(zonegrid.prebuilt(zone_edges.PREFIX))
    except zone_edges.StoreError as exc:
        _finder_error = exc
        raise


def zone_at(lat: float, lon: float) -> str | None:
    """The IANA zone name at a position (an ``Etc/GMT±N`` zone at sea), or None when there is none.

    A position that cannot exist (NaN, beyond ±90/±180) has no zone rather than an exception: readers
    validate positions, but a lookup is no place for a crash.
    """
    if not (math.isfinite(lat) and math.isfinite(lon)) or abs(lat) > 90 or abs(lon) > 180:
        return None
    return _zone_name(round(lat, _PLACES), round(lon, _PLACES))


@lru_cache(maxsize=4096)
def _zone_name(lat: float, lon: float) -> str | None:
    try:
        return _lookup(lat, lon)
    except ValueError:  # timezonefinder's answer to coordinates it refuses
        return None


@lru_cache(maxsize=512)
def zone_rules(name: str) -> ZoneInfo | None:
    """The rules of a named zone, or None when this machine's tz database does not know it."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def offset_minutes(lat: float, lon: float, when: datetime, *, is_utc: bool) -> int | None:
    """The UTC offset in minutes at a position at a moment, or None when no zone is known there.

    ``when`` is a naive UTC instant (``is_utc=True``) or a naive local wall-clock time (``is_utc=False``);
    an aware ``when`` is an instant whatever ``is_utc`` says.  Wall-clock times around a change of
    clocks are read with ``fold=0`` throughout, so the same file always gets the same answer:

    - a time that occurs twice when clocks go back (New York 2024-11-03 01:30) takes the *first*
      occurrence, the summer-time offset (-240);
    - a time that never occurs when clocks go forward (New York 2024-03-10 02:30) takes the offset from
      *before* the change (-300), as if the camera had not been put forward yet.

    Offsets are whole minutes; the few historic local-mean-time offsets with seconds (before about 1900)
    are rounded to the nearest minute.
    """
    name = zone_at(lat, lon)
    rules = zone_rules(name) if name else None
    if rules is None:
        return None
    try:
        if when.tzinfo is not None:
            offset = when.astimezone(rules).utcoffset()
        elif is_utc:
            offset = when.replace(tzinfo=UTC).astimezone(rules).utcoffset()
        else:
            offset = when.replace(tzinfo=rules, fold=0).utcoffset()
    except OverflowError:  # an instant at the very edge of datetime's range (year 1 or 9999)
        return None
    if offset is None:
        return None
    return round(offset.total_seconds() / 60)
