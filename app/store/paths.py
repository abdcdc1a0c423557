"""File paths as the library stores them: any name the file system allows, UTF-8 or not.

Python gives a name that is not valid UTF-8 (``café.jpg`` written in Latin-1) as a string with lone
surrogates (``'caf\\udce9.jpg'``), which SQLite cannot store.  Each such byte is kept as a character of
the last private-use plane instead (U+10FF80–U+10FFFF), which nobody names files with, so the stored
text is valid UTF-8, sorts and compares like any path, and turns back into the exact name.
"""

from __future__ import annotations

import os

_SURROGATE_BASE = 0xDC00  # surrogateescape maps byte b (>= 0x80) to U+DC00 + b
_STORED_BASE = 0x10FF00


def to_store(path: str) -> str:
    """The path as the library stores it."""
    if path.isascii():
        return path
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return "".join(
            chr(_STORED_BASE + ord(c) - _SURROGATE_BASE) if 0xDC80 <= ord(c) <= 0xDCFF else c for c in path
        )


def from_store(text: str) -> str:
    """The file system's path for a stored one (the inverse of :func:`to_store`)."""
    if text.isascii() or not any(ord(c) >= _STORED_BASE + 0x80 for c in text):
        return text
    return "".join(
        chr(_SURROGATE_BASE + ord(c) - _STORED_BASE) if ord(c) >= _STORED_BASE + 0x80 else c for c in text
    )


def readable(path: str) -> str:
    """A path a person can read (and a terminal can print): undecodable bytes shown as U+FFFD."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "replace")
