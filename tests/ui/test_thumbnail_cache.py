"""The thumbnails a window keeps: a memory cache bounded by bytes, keyed by file, size and pixel ratio; larger
pictures for covers drawn larger than 256 px; and decodes for cards scrolled past taken off the queue."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from PIL import Image
from PySide6.QtGui import QImage

from app.ui.thumbnails import LARGE, Thumbnails, Tile, TileCache, cache_file
from app.ui.timeline import TimelineModel, TimelineView
from app.ui.workers import Job, SynchronousPool, ThreadPool
from tests.ui.test_timeline import cluster


def photo(path: Path, size: tuple[int, int] = (1200, 900), shade: int = 90) -> str:
    """A JPEG without an EXIF thumbnail: every tile of it is a real decode."""
    Image.new("RGB", size, (shade, 120, 200 - shade)).save(path, "JPEG", quality=85)
    return str(path)


def tile_of(width: int, height: int) -> Tile:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(0)
    return Tile(image)


def test_the_least_recently_used_tiles_go_once_the_budget_in_bytes_is_spent() -> None:
    one = TileCache.cost(tile_of(100, 100))
    cache = TileCache(budget=3 * one)
    for name in "abc":
        cache.put((name, 256, 1.0), tile_of(100, 100))
    assert cache.get(("a", 256, 1.0)) is not None  # a is used again: b is now the oldest
    cache.put(("d", 256, 1.0), tile_of(100, 100))
    assert [k[0] for k in (("a", 256, 1.0), ("b", 256, 1.0), ("c", 256, 1.0), ("d", 256, 1.0))
            if k in cache] == ["a", "c", "d"]  # fmt: skip
    assert cache.bytes == 3 * one
    cache.put(("big", 512, 1.0), tile_of(200, 200))  # as large as four small ones: it alone stays
    assert len(cache) == 1 and ("big", 512, 1.0) in cache
    assert cache.any_of("a") is None and cache.any_of("big") is not None


def test_a_window_keeps_only_its_budget_and_decodes_an_evicted_file_again(qapp, tmp_path: Path) -> None:
    paths = [photo(tmp_path / f"{n}.jpg", shade=40 * n) for n in range(3)]
    loader = Thumbnails(SynchronousPool("thumbnails"), size=128)
    loader.cache.budget = 2 * TileCache.cost(loader.tile(paths[0]))  # room for two tiles
    loader.tile(paths[1])
    loader.tile(paths[2])
    assert len(loader.cache) == 2 and loader.cache.bytes <= loader.cache.budget
    assert loader.decodes == 3
    assert loader.tile(paths[2]) is not None and loader.decodes == 3  # held: no decode
    assert loader.tile(paths[0]) is not None and loader.decodes == 4  # evicted: made again


def test_the_key_holds_the_pixel_ratio_so_a_sharp_screen_gets_a_larger_picture(qapp, tmp_path: Path) -> None:
    path = photo(tmp_path / "p.jpg")
    loader = Thumbnails(SynchronousPool("thumbnails"))
    plain, sharp = loader.tile(path, 200, 1.0), loader.tile(path, 200, 2.0)
    assert loader.key(path, 200, 1.0) != loader.key(path, 200, 2.0)
    assert (plain.image.width(), sharp.image.width()) == (LARGE, 512)
    assert len(loader.cache) == 2 and loader.decodes == 2
    assert cache_file(path, 512).parent.name == "x-large" and cache_file(path, 512).exists()
    assert loader.tile(path, 200, 2.0) is sharp  # held under its own key


def test_a_larger_picture_is_made_while_the_smaller_one_stands_in(qapp, tmp_path: Path) -> None:
    path = photo(tmp_path / "p.jpg")
    pool = ThreadPool("thumbnails", 1)
    gate = threading.Event()
    pool.start(Job(lambda **_: gate.wait(10), name="holds the only thread"))
    loader = Thumbnails(SynchronousPool("thumbnails"))
    small = loader.tile(path)
    loader.pool = pool
    try:
        assert loader.tile(path, 400) is small and loader.pending == 1  # shown soft until the sharp one comes
    finally:
        gate.set()
        assert pool.shutdown(10_000)


def cards_view(qtbot, tmp_path: Path, loader: Thumbnails, count: int) -> tuple[TimelineView, list[str]]:
    covers = [photo(tmp_path / f"cover{n:03d}.jpg", (800, 600), shade=n % 200) for n in range(count)]
    model = TimelineModel()
    model.set_clusters([cluster(f"c{n:03d}", date(2024, 1, 1 + n % 28), cover_path=covers[n],
                                preview_paths=[]) for n in range(count)])  # fmt: skip
    view = TimelineView(model, loader)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitExposed(view)
    return view, covers


def test_covers_drawn_larger_than_256_pixels_are_made_at_512(qtbot, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    loader = Thumbnails(SynchronousPool("thumbnails"))
    view, covers = cards_view(qtbot, tmp_path, loader, 4)
    view.grab()  # a frame, painted now
    assert view.columns == 3  # cards about 310 px wide: more than a 256-pixel picture can fill
    made = [key for key in (loader.key(c, 512) for c in covers) if key in loader.cache]
    assert made and all(loader.cache.get(key).image.width() == 512 for key in made)
    assert cache_file(covers[0], 512).exists() and not cache_file(covers[0], LARGE).exists()


def test_covers_of_cards_scrolled_past_are_not_made(qtbot, tmp_path: Path, monkeypatch) -> None:
    """One pool thread, held busy while the view is scrolled from top to bottom: what was asked for the
    screens in between is taken off the queue, and the last screen's covers are made first."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    pool = ThreadPool("thumbnails", 1)
    gate = threading.Event()
    pool.start(Job(lambda **_: gate.wait(10), name="holds the only thread"))
    loader = Thumbnails(pool)
    arrived: list[str] = []
    loader.ready.connect(arrived.append)
    try:
        view, covers = cards_view(qtbot, tmp_path, loader, 90)
        bar = view.verticalScrollBar()
        assert bar.maximum() > 3 * bar.pageStep()  # several screens of cards
        view.grab()  # a frame, painted now
        while bar.value() < bar.maximum():
            bar.setValue(bar.value() + bar.pageStep())
            view.grab()  # a frame, painted now
        waiting = {key[0] for key in loader._pending}
        on_screen = {
            p
            for p in covers
            for row in view.timeline_model.rows_showing(p)
            if view.visualRect(view.timeline_model.index(row)).intersects(view.viewport().rect())
        }
        assert loader.dropped > 0 and loader.pending < len(covers) // 2
        assert waiting and waiting <= on_screen and len(waiting) == loader.pending
    finally:
        gate.set()
    qtbot.waitUntil(lambda: loader.pending == 0 and not pool.live(), timeout=20_000)
    assert pool.shutdown(10_000)
    assert arrived[0] in on_screen  # the newest requests first
    made = list(cache_file(covers[0], 512).parent.glob("*.png"))
    assert len(made) == len(set(arrived)) < len(covers)


def test_a_jpeg_s_exif_thumbnail_stands_in_while_its_large_picture_is_made(
    qtbot, tmp_path: Path, monkeypatch
):
    from tests.ui.test_thumbnails import photo_with_exif_thumbnail

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = str(photo_with_exif_thumbnail(tmp_path / "e.jpg", 1))
    pool = ThreadPool("thumbnails", 1)
    gate = threading.Event()
    pool.start(Job(lambda **_: gate.wait(10), name="holds the only thread"))
    loader = Thumbnails(pool)
    arrived: list[int] = []
    loader.ready.connect(lambda p: arrived.append(loader.tile(p, 400).image.width()))
    assert loader.tile(path, 400) is None  # asked for: the decode and the quick look are queued
    gate.set()
    qtbot.waitUntil(lambda: loader.pending == 0 and not pool.live(), timeout=10_000)
    assert pool.shutdown(10_000)
    assert arrived == [160, 400]  # the EXIF thumbnail first (it jumped the queue), then the photo
    assert len(loader.cache) == 1 and cache_file(path, 512).exists()  # the stand-in gone, the PNG written


def test_jpegs_read_small_by_qt_are_turned_like_the_shared_path_turns_them(qapp, tmp_path: Path) -> None:
    from app.core.pictures import open_picture
    from app.ui.thumbnails import make_tile, scaled_jpeg
    from tests.factories.photos import exif_bytes

    turned = tmp_path / "turned.jpg"
    Image.new("RGB", (1200, 900), (10, 200, 10)).save(turned, "JPEG", exif=exif_bytes(orientation=6))
    tile = make_tile(str(turned), 512)
    assert (tile.image.width(), tile.image.height()) == (384, 512)  # upright: portrait
    corpus = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "good"
    for path in sorted(corpus.glob("*.jp*g")) if corpus.is_dir() else []:
        qt = scaled_jpeg(str(path), 512)  # the window's path for a JPEG without a large EXIF thumbnail
        if qt is None:
            continue  # not a JPEG to Qt (a phone's HEIC named .jpg): the shared path takes it
        shared = open_picture(str(path), 512).image
        assert (qt.width() > qt.height()) == (shared.width > shared.height), path.name
        # never enlarged; at most a fifth smaller, where the JPEG's own 1/2, 1/4 or 1/8 decode falls short
        assert 0.8 * max(shared.size) <= max(qt.width(), qt.height()) <= max(shared.size), path.name


def test_a_jpeg_just_larger_than_eight_times_the_size_is_decoded_at_an_eighth(qapp, tmp_path: Path) -> None:
    """A 4000x3000 photo asked at 512 comes at 500 (its 1/8 DCT decode, the cheapest), not decoded at
    1000 and scaled down; one far larger is still scaled to the size asked."""
    from app.ui.thumbnails import scaled_jpeg

    twelve = tmp_path / "twelve.jpg"
    Image.new("RGB", (4000, 3000), (40, 90, 200)).save(twelve, "JPEG")
    image = scaled_jpeg(str(twelve), 512)
    assert image is not None and (image.width(), image.height()) == (500, 375)
    big = tmp_path / "big.jpg"
    Image.new("RGB", (6000, 4000), (40, 90, 200)).save(big, "JPEG")
    image = scaled_jpeg(str(big), 512)
    assert image is not None and max(image.width(), image.height()) == 512
