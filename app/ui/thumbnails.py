"""Thumbnails made off the GUI thread, of every format (SPEC §11), cached on disk.

A JPEG's embedded EXIF thumbnail costs 0.6 ms where a decode costs 15 ms or more, so it is tried first;
it is stored unrotated, so the photo's EXIF orientation is applied to it.  Everything else goes through
:func:`app.core.pictures.open_picture`, the one path the viewer and the stories use too: a JPEG decoded
at a reduced size, HEIC, RAW previews, a video's poster frame with its length.  A file with no picture
gets a :class:`Tile` with the reason, which the grid paints as a placeholder.  Grid thumbnails are kept
in the freedesktop.org thumbnail cache (``~/.cache/thumbnails/large``, named by the MD5 of the file's
URI, with its URI, modification time and, for a video, its length inside), which file managers share.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPainter, QTransform

from app.core.metadata import kind_of
from app.core.pictures import PictureError, open_picture
from app.ui.workers import Job, Pool

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

# EXIF orientation -> (rotation in degrees, mirrored)
_ORIENT = {2: (0, True), 3: (180, False), 4: (180, True), 5: (90, True), 6: (90, False), 7: (270, True),
           8: (270, False)}  # fmt: skip


def exif_thumbnail(path: str) -> QImage | None:
    """The thumbnail embedded in a JPEG's EXIF (IFD1), turned upright; None when there is none."""
    try:
        import piexif

        data = piexif.load(path)
    except Exception:
        return None
    blob = data.get("thumbnail")
    if not blob:
        return None
    image = QImage.fromData(blob)
    if image.isNull():
        return None
    orientation = data.get("0th", {}).get(274, 1)
    rotation, mirrored = _ORIENT.get(orientation, (0, False))
    if mirrored:
        image = image.flipped(Qt.Orientation.Horizontal)
    if rotation:
        image = image.transformed(QTransform().rotate(rotation))
    return image


def qimage_of(image: PILImage) -> QImage:
    """A Pillow RGB/RGBA image as a QImage that owns its pixels (safe to hand to the GUI thread)."""
    if image.mode == "RGBA":
        data, fmt, depth = image.tobytes("raw", "RGBA"), QImage.Format.Format_RGBA8888, 4
    else:
        data, fmt, depth = image.convert("RGB").tobytes("raw", "RGB"), QImage.Format.Format_RGB888, 3
    return QImage(data, image.width, image.height, image.width * depth, fmt).copy()


@dataclass(frozen=True)
class Tile:
    """What a tile shows: the picture (null when there is none and then ``reason`` says why), and for a
    video its length in seconds."""

    image: QImage
    kind: str = "photo"
    duration: float | None = None
    reason: str = ""


def picture_tile(path: str, size: int) -> Tile:
    """The tile of ``path`` at ``size`` through the shared picture path; never raises."""
    kind = kind_of(path) or "photo"
    try:
        picture = open_picture(path, size)
    except PictureError as exc:
        return Tile(QImage(), kind, None, str(exc))
    return Tile(qimage_of(picture.image), picture.kind, picture.duration)


LARGE = 256  # the freedesktop "large" flavour


def cache_file(path: str) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    uri = Path(path).as_uri()
    return base / "thumbnails" / "large" / f"{hashlib.md5(uri.encode()).hexdigest()}.png"


def cached_thumbnail(path: str) -> QImage | None:
    tile = cached_tile(path)
    return tile.image if tile is not None else None


def cached_tile(path: str) -> Tile | None:
    """The shared cache's thumbnail when it is of this very file version."""
    try:
        mtime = str(int(os.stat(path).st_mtime))
    except OSError:
        return None
    image = QImage(str(cache_file(path)))
    if image.isNull() or image.text("Thumb::MTime") != mtime:
        return None
    length = image.text("Thumb::Movie::Length")
    duration = float(length) if length.replace(".", "", 1).isdigit() else None
    return Tile(image, "video" if duration is not None else kind_of(path) or "photo", duration)


def store_thumbnail(path: str, image: QImage, duration: float | None = None) -> None:
    target = cache_file(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        image.setText("Thumb::URI", Path(path).as_uri())
        image.setText("Thumb::MTime", str(int(os.stat(path).st_mtime)))
        image.setText("Software", "Tripfold")
        if duration is not None:
            image.setText("Thumb::Movie::Length", f"{duration:.3f}")
        temporary = target.with_name(f".{target.name}.{os.getpid()}.png")
        if image.save(str(temporary)):  # PNG, by the suffix (the stubs want bytes, PySide wants str)
            os.chmod(temporary, 0o600)
            os.replace(temporary, target)
    except OSError:
        pass  # an unwritable cache only costs speed


def make_thumbnail(path: str, size: int) -> QImage | None:
    """The thumbnail's picture, or None when the file has none (:func:`make_tile` says why)."""
    image = make_tile(path, size).image
    return None if image.isNull() else image


def make_tile(path: str, size: int) -> Tile:
    if size == LARGE:
        cached = cached_tile(path)
        if cached is not None:
            return cached
        tile = _make(path, size)
        if not tile.image.isNull():
            store_thumbnail(path, tile.image, tile.duration)
        return tile
    return _make(path, size)


def _make(path: str, size: int) -> Tile:
    image = exif_thumbnail(path) if path.lower().endswith((".jpg", ".jpeg", ".jpe")) else None
    if image is not None and max(image.width(), image.height()) >= size // 2:
        if max(image.width(), image.height()) > size:
            image = image.scaled(
                size, size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        return Tile(image)
    tile = picture_tile(path, size)
    if tile.image.isNull() and image is not None:  # a damaged photo whose EXIF thumbnail survived
        return Tile(image, tile.kind)
    return tile


class Thumbnails(QObject):
    """Asks for a thumbnail with :meth:`get`; None until it is ready, then :attr:`ready` fires.

    Decodes run on the ``pool`` it is given (the runner's thumbnail pool); they return a QImage, and
    only the GUI thread turns it into a pixmap.
    """

    ready = Signal(str)

    def __init__(self, pool: Pool, size: int = LARGE, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.size = size
        self.pool = pool
        self._tiles: dict[str, Tile] = {}
        self._pending: dict[str, Job] = {}

    @property
    def pending(self) -> int:
        return len(self._pending)

    def get(self, path: str) -> QImage | None:
        """The picture (a null QImage when the file has none), or None while it is being made."""
        tile = self.tile(path)
        return tile.image if tile is not None else None

    def tile(self, path: str) -> Tile | None:
        """The tile of ``path``, or None while it is being made (asking starts the work)."""
        tile = self._tiles.get(path)
        if tile is None and path and path not in self._pending:
            size = self.size

            def decode(**_: object) -> Tile:
                return make_tile(path, size)

            job = self._pending[path] = Job(decode, name=f"thumbnail of {path}")
            job.signals.done.connect(lambda tile: self._arrived(path, tile))
            job.signals.finished.connect(lambda: self._pending.pop(path, None))
            self.pool.start(job)
            tile = self._tiles.get(path)  # a synchronous pool has already made it
        return tile

    def reason(self, path: str) -> str:
        """Why ``path`` has no picture, once that is known; empty otherwise."""
        tile = self._tiles.get(path)
        return tile.reason if tile is not None else ""

    def _arrived(self, path: str, tile: Tile) -> None:
        self._pending.pop(path, None)
        self._tiles[path] = tile
        self.ready.emit(path)


def duration_text(seconds: float) -> str:
    """A video's length as players show it: 0:04, 12:30, 1:02:03."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def draw_filled(painter: QPainter, rect: QRect, image: QImage) -> None:
    """Draw ``image`` filling ``rect`` (cropped to its shape), at the screen's real pixel density so
    thumbnails stay sharp on high-DPI displays."""
    ratio = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
    pixels = QSize(round(rect.width() * ratio), round(rect.height() * ratio))
    scaled = image.scaled(
        pixels, Qt.AspectRatioMode.KeepAspectRatioByExpanding, Qt.TransformationMode.SmoothTransformation
    )
    source = QRect(0, 0, pixels.width(), pixels.height())
    source.moveCenter(scaled.rect().center())
    painter.drawImage(rect, scaled, source)
