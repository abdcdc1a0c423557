"""The reel decoded back: a video clip's seconds are there, and a trip of several stops opens with its
route map."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from app.core.reel import FADE_SECONDS, FPS, HEIGHT, ROUTE_SECONDS, WIDTH, _title_frame, write_reel
from app.core.route import RouteStop
from app.core.route_picture import ROUTE as ROUTE_COLOUR
from app.core.route_picture import route_picture
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


ROUTE = [RouteStop("Hangzhou", "Mar 3–4", 30.27, 120.16), RouteStop("Jiaxing", "Mar 5", 30.75, 120.75)]


def first_frames(folder: Path, count: int) -> list[np.ndarray]:
    with av.open(str(folder / "highlights.mp4")) as container:
        frames = container.decode(container.streams.video[0])
        return [next(frames).to_ndarray(format="rgb24").astype(np.int16) for _ in range(count)]


def frame_count(folder: Path) -> int:
    with av.open(str(folder / "highlights.mp4")) as container:
        return sum(1 for _ in container.decode(container.streams.video[0]))


def test_a_trip_of_two_stops_opens_with_its_route_map(tmp_path: Path) -> None:
    """Decoded, the reel's first two seconds are the route card (the web page's map, painted), then it
    fades into the title card; a trip of one stop opens with its title as before."""
    items = one_photo(tmp_path)[:1]
    folder = write_reel(items, tmp_path / "out" / "Reel", title="Lake days", subtitle="s", route=ROUTE)
    opening, fade = int(ROUTE_SECONDS * FPS), int(FADE_SECONDS * FPS)
    frames = first_frames(folder, opening + fade + 1)
    card = np.asarray(route_picture(ROUTE, WIDTH, HEIGHT)).astype(np.int16)
    title = _title_frame("Lake days", "s").to_ndarray(format="rgb24").astype(np.int16)
    assert np.abs(frames[0] - card).mean() < 4 and np.abs(frames[opening - 1] - card).mean() < 4
    assert np.abs(frames[0] - title).mean() > 15  # the map, not the dark title card
    assert np.abs(frames[opening + fade] - title).mean() < 4  # then the title, whole
    route_colour = np.array(ROUTE_COLOUR)
    assert (np.abs(frames[0] - route_colour).max(axis=2) < 40).sum() > 2000  # the route and its discs
    one_stop = write_reel(items, tmp_path / "out" / "One", title="Lake days", subtitle="s", route=ROUTE[:1])
    assert np.abs(first_frames(one_stop, 1)[0] - title).mean() < 4
    assert frame_count(folder) - frame_count(one_stop) == opening + fade
