"""A trip's route as an SVG drawing over the carried basemap, for the web story (offline, no tiles).

The drawing fits the stops with room to spare, fills the land and draws borders from
:mod:`app.core.basemap` (the rings cut to the drawing, so a stop in Finland does not carry all of
Russia's coast into the page), then the route through the stops in time order, a numbered disc per stop
and its name and days.  Colours are CSS classes in the drawing's own ``<style>``, with a dark variant
under ``prefers-color-scheme: dark``, so the drawing suits the page in either scheme.  An inline SVG's
style is the page's, so every class is prefixed ``tf-route-`` and every rule scoped under the root's
:data:`ROOT` class: the drawing styles nothing of the page, and the page's rules for its own classes
never reach the drawing.  Every text goes
through :func:`svg_text` (control characters dropped, XML-escaped).
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from app.core import basemap
from app.core.mercator import View, fit, lat_to_y, lon_to_x
from app.core.route import RouteStop

ROOT = "tf-route-map"  # the drawing's root class: every rule of its style is scoped under it


def _scoped(rules: str) -> str:
    """``rules`` with each selector put under the root class, so that once inlined (where an ``<svg>``'s
    ``<style>`` is the whole page's) they reach only this drawing, and win over a page's rules for
    bare elements (``text {…}``)."""
    scoped = []
    for rule in rules.split("}"):
        if "{" in rule:
            selectors, body = rule.split("{", 1)
            scoped.append(",".join(f".{ROOT} {sel.strip()}" for sel in selectors.split(",")) + f"{{{body}}}")
    return "".join(scoped)


_LIGHT = """
.tf-route-sea{fill:#dce9f2}.tf-route-land{fill:#f4f1ea;stroke:#b9b2a3;stroke-width:.6}
.tf-route-line{fill:none;stroke:#d2462f;stroke-width:3;stroke-linejoin:round;stroke-linecap:round}
.tf-route-disc{fill:#d2462f;stroke:#fff;stroke-width:2}
.tf-route-num{fill:#fff;font:600 12px system-ui,sans-serif}
.tf-route-name{fill:#222;font:600 13px system-ui,sans-serif;paint-order:stroke;stroke:#f4f1ea;stroke-width:3}
.tf-route-days{fill:#555;font:12px system-ui,sans-serif;paint-order:stroke;stroke:#f4f1ea;stroke-width:3}
"""
_DARK = """
.tf-route-sea{fill:#17222c}.tf-route-land{fill:#2b2d31;stroke:#545760}.tf-route-line{stroke:#ff7a5c}
.tf-route-disc{fill:#ff7a5c;stroke:#1b1b1d}.tf-route-num{fill:#1b1b1d}
.tf-route-name{fill:#eee;stroke:#2b2d31}.tf-route-days{fill:#bbb;stroke:#2b2d31}
"""
STYLE = f"{_scoped(_LIGHT)}@media (prefers-color-scheme: dark){{{_scoped(_DARK)}}}"


def svg_text(text: str) -> str:
    """A text as the drawing holds it: no control characters, lone surrogates as U+FFFD, escaped."""
    kept = "".join(
        "\ufffd" if "\ud800" <= c <= "\udfff" else c
        for c in text
        if c == " " or unicodedata.category(c) not in ("Cc", "Cf", "Zl", "Zp")
    )
    return html.escape(kept, quote=True)


def clip_ring(
    points: npt.NDArray[np.float64], x0: float, y0: float, x1: float, y1: float
) -> npt.NDArray[np.float64]:
    """A closed polygon cut to a rectangle (Sutherland-Hodgman): the same area inside it, with edges
    along the rectangle where the polygon left it."""
    pts = points
    for axis, limit, keep_low in ((0, x0, False), (0, x1, True), (1, y0, False), (1, y1, True)):
        if len(pts) == 0:
            break
        nxt = np.roll(pts, -1, axis=0)
        inside = pts[:, axis] <= limit if keep_low else pts[:, axis] >= limit
        inside_next = np.roll(inside, -1)
        out: list[npt.NDArray[np.float64]] = []
        crossing = inside != inside_next
        with np.errstate(divide="ignore", invalid="ignore"):
            t = (limit - pts[:, axis]) / (nxt[:, axis] - pts[:, axis])
            cross_pts = pts + (nxt - pts) * t[:, None]
        # per edge: the start point when inside, then the crossing when the edge crosses
        stacked = np.stack((pts, cross_pts), axis=1)
        mask = np.stack((inside, crossing), axis=1)
        out.append(stacked[mask])
        pts = out[0]
    return pts


def _path(points: npt.NDArray[np.float64]) -> str:
    rounded = np.round(points, 1)
    keep = np.r_[True, (np.diff(rounded, axis=0) != 0).any(axis=1)]
    rounded = rounded[keep]
    if len(rounded) < 3:
        return ""
    coords = " ".join(f"{x:g} {y:g}" for x, y in rounded.tolist())
    return f"M{coords}Z"


def route_view(stops: Sequence[RouteStop], width: int, height: int) -> View:
    """The view that fits the stops, room left for their labels; at most about a region's zoom."""
    return fit([s.lat for s in stops], [s.lon for s in stops], width, height, padding=70, max_zoom=9)


@dataclass(frozen=True, eq=False)
class RouteDrawing:
    """Where things go in a ``width`` x ``height`` drawing of a route: the land as closed rings cut to
    the drawing (filled even-odd: a lake is a ring inside a country's), and each stop's place.  The web
    page writes it as SVG, the reel paints it (:mod:`app.core.reel`)."""

    width: int
    height: int
    land: list[npt.NDArray[np.float64]]  # (n, 2) pixel positions per ring
    x: npt.NDArray[np.float64]
    y: npt.NDArray[np.float64]

    def label_on_left(self, x: float) -> bool:
        """Whether a stop's name stands on its left (near the right edge, where the right has no room)."""
        return x > self.width * 0.7


def route_drawing(stops: Sequence[RouteStop], width: int, height: int) -> RouteDrawing:
    view = route_view(stops, width, height)
    margin = 4.0
    x0, y0, x1, y1 = view.world_rect(margin)
    band = basemap.load().band(view.zoom)
    land: list[npt.NDArray[np.float64]] = []
    for i in band.rings_in(x0, y0, x1, y1).tolist():
        sx, sy = view.to_screen(*band.ring(i).T)
        ring = clip_ring(np.column_stack((sx, sy)), -margin, -margin, width + margin, height + margin)
        if len(ring) >= 3:
            land.append(ring)
    xs, ys = view.to_screen(lon_to_x([s.lon for s in stops]), lat_to_y([s.lat for s in stops]))
    return RouteDrawing(width, height, land, np.asarray(xs, dtype=float), np.asarray(ys, dtype=float))


def route_svg(stops: Sequence[RouteStop], width: int = 800, height: int = 500, title: str = "") -> str:
    """The route map of ``stops`` (in time order) as one ``<svg>`` element, ``width`` x ``height``."""
    drawing = route_drawing(stops, width, height)
    land = [d for d in (_path(ring) for ring in drawing.land) if d]
    xs, ys = drawing.x, drawing.y
    label = svg_text(title) if title else "Route map"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{label}" class="{ROOT}">',
        f"<title>{label}</title><style>{STYLE}</style>",
        f'<rect class="tf-route-sea" x="0" y="0" width="{width}" height="{height}"/>',
    ]
    if land:
        parts.append(f'<path class="tf-route-land" fill-rule="evenodd" d="{" ".join(land)}"/>')
    if len(stops) > 1:
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs.tolist(), ys.tolist(), strict=True))
        parts.append(f'<polyline class="tf-route-line" points="{line}"/>')
    for n, (stop, x, y) in enumerate(zip(stops, xs.tolist(), ys.tolist(), strict=True), start=1):
        anchor, dx = ("end", -16) if drawing.label_on_left(x) else ("start", 16)
        at = f'x="{x + dx:.1f}" text-anchor="{anchor}"'
        parts.append(
            f'<g class="tf-route-stop" data-stop="{n}">'
            f'<circle class="tf-route-disc" cx="{x:.1f}" cy="{y:.1f}" r="11"/>'
            f'<text class="tf-route-num" x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle">{n}</text>'
            f'<text class="tf-route-name" {at} y="{y - 1:.1f}">{svg_text(stop.name)}</text>'
            f'<text class="tf-route-days" {at} y="{y + 14:.1f}">{svg_text(stop.days)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
