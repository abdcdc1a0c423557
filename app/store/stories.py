"""Stories in the library (SPEC §8): a story's highlights in order and its cover."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.store import files as file_rows
from app.store import member_lists, mounts
from app.store.files import FileRecord
from app.store.library import Library
from app.store.models import MediaFile, Story, StoryFile


@dataclass(frozen=True)
class StoryRecord:
    id: int
    story_id: str
    name: str
    story_type: str
    cluster_object_id: str  # its source: a cluster's ObjectId, or a trip's TripId ("trip-…")
    cover_id: int | None
    created_at: datetime
    updated_at: datetime


def cluster_members(lib: Library, cluster_id: int) -> list[FileRecord]:
    q = MediaFile.select(*file_rows.RECORD_FIELDS).where(
        MediaFile.id.in_(member_lists.member_ids(lib, "cluster", cluster_id))
    )
    return file_rows.records(q, lib)


def create(
    lib: Library, story_id: str, name: str, cluster_object_id: str, cover_id: int | None, file_ids: list[int],
    now: datetime,
) -> None:  # fmt: skip
    with lib.write():
        row_id = Story.insert(
            story_id=story_id, name=name, cluster_object_id=cluster_object_id, cover_id=cover_id,
            created_at=now, updated_at=now,
        ).execute(lib.db)  # fmt: skip
        if file_ids:
            StoryFile.insert_many(
                [{"story_id": row_id, "file_id": f, "position": n} for n, f in enumerate(file_ids)]
            ).execute(lib.db)


def _records(query: object, lib: Library) -> list[StoryRecord]:
    return [StoryRecord(**row) for row in query.dicts().execute(lib.db)]  # type: ignore[attr-defined]


def get(lib: Library, story_id: str) -> StoryRecord | None:
    rows = _records(Story.select().where(Story.story_id == story_id), lib)
    return rows[0] if rows else None


def query(lib: Library, cluster_object_id: str | None = None) -> list[StoryRecord]:
    q = Story.select().order_by(Story.created_at.desc(), Story.id.desc())
    if cluster_object_id:
        q = q.where(Story.cluster_object_id == cluster_object_id)
    return _records(q, lib)


def member_paths(lib: Library, story_row_id: int) -> dict[int, str]:
    """File id -> path of a story's files, in story order."""
    q = (
        MediaFile.select(MediaFile.id, MediaFile.source, MediaFile.path)
        .join(StoryFile, on=(StoryFile.file_id == MediaFile.id))
        .where(StoryFile.story_id == story_row_id)
        .order_by(StoryFile.position)
        .tuples()
    )
    mount_of = mounts.mounts(lib)
    return {file_id: mounts.absolute(mount_of, source, path) for file_id, source, path in q.execute(lib.db)}


def update(lib: Library, story_id: str, now: datetime, *, name: str | None, cover_id: int | None) -> None:
    values: dict[object, object] = {Story.updated_at: now}
    if name is not None:
        values[Story.name] = name
    if cover_id is not None:
        values[Story.cover_id] = cover_id
    with lib.write():
        Story.update(values).where(Story.story_id == story_id).execute(lib.db)


def delete(lib: Library, story_id: str) -> None:
    with lib.write():
        row_id = Story.select(Story.id).where(Story.story_id == story_id).scalar(lib.db)
        if row_id is not None:
            StoryFile.delete().where(StoryFile.story_id == row_id).execute(lib.db)
            Story.delete().where(Story.id == row_id).execute(lib.db)
