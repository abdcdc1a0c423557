"""Places in mainland China at IMM's levels: the prefecture-level city, the county, the town.

IMM's address levels are China's own: province (省, or a municipality 直辖市), city (the prefecture-level
city 地级市), district (the county-level division: 区, 县, 县级市, 旗) and township (乡镇, 街道).  The
nearest populated place names a village next to a famous sight instead (Huangshan mountain is "Tangkou",
Qiandao Lake "Wangzhai"), so on the mainland a position is named from China's division table
(``app/data/china_divisions.bin``, built by ``tools/build_china_divisions.py``; sources in
``app/data/NOTICE-china-divisions``) and its county grid (``app/data/china_counties.bin``, built by
``tools/build_china_counties.py``; ``app/data/NOTICE-china-counties``):

========== ===========================================================================================
district   the county-level division whose land holds the position, from the county grid of
           :mod:`app.core.china_counties` (geoBoundaries' county areas from OpenStreetMap, matched to
           today's codes); where the grid holds no county (at sea, in a gap between its simplified
           areas), the county of the nearest *site*: a county seat, or one of the 10,900 GeoNames towns
           matched by name to a township of the Ministry of Civil Affairs' list, which says its county
           (汤口镇 of 黄山区).  Measured against another source's county boundaries
           (tests/bench/bench_china_places), positions within 5 km of a prefecture border get the
           right prefecture 90.0% of the time with the grid, 58.6% with the sites alone (56.6% with
           the seats alone; eleven other rules over the sites, from distance weights to votes of the
           nearest, were no better than the noise)
city       that county's prefecture-level division (Hangzhou for Chun'an); a county-level city under its
           province directly (Jiyuan, Xiantao) is its own city, with no district; a prefecture without
           counties (Dongguan) likewise
province   the county's province (the first two digits of its code)
township   the nearest town of that county within :data:`TOWN_KM`: its official name where it was
           matched (八达岭镇), else GeoNames'; never a town across the county's border, however near
========== ===========================================================================================

Names come in English (GeoNames' spelling, else pinyin: Hangzhou, Chun'an, Zhejiang, China) or in
Chinese (``zh-Hans``).  In Chinese the country, province and city take their short forms (中国, 浙江,
杭州: SPEC §12, and the captions' "杭州周末"), while the district and township keep their suffix (淳安县,
西湖区, 千岛湖镇): a district's short form is often another thing (西湖 is the lake) or its prefecture's
name (承德县 under 承德).  The address line is IMM's in full (中国浙江省杭州市淳安县千岛湖镇).

Whether a position is on the mainland is the time zone's answer (its polygons follow the borders with
Hong Kong, Macau and the sea around Taiwan): so no mainland position is named after a place across one,
and Hong Kong, Macau and Taiwan keep the world table's names.
"""

from __future__ import annotations

import re
import threading
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.china_counties import DATA as AREAS

if TYPE_CHECKING:
    import numpy as np

    from app.core.china_counties import CountyAreas
    from app.core.nearest import Grid

DATA = Path(__file__).resolve().parents[1] / "data" / "china_divisions.bin"
_MAGIC = "tripfold-china-divisions 1"
TOWN_KM = 10.0  # a town farther than this names no township
SITE_REACH_KM = 40.0  # sites searched through the grid; a position with none this near asks every site
MAINLAND = frozenset({"CN"})
REGION = frozenset({"CN", "HK", "MO", "TW"})  # whose names never cross the mainland's borders
BOUNDS = (17.5, 54.0, 73.0, 135.5)  # south, north, west, east of the mainland

KIND_EN = {"县": "County", "区": "District", "市": "City", "旗": "Banner"}
_ETHNIC = (
    "蒙古|维吾尔|布依|朝鲜|土家|哈尼|哈萨克|傈僳|拉祜|东乡|纳西|景颇|柯尔克孜|达斡尔|仫佬|布朗|撒拉|毛南|"
    "仡佬|锡伯|阿昌|普米|塔吉克|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|"
    "基诺|高山"
)
_ONE_CHAR_ETHNIC = "回|藏|苗|彝|壮|满|侗|瑶|白|傣|黎|佤|畲|水|土|羌|怒|京"
#: compiled at its first use by ``re``'s cache (4 ms, which a process that names no Chinese place saves)
_AUTONOMOUS = rf"(?:(?:{_ETHNIC})族?|(?:{_ONE_CHAR_ETHNIC})族|各族)+(?=自治[州县旗区]$)"
_SUFFIX = re.compile(r"(特别行政区|自治区|自治州|自治县|自治旗|行政区|地区|新区|矿区|省|市|县|区|旗|盟)$")
#: the one forest district (whose 林 a suffix rule would eat elsewhere), and the one region whose people
#: are in its name
_STEMS = {"神农架林区": "神农架", "内蒙古自治区": "内蒙古"}
_FUNCTIONAL = re.compile(r"(新区|园区|开发区)$")
_REAL_NEW_AREAS = frozenset({"浦东新区", "滨海新区"})


@lru_cache(maxsize=8192)
def stem(name: str) -> str:
    """The name without its kind and the peoples of an autonomous division: 延边朝鲜族自治州 -> 延边,
    杭州市 -> 杭州; a one-character stem keeps its kind (歙县), as people write it."""
    if name in _STEMS:
        return _STEMS[name]
    short = _SUFFIX.sub("", re.sub(_AUTONOMOUS, "", name))
    return short if len(short) >= 2 else name


def is_functional_area(name: str) -> bool:
    """A development zone listed beside the divisions (雄安新区, 苏州工业园区), which is no division."""
    return bool(_FUNCTIONAL.search(name)) and name not in _REAL_NEW_AREAS


@dataclass(frozen=True)
class Names:
    """One position's names on the mainland, in one language."""

    country: str
    province: str
    city: str
    district: str
    township: str
    address_line: str


class _FineGrid:
    """Points by cells of :data:`STEP` degrees over the mainland's box: a position's 3 x 3 cells hold
    every point within :data:`SURE_KM` of it (the one-degree grid of :mod:`app.core.nearest` would
    compare each position with ten times as many points here, where seats and towns are dense)."""

    STEP = 0.2
    SURE_KM = 13.0  # a cell's width at 54°N, the box's northern edge

    def __init__(self, lat: np.ndarray, lon: np.ndarray) -> None:
        import numpy as np

        south, north, west, east = BOUNDS
        self.n_rows = int(np.ceil((north - south) / self.STEP)) + 1
        self.n_cols = int(np.ceil((east - west) / self.STEP)) + 1
        ids = self.cell_ids(lat, lon)
        self.order = np.argsort(ids, kind="stable")
        self.start = np.searchsorted(ids[self.order], np.arange(self.n_rows * self.n_cols + 1))

    def cell_ids(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        import numpy as np

        south, _, west, _ = BOUNDS
        rows = np.clip(((np.asarray(lat) - south) / self.STEP).astype(np.int64), 0, self.n_rows - 1)
        cols = np.clip(((np.asarray(lon) - west) / self.STEP).astype(np.int64), 0, self.n_cols - 1)
        ids: np.ndarray = rows * self.n_cols + cols
        return ids

    def candidates(self, first_cell: int, last_cell: int) -> np.ndarray:
        """The points of the cells around a run of cells of one row (3 x 3 around each)."""
        import numpy as np

        row, col = divmod(first_cell, self.n_cols)
        last_col = last_cell - row * self.n_cols
        parts = []
        for r in range(max(row - 1, 0), min(row + 2, self.n_rows)):
            first = r * self.n_cols + max(col - 1, 0)
            last = r * self.n_cols + min(last_col + 1, self.n_cols - 1)
            parts.append(self.order[self.start[first] : self.start[last + 1]])
        return np.concatenate(parts)

    def batches(self, cells: np.ndarray) -> list[tuple[np.ndarray, int, int]]:
        """The positions grouped by runs of up to four neighbouring cells of a row (positions spread
        thin would otherwise pay NumPy's per-call cost once per cell): (positions, first, last cell)."""
        import numpy as np

        order = np.argsort(cells, kind="stable")
        ordered = cells[order]
        bounds = np.flatnonzero(np.diff(ordered)) + 1
        starts = np.concatenate(([0], bounds)).tolist()
        ends = [*bounds.tolist(), len(order)]
        firsts = ordered[starts].tolist()
        out = []
        i = 0
        while i < len(starts):
            j = i
            row = firsts[i] // self.n_cols
            while (
                j + 1 < len(starts)
                and firsts[j + 1] // self.n_cols == row
                and firsts[j + 1] - firsts[i] <= 3
                and ends[j + 1] - starts[i] <= 512
            ):
                j += 1
            out.append((order[starts[i] : ends[j]], firsts[i], firsts[j]))
            i = j + 1
        return out


class Divisions:
    """The division table: county seats with their prefecture and province, and the towns."""

    def __init__(self) -> None:
        import numpy as np

        self.provinces: dict[str, tuple[str, str]] = {}  # 2-digit code -> (Chinese, English)
        self.prefectures: dict[str, tuple[str, str]] = {}  # 4-digit code -> (Chinese, English)
        self.county_codes: list[str] = []
        self.county_zh: list[str] = []
        self.county_en: list[str] = []
        self.county_lat: np.ndarray = np.empty(0)  # the seats
        self.county_lon: np.ndarray = np.empty(0)
        self.county_city: np.ndarray = np.empty(0, dtype=np.int64)  # prefecture id of each county
        self.city_codes: list[str] = []  # prefecture id -> 4-digit code (or the county's own 6 digits)
        self.town_county: np.ndarray = np.empty(0, dtype=np.int64)
        self.town_zh: list[str] = []
        self.town_en: list[str] = []
        self.site_county: np.ndarray = np.empty(0, dtype=np.int64)  # county of each site
        self._sites: dict[str, np.ndarray] = {}
        self._towns: dict[str, np.ndarray] = {}
        self._site_grid: Grid | None = None
        self._fine_sites: _FineGrid | None = None
        self._fine_towns: _FineGrid | None = None
        self._areas: CountyAreas | None = None
        self._area_county: np.ndarray = np.empty(0, dtype=np.int64)  # the areas' counties in this table

    # -- building ---------------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path = DATA, areas: Path | None = AREAS) -> Divisions:
        """The table as :meth:`save` wrote it: arrays already in their search order and names in one
        text, so loading parses and sorts nothing (the tab-separated text took 60-200 ms to parse);
        with the county grid of ``areas`` where that file is there (see :meth:`attach`)."""
        import numpy as np

        data = zlib.decompress(path.read_bytes())
        head_end = data.index(b"\n\n")
        head = data[:head_end].decode("ascii").split("\n")
        if head[0] != _MAGIC:
            raise ValueError(f"{path} is not a division table of this version ({head[0][:40]!r})")
        at = head_end + 2
        texts: dict[str, list[str]] = {}
        arrays: dict[str, np.ndarray] = {}
        text_counts = []
        for line in head[1:]:
            name, kind, size = line.split(" ")
            if kind == "text":
                text_counts.append((name, int(size)))
            else:
                count = int(size)
                arrays[name] = np.frombuffer(data, dtype=kind, count=count, offset=at)
                at += arrays[name].nbytes
        words = data[at:].decode("utf-8").split("\n")
        start = 0
        for name, count in text_counts:
            texts[name] = words[start : start + count]
            start += count
        self = cls()
        for kind, out in (("province", self.provinces), ("prefecture", self.prefectures)):
            names = zip(texts[f"{kind}_zh"], texts[f"{kind}_en"], strict=True)
            out.update(zip(texts[f"{kind}_code"], names, strict=True))
        self.county_codes, self.county_zh, self.county_en = (
            texts["county_code"],
            texts["county_zh"],
            texts["county_en"],
        )
        self.city_codes = texts["city_code"]
        self.town_zh, self.town_en = texts["town_zh"], texts["town_en"]
        self.county_lat, self.county_lon = _degrees(arrays["county_lat"]), _degrees(arrays["county_lon"])
        self.county_city = arrays["county_city"].astype(np.int64)
        self.town_county = arrays["town_county"].astype(np.int64)
        self.site_county = arrays["site_county"].astype(np.int64)
        t_lat, t_lon = _degrees(arrays["town_lat"]), _degrees(arrays["town_lon"])
        s_lat, s_lon = _degrees(arrays["site_lat"]), _degrees(arrays["site_lon"])
        self._index(t_lat, t_lon, s_lat, s_lon)
        if areas is not None and areas.exists():
            from app.core.china_counties import CountyAreas

            self.attach(CountyAreas.load(areas))
        return self

    def attach(self, areas: CountyAreas) -> None:
        """Name the county of a position by the county grid where it holds one (the seats elsewhere);
        a county the grid names and this table lacks leaves those cells to the seats."""
        import numpy as np

        index = {code: i for i, code in enumerate(self.county_codes)}
        self._area_county = np.array([index.get(code, -1) for code in areas.codes] + [-1], dtype=np.int64)
        self._areas = areas

    def save(self, path: Path) -> None:
        """Write the table for :meth:`load`: positions as whole 1e-5 degrees (the precision of the
        sources as the build rounds them, read back to the same floats), the names in one text."""
        import numpy as np

        texts = {
            "province_code": list(self.provinces),
            "province_zh": [zh for zh, _ in self.provinces.values()],
            "province_en": [en for _, en in self.provinces.values()],
            "prefecture_code": list(self.prefectures),
            "prefecture_zh": [zh for zh, _ in self.prefectures.values()],
            "prefecture_en": [en for _, en in self.prefectures.values()],
            "county_code": self.county_codes,
            "county_zh": self.county_zh,
            "county_en": self.county_en,
            "city_code": self.city_codes,
            "town_zh": self.town_zh,
            "town_en": self.town_en,
        }
        t_lat, t_lon = self._towns["lat"], self._towns["lon"]
        s_lat, s_lon = self._sites["lat"], self._sites["lon"]
        arrays = {
            "county_lat": _e5(self.county_lat),
            "county_lon": _e5(self.county_lon),
            "county_city": self.county_city.astype("<i4"),
            "town_county": self.town_county.astype("<i4"),
            "site_county": self.site_county.astype("<i4"),
            "town_lat": _e5(t_lat),
            "town_lon": _e5(t_lon),
            "site_lat": _e5(s_lat),
            "site_lon": _e5(s_lon),
        }
        for name, words in texts.items():
            if any("\n" in w for w in words):
                raise ValueError(f"a name of {name} holds a line break")
        head = [_MAGIC]
        head += [f"{name} {a.dtype.str} {len(a)}" for name, a in arrays.items()]
        head += [f"{name} text {len(words)}" for name, words in texts.items()]
        body = b"".join(np.ascontiguousarray(a).tobytes() for a in arrays.values())
        text = "\n".join(w for words in texts.values() for w in words)
        payload = "\n".join(head).encode("ascii") + b"\n\n" + body + text.encode("utf-8")
        path.write_bytes(zlib.compress(payload, 9))

    @classmethod
    def from_rows(cls, rows: list[str], towns: list[str]) -> Divisions:
        """From the file's lines: ``code, lat, lon, Chinese, English`` for each division (a province has
        no position) and ``county code, lat, lon, Chinese, English, matched`` for each town, where
        ``matched`` is "1" for a town matched to its official township (then also a site)."""
        import numpy as np

        from app.core.nearest import sort_order

        self = cls()
        divisions = [r.split("\t") for r in rows]
        with_counties = {code[:4] for code, *_ in divisions if not code.endswith("00")}
        sites = []
        for code, lat, lon, zh, en in divisions:
            if code.endswith("0000"):
                self.provinces[code[:2]] = (zh, en)
            elif code.endswith("00"):
                self.prefectures[code[:4]] = (zh, en)
                if code[:4] not in with_counties:  # Dongguan: the prefecture is its own county
                    sites.append((float(lat), float(lon), code, zh, en))
            else:
                sites.append((float(lat), float(lon), code, zh, en))
        lat_a = np.array([s[0] for s in sites])
        lon_a = np.array([s[1] for s in sites])
        order = sort_order(lat_a, lon_a)
        sites = [sites[i] for i in order]
        city_ids: dict[str, int] = {}
        county_city = []
        for _, _, code, zh, en in sites:
            self.county_codes.append(code)
            self.county_zh.append(zh)
            self.county_en.append(en)
            city = code[:4] if code[:4] in self.prefectures else code
            county_city.append(city_ids.setdefault(city, len(city_ids)))
        self.city_codes = list(city_ids)
        self.county_city = np.array(county_city, dtype=np.int64)
        self.county_lat, self.county_lon = lat_a[order], lon_a[order]
        index = {code: i for i, code in enumerate(self.county_codes)}
        parsed = [t.split("\t") for t in towns]
        parsed = [t for t in parsed if t[0] in index]
        t_lat = np.array([float(t[1]) for t in parsed])
        t_lon = np.array([float(t[2]) for t in parsed])
        t_order = sort_order(t_lat, t_lon)
        parsed = [parsed[i] for i in t_order]
        self.town_county = np.array([index[t[0]] for t in parsed], dtype=np.int64)
        self.town_zh = [t[3] for t in parsed]
        self.town_en = [t[4] for t in parsed]
        # the sites: every seat, and every town whose township (so county) is known by name
        matched = np.array([len(t) > 5 and t[5] == "1" for t in parsed], dtype=bool)
        s_lat = np.concatenate((lat_a[order], t_lat[t_order][matched]))
        s_lon = np.concatenate((lon_a[order], t_lon[t_order][matched]))
        s_county = np.concatenate((np.arange(len(self.county_codes)), self.town_county[matched]))
        s_order = sort_order(s_lat, s_lon)
        self.site_county = s_county[s_order]
        self._index(t_lat[t_order], t_lon[t_order], s_lat[s_order], s_lon[s_order])
        return self

    def _index(self, t_lat: np.ndarray, t_lon: np.ndarray, s_lat: np.ndarray, s_lon: np.ndarray) -> None:
        """The search structures over the towns and sites, both given in :func:`sort_order`; the
        one-degree grid over the sites, for the rare position far from every site, is made when one
        comes (:meth:`_coarse_sites`)."""
        from app.core.nearest import unit_vectors

        self._towns = {"grid_xyz": unit_vectors(t_lat, t_lon), "lat": t_lat, "lon": t_lon}
        self._sites = {"grid_xyz": unit_vectors(s_lat, s_lon), "lat": s_lat, "lon": s_lon}
        self._site_grid = None
        self._fine_sites = _FineGrid(s_lat, s_lon)
        self._fine_towns = _FineGrid(t_lat, t_lon)

    def _coarse_sites(self) -> Grid:
        from app.core.nearest import Grid, grid_arrays

        if self._site_grid is None:
            self._site_grid = Grid(grid_arrays(self._sites["lat"], self._sites["lon"]), SITE_REACH_KM)
        return self._site_grid

    # -- lookups ----------------------------------------------------------------------------------------
    def counties_at(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """The county of each position (an index into the county lists; -1 for none)."""
        return self.locate(lat, lon)[0]

    def locate(self, lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The county and the town of each position (indices; -1 for none).

        The county is the one whose area holds the position in the county grid, else the one of the
        nearest site: a county seat, or a town matched by name to its official township (see the
        module).  The town is the nearest town of that county within :data:`TOWN_KM` (near a county's
        border, a nearer town across it names no township here).  Both searches share one pass over
        the positions, grouped by grid cell."""
        import numpy as np

        from app.core.nearest import cell_ids, unit_vectors

        assert self._fine_sites is not None and self._fine_towns is not None
        lat, lon = np.atleast_1d(np.asarray(lat, float)), np.atleast_1d(np.asarray(lon, float))
        n = len(lat)
        site = np.full(n, -1, dtype=np.int64)
        site_km = np.full(n, np.inf)
        town = np.full(n, -1, dtype=np.int64)
        if n == 0 or not len(self.site_county):
            return site, town
        queries = unit_vectors(lat, lon)
        sites, towns = self._sites["grid_xyz"], self._towns["grid_xyz"]
        town_limit = np.cos(TOWN_KM / 6371.0088)
        # the county grid's answer (-1 picks the lookup's last entry, none), else the sites' below
        held = self._area_county[self._areas.at(lat, lon)] if self._areas is not None else np.full(n, -1)
        fine = self._fine_sites
        cells = fine.cell_ids(lat, lon)  # the towns' fine grid has the same cells
        for group, first, last in fine.batches(cells):
            s_cand, t_cand = fine.candidates(first, last), self._fine_towns.candidates(first, last)
            q = queries[group]
            rows = np.arange(len(group))
            if len(s_cand):
                dots = q @ sites[s_cand].T
                best = np.argmax(dots, axis=1)
                site[group] = s_cand[best]
                site_km[group] = _km(dots[rows, best])
            if len(t_cand):  # the nearest town of the position's county (as far as the sites know it yet)
                county = np.where(held[group] >= 0, held[group], self.site_county[np.maximum(site[group], 0)])
                dots = np.where(self.town_county[t_cand] == county[:, None], q @ towns[t_cand].T, -2.0)
                best = np.argmax(dots, axis=1)
                town[group] = np.where(dots[rows, best] >= town_limit, t_cand[best], -1)
        # beyond the fine cells' sure reach, the one-degree grid, and beyond its reach every site
        unsure = np.flatnonzero(site_km > _FineGrid.SURE_KM)
        if len(unsure):
            coarse = cell_ids(lat[unsure], lon[unsure])
            for value in _distinct(coarse):
                group = unsure[coarse == value]
                s_cand = self._coarse_sites()._candidates(value)
                if not len(s_cand):
                    continue
                dots = queries[group] @ sites[s_cand].T
                best = np.argmax(dots, axis=1)
                site[group] = s_cand[best]
                site_km[group] = _km(dots[np.arange(len(group)), best])
        far = np.flatnonzero(site_km > SITE_REACH_KM)
        for chunk in np.array_split(far, max(1, len(far) // 256)) if len(far) else ():
            site[chunk] = np.argmax(queries[chunk] @ sites.T, axis=1)
        county = np.where(site >= 0, self.site_county[np.maximum(site, 0)], -1)
        county = np.where(held >= 0, held, county)
        if len(self.town_county):  # a position far from every site learnt its county only now
            town[(town >= 0) & (self.town_county[np.maximum(town, 0)] != county)] = -1
        return county, town

    def is_own_name(self, county: int, en: str, zh: str) -> bool:
        """Whether a town's name is its county's or prefecture's (GeoNames lists a district as a place:
        Xihu), so that it names no township."""
        code = self.county_codes[county]
        city = self.prefectures.get(code[:4], ("", ""))
        plain = _plain(en)
        names_en = {_plain(self.county_en[county]), _plain(city[1])}
        names_zh = {stem(self.county_zh[county]), self.county_zh[county], stem(city[0]), city[0]}
        return plain in names_en or (bool(zh) and (zh in names_zh or stem(zh) in names_zh))

    def names(self, county: int, town: int, language: str) -> Names:
        """The position's names; ``language`` "zh-Hans" gives Chinese, anything else English."""
        code = self.county_codes[county]
        zh = language == "zh-Hans"
        province = self.provinces.get(code[:2], ("", ""))
        prefecture = self.prefectures.get(code[:4])
        county_names = (self.county_zh[county], self.county_en[county])
        if prefecture is None:  # a county-level city under its province: its own city, no district
            prefecture, county_names = county_names, ("", "")
        elif code.endswith("00"):  # a prefecture without counties
            county_names = ("", "")
        # a town GeoNames knows only in English keeps that name in Chinese (SPEC §12's fallback)
        township = (self.town_zh[town] or self.town_en[town], self.town_en[town]) if town >= 0 else ("", "")
        if zh:
            line = "".join(_dedupe(["中国", province[0], prefecture[0], county_names[0], township[0]]))
            return Names("中国", stem(province[0]), stem(prefecture[0]), county_names[0], township[0], line)
        parts = _dedupe([township[1], county_names[1], prefecture[1], province[1], "China"])
        return Names("China", province[1], prefecture[1], county_names[1], township[1], ", ".join(parts))


def _km(dots: np.ndarray) -> np.ndarray:
    """Great-circle kilometres from the dot products of unit vectors (as :mod:`app.core.places` has it,
    which imports this module)."""
    import numpy as np

    from app.core.nearest import EARTH_RADIUS_KM

    chord = np.sqrt(np.maximum(2 - 2 * dots, 0))
    km: np.ndarray = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(chord / 2, 1.0))
    return km


def _e5(degrees: np.ndarray) -> np.ndarray:
    import numpy as np

    return np.round(np.asarray(degrees) * 1e5).astype("<i4")


def _degrees(e5: np.ndarray) -> np.ndarray:
    """Whole 1e-5 degrees back to degrees: a division (not a product with 1e-5), so each value is the
    float nearest the decimal the build wrote, as parsing its text gave."""
    return e5 / 1e5


def _distinct(values: np.ndarray) -> list[int]:
    """The distinct values, without ``np.unique`` (it imports NumPy's masked arrays: 35 ms)."""
    import numpy as np

    ordered = np.sort(values)
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))].tolist()  # type: ignore[no-any-return]


def _dedupe(parts: list[str]) -> list[str]:
    """The non-empty parts, each once, in order."""
    return list(dict.fromkeys(part for part in parts if part))


def _plain(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


_loaded: Divisions | None = None
_lock = threading.Lock()


def divisions() -> Divisions:
    """The table, loaded once per process (about 15 ms of CPU: see tests/bench/bench_china_places)."""
    global _loaded
    with _lock:
        if _loaded is None:
            _loaded = Divisions.load()
        return _loaded
