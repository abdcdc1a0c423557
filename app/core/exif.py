"""Capture time, position, size and orientation of a photo, from the head of the file only.

The container is recognised by its bytes, not by its name (a HEIC named ``.jpg`` is still a HEIC), and
only the parts that hold metadata are read: the segments before a JPEG's image data, a PNG's or WebP's
chunk headers, a HEIF's ``meta`` box and its Exif item, a TIFF or RAW file's directories.  The EXIF block
itself is decoded by :mod:`app.core.tiff`; XMP and IPTC are read only when EXIF has no date.

Every reader here returns what it could read and lists what it dropped in ``notes``; only a file that is
not a photo at all (empty, text, PDF, a video) or whose metadata cannot be reached raises
:class:`MediaError`.
"""

from __future__ import annotations

import math
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from app.core import isobmff
from app.core import tiff as t
from app.core.dates import parse_date, parse_offset
from app.core.metadata import MediaError, RawMeta, media_errors, position_problem
from app.core.opening import open_regular
from app.core.tiff import Blob, Ifd, Tiff


@dataclass
class Found:
    """The metadata blocks a container holds, before decoding."""

    exif: list[Tiff] = field(default_factory=list)  # first one that has a date wins
    xmp: list[bytes] = field(default_factory=list)
    iptc: list[bytes] = field(default_factory=list)
    width: int | None = None
    height: int | None = None
    # CR3 keeps IFD0, the Exif IFD and the GPS IFD in three separate TIFF blocks
    directories: tuple[Ifd | None, Ifd | None, Ifd | None] | None = None
    captured: datetime | None = None  # a wall-clock time outside EXIF (Canon CRW's CapturedTime)
    notes: list[str] = field(default_factory=list)


def read_photo(path: str) -> RawMeta:
    """Read one photo; raise :class:`MediaError` with a readable reason when it cannot be read."""
    with media_errors("photo"), open_regular(path) as file:
        return decode(find_blocks(Blob.of_file(file)))


# -- finding the blocks --------------------------------------------------------------------------------

_NOT_PHOTOS = (
    (b"%PDF", "a PDF document"),
    (b"GIF8", "a GIF image (Tripfold does not index GIFs)"),
    (b"BM", "a BMP image, which carries no capture time"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1aE\xdf\xa3", "a Matroska/WebM video"),
)


def find_blocks(blob: Blob) -> Found:
    head = blob.read(0, 32)
    if not head:
        raise MediaError("[InvalidArgument] the file is empty")
    if head[:2] == b"\xff\xd8":
        return _jpeg(blob, 2)
    if head[:7] == b"\xff\x01Exiv2":  # Exiv2's EXV sidecar: JPEG segments after a 7-byte signature
        return _jpeg(blob, 7)
    if head[:4] in (b"II*\0", b"MM\0*", b"IIU\0", b"IIRO", b"IIRS", b"MMOR"):
        return _tiff_file(blob)
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return _png(blob)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return _webp(blob)
    if head[4:8] == b"ftyp":
        return _isobmff(blob, head[8:12])
    if head[:16] == b"FUJIFILMCCD-RAW ":
        return _raf(blob)
    if head[:2] == b"II" and head[6:14] == b"HEAPCCDR":
        return _crw(blob)
    for magic, what in _NOT_PHOTOS:
        if head.startswith(magic):
            raise MediaError(f"[InvalidArgument] the file is {what}, not a photo")
    if all(32 <= b < 127 or b in b"\t\r\n" for b in head):
        raise MediaError("[InvalidArgument] the file is text, not a photo")
    raise MediaError(f"[InvalidArgument] unknown photo format (the file starts with {head[:8].hex(' ')})")


def _tiff_in(data: bytes, found: Found) -> None:
    """Register an EXIF block given as bytes (optionally with its ``Exif\\0\\0`` prefix)."""
    if data.startswith(b"Exif\0\0"):
        data = data[6:]
    try:
        found.exif.append(Tiff(Blob(data)))
    except ValueError:
        found.notes.append("[InvalidArgument] an EXIF block has no valid TIFF header; ignored")


_XMP_SIGNATURE = b"http://ns.adobe.com/xap/1.0/\0"
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg(blob: Blob, pos: int) -> Found:
    """Walk the segments before the image data (SOS); never read the compressed image."""
    found = Found()
    for _ in range(4096):
        marker = blob.read(pos, 4)
        code = marker[1] if len(marker) >= 2 and marker[0] == 0xFF else None
        if code == 0xFF:  # fill byte
            pos += 1
            continue
        if code in (0xD8, 0x01) or (code is not None and 0xD0 <= code <= 0xD7):
            pos += 2
            continue
        if code in (0xDA, 0xD9):
            break
        if code is None or len(marker) < 4:
            if not (found.exif or found.xmp or found.iptc):
                raise MediaError("[InvalidArgument] the JPEG is truncated or corrupt before its image data")
            found.notes.append("[InvalidArgument] the JPEG ends or breaks before its image data")
            break
        length = struct.unpack(">H", marker[2:4])[0]
        if length < 2:
            found.notes.append("[InvalidArgument] a JPEG segment has an invalid length")
            break
        if code == 0xE1:
            body = blob.read(pos + 4, length - 2)
            if body.startswith(b"Exif\0"):
                if len(body) < length - 2:
                    found.notes.append(
                        "[InvalidArgument] the EXIF segment is cut short by the end of the file"
                    )
                _tiff_in(body[6:], found)
            elif body.startswith(_XMP_SIGNATURE):
                found.xmp.append(body[len(_XMP_SIGNATURE) :])
        elif code == 0xED:
            found.iptc.append(blob.read(pos + 4, length - 2))
        elif code in _SOF:
            sof = blob.read(pos + 4, 6)
            if len(sof) == 6 and found.width is None:
                found.height, found.width = struct.unpack(">HH", sof[1:5])
        pos += 2 + length
    return found


def _tiff_file(blob: Blob) -> Found:
    found = Found()
    try:
        tiff = Tiff(blob)
    except ValueError as exc:
        raise MediaError("[InvalidArgument] the TIFF header is cut short") from exc
    found.exif.append(tiff)
    return found


def _png(blob: Blob) -> Found:
    """PNG chunks; eXIf may come after the image data, so IDAT chunks are skipped by their length."""
    found = Found()
    pos = 8
    for _ in range(100_000):
        header = blob.read(pos, 8)
        if len(header) < 8:
            found.notes.append("[InvalidArgument] the PNG ends before its IEND chunk")
            break
        length, kind = struct.unpack(">L4s", header)
        if length > 0x7FFFFFFF or pos + 12 + length > blob.size:
            name = kind.decode("latin-1")
            found.notes.append(f"[InvalidArgument] the PNG chunk '{name}' has an invalid size")
            break
        if kind == b"IHDR":
            found.width, found.height = struct.unpack(">LL", blob.read(pos + 8, 8).ljust(8, b"\0"))
        elif kind == b"eXIf":
            _tiff_in(blob.read(pos + 8, length), found)
        elif kind in (b"iTXt", b"tEXt", b"zTXt") and length < (4 << 20):
            _png_text(blob.read(pos + 8, length), kind, found)
        elif kind == b"IEND":
            break
        pos += 12 + length
    return found


def _png_text(data: bytes, kind: bytes, found: Found) -> None:
    """XMP in iTXt, and ImageMagick's hex "Raw profile type exif" in zTXt/tEXt."""
    import zlib

    keyword, _, rest = data.partition(b"\0")
    try:
        if kind == b"iTXt":
            compressed, rest = rest[0], rest[2:]
            rest = rest.split(b"\0", 2)[-1]  # language, translated keyword
            text = zlib.decompress(rest) if compressed else rest
        elif kind == b"zTXt":
            text = zlib.decompress(rest[1:])
        else:
            text = rest
    except (zlib.error, IndexError):
        name = keyword.decode("latin-1")
        found.notes.append(f"[InvalidArgument] the PNG text chunk '{name}' is corrupt")
        return
    if keyword == b"XML:com.adobe.xmp":
        found.xmp.append(text)
    elif keyword in (b"Raw profile type exif", b"Raw profile type APP1"):
        lines = text.strip().split(b"\n", 2)
        try:
            _tiff_in(bytes.fromhex(lines[-1].decode("ascii").replace("\n", "")), found)
        except (ValueError, UnicodeDecodeError):
            found.notes.append("[InvalidArgument] the PNG's raw EXIF profile is not valid hex")


def _webp(blob: Blob) -> Found:
    found = Found()
    pos = 12
    for _ in range(10_000):
        header = blob.read(pos, 8)
        if len(header) < 8:
            break
        kind, length = struct.unpack("<4sL", header)
        if kind == b"EXIF":
            _tiff_in(blob.read(pos + 8, length), found)
        elif kind == b"XMP ":
            found.xmp.append(blob.read(pos + 8, length))
        elif kind == b"VP8X":
            data = blob.read(pos + 8, 10)
            if len(data) == 10:
                found.width = 1 + int.from_bytes(data[4:7], "little")
                found.height = 1 + int.from_bytes(data[7:10], "little")
        pos += 8 + length + (length & 1)
    return found


def _isobmff(blob: Blob, brand: bytes) -> Found:
    """HEIF/HEIC/AVIF images and Canon CR3 raws share the ISO base media file format."""
    if brand == b"crx ":
        found = Found()
        found.directories = tuple(_first_ifd(data) for data in isobmff.cr3_tiffs(blob))  # type: ignore[assignment]
        if found.directories == (None, None, None):
            found.notes.append("[InvalidArgument] the CR3 file has no readable CMT metadata boxes")
        return found
    try:
        heif = isobmff.read_heif(blob)
    except isobmff.NotAnImage as exc:
        raise MediaError(f"[InvalidArgument] {exc}") from exc
    found = Found(width=heif.width, height=heif.height, notes=list(heif.notes))
    for data in heif.exif:
        # the item starts with the offset of the TIFF header inside it
        skip = struct.unpack(">L", data[:4])[0] if len(data) >= 4 else 0
        _tiff_in(data[4 + skip :] if skip < len(data) else data[4:], found)
    found.xmp.extend(heif.xmp)
    return found


def _first_ifd(data: bytes | None) -> Ifd | None:
    try:
        tiff = Tiff(Blob(data or b""))
    except ValueError:
        return None
    return tiff.ifd(tiff.first_ifd)


def _raf(blob: Blob) -> Found:
    """Fujifilm RAF: a header pointing at a full JPEG (with its EXIF) inside the file."""
    header = blob.read(84, 8)
    if len(header) < 8:
        raise MediaError("[InvalidArgument] the RAF header is cut short")
    offset, length = struct.unpack(">LL", header)
    inner = blob.sub(offset, length)
    if inner.read(0, 2) != b"\xff\xd8":
        raise MediaError("[InvalidArgument] the RAF's preview JPEG is missing")
    return _jpeg(inner, 2)


def _crw(blob: Blob) -> Found:
    """Canon CRW (CIFF): the capture time is the CapturedTime record, not EXIF."""
    found = Found()
    header_length = struct.unpack("<L", blob.read(2, 4))[0]
    record = _ciff_find(blob, header_length, blob.size - header_length, 0x180E, 0)
    if record is not None and len(record) >= 8:
        seconds = struct.unpack("<L", record[:4])[0]
        # CapturedTime counts seconds of local time since 1970, i.e. a wall-clock time
        found.captured = datetime(1970, 1, 1) + timedelta(seconds=seconds)
    size = _ciff_find(blob, header_length, blob.size - header_length, 0x1831, 0)  # ImageSpec
    if size is not None and len(size) >= 8:
        found.width, found.height = struct.unpack("<LL", size[:8])
    return found


def _ciff_find(blob: Blob, start: int, length: int, wanted: int, depth: int) -> bytes | None:
    """A record's value (its first 64 bytes) from a CIFF heap."""
    found = ciff_record(blob, start, length, wanted, depth)
    if found is None:
        return None
    offset, size, inline = found
    return inline if inline is not None else blob.read(offset, min(size, 64))


def ciff_record(
    blob: Blob, start: int, length: int, wanted: int, depth: int = 0
) -> tuple[int, int, bytes | None] | None:
    """Depth-first search of a CIFF heap (Canon's CRW) for a record: (offset in the file, size, the value
    when the record keeps it in itself); sub-heaps nest a few levels at most."""
    if depth > 6 or length < 6:
        return None
    table = struct.unpack("<L", blob.read(start + length - 4, 4).ljust(4, b"\0"))[0]
    count_bytes = blob.read(start + table, 2)
    if len(count_bytes) < 2:
        return None
    count = min(struct.unpack("<H", count_bytes)[0], 1024)
    entries = blob.read(start + table + 2, 10 * count)
    for i in range(len(entries) // 10):
        tag, size, offset = struct.unpack("<HLL", entries[10 * i : 10 * i + 10])
        if tag & 0xC000 == 0x4000:  # value kept in the record itself
            if tag & 0x3FFF == wanted:
                return start + table + 2 + 10 * i + 2, 8, entries[10 * i + 2 : 10 * i + 10]
            continue
        if tag & 0x3FFF == wanted:
            return start + offset, size, None
        if tag & 0x3800 in (0x2800, 0x3000) and offset + size <= length:
            hit = ciff_record(blob, start + offset, size, wanted, depth + 1)
            if hit is not None:
                return hit
    return None


# -- decoding -------------------------------------------------------------------------------------------


def _with_subsec(value: datetime, subsec: str | None) -> datetime:
    digits = (subsec or "").strip()
    if digits.isdigit() and value.microsecond == 0:
        return value.replace(microsecond=int(digits[:6].ljust(6, "0")))
    return value


# (date tag, sub-second tag, offset tag, directory, name); SPEC §2 order
_EXIF_DATES = (
    (t.DATE_TIME_ORIGINAL, t.SUB_SEC_TIME_ORIGINAL, t.OFFSET_TIME_ORIGINAL, 1, "DateTimeOriginal"),
    (t.DATE_TIME_DIGITIZED, t.SUB_SEC_TIME_DIGITIZED, t.OFFSET_TIME_DIGITIZED, 1, "CreateDate"),
    (t.DATE_TIME, t.SUB_SEC_TIME, t.OFFSET_TIME, 0, "DateTime"),
)


def _exif_time(dirs: tuple[Ifd | None, Ifd | None, Ifd | None], raw: RawMeta, modified: bool) -> bool:
    """The EXIF capture dates (``modified=False``) or IFD0's DateTime, which editors overwrite."""
    for tag, subsec_tag, offset_tag, index, name in _EXIF_DATES:
        if (tag == t.DATE_TIME) != modified:
            continue
        # some writers put the Exif tags straight into IFD0 (exiv2's bug479 sample); look there too
        ifd = next((d for d in (dirs[index], dirs[0]) if d is not None and tag in d), None)
        if ifd is None:
            continue
        value, offset = parse_date(ifd.text(tag), name, raw.notes)
        if value is None:
            continue
        # sub-seconds and offsets live in the Exif IFD even for IFD0's DateTime
        exif = dirs[1] or ifd
        raw.wall_time = _with_subsec(value, exif.text(subsec_tag))
        raw.wall_offset_min = offset if offset is not None else parse_offset(exif.text(offset_tag))
        raw.time_source = name
        return True
    return False


def _coordinate(gps: Ifd, tag: int, ref_tag: int, what: str, notes: list[str]) -> float | None:
    if tag not in gps:
        return None
    values = gps.numbers(tag, 3)
    if values is None:
        values = _coordinate_text(gps.text(tag))
        if values is None:
            notes.append(f"[InvalidArgument] GPS {what} is neither rationals nor readable text; dropped")
            return None
    if any(math.isnan(v) or math.isinf(v) for v in values):
        notes.append(f"[InvalidArgument] GPS {what} has a zero denominator; the position is dropped")
        return math.nan
    value = float(sum(v / 60**i for i, v in enumerate(values[:3])))
    ref = (gps.text(ref_tag) or "").upper()[:1]
    return -value if ref in ("S", "W") else value


def _coordinate_text(text: str | None) -> list[float] | None:
    """Coordinates some firmwares write as text: '52,00000,50,00000,34,0118' (decimal commas), '52 50 34'."""
    if not text:
        return None
    parts = text.split(",")
    if len(parts) == 6 and all(p.strip().isdigit() for p in parts):
        return [float(f"{parts[i]}.{parts[i + 1]}") for i in (0, 2, 4)]
    numbers = re.findall(r"\d+(?:\.\d+)?", text)
    return [float(n) for n in numbers[:3]] if numbers else None


def _gps(gps: Ifd, raw: RawMeta) -> None:
    lat = _coordinate(gps, t.GPS_LATITUDE, t.GPS_LATITUDE_REF, "latitude", raw.notes)
    lon = _coordinate(gps, t.GPS_LONGITUDE, t.GPS_LONGITUDE_REF, "longitude", raw.notes)
    if lat is None and lon is None:
        pass
    elif lat is None or lon is None:
        if not (lat is not None and math.isnan(lat)) and not (lon is not None and math.isnan(lon)):
            missing = "longitude" if lon is None else "latitude"
            raw.notes.append(f"[InvalidArgument] GPS {missing} is missing; the position is dropped")
    elif not (math.isnan(lat) or math.isnan(lon)):
        problem = position_problem(lat, lon)
        if problem:
            raw.notes.append(problem + "; the position is dropped")
        else:
            raw.lat, raw.lon = round(lat, 7), round(lon, 7)
    raw.gps_utc = _gps_time(gps)


def _gps_time(gps: Ifd) -> datetime | None:
    day = gps.text(t.GPS_DATE_STAMP)
    clock = gps.numbers(t.GPS_TIME_STAMP, 3)
    if not day or not clock or len(clock) < 3 or not all(math.isfinite(v) for v in clock):
        return None
    match = re.match(r"(\d{4})[:\-](\d{2})[:\-](\d{2})", day)
    if not match:
        return None
    try:
        base = datetime(int(match[1]), int(match[2]), int(match[3]))
        return base + timedelta(hours=clock[0], minutes=clock[1], seconds=clock[2])
    except (ValueError, OverflowError):
        return None


# xmp:CreateDate before photoshop:DateCreated: where both exist and differ (exifr's PNG sample), the
# former agrees with the EXIF DateTimeOriginal of the same shot and with exiftool.
_XMP_DATES = (
    ("exif", "DateTimeOriginal"), ("xmp", "CreateDate"), ("photoshop", "DateCreated"),
    ("exif", "DateTimeDigitized"),
)  # fmt: skip


def _xmp_values(packets: list[bytes], prefix: str, name: str) -> Iterator[bytes]:
    """Each value of ``prefix:name`` in the packets, written as an attribute or as an element."""
    pattern = rb"%s:%s\s*(?:=\s*[\"']([^\"']*)[\"']|>\s*([^<]*)<)" % (prefix.encode(), name.encode())
    for packet in packets:
        match = re.search(pattern, packet)
        if match:
            yield match[1] or match[2]


def _xmp_time(packets: list[bytes], raw: RawMeta) -> bool:
    for prefix, name in _XMP_DATES:
        for text in _xmp_values(packets, prefix, name):
            value, offset = parse_date(text, f"XMP {prefix}:{name}", raw.notes, need_time=False)
            if value is not None:
                raw.wall_time, raw.wall_offset_min = value, offset
                raw.time_source = f"XMP-{prefix}:{name}"
                return True
    return False


def _xmp_gps_time(packets: list[bytes], notes: list[str]) -> datetime | None:
    """XMP's exif:GPSTimeStamp, a whole date and time (``2024-03-03T02:15:00Z``) as a UTC instant.

    EXIF splits the GPS clock into GPSDateStamp and GPSTimeStamp; XMP keeps both in one value, which
    exiftool calls XMP-exif:GPSDateTime.  GPS time is UTC, so a value without a zone is read as UTC.
    """
    for text in _xmp_values(packets, "exif", "GPSTimeStamp"):
        value, offset = parse_date(text, "XMP exif:GPSTimeStamp", notes)
        if value is not None:
            try:
                return value - timedelta(minutes=offset or 0)
            except OverflowError:
                return None
    return None


def _iptc_time(blocks: list[bytes], raw: RawMeta) -> bool:
    """IPTC DateCreated (2:55, 'YYYYMMDD') and TimeCreated (2:60, 'HHMMSS±HHMM') in Photoshop's APP13."""
    for block in blocks:
        day = re.search(rb"\x1c\x02\x37\x00\x08(\d{8})", block)
        if not day:
            continue
        clock = re.search(rb"\x1c\x02\x3c\x00[\x06\x0b](\d{6})([+-]\d{4})?", block)
        text = day[1][:4] + b":" + day[1][4:6] + b":" + day[1][6:8]
        if clock:
            text += b" " + clock[1][:2] + b":" + clock[1][2:4] + b":" + clock[1][4:6] + (clock[2] or b"")
        value, offset = parse_date(text, "IPTC DateCreated", raw.notes, need_time=False)
        if value is not None:
            raw.wall_time, raw.wall_offset_min, raw.time_source = value, offset, "IPTC:DateCreated"
            return True
    return False


def _why_no_time(found: Found, candidates: list[tuple[Ifd | None, Ifd | None, Ifd | None]]) -> str:
    if found.captured is None and not (found.exif or found.directories or found.xmp or found.iptc):
        return "[InvalidArgument] the photo carries no EXIF, XMP or IPTC metadata, so no capture time"
    if (found.exif or found.directories) and all(dirs[0] is None for dirs in candidates):
        return "[InvalidArgument] the photo's EXIF directory is unreadable (it lies outside the data)"
    return "[InvalidArgument] the photo's metadata holds no capture time"


def camera_of(ifd0: Ifd, exif: Ifd | None) -> str:
    """'Make|Model|serial' (each trimmed, any may be empty), or '' when the photo names no camera.

    Estimated places prefer a neighbour from the same camera (SPEC §10); two bodies of one model tell
    apart by the serial number where the camera writes one."""
    parts = [ifd0.text(t.MAKE), ifd0.text(t.MODEL), exif.text(t.BODY_SERIAL_NUMBER) if exif else None]
    cleaned = ["".join(ch for ch in (p or "") if ch.isprintable()).strip().replace("|", "/") for p in parts]
    return "|".join(cleaned) if any(cleaned) else ""


def decode(found: Found) -> RawMeta:
    raw = RawMeta(kind="photo", notes=list(found.notes))
    if found.captured is not None:
        raw.wall_time, raw.time_source = found.captured, "CanonRaw:DateTimeOriginal"
    candidates = [found.directories] if found.directories else [tiff.directories() for tiff in found.exif]
    for dirs in candidates:
        ifd0, exif, gps = dirs
        if raw.wall_time is None:
            _exif_time(dirs, raw, modified=False)
        if gps is not None and raw.lat is None:
            _gps(gps, raw)
        if ifd0 is not None and not raw.camera:
            raw.camera = camera_of(ifd0, exif)
        if ifd0 is not None and raw.orientation is None:
            orientation = ifd0.integer(t.ORIENTATION)
            raw.orientation = orientation if orientation in range(1, 9) else None
        if exif is not None and raw.width is None:
            raw.width, raw.height = exif.integer(t.PIXEL_X_DIMENSION), exif.integer(t.PIXEL_Y_DIMENSION)
        if ifd0 is not None and raw.width is None:
            raw.width, raw.height = ifd0.integer(t.IMAGE_WIDTH), ifd0.integer(t.IMAGE_LENGTH)
        if ifd0 is not None and t.XMP_PACKET in ifd0:
            packet = ifd0.raw(t.XMP_PACKET, 1 << 20)
            if packet:
                found.xmp.append(packet[2])
    # XMP and IPTC capture dates are DateTimeOriginal written elsewhere: they win over IFD0's DateTime,
    # which an editor (GIMP for mei__Issue_600) sets to the time of the edit
    if raw.wall_time is None and not _xmp_time(found.xmp, raw) and not _iptc_time(found.iptc, raw):
        for dirs in candidates:
            if raw.wall_time is None:
                _exif_time(dirs, raw, modified=True)
    gps_source = "GPSDateTime"
    if raw.gps_utc is None and found.xmp:
        raw.gps_utc, gps_source = _xmp_gps_time(found.xmp, raw.notes), "XMP-exif:GPSDateTime"
    if raw.wall_time is None and raw.gps_utc is not None:  # SPEC §2: the GPS clock (UTC) is the last resort
        raw.utc_time, raw.time_source = raw.gps_utc, gps_source
    if raw.wall_time is None and raw.utc_time is None:
        raw.notes.append(_why_no_time(found, candidates))
    if found.width and found.height:
        raw.width, raw.height = found.width, found.height
    if raw.width is None or raw.height is None:
        raw.width = raw.height = None
    return raw
