"""The pictures a camera RAW carries ready-made: the JPEG previews (and small RGB thumbnails) beside its
sensor data.

A RAW's sensor data needs demosaicing, white balance and a tone curve before it is a picture (a second or
more for 24 MP); but every camera also writes a JPEG of the shot as it saw it, for its own screen: in a
TIFF-structured RAW (CR2, NEF, ARW, DNG, PEF, RW2...) behind an IFD's ``JPEGInterchangeFormat``, a
JPEG-compressed strip, or Panasonic's ``JpgFromRaw``; in a Canon CR3's ``THMB`` and ``PRVW`` boxes; at an
offset the header of a Fujifilm RAF names; in a Canon CRW's CIFF heap.  This module only finds them, by
walking the same containers the metadata reader walks (:mod:`app.core.tiff`, :mod:`app.core.isobmff`),
reading a few kilobytes around the directories; :mod:`app.core.pictures` picks one and decodes it.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from app.core import isobmff
from app.core import tiff as t
from app.core.exif import ciff_record
from app.core.tiff import Blob, Ifd, Tiff

JPEG_INTERCHANGE_FORMAT, JPEG_INTERCHANGE_FORMAT_LENGTH = 0x0201, 0x0202
COMPRESSION, PHOTOMETRIC, STRIP_OFFSETS, SAMPLES_PER_PIXEL, STRIP_BYTE_COUNTS = (
    0x0103,
    0x0106,
    0x0111,
    0x0115,
    0x0117,
)
BITS_PER_SAMPLE, SUB_IFDS, PANASONIC_JPG_FROM_RAW = 0x0102, 0x014A, 0x002E
_JPEG_COMPRESSIONS = (6, 7, 99)  # old-style JPEG, JPEG, and what some Kodak/Leica writers use
_RAW_PHOTOMETRIC = (32803, 34892)  # CFA and LinearRaw: sensor data, not a picture
_PRVW_UUID = bytes.fromhex("eaf42b5e1c984b88b9fbb7dc406e4d16")
MAX_PREVIEW = 64 << 20  # no camera preview is larger; a bigger claim is a broken directory


@dataclass(frozen=True)
class Preview:
    """Where one ready-made picture sits in the file: ``jpeg`` bytes, or 8-bit ``rgb`` strips of
    ``width`` x ``height``."""

    format: str  # "jpeg" or "rgb"
    offset: int
    length: int
    width: int = 0
    height: int = 0


@dataclass
class Previews:
    pictures: list[Preview]
    orientation: int | None = None  # the RAW's own EXIF orientation (its previews are stored unturned)


def find_previews(blob: Blob) -> Previews:
    """The previews of a RAW file, largest claims first, and its orientation; empty when it has none."""
    head = blob.read(0, 16)
    if head[:16] == b"FUJIFILMCCD-RAW ":
        found = _raf(blob)
    elif head[:2] == b"II" and blob.read(6, 8) == b"HEAPCCDR":
        found = _crw(blob)
    elif head[4:8] == b"ftyp":
        found = _cr3(blob)
    elif head[:4] in (b"II*\0", b"MM\0*", b"IIU\0", b"IIRO", b"IIRS", b"MMOR"):
        found = _tiff(blob, Tiff(blob))
    else:
        found = Previews([])
    found.pictures = [p for p in found.pictures if 0 < p.length <= MAX_PREVIEW and p.offset >= 0]
    return found


def _tiff(blob: Blob, tiff: Tiff) -> Previews:
    """Every IFD of the chain and its SubIFDs: a JPEG behind a pointer or in a strip, or plain RGB."""
    found = Previews([])
    offset: int | None = tiff.first_ifd
    queue: list[int] = []
    for _ in range(16):  # IFD0, IFD1... chains are short; a loop in them is refused by Tiff.ifd
        if offset is None:
            break
        ifd = tiff.ifd(offset)
        if ifd is None:
            break
        if found.orientation is None and offset == tiff.first_ifd:
            found.orientation = ifd.integer(t.ORIENTATION)
        found.pictures += _pictures_of(tiff, ifd)
        queue += [int(o) for o in ifd.numbers(SUB_IFDS, 8) or []]
        offset = next_ifd(tiff, offset)
    for sub in queue[:16]:
        ifd = tiff.ifd(sub)
        if ifd is not None:
            found.pictures += _pictures_of(tiff, ifd)
    return found


def next_ifd(tiff: Tiff, offset: int) -> int | None:
    """The offset of the directory after the one at ``offset`` (IFD0 -> IFD1), or None at the end."""
    count = tiff.blob.read(tiff.origin + offset, 2)
    if len(count) < 2:
        return None
    entries = min(struct.unpack(tiff.order + "H", count)[0], t.MAX_ENTRIES)
    pointer = tiff.blob.read(tiff.origin + offset + 2 + 12 * entries, 4)
    if len(pointer) < 4:
        return None
    following: int = struct.unpack(tiff.order + "L", pointer)[0]
    return following or None


def _pictures_of(tiff: Tiff, ifd: Ifd) -> list[Preview]:
    pictures = []
    base = tiff.origin
    start, length = ifd.integer(JPEG_INTERCHANGE_FORMAT), ifd.integer(JPEG_INTERCHANGE_FORMAT_LENGTH)
    if start and length:
        pictures.append(Preview("jpeg", base + start, length))
    embedded = ifd.raw(PANASONIC_JPG_FROM_RAW, 0)
    if embedded is not None and embedded[1] > 1024:  # RW2: the entry's own value is the JPEG
        pointer = struct.unpack(tiff.order + "L", ifd.entries[PANASONIC_JPG_FROM_RAW][2])[0]
        pictures.append(Preview("jpeg", base + pointer, embedded[1]))
    strips, counts = ifd.numbers(STRIP_OFFSETS, 2), ifd.numbers(STRIP_BYTE_COUNTS, 2)
    photometric = ifd.integer(PHOTOMETRIC)
    if not strips or not counts or len(strips) != 1 or photometric in _RAW_PHOTOMETRIC:
        return pictures
    compression = ifd.integer(COMPRESSION)
    width, height = ifd.integer(t.IMAGE_WIDTH) or 0, ifd.integer(t.IMAGE_LENGTH) or 0
    if compression in _JPEG_COMPRESSIONS:
        pictures.append(Preview("jpeg", base + int(strips[0]), int(counts[0]), width, height))
    elif compression == 1 and photometric == 2 and ifd.integer(SAMPLES_PER_PIXEL) == 3:
        bits = ifd.numbers(BITS_PER_SAMPLE, 3) or []
        if bits and all(b == 8 for b in bits) and width and height:
            pictures.append(Preview("rgb", base + int(strips[0]), int(counts[0]), width, height))
    return pictures


def _raf(blob: Blob) -> Previews:
    """Fujifilm RAF: its header names the offset and length of a full camera JPEG."""
    header = blob.read(84, 8)
    if len(header) < 8:
        return Previews([])
    offset, length = struct.unpack(">LL", header)
    return Previews([Preview("jpeg", offset, length)])


def _cr3(blob: Blob) -> Previews:
    """Canon CR3: a 160x120 ``THMB`` inside the Canon ``uuid`` of ``moov``, and a 1620x1080 ``PRVW`` in a
    top-level ``uuid``; each is a small header and then a JPEG, found by its start marker."""
    found = Previews([])
    for kind, start, end in isobmff.boxes(blob, 0, blob.size):
        if kind == b"moov":
            for child, s, e in isobmff.boxes(blob, start, end):
                if child == b"uuid" and blob.read(s, 16) == bytes.fromhex("85c0b687820f11e08111f4ce462b6a48"):
                    for item, cs, ce in isobmff.boxes(blob, s + 16, e):
                        if item == b"THMB":
                            found.pictures += _jpeg_in(blob, cs, ce)
                        elif item == b"CMT1" and found.orientation is None:
                            found.orientation = _orientation_of(blob.read(cs, min(ce - cs, 1 << 16)))
        elif kind == b"uuid" and blob.read(start, 16) == _PRVW_UUID:
            for item, cs, ce in isobmff.boxes(blob, start + 24, end):  # 8 bytes of its own after the uuid
                if item == b"PRVW":
                    found.pictures += _jpeg_in(blob, cs, ce)
    return found


def _jpeg_in(blob: Blob, start: int, end: int) -> list[Preview]:
    """The JPEG that starts within the first bytes of a box and runs to its end."""
    head = blob.read(start, 64)
    at = head.find(b"\xff\xd8\xff")
    return [Preview("jpeg", start + at, end - start - at)] if at >= 0 else []


def _orientation_of(data: bytes) -> int | None:
    try:
        tiff = Tiff(Blob(data))
    except ValueError:
        return None
    ifd = tiff.ifd(tiff.first_ifd)
    return ifd.integer(t.ORIENTATION) if ifd is not None else None


def _crw(blob: Blob) -> Previews:
    """Canon CRW (CIFF): the ``JpgFromRaw`` (0x2007) and ``ThumbnailImage`` (0x2008) records of its heap."""
    header_length = struct.unpack("<L", blob.read(2, 4).ljust(4, b"\0"))[0]
    found = Previews([])
    for record in (0x2007, 0x2008):
        where = _ciff_locate(blob, header_length, blob.size - header_length, record, 0)
        if where is not None:
            found.pictures.append(Preview("jpeg", *where))
    return found


def _ciff_locate(blob: Blob, start: int, length: int, wanted: int, depth: int) -> tuple[int, int] | None:
    """(offset, size) of a record in a CIFF heap stored apart from its entry (a preview always is)."""
    found = ciff_record(blob, start, length, wanted, depth)
    return None if found is None or found[2] is not None else (found[0], found[1])
