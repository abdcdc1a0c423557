"""NumPy arrays into Qt's QPainterPath and QPolygonF in one call each, and the basemap as cached paths.

Building a path point by point from Python costs about a microsecond a point (a basemap band holds up
to 300,000); Qt reads both types from its data stream format, which NumPy writes in one go (the trick
pyqtgraph's ``arrayToQPath`` uses).  Stream layout: a path is its element count, then per element a
type (0 move, 1 line), x and y as big-endian int32/double/double, then the start of the current
subpath and the fill rule; a polygon is its point count, then x and y per point.
"""

from __future__ import annotations

import struct

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QByteArray, QDataStream, QRectF
from PySide6.QtGui import QPainterPath, QPolygonF

from app.core.basemap import Band

_ELEMENT = np.dtype([("c", ">i4"), ("x", ">f8"), ("y", ">f8")])


def path_from(xy: npt.NDArray[np.float64], starts: npt.NDArray[np.int64]) -> QPainterPath:
    """A path of closed rings, filled even-odd: ring ``i`` is ``xy[starts[i]:starts[i + 1]]`` (its first
    point is repeated at its end here, so outlines close)."""
    n = len(xy)
    ring_ends = np.r_[starts[1:], n] if len(starts) else np.zeros(0, dtype=np.int64)
    closing = starts  # the index of each ring's first point, inserted after its last
    order = np.insert(np.arange(n), ring_ends, closing) if n else np.zeros(0, dtype=np.int64)
    total = len(order)
    arr = np.zeros(total + 2, dtype=_ELEMENT)
    arr["c"][1:-1] = 1
    first = starts + np.arange(len(starts))  # where each ring starts once closings are inserted
    arr["c"][1 + first] = 0
    arr["x"][1:-1] = xy[order, 0]
    arr["y"][1:-1] = xy[order, 1]
    raw = arr.view(np.ubyte)
    raw[16:20] = np.frombuffer(struct.pack(">i", total), np.ubyte)
    raw[-20:-12] = 0  # current subpath start 0, fill rule 0 (Qt.OddEvenFill)
    path = QPainterPath()
    stream = QDataStream(QByteArray(raw[16:-12].tobytes()))
    stream >> path
    return path


def polygon_from(x: npt.NDArray[np.float64], y: npt.NDArray[np.float64]) -> QPolygonF:
    """Points for ``drawPoints``/``drawPolyline``."""
    data = np.empty((len(x), 2), dtype=">f8")
    data[:, 0], data[:, 1] = x, y
    polygon = QPolygonF()
    stream = QDataStream(QByteArray(struct.pack(">I", len(x)) + data.tobytes()))
    stream >> polygon
    return polygon


class BandPaths:
    """One band's rings as a few paths, each the rings whose centres fall in one square of a grid over
    the world, with its bounding box: a view draws only the squares it meets, and no Python loop runs
    over rings while painting."""

    def __init__(self, band: Band, grid: int) -> None:
        boxes = band.boxes
        cx = np.clip(((boxes[:, 0] + boxes[:, 2]) / 2 * grid).astype(np.int64), 0, grid - 1)
        cy = np.clip(((boxes[:, 1] + boxes[:, 3]) / 2 * grid).astype(np.int64), 0, grid - 1)
        cell = cx * grid + cy
        self.paths: list[QPainterPath] = []
        found: list[tuple[float, float, float, float]] = []
        for key in np.unique(cell).tolist():
            rings = np.flatnonzero(cell == key)
            pieces = [band.ring(int(i)) for i in rings]
            lengths = np.array([len(p) for p in pieces], dtype=np.int64)
            starts = np.r_[0, np.cumsum(lengths)[:-1]].astype(np.int64)
            self.paths.append(path_from(np.concatenate(pieces), starts))
            b = boxes[rings]
            found.append((b[:, 0].min(), b[:, 1].min(), b[:, 2].max(), b[:, 3].max()))
        self.boxes = np.array(found, dtype=np.float64).reshape(-1, 4)

    def meeting(self, x0: float, y0: float, x1: float, y1: float) -> list[QPainterPath]:
        b = self.boxes
        hit = np.flatnonzero((b[:, 2] >= x0) & (b[:, 0] <= x1) & (b[:, 3] >= y0) & (b[:, 1] <= y1))
        return [self.paths[i] for i in hit.tolist()]


def rect_of(x0: float, y0: float, x1: float, y1: float) -> QRectF:
    return QRectF(x0, y0, x1 - x0, y1 - y0)
