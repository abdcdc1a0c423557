"""One clustering run at a time on a library, whichever machine starts it (SPEC §13).

A run reads the whole library, decides, and writes its decisions in one transaction; two runs at once
would each decide from what the other is about to replace.  So a run holds a lock for its whole length:
on PostgreSQL a session advisory lock (held by the connection, so a machine that dies lets go of it),
on SQLite an OS lock on a small file beside the library (``library.db.run-lock``).  Not SQLite's own
write lock: held for a whole run it would stop indexing and the user's renames for as long.  A second run
waits for the first, up to the library's busy timeout, then fails saying who holds the lock.
"""

from __future__ import annotations

import sys
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from app.store.library import Library, LibraryBusy

POLL_S = 0.2
_CLASS = 0x7472  # the first of the two advisory lock keys: "tr", for Tripfold


class RunLocked(LibraryBusy):
    """Another run holds the lock; ``holder`` says whose run it is."""

    def __init__(self, message: str, holder: str) -> None:
        super().__init__(message)
        self.holder = holder


@contextmanager
def exclusive_run(lib: Library, name: str, holder: str, wait: float | None = None) -> Iterator[None]:
    """Hold the run lock ``name`` for the block; ``holder`` (who is running what) is shown to a second
    run.  Waits up to ``wait`` seconds (the library's busy timeout by default) for a run that holds it."""
    wait = lib.busy_timeout if wait is None else wait
    if lib.read_only:
        yield  # nothing can be written, so nothing can be interleaved
        return
    lock = _ServerLock(lib, name, holder) if lib.url is not None else _FileLock(lib, name, holder)
    deadline = time.monotonic() + wait
    while not lock.acquire():
        if time.monotonic() >= deadline:
            other = lock.holder() or "another Tripfold process"
            raise RunLocked(
                f"{lib.name}: another run is going on ({other}) and has held the library for more than "
                f"{wait:g} s; it was left alone. Wait for it to finish (see its task) and try again.",
                other,
            )
        time.sleep(POLL_S)
    try:
        yield
    finally:
        lock.release()


class _ServerLock:
    def __init__(self, lib: Library, name: str, holder: str) -> None:
        self.lib, self.holder_text = lib, holder
        self.key = zlib.crc32(name.encode()) & 0x7FFFFFFF

    def acquire(self) -> bool:
        got = bool(self.lib.execute("SELECT pg_try_advisory_lock(?, ?)", (_CLASS, self.key)).fetchone()[0])
        if got:  # shown to the others through pg_stat_activity, read by holder()
            self.lib.execute(
                "SELECT set_config('application_name', ?, false)", (f"tripfold: {self.holder_text}",)
            )
        return got

    def release(self) -> None:
        self.lib.execute("SELECT pg_advisory_unlock(?, ?)", (_CLASS, self.key))
        self.lib.execute("SELECT set_config('application_name', 'tripfold', false)")

    def holder(self) -> str:
        row = self.lib.execute(
            "SELECT a.application_name, a.client_addr, a.pid FROM pg_locks l JOIN pg_stat_activity a"
            " ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ? AND l.objid = ?",
            (_CLASS, self.key),
        ).fetchone()
        if row is None:
            return ""
        text, address, pid = row
        return str(text).removeprefix("tripfold: ") or f"server process {pid} from {address or 'this host'}"


class _FileLock:
    def __init__(self, lib: Library, name: str, holder: str) -> None:
        assert lib.path is not None
        self.path = Path(f"{lib.path}.{name}-lock")
        self.holder_text = holder
        self.file: IO[str] | None = None

    def acquire(self) -> bool:
        file = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115  (kept open while the lock is held)
        if not _try_lock(file):
            file.close()
            return False
        file.seek(0)
        file.truncate()
        file.write(self.holder_text)
        file.flush()
        self.file = file
        return True

    def release(self) -> None:
        if self.file is not None:
            self.file.seek(0)
            self.file.truncate()
            self.file.flush()
            _unlock(self.file)
            self.file.close()
            self.file = None

    def holder(self) -> str:
        try:
            return self.path.read_text(encoding="utf-8").strip()
        except OSError:
            return ""


if sys.platform == "win32":  # pragma: no cover - Windows
    import msvcrt

    def _try_lock(file: IO[str]) -> bool:
        try:
            file.seek(0)
            msvcrt.locking(file.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(file: IO[str]) -> None:
        file.seek(0)
        msvcrt.locking(file.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(file: IO[str]) -> bool:
        try:
            fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(file: IO[str]) -> None:
        fcntl.flock(file.fileno(), fcntl.LOCK_UN)
