"""The folders a library indexes, and what it holds: for the window's sidebar and summary."""

from __future__ import annotations

from app.store import files as file_rows
from app.store.files import SourceRecord
from app.store.library import Library


def list_sources(lib: Library) -> list[SourceRecord]:
    return file_rows.list_sources(lib)


def remove_source(lib: Library, path: str) -> int:
    """Forget a folder and its files (never touching them on disk); returns how many files were forgotten."""
    return file_rows.remove_source(lib, path)


def library_summary(lib: Library) -> dict[str, int]:
    """Files by status (ok, no_place, no_time, error, missing)."""
    return file_rows.files_by_status(lib)
