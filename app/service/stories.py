"""Stories (SPEC §8, IMM's CreateStory of type TravelMemory): a trip's highlights, stored and exported.

Creating one is a ``StoryCreation`` task: the cluster's photos are judged on small decodes (the slow
part, reported file by file and cancellable), the highlights are stored as the story, and each asked
format is exported into a new folder under the destination.  A story whose files span several cities
gets its route (:func:`route_stops`), which the web page draws under its header.
"""

from __future__ import annotations

import shutil
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core import exporters
from app.core.highlights import MAX_FILES_LIMIT, Candidate, Selection, judge, select
from app.core.progress import CancelToken, Progress, ProgressCallback
from app.service import tasks
from app.service.records import HighlightPreview, StoryInfo
from app.service.tasks import ServiceError, utcnow
from app.store import clusters as cluster_rows
from app.store import stories as story_rows
from app.store.files import FileRecord
from app.store.library import Library
from app.store.stories import StoryRecord
from app.store.tasks import TaskRecord

if TYPE_CHECKING:
    from app.core.route import RouteStop
    from app.service.trips import TripInfo

FORMATS = exporters.NAMES


def invalid(message: str) -> ServiceError:
    return ServiceError("InvalidArgument", message)


def check(min_files: int, max_files: int, formats: list[str]) -> None:
    if not 2 <= min_files <= MAX_FILES_LIMIT:
        raise invalid(f"MinFileCount must be from 2 to {MAX_FILES_LIMIT:,}, not {min_files}")
    if not 1 <= max_files <= MAX_FILES_LIMIT:
        raise invalid(f"MaxFileCount must be from 1 to {MAX_FILES_LIMIT:,}, not {max_files}")
    if min_files > max_files:
        raise invalid(f"MinFileCount ({min_files}) must not be greater than MaxFileCount ({max_files})")
    for fmt in formats:
        try:
            exporter = exporters.get(fmt)
        except ValueError as exc:
            raise invalid(str(exc)) from None
        if reason := exporter.unavailable():
            raise invalid(f"{exporter.label}: {reason}")


TRIP_PREFIX = "trip-"  # a trip's id; a cluster's is "location-date-cluster-…"


@dataclass(frozen=True)
class TripStory:
    """A trip as a story's source (SPEC §8 from §10): its files (estimated places too) and its record,
    whose caption, place, days and placed stops stand where a cluster's title, address and days stand."""

    trip: TripInfo
    members: list[FileRecord]

    @property
    def object_id(self) -> str:
        return self.trip.trip_id


def _trip(lib: Library, trip_id: str) -> TripStory:
    from app.service.trips import query_trips
    from app.store import trips as trip_rows

    rows, found = trip_rows.trip_rows(lib, trip_id), query_trips(lib, trip_id=trip_id)
    if not rows or not found:
        raise ServiceError("ResourceNotFound", f"no trip with TripId {trip_id}")
    return TripStory(found[0], trip_rows.trip_members(lib, rows[0]["id"]))


def _members(lib: Library, source: Any) -> list[FileRecord]:
    return source.members if isinstance(source, TripStory) else story_rows.cluster_members(lib, source.id)


def _cluster(lib: Library, cluster_id: str) -> Any:
    """The story's source: a cluster by its ObjectId, or a trip (:class:`TripStory`) by its TripId."""
    if cluster_id.startswith(TRIP_PREFIX):
        return _trip(lib, cluster_id)
    cluster = cluster_rows.cluster_row(lib, cluster_id)
    if cluster is None:
        raise ServiceError("ResourceNotFound", f"no cluster with ObjectId {cluster_id}")
    return cluster


def stop_days(first: date, last: date, language: str = "en") -> str:
    """A stop's days on the route map, without the year the page's header gives: 'Mar 3', 'Mar 3–5',
    'Mar 30 – Apr 2'; '3月3日', '3月3日–5日', '3月30日–4月2日'."""
    if language == "zh-Hans":
        start = f"{first.month}月{first.day}日"
        if first == last:
            return start
        return f"{start}–{last.day}日" if first.month == last.month else f"{start}–{last.month}月{last.day}日"
    if first == last:
        return f"{first:%b} {first.day}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first:%b} {first.day}–{last.day}"
    return f"{first:%b} {first.day} – {last:%b} {last.day}"


def route_stops(files: Sequence[FileRecord]) -> list[RouteStop]:
    """The route of a story's files: its cities in time order, each with its days and the median place
    of its files (:func:`app.core.route.stop_positions`).

    A city is a stop from the first to the last day of a run of its photos; a city with a single photo
    (a snapshot from the train, a suburb named apart) is no stop.  Fewer than two stops: no route."""
    from app.core.route import RouteStop, stop_positions

    dated = sorted(
        (f for f in files if f.capture_day is not None),
        key=lambda f: (f.produce_time or datetime.min, f.path),
    )
    key_of = {f.path: (f.country, f.province, f.city) for f in dated if f.city}
    counts = Counter(key_of.values())
    runs: list[tuple[tuple[str, str, str], date, date]] = []
    for f in dated:
        key = key_of.get(f.path)
        if key is None or counts[key] < 2 or f.capture_day is None:
            continue
        if runs and runs[-1][0] == key:
            runs[-1] = (key, runs[-1][1], f.capture_day)
        else:
            runs.append((key, f.capture_day, f.capture_day))
    if len(runs) < 2:
        return []
    positions = stop_positions(
        [(first, last) for _, first, last in runs],
        [
            (
                f.capture_day,
                f.lat if f.lat is not None else f.est_lat,
                f.lon if f.lat is not None else f.est_lon,
            )
            for f in dated
            if f.capture_day is not None
        ],
    )
    stops = [
        RouteStop(key[2], stop_days(first, last), place[0], place[1])
        for (key, first, last), place in zip(runs, positions, strict=True)
        if place is not None
    ]
    return stops if len(stops) >= 2 else []


def trip_route(trip: TripInfo, language: str = "en") -> list[RouteStop]:
    """A trip's route: its own stops in time order, each at the median place of its files (as the trip's
    page draws them, :func:`app.service.trips._placed_stops`); a stop none of whose files is placed is
    left out, and fewer than two placed stops make no route."""
    from app.core.route import RouteStop
    from app.service.localized import localized_address

    stops = []
    for stop in trip.stops:
        if stop.lat is not None and stop.lon is not None:
            names = localized_address(stop.address, language)
            name = names.city or names.province or names.country
            stops.append(
                RouteStop(name, stop_days(stop.first_day, stop.last_day, language), stop.lat, stop.lon)
            )
    return stops if len(stops) >= 2 else []


def _route(source: Any, members: Sequence[FileRecord], language: str = "en") -> list[RouteStop]:
    return trip_route(source.trip, language) if isinstance(source, TripStory) else route_stops(members)


def _title(source: Any, language: str = "en") -> str:
    """The default title: a trip's caption (its user's title, else the generated one), a cluster's title,
    else its place and month."""
    if isinstance(source, TripStory):
        from app.service.localized import localized_trip

        return localized_trip(source.trip, language).caption
    return str(source.title) or _default_name(source, language)


def _candidates(lib: Library, cluster: Any, members: list[FileRecord] | None = None) -> list[Candidate]:
    result = []
    for f in _members(lib, cluster) if members is None else members:
        taken = f.local_time or (
            f.utc_time + timedelta(minutes=f.local_offset_min or 0) if f.utc_time else datetime.min
        )
        pixels = (f.width or 0) * (f.height or 0)
        result.append(Candidate(f.id, f.path, f.kind, taken, pixels))
    return result


def create_story(
    lib: Library,
    cluster_id: str,
    dest: str | None = None,
    *,
    min_files: int = 5,
    max_files: int = 40,
    formats: list[str] | None = None,
    hardlink: bool = False,
    name: str = "",
    files: list[str] | None = None,
    cover: str | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    language: str = "en",
) -> TaskRecord:
    """Pick the highlights of a cluster or a trip (``cluster_id``: its ObjectId or its TripId; or take
    ``files``, paths the user chose among its files), store
    them as a story with ``cover`` (a path among them; default: the best photo) and export them; returns
    the task.  ``language`` ("en" or "zh-Hans"): the exports' place, dates and default title (SPEC §12).

    Whatever stops it (a cancel, Ctrl-C, a full disk, a failing exporter), the story is undone as a
    whole: its record and the folders this run finished are removed, and the task says why.
    """
    formats = formats or []
    check(min_files, max_files, formats)
    if formats and not dest:
        raise invalid("a destination folder is needed to export")
    destination = Path(dest).expanduser().absolute() if dest else None
    cluster = _cluster(lib, cluster_id)
    request = {"ObjectId": cluster_id, "MinFileCount": min_files, "MaxFileCount": max_files,
               "Formats": formats, "Destination": str(destination or "")}  # fmt: skip
    report = progress or (lambda p: None)
    made: list[Path] = []
    story_id = ""
    with tasks.running_task(lib, "StoryCreation", request) as run:
        run.cancel_message = "Cancelled; nothing was kept."
        try:
            members = _members(lib, cluster)
            if files is None:
                selection = select(_judged(lib, cluster, report, cancel, members), min_files, max_files)
            else:
                chosen = set(files)
                picked = [c for c in _judged(lib, cluster, report, cancel, members) if c.path in chosen]
                selection = Selection(sorted(picked, key=lambda c: c.taken))
            story_id, cover_id = _store(lib, cluster, selection.files, name, cover)
            run.result = {"StoryId": story_id, "FileCount": len(selection.files), "Exports": [],
                          "Message": selection.message}  # fmt: skip
            if selection.files and destination is not None:
                title = name or _title(cluster, language)
                cover_path = next((c.path for c in selection.files if c.file_id == cover_id), None)
                route = _route(cluster, members, language) if {"web", "reel"} & set(formats) else []
                for fmt in formats:
                    made.append(
                        _export(fmt, cluster, selection.files, destination, title, cover_path, hardlink,
                                report, cancel, route, language)
                    )  # fmt: skip
        except BaseException as exc:
            for folder in made:
                shutil.rmtree(folder, ignore_errors=True)
            if story_id:
                delete_story(lib, story_id)
            if isinstance(exc, OSError):
                raise ServiceError(
                    "ExportFailed", f"{exc.strerror or exc}: {exc.filename or ''}; nothing was kept"
                ) from exc
            if isinstance(exc, exporters.Unavailable):
                raise ServiceError("ExportFailed", f"{exc}; nothing was kept") from exc
            raise
        run.result["Exports"] = [
            {"Format": fmt, "URI": folder.as_uri()} for fmt, folder in zip(formats, made, strict=False)
        ]
        run.finish("Succeeded", message=selection.message)
    return run.ended


def _export(
    fmt: str,
    cluster: Any,
    files: list[Candidate],
    dest: Path,
    title: str,
    cover: str | None,
    hardlink: bool,
    report: ProgressCallback,
    cancel: CancelToken | None,
    route: Sequence[RouteStop] = (),
    language: str = "en",
) -> Path:
    """Write one format through the exporter registry, into a new folder named after ``title``, with the
    trip's ``route`` for the formats that draw it."""
    from app.core.captions import date_range, place_caption
    from app.core.place_names import localize

    def step(done: int, total: int) -> None:
        if cancel is not None:
            cancel.check()
        report(Progress(fmt, done, total, title))

    if isinstance(cluster, TripStory):
        return exporters.get(fmt).write(
            [exporters.Item(c.path, c.kind, c.taken) for c in files], dest, title=title,
            place=trip_place(cluster.trip, language),
            dates=date_range(cluster.trip.first_day, cluster.trip.last_day, language),
            cover=cover, hardlink=hardlink, step=step, route=route, language=language,
        )  # fmt: skip
    names = localize(
        cluster.country, cluster.province, cluster.city, cluster.district, cluster.township, language
    )
    address = {"Country": names.country, "Province": names.province, "City": names.city,
               "District": names.district, "Township": names.township}  # fmt: skip
    return exporters.get(fmt).write(
        [exporters.Item(c.path, c.kind, c.taken) for c in files], dest, title=title,
        place=place_caption(address, cluster.level, language),
        dates=date_range(cluster.first_day, cluster.last_day, language),
        cover=cover, hardlink=hardlink, step=step, route=route, language=language,
    )  # fmt: skip


def _judged(
    lib: Library, cluster: Any, report: ProgressCallback, cancel: CancelToken | None,
    members: list[FileRecord] | None = None,
) -> list[Candidate]:  # fmt: skip
    candidates = _candidates(lib, cluster, members)
    for n, candidate in enumerate(candidates, 1):
        if cancel is not None:
            cancel.check()
        judge(candidate)
        report(Progress("judge", n, len(candidates), candidate.path))
    return candidates


def preview_highlights(
    lib: Library,
    cluster_id: str,
    *,
    min_files: int = 5,
    max_files: int = 40,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> HighlightPreview:
    """What a story would hold, before anything is stored: the chosen files among all candidates."""
    check(min_files, max_files, [])
    cluster = _cluster(lib, cluster_id)
    candidates = sorted(_judged(lib, cluster, progress or (lambda p: None), cancel), key=lambda c: c.taken)
    selection = select(candidates, min_files, max_files)
    cover = _cover(selection.files)
    return HighlightPreview(
        candidates=[(c.path, c.kind) for c in candidates],
        chosen=[c.path for c in selection.files],
        cover_path=next((c.path for c in selection.files if c.file_id == cover), None),
        message=selection.message,
    )


def trip_place(trip: TripInfo, language: str = "en") -> str:
    """A trip's place under its story's title: the place all its stops share at its level, with its wider
    context ('Kyoto · Kyoto, Japan', 'Japan'), else its countries ('France, Italy & Spain')."""
    from app.core.captions import countries_text, place_caption
    from app.service.localized import localized_trip

    shown = localized_trip(trip, language)
    place = shown.place
    level = "city" if place.city else "province" if place.province else "country"
    if not place.country:
        return countries_text(shown.countries, language)
    address = {"Country": place.country, "Province": place.province, "City": place.city}
    return place_caption(address, level, language)


def _default_name(cluster: Any, language: str = "en") -> str:
    """'Kyoto, April 2024': the place at the cluster's level and the month it began; '京都，2024年4月'."""
    place = getattr(cluster, cluster.level) or cluster.country
    if language == "zh-Hans":
        from app.core.place_names import localize

        names = localize(cluster.country, cluster.province, cluster.city, cluster.district, cluster.township,
                         language)  # fmt: skip
        place = getattr(names, cluster.level) or names.country
        return f"{place}，{cluster.first_day.year}年{cluster.first_day.month}月"
    return f"{place}, {cluster.first_day:%B %Y}"


def _store(
    lib: Library, cluster: Any, files: list[Candidate], name: str, cover_path: str | None = None
) -> tuple[str, int | None]:
    """Store the story; returns its id and its cover (the user's choice, else the best photo)."""
    story_id = f"story-{uuid.uuid4()}"
    cover = next((c.file_id for c in files if c.path == cover_path), None) or _cover(files)
    story_rows.create(
        lib, story_id, name or _title(cluster), cluster.object_id, cover,
        [c.file_id for c in files], utcnow(),
    )  # fmt: skip
    return story_id, cover


def _cover(files: list[Candidate]) -> int | None:
    photos = [c for c in files if c.kind == "photo"] or files
    return max(photos, key=lambda c: c.score).file_id if photos else None


def _info(lib: Library, story: StoryRecord) -> StoryInfo:
    paths = story_rows.member_paths(lib, story.id)
    return StoryInfo(
        story_id=story.story_id, name=story.name, story_type=story.story_type,
        cluster_object_id=story.cluster_object_id,
        cover_path=paths.get(story.cover_id) if story.cover_id is not None else None,
        paths=list(paths.values()), created_at=story.created_at, updated_at=story.updated_at,
    )  # fmt: skip


def query_stories(lib: Library, cluster_id: str | None = None) -> list[StoryInfo]:
    return [_info(lib, s) for s in story_rows.query(lib, cluster_id)]


def update_story(
    lib: Library, story_id: str, *, name: str | None = None, cover: str | None = None
) -> StoryInfo:
    """Rename a story or change its cover (a path among its files)."""
    story = story_rows.get(lib, story_id)
    if story is None:
        raise ServiceError("ResourceNotFound", f"no story with ObjectId {story_id}")
    cover_id = None
    if cover is not None:
        members = {path: file_id for file_id, path in story_rows.member_paths(lib, story.id).items()}
        if cover not in members:
            raise invalid("the cover must be one of the story's files")
        cover_id = members[cover]
    story_rows.update(lib, story_id, utcnow(), name=name, cover_id=cover_id)
    updated = story_rows.get(lib, story_id)
    assert updated is not None
    return _info(lib, updated)


def delete_story(lib: Library, story_id: str) -> None:
    """Forget a story (its exported folders and the photos stay)."""
    story_rows.delete(lib, story_id)
