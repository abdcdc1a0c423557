"""The window's jobs: what runs on a pool thread, as plain functions of the service and plain values.

Each takes everything it needs as arguments — the window reads its widgets on the GUI thread before
it makes the job — so none of them can touch a widget. They return the service's records, gathered
in the small frozen records below, for the window to show.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date

from app.core.progress import CancelToken, ProgressCallback
from app.core.trips import TripOptions
from app.service import ClusterOptions, ClusterQuery, IndexReport, Service
from app.service.localized import localized_cluster, localized_home, localized_trip
from app.service.records import ClusterInfo, FileRecord, SourceRecord, TaskRecord
from app.service.trips import HomeInfo, TripInfo
from app.ui.i18n import display_language


@dataclass(frozen=True)
class LibraryView:
    """What the timeline (trips and places) and the folder list show.

    ``not_in_trips`` is the last clustering run's count of files in no trip, by reason (``NoPlace``,
    ``NoTime``, ...), so the window can say what it left out even right after it starts.
    """

    clusters: list[ClusterInfo] | None  # None: not read with this view (the places come after the trips)
    sources: list[SourceRecord]
    trips: list[TripInfo] = field(default_factory=list)
    not_in_trips: dict[str, int] = field(default_factory=dict)
    unreachable: frozenset[str] = frozenset()  # sources this computer cannot see now


@dataclass(frozen=True)
class Update:
    """What an update did (each part None when it did not run), and the library after it."""

    view: LibraryView
    indexed: IndexReport | None = None
    clustered: TaskRecord | None = None
    cancelled: bool = False


def last_not_in_trips(service: Service) -> dict[str, int]:
    """FilesNotInTrips of the newest clustering run that finished, else nothing."""
    for task in service.list_tasks("LocationDateClustering", "Succeeded"):
        counts = task.result.get("FilesNotInTrips")
        return {str(k): int(v) for k, v in counts.items()} if isinstance(counts, dict) else {}
    return {}


def places(service: Service) -> list[ClusterInfo]:
    """Every place visit (IMM's clusters) with its names in the window's display language."""
    language = display_language()
    return [localized_cluster(c, language) for c in service.all_location_date_clusters()]


def library_view(service: Service, with_places: bool = True) -> LibraryView:
    """The library as the window shows it: place names and captions in its display language.  Without
    the places, for the first screen: they are most of the read (10,839 of them against 1,587 trips in a
    100,000-file library), and the trips are what the window opens on."""
    language = display_language()
    sources = service.list_sources()
    return LibraryView(
        places(service) if with_places else None,
        sources,
        [localized_trip(t, language) for t in service.query_trips()],
        last_not_in_trips(service),
        # here, not on the GUI thread: asking after an unplugged network share can block for seconds
        frozenset(s.path for s in sources if not os.path.isdir(s.path)),
    )


def index_and_cluster(
    service: Service,
    folders: list[str],
    options: ClusterOptions | None,
    *,
    trip_options: TripOptions | None = None,
    progress: ProgressCallback,
    cancel: CancelToken,
) -> Update:
    """Index ``folders``, then fold the library into trips with ``options`` (None: leave the trips)."""
    report = service.index_sources(folders, progress=progress, cancel=cancel)
    if report.cancelled or options is None:
        return Update(library_view(service), indexed=report, cancelled=report.cancelled)
    task = service.create_location_date_clustering_task(
        options, trip_options=trip_options, progress=progress, cancel=cancel
    )
    return Update(library_view(service), report, task, cancelled=task.status == "Cancelled")


def samples_and_cluster(
    service: Service,
    options: ClusterOptions | None,
    *,
    trip_options: TripOptions | None = None,
    progress: ProgressCallback,
    cancel: CancelToken,
) -> Update:
    folder = service.write_sample_photos(progress=progress, cancel=cancel)
    return index_and_cluster(
        service, [str(folder)], options, trip_options=trip_options, progress=progress, cancel=cancel
    )


def regroup(
    service: Service,
    options: ClusterOptions,
    *,
    trip_options: TripOptions | None = None,
    progress: ProgressCallback,
    cancel: CancelToken,
) -> Update:
    """Fold the library again with new rules, reading no folder again."""
    task = service.create_location_date_clustering_task(
        options, trip_options=trip_options, progress=progress, cancel=cancel
    )
    return Update(library_view(service), clustered=task, cancelled=task.status == "Cancelled")


def remove_and_cluster(
    service: Service,
    path: str,
    options: ClusterOptions | None,
    *,
    trip_options: TripOptions | None = None,
    progress: ProgressCallback,
    cancel: CancelToken,
) -> Update:
    service.remove_source(path)
    options = options or service.clustering_options()
    task = service.create_location_date_clustering_task(
        options, trip_options=trip_options, progress=progress, cancel=cancel
    )
    return Update(library_view(service), clustered=task, cancelled=task.status == "Cancelled")


def locate_source(service: Service, source: str, folder: str) -> LibraryView:
    """The source known as ``source`` is at ``folder`` on this computer from now on."""
    service.add_mount(source, folder)
    return library_view(service)


def open_cluster(service: Service, object_id: str) -> ClusterInfo | None:
    """The cluster with its files, or None when it is gone (deleted, or re-folded by an update)."""
    page = service.query_location_date_clusters(
        ClusterQuery(object_id=object_id, with_files=True, max_results=1)
    )
    return localized_cluster(page.clusters[0], display_language()) if page.clusters else None


def open_trip(service: Service, trip_id: str) -> TripInfo | None:
    """The trip with its files, or None when it is gone (deleted, merged away, or re-folded)."""
    found = service.query_trips(trip_id=trip_id, with_files=True)
    return localized_trip(found[0], display_language()) if found else None


def trips_view(service: Service) -> LibraryView:
    """The library after a change to trips by hand, which leaves the places (IMM's clusters) as they were:
    reading them again took half a second of a 100,000-file library per rename."""
    return library_view(service, with_places=False)


@dataclass(frozen=True)
class TripChange:
    """A change to trips made by hand, the library after it, and the trip to show (None: the timeline)."""

    view: LibraryView
    shown: TripInfo | None = None
    restored: int = 0


def rename_trip(service: Service, trip_id: str, title: str, labels: dict[str, str]) -> TripChange:
    service.update_trip(trip_id, title=title, custom_labels=labels)
    return TripChange(trips_view(service), open_trip(service, trip_id))


def delete_trip(service: Service, trip_id: str) -> TripChange:
    service.delete_trip(trip_id)
    return TripChange(trips_view(service))


def restore_trips(service: Service) -> TripChange:
    restored = service.restore_trips()
    return TripChange(trips_view(service), restored=restored)


def merge_trips(service: Service, trip_ids: list[str]) -> TripChange:
    merged = service.merge_trips(trip_ids)
    return TripChange(trips_view(service), open_trip(service, merged.trip_id))


def split_trip(service: Service, trip_id: str, day: date) -> TripChange:
    service.split_trip(trip_id, day)
    return TripChange(trips_view(service), open_trip(service, trip_id))


def reject_estimates(service: Service, trip_id: str, paths: list[str]) -> TripChange:
    """Refuse the estimated place of ``paths``; the trip is shown again, without them if they left it."""
    service.reject_estimates(paths)
    return TripChange(library_view(service), open_trip(service, trip_id))


def homes(service: Service) -> list[HomeInfo]:
    language = display_language()
    return [localized_home(h, language) for h in service.list_homes()]


@dataclass(frozen=True)
class HomeRequest:
    """A home as the dialog asks for it: a city name, or a position with a radius; optional dates."""

    city: str = ""
    lat: float | None = None
    lon: float | None = None
    radius_km: float | None = None
    first_day: date | None = None
    last_day: date | None = None


@dataclass(frozen=True)
class HomesChange:
    """The homes and the library after a change; ``unknown_city`` names a city no photo was taken in."""

    homes: list[HomeInfo]
    view: LibraryView
    unknown_city: str = ""


def add_home(service: Service, request: HomeRequest) -> HomesChange:
    """Add the home (a city is looked up among the library's photos first), then the homes and trips."""
    dates = {"first_day": request.first_day, "last_day": request.last_day}
    if request.city:
        address = service.city_address(request.city)
        if address is None:
            return HomesChange(homes(service), library_view(service), unknown_city=request.city)
        service.add_home(city=address, **dates)
    else:
        service.add_home(lat=request.lat, lon=request.lon, radius_km=request.radius_km, **dates)
    return HomesChange(homes(service), library_view(service))


def remove_home(service: Service, home_id: str) -> HomesChange:
    service.remove_home(home_id)
    return HomesChange(homes(service), library_view(service))


def activity(service: Service) -> tuple[list[TaskRecord], list[FileRecord]]:
    return service.list_tasks(), service.list_files("error")


def files_in_no_trip(service: Service) -> tuple[list[TaskRecord], list[FileRecord], list[FileRecord]]:
    """Activity opened on the files no trip can hold: without a place (read or estimated), or a time."""
    placeless = [f for f in service.list_files("no_place") if not f.estimated]
    return service.list_tasks(), service.list_files("error"), placeless + service.list_files("no_time")
