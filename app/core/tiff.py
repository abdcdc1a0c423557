"""A lenient reader of TIFF-structured EXIF blocks: only the entries Tripfold needs, each on its own.

EXIF is a little TIFF file (a header and chains of directories, "IFDs") wherever it sits: in a JPEG's
APP1 segment, a PNG eXIf chunk, a HEIC Exif item, or as the whole file of a TIFF, DNG or most camera
RAWs.  ``piexif.load`` decodes every entry of every directory and gives up on the first one that is
malformed; in ../shared/corpus that loses the capture time of two good drone TIFFs and five damaged
JPEGs whose dates are intact.  Here an entry is decoded only when asked for, and a bad entry costs only
itself.  Reads go through :class:`Blob`, so a TIFF or RAW file is read a few kilobytes at a time around
its directories, never whole.
"""

from __future__ import annotations

import struct
from typing import BinaryIO

# Tag numbers, as piexif names them (piexif.ImageIFD / ExifIFD / GPSIFD).
IMAGE_WIDTH, IMAGE_LENGTH, ORIENTATION, DATE_TIME = 0x0100, 0x0101, 0x0112, 0x0132
MAKE, MODEL, BODY_SERIAL_NUMBER = 0x010F, 0x0110, 0xA431
XMP_PACKET, EXIF_IFD, GPS_IFD = 0x02BC, 0x8769, 0x8825
DATE_TIME_ORIGINAL, DATE_TIME_DIGITIZED = 0x9003, 0x9004
OFFSET_TIME, OFFSET_TIME_ORIGINAL, OFFSET_TIME_DIGITIZED = 0x9010, 0x9011, 0x9012
SUB_SEC_TIME, SUB_SEC_TIME_ORIGINAL, SUB_SEC_TIME_DIGITIZED = 0x9290, 0x9291, 0x9292
PIXEL_X_DIMENSION, PIXEL_Y_DIMENSION = 0xA002, 0xA003
GPS_LATITUDE_REF, GPS_LATITUDE, GPS_LONGITUDE_REF, GPS_LONGITUDE = 1, 2, 3, 4
GPS_TIME_STAMP, GPS_DATE_STAMP = 7, 29

# type code -> (struct code, size in bytes)
_TYPES = {
    1: ("B", 1), 2: ("s", 1), 3: ("H", 2), 4: ("L", 4), 5: ("LL", 8), 6: ("b", 1), 7: ("s", 1),
    8: ("h", 2), 9: ("l", 4), 10: ("ll", 8), 11: ("f", 4), 12: ("d", 8), 13: ("L", 4),
}  # fmt: skip
MAX_ENTRIES = 512  # a real IFD has a few dozen; fuzzed ones claim 65535
MAX_VALUE_BYTES = 4096  # no tag Tripfold reads is longer, except XMP
MAX_READ = 32 << 20  # a budget per file, so a chain of bogus offsets cannot read a huge file


class Blob:
    """Random access to part of a file (or to bytes already in memory), bounded and never raising.

    ``read`` returns fewer bytes than asked (possibly none) past the end, the way a truncated file
    behaves, so every caller checks lengths instead of catching exceptions.
    """

    def __init__(
        self, data: bytes = b"", file: BinaryIO | None = None, base: int = 0, size: int | None = None
    ):
        self._head = data
        self._file = file
        self.base = base
        self.size = size if size is not None else len(data)
        self._budget = MAX_READ

    @classmethod
    def of_file(cls, file: BinaryIO, base: int = 0, size: int | None = None, head: int = 8192) -> Blob:
        """A window on ``file`` from ``base``, its first ``head`` bytes read at once (most EXIF is there)."""
        if size is None:
            size = max(0, _file_size(file) - base)
        file.seek(base)
        return cls(file.read(min(head, size)), file, base, size)

    def read(self, offset: int, length: int) -> bytes:
        if offset >= 0 and length > 0 and offset + length <= len(self._head):  # the common case, first
            return self._head[offset : offset + length]
        if offset < 0 or length <= 0 or offset >= self.size:
            return b""
        length = min(length, self.size - offset)
        end = offset + length
        if end <= len(self._head) or self._file is None:
            return self._head[offset:end]
        if length > self._budget:
            return b""
        self._budget -= length
        self._file.seek(self.base + offset)
        return self._file.read(length)

    def sub(self, offset: int, length: int) -> Blob:
        """A window inside this one (e.g. the JPEG inside a RAF), sharing the file."""
        length = max(0, min(length, self.size - offset))
        if self._file is None:
            return Blob(self._head[offset : offset + length])
        return Blob.of_file(self._file, self.base + offset, length)


def _file_size(file: BinaryIO) -> int:
    here = file.tell()
    size = file.seek(0, 2)
    file.seek(here)
    return size


class Ifd:
    """One directory: its raw entries, decoded on demand."""

    def __init__(self, tiff: Tiff, entries: dict[int, tuple[int, int, bytes]]):
        self._tiff = tiff
        self.entries = entries  # tag -> (type, count, the 4 bytes holding the value or its offset)

    def __contains__(self, tag: int) -> bool:
        return tag in self.entries

    def raw(self, tag: int, limit: int = MAX_VALUE_BYTES) -> tuple[int, int, bytes] | None:
        """(type, count, bytes) of an entry, the bytes cut to what the file really holds."""
        entry = self.entries.get(tag)
        if entry is None:
            return None
        typ, count, inline = entry
        code = _TYPES.get(typ)
        if code is None:
            return None
        size = code[1] * count
        if size <= 4:
            return typ, count, inline[:size]
        offset = struct.unpack(self._tiff.order + "L", inline)[0]
        return typ, count, self._tiff.blob.read(self._tiff.origin + offset, min(size, limit))

    def text(self, tag: int) -> str | None:
        """An ASCII (or UNDEFINED) value up to its first NUL, or None."""
        raw = self.raw(tag, 256)
        if raw is None or raw[0] not in (1, 2, 7):
            return None
        text = raw[2].split(b"\0", 1)[0].decode("latin-1").strip()
        return text or None

    def numbers(self, tag: int, limit: int = 16) -> list[float] | None:
        """Numeric values; rationals as floats, ``inf``/``nan`` for a zero denominator."""
        raw = self.raw(tag, limit * 8)
        if raw is None:
            return None
        typ, count, data = raw
        code, size = _TYPES[typ]
        if typ in (2, 7):
            return None
        count = min(count, len(data) // size, limit)
        if count == 0:
            return None
        values = struct.unpack(self._tiff.order + code * count, data[: count * size])
        if typ in (5, 10):
            pairs = zip(values[0::2], values[1::2], strict=True)
            return [n / d if d else (float("nan") if n == 0 else float("inf")) for n, d in pairs]
        return [float(v) for v in values]

    def integer(self, tag: int) -> int | None:
        values = self.numbers(tag, 1)
        if not values or values[0] != values[0] or values[0] in (float("inf"),):
            return None
        return int(values[0])

    def pointer(self, tag: int) -> int | None:
        """The offset a sub-IFD pointer (ExifIFD, GPSIFD) holds."""
        entry = self.entries.get(tag)
        if entry is None or entry[0] not in (4, 9, 13) or entry[1] < 1:  # some writers use SLONG
            return None
        offset: int = struct.unpack(self._tiff.order + "L", entry[2])[0]
        return offset


class Tiff:
    """A TIFF structure starting at ``origin`` in a blob; offsets inside it count from ``origin``."""

    def __init__(self, blob: Blob, origin: int = 0):
        self.blob, self.origin = blob, origin
        header = blob.read(origin, 8)
        if len(header) < 8 or header[:2] not in (b"II", b"MM"):
            raise ValueError("no TIFF header")
        self.order = "<" if header[:2] == b"II" else ">"
        self.first_ifd = struct.unpack(self.order + "L", header[4:8])[0]
        self._seen: set[int] = set()

    def ifd(self, offset: int | None) -> Ifd | None:
        """The directory at ``offset``, or None when it is out of the data, looped or empty."""
        if offset is None or offset < 8 or offset in self._seen:
            return None
        self._seen.add(offset)
        start = self.origin + offset
        head = self.blob.read(start, 2)
        if len(head) < 2:
            return None
        count = min(struct.unpack(self.order + "H", head)[0], MAX_ENTRIES)
        data = self.blob.read(start + 2, 12 * count)
        entries: dict[int, tuple[int, int, bytes]] = {}
        for tag, typ, n, value in struct.iter_unpack(self.order + "HHL4s", data[: len(data) // 12 * 12]):
            if typ in _TYPES and tag not in entries:
                entries[tag] = (typ, n, value)
        return Ifd(self, entries) if entries else None

    def directories(self) -> tuple[Ifd | None, Ifd | None, Ifd | None]:
        """IFD0, the Exif IFD and the GPS IFD (each None when absent or unreadable)."""
        ifd0 = self.ifd(self.first_ifd)
        if ifd0 is None:
            return None, None, None
        return ifd0, self.ifd(ifd0.pointer(EXIF_IFD)), self.ifd(ifd0.pointer(GPS_IFD))
