"""Capture time and position of a video, through MediaInfo.

Containers keep the capture time in several places, and they mean different things: Apple's
``com.apple.quicktime.creationdate`` is the local wall clock with its offset (the moment recording
started, SPEC §2 puts it first); a 3GPP/Android ``recorded_date`` (UserData DateTimeOriginal) may carry an
offset too; the movie header's ``encoded_date`` is UTC (when the file was written, a second or more later).
Positions are ISO 6709 strings (``+30.2741+120.1551+010.000/``) in ``©xyz`` or Apple's keys, which MediaInfo
reports; the 3GPP ``loci`` box, which it does not, is read from the ``udta`` box directly, as is the movie
header when MediaInfo leaves its zero date out (so the note can say why the video has no time).
``parse_speed=0`` makes MediaInfo read the headers only (3 ms for a 1080p file instead of 24 ms).

MediaInfo trusts the movie's tables, so a damaged one can cost it a minute and gigabytes
(:mod:`app.core.boxcheck`); such a file is read here without it, from its movie header and user data.
"""

from __future__ import annotations

import os
import re
import struct
from datetime import datetime, timedelta
from typing import Any

from app.core import boxcheck, isobmff
from app.core.dates import parse_date
from app.core.metadata import MediaError, RawMeta, media_errors, position_problem
from app.core.opening import open_regular
from app.core.tiff import Blob

# Local wall-clock dates with an offset, best first, and UTC dates, best first (MediaInfo's names)
_WALL_KEYS = ("comapplequicktimecreationdate", "recorded_date")
_UTC_KEYS = ("recorded_date", "encoded_date", "tagged_date")
_SOURCE_NAMES = {"comapplequicktimecreationdate": "com.apple.quicktime.creationdate"}
# MediaInfo's names for ISO 6709 positions, by writer: Apple keys, ``©xyz`` (Android, GoPro), ffmpeg's mdta
_POSITION_KEYS = ("comapplequicktimelocationiso6709", "xyz", "location")
# sign, integer digits, fraction: ±DD[MM[SS]][.f] then ±DDD[MM[SS]][.f] (ISO 6709 Annex H)
_ISO6709 = re.compile(r"\s*([+-])(\d+)(\.\d*)?([+-])(\d+)(\.\d*)?")
_ZERO_DATES = (datetime(1904, 1, 1), datetime(1970, 1, 1))  # QuickTime's and Unix's epochs: "unknown"
_EPOCH_1970_IN_1904 = 2_082_844_800  # seconds from 1904-01-01 to 1970-01-01, as a movie header counts
_MAX_SECONDS = 10**10  # past the year 2200: not a date a camera wrote
_ROTATION_TO_ORIENTATION = {0: 1, 90: 6, 180: 3, 270: 8}
HEAD = 65536  # read at once: the box tree of a phone video whose moov comes first


def read_video(path: str) -> RawMeta:
    """Read one video; raise :class:`MediaError` with a readable reason when it cannot be read."""
    with media_errors("video"), open_regular(path) as file:
        blob = Blob.of_file(file, head=HEAD)
        if blob.size == 0:
            raise MediaError("[InvalidArgument] the file is empty")
        problem = boxcheck.damage(blob) if boxcheck.is_movie(blob.read(0, 8)) else None
        if problem is not None:
            return _without_mediainfo(blob, problem)
        general, video, has_streams = _tracks(_same_file(path, file.fileno()))
        raw = RawMeta(kind="video")
        truncated = general.get("istruncated") == "Yes"
        if truncated:
            raw.notes.append("[InvalidArgument] the video is truncated; what its headers hold is kept")
        _dates(general, raw)
        _position(blob, general, raw)
        raw.camera = _camera(general)
        if not has_streams and raw.utc_time is None and raw.wall_time is None and raw.lat is None:
            why = "it is cut short before its movie header" if truncated else "it holds no track"
            raise MediaError(f"[InvalidArgument] not a readable video: {why}")
        if raw.utc_time is None and raw.wall_time is None:
            _explain_missing_date(blob, raw)
        _size(video, raw)
        return raw


def _without_mediainfo(blob: Blob, problem: str) -> RawMeta:
    """A movie whose tables MediaInfo cannot be trusted with: its movie header date and udta position.

    These two boxes are what the capture time and place need; the tables only describe the samples.
    """
    created = _movie_creation_seconds(blob)
    if created is None:
        raise MediaError(f"[InvalidArgument] not a readable video: {problem}, and it has no movie header")
    raw = RawMeta(kind="video")
    raw.notes.append(
        f"[InvalidArgument] the video's tables are damaged ({problem}); only its movie header and user data"
        " were read"
    )
    if created in (0, _EPOCH_1970_IN_1904):
        _explain_missing_date(blob, raw)
    elif created < _MAX_SECONDS:
        raw.utc_time, raw.time_source = _ZERO_DATES[0] + timedelta(seconds=created), "encoded_date"
    else:
        raw.notes.append(f"[InvalidArgument] the movie header's date ({created} s after 1904) is not a date")
        raw.notes.append("[InvalidArgument] the video carries no capture date")
    position = _udta_position(blob, raw.notes)
    if position is not None:
        unusable = position_problem(*position)
        if unusable:
            raw.notes.append(unusable + "; the position is dropped")
        else:
            raw.lat, raw.lon = position
    return raw


def _same_file(path: str, fd: int) -> str:
    """A name MediaInfo can open that is certainly the regular file checked and open here.

    On Linux, ``/proc/self/fd/N`` reopens the very file behind the descriptor, so a file replaced by a
    pipe after the check cannot make MediaInfo wait for a writer; elsewhere the path itself.
    """
    proc = f"/proc/self/fd/{fd}"
    return proc if os.path.exists(proc) else path


def _camera(general: dict[str, Any]) -> str:
    """'Make|Model|' from Apple's keys (or a writer's make/model), as photos give it; '' when unnamed."""
    make = general.get("comapplequicktimemake") or general.get("make")
    model = general.get("comapplequicktimemodel") or general.get("model")
    parts = [str(p).strip().replace("|", "/") if isinstance(p, str) else "" for p in (make, model)]
    return "|".join([*parts, ""]) if any(parts) else ""


def _tracks(path: str) -> tuple[dict[str, Any], dict[str, Any], bool]:
    """MediaInfo's General and first Video track, and whether the file has any stream at all."""
    from pymediainfo import MediaInfo

    info = MediaInfo.parse(path, parse_speed=0)
    general = next((t.to_data() for t in info.tracks if t.track_type == "General"), {})
    if not general.get("format"):
        raise MediaError("[InvalidArgument] not a readable video: the container is truncated or unknown")
    video = next((t.to_data() for t in info.tracks if t.track_type == "Video"), {})
    has_streams = any(t.track_type != "General" for t in info.tracks)
    return general, video, has_streams


def _dates(general: dict[str, Any], raw: RawMeta) -> None:
    """Apple's local creation date, else a recorded date with an offset; the UTC movie date in any case."""
    for key in _WALL_KEYS:
        text = general.get(key)
        if not isinstance(text, str) or "UTC" in text or len(text) < 16:  # '2010': a year alone is no time
            continue
        wall, offset = _date(text, key, raw.notes)
        if wall is not None and offset is not None:
            raw.wall_time, raw.wall_offset_min = wall, offset
            raw.time_source = _SOURCE_NAMES.get(key, key)
            break
        if wall is not None and key in _SOURCE_NAMES:
            raw.notes.append(f"[InvalidArgument] {_SOURCE_NAMES[key]} '{text}' has no offset; not used")
    for key in _UTC_KEYS:
        text = general.get(key)
        if not isinstance(text, str) or "UTC" not in text:
            continue
        utc, _ = _date(text.replace("UTC", "").strip(), key, raw.notes)
        if utc is not None:
            raw.utc_time = utc
            raw.time_source = raw.time_source or key
            break


def _date(text: str, key: str, notes: list[str]) -> tuple[datetime | None, int | None]:
    """A MediaInfo date as (time, offset minutes); a zero date ("unknown" to its writer) is dropped."""
    if not text.strip():
        return None, None
    if not text.strip(" -:T0Z+"):  # 0000-00-00 00:00:00
        _note(notes, f"[InvalidArgument] video date '{text}' ({key}) is the container's zero date")
        return None, None
    value, offset = parse_date(text, f"video date ({key})", notes)
    if value is not None and value.replace(microsecond=0) in _ZERO_DATES:
        _note(notes, f"[InvalidArgument] video date {value:%Y-%m-%d %H:%M:%S} is the container's zero date")
        return None, None
    return value, offset


def _note(notes: list[str], note: str) -> None:
    """Add a note once: a zero date is usually in the movie header and the track headers alike."""
    if note not in notes:
        notes.append(note)


def _explain_missing_date(blob: Blob, raw: RawMeta) -> None:
    """MediaInfo leaves out zero dates (1904 or 1970); the movie header says whether that is why."""
    created = _movie_creation_seconds(blob)
    if created == 0 and not any("zero date" in note for note in raw.notes):
        raw.notes.append("[InvalidArgument] video date 1904-01-01 00:00:00 is the container's zero date")
    elif created == _EPOCH_1970_IN_1904 and not any("zero date" in note for note in raw.notes):
        raw.notes.append("[InvalidArgument] video date 1970-01-01 00:00:00 is the container's zero date")
    raw.notes.append("[InvalidArgument] the video carries no capture date")


def _position(blob: Blob, general: dict[str, Any], raw: RawMeta) -> None:
    """The first ISO 6709 position MediaInfo reports, else the 3GPP ``loci`` box; validated."""
    position = None
    texts = [(k, general[k]) for k in _POSITION_KEYS if isinstance(general.get(k), str)]
    for key, text in texts:
        if text == "Yes":  # a truncated udta leaves MediaInfo with 'Yes' for the key and no value
            raw.notes.append(f"[InvalidArgument] video position ({key}) is cut short")
            continue
        position = parse_iso6709(text)
        if position is not None:
            break
        raw.notes.append(f"[InvalidArgument] video position '{text}' is not an ISO 6709 string")
    if position is None and not texts:
        position = _loci(blob)
    if position is None:
        return
    problem = position_problem(*position)
    if problem:
        raw.notes.append(problem + "; the position is dropped")
    else:
        raw.lat, raw.lon = position


def parse_iso6709(text: str) -> tuple[float, float] | None:
    """``±DD.d±DDD.d`` (or with minutes and seconds, ``±DDMMSS.s±DDDMMSS.s``) as degrees; None if not one."""
    match = _ISO6709.match(text)
    if match is None:
        return None
    lat = _angle(match[1], match[2], match[3], degree_digits=2)
    lon = _angle(match[4], match[5], match[6], degree_digits=3)
    if lat is None or lon is None:
        return None
    return lat, lon


def _angle(sign: str, digits: str, fraction: str | None, degree_digits: int) -> float | None:
    """One ISO 6709 angle; its integer digits say the form: degrees, then minutes, then seconds."""
    while (len(digits) - degree_digits) % 2 and digits.startswith("0"):  # '+030.27': a padded degree
        digits = digits[1:]
    extra = len(digits) - degree_digits
    value: float | None
    if extra <= 0:
        value = float(digits + (fraction or ""))
    elif extra == 2:
        minutes = float(digits[-2:] + (fraction or ""))
        value = int(digits[:-2]) + minutes / 60 if minutes < 60 else None
    elif extra == 4:
        minutes, seconds = int(digits[-4:-2]), float(digits[-2:] + (fraction or ""))
        value = int(digits[:-4]) + minutes / 60 + seconds / 3600 if minutes < 60 and seconds < 60 else None
    else:
        return None
    if value is None:
        return None
    return -value if sign == "-" else value


def _udta_position(blob: Blob, notes: list[str]) -> tuple[float, float] | None:
    """``moov/udta/©xyz`` (an ISO 6709 string after its length and language), else the ``loci`` box."""
    payload = _moov_box(blob, (b"udta", b"\xa9xyz"))
    if payload is not None and len(payload) > 4:
        length = struct.unpack(">H", payload[:2])[0]
        text = payload[4 : 4 + length].decode("latin-1")
        position = parse_iso6709(text)
        if position is not None:
            return position
        notes.append(f"[InvalidArgument] video position '{text}' is not an ISO 6709 string")
    return _loci(blob)


def _loci(blob: Blob) -> tuple[float, float] | None:
    """The 3GPP LocationInformation box (``moov/udta/loci``), which MediaInfo does not report."""
    payload = _moov_box(blob, (b"udta", b"loci"))
    if payload is None or len(payload) < 7:
        return None
    name_end = payload.find(b"\0", 6)  # full box header (4), language (2), then a NUL-terminated name
    fixed = payload[name_end + 2 : name_end + 10] if name_end >= 0 else b""  # after the NUL and role
    if len(fixed) < 8:
        return None
    lon, lat = (round(v / 65536, 6) for v in struct.unpack(">ll", fixed))  # 16.16 fixed point
    return lat, lon


def _movie_creation_seconds(blob: Blob) -> int | None:
    """The movie header's creation time, in seconds since 1904-01-01 (0 when the writer left it unset)."""
    payload = _moov_box(blob, (b"mvhd",))
    if payload is None or len(payload) < 8:
        return None
    if payload[0] == 1:
        return int(struct.unpack(">Q", payload[4:12])[0]) if len(payload) >= 12 else None
    return int(struct.unpack(">L", payload[4:8])[0])


def _moov_box(blob: Blob, inner: tuple[bytes, ...]) -> bytes | None:
    """The first 4 KB of a box inside ``moov`` (``inner`` the path below it), or None when it is absent."""
    return _find(blob, 0, blob.size, (b"moov", *inner))


def _find(blob: Blob, start: int, end: int, path: tuple[bytes, ...]) -> bytes | None:
    for kind, s, e in isobmff.boxes(blob, start, end):
        if kind == path[0]:
            if len(path) == 1:
                return blob.read(s, min(e - s, 4096))
            return _find(blob, s, min(e, end), path[1:])
    return None


def _size(video: dict[str, Any], raw: RawMeta) -> None:
    """Pixel size as stored, and the display rotation as the EXIF orientation that means the same."""
    width, height = video.get("width"), video.get("height")
    if isinstance(width, int) and isinstance(height, int):
        raw.width, raw.height = width, height
    try:
        rotation = round(float(video.get("rotation") or 0)) % 360
    except (TypeError, ValueError):
        rotation = 0
    raw.orientation = _ROTATION_TO_ORIENTATION.get(rotation, 1)
