"""Offline reverse geocoding of positions into IMM's five address levels, at the level people name.

The nearest populated place is often a district or the suburb next door (West Lake is nearest to
"Xihu", the Eiffel Tower to "Vanves").  So a position is named after the place a person would name,
from GeoNames' populated places with their populations (:mod:`app.core.placedata`):

========== ===========================================================================================
country    the country of the chosen city; where the position's time zone says otherwise (a border
           town whose neighbour across the border is bigger), a city of the zone's countries instead
province   the chosen city's first-order division, without suffixes such as "Sheng", "Shi", "Zizhiqu"
city       among the places whose radius covers the position (a radius grows with population: 1.5 km
           for a village, 12 km for Paris, 35 km at most), the one the position lies deepest inside,
           weighted by the log of its population; a covering place that is part of a much larger
           covering place of the same province (Haidian of Beijing) gives way to it.  When none
           covers the position, the nearest place within 100 km.
district   the nearest place when it is a different place of the same division inside the city's
           radius (Xihu in Hangzhou, Haidian in Beijing); empty otherwise
township   empty: GeoNames' populated places hold nothing finer than that
========== ===========================================================================================

On the mainland of China the levels are China's own, from its division table: the prefecture-level
city, the county and the town (:mod:`app.core.china`); Hong Kong, Macau and Taiwan keep the rules
above, and neither side of their borders is named after a place on the other.

A position whose time zone is a nautical one (open sea), or that lies more than 100 km from any
place, gets no address.  The derived table is cached as NumPy arrays in the caller's cache folder
(about 30 ms to load) and rebuilt when the package data, :data:`VERSION` or :data:`CACHE_LAYOUT` changes;
a built program reads the same arrays from the table it came with (:data:`app.core.zonegrid.PREBUILT_DIR`).
The same folder keeps the time-zone grid (:func:`app.core.timezones.use_cache`), built when the table
is loaded if it is not there yet.

NumPy (0.15 s to import) is imported when the table is loaded, not with this module: a process that
never names a place never pays for it, and the command line imports it while its reader processes
are already at work.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import threading
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.core import china, place_names, timezones, zonegrid
from app.core.zone_countries import countries_many

if TYPE_CHECKING:
    import numpy as np

    from app.core.nearest import Grid

#: Bump when the rules or the data change the addresses they give: libraries re-geocode on the next index.
#: 3: mainland China named at its own levels (prefecture, county, town; :mod:`app.core.china`).
#: 4: first-level divisions by their current names where the 2016 data's are out of date (France's regions).
#: 5: mainland counties (so prefectures) read off county boundaries (:mod:`app.core.china_counties`).
VERSION = 5
#: Bump when the cached arrays change shape or order (no re-geocoding needed).
CACHE_LAYOUT = 6  # 6: populations, parents and offsets in 32 bits
MAX_DISTANCE_KM = 100.0
#: positions in more cells than this first drop the cells with no place in reach, in one step (its table
#: costs 14 ms once a process; a trip's photos fall in a handful of cells and never pay it)
REACH_TEST_CELLS = 64
BORDER_CHECK_KM = 3.0  # farther than this from the nearest place, the time zone confirms the country
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
        return str(getattr(self, name))


def clean_province(admin1: str) -> str:
    return _PROVINCE_SUFFIX.sub("", admin1).strip()


def _read_npy(path: Path) -> np.ndarray:
    """``np.load`` without its import of numpy's I/O module and masked arrays (13 ms at each start)."""
    from numpy.lib import format as npy

    with open(path, "rb") as file:
        return npy.read_array(file, allow_pickle=False)


def _read_table(folder: Path) -> dict[str, np.ndarray] | None:
    """The arrays of a complete table folder (cached or prebuilt), or None when they cannot be read."""
    try:
        return {f.stem: _read_npy(f) for f in folder.glob("*.npy")}
    except (OSError, ValueError):
        return None


def _km(dots: np.ndarray) -> np.ndarray:
    """Great-circle kilometres from the dot product of unit vectors."""
    import numpy as np

    from app.core.nearest import EARTH_RADIUS_KM

    km: np.ndarray = (
        2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(np.sqrt(np.maximum(2 - 2 * dots, 0)) / 2, 1.0))
    )
    return km


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` of integers without its import of NumPy's masked arrays (35 ms in NumPy 2)."""
    import numpy as np

    values = np.sort(values)
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values


class Places:
    """The place table, loaded on first use; safe to share between threads."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        self._cache_dir = cache_dir
        if cache_dir is not None:
            timezones.use_cache(cache_dir)
        self._lock = threading.Lock()
        self._grid: Grid | None = None
        self._cols: dict[str, np.ndarray] = {}
        self._blob = b""
        self._offs: np.ndarray  # set by load(), which imports NumPy
        self._texts: dict[int, str] = {}
        self._countries: dict[str, str] = {}
        self._is_empty: np.ndarray  # set by load()
        self._code_of: dict[str, int] = {}
        self._made: dict[tuple[int, int], Address] = {}
        self._made_cn: dict[tuple[int, int, str], Address] = {}

    @property
    def cache_dir(self) -> Path | None:
        """The folder of the cached table, and of the time-zone grid; None: nothing is cached."""
        return self._cache_dir

    # -- loading ---------------------------------------------------------------------------------------
    def _cache_file(self) -> Path | None:
        from app.core import placedata

        if self._cache_dir is None:
            return None
        stamp = "-".join(f"{p.stat().st_size}.{p.stat().st_mtime_ns}" for p in placedata.sources())
        digest = zlib.crc32(stamp.encode())  # str hash() differs per process; the name must not
        return self._cache_dir / f"places-v{VERSION}.{CACHE_LAYOUT}-{digest:08x}"

    def load(self) -> None:
        """Load the table now (the service calls this off the GUI thread before the first lookup)."""
        import numpy as np

        from app.core import placedata
        from app.core.nearest import Grid

        with self._lock:
            if self._grid is not None:
                return
            # the table that came with the program first: a build carries it instead of its sources
            prebuilt = zonegrid.prebuilt(f"places-v{VERSION}.{CACHE_LAYOUT}-")
            cols = _read_table(prebuilt) if prebuilt is not None else None
            if cols is None:
                prebuilt = None
                cache = self._cache_file()
                if cache is not None and (cache / "complete").exists():
                    cols = _read_table(cache)
                if cols is None:
                    cols = placedata.build()
                    if cache is not None:
                        self._write_cache(cache, cols)
            for name in placedata.NARROW:  # stored in 32 bits; looked up faster as NumPy's own index type
                cols[name] = cols[name].astype(np.intp)
            blob, offs = cols["strings_blob"].tobytes(), np.asarray(cols["strings_offs"])
            # names are decoded when first shown: decoding all 185,000 up front cost 50 ms per start
            self._blob, self._offs, self._texts = blob, offs, {}
            self._is_empty = offs[1:] == offs[:-1]
            # the codes in use, without np.unique: NumPy 2 imports its masked arrays for it (35 ms)
            codes = np.flatnonzero(np.bincount(cols["cc"]))
            self._code_of = {self._text(int(code)): int(code) for code in codes}
            self._made = {}
            self._cols = cols
            self._countries = placedata.countries(prebuilt)
            self._grid = Grid(cols, MAX_DISTANCE_KM)
        if self._cache_dir is not None:
            timezones.prepare_grid()

    @staticmethod
    def _write_cache(cache: Path, cols: dict[str, np.ndarray]) -> None:
        """One .npy file per array, written into a temporary folder renamed into place when complete:
        a half-written cache from a killed process is never read."""
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            for old in cache.parent.glob("places-v*"):
                if old.is_dir():
                    shutil.rmtree(old, ignore_errors=True)
                else:
                    old.unlink(missing_ok=True)
            tmp = cache.with_name(f".{cache.name}.{os.getpid()}.tmp")
            tmp.mkdir()
            import numpy as np

            for name, array in cols.items():
                np.save(tmp / f"{name}.npy", array)
            (tmp / "complete").touch()
            os.replace(tmp, cache)
        except OSError:
            pass  # a read-only cache folder only costs speed

    # -- lookups ---------------------------------------------------------------------------------------
    def resolve(self, lat: float, lon: float, language: str = "en") -> Address | None:
        return self.resolve_many([(lat, lon)], language)[0]

    def resolve_many(
        self, points: Sequence[tuple[float, float]], language: str = "en"
    ) -> list[Address | None]:
        """Addresses for many positions at once (the indexer geocodes a batch at a time).

        ``language`` "zh-Hans" gives the names in Simplified Chinese (English where none is known):
        the mainland's from its division table, the world's from :mod:`app.core.place_names`."""
        if not len(points):
            return []
        self.load()
        import numpy as np

        arr = np.asarray(points, dtype=float).reshape(-1, 2)
        zones = self._region_zones(arr[:, 0], arr[:, 1])
        mainland = np.array([z == china.MAINLAND for z in zones], dtype=bool)
        result: list[Address | None] = [None] * len(arr)
        if mainland.any():
            on = np.flatnonzero(mainland)
            for i, named in zip(on.tolist(), self._resolve_mainland(arr[on], language), strict=True):
                result[i] = named
        world = np.flatnonzero(~mainland)
        if len(world):
            for i, address in zip(world.tolist(), self._resolve_world(arr[world], zones, world), strict=True):
                result[i] = address if address is None or language != "zh-Hans" else _in_chinese(address)
        return result

    def _region_zones(self, lat: np.ndarray, lon: np.ndarray) -> list[frozenset[str] | None]:
        """The countries of the time zone at each position inside the mainland's box (None elsewhere):
        it says which side of the borders with Hong Kong, Macau and Taiwan a position lies on."""
        import numpy as np

        south, north, west, east = china.BOUNDS
        inside = np.flatnonzero((lat >= south) & (lat <= north) & (lon >= west) & (lon <= east))
        zones: list[frozenset[str] | None] = [None] * len(lat)
        if len(inside):
            found = countries_many(lat[inside], lon[inside])
            for i, zone in zip(inside.tolist(), found, strict=True):
                zones[i] = zone
        return zones

    def _resolve_mainland(self, arr: np.ndarray, language: str) -> list[Address]:
        import numpy as np

        table = china.divisions()
        county, town = table.locate(arr[:, 0], arr[:, 1])
        # one address per distinct county and town: a trip's photos share a handful
        key = county * (len(table.town_county) + 1) + town + 1
        order = np.argsort(key, kind="stable")
        starts = np.flatnonzero(np.concatenate(([True], key[order][1:] != key[order][:-1])))
        result: list[Address] = [None] * len(arr)  # type: ignore[list-item]  # each filled below
        for first, end in zip(starts.tolist(), [*starts[1:].tolist(), len(order)], strict=True):
            at = int(order[first])
            address = self._mainland_address(table, int(county[at]), int(town[at]), language)
            for i in order[first:end].tolist():
                result[i] = address
        return result

    def _mainland_address(self, table: china.Divisions, c: int, t: int, language: str) -> Address:
        key = (c, t, language)
        made = self._made_cn.get(key)
        if made is None:
            names = table.names(c, t, language)
            made = self._made_cn[key] = Address(
                country=names.country,
                country_code="CN",
                province=names.province,
                city=names.city,
                district=names.district,
                township=names.township,
                address_line=names.address_line,
                language="zh-Hans" if language == "zh-Hans" else "en",
            )
        return made

    def _resolve_world(
        self, arr: np.ndarray, zones: list[frozenset[str] | None], rows: np.ndarray
    ) -> list[Address | None]:
        city, district, nearest_km, nearest = self._choose(arr[:, 0], arr[:, 1])
        checked = [
            i
            for i, c in enumerate(city.tolist())
            if c >= 0 and (nearest_km[i] > BORDER_CHECK_KM or self._cc(c) != self._cc(int(nearest[i])))
        ]
        unknown = [i for i in checked if zones[int(rows[i])] is None]  # outside China's box
        asked = dict(zip(unknown, countries_many(arr[unknown, 0], arr[unknown, 1]), strict=True))
        result: list[Address | None] = []
        for i, (lat, lon) in enumerate(arr):
            if city[i] < 0:
                result.append(None)
                continue
            c = int(city[i])
            zone = zones[int(rows[i])]
            cc = self._cc(c)
            crosses = bool(zone) and cc in china.REGION and cc not in (zone or ())  # Macau's name in Zhuhai
            if crosses or nearest_km[i] > BORDER_CHECK_KM or self._cc(c) != self._cc(int(nearest[i])):
                allowed = zone if zone is not None else asked[i]  # the zone's countries, asked in one batch
                if allowed is not None and not allowed:
                    result.append(None)  # open sea
                    continue
                if allowed and self._cc(c) not in allowed:
                    c, d = self._choose_in(lat, lon, allowed)
                    if c < 0:
                        result.append(None)
                        continue
                    district[i] = d
            result.append(self._address(c, int(district[i])))
        return result

    def _cc(self, i: int) -> str:
        return self._text(int(self._cols["cc"][i]))

    def _text(self, code: int) -> str:
        text = self._texts.get(code)
        if text is None:
            text = self._texts[code] = self._blob[self._offs[code] : self._offs[code + 1]].decode("utf-8")
        return text

    def _choose(
        self, lat: np.ndarray, lon: np.ndarray, allowed: frozenset[str] | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """City, district, distance to and index of the nearest place, for each position (-1: none)."""
        import numpy as np

        from app.core.nearest import cell_ids, unit_vectors

        cols = self._cols
        n = len(lat)
        city = np.full(n, -1, dtype=np.int64)
        district = np.full(n, -1, dtype=np.int64)
        nearest = np.full(n, -1, dtype=np.int64)
        nearest_km = np.full(n, np.inf)
        queries = unit_vectors(lat, lon)
        cells = cell_ids(lat, lon)
        order = np.argsort(cells, kind="stable")
        bounds = np.flatnonzero(np.diff(cells[order])) + 1
        allowed_codes = None
        if allowed is not None:
            allowed_codes = np.array(
                [self._code_of[c] for c in allowed if c in self._code_of], dtype=np.int32
            )
        groups = np.split(order, bounds)
        if len(groups) > REACH_TEST_CELLS:  # positions spread over the world: skip the cells of open sea
            assert self._grid is not None  # load() came first
            first_cells = cells[order[np.concatenate(([0], bounds))]]
            groups = [
                g for g, reached in zip(groups, self._grid.reachable(first_cells), strict=True) if reached
            ]
        for group, candidates in self._batches(groups, cells):
            if allowed_codes is not None:
                candidates = candidates[np.isin(cols["cc"][candidates], allowed_codes)]
            if len(candidates) == 0:
                continue
            for chunk in np.array_split(group, len(group) // 256) if len(group) > 256 else (group,):
                self._choose_chunk(queries[chunk], candidates, chunk, city, district, nearest, nearest_km)
        return city, district, nearest_km, nearest

    def _batches(
        self, groups: list[np.ndarray], cells: np.ndarray
    ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Queries of neighbouring cells in one row, taken together with the union of their candidates.

        Sparse positions (one or two a cell) would otherwise pay NumPy's per-call overhead once per cell;
        extra candidates change nothing, as every one is measured."""
        from app.core.nearest import N_LON

        batch: list[np.ndarray] = []
        first = -1
        for group in groups:
            cell = int(cells[group[0]])
            if batch and (cell // N_LON != first // N_LON or cell - first > 4 or sum(map(len, batch)) >= 128):
                yield self._merge(batch, cells)
                batch = []
            if not batch:
                first = cell
            batch.append(group)
        if batch:
            yield self._merge(batch, cells)

    def _merge(self, batch: list[np.ndarray], cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        import numpy as np

        assert self._grid is not None  # load() came first
        parts = [self._grid._candidates(int(cells[g[0]])) for g in batch]
        candidates = parts[0] if len(parts) == 1 else _sorted_unique(np.concatenate(parts))
        return (batch[0] if len(batch) == 1 else np.concatenate(batch)), candidates

    def _choose_chunk(
        self,
        q: np.ndarray,
        candidates: np.ndarray,
        chunk: np.ndarray,
        city: np.ndarray,
        district: np.ndarray,
        nearest: np.ndarray,
        nearest_km: np.ndarray,
    ) -> None:
        import numpy as np

        from app.core.nearest import EARTH_RADIUS_KM
        from app.core.placedata import MAX_RADIUS_KM

        cols = self._cols
        rows = np.arange(len(chunk))
        dots = q @ cols["grid_xyz"][candidates].T
        near = np.argmax(dots, axis=1)  # the largest dot product is the nearest place
        near_km = _km(dots[rows, near])
        # only places within the largest radius of some position can cover it: drop the rest early
        coverable = np.flatnonzero(dots.max(axis=0) >= math.cos(MAX_RADIUS_KM / EARTH_RADIUS_KM))
        places = candidates[coverable]
        km = _km(dots[:, coverable])
        radius = cols["radius"][places]
        covers = km <= radius
        # a covering place that is part of a larger covering place gives way to it
        parent = cols["parent"][places]
        at = np.searchsorted(places, parent)
        has_parent = (parent >= 0) & (at < len(places))
        has_parent &= places[np.minimum(at, max(len(places) - 1, 0))] == parent
        parent_covers = np.zeros_like(covers)
        parent_covers[:, has_parent] = covers[:, at[has_parent]]
        weight = np.log10(np.maximum(cols["population"][places], 0) + 1000.0)
        score = np.where(covers & ~parent_covers, weight * (1 - km / radius), -1.0)
        if len(places):
            best = np.argmax(score, axis=1)
            covered = score[rows, best] >= 0
            c = np.where(covered, places[best], candidates[near])
        else:
            covered = np.zeros(len(chunk), dtype=bool)
            c = candidates[near]
        ok = covered | (near_km <= MAX_DISTANCE_KM)
        city[chunk] = np.where(ok, c, -1)
        nearest[chunk] = candidates[near]
        nearest_km[chunk] = near_km
        d = candidates[near]
        # the nearest place names the district when it is another place of the city's division,
        # inside the city's radius
        same = (
            (d != c)
            & (cols["name"][d] != cols["name"][c])
            & (cols["cc"][d] == cols["cc"][c])
            & (cols["admin1"][d] == cols["admin1"][c])
            & (
                (cols["admin2"][d] == cols["admin2"][c])
                | self._is_empty[cols["admin2"][d]]
                | self._is_empty[cols["admin2"][c]]
            )
            & (near_km <= cols["radius"][c])
            & covered
        )
        district[chunk] = np.where(same & ok, d, -1)

    def _choose_in(self, lat: float, lon: float, allowed: frozenset[str]) -> tuple[int, int]:
        import numpy as np

        city, district, _, _ = self._choose(np.array([lat]), np.array([lon]), allowed)
        return int(city[0]), int(district[0])

    def _address(self, c: int, d: int) -> Address:
        made = self._made.get((c, d))
        if made is None:
            made = self._made[(c, d)] = self._make_address(c, d)
        return made

    def _make_address(self, c: int, d: int) -> Address:
        cols, text = self._cols, self._text
        cc = text(int(cols["cc"][c]))
        country = self._countries.get(cc, cc)
        province = place_names.current_province(cc, clean_province(text(int(cols["admin1"][c]))))
        city = text(int(cols["name"][c]))
        district = text(int(cols["name"][d])) if d >= 0 else ""
        parts = []
        for part in (district, city, province, country):
            if part and part not in parts:
                parts.append(part)
        return Address(
            country=country,
            country_code=cc,
            province=province,
            city=city,
            district=district,
            address_line=", ".join(parts),
        )


def _in_chinese(address: Address) -> Address:
    zh = place_names.localize(
        address.country, address.province, address.city, address.district, address.township, "zh-Hans"
    )
    return Address(
        country=zh.country, country_code=address.country_code, province=zh.province, city=zh.city,
        district=zh.district, township=zh.township, address_line=zh.address_line, language="zh-Hans",
    )  # fmt: skip
