"""Which countries a position's time zone covers: the offline border check for place names.

The nearest town can lie across a border (Geneva's neighbours are French), and a position at sea is
still near some coast; the time-zone polygons that timezonefinder carries follow borders and coasts,
and tzdata's zone tables say which countries each zone covers.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from app.core.timezones import zone_at

if TYPE_CHECKING:
    import numpy as np


@lru_cache(maxsize=1)
def zone_countries() -> dict[str, frozenset[str]]:
    """IANA zone -> the ISO codes of the countries it covers (Europe/Zurich: CH, DE, LI)."""
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


def countries_many(lat: np.ndarray, lon: np.ndarray) -> list[frozenset[str] | None]:
    """:func:`countries_at` for many positions at once: read from the zone grid's
    arrays with NumPy where the grid is open (a Python call per position costs 9 µs: 0.9 s for 100,000),
    asked one by one where the grid leaves a cell to timezonefinder or is not there."""
    import numpy as np

    from app.core import timezones, zonegrid

    n = len(lat)
    result: list[frozenset[str] | None] = [None] * n
    grid = timezones._open_grid()
    names: list[str] | None = getattr(grid, "_names", None)
    if grid is None or names is None or not n:
        return [countries_at(float(a), float(b)) for a, b in zip(lat, lon, strict=True)]
    value = grid.zone_ids(np.round(np.asarray(lat, float), 4), np.round(np.asarray(lon, float), 4))
    table = zone_countries()
    by_id: dict[int, frozenset[str] | None] = {}
    for i, v in enumerate(value.tolist()):
        if v == zonegrid.UNKNOWN:
            result[i] = countries_at(float(lat[i]), float(lon[i]))
            continue
        if v not in by_id:
            name = names[v]
            by_id[v] = frozenset() if name.startswith("Etc/") else table.get(name)
        result[i] = by_id[v]
    return result
