"""timezonefinder answering from the zone edge store (:mod:`app.core.zone_edges`) instead of its
``coordinates.bin``, so that a built program can leave those 32 MB out.

Exact by construction: nothing of timezonefinder's point location is rewritten.  Its shortcuts, zone
ids, hole registry, bounding boxes, latitude block index and its point-in-polygon kernel all stay its
own files and code; only the words its kernel reads (the bit-packed payload of each ring, normally a
view of ``coordinates.bin``) are written here, into an ordinary array, from the rings the store
rebuilds, in the very frames (block bases and widths) timezonefinder's own ``block_*.npy`` files give.
:func:`build_store` compares every ring and every ring's payload words with timezonefinder's own and
refuses to write a store that differs in one bit.

A ring's words are written the first time a lookup tests that ring (0.3 ms for the median ring, about
40 ms for the largest, 193,000 vertices; 2 s for all 1,349, against 0.6 s for timezonefinder to decode
them from its file), so opening the finder decodes nothing, and a process that looks up a few border
towns writes a few rings.  The array starts as untouched zero pages, so rings never tested cost no
memory.  Afterwards a lookup is timezonefinder's own, on the same words.

timezonefinder builds its polygon arrays with a module-level factory for the coordinate accessor; the
arrays here are made while that factory, for the constructing thread only, hands them the store's
accessor instead (:func:`_coordinates_from`), so the rest of ``PolygonArray.__init__`` stays theirs.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

import numpy as np
from timezonefinder import TimezoneFinder, polygon_array, utils
from timezonefinder.block_payload import PAYLOAD_PADDING_WORDS, PAYLOAD_WORD_DTYPE, block_vertex_counts
from timezonefinder.configs import DEFAULT_DATA_DIR, POLYGON_BLOCK_SIZE, SOURCE_COORD_STEP
from timezonefinder.coord_accessors import AbstractCoordAccessor
from timezonefinder.polygon_array import HoleArray, PolygonArray
from timezonefinder.timezonefinder import AbstractTimezoneFinder

from app.core.zone_edges import FILE_NAME, PREFIX, EdgeStore, StoreError, pack, source_digest

log = logging.getLogger(__name__)

_pending = threading.local()
_patching = threading.Lock()


@contextmanager
def _coordinates_from(accessor: AbstractCoordAccessor) -> Iterator[None]:
    """While this runs, the polygon array this thread constructs gets ``accessor`` (other threads,
    and a second array, get timezonefinder's own)."""
    original = polygon_array.create_coord_accessor  # type: ignore[attr-defined]  # not in its __all__

    def create(coordinate_file_path: Path, in_memory: bool) -> AbstractCoordAccessor:
        given: AbstractCoordAccessor | None = getattr(_pending, "accessor", None)
        if given is None:
            return original(coordinate_file_path, in_memory)
        _pending.accessor = None
        return given

    with _patching:
        _pending.accessor = accessor
        polygon_array.create_coord_accessor = create  # type: ignore[attr-defined]
        try:
            yield
        finally:
            polygon_array.create_coord_accessor = original  # type: ignore[attr-defined]
            _pending.accessor = None


class _StoreWords(AbstractCoordAccessor):
    """A collection's payload words, laid out as timezonefinder's frames size them, filled per ring."""

    def __init__(self, collection_dir: Path) -> None:
        nr_vertices = np.load(collection_dir / "nr_vertices.npy").astype(np.int64)
        widths = np.load(collection_dir / "block_widths.npy").astype(np.int64).reshape(-1, 2)
        block_offsets = np.load(collection_dir / "block_offsets.npy").astype(np.int64)
        # values per block and axis: POLYGON_BLOCK_SIZE + 1 (the bridging vertex), less in a ring's last
        counts = np.full(len(widths), POLYGON_BLOCK_SIZE + 1, dtype=np.int64)
        blocks = np.diff(block_offsets)
        counts[block_offsets[1:] - 1] = nr_vertices - (blocks - 1) * POLYGON_BLOCK_SIZE + 1
        sizes = np.concatenate([[0], np.cumsum((-(-counts[:, None] * widths // 32)).sum(axis=1))])
        lengths = sizes[block_offsets[1:]] - sizes[block_offsets[:-1]] + PAYLOAD_PADDING_WORDS
        self.word_lengths = lengths
        self.word_offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
        # zero pages until a ring is written: an untested ring costs no memory
        self.words = np.zeros(int(lengths.sum()), dtype=PAYLOAD_WORD_DTYPE)

    def cleanup(self) -> None:
        if hasattr(self, "words"):
            del self.words


class _FromStore:
    """What a polygon collection needs to serve its rings from the store (mixed into timezonefinder's)."""

    _store: EdgeStore
    _first_ring: int
    _ready: bytearray
    _fill_lock: threading.Lock

    def _serve(self, store: EdgeStore, first_ring: int, lock: threading.Lock) -> None:
        self._store, self._first_ring, self._fill_lock = store, first_ring, lock
        self._ready = bytearray(len(self.nr_vertices))  # type: ignore[attr-defined]

    def _pip_at(self, idx: Any, x: int, y: int) -> bool:
        if not self._ready[idx]:
            self._fill(int(idx))
        return bool(super()._pip_at(idx, x, y))  # type: ignore[misc]

    def _decode(self, idx: Any) -> np.ndarray:
        if not self._ready[idx]:
            self._fill(int(idx))
        return cast(np.ndarray, super()._decode(idx))  # type: ignore[misc]

    def _fill(self, idx: int) -> None:
        """Write ring ``idx``'s payload words (once; concurrent lookups wait for the first)."""
        with self._fill_lock:
            if self._ready[idx]:
                return
            words = _payload(self, idx, self._store.ring_in_steps(self._first_ring + idx))
            at = int(self.coordinates.word_offsets[idx])  # type: ignore[attr-defined]
            self.coordinates.words[at : at + len(words)] = words  # type: ignore[attr-defined]
            self._ready[idx] = 1


def _payload(array: Any, idx: int, ring: np.ndarray) -> np.ndarray:
    """Ring ``idx``'s payload words in ``array``'s frames: what timezonefinder's ``encode_ring`` writes
    (residuals against each block's base, in steps of SOURCE_COORD_STEP, x fields then y fields, each
    region word-aligned), vectorised over the ring, which is given in those steps
    (:meth:`~app.core.zone_edges.EdgeStore.ring_in_steps`).  Raises StoreError when the ring does not fit
    its frames exactly (each block's minimum is its base, its widest residual needs its width): a ring
    that differs from the one the frames were made for."""
    n = int(array.nr_vertices[idx])
    start, stop = int(array.block_offsets[idx]), int(array.block_offsets[idx + 1])
    counts = block_vertex_counts(n, POLYGON_BLOCK_SIZE)
    if ring.shape[1] != n or len(counts) != stop - start:
        raise StoreError(f"ring {idx} of {array.data_location} has {ring.shape[1]} vertices, expected {n}")
    block = np.repeat(np.arange(len(counts)), counts)
    block_start = np.concatenate([[0], np.cumsum(counts)[:-1]])
    k = np.arange(int(counts.sum())) - block_start[block]
    vertex = (block * POLYGON_BLOCK_SIZE + k) % n  # each block's last value bridges to the next block
    widths = np.asarray(array.block_widths[start:stop], dtype=np.int64).reshape(-1, 2)
    bases = (
        np.asarray(array.block_bases[start:stop], dtype=np.int64),
        np.asarray(array.block_ranges[start:stop, 0], dtype=np.int64),
    )
    regions = np.asarray(array.block_payload_offsets[start:stop], dtype=np.int64) - int(
        array.coordinates.word_offsets[idx]
    )
    x_words = -(-counts * widths[:, 0] // 32)
    length = int(array.coordinates.word_lengths[idx])
    words, fields = [], []
    if any(np.any(base % SOURCE_COORD_STEP) for base in bases):
        raise StoreError(f"the frames of ring {idx} of {array.data_location} are off timezonefinder's grid")
    for axis in (0, 1):
        residual = ring[axis][vertex] - (bases[axis] // SOURCE_COORD_STEP).astype(ring.dtype)[block]
        largest = np.maximum.reduceat(residual, block_start).astype(np.int64)
        width = widths[:, axis]
        fits = (
            np.minimum.reduceat(residual, block_start).min() == 0
            # the width is the widest residual's bit length, no more, no less
            and bool(np.all(np.where(width == 0, largest == 0, (largest >> np.maximum(width - 1, 0)) == 1)))
        )
        if axis == 1:
            top = np.asarray(array.block_ranges[start:stop, 1], dtype=np.int64)
            fits = fits and np.array_equal(largest * SOURCE_COORD_STEP + bases[1], top)
        if not fits:
            raise StoreError(f"ring {idx} of {array.data_location} does not fit timezonefinder's frames")
        width = width[block]
        used = width > 0
        bit = k[used] * width[used]
        word = regions[block[used]] + (x_words[block[used]] if axis else 0) + (bit >> 5)
        shifted = residual[used].astype(np.uint64) << (bit & 31).astype(np.uint64)
        words += [word, word + 1]
        fields += [shifted & np.uint64(0xFFFFFFFF), shifted >> np.uint64(32)]
    # the fields of one word never overlap, so their sum is their bitwise or; below 2**32, float64 is exact
    out = np.bincount(np.concatenate(words), np.concatenate(fields).astype(np.float64), minlength=length)
    if out[length:].any():
        raise StoreError(f"ring {idx} of {array.data_location} overruns its payload")
    return out[:length].astype(PAYLOAD_WORD_DTYPE)


class _StorePolygons(_FromStore, PolygonArray):
    def __init__(self, data_location: Path, store: EdgeStore, lock: threading.Lock) -> None:
        with _coordinates_from(_StoreWords(data_location)):
            PolygonArray.__init__(self, data_location)
        self._serve(store, 0, lock)


class _StoreHoles(_FromStore, HoleArray):
    def __init__(
        self,
        data_location: Path,
        boundaries: PolygonArray,
        hole_registry: dict[int, tuple[int, int]],
        store: EdgeStore,
        lock: threading.Lock,
    ) -> None:
        with _coordinates_from(_StoreWords(data_location)):
            HoleArray.__init__(self, data_location, boundaries=boundaries, hole_registry=hole_registry)
        self._serve(store, len(boundaries.nr_vertices), lock)


class EdgeTimezoneFinder(TimezoneFinder):
    """timezonefinder's ``TimezoneFinder`` whose boundary and hole rings come from an :class:`EdgeStore`.

    Its ``__init__`` is ``TimezoneFinder.__init__`` with the two polygon arrays made from the store
    (the rest is the base class's).  Raises StoreError when the store does not describe the rings of
    the data folder (``bin_file_location``, timezonefinder's own data by default)."""

    __slots__ = ("edge_store",)

    def __init__(self, store: EdgeStore, bin_file_location: str | Path | None = None) -> None:
        AbstractTimezoneFinder.__init__(self, bin_file_location)
        self.edge_store = store
        lock = threading.Lock()
        self.holes_dir = utils.get_holes_dir(self.data_location)
        self.boundaries_dir = utils.get_boundaries_dir(self.data_location)
        self.boundaries = _StorePolygons(self.boundaries_dir, store, lock)
        self.hole_registry = self._load_hole_registry()
        self.holes = _StoreHoles(self.holes_dir, self.boundaries, self.hole_registry, store, lock)
        expected = np.concatenate([self.boundaries.nr_vertices, self.holes.nr_vertices]).astype(np.int64)
        if store.rings != len(expected) or not np.array_equal(store.ring_sizes(), expected):
            raise StoreError("the zone edge store's rings are not those of timezonefinder's data")


def open_finder(folder: Path | None, data_dir: Path | None = None) -> TimezoneFinder:
    """The finder of this program: from the store in ``folder`` (the built program's), else
    timezonefinder's own (a source install, which has ``coordinates.bin``).

    A store that cannot be used (damaged, cut short, built for other timezonefinder data) is passed
    over for ``coordinates.bin`` with a warning when that file is there (the answers are the same, only
    the package is larger); when it is not (a built program), StoreError says why no position near a
    zone border can be answered, rather than a bare FileNotFoundError from timezonefinder."""
    data = Path(data_dir) if data_dir is not None else Path(DEFAULT_DATA_DIR)  # read at call: tests swap it
    has_coordinates = (data / "boundaries" / "coordinates.bin").exists()
    problem = "this program came without a zone edge store"
    if folder is not None:
        try:
            store = EdgeStore.open(folder / FILE_NAME, source=source_digest(data))
            return EdgeTimezoneFinder(store, data)
        except StoreError as exc:
            problem = f"the zone edge store in {folder} cannot be used: {exc}"
        if has_coordinates:
            log.warning("%s; timezonefinder reads its own coordinates.bin instead (same answers)", problem)
    if not has_coordinates:
        raise StoreError(
            f"{problem}, and timezonefinder's coordinates.bin is not in {data} either (a built program "
            "leaves it out): positions near a time zone border get no zone"
        )
    return TimezoneFinder(data)


# -- building ------------------------------------------------------------------------------------------------


def build_store(out: Path, data_dir: Path | None = None) -> Path:
    """Write the store of timezonefinder's rings (its data in ``data_dir``, the installed package's by
    default) into ``out``/:data:`~app.core.zone_edges.PREFIX`, replacing one there; returns that folder.

    Raises StoreError, writing nothing, unless every ring the store rebuilds is the int array
    timezonefinder decodes from ``coordinates.bin`` and every payload written from it is, word for
    word, the one in that file."""
    plain = TimezoneFinder(data_dir)
    collections = (plain.boundaries, plain.holes)
    rings = [c._decode(i) for c in collections for i in range(len(c.nr_vertices))]
    source = source_digest(plain.data_location)
    data = pack(rings, source)
    store = EdgeStore(data, source=source)
    for index, ring in enumerate(rings):
        if not np.array_equal(store.ring(index), ring):
            raise StoreError(f"ring {index} rebuilt from its chains differs from timezonefinder's")
    compact = EdgeTimezoneFinder(store, data_dir)
    for mine, theirs in zip((compact.boundaries, compact.holes), collections, strict=True):
        for i in range(len(theirs.nr_vertices)):
            mine._fill(i)  # type: ignore[attr-defined]  # a _FromStore collection
            if not np.array_equal(mine.coordinates[i], theirs.coordinates[i]):
                raise StoreError(f"ring {i} of {theirs.data_location}: its payload words differ")
    compact.cleanup()
    plain.cleanup()
    folder = out / PREFIX
    tmp = out / f".{PREFIX}.{os.getpid()}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    (tmp / FILE_NAME).write_bytes(data)
    (tmp / "complete").touch()
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(tmp, folder)
    return folder
