"""Dates as EXIF, XMP, IPTC and MediaInfo write them: a wall-clock time and, when stated, its offset.

Both readers (photos and videos) parse the same textual shapes (``2024:03:03 07:10:05``,
``2024-03-03T07:10:05+08:00``, a day alone in XMP), so the parsing lives apart from either reader and
from the time rules that decide what a date means (:mod:`app.core.times`).
"""

from __future__ import annotations

import re
from datetime import datetime

_DATE = re.compile(
    rb"\s*(\d{4})[:\-/.](\d{2})[:\-/.](\d{2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,](\d+))?)?"
    rb"\s*(Z|[+-]\d{2}:?\d{2})?"
)


def parse_date(
    text: str | bytes | None, what: str, notes: list[str], *, need_time: bool = True
) -> tuple[datetime | None, int | None]:
    """An EXIF or XMP date as (wall time, offset minutes); None with a note when it is not a real date.

    EXIF dates always carry a time of day, so one without is a value cut short; XMP and IPTC may
    legitimately hold a day alone (``need_time=False``), which then reads as midnight.
    """
    if not text:
        return None, None
    raw = text.encode("latin-1", "replace") if isinstance(text, str) else text
    match = _DATE.match(raw)
    shown = raw.decode("latin-1").strip()
    if match is None:
        if shown.strip(" :0-T"):
            notes.append(f"[InvalidArgument] {what} '{shown}' is not a date")
        else:
            notes.append(f"[InvalidArgument] {what} is empty ('{shown}')")
        return None, None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    if need_time and hour is None:
        notes.append(f"[InvalidArgument] {what} '{shown}' has no time of day")
        return None, None
    try:
        value = datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0),
            int((fraction or b"0")[:6].ljust(6, b"0")),
        )  # fmt: skip
    except ValueError:
        notes.append(f"[InvalidArgument] {what} '{shown}' is not a real date")
        return None, None
    return value, parse_offset(zone)


def parse_offset(text: str | bytes | None) -> int | None:
    """'+08:00', '-0530' or 'Z' as minutes east of UTC; None when absent or malformed."""
    if not text:
        return None
    raw = text.decode("latin-1") if isinstance(text, bytes) else text
    raw = raw.strip()
    if raw == "Z":
        return 0
    match = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", raw)
    if not match:
        return None
    minutes = int(match[2]) * 60 + int(match[3])
    if minutes > 14 * 60:
        return None
    return minutes if match[1] == "+" else -minutes
