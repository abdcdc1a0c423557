"""One trip: its photos and videos by day in a thumbnail grid, its title and labels, delete, reveal."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
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

from app.service.records import ClusterInfo, ClusterMember
from app.ui.paths import shown
from app.ui.thumbnails import Thumbnails, draw_filled
from app.ui.workers import Pool

KIND, PATH = Qt.ItemDataRole.UserRole + 1, Qt.ItemDataRole.UserRole + 2


class FilesModel(QAbstractListModel):
    """Day headers and files, in capture order."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str]] = []

    def set_files(self, files: list[ClusterMember]) -> None:
        self.beginResetModel()
        self._rows = []
        day = None
        for f in files:
            if f.produce_time[:10] != day:  # the day on the photo's own clock (SPEC §9)
                day = f.produce_time[:10]
                self._rows.append(("day", day))
            self._rows.append(("file", f.path))
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        kind, value = self._rows[index.row()]
        if role == KIND:
            return kind
        if role == PATH:
            return value if kind == "file" else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if kind == "day":
                day = date.fromisoformat(value)
                return f"{day:%A, %B} {day.day}, {day.year}"
            return shown(os.path.basename(value))
        return None

    def rows_of(self, path: str) -> list[int]:
        return [i for i, (k, v) in enumerate(self._rows) if k == "file" and v == path]


class GridDelegate(QStyledItemDelegate):
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
        if index.data(KIND) == "day":
            font = QFont(option.font)
            font.setWeight(QFont.Weight.Bold)
            font.setPointSizeF(font.pointSizeF() * 1.2)
            painter.setFont(font)
            painter.setPen(option.palette.color(QPalette.ColorRole.Text))
            painter.drawText(option.rect.adjusted(8, 0, 0, -4), Qt.AlignmentFlag.AlignBottom, index.data())
        else:
            cell = option.rect.adjusted(3, 3, -3, -3)
            painter.fillRect(cell, option.palette.color(QPalette.ColorRole.AlternateBase))
            image = self.thumbnails.get(index.data(PATH))
            if image is not None and not image.isNull():
                draw_filled(painter, cell, image)
            if option.state & QStyle.StateFlag.State_Selected:
                pen = QPen(option.palette.color(QPalette.ColorRole.Highlight), 3)
                painter.setPen(pen)
                painter.drawRect(cell)
        painter.restore()


class ClusterPage(QWidget):
    """Emits :attr:`back` to return to the timeline; changes go through the window's service jobs."""

    back = Signal()
    rename = Signal(str, str, dict)  # object id, title, labels
    delete = Signal(str)
    story = Signal(str)

    def __init__(self, thumbnails: Thumbnails, viewer_pool: Pool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cluster: ClusterInfo | None = None
        self.viewer_pool = viewer_pool  # the viewer decodes its large pictures there
        back = QPushButton("‹ Trips")
        back.setObjectName("back")
        back.setShortcut(Qt.Key.Key_Backspace)
        back.setToolTip("Back to the timeline (Backspace)")
        back.clicked.connect(self.back)
        self.title = QLineEdit()
        self.title.setObjectName("clusterTitle")
        self.title.setPlaceholderText("Name this trip")
        self.title.setStyleSheet("font-size: 20px; font-weight: 600;")
        self.title.editingFinished.connect(self._save)
        self.labels = QLineEdit()
        self.labels.setObjectName("clusterLabels")
        self.labels.setPlaceholderText("Labels: who=family, mood=sunny")
        self.labels.editingFinished.connect(self._save)
        self.when = QLabel()
        self.when.setObjectName("clusterWhen")
        folder = QPushButton("Show in Folder")
        folder.clicked.connect(self._show_in_folder)
        story = QPushButton("Create Story…")
        story.setObjectName("createStory")
        story.setToolTip("Pick the best photos of this trip for an album, a web page or a video")
        story.clicked.connect(self._story)
        delete = QPushButton("Delete Trip…")
        delete.setObjectName("deleteCluster")
        delete.setShortcut(Qt.Key.Key_Delete)
        delete.setToolTip("Delete this trip (Del); its photos and videos are not touched")
        delete.clicked.connect(self._delete)
        self.zoom = QSlider(Qt.Orientation.Horizontal)
        self.zoom.setRange(96, 320)
        self.zoom.setValue(160)
        self.zoom.setMaximumWidth(160)
        self.zoom.setToolTip("Thumbnail size")
        top = QHBoxLayout()
        top.addWidget(back)
        top.addWidget(self.title, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.when, 1)
        for widget in (self.zoom, folder, story, delete):
            actions.addWidget(widget)
        self.model = FilesModel(self)
        self.grid = QListView()
        self.grid.setObjectName("clusterGrid")
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setUniformItemSizes(False)
        self.grid.setModel(self.model)
        self.delegate = GridDelegate(thumbnails, self.grid)
        self.grid.setItemDelegate(self.delegate)
        self.zoom.valueChanged.connect(self._zoom)
        self.grid.activated.connect(self._view)
        thumbnails.ready.connect(self._thumbnail_ready)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.labels)
        layout.addLayout(actions)
        layout.addWidget(self.grid, 1)

    def show_cluster(self, cluster: ClusterInfo) -> None:
        """Show ``cluster``, read with its files (a record without them shows an empty grid)."""
        self.cluster = cluster
        self.title.setText(cluster.title)
        self.title.setPlaceholderText(cluster.place_caption + " — name this trip")
        self.labels.setText(", ".join(f"{k}={v}" for k, v in cluster.custom_labels.items()))
        place = cluster.place_caption if cluster.title else ""
        self.when.setText(" · ".join(p for p in (place, cluster.date_range_text, cluster.days_text,
                                                  cluster.counts_text) if p))  # fmt: skip
        self.model.set_files(cluster.files or [])

    def _labels(self) -> dict[str, str]:
        pairs = (part.partition("=") for part in self.labels.text().split(","))
        return {key.strip(): value.strip() for key, sep, value in pairs if sep and key.strip()}

    def _save(self) -> None:
        if self.cluster is None:
            return
        title, labels = self.title.text().strip(), self._labels()
        if (title, labels) != (self.cluster.title, self.cluster.custom_labels):
            self.cluster = replace(self.cluster, title=title, custom_labels=labels)
            self.rename.emit(self.cluster.object_id, title, labels)

    def _story(self) -> None:
        if self.cluster is not None:
            self.story.emit(self.cluster.object_id)

    def _delete(self) -> None:
        if self.cluster is None:
            return
        answer = QMessageBox.question(
            self, "Delete trip",
            f"Delete the trip “{self.cluster.caption}”?\n\nNo photo or video is touched: Tripfold only "
            "forgets this grouping, and later updates will not bring it back.",
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Yes:
            self.delete.emit(self.cluster.object_id)

    def _show_in_folder(self) -> None:
        index = self.grid.currentIndex()
        path = index.data(PATH) if index.isValid() else None
        files = (self.cluster.files if self.cluster else None) or []
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
