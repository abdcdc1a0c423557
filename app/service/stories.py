"""Stories (SPEC §8, IMM's CreateStory of type TravelMemory): a trip's highlights, stored and exported.

Creating one is a ``StoryCreation`` task: the cluster's photos are judged on small decodes (the slow
part, reported file by file and cancellable), the highlights are stored as the story, and each asked
format is exported into a new folder under the destination.
"""

from __future__ import annotations

import shutil
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from app.core.albums import safe_name, write_album
from app.core.highlights import MAX_FILES_LIMIT, Candidate, Selection, judge, select
from app.core.progress import Cancelled, CancelToken, Progress, ProgressCallback
from app.service import tasks
from app.service.files import file_uri
from app.service.tasks import ServiceError, rfc3339_utc, utcnow
from app.store.library import write
from app.store.models import Cluster, ClusterFile, MediaFile, Story, StoryFile, database

FORMATS = ("album", "web", "reel")


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
        if fmt not in FORMATS:
            raise invalid(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")


def _candidates(cluster: Cluster) -> list[Candidate]:
    query = (
        MediaFile.select()
        .join(ClusterFile, on=(ClusterFile.file_id == MediaFile.id))
        .where(ClusterFile.cluster_id == cluster.id)
    )
    result = []
    for f in query:
        taken = f.local_time or (
            f.utc_time + timedelta(minutes=f.local_offset_min or 0) if f.utc_time else datetime.min
        )
        pixels = (f.width or 0) * (f.height or 0)
        result.append(Candidate(f.id, f.path, f.kind, taken, pixels))
    return result


def create_story(
    cluster_id: str,
    dest: str | None = None,
    *,
    min_files: int = 5,
    max_files: int = 40,
    formats: list[str] | None = None,
    hardlink: bool = False,
    name: str = "",
    files: list[str] | None = None,
    cover_uri: str | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> dict[str, Any]:
    """Pick the highlights of a cluster (or take ``files``, URIs the user chose among its files), store
    them as a story and export them; returns the task."""
    formats = formats or []
    check(min_files, max_files, formats)
    if formats and not dest:
        raise invalid("a destination folder is needed to export")
    cluster = Cluster.get_or_none(Cluster.object_id == cluster_id)
    if cluster is None:
        raise ServiceError("ResourceNotFound", f"no cluster with ObjectId {cluster_id}")
    request = {"ObjectId": cluster_id, "MinFileCount": min_files, "MaxFileCount": max_files,
               "Formats": formats, "Destination": dest or ""}  # fmt: skip
    run = tasks.start_task("StoryCreation", request)
    report = progress or (lambda p: None)
    made: list[Path] = []
    story_id = ""
    try:
        if files is None:
            selection = select(_judged(cluster, report, cancel), min_files, max_files)
        else:
            chosen = set(files)
            picked = [c for c in _judged(cluster, report, cancel) if file_uri(c.path) in chosen]
            selection = Selection(sorted(picked, key=lambda c: c.taken))
        story_id = _store(cluster, selection.files, name, cover_uri)
        if selection.files:
            title = name or cluster.title or _default_name(cluster)
            for fmt in formats:
                folder = _export(
                    fmt,
                    cluster,
                    selection.files,
                    Path(dest) / safe_name(title),
                    title,
                    hardlink,
                    report,
                    cancel,
                )
                made.append(folder)
        exports = [
            {"Format": fmt, "URI": folder.as_uri()} for fmt, folder in zip(formats, made, strict=False)
        ]
        run.result = {"StoryId": story_id, "FileCount": len(selection.files), "Exports": exports,
                      "Message": selection.message}  # fmt: skip
        task = run.finish("Succeeded", message=selection.message)
    except Cancelled:
        # the whole story is undone: its record, and the folders this run finished before the cancel
        for folder in made:
            shutil.rmtree(folder, ignore_errors=True)
        if story_id:
            delete_story(story_id)
        task = run.finish("Cancelled", code="Cancelled", message="Cancelled; nothing was kept.")
    except OSError as exc:
        task = run.finish(
            "Failed", code="ExportFailed", message=f"{exc.strerror or exc}: {exc.filename or ''}"
        )
    return task


def _export(
    fmt: str,
    cluster: Cluster,
    files: list[Candidate],
    folder: Path,
    title: str,
    hardlink: bool,
    report: ProgressCallback,
    cancel: CancelToken | None,
) -> Path:
    def step(done: int, total: int) -> None:
        if cancel is not None:
            cancel.check()
        report(Progress(fmt, done, total, title))

    if fmt == "album":
        return write_album([(c.path, c.taken) for c in files], folder, hardlink=hardlink, step=step)
    from app.core.captions import date_range, place_caption
    from app.core.webstory import Item, write_web

    address = {"Country": cluster.country, "Province": cluster.province, "City": cluster.city,
               "District": cluster.district, "Township": cluster.township}  # fmt: skip
    items = [Item(c.path, c.kind, c.taken) for c in files]
    cover = next((c.path for c in files if c.file_id == _cover(files)), None)
    place = place_caption(address, cluster.level)
    dates = date_range(cluster.first_day, cluster.last_day)
    if fmt == "reel":
        from app.core.reel import write_reel

        reel = folder.with_name(folder.name + " (reel)")
        return write_reel(items, reel, title=title, subtitle=f"{place} · {dates}", step=step)
    web = folder.with_name(folder.name + " (web)")
    return write_web(items, web, title=title, place=place, dates=dates, cover=cover, step=step)


def _judged(cluster: Cluster, report: ProgressCallback, cancel: CancelToken | None) -> list[Candidate]:
    candidates = _candidates(cluster)
    for n, candidate in enumerate(candidates, 1):
        if cancel is not None:
            cancel.check()
        judge(candidate)
        report(Progress("judge", n, len(candidates), candidate.path))
    return candidates


def preview_highlights(
    cluster_id: str,
    *,
    min_files: int = 5,
    max_files: int = 40,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> dict[str, Any]:
    """What a story would hold, before anything is stored: the chosen files among all candidates."""
    check(min_files, max_files, [])
    cluster = Cluster.get_or_none(Cluster.object_id == cluster_id)
    if cluster is None:
        raise ServiceError("ResourceNotFound", f"no cluster with ObjectId {cluster_id}")
    candidates = sorted(_judged(cluster, progress or (lambda p: None), cancel), key=lambda c: c.taken)
    selection = select(candidates, min_files, max_files)
    cover = _cover(selection.files)
    return {
        "Candidates": [{"URI": file_uri(c.path), "MediaType": c.kind} for c in candidates],
        "Files": [file_uri(c.path) for c in selection.files],
        "CoverURI": next((file_uri(c.path) for c in selection.files if c.file_id == cover), ""),
        "Message": selection.message,
    }


def _default_name(cluster: Cluster) -> str:
    """'Kyoto, April 2024': the place at the cluster's level and the month it began."""
    place = getattr(cluster, cluster.level) or cluster.country
    return f"{place}, {cluster.first_day:%B %Y}"


def _store(cluster: Cluster, files: list[Candidate], name: str, cover_uri: str | None = None) -> str:
    now = utcnow()
    story_id = f"story-{uuid.uuid4()}"
    with write(database):
        story = Story.create(
            story_id=story_id, name=name or cluster.title or _default_name(cluster),
            cluster_object_id=cluster.object_id, created_at=now, updated_at=now,
            cover_id=next((c.file_id for c in files if file_uri(c.path) == cover_uri), None) or _cover(files),
        )  # fmt: skip
        StoryFile.insert_many(
            [{"story_id": story.id, "file_id": c.file_id, "position": n} for n, c in enumerate(files)]
        ).execute()
    return story_id


def _cover(files: list[Candidate]) -> int | None:
    photos = [c for c in files if c.kind == "photo"] or files
    return max(photos, key=lambda c: c.score).file_id if photos else None


def _story_uris(story: Story) -> dict[int, str]:
    """File id -> URI of a story's files, in story order."""
    files = (
        MediaFile.select(MediaFile.id, MediaFile.path)
        .join(StoryFile, on=(StoryFile.file_id == MediaFile.id))
        .where(StoryFile.story_id == story.id)
        .order_by(StoryFile.position)
    )
    return {f.id: file_uri(f.path) for f in files}


def story_to_dict(story: Story) -> dict[str, Any]:
    uris = _story_uris(story)
    return {
        "ObjectId": story.story_id,
        "StoryName": story.name,
        "StoryType": story.story_type,
        "ClusterObjectId": story.cluster_object_id,
        "CoverURI": uris.get(story.cover_id, ""),
        "Files": [{"URI": uri} for uri in uris.values()],
        "CreateTime": rfc3339_utc(story.created_at),
        "UpdateTime": rfc3339_utc(story.updated_at),
    }


def query_stories(cluster_id: str | None = None) -> list[dict[str, Any]]:
    query = Story.select().order_by(Story.created_at.desc())
    if cluster_id:
        query = query.where(Story.cluster_object_id == cluster_id)
    return [story_to_dict(s) for s in query]


def update_story(story_id: str, *, name: str | None = None, cover_uri: str | None = None) -> dict[str, Any]:
    with write(database):
        story = Story.get_or_none(Story.story_id == story_id)
        if story is None:
            raise ServiceError("ResourceNotFound", f"no story with ObjectId {story_id}")
        if name is not None:
            story.name = name
        if cover_uri is not None:
            members = {uri: file_id for file_id, uri in _story_uris(story).items()}
            if cover_uri not in members:
                raise invalid("the cover must be one of the story's files")
            story.cover_id = members[cover_uri]
        story.updated_at = utcnow()
        story.save()
    return story_to_dict(story)


def delete_story(story_id: str) -> None:
    """Forget a story (its exported folders and the photos stay)."""
    with write(database):
        story = Story.get_or_none(Story.story_id == story_id)
        if story is not None:
            StoryFile.delete().where(StoryFile.story_id == story.id).execute()
            story.delete_instance()
