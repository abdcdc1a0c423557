"""The capture-time rules of SPEC §2: from the tags a reader found to a local time, an instant and a day.

Readers report what the file says (:class:`RawMeta`); this module decides what it means.  A photo's EXIF
time is a wall clock; its offset comes from OffsetTimeOriginal, else from the difference to the GPS
clock (which is UTC), else from the time zone at its position.  A video's container time is UTC; its
local time (and so the day it belongs to) comes from the zone at its position.  Keeping the rules here,
free of file formats, lets them be tested one by one.

Everything here is pure apart from the time-zone lookup (offline, :mod:`app.core.timezones`); the clock
enters only through ``now``, which tests pin.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from app.core import timezones
from app.core.metadata import MediaMeta, RawMeta

EARLIEST = datetime(1900, 1, 1)
# A GPS fix can be this stale (or the camera clock this far off) and still fix the offset.  It has to stay
# below 7.5 minutes, half the quarter hour that real offsets come in: with a wider tolerance every
# difference would be "near" some quarter hour and the check would accept anything (a difference of
# +3h07m would read as +03:00).  A fix that is staler than this falls through to the zone at the
# position, which a photo with a GPS time nearly always has.
GPS_TOLERANCE_MIN = 5
MIN_OFFSET, MAX_OFFSET = -12 * 60, 14 * 60


def resolve(raw: RawMeta, now: datetime | None = None) -> MediaMeta:
    """Apply SPEC §2 to what a reader found: the first rule that gives an offset wins.

    Wall clock + stated offset; else + the GPS clock; else + the zone at the position; else the wall
    clock floats (a local time with no instant).  Without a wall clock, a UTC instant gets its local
    time from the zone at the position, or stays UTC-only.  ``now`` (local, naive) bounds the future.
    """
    notes = list(raw.notes)
    latest = (now or datetime.now()) + timedelta(days=1)
    wall = _in_range(raw.wall_time, "capture time", latest, notes)
    utc = _in_range(raw.utc_time, "capture time (UTC)", latest, notes)
    offset = _stated_offset(raw.wall_offset_min, notes) if wall is not None else None
    position = (raw.lat, raw.lon) if raw.lat is not None and raw.lon is not None else None
    if wall is not None and offset is None and raw.gps_utc is not None:
        offset = gps_offset(wall, raw.gps_utc, notes)
    if wall is not None and offset is None and position is not None:
        offset = timezones.offset_minutes(*position, wall, is_utc=False)
    if wall is not None:
        utc = wall - timedelta(minutes=offset) if offset is not None else None
    elif utc is not None and position is not None:
        offset = timezones.offset_minutes(*position, utc, is_utc=True)
        wall = utc + timedelta(minutes=offset) if offset is not None else None
    return MediaMeta(
        kind=raw.kind,
        local_time=wall,
        utc_time=utc,
        offset_min=offset,
        time_source=raw.time_source if (wall is not None or utc is not None) else "",
        lat=raw.lat,
        lon=raw.lon,
        width=raw.width,
        height=raw.height,
        orientation=raw.orientation,
        camera=raw.camera,
        notes=tuple(notes),
    )


def gps_offset(wall: datetime, gps_utc: datetime, notes: list[str]) -> int | None:
    """The offset that the GPS clock (UTC) fixes for a wall-clock time, rounded to a quarter hour.

    Real offsets are whole quarter hours (Nepal +05:45, Chatham +12:45); a difference further than
    ``GPS_TOLERANCE_MIN`` from one is a stale fix or a wrong camera clock, and says nothing.
    """
    minutes = (wall - gps_utc).total_seconds() / 60
    rounded = round(minutes / 15) * 15
    if MIN_OFFSET <= rounded <= MAX_OFFSET and abs(minutes - rounded) <= GPS_TOLERANCE_MIN:
        return rounded
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(int(abs(minutes)), 60)
    notes.append(
        f"[InvalidArgument] GPS time {gps_utc:%Y-%m-%d %H:%M:%S} does not fix the offset"
        f" (difference {sign}{hours}h{rest:02d}m)"
    )
    return None


def _stated_offset(offset: int | None, notes: list[str]) -> int | None:
    """The file's own offset, unless it is one no place on Earth uses."""
    if offset is None or MIN_OFFSET <= offset <= MAX_OFFSET:
        return offset
    notes.append(f"[InvalidArgument] time offset {offset:+d} minutes is outside -12:00..+14:00; not used")
    return None


def _in_range(value: datetime | None, what: str, latest: datetime, notes: list[str]) -> datetime | None:
    if value is None or EARLIEST <= value <= latest:
        return value
    notes.append(f"[InvalidArgument] {what} {value:%Y-%m-%d %H:%M:%S} is out of range (1900 to today)")
    return None
