"""The reel with a video clip in it: decoded back, the clip's seconds are there."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import av
from PIL import Image

from app.core.reel import FPS, write_reel
from app.core.webstory import Item
from tests.factories.videos import make_mp4


def test_photos_and_a_clip(tmp_path: Path) -> None:
    photo = tmp_path / "a.jpg"
    Image.new("RGB", (1200, 900), (200, 120, 40)).save(photo, "JPEG")
    clip = make_mp4(tmp_path / "b.mp4", seconds=1.0, size=(320, 240))
    items = [
        Item(str(photo), "photo", datetime(2024, 3, 3, 9)),
        Item(str(clip), "video", datetime(2024, 3, 3, 10)),
    ]
    folder = write_reel(items, tmp_path / "out" / "Reel", title="Lake <days>", subtitle="Mar 3, 2024")
    with av.open(str(folder / "highlights.mp4")) as container:
        frames = sum(1 for _ in container.decode(container.streams.video[0]))
    clip_frames = frames - (75 + 12 + 90 + 12)
    assert FPS * 0.9 <= clip_frames <= FPS * 1.1  # the one-second clip, at the reel's frame rate
