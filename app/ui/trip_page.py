"""One trip: its days, each headed by its date and its stop, its photos and videos in a grid.

Above the days (beside them on a wide window) the trip's route: its stops numbered in time order with
their names and days, and its photos as pins (issue #13).  Clicking a stop scrolls the days to the stop's
first day; choosing a day or a photo lights its stop; clicking a pin chooses its photos in the grid.  A
trip without a placed photo shows no map at all.

A file whose place was estimated (SPEC §10) carries a small mark, explained by its tooltip.  The page
renames the trip, deletes it, and splits it at a day: choose a day's heading and Split Trip Here (the
button, or the heading's context menu).  A photo's estimated place can be refused: choose its tile (or
several) and Don't Use the Estimated Place (its context menu, or Ctrl+E).  Create Story… (Ctrl+Shift+S)
turns the trip into a highlight album, a web page or a reel (SPEC §8).  Changes go out as signals; the
window runs them as jobs.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QKeySequence,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.mercator import View, fit
from app.core.route import RouteStop
from app.service.trips import StopInfo, TripInfo
from app.ui.i18n import arg, long_date, medium_date, tr
from app.ui.map_view import BADGE_ROOM, PIN_PX, MapView
from app.ui.photo_grid import DAY, ESTIMATED, KIND, PATH, PhotoGrid, parse_labels, zoom_slider
from app.ui.thumbnails import Thumbnails
from app.ui.trip_timeline import counts_text, stop_name, when_text
from app.ui.workers import Pool


def day_stops(trip: TripInfo, day: date) -> str:
    """The stops of ``day`` ('Hangzhou', or 'Hangzhou → Jiaxing' on a day of travel)."""
    names = [stop_name(s.address) for s in trip.stops if s.first_day <= day <= s.last_day]
    return " → ".join(dict.fromkeys(names))


WIDE = 1400  # from this width on, the map stands beside the days rather than above them


def stop_days(stop: StopInfo) -> str:
    """A stop's days as its map label reads them, without the year the page already gives: 'Mar 3 – Mar 5'."""
    if stop.first_day == stop.last_day:
        return medium_date(stop.first_day, with_year=False)
    return f"{medium_date(stop.first_day, with_year=False)} – {medium_date(stop.last_day, with_year=False)}"


def route_of(trip: TripInfo) -> tuple[list[RouteStop], list[int]]:
    """The trip's placed stops as the map draws them, and for each, its index among ``trip.stops``."""
    stops: list[RouteStop] = []
    indices: list[int] = []
    for n, stop in enumerate(trip.stops):
        if stop.lat is not None and stop.lon is not None:
            stops.append(RouteStop(stop_name(stop.address), stop_days(stop), stop.lat, stop.lon))
            indices.append(n)
    return stops, indices


def confirm_delete(parent: QWidget, trip: TripInfo) -> bool:
    """Ask before a trip is deleted, saying that no photo is touched and how to bring it back."""
    text = QCoreApplication.translate(
        "TripPage",
        "Delete the trip “%1”?\n\nNo photo or video is touched: Tripfold only forgets this trip, and later "
        "updates will not bring it back (Edit › Restore Deleted Trips does).",
    )
    title = QCoreApplication.translate("TripPage", "Delete trip")
    return QMessageBox.question(parent, title, arg(text, trip.caption)) == QMessageBox.StandardButton.Yes


def confirm_reject_estimates(parent: QWidget, count: int) -> bool:
    """Ask before estimated places are refused, saying the photo is never changed and what follows."""
    ask = tr("Don't use the estimated place(s) of %Ln photo(s)?", "", count)
    why = QCoreApplication.translate(
        "TripPage",
        "The photo itself is never changed: Tripfold only forgets the place it guessed from photos taken "
        "nearby in time, and later updates will not guess it again. A photo without a place leaves the trip.",
    )
    title = QCoreApplication.translate("TripPage", "Estimated place")
    text = f"{ask}\n\n{why}"
    return QMessageBox.question(parent, title, text) == QMessageBox.StandardButton.Yes


class TripPage(QWidget):
    """Emits :attr:`back` to return to the timeline; changes go through the window's service jobs."""

    back = Signal()
    rename = Signal(str, str, dict)  # trip id, title, labels
    delete = Signal(str)
    split = Signal(str, object)  # trip id, the first day of the new trip (a date)
    reject_estimates = Signal(str, list)  # trip id, the files whose estimated place is refused
    story = Signal(str)  # trip id: make a story of it

    def __init__(self, thumbnails: Thumbnails, viewer_pool: Pool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.trip: TripInfo | None = None
        self.thumbnails = thumbnails
        self._route_stops: list[int] = []  # the trip's stop of each route stop on the map
        self._pins: list[str] = []  # the map's points (the placed files), in the order it was given them
        self._wanted: set[str] = set()  # pin faces whose thumbnails were asked for
        self._following_map = False  # the grid moves because the map was clicked: the map keeps its stop
        back = QPushButton(self.tr("‹ Trips"))
        back.setObjectName("tripBack")
        back.setShortcut(Qt.Key.Key_Backspace)
        back.setToolTip(self.tr("Back to the timeline (Backspace)"))
        back.clicked.connect(self.back)
        self.title = QLineEdit()
        self.title.setObjectName("tripTitle")
        self.title.setStyleSheet("font-size: 20px; font-weight: 600;")
        self.title.editingFinished.connect(self._save)
        self.labels = QLineEdit()
        self.labels.setObjectName("tripLabels")
        self.labels.setPlaceholderText(self.tr("Labels: who=family, mood=sunny"))
        self.labels.editingFinished.connect(self._save)
        self.when = QLabel()
        self.when.setObjectName("tripWhen")
        self.when.setWordWrap(True)
        folder = QPushButton(self.tr("Show in Folder"))
        self.split_action = QAction(self.tr("Split Trip Here…"), self)
        self.split_action.setObjectName("splitTripHere")
        self.split_action.setToolTip(
            self.tr("Make the chosen day and the days after it a trip of their own; later updates keep it")
        )
        self.split_action.triggered.connect(self.split_here)
        self.split_action.setEnabled(False)
        split = QPushButton(self.split_action.text())
        split.setObjectName("splitTrip")
        split.setToolTip(self.split_action.toolTip())
        split.clicked.connect(self.split_action.trigger)
        self.split_action.changed.connect(lambda: split.setEnabled(self.split_action.isEnabled()))
        split.setEnabled(False)
        self.reject_action = QAction(self.tr("Don't Use the Estimated Place…"), self)
        self.reject_action.setObjectName("rejectEstimate")
        self.reject_action.setShortcut(QKeySequence(self.tr("Ctrl+E")))
        self.reject_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.reject_action.setToolTip(
            self.tr("Forget the place estimated for the chosen photos (Ctrl+E); the photos are not changed")
        )
        self.reject_action.triggered.connect(self.ask_reject_estimates)
        self.reject_action.setEnabled(False)
        self.story_action = QAction(self.tr("Create Story…"), self)
        self.story_action.setObjectName("createTripStory")
        self.story_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.story_action.setToolTip(
            self.tr("Pick the best photos of this trip for an album, a web page or a video (Ctrl+Shift+S)")
        )
        self.story_action.triggered.connect(self.ask_story)
        self.addAction(self.story_action)  # its shortcut works while the page is shown
        story = QPushButton(self.story_action.text())
        story.setObjectName("createStory")
        story.setToolTip(self.story_action.toolTip())
        story.clicked.connect(self.story_action.trigger)
        delete = QPushButton(self.tr("Delete Trip…"))
        delete.setObjectName("deleteTrip")
        delete.setShortcut(Qt.Key.Key_Delete)
        delete.setToolTip(self.tr("Delete this trip (Del); its photos and videos are not touched"))
        delete.clicked.connect(self.ask_delete)
        self.zoom = zoom_slider(self)
        top = QHBoxLayout()
        top.addWidget(back)
        top.addWidget(self.title, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.zoom)
        actions.addStretch(1)
        for widget in (folder, split, story, delete):
            actions.addWidget(widget)
        self.grid = PhotoGrid(thumbnails, viewer_pool, self)
        self.model = self.grid.files
        folder.clicked.connect(self.grid.show_in_folder)
        self.grid.setObjectName("tripGrid")
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.grid.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.grid.addAction(self.split_action)
        self.grid.addAction(self.reject_action)  # its shortcut works while the grid has the focus
        self.grid.selectionModel().currentChanged.connect(self._current_changed)
        self.grid.selectionModel().selectionChanged.connect(self._selection_changed)
        self.zoom.valueChanged.connect(self.grid.zoom)
        self.map = MapView(stops_above_pins=True)
        self.map.setObjectName("tripMap")
        self.map.setAccessibleName(self.tr("Route map"))
        self.map.setMinimumSize(240, 160)
        self.map.installEventFilter(self)
        self._fitted: View | None = None  # the view of the last fit, until the user moves the map
        self.map.stop_clicked.connect(self.go_to_stop)
        self.map.group_clicked.connect(self.select_paths)
        self.map.area_changed.connect(lambda _area: self._ask_faces())
        thumbnails.ready.connect(self._thumbnail_ready)
        self.panes = QSplitter(Qt.Orientation.Vertical)
        self.panes.setObjectName("tripSplit")
        self.panes.setChildrenCollapsible(False)
        self.panes.addWidget(self.map)
        self.panes.addWidget(self.grid)
        self.panes.setStretchFactor(0, 2)
        self.panes.setStretchFactor(1, 3)
        self._sized_for: Qt.Orientation | None = None
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.labels)
        layout.addWidget(self.when)
        layout.addLayout(actions)
        layout.addWidget(self.panes, 1)

    def show_trip(self, trip: TripInfo) -> None:
        """Show ``trip``, read with its files."""
        self.trip = trip
        self.title.setText(trip.title)
        self.title.setPlaceholderText(arg(self.tr("%1 — name this trip"), trip.generated_caption))
        self.labels.setText(", ".join(f"{k}={v}" for k, v in trip.custom_labels.items()))
        stops = " → ".join(stop_name(s.address) for s in trip.stops)
        self.when.setText(" · ".join(p for p in (when_text(trip), stops, counts_text(trip)) if p))
        self.model.set_files(trip.files or [], lambda day: self._heading(trip, day))
        self.split_action.setEnabled(False)
        self.reject_action.setEnabled(False)
        self._show_map(trip)

    # -- the route map ---------------------------------------------------------------------------------
    def _show_map(self, trip: TripInfo) -> None:
        placed = [f for f in trip.files or [] if f.lat is not None and f.lon is not None]
        stops, self._route_stops = route_of(trip)
        self._pins = [f.path for f in placed]
        lat = [f.lat for f in placed if f.lat is not None]  # all of them: the narrowing is for the types
        lon = [f.lon for f in placed if f.lon is not None]
        self.map.set_points(self._pins, lat, lon, [f.estimated for f in placed])
        self.map.set_route(stops)
        self._wanted = set()
        self._fitted = None
        self.map.setVisible(bool(placed or stops))
        if not self.map.isHidden():
            self._fit_map()

    def _fit_map(self) -> None:
        """Every photo and stop in view, with room for the stops' names; a map only a few hundred pixels
        tall gets less padding than the widget's own fit gives (but room for a pin and its count), or the
        trip would shrink to a dot."""
        self.map.fit_to_points()  # the map counts itself fitted: its next resize keeps this view
        trip = self.trip
        files = [f for f in (trip.files or []) if f.lat is not None and f.lon is not None] if trip else []
        stops = [s for s in trip.stops if s.lat is not None and s.lon is not None] if trip else []
        width, height = self.map.width(), self.map.height()
        # at least a pin's half and its count badge, so the outermost pins stay whole
        padding = min(90.0, max(PIN_PX / 2 + BADGE_ROOM + 6, min(width, height) * 0.18))
        lat = [f.lat for f in files if f.lat is not None] + [s.lat for s in stops if s.lat is not None]
        lon = [f.lon for f in files if f.lon is not None] + [s.lon for s in stops if s.lon is not None]
        self.map.set_view(fit(lat, lon, width, height, padding=padding, max_zoom=11 if stops else 12))
        self._fitted = self.map.view
        self._ask_faces()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The map is fitted again when its size changes (the page laid out, the window resized, the
        splitter turned), unless the user has moved it since."""
        if watched is self.map and event.type() == QEvent.Type.Resize:
            view, fitted = self.map.view, self._fitted
            if fitted is None or (view.cx, view.cy, view.zoom) == (fitted.cx, fitted.cy, fitted.zoom):
                QTimer.singleShot(0, self._fit_map)
        return super().eventFilter(watched, event)

    @property
    def shows_map(self) -> bool:
        """Whether the page has a map for its trip (a trip without a placed photo has none)."""
        return not self.map.isHidden()

    def route_stop_of(self, index: QModelIndex) -> int:
        """The route stop (on the map) of a day heading or a file: the stop of its day; on a day of travel,
        the stop nearest to the photo (a heading: the day's first stop).  -1 when the day has none."""
        if self.trip is None or not index.isValid():
            return -1
        trip, day = self.trip, index.data(DAY)
        found = [r for r, n in enumerate(self._route_stops)
                 if trip.stops[n].first_day <= day <= trip.stops[n].last_day]  # fmt: skip
        if len(found) <= 1:
            return found[0] if found else -1
        member = self.model.member(index.row())
        lat, lon = getattr(member, "lat", None), getattr(member, "lon", None)
        if lat is None or lon is None:
            return found[0]
        scale = math.cos(math.radians(lat))

        def distance(r: int) -> float:
            stop = trip.stops[self._route_stops[r]]
            return float(((stop.lat or 0.0) - lat) ** 2 + (((stop.lon or 0.0) - lon) * scale) ** 2)

        return min(found, key=distance)

    def go_to_stop(self, route_index: int) -> None:
        """Scroll the days to the first day of the route's stop ``route_index`` and choose its heading."""
        if self.trip is None or not 0 <= route_index < len(self._route_stops):
            return
        stop = self.trip.stops[self._route_stops[route_index]]
        self.map.highlight_stop(route_index)  # when asked from elsewhere than the map itself
        for row in self.model.day_rows():
            index = self.model.index(row)
            if stop.first_day <= index.data(DAY) <= stop.last_day:
                self._following_map = True
                try:
                    self.grid.setCurrentIndex(index)
                finally:
                    self._following_map = False
                self.grid.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)
                return

    def select_paths(self, paths: list[str]) -> None:
        """Choose the files ``paths`` in the grid (a pin's photos) and bring the first into view."""
        rows = sorted(r for path in paths for r in self.model.rows_of(path))
        if not rows:
            return
        selection = QItemSelection()
        for row in rows:
            selection.select(self.model.index(row), self.model.index(row))
        chosen = self.grid.selectionModel()
        chosen.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        chosen.setCurrentIndex(self.model.index(rows[0]), QItemSelectionModel.SelectionFlag.NoUpdate)
        self.grid.scrollTo(self.model.index(rows[0]))

    def _ask_faces(self) -> None:
        """Thumbnails for the pins on screen, when there are few enough to show pictures."""
        if self.map.isHidden() or not self._pins:
            return
        for row in self.map.pins_for_faces():
            path = self._pins[row]
            if path not in self._wanted:
                self._wanted.add(path)
                self._thumbnail_ready(path)

    def _thumbnail_ready(self, path: str) -> None:
        if path in self._wanted:
            image = self.thumbnails.get(path)
            if image is not None and not image.isNull():
                self.map.set_thumbnail(path, image)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The map beside the days on a wide page, above them otherwise; sized again when that changes."""
        super().resizeEvent(event)
        wide = self.width() >= WIDE
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if orientation != self._sized_for:
            self._sized_for = orientation
            self.panes.setOrientation(orientation)
            total = self.panes.width() if wide else self.panes.height()
            first = round(total * (0.42 if wide else 0.4))
            self.panes.setSizes([first, max(total - first, 1)])

    def split_day(self) -> date | None:
        """The day the chosen heading (or photo) starts, when the trip can be split there."""
        index = self.grid.currentIndex()
        if self.trip is None or not index.isValid():
            return None
        day: date = index.data(DAY)
        return day if self.trip.first_day < day <= self.trip.last_day else None

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.split_action.setEnabled(current.isValid() and current.data(KIND) == "day"
                                     and self.split_day() is not None)  # fmt: skip
        if not self._following_map and self.shows_map:
            self.map.highlight_stop(self.route_stop_of(current))

    def estimated_selection(self) -> list[str]:
        """The chosen files whose place was estimated, in the page's order (others are left out)."""
        rows = sorted(i.row() for i in self.grid.selectionModel().selectedIndexes() if i.data(ESTIMATED))
        return [self.model.index(r).data(PATH) for r in rows]

    def _selection_changed(self, *_: Any) -> None:
        self.reject_action.setEnabled(bool(self.estimated_selection()))

    def ask_reject_estimates(self) -> None:
        paths, trip = self.estimated_selection(), self.trip
        if paths and trip is not None and confirm_reject_estimates(self, len(paths)):
            self.reject_estimates.emit(trip.trip_id, paths)

    def split_here(self) -> None:
        day, trip = self.split_day(), self.trip
        if day is None or trip is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Split trip"),
            arg(self.tr("Split “%1” at %2?\n\n%2 and the days after it become a trip of their own; later "
                        "updates keep the split."), trip.caption, long_date(day)),
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Yes:
            self.split.emit(trip.trip_id, day)

    @staticmethod
    def _heading(trip: TripInfo, day: date) -> str:
        """A day's date and its stops: 'Sunday, 3 March 2024 · Hangzhou → Jiaxing'."""
        stops = day_stops(trip, day)
        return f"{long_date(day)} · {stops}" if stops else long_date(day)

    def _save(self) -> None:
        if self.trip is None:
            return
        title, labels = self.title.text().strip(), parse_labels(self.labels.text())
        if (title, labels) != (self.trip.title, self.trip.custom_labels):
            self.trip = replace(self.trip, title=title, custom_labels=labels)
            self.rename.emit(self.trip.trip_id, title, labels)

    def ask_story(self) -> None:
        if self.trip is not None:
            self.story.emit(self.trip.trip_id)

    def ask_delete(self) -> None:
        if self.trip is not None and confirm_delete(self, self.trip):
            self.delete.emit(self.trip.trip_id)
