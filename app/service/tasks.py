"""Tasks (SPEC §7): every long job is one, and every one ends Succeeded, Failed or Cancelled.

:func:`running_task` is the one door every long operation goes through.  Whatever happens inside (a
cancel, Ctrl-C, a full disk, a bug), the task is closed with a status and a reason before the error goes
on; a task that could not even be closed (the disk is full) is still Running with this process as its
owner, and the next start marks it ``Interrupted`` because that process is gone.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from app.core.progress import Cancelled
from app.store import tasks as task_rows
from app.store.library import Library, LibraryError
from app.store.tasks import TaskRecord

TASK_TYPES = ("FileIndexing", "LocationDateClustering", "StoryCreation")
EXCLUSIVE_TASKS = ("LocationDateClustering",)  # never two at once on one library
STATUSES = ("Running", "Succeeded", "Failed", "Cancelled")
RETENTION = timedelta(days=7)
USER_DATA_MAX_BYTES = 2048
log = logging.getLogger(__name__)


class ServiceError(Exception):
    """An operation refused or failed; ``code`` is IMM's (InvalidArgument, ResourceNotFound, ...)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _owner() -> str:
    return f"{os.getpid()}@{socket.gethostname()}"


def _alive(owner: str) -> bool:
    """Whether the process that owns a Running task still runs (only knowable on the same host)."""
    pid, _, host = owner.partition("@")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return int(pid) != os.getpid()  # our own pid on a Running row at start-up is a reused one


@dataclass
class TaskRun:
    """A task in progress; the job fills ``result`` and calls :meth:`progress` as it goes."""

    lib: Library
    task_id: str
    result: dict[str, Any] = field(default_factory=dict)
    task: TaskRecord | None = None  # the finished task, once it has ended
    cancel_message: str = "Cancelled by the user."

    def progress(self, percent: int) -> None:
        task_rows.set_progress(self.lib, self.task_id, percent)

    @property
    def ended(self) -> TaskRecord:
        """The finished task (after :func:`running_task` has closed it)."""
        if self.task is None:
            raise RuntimeError(f"task {self.task_id} has not ended")
        return self.task

    def finish(self, status: str, *, code: str = "", message: str = "") -> TaskRecord:
        task_rows.finish(
            self.lib, self.task_id, status, utcnow(), code=code, message=message, result=self.result
        )
        self.task = get_task(self.lib, self.task_id)
        return self.task


def start_task(
    lib: Library, task_type: str, request: dict[str, Any], *, tags: dict[str, str] | None = None,
    user_data: str = "",
) -> TaskRun:  # fmt: skip
    if len(user_data.encode("utf-8")) > USER_DATA_MAX_BYTES:
        raise ServiceError("InvalidArgument", f"UserData must be at most {USER_DATA_MAX_BYTES:,} bytes")
    task_id = f"{task_type}-{uuid.uuid4()}"
    task_rows.create(
        lib,
        task_id,
        task_type,
        utcnow(),
        tags=tags or {},
        user_data=user_data,
        request=request,
        owner=_owner(),
    )
    return TaskRun(lib, task_id)


@contextmanager
def running_task(
    lib: Library, task_type: str, request: dict[str, Any], *, tags: dict[str, str] | None = None,
    user_data: str = "", notify_file: str | None = None,
) -> Iterator[TaskRun]:  # fmt: skip
    """Run the block as a task that always ends.

    ``Cancelled`` (the cancel token) ends it Cancelled and is swallowed: the caller reads ``run.ended``.
    Ctrl-C ends it Cancelled too, and goes on up.  Any other error ends it Failed with the reason, and
    goes on up.  A block that did not end the task itself ends it Succeeded.  When the end cannot be
    written (a full disk), that error goes up instead, unless another one is already on its way.
    """
    run = start_task(lib, task_type, request, tags=tags, user_data=user_data)
    try:
        with _exclusive(run, task_type):
            yield run
    except Cancelled:
        _end(run, "Cancelled", "Cancelled", run.cancel_message)
    except KeyboardInterrupt:
        _end(run, "Cancelled", "Cancelled", run.cancel_message, quietly=True)
        raise
    except ServiceError as exc:
        _end(run, "Failed", exc.code, exc.message, quietly=True)
        raise
    except LibraryError as exc:
        _end(run, "Failed", type(exc).__name__, str(exc), quietly=True)
        raise
    except BaseException as exc:
        log.exception("task %s failed", run.task_id)
        _end(run, "Failed", "InternalError", f"{type(exc).__name__}: {exc}", quietly=True)
        raise
    else:
        _end(run, "Succeeded", "", "")
    if notify_file:
        notify(run.ended, notify_file)


def _exclusive(run: TaskRun, task_type: str) -> Any:
    """A clustering run holds the library's run lock for its whole length (SPEC §13): a second one, here or
    on another machine, waits for it or fails saying whose run holds it."""
    if task_type not in EXCLUSIVE_TASKS:
        return nullcontext()
    from app.store.run_lock import exclusive_run

    return exclusive_run(run.lib, task_type, f"task {run.task_id} of {_owner()}")


def _end(run: TaskRun, status: str, code: str, message: str, *, quietly: bool = False) -> None:
    """Close the task (once).  ``quietly``: another error is on its way up, so a failure to write the end
    is only logged; the task stays Running with this process as its owner, and the next start marks it
    Interrupted."""
    if run.task is not None:
        return
    try:
        run.finish(status, code=code, message=message)
    except LibraryError as exc:
        if not quietly:
            raise
        log.warning("task %s could not be closed as %s: %s", run.task_id, status, exc)


def recover_tasks(lib: Library) -> int:
    """At start-up: purge old tasks and fail the Running ones whose process died; returns how many failed.

    A library that may only be read, or that another process is writing, is left for a later start.
    """
    if lib.read_only:
        return 0
    try:
        now = utcnow()
        task_rows.purge_before(lib, now - RETENTION)
        dead = [t.task_id for t in task_rows.running(lib) if not _alive(t.owner)]
        if dead:
            task_rows.mark_interrupted(
                lib, dead, now, "Tripfold stopped while this task ran; run it again to finish the work."
            )
        return len(dead)
    except LibraryError as exc:
        log.warning("tasks not recovered at start: %s", exc)
        return 0


def get_task(lib: Library, task_id: str) -> TaskRecord:
    task = task_rows.get(lib, task_id)
    if task is None:
        raise ServiceError("ResourceNotFound", f"no task with TaskId {task_id}")
    return task


def list_tasks(
    lib: Library, task_type: str | None = None, status: str | None = None, tags: dict[str, str] | None = None
) -> list[TaskRecord]:
    """Tasks, newest first, filtered by type, status and tags (all ANDed)."""
    if task_type is not None and task_type not in TASK_TYPES:
        raise ServiceError(
            "InvalidArgument", f"TaskType must be one of {', '.join(TASK_TYPES)}, not {task_type!r}"
        )
    if status is not None and status not in STATUSES:
        raise ServiceError("InvalidArgument", f"Status must be one of {', '.join(STATUSES)}, not {status!r}")
    wanted = (tags or {}).items()
    return [t for t in task_rows.query(lib, task_type, status) if all(t.tags.get(k) == v for k, v in wanted)]


def notify(task: TaskRecord, path: str) -> dict[str, Any]:
    """Append the end-of-task message (SPEC §7) to ``path`` as one JSON line; returns the message."""
    from app.imm import notification

    message = notification(task, str(uuid.uuid4()), utcnow())
    with open(path, "a", encoding="utf-8") as file:
        file.write(json.dumps(message, ensure_ascii=False) + "\n")
    return message
