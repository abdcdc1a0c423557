"""The folders a library indexes, and what it holds: for the window's sidebar and summary."""

from __future__ import annotations

from typing import Any

from peewee import fn

from app.service.tasks import rfc3339_utc
from app.store.library import write
from app.store.models import ClusterFile, MediaFile, Source, database


def list_sources() -> list[dict[str, Any]]:
    counts = dict(MediaFile.select(MediaFile.source, fn.COUNT()).group_by(MediaFile.source).tuples())
    return [
        {"Path": s.path, "FileCount": counts.get(s.id, 0), "LastIndexedTime": rfc3339_utc(s.last_indexed_at)}
        for s in Source.select().order_by(Source.path)
    ]


def remove_source(path: str) -> int:
    """Forget a folder and its files (never touching them on disk); returns how many files were forgotten.

    Their cluster memberships go too; the next clustering run shrinks or removes the clusters they were in.
    """
    with write(database):
        source = Source.get_or_none(Source.path == path)
        if source is None:
            return 0
        count = MediaFile.delete().where(MediaFile.source == source).execute()
        source.delete_instance()
        ClusterFile.delete().where(ClusterFile.file_id.not_in(MediaFile.select(MediaFile.id))).execute()
    return count


def library_summary() -> dict[str, int]:
    """Files by status (ok, no_place, no_time, error, missing)."""
    return dict(MediaFile.select(MediaFile.status, fn.COUNT()).group_by(MediaFile.status).tuples())
