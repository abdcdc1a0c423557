"""Dropped URLs turned into paths, and paths shown as a person recognises them (``My Photos/été.jpg``).

The service gives the window paths; URLs come only from outside it (a drop hands over percent-encoded
``file:`` URLs). Qt-free and pure, so the rules are tested without a window. A name that is not valid
UTF-8 on disk comes back with the same bytes (``surrogateescape``) so the file can still be opened —
``QUrl.toLocalFile`` would replace them and lose the file; :func:`shown` makes such a path printable.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from urllib.parse import unquote_to_bytes, urlsplit
from urllib.request import url2pathname


def local_path(uri: str) -> str:
    """The file system path of a ``file:`` URI; anything else (a plain path, an empty string) as given."""
    if not uri:
        return ""
    parts = urlsplit(uri)
    if parts.scheme.lower() != "file":
        return uri
    if os.name == "nt":  # pragma: no cover - drive letters and backslashes
        return url2pathname(parts.path)
    return os.fsdecode(unquote_to_bytes(parts.path))


def dropped_paths(urls: Iterable[str]) -> list[str]:
    """The local files and folders among dropped URLs (encoded ``file:`` URLs); web links are skipped."""
    return [local_path(url) for url in urls if urlsplit(url).scheme.lower() == "file"]


def shown(path: str) -> str:
    """``path`` as text: bytes that are not UTF-8 become U+FFFD instead of breaking the label."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
