"""Task rows (SPEC §7): created Running, updated with progress, closed with a status and a result."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.store.library import Library
from app.store.models import Task


@dataclass(frozen=True)
class TaskRecord:
    task_id: str
    task_type: str
    status: str
    progress: int
    start_time: datetime
    end_time: datetime | None
    code: str
    message: str
    tags: dict[str, str]
    user_data: str
    request: str
    result: dict[str, Any]
    owner: str


def _record(row: dict[str, Any]) -> TaskRecord:
    return TaskRecord(
        task_id=row["task_id"], task_type=row["task_type"], status=row["status"], progress=row["progress"],
        start_time=row["start_time"], end_time=row["end_time"], code=row["code"], message=row["message"],
        tags=json.loads(row["tags"] or "{}"), user_data=row["user_data"], request=row["request"],
        result=json.loads(row["result"] or "{}"), owner=row["owner"],
    )  # fmt: skip


def create(lib: Library, task_id: str, task_type: str, now: datetime, *, tags: dict[str, str],
           user_data: str, request: dict[str, Any], owner: str) -> None:  # fmt: skip
    with lib.write():
        Task.insert(
            task_id=task_id, task_type=task_type, status="Running", start_time=now, tags=json.dumps(tags),
            user_data=user_data, request=json.dumps(request), owner=owner,
        ).execute(lib.db)  # fmt: skip


def set_progress(lib: Library, task_id: str, percent: int) -> None:
    with lib.write():
        Task.update(progress=max(0, min(100, percent))).where(Task.task_id == task_id).execute(lib.db)


def finish(lib: Library, task_id: str, status: str, now: datetime, *, code: str, message: str,
           result: dict[str, Any]) -> None:  # fmt: skip
    with lib.write():
        Task.update(
            status=status, end_time=now, progress=100 if status == "Succeeded" else Task.progress, code=code,
            message=message, result=json.dumps(result),
        ).where(Task.task_id == task_id).execute(lib.db)  # fmt: skip


def running(lib: Library) -> list[TaskRecord]:
    return [_record(r) for r in Task.select().where(Task.status == "Running").dicts().execute(lib.db)]


def purge_before(lib: Library, moment: datetime) -> int:
    with lib.write():
        return int(Task.delete().where(Task.start_time < moment).execute(lib.db))


def mark_interrupted(lib: Library, task_ids: list[str], now: datetime, message: str) -> None:
    with lib.write():
        Task.update(status="Failed", code="Interrupted", end_time=now, message=message).where(
            Task.task_id.in_(task_ids) & (Task.status == "Running")
        ).execute(lib.db)


def get(lib: Library, task_id: str) -> TaskRecord | None:
    rows = Task.select().where(Task.task_id == task_id).dicts().execute(lib.db)
    return _record(rows[0]) if rows else None


def query(lib: Library, task_type: str | None = None, status: str | None = None) -> list[TaskRecord]:
    """Tasks, newest first."""
    q = Task.select().order_by(Task.start_time.desc(), Task.id.desc())
    if task_type:
        q = q.where(Task.task_type == task_type)
    if status:
        q = q.where(Task.status == status)
    return [_record(r) for r in q.dicts().execute(lib.db)]
