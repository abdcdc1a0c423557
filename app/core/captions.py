"""Words people read: a cluster's dates ("Mar 3–5, 2024 · 3 days") and place, and a trip's caption, for the
command line, the window's models and the exports, in English or Simplified Chinese (SPEC §12).

Every function takes the display language last (``"en"`` or ``"zh-Hans"``, IMM's names); the Chinese
forms are written as Chinese writes them, not word by word: "2024年3月3日–5日", "京都周末", "日本8日游",
"法国、意大利和西班牙".  Place names come in already translated (:mod:`app.core.place_names`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

ZH = "zh-Hans"


def date_range(first: date, last: date, language: str = "en") -> str:
    """'Mar 3, 2024', 'Mar 3–5, 2024', 'Mar 30 – Apr 2, 2024' or 'Dec 30, 2023 – Jan 2, 2024';
    '2024年3月3日', '2024年3月3日–5日', '2024年3月30日–4月2日', '2023年12月30日–2024年1月2日'."""
    if language == ZH:
        start = f"{first.year}年{first.month}月{first.day}日"
        if first == last:
            return start
        if first.year != last.year:
            return f"{start}–{last.year}年{last.month}月{last.day}日"
        if first.month != last.month:
            return f"{start}–{last.month}月{last.day}日"
        return f"{start}–{last.day}日"
    if first == last:
        return f"{first:%b} {first.day}, {first.year}"
    if first.year != last.year:
        return f"{first:%b} {first.day}, {first.year} – {last:%b} {last.day}, {last.year}"
    if first.month != last.month:
        return f"{first:%b} {first.day} – {last:%b} {last.day}, {last.year}"
    return f"{first:%b} {first.day}–{last.day}, {first.year}"


def days_text(count: int, language: str = "en") -> str:
    if language == ZH:
        return f"{count}天"
    return "1 day" if count == 1 else f"{count} days"


def media_counts(photos: int, videos: int, language: str = "en") -> str:
    """'12 photos, 1 video'; '12张照片、1段视频'."""
    parts = []
    if language == ZH:
        if photos:
            parts.append(f"{photos:,}张照片")
        if videos:
            parts.append(f"{videos:,}段视频")
        return "、".join(parts) or "没有文件"
    if photos:
        parts.append("1 photo" if photos == 1 else f"{photos:,} photos")
    if videos:
        parts.append("1 video" if videos == 1 else f"{videos:,} videos")
    return ", ".join(parts) or "no files"


def place_caption(address: dict[str, str], level: str, language: str = "en") -> str:
    """The place at the cluster's level, then its wider context: 'Hangzhou · Zhejiang, China';
    in Chinese the context runs from the country down, as an address does: '杭州 · 中国浙江'."""
    order = ["Township", "District", "City", "Province", "Country"]
    names = [address.get(key, "") for key in order]
    start = order.index(level.capitalize())
    parts: list[str] = []
    for name in names[start:]:
        if name and name not in parts:  # "Beijing · China", not "Beijing · Beijing, China"
            parts.append(name)
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    if language == ZH:
        return f"{parts[0]} · {_run_together(list(reversed(parts[1:])))}"
    return f"{parts[0]} · {', '.join(parts[1:])}"


def _run_together(parts: list[str]) -> str:
    """Chinese names written one after another; a name left in Latin letters is set off by a space."""
    text = ""
    for part in parts:
        text += (" " if text and (part[:1].isascii() or text[-1:].isascii()) else "") + part
    return text


def countries_text(countries: Sequence[str], language: str = "en") -> str:
    """'France', 'France & Italy', 'France, Italy & Spain'; '法国和意大利', '法国、意大利和西班牙'."""
    if len(countries) <= 1:
        return "".join(countries)
    if language == ZH:
        return f"{'、'.join(countries[:-1])}和{countries[-1]}"
    return f"{', '.join(countries[:-1])} & {countries[-1]}"


def trip_caption(first: date, last: date, place: str, countries: Sequence[str], language: str = "en") -> str:
    """SPEC §10's generated caption of a trip; all its words are built here, so a translation swaps one
    function: 'Day trip to Jiaxing', 'Weekend in Kyoto', '8 days in Japan', 'France, Italy & Spain';
    '嘉兴一日游', '京都周末', '日本8日游', '法国、意大利和西班牙'.  ``place`` and ``countries`` come in the
    same language."""
    if len(countries) > 1:
        return countries_text(countries, language)
    days = (last - first).days + 1
    weekend = days <= 3 and any(
        date.fromordinal(d).weekday() >= 5 for d in range(first.toordinal(), last.toordinal() + 1)
    )
    if language == ZH:
        gap = " " if place[-1:].isascii() else ""  # "Nowhere-sur-Seine 一日游"
        if days == 1:
            return f"{place}{gap}一日游"
        if weekend:
            return f"{place}{gap}周末"
        return f"{place}{gap}{days}日游"
    if days == 1:
        return f"Day trip to {place}"
    if weekend:
        return f"Weekend in {place}"
    return f"{days} days in {place}"
