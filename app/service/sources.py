"""The folders a library indexes, and what it holds: for the window's sidebar and summary."""

from __future__ import annotations

import os

from app.store import files as file_rows
from app.store.files import SourceRecord
from app.store.library import Library


def list_sources(lib: Library) -> list[SourceRecord]:
    return file_rows.list_sources(lib)


def remove_source(lib: Library, path: str) -> int:
    """Forget a folder and its files (never touching them on disk); returns how many files were forgotten."""
    return file_rows.remove_source(lib, path)


def add_mount(lib: Library, source: str, folder: str) -> tuple[str, str]:
    """This machine sees the source known as ``source`` at ``folder`` from now on (SPEC §13): the path another
    machine sees it at, the path it was added with, or where it was on this machine before it moved.  Its
    files keep their clusters, trips and edits, and the next index reads none of them again unless it
    changed.  Returns (where it was seen here before, the folder now)."""
    from app.service.indexing import check_roots
    from app.service.tasks import ServiceError

    (root,) = check_roots([folder])
    named = os.path.normpath(os.path.expanduser(source))
    try:
        before = file_rows.add_mount(lib, named, root)
    except LookupError as exc:
        raise ServiceError("ResourceNotFound", str(exc)) from exc
    except ValueError as exc:
        raise ServiceError("InvalidArgument", str(exc)) from exc
    return before, root


def library_summary(lib: Library) -> dict[str, int]:
    """Files by status (ok, no_place, no_time, error, missing)."""
    return file_rows.files_by_status(lib)
