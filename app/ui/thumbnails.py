"""Thumbnails made off the GUI thread, from the EXIF thumbnail when the photo has one, cached on disk.

The embedded EXIF thumbnail costs 0.6 ms where a scaled decode of a 12 MP JPEG costs 60 ms, so it is
tried first; it is stored unrotated, so the photo's EXIF orientation is applied to it.  Otherwise
QImageReader decodes at a reduced size and applies the orientation itself.  Grid thumbnails are kept
in the freedesktop.org thumbnail cache (``~/.cache/thumbnails/large``, named by the MD5 of the file's
URI, with its URI and modification time inside), which file managers share.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from PySide6.QtCore import QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import QImage, QImageReader, QPainter, QTransform

from app.ui.workers import Job, Pool

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


def scaled_decode(path: str, size: int) -> QImage | None:
    reader = QImageReader(path)
    reader.setAutoTransform(True)  # EXIF orientation
    original = reader.size()
    if original.isValid() and max(original.width(), original.height()) > size:
        reader.setScaledSize(original.scaled(QSize(size, size), Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return None if image.isNull() else image


LARGE = 256  # the freedesktop "large" flavour


def cache_file(path: str) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    uri = Path(path).as_uri()
    return base / "thumbnails" / "large" / f"{hashlib.md5(uri.encode()).hexdigest()}.png"


def cached_thumbnail(path: str) -> QImage | None:
    """The shared cache's thumbnail when it is of this very file version."""
    try:
        mtime = str(int(os.stat(path).st_mtime))
    except OSError:
        return None
    image = QImage(str(cache_file(path)))
    if image.isNull() or image.text("Thumb::MTime") != mtime:
        return None
    return image


def store_thumbnail(path: str, image: QImage) -> None:
    target = cache_file(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        image.setText("Thumb::URI", Path(path).as_uri())
        image.setText("Thumb::MTime", str(int(os.stat(path).st_mtime)))
        image.setText("Software", "Tripfold")
        temporary = target.with_name(f".{target.name}.{os.getpid()}.png")
        if image.save(str(temporary)):  # PNG, by the suffix (the stubs want bytes, PySide wants str)
            os.chmod(temporary, 0o600)
            os.replace(temporary, target)
    except OSError:
        pass  # an unwritable cache only costs speed


def make_thumbnail(path: str, size: int) -> QImage | None:
    if size == LARGE:
        cached = cached_thumbnail(path)
        if cached is not None:
            return cached
        image = _make(path, size)
        if image is not None:
            store_thumbnail(path, image)
        return image
    return _make(path, size)


def _make(path: str, size: int) -> QImage | None:
    image = exif_thumbnail(path) if path.lower().endswith((".jpg", ".jpeg", ".jpe")) else None
    if image is None or max(image.width(), image.height()) < size // 2:
        image = scaled_decode(path, size) or image
    if image is not None and max(image.width(), image.height()) > size:
        image = image.scaled(
            size, size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
    return image


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
        self._images: dict[str, QImage] = {}
        self._pending: dict[str, Job] = {}

    @property
    def pending(self) -> int:
        return len(self._pending)

    def get(self, path: str) -> QImage | None:
        image = self._images.get(path)
        if image is None and path and path not in self._pending:
            size = self.size

            def decode(**_: object) -> QImage:
                made = make_thumbnail(path, size)
                return made if made is not None else QImage()

            job = self._pending[path] = Job(decode, name=f"thumbnail of {path}")
            job.signals.done.connect(lambda image: self._arrived(path, image))
            job.signals.finished.connect(lambda: self._pending.pop(path, None))
            self.pool.start(job)
            image = self._images.get(path)  # a synchronous pool has already made it
        return image

    def _arrived(self, path: str, image: QImage) -> None:
        self._pending.pop(path, None)
        self._images[path] = image
        self.ready.emit(path)


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
