"""The viewer where Qt Multimedia cannot load (no libpulse): photos still show, videos go to the
system's player with a note saying why."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from app.ui.viewer import Viewer
from app.ui.workers import JobRunner
from tests.factories.photos import make_jpeg


class Opened(QObject):
    """Stands in for the desktop's file opener (QDesktopServices' own hook for it)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_without_qt_multimedia_photos_show_and_videos_open_in_the_system_player(
    qtbot, tmp_path: Path, runner: JobRunner, monkeypatch
) -> None:
    for name in ("PySide6.QtMultimedia", "PySide6.QtMultimediaWidgets"):
        monkeypatch.setitem(sys.modules, name, None)  # import fails, as where libpulse.so.0 is missing
    photo = str(make_jpeg(tmp_path / "a.jpg", pixels=(64, 48), datetime_original=datetime(2024, 3, 3, 9)))
    clip = tmp_path / "My Clip.mp4"
    clip.write_bytes(b"not played here")
    opened = Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        viewer = Viewer([photo, str(clip)], 0, runner.thumbnails, None)
        qtbot.addWidget(viewer)
        viewer.show()
        assert viewer.multimedia is None and viewer.player is None
        assert not viewer.picture.pixmap().isNull()  # the photo is shown
        qtbot.keyClick(viewer, Qt.Key.Key_Right)
        assert viewer.current == str(clip) and viewer.play.isVisible()
        assert "system's video player" in viewer.picture.text()
        assert viewer.picture.pixmap().isNull() and opened.urls == []  # nothing opens by itself
        qtbot.keyClick(viewer, Qt.Key.Key_Space)
        qtbot.mouseClick(viewer.play, Qt.MouseButton.LeftButton)
        assert [url.toLocalFile() for url in opened.urls] == [str(clip), str(clip)]
        qtbot.keyClick(viewer, Qt.Key.Key_Left)
        assert viewer.current == photo and not viewer.play.isVisible()
    finally:
        QDesktopServices.unsetUrlHandler("file")
