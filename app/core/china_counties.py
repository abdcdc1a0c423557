"""Which county of mainland China holds a position, read off county boundaries turned into a grid.

A county's seat alone names the wrong county wherever a neighbour's seat is nearer: near a prefecture
border, the nearest seat or town gave the right prefecture 58.6% of the time.  So the counties' areas,
as geoBoundaries draws them (from OpenStreetMap, 2017; ODbL 1.0, see ``app/data/NOTICE-china-counties``),
ship as the cells of a grid of 1/256 degree (about 430 m) each county holds, stored as runs along the
grid's rows (``tools/build_china_counties.py``): 925 KB, loaded in about 25 ms (mostly zlib), and
100,000 positions looked up in about 30 ms by one binary search; it takes the right prefecture near
borders to 90%.  A cell holds no county at sea, outside the
mainland and where the simplified areas leave a gap: there :mod:`app.core.china` keeps its seats.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy as np

    Positions = np.ndarray | Sequence[float]  # degrees

DATA = Path(__file__).resolve().parents[1] / "data" / "china_counties.bin"
_MAGIC = "tripfold-china-counties 1"
NONE = 0xFFFF  # a run's county where no county holds the cells


@dataclass(frozen=True)
class Grid:
    """The grid's south-west corner, its cells per degree and its columns (cells along a row)."""

    south: float
    west: float
    per_degree: int
    columns: int

    @property
    def step(self) -> float:
        return 1.0 / self.per_degree

    def cells(self, lat: Positions, lon: Positions) -> np.ndarray:
        """Each position's cell number (row * columns + column); -1 outside the grid."""
        import numpy as np

        row = np.floor((np.asarray(lat, float) - self.south) * self.per_degree)
        col = np.floor((np.asarray(lon, float) - self.west) * self.per_degree)
        inside = (row >= 0) & (col >= 0) & (col < self.columns)
        cell: np.ndarray = np.where(inside, row * self.columns + col, -1).astype(np.int64)
        return cell


class CountyAreas:
    """The grid's runs: ``first[i]`` is the first cell of run *i*, ``county[i]`` its county (an index into
    ``codes``, or :data:`NONE`); a run lasts until the next one starts, the last to the grid's end."""

    def __init__(self, grid: Grid, codes: list[str], first: np.ndarray, county: np.ndarray) -> None:
        import numpy as np

        if len(first) != len(county) or (len(first) and first[0] != 0) or np.any(np.diff(first) <= 0):
            raise ValueError("county runs must start at cell 0 and follow each other")
        self.grid, self.codes = grid, codes
        self.first = np.asarray(first, np.int64)
        self.county = np.asarray(county, np.int64)

    def at(self, lat: Positions, lon: Positions) -> np.ndarray:
        """The county of each position, as an index into :attr:`codes`; -1 where no county holds it."""
        import numpy as np

        cells = self.grid.cells(lat, lon)
        if not len(self.first):
            return np.full(len(cells), -1, dtype=np.int64)
        run = np.searchsorted(self.first, np.maximum(cells, 0), "right") - 1
        county = self.county[run]
        found: np.ndarray = np.where((cells >= 0) & (county != NONE), county, -1)
        return found

    @classmethod
    def load(cls, path: Path | None = None) -> CountyAreas:
        """The grid :meth:`save` wrote (the shipped one, :data:`DATA`, by default)."""
        import numpy as np

        path = DATA if path is None else path
        data = zlib.decompress(path.read_bytes())
        head_end = data.index(b"\n\n")
        head = data[:head_end].decode("utf-8").split("\n")
        if head[0] != _MAGIC:
            raise ValueError(f"{path} is not a county grid of this version ({head[0][:40]!r})")
        south, west, per_degree, columns, runs = head[1].split(" ")
        grid = Grid(float(south), float(west), int(per_degree), int(columns))
        count = int(runs)
        codes = head[2].split(" ") if head[2] else []
        at = head_end + 2
        gaps = np.frombuffer(data, dtype="<u4", count=count, offset=at)
        county = np.frombuffer(data, dtype="<u2", count=count, offset=at + 4 * count)
        first = np.cumsum(gaps, dtype=np.int64)  # the first gap is 0: runs start at cell 0
        return cls(grid, codes, first, county.astype(np.int64))

    def save(self, path: Path) -> None:
        """Write the grid for :meth:`load`: the runs as the gaps between their first cells, which
        compress to a third of the cells' numbers."""
        import numpy as np

        g = self.grid
        head = [
            _MAGIC,
            f"{g.south!r} {g.west!r} {g.per_degree} {g.columns} {len(self.first)}",
            " ".join(self.codes),
        ]
        gaps = np.diff(self.first, prepend=0).astype("<u4")
        body = gaps.tobytes() + self.county.astype("<u2").tobytes()
        path.write_bytes(zlib.compress("\n".join(head).encode("utf-8") + b"\n\n" + body, 9))
