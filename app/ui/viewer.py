"""One photo or video at a time, large: arrow keys to move, Space to pause a video, Shift+arrows to seek,
F for full screen, Esc to close.

Photos of every format (HEIC, RAW previews...) are made off the GUI thread at screen size by the same
path as the thumbnails (:mod:`app.core.pictures`), upright; one that cannot be made says why.  Videos play
with Qt Multimedia when it loads, with a play/pause button, a seek bar, the time and length, and a volume
slider; it needs the PulseAudio client library on Linux, which a machine may lack (``ImportError:
libpulse.so.0``), so it is imported here, lazily, and without it a video is opened in the system's
player instead, with a note saying so. Photos never depend on it.

When the viewer is given the files' records (anything with ``produce_time``, and optionally ``lat``, ``lon``,
``estimated``, ``place`` and ``camera``), an info line says when, where and with what each was shot, and
its file name: the time on the photo's own clock, the place (its name when the record carries
one, else its position), marked when it was estimated, and the camera as people name it ("Apple iPhone 13").
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QDate, QLocale, Qt, QTime, QUrl
from PySide6.QtGui import QDesktopServices, QKeyEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.metadata import VIDEO_EXTENSIONS
from app.ui.i18n import arg
from app.ui.paths import shown
from app.ui.thumbnails import Thumbnails, duration_text
from app.ui.workers import Pool

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
    from PySide6.QtMultimediaWidgets import QVideoWidget

log = logging.getLogger(__name__)
SEEK_STEP_MS = 5_000


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


MAKERS = {"NIKON": "Nikon", "EASTMAN KODAK": "Kodak", "KODAK": "Kodak", "OLYMPUS": "Olympus",
          "OM DIGITAL SOLUTIONS": "OM System", "SAMSUNG": "Samsung", "SONY": "Sony", "FUJIFILM": "Fujifilm",
          "PENTAX": "Pentax", "RICOH": "Ricoh", "CANON": "Canon", "LEICA": "Leica", "HUAWEI": "Huawei",
          "XIAOMI": "Xiaomi", "MOTOROLA": "Motorola", "PANASONIC": "Panasonic", "HMD GLOBAL": "",
          "GOPRO": "GoPro", "HASSELBLAD": "Hasselblad", "SIGMA": "Sigma", "CASIO": "Casio",
          "MINOLTA": "Minolta", "KONICA MINOLTA": "Konica Minolta", "SHARP": "Sharp"}  # fmt: skip
_COMPANY = re.compile(r"[\s,]+(corporation|corp\.?|co\.?|ltd\.?|limited|inc\.?|company|imaging|optical"
                      r"|digital|camera|gmbh|ag|s\.?p\.?a\.?)$", re.IGNORECASE)  # fmt: skip


def camera_text(camera: str) -> str:
    """A camera as people name it, from the stored 'Make|Model|serial': "Apple iPhone 13", "Nikon D70"
    (not "NIKON CORPORATION NIKON D70"); the serial number is left out."""
    make, _, rest = camera.partition("|")
    model = rest.partition("|")[0].strip()
    make = make.strip()
    while _COMPANY.search(make):
        make = _COMPANY.sub("", make)
    make = MAKERS.get(make.upper(), make)  # "" for a maker known by its models alone (HMD: Nokia)
    first = model.split(" ", 1)
    if make and first[0].upper() in (make.upper(), make.split(" ")[0].upper()):
        model = first[1] if len(first) > 1 else ""  # "Canon" + "Canon EOS 40D": the make once
    return " ".join(part for part in (make, model) if part)


def position_text(lat: float, lon: float) -> str:
    return f"{abs(lat):.4f}° {'N' if lat >= 0 else 'S'}, {abs(lon):.4f}° {'E' if lon >= 0 else 'W'}"


class VideoControls(QWidget):
    """Play/pause, a seek bar, the time and length, and the volume, driving one player."""

    def __init__(self, player: QMediaPlayer, audio: QAudioOutput, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.player, self.audio = player, audio
        self._moving = False  # the seek bar is being set from the player, not by the user
        self.toggle = QToolButton()
        self.toggle.setObjectName("viewerPlayPause")
        self.toggle.setAccessibleName(self.tr("Play or pause"))
        self.toggle.clicked.connect(self.play_or_pause)
        self.seek = QSlider(Qt.Orientation.Horizontal)
        self.seek.setObjectName("viewerSeek")
        self.seek.setAccessibleName(self.tr("Position in the video"))
        self.seek.valueChanged.connect(self._seek_to)
        self.time = QLabel("0:00 / 0:00")
        self.time.setObjectName("viewerTime")
        self.time.setAccessibleName(self.tr("Time"))
        volume_label = QLabel("🔊")
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setObjectName("viewerVolume")
        self.volume.setAccessibleName(self.tr("Volume"))
        self.volume.setRange(0, 100)
        self.volume.setValue(round(audio.volume() * 100))
        self.volume.setMaximumWidth(110)
        self.volume.valueChanged.connect(lambda value: self.audio.setVolume(value / 100))
        volume_label.setBuddy(self.volume)
        for control in (self.toggle, self.seek, self.volume):  # arrows keep moving between files
            control.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 0)
        layout.addWidget(self.toggle)
        layout.addWidget(self.seek, 1)
        layout.addWidget(self.time)
        layout.addSpacing(12)
        layout.addWidget(volume_label)
        layout.addWidget(self.volume)
        player.positionChanged.connect(self._position_changed)
        player.durationChanged.connect(self._duration_changed)
        player.playbackStateChanged.connect(lambda _: self._show_state())
        self._show_state()

    def play_or_pause(self) -> None:
        if self.player.isPlaying():
            self.player.pause()
        else:
            self.player.play()

    def step(self, milliseconds: int) -> None:
        target = min(max(0, self.player.position() + milliseconds), max(0, self.player.duration()))
        self.player.setPosition(target)

    def _show_state(self) -> None:
        playing = self.player.isPlaying()
        self.toggle.setText("❚❚" if playing else "▶")
        self.toggle.setToolTip(self.tr("Pause (Space)") if playing else self.tr("Play (Space)"))

    def _duration_changed(self, duration: int) -> None:
        self._moving = True
        self.seek.setRange(0, max(0, duration))
        self.seek.setPageStep(max(1000, duration // 10))
        self._moving = False
        self._show_time()

    def _position_changed(self, position: int) -> None:
        if not self.seek.isSliderDown():
            self._moving = True
            self.seek.setValue(position)
            self._moving = False
        self._show_time()

    def _seek_to(self, value: int) -> None:
        if not self._moving:
            self.player.setPosition(value)

    def _show_time(self) -> None:
        now, length = (
            duration_text(self.player.position() / 1000),
            duration_text(self.player.duration() / 1000),
        )
        self.time.setText(f"{now} / {length}")


class Viewer(QDialog):
    def __init__(
        self,
        paths: list[str],
        index: int,
        pool: Pool,
        parent: QWidget | None = None,
        files: Sequence[Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths, self.index = paths, index
        self.files = {f.path: f for f in files or ()}
        self.setWindowTitle("Tripfold")
        self.setStyleSheet("background: #111; color: #ddd;")
        self.resize(1100, 760)
        self.images = Thumbnails(pool, size=2048, parent=self, budget=96 << 20)  # a few screenfuls
        self.images.ready.connect(self._ready)
        self.picture = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.picture.setObjectName("viewerPicture")
        self.picture.setMinimumSize(1, 1)
        self.picture.setWordWrap(True)
        self.info = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.info.setObjectName("viewerInfo")
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.caption = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.caption.setObjectName("viewerCaption")
        self.multimedia = load_multimedia()
        self.video: QVideoWidget | None = None
        self.player: QMediaPlayer | None = None
        self.controls: VideoControls | None = None
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
            self.controls = VideoControls(player, self.audio, self)
            layout.addWidget(self.controls)
        self.play = QPushButton(self.tr("Open in the system's video player"))
        self.play.setObjectName("openInPlayer")
        self.play.clicked.connect(self.open_externally)
        layout.addWidget(self.play, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.info)
        layout.addWidget(self.caption)
        self._show()

    @property
    def current(self) -> str:
        return self.paths[self.index]

    @property
    def showing_video(self) -> bool:
        record = self.files.get(self.current)
        kind = getattr(record, "kind", None)
        return kind == "video" if kind else self.current.lower().endswith(tuple(VIDEO_EXTENSIONS))

    def open_externally(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(self.current))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        playing_here = self.showing_video and self.controls is not None
        if key == Qt.Key.Key_Space and self.showing_video:
            self._toggle()
        elif shift and playing_here and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            assert self.controls is not None
            self.controls.step(SEEK_STEP_MS if key == Qt.Key.Key_Right else -SEEK_STEP_MS)
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

    def info_text(self, path: str) -> str:
        """When, where and with what the file was shot, from its record, and the file's name; empty
        without a record (the caption names the file then)."""
        name = shown(os.path.basename(path))
        record = self.files.get(path)
        if record is None:
            return ""
        parts = []
        produced = getattr(record, "produce_time", "") or ""
        try:
            when = datetime.fromisoformat(produced)
        except ValueError:
            when = None
        if when is not None:  # the wall clock where it was shot, never converted (SPEC §9)
            locale = QLocale()
            day = locale.toString(QDate(when.year, when.month, when.day), QLocale.FormatType.LongFormat)
            clock = locale.toString(QTime(when.hour, when.minute), QLocale.FormatType.ShortFormat)
            parts.append(f"{day}, {clock}")
        place = getattr(record, "place", "") or ""
        lat, lon = getattr(record, "lat", None), getattr(record, "lon", None)
        if not place and lat is not None and lon is not None:
            place = position_text(lat, lon)
        if place and getattr(record, "estimated", False):
            place = arg(self.tr("≈ %1 (estimated from photos taken nearby in time)"), place)
        if place:
            parts.append(place)
        camera = camera_text(getattr(record, "camera", "") or "")
        if camera:
            parts.append(camera)
        parts.append(name)
        return "   ·   ".join(parts)

    def _show(self) -> None:
        path = self.current
        video = self.showing_video
        playing_here = video and self.player is not None
        self.play.setVisible(video)
        if self.video is not None:
            self.video.setVisible(playing_here)
        if self.controls is not None:
            self.controls.setVisible(playing_here)
        self.picture.setVisible(not playing_here)
        info = self.info_text(path)
        self.info.setText(info)
        self.info.setVisible(bool(info))
        where = arg(self.tr("%1 of %2"), self.index + 1, len(self.paths))
        if video:
            keys = self.tr("← → to move · Space to pause · Shift+← → to seek · F full screen · Esc")
        else:
            keys = self.tr("← → to move · F full screen · Esc")
        name = "" if info else f"{shown(os.path.basename(path))}   "  # else the info line names it
        self.caption.setText(f"{name}{where}   {keys}")
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
        if self.controls is None:
            self.open_externally()
        else:
            self.controls.play_or_pause()

    def done(self, result: int) -> None:
        if self.player is not None:
            self.player.stop()  # closing the viewer stops the sound too
        super().done(result)

    def _ready(self, path: str) -> None:
        if path != self.current or self.showing_video:
            return
        tile = self.images.tile(path)
        if tile is None:
            return
        if tile.image.isNull():
            message = self.tr("This photo cannot be shown.")
            self.picture.setText(f"{message}\n{tile.reason}" if tile.reason else message)
            return
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap.fromImage(tile.image).scaled(
            self.picture.size() * ratio,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        pixmap.setDevicePixelRatio(ratio)
        self.picture.setPixmap(pixmap)
