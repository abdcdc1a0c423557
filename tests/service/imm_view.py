"""The service seen through IMM's JSON (``app.imm``), as the command line and scripts see it.

The service returns typed records; these tests state SPEC §4–§9 in IMM's own terms (``ObjectId``,
``LocationDateClusterStartTime``, ``file://`` URIs), so they read the service through the same converters
the command line prints with.  Every other attribute (``lib``, ``close``, ...) is the service's own.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import unquote_to_bytes

from app import imm
from app.service import Service


def path_of(uri: str) -> str:
    return os.fsdecode(unquote_to_bytes(uri.removeprefix("file://")))


class ImmView:
    def __init__(self, service: Service) -> None:
        self.service = service

    def __getattr__(self, name: str) -> Any:
        return getattr(self.service, name)

    def get_task(self, task_id: str) -> dict[str, Any]:
        return imm.task_json(self.service.get_task(task_id))

    def list_tasks(self, *args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        return [imm.task_json(t) for t in self.service.list_tasks(*args, **kwargs)]

    def list_files(self, status: str | None = None) -> list[dict[str, Any]]:
        return [imm.file_json(f) for f in self.service.list_files(status)]

    def create_location_date_clustering_task(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return imm.task_json(self.service.create_location_date_clustering_task(*args, **kwargs))

    def query_location_date_clusters(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return imm.cluster_page_json(self.service.query_location_date_clusters(*args, **kwargs))

    def all_location_date_clusters(self) -> list[dict[str, Any]]:
        return [imm.cluster_json(c) for c in self.service.all_location_date_clusters()]

    def update_location_date_cluster(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return imm.cluster_json(self.service.update_location_date_cluster(*args, **kwargs))

    def create_story(self, *args: Any, files: list[str] | None = None, cover_uri: str | None = None,
                     **kwargs: Any) -> dict[str, Any]:  # fmt: skip
        chosen = None if files is None else [path_of(u) for u in files]
        cover = None if cover_uri is None else path_of(cover_uri)
        return imm.task_json(self.service.create_story(*args, files=chosen, cover=cover, **kwargs))

    def preview_highlights(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return imm.preview_json(self.service.preview_highlights(*args, **kwargs))

    def query_stories(self, *args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        return [imm.story_json(s) for s in self.service.query_stories(*args, **kwargs)]

    def update_story(
        self, story_id: str, *, name: str | None = None, cover_uri: str | None = None
    ) -> dict[str, Any]:
        cover = None if cover_uri is None else path_of(cover_uri)
        return imm.story_json(self.service.update_story(story_id, name=name, cover=cover))
