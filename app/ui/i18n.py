"""Filling translated strings: Qt's ``%1`` placeholders (PySide6 has no ``QString.arg``) and numbers
written the user's way through QLocale."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QDate, QLocale

_PLACEHOLDER = re.compile(r"%(\d+)")


def arg(text: str, *values: object) -> str:
    """``arg("%1 of %2", 3, 9)`` → ``"3 of 9"``; ints are written with the locale's digit grouping.

    Each ``%n`` is replaced once, in one pass, so a value that itself contains ``%2`` is left alone.
    """
    shown = [number(v) if isinstance(v, int) and not isinstance(v, bool) else str(v) for v in values]

    def fill(match: re.Match[str]) -> str:
        n = int(match.group(1))
        return shown[n - 1] if 1 <= n <= len(shown) else match.group(0)

    return _PLACEHOLDER.sub(fill, text)


def number(value: int) -> str:
    return QLocale().toString(value)


def plural(one: str, many: str, n: int) -> str:
    """``one`` or ``many`` (both already translated, with ``%1`` for the number) by ``n``.

    No English translation file ships to resolve Qt's ``%n`` numerus forms, so the English source strings
    carry both forms; a translation gives each its own words.
    """
    return arg(one if n == 1 else many, n)


def _medium_format(with_year: bool) -> str:
    """The locale's long date format without the weekday, months abbreviated ("MMM d, yyyy" in the US,
    "d. MMM yyyy" in Germany, "yyyy年M月d日" in China), and without the year when asked."""
    text = QLocale().dateFormat(QLocale.FormatType.LongFormat)
    text = re.sub(r"[\s,]*d{4}[\s,]*", " ", text).strip(" ,")
    text = text.replace("MMMM", "MMM")
    if not with_year:
        text = re.sub(r"^y+[年년\s,./-]*|[\s,./-]*y+[年년]?", "", text).strip(" ,")
    return text


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def medium_date(day: date, with_year: bool = True) -> str:
    """``Mar 3, 2024`` written the user's way."""
    return QLocale().toString(qdate(day), _medium_format(with_year))


def long_date(day: date) -> str:
    """``Sunday, March 3, 2024`` written the user's way."""
    return QLocale().toString(qdate(day), QLocale.FormatType.LongFormat)


def date_range(first: date, last: date) -> str:
    """``Mar 3, 2024``, ``Mar 3 – Mar 5, 2024`` or ``Dec 30, 2023 – Jan 2, 2024``, the user's way."""
    if first == last:
        return medium_date(first)
    start = medium_date(first, with_year=first.year != last.year)
    return f"{start} – {medium_date(last)}"
