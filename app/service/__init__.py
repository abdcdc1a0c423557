"""The operations of Tripfold, shaped like their IMM twins; the command line and the window call only these.

:class:`Service` owns one open library and the place table.  Long operations take a progress callback
and a cancel token, and record a task.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.core.places import Places
from app.core.progress import CancelToken, ProgressCallback
from app.service import files, indexing, tasks
from app.service.indexing import IndexReport
from app.service.tasks import ServiceError
from app.store.library import LibraryError, open_library

__all__ = ["IndexReport", "LibraryError", "Service", "ServiceError", "default_library_path"]


def default_library_path() -> Path:
    """``TRIPFOLD_LIBRARY``, else ``library.db`` in the platform's user data folder (SPEC §1)."""
    import os

    env = os.environ.get("TRIPFOLD_LIBRARY")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("Tripfold", appauthor=False) / "library.db"


def default_cache_dir() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("Tripfold", appauthor=False)


class Service:
    """One library, opened once; safe to call from worker threads (peewee keeps a connection per thread)."""

    def __init__(self, library: Path | str | None = None, *, places: Places | None = None) -> None:
        self.library_path = Path(library) if library else default_library_path()
        self.db = open_library(self.library_path)
        self.places = places or Places(default_cache_dir())
        tasks.recover_tasks()

    def close(self) -> None:
        self.db.close()

    def index_sources(
        self,
        dirs: list[str],
        *,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
        tags: dict[str, str] | None = None,
        user_data: str = "",
    ) -> IndexReport:
        """Add ``dirs`` as sources and index them (FileIndexing)."""
        return indexing.index_sources(
            dirs, self.places, progress=progress, cancel=cancel, tags=tags, user_data=user_data
        )

    def list_files(self, status: str | None = None) -> list[dict[str, Any]]:
        return files.list_files(status)

    def get_task(self, task_id: str) -> dict[str, Any]:
        return tasks.get_task(task_id)
