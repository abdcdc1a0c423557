"""timezonefinder's boundary rings kept once per shared edge: the store a built program ships instead of
``coordinates.bin`` (12 MB instead of 32).

The time zones tile the globe, so nearly every boundary edge belongs to two polygons, and
timezonefinder's ``coordinates.bin`` stores it twice (8.19 million edges, 4.09 million different ones).
Here each ring is cut into *chains*, maximal runs of vertices that the same rings share: a chain ends at
a *junction*, a vertex where three or more edges meet (or one, or where a ring starts).  Between two
junctions a ring has no choice of way, so every ring that uses an edge runs along that edge's whole
chain, forwards or backwards; a ring is then a list of (chain, direction) and each chain is stored once.

A chain is its first vertex and the steps to the next ones, in timezonefinder's own integers divided by
10 (every vertex lies on that grid: ``SOURCE_COORD_STEP``), zig-zag coded (a step of -3 is 5, +3 is 6)
and bit-packed in blocks of :data:`BLOCK` steps, each block as wide as its widest step needs (the steps'
median is 10 bits).  Decoding a ring is a handful of NumPy gathers and a cumulative sum.

Nothing here knows what timezonefinder does with a ring: :mod:`app.core.edge_finder` hands the decoded
rings to timezonefinder's own code, and its build refuses to write a store whose rings differ in one
vertex from the ones timezonefinder decodes from ``coordinates.bin``.  The file names the timezonefinder
data it was built for (a digest of the files that describe the rings), and a store that does not match
them, or whose bytes do not match their checksum, is refused with :class:`StoreError`.

Layout: ``MAGIC``, a little-endian u32 header length, a JSON header (format, digests, the arrays'
offsets), then the arrays, each 8-byte aligned.
"""

from __future__ import annotations

import json
import mmap
import struct
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

FORMAT = 1  # bump when the file changes shape
PREFIX = f"zone-edges-v{FORMAT}"  #: the store's folder in the prebuilt folder (a ``complete`` marks it done)
FILE_NAME = "edges.bin"
MAGIC = b"TZEDGES\x00"
BLOCK = 16  # steps per bit-width block: 12.1 MB (8: 12.3, 32: 12.3, 64: 12.5; timezonefinder 9.0's data)
STEP = 10  # timezonefinder's coordinates are all multiples of this; stored divided by it
PADDING_WORDS = 2  # a field is read as two words, the last one's second word must exist
_MASKS = (np.uint64(1) << np.arange(33, dtype=np.uint64)) - np.uint64(1)  # a field's bits, by its width
_DTYPES = {
    "ring_start": "<u4",  # where each ring's chain references start in ring_refs (rings + 1)
    "ring_refs": "<u4",  # 2 * chain + 1 when the ring runs along the chain backwards
    "chain_first": "<i4",  # (chains, 2): a chain's first vertex, x and y, divided by STEP
    "chain_start": "<u4",  # where each chain's steps start (chains + 1)
    "widths": "u1",  # (blocks, 2): bits of a block's x and y steps
    "words": "<u4",  # the bit stream: per block its x fields, then its y fields, least significant first
}
# the timezonefinder data files that say how many vertices each ring has and how its payload is framed:
# a store is only valid with the very files it was built beside
_SOURCE_FILES = (
    "boundaries/nr_vertices.npy",
    "boundaries/block_offsets.npy",
    "boundaries/block_ranges.npy",
    "boundaries/block_bases.npy",
    "boundaries/block_widths.npy",
    "holes/nr_vertices.npy",
    "holes/block_offsets.npy",
    "holes/block_ranges.npy",
    "holes/block_bases.npy",
    "holes/block_widths.npy",
    "holes/poly_ref.npy",
    "hole_registry.json",
)


class StoreError(RuntimeError):
    """The store cannot be used: missing, damaged, or built for other timezonefinder data."""


def source_digest(data_dir: Path) -> str:
    """A digest of the timezonefinder data files the store's rings must agree with."""
    crc = 0
    for name in _SOURCE_FILES:
        try:
            content = (data_dir / name).read_bytes()
        except OSError as exc:
            raise StoreError(f"timezonefinder's data lacks {name} ({exc})") from exc
        crc = zlib.crc32(content, zlib.crc32(name.encode(), crc))
    return f"{crc:08x}"


# -- writing -------------------------------------------------------------------------------------------------


def pack(rings: Sequence[np.ndarray], source: str) -> bytes:
    """The store of ``rings`` (each ``(2, n)`` integers, multiples of STEP, not repeating its first
    vertex at its end) for the timezonefinder data whose :func:`source_digest` is ``source``."""
    lengths = np.array([ring.shape[1] for ring in rings], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(lengths)])
    points = np.concatenate(rings, axis=1).astype(np.int64)
    if np.any(points % STEP):
        raise StoreError(f"a vertex is off timezonefinder's grid of {STEP}")
    points //= STEP
    chain_of_piece, backwards, piece_ring, pieces = _pieces(points, starts, lengths)
    chains = np.unique(chain_of_piece)
    chain_id = np.searchsorted(chains, chain_of_piece)
    first = np.full(len(chains), -1)
    for i in range(len(pieces) - 1, -1, -1):  # the first piece of each chain defines its direction
        first[chain_id[i]] = i
    # a later piece of the same chain runs forwards when it starts with the defining piece's first edge
    # at the same vertex; the rings rebuilt and compared below prove that this reading is right
    refs = 2 * chain_id + (backwards != backwards[first[chain_id]])
    chain_points = [points[:, pieces[i]] for i in first]
    ring_start = np.concatenate([[0], np.cumsum(np.bincount(piece_ring, minlength=len(rings)))])
    arrays = {
        "ring_start": ring_start,
        "ring_refs": refs,
        "chain_first": np.array([c[:, 0] for c in chain_points]).reshape(-1, 2),
        "chain_start": np.concatenate([[0], np.cumsum([c.shape[1] - 1 for c in chain_points])]),
    }
    steps = np.concatenate([np.diff(c, axis=1) for c in chain_points], axis=1)
    arrays["widths"], arrays["words"] = _bit_pack(steps, np.diff(arrays["chain_start"]))
    return _serialise(arrays, source, len(rings))


def _pieces(
    points: np.ndarray, starts: np.ndarray, lengths: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[np.ndarray]]:
    """Every ring cut at the junctions: for each piece (in ring order) the key of its chain (its
    smaller end edge), whether it runs against the chain's key edge order, its ring, and its vertex
    positions into ``points`` (the last one is the next piece's first)."""
    total = points.shape[1]
    _, vertex = np.unique((points[0] + 2**31) * 2**32 + (points[1] + 2**31), return_inverse=True)
    vertex = vertex.ravel()
    ring = np.repeat(np.arange(len(lengths)), lengths)
    at = np.arange(total)
    following = np.where(at + 1 == starts[ring + 1], starts[ring], at + 1)
    preceding = np.where(at == starts[ring], starts[ring + 1] - 1, at - 1)
    a, b = vertex, vertex[following]
    if np.any(a == b):
        raise StoreError("a ring repeats a vertex at once (an edge of no length)")
    n_vertices = int(vertex.max()) + 1
    edges, edge = np.unique(np.minimum(a, b) * n_vertices + np.maximum(a, b), return_inverse=True)
    edge = edge.ravel()
    degree = np.bincount(edges // n_vertices, minlength=n_vertices)
    degree += np.bincount(edges % n_vertices, minlength=n_vertices)
    junction = degree != 2
    junction[vertex[edge[preceding] == edge]] = True  # a spike: a ring turns back on its last edge
    junction[vertex[starts[:-1]]] = True  # every ring starts at a junction, so no piece wraps around
    cuts = np.flatnonzero(junction[vertex])
    ends = np.minimum(np.append(cuts[1:], total), starts[ring[cuts] + 1])
    first_edge, last_edge = edge[cuts], edge[ends - 1]
    key = np.minimum(first_edge, last_edge)
    # direction: by the end edges, and for a chain of one edge (or a loop) by its end vertices
    forwards = np.where(
        first_edge != last_edge, first_edge < last_edge, vertex[cuts] <= vertex[following[ends - 1]]
    )
    positions = []
    for cut, end in zip(cuts.tolist(), ends.tolist(), strict=True):
        piece = np.arange(cut, end + 1)
        if end == starts[ring[cut] + 1]:
            piece[-1] = starts[ring[cut]]  # the closing vertex is the ring's first
        positions.append(piece)
    return key, ~forwards, ring[cuts], positions


def _bit_pack(steps: np.ndarray, chain_lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(widths, words) of the steps (``(2, n)``, chains one after the other) in blocks of BLOCK."""
    zigzag = np.where(steps < 0, -2 * steps - 1, 2 * steps).astype(np.uint64)
    block, index, count, _ = _blocks(chain_lengths)
    block_starts = np.flatnonzero(index == 0)
    widths = np.zeros((len(block_starts), 2), dtype=np.int64)
    for axis in (0, 1):
        largest = np.maximum.reduceat(zigzag[axis], block_starts)
        widths[:, axis] = [int(v).bit_length() for v in largest.tolist()]
    if widths.max() > 32:
        raise StoreError("a step is wider than 32 bits")
    block_bits = count * widths.sum(axis=1)
    block_bit = np.concatenate([[0], np.cumsum(block_bits)])
    n_words = -(-int(block_bit[-1]) // 32) + PADDING_WORDS
    low = np.zeros(n_words, dtype=np.float64)  # sums of disjoint bit fields below 2**32: exact
    for axis in (0, 1):
        width = widths[block, axis]
        bit = block_bit[block] + (count[block] * widths[block, 0] if axis else 0) + index * width
        shifted = zigzag[axis] << (bit & 31).astype(np.uint64)
        word = bit >> 5
        low += np.bincount(word, weights=(shifted & 0xFFFFFFFF).astype(np.float64), minlength=n_words)
        low += np.bincount(word + 1, weights=(shifted >> np.uint64(32)).astype(np.float64), minlength=n_words)
    return widths, low.astype(np.uint32)


def _blocks(chain_lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """For every step (chains one after the other): its block and its index in it; for every block its
    step count; and where each chain's blocks start (chains + 1)."""
    lengths = np.asarray(chain_lengths, dtype=np.int64)
    count, chain_blocks = _block_layout(lengths)
    chain = np.repeat(np.arange(len(lengths)), lengths)
    in_chain = np.arange(int(lengths.sum())) - np.repeat(_starts(lengths), lengths)
    return chain_blocks[chain] + in_chain // BLOCK, in_chain % BLOCK, count, chain_blocks


def _block_layout(lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every block's step count, and where each chain's blocks start (chains + 1)."""
    per_chain = -(-lengths // BLOCK)
    chain_blocks = np.concatenate([[0], np.cumsum(per_chain)])
    count = np.full(int(chain_blocks[-1]), BLOCK, dtype=np.int64)
    count[chain_blocks[1:] - 1] = lengths - (per_chain - 1) * BLOCK
    return count, chain_blocks


def _starts(lengths: np.ndarray) -> np.ndarray:
    return np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)


def _serialise(arrays: dict[str, np.ndarray], source: str, n_rings: int) -> bytes:
    body = bytearray()
    layout = {}
    for name, dtype in _DTYPES.items():
        data = np.ascontiguousarray(arrays[name], dtype=dtype)
        body += b"\0" * (-len(body) % 8)
        layout[name] = [len(body), list(data.shape)]
        body += data.tobytes()
    header = {
        "format": FORMAT,
        "source": source,
        "rings": n_rings,
        "block": BLOCK,
        "step": STEP,
        "arrays": layout,
        "crc32": zlib.crc32(body),
    }
    head = json.dumps(header, sort_keys=True).encode()
    head += b" " * (-(len(MAGIC) + 4 + len(head)) % 8)
    return MAGIC + struct.pack("<I", len(head)) + head + bytes(body)


# -- reading -------------------------------------------------------------------------------------------------


class EdgeStore:
    """An opened store: :meth:`ring` rebuilds one ring, as timezonefinder's int32 ``(2, n)`` array."""

    def __init__(self, data: bytes | mmap.mmap, *, source: str | None = None) -> None:
        """``data``: the file's bytes; ``source``: the :func:`source_digest` it must have been built for
        (None: any).  Raises StoreError when the bytes are not a whole store of this format."""
        if data[: len(MAGIC)] != MAGIC or len(data) < len(MAGIC) + 4:
            raise StoreError("not a zone edge store")
        (size,) = struct.unpack_from("<I", data, len(MAGIC))
        body_at = len(MAGIC) + 4 + size
        try:
            header = json.loads(data[len(MAGIC) + 4 : body_at])
            layout = header["arrays"]
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"the store's header cannot be read ({exc})") from exc
        if header.get("format") != FORMAT or header.get("block") != BLOCK or header.get("step") != STEP:
            raise StoreError(f"the store has format {header.get('format')}, this program reads {FORMAT}")
        body = memoryview(data)[body_at:]
        if zlib.crc32(body) != header.get("crc32"):
            raise StoreError("the store's bytes do not match their checksum (damaged or cut short)")
        if source is not None and header.get("source") != source:
            raise StoreError(
                f"the store was built for other timezonefinder data ({header.get('source')}, "
                f"installed: {source})"
            )
        arrays = {}
        try:  # a header that parses but does not describe this body (the checksum covers the body only)
            self.rings = int(header["rings"])
            for name, dtype in _DTYPES.items():
                offset, shape = layout[name]
                count = int(np.prod(shape))
                arrays[name] = np.frombuffer(body, dtype=dtype, count=count, offset=offset).reshape(shape)
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"the store's header does not describe its arrays ({exc})") from exc
        self._ring_start = arrays["ring_start"].astype(np.int64)
        self._refs = arrays["ring_refs"].astype(np.int64)
        self._first = arrays["chain_first"].astype(np.int32)
        self._chain_start = arrays["chain_start"].astype(np.int64)
        self._words = arrays["words"]
        # every word with the next one above it, as one unaligned u64: a field is a shift and a mask of
        # one gather (a view of the same bytes)
        self._pairs = np.ndarray(
            (max(len(self._words) - 1, 0),), dtype="<u8", buffer=self._words, strides=(4,)
        )
        widths = arrays["widths"].astype(np.uint64)
        self._width_x, self._width_y = widths[:, 0].copy(), widths[:, 1].copy()
        self._lengths = np.diff(self._chain_start)
        self._count, self._chain_blocks = _block_layout(self._lengths)
        bits = self._count.astype(np.uint64) * (self._width_x + self._width_y)
        self._x_bit = np.concatenate([[0], np.cumsum(bits)]).astype(np.uint64)
        self._y_bit = self._x_bit[:-1] + self._count.astype(np.uint64) * self._width_x
        consistent = (
            len(self._ring_start) == self.rings + 1
            and self._ring_start[-1] == len(self._refs)
            and len(self._width_x) == len(self._count)
            and 32 * (len(self._words) - PADDING_WORDS) >= self._x_bit[-1]
            and (self._refs.size == 0 or self._refs.max() // 2 < len(self._first))
        )
        if not consistent:
            raise StoreError("the store's arrays do not fit together")

    @classmethod
    def open(cls, path: Path, *, source: str | None = None) -> EdgeStore:
        """The store in ``path``, mapped: its pages are the file's, which the system may drop and read
        again, rather than 12 MB of this process's own memory."""
        try:
            with open(path, "rb") as file:
                data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError) as exc:  # ValueError: an empty file cannot be mapped
            raise StoreError(f"{path.name} cannot be read ({getattr(exc, 'strerror', None) or exc})") from exc
        return cls(data, source=source)

    def ring_sizes(self) -> np.ndarray:
        """Every ring's vertex count, without decoding any (to check the store against the data)."""
        per_ref = self._lengths[self._refs // 2]
        sums = np.concatenate([[0], np.cumsum(per_ref)])
        sizes: np.ndarray = sums[self._ring_start[1:]] - sums[self._ring_start[:-1]]
        return sizes

    def ring(self, index: int) -> np.ndarray:
        """Ring ``index`` (timezonefinder's boundary polygons first, then its inline holes)."""
        ring = self.ring_in_steps(index)
        ring *= STEP
        return ring

    def ring_in_steps(self, index: int) -> np.ndarray:
        """:meth:`ring` divided by STEP (exactly: timezonefinder's vertices are all on that grid)."""
        refs = self._refs[self._ring_start[index] : self._ring_start[index + 1]]
        chains, backwards = refs >> 1, (refs & 1).astype(bool)
        lengths = self._lengths[chains]
        # every step of those chains, in ring order: its chain, its index there, its block
        step_start = _starts(lengths)
        chain_of_step = np.repeat(np.arange(len(chains)), lengths)
        in_chain = np.arange(int(lengths.sum())) - step_start[chain_of_step]
        block = self._chain_blocks[chains][chain_of_step] + in_chain // BLOCK
        in_block = (in_chain % BLOCK).astype(np.uint64)
        steps = []
        for region, widths in ((self._x_bit, self._width_x), (self._y_bit, self._width_y)):
            width = widths[block]
            bit = region[block] + in_block * width
            field = (self._pairs[(bit >> np.uint64(5)).astype(np.intp)] >> (bit & np.uint64(31))) & _MASKS[
                width
            ]
            zigzag = field.astype(np.int32)  # below 2**31: a step is at most 360 degrees of 1e-6
            steps.append((zigzag >> 1) ^ -(zigzag & 1))
        # a chain's vertices are its first one and its running sum of steps; laid out chain after chain
        # with each first vertex less the previous chain's last, one cumulative sum rebuilds them all
        first = self._first[chains].T  # (2, chains)
        last = first + np.add.reduceat(steps, step_start, axis=1)
        first_slot = step_start + np.arange(len(chains))
        # every partial sum is a vertex, divided by STEP: int32 holds them all
        values = np.empty((2, len(in_chain) + len(chains)), dtype=np.int32)
        values[:, first_slot] = first
        values[:, first_slot[1:]] -= last[:, :-1]
        values[:, np.arange(len(in_chain)) + chain_of_step + 1] = steps
        np.cumsum(values, axis=1, out=values)
        # each chain's last vertex is the next one's first; a backwards chain is read from its end
        along = np.where(backwards[chain_of_step], lengths[chain_of_step] - in_chain, in_chain)
        return values[:, first_slot[chain_of_step] + along]
