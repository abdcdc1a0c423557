"""The window's jobs: what runs on a pool thread, as plain functions of the service and plain values.

Each takes everything it needs as arguments — the window reads its widgets on the GUI thread before
it makes the job — so none of them can touch a widget. They return the service's records, gathered
in the small frozen records below, for the window to show.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.progress import CancelToken, ProgressCallback
from app.service import ClusterOptions, ClusterQuery, IndexReport, Service
from app.service.records import ClusterInfo, FileRecord, SourceRecord, TaskRecord


@dataclass(frozen=True)
class LibraryView:
    """What the timeline and the folder list show."""

    clusters: list[ClusterInfo]
    sources: list[SourceRecord]


@dataclass(frozen=True)
class Update:
    """What an update did (each part None when it did not run), and the library after it."""

    view: LibraryView
    indexed: IndexReport | None = None
    clustered: TaskRecord | None = None
    cancelled: bool = False


def library_view(service: Service) -> LibraryView:
    return LibraryView(service.all_location_date_clusters(), service.list_sources())


def index_and_cluster(
    service: Service,
    folders: list[str],
    options: ClusterOptions | None,
    *,
    progress: ProgressCallback,
    cancel: CancelToken,
) -> Update:
    """Index ``folders``, then fold the library into trips with ``options`` (None: leave the trips)."""
    report = service.index_sources(folders, progress=progress, cancel=cancel)
    if report.cancelled or options is None:
        return Update(library_view(service), indexed=report, cancelled=report.cancelled)
    task = service.create_location_date_clustering_task(options, progress=progress, cancel=cancel)
    return Update(library_view(service), report, task, cancelled=task.status == "Cancelled")


def samples_and_cluster(
    service: Service, options: ClusterOptions | None, *, progress: ProgressCallback, cancel: CancelToken
) -> Update:
    folder = service.write_sample_photos(progress=progress, cancel=cancel)
    return index_and_cluster(service, [str(folder)], options, progress=progress, cancel=cancel)


def remove_and_cluster(
    service: Service,
    path: str,
    options: ClusterOptions | None,
    *,
    progress: ProgressCallback,
    cancel: CancelToken,
) -> Update:
    service.remove_source(path)
    options = options or service.clustering_options()
    task = service.create_location_date_clustering_task(options, progress=progress, cancel=cancel)
    return Update(library_view(service), clustered=task, cancelled=task.status == "Cancelled")


def open_cluster(service: Service, object_id: str) -> ClusterInfo | None:
    """The trip with its files, or None when it is gone (deleted, or re-folded by an update)."""
    page = service.query_location_date_clusters(
        ClusterQuery(object_id=object_id, with_files=True, max_results=1)
    )
    return page.clusters[0] if page.clusters else None


def activity(service: Service) -> tuple[list[TaskRecord], list[FileRecord]]:
    return service.list_tasks(), service.list_files("error")
