"""One photo or video at a time, large: arrow keys to move, Space to pause a video, F for full screen,
Esc to close.

Photos are decoded off the GUI thread at screen size (with their EXIF orientation); videos play with
Qt Multimedia, and a button still opens them in the system's player.
"""

from __future__ import annotations

import os

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeyEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from app.ui.thumbnails import Thumbnails

VIDEO_EXTENSIONS = (".mp4", ".mov", ".m4v", ".3gp", ".3g2", ".mts", ".m2ts", ".avi")


class Viewer(QDialog):
    def __init__(self, paths: list[str], index: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths, self.index = paths, index
        self.setWindowTitle("Tripfold")
        self.setStyleSheet("background: #111; color: #ddd;")
        self.resize(1100, 760)
        self.images = Thumbnails(size=2048, parent=self)
        self.images.ready.connect(self._ready)
        self.picture = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.picture.setObjectName("viewerPicture")
        self.picture.setMinimumSize(1, 1)
        self.caption = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.caption.setObjectName("viewerCaption")
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
        from PySide6.QtMultimediaWidgets import QVideoWidget

        self.video = QVideoWidget()
        self.video.setObjectName("viewerVideo")
        self.player = QMediaPlayer(self)
        self.audio = QAudioOutput(self)
        self.player.setAudioOutput(self.audio)
        self.player.setVideoOutput(self.video)
        self.play = QPushButton("Open in the system's video player")
        self.play.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(self.current)))
        layout = QVBoxLayout(self)
        layout.addWidget(self.picture, 1)
        layout.addWidget(self.video, 1)
        layout.addWidget(self.play, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.caption)
        self._show()

    @property
    def current(self) -> str:
        return self.paths[self.index]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Space and self.video.isVisible():
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
        from PySide6.QtCore import QUrl

        path = self.current
        video = path.lower().endswith(VIDEO_EXTENSIONS)
        self.play.setVisible(video)
        self.video.setVisible(video)
        self.picture.setVisible(not video)
        where = f"{self.index + 1} of {len(self.paths)}"
        keys = "Space to pause · " if video else ""
        self.caption.setText(f"{os.path.basename(path)}   {where}   ← → to move · {keys}F full screen · Esc")
        self.player.stop()
        if video:
            self.player.setSource(QUrl.fromLocalFile(path))
            self.player.play()
        else:
            self.picture.setText("Loading…")
            self.picture.setPixmap(QPixmap())
            self._ready(path)

    def _toggle(self) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.player.pause()
        else:
            self.player.play()

    def done(self, result: int) -> None:
        self.player.stop()  # closing the viewer stops the sound too
        super().done(result)

    def _ready(self, path: str) -> None:
        if path != self.current:
            return
        image = self.images.get(path)
        if image is None:
            return
        if image.isNull():
            self.picture.setText("This photo cannot be shown")
            return
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap.fromImage(image).scaled(
            self.picture.size() * ratio,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        pixmap.setDevicePixelRatio(ratio)
        self.picture.setPixmap(pixmap)
