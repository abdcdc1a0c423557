"""One trip: its days, each headed by its date and its stop, its photos and videos in a grid.

A file whose place was estimated (SPEC §10) carries a small mark, explained by its tooltip.  The page
renames the trip, deletes it, and splits it at a day: choose a day's heading and Split Trip Here (the
button, or the heading's context menu).  A photo's estimated place can be refused: choose its tile (or
several) and Don't Use the Estimated Place (its context menu, or Ctrl+E).  Changes go out as signals; the
window runs them as jobs.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QDesktopServices,
    QFont,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QSlider,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.service.trips import TripInfo, TripMember
from app.ui.i18n import arg, long_date, plural
from app.ui.paths import shown
from app.ui.thumbnails import Thumbnails, draw_filled
from app.ui.trip_timeline import counts_text, stop_name, when_text
from app.ui.workers import Pool

KIND, PATH, DAY, ESTIMATED = (Qt.ItemDataRole.UserRole + n for n in range(1, 5))
ESTIMATED_TIP = QT_TRANSLATE_NOOP("TripFilesModel", "Place estimated from photos taken nearby in time")


def day_stops(trip: TripInfo, day: date) -> str:
    """The stops of ``day`` ('Hangzhou', or 'Hangzhou → Jiaxing' on a day of travel)."""
    names = [stop_name(s.address) for s in trip.stops if s.first_day <= day <= s.last_day]
    return " → ".join(dict.fromkeys(names))


class TripFilesModel(QAbstractListModel):
    """Day headings (date and stop) and files, in capture order."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, date, TripMember | None]] = []
        self.trip: TripInfo | None = None

    def set_trip(self, trip: TripInfo) -> None:
        self.beginResetModel()
        self.trip = trip
        self._rows = []
        day = None
        for f in trip.files or []:
            when = date.fromisoformat(f.produce_time[:10])  # the day on the photo's own clock (SPEC §9)
            if when != day:
                day = when
                self._rows.append(("day", when, None))
            self._rows.append(("file", when, f))
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        kind, day, member = self._rows[index.row()]
        if role == KIND:
            return kind
        if role == DAY:
            return day
        if role == PATH:
            return member.path if member else None
        if role == ESTIMATED:
            return bool(member and member.estimated)
        if kind == "day" and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            stops = day_stops(self.trip, day) if self.trip else ""
            return f"{long_date(day)} · {stops}" if stops else long_date(day)
        if member is not None and role == Qt.ItemDataRole.DisplayRole:
            return shown(os.path.basename(member.path))
        if member is not None and role == Qt.ItemDataRole.ToolTipRole:
            name = shown(os.path.basename(member.path))
            return f"{name}\n{self.tr(str(ESTIMATED_TIP))}" if member.estimated else name
        return None

    def rows_of(self, path: str) -> list[int]:
        return [i for i, (_, _, m) in enumerate(self._rows) if m is not None and m.path == path]

    def day_rows(self) -> list[int]:
        return [i for i, (k, _, _) in enumerate(self._rows) if k == "day"]


class TripGridDelegate(QStyledItemDelegate):
    def __init__(self, thumbnails: Thumbnails, view: QListView) -> None:
        super().__init__(view)
        self.thumbnails, self.view, self.size = thumbnails, view, 160

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        if index.data(KIND) == "day":  # a whole row, so the grid breaks before each day
            return QSize(self.view.viewport().width() - 8, 40)
        return QSize(self.size, self.size)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        painter.save()
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if index.data(KIND) == "day":
            rect = option.rect.adjusted(2, 2, -2, -2)
            if selected:
                accent = palette.color(QPalette.ColorRole.Highlight)
                accent.setAlphaF(0.2)
                painter.fillRect(rect, accent)
            font = QFont(option.font)
            font.setWeight(QFont.Weight.Bold)
            font.setPointSizeF(font.pointSizeF() * 1.2)
            painter.setFont(font)
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            painter.drawText(rect.adjusted(6, 0, 0, -4), Qt.AlignmentFlag.AlignBottom, index.data())
        else:
            cell = option.rect.adjusted(3, 3, -3, -3)
            painter.fillRect(cell, palette.color(QPalette.ColorRole.AlternateBase))
            image = self.thumbnails.get(index.data(PATH))
            if image is not None and not image.isNull():
                draw_filled(painter, cell, image)
            if index.data(ESTIMATED):
                self._paint_badge(painter, cell)
            if selected:
                painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 3))
                painter.drawRect(cell)
        painter.restore()

    @staticmethod
    def _paint_badge(painter: QPainter, cell: QRect) -> None:
        """A small '≈' in the corner: this place was estimated, not read from the file."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        badge = QRect(cell.right() - 26, cell.top() + 6, 20, 20)
        path = QPainterPath()
        path.addEllipse(badge)
        painter.fillPath(path, QColor(0, 0, 0, 150))
        painter.setPen(QColor("white"))
        font = painter.font()
        font.setWeight(QFont.Weight.Bold)
        painter.setFont(font)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, "≈")


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
        self.viewer_pool = viewer_pool
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
        folder.clicked.connect(self._show_in_folder)
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
        self.model = TripFilesModel(self)
        self.grid = QListView()
        self.grid.setObjectName("tripGrid")
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setUniformItemSizes(False)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.grid.setModel(self.model)
        self.grid.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.grid.addAction(self.split_action)
        self.grid.addAction(self.reject_action)  # its shortcut works while the grid has the focus
        self.delegate = TripGridDelegate(thumbnails, self.grid)
        self.grid.setItemDelegate(self.delegate)
        self.grid.selectionModel().currentChanged.connect(self._current_changed)
        self.grid.selectionModel().selectionChanged.connect(self._selection_changed)
        self.zoom.valueChanged.connect(self._zoom)
        self.grid.activated.connect(self._view)
        thumbnails.ready.connect(self._thumbnail_ready)
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
        self.model.set_trip(trip)
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

    def _labels(self) -> dict[str, str]:
        pairs = (part.partition("=") for part in self.labels.text().split(","))
        return {key.strip(): value.strip() for key, sep, value in pairs if sep and key.strip()}

    def _save(self) -> None:
        if self.trip is None:
            return
        title, labels = self.title.text().strip(), self._labels()
        if (title, labels) != (self.trip.title, self.trip.custom_labels):
            self.trip = replace(self.trip, title=title, custom_labels=labels)
            self.rename.emit(self.trip.trip_id, title, labels)

    def ask_delete(self) -> None:
        if self.trip is not None and confirm_delete(self, self.trip):
            self.delete.emit(self.trip.trip_id)

    def _show_in_folder(self) -> None:
        index = self.grid.currentIndex()
        path = index.data(PATH) if index.isValid() else None
        files = (self.trip.files if self.trip else None) or []
        path = path or (files[0].path if files else "")
        if path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(os.path.dirname(path)))

    def _view(self, index: QModelIndex) -> None:
        """Open the viewer on the photo under ``index`` (double-click or Enter)."""
        from app.ui.viewer import Viewer

        path = index.data(PATH)
        if not path:
            return
        paths = [p for p in (self.model.index(r).data(PATH) for r in range(self.model.rowCount())) if p]
        self.viewer = Viewer(paths, paths.index(path), self.viewer_pool, self)
        self.viewer.show()

    def _zoom(self, size: int) -> None:
        self.delegate.size = size
        self.grid.doItemsLayout()

    def _thumbnail_ready(self, path: str) -> None:
        for row in self.model.rows_of(path):
            self.grid.update(self.model.index(row))
