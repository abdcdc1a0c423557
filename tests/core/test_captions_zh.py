"""Captions in the display language (SPEC §10, §12): each kind in English and in Simplified Chinese."""

from __future__ import annotations

from datetime import date

import pytest

from app.core import captions

SAT, SUN, MON = date(2024, 3, 2), date(2024, 3, 3), date(2024, 3, 4)


@pytest.mark.parametrize(
    ("first", "last", "place", "countries", "en", "zh", "zh_place", "zh_countries"),
    [
        (MON, MON, "Portland", ["United States"], "Day trip to Portland", "波特兰一日游", "波特兰", ["美国"]),
        (SAT, SUN, "Kyoto", ["Japan"], "Weekend in Kyoto", "京都周末", "京都", ["日本"]),
        (date(2024, 3, 1), SUN, "Hangzhou", ["China"], "Weekend in Hangzhou", "杭州周末", "杭州", ["中国"]),
        (MON, date(2024, 3, 11), "Japan", ["Japan"], "8 days in Japan", "日本8日游", "日本", ["日本"]),
        (MON, date(2024, 3, 6), "Lyon", ["France"], "3 days in Lyon", "里昂3日游", "里昂", ["法国"]),
        (MON, date(2024, 3, 20), "", ["France", "Italy", "Spain"], "France, Italy & Spain",
         "法国、意大利和西班牙", "", ["法国", "意大利", "西班牙"]),
        (MON, date(2024, 3, 20), "", ["France", "Italy"], "France & Italy", "法国和意大利", "",
         ["法国", "意大利"]),
    ],
)  # fmt: skip
def test_trip_captions(
    first: date, last: date, place: str, countries: list[str], en: str, zh: str, zh_place: str,
    zh_countries: list[str],
) -> None:  # fmt: skip
    assert captions.trip_caption(first, last, place, countries) == en
    assert captions.trip_caption(first, last, place, countries, "en") == en
    assert captions.trip_caption(first, last, zh_place, zh_countries, "zh-Hans") == zh


def test_a_place_left_in_english_is_set_off_by_a_space() -> None:
    assert (
        captions.trip_caption(MON, MON, "Lagos de Moreno", ["Mexico"], "zh-Hans") == "Lagos de Moreno 一日游"
    )
    assert captions.trip_caption(MON, date(2024, 3, 11), "Oaxaca", ["墨西哥"], "zh-Hans") == "Oaxaca 8日游"


@pytest.mark.parametrize(
    ("first", "last", "en", "zh"),
    [
        (SUN, SUN, "Mar 3, 2024", "2024年3月3日"),
        (SUN, date(2024, 3, 5), "Mar 3–5, 2024", "2024年3月3日–5日"),
        (date(2024, 3, 30), date(2024, 4, 2), "Mar 30 – Apr 2, 2024", "2024年3月30日–4月2日"),
        (date(2023, 12, 30), date(2024, 1, 2), "Dec 30, 2023 – Jan 2, 2024", "2023年12月30日–2024年1月2日"),
    ],
)
def test_date_ranges(first: date, last: date, en: str, zh: str) -> None:
    assert captions.date_range(first, last) == en
    assert captions.date_range(first, last, "zh-Hans") == zh


def test_days_and_counts() -> None:
    assert (captions.days_text(1), captions.days_text(3)) == ("1 day", "3 days")
    assert (captions.days_text(1, "zh-Hans"), captions.days_text(3, "zh-Hans")) == ("1天", "3天")
    assert captions.media_counts(1200, 1) == "1,200 photos, 1 video"
    assert captions.media_counts(1200, 1, "zh-Hans") == "1,200张照片、1段视频"
    assert captions.media_counts(0, 0, "zh-Hans") == "没有文件"


def test_place_captions() -> None:
    hangzhou = {"Country": "China", "Province": "Zhejiang", "City": "Hangzhou"}
    assert captions.place_caption(hangzhou, "city") == "Hangzhou · Zhejiang, China"
    zh = {"Country": "中国", "Province": "浙江", "City": "杭州"}
    assert captions.place_caption(zh, "city", "zh-Hans") == "杭州 · 中国浙江"
    beijing = {"Country": "中国", "Province": "北京", "City": "北京"}
    assert captions.place_caption(beijing, "city", "zh-Hans") == "北京 · 中国"
    assert (
        captions.place_caption({"Country": "法国", "Province": "Normandie"}, "province", "zh-Hans")
        == "Normandie · 法国"
    )
    assert captions.place_caption(
        {"Country": "法国", "Province": "法兰西岛", "City": "Nowhere"}, "city", "zh-Hans"
    ) == ("Nowhere · 法国法兰西岛")


def test_the_web_story_in_chinese(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The page's own words follow the language; its title, place and dates come translated."""
    from datetime import datetime

    from PIL import Image

    from app.core.webstory import Item, write_web

    photo = tmp_path / "a.jpg"
    Image.new("RGB", (300, 200), (90, 140, 200)).save(photo, "JPEG")
    items = [Item(str(photo), "photo", datetime(2024, 3, 3, 9, 5))]
    place, dates = "杭州 · 中国浙江", "2024年3月2日–3日"
    zh = write_web(items, tmp_path / "zh", title="杭州周末", place=place, dates=dates, language="zh-Hans")
    page = (zh / "index.html").read_text("utf-8")
    assert '<html lang="zh-Hans">' in page
    assert "<h2>2024年3月3日 星期日</h2>" in page
    assert 'alt="在杭州 · 中国浙江拍摄的照片，2024年3月3日 星期日 09:05"' in page
    assert "← → 切换 · Esc 关闭" in page and "to move" not in page
    en = write_web(
        items, tmp_path / "en", title="Weekend in Hangzhou", place="Hangzhou", dates="Mar 2–3, 2024"
    )
    english = (en / "index.html").read_text("utf-8")
    assert '<html lang="en">' in english and "<h2>Sunday, March 3, 2024</h2>" in english
    assert 'alt="Photo taken in Hangzhou, Sunday, March 3, 2024 at 09:05"' in english
