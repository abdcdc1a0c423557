"""The operations of Tripfold, shaped like their IMM twins; the command line and the window call only these.

:class:`Service` owns one open library and the place table.  Long operations take a progress callback
and a cancel token, and record a task.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.places import Places
from app.core.progress import CancelToken, ProgressCallback
from app.service import files, indexing, sources, tasks
from app.service.indexing import IndexReport
from app.service.records import (
    ClusterInfo,
    ClusterPage,
    FileRecord,
    HighlightPreview,
    SourceRecord,
    StoryInfo,
    TaskRecord,
)
from app.service.tasks import ServiceError
from app.store.library import Library, LibraryError, is_url

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date

    from app.core.clustering import LEVELS, MAX_DAYS_LIMIT, ClusterOptions, OptionError
    from app.core.trips import TripOptions
    from app.service.clusters import ClusterQuery
    from app.service.map import PlacedFiles
    from app.service.records import Address
    from app.service.trips import HomeInfo, TripInfo
    from app.store.library_copy import CopyReport

__all__ = [
    "LEVELS", "MAX_DAYS_LIMIT", "ClusterOptions", "ClusterQuery", "IndexReport", "LibraryError",
    "OptionError", "Service", "ServiceError", "default_library_path",
]  # fmt: skip


def __getattr__(name: str) -> Any:
    """The cluster types, imported on first use: ``tripfold index`` never needs them."""
    if name in ("ClusterOptions", "OptionError", "LEVELS", "MAX_DAYS_LIMIT"):
        from app.core import clustering

        return getattr(clustering, name)
    if name == "ClusterQuery":
        from app.service.clusters import ClusterQuery

        return ClusterQuery
    raise AttributeError(name)


def default_library_path() -> Path:
    """``TRIPFOLD_LIBRARY``, else ``library.db`` in the platform's user data folder (SPEC §1)."""
    import os

    env = os.environ.get("TRIPFOLD_LIBRARY")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("Tripfold", appauthor=False) / "library.db"


def default_library_location() -> Path | str:
    """``TRIPFOLD_DB_URL`` (a shared library on a PostgreSQL server), else :func:`default_library_path`."""
    import os

    return os.environ.get("TRIPFOLD_DB_URL") or default_library_path()


def default_cache_dir() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("Tripfold", appauthor=False)


class Service:
    """One library, opened once; safe to call from worker threads (peewee keeps a connection per thread).

    Each Service owns its :class:`Library`: two services on two files never see each other's rows.
    """

    def __init__(self, library: Path | str | None = None, *, places: Places | None = None) -> None:
        location = library or default_library_location()
        # a file, or a postgresql:// URL of a library shared by several machines (SPEC §13)
        self.library_path: Path | str = location if is_url(location) else Path(location)
        self.lib = Library(self.library_path)
        self.places = places or Places(default_cache_dir())
        tasks.recover_tasks(self.lib)

    @property
    def read_only(self) -> bool:
        """The library may only be read: lists and queries work, changes are refused with a reason."""
        return self.lib.read_only

    @property
    def name(self) -> str:
        """The library as a person names it: its file, or its PostgreSQL URL without a password."""
        return self.lib.name

    def copy_library(
        self, target: str, progress: Callable[[str, int, int], None] | None = None
    ) -> CopyReport:
        """The whole library copied to ``target``, a new file or an empty PostgreSQL database, ids and
        all (:func:`app.store.library_copy.copy_library`, which raises ``CopyRefused`` with the reason)."""
        from app.store.library_copy import copy_library

        return copy_library(self.lib, target, progress)

    def close(self) -> None:
        self.lib.close()

    def close_connection(self) -> None:
        """Close the calling thread's connection to the library (a worker thread calls it when done)."""
        self.lib.close()

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
            self.lib, dirs, self.places, progress=progress, cancel=cancel, tags=tags, user_data=user_data
        )

    def list_sources(self) -> list[SourceRecord]:
        return sources.list_sources(self.lib)

    def remove_source(self, path: str) -> int:
        """Forget a folder and its files; the files on disk are never touched."""
        return sources.remove_source(self.lib, path)

    def add_mount(self, source: str, folder: str) -> tuple[str, str]:
        """``folder`` is, on this machine, the source known as ``source`` (SPEC §13)."""
        return sources.add_mount(self.lib, source, folder)

    def library_summary(self) -> dict[str, int]:
        return sources.library_summary(self.lib)

    def write_sample_photos(
        self,
        folder: Path | None = None,
        *,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> Path:
        """Draw the sample trips into ``folder`` (default: "Sample Photos" in the user data folder)."""
        from app.core.demo import write_demo
        from app.core.progress import Progress

        folder = folder or default_library_path().parent / "Sample Photos"

        def tell(done: int, total: int) -> None:
            if cancel is not None:
                cancel.check()
            if progress is not None:
                progress(Progress("sample", done, total, "drawing sample photos"))

        write_demo(folder, tell)
        return folder

    def list_files(self, status: str | None = None) -> list[FileRecord]:
        return files.list_files(self.lib, status)

    def placed_files(self) -> PlacedFiles:
        """Every file with a place and its trips, as arrays (the library map)."""
        from app.service import map as placed

        return placed.placed_files(self.lib)

    def get_task(self, task_id: str) -> TaskRecord:
        return tasks.get_task(self.lib, task_id)

    def list_tasks(
        self, task_type: str | None = None, status: str | None = None, tags: dict[str, str] | None = None
    ) -> list[TaskRecord]:
        return tasks.list_tasks(self.lib, task_type, status, tags)

    # -- clusters --------------------------------------------------------------------------------------
    def clustering_options(self) -> ClusterOptions:
        """The options of the last run, else the defaults (SPEC §3)."""
        from app.service import clusters

        return clusters.saved_options(self.lib)

    def create_location_date_clustering_task(
        self,
        options: ClusterOptions,
        *,
        trip_options: TripOptions | None = None,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
        tags: dict[str, str] | None = None,
        user_data: str = "",
        notify_file: str | None = None,
    ) -> TaskRecord:
        """Fold the library into clusters (LocationDateClustering); returns the finished task."""
        from app.service import clusters

        return clusters.create_location_date_clustering_task(
            self.lib,
            options,
            trip_options=trip_options,
            places=self.places,
            progress=progress,
            cancel=cancel,
            tags=tags,
            user_data=user_data,
            notify_file=notify_file,
        )

    def query_location_date_clusters(self, query: ClusterQuery | None = None) -> ClusterPage:
        from app.service import clusters

        return clusters.query_location_date_clusters(self.lib, query or clusters.ClusterQuery())

    def all_location_date_clusters(self) -> list[ClusterInfo]:
        """Every cluster, in start order (the window's timeline), in one query."""
        from app.service import clusters

        return clusters.all_location_date_clusters(self.lib)

    def update_location_date_cluster(
        self,
        object_id: str,
        *,
        title: str | None = None,
        custom_id: str | None = None,
        custom_labels: dict[str, str] | None = None,
    ) -> ClusterInfo:
        from app.service import clusters

        return clusters.update_location_date_cluster(
            self.lib, object_id, title=title, custom_id=custom_id, custom_labels=custom_labels
        )

    def named_clusters_dropped_by(self, options: ClusterOptions) -> int:
        """How many clusters with the user's title or labels a run with ``options`` would remove because
        their level is no longer asked for: the window asks before it does that (IMM's rule removes them)."""
        from app.store import clusters

        return clusters.named_outside(self.lib, options.levels)

    def delete_location_date_cluster(self, object_id: str) -> None:
        from app.service import clusters

        clusters.delete_location_date_cluster(self.lib, object_id)

    # -- stories ---------------------------------------------------------------------------------------
    def create_story(self, cluster_id: str, dest: str | None = None, **options: Any) -> TaskRecord:
        """Pick a trip's highlights, store them as a story and export them (StoryCreation task)."""
        from app.service import stories

        return stories.create_story(self.lib, cluster_id, dest, **options)

    def preview_highlights(self, cluster_id: str, **options: Any) -> HighlightPreview:
        """The highlights a story would hold, among all the trip's files, before anything is written."""
        from app.service import stories

        return stories.preview_highlights(self.lib, cluster_id, **options)

    def query_stories(self, cluster_id: str | None = None) -> list[StoryInfo]:
        from app.service import stories

        return stories.query_stories(self.lib, cluster_id)

    def update_story(self, story_id: str, *, name: str | None = None, cover: str | None = None) -> StoryInfo:
        from app.service import stories

        return stories.update_story(self.lib, story_id, name=name, cover=cover)

    def delete_story(self, story_id: str) -> None:
        from app.service import stories

        stories.delete_story(self.lib, story_id)

    def restore_deleted_clusters(self) -> int:
        from app.service import clusters

        return clusters.restore_deleted_clusters(self.lib)

    # -- trips and homes (SPEC §10) ---------------------------------------------------------------------
    def trip_options(self) -> TripOptions:
        """The trip options of the last run, else the defaults."""
        from app.service import trips

        return trips.saved_options(self.lib)

    def query_trips(
        self, *, trip_id: str | None = None, year: int | None = None, text: str | None = None,
        with_files: bool = False,
    ) -> list[TripInfo]:  # fmt: skip
        from app.service import trips

        return trips.query_trips(self.lib, trip_id=trip_id, year=year, text=text, with_files=with_files)

    def update_trip(
        self, trip_id: str, *, title: str | None = None, custom_labels: dict[str, str] | None = None
    ) -> TripInfo:
        from app.service import trips

        return trips.update_trip(self.lib, trip_id, title=title, custom_labels=custom_labels)

    def delete_trip(self, trip_id: str) -> None:
        from app.service import trips

        trips.delete_trip(self.lib, trip_id)

    def restore_trips(self) -> int:
        from app.service import trips

        return trips.restore_trips(self.lib)

    def merge_trips(self, trip_ids: list[str]) -> TripInfo:
        from app.service import trips

        return trips.merge_trips(self.lib, trip_ids)

    def split_trip(self, trip_id: str, day: date) -> list[TripInfo]:
        from app.service import trips

        return trips.split_trip(self.lib, trip_id, day)

    def list_homes(self) -> list[HomeInfo]:
        from app.service import trips

        return trips.list_homes(self.lib)

    def add_home(self, **home: Any) -> HomeInfo:
        """A city (``city=Address``) or a position (``lat``, ``lon``, ``radius_km``), optionally with
        ``first_day`` and ``last_day``."""
        from app.service import trips

        return trips.add_home(self.lib, **home)

    def remove_home(self, home_id: str) -> HomeInfo:
        from app.service import trips

        return trips.remove_home(self.lib, home_id)

    def reject_estimates(self, paths: list[str], rejected: bool = True) -> int:
        from app.service import trips

        return trips.reject_estimates(self.lib, paths, rejected)

    def city_address(self, name: str) -> Address | None:
        """The city called ``name`` among the library's photos ('Kyoto', 'Portland, Oregon'), or None."""
        from app.service import trips

        return trips.find_city(self.lib, name)
