"""One photo at a time, large: arrow keys to move, Esc to close, F for full screen.

Photos are decoded off the GUI thread at screen size (with their EXIF orientation); a video shows its
name and opens in the system's player, since playing it inside needs Qt Multimedia (PySide6-Addons).
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
        self.play = QPushButton("Play in the system's video player")
        self.play.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(self.current)))
        layout = QVBoxLayout(self)
        layout.addWidget(self.picture, 1)
        layout.addWidget(self.play, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.caption)
        self._show()

    @property
    def current(self) -> str:
        return self.paths[self.index]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Space) and self.index < len(self.paths) - 1:
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
        video = path.lower().endswith(VIDEO_EXTENSIONS)
        self.play.setVisible(video)
        where = f"{self.index + 1} of {len(self.paths)}"
        self.caption.setText(f"{os.path.basename(path)}   {where}   ← → to move · F full screen · Esc")
        self.picture.setText("Video" if video else "Loading…")
        self.picture.setPixmap(QPixmap())
        if not video:
            self._ready(path)

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
