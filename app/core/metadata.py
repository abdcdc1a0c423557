"""What one photo or video says about when and where it was shot.

Readers (``exif.py`` for photos, ``video.py`` for videos) fill a :class:`RawMeta` with the tags exactly
as found; :func:`app.core.times.resolve` then applies the capture-time rules of SPEC §2 (which offset
wins, which day a UTC-only time falls on).  Keeping the two apart lets the rules be tested without files
and the readers be tested without the rules.  This module holds only the types both sides share; the
entry point that reads a file is :func:`app.core.readers.read_metadata`, which imports them all.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

Kind = Literal["photo", "video"]

PHOTO_EXTENSIONS = frozenset(
    {
        ".jpg", ".jpeg", ".jpe", ".jfif", ".tif", ".tiff", ".webp", ".heic", ".heif", ".hif", ".avif",
        ".png", ".dng", ".cr2", ".cr3", ".crw", ".nef", ".nrw", ".arw", ".srf", ".sr2", ".rw2", ".raf",
        ".orf", ".pef", ".srw",
    }
)  # fmt: skip
VIDEO_EXTENSIONS = frozenset({".mp4", ".mov", ".m4v", ".3gp", ".3g2", ".mts", ".m2ts", ".avi"})


def kind_of(path: str) -> Kind | None:
    """The media kind a file name promises (case-insensitive), or None for files Tripfold ignores."""
    ext = os.path.splitext(path)[1].lower()
    if ext in PHOTO_EXTENSIONS:
        return "photo"
    if ext in VIDEO_EXTENSIONS:
        return "video"
    return None


class MediaError(Exception):
    """The file cannot be read at all; the message is shown to the user as the file's error."""


@contextmanager
def media_errors(what: str) -> Iterator[None]:
    """Turn every failure inside a reader into a :class:`MediaError`: a bad file costs itself, not the run."""
    try:
        yield
    except MediaError:
        raise
    except OSError as exc:
        raise MediaError(f"[InvalidArgument] cannot read the file: {exc.strerror or exc}") from exc
    except Exception as exc:
        reason = f"{type(exc).__name__}: {exc}"
        raise MediaError(f"[InvalidArgument] unreadable {what} metadata ({reason})") from exc


@dataclass
class RawMeta:
    """Tags as a reader found them, before any time rule is applied.

    Times are naive ``datetime``s.  ``wall_time`` is a local wall-clock time (EXIF DateTimeOriginal and
    friends, Apple's creationdate); ``wall_offset_min`` its offset when the file states one;
    ``utc_time`` is a UTC instant (a video container date, or a photo's GPS date and time when nothing
    better exists); ``gps_utc`` is the photo's GPSDateStamp + GPSTimeStamp, kept apart because it fixes
    the offset of ``wall_time`` (SPEC §2).  ``notes`` are readable reasons for what was dropped, in
    IMM's style (``[InvalidArgument] ...``).
    """

    kind: Kind
    wall_time: datetime | None = None
    wall_offset_min: int | None = None
    utc_time: datetime | None = None
    gps_utc: datetime | None = None
    time_source: str = ""
    lat: float | None = None
    lon: float | None = None
    width: int | None = None
    height: int | None = None
    orientation: int | None = None
    camera: str = ""  # 'Make|Model|serial' as written, to tell one camera's photos from another's
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class MediaMeta:
    """The resolved capture time and position of one file.

    ``local_time`` is the wall clock where the file was shot; ``utc_time`` the instant.  Either may be
    missing: a camera without a time zone gives a local time only, a video without position a UTC time
    only.  ``offset_min`` is ``local - utc`` in minutes when both are known.
    """

    kind: Kind
    local_time: datetime | None = None
    utc_time: datetime | None = None
    offset_min: int | None = None
    time_source: str = ""
    lat: float | None = None
    lon: float | None = None
    width: int | None = None
    height: int | None = None
    orientation: int | None = None
    camera: str = ""  # 'Make|Model|serial' as written, to tell one camera's photos from another's
    notes: tuple[str, ...] = ()

    @property
    def capture_day(self) -> date | None:
        """The calendar day where the file was shot (SPEC §2), the UTC day when nothing better is known."""
        if self.local_time is not None:
            return self.local_time.date()
        if self.utc_time is not None:
            return self.utc_time.date()
        return None

    @property
    def has_position(self) -> bool:
        return self.lat is not None and self.lon is not None


def position_problem(lat: float, lon: float) -> str | None:
    """Why a decoded position cannot be a real place, or None when it can (SPEC §2).

    (0, 0) is refused outright: it is what phones without a fix write ("null island"), and a
    real photo taken exactly there is far less likely than a broken one.
    """
    if lat != lat or lon != lon:  # NaN
        return "[InvalidArgument] GPS position is not a number"
    if abs(lat) > 90:
        return f"[InvalidArgument] GPS latitude {lat:g} is outside -90..90"
    if abs(lon) > 180:
        return f"[InvalidArgument] GPS longitude {lon:g} is outside -180..180"
    if lat == 0 and lon == 0:
        return "[InvalidArgument] GPS position is exactly 0,0 (a device without a fix)"
    return None
