"""The folders a library indexes, and what it holds: for the window's sidebar and summary."""

from __future__ import annotations

from typing import Any

from app.service.tasks import rfc3339_utc
from app.store import files as file_rows
from app.store.library import Library


def list_sources(lib: Library) -> list[dict[str, Any]]:
    return [
        {"Path": s.path, "FileCount": s.file_count, "LastIndexedTime": rfc3339_utc(s.last_indexed_at)}
        for s in file_rows.list_sources(lib)
    ]


def remove_source(lib: Library, path: str) -> int:
    """Forget a folder and its files (never touching them on disk); returns how many files were forgotten."""
    return file_rows.remove_source(lib, path)


def library_summary(lib: Library) -> dict[str, int]:
    """Files by status (ok, no_place, no_time, error, missing)."""
    return file_rows.files_by_status(lib)
