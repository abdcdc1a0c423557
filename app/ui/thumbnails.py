"""Thumbnails made off the GUI thread, of every format (SPEC §11), kept in memory and on disk.

A JPEG's embedded EXIF thumbnail costs 0.6 ms where a decode costs 15 ms or more, so it is tried first
when it is at least half the size asked; it is stored unrotated, so the photo's EXIF orientation is
applied to it.  A JPEG without one is read by Qt at a reduced size (``QImageReader.setScaledSize``: DCT
scaling, then a smooth step), which measured faster than Pillow's ``draft()`` through the shared path:
``python -m tests.bench.bench_thumbnails`` (2 shared CPUs, median of 9 interleaved rounds), generated 12 MP
JPEGs 81.5 against 101.8 ms at 256 px and 99.2 against 123.0 ms at 512; the corpus's 29 JPEGs 155 against
201 ms at 256 and 199 against 289 ms at 512 (Pillow's path also turns and resamples in Python-visible
steps).  Everything else, and a JPEG Qt cannot decode, goes through :func:`app.core.pictures.open_picture`,
the one path the viewer and the stories use: HEIC, RAW previews, a video's poster frame with its length.
A file with no picture gets a :class:`Tile` with the reason, which the grid paints as a placeholder.

Sizes follow the freedesktop.org thumbnail cache (``~/.cache/thumbnails/large``, ``x-large``,
``xx-large``: 256, 512 and 1024 pixels, named by the MD5 of the file's URI, with its URI, modification time
and, for a video, its length inside), which file managers share: a card's cover drawn 400 px wide asks for
512, or 1024 at a pixel ratio of 2, so it is not soft.  The window writes a new thumbnail there after
showing it, at low priority.  In memory, :class:`Thumbnails` keeps tiles by (path, size, pixel ratio) in a
:class:`TileCache` bounded by bytes (256 MB), decodes the newest request first, lets a JPEG's EXIF thumbnail
stand in while its larger picture is made, and drops requests for rows scrolled out of view.
"""

from __future__ import annotations

import hashlib
import math
import os
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import QImage, QImageReader, QPainter, QTransform

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


def scaled_jpeg(path: str, size: int) -> QImage | None:
    """A JPEG decoded by Qt at a reduced size (DCT scaling, then a smooth step), turned by its EXIF
    orientation; None for anything else or a file Qt cannot decode (the shared path then says why)."""
    reader = QImageReader(path)
    if reader.format().data() != b"jpeg":
        return None
    reader.setAutoTransform(True)
    scaled = reader.size()
    longest = max(scaled.width(), scaled.height())
    if scaled.isValid() and longest > size:  # never enlarged
        # JPEG decodes at 1/2, 1/4 or 1/8 of its size at once; a size just under the one asked (a 12 MP
        # photo's 500 px for 512) is kept rather than decoded twice as large and scaled down: half the time
        target = next((longest // d for d in (8, 4, 2) if 0.8 * size <= longest / d < size), size)
        scaled.scale(target, target, Qt.AspectRatioMode.KeepAspectRatio)
        reader.setScaledSize(scaled)
    image = reader.read()
    return None if image.isNull() else image


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
    unsaved: bool = False  # made, not read from the shared cache, and not written there yet


def picture_tile(path: str, size: int) -> Tile:
    """The tile of ``path`` at ``size`` through the shared picture path; never raises."""
    kind = kind_of(path) or "photo"
    try:
        picture = open_picture(path, size)
    except PictureError as exc:
        return Tile(QImage(), kind, None, str(exc))
    return Tile(qimage_of(picture.image), picture.kind, picture.duration)


LARGE = 256  # the freedesktop "large" flavour, and the smallest picture a window asks for
FLAVOURS = {256: "large", 512: "x-large", 1024: "xx-large"}  # pixel size -> the shared cache's folder
MEMORY_BUDGET = 256 << 20  # bytes of decoded tiles a window keeps (about 1,000 of 512 pixels)


def flavour(pixels: float, smallest: int = LARGE) -> int:
    """The size to make a picture at for ``pixels`` on screen: ``smallest`` when that is enough, else the
    shared cache's next flavour (512, 1024), else exactly ``pixels`` (a viewer's screen-sized picture)."""
    if pixels <= smallest:
        return smallest
    for size in FLAVOURS:
        if size >= smallest and pixels <= size:
            return size
    return math.ceil(pixels)


def cache_file(path: str, size: int = LARGE) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    uri = Path(path).as_uri()
    return base / "thumbnails" / FLAVOURS[size] / f"{hashlib.md5(uri.encode()).hexdigest()}.png"


def cached_thumbnail(path: str, size: int = LARGE) -> QImage | None:
    tile = cached_tile(path, size)
    return tile.image if tile is not None else None


def cached_tile(path: str, size: int = LARGE) -> Tile | None:
    """The shared cache's thumbnail when it is of this very file version."""
    try:
        mtime = str(int(os.stat(path).st_mtime))
    except OSError:
        return None
    image = QImage(str(cache_file(path, size)))
    if image.isNull() or image.text("Thumb::MTime") != mtime:
        return None
    length = image.text("Thumb::Movie::Length")
    duration = float(length) if length.replace(".", "", 1).isdigit() else None
    return Tile(image, "video" if duration is not None else kind_of(path) or "photo", duration)


def store_thumbnail(path: str, image: QImage, duration: float | None = None, size: int = LARGE) -> None:
    target = cache_file(path, size)
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        image.setText("Thumb::URI", Path(path).as_uri())
        image.setText("Thumb::MTime", str(int(os.stat(path).st_mtime)))
        image.setText("Software", "Tripfold")
        if duration is not None:
            image.setText("Thumb::Movie::Length", f"{duration:.3f}")
        temporary = target.with_name(f".{target.name}.{os.getpid()}.png")
        # zlib level 1 (Qt's quality 80): a 512-pixel PNG in a third of the default's time, 7% larger
        if image.save(str(temporary), "PNG", 80):  # type: ignore[call-overload]  # str, whatever the stubs say
            os.chmod(temporary, 0o600)
            os.replace(temporary, target)
    except OSError:
        pass  # an unwritable cache only costs speed


def make_thumbnail(path: str, size: int) -> QImage | None:
    """The thumbnail's picture, or None when the file has none (:func:`make_tile` says why)."""
    image = make_tile(path, size).image
    return None if image.isNull() else image


def make_tile(path: str, size: int, *, store: bool = True) -> Tile:
    """The tile of ``path`` fitted within ``size`` pixels; a freedesktop size is read from the shared cache,
    and written there unless ``store`` is False (the window writes it after showing it: ``unsaved``)."""
    if size in FLAVOURS:
        cached = cached_tile(path, size)
        if cached is not None:
            return cached
        tile = _make(path, size)
        if not tile.image.isNull():
            if not store:
                return replace(tile, unsaved=True)
            store_thumbnail(path, tile.image, tile.duration, size)
        return tile
    return _make(path, size)


def quick_tile(path: str) -> Tile | None:
    """A JPEG's EXIF thumbnail, upright, to stand in while its larger picture is made; None without one."""
    image = exif_thumbnail(path) if path.lower().endswith((".jpg", ".jpeg", ".jpe")) else None
    return Tile(image) if image is not None else None


def _make(path: str, size: int) -> Tile:
    image = exif_thumbnail(path) if path.lower().endswith((".jpg", ".jpeg", ".jpe")) else None
    if image is not None and max(image.width(), image.height()) >= size // 2:
        if max(image.width(), image.height()) > size:
            image = image.scaled(
                size, size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        return Tile(image)
    scaled = scaled_jpeg(path, size)
    if scaled is not None:
        return Tile(scaled)
    tile = picture_tile(path, size)
    if tile.image.isNull() and image is not None:  # a damaged photo whose EXIF thumbnail survived
        return Tile(image, tile.kind)
    return tile


Key = tuple[str, int, float]  # (path, pixels made, device pixel ratio)
QUICK = 2**30  # the priority of EXIF thumbnails standing in: before any decode


class TileCache:
    """The tiles a window made, the least recently used dropped first once they hold more than ``budget``
    bytes of pixels.  Each file also keeps the keys of its tiles, so a smaller one can stand in while a
    larger one is made."""

    def __init__(self, budget: int = MEMORY_BUDGET) -> None:
        self.budget = budget
        self.bytes = 0
        self._tiles: OrderedDict[Key, Tile] = OrderedDict()
        self._keys: dict[str, set[Key]] = {}

    def __len__(self) -> int:
        return len(self._tiles)

    def __contains__(self, key: Key) -> bool:
        return key in self._tiles

    @staticmethod
    def cost(tile: Tile) -> int:
        return tile.image.sizeInBytes() + 256  # the pixels, and the objects around them

    def get(self, key: Key) -> Tile | None:
        tile = self._tiles.get(key)
        if tile is not None:
            self._tiles.move_to_end(key)
        return tile

    def put(self, key: Key, tile: Tile) -> None:
        if key in self._tiles:
            self.bytes -= self.cost(self._tiles.pop(key))
        self._tiles[key] = tile
        self._keys.setdefault(key[0], set()).add(key)
        self.bytes += self.cost(tile)
        while self.bytes > self.budget and len(self._tiles) > 1:
            self.drop(next(iter(self._tiles)))

    def drop(self, key: Key) -> None:
        tile = self._tiles.pop(key, None)
        if tile is not None:
            self.bytes -= self.cost(tile)
            keys = self._keys[key[0]]
            keys.discard(key)
            if not keys:
                del self._keys[key[0]]

    def any_of(self, path: str) -> Tile | None:
        """The largest tile of ``path`` held, whatever its size (a stand-in), or None."""
        keys = self._keys.get(path)
        if not keys:
            return None
        return self._tiles[max(keys, key=lambda k: (k[1], k[2]))]


@dataclass
class _Request:
    """A decode queued or running, and who still wants it: rows of views that registered them (dropped
    when those rows scroll away), or anyone else (never dropped)."""

    job: Job
    rows: set[tuple[int, int]] = field(default_factory=set)  # (id of the view, row)
    anyone: bool = False


class Thumbnails(QObject):
    """Asks for a thumbnail with :meth:`tile` or :meth:`get`; None until it is ready, then :attr:`ready`
    fires with the file's path.

    Decodes run on the ``pool`` it is given (the runner's thumbnail pool), the latest request first, so
    what was just scrolled into view comes before what was asked for earlier; they return a QImage, and
    only the GUI thread turns it into a pixmap.  A request may name the view and the row it paints:
    :meth:`drop_stale` then takes the decodes of rows scrolled out of view off the queue.  Tiles are kept
    in a :class:`TileCache` of ``budget`` bytes, by path, size made and pixel ratio.
    """

    ready = Signal(str)

    def __init__(
        self, pool: Pool, size: int = LARGE, parent: QObject | None = None, budget: int = MEMORY_BUDGET
    ) -> None:
        super().__init__(parent)
        self.size = size
        self.pool = pool
        self.cache = TileCache(budget)
        self._pending: dict[Key, _Request] = {}
        self._failed: dict[str, Tile] = {}  # files without a picture: one try is enough, whatever the size
        self._order = 0  # the priority of the next request: later ones first
        self._asking: tuple[int, int, float, float] | None = None  # (view, row, size, ratio) being painted
        self.decodes = 0  # decodes started, and taken off the queue unstarted (for tests and the bench)
        self.dropped = 0

    @property
    def pending(self) -> int:
        return len(self._pending)

    def key(self, path: str, size: float | None = None, ratio: float = 1.0) -> Key:
        """The cache key of ``path`` shown ``size`` logical pixels large at ``ratio`` device pixels each."""
        return (path, flavour((size or self.size) * ratio, self.size), float(ratio))

    def get(self, path: str, size: float | None = None, ratio: float = 1.0) -> QImage | None:
        """The picture (a null QImage when the file has none), or None while it is being made."""
        tile = self.tile(path, size, ratio)
        return tile.image if tile is not None else None

    @contextmanager
    def painting(self, view: object, row: int, size: float, ratio: float = 1.0) -> Iterator[None]:
        """Within it, a :meth:`tile` asked without a size is for ``row`` of ``view``, ``size`` logical
        pixels large at ``ratio``: how a view's painting loop says what its delegate paints."""
        outer = self._asking
        self._asking = (id(view), row, size, ratio)
        try:
            yield
        finally:
            self._asking = outer

    def tile(
        self, path: str, size: float | None = None, ratio: float | None = None, *,
        view: object = None, row: int = -1,
    ) -> Tile | None:  # fmt: skip
        """The tile of ``path`` for ``size`` logical pixels (this loader's size when not given) at ``ratio``,
        or None while it is being made (asking starts the work).  While a larger one is made, a smaller
        one already held stands in.  ``view`` and ``row`` say who paints it, for :meth:`drop_stale`."""
        if not path:
            return None
        asking = self._asking
        view_id: int | None
        if asking is not None and view is None:
            view_id, row = asking[0], asking[1]
            size = asking[2] if size is None else size
            ratio = asking[3] if ratio is None else ratio
        else:
            view_id = id(view) if view is not None else None
        key = self.key(path, size, 1.0 if ratio is None else ratio)
        tile = self.cache.get(key)
        if tile is not None:
            return tile
        failed = self._failed.get(path)
        if failed is not None:
            return failed
        request = self._pending.get(key)
        if request is None:
            request = self._request(key)
            if key not in self._pending:  # a synchronous pool has already made it
                return self.cache.get(key) or self._failed.get(path)
        if view_id is None:
            request.anyone = True
        else:
            request.rows.add((view_id, row))
        return self.cache.any_of(path)

    def _request(self, key: Key) -> _Request:
        path, pixels, ratio = key

        def decode(**_: object) -> Tile:
            return make_tile(path, pixels, store=False)

        job = Job(decode, name=f"thumbnail of {path}")
        request = self._pending[key] = _Request(job)
        job.signals.done.connect(lambda tile: self._arrived(key, job, tile))
        job.signals.finished.connect(lambda: self._finished(key, job))
        self._order += 1
        self.decodes += 1
        if pixels > LARGE and self.cache.any_of(path) is None:
            self._stand_in(path, ratio)
        self.pool.start(job, min(self._order, QUICK - 1))
        return request

    def _stand_in(self, path: str, ratio: float) -> None:
        """A JPEG's EXIF thumbnail (1 ms where the decode of a 12 MP photo takes 40 or more), asked for
        ahead of every decode: a first screen of large covers shows at once, soft for a moment."""

        def read(**_: object) -> Tile | None:
            return quick_tile(path)

        job = Job(read, name=f"quick thumbnail of {path}")
        job.signals.done.connect(lambda tile: self._quick(path, ratio, tile))
        self.pool.start(job, QUICK + min(self._order, 2**30 - 1))

    def _quick(self, path: str, ratio: float, tile: Tile | None) -> None:
        if tile is None or self.cache.any_of(path) is not None:
            return  # none, or the real one came first
        self.cache.put((path, 0, ratio), tile)  # size 0: a stand-in, never the answer to a request
        self.ready.emit(path)

    def drop_stale(self, view: object, showing: Callable[[int], bool]) -> int:
        """Forget ``view``'s requests for rows not ``showing`` any more; a decode nobody else wants is
        taken off the queue (or, when its pool cannot, cancelled: it ends as soon as it starts).  Returns
        how many were dropped."""
        view_id = id(view)
        dropped = 0
        for key, request in list(self._pending.items()):
            stale = {r for r in request.rows if r[0] == view_id and not showing(r[1])}
            if not stale:
                continue
            request.rows -= stale
            if request.rows or request.anyone:
                continue
            del self._pending[key]
            withdraw = getattr(self.pool, "withdraw", None)
            if withdraw is None or not withdraw(request.job):
                request.job.cancel()
            dropped += 1
        self.dropped += dropped
        return dropped

    def reason(self, path: str) -> str:
        """Why ``path`` has no picture, once that is known; empty otherwise."""
        failed = self._failed.get(path)
        return failed.reason if failed is not None else ""

    def _arrived(self, key: Key, job: Job, tile: Tile) -> None:
        """Kept even when it was dropped meanwhile (it was made: the row may come back)."""
        self._finished(key, job)
        if tile.image.isNull():
            self._failed[key[0]] = tile
        else:
            self.cache.put(key, tile)
            self.cache.drop((key[0], 0, key[2]))  # the stand-in, if any, has done its work
        self.ready.emit(key[0])
        if tile.unsaved:  # into the shared cache once nothing on screen waits for a decode
            image, path = tile.image.copy(), key[0]
            self.pool.start(
                Job(lambda **_: store_thumbnail(path, image, tile.duration, key[1]), name=f"caching {path}"),
                -1,
            )

    def _finished(self, key: Key, job: Job) -> None:
        request = self._pending.get(key)
        if request is not None and request.job is job:
            del self._pending[key]


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
