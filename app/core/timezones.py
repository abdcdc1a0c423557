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


@lru_cache(maxsize=65536)
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


@lru_cache(maxsize=1)
def zone_countries() -> dict[str, frozenset[str]]:
    """IANA zone -> the ISO codes of the countries it covers, from tzdata's zone tables.

    A position's zone tells its country across a border where the nearest town lies on the other side
    (Geneva's zone is Europe/Zurich); at sea the zone is a nautical ``Etc/GMT±N`` with no country.
    """
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("tzdata")
    folders = (
        [Path(spec.submodule_search_locations[0]) / "zoneinfo"]
        if spec and spec.submodule_search_locations
        else []
    )
    folders.append(Path("/usr/share/zoneinfo"))
    result: dict[str, set[str]] = {}
    for folder in folders:
        for table in ("zone1970.tab", "zone.tab"):
            path = folder / table
            if not path.exists():
                continue
            for line in path.read_text("utf-8").splitlines():
                if line.startswith("#") or not line.strip():
                    continue
                codes, _, zone, *_ = line.split("\t")
                result.setdefault(zone, set()).update(codes.split(","))
        if result:
            break
    return {zone: frozenset(codes) for zone, codes in result.items()}


def countries_at(lat: float, lon: float) -> frozenset[str] | None:
    """The countries the zone at a position covers; an empty set at sea; None when it is not known."""
    name = zone_at(lat, lon)
    if name is None or name.startswith("Etc/"):
        return frozenset()
    return zone_countries().get(name)
