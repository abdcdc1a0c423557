"""The window's jobs: what runs on a pool thread, as plain functions of the service and plain values.

Each takes everything it needs as arguments — the window reads its widgets on the GUI thread before
it makes the job — so none of them can touch a widget. They return plain dicts for the window to show.
"""

from __future__ import annotations

from typing import Any

from app.core.progress import CancelToken, ProgressCallback
from app.service import ClusterOptions, ClusterQuery, Service


def library_view(service: Service) -> dict[str, Any]:
    """What the timeline and the folder list show."""
    return {"clusters": service.all_location_date_clusters(), "sources": service.list_sources()}


def index_and_cluster(
    service: Service,
    folders: list[str],
    options: ClusterOptions | None,
    *,
    progress: ProgressCallback,
    cancel: CancelToken,
) -> dict[str, Any]:
    """Index ``folders``, then fold the library into trips with ``options`` (None: leave the trips)."""
    report = service.index_sources(folders, progress=progress, cancel=cancel)
    summary: dict[str, Any] = {"indexed": report.result(), "cancelled": report.cancelled}
    if not report.cancelled and options is not None:
        task = service.create_location_date_clustering_task(options, progress=progress, cancel=cancel)
        summary["clustered"] = task
        summary["cancelled"] = task["Status"] == "Cancelled"
    return {**summary, **library_view(service)}


def samples_and_cluster(
    service: Service, options: ClusterOptions | None, *, progress: ProgressCallback, cancel: CancelToken
) -> dict[str, Any]:
    folder = service.write_sample_photos(progress=progress, cancel=cancel)
    return index_and_cluster(service, [str(folder)], options, progress=progress, cancel=cancel)


def remove_and_cluster(
    service: Service,
    path: str,
    options: ClusterOptions | None,
    *,
    progress: ProgressCallback,
    cancel: CancelToken,
) -> dict[str, Any]:
    service.remove_source(path)
    options = options or service.clustering_options()
    task = service.create_location_date_clustering_task(options, progress=progress, cancel=cancel)
    return {"clustered": task, "cancelled": task["Status"] == "Cancelled", **library_view(service)}


def open_cluster(service: Service, object_id: str) -> list[dict[str, Any]]:
    page = service.query_location_date_clusters(
        ClusterQuery(object_id=object_id, with_files=True, max_results=1)
    )
    clusters: list[dict[str, Any]] = page["LocationDateClusters"]
    return clusters


def activity(service: Service) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    return service.list_tasks(), service.list_files("error")
