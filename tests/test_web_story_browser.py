"""The web story in a real browser: headless Chromium opens index.html from file:// (issue #6)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from app.core.webstory import Item, write_web

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (.ci/run installs Debian's chromium package)"
)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1200,900"]


@pytest.fixture
def story(tmp_path: Path) -> Path:
    items = []
    for n in range(4):
        path = tmp_path / f"IMG_{n}.jpg"
        Image.new("RGB", (800, 600), (230, 90 + 30 * n, 40)).save(path, "JPEG")
        items.append(Item(str(path), "photo", datetime(2024, 3, 3, 9) + timedelta(hours=10 * n)))
    return write_web(items, tmp_path / "Lake days", title="Lake days", place="Hangzhou · Zhejiang, China",
                     dates="Mar 3–4, 2024", cover=items[0].path)  # fmt: skip


def test_the_page_loads_offline_and_shows_the_cover_and_the_first_day(story: Path, tmp_path: Path) -> None:
    url = (story / "index.html").as_uri()
    dom = subprocess.run([CHROMIUM, *FLAGS, "--dump-dom", url], capture_output=True, text=True, timeout=60)
    assert "Sunday, March 3, 2024" in dom.stdout and 'class="cover"' in dom.stdout
    shot = tmp_path / "page.png"
    subprocess.run(
        [CHROMIUM, *FLAGS, f"--screenshot={shot}", url], capture_output=True, timeout=60, check=True
    )
    image = Image.open(shot).convert("RGB")
    cover = image.getpixel((600, 200))  # the cover spans the top of the page
    assert cover[0] > 200 and cover[2] < 80, cover  # the first photo's orange, so the cover image loaded
    colours = image.crop((0, 640, 1200, 900)).getcolors(maxcolors=100_000) or []
    assert len(colours) > 20  # the titles and the first day's heading and photos drew
