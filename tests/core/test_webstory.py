"""The web story folder: self-contained, escaped, resized, by day."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from app.core.progress import Cancelled, CancelToken
from app.core.webstory import LONG_EDGE, Item, write_web


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
