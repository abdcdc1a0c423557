"""Whether a QuickTime/MP4 movie's boxes are sound enough to hand to MediaInfo.

MediaInfo trusts the entry counts of a movie's tables: a 3.8 KB MOV whose edit list (``elst``) claims
4 billion entries costs it a minute and gigabytes of memory (issue #10), and nothing outside the process
can stop it.  So before MediaInfo sees a file, its box tree is walked here, box headers and the first
bytes of each table only (never the media data), and a file is refused when a table's entry count times
its entry size exceeds the box that holds it, a table runs past the end of the file, or a box runs past
the box that contains it.  (A table of samples of one constant size has no entries to allocate: a
4-billion count there costs MediaInfo nothing, measured.)  A refused file is then read
without MediaInfo (:mod:`app.core.video` reads its movie header and user data itself).

A movie cut short keeps consistent boxes up to the cut (its ``moov`` merely claims more than the file
holds), so truncated files still go to MediaInfo, which reads what is there.
"""

from __future__ import annotations

import struct
from collections.abc import Callable

from app.core.tiff import Blob

MAX_BOXES = 20_000  # box headers visited at most: a real movie has hundreds (thousands when fragmented)
MAX_DEPTH = 10
# boxes that only hold boxes (``meta`` too, after its version and flags in MP4; QuickTime's has none)
_CONTAINERS = {
    b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"udta", b"dinf", b"mvex", b"moof", b"traf",
    b"mfra", b"tref", b"meta", b"sinf", b"schi", b"gmhd", b"tapt", b"clip", b"matt",
}  # fmt: skip
# boxes a truncated movie may end inside (a cut ftyp header, say, is damage: MediaInfo then searches the
# whole file, 20 s for a 1.5 MB phone video)
_MAY_BE_CUT = _CONTAINERS | {b"mdat", b"free", b"skip", b"wide", b"uuid", b"\xa9xyz", b"loci", b"ilst"}
# first boxes of a QuickTime or ISO BMFF file: old QuickTime files start with moov, mdat, wide or free
_FIRST = {b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot", b"uuid", b"styp", b"sidx", b"moof"}


def is_movie(head: bytes) -> bool:
    """Whether the file's first bytes are an ISO BMFF / QuickTime box header."""
    return len(head) >= 8 and head[4:8] in _FIRST


def damage(blob: Blob) -> str | None:
    """Why the movie's tables cannot be trusted (readable, without the ``[InvalidArgument]`` prefix)."""
    walk = _Walk(blob)
    return walk.boxes(0, blob.size, b"file", 0)


class _Walk:
    def __init__(self, blob: Blob):
        self.blob = blob
        self.visited = 0

    def boxes(self, start: int, end: int, parent: bytes, depth: int) -> str | None:
        """Check the boxes between ``start`` and ``end`` (the parent's declared end) and those inside."""
        pos = start
        while pos + 8 <= end and self.visited < MAX_BOXES:
            self.visited += 1
            header = self.blob.read(pos, 16)
            if len(header) < 8:
                return None  # the file ends here: a truncated movie, for MediaInfo to read what is there
            size, kind = struct.unpack(">L4s", header[:8])
            body = pos + 8
            if size == 1:
                if len(header) < 16:
                    return None
                size, body = struct.unpack(">Q", header[8:16])[0], pos + 16
            elif size == 0:
                size = end - pos if parent != b"file" else self.blob.size - pos
            name = kind.decode("latin-1")
            if size < body - pos:
                if parent == b"file":
                    return None  # trailing garbage after the boxes; MediaInfo stops there as well
                return f"the box '{name}' inside '{_name(parent)}' has an impossible size ({size})"
            box_end = pos + size
            if parent != b"file" and box_end > end:
                return f"the box '{name}' runs past the end of the '{_name(parent)}' box that holds it"
            if box_end > self.blob.size and kind not in _MAY_BE_CUT:
                return f"the box '{name}' claims {size:,} bytes, more than the file holds"
            problem = self.table(kind, body, box_end)
            if problem is None and kind in _CONTAINERS and depth < MAX_DEPTH:
                inner = body
                if kind == b"meta" and self.blob.read(body, 4) == b"\0\0\0\0":
                    inner += 4  # MP4's meta is a full box (version and flags); QuickTime's is not
                problem = self.boxes(inner, box_end, kind, depth + 1)
            if problem is not None:
                return problem
            pos = box_end
        return None

    def table(self, kind: bytes, body: int, end: int) -> str | None:
        """A table whose entries cannot all be in its box, or in the file."""
        layout = _TABLES.get(kind)
        if layout is None:
            return None
        head = self.blob.read(body, 32)
        shape = layout(head)
        if shape is None:
            return None
        count, entry_size, header_size = shape
        name = kind.decode("latin-1")
        if end > self.blob.size:
            return f"the '{name}' table runs past the end of the file"
        room = end - body - header_size
        if count * entry_size > room:
            return f"the '{name}' table claims {count:,} entries, more than its {end - body:,} bytes hold"
        return None


def _name(kind: bytes) -> str:
    return kind.decode("latin-1")


def _u32(data: bytes, at: int) -> int | None:
    return int(struct.unpack(">L", data[at : at + 4])[0]) if len(data) >= at + 4 else None


Layout = Callable[[bytes], tuple[int, int, int] | None]  # a table's head -> (count, entry size, offset)


def _counted(count_at: int, entry_size: int) -> Layout:
    """A full box with a 32-bit entry count at ``count_at`` followed by fixed-size entries."""

    def layout(head: bytes) -> tuple[int, int, int] | None:
        count = _u32(head, count_at)
        return None if count is None else (count, entry_size, count_at + 4)

    return layout


def _elst(head: bytes) -> tuple[int, int, int] | None:
    count = _u32(head, 4)
    return None if count is None else (count, 20 if head[0] == 1 else 12, 8)


def _stsz(head: bytes) -> tuple[int, int, int] | None:
    sample_size, count = _u32(head, 4), _u32(head, 8)
    if sample_size is None or count is None:
        return None
    return count, 4 if sample_size == 0 else 0, 12


def _stz2(head: bytes) -> tuple[int, int, int] | None:
    count = _u32(head, 8)
    if count is None:
        return None
    bits = head[7]
    # 4-bit entries are two to a byte: count them in whole bytes, rounding up
    return ((count + 1) // 2, 1, 12) if bits == 4 else (count, max(1, bits // 8), 12)


def _sbgp(head: bytes) -> tuple[int, int, int] | None:
    at = 8 if head[:1] != b"\x01" else 12  # version 1 adds a grouping type parameter
    count = _u32(head, at)
    return None if count is None else (count, 8, at + 4)


def _trun(head: bytes) -> tuple[int, int, int] | None:
    count = _u32(head, 4)
    if count is None:
        return None
    flags = int.from_bytes(head[1:4], "big")
    entry = 4 * bin(flags & 0xF00).count("1")
    return count, entry, 8 + 4 * bool(flags & 1) + 4 * bool(flags & 4)


def _saio(head: bytes) -> tuple[int, int, int] | None:
    at = 12 if head[3:4] and head[3] & 1 else 4  # aux_info_type and its parameter
    count = _u32(head, at)
    return None if count is None else (count, 8 if head[0] == 1 else 4, at + 4)


def _saiz(head: bytes) -> tuple[int, int, int] | None:
    at = 12 if head[3:4] and head[3] & 1 else 4
    if len(head) < at + 5:
        return None
    default, count = head[at], _u32(head, at + 1)
    return None if count is None else (count, 0 if default else 1, at + 5)


def _sidx(head: bytes) -> tuple[int, int, int] | None:
    # reference id and timescale, then two times of 4 bytes (version 0) or 8 (version 1), 2 reserved bytes
    at = 22 if head[:1] == b"\0" else 30
    if len(head) < at + 2:
        return None
    return int.from_bytes(head[at : at + 2], "big"), 12, at + 2


def _tfra(head: bytes) -> tuple[int, int, int] | None:
    sizes, count = _u32(head, 8), _u32(head, 12)
    if sizes is None or count is None:
        return None
    entry = (16 if head[0] == 1 else 8) + ((sizes >> 4) & 3) + ((sizes >> 2) & 3) + (sizes & 3) + 3
    return count, entry, 16


_TABLES = {
    b"elst": _elst, b"stts": _counted(4, 8), b"ctts": _counted(4, 8), b"stsc": _counted(4, 12),
    b"stco": _counted(4, 4), b"co64": _counted(4, 8), b"stss": _counted(4, 4), b"stps": _counted(4, 4),
    b"stsz": _stsz, b"stz2": _stz2, b"sbgp": _sbgp, b"stsd": _counted(4, 8), b"dref": _counted(4, 8),
    b"keys": _counted(4, 8), b"trun": _trun, b"saio": _saio, b"saiz": _saiz, b"sidx": _sidx,
    b"tfra": _tfra,
}  # fmt: skip
