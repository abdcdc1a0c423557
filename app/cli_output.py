"""Terminal output shared by the commands: a progress bar on stderr and JSON on stdout."""

from __future__ import annotations

import json
import shutil
import sys
import time
from typing import Any


class ProgressBar:
    """A one-line progress bar on stderr, redrawn at most ten times a second; silent when not a terminal."""

    def __init__(self, stream: Any = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self._last = 0.0

    def __call__(self, p: Any) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.1 and p.phase != "done":
            return
        self._last = now
        width = shutil.get_terminal_size((80, 20)).columns
        if p.phase == "scan":
            line = f"Looking for photos… {p.done} found  {p.current}"
        else:
            filled = int(30 * p.percent / 100)
            bar = "#" * filled + "." * (30 - filled)
            line = f"[{bar}] {p.percent:3d}%  {p.done}/{p.total} files  {p.current}"
        self.stream.write("\r" + line[: width - 1].ljust(width - 1))
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * (shutil.get_terminal_size((80, 20)).columns - 1) + "\r")
            self.stream.flush()


def shown_path(path_or_uri: str) -> str:
    """A path as a person reads it: a ``file://`` URI decoded, bytes that are not UTF-8 shown as U+FFFD
    (printing the raw name would fail on a UTF-8 terminal)."""
    import os
    from urllib.parse import unquote_to_bytes

    if path_or_uri.startswith("file://"):
        return unquote_to_bytes(path_or_uri[len("file://") :]).decode("utf-8", "replace")
    return os.fsencode(path_or_uri).decode("utf-8", "replace")


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
