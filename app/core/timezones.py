"""The time zone at a position, offline: which UTC offset applied where and when a file was shot.

A video stores a UTC instant and a camera without a time-zone setting a bare wall-clock time; both need
the zone at the GPS position to give the local day (SPEC §2).  timezonefinder holds the world's zone
boundaries in the wheel and answers at sea with nautical ``Etc/GMT±N`` zones; its finder takes a few
tenths of a second to open, so it is created on first use, once, and shared under a lock.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_lock = threading.Lock()
_finder = None


def _get_finder():
    global _finder
    with _lock:
        if _finder is None:
            from timezonefinder import TimezoneFinder

            _finder = TimezoneFinder()
        return _finder


@lru_cache(maxsize=4096)
def zone_at(lat: float, lon: float) -> str | None:
    """The IANA zone name at a position (an ``Etc/GMT±N`` zone at sea), or None when there is none."""
    finder = _get_finder()
    with _lock:  # the finder keeps open file handles and is not documented as thread-safe
        return finder.timezone_at(lat=lat, lng=lon)


@lru_cache(maxsize=512)
def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def offset_minutes(lat: float, lon: float, when: datetime, *, is_utc: bool) -> int | None:
    """The UTC offset in minutes at a position at a moment, or None when no zone is known there.

    ``when`` is a UTC instant (``is_utc=True``) or a local wall-clock time.  A wall-clock time that
    occurs twice when clocks go back takes the first (summer-time) offset, and one skipped when clocks go
    forward takes the offset from before the change, as zoneinfo does with ``fold=0``.
    """
    name = zone_at(round(lat, 4), round(lon, 4))
    zone = _zone(name) if name else None
    if zone is None:
        return None
    if is_utc:
        offset = when.replace(tzinfo=UTC).astimezone(zone).utcoffset()
    else:
        offset = when.replace(tzinfo=zone, fold=0).utcoffset()
    return int((offset or timedelta(0)).total_seconds() // 60)
