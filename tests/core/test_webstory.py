"""The web story folder: self-contained, escaped, resized, by day."""

from __future__ import annotations

import os
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from app.core.progress import Cancelled, CancelToken
from app.core.webstory import LONG_EDGE, Item, write_web
from tests.factories.videos import make_mp4


def photos(folder: Path, count: int, size=(2400, 1800)) -> list[Item]:
    folder.mkdir(parents=True, exist_ok=True)
    items = []
    for n in range(count):
        path = folder / f"IMG_{n}.jpg"
        Image.new("RGB", size, (40 * n % 255, 120, 200)).save(path, "JPEG")
        items.append(Item(str(path), "photo", datetime(2024, 3, 3, 9) + timedelta(hours=10 * n)))
    return items


def test_a_self_contained_page_by_day(tmp_path: Path) -> None:
    items = photos(tmp_path / "src", 4)
    place, dates = "Hangzhou · Zhejiang, China", "Mar 3–4, 2024"
    folder = write_web(
        items, tmp_path / "out" / "Trip", title="Lake days", place=place, dates=dates, cover=items[2].path
    )
    page = (folder / "index.html").read_text("utf-8")
    assert page.count('<section class="day">') == 2  # 09:00, 19:00 on the 3rd; 05:00, 15:00 on the 4th
    assert "Sunday, March 3, 2024" in page and "Monday, March 4, 2024" in page
    assert 'class="cover" src="media/0003.jpg"' in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page)  # nothing fetched from anywhere
    resized = [Image.open(p).size for p in sorted((folder / "media").iterdir())]
    assert resized == [(LONG_EDGE, 1200)] * 4


def test_every_text_is_escaped(tmp_path: Path) -> None:
    items = photos(tmp_path / "src", 1, size=(40, 30))
    folder = write_web(items, tmp_path / "out" / "T", title="<script>alert('x')</script> & co",
                       place='"Quoted" <b>place</b>', dates="Mar 3, 2024")  # fmt: skip
    page = (folder / "index.html").read_text("utf-8")
    assert (
        "<script>alert" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co" in page
    )
    assert "<b>place</b>" not in page and "&quot;Quoted&quot; &lt;b&gt;place&lt;/b&gt;" in page
    assert page.count("<script>") == 1  # only the page's own viewer script


def test_a_cancelled_export_leaves_nothing(tmp_path: Path) -> None:
    items = photos(tmp_path / "src", 3, size=(40, 30))
    token = CancelToken()

    def step(done: int, total: int) -> None:
        if done == 2:
            token.cancel()
        token.check()

    with pytest.raises(Cancelled):
        write_web(items, tmp_path / "out" / "T", title="t", place="p", dates="d", step=step)
    assert list((tmp_path / "out").iterdir()) == []


CONTROLS = "".join(map(chr, [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]))


def test_control_characters_never_reach_the_page(tmp_path: Path) -> None:
    items = photos(tmp_path / "src", 1, size=(40, 30))
    title, place, dates = f"Lake{CONTROLS}days", f"Hang{CONTROLS}zhou", "Mar\x003, 2024\x1b[31m"
    folder = write_web(
        items, tmp_path / "out" / "T", title=title, place=place, dates=dates, cover=items[0].path
    )
    page = (folder / "index.html").read_text("utf-8")
    assert not set(page) & set(CONTROLS)
    assert "<h1>Lakedays</h1>" in page and "Hangzhou · Mar3, 2024[31m" in page
    assert 'class="cover" src="media/0001.jpg" alt="Lakedays"' in page  # the cover is described by the title


def test_a_lone_surrogate_is_shown_as_a_replacement_character(tmp_path: Path) -> None:
    items = photos(tmp_path / "src", 1, size=(40, 30))
    folder = write_web(items, tmp_path / "out" / "T", title="caf\udce9", place="\ud800", dates="d")
    page = (folder / "index.html").read_text("utf-8")
    assert "<h1>caf\ufffd</h1>" in page and "\ufffd · d" in page


def test_photos_are_described_for_screen_readers(tmp_path: Path) -> None:
    items = photos(tmp_path / "src", 2, size=(40, 30))
    page = (
        write_web(items, tmp_path / "out" / "T", title="t", place="p", dates="d") / "index.html"
    ).read_text()
    assert 'alt="Photo taken in p, Sunday, March 3, 2024 at 09:00"' in page
    assert 'alt="Photo taken in p, Sunday, March 3, 2024 at 19:00"' in page


def test_a_relative_destination_gives_an_absolute_folder(tmp_path: Path) -> None:
    items = photos(tmp_path / "src", 1, size=(40, 30))
    relative = Path(os.path.relpath(tmp_path / "out" / "T"))
    folder = write_web(items, relative, title="t", place="p", dates="d")
    assert folder.is_absolute() and folder == (tmp_path / "out" / "T").resolve()


def test_any_error_in_the_middle_leaves_nothing(tmp_path: Path) -> None:
    items = photos(tmp_path / "src", 3, size=(40, 30))
    broken = tmp_path / "src" / "broken.jpg"
    broken.write_bytes(b"not a jpeg")
    with pytest.raises(OSError):  # Pillow's UnidentifiedImageError
        write_web([*items, Item(str(broken), "photo", items[0].taken)], tmp_path / "out" / "T",
                  title="t", place="p", dates="d")  # fmt: skip

    def step(done: int, total: int) -> None:
        if done == 2:
            raise ValueError("something unexpected")

    with pytest.raises(ValueError):
        write_web(items, tmp_path / "out" / "T", title="t", place="p", dates="d", step=step)
    assert list((tmp_path / "out").iterdir()) == []


def test_a_video_is_copied_under_a_plain_extension_and_described(tmp_path: Path) -> None:
    (photo,) = photos(tmp_path / "src", 1, size=(40, 30))
    clip = make_mp4(tmp_path / "src" / "clip.MP4", seconds=0.2, size=(64, 48))
    video = Item(str(clip), "video", datetime(2024, 3, 3, 10, 5))
    folder = write_web([photo, video], tmp_path / "out" / "T", title="t", place="p", dates="d")
    assert (folder / "media" / "0002.mp4").read_bytes() == clip.read_bytes()
    page = (folder / "index.html").read_text("utf-8")
    assert (
        '<video src="media/0002.mp4" poster="media/0002-poster.jpg" controls preload="metadata" '
        'aria-label="Video taken in p, Sunday, March 3, 2024 at 10:05">' in page
    )
    assert (folder / "media" / "0002-poster.jpg").stat().st_size > 0  # the still before it plays
