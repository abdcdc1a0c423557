"""Real, playable MP4/MOV files with chosen container metadata, encoded by PyAV (FFmpeg).

FFmpeg writes ``creation_time`` into the movie header (UTC), ``location`` as ``©xyz`` in a MOV's user
data, and with ``movflags=use_metadata_tags`` any key verbatim, Apple's ``com.apple.quicktime.*`` included.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import av
import numpy as np


def make_video(
    path: Path,
    *,
    creation_time: datetime | None = None,
    location: str | None = None,
    apple_creationdate: str | None = None,
    apple_location: str | None = None,
    frames: int = 5,
    size: tuple[int, int] = (64, 48),
) -> Path:
    """Write a short video; ``creation_time`` is UTC, positions are ISO 6709 strings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    apple = {
        "com.apple.quicktime.creationdate": apple_creationdate,
        "com.apple.quicktime.location.ISO6709": apple_location,
    }
    options = {"movflags": "use_metadata_tags"} if any(apple.values()) else {}
    with av.open(str(path), "w", format="mov" if location else None, options=options) as container:
        if creation_time is not None:
            container.metadata["creation_time"] = creation_time.strftime("%Y-%m-%dT%H:%M:%S.000000Z")
        if location is not None:
            container.metadata["location"] = location
        container.metadata.update({k: v for k, v in apple.items() if v})
        stream = container.add_stream("mpeg4", rate=10)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        for i in range(frames):
            pixels = np.full((size[1], size[0], 3), 40 * i % 256, np.uint8)
            container.mux(stream.encode(av.VideoFrame.from_ndarray(pixels, format="rgb24")))
        container.mux(stream.encode())
    return path
