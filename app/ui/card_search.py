"""What the search box finds on a card: every word typed must appear in the card's words, whatever the
case or accents ("kyoto 2024", "ile-de-france", "August", "août" in French).

The words are the card's captions, places at every level, labels (key and value), the years it touches
and the months it touches, named in the display language (QLocale's month names, long and short, in both
their in-a-date and standalone forms: Polish or Russian write "sierpnia" in a date and "sierpień" alone).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from datetime import date
from functools import lru_cache
from typing import Any

from PySide6.QtCore import QLocale

MAX_MONTHS = 36  # a "trip" longer than three years names no months: search by year then


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """``"Île-de-France"`` → ``"ile-de-france"``: lower case (casefold) without accents, so either spelling
    finds the other; CJK text passes unchanged.  Cached: a library names the same places again and again."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def search_words(text: str) -> list[str]:
    """The folded words of a query; a card matches when it holds every one."""
    return fold(text).split()


_MONTHS: dict[str, list[list[str]]] = {}  # locale name -> the names of each month


def month_names(month: int, locale: QLocale | None = None) -> list[str]:
    """The ways the display language names ``month`` (1–12); asked of QLocale once per language."""
    locale = locale or QLocale()
    months = _MONTHS.get(locale.name())
    if months is None:
        months = _MONTHS[locale.name()] = []
        for m in range(1, 13):
            names = []
            for form in (QLocale.FormatType.LongFormat, QLocale.FormatType.ShortFormat):
                names += [locale.monthName(m, form), locale.standaloneMonthName(m, form)]
            months.append(list(dict.fromkeys(n for n in names if n)))
    return months[month - 1]


def date_words(first: date, last: date, locale: QLocale | None = None) -> list[str]:
    """The years and the month names of every month from ``first`` to ``last``."""
    locale = locale or QLocale()
    words = [str(year) for year in range(first.year, last.year + 1)]
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if months > MAX_MONTHS:
        return words
    seen: set[int] = set()
    for step in range(months):
        month = (first.month - 1 + step) % 12 + 1
        if month not in seen:
            seen.add(month)
            words += month_names(month, locale)
    return words


def haystack(words: Iterable[str | None]) -> str:
    """The folded text a card is searched in."""
    return " ".join(fold(w) for w in words if w)


def matches(query: list[str], text: str) -> bool:
    return all(word in text for word in query)


class SearchCache:
    """Each card's folded words, made once per record and display language (a search then only scans
    strings: 10,000 cards per keystroke stay well under a frame)."""

    def __init__(self) -> None:
        self._locale = ""
        self._texts: dict[int, tuple[object, str]] = {}

    def text(self, record: Any, make: Callable[[Any], str]) -> str:
        locale = QLocale().name()
        if locale != self._locale:
            self._texts.clear()
            self._locale = locale
        held = self._texts.get(id(record))
        if held is None or held[0] is not record:
            held = self._texts[id(record)] = (record, make(record))
        return held[1]

    def forget_others(self, records: Iterable[object]) -> None:
        """Keep only ``records``' texts (called when the model is given new records)."""
        keep = {id(r) for r in records}
        self._texts = {k: v for k, v in self._texts.items() if k in keep}
