"""Indexed files (``tripfold files``, the window's Activity)."""

from __future__ import annotations

from app.service.tasks import ServiceError
from app.store import files as file_rows
from app.store.files import FileRecord
from app.store.library import Library

FILE_STATUSES = ("ok", "no_time", "no_place", "error", "missing")


def list_files(lib: Library, status: str | None = None) -> list[FileRecord]:
    """Every indexed file in capture order, or those with ``status``."""
    if status is not None and status not in FILE_STATUSES:
        raise ServiceError(
            "InvalidArgument", f"Status must be one of {', '.join(FILE_STATUSES)}, not {status!r}"
        )
    return file_rows.list_files(lib, status)
