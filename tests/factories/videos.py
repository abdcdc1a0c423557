"""Real, playable MP4/MOV files with chosen container metadata, encoded by PyAV (FFmpeg).

A reader tested on hand-made bytes only proves it agrees with its author; these files come from the same
muxer as many real videos.  What FFmpeg writes where (checked with pymediainfo): ``creation_time`` goes
into the movie header (UTC); ``location`` becomes ``©xyz`` in a MOV's user data, but an MP4 drops it
unless ``movflags=use_metadata_tags``, which writes it (and Apple's ``com.apple.quicktime.*`` keys) as
``mdta`` keys verbatim.  FFmpeg writes no date, or a 1970 one, as 0 (1904-01-01, QuickTime's "unknown");
:func:`set_movie_date` patches the movie header for the 1970 zero date some Android phones write.
"""

from __future__ import annotations

import struct
from datetime import datetime
from pathlib import Path

import av
import numpy as np

RATE = 10
QUICKTIME_EPOCH = datetime(1904, 1, 1)


def make_mp4(
    path: Path,
    *,
    creation_time: datetime | None = None,
    location: str | None = None,
    apple_creationdate: str | None = None,
    apple_location: str | None = None,
    seconds: float = 0.5,
    size: tuple[int, int] = (64, 48),
) -> Path:
    """Write a short video, MOV or MP4 by ``path``'s extension; ``creation_time`` is UTC (naive).

    Positions are ISO 6709 strings (``+30.2741+120.1551/``); ``apple_creationdate`` is written verbatim
    (Apple writes ``2024-03-03T07:30:00+0800``).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tags = {
        "location": location,
        "com.apple.quicktime.creationdate": apple_creationdate,
        "com.apple.quicktime.location.ISO6709": apple_location,
    }
    tags = {key: value for key, value in tags.items() if value is not None}
    is_mov = path.suffix.lower() == ".mov"
    keys_needed = any(key != "location" for key in tags) or (location is not None and not is_mov)
    options = {"movflags": "use_metadata_tags"} if keys_needed else {}
    with av.open(str(path), "w", format="mov" if is_mov else "mp4", options=options) as container:
        if creation_time is not None:
            container.metadata["creation_time"] = creation_time.strftime("%Y-%m-%dT%H:%M:%S.000000Z")
        container.metadata.update(tags)
        _encode(container, size, max(1, round(seconds * RATE)))
    return path


def _encode(container: av.container.OutputContainer, size: tuple[int, int], frames: int) -> None:
    stream = container.add_stream("mpeg4", rate=RATE)
    stream.width, stream.height = size
    stream.pix_fmt = "yuv420p"
    for i in range(frames):
        pixels = np.full((size[1], size[0], 3), 40 * i % 256, np.uint8)
        container.mux(stream.encode(av.VideoFrame.from_ndarray(pixels, format="rgb24")))
    container.mux(stream.encode())


def make_h264_clip(path: Path, width: int = 64, height: int = 64) -> Path:
    """A one-second H.264 clip of ten frames without sound, as the reel encodes (libx264): what players
    and the packaging checks play."""
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=RATE)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        for i in range(RATE):
            frame = av.VideoFrame.from_ndarray(np.full((height, width, 3), i * 20, np.uint8), format="rgb24")
            out.mux(stream.encode(frame))
        out.mux(stream.encode())
    return path


def set_movie_date(path: Path, when: datetime) -> Path:
    """Overwrite the creation and modification times of the (version 0) movie header in place."""
    data = bytearray(path.read_bytes())
    at = data.find(b"mvhd")
    assert at > 0 and data[at + 4] == 0, "a version 0 movie header"
    seconds = int((when - QUICKTIME_EPOCH).total_seconds())
    data[at + 8 : at + 16] = struct.pack(">LL", seconds, seconds)
    path.write_bytes(bytes(data))
    return path


def inflate_table(path: Path, box: bytes, count: int) -> Path:
    """Set the entry count of the first ``box`` table (``elst``, ``stts``...) in place: a damaged movie.

    The count follows the box's version and flags (4 bytes); ``stsz`` and ``stz2`` keep a sample size
    first, so theirs is 4 bytes further.
    """
    data = bytearray(path.read_bytes())
    at = data.find(box)
    assert at > 0, f"no '{box.decode()}' box"
    field = at + 8 + (4 if box in (b"stsz", b"stz2") else 0)
    data[field : field + 4] = struct.pack(">L", count)
    path.write_bytes(bytes(data))
    return path
