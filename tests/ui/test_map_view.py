"""The map widget with real Qt offscreen: keyboard and wheel move the view, clicks find pins and stops,
the palette sets the colours, and no map module can reach the network."""

from __future__ import annotations

import ast
import math
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QLocale, QPoint, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPalette, QWheelEvent
from PySide6.QtWidgets import QApplication

from app.core.mercator import View, lat_to_y, lon_to_x, x_to_lon, y_to_lat
from app.core.route import RouteStop
from app.ui.map_view import PIN_PX, MapColors, MapView

KYOTO = [(35.0116 + 0.002 * i, 135.7681 + 0.002 * i) for i in range(5)]
PARIS = (48.8566, 2.3522)
STOPS = [
    RouteStop("Hangzhou", "Mar 3–5", 30.25, 120.16),
    RouteStop("Suzhou", "Mar 6", 31.30, 120.60),
    RouteStop("Shanghai", "Mar 7–9", 31.23, 121.47),
]


@pytest.fixture
def map_view(qtbot):
    view = MapView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    lat = [p[0] for p in KYOTO] + [PARIS[0]]
    lon = [p[1] for p in KYOTO] + [PARIS[1]]
    view.set_points(
        [f"k{i}" for i in range(5)] + ["paris"], lat, lon, [False, False, True, False, False, True]
    )
    view.show()
    qtbot.waitExposed(view)
    view.setFocus()
    return view


def test_fits_every_point_when_shown(map_view):
    area = map_view.visible_area()
    assert area.west < PARIS[1] < area.east and area.south < PARIS[0] < area.north
    assert area.west < KYOTO[0][1] < area.east


def test_a_map_fitted_before_its_layout_fits_again_until_the_user_moves_it(qtbot):
    """Data can arrive while the widget is still small (the library map reads on a pool): the fit must
    follow the size it gets, and stop following once the user has moved the map."""
    view = MapView()
    qtbot.addWidget(view)
    view.resize(160, 120)
    view.set_points(["paris", "rome"], [48.86, 41.90], [2.35, 12.50], [False, False])
    view.fit_to_points()  # as LibraryMap.set_data does, before the layout
    small = view.view.zoom
    view.show()
    view.resize(1200, 800)
    qtbot.waitUntil(lambda: view.width() == 1200)
    assert view.view.zoom > small + 2  # fitted again at the size it got, not left as a speck
    qtbot.keyClick(view, Qt.Key.Key_Plus)  # the user zooms in
    moved = view.view
    view.resize(1000, 700)
    qtbot.waitUntil(lambda: view.width() == 1000)
    assert view.view.zoom == moved.zoom  # their view is kept


def test_arrow_keys_pan_and_plus_minus_zoom(qtbot, map_view):
    start = map_view.view
    qtbot.keyClick(map_view, Qt.Key.Key_Right)
    assert map_view.view.cx > start.cx and map_view.view.zoom == start.zoom
    qtbot.keyClick(map_view, Qt.Key.Key_Down)
    assert map_view.view.cy > start.cy
    qtbot.keyClick(map_view, Qt.Key.Key_Plus)
    assert map_view.view.zoom == pytest.approx(start.zoom + 1)
    qtbot.keyClick(map_view, Qt.Key.Key_Minus)
    qtbot.keyClick(map_view, Qt.Key.Key_Minus)
    assert map_view.view.zoom == pytest.approx(start.zoom - 1)
    qtbot.keyClick(map_view, Qt.Key.Key_0)
    assert map_view.view.zoom == pytest.approx(start.zoom)


def test_wheel_zooms_at_the_pointer(qtbot, map_view):
    kyoto = map_view.screen_position(*KYOTO[0])
    before = map_view.view.zoom
    wheel = QWheelEvent(kyoto, map_view.mapToGlobal(kyoto), QPoint(0, 0), QPoint(0, 240),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                        False)  # fmt: skip
    QApplication.sendEvent(map_view, wheel)
    assert map_view.view.zoom == pytest.approx(before + 1)
    after = map_view.screen_position(*KYOTO[0])
    assert abs(after.x() - kyoto.x()) < 1 and abs(after.y() - kyoto.y()) < 1


def test_drag_pans(qtbot, map_view):
    start = map_view.view
    qtbot.mousePress(map_view, Qt.MouseButton.LeftButton, pos=QPoint(400, 300))
    qtbot.mouseMove(map_view, QPoint(450, 320))
    qtbot.mouseMove(map_view, QPoint(500, 340))
    qtbot.mouseRelease(map_view, Qt.MouseButton.LeftButton, pos=QPoint(500, 340))
    assert map_view.view.cx < start.cx and map_view.view.cy < start.cy


def test_clicking_a_group_gives_its_ids_and_groups_split_as_you_zoom(qtbot, map_view):
    at = map_view.screen_position(*KYOTO[2]).toPoint()
    with qtbot.waitSignal(map_view.group_clicked) as clicked:
        qtbot.mouseClick(map_view, Qt.MouseButton.LeftButton, pos=at)
    assert sorted(clicked.args[0]) == ["k0", "k1", "k2", "k3", "k4"]
    map_view.set_view(View(*_world(*KYOTO[2]), 15, 800, 600))
    at = map_view.screen_position(*KYOTO[2]).toPoint()
    with qtbot.waitSignal(map_view.group_clicked) as clicked:
        qtbot.mouseClick(map_view, Qt.MouseButton.LeftButton, pos=at)
    assert clicked.args[0] == ["k2"]


def test_clicking_the_sea_emits_nothing(qtbot, map_view):
    with qtbot.assertNotEmitted(map_view.group_clicked):
        qtbot.mouseClick(map_view, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))


def test_route_stop_click_emits_the_stop_and_highlights_it(qtbot):
    view = MapView()
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.set_route(STOPS)
    view.show()
    qtbot.waitExposed(view)
    at = view.screen_position(STOPS[1].lat, STOPS[1].lon).toPoint()
    with qtbot.waitSignal(view.stop_clicked) as clicked:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=at)
    assert clicked.args == [1] and view.highlighted_stop == 1
    view.highlight_stop(2)
    assert view.highlighted_stop == 2
    view.highlight_stop(7)
    assert view.highlighted_stop == -1
    for stop in STOPS:  # every stop on screen, with room for its name
        p = view.screen_position(stop.lat, stop.lon)
        assert 60 < p.x() < 840 and 60 < p.y() < 540


def test_highlighting_a_stop_off_screen_brings_it_into_view(qtbot):
    view = MapView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.set_route(STOPS)
    view.show()
    view.set_view(view.view.zoomed(4, (0, 0)))
    assert not view.rect().contains(view.screen_position(STOPS[2].lat, STOPS[2].lon).toPoint())
    view.highlight_stop(2)
    assert view.rect().contains(view.screen_position(STOPS[2].lat, STOPS[2].lon).toPoint())


def test_area_changed_follows_the_view(qtbot, map_view):
    with qtbot.waitSignal(map_view.area_changed, timeout=2000) as changed:
        qtbot.keyClick(map_view, Qt.Key.Key_Plus)
    assert changed.args[0] == map_view.visible_area()


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#242426"), (QPalette.ColorRole.WindowText, "#eeeeee"),
                         (QPalette.ColorRole.Base, "#1b1b1d"), (QPalette.ColorRole.Text, "#eeeeee"),
                         (QPalette.ColorRole.Highlight, "#3d8ee6")):  # fmt: skip
        palette.setColor(role, QColor(colour))
    return palette


def test_light_and_dark_palettes(qtbot, map_view):
    light = map_view.render_image(QSize(400, 300))
    assert not MapColors(map_view.palette()).dark
    map_view.setPalette(dark_palette())
    assert MapColors(map_view.palette()).dark
    dark = map_view.render_image(QSize(400, 300))

    def mean_lightness(image: QImage) -> float:
        return float(
            np.mean(
                [image.pixelColor(x, y).lightness() for x in range(0, 400, 20) for y in range(0, 300, 20)]
            )
        )

    assert mean_lightness(dark) < 100 < mean_lightness(light)


def test_thumbnail_pins_and_estimated_places_are_drawn_differently(qtbot, map_view):
    single = [(f"k{i}", KYOTO[i]) for i in (0, 2)]  # k0 read, k2 estimated
    images = []
    for _, (lat, lon) in single:
        map_view.set_view(View(*_world(lat, lon), 15, 800, 600))
        images.append(map_view.render_image(QSize(800, 600)).pixelColor(400, 300))
    assert images[0] != images[1]  # a filled dot, a hollow one
    picture = QImage(20, 20, QImage.Format.Format_RGB32)
    picture.fill(QColor("#00ff00"))
    map_view.set_thumbnail("k0", picture)
    map_view.set_view(View(*_world(*KYOTO[0]), 15, 800, 600))
    assert map_view.render_image(QSize(800, 600)).pixelColor(400, 300) == QColor("#00ff00")


def _world(lat: float, lon: float) -> tuple[float, float]:
    from app.core.mercator import lat_to_y, lon_to_x

    return float(lon_to_x(lon)), float(lat_to_y(lat))


def test_accessible_and_focus_visible(map_view):
    assert map_view.accessibleName() == "Map"
    assert "6" in map_view.accessibleDescription()
    assert map_view.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert map_view.hasFocus()


def test_pinch_zooms(qtbot, map_view):
    from PySide6.QtGui import QNativeGestureEvent, QPointingDevice

    before = map_view.view.zoom
    centre = QPointF(400, 300)
    device = QPointingDevice.primaryPointingDevice()
    event = QNativeGestureEvent(
        Qt.NativeGestureType.ZoomNativeGesture,
        device,
        2,
        centre,
        centre,
        map_view.mapToGlobal(centre),
        1.0,
        QPointF(0, 0),
    )
    QApplication.sendEvent(map_view, event)
    assert map_view.view.zoom == pytest.approx(before + 1)


MAP_MODULES = [
    "app/ui/map_view.py", "app/ui/map_paths.py", "app/ui/library_map.py", "app/core/basemap.py",
    "app/core/mercator.py", "app/core/pin_groups.py", "app/core/route.py", "app/core/route_svg.py",
    "app/core/route_picture.py",
]  # fmt: skip


@pytest.mark.parametrize("module", MAP_MODULES)
def test_map_code_opens_no_network_connection(module):
    """No Qt Network, no WebEngine, no sockets or URL loads anywhere in the map's modules."""
    source = (Path(__file__).resolve().parents[2] / module).read_text("utf-8")
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    banned = ("PySide6.QtNetwork", "PySide6.QtWebEngine", "socket", "urllib", "http", "requests")
    assert not [m for m in imported if m.startswith(banned)]
    assert "QNetworkAccessManager" not in source and "QUrl" not in source


@pytest.mark.parametrize("above", [False, True])
def test_stops_can_be_drawn_above_the_photo_pins(qtbot, above):
    """A trip's stop stands where its photos are; with ``stops_above_pins`` its number shows over them."""
    view = MapView(stops_above_pins=above)
    qtbot.addWidget(view)
    stop = STOPS[0]
    view.set_points(["h"], [stop.lat], [stop.lon], [False])
    picture = QImage(20, 20, QImage.Format.Format_RGB32)
    picture.fill(QColor("#00ff00"))
    view.set_thumbnail("h", picture)
    view.set_route([stop])
    view.resize(400, 300)
    view.set_view(View(*_world(stop.lat, stop.lon), 12, 400, 300))
    image = view.render_image(QSize(400, 300))
    centre = image.pixelColor(200, 300 // 2 + 5)  # inside the stop's disc, off its number
    assert (centre == QColor("#00ff00")) is not above


def test_badge_counts_are_short_and_in_the_maps_locale(qtbot):
    view = MapView()
    qtbot.addWidget(view)
    view.setLocale(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    shown = [view.count_text(n) for n in (7, 999, 1234, 9949, 9950, 12_345, 999_499, 1_234_567)]
    assert shown == ["7", "999", "1.2k", "9.9k", "10k", "12k", "999k", "1.2M"]
    view.setLocale(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    assert [view.count_text(n) for n in (999, 1234, 1_234_567)] == ["999", "1,2k", "1,2M"]


def test_no_two_pins_overlap_on_screen_at_any_zoom(qtbot):
    """Groups are made per whole level, and a map between two levels shows the deeper level's groups
    up to half a step smaller: they are merged far enough apart that even then no two pins overlap
    (Zhejiang's pin hid under Kyoto's at the library map's first zoom)."""
    view = MapView()
    qtbot.addWidget(view)
    rng = np.random.default_rng(3)
    towns = [(30.27, 120.16), (30.75, 120.75), (35.01, 135.77), (34.69, 135.50), (48.86, 2.35)]
    lat = np.concatenate([t[0] + rng.normal(0, 0.05, 40) for t in towns])
    lon = np.concatenate([t[1] + rng.normal(0, 0.05, 40) for t in towns])
    view.set_points(list(range(len(lat))), lat, lon, np.zeros(len(lat), dtype=bool))
    view.resize(800, 600)
    for zoom in np.arange(1.0, 15.0, 0.25):
        view.set_view(View(*_world(32.0, 128.0), float(zoom), 800, 600))
        groups = view.groups()
        sx, sy = view.view.to_screen(groups.x, groups.y)
        d = np.hypot(sx[:, None] - sx[None, :], sy[:, None] - sy[None, :]) + np.eye(len(groups)) * 1e9
        assert d.min() >= PIN_PX + 4, zoom


@pytest.mark.parametrize(("language", "beijing"), [("en", "Beijing"), ("zh-Hans", "北京")])
def test_city_labels_in_the_maps_language(qtbot, language, beijing):
    """The window in Chinese names the map's cities in Chinese, as it does the cards (issue #14)."""
    view = MapView(language=language)
    qtbot.addWidget(view)
    view.set_view(View(*_world(39.9, 116.4), 6.0, 800, 600))
    view.resize(800, 600)
    shown = view.shown_labels()
    assert beijing in shown
    assert ("天津" in shown) == (language == "zh-Hans")


def test_city_labels_follow_the_windows_language_and_are_drawn_in_it(qtbot):
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))  # put back by conftest
    view = MapView()
    qtbot.addWidget(view)
    assert view.language == "zh-Hans"
    view.set_view(View(*_world(35.68, 139.69), 6.0, 800, 600))
    chinese = view.render_image(QSize(800, 600))
    assert "东京" in view.shown_labels()
    view.set_language("en")
    assert "Tokyo" in view.shown_labels()
    assert view.render_image(QSize(800, 600)) != chinese  # the text drawn differs, not only the list


def test_a_stops_name_clears_the_photo_pin_under_it(qtbot):
    """On a trip's page a photo pin and its count badge sit where a stop is: the stop's name and days go
    beside the pin, not over its picture."""
    view = MapView(stops_above_pins=True)
    qtbot.addWidget(view)
    view.resize(900, 600)
    many = 250  # photos at each stop: one pin with the widest badge a trip has
    ids = [f"p{i}" for i in range(len(STOPS) * many)]
    lats = [s.lat + 0.0001 * (n % 3) for s in STOPS for n in range(many)]
    lons = [s.lon for s in STOPS for _ in range(many)]
    view.set_points(ids, lats, lons, [False] * len(ids))
    image = QImage(64, 64, QImage.Format.Format_RGB32)
    image.fill(QColor("orange"))
    for point in ids:
        view.set_thumbnail(point, image)
    view.set_route(STOPS)
    view.show()
    qtbot.waitExposed(view)
    for size in ((900, 600), (780, 160)):  # a wide page, and the strip a trip's map gets at 800x600
        view.resize(*size)
        view.fit_to_points()
        boxes = view.stop_label_boxes()
        marks = []
        for stop in STOPS:
            centre = view.screen_position(stop.lat, stop.lon)
            pin = QRectF(centre.x() - PIN_PX / 2 - 3, centre.y() - PIN_PX / 2 - 3, PIN_PX + 6, PIN_PX + 6)
            assert QRectF(view.rect()).contains(pin), (size, stop.name)  # the fit keeps every pin whole
            r = MapView._radius(many, False) + 2  # the count badge on the pin's corner, with its edge
            marks += [pin, QRectF(centre.x() + PIN_PX / 2 - r, centre.y() - PIN_PX / 2 - r, 2 * r, 2 * r)]
        for n, box in enumerate(boxes):
            if box is None:
                continue  # no room: the name is left out rather than drawn over a stop
            others = [b for m, b in enumerate(boxes) if b is not None and m != n]
            assert not any(box.intersects(o) for o in marks + others), (size, STOPS[n].name, box)
            assert QRectF(view.rect()).contains(box)
        assert boxes[0] is not None  # the first stop is named whenever it has room


def test_a_pins_photo_count_stays_whole_over_a_stop_beside_it(qtbot):
    """A stop's place is the middle of its photos, so its numbered circle can sit on the corner of the
    pin it groups into: the pin's count badge is drawn over it, not under it."""
    view = MapView(stops_above_pins=True)
    qtbot.addWidget(view)
    view.resize(400, 300)
    ids = [f"p{i}" for i in range(15)]
    view.set_points(ids, [30.0] * 15, [120.0] * 15, [False] * 15)
    image = QImage(64, 64, QImage.Format.Format_RGB32)
    image.fill(QColor("green"))
    for point in ids:
        view.set_thumbnail(point, image)
    here = View(float(lon_to_x(120.0)), float(lat_to_y(30.0)), 10, 400, 300)
    view.set_view(here)
    pin = view.screen_position(30.0, 120.0)
    badge = QPointF(pin.x() + PIN_PX / 2, pin.y() - PIN_PX / 2)
    r = MapView._radius(15, False)
    towards = QPointF(-1, 1) / math.sqrt(2)
    stop_at = badge + towards * (r + 4)  # the stop's circle on the badge's lower-left edge
    wx, wy = here.to_world(stop_at.x(), stop_at.y())
    view.set_route([RouteStop("Hangzhou", "Mar 3", float(y_to_lat(wy)), float(x_to_lon(wx)))])
    view.set_view(here)
    shot = QImage(QSize(400, 300), QImage.Format.Format_ARGB32_Premultiplied)
    view.render(shot)
    probe = badge + towards * (r - 3)  # inside the badge, and inside the stop's circle too
    assert math.dist((probe.x(), probe.y()), (stop_at.x(), stop_at.y())) < 11
    colour = shot.pixelColor(round(probe.x()), round(probe.y()))
    accent, route = view._colors.accent, view._colors.route

    def far(a: QColor, b: QColor) -> int:
        return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())

    assert far(colour, accent) < far(colour, route), (colour.name(), accent.name(), route.name())


def test_city_labels_leave_the_data_credit_alone(qtbot):
    """The credit in the corner ('Natural Earth · GeoNames') is never written over by a city's name: a
    view with Paris, Rome and Madrid each brought right under it."""
    view = MapView()
    qtbot.addWidget(view)
    for width, height in ((800, 160), (1200, 800)):
        view.resize(width, height)
        for lat, lon in ((48.8566, 2.3522), (41.9028, 12.4964), (40.4168, -3.7038)):
            scale = View(0.5, 0.5, 5.0, width, height).scale
            x, y = float(lon_to_x(lon)), float(lat_to_y(lat))
            # the city's point just left of the credit's end, at its height
            cx, cy = x - (width / 2 - 70) / scale, y - (height / 2 - 12) / scale
            view.set_view(View(cx, cy, 5.0, width, height))
            credit = view._credit_rect()
            boxes = [box for box, *_ in view._place_labels(view.view)]
            assert boxes, (width, lat)  # the view shows city names at all
            assert not any(box.intersects(credit) for box in boxes), (width, lat)
