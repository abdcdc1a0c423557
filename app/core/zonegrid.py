"""The time zone at a position from a precomputed grid, so most lookups never open timezonefinder.

Opening timezonefinder costs about 0.3 s in every process that needs it (NumPy, cffi, h3, its polygon
files) and its first lookups in each zone read polygons from disk; photos from many places pay that
where photos from one city do not (issue #10, item 13).  Yet a zone answer only changes where a zone
boundary runs.  So the world is cut into cells of 0.25 degree; a cell that no boundary edge comes near
(within :data:`MARGIN` cells) lies inside one zone, whose name is stored.  A cell that a boundary
crosses is cut again into 8 x 8 cells of 1/32 degree (about 3.5 km) judged the same way, and only a
position in one of those that a boundary crosses is left to timezonefinder.

Why the answers stay the same: timezonefinder answers with the zone whose polygon contains the point,
and its zones (land and sea) tile the globe.  Where no polygon edge enters a cell, every polygon
contains either all of it or none of it, so every point of the cell gets the answer its first point
gets.  Neighbouring cells without edges share their side and so their zone: each connected group of
such cells is asked once (and checked at a second cell of the group, which must agree, else the group
is left to timezonefinder).  tests/core/test_timezones.py compares grid and finder over the world.

The grid is built once from timezonefinder's own polygons (3 to 5 s, with NumPy and SciPy, which
reverse_geocoder already brings) and kept in the user cache folder beside the place table: 4 MB of
coarse cells and 24 bytes for each of the 75,000 cut ones (1.8 MB: no cut cell holds more than four
different values among its 64 fine cells, so each stores those four as a palette and two bits a fine
cell; see :func:`pack_blocks`), read through ``mmap`` so that a process only touches the pages its
positions fall in and needs neither NumPy nor timezonefinder.  It
is rebuilt when the timezonefinder packages change (their files' sizes and times name the folder).
A built program carries the grid already built (:data:`PREBUILT_DIR`, filled by tools/prebuild_data.py),
which is read before the cache folder, so its first start builds nothing and it needs no SciPy.
About 1.5% of GeoNames' towns (Shenzhen, Macau, Nuevo Laredo: border towns) are left to the finder.
"""

from __future__ import annotations

import contextlib
import importlib.util
import mmap
import os
import shutil
import struct
import sys
import zlib
from pathlib import Path
from typing import Any

LAYOUT = 2  # bump when the files change shape or the rules that fill them change (2: fine cells packed)
PER_DEGREE = 4  # coarse cells per degree
SUB = 8  # fine cells per coarse cell, per side
N_ROWS, N_COLS = 180 * PER_DEGREE, 360 * PER_DEGREE
FINE_ROWS, FINE_COLS = N_ROWS * SUB, N_COLS * SUB
UNKNOWN = 0xFFFF  # a cell left to timezonefinder (a zone id otherwise)
BLOCK = 0x10000  # coarse values from here on point to a block of fine cells
MARGIN = 0.005  # in fine cells (about 17 m): an edge this close to a cell counts as inside it
PALETTE = 4  # values a packed block holds: its fine cells are 2-bit indices into them
RECORD = 2 * PALETTE + SUB * SUB // 4  # bytes a packed block takes: the palette (u16), then the indices
FINE_FILE = "fine.p2"
_U32, _U16 = struct.Struct("<I"), struct.Struct("<H")


def _frozen_data_dir() -> Path | None:
    """``prebuilt`` beside the frozen program's modules (PyInstaller's ``_internal``); None from source."""
    base = getattr(sys, "_MEIPASS", None)
    return Path(base) / "prebuilt" if getattr(sys, "frozen", False) and base else None


#: The read-only folder of tables built with the program: the place table and this grid, as the cache
#: folder would hold them, for a build that ships them instead of their sources (the GeoNames files, SciPy).
#: Looked in before the user's cache folder and never written; None (a source install) leaves only the
#: cache.  Its folders are trusted by their layout prefix alone: the build made them from the very
#: packages it carries, whose copies have other times than the originals the cache names hash.
PREBUILT_DIR: Path | None = _frozen_data_dir()


def prebuilt(prefix: str) -> Path | None:
    """The complete folder under :data:`PREBUILT_DIR` whose name starts with ``prefix``, or None."""
    if PREBUILT_DIR is None:
        return None
    try:
        found = sorted(p for p in PREBUILT_DIR.glob(f"{prefix}*") if (p / "complete").exists())
    except OSError:
        return None
    return found[-1] if found else None


def open_prebuilt() -> ZoneGrid | None:
    """The grid that came with the program, or None (a source install, or a build without it)."""
    folder = prebuilt(f"zones-v{LAYOUT}-")
    if folder is None:
        return None
    try:
        return ZoneGrid(folder)
    except (OSError, ValueError):
        return None


def _package_dirs() -> list[Path]:
    """timezonefinder and its data package, found without importing them (that is the 0.3 s)."""
    found = []
    for name in ("timezonefinder", "timezonefinder_data"):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            found.append(Path(next(iter(spec.submodule_search_locations))))
    return found


def cache_name() -> str | None:
    """The grid's folder name: the layout and a digest of timezonefinder's files; None without it."""
    dirs = _package_dirs()
    if not dirs:
        return None
    stamps = []
    for folder in dirs:
        for sub in (folder, folder / "data"):
            try:
                entries = sorted(os.scandir(sub), key=lambda e: e.name)
            except OSError:
                continue
            stamps += [f"{e.name}:{e.stat().st_size}.{e.stat().st_mtime_ns}" for e in entries if e.is_file()]
    return f"zones-v{LAYOUT}-{zlib.crc32(';'.join(stamps).encode()):08x}"


class ZoneGrid:
    """A built grid, opened read-only; :meth:`zone_at` answers without NumPy or timezonefinder."""

    def __init__(self, folder: Path) -> None:
        self._names = (folder / "names.txt").read_text("utf-8").split("\n")
        self._files = [open(folder / name, "rb") for name in ("coarse.u32", FINE_FILE)]  # noqa: SIM115
        try:
            self._coarse, self._packed = (
                mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if os.fstat(f.fileno()).st_size else b""
                for f in self._files
            )
        finally:
            for file in self._files:
                file.close()  # the maps stay valid without the file objects
        if len(self._coarse) != 4 * N_ROWS * N_COLS or len(self._packed) % RECORD:
            raise ValueError(f"{folder} does not hold a whole grid")

    def zone_at(self, lat: float, lon: float) -> str | None:
        """The zone name, or None where a boundary runs through the cell (ask timezonefinder).

        ``lat`` and ``lon`` must be valid (within ±90, ±180)."""
        y, x = (lat + 90.0) * PER_DEGREE * SUB, (lon + 180.0) * PER_DEGREE * SUB
        row, col = min(int(y), FINE_ROWS - 1), min(int(x), FINE_COLS - 1)
        value = _U32.unpack_from(self._coarse, 4 * ((row // SUB) * N_COLS + col // SUB))[0]
        if value >= BLOCK:
            at, cell = (value - BLOCK) * RECORD, (row % SUB) * SUB + col % SUB
            index = (self._packed[at + 2 * PALETTE + cell // 4] >> (2 * (cell % 4))) & 3
            value = _U16.unpack_from(self._packed, at + 2 * index)[0]
        return None if value == UNKNOWN else self._names[value]

    def zone_ids(self, lat: Any, lon: Any) -> Any:
        """:meth:`zone_at` for NumPy arrays of positions (rounded as :func:`app.core.timezones.zone_at`
        rounds them, by the caller): zone ids into the names, UNKNOWN where timezonefinder must answer."""
        import numpy as np

        per = PER_DEGREE * SUB
        row = np.minimum(((np.asarray(lat, float) + 90.0) * per).astype(np.int64), FINE_ROWS - 1)
        col = np.minimum(((np.asarray(lon, float) + 180.0) * per).astype(np.int64), FINE_COLS - 1)
        coarse = np.frombuffer(self._coarse, dtype="<u4")
        value = coarse[(row // SUB) * N_COLS + col // SUB].astype(np.int64)
        block = value >= BLOCK
        if block.any():
            records = np.frombuffer(self._packed, dtype=np.uint8).reshape(-1, RECORD)
            at = value[block] - BLOCK
            cell = (row[block] % SUB) * SUB + col[block] % SUB
            index = (records[at, 2 * PALETTE + cell // 4] >> (2 * (cell % 4))) & 3
            value[block] = (
                records[at, 2 * index].astype(np.int64) | records[at, 2 * index + 1].astype(np.int64) << 8
            )
        return value


def open_grid(cache_dir: Path) -> ZoneGrid | None:
    """The grid cached in ``cache_dir``, or None when there is none (yet) or it cannot be read."""
    name = cache_name()
    folder = cache_dir / name if name else None
    if folder is None or not (folder / "complete").exists():
        return None
    try:
        return ZoneGrid(folder)
    except (OSError, ValueError):
        return None


def ensure_grid(cache_dir: Path) -> bool:
    """Build the grid into ``cache_dir`` unless it is there or came with the program; False when it
    cannot be (no timezonefinder, a read-only folder): lookups then simply all go to timezonefinder."""
    if prebuilt(f"zones-v{LAYOUT}-") is not None:
        return True
    name = cache_name()
    if name is None:
        return False
    folder = cache_dir / name
    if (folder / "complete").exists():
        return True
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    failed = cache_dir / f".{name}.failed"
    if not os.access(cache_dir, os.W_OK) or failed.exists():
        return False  # building seconds on every run for nothing would cost more than the finder
    try:
        coarse, fine, names = build()
    except Exception:  # an unknown timezonefinder layout costs speed, never a run: tried once
        with contextlib.suppress(OSError):
            failed.touch()
        return False
    try:
        for old in cache_dir.glob("zones-v*"):
            if old.is_symlink():
                old.unlink()
            else:
                shutil.rmtree(old, ignore_errors=True)
        tmp = cache_dir / f".{name}.{os.getpid()}.tmp"
        tmp.mkdir()
        (tmp / "names.txt").write_text("\n".join(names), "utf-8")
        (tmp / "coarse.u32").write_bytes(coarse.astype("<u4").tobytes())
        (tmp / FINE_FILE).write_bytes(pack_blocks(fine))
        (tmp / "complete").touch()
        os.replace(tmp, folder)
    except OSError:
        return (folder / "complete").exists()  # another process may have won the race
    return True


# -- building (NumPy, SciPy and timezonefinder from here on) ------------------------------------------------


def build() -> tuple[Any, Any, list[str]]:
    """Coarse values (N_ROWS x N_COLS), fine blocks (SUB x SUB each) and the zone names."""
    import numpy as np
    from timezonefinder import TimezoneFinder

    finder = TimezoneFinder()
    names: list[str] = list(finder.timezone_names)
    index = {name: i for i, name in enumerate(names)}
    marked = _marked_fine_cells(finder)  # (FINE_ROWS, FINE_COLS)
    by_block = marked.reshape(N_ROWS, SUB, N_COLS, SUB).transpose(0, 2, 1, 3)  # (rows, cols, SUB, SUB)
    cut = by_block.any(axis=(2, 3))
    del marked

    def ask(rows: Any, cols: Any, size: float) -> Any:
        """The zones at the cells' centres, as ids into ``names``: the very lookups the grid replaces."""
        lats, lons = -90.0 + (rows + 0.5) * size, -180.0 + (cols + 0.5) * size
        if hasattr(finder, "timezone_ids_at"):  # timezonefinder 8 and later: one call for all
            ids = np.asarray(finder.timezone_ids_at(lngs=lons, lats=lats), dtype=np.int64)
            return np.where((ids >= 0) & (ids < len(names)), ids, UNKNOWN)
        zones = [finder.timezone_at(lng=float(x), lat=float(y)) for x, y in zip(lons, lats, strict=True)]
        return np.array([index.get(z, UNKNOWN) if z else UNKNOWN for z in zones], dtype=np.int64)

    # coarse cells no edge comes near: one zone for each connected group of them
    def ask_coarse(cells: Any) -> Any:
        return ask(cells // N_COLS, cells % N_COLS, 1 / PER_DEGREE)

    coarse = _zones_of_groups(~cut, ask_coarse)
    block_of = np.flatnonzero(cut.ravel())
    coarse[block_of] = BLOCK + np.arange(len(block_of))

    # the cut cells, SUB x SUB fine cells each, judged the same way inside their block
    blocks = by_block[cut]  # (blocks, SUB, SUB)

    def ask_fine(cells: Any) -> Any:
        block, inside = np.divmod(cells, SUB * SUB)
        rows = block_of[block] // N_COLS * SUB + inside // SUB
        cols = block_of[block] % N_COLS * SUB + inside % SUB
        return ask(rows, cols, 1 / (PER_DEGREE * SUB))

    def from_neighbours(label: Any) -> tuple[Any, Any]:
        """(group, zone) for each free fine cell on a block's side whose neighbour across that side is a
        whole coarse cell: no edge comes near either, so their zone is the same (and needs no lookup)."""
        rows, cols = block_of // N_COLS, block_of % N_COLS
        groups, zones = [], []
        sides = (
            (1, 0, label[:, -1, :]),
            (-1, 0, label[:, 0, :]),
            (0, 1, label[:, :, -1]),
            (0, -1, label[:, :, 0]),
        )
        for d_row, d_col, side in sides:
            row, col = rows + d_row, cols + d_col
            inside = (row >= 0) & (row < N_ROWS) & (col >= 0) & (col < N_COLS)  # no wrap at 180
            zone = coarse[np.where(inside, row * N_COLS + col, 0)]
            whole = inside & (zone < UNKNOWN)  # neither cut (BLOCK and up) nor unknown
            group = side[whole].ravel()
            zone = np.repeat(zone[whole], SUB)
            groups.append(group[group > 0])
            zones.append(zone[group > 0])
        return np.concatenate(groups), np.concatenate(zones)

    fine = _zones_of_groups(~blocks, ask_fine, from_neighbours)
    return coarse, fine, names


def pack_blocks(fine: Any) -> bytes:
    """The fine values (SUB x SUB a block, flattened) as :data:`RECORD`-byte records: a palette of
    :data:`PALETTE` u16 values, then a 2-bit index into it for each fine cell, four to a byte, the first
    cell in the low bits.

    A block with more different values than the palette holds keeps the most frequent ones (UNKNOWN
    among them) and its other cells become UNKNOWN: those are left to timezonefinder, so answers stay
    the same and only cost more (the world's blocks hold four at most, timezonefinder 9.0's data)."""
    import numpy as np

    blocks = np.asarray(fine, dtype=np.int64).reshape(-1, SUB * SUB)
    palettes = np.full((len(blocks), PALETTE), UNKNOWN, dtype="<u2")
    indices = np.zeros(blocks.shape, dtype=np.uint8)
    for i, block in enumerate(blocks):
        values, counts = np.unique(block, return_counts=True)
        if len(values) > PALETTE:
            kept = values[np.argsort(-counts, kind="stable")[: PALETTE - 1]]
            block = np.where(np.isin(block, kept), block, UNKNOWN)
            values = np.unique(block)
        palettes[i, : len(values)] = values
        indices[i] = np.searchsorted(values, block)
    quads = indices.reshape(len(blocks), -1, 4)
    packed = quads[..., 0] | quads[..., 1] << 2 | quads[..., 2] << 4 | quads[..., 3] << 6
    return np.concatenate([palettes.view(np.uint8), packed.astype(np.uint8)], axis=1).tobytes()


def _marked_fine_cells(finder: Any) -> Any:
    """A (FINE_ROWS, FINE_COLS) mask of the fine cells some boundary or hole edge comes within MARGIN of."""
    import numpy as np

    marked = np.zeros((FINE_ROWS, FINE_COLS), dtype=bool)
    scale = PER_DEGREE * SUB / 1e7  # timezonefinder stores degrees times 10^7
    holes = (hole for i in range(finder.nr_of_polygons) for hole in finder._holes_of_poly(i))
    rings = (finder.coords_of(i) for i in range(finder.nr_of_polygons))
    for ring in (*rings, *holes):
        x = np.asarray(ring[0], dtype=np.float64) * scale + 180 * PER_DEGREE * SUB
        y = np.asarray(ring[1], dtype=np.float64) * scale + 90 * PER_DEGREE * SUB
        x0, y0, x1, y1 = x, y, np.roll(x, -1), np.roll(y, -1)  # the closing edge too
        # cut each edge into pieces at most half a cell long: a piece's box then spans two cells at most
        pieces = np.floor(2 * np.maximum(np.abs(x1 - x0), np.abs(y1 - y0))).astype(np.int64) + 1
        if pieces.max() > 1:
            edge = np.repeat(np.arange(len(x)), pieces)
            step = np.arange(len(edge)) - np.repeat(np.cumsum(pieces) - pieces, pieces)
            t0, t1 = step / pieces[edge], (step + 1) / pieces[edge]
            dx, dy = (x1 - x0)[edge], (y1 - y0)[edge]
            x0, x1 = x0[edge] + t0 * dx, x0[edge] + t1 * dx
            y0, y1 = y0[edge] + t0 * dy, y0[edge] + t1 * dy
        xs = [np.clip(np.floor(v).astype(np.int64), 0, FINE_COLS - 1)
              for v in (np.minimum(x0, x1) - MARGIN, np.maximum(x0, x1) + MARGIN)]  # fmt: skip
        ys = [np.clip(np.floor(v).astype(np.int64), 0, FINE_ROWS - 1)
              for v in (np.minimum(y0, y1) - MARGIN, np.maximum(y0, y1) + MARGIN)]  # fmt: skip
        for cx in xs:
            for cy in ys:
                marked[cy, cx] = True
    return marked


def _zones_of_groups(free: Any, ask: Any, known: Any = None) -> Any:
    """A zone id for every cell of ``free`` (one 2-D mask, or a stack of them), flattened.

    Free cells joined through free neighbours (left, right, up, down; never across masks of a stack)
    form a group.  ``known(labels)`` may settle groups: (group label, zone id) pairs, which must agree
    for a group.  ``ask`` answers the other groups at their first and last cell (flat indices in, zone
    ids out), and the two must agree.  A group that fails either check, and every cell that is not
    free, gets UNKNOWN (left to timezonefinder)."""
    import numpy as np
    from scipy import ndimage

    structure = ndimage.generate_binary_structure(2, 1)
    if free.ndim == 3:
        structure = np.stack([np.zeros_like(structure), structure, np.zeros_like(structure)])
    label, _ = ndimage.label(free, structure=structure)
    flat = label.ravel()
    members = np.flatnonzero(flat)
    groups, first = np.unique(flat[members], return_index=True)
    last = len(members) - 1 - np.unique(flat[members][::-1], return_index=True)[1]
    zone = np.full(len(groups), UNKNOWN, dtype=np.int64)
    settled = np.zeros(len(groups), dtype=bool)
    if known is not None:
        told, told_zone = known(label)
        at = np.searchsorted(groups, told)
        low = np.full(len(groups), np.iinfo(np.int64).max)
        high = np.full(len(groups), -1)
        np.minimum.at(low, at, told_zone)
        np.maximum.at(high, at, told_zone)
        settled = high >= 0
        zone = np.where(settled & (low == high), low, UNKNOWN)
    open_groups = np.flatnonzero(~settled)
    answer_first, answer_last = ask(members[first[open_groups]]), ask(members[last[open_groups]])
    zone[open_groups] = np.where(answer_first == answer_last, answer_first, UNKNOWN)
    result = np.full(flat.size, UNKNOWN, dtype=np.int64)
    result[members] = zone[np.searchsorted(groups, flat[members])]
    return result
