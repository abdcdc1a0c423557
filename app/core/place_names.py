"""Place names in the display language (SPEC §12), from the English names the library stores.

The library keeps each file's position and the English names :mod:`app.core.places` gave it; clusters,
trips and homes keep only the names.  So the display language is applied when names are shown, by a
table keyed on those stored names (``app/data/place_names.tsv.gz``, built by
``tools/build_place_names.py``): switching language reads no photo, re-geocodes nothing and writes
nothing.  The stored names come from one table, so the key is exact; on the mainland of China the
division table (:mod:`app.core.china`) gives both languages of every county and town, and its English
names are turned back into Chinese through it.

Where no Chinese name is known the English one stays (SPEC §12).  English is returned as stored.
"""

from __future__ import annotations

import gzip
import threading
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "place_names.tsv.gz"
LANGUAGES = ("en", "zh-Hans")
DEFAULT = "en"


@dataclass(frozen=True)
class Names:
    """One address's names in one language."""

    country: str
    province: str
    city: str
    district: str = ""
    township: str = ""
    address_line: str = ""
    language: str = DEFAULT


class _Table:
    def __init__(self, path: Path = DATA) -> None:
        self.country_code: dict[str, str] = {}  # English -> ISO code
        self.country_zh: dict[str, str] = {}  # ISO code -> Chinese
        self.province: dict[tuple[str, str], tuple[str, str]] = {}  # (cc, stored) -> (current, Chinese)
        self.city: dict[tuple[str, str, str], str] = {}  # (cc, current province, city) -> Chinese
        self.city_any: dict[tuple[str, str], str] = {}  # (cc, city) -> Chinese, '' where ambiguous
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
        for line in text.splitlines():
            row = line.split("\t")
            if row[0] == "C":
                self.country_code[row[2]] = row[1]
                self.country_zh[row[1]] = row[3]
            elif row[0] == "P":
                self.province[(row[1], row[2])] = (row[3] or row[2], row[4])
                if row[3]:  # stored by a library geocoded since (places.VERSION 4)
                    self.province.setdefault((row[1], row[3]), (row[3], row[4]))
            elif row[0] == "T":
                self.city[(row[1], row[2], row[3])] = row[4]
                seen = self.city_any.get((row[1], row[3]))
                self.city_any[(row[1], row[3])] = row[4] if seen in (None, row[4]) else ""


class _Mainland:
    """English names of the mainland's divisions and towns, by their path from the province, in Chinese."""

    def __init__(self) -> None:
        from app.core import china

        table = china.divisions()
        self.zh: dict[tuple[str, ...], tuple[str, str, str, str, str]] = {}
        self.province: dict[str, str] = {}

        def add(county: int, town: int) -> None:
            en = table.names(county, town, "en")
            zh = table.names(county, town, "zh-Hans")
            self.province.setdefault(en.province, zh.province)
            key = (en.province, en.city, en.district, en.township)
            self.zh.setdefault(key, (zh.province, zh.city, zh.district, zh.township, zh.address_line))
            # a cluster above the town level stores the path down to its level only
            self.zh.setdefault((en.province, en.city, "", ""), (zh.province, zh.city, "", "", ""))
            self.zh.setdefault(
                (en.province, en.city, en.district, ""), (zh.province, zh.city, zh.district, "", "")
            )

        for county in range(len(table.county_codes)):
            add(county, -1)
        for town, county in enumerate(table.town_county.tolist()):
            add(county, town)


_lock = threading.Lock()
_table: _Table | None = None
_mainland: _Mainland | None = None


def _loaded() -> _Table:
    global _table
    with _lock:
        if _table is None:
            _table = _Table()
        return _table


def _mainland_table() -> _Mainland:
    global _mainland
    with _lock:
        if _mainland is None:
            _mainland = _Mainland()
        return _mainland


def check_language(language: str) -> str:
    """``language`` if Tripfold speaks it; a ValueError naming the ones it does otherwise."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r} (use {' or '.join(LANGUAGES)})")
    return language


def current_province(country_code: str, stored: str) -> str:
    """The current English name of a first-level division the 2016 data names otherwise (France's
    'Aquitaine' is 'Nouvelle-Aquitaine' since 2016); the name itself where it is current."""
    found = _loaded().province.get((country_code, stored))
    return found[0] if found else stored


def country(name: str, language: str) -> str:
    """A stored country name in ``language`` ('France' -> '法国')."""
    if language != "zh-Hans" or not name:
        return name
    table = _loaded()
    if name == "China":
        return "中国"
    code = table.country_code.get(name)
    return table.country_zh.get(code, name) if code else name


def countries(names: list[str], language: str) -> list[str]:
    return [country(n, language) for n in names]


def localize(
    country_name: str,
    province: str,
    city: str,
    district: str = "",
    township: str = "",
    language: str = DEFAULT,
) -> Names:
    """The stored English address in ``language``; each level falls back to its English name."""
    if language != "zh-Hans" or not country_name:
        line = ", ".join(_dedupe([township, district, city, province, country_name]))
        return Names(country_name, province, city, district, township, line, DEFAULT)
    if country_name == "China":
        return _localize_mainland(province, city, district, township)
    table = _loaded()
    cc = table.country_code.get(country_name, "")
    current, province_zh = table.province.get((cc, province), (province, ""))

    def place(name: str) -> str:
        if not name:
            return ""
        return table.city.get((cc, current, name)) or table.city_any.get((cc, name)) or name

    zh = Names(
        country(country_name, language), province_zh or province, place(city), place(district),
        township, language="zh-Hans",
    )  # fmt: skip
    return _with_line(zh)


def _localize_mainland(province: str, city: str, district: str, township: str) -> Names:
    mainland = _mainland_table()
    found = mainland.zh.get((province, city, district, township))
    if found is None:  # a path the table does not hold: each level on its own
        found = (
            mainland.province.get(province, province),
            mainland.zh.get((province, city, "", ""), ("", city))[1],
            mainland.zh.get((province, city, district, ""), ("", "", district))[2],
            township,
            "",
        )
    zh_province, zh_city, zh_district, zh_township, line = found
    zh = Names("中国", zh_province, zh_city, zh_district, zh_township, line, "zh-Hans")
    return zh if zh.address_line else _with_line(zh)


def _with_line(zh: Names) -> Names:
    """Chinese writes an address from the country down, without separators: '中国浙江杭州拱墅区'; a
    level left in English is set off by spaces."""
    parts = _dedupe([zh.country, zh.province, zh.city, zh.district, zh.township])
    line = ""
    for part in parts:
        latin = part[:1].isascii()
        line += (" " if line and (latin or line[-1:].isascii()) else "") + part
    return Names(zh.country, zh.province, zh.city, zh.district, zh.township, line, zh.language)


def _dedupe(parts: list[str]) -> list[str]:
    """The non-empty parts, each once, in order."""
    return list(dict.fromkeys(part for part in parts if part))
