"""Place names in Simplified Chinese (SPEC §12): a table of well-known places, the stored English names
turned into Chinese at output time, and the current first-level divisions (issue #14, parts 4 and 5)."""

from __future__ import annotations

import pytest

from app.core import place_names
from app.core.places import Places

# name, lat, lon, then the expected Chinese city, province and country; the English the library stores
# follows as a comment.  Reviewed by hand: the forms Chinese maps and the press use.
PLACES = [
    ("West Lake Hangzhou", 30.2436, 120.15, "杭州", "浙江", "中国"),  # Hangzhou / Zhejiang / China
    ("Beijing Tiananmen", 39.9042, 116.3974, "北京", "北京", "中国"),  # Beijing / Beijing / China
    ("Shanghai Bund", 31.24, 121.49, "上海", "上海", "中国"),  # Shanghai / Shanghai / China
    ("Guangzhou", 23.1291, 113.2644, "广州", "广东", "中国"),  # Guangzhou / Guangdong / China
    ("Chengdu", 30.6586, 104.0647, "成都", "四川", "中国"),  # Chengdu / Sichuan / China
    ("Xi'an", 34.3416, 108.9398, "西安", "陕西", "中国"),  # Xi'an / Shaanxi / China
    ("Shenzhen", 22.5431, 114.0579, "深圳", "广东", "中国"),  # Shenzhen / Guangdong / China
    ("Hong Kong Central", 22.28, 114.1588, "香港", "", "香港"),  # Hong Kong /  / Hong Kong
    ("Macau", 22.1987, 113.5439, "澳门", "澳门", "澳门"),  # Macau / Macau / Macao
    ("Taipei 101", 25.033, 121.5654, "台北", "台北", "台湾"),  # Taipei / Taipei / Taiwan
    ("Paris Eiffel", 48.8584, 2.2945, "巴黎", "法兰西岛", "法国"),  # Paris / Ile-de-France / France
    (
        "Nice",
        43.695,
        7.265,
        "尼斯",
        "普罗旺斯-阿尔卑斯-蓝色海岸",
        "法国",
    ),  # Nice / Provence-Alpes-Cote d'Azur / France
    ("Bordeaux", 44.8378, -0.5792, "波尔多", "新阿基坦", "法国"),  # Bordeaux / Nouvelle-Aquitaine / France
    ("Lyon", 45.764, 4.8357, "里昂", "奥弗涅-罗讷-阿尔卑斯", "法国"),  # Lyon / Auvergne-Rhone-Alpes / France
    ("Strasbourg", 48.5734, 7.7521, "斯特拉斯堡", "大东部", "法国"),  # Strasbourg / Grand-Est / France
    (
        "San Francisco",
        37.7793,
        -122.4193,
        "旧金山",
        "加利福尼亚",
        "美国",
    ),  # San Francisco / California / United States
    (
        "Los Angeles",
        34.0522,
        -118.2437,
        "洛杉矶",
        "加利福尼亚",
        "美国",
    ),  # Los Angeles / California / United States
    ("New York", 40.7128, -74.006, "纽约", "纽约", "美国"),  # New York City / New York / United States
    ("Seattle", 47.6062, -122.3321, "西雅图", "华盛顿", "美国"),  # Seattle / Washington / United States
    ("Portland OR", 45.5152, -122.6784, "波特兰", "俄勒冈", "美国"),  # Portland / Oregon / United States
    ("Honolulu", 21.3069, -157.8583, "檀香山", "夏威夷", "美国"),  # Honolulu / Hawaii / United States
    ("Kyoto", 35.0116, 135.7681, "京都", "京都府", "日本"),  # Kyoto / Kyoto / Japan
    ("Tokyo", 35.6895, 139.6917, "东京", "东京都", "日本"),  # Tokyo / Tokyo / Japan
    ("Osaka", 34.6937, 135.5023, "大阪", "大阪府", "日本"),  # Osaka / Osaka / Japan
    ("Hiroshima", 34.3853, 132.4553, "广岛", "广岛县", "日本"),  # Hiroshima / Hiroshima / Japan
    ("Sapporo", 43.0618, 141.3545, "札幌", "北海道", "日本"),  # Sapporo / Hokkaido / Japan
    ("Seoul", 37.5665, 126.978, "首尔", "首尔", "韩国"),  # Seoul / Seoul / South Korea
    ("Busan", 35.1796, 129.0756, "釜山", "釜山", "韩国"),  # Busan / Busan / South Korea
    ("Bangkok", 13.7563, 100.5018, "曼谷", "曼谷", "泰国"),  # Bangkok / Bangkok / Thailand
    ("Chiang Mai", 18.7883, 98.9853, "清迈", "清迈府", "泰国"),  # Chiang Mai / Chiang Mai / Thailand
    ("Singapore", 1.2903, 103.852, "新加坡", "", "新加坡"),  # Singapore /  / Singapore
    ("London", 51.5074, -0.1278, "伦敦", "英格兰", "英国"),  # London / England / United Kingdom
    ("Edinburgh", 55.9533, -3.1883, "爱丁堡", "苏格兰", "英国"),  # Edinburgh / Scotland / United Kingdom
    ("Rome", 41.9028, 12.4964, "罗马", "拉齐奥", "意大利"),  # Rome / Latium / Italy
    ("Florence", 43.7696, 11.2558, "佛罗伦萨", "托斯卡纳", "意大利"),  # Florence / Tuscany / Italy
    ("Venice", 45.4408, 12.3155, "威尼斯", "威尼托", "意大利"),  # Venice / Veneto / Italy
    ("Barcelona", 41.3874, 2.1686, "巴塞罗那", "加泰罗尼亚", "西班牙"),  # Barcelona / Catalonia / Spain
    ("Madrid", 40.4168, -3.7038, "马德里", "马德里", "西班牙"),  # Madrid / Madrid / Spain
    ("Berlin", 52.52, 13.405, "柏林", "柏林", "德国"),  # Berlin / Berlin / Germany
    ("Munich", 48.1351, 11.582, "慕尼黑", "巴伐利亚", "德国"),  # Munich / Bavaria / Germany
    ("Vienna", 48.2082, 16.3738, "维也纳", "维也纳", "奥地利"),  # Vienna / Vienna / Austria
    ("Zurich", 47.3769, 8.5417, "苏黎世", "苏黎世", "瑞士"),  # Zürich / Zurich / Switzerland
    (
        "Amsterdam",
        52.3676,
        4.9041,
        "阿姆斯特丹",
        "北荷兰",
        "荷兰",
    ),  # Amsterdam / North Holland / The Netherlands
    ("Prague", 50.0755, 14.4378, "布拉格", "布拉格", "捷克"),  # Prague / Praha / Czechia
    (
        "Marrakech",
        31.6258,
        -7.9891,
        "马拉喀什",
        "马拉喀什-萨菲",
        "摩洛哥",
    ),  # Marrakesh / Marrakech-Safi / Morocco
    ("Sydney", -33.8688, 151.2093, "悉尼", "新南威尔士", "澳大利亚"),  # Sydney / New South Wales / Australia
    ("Melbourne", -37.8136, 144.9631, "墨尔本", "维多利亚", "澳大利亚"),  # Melbourne / Victoria / Australia
    ("Toronto", 43.6532, -79.3832, "多伦多", "安大略", "加拿大"),  # Toronto / Ontario / Canada
    (
        "Vancouver",
        49.2827,
        -123.1207,
        "温哥华",
        "不列颠哥伦比亚",
        "加拿大",
    ),  # Vancouver / British Columbia / Canada
    ("Cairo", 30.0444, 31.2357, "开罗", "开罗", "埃及"),  # Cairo / Muhafazat al Qahirah / Egypt
    ("Dubai", 25.2048, 55.2708, "迪拜", "", "阿拉伯联合酋长国"),  # Dubai /  / United Arab Emirates
    ("Moscow", 55.7558, 37.6173, "莫斯科", "莫斯科", "俄罗斯"),  # Moscow / Moscow / Russia
    ("Istanbul", 41.0082, 28.9784, "伊斯坦布尔", "伊斯坦布尔", "土耳其"),  # Istanbul / Istanbul / Turkey
    ("Hanoi", 21.0285, 105.8542, "河内", "河内", "越南"),  # Hanoi / Ha Noi / Vietnam
    (
        "Rio",
        -22.9068,
        -43.1729,
        "里约热内卢",
        "里约热内卢",
        "巴西",
    ),  # Rio de Janeiro / Rio de Janeiro / Brazil
]


def test_the_table_has_forty_places_at_least() -> None:
    assert len(PLACES) >= 40


@pytest.mark.parametrize(
    ("name", "lat", "lon", "city", "province", "country"), PLACES, ids=[p[0] for p in PLACES]
)
def test_well_known_places_in_chinese(
    places: Places, name: str, lat: float, lon: float, city: str, province: str, country: str
) -> None:
    address = places.resolve(lat, lon, "zh-Hans")
    assert address is not None
    assert (address.city, address.province, address.country) == (city, province, country)
    assert address.language == "zh-Hans"


@pytest.mark.parametrize(
    ("name", "lat", "lon", "city", "province", "country"), PLACES, ids=[p[0] for p in PLACES]
)
def test_the_stored_english_names_give_the_same_chinese(
    places: Places, name: str, lat: float, lon: float, city: str, province: str, country: str
) -> None:
    """Clusters, trips and homes keep names, not positions: their English turns into the same Chinese."""
    stored = places.resolve(lat, lon)
    assert stored is not None and stored.language == "en"
    zh = place_names.localize(stored.country, stored.province, stored.city, stored.district, stored.township,
                              "zh-Hans")  # fmt: skip
    assert (zh.city, zh.province, zh.country) == (city, province, country)


def test_english_is_returned_as_stored() -> None:
    names = place_names.localize("France", "Ile-de-France", "Paris", language="en")
    assert (names.country, names.province, names.city, names.language) == (
        "France",
        "Ile-de-France",
        "Paris",
        "en",
    )


def test_a_place_without_a_chinese_name_keeps_its_english_one() -> None:
    names = place_names.localize("France", "Ile-de-France", "Nowhere-sur-Seine", language="zh-Hans")
    assert (names.country, names.province, names.city) == ("法国", "法兰西岛", "Nowhere-sur-Seine")
    assert names.address_line == "法国法兰西岛 Nowhere-sur-Seine"


def test_an_address_line_runs_from_the_country_down() -> None:
    names = place_names.localize("Japan", "Kyoto", "Kyoto", language="zh-Hans")
    assert names.address_line == "日本京都府京都"


def test_mainland_names_stored_in_english_come_back_in_chinese() -> None:
    names = place_names.localize("China", "Zhejiang", "Hangzhou", "Gongshu", "Mishixiang", "zh-Hans")
    assert (names.country, names.province, names.city, names.district) == ("中国", "浙江", "杭州", "拱墅区")
    assert names.township == "米市巷街道"
    city_level = place_names.localize("China", "Zhejiang", "Hangzhou", language="zh-Hans")
    assert (city_level.city, city_level.district) == ("杭州", "")


@pytest.mark.parametrize(
    ("country", "stored", "current", "zh"),
    [
        ("FR", "Aquitaine", "Nouvelle-Aquitaine", "新阿基坦"),
        ("FR", "Picardie", "Hauts-de-France", "上法兰西"),
        ("FR", "Rhone-Alpes", "Auvergne-Rhone-Alpes", "奥弗涅-罗讷-阿尔卑斯"),
        ("MA", "Marrakech-Tensift-Al Haouz", "Marrakech-Safi", "马拉喀什-萨菲"),
        ("FR", "Ile-de-France", "Ile-de-France", "法兰西岛"),  # unchanged since 2016: spelt as stored
    ],
)
def test_first_level_divisions_by_their_current_names(
    country: str, stored: str, current: str, zh: str
) -> None:
    assert place_names.current_province(country, stored) == current
    name = {"FR": "France", "MA": "Morocco"}[country]
    assert place_names.localize(name, stored, "", language="zh-Hans").province == zh
    assert place_names.localize(name, current, "", language="zh-Hans").province == zh  # geocoded since


def test_a_division_split_between_new_ones_keeps_its_old_name() -> None:
    """Most of Chaouia-Ouardigha went to Casablanca-Settat, but not nearly all: no name would be right."""
    assert place_names.current_province("MA", "Chaouia-Ouardigha") == "Chaouia-Ouardigha"


def test_countries_and_unknown_languages() -> None:
    assert place_names.countries(["France", "Italy", "Spain"], "zh-Hans") == ["法国", "意大利", "西班牙"]
    assert place_names.country("Atlantis", "zh-Hans") == "Atlantis"
    assert place_names.check_language("zh-Hans") == "zh-Hans"
    with pytest.raises(ValueError, match="en or zh-Hans"):
        place_names.check_language("fr")
