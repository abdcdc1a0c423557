"""Web Mercator as the map draws it: the world is the unit square, x east from 180° W, y south from 85.05° N.

At zoom ``z`` the world is ``256 * 2**z`` pixels wide (the convention of web maps, so a zoom number means
what users of other maps expect).  Positions beyond the Mercator limit (the poles) are clamped to it.
A :class:`View` is what a map shows: its centre in world units, its zoom and its size in pixels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

MAX_LAT = 85.0511287798  # where the square ends: atan(sinh(pi))
TILE = 256
MIN_ZOOM, MAX_ZOOM = 0.0, 15.0  # deeper than 15, pixel offsets leave the range a painter can rasterize
WORLD_UNITS = 1 << 24  # stored basemap coordinates: 2**24 across the world, 2.4 m at the equator

FloatArray = npt.NDArray[np.float64]


def lon_to_x(lon: npt.ArrayLike) -> FloatArray:
    return (np.asarray(lon, dtype=float) + 180.0) / 360.0


def lat_to_y(lat: npt.ArrayLike) -> FloatArray:
    phi = np.radians(np.clip(np.asarray(lat, dtype=float), -MAX_LAT, MAX_LAT))
    y: FloatArray = 0.5 - np.log(np.tan(np.pi / 4 + phi / 2)) / (2 * np.pi)
    return y


def x_to_lon(x: npt.ArrayLike) -> FloatArray:
    return np.asarray(x, dtype=float) * 360.0 - 180.0


def y_to_lat(y: npt.ArrayLike) -> FloatArray:
    lat: FloatArray = np.degrees(np.arctan(np.sinh(np.pi * (1 - 2 * np.asarray(y, dtype=float)))))
    return lat


def world_size(zoom: float) -> float:
    """The world's width in pixels at ``zoom``."""
    return float(TILE * 2.0**zoom)


@dataclass(frozen=True)
class GeoBounds:
    """An area in degrees; ``west > east`` never happens here (the map does not wrap around)."""

    south: float
    west: float
    north: float
    east: float

    def contains(self, lat: npt.ArrayLike, lon: npt.ArrayLike) -> npt.NDArray[np.bool_]:
        lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
        inside: npt.NDArray[np.bool_] = (
            (lat >= self.south) & (lat <= self.north) & (lon >= self.west) & (lon <= self.east)
        )
        return inside


@dataclass(frozen=True)
class View:
    """What a map shows: centre (world units), zoom, and size in pixels."""

    cx: float = 0.5
    cy: float = 0.5
    zoom: float = 1.0
    width: int = 800
    height: int = 600

    @property
    def scale(self) -> float:
        """Pixels per world unit."""
        return world_size(self.zoom)

    def to_screen(self, x: npt.ArrayLike, y: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
        s = self.scale
        sx: FloatArray = (np.asarray(x, dtype=float) - self.cx) * s + self.width / 2
        sy: FloatArray = (np.asarray(y, dtype=float) - self.cy) * s + self.height / 2
        return sx, sy

    def to_world(self, sx: float, sy: float) -> tuple[float, float]:
        s = self.scale
        return self.cx + (sx - self.width / 2) / s, self.cy + (sy - self.height / 2) / s

    def world_rect(self, margin_px: float = 0.0) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) of the visible world, widened by ``margin_px`` pixels on each side."""
        s = self.scale
        half_w, half_h = (self.width / 2 + margin_px) / s, (self.height / 2 + margin_px) / s
        return self.cx - half_w, self.cy - half_h, self.cx + half_w, self.cy + half_h

    def bounds(self) -> GeoBounds:
        """The visible area in degrees, cut to the world."""
        x0, y0, x1, y1 = self.world_rect()
        x0, x1 = max(x0, 0.0), min(x1, 1.0)
        y0, y1 = max(y0, 0.0), min(y1, 1.0)
        return GeoBounds(
            south=float(y_to_lat(y1)), west=float(x_to_lon(x0)),
            north=float(y_to_lat(y0)), east=float(x_to_lon(x1)),
        )  # fmt: skip

    def clamped(self) -> View:
        """The view with its zoom in range and its centre kept where some of the world is still seen."""
        zoom = min(max(self.zoom, min_zoom_for(self.width, self.height)), MAX_ZOOM)
        s = world_size(zoom)
        half_w, half_h = self.width / 2 / s, self.height / 2 / s
        cx = 0.5 if half_w >= 0.5 else min(max(self.cx, half_w), 1 - half_w)
        cy = 0.5 if half_h >= 0.5 else min(max(self.cy, half_h), 1 - half_h)
        return View(cx, cy, zoom, self.width, self.height)

    def panned(self, dx_px: float, dy_px: float) -> View:
        """The view moved so the content moves by (dx, dy) pixels (a drag to the right shows the west)."""
        s = self.scale
        return View(self.cx - dx_px / s, self.cy - dy_px / s, self.zoom, self.width, self.height).clamped()

    def zoomed(self, steps: float, anchor: tuple[float, float] | None = None) -> View:
        """The view zoomed by ``steps`` (1: twice as large), keeping the point under ``anchor`` (pixels,
        default the centre) where it is."""
        ax, ay = anchor if anchor is not None else (self.width / 2, self.height / 2)
        wx, wy = self.to_world(ax, ay)
        zoom = min(max(self.zoom + steps, min_zoom_for(self.width, self.height)), MAX_ZOOM)
        s = world_size(zoom)
        cx, cy = wx - (ax - self.width / 2) / s, wy - (ay - self.height / 2) / s
        return View(cx, cy, zoom, self.width, self.height).clamped()

    def resized(self, width: int, height: int) -> View:
        return View(self.cx, self.cy, self.zoom, max(width, 1), max(height, 1)).clamped()


def min_zoom_for(width: int, height: int) -> float:
    """The zoom at which the world fills the width (at least zoom 0): no map smaller than its window."""
    return max(MIN_ZOOM, math.log2(max(width, 1) / TILE))


def fit(
    lat: npt.ArrayLike, lon: npt.ArrayLike, width: int, height: int, *, padding: float = 48.0,
    max_zoom: float = 12.0,
) -> View:  # fmt: skip
    """The view showing every position with ``padding`` pixels to spare, no deeper than ``max_zoom`` (a
    single photo shows its city, not its street).  No position: the whole world."""
    xs, ys = lon_to_x(lon), lat_to_y(lat)
    finite = np.isfinite(xs) & np.isfinite(ys)
    if not finite.any():
        return View(0.5, 0.5, 0.0, width, height).clamped()
    xs, ys = xs[finite], ys[finite]
    x0, x1, y0, y1 = float(xs.min()), float(xs.max()), float(ys.min()), float(ys.max())
    # a map shorter or narrower than its padding allows (a trip's map in a small window) keeps a third
    # of its side on each edge instead, so the positions still fit inside it
    pad_w, pad_h = min(padding, width / 3), min(padding, height / 3)
    room_w, room_h = max(width - 2 * pad_w, 1.0), max(height - 2 * pad_h, 1.0)
    span_w, span_h = max(x1 - x0, 1e-12), max(y1 - y0, 1e-12)
    zoom = math.log2(min(room_w / span_w, room_h / span_h) / TILE)
    zoom = min(zoom, max_zoom)
    return View((x0 + x1) / 2, (y0 + y1) / 2, zoom, width, height).clamped()
