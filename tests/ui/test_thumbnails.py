"""Thumbnails: from the EXIF thumbnail turned upright, else a scaled decode; kept in the shared cache."""

from __future__ import annotations

import io
import os
from datetime import datetime
from pathlib import Path

import piexif
from PIL import Image

from app.ui.thumbnails import LARGE, cache_file, make_thumbnail
from app.ui.workers import JobRunner
from tests.factories.photos import exif_bytes


def photo_with_exif_thumbnail(path: Path, orientation: int) -> Path:
    """A 400x300 photo whose EXIF carries a 160x120 thumbnail and an orientation."""
    thumb = io.BytesIO()
    Image.new("RGB", (160, 120), (200, 30, 30)).save(thumb, "JPEG")
    exif = piexif.load(exif_bytes(datetime_original=datetime(2024, 3, 3, 9), orientation=orientation))
    exif["1st"] = {piexif.ImageIFD.JPEGInterchangeFormat: 0, piexif.ImageIFD.JPEGInterchangeFormatLength: 0}
    exif["thumbnail"] = thumb.getvalue()
    Image.new("RGB", (400, 300), (30, 30, 200)).save(path, "JPEG", exif=piexif.dump(exif))
    return path


def test_the_exif_thumbnail_is_used_and_turned_upright(qapp, tmp_path: Path) -> None:
    upright = make_thumbnail(str(photo_with_exif_thumbnail(tmp_path / "a.jpg", 1)), 128)
    assert (upright.width(), upright.height()) == (128, 96)
    assert upright.pixelColor(10, 10).red() > 150  # red: the EXIF thumbnail, not the blue photo
    turned = make_thumbnail(str(photo_with_exif_thumbnail(tmp_path / "b.jpg", 6)), 128)
    assert (turned.width(), turned.height()) == (96, 128)


def test_large_thumbnails_go_to_the_shared_cache_and_follow_the_file(qapp, tmp_path: Path) -> None:
    path = photo_with_exif_thumbnail(tmp_path / "c.jpg", 1)
    make_thumbnail(str(path), LARGE)
    cached = cache_file(str(path))
    assert cached.exists() and oct(cached.stat().st_mode & 0o777) == "0o600"
    from PySide6.QtGui import QImage

    image = QImage(str(cached))
    assert image.text("Thumb::URI") == path.as_uri()
    assert image.text("Thumb::MTime") == str(int(path.stat().st_mtime))
    os.utime(path, (1_700_000_000, 1_700_000_000))  # the photo changed: the cached one is stale
    make_thumbnail(str(path), LARGE)
    assert QImage(str(cached)).text("Thumb::MTime") == "1700000000"


def test_thumbnails_arrive_later_without_blocking(qtbot, tmp_path: Path, threaded_runner: JobRunner) -> None:
    from app.ui.thumbnails import Thumbnails

    path = str(photo_with_exif_thumbnail(tmp_path / "d.jpg", 1))
    loader = Thumbnails(threaded_runner.thumbnails, size=128)
    assert loader.get(path) is None and loader.pending == 1  # asked: nothing yet, work started
    with qtbot.waitSignal(loader.ready, timeout=5_000) as arrived:
        pass
    assert arrived.args == [path] and loader.pending == 0
    assert loader.get(path).width() == 128
