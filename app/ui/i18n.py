"""Filling translated strings: Qt's ``%1`` placeholders (PySide6 has no ``QString.arg``) and numbers
written the user's way through QLocale."""

from __future__ import annotations

import re

from PySide6.QtCore import QLocale

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
