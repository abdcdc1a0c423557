"""The reel with a video clip in it: decoded back, the clip's seconds are there."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import av
import pytest
from PIL import Image

from app.core.reel import FPS, HEIGHT, WIDTH, _title_frame, write_reel
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


def test_the_title_card_shows_no_control_characters_and_fits_a_long_title() -> None:
    clean = _title_frame("Lake days", "Mar 3, 2024").to_ndarray()
    assert (_title_frame("Lake\x00\x1b days\x85", "Mar\x7f 3, 2024").to_ndarray() == clean).all()
    wide = Image.fromarray(_title_frame("W" * 100, "Hangzhou · Zhejiang, China").to_ndarray(format="rgb24"))
    edges = [wide.crop((0, 0, 40, HEIGHT)), wide.crop((WIDTH - 40, 0, WIDTH, HEIGHT))]
    assert all(lo == hi for edge in edges for lo, hi in edge.getextrema())  # the margins stay empty


def one_photo(tmp_path: Path) -> list[Item]:
    photo = tmp_path / "a.jpg"
    Image.new("RGB", (320, 240), (200, 120, 40)).save(photo, "JPEG")
    return [Item(str(photo), "photo", datetime(2024, 3, 3, 9))] * 2


def test_any_error_in_the_middle_leaves_nothing(tmp_path: Path) -> None:
    def step(done: int, total: int) -> None:
        raise ValueError("something unexpected")

    with pytest.raises(ValueError):
        write_reel(one_photo(tmp_path), tmp_path / "out" / "Reel", title="t", subtitle="s", step=step)
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not a jpeg")
    with pytest.raises(OSError):  # Pillow's UnidentifiedImageError
        write_reel([Item(str(broken), "photo", datetime(2024, 3, 3))], tmp_path / "out" / "Reel", title="t",
                   subtitle="s")  # fmt: skip
    assert list((tmp_path / "out").iterdir()) == []


def test_a_relative_destination_gives_an_absolute_folder(tmp_path: Path) -> None:
    relative = Path(os.path.relpath(tmp_path / "out" / "Reel"))
    folder = write_reel(one_photo(tmp_path)[:1], relative, title="t", subtitle="s")
    assert folder.is_absolute() and folder == (tmp_path / "out" / "Reel").resolve()
    assert (folder / "highlights.mp4").stat().st_size > 0
