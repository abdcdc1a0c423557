"""Places in mainland China at IMM's levels: prefecture-level city, county, town, in English and Chinese."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from app.core import china, places
from app.core.places import Places

SIGHTS = Path(__file__).parent / "data" / "china_sights.csv"
PREFECTURE_TARGET = 0.95
COUNTY_TARGET = 0.85


def _sights() -> list[list[str]]:
    with open(SIGHTS, encoding="utf-8", newline="") as f:
        return [row for row in csv.reader(f) if row and not row[0].startswith("#")]


@pytest.mark.parametrize(
    ("lat", "lon", "english", "chinese"),
    [
        # the cases: today "Tangkou", "Wangzhai", "Badaling" and a Macau parish
        (30.1340, 118.1655, ("China", "Anhui", "Huangshan"), ("中国", "安徽", "黄山")),
        (29.6050, 119.0390, ("China", "Zhejiang", "Hangzhou"), ("中国", "浙江", "杭州")),
        (40.3590, 116.0200, ("China", "Beijing", "Beijing"), ("中国", "北京", "北京")),
        (22.1020, 113.5330, ("China", "Guangdong", "Zhuhai"), ("中国", "广东", "珠海")),
    ],
)
def test_famous_places_are_named_by_their_prefecture(
    places: Places, lat: float, lon: float, english: tuple[str, ...], chinese: tuple[str, ...]
) -> None:
    en, zh = places.resolve(lat, lon), places.resolve(lat, lon, "zh-Hans")
    assert en is not None and zh is not None
    assert (en.country, en.province, en.city) == english
    assert (zh.country, zh.province, zh.city) == chinese
    assert en.country_code == zh.country_code == "CN"
    assert zh.language == "zh-Hans" and en.language == "en"


def test_all_levels_in_both_languages(places: Places) -> None:
    """Qiandao Lake: Hangzhou / Chun'an in English; 杭州 / 淳安县 in Chinese, the line in IMM's form."""
    en = places.resolve(29.6050, 119.0390)
    zh = places.resolve(29.6050, 119.0390, "zh-Hans")
    assert en is not None and zh is not None
    assert (en.city, en.district) == ("Hangzhou", "Chun'an")
    assert (zh.city, zh.district) == ("杭州", "淳安县")
    assert zh.address_line.startswith("中国浙江省杭州市淳安县")
    assert en.address_line.endswith("Chun'an, Hangzhou, Zhejiang, China")
    badaling = places.resolve(40.3590, 116.0200, "zh-Hans")
    assert badaling is not None
    assert (badaling.district, badaling.township) == ("延庆区", "八达岭镇")
    assert badaling.address_line == "中国北京市延庆区八达岭镇"  # the municipality is named once


def test_well_known_places_outside_city_centres(places: Places) -> None:
    """At least 95% of the table's prefectures and 85% of its counties right (sources in the table)."""
    rows = _sights()
    assert len(rows) >= 30
    right = {"prefecture": 0, "county": 0}
    counties = 0
    misses = []
    for name, lat, lon, prefecture, county, _source in rows:
        got = places.resolve(float(lat), float(lon), "zh-Hans")
        assert got is not None, name
        right["prefecture"] += got.city == prefecture
        if county:
            counties += 1
            right["county"] += got.district == county
        if got.city != prefecture or (county and got.district != county):
            misses.append(f"{name}: {got.city} {got.district}, expected {prefecture} {county}")
    print("", f"prefecture {right['prefecture']}/{len(rows)}, county {right['county']}/{counties}", *misses,
          sep="\n  ")  # fmt: skip
    assert right["prefecture"] / len(rows) >= PREFECTURE_TARGET, misses
    assert right["county"] / counties >= COUNTY_TARGET, misses


def test_every_county_seat_is_named_by_its_own_prefecture_and_county(places: Places) -> None:
    """Self-consistency over the whole table: a county's seat lies in that county."""
    table = china.divisions()
    seats = list(zip(table.county_lat.tolist(), table.county_lon.tolist(), strict=True))
    got = places.resolve_many(seats, "zh-Hans")
    right, misses = 0, []
    for i, address in enumerate(got):
        want = table.names(i, -1, "zh-Hans")
        ok = address is not None and (address.city, address.district) == (want.city, want.district)
        right += ok
        if not ok:
            misses.append(f"{table.county_codes[i]} {table.county_zh[i]}: {address and address.address_line}")
    print(f"\n  {right}/{len(got)} seats named by their own county", *misses[:20], sep="\n  ")
    assert len(got) >= 2800
    assert right / len(got) >= 0.99, misses[:20]


@pytest.mark.parametrize(
    ("lat", "lon", "country", "city"),
    [
        (22.1975, 113.5409, "Macao", None),  # Ruins of St Paul's
        (22.1375, 113.5600, "Macao", None),  # Cotai
        (22.1300, 113.5200, "China", "Zhuhai"),  # Hengqin, across the channel from Cotai
        (22.2700, 113.5800, "China", "Zhuhai"),  # Jida
        (22.2759, 114.1455, "Hong Kong", None),  # Victoria Peak
        (22.5010, 114.1280, "Hong Kong", None),  # Sheung Shui, by the border
        (22.5410, 114.1130, "China", "Shenzhen"),  # Luohu, across the river
        (25.0340, 121.5645, "Taiwan", "Taipei"),
        (24.4470, 118.0660, "China", "Xiamen"),  # Gulangyu, facing Kinmen
    ],
)
def test_no_name_crosses_the_borders_of_hong_kong_macau_and_taiwan(
    places: Places, lat: float, lon: float, country: str, city: str | None
) -> None:
    address = places.resolve(lat, lon)
    assert address is not None
    assert address.country == country
    if city is not None:
        assert address.city == city
    if country != "China":
        assert address.district == "" or address.country_code in ("HK", "MO", "TW")
        assert "Guangdong" not in address.address_line and "Zhuhai" not in address.address_line


def test_a_county_level_city_under_its_province_is_its_own_city(places: Places) -> None:
    """Jiyuan (Henan) and Xiantao (Hubei) have no prefecture: the city is the county-level city."""
    jiyuan = places.resolve(35.0900, 112.6020, "zh-Hans")
    assert jiyuan is not None and (jiyuan.province, jiyuan.city, jiyuan.district) == ("河南", "济源", "")
    dongguan = places.resolve(23.0200, 113.7520)
    assert dongguan is not None and (dongguan.city, dongguan.district) == ("Dongguan", "")


def test_a_batch_mixing_the_mainland_and_the_world_answers_as_single_lookups(places: Places) -> None:
    points = [(30.1340, 118.1655), (48.8566, 2.3522), (10.0, -150.0), (22.1975, 113.5409), (29.6, 119.04)]
    assert places.resolve_many(points) == [places.resolve(*p) for p in points]


def test_the_rules_changed_so_libraries_re_geocode() -> None:
    assert places.VERSION >= 5  # 5: counties read off their boundaries


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("杭州市", "杭州"),
        ("浙江省", "浙江"),
        ("广西壮族自治区", "广西"),
        ("内蒙古自治区", "内蒙古"),
        ("延边朝鲜族自治州", "延边"),
        ("巴音郭楞蒙古自治州", "巴音郭楞"),
        ("湘西土家族苗族自治州", "湘西"),
        ("阿里地区", "阿里"),
        ("歙县", "歙县"),
        ("神农架林区", "神农架"),
        ("万柏林区", "万柏林"),
        ("香港特别行政区", "香港"),
    ],
)
def test_short_chinese_names(name: str, short: str) -> None:
    assert china.stem(name) == short


def test_the_table_names_its_divisions_in_both_languages() -> None:
    table = china.divisions()
    assert len(table.county_codes) >= 2800
    assert len(table.provinces) == 31  # the mainland's
    assert all(zh and en for zh, en in table.provinces.values())
    assert all(table.county_zh) and all(table.county_en)
    assert table.prefectures["3301"] == ("杭州市", "Hangzhou")
    assert table.prefectures["6501"][1] == "Urumqi"


def test_the_saved_table_loads_back_as_built(tmp_path: Path) -> None:
    """The shipped form (:meth:`china.Divisions.save`) gives back the floats, names, order and answers of
    the rows it was built from, so loading it changes no name."""
    import numpy as np

    rows = [
        "330000\t\t\t浙江省\tZhejiang",
        "330100\t30.27415\t120.15515\t杭州市\tHangzhou",
        "330106\t30.25961\t120.13000\t西湖区\tXihu",
        "330127\t29.60900\t119.04200\t淳安县\tChun'an",
        "441900\t23.02067\t113.75179\t东莞市\tDongguan",  # a prefecture without counties
        "440000\t\t\t广东省\tGuangdong",
        "410000\t\t\t河南省\tHenan",
        "419001\t35.06700\t112.60200\t济源市\tJiyuan",  # a county-level city under its province
    ]
    towns = [
        "330127\t29.60501\t119.04012\t千岛湖镇\tQiandaohu\t1",
        "330127\t29.70000\t118.90000\t\tWeiping\t",
        "330106\t30.21000\t120.10000\t转塘街道\tZhuantang\t1",
    ]
    built = china.Divisions.from_rows(rows, towns)
    built.save(tmp_path / "table.bin")
    loaded = china.Divisions.load(tmp_path / "table.bin")
    for name in ("provinces", "prefectures", "county_codes", "county_zh", "county_en", "city_codes",
                 "town_zh", "town_en"):  # fmt: skip
        assert getattr(loaded, name) == getattr(built, name), name
    for name in ("county_lat", "county_lon", "county_city", "town_county", "site_county"):
        a, b = getattr(built, name), getattr(loaded, name)
        assert a.dtype == b.dtype and np.array_equal(a, b), name
    assert sorted(loaded.county_lat.tolist()) == [23.02067, 29.609, 30.25961, 35.067]  # the very floats
    rng = np.random.default_rng(3)
    lat, lon = rng.uniform(22, 36, 500), rng.uniform(112, 121, 500)
    for a, b in zip(built.locate(lat, lon), loaded.locate(lat, lon), strict=True):
        assert np.array_equal(a, b)
    assert loaded.names(int(loaded.counties_at(29.6, 119.04)[0]), -1, "en").city == "Hangzhou"
