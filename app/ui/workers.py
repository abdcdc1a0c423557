"""The window's one job runner: named thread pools that run service calls and report by signal.

Three pools, each for one kind of work (Picard's ``_init_threads``):

- ``read``: loading the timeline, opening a trip, Activity, picking highlights. Several threads, so a
  reader never waits behind a long index (SQLite in WAL mode lets readers run beside the writer).
- ``thumbnails``: decoding pictures, sized to the CPUs.
- ``write``: one thread for everything that writes the library (indexing, clustering, renames,
  deletes, stories), so writes never race; a second write waits in the pool's queue.

A :class:`Job` is a ``QRunnable`` with a separate signals ``QObject`` (composition: a runnable that is
also a QObject is deleted by whichever side lets go first). Its callable takes ``progress`` and
``cancel`` keywords and must not touch a widget: the window reads every input on the GUI thread
before it makes the job. Each pool keeps its live jobs referenced until they have reported — a Python
runnable collected while a pool thread still runs it crashes PySide6. :meth:`JobRunner.shutdown`
cancels them and waits, so nothing emits into a deleted object when the app quits.

Tests get :meth:`JobRunner.synchronous`, whose pools run a job at once on the calling thread
(Picard's ``FakeThreadPool``), and a few keep real threads.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThread, QThreadPool, QTimer, Signal

from app.core.progress import Cancelled, CancelToken, Progress

log = logging.getLogger(__name__)


class JobSignals(QObject):
    """Lives on the GUI thread; signals emitted from a pool thread are delivered there (queued)."""

    started = Signal()  # the job left the queue and runs now
    progress = Signal(object)  # Progress
    done = Signal(object)  # the callable's result
    failed = Signal(str)  # a one-line reason; the traceback is in the log
    cancelled = Signal()  # the callable raised Cancelled
    finished = Signal()  # always last, after done, failed or cancelled


class Job(QRunnable):
    """One operation; :meth:`cancel` asks it to stop at its next progress step."""

    def __init__(
        self, work: Callable[..., Any], *, name: str = "", close: Callable[[], None] | None = None
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)  # its pool keeps it until it reports
        self.signals = JobSignals()
        self.token = CancelToken()
        self.name = name or getattr(work, "__name__", "job")
        self._work = work
        self._close = close

    def cancel(self) -> None:
        self.token.cancel()

    @property
    def cancelled(self) -> bool:
        return self.token.cancelled

    def run(self) -> None:
        self.signals.started.emit()
        try:
            if self.token.cancelled:
                raise Cancelled()  # cancelled while it waited in the queue
            result = self._work(progress=self._report, cancel=self.token)
        except Cancelled:
            self.signals.cancelled.emit()
        except Exception as exc:  # the window shows the reason; the log keeps the traceback
            log.exception("%s failed", self.name)
            self.signals.failed.emit(str(exc) or type(exc).__name__)
        else:
            self.signals.done.emit(result)
        finally:
            if self._close is not None:
                try:
                    self._close()  # this thread's database connection
                except Exception:
                    log.exception("closing the connection of %s failed", self.name)
            self.signals.finished.emit()

    def _report(self, progress: Progress) -> None:
        self.signals.progress.emit(progress)


class Pool(Protocol):
    name: str

    def start(self, job: Job, priority: int = 0) -> Job: ...
    def withdraw(self, job: Job) -> bool: ...
    def live(self) -> list[Job]: ...
    def shutdown(self, timeout_ms: int = -1) -> bool: ...


class ThreadPool:
    """A named ``QThreadPool`` that holds on to its jobs until each has reported ``finished``.

    Jobs started on the GUI thread are handed to the pool when its event loop next turns, not at once:
    a view asks for the thumbnails of the cards it paints while it paints, and a worker woken in the
    middle of a frame takes the interpreter from it (handing a job to a busy pool cost 0.3 ms, a third
    of a frame for a screen of cards).  A job withdrawn before then never reaches the pool.
    """

    def __init__(self, name: str, threads: int) -> None:
        self.name = name
        self._pool = QThreadPool()
        self._pool.setObjectName(name)
        self._pool.setMaxThreadCount(max(1, threads))
        # by identity, in order: a scroll withdraws thousands of thumbnail jobs, each found here at once
        self._live: dict[int, Job] = {}
        self._waiting: dict[int, tuple[Job, int]] = {}  # started, not yet handed to the pool

    @property
    def threads(self) -> int:
        return self._pool.maxThreadCount()

    def start(self, job: Job, priority: int = 0) -> Job:
        """Queue ``job``; among queued jobs the highest ``priority`` runs first (equal ones in order)."""
        self._live[id(job)] = job
        job.signals.finished.connect(lambda: self._forget(job))
        app = QCoreApplication.instance()
        if app is None or QThread.currentThread() is not app.thread():
            self._pool.start(job, priority)  # no GUI event loop here to hand it over later
            return job
        if not self._waiting:
            QTimer.singleShot(0, self._hand_over)
        self._waiting[id(job)] = (job, priority)
        return job

    def _hand_over(self) -> None:
        waiting, self._waiting = self._waiting, {}
        # the most urgent first: the pool gives its idle threads to the first jobs it is handed
        for job, priority in sorted(waiting.values(), key=lambda waiting_job: -waiting_job[1]):
            self._pool.start(job, priority)

    def withdraw(self, job: Job) -> bool:
        """Take ``job`` out of the queue before it starts (a thumbnail scrolled past): it reports
        ``cancelled`` and ``finished`` at once.  False when it already runs or ran (it was cancelled, and
        stops at its next progress step)."""
        job.cancel()
        if id(job) not in self._live:
            return False
        if self._waiting.pop(id(job), None) is None and not self._pool.tryTake(job):
            return False
        job.signals.cancelled.emit()
        job.signals.finished.emit()
        return True

    def live(self) -> list[Job]:
        """Jobs queued or running, and those whose last signals have not been delivered yet."""
        return list(self._live.values())

    def _forget(self, job: Job) -> None:
        self._live.pop(id(job), None)

    def shutdown(self, timeout_ms: int = -1) -> bool:
        """Cancel every job, drop those still queued, and wait for the running ones to return."""
        for job in list(self._live.values()):
            job.cancel()
        for job, _ in self._waiting.values():
            self._live.pop(id(job), None)
        self._waiting.clear()
        self._pool.clear()
        return self._pool.waitForDone(timeout_ms)


class SynchronousPool:
    """Runs each job at once on the calling thread: tests see its result as soon as ``start`` returns."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.threads = 1

    def start(self, job: Job, priority: int = 0) -> Job:
        job.run()
        return job

    def withdraw(self, job: Job) -> bool:
        return False  # it ran as it was started

    def live(self) -> list[Job]:
        return []

    def shutdown(self, timeout_ms: int = -1) -> bool:
        return True


class JobRunner:
    """The three pools, handed to the views that need them (never reached through a global)."""

    def __init__(self, read: Pool, thumbnails: Pool, write: Pool) -> None:
        self.read, self.thumbnails, self.write = read, thumbnails, write

    @classmethod
    def threaded(cls, readers: int = 4) -> JobRunner:
        return cls(
            ThreadPool("read", readers),
            ThreadPool("thumbnails", os.cpu_count() or 2),
            ThreadPool("write", 1),
        )

    @classmethod
    def synchronous(cls) -> JobRunner:
        return cls(SynchronousPool("read"), SynchronousPool("thumbnails"), SynchronousPool("write"))

    @property
    def pools(self) -> tuple[Pool, Pool, Pool]:
        return self.read, self.thumbnails, self.write

    @property
    def concurrent(self) -> bool:
        """Jobs run beside the GUI thread and each other (not so on the synchronous runner), so which
        starts first matters."""
        return not all(isinstance(pool, SynchronousPool) for pool in self.pools)

    def idle(self, *, thumbnails: bool = True) -> bool:
        """No job is queued, running or still reporting (thumbnails ignored when ``thumbnails`` is False)."""
        pools = self.pools if thumbnails else (self.read, self.write)
        return not any(pool.live() for pool in pools)

    def shutdown(self, timeout_ms: int = -1) -> bool:
        """What the app does as it quits: cancel everything, then wait for every pool."""
        for pool in self.pools:
            for job in pool.live():
                job.cancel()
        return all([pool.shutdown(timeout_ms) for pool in self.pools])
