"""Task records (SPEC §7): every long job is one row, created Running and closed with its result."""

from __future__ import annotations

import json
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from app.store.library import write
from app.store.models import Task, database

TASK_TYPES = ("FileIndexing", "LocationDateClustering", "StoryCreation")
STATUSES = ("Running", "Succeeded", "Failed", "Cancelled")
RETENTION = timedelta(days=7)
USER_DATA_MAX_BYTES = 2048


class ServiceError(Exception):
    """An operation refused or failed; ``code`` is IMM's (InvalidArgument, ResourceNotFound, ...)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def rfc3339_utc(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


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
    """A task in progress; the job updates ``result`` and calls :meth:`progress` as it goes."""

    task_id: str
    result: dict[str, Any]

    def progress(self, percent: int) -> None:
        Task.update(progress=max(0, min(100, percent))).where(Task.task_id == self.task_id).execute()

    def finish(self, status: str, *, code: str = "", message: str = "") -> dict[str, Any]:
        with write(database):
            Task.update(
                status=status,
                end_time=utcnow(),
                progress=100 if status == "Succeeded" else Task.progress,
                code=code,
                message=message,
                result=json.dumps(self.result),
            ).where(Task.task_id == self.task_id).execute()
        return get_task(self.task_id)


def start_task(
    task_type: str,
    request: dict[str, Any],
    *,
    tags: dict[str, str] | None = None,
    user_data: str = "",
) -> TaskRun:
    if len(user_data.encode("utf-8")) > USER_DATA_MAX_BYTES:
        raise ServiceError("InvalidArgument", f"UserData is longer than {USER_DATA_MAX_BYTES} bytes")
    task_id = f"{task_type}-{uuid.uuid4()}"
    with write(database):
        Task.create(
            task_id=task_id,
            task_type=task_type,
            status="Running",
            start_time=utcnow(),
            tags=json.dumps(tags or {}),
            user_data=user_data,
            request=json.dumps(request),
            owner=_owner(),
        )
    return TaskRun(task_id, {})


def recover_tasks() -> int:
    """At start-up: purge old tasks and fail the Running ones whose process died; returns how many failed."""
    now = utcnow()
    failed = 0
    with write(database):
        Task.delete().where(Task.start_time < now - RETENTION).execute()
        for task in Task.select().where(Task.status == "Running"):
            if _alive(task.owner):
                continue
            task.status, task.code, task.end_time = "Failed", "Interrupted", now
            task.message = "Tripfold stopped while this task ran; run it again to finish the work."
            task.save()
            failed += 1
    return failed


def task_to_dict(task: Task) -> dict[str, Any]:
    """The IMM shape of a task (SPEC §7); ``Result`` is the extension with counts."""
    return {
        "TaskId": task.task_id,
        "TaskType": task.task_type,
        "Status": task.status,
        "StartTime": rfc3339_utc(task.start_time),
        "EndTime": rfc3339_utc(task.end_time),
        "Progress": task.progress,
        "Code": task.code,
        "Message": task.message,
        "Tags": json.loads(task.tags or "{}"),
        "UserData": task.user_data,
        "TaskRequestDefinition": task.request,
        "Result": json.loads(task.result or "{}"),
    }


def get_task(task_id: str) -> dict[str, Any]:
    task = Task.get_or_none(Task.task_id == task_id)
    if task is None:
        raise ServiceError("ResourceNotFound", f"no task with TaskId {task_id}")
    return task_to_dict(task)


def list_tasks(
    task_type: str | None = None, status: str | None = None, tags: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """Tasks, newest first, filtered by type, status and tags (all ANDed)."""
    if task_type is not None and task_type not in TASK_TYPES:
        raise ServiceError(
            "InvalidArgument", f"TaskType must be one of {', '.join(TASK_TYPES)}, not {task_type!r}"
        )
    if status is not None and status not in STATUSES:
        raise ServiceError("InvalidArgument", f"Status must be one of {', '.join(STATUSES)}, not {status!r}")
    query = Task.select().order_by(Task.start_time.desc(), Task.id.desc())
    if task_type:
        query = query.where(Task.task_type == task_type)
    if status:
        query = query.where(Task.status == status)
    result = [task_to_dict(t) for t in query]
    for key, value in (tags or {}).items():
        result = [t for t in result if t["Tags"].get(key) == value]
    return result


def notify(task: dict[str, Any], path: str) -> dict[str, Any]:
    """Append the end-of-task message (SPEC §7) to ``path`` as one JSON line; returns the message."""
    message = {
        "id": str(uuid.uuid4()),
        "source": "tripfold",
        "type": f"tripfold:Task:{task['TaskType']}",
        "time": rfc3339_utc(utcnow()),
        "content": task,
    }
    with open(path, "a", encoding="utf-8") as file:
        file.write(json.dumps(message, ensure_ascii=False) + "\n")
    return message
