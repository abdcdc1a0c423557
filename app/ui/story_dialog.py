"""Create Story: see the highlights Tripfold picked, swap photos in or out, choose the cover, the formats
and where to write them, then watch it being made.  A story is made from a trip or from a place's
cluster alike: the dialog knows either only by its id, its caption and its number of files."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from app.core import exporters
from app.logs import shown_log_path
from app.service import Service
from app.service.records import ClusterInfo, HighlightPreview, TaskRecord
from app.service.trips import TripInfo
from app.ui.i18n import arg, display_language
from app.ui.paths import local_path, shown
from app.ui.thumbnails import Thumbnails
from app.ui.workers import Job, JobRunner, Pool

PATH = Qt.ItemDataRole.UserRole + 1  # each item's file
KIND = Qt.ItemDataRole.UserRole + 2  # "photo" or "video"


def exported_folders(task: TaskRecord) -> list[tuple[str, str]]:
    """(format, folder) of each export a story task made.

    The task's result is the one place the service still names a folder by ``file:`` URI (its
    ``Exports``, as IMM's task result carries them); it becomes a path here and nowhere else.
    """
    return [(e["Format"], local_path(e["URI"])) for e in task.result.get("Exports", [])]


@dataclass(frozen=True)
class StorySource:
    """What the dialog needs of a trip or a place: the id the service takes (a TripId or a cluster's
    ObjectId), the caption its title shows, and how many files it has (the default "at most")."""

    object_id: str
    caption: str
    file_count: int


def story_source(of: ClusterInfo | TripInfo | StorySource) -> StorySource:
    if isinstance(of, StorySource):
        return of
    if isinstance(of, TripInfo):
        return StorySource(of.trip_id, of.caption, of.file_count)
    return StorySource(of.object_id, of.caption, of.file_count)


class StoryDialog(QDialog):
    """Picks on the runner's read pool, makes the story on its write pool (after any running update)."""

    def __init__(
        self, service: Service, source: ClusterInfo | TripInfo | StorySource, runner: JobRunner,
        parent: Any = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.service, self.source, self.runner = service, story_source(source), runner
        self.job: Job | None = None
        self.cover = ""  # the path of the story's cover
        self.result_folder = ""
        self.setWindowTitle(arg(self.tr("Create Story — %1"), self.source.caption))
        self.resize(900, 640)
        self.thumbnails = Thumbnails(runner.thumbnails, parent=self)
        self.thumbnails.ready.connect(self._thumbnail)
        self.min_files, self.max_files = QSpinBox(), QSpinBox()
        self.min_files.setRange(2, 1500)
        self.min_files.setValue(5)
        self.max_files.setRange(2, 1500)
        self.max_files.setValue(min(40, max(5, self.source.file_count)))
        again = QPushButton(self.tr("Pick Again"))
        again.clicked.connect(self.pick)
        counts = QHBoxLayout()
        for text, widget in ((self.tr("At least"), self.min_files), (self.tr("at most"), self.max_files)):
            counts.addWidget(QLabel(text))
            counts.addWidget(widget)
        counts.addWidget(QLabel(self.tr("photos and videos")))
        counts.addStretch(1)
        counts.addWidget(again)
        self.grid = QListWidget()
        self.grid.setObjectName("highlights")
        self.grid.setViewMode(QListWidget.ViewMode.IconMode)
        self.grid.setIconSize(QSize(150, 112))
        self.grid.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.grid.setMovement(QListWidget.Movement.Static)
        self.grid.setSpacing(6)
        self.grid.itemChanged.connect(self._count)
        cover = QPushButton(self.tr("Use as Cover"))
        cover.setObjectName("useAsCover")
        cover.clicked.connect(self._set_cover)
        self.summary = QLabel()
        self.summary.setObjectName("storySummary")
        labels = {
            "album": self.tr("Album folder (copies)"), "web": self.tr("Web page"),
            "reel": self.tr("Video reel (MP4)"),
        }  # fmt: skip
        self.formats = {e.name: QCheckBox(labels.get(e.name, e.label)) for e in exporters.EXPORTERS}
        for name, box in self.formats.items():
            box.setObjectName(f"format-{name}")
            box.setEnabled(False)  # until the picking job has checked what this machine can make
        self.formats["album"].setChecked(True)
        self.hardlink = QCheckBox(self.tr("Hard links instead of copies (same disk, no extra space)"))
        self.dest = QLineEdit(str(Path.home() / "Pictures" / "Tripfold Stories"))
        self.dest.setObjectName("destination")
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._browse)
        self.progress = QProgressBar()
        self.progress.hide()
        self.status = QLabel(self.tr("Picking the highlights…"))
        self.status.setObjectName("storyStatus")
        self.create_button = QPushButton(self.tr("Create Story"))
        self.create_button.setObjectName("createStoryButton")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.make)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self._cancel)
        self.open_button = QPushButton(self.tr("Open Folder"))
        self.open_button.setObjectName("openResult")
        self.open_button.hide()
        self.open_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(self.result_folder))
        )
        layout = QVBoxLayout(self)
        layout.addLayout(counts)
        layout.addWidget(
            QLabel(
                self.tr(
                    "Checked photos go into the story; uncheck one to leave it out, check another to add it."
                )
            )
        )
        layout.addWidget(self.grid, 1)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(cover)
        layout.addLayout(row)
        formats = QHBoxLayout()
        for box in self.formats.values():
            formats.addWidget(box)
        formats.addStretch(1)
        layout.addLayout(formats)
        layout.addWidget(self.hardlink)
        where = QHBoxLayout()
        where.addWidget(QLabel(self.tr("Into")))
        where.addWidget(self.dest, 1)
        where.addWidget(browse)
        layout.addLayout(where)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.progress)
        for button in (self.open_button, self.cancel_button, self.create_button):
            bottom.addWidget(button)
        layout.addLayout(bottom)
        self.pick()

    # -- picking ----------------------------------------------------------------------------------------
    def pick(self) -> None:
        options = {
            "min_files": min(self.min_files.value(), self.max_files.value()),
            "max_files": self.max_files.value(),
        }

        def work(*, progress: Any, cancel: Any) -> tuple[HighlightPreview, dict[str, str]]:
            preview = self.service.preview_highlights(
                self.source.object_id, progress=progress, cancel=cancel, **options
            )
            # whether each format can be made here loads PyAV and FFmpeg: off the GUI thread
            return preview, {e.name: e.unavailable() for e in exporters.EXPORTERS}

        self._run(self.runner.read, work, self._picked, self.tr("Picking the highlights…"))

    def _picked(self, picked: tuple[HighlightPreview, dict[str, str]]) -> None:
        """Show the candidates, the chosen ones checked; ``unavailable`` gives each format's reason."""
        preview, unavailable = picked
        for name, reason in unavailable.items():
            box = self.formats[name]
            box.setEnabled(not reason)
            if reason:
                box.setChecked(False)
                box.setToolTip(arg(self.tr("Not available on this computer: %1"), reason))
        chosen = set(preview.chosen)
        self.cover = preview.cover_path or ""
        self.grid.blockSignals(True)
        self.grid.clear()
        for path, kind in preview.candidates:
            item = QListWidgetItem("")
            item.setData(PATH, path)
            item.setData(KIND, kind)
            item.setToolTip(os.path.basename(path))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if path in chosen else Qt.CheckState.Unchecked)
            item.setSizeHint(QSize(164, 136))
            self.grid.addItem(item)
            self._thumbnail(path)
        self.grid.blockSignals(False)
        self._count()
        self.status.setText(preview.message or self.tr("Ready."))

    def chosen(self) -> list[str]:
        items = (self.grid.item(i) for i in range(self.grid.count()))
        return [item.data(PATH) for item in items if item.checkState() == Qt.CheckState.Checked]

    def _count(self) -> None:
        count = len(self.chosen())
        self.summary.setText(
            arg(self.tr("%1 of %2 chosen · cover marked ★"), QLocale().toString(count),
                QLocale().toString(self.grid.count()))
        )  # fmt: skip
        for i in range(self.grid.count()):
            item = self.grid.item(i)
            cover = item.data(PATH) == self.cover
            item.setText(self.tr("★ cover") if cover else "")
            # what a screen reader says of a thumbnail: which file, photo or video, chosen, the cover
            what = self.tr("Video") if item.data(KIND) == "video" else self.tr("Photo")
            said = arg(self.tr("%1 %2"), what, os.path.basename(item.data(PATH)))
            if cover:
                said = arg(self.tr("%1, the cover"), said)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, said)
        self.create_button.setEnabled(self.job is None and count >= 2)

    def _set_cover(self) -> None:
        item = self.grid.currentItem()
        if item is not None:
            item.setCheckState(Qt.CheckState.Checked)
            self.cover = item.data(PATH)
            self._count()

    def _thumbnail(self, path: str) -> None:
        image = self.thumbnails.get(path)
        if image is None or image.isNull():
            return
        for i in range(self.grid.count()):
            item = self.grid.item(i)
            if item.data(PATH) == path:
                item.setIcon(QIcon(QPixmap.fromImage(image)))

    def _browse(self) -> None:
        title = self.tr("Where should the story go?")
        folder = QFileDialog.getExistingDirectory(self, title, self.dest.text())
        if folder:
            self.dest.setText(folder)

    # -- making -----------------------------------------------------------------------------------------
    def make(self) -> None:
        formats = [key for key, box in self.formats.items() if box.isChecked()]
        if not formats:
            self.status.setText(self.tr("Choose at least one format: album, web page or video reel."))
            return
        files, cover = self.chosen(), self.cover if self.cover in self.chosen() else None
        options = {
            "formats": formats, "hardlink": self.hardlink.isChecked(), "files": files, "cover": cover,
            "min_files": 2, "max_files": max(2, len(files)), "language": display_language(),
        }  # fmt: skip
        dest = self.dest.text()

        def work(*, progress: Any, cancel: Any) -> TaskRecord:
            return self.service.create_story(
                self.source.object_id, dest, progress=progress, cancel=cancel, **options
            )

        self._run(
            self.runner.write, work, self._made, self.tr("Making the story…"),
            waiting=self.tr("Waiting for Tripfold's current update to finish…"),
        )  # fmt: skip

    def _made(self, task: TaskRecord) -> None:
        if task.status != "Succeeded":
            self.status.setText(task.message or task.status)
            return
        exports = exported_folders(task)
        self.result_folder = exports[0][1] if exports else ""
        self.open_button.setVisible(bool(self.result_folder))
        where = self.tr(", ").join(
            arg(self.tr("%1: %2"), self._format_name(fmt), shown(Path(folder).name))
            for fmt, folder in exports
        )
        self.status.setText(arg(self.tr("Done — %1. Your photos were only read."), where))

    def _format_name(self, key: str) -> str:
        """A format as its checkbox names it ("Album folder (copies)"), not by its key."""
        box = self.formats.get(key)
        return box.text().replace("&", "") if box is not None else key

    def _run(self, pool: Pool, work: Any, then: Any, label: str, waiting: str | None = None) -> None:
        if self.job is not None:
            return
        job = self.job = Job(work, name="story", close=self.service.close_connection)
        job.signals.started.connect(lambda: self.status.setText(label))
        job.signals.progress.connect(self._progress)
        job.signals.done.connect(lambda result: self._finish(then, result))
        job.signals.failed.connect(lambda message: self._finish(self._failed, message))
        job.signals.cancelled.connect(lambda: self._finish(self._cancelled, None))
        self.status.setText(waiting or label)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.create_button.setEnabled(False)
        pool.start(job)

    def _progress(self, p: Any) -> None:
        if p.total:
            self.progress.setRange(0, p.total)
            self.progress.setValue(p.done)
        words = {
            "judge": self.tr("Looking at %1 of %2"),
            "album": self.tr("Copying %1 of %2"),
            "web": self.tr("Writing the web page: %1 of %2"),
            "reel": self.tr("Making the reel: %1 of %2"),
        }
        self.status.setText(arg(words.get(p.phase, self.tr("%1 of %2")), p.done, p.total))

    def _finish(self, then: Any, result: Any) -> None:
        self.job = None
        self.progress.hide()
        then(result)
        self._count()

    def _failed(self, message: str) -> None:
        self.status.setText(
            arg(self.tr("Something went wrong: %1. Details are in %2."), message, shown_log_path())
        )

    def _cancelled(self, _: Any) -> None:
        self.status.setText(self.tr("Cancelled; nothing half-made is left behind."))

    def _cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.status.setText(self.tr("Cancelling… nothing half-made is left behind."))
        else:
            super().reject()

    def reject(self) -> None:
        """Esc (or the Cancel button) stops the running job first; with none running it closes."""
        self._cancel()
