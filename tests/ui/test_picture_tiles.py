"""Every format seen in the window (SPEC §11): grid tiles of HEIC and video files, a named placeholder for a
file without a picture, and the viewer's video controls and info line."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from app.ui.photo_grid import PATH, PhotoGrid
from app.ui.thumbnails import Thumbnails, make_tile
from app.ui.viewer import Viewer
from app.ui.workers import JobRunner
from tests.core.test_pictures import make_clip

GOOD = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "good"
HEIC = GOOD / "immich__IMG_2682.heic"
needs_corpus = pytest.mark.skipif(not HEIC.exists(), reason=f"the shared corpus is not at {GOOD}")


@dataclass(frozen=True)
class Shot:
    path: str
    produce_time: str
    lat: float | None = None
    lon: float | None = None
    estimated: bool = False
    kind: str = "photo"


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # not the user's thumbnail cache


def grid_of(qtbot, runner: JobRunner, shots: list[Shot]) -> PhotoGrid:
    thumbnails = Thumbnails(runner.thumbnails)
    grid = PhotoGrid(thumbnails, runner.thumbnails)
    qtbot.addWidget(grid)
    grid.resize(720, 260)
    grid.files.set_files(shots, lambda day: day.isoformat())
    grid.show()
    qtbot.waitExposed(grid)
    return grid


def rendered(grid: PhotoGrid) -> QImage:
    """The grid's viewport as painted, in the coordinates of its items' rectangles."""
    image = grid.viewport().grab().toImage()
    return image.scaled(grid.viewport().size())  # device pixels to logical ones


@needs_corpus
def test_heic_and_video_tiles_have_pictures_and_a_broken_file_its_name(
    qtbot, tmp_path: Path, runner: JobRunner
) -> None:
    clip = make_clip(tmp_path / "clip.mp4", seconds=4.0, black_seconds=0)
    broken = tmp_path / "Broken photo.cr2"
    broken.write_bytes(b"II*\0" + bytes(60))
    shots = [Shot(str(HEIC), "2024-03-03T09:00:00+08:00"),
             Shot(str(clip), "2024-03-03T09:05:00+08:00", kind="video"),
             Shot(str(broken), "2024-03-03T09:10:00+08:00")]  # fmt: skip
    grid = grid_of(qtbot, runner, shots)
    image = rendered(grid)
    image.save(os.environ.get("TRIPFOLD_GRID_PNG") or str(tmp_path / "grid.png"))
    cells = {grid.files.index(r).data(PATH): grid.visualRect(grid.files.index(r)) for r in (1, 2, 3)}
    heic, video, placeholder = (cells[s.path].adjusted(3, 3, -3, -3) for s in shots)
    background = grid.palette().color(grid.palette().ColorRole.AlternateBase)
    # the HEIC tile is a picture, not the grey it had before
    assert image.pixelColor(heic.center()) != background
    # the video tile: a white play mark in its middle and its length in the corner
    assert image.pixelColor(video.center()).lightness() > 240
    assert grid.delegate.thumbnails.tile(str(clip)).duration == pytest.approx(4.0, abs=0.15)
    # the broken tile: its format and name drawn on the grey, and why in its tooltip
    tile = grid.delegate.thumbnails.tile(str(broken))
    assert tile.image.isNull() and tile.reason
    inked = {image.pixel(x, y) for x in range(placeholder.left(), placeholder.right(), 2)
             for y in range(placeholder.top(), placeholder.bottom(), 2)}  # fmt: skip
    assert len(inked) > 3
    assert tile.reason in grid.files.index(3).data(Qt.ItemDataRole.ToolTipRole)


@needs_corpus
def test_tiles_of_every_kind_are_made_and_videos_keep_their_length_in_the_cache(tmp_path: Path, qapp) -> None:
    for name in ("immich__IMG_2682.heic", "exiv2__Canon-R6-pruned.CR3", "mei__with-gps.mov"):
        tile = make_tile(str(GOOD / name), 256)
        assert not tile.image.isNull() and max(tile.image.width(), tile.image.height()) == 256, name
    portrait = make_tile(str(GOOD / "mei__with-gps.mov"), 256)
    assert portrait.image.height() > portrait.image.width() and portrait.kind == "video"
    again = make_tile(str(GOOD / "mei__with-gps.mov"), 256)  # from the freedesktop cache this time
    assert again.duration == pytest.approx(portrait.duration, abs=0.01) and again.kind == "video"


@needs_corpus
def test_the_viewer_shows_a_heic_with_when_and_where(qtbot, runner: JobRunner) -> None:
    shot = Shot(str(HEIC), "2019-03-21T11:04:22-05:00", lat=41.2203, lon=-96.071625, estimated=True)
    viewer = Viewer([shot.path], 0, runner.thumbnails, None, files=[shot])
    qtbot.addWidget(viewer)
    viewer.show()
    assert not viewer.picture.pixmap().isNull()
    info = viewer.info.text()
    assert "2019" in info and "11:04" in info and "41.2203° N, 96.0716° W" in info and "≈" in info


def test_the_viewer_says_why_a_photo_cannot_be_shown(qtbot, tmp_path: Path, runner: JobRunner) -> None:
    broken = tmp_path / "cut.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0" + bytes(40))
    viewer = Viewer([str(broken)], 0, runner.thumbnails, None)
    qtbot.addWidget(viewer)
    viewer.show()
    text = viewer.picture.text()
    assert text.startswith("This photo cannot be shown.") and len(text.splitlines()) == 2
    assert viewer.info.isHidden()  # no record given, no info line


def test_the_viewer_has_a_seek_bar_time_and_volume_for_videos(
    qtbot, tmp_path: Path, runner: JobRunner
) -> None:
    try:
        from PySide6.QtMultimedia import QMediaPlayer
    except ImportError as exc:  # e.g. libpulse.so.0 missing: the viewer opens videos in the system player
        pytest.skip(f"Qt Multimedia cannot load on this machine ({exc})")
    clip = str(make_clip(tmp_path / "clip.mp4", seconds=6.0, black_seconds=0))
    viewer = Viewer([clip], 0, runner.thumbnails, None)
    qtbot.addWidget(viewer)
    viewer.show()
    controls = viewer.controls
    assert controls is not None and controls.isVisible()
    qtbot.waitUntil(lambda: viewer.player.duration() > 5_000, timeout=10_000)
    assert controls.seek.maximum() == viewer.player.duration()
    assert controls.time.text().endswith("/ 0:06")
    qtbot.keyClick(viewer, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: viewer.player.playbackState() == QMediaPlayer.PlaybackState.PausedState)
    controls.seek.setValue(3_000)  # as a drag or a click on the bar does
    qtbot.waitUntil(lambda: abs(viewer.player.position() - 3_000) < 600, timeout=5_000)
    qtbot.waitUntil(lambda: controls.time.text().startswith("0:03"), timeout=5_000)
    qtbot.keyClick(viewer, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)  # 5 s on, held at the end
    qtbot.waitUntil(lambda: viewer.player.position() > 5_000, timeout=5_000)
    controls.volume.setValue(25)
    assert viewer.audio.volume() == pytest.approx(0.25, abs=0.01)
    assert all(w.accessibleName() for w in (controls.toggle, controls.seek, controls.volume))
    qtbot.keyClick(viewer, Qt.Key.Key_Escape)
    assert not viewer.isVisible()
    assert viewer.player.playbackState() == QMediaPlayer.PlaybackState.StoppedState
