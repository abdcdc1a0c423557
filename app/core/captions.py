"""Words people read: a cluster's dates ("Mar 3–5, 2024 · 3 days") and place, for the CLI and window."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date


def date_range(first: date, last: date) -> str:
    """'Mar 3, 2024', 'Mar 3–5, 2024', 'Mar 30 – Apr 2, 2024' or 'Dec 30, 2023 – Jan 2, 2024'."""
    if first == last:
        return f"{first:%b} {first.day}, {first.year}"
    if first.year != last.year:
        return f"{first:%b} {first.day}, {first.year} – {last:%b} {last.day}, {last.year}"
    if first.month != last.month:
        return f"{first:%b} {first.day} – {last:%b} {last.day}, {last.year}"
    return f"{first:%b} {first.day}–{last.day}, {first.year}"


def days_text(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def media_counts(photos: int, videos: int) -> str:
    parts = []
    if photos:
        parts.append("1 photo" if photos == 1 else f"{photos:,} photos")
    if videos:
        parts.append("1 video" if videos == 1 else f"{videos:,} videos")
    return ", ".join(parts) or "no files"


def place_caption(address: dict[str, str], level: str) -> str:
    """The place at the cluster's level, then its wider context: 'Hangzhou · Zhejiang, China'."""
    order = ["Township", "District", "City", "Province", "Country"]
    names = [address.get(key, "") for key in order]
    start = order.index(level.capitalize())
    parts: list[str] = []
    for name in names[start:]:
        if name and name not in parts:  # "Beijing · China", not "Beijing · Beijing, China"
            parts.append(name)
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else f"{parts[0]} · {', '.join(parts[1:])}"


def countries_text(countries: Sequence[str]) -> str:
    """'France', 'France & Italy', 'France, Italy & Spain'."""
    if len(countries) <= 1:
        return "".join(countries)
    return f"{', '.join(countries[:-1])} & {countries[-1]}"


def trip_caption(first: date, last: date, place: str, countries: Sequence[str]) -> str:
    """SPEC §10's generated caption of a trip; all its words are built here, so a translation swaps one
    function: 'Day trip to Jiaxing', 'Weekend in Kyoto', '8 days in Japan', 'France, Italy & Spain'."""
    if len(countries) > 1:
        return countries_text(countries)
    days = (last - first).days + 1
    if days == 1:
        return f"Day trip to {place}"
    if days <= 3 and any(
        date.fromordinal(d).weekday() >= 5 for d in range(first.toordinal(), last.toordinal() + 1)
    ):
        return f"Weekend in {place}"
    return f"{days} days in {place}"
