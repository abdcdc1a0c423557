"""Finding the EXIF and XMP of HEIF/HEIC/AVIF images and Canon CR3 raws in their ISO BMFF boxes.

A HEIF keeps its metadata as *items*: the ``meta`` box lists them (``iinf``) and says where their bytes
are (``iloc``), which may be anywhere, even the last bytes of the file.  pillow-heif would find them too,
but it opens the file through libheif, which reads and checks the whole image structure (a 3 MB phone
HEIC costs milliseconds and fails on truncated files whose EXIF is intact); walking the boxes reads only
the ``meta`` box and the Exif item, a few kilobytes.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass, field

from app.core.tiff import Blob

MAX_META = 8 << 20  # a phone's meta box is a few KB; a fuzzed one claims gigabytes
MAX_ITEM = 1 << 20
_CANON_UUID = bytes.fromhex("85c0b687820f11e08111f4ce462b6a48")
_VIDEO_BRANDS = {b"isom", b"iso2", b"mp41", b"mp42", b"qt  ", b"M4V ", b"M4A ", b"avc1", b"dash", b"3g2a"}


class NotAnImage(Exception):
    """The ISO BMFF file is a video (or broken beyond finding its image items)."""


@dataclass
class Heif:
    exif: list[bytes] = field(default_factory=list)
    xmp: list[bytes] = field(default_factory=list)
    width: int | None = None
    height: int | None = None
    notes: list[str] = field(default_factory=list)


def boxes(blob: Blob, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(type, payload start, payload end) of each box between ``start`` and ``end``."""
    pos = start
    for _ in range(10_000):
        if pos + 8 > end:
            return
        header = blob.read(pos, 16)
        if len(header) < 8:
            return
        size, kind = struct.unpack(">L4s", header[:8])
        payload = pos + 8
        if size == 1:
            if len(header) < 16:
                return
            size = struct.unpack(">Q", header[8:16])[0]
            payload = pos + 16
        elif size == 0:
            size = end - pos
        if size < payload - pos:
            return
        yield kind, payload, pos + size
        pos += size


def _children(data: bytes, start: int = 0) -> Iterator[tuple[bytes, bytes]]:
    """Boxes inside bytes already read: (type, payload); stops at the first malformed one."""
    pos = start
    while pos + 8 <= len(data):
        size, kind = struct.unpack(">L4s", data[pos : pos + 8])
        header = 8
        if size == 1 and pos + 16 <= len(data):
            size, header = struct.unpack(">Q", data[pos + 8 : pos + 16])[0], 16
        elif size == 0:
            size = len(data) - pos
        if size < header:
            return
        yield kind, data[pos + header : pos + size]
        pos += size


def read_heif(blob: Blob) -> Heif:
    brand = blob.read(8, 4)
    meta = next(((s, e) for kind, s, e in boxes(blob, 0, blob.size) if kind == b"meta"), None)
    if meta is None:
        if brand in _VIDEO_BRANDS or brand.startswith(b"3g"):
            raise NotAnImage(f"the file is a video (ISO BMFF brand '{brand.decode('latin-1')}'), not a photo")
        raise NotAnImage("the file is ISO BMFF (as MP4 or HEIF) with no image items: truncated or corrupt")
    start, end = meta
    if end > blob.size and end - start > MAX_META:
        raise NotAnImage(f"the HEIF 'meta' box claims {end - start:,} bytes, more than the file holds")
    data = blob.read(start, min(end - start, MAX_META))
    heif = Heif()
    parts = dict(_children(data, 4))  # meta is a full box: 4 bytes of version and flags
    kinds = _item_types(parts.get(b"iinf", b""))
    locations = _item_locations(parts.get(b"iloc", b""))
    idat = parts.get(b"idat", b"")
    primary = struct.unpack(">H", parts[b"pitm"][4:6])[0] if len(parts.get(b"pitm", b"")) >= 6 else None
    for item, (kind, mime) in kinds.items():
        if kind == b"Exif":
            target = heif.exif
        elif kind == b"mime" and b"xml" in mime:
            target = heif.xmp
        else:
            continue
        construction, extents = locations.get(item, (0, []))
        chunks = []
        for offset, length in extents:
            length = min(length, MAX_ITEM)
            chunk = idat[offset : offset + length] if construction == 1 else blob.read(offset, length)
            if len(chunk) < length:
                what = kind.decode("latin-1")
                heif.notes.append(f"[InvalidArgument] the {what} item runs past the end of the file")
            chunks.append(chunk)
        if chunks:
            target.append(b"".join(chunks))
    heif.width, heif.height = _primary_size(parts.get(b"iprp", b""), primary)
    return heif


def _full_box(payload: bytes) -> tuple[int, int, bytes]:
    if len(payload) < 4:
        return 0, 0, b""
    return payload[0], int.from_bytes(payload[1:4], "big"), payload[4:]


def _item_types(iinf: bytes) -> dict[int, tuple[bytes, bytes]]:
    """item id -> (item type, MIME content type) from the ``infe`` entries of ``iinf``."""
    version, _, body = _full_box(iinf)
    skip = 2 if version == 0 else 4
    result = {}
    for kind, infe in _children(body, skip):
        if kind != b"infe":
            continue
        v, _, entry = _full_box(infe)
        if v < 2:
            continue
        id_size = 2 if v == 2 else 4
        if len(entry) < id_size + 6:
            continue
        item = int.from_bytes(entry[:id_size], "big")
        item_type = entry[id_size + 2 : id_size + 6]
        rest = entry[id_size + 6 :].split(b"\0")
        mime = rest[1] if item_type == b"mime" and len(rest) > 1 else b""
        result[item] = (item_type, mime)
    return result


def _item_locations(iloc: bytes) -> dict[int, tuple[int, list[tuple[int, int]]]]:
    """item id -> (construction method, [(offset, length)]) from ``iloc``."""
    version, _, body = _full_box(iloc)
    if len(body) < 2:
        return {}
    offset_size, length_size = body[0] >> 4, body[0] & 15
    base_size, index_size = body[1] >> 4, (body[1] & 15 if version in (1, 2) else 0)
    pos = 2

    def take(size: int) -> int:
        nonlocal pos
        value = int.from_bytes(body[pos : pos + size], "big") if size else 0
        pos += size
        return value

    count = take(2 if version < 2 else 4)
    result = {}
    for _ in range(min(count, 4096)):
        if pos >= len(body):
            break
        item = take(2 if version < 2 else 4)
        construction = take(2) & 15 if version in (1, 2) else 0
        take(2)  # data reference index
        base = take(base_size)
        extents = []
        for _ in range(min(take(2), 256)):
            take(index_size)
            extents.append((base + take(offset_size), take(length_size)))
        result[item] = (construction, extents)
    return result


def _primary_size(iprp: bytes, primary: int | None) -> tuple[int | None, int | None]:
    """The primary item's ``ispe`` (image spatial extents), through the ``ipma`` associations."""
    parts = list(_children(iprp))
    ipco = next((p for k, p in parts if k == b"ipco"), b"")
    properties = list(_children(ipco))
    ipma = next((p for k, p in parts if k == b"ipma"), b"")
    version, flags, body = _full_box(ipma)
    pos, indices = 4, []
    count = int.from_bytes(body[:4], "big") if len(body) >= 4 else 0
    for _ in range(min(count, 4096)):
        id_size = 2 if version < 1 else 4
        item = int.from_bytes(body[pos : pos + id_size], "big")
        n = body[pos + id_size] if pos + id_size < len(body) else 0
        pos += id_size + 1
        width = 2 if flags & 1 else 1
        assoc = [int.from_bytes(body[pos + i * width : pos + (i + 1) * width], "big") for i in range(n)]
        pos += n * width
        if item == primary:
            indices = [a & (0x7FFF if width == 2 else 0x7F) for a in assoc]
            break
    candidates = [properties[i - 1] for i in indices if 0 < i <= len(properties)] or properties
    for kind, payload in candidates:
        if kind == b"ispe" and len(payload) >= 12:
            return struct.unpack(">LL", payload[4:12])
    return None, None


def cr3_tiffs(blob: Blob) -> list[bytes | None]:
    """The CMT1 (IFD0), CMT2 (Exif IFD) and CMT4 (GPS IFD) TIFF blocks of a Canon CR3, None where absent."""
    for kind, start, end in boxes(blob, 0, blob.size):
        if kind != b"moov":
            continue
        for child, s, e in boxes(blob, start, end):
            if child == b"uuid" and blob.read(s, 16) == _CANON_UUID:
                found = {k: blob.read(cs, min(ce - cs, MAX_ITEM)) for k, cs, ce in boxes(blob, s + 16, e)}
                return [found.get(k) for k in (b"CMT1", b"CMT2", b"CMT4")]
    return [None, None, None]
