"""The map: photos as pins that group into count badges, a trip's route, the world drawn from carried data.

A painting widget rather than a QGraphicsView: what it shows changes wholesale with every zoom step
(pins regroup, the basemap changes band, labels come and go), so a scene of items would be rebuilt on
each step; painting the visible part from NumPy arrays keeps a frame to a few milliseconds with 100,000
photos (tests/bench/bench_map.py).  Web Mercator (:mod:`app.core.mercator`); no tiles, no network.

It takes plain data: point ids with lat, lon and whether the place was estimated, optional thumbnails
by id, and route stops (:class:`app.core.route.RouteStop`).  It tells what the user did by signals:
:attr:`group_clicked` (the ids of a pin's photos), :attr:`stop_clicked` (a stop's index), and
:attr:`area_changed` (the visible :class:`~app.core.mercator.GeoBounds`, at most every 150 ms).

Keys: arrows pan, + and − zoom, 0 (or Home) fits everything.  Mouse: drag to pan, wheel to zoom at the
pointer; a trackpad's pinch zooms too.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QNativeGestureEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QGestureEvent, QPinchGesture, QWidget

from app.core import basemap
from app.core.mercator import GeoBounds, View, fit, lat_to_y, lon_to_x
from app.core.pin_groups import Groups, PinIndex, level_of
from app.core.route import RouteStop
from app.ui.i18n import arg, display_language
from app.ui.map_paths import BandPaths, polygon_from

FACES = 40  # pins on screen that show a picture, at most
PIN_PX = 40  # a thumbnail pin's side
DOT_PX = 9
STOP_RADIUS = 11
BADGE_ROOM = 20  # how far right of a pin's side its count badge may reach (9,999 photos)
HIT_SLOP = 4
KEY_PAN = 0.25  # of the widget's size per arrow key press
WHEEL_STEP = 0.5  # zoom per wheel notch
BAND_GRID = (8, 16, 32, 64)  # path squares across the world for each basemap band
SETTLE_MS = 120  # after the last zoom step, the land is drawn sharp again


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t, a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )  # fmt: skip


class MapColors:
    """The map's colours, made from the widget's palette so the map follows the light or dark theme."""

    def __init__(self, palette: QPalette) -> None:
        window = palette.color(QPalette.ColorRole.Window)
        text = palette.color(QPalette.ColorRole.WindowText)
        self.dark = window.lightness() < 128
        water = QColor("#2d5d85") if self.dark else QColor("#8fb8d8")
        self.sea = _mix(palette.color(QPalette.ColorRole.Base), water, 0.35 if self.dark else 0.45)
        self.land = _mix(window, text, 0.08 if self.dark else 0.03)
        self.border = _mix(self.land, text, 0.30 if self.dark else 0.28)
        self.label = _mix(self.land, text, 0.70)
        self.halo = self.land
        self.accent = palette.color(QPalette.ColorRole.Highlight)
        self.on_accent = palette.color(QPalette.ColorRole.HighlightedText)
        self.pin_edge = palette.color(QPalette.ColorRole.Base)
        self.route = QColor("#ff7a5c") if self.dark else QColor("#d2462f")
        self.on_route = QColor("#1b1b1d") if self.dark else QColor("#ffffff")
        self.focus = self.accent


class LandLayer:
    """The land drawn for a view wider than the widget's (``view``), as an image."""

    def __init__(self, view: View, image: QImage) -> None:
        self.view, self.image = view, image

    def covers(self, view: View) -> bool:
        x0, y0, x1, y1 = view.world_rect()
        a0, b0, a1, b1 = self.view.world_rect()
        return a0 <= x0 and b0 <= y0 and x1 <= a1 and y1 <= b1

    def target(self, view: View) -> QRectF:
        """Where the image goes in a widget showing ``view`` (scaled when the zoom differs)."""
        x0, y0, x1, y1 = self.view.world_rect()
        sx, sy = view.to_screen(np.array([x0, x1]), np.array([y0, y1]))
        return QRectF(float(sx[0]), float(sy[0]), float(sx[1] - sx[0]), float(sy[1] - sy[0]))


class MapView(QWidget):
    group_clicked = Signal(list)  # the ids of the photos of the pin or badge clicked
    stop_clicked = Signal(int)  # the index of the route stop clicked
    area_changed = Signal(object)  # GeoBounds of what the map shows, after the view settles

    def __init__(
        self, parent: QWidget | None = None, *, stops_above_pins: bool = False, language: str | None = None
    ) -> None:
        """``stops_above_pins``: draw the route's numbered stops over the photo pins (a trip's page, where
        a stop stands at the median place of its photos, so their pin would hide its number and name).
        ``language``: the city labels' (``en``, ``zh-Hans``); by default the window's display language,
        the one the cards and trip pages name places in."""
        super().__init__(parent)
        self.stops_above_pins = stops_above_pins
        self._language = language or display_language()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Map"))
        self.setMouseTracking(False)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.grabGesture(Qt.GestureType.PinchGesture)
        self.setMinimumSize(200, 150)
        self._view = View(0.5, 0.5, 1.0, max(self.width(), 1), max(self.height(), 1)).clamped()
        self._ids: list[Hashable] = []
        self._lat = np.zeros(0)
        self._lon = np.zeros(0)
        self._pins = PinIndex(np.zeros(0), np.zeros(0), np.zeros(0, dtype=bool))
        self._thumbs: dict[Hashable, QImage] = {}
        self._thumb_rows: npt.NDArray[np.bool_] = np.zeros(0, dtype=bool)
        self._pixmaps: dict[tuple[Hashable, float], QPixmap] = {}
        self._faces: dict[int, npt.NDArray[np.int64]] = {}  # level -> each group's pictured point, or -1
        self._route: list[RouteStop] = []
        self._route_xy = np.zeros((0, 2))
        self._highlighted = -1
        self._band_paths: dict[int, BandPaths] = {}
        self._land: LandLayer | None = None
        self._sharp = False  # True: draw the land sharp now, never a scaled layer (screenshots)
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self._sharpen)
        self._colors = MapColors(self.palette())
        self._sprites: dict[tuple[str, bool, int, float], QPixmap] = {}
        self._label_widths: dict[tuple[str, int], float] = {}  # (language, label) -> pixels
        self._press: QPointF | None = None
        self._last: QPointF | None = None
        self._dragged = False
        self._pinch_anchor: QPointF | None = None
        self._fitted = False
        self._moved = False  # by the user since the last fit: then a resize keeps their view
        self._area_timer = QTimer(self, singleShot=True, interval=150)
        self._area_timer.timeout.connect(lambda: self.area_changed.emit(self._view.bounds()))
        self._label_font = QFont(self.font())
        self._label_font.setPointSizeF(max(self.font().pointSizeF() * 0.85, 7.0))
        self._badge_font = QFont(self.font())
        self._badge_font.setBold(True)
        self._badge_font.setPointSizeF(max(self.font().pointSizeF() * 0.8, 7.0))
        self._stop_font = QFont(self.font())
        self._stop_font.setBold(True)
        self._describe()

    # -- data ------------------------------------------------------------------------------------------
    def set_points(
        self, ids: Sequence[Hashable], lat: npt.ArrayLike, lon: npt.ArrayLike, estimated: npt.ArrayLike,
    ) -> None:  # fmt: skip
        """The photos to pin (positions in degrees; ``estimated``: the place was guessed, not read).
        Positions that are not numbers are left out.  The first point of a group is the one whose
        thumbnail the group shows, so give the points in the order their pictures should win."""
        lat_a, lon_a = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
        est = np.asarray(estimated, dtype=bool)
        keep = np.isfinite(lat_a) & np.isfinite(lon_a)
        self._ids = [i for i, k in zip(ids, keep.tolist(), strict=True) if k]
        self._lat, self._lon = lat_a[keep], lon_a[keep]
        self._pins = PinIndex(lon_to_x(self._lon), lat_to_y(self._lat), est[keep])
        self._thumb_rows = np.array([i in self._thumbs for i in self._ids], dtype=bool)
        self._faces = {}
        self._fitted = False
        self._describe()
        self.update()

    def set_thumbnail(self, point_id: Hashable, image: QImage) -> None:
        """A picture for a point's pin (a group shows its first point's); without one, a dot."""
        self._thumbs[point_id] = image
        self._pixmaps = {k: v for k, v in self._pixmaps.items() if k[0] != point_id}
        if len(self._thumb_rows):
            self._thumb_rows = np.array([i in self._thumbs for i in self._ids], dtype=bool)
            self._faces = {}
        self.update()

    def _faces_of(self, groups: Groups) -> npt.NDArray[np.int64]:
        """Each group's first point with a thumbnail (-1: none), kept per level until thumbnails change."""
        faces = self._faces.get(groups.level)
        if faces is None:
            if not len(groups) or not self._thumb_rows.any():
                faces = np.full(len(groups), -1, dtype=np.int64)
            else:
                rank = np.where(
                    self._thumb_rows[groups.order], np.arange(len(groups.order)), len(groups.order)
                )
                best = np.minimum.reduceat(rank, groups.starts[:-1])
                faces = np.where(
                    best < len(groups.order), groups.order[np.minimum(best, len(groups.order) - 1)], -1
                )
            self._faces[groups.level] = faces
        return faces

    def set_route(self, stops: Sequence[RouteStop]) -> None:
        """The stops of a trip in time order, drawn numbered and joined; empty: no route."""
        self._route = list(stops)
        self._route_xy = np.column_stack(
            (lon_to_x([s.lon for s in stops]), lat_to_y([s.lat for s in stops]))
        ) if stops else np.zeros((0, 2))  # fmt: skip
        self._highlighted = -1
        self._fitted = False
        self._describe()
        self.update()

    def highlight_stop(self, index: int) -> None:
        """Mark one stop (the day chosen in the trip's grid); -1: none.  The map moves to show it."""
        self._highlighted = index if 0 <= index < len(self._route) else -1
        if self._highlighted >= 0:
            x, y = self._route_xy[self._highlighted]
            sx, sy = self._view.to_screen(x, y)
            if not (0 <= sx <= self.width() and 0 <= sy <= self.height()):
                self.set_view(View(float(x), float(y), self._view.zoom, self._view.width, self._view.height))
        self.update()

    @property
    def highlighted_stop(self) -> int:
        return self._highlighted

    @property
    def point_count(self) -> int:
        return len(self._ids)

    # -- the view --------------------------------------------------------------------------------------
    @property
    def view(self) -> View:
        return self._view

    def set_view(self, view: View) -> None:
        view = view.resized(self.width(), self.height())
        if view != self._view:
            self._view = view
            self._area_timer.start()
            self.update()

    def fit_to_points(self) -> None:
        """Show every photo and every stop."""
        lat = np.r_[self._lat, [s.lat for s in self._route]]
        lon = np.r_[self._lon, [s.lon for s in self._route]]
        self._fitted = True
        self._moved = False
        padding = 90.0 if self._route else 48.0  # a stop's name and days stand beside it
        self.set_view(
            fit(lat, lon, self.width(), self.height(), padding=padding, max_zoom=11 if self._route else 12)
        )

    def pan(self, dx: float, dy: float) -> None:
        """Move the content by (dx, dy) pixels."""
        self._moved = True
        self.set_view(self._view.panned(dx, dy))

    def zoom_by(self, steps: float, anchor: QPointF | None = None) -> None:
        self._moved = True
        self.set_view(self._view.zoomed(steps, None if anchor is None else (anchor.x(), anchor.y())))

    def visible_area(self) -> GeoBounds:
        return self._view.bounds()

    def groups(self) -> Groups:
        """The pins as drawn at the current zoom."""
        return self._pins.at(level_of(self._view.zoom))

    def pins_for_faces(self) -> list[int]:
        """The point (row given to :meth:`set_points`) each pin on screen shows, when there are few enough
        pins to show pictures (:data:`FACES`); none otherwise."""
        groups = self.groups()
        visible = groups.inside(*self._view.world_rect())
        return groups.first()[visible].tolist() if 0 < len(visible) <= FACES else []

    def screen_position(self, lat: float, lon: float) -> QPointF:
        sx, sy = self._view.to_screen(lon_to_x(lon), lat_to_y(lat))
        return QPointF(float(sx), float(sy))

    # -- events ----------------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        """A map fitted before it had its size (data arriving before the layout) fits again as it gets
        it, until the user moves it."""
        super().resizeEvent(event)
        if (not self._fitted or not self._moved) and (len(self._ids) or self._route):
            self.fit_to_points()
        else:
            self.set_view(self._view)

    def showEvent(self, event: object) -> None:
        if not self._fitted and (len(self._ids) or self._route):
            self.fit_to_points()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._colors = MapColors(self.palette())
            self._land = None
            self._sprites = {}
            self.update()
        super().changeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, w, h = Qt.Key(event.key()), self.width(), self.height()
        moves = {
            Qt.Key.Key_Left: (w * KEY_PAN, 0), Qt.Key.Key_Right: (-w * KEY_PAN, 0),
            Qt.Key.Key_Up: (0, h * KEY_PAN), Qt.Key.Key_Down: (0, -h * KEY_PAN),
        }  # fmt: skip
        if key in moves:
            self.pan(*moves[key])
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(1)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_by(-1)
        elif key in (Qt.Key.Key_0, Qt.Key.Key_Home):
            self.fit_to_points()
        else:
            super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        notches = event.angleDelta().y() / 120
        if notches:
            self.zoom_by(notches * WHEEL_STEP, event.position())
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = self._last = event.position()
            self._dragged = False
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is not None and self._last is not None:
            pos = event.position()
            if (pos - self._press).manhattanLength() > 3:
                self._dragged = True
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
            if self._dragged:
                self.pan(pos.x() - self._last.x(), pos.y() - self._last.y())
                self._last = pos

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._press is not None:
            if not self._dragged:
                self.click_at(event.position())
            self._press = self._last = None
            self.unsetCursor()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.zoom_by(1, event.position())

    def event(self, event: QEvent) -> bool:
        if (
            isinstance(event, QNativeGestureEvent)
            and event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture
        ):
            self.zoom_by(math.log2(max(1.0 + event.value(), 0.1)), event.position())
            return True
        if event.type() == QEvent.Type.Gesture and isinstance(event, QGestureEvent):
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if isinstance(pinch, QPinchGesture):
                factor = pinch.scaleFactor()
                if factor > 0:
                    self.zoom_by(
                        math.log2(factor), self.mapFromGlobal(pinch.centerPoint().toPoint()).toPointF()
                    )
                return True
        return super().event(event)

    def click_at(self, pos: QPointF) -> None:
        """What a click at ``pos`` means: a stop (first), else the nearest pin under it, else nothing."""
        if len(self._route):
            sx, sy = self._view.to_screen(self._route_xy[:, 0], self._route_xy[:, 1])
            d = np.hypot(sx - pos.x(), sy - pos.y())
            nearest = int(np.argmin(d))
            if d[nearest] <= STOP_RADIUS + HIT_SLOP:
                self.highlight_stop(nearest)
                self.stop_clicked.emit(nearest)
                return
        groups = self.groups()
        if not len(groups):
            return
        x0, y0, x1, y1 = self._view.world_rect(PIN_PX)
        visible = groups.inside(x0, y0, x1, y1)
        if not len(visible):
            return
        sx, sy = self._view.to_screen(groups.x[visible], groups.y[visible])
        faces = self._faces_of(groups)[visible]
        reach = np.array(
            [
                self._radius(int(n), f >= 0)
                for n, f in zip(groups.count[visible].tolist(), faces.tolist(), strict=True)
            ]
        )
        d = np.hypot(sx - pos.x(), sy - pos.y()) - reach
        nearest = int(np.argmin(d))
        if d[nearest] <= HIT_SLOP:
            members = groups.members(int(visible[nearest]))
            self.group_clicked.emit([self._ids[i] for i in members.tolist()])

    # -- painting --------------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(800, 600)

    def render_image(self, size: QSize, *, sharp: bool = True) -> QImage:
        """The map drawn at ``size`` (for screenshots and the bench), without showing it; ``sharp``
        False draws it as a frame during a zoom would be (the land scaled from the last layer)."""
        self.resize(size)
        if not self._fitted and (len(self._ids) or self._route):
            self.fit_to_points()
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        self._sharp = sharp
        try:
            self.render(image)
        finally:
            self._sharp = False
        return image

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        view, colors = self._view, self._colors
        painter.fillRect(self.rect(), colors.sea)
        self._paint_land(painter, view)
        self._paint_labels(painter, view)
        if self._route and not self.stops_above_pins:
            self._paint_route(painter, view)
        counts: list[tuple[float, float, int]] | None = [] if self._route and self.stops_above_pins else None
        self._paint_pins(painter, view, counts)
        if counts is not None:
            self._paint_route(painter, view)
            for x, y, n in counts:  # a photo count stays whole over the route and its stops
                self._paint_badge(painter, x, y, n, False)
        self._paint_credit(painter)
        if self.hasFocus():
            pen = QPen(colors.focus, 2)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        painter.end()
        QTimer.singleShot(0, self._prefetch)

    def _paint_land(self, painter: QPainter, view: View) -> None:
        """The land from a cached layer a little larger than the widget: a pan moves it, a zoom step
        scales it until the map settles and it is drawn again sharp (:data:`SETTLE_MS`)."""
        layer = self._land
        if layer is not None and layer.view.zoom == view.zoom and layer.covers(view):
            painter.drawImage(layer.target(view), layer.image)
            return
        if layer is not None and not self._sharp and layer.view.zoom != view.zoom:
            painter.drawImage(layer.target(view), layer.image)
            self._settle.start()
            return
        self._land = self._draw_land(view)
        painter.drawImage(self._land.target(view), self._land.image)

    def _draw_land(self, view: View) -> LandLayer:
        data = basemap.load()
        band = data.band(view.zoom)
        n = data.bands.index(band)
        paths = self._band_paths.get(n)
        if paths is None:
            paths = self._band_paths[n] = BandPaths(band, BAND_GRID[min(n, len(BAND_GRID) - 1)])
        margin_w, margin_h = view.width // 2, view.height // 2
        wide = View(view.cx, view.cy, view.zoom, view.width + 2 * margin_w, view.height + 2 * margin_h)
        ratio = self.devicePixelRatioF()
        image = QImage(
            round(wide.width * ratio), round(wide.height * ratio), QImage.Format.Format_ARGB32_Premultiplied
        )
        image.setDevicePixelRatio(ratio)
        image.fill(Qt.GlobalColor.transparent)
        x0, y0, x1, y1 = wide.world_rect(2)
        s = wide.scale
        painter = QPainter(image)
        painter.setTransform(
            QTransform(s, 0, 0, s, wide.width / 2 - wide.cx * s, wide.height / 2 - wide.cy * s)
        )
        meeting = paths.meeting(x0, y0, x1, y1)
        # filled without antialiasing (a tenth of the time for a whole continent), outlined with it
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._colors.land)
        for path in meeting:
            painter.drawPath(path)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(self._colors.border, 0.8)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for path in meeting:
            painter.drawPath(path)
        painter.end()
        return LandLayer(wide, image)

    def _sharpen(self) -> None:
        self._land = None
        self.update()

    @property
    def language(self) -> str:
        return self._language

    def set_language(self, language: str) -> None:
        """Name the city labels in ``language`` from the next paint on."""
        if language != self._language:
            self._language = language
            self.update()

    def shown_labels(self) -> list[str]:
        """The city labels the map draws now, largest place first."""
        return [text for _, text, _, _ in self._place_labels(self._view)]

    def _place_labels(self, view: View) -> list[tuple[QRectF, str, float, float]]:
        """The labels that fit in ``view`` (box, text, and the place's point on screen), largest place
        first: one overlapping a larger label, a stop or a pin is left out."""
        labels = basemap.load().labels
        x0, y0, x1, y1 = view.world_rect()
        shown = labels.shown_at(view.zoom, x0, y0, x1, y1, limit=300)
        if not len(shown):
            return []
        sx, sy = view.to_screen(labels.x[shown], labels.y[shown])
        metrics = QFontMetricsF(self._label_font)
        height = metrics.height()
        taken = self._occupied(view)
        language, widths = self._language, self._label_widths
        placed = []
        for i, x, y in zip(shown.tolist(), sx.tolist(), sy.tolist(), strict=True):
            text = labels.name(i, language)
            width = widths.get((language, i))
            if width is None:
                width = widths[(language, i)] = metrics.horizontalAdvance(text)
            box = QRectF(x + 4, y - height / 2, width, height)
            if any(box.intersects(t) for t in taken):
                continue
            taken.append(box.adjusted(-10, -3, 6, 3))
            placed.append((box, text, x, y))
            if len(taken) >= 60:
                break
        return placed

    def _paint_labels(self, painter: QPainter, view: View) -> None:
        placed = self._place_labels(view)
        if not placed:
            return
        painter.setFont(self._label_font)
        painter.setPen(self._colors.label)
        for box, text, _, _ in placed:
            painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        pen = QPen(self._colors.label, 3.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        xs, ys = np.array([(x, y) for _, _, x, y in placed]).T
        painter.drawPoints(polygon_from(xs, ys))

    def _occupied(self, view: View) -> list[QRectF]:
        """Where stops, pins and the data credit will be drawn: city labels keep out of them."""
        taken: list[QRectF] = [self._credit_rect()]
        if self._route:
            rx, ry = view.to_screen(self._route_xy[:, 0], self._route_xy[:, 1])
            taken += [QRectF(x - 14, y - 20, 150, 40) for x, y in zip(rx.tolist(), ry.tolist(), strict=True)]
        groups = self.groups()
        if len(groups):
            x0, y0, x1, y1 = view.world_rect()
            visible = groups.inside(x0, y0, x1, y1)
            if len(visible) <= 200:  # more pins than that: few labels would fit between them anyway
                sx, sy = view.to_screen(groups.x[visible], groups.y[visible])
                faces = self._faces_of(groups)[visible]
                counts = groups.count[visible].tolist()
                for x, y, n, f in zip(sx.tolist(), sy.tolist(), counts, faces.tolist(), strict=True):
                    r = self._radius(n, f >= 0)
                    taken.append(QRectF(x - r, y - r, 2 * r, 2 * r))
            else:
                return [QRectF(self.rect())]
        return taken

    def _paint_route(self, painter: QPainter, view: View) -> None:
        colors = self._colors
        sx, sy = view.to_screen(self._route_xy[:, 0], self._route_xy[:, 1])
        if len(sx) > 1:
            pen = QPen(
                colors.route, 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
            )
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolyline(polygon_from(sx, sy))
        metrics = QFontMetricsF(self.font())
        boxes = self._stop_label_boxes(view, sx.tolist(), sy.tolist())
        for n, (stop, x, y, box) in enumerate(zip(self._route, sx.tolist(), sy.tolist(), boxes, strict=True)):
            lit = n == self._highlighted
            radius = STOP_RADIUS + (3 if lit else 0)
            if lit:
                painter.setPen(QPen(colors.route, 3))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(QPointF(x, y), radius + 5, radius + 5)
            painter.setPen(QPen(colors.on_route, 2))
            painter.setBrush(colors.route)
            painter.drawEllipse(QPointF(x, y), radius, radius)
            painter.setFont(self._stop_font)
            painter.setPen(colors.on_route)
            painter.drawText(
                QRectF(x - radius, y - radius, 2 * radius, 2 * radius),
                Qt.AlignmentFlag.AlignCenter,
                str(n + 1),
            )
            if box is None:
                continue
            left, name_w = box.left() + 4, box.width() - 8
            painter.setPen(Qt.PenStyle.NoPen)
            halo = QColor(colors.halo)
            halo.setAlphaF(0.7)
            painter.setBrush(halo)
            painter.drawRoundedRect(box, 4, 4)
            painter.setFont(self._stop_font if lit else self.font())
            painter.setPen(colors.label if not lit else colors.route)
            painter.drawText(
                QRectF(left, y - metrics.height(), name_w, metrics.height()),
                Qt.AlignmentFlag.AlignLeft,
                stop.name,
            )
            painter.setFont(self.font())
            painter.setPen(colors.label)
            painter.drawText(
                QRectF(left, y + 1, name_w, metrics.height()), Qt.AlignmentFlag.AlignLeft, stop.days
            )

    def stop_label_boxes(self) -> list[QRectF | None]:
        """Where each stop's name and days are written on screen now (None: left out, no room)."""
        view = self._view
        sx, sy = view.to_screen(self._route_xy[:, 0], self._route_xy[:, 1])
        return self._stop_label_boxes(view, sx.tolist(), sy.tolist())

    def _stop_label_boxes(self, view: View, xs: list[float], ys: list[float]) -> list[QRectF | None]:
        """Right of each stop, else left of it, where the box stays on the map and clear of every stop
        and of the names placed before; else no name (the numbered circle stays, and zooming in makes
        room).  Over photo pins (a trip's page) a stop takes its pin's picture and count badge."""
        metrics = QFontMetricsF(self.font())
        marks = []
        for n, (x, y) in enumerate(zip(xs, ys, strict=True)):
            radius = STOP_RADIUS + (8 if n == self._highlighted else 2)
            if self.stops_above_pins:
                half = PIN_PX / 2 + 3
                marks.append(
                    QRectF(x - half, y - half - BADGE_ROOM, 2 * half + BADGE_ROOM, 2 * half + BADGE_ROOM)
                )
            else:
                marks.append(QRectF(x - radius, y - radius, 2 * radius, 2 * radius))
        area = QRectF(0, 0, view.width, view.height)
        boxes: list[QRectF | None] = []
        for n, (stop, y) in enumerate(zip(self._route, ys, strict=True)):
            name_w = max(metrics.horizontalAdvance(stop.name), metrics.horizontalAdvance(stop.days)) + 8
            top, height = y - metrics.height(), 2 * metrics.height() + 2
            chosen = None
            for left in (marks[n].right() + 2, marks[n].left() - 10 - name_w):
                box = QRectF(left, top, name_w + 8, height)
                taken = (*marks, *(b for b in boxes if b is not None))
                if area.contains(box) and not any(box.intersects(other) for other in taken):
                    chosen = box
                    break
            boxes.append(chosen)
        return boxes

    @staticmethod
    def _radius(count: int, thumb: bool) -> float:
        if thumb:
            return PIN_PX / 2 + 2
        if count == 1:
            return DOT_PX / 2 + 1
        return 11 + 3 * math.log10(count)

    def _paint_pins(
        self, painter: QPainter, view: View, counts: list[tuple[float, float, int]] | None = None
    ) -> None:
        """The pins; a picture pin's count goes into ``counts`` to be drawn later when it is given."""
        groups = self.groups()
        if not len(groups):
            return
        x0, y0, x1, y1 = view.world_rect(PIN_PX)
        visible = groups.inside(x0, y0, x1, y1)
        if not len(visible):
            return
        colors = self._colors
        count = groups.count[visible]
        all_estimated = groups.estimated[visible] == count
        first = self._faces_of(groups)[visible]
        thumbs = first >= 0
        sx, sy = view.to_screen(groups.x[visible], groups.y[visible])
        # single photos without a picture: one call for all of them (most of the pins at a close zoom)
        dots = (count == 1) & ~thumbs
        for estimated in (False, True):
            pick = dots & (all_estimated == estimated)
            if not pick.any():
                continue
            points = polygon_from(sx[pick], sy[pick])
            painter.setPen(QPen(colors.pin_edge, DOT_PX + 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.drawPoints(points)
            painter.setPen(QPen(colors.accent, DOT_PX, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.drawPoints(points)
            if estimated:  # hollow: a place guessed from photos nearby in time
                painter.setPen(
                    QPen(colors.pin_edge, DOT_PX - 4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
                )
                painter.drawPoints(points)
        badges = np.flatnonzero(~dots)
        if not len(badges):
            return
        painter.setFont(self._badge_font)
        for j in badges.tolist():
            x, y, n, est = float(sx[j]), float(sy[j]), int(count[j]), bool(all_estimated[j])
            if thumbs[j]:
                self._paint_thumb_pin(painter, x, y, self._ids[int(first[j])], n, est, counts)
            else:
                self._paint_badge(painter, x, y, n, est)

    def count_text(self, n: int) -> str:
        """A badge's number, short and in the widget's locale: 7, 999, 1.2k, 12k, 1.2M ("1,2k" in German;
        the suffix is the translators')."""
        locale = self.locale()
        if n < 1000:
            return locale.toString(n)
        if n < 999_500:
            unit, suffix = 1000, self.tr("%1k", "a count in thousands")
        else:
            unit, suffix = 1_000_000, self.tr("%1M", "a count in millions")
        tenths = round(n * 10 / unit)
        shown = locale.toString(tenths / 10, "f", 1) if tenths < 100 else locale.toString(round(n / unit))
        return arg(suffix, shown)

    def _paint_badge(self, painter: QPainter, x: float, y: float, n: int, estimated: bool) -> None:
        """A count badge, drawn once per count and kind into a small picture that is then only copied
        (a few hundred badges would otherwise cost 40 ms a frame)."""
        text = self.count_text(n)
        r = round(self._radius(n, False))
        ratio = self.devicePixelRatioF()
        key = (text, estimated, r, ratio)
        sprite = self._sprites.get(key)
        if sprite is None:
            sprite = self._sprites[key] = self._draw_badge(text, estimated, r, ratio)
        painter.drawPixmap(QPointF(x - r - 2, y - r - 2), sprite)

    def _draw_badge(self, text: str, estimated: bool, r: int, ratio: float) -> QPixmap:
        colors = self._colors
        side = 2 * r + 4
        sprite = QPixmap(round(side * ratio), round(side * ratio))
        sprite.setDevicePixelRatio(ratio)
        sprite.fill(Qt.GlobalColor.transparent)
        painter = QPainter(sprite)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        centre = QPointF(side / 2, side / 2)
        if estimated:
            painter.setPen(QPen(colors.accent, 2, Qt.PenStyle.DashLine))
            painter.setBrush(colors.pin_edge)
        else:
            painter.setPen(QPen(colors.pin_edge, 2))
            painter.setBrush(colors.accent)
        painter.drawEllipse(centre, r, r)
        painter.setFont(self._badge_font)
        painter.setPen(colors.accent if estimated else colors.on_accent)
        painter.drawText(QRectF(0, 0, side, side), Qt.AlignmentFlag.AlignCenter, text)
        painter.end()
        return sprite

    def _paint_thumb_pin(self, painter: QPainter, x: float, y: float, point_id: Hashable, n: int,
                         estimated: bool, counts: list[tuple[float, float, int]] | None) -> None:  # fmt: skip
        colors = self._colors
        ratio = self.devicePixelRatioF()
        pixmap = self._pixmaps.get((point_id, ratio))
        if pixmap is None:
            side = round(PIN_PX * ratio)
            image = self._thumbs[point_id].scaled(
                side,
                side,
                Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                Qt.TransformationMode.SmoothTransformation,
            )
            image = image.copy((image.width() - side) // 2, (image.height() - side) // 2, side, side)
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            self._pixmaps[(point_id, ratio)] = pixmap
        box = QRectF(x - PIN_PX / 2, y - PIN_PX / 2, PIN_PX, PIN_PX)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colors.pin_edge)
        painter.drawRoundedRect(box.adjusted(-3, -3, 3, 3), 6, 6)
        clip = QPainterPath()
        clip.addRoundedRect(box, 4, 4)
        painter.save()
        painter.setClipPath(clip)
        painter.drawPixmap(box.topLeft(), pixmap)
        painter.restore()
        if estimated:
            painter.setPen(QPen(colors.accent, 2, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(box.adjusted(-2, -2, 2, 2), 5, 5)
        if n > 1:
            if counts is not None:
                counts.append((x + PIN_PX / 2, y - PIN_PX / 2, n))
            else:
                self._paint_badge(painter, x + PIN_PX / 2, y - PIN_PX / 2, n, False)

    def _credit(self) -> str:
        return self.tr("Natural Earth · GeoNames")

    def _credit_rect(self) -> QRectF:
        """Where the credit to the map's data sits: the bottom right corner."""
        metrics = QFontMetricsF(self._label_font)
        width, height = metrics.horizontalAdvance(self._credit()) + 8, metrics.height() + 4
        return QRectF(self.width() - 6 - width, self.height() - 3 - height, width, height)

    def _paint_credit(self, painter: QPainter) -> None:
        painter.setFont(self._label_font)
        painter.setPen(self._colors.label)
        painter.drawText(self._credit_rect(), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                         self._credit())  # fmt: skip

    def _prefetch(self) -> None:
        """Group the neighbouring levels while idle, so that the next zoom step finds them made."""
        level = level_of(self._view.zoom)
        for other in (level + 1, level - 1):
            if other >= 0 and len(self._pins):
                self._pins.at(other)

    def _describe(self) -> None:
        parts = []
        if self._ids:
            parts.append(arg(self.tr("%1 photos on the map"), len(self._ids)))
        if self._route:
            parts.append(arg(self.tr("a route through %1 stops"), len(self._route)))
        self.setAccessibleDescription("; ".join(parts))


__all__ = ["MapColors", "MapView"]
