"""Photo pins that crowd become one count badge, and split again as the map zooms in.

Points are bucketed on a square grid of :data:`CELL_PX` screen pixels at an integer *level* (the zoom
rounded), so grouping 100,000 points is one sort (a few milliseconds) and each level's groups are kept.
Because a cell at level ``L + 1`` is exactly one quarter of a cell at level ``L``, the groups of a deeper
level always split those of the level above and never mix them: a badge the user zooms into opens into
badges and pins that were all inside it.  Each group is drawn at the mean position of its members.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from app.core.mercator import MAX_ZOOM, TILE

CELL_PX = 56.0

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def level_of(zoom: float) -> int:
    """The grouping level for a map at ``zoom``: cells stay within √2 of :data:`CELL_PX` on screen."""
    return int(min(max(math.floor(zoom + 0.5), 0), math.ceil(MAX_ZOOM)))


@dataclass(frozen=True, eq=False)
class Groups:
    """The groups at one level: group ``g`` holds the points ``order[starts[g]:starts[g + 1]]`` (in the
    order the points were given), drawn at (``x[g]``, ``y[g]``)."""

    level: int
    x: FloatArray
    y: FloatArray
    count: IntArray
    estimated: IntArray  # how many members have an estimated place
    order: IntArray
    starts: IntArray

    def __len__(self) -> int:
        return len(self.count)

    def members(self, g: int) -> IntArray:
        return self.order[self.starts[g] : self.starts[g + 1]]

    def first(self) -> IntArray:
        """Each group's first point (the one whose thumbnail the group shows)."""
        return self.order[self.starts[:-1]]

    def group_of(self) -> IntArray:
        """For each point, its group."""
        owner = np.empty(len(self.order), dtype=np.int64)
        owner[self.order] = np.repeat(np.arange(len(self.count)), self.count)
        return owner

    def inside(self, x0: float, y0: float, x1: float, y1: float) -> IntArray:
        found: IntArray = np.flatnonzero((self.x >= x0) & (self.x <= x1) & (self.y >= y0) & (self.y <= y1))
        return found


def group(x: FloatArray, y: FloatArray, estimated: npt.NDArray[np.bool_], level: int,
          cell_px: float = CELL_PX) -> Groups:  # fmt: skip
    """Group points (world units) into grid cells of ``cell_px`` pixels at ``level``."""
    cells_across = TILE * 2.0**level / cell_px
    ix = np.floor(np.clip(x, 0.0, 1.0) * cells_across).astype(np.int64)
    iy = np.floor(np.clip(y, 0.0, 1.0) * cells_across).astype(np.int64)
    key = ix * (int(cells_across) + 2) + iy
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    new = np.r_[True, sorted_key[1:] != sorted_key[:-1]] if len(order) else np.zeros(0, dtype=bool)
    starts = np.r_[np.flatnonzero(new), len(order)].astype(np.int64)
    count = np.diff(starts)
    heads = starts[:-1]
    if len(order):
        gx = np.add.reduceat(x[order], heads) / count
        gy = np.add.reduceat(y[order], heads) / count
        est = np.add.reduceat(estimated[order].astype(np.int64), heads)
    else:
        gx, gy, est = np.zeros(0), np.zeros(0), np.zeros(0, dtype=np.int64)
    return Groups(level, gx, gy, count, est, order.astype(np.int64), starts)


class PinIndex:
    """The groups of one set of points at every level, each made on first use and kept."""

    def __init__(self, x: FloatArray, y: FloatArray, estimated: npt.NDArray[np.bool_],
                 cell_px: float = CELL_PX) -> None:  # fmt: skip
        self.x = np.asarray(x, dtype=np.float64)
        self.y = np.asarray(y, dtype=np.float64)
        self.estimated = np.asarray(estimated, dtype=bool)
        self.cell_px = cell_px
        self._levels: dict[int, Groups] = {}

    def __len__(self) -> int:
        return len(self.x)

    def at(self, level: int) -> Groups:
        groups = self._levels.get(level)
        if groups is None:
            groups = self._levels[level] = group(self.x, self.y, self.estimated, level, self.cell_px)
        return groups
