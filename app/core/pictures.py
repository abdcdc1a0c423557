"""A picture of any file Tripfold reads, upright and at the size asked: the one path the thumbnails, the
viewer and the stories share (SPEC §11).

- JPEG, PNG, WebP, TIFF: Pillow, with ``draft()`` so a JPEG decodes at 1/2, 1/4 or 1/8 of its size by
  DCT scaling (a 12 MP photo to a 256-pixel thumbnail in ~15 ms instead of ~90).  16-bit greyscale
  (thermal and multispectral drone TIFFs) is stretched between its 1st and 99th percentiles, or it
  would show black.
- HEIC/HEIF/AVIF: pillow-heif (libheif).  Measured against FFmpeg through PyAV on the seven corpus HEIFs
  (``tests/bench/bench_pictures.py``): FFmpeg cannot open two of them at all (the Samsung Galaxy S24 FE
  and the Nokia 8.3 files: "Invalid data found"), and for the others it hands out each 512-pixel tile as
  a separate stream, with no grid, rotation or mirroring, which we would have to rebuild from the
  ``meta`` box ourselves; decoding the tiles alone costs it as much as libheif takes for the whole
  composed picture or more (425-750 ms vs 340-540 ms for the 12 MP phone files, on two shared cores).
  libheif composes the grid, applies ``irot``/``imir`` (and, as the HEIF standard says, ignores the EXIF
  orientation, which pillow-heif resets to 1), and ``draft()`` picks the embedded thumbnail when it is
  large enough: an iPhone's 320x240 makes a grid thumbnail in a few ms.
- RAW: the JPEG the camera embedded (:mod:`app.core.raw_previews`), turned by the RAW's own orientation;
  the smallest one still large enough is used.  Without one, LibRaw (rawpy) extracts its own idea of a
  thumbnail or decodes the sensor data at half size; a decode that comes out all black (the image data
  was stripped) is refused rather than shown.
- Videos: a frame about a second in (10% into a short clip) by PyAV, not the first frame, which is
  often black; a black frame is passed over for the next key frame.  The display matrix's rotation is
  applied, and the duration comes with the picture.

Anything else, or a broken file, raises :class:`PictureError` with a sentence saying why; nothing here
raises anything else.  No Qt: the window converts the Pillow image itself.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from app.core.metadata import VIDEO_EXTENSIONS, MediaError
from app.core.opening import check_regular, open_regular
from app.core.raw_previews import Preview, find_previews
from app.core.tiff import Blob

if TYPE_CHECKING:
    from PIL.Image import Image

RAW_EXTENSIONS = frozenset(
    {".dng", ".cr2", ".cr3", ".crw", ".nef", ".nrw", ".arw", ".srf", ".sr2", ".rw2", ".raf", ".orf",
     ".pef", ".srw"}
)  # fmt: skip
_HEIF_BRANDS = frozenset(
    {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"mif1", b"msf1", b"mif2",
     b"avif", b"avis", b"MiHE", b"MiHB", b"MiPr", b"miaf"}
)  # fmt: skip
POSTER_SECONDS = 1.0  # a video's picture: this far in, or a tenth of a shorter clip
BLACK = 20.0  # a frame whose mean brightness (0-255) is under this is passed over when another exists
_TRANSPOSE = {2: 0, 3: 3, 4: 1, 5: 5, 6: 4, 7: 6, 8: 2}  # EXIF orientation -> PIL Transpose value


class PictureError(OSError):
    """No picture can be made of the file; the message says why, in a sentence a person can read.

    An ``OSError``, as Pillow's own "cannot identify image file" is: callers that already stop on a file
    that cannot be read stop on this too."""


@dataclass(frozen=True)
class Picture:
    """An upright RGB (or RGBA) picture no larger than asked, and for a video its length in seconds."""

    image: Image
    kind: Literal["photo", "video"]
    duration: float | None = None
    source: str = ""  # how it was made: "pillow", "heif", "raw preview", "raw decode", "video frame"


def open_picture(path: str, size: int | None = None) -> Picture:
    """The picture of ``path`` fitted within ``size`` x ``size`` pixels (never enlarged), or at full size
    when ``size`` is None; :class:`PictureError` when there is none."""
    try:
        with _reasons():
            if os.path.splitext(path)[1].lower() in VIDEO_EXTENSIONS:
                return _video(path, size)
            with open_regular(path) as file:
                head = file.read(32)
            if not head:
                raise PictureError("The file is empty.")
            if head[4:8] == b"ftyp" and head[8:12] == b"crx ":
                return _raw(path, size)
            if head[4:8] == b"ftyp" and not _is_heif(head):
                return _video(path, size)
            if head[4:8] == b"ftyp":
                return _pillow(path, size, "heif")
            if _is_raw(path, head):
                return _raw(path, size)
            return _pillow(path, size, "pillow")
    except PictureError:
        raise
    except MediaError as exc:
        raise PictureError(_plain(str(exc))) from exc


def _is_heif(head: bytes) -> bool:
    brands = {head[8:12]} | {head[i : i + 4] for i in range(16, min(len(head), 32), 4)}
    return bool(brands & _HEIF_BRANDS)


def _is_raw(path: str, head: bytes) -> bool:
    if head[:16] == b"FUJIFILMCCD-RAW " or (head[:2] == b"II" and head[6:14] == b"HEAPCCDR"):
        return True
    if head[:4] in (b"IIU\0", b"IIRO", b"IIRS", b"MMOR"):  # RW2, ORF: TIFF in all but the magic
        return True
    return head[:4] in (b"II*\0", b"MM\0*") and os.path.splitext(path)[1].lower() in RAW_EXTENSIONS


def _plain(message: str) -> str:
    """A reader's "[InvalidArgument] the file is a folder" as a sentence."""
    text = message.removeprefix("[InvalidArgument]").strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "." if text else "The file cannot be read."


@contextmanager
def _reasons() -> Iterator[None]:
    """Every failure of a decoder as a :class:`PictureError`: one broken file costs only its own tile."""
    from PIL import Image, UnidentifiedImageError

    try:
        yield
    except (PictureError, MediaError):
        raise
    except UnidentifiedImageError as exc:
        raise PictureError("This kind of picture cannot be opened (or the file is damaged).") from exc
    except Image.DecompressionBombError as exc:
        raise PictureError("The picture claims to be larger than any photo; it is not opened.") from exc
    except MemoryError as exc:
        raise PictureError("The picture is too large to open.") from exc
    except OSError as exc:
        text = " ".join(str(exc).split())
        if any(words in text.lower() for words in ("truncated", "broken data stream", "end of file")):
            raise PictureError("The picture is cut short: the file is incomplete.") from exc
        raise PictureError(f"The picture cannot be decoded ({exc.strerror or text}).") from exc
    except Exception as exc:  # a decoder's own error types (libheif, FFmpeg, LibRaw) and its bugs
        text = " ".join(str(exc).split())
        if "end of file" in text.lower():
            raise PictureError(f"The picture is cut short: the file is incomplete ({text}).") from exc
        raise PictureError(f"The picture cannot be decoded ({type(exc).__name__}: {text}).") from exc


# -- photos through Pillow ------------------------------------------------------------------------------


def _register_heif() -> None:
    """pillow-heif's opener, registered once; without it HEIC files are not recognised."""
    global _heif_registered
    if not _heif_registered:
        try:
            import pillow_heif
        except ImportError as exc:
            raise PictureError("HEIC pictures need pillow-heif, which is not installed.") from exc
        pillow_heif.register_heif_opener()
        _heif_registered = True


_heif_registered = False


def _pillow(path: str, size: int | None, source: str) -> Picture:
    from PIL import Image

    _register_heif()  # a HEIC may hide under any name (a phone's export named .jpg)
    with open_regular(path) as file, Image.open(file) as opened:
        return Picture(_finish(opened, size), "photo", source="heif" if opened.format == "HEIF" else source)


def _finish(opened: Image, size: int | None, orientation: int | None = None) -> Image:
    """Decode ``opened`` (at a reduced size where its format can), upright, fitted within ``size``.

    ``orientation`` overrides the picture's own EXIF orientation (a RAW's preview follows the RAW's)."""
    from PIL import ImageOps

    if size is not None:
        opened.draft("RGB", _fitted(opened.size, size))  # JPEG: DCT scaling; HEIF: a large-enough thumbnail
    if orientation is None:
        image = ImageOps.exif_transpose(opened)
    else:
        opened.load()
        image = _turned(opened, orientation)
    image = _displayable(image)
    if size is not None and max(image.size) > size:
        image.thumbnail((size, size))
    return image


def _fitted(width_height: tuple[int, int], size: int) -> tuple[int, int]:
    width, height = width_height
    scale = min(1.0, size / max(width, height, 1))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _turned(image: Image, orientation: int) -> Image:
    from PIL import Image as PILImage

    if orientation not in _TRANSPOSE or orientation == 1:
        return image
    method = PILImage.Transpose(_TRANSPOSE[orientation])
    return image.transpose(method)


def _displayable(image: Image) -> Image:
    """RGB or RGBA 8-bit: 16-bit and float greyscale stretched so faint data shows, CMYK, palettes."""
    import numpy as np
    from PIL import Image as PILImage

    if image.mode in ("RGB", "RGBA"):
        return image
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        values = np.asarray(image, dtype=np.float32)
        low, high = np.percentile(values, (1, 99)) if values.size else (0.0, 1.0)
        if high <= low:
            low, high = float(values.min(initial=0)), float(values.max(initial=1))
        scaled = np.clip((values - low) * (255.0 / max(high - low, 1e-6)), 0, 255).astype(np.uint8)
        return PILImage.fromarray(scaled).convert("RGB")
    has_alpha = image.mode in ("LA", "PA", "La") or "transparency" in image.info
    return image.convert("RGBA" if has_alpha else "RGB")


# -- RAW ------------------------------------------------------------------------------------------------


def _raw(path: str, size: int | None) -> Picture:
    from PIL import Image

    with open_regular(path) as file:
        blob = Blob.of_file(file, head=65536)
        found = find_previews(blob)
        candidates = []
        for preview in found.pictures:
            data = blob.read(preview.offset, preview.length)
            if len(data) == preview.length:
                candidates.append((preview, data))
                if preview.format == "jpeg":
                    candidates += _exif_thumbnail(data)
    problems = []
    for preview, data in _by_fitness(candidates, size):
        try:
            if preview.format == "rgb":
                opened = Image.frombytes("RGB", (preview.width, preview.height), data)
            else:
                opened = Image.open(io.BytesIO(data))
            return Picture(_finish(opened, size, found.orientation), "photo", source="raw preview")
        except Exception as exc:  # a stripped or damaged preview: try the next
            problems.append(f"{type(exc).__name__}: {exc}")
    return _libraw(path, size, found.orientation)


def _exif_thumbnail(jpeg: bytes) -> list[tuple[Preview, bytes]]:
    """The thumbnail in a preview JPEG's own EXIF (IFD1): a stripped RAF keeps a 160x120 one there."""
    from app.core.exif import find_blocks
    from app.core.raw_previews import JPEG_INTERCHANGE_FORMAT, JPEG_INTERCHANGE_FORMAT_LENGTH, next_ifd

    try:
        tiffs = find_blocks(Blob(jpeg)).exif
    except MediaError:
        return []
    for tiff in tiffs[:1]:
        ifd1 = tiff.ifd(next_ifd(tiff, tiff.first_ifd))
        if ifd1 is None:
            continue
        start, length = ifd1.integer(JPEG_INTERCHANGE_FORMAT), ifd1.integer(JPEG_INTERCHANGE_FORMAT_LENGTH)
        data = tiff.blob.read(tiff.origin + (start or 0), length or 0) if start and length else b""
        if data.startswith(b"\xff\xd8"):
            return [(Preview("jpeg", 0, len(data)), data)]
    return []


def _by_fitness(candidates: list[tuple[Preview, bytes]], size: int | None) -> list[tuple[Preview, bytes]]:
    """The smallest preview at least ``size`` on its long edge first, then the larger ones, then smaller."""
    from PIL import Image

    measured = []
    for preview, data in candidates:
        edge = max(preview.width, preview.height)
        if preview.format == "jpeg":
            try:
                with Image.open(io.BytesIO(data)) as probe:  # reads the header only
                    edge = max(probe.size)
            except Exception:
                edge = 0
        measured.append((edge, preview, data))
    wanted = size or 1 << 30
    large = sorted((m for m in measured if m[0] >= wanted), key=lambda m: m[0])
    small = sorted((m for m in measured if m[0] < wanted), key=lambda m: -m[0])
    return [(preview, data) for edge, preview, data in large + small if edge > 0]


def _libraw(path: str, size: int | None, orientation: int | None) -> Picture:
    """LibRaw's own thumbnail finder (maker-note previews our walk does not read), then a half-size decode."""
    try:
        import rawpy
    except ImportError as exc:
        raise PictureError("The RAW file has no preview picture, and no RAW decoder is installed.") from exc
    import numpy as np
    from PIL import Image

    try:
        with rawpy.imread(path) as raw:
            try:
                thumb = raw.extract_thumb()
            except Exception:
                thumb = None
            turn = orientation or {3: 3, 5: 8, 6: 6}.get(raw.sizes.flip, 1)  # LibRaw's flip as EXIF's
            if thumb is not None and thumb.format == rawpy.ThumbFormat.JPEG:
                with Image.open(io.BytesIO(bytes(thumb.data))) as opened:
                    return Picture(_finish(opened, size, turn), "photo", source="raw preview")
            if thumb is not None and thumb.format == rawpy.ThumbFormat.BITMAP:
                bitmap = Image.fromarray(np.asarray(thumb.data))
                return Picture(_finish(bitmap, size, turn), "photo", source="raw preview")
            pixels = raw.postprocess(half_size=True, use_camera_wb=True, output_bps=8)  # LibRaw turns it
    except (rawpy.LibRawError, ValueError, OSError) as exc:
        reason = exc.args[0].decode(errors="replace") if exc.args and isinstance(exc.args[0], bytes) else exc
        raise PictureError(f"The RAW file has no preview picture and cannot be decoded ({reason}).") from exc
    if not np.any(pixels):
        raise PictureError("The RAW file has no preview picture and its image data is empty (stripped).")
    return Picture(_finish(Image.fromarray(pixels), size, 1), "photo", source="raw decode")


# -- videos ---------------------------------------------------------------------------------------------


def video_duration(container: Any) -> float | None:
    """A video's length in seconds, from its picture track or else the container."""
    streams = container.streams.video
    if streams and streams[0].duration and streams[0].time_base:
        return float(streams[0].duration * streams[0].time_base)
    return container.duration / 1_000_000 if container.duration else None


def _video(path: str, size: int | None) -> Picture:
    import av

    try:
        check_regular(path)  # a pipe named .mp4 would block FFmpeg forever
        with av.open(path, metadata_errors="ignore") as container:
            if not container.streams.video:
                raise PictureError("The video has no picture track.")
            stream = container.streams.video[0]
            stream.thread_type = "AUTO"
            duration = video_duration(container)
            frame = _poster_frame(container, stream, duration)
            sar = stream.codec_context.sample_aspect_ratio
    except av.FFmpegError as exc:
        raise PictureError(f"The video cannot be decoded ({_ffmpeg_reason(exc)}).") from exc
    if frame is None:
        raise PictureError("The video holds no picture that can be decoded (it may be cut short).")
    image = _frame_image(frame, size, sar)
    return Picture(image, "video", duration=duration, source="video frame")


def _ffmpeg_reason(exc: Exception) -> str:
    text = getattr(exc, "strerror", None) or str(exc)
    return text.split(":")[0].strip() if text else type(exc).__name__


def _poster_frame(container: Any, stream: Any, duration: float | None) -> Any:
    """The first frame at :data:`POSTER_SECONDS` (a tenth of a shorter clip) that is not black.

    A seek lands on the key frame before the time asked; frames are then decoded up to it.  The first
    frame decoded is kept in case every later one fails (a truncated file)."""
    target = POSTER_SECONDS if duration is None else min(POSTER_SECONDS, duration / 10)
    if target > 0 and stream.time_base:
        # a file without an index cannot seek: decoding from the start reaches the time too
        with suppress(Exception):
            container.seek(int(target / stream.time_base), stream=stream, backward=True)
    first = fallback = None
    decoded = 0
    try:
        for frame in container.decode(stream):
            decoded += 1
            first = first or frame
            time = frame.time if frame.time is not None else 0.0
            if time + 1e-3 < target and decoded < 240:
                continue
            if _brightness(frame) >= BLACK:
                return frame
            fallback = fallback or frame
            if decoded >= 240 or time > target + 3:
                break
    except Exception:  # a damaged packet later in the file: what was decoded is enough
        if first is None:
            raise
    return fallback or first


def _brightness(frame: Any) -> float:
    """The mean of the luma plane of a small copy: cheap, and black frames are near 16 in video range."""
    small = frame.reformat(width=32, height=max(1, 32 * frame.height // max(frame.width, 1)), format="gray")
    return float(small.to_ndarray().mean())


def _frame_image(frame: Any, size: int | None, sar: Any = None) -> Image:
    from PIL import Image as PILImage

    width, height = frame.width, frame.height
    if sar and sar.numerator and sar.denominator and sar != 1:  # anamorphic: square the pixels
        width = round(width * sar.numerator / sar.denominator)
    if size is not None:
        width, height = _fitted((width, height), size)
    image: Image = frame.to_image(width=width, height=height)
    rotation = round(getattr(frame, "rotation", 0) or 0) % 360  # counter-clockwise, as FFmpeg says
    if rotation == 90:
        image = image.transpose(PILImage.Transpose.ROTATE_90)
    elif rotation == 180:
        image = image.transpose(PILImage.Transpose.ROTATE_180)
    elif rotation == 270:
        image = image.transpose(PILImage.Transpose.ROTATE_270)
    return image
