"""The library on a map: every placed photo, a pin's photos and the trips they belong to, and the trips of
the area on screen.

The page reads the library in a job on the read pool (:func:`read_map_data`, which touches no widget),
hands the positions to :class:`~app.ui.map_view.MapView` as plain data, and answers its signals:
clicking a pin lists its photos and their trips beside the map; with "Trips in this area" on, every
settled pan or zoom emits :attr:`area_trips` with the trips that have a photo on screen, which the
window uses to filter its trips.  Activating a trip emits :attr:`open_trip`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
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
from app.ui.i18n import arg, date_range, plural
from app.ui.map_view import MapView
from app.ui.workers import Job, Pool

if TYPE_CHECKING:
    from app.service import Service
    from app.ui.thumbnails import Thumbnails

PATH_ROLE = Qt.ItemDataRole.UserRole
TRIP_ROLE = Qt.ItemDataRole.UserRole + 1
FACES = 40  # pins on screen that show a picture, at most
LIST_LIMIT = 500  # a pin of 20,000 photos lists its first 500; the count says how many there are


@dataclass(frozen=True)
class TripBrief:
    trip_id: str
    caption: str
    dates: str


@dataclass(frozen=True, eq=False)
class MapData:
    """Every placed photo: its path, position, whether the place was estimated, and its trips."""

    paths: list[str]
    lat: npt.NDArray[np.float64]
    lon: npt.NDArray[np.float64]
    estimated: npt.NDArray[np.bool_]
    trips: list[TripBrief] = field(default_factory=list)
    trips_of: dict[str, list[int]] = field(default_factory=dict)  # path -> indices into ``trips``


def read_map_data(service: Service, **_: Any) -> MapData:
    """The library as the map needs it, from the service's existing calls (all files, then every trip
    with its files).  A dedicated query (placed files with lat, lon, estimated and trip ids in one read)
    would make this a single pass; see the report of issue #13."""
    lat: list[float] = []
    lon: list[float] = []
    paths: list[str] = []
    estimated: list[bool] = []
    for f in service.list_files():
        if f.status in ("error", "missing"):
            continue
        if f.lat is not None and f.lon is not None:
            lat.append(f.lat), lon.append(f.lon), estimated.append(False), paths.append(f.path)
        elif f.est_lat is not None and f.est_lon is not None:
            lat.append(f.est_lat), lon.append(f.est_lon), estimated.append(True), paths.append(f.path)
    trips: list[TripBrief] = []
    trips_of: dict[str, list[int]] = {}
    for n, trip in enumerate(service.query_trips(with_files=True)):
        trips.append(TripBrief(trip.trip_id, trip.caption, date_range(trip.first_day, trip.last_day)))
        for member in trip.files or []:
            trips_of.setdefault(member.path, []).append(n)
    return MapData(paths, np.array(lat), np.array(lon), np.array(estimated, dtype=bool), trips, trips_of)


class LibraryMap(QWidget):
    open_trip = Signal(str)  # a trip chosen in the side list
    area_trips = Signal(list)  # trip ids with a photo in the visible area ("Trips in this area" on)

    def __init__(
        self, service: Service, pool: Pool | None = None, thumbnails: Thumbnails | None = None,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.service, self.pool, self.thumbnails = service, pool, thumbnails
        self.data = MapData([], np.zeros(0), np.zeros(0), np.zeros(0, dtype=bool))
        self._job: Job | None = None
        self._wanted: set[str] = set()  # pin faces whose thumbnails were asked for
        self.map = MapView(self)
        self.map.setObjectName("libraryMap")
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
        self.map.set_points(data.paths, data.lat, data.lon, data.estimated)
        self.map.fit_to_points()
        self.show_group([])

    # -- answers to the map ----------------------------------------------------------------------------
    def show_group(self, paths: list[str]) -> None:
        """List a pin's photos and the trips they belong to."""
        self.photos.clear()
        self.trip_list.clear()
        if not paths:
            self.heading.setText(self.tr("Choose a pin to see its photos"))
            return
        self.heading.setText(plural(self.tr("1 photo"), self.tr("%1 photos"), len(paths)))
        for path in paths[:LIST_LIMIT]:
            item = QListWidgetItem(os.path.basename(path))
            item.setData(PATH_ROLE, path)
            item.setToolTip(path)
            image = self.thumbnails.get(path) if self.thumbnails is not None else None
            if image is not None:
                item.setIcon(QIcon(QPixmap.fromImage(image)))
            self.photos.addItem(item)
        if len(paths) > LIST_LIMIT:
            self.photos.addItem(arg(self.tr("… and %1 more"), len(paths) - LIST_LIMIT))
        counts: dict[int, int] = {}
        for path in paths:
            for n in self.data.trips_of.get(path, ()):
                counts[n] = counts.get(n, 0) + 1
        for n in sorted(counts, key=lambda k: self.data.trips[k].dates):
            trip = self.data.trips[n]
            item = QListWidgetItem(f"{trip.caption} · {trip.dates}")
            item.setData(TRIP_ROLE, trip.trip_id)
            item.setToolTip(plural(self.tr("1 of these photos"), self.tr("%1 of these photos"), counts[n]))
            self.trip_list.addItem(item)
        if not counts:
            self.trip_list.addItem(self.tr("None of these photos is in a trip"))

    def trips_in(self, area: GeoBounds) -> list[str]:
        """The trips with at least one photo inside ``area``, in the order they were listed."""
        inside = np.flatnonzero(area.contains(self.data.lat, self.data.lon))
        found: set[int] = set()
        for i in inside.tolist():
            found.update(self.data.trips_of.get(self.data.paths[i], ()))
        return [self.data.trips[n].trip_id for n in sorted(found)]

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
        groups = self.map.groups()
        visible = groups.inside(*self.map.view.world_rect())
        if not 0 < len(visible) <= FACES:
            return
        for i in groups.first()[visible].tolist():
            path = self.data.paths[i]
            if path not in self._wanted:
                self._wanted.add(path)
                image = self.thumbnails.get(path)
                if image is not None:
                    self.map.set_thumbnail(path, image)

    def _thumbnail_ready(self, path: str) -> None:
        if self.thumbnails is None:
            return
        if path in self._wanted:
            image = self.thumbnails.get(path)
            if image is not None:
                self.map.set_thumbnail(path, image)
        for row in range(self.photos.count()):
            item = self.photos.item(row)
            if item.data(PATH_ROLE) == path:
                image = self.thumbnails.get(path)
                if image is not None:
                    item.setIcon(QIcon(QPixmap.fromImage(image)))
