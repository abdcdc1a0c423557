"""One trip: its days, each headed by its date and its stop, its photos and videos in a grid.

A file whose place was estimated (SPEC §10) carries a small mark, explained by its tooltip.  The page
renames the trip, deletes it, and splits it at a day: choose a day's heading and Split Trip Here (the
button, or the heading's context menu).  A photo's estimated place can be refused: choose its tile (or
several) and Don't Use the Estimated Place (its context menu, or Ctrl+E).  Changes go out as signals; the
window runs them as jobs.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from app.service.trips import TripInfo
from app.ui.i18n import arg, long_date, plural
from app.ui.photo_grid import DAY, ESTIMATED, KIND, PATH, PhotoGrid, parse_labels
from app.ui.thumbnails import Thumbnails
from app.ui.trip_timeline import counts_text, stop_name, when_text
from app.ui.workers import Pool


def day_stops(trip: TripInfo, day: date) -> str:
    """The stops of ``day`` ('Hangzhou', or 'Hangzhou → Jiaxing' on a day of travel)."""
    names = [stop_name(s.address) for s in trip.stops if s.first_day <= day <= s.last_day]
    return " → ".join(dict.fromkeys(names))


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
    one = QCoreApplication.translate("TripPage", "Don't use the estimated place of this photo?")
    many = QCoreApplication.translate("TripPage", "Don't use the estimated places of these %1 photos?")
    why = QCoreApplication.translate(
        "TripPage",
        "The photo itself is never changed: Tripfold only forgets the place it guessed from photos taken "
        "nearby in time, and later updates will not guess it again. A photo without a place leaves the trip.",
    )
    title = QCoreApplication.translate("TripPage", "Estimated place")
    text = f"{plural(one, many, count)}\n\n{why}"
    return QMessageBox.question(parent, title, text) == QMessageBox.StandardButton.Yes


class TripPage(QWidget):
    """Emits :attr:`back` to return to the timeline; changes go through the window's service jobs."""

    back = Signal()
    rename = Signal(str, str, dict)  # trip id, title, labels
    delete = Signal(str)
    split = Signal(str, object)  # trip id, the first day of the new trip (a date)
    reject_estimates = Signal(str, list)  # trip id, the files whose estimated place is refused

    def __init__(self, thumbnails: Thumbnails, viewer_pool: Pool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.trip: TripInfo | None = None
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
        delete = QPushButton(self.tr("Delete Trip…"))
        delete.setObjectName("deleteTrip")
        delete.setShortcut(Qt.Key.Key_Delete)
        delete.setToolTip(self.tr("Delete this trip (Del); its photos and videos are not touched"))
        delete.clicked.connect(self.ask_delete)
        self.zoom = QSlider(Qt.Orientation.Horizontal)
        self.zoom.setRange(96, 320)
        self.zoom.setValue(160)
        self.zoom.setMaximumWidth(140)
        self.zoom.setToolTip(self.tr("Thumbnail size"))
        top = QHBoxLayout()
        top.addWidget(back)
        top.addWidget(self.title, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.zoom)
        actions.addStretch(1)
        for widget in (folder, split, delete):
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
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.labels)
        layout.addWidget(self.when)
        layout.addLayout(actions)
        layout.addWidget(self.grid, 1)

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

    def ask_delete(self) -> None:
        if self.trip is not None and confirm_delete(self, self.trip):
            self.delete.emit(self.trip.trip_id)
