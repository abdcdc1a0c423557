"""Indexing (the FileIndexing task): walk the sources, read new or changed files, store time and place.

A file whose path, size and modification time are unchanged is not opened again (SPEC §2).  Files are
read and written in batches: each batch is geocoded in one tree query and saved in one transaction, and
each file is a progress step and a cancellation point.  Cancelling keeps the batches already saved (they
are correct, and the next run skips them), so cancel and crash both leave a library that a rerun finishes.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core import places as places_mod
from app.core.metadata import MediaError, MediaMeta, kind_of
from app.core.places import Address, Places
from app.core.progress import CancelToken, Progress, ProgressCallback
from app.core.readers import read_metadata
from app.service.tasks import ServiceError, TaskRun, running_task, utcnow
from app.store import files as media
from app.store.library import Library
from app.store.tasks import TaskRecord

BATCH = 256
PARALLEL_FROM = 400  # files to read before a second process pays for its start
PROGRESS_INTERVAL_S = 0.05


@dataclass
class IndexReport:
    """What one indexing run did; ``failed`` and ``warnings`` are (path, reason) pairs."""

    task: TaskRecord | None = None
    found: int = 0
    read: int = 0
    unchanged: int = 0
    missing: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    failed: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    unreadable_folders: list[tuple[str, str]] = field(default_factory=list)
    cancelled: bool = False

    def result(self) -> dict[str, Any]:
        """The task's ``Result`` (SPEC §7 extension): counts, skipped files by reason."""
        reasons = Counter(reason.split("]", 1)[0] + "]" for _, reason in self.failed)
        return {
            "FilesFound": self.found,
            "FilesRead": self.read,
            "FilesUnchanged": self.unchanged,
            "FilesMissing": self.missing,
            "FilesByStatus": dict(self.statuses),
            "FilesFailed": len(self.failed),
            "SkippedByReason": dict(reasons),
            "UnreadableFolders": len(self.unreadable_folders),
        }


def read_one(path: str) -> tuple[MediaMeta | None, str]:
    """One file's metadata, or the readable reason it has none (also run in worker processes)."""
    try:
        return read_metadata(path), ""
    except MediaError as exc:
        return None, str(exc)
    except OSError as exc:
        return None, f"[InvalidArgument] cannot read the file: {exc.strerror or exc}"
    except Exception as exc:  # a reader bug must cost one file, never the run
        return None, f"[InternalError] {type(exc).__name__}: {exc}"


def only_thread() -> bool:
    """Whether the calling thread is the process's only thread, Qt's and C libraries' threads included.

    ``threading.active_count()`` sees only Python's threads, not a QThreadPool's, and forking a process
    while another thread holds a lock (Qt's, malloc's) can deadlock the child.
    """
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return threading.current_thread() is threading.main_thread() and threading.active_count() == 1


_prctl: Any = None  # libc's prctl, looked up before the fork so each reading process only calls it


def _find_prctl() -> Any:
    global _prctl
    if _prctl is None:
        try:
            import ctypes

            _prctl = ctypes.CDLL(None, use_errno=True).prctl
        except (OSError, AttributeError):
            _prctl = False
    return _prctl


def _worker_started(parent: int) -> None:
    """In each reading process: die with the parent (even by ``kill -9``) and leave Ctrl-C to it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _prctl:
        _prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(0)


def reading_pool(files: int) -> Any:
    """Worker processes for a large read from a single-threaded process (the command line), else None.

    Reading metadata is Python work that holds the GIL, so a second core only helps as a second
    process.  Forking is safe only while no other thread runs (the window's jobs run on threads, so it
    reads in its own thread), and only pays beyond a few hundred files.
    """
    if files < PARALLEL_FROM or not sys.platform.startswith("linux") or not only_thread():
        return None
    workers = min(os.cpu_count() or 1, 8)
    if workers < 2:
        return None
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    _find_prctl()
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=multiprocessing.get_context("fork"), initializer=_worker_started,
        initargs=(os.getpid(),),
    )  # fmt: skip


def _status(meta: MediaMeta) -> str:
    if meta.capture_day is None:
        return "no_time"
    if not meta.has_position:
        return "no_place"
    return "ok"


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _row(source_id: int, found: Any, meta: MediaMeta | None, error: str, now: str) -> dict[str, Any]:
    """One MediaFile row; address columns are filled after the batch is geocoded."""
    row: dict[str, Any] = dict.fromkeys(media.FILE_COLUMNS)
    row.update(
        source_id=source_id,
        path=found.path,
        size=found.size,
        mtime_ns=found.mtime_ns,
        kind=kind_of(found.path),
        time_source="",
        camera="",
        **dict.fromkeys(ADDRESS_COLUMNS, ""),
        places_version=places_mod.VERSION,
        status="error",
        error=error,
        indexed_at=now,
    )
    if meta is not None:
        produce = meta.utc_time or meta.local_time
        row.update(
            kind=meta.kind,
            produce_time=_text(produce),
            utc_time=_text(meta.utc_time),
            local_time=_text(meta.local_time),
            local_offset_min=meta.offset_min,
            time_source=meta.time_source,
            capture_day=_text(meta.capture_day),
            lat=meta.lat,
            lon=meta.lon,
            width=meta.width,
            height=meta.height,
            orientation=meta.orientation,
            camera=meta.camera,
            status=_status(meta),
            error="; ".join(meta.notes),
        )
    return row


ADDRESS_COLUMNS = ("country", "country_code", "province", "city", "district", "township", "address_line")


def _address_columns(address: Address | None) -> tuple[str, ...]:
    if address is None:
        return ("",) * len(ADDRESS_COLUMNS)
    return tuple(getattr(address, c) for c in ADDRESS_COLUMNS)


class Indexer:
    """One indexing run over some sources; :func:`index_sources` is its front door."""

    def __init__(
        self,
        lib: Library,
        places: Places,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> None:
        self.lib = lib
        self.places = places
        self.progress = progress or (lambda p: None)
        self.cancel = cancel or CancelToken()
        self.report = IndexReport()
        self._last_report = 0.0
        self.pool: Any = None  # worker processes while a large read runs from the command line
        self.ahead: Any = None  # their results, in the order of the files

    def _tell(self, phase: str, done: int, total: int, current: str, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self._last_report >= PROGRESS_INTERVAL_S:
            self._last_report = now
            self.progress(Progress(phase, done, total, current))

    def run(self, roots: list[str], task: TaskRun) -> IndexReport:
        from app.service.walking import WalkReport, walk_media

        report = self.report
        plans: list[tuple[int, list[Any]]] = []
        for root in roots:
            source_id = media.ensure_source(self.lib, root, utcnow())
            known = media.known_files(self.lib, source_id)
            walked = WalkReport([])
            to_read = []
            seen = set()
            for found in walk_media(root, walked):
                if self.cancel.cancelled:
                    break
                report.found += 1
                seen.add(found.path)
                old = known.get(found.path)
                if (
                    old
                    and old.size == found.size
                    and old.mtime_ns == found.mtime_ns
                    and old.status != "missing"
                ):
                    report.unchanged += 1
                else:
                    to_read.append(found)
                self._tell("scan", report.found, 0, os.path.dirname(found.path))
            report.unreadable_folders.extend(walked.unreadable)
            if not self.cancel.cancelled:
                blocked = tuple(p + os.sep for p, _ in walked.unreadable)
                gone = [
                    p
                    for p, k in known.items()
                    if p not in seen and k.status != "missing" and not p.startswith(blocked)
                ]
                report.missing += media.mark_missing(self.lib, gone)
            plans.append((source_id, to_read))

        total = sum(len(files) for _, files in plans)
        done = 0
        self.pool = reading_pool(total)
        if self.pool is not None:
            paths = [found.path for _, files in plans for found in files]
            self.ahead = iter(self.pool.map(read_one, paths, chunksize=32))
        try:
            for source_id, files in plans:
                for start in range(0, len(files), BATCH):
                    if self.cancel.cancelled:
                        break
                    done = self._read_batch(source_id, files[start : start + BATCH], done, total, task)
        finally:
            if self.pool is not None:
                self.pool.shutdown(cancel_futures=True)
                self.pool = self.ahead = None
        self._refresh_places()
        if not self.cancel.cancelled:
            media.mark_indexed(self.lib, roots, utcnow())
        report.cancelled = self.cancel.cancelled
        self._tell("done", done, total, "", force=True)
        return report

    def _read_batch(self, source_id: int, batch: list[Any], done: int, total: int, task: TaskRun) -> int:
        now = str(utcnow())
        rows = []
        if self.ahead is not None:  # worker processes read ahead while this batch is saved
            self._tell("read", done, total, os.path.dirname(batch[0].path))
            for found in batch:
                meta, error = next(self.ahead)
                rows.append(_row(source_id, found, meta, error, now))
            done += len(batch)
        for found in batch if self.ahead is None else ():
            if self.cancel.cancelled:
                break
            self._tell("read", done, total, os.path.dirname(found.path))
            meta, error = read_one(found.path)
            rows.append(_row(source_id, found, meta, error, now))
            done += 1
        self._geocode(rows)
        media.upsert_files(self.lib, rows)
        for row in rows:
            self.report.statuses[row["status"]] += 1
            if row["status"] == "error":
                self.report.failed.append((row["path"], row["error"]))
            elif row["error"]:
                self.report.warnings.append((row["path"], row["error"]))
        self.report.read += len(rows)
        task.progress(int(100 * done / total) if total else 100)
        self._tell("read", done, total, "", force=True)
        return done

    def _geocode(self, rows: list[dict[str, Any]]) -> None:
        located = [r for r in rows if r["lat"] is not None and r["lon"] is not None]
        addresses = self.places.resolve_many([(r["lat"], r["lon"]) for r in located])
        for row, address in zip(located, addresses, strict=True):
            row.update(zip(ADDRESS_COLUMNS, _address_columns(address), strict=True))

    def _refresh_places(self) -> None:
        """Re-geocode files whose addresses came from older place rules (``places.VERSION``)."""
        while not self.cancel.cancelled:
            stale = media.stale_places(self.lib, places_mod.VERSION, 5000)
            if not stale:
                return
            addresses = self.places.resolve_many([(lat, lon) for _, lat, lon in stale])
            media.update_places(
                self.lib,
                [
                    (*_address_columns(a), places_mod.VERSION, file_id)
                    for (file_id, _, _), a in zip(stale, addresses, strict=True)
                ],
            )


def check_roots(dirs: list[str]) -> list[str]:
    """Absolute, real paths of the folders to index; refuse anything that is not a folder, before any work."""
    if not dirs:
        raise ServiceError("InvalidArgument", "give at least one folder to index")
    roots = []
    for d in dirs:
        path = Path(d).expanduser()
        unreadable = ServiceError(
            "InvalidArgument", f"folder {d} cannot be read by this user (permission denied); ask its owner"
            " for read access, or add a folder you can open"
        )  # fmt: skip
        try:
            if not path.exists():
                raise ServiceError("InvalidArgument", f"folder {d} does not exist")
            if not path.is_dir():
                raise ServiceError(
                    "InvalidArgument", f"{d} is a file, not a folder; add the folder that holds it"
                )
            root = path.resolve()
        except PermissionError:  # a folder on the way to it may not be entered
            raise unreadable from None
        if not os.access(root, os.R_OK | os.X_OK):
            raise unreadable
        roots.append(str(root))
    return list(dict.fromkeys(roots))


def index_sources(
    lib: Library,
    dirs: list[str],
    places: Places,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    tags: dict[str, str] | None = None,
    user_data: str = "",
) -> IndexReport:
    roots = check_roots(dirs)
    indexer = Indexer(lib, places, progress, cancel)
    with running_task(lib, "FileIndexing", {"Sources": roots}, tags=tags, user_data=user_data) as task:
        task.cancel_message = (
            "Cancelled; the files read so far are kept, and indexing again finishes the work."
        )
        try:
            indexer.run(roots, task)
        finally:
            task.result = indexer.report.result()
        if indexer.report.cancelled:
            task.finish("Cancelled", code="Cancelled", message=task.cancel_message)
    indexer.report.task = task.ended
    indexer.report.cancelled = task.ended.status == "Cancelled"
    return indexer.report
