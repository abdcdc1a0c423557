"""The library on a map: every placed photo, a pin's photos and the trips they belong to, and the trips of
the area on screen.

The page reads the library in a job on the read pool (:func:`read_map_data`, which touches no widget):
the placed files and their trips as arrays (:meth:`app.service.Service.placed_files`, one pass) and the
trips' captions.  It hands the positions to :class:`~app.ui.map_view.MapView` as plain data, the points
named by their row in those arrays, and answers its signals: clicking a pin lists its photos and their
trips beside the map; with "Trips in this area" on, every settled pan or zoom emits :attr:`area_trips`
with the trips that have a photo on screen, which the window uses to filter its trips.  Activating a
trip emits :attr:`open_trip`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.mercator import GeoBounds
from app.service.map import PlacedFiles
from app.ui.i18n import arg, date_range, tr
from app.ui.map_view import MapView
from app.ui.workers import Job, Pool

if TYPE_CHECKING:
    from app.service import Service
    from app.ui.thumbnails import Thumbnails

PATH_ROLE = Qt.ItemDataRole.UserRole
TRIP_ROLE = Qt.ItemDataRole.UserRole + 1
LIST_LIMIT = 500  # a pin of 20,000 photos lists its first 500; the count says how many there are


@dataclass(frozen=True)
class TripBrief:
    trip_id: str
    caption: str
    dates: str


def _no_files() -> PlacedFiles:
    empty = np.zeros(0)
    none = np.zeros(0, dtype=np.int64)
    return PlacedFiles(none, [], empty, empty, np.zeros(0, dtype=bool), [], none, np.zeros(1, dtype=np.int64))


@dataclass(frozen=True, eq=False)
class MapData:
    """Every placed photo with its trips, and each trip's caption and dates (in ``files.trips`` order)."""

    files: PlacedFiles = field(default_factory=_no_files)
    trips: list[TripBrief] = field(default_factory=list)


def read_map_data(service: Service, **_: Any) -> MapData:
    """The library as the map needs it: the placed files in one pass, then the trips' captions."""
    files = service.placed_files()
    briefs = {
        t.trip_id: TripBrief(t.trip_id, t.caption, date_range(t.first_day, t.last_day))
        for t in service.query_trips()
    }
    # a trip made between the two reads has no caption yet: it is named by its id until the next read
    return MapData(files, [briefs.get(t) or TripBrief(t, t, "") for t in files.trips])


class LibraryMap(QWidget):
    open_trip = Signal(str)  # a trip chosen in the side list
    area_trips = Signal(list)  # trip ids with a photo in the visible area ("Trips in this area" on)

    def __init__(
        self, service: Service, pool: Pool | None = None, thumbnails: Thumbnails | None = None,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.service, self.pool, self.thumbnails = service, pool, thumbnails
        self.data = MapData()
        self._job: Job | None = None
        self._wanted: dict[str, int] = {}  # pin faces whose thumbnails were asked for: path -> row
        self.map = MapView(self)
        self.map.setObjectName("libraryMapView")
        self.heading = QLabel(self.tr("Choose a pin to see its photos"))
        self.heading.setObjectName("mapHeading")
        self.heading.setWordWrap(True)
        self.photos = QListWidget()
        self.photos.setObjectName("mapPhotos")
        self.photos.setAccessibleName(self.tr("Photos of the chosen pin"))
        self.photos.setIconSize(QSize(48, 48))
        self.trip_list = QListWidget()
        self.trip_list.setObjectName("mapTrips")
        self.trip_list.setAccessibleName(self.tr("Trips of the chosen photos"))
        self.trip_list.itemActivated.connect(lambda item: self.open_trip.emit(item.data(TRIP_ROLE)))
        self.in_area = QCheckBox(self.tr("Trips in this area"))
        self.in_area.setObjectName("tripsInArea")
        self.in_area.setToolTip(self.tr("Show only the trips with a photo in the part of the map on screen"))
        self.in_area.toggled.connect(self._area_toggled)
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(6, 0, 0, 0)
        column.addWidget(self.heading)
        column.addWidget(self.photos, 2)
        column.addWidget(QLabel(self.tr("Trips")))
        column.addWidget(self.trip_list, 1)
        column.addWidget(self.in_area)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.map)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.map.group_clicked.connect(self.show_group)
        self.map.area_changed.connect(self._area_changed)
        if thumbnails is not None:
            thumbnails.ready.connect(self._thumbnail_ready)

    # -- loading ---------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the library again (on the read pool when there is one) and show it."""
        if self.pool is None:
            self.set_data(read_map_data(self.service))
            return
        if self._job is not None:
            self._job.cancel()
        service = self.service
        job = Job(lambda **kw: read_map_data(service, **kw), name="map", close=service.close_connection)
        job.signals.done.connect(self.set_data)
        self._job = self.pool.start(job)

    def set_data(self, data: MapData) -> None:
        self.data = data
        self._wanted = {}
        files = data.files
        self.map.set_points(range(len(files)), files.lat, files.lon, files.estimated)
        self.map.fit_to_points()
        self.show_group([])

    # -- answers to the map ----------------------------------------------------------------------------
    def show_group(self, rows: list[int]) -> None:
        """List a pin's photos (rows of :attr:`data`'s files) and the trips they belong to."""
        self.photos.clear()
        self.trip_list.clear()
        if not rows:
            self.heading.setText(self.tr("Choose a pin to see its photos"))
            return
        files = self.data.files
        self.heading.setText(tr("%Ln photo(s)", "", len(rows)))
        for row in rows[:LIST_LIMIT]:
            path = files.path[row]
            item = QListWidgetItem(os.path.basename(path))
            item.setData(PATH_ROLE, path)
            item.setToolTip(path)
            image = self.thumbnails.get(path) if self.thumbnails is not None else None
            if image is not None:
                item.setIcon(QIcon(QPixmap.fromImage(image)))
            self.photos.addItem(item)
        if len(rows) > LIST_LIMIT:
            self.photos.addItem(arg(self.tr("… and %1 more"), len(rows) - LIST_LIMIT))
        picked = np.asarray(rows, dtype=np.int64)
        per_file = files.trip_starts[picked + 1] - files.trip_starts[picked]
        counts: dict[int, int] = {}
        for row in picked[per_file > 0].tolist():
            for n in files.trip_index[files.trip_starts[row] : files.trip_starts[row + 1]].tolist():
                counts[n] = counts.get(n, 0) + 1
        for n in sorted(counts):  # oldest trip first
            trip = self.data.trips[n]
            item = QListWidgetItem(f"{trip.caption} · {trip.dates}")
            item.setData(TRIP_ROLE, trip.trip_id)
            item.setToolTip(tr("%Ln of these photos", "", counts[n]))
            self.trip_list.addItem(item)
        if not counts:
            self.trip_list.addItem(self.tr("None of these photos is in a trip"))

    def trips_in(self, area: GeoBounds) -> list[str]:
        """The trips with at least one photo inside ``area``, in the order they were listed."""
        files = self.data.files
        inside = np.flatnonzero(area.contains(files.lat, files.lon))
        return [files.trips[n] for n in files.trip_rows(inside).tolist()]

    def _area_changed(self, area: GeoBounds) -> None:
        self._ask_faces()
        if self.in_area.isChecked():
            self.area_trips.emit(self.trips_in(area))

    def _area_toggled(self, on: bool) -> None:
        if on:
            self.area_trips.emit(self.trips_in(self.map.visible_area()))
        else:
            self.area_trips.emit([t.trip_id for t in self.data.trips])

    def _ask_faces(self) -> None:
        """Thumbnails for the pins on screen, when there are few enough to show pictures."""
        if self.thumbnails is None:
            return
        for row in self.map.pins_for_faces():
            path = self.data.files.path[row]
            if path not in self._wanted:
                self._wanted[path] = row
                image = self.thumbnails.get(path)
                if image is not None:
                    self.map.set_thumbnail(row, image)

    def _thumbnail_ready(self, path: str) -> None:
        if self.thumbnails is None:
            return
        row = self._wanted.get(path)
        if row is not None:
            image = self.thumbnails.get(path)
            if image is not None:
                self.map.set_thumbnail(row, image)
        for row in range(self.photos.count()):
            item = self.photos.item(row)
            if item.data(PATH_ROLE) == path:
                image = self.thumbnails.get(path)
                if image is not None:
                    item.setIcon(QIcon(QPixmap.fromImage(image)))
