"""One photo or video at a time, large: arrow keys to move, Space to pause a video, F for full screen,
Esc to close.

Photos are decoded off the GUI thread at screen size (with their EXIF orientation). Videos play with
Qt Multimedia when it loads; it needs the PulseAudio client library on Linux, which a machine may lack
(``ImportError: libpulse.so.0``), so it is imported here, lazily, and without it a video is opened in
the system's player instead, with a note saying so. Photos never depend on it.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeyEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from app.ui.i18n import arg
from app.ui.paths import shown
from app.ui.thumbnails import Thumbnails
from app.ui.workers import Pool

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
    from PySide6.QtMultimediaWidgets import QVideoWidget

VIDEO_EXTENSIONS = (".mp4", ".mov", ".m4v", ".3gp", ".3g2", ".mts", ".m2ts", ".avi")
log = logging.getLogger(__name__)


class Multimedia(NamedTuple):
    """Qt Multimedia's classes, imported only when it can load."""

    QAudioOutput: type[QAudioOutput]
    QMediaPlayer: type[QMediaPlayer]
    QVideoWidget: type[QVideoWidget]


def load_multimedia() -> Multimedia | None:
    """Qt Multimedia's player classes, or None (with the reason logged) where they cannot load."""
    try:
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
        from PySide6.QtMultimediaWidgets import QVideoWidget
    except ImportError as exc:
        log.info("Qt Multimedia is not available, videos open in the system's player: %s", exc)
        return None
    return Multimedia(QAudioOutput=QAudioOutput, QMediaPlayer=QMediaPlayer, QVideoWidget=QVideoWidget)


class Viewer(QDialog):
    def __init__(self, paths: list[str], index: int, pool: Pool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths, self.index = paths, index
        self.setWindowTitle("Tripfold")
        self.setStyleSheet("background: #111; color: #ddd;")
        self.resize(1100, 760)
        self.images = Thumbnails(pool, size=2048, parent=self)
        self.images.ready.connect(self._ready)
        self.picture = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.picture.setObjectName("viewerPicture")
        self.picture.setMinimumSize(1, 1)
        self.picture.setWordWrap(True)
        self.caption = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.caption.setObjectName("viewerCaption")
        self.multimedia = load_multimedia()
        self.video: QVideoWidget | None = None
        self.player: QMediaPlayer | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.picture, 1)
        if self.multimedia is not None:
            self.video = video = self.multimedia.QVideoWidget()
            video.setObjectName("viewerVideo")
            self.player = player = self.multimedia.QMediaPlayer(self)
            self.audio = self.multimedia.QAudioOutput(self)
            player.setAudioOutput(self.audio)
            player.setVideoOutput(video)
            layout.addWidget(video, 1)
        self.play = QPushButton(self.tr("Open in the system's video player"))
        self.play.setObjectName("openInPlayer")
        self.play.clicked.connect(self.open_externally)
        layout.addWidget(self.play, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.caption)
        self._show()

    @property
    def current(self) -> str:
        return self.paths[self.index]

    @property
    def showing_video(self) -> bool:
        return self.current.lower().endswith(VIDEO_EXTENSIONS)

    def open_externally(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(self.current))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Space and self.showing_video:
            self._toggle()
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Space) and self.index < len(self.paths) - 1:
            self.index += 1
            self._show()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Backspace) and self.index > 0:
            self.index -= 1
            self._show()
        elif key == Qt.Key.Key_F and self.isFullScreen():
            self.showNormal()
        elif key == Qt.Key.Key_F:
            self.showFullScreen()
        else:
            super().keyPressEvent(event)  # Esc closes

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._ready(self.current)

    def _show(self) -> None:
        path = self.current
        video = self.showing_video
        playing_here = video and self.player is not None
        self.play.setVisible(video)
        if self.video is not None:
            self.video.setVisible(playing_here)
        self.picture.setVisible(not playing_here)
        where = arg(self.tr("%1 of %2"), self.index + 1, len(self.paths))
        if video:
            keys = self.tr("← → to move · Space to pause · F full screen · Esc")
        else:
            keys = self.tr("← → to move · F full screen · Esc")
        self.caption.setText(f"{shown(os.path.basename(path))}   {where}   {keys}")
        if self.player is not None:
            self.player.stop()
        if video and self.player is not None:  # playing here
            self.player.setSource(QUrl.fromLocalFile(path))
            self.player.play()
        elif video:
            self.picture.setPixmap(QPixmap())
            self.picture.setText(
                self.tr(
                    "This video opens in your system's video player: playing it here needs Qt Multimedia, "
                    "which could not be loaded on this computer."
                )
            )
        else:
            self.picture.setText(self.tr("Loading…"))
            self.picture.setPixmap(QPixmap())
            self._ready(path)

    def _toggle(self) -> None:
        if self.player is None:
            self.open_externally()
        elif self.player.isPlaying():
            self.player.pause()
        else:
            self.player.play()

    def done(self, result: int) -> None:
        if self.player is not None:
            self.player.stop()  # closing the viewer stops the sound too
        super().done(result)

    def _ready(self, path: str) -> None:
        if path != self.current or self.showing_video:
            return
        image = self.images.get(path)
        if image is None:
            return
        if image.isNull():
            self.picture.setText(self.tr("This photo cannot be shown"))
            return
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap.fromImage(image).scaled(
            self.picture.size() * ratio,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        pixmap.setDevicePixelRatio(ratio)
        self.picture.setPixmap(pixmap)
