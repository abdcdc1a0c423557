"""Progress reports and cancellation for long jobs, shared by the service, the CLI and the window.

A job calls its progress callback at each step and checks its cancel token there too, so every step is
both a report and a cancellation point.  Both are plain Python so the core and the service stay Qt-free;
the window turns callbacks into signals.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Progress:
    """Where a job stands.  ``total`` is 0 while it is still unknown (e.g. while folders are walked)."""

    phase: str  # "scan", "read", "save", "done"
    done: int = 0
    total: int = 0
    current: str = ""

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0


ProgressCallback = Callable[[Progress], None]


class Cancelled(Exception):
    """Raised inside a job when its token was cancelled; the job undoes or keeps what is safe."""


class CancelToken:
    """A flag one thread sets and another polls; cancelling twice is harmless."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled()
