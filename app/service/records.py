"""What the operations return: typed records in Tripfold's words, for the window and the command line.

IMM's JSON shapes (``ObjectId``, ``LocationDateClusterStartTime``, ``file://`` URIs) are made from these at
the edge, by :mod:`app.imm`; the window reads the records directly (paths, dates, counts).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.store.files import FileRecord, SourceRecord
from app.store.tasks import TaskRecord

__all__ = [
    "Address", "ClusterInfo", "ClusterMember", "ClusterPage", "FileRecord", "HighlightPreview",
    "SourceRecord", "StoryInfo", "TaskRecord",
]  # fmt: skip


@dataclass(frozen=True)
class Address:
    """A place down to some level; empty strings below it (IMM's five levels)."""

    country: str = ""
    province: str = ""
    city: str = ""
    district: str = ""
    township: str = ""
    line: str = ""  # "Hangzhou, Zhejiang, China": as it reads, most precise first


@dataclass(frozen=True)
class ClusterMember:
    """One file of a cluster, in capture order."""

    path: str
    produce_time: str  # RFC 3339 with the offset when known (SPEC §9)
    lat: float | None
    lon: float | None
    kind: str
    place: str = ""  # the place's name (its address line), for the viewer
    camera: str = ""  # 'Make|Model|serial', for the viewer


@dataclass(frozen=True)
class ClusterInfo:
    """A location-date cluster (SPEC §4) with the captions people read."""

    object_id: str
    level: str
    address: Address
    first_day: date
    last_day: date
    start_time: str  # RFC 3339 in the photos' local time, as IMM shows it
    end_time: str
    title: str
    custom_id: str
    custom_labels: dict[str, str]
    created_at: datetime
    updated_at: datetime
    file_count: int
    photo_count: int
    video_count: int
    cover_path: str | None
    preview_paths: list[str]
    place_caption: str  # "Hangzhou · Zhejiang, China"
    date_range_text: str  # "Mar 3–5, 2024"
    days_text: str  # "3 days"
    counts_text: str  # "12 photos"
    files: list[ClusterMember] | None = None  # when asked for

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    @property
    def caption(self) -> str:
        """The user's title, else the place."""
        return self.title or self.place_caption


@dataclass(frozen=True)
class ClusterPage:
    clusters: list[ClusterInfo]
    next_token: str


@dataclass(frozen=True)
class StoryInfo:
    story_id: str
    name: str
    story_type: str
    cluster_object_id: str
    cover_path: str | None
    paths: list[str]
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class HighlightPreview:
    """What a story would hold: every candidate (path, kind), the chosen paths, the cover, why not more."""

    candidates: list[tuple[str, str]]
    chosen: list[str]
    cover_path: str | None
    message: str
