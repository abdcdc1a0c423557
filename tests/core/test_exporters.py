"""The registry of story formats: one list for the service, the command line and the window; every format
written for real, with hostile titles and names, from a relative destination, and undone on any error."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from app.core import exporters
from app.core.albums import NAME_MAX, SUFFIX_ROOM, name_bytes
from app.core.exporters import EXPORTERS, NAMES, Exporter, Item, Unavailable

ROOT = Path(__file__).resolve().parents[2]
CJK_TITLE = "西湖" * 50  # 100 characters, 300 bytes of UTF-8


def run(code: str) -> str:
    """``code`` in a fresh interpreter: what is imported, and what a missing package looks like."""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def photos(folder: Path, count: int) -> list[Item]:
    folder.mkdir(parents=True, exist_ok=True)
    items = []
    for n in range(count):
        path = folder / f"{'写真' * 40}{n:05d}.jpg"  # 249 bytes
        Image.new("RGB", (64, 48), (40 * n % 255, 120, 200)).save(path, "JPEG")
        items.append(Item(str(path), "photo", datetime(2024, 3, 3, 9) + timedelta(hours=10 * n)))
    return items


def test_one_list_of_formats_each_described_for_a_person() -> None:
    assert NAMES == ("album", "web", "reel")
    for exporter in EXPORTERS:
        assert exporter.label and exporter.doing and len(exporter.description) > 30
        assert name_bytes(exporter.suffix) <= SUFFIX_ROOM  # safe_name left room for it
    assert len({e.suffix for e in EXPORTERS}) == len(EXPORTERS)  # one story's formats never collide
    assert exporters.get("web").suffix == " (web)"
    with pytest.raises(ValueError, match="format must be one of album, web, reel, not 'gif'"):
        exporters.get("gif")


def test_listing_the_formats_loads_no_heavy_package() -> None:
    loaded = run(
        "import sys, app.core.exporters as e; e.NAMES; e.EXPORTERS[0].label\n"
        "print(sorted(m for m in ('av', 'numpy', 'PIL') if m in sys.modules))"
    )
    assert loaded.strip() == "[]"


def test_without_pyav_the_reel_says_why_and_the_others_still_work() -> None:
    out = run(
        "import sys; sys.modules['av'] = None  # as if PyAV were not installed\n"
        "from app.core import exporters as e\n"
        "print([x.name for x in e.available()]); print(e.get('reel').unavailable())\n"
        "try:\n    e.get('reel').write([], '.', title='t')\n"
        "except e.Unavailable as exc:\n    print(exc)\n"
    )
    names, reason, raised = out.splitlines()
    assert names == "['album', 'web']"
    assert reason.startswith("PyAV is not installed or does not load (pip install av)")
    assert raised.startswith("Video reel (MP4) cannot be made here: PyAV is not installed")


def test_every_format_is_available_here() -> None:
    assert [e.name for e in exporters.available()] == list(NAMES), [e.unavailable() for e in EXPORTERS]


def test_a_format_whose_need_is_missing_raises_unavailable_before_writing(tmp_path: Path) -> None:
    def writer(*args: object, **kwargs: object) -> Path:
        raise AssertionError("never called")

    lacking = Exporter("gif", "GIF", "An animated GIF of the trip, looping.", "Drawing", " (gif)", "giflib",
                       writer, missing=lambda: "giflib is not installed")  # fmt: skip
    assert not lacking.available
    with pytest.raises(Unavailable, match="GIF cannot be made here: giflib is not installed"):
        lacking.write([], tmp_path, title="t")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", NAMES)
def test_a_long_cjk_title_long_names_and_a_relative_destination(name: str, tmp_path: Path) -> None:
    exporter = exporters.get(name)
    items = photos(tmp_path / "src", 1)  # one: the reel takes seconds per photo
    dest = Path(os.path.relpath(tmp_path / "out"))  # relative to where the tests run
    place, dates = "杭州 · 浙江, 中国", "Mar 3–4, 2024"
    made = [exporter.write(items, dest, title=CJK_TITLE, place=place, dates=dates, cover=items[0].path)]
    made.append(exporter.write(items, dest, title=CJK_TITLE, place=place, dates=dates))
    assert all(folder.is_absolute() and folder.parent == (tmp_path / "out").resolve() for folder in made)
    assert made[0].name.startswith("西湖西湖") and made[0].name.endswith(exporter.suffix)
    assert made[1].name == f"{made[0].name} (2)"  # never over the first
    assert all(name_bytes(p.name) <= NAME_MAX for folder in made for p in [folder, *folder.rglob("*")])
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(f.name for f in made)
    assert all(any(folder.iterdir()) for folder in made)
    made[0].as_uri()  # what the service makes of it


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("error", [ValueError("unexpected"), KeyboardInterrupt()])
def test_any_error_inside_a_writer_leaves_no_folder(name: str, error: BaseException, tmp_path: Path) -> None:
    items = photos(tmp_path / "src", 2)

    def step(done: int, total: int) -> None:  # after the first item is in the folder
        if done == 1:
            raise error

    with pytest.raises(type(error)):
        exporters.get(name).write(items, tmp_path / "out", title="Lake days", step=step)
    assert list((tmp_path / "out").iterdir()) == []


def test_the_language_goes_through_the_registry_to_the_web_page(tmp_path: Path) -> None:
    items = photos(tmp_path / "src", 2)
    english = exporters.get("web").write(items, tmp_path / "en", title="Lake days")
    chinese = exporters.get("web").write(items, tmp_path / "zh", title="Lake days", language="zh-Hans")
    assert '<html lang="en"' in (english / "index.html").read_text("utf-8")
    page = (chinese / "index.html").read_text("utf-8")
    assert '<html lang="zh' in page and "星期" in page  # its own words: the day headings


def test_the_route_goes_through_the_registry_to_the_formats_that_draw_it(tmp_path: Path) -> None:
    from app.core.route import RouteStop

    items = photos(tmp_path / "src", 2)
    route = [RouteStop("Hangzhou", "Mar 3", 30.27, 120.16), RouteStop("Jiaxing", "Mar 4", 30.75, 120.75)]
    web = exporters.get("web").write(items, tmp_path / "out", title="Lake days", route=route)
    page = (web / "index.html").read_text("utf-8")
    assert page.count("<svg") == 1 and "Jiaxing" in page
    album = exporters.get("album").write(items, tmp_path / "out", title="Lake days", route=route)
    assert sorted(p.suffix for p in album.iterdir()) == [".jpg", ".jpg"]
    import av

    from app.core.reel import FADE_SECONDS, FPS, ROUTE_SECONDS

    lengths = []
    for stops in (route, []):
        reel = exporters.get("reel").write(items[:1], tmp_path / "out", title="Lake days", route=stops)
        with av.open(str(reel / "highlights.mp4")) as container:
            lengths.append(sum(1 for _ in container.decode(container.streams.video[0])))
    assert lengths[0] - lengths[1] == int(ROUTE_SECONDS * FPS) + int(FADE_SECONDS * FPS)  # the map opens it
