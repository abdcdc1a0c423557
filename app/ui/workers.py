"""Service calls on Qt's thread pool, reporting by signals, so the window never waits on disk or SQL.

A :class:`Job` runs one callable that takes ``progress`` and ``cancel`` keywords (the service's long
operations all do); its progress callback becomes a queued signal, delivered on the GUI thread.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from app.core.progress import CancelToken, Progress


class JobSignals(QObject):
    progress = Signal(object)  # Progress
    done = Signal(object)  # the callable's result
    failed = Signal(str)


class Job(QRunnable):
    """One long operation; :meth:`cancel` asks it to stop at its next step."""

    def __init__(self, work: Callable[..., Any], *, close: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the window keeps it until it reports
        self.signals = JobSignals()
        self.token = CancelToken()
        self._work = work
        self._close = close

    def cancel(self) -> None:
        self.token.cancel()

    def run(self) -> None:
        try:
            result = self._work(progress=self._report, cancel=self.token)
        except Exception as exc:  # shown to the user; the traceback goes to the console
            traceback.print_exc()
            self.signals.failed.emit(str(exc) or type(exc).__name__)
        else:
            self.signals.done.emit(result)
        finally:
            if self._close is not None:
                self._close()  # the worker thread's database connection

    def _report(self, progress: Progress) -> None:
        self.signals.progress.emit(progress)


def start(job: Job) -> Job:
    QThreadPool.globalInstance().start(job)
    return job
