"""The time zone at a position, offline: which UTC offset applied where and when a file was shot.

A video stores a UTC instant and a camera without a time-zone setting a bare wall-clock time; both need
the zone at the GPS position to give the local day (SPEC §2).  timezonefinder holds the world's zone
boundaries in its data package and answers at sea with the nautical ``Etc/GMT±N`` zones (checked with
timezonefinder 9.0: 0.5 N 150 W is ``Etc/GMT+10``, i.e. UTC-10), so a ship or a plane over the ocean
still gets an offset.  Its finder takes a noticeable moment to open and most runs never need it (photos
usually state their offset), so it is created on first use, once, and shared; lookups go through the
same lock because the finder's thread safety is only documented for its own module-level singleton.

The zone rules come from ``zoneinfo``: the system's tz database where there is one, else the ``tzdata``
package (a declared dependency, for Windows and slim containers).
"""

from __future__ import annotations

import math
import threading
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

if TYPE_CHECKING:
    from timezonefinder import TimezoneFinder

# Positions are looked up at 4 decimals (about 11 m): a burst of shots at one spot then costs one lookup,
# and no GPS fix is better than that anyway.
_PLACES = 4

_lock = threading.Lock()
_finder: TimezoneFinder | None = None


def _lookup(lat: float, lon: float) -> str | None:
    global _finder
    with _lock:
        if _finder is None:
            from timezonefinder import TimezoneFinder

            _finder = TimezoneFinder()
        return _finder.timezone_at(lat=lat, lng=lon)


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
