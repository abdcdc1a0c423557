"""One trip: its photos and videos by day in a thumbnail grid, its title and labels, delete, reveal."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import (
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.service.records import ClusterInfo
from app.ui.i18n import arg, long_date
from app.ui.photo_grid import PhotoGrid, parse_labels, zoom_slider
from app.ui.thumbnails import Thumbnails
from app.ui.timeline import cluster_when, media_text
from app.ui.workers import Pool


def day_heading(day: date) -> str:
    return long_date(day)


class ClusterPage(QWidget):
    """Emits :attr:`back` to return to the timeline; changes go through the window's service jobs."""

    back = Signal()
    rename = Signal(str, str, dict)  # object id, title, labels
    delete = Signal(str)
    story = Signal(str)

    def __init__(self, thumbnails: Thumbnails, viewer_pool: Pool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cluster: ClusterInfo | None = None
        back = QPushButton(self.tr("‹ Trips"))
        back.setObjectName("back")
        back.setShortcut(Qt.Key.Key_Backspace)
        back.setToolTip(self.tr("Back to the timeline (Backspace)"))
        back.clicked.connect(self.back)
        self.title = QLineEdit()
        self.title.setObjectName("clusterTitle")
        self.title.setPlaceholderText(self.tr("Name this trip"))
        self.title.setStyleSheet("font-size: 20px; font-weight: 600;")
        self.title.editingFinished.connect(self._save)
        self.labels = QLineEdit()
        self.labels.setObjectName("clusterLabels")
        self.labels.setPlaceholderText(self.tr("Labels: who=family, mood=sunny"))
        self.labels.editingFinished.connect(self._save)
        self.when = QLabel()
        self.when.setObjectName("clusterWhen")
        folder = QPushButton(self.tr("Show in Folder"))
        story = QPushButton(self.tr("Create Story…"))
        story.setObjectName("createStory")
        story.setToolTip(self.tr("Pick the best photos of this trip for an album, a web page or a video"))
        story.clicked.connect(self._story)
        delete = QPushButton(self.tr("Delete Trip…"))
        delete.setObjectName("deleteCluster")
        delete.setShortcut(Qt.Key.Key_Delete)
        delete.setToolTip(self.tr("Delete this trip (Del); its photos and videos are not touched"))
        delete.clicked.connect(self._delete)
        self.zoom = zoom_slider(self)
        top = QHBoxLayout()
        top.addWidget(back)
        top.addWidget(self.title, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.when, 1)
        for widget in (self.zoom, folder, story, delete):
            actions.addWidget(widget)
        self.grid = PhotoGrid(thumbnails, viewer_pool, self)
        self.model = self.grid.files
        folder.clicked.connect(self.grid.show_in_folder)
        self.grid.setObjectName("clusterGrid")
        self.zoom.valueChanged.connect(self.grid.zoom)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.labels)
        layout.addLayout(actions)
        layout.addWidget(self.grid, 1)

    def show_cluster(self, cluster: ClusterInfo) -> None:
        """Show ``cluster``, read with its files (a record without them shows an empty grid)."""
        self.cluster = cluster
        self.title.setText(cluster.title)
        self.title.setPlaceholderText(arg(self.tr("%1 — name this trip"), cluster.place_caption))
        self.labels.setText(", ".join(f"{k}={v}" for k, v in cluster.custom_labels.items()))
        place = cluster.place_caption if cluster.title else ""
        self.when.setText(" · ".join(p for p in (place, cluster_when(cluster), media_text(cluster)) if p))
        self.model.set_files(cluster.files or [], day_heading)

    def _save(self) -> None:
        if self.cluster is None:
            return
        title, labels = self.title.text().strip(), parse_labels(self.labels.text())
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
            self, self.tr("Delete trip"),
            arg(self.tr("Delete the trip “%1”?\n\nNo photo or video is touched: Tripfold only forgets this "
                        "grouping, and later updates will not bring it back."), self.cluster.caption),
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Yes:
            self.delete.emit(self.cluster.object_id)
