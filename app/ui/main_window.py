"""The main window: folders and options on the left, the timeline of trips on the right.

Every service call that touches disk, geocoding or SQL runs as a :class:`app.ui.workers.Job` on one
of the runner's pools (the functions of :mod:`app.ui.library_jobs`); the window only shows what the
jobs report.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.progress import Progress
from app.logs import setup_logging, shown_log_path
from app.service import LEVELS, Service
from app.service.records import ClusterInfo, FileRecord, SourceRecord, TaskRecord
from app.ui import library_jobs as jobs
from app.ui.cluster_page import ClusterPage
from app.ui.i18n import arg
from app.ui.options import OptionsPanel
from app.ui.paths import dropped_paths, shown
from app.ui.thumbnails import Thumbnails
from app.ui.timeline import TimelineModel, TimelineView
from app.ui.workers import Job, JobRunner, Pool

PHASES = {
    "sample": QT_TRANSLATE_NOOP("MainWindow", "Drawing sample photos"),
    "scan": QT_TRANSLATE_NOOP("MainWindow", "Looking for photos"),
    "read": QT_TRANSLATE_NOOP("MainWindow", "Reading"),
    "save": QT_TRANSLATE_NOOP("MainWindow", "Saving"),
    "cluster": QT_TRANSLATE_NOOP("MainWindow", "Folding into trips"),
    "match": QT_TRANSLATE_NOOP("MainWindow", "Keeping your trips' names"),
    "done": QT_TRANSLATE_NOOP("MainWindow", "Done"),
}


class DropZone(QFrame):
    """The first-start screen: what Tripfold does, and where to begin."""

    def __init__(self, add_folder: Any, try_samples: Any) -> None:
        super().__init__()
        self.setObjectName("dropZone")
        self.setStyleSheet(
            "#dropZone { border: 2px dashed palette(mid); border-radius: 18px; margin: 32px; }"
        )
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel("Drop photo folders here")
        title.setStyleSheet("font-size: 26px; font-weight: 600;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = QLabel(
            "Tripfold reads when and where each photo and video was taken and folds them into trips.\n"
            "Everything stays on this computer, and your files are only ever read."
        )
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setWordWrap(True)
        button = QPushButton("Add Folder…")
        button.setObjectName("emptyAddFolder")
        button.clicked.connect(add_folder)
        button.setMinimumWidth(180)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addSpacing(12)
        layout.addWidget(button, alignment=Qt.AlignmentFlag.AlignCenter)
        samples = QPushButton("Try with sample photos")
        samples.setObjectName("trySamples")
        samples.setFlat(True)
        samples.setToolTip("Draws six small trips with real places and dates into Tripfold's own folder")
        samples.clicked.connect(try_samples)
        layout.addWidget(samples, alignment=Qt.AlignmentFlag.AlignCenter)


class MainWindow(QMainWindow):
    """Folders, options and the timeline; every library call runs as a job on the injected runner.

    Reads (the timeline, a trip, Activity) go to the read pool and run at once, even during a long
    index; writes go to the one-thread write pool, in order. One long write (indexing, clustering,
    removing a folder) is shown with progress and can be cancelled with the Cancel button or Esc;
    asking for a second one while it runs is refused with a plain message.
    """

    def __init__(self, service: Service, runner: JobRunner) -> None:
        super().__init__()
        self.service = service
        self.runner = runner
        self.long_job: Job | None = None  # the update shown in the status bar
        self.long_label = ""
        self.note = ""  # said along with every status until the current update ends
        self.tray: Any = None  # created on the first notification
        self.loaded = False  # the timeline has been filled at least once
        self.activity: Any = None
        self.setWindowTitle("Tripfold")
        self.setAcceptDrops(True)
        self.thumbnails = Thumbnails(runner.thumbnails, parent=self)
        self.model = TimelineModel(self)
        self._build()
        self._menus()
        self._restore()
        self.refresh()

    @property
    def busy(self) -> bool:
        """A library job is queued, running or still reporting (thumbnails aside)."""
        return not self.runner.idle(thumbnails=False)

    # -- layout -----------------------------------------------------------------------------------------
    def _build(self) -> None:
        side = QWidget()
        side.setMinimumWidth(260)
        left = QVBoxLayout(side)
        left.addWidget(QLabel(self.tr("<b>Folders</b>")))
        self.sources = QListWidget()
        self.sources.setObjectName("sources")
        left.addWidget(self.sources, 1)
        row = QHBoxLayout()
        buttons = (
            (self.tr("Add…"), self.add_folder_dialog, "addFolder"),
            (self.tr("Re-scan"), self.rescan_source, "rescanFolder"),
            (self.tr("Remove"), self.remove_source, "removeFolder"),
            (self.tr("Show"), self.reveal_source, "revealFolder"),
        )
        for text, slot, name in buttons:
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
        left.addLayout(row)
        left.addSpacing(8)
        left.addWidget(QLabel(self.tr("<b>Trips</b>")))
        self.options = OptionsPanel(self.service.clustering_options())
        self.options.changed.connect(self._options_changed)
        left.addWidget(self.options)
        self.update_button = QPushButton(self.tr("Update Trips"))
        self.update_button.setObjectName("update")
        self.update_button.setToolTip(
            self.tr("Read new photos in your folders and fold everything into trips (Ctrl+R)")
        )
        self.update_button.clicked.connect(self.update_all)
        left.addWidget(self.update_button)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search places and titles"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.level = QComboBox()
        self.level.addItem(self.tr("All levels"), "")
        for level in LEVELS:
            self.level.addItem(level.capitalize(), level)
        self.level.currentIndexChanged.connect(self._filter)
        tools = QHBoxLayout()
        tools.addWidget(self.search, 1)
        tools.addWidget(self.level)
        self.timeline = TimelineView(self.model, self.thumbnails)
        self.timeline.setObjectName("timeline")
        page = QWidget()
        right = QVBoxLayout(page)
        right.addLayout(tools)
        right.addWidget(self.timeline, 1)
        self.stack = QStackedWidget()
        self.empty = DropZone(self.add_folder_dialog, self.try_samples)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(page)
        self.page = ClusterPage(self.thumbnails, self.runner.thumbnails)
        self.page.back.connect(lambda: self.stack.setCurrentIndex(1))
        self.page.rename.connect(self._rename)
        self.page.delete.connect(self._delete)
        self.page.story.connect(self._story)
        self.stack.addWidget(self.page)
        self.timeline.activated.connect(self.open_cluster)

        splitter = QSplitter()
        splitter.addWidget(side)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(260)
        self.progress.hide()
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # the log's path
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancel")
        self.cancel_button.setToolTip(self.tr("Stop the current update (Esc); nothing is lost"))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(self.progress)
        bar.addWidget(self.cancel_button)
        body = QWidget()
        outer = QVBoxLayout(body)
        outer.addWidget(splitter, 1)
        outer.addLayout(bar)
        self.setCentralWidget(body)

    def _menus(self) -> None:
        def action(menu: Any, text: str, slot: Any, shortcut: Any = None) -> QAction:
            act = QAction(text, self)
            if shortcut is not None:
                act.setShortcut(shortcut)
            act.triggered.connect(slot)
            menu.addAction(act)
            return act

        file = self.menuBar().addMenu(self.tr("&File"))
        action(file, self.tr("&Add Folder…"), self.add_folder_dialog, QKeySequence.StandardKey.Open)
        action(file, self.tr("&Update Trips"), self.update_all, QKeySequence("Ctrl+R"))
        # Esc cancels the running update. The action is enabled only while one runs, and it belongs to
        # this window, so a dialog's Esc (Activity, the viewer, Create Story) still closes the dialog.
        self.cancel_action = action(
            file, self.tr("&Cancel Update"), self.cancel, QKeySequence(Qt.Key.Key_Escape)
        )
        self.cancel_action.setObjectName("cancelAction")
        self.cancel_action.setEnabled(False)
        file.addSeparator()
        action(file, self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        view = self.menuBar().addMenu(self.tr("&View"))
        action(view, self.tr("&Search"), lambda: self.search.setFocus(), QKeySequence.StandardKey.Find)
        action(view, self.tr("&Activity…"), self.show_activity, QKeySequence("Ctrl+T"))
        self.newest = action(view, self.tr("&Newest First"), lambda on: self.model.set_newest_first(on))
        self.newest.setCheckable(True)
        self.newest.setChecked(True)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        action(help_menu, self.tr("&About Tripfold"), self._about)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Tripfold"),
            self.tr("Tripfold folds your photos and videos into trips, offline."),
        )

    # -- settings ---------------------------------------------------------------------------------------
    def _restore(self) -> None:
        settings = QSettings("Tripfold", "Tripfold")
        geometry = settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 720)
        newest = bool(settings.value("newestFirst", True, type=bool))
        self.newest.setChecked(newest)
        self.model.newest_first = newest
        level = self.level.findData(settings.value("level", "", type=str))
        self.level.setCurrentIndex(max(level, 0))

    def closeEvent(self, event: Any) -> None:
        settings = QSettings("Tripfold", "Tripfold")
        settings.setValue("geometry", self.saveGeometry())
        settings.setValue("newestFirst", self.newest.isChecked())
        settings.setValue("level", self.level.currentData() or "")
        if self.long_job is not None:
            self.long_job.cancel()  # the app waits for the pools as it quits (see run)
        super().closeEvent(event)

    # -- folders ----------------------------------------------------------------------------------------
    def _dropped(self, event: QDropEvent) -> list[str]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return dropped_paths(bytes(url.toEncoded().data()).decode("ascii") for url in mime.urls())

    def _accept_as_copy(self, event: QDropEvent) -> bool:
        """Accept local files as a Copy, whatever the source proposed: Tripfold never moves a photo, and
        a Move answer would let some file managers delete what was dropped."""
        if not self._dropped(event):
            event.ignore()
            return False
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        return True

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._accept_as_copy(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self._accept_as_copy(event)

    def dropEvent(self, event: QDropEvent) -> None:
        if self._accept_as_copy(event):
            paths = self._dropped(event)
            QTimer.singleShot(0, lambda: self.add_folders(paths))  # let the drag source finish first

    def add_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add a folder of photos and videos"))
        if folder:
            self.add_folders([folder])

    def add_folders(self, paths: list[str]) -> None:
        """Add folders as sources and index them; dropped files are explained, not silently dropped."""
        folders = [p for p in paths if os.path.isdir(p)]
        files = [p for p in paths if not os.path.isdir(p)]
        note = ""
        if files:
            names = ", ".join(shown(os.path.basename(p)) for p in files[:3]) + ("…" if len(files) > 3 else "")
            if len(files) == 1:
                note = arg(self.tr("%1 was not added: drop folders, not single files."), names)
            else:
                note = arg(self.tr("%1 were not added: drop folders, not single files."), names)
            self.status.setText(note)
        if folders:
            options = self.options.options()
            label = arg(self.tr("Adding %1 folder(s)", "", len(folders)), len(folders))
            self._long(
                lambda **kw: jobs.index_and_cluster(self.service, folders, options, **kw), label, note=note
            )

    def try_samples(self) -> None:
        options = self.options.options()
        self._long(lambda **kw: jobs.samples_and_cluster(self.service, options, **kw),
                   self.tr("Drawing sample photos"))  # fmt: skip

    def remove_source(self) -> None:
        item = self.sources.currentItem()
        if item is None:
            return
        path = item.data(Qt.ItemDataRole.UserRole)
        answer = QMessageBox.question(
            self, self.tr("Remove folder"),
            arg(self.tr("Remove %1 from the library?\n\nIts photos and videos stay where they are; Tripfold "
                        "only forgets them, and trips are updated."), shown(path)),
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Yes:
            options = self.options.options()
            self._long(lambda **kw: jobs.remove_and_cluster(self.service, path, options, **kw),
                       self.tr("Removing folder"))  # fmt: skip

    def rescan_source(self) -> None:
        """Read the chosen folder again (only new and changed files are read) and re-fold the trips."""
        item = self.sources.currentItem()
        if item is None:
            self.status.setText(
                self.tr("Choose a folder in the list to re-scan it; Update Trips re-scans them all.")
            )
            return
        path = item.data(Qt.ItemDataRole.UserRole)
        options = self.options.options()
        self._long(lambda **kw: jobs.index_and_cluster(self.service, [path], options, **kw),
                   arg(self.tr("Re-scanning %1"), shown(os.path.basename(path))))  # fmt: skip

    def reveal_source(self) -> None:
        item = self.sources.currentItem()
        if item is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(item.data(Qt.ItemDataRole.UserRole)))

    def update_all(self) -> None:
        folders = [self.sources.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.sources.count())]
        if not folders:
            self.status.setText(self.tr("Add a folder first: drop it here or use File › Add Folder…"))
            return
        options = self.options.options()
        self._long(lambda **kw: jobs.index_and_cluster(self.service, folders, options, **kw),
                   self.tr("Updating trips"))  # fmt: skip

    # -- jobs -------------------------------------------------------------------------------------------
    def _job(self, pool: Pool, work: Any, then: Any, name: str) -> Job:
        """Start ``work`` on ``pool``; ``then`` gets its result on the GUI thread."""
        job = Job(work, name=name, close=self.service.close_connection)
        job.signals.done.connect(then)
        job.signals.failed.connect(self._failed)
        pool.start(job)
        return job

    def _read(self, work: Any, then: Any, name: str) -> Job:
        return self._job(self.runner.read, lambda **_: work(), then, name)

    def _long(self, work: Any, label: str, note: str = "") -> None:
        """Start an update on the write pool, shown with progress and cancellable (Cancel, Esc)."""
        if self.long_job is not None:
            self.status.setText(
                arg(
                    self.tr("Tripfold is busy: %1. Wait for it to finish, or press Esc to cancel it."),
                    self.long_label,
                )
            )
            return
        job = self.long_job = Job(work, name=label, close=self.service.close_connection)
        self.long_label, self.note = label, note
        job.signals.started.connect(lambda: self._say(label + "…"))
        job.signals.progress.connect(self._progress)
        job.signals.done.connect(self._updated)
        job.signals.failed.connect(self._failed)
        job.signals.cancelled.connect(self._cancelled)
        job.signals.finished.connect(lambda: self._finish(job))
        self._say(self.tr("Waiting for other work to finish…"))
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.cancel_action.setEnabled(True)
        self.update_button.setEnabled(False)
        self.runner.write.start(job)

    def _say(self, text: str) -> None:
        self.status.setText(f"{text} ({self.note})" if self.note else text)

    def cancel(self) -> None:
        if self.long_job is not None:
            self.long_job.cancel()
            self.status.setText(self.tr("Cancelling…"))

    def _progress(self, p: Progress) -> None:
        phase = (
            QCoreApplication.translate("MainWindow", str(PHASES[p.phase])) if p.phase in PHASES else p.phase
        )
        if p.total:
            self.progress.setRange(0, p.total)
            self.progress.setValue(p.done)
            if p.phase == "read":
                what = arg(self.tr("%1 of %2 photos and videos"), p.done, p.total)
            else:
                what = arg(self.tr("%1 of %2"), p.done, p.total)
        else:
            self.progress.setRange(0, 0)
            what = arg(self.tr("%1 found"), p.done) if p.phase == "scan" else ""
        where = f" · {shown(p.current)}" if p.current else ""
        self._say(f"{phase} {what}{where}".strip())

    def _finish(self, job: Job) -> None:
        if self.long_job is not job:
            return
        self.long_job = None
        self.note = ""
        self.progress.hide()
        self.cancel_button.hide()
        self.cancel_action.setEnabled(False)
        self.update_button.setEnabled(self.options.options() is not None)

    def _options_changed(self, options: Any) -> None:
        self.update_button.setEnabled(options is not None and self.long_job is None)

    def _updated(self, update: jobs.Update) -> None:
        self._loaded(update.view)
        if update.cancelled:
            self._cancelled()
            return
        locale = QLocale()
        parts = []
        if update.indexed is not None:
            indexed = update.indexed
            parts.append(arg(self.tr("%1 read, %2 unchanged"), indexed.read, indexed.unchanged))
            if indexed.failed:
                parts.append(arg(self.tr("%1 could not be read"), len(indexed.failed)))
        if update.clustered is not None:
            created = update.clustered.result.get("ClustersCreated", 0)
            parts.append(
                arg(self.tr("%1 trips (%2 new)"), self.model.cluster_count(), locale.toString(created))
            )
        summary = arg(self.tr("Done: %1."), "; ".join(parts))
        self._say(summary)
        self._notify(summary)

    def _cancelled(self) -> None:
        self._say(self.tr("Cancelled. Nothing was lost; Update Trips finishes the work."))

    def _failed(self, message: str) -> None:
        self.status.setText(
            arg(self.tr("Something went wrong: %1. Details are in %2."), message, shown_log_path())
        )

    def _notify(self, message: str) -> None:
        """Tell a user who switched away that the long work is finished (SPEC §7's notification)."""
        if self.isActiveWindow():
            return
        from PySide6.QtWidgets import QSystemTrayIcon

        if QSystemTrayIcon.isSystemTrayAvailable():
            if self.tray is None:
                self.tray = QSystemTrayIcon(self.windowIcon(), self)
            self.tray.show()
            self.tray.showMessage("Tripfold", message)
        QApplication.alert(self)

    def refresh(self) -> None:
        """Load clusters and folders on the read pool."""
        self._read(lambda: jobs.library_view(self.service), self._loaded, "load the timeline")

    def _loaded(self, view: jobs.LibraryView) -> None:
        showing_page = self.stack.currentWidget() is self.page
        self._show(view.clusters, view.sources)
        if showing_page:
            self.stack.setCurrentWidget(self.page)

    def _show(self, clusters: list[ClusterInfo], sources: list[SourceRecord]) -> None:
        self.sources.clear()
        locale = QLocale()
        for source in sources:
            path = shown(source.path)
            self.sources.addItem(f"{os.path.basename(path) or path}  ({locale.toString(source.file_count)})")
            item = self.sources.item(self.sources.count() - 1)
            item.setData(Qt.ItemDataRole.UserRole, source.path)
            item.setToolTip(path)
        self.model.set_clusters(clusters)
        self.stack.setCurrentIndex(1 if clusters else 0)
        self.loaded = True

    # -- one trip ---------------------------------------------------------------------------------------
    def open_cluster(self, index: Any) -> None:
        """Open the trip under ``index`` (double-click or Enter on a card), even while an update runs."""
        from app.ui.timeline import CLUSTER

        cluster: ClusterInfo | None = index.data(CLUSTER)
        if cluster is None:
            return
        object_id = cluster.object_id
        self._read(lambda: jobs.open_cluster(self.service, object_id), self._opened, "open a trip")

    def _opened(self, cluster: ClusterInfo | None) -> None:
        if cluster is not None:
            self.page.show_cluster(cluster)
            self.stack.setCurrentWidget(self.page)

    def _rename(self, object_id: str, title: str, labels: dict[str, str]) -> None:
        """Saved on the write pool, after any update that runs (never at the same time)."""

        def work(**_: Any) -> jobs.LibraryView:
            self.service.update_location_date_cluster(object_id, title=title, custom_labels=labels)
            return jobs.library_view(self.service)

        self._job(self.runner.write, work, self._loaded, "rename a trip")

    def _delete(self, object_id: str) -> None:
        def work(**_: Any) -> jobs.LibraryView:
            self.service.delete_location_date_cluster(object_id)
            return jobs.library_view(self.service)

        self._job(self.runner.write, work, self._deleted, "delete a trip")

    def _deleted(self, view: jobs.LibraryView) -> None:
        self._show(view.clusters, view.sources)
        self.status.setText(self.tr("Trip deleted. Its photos and videos are where they were."))

    def show_activity(self) -> None:
        """Tasks and unreadable files, loaded on the read pool (at once, even during an update)."""
        self._read(lambda: jobs.activity(self.service), self._show_activity, "load Activity")

    def _show_activity(self, loaded: tuple[list[TaskRecord], list[FileRecord]]) -> None:
        from app.ui.tasks_view import TasksDialog

        self.activity = TasksDialog(*loaded, parent=self)
        self.activity.show()

    def _story(self, object_id: str) -> None:
        from app.ui.story_dialog import StoryDialog

        cluster = self.page.cluster
        if cluster is None or cluster.object_id != object_id:
            return
        self.story_dialog = StoryDialog(self.service, cluster, self.runner, self)
        self.story_dialog.show()

    def _filter(self) -> None:
        self.model.set_filter(self.level.currentData() or "", self.search.text())


def run(library: str | None, screenshot: str | None = None) -> int:
    if screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    setup_logging()
    existing = QApplication.instance()  # a test's, or one made before
    app = QApplication(sys.argv[:1]) if existing is None else cast(QApplication, existing)
    app.setApplicationName("Tripfold")
    icon = Path(__file__).resolve().parents[2] / "resources" / "tripfold.svg"
    if icon.exists():
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))
    service = Service(library)
    runner = JobRunner.threaded()
    window = MainWindow(service, runner)
    if screenshot:
        window.resize(1200, 800)  # the same picture whatever size the window was last left at
    window.show()
    if screenshot:
        waited = [0]

        def grab_when_ready() -> None:
            waited[0] += 1
            settled = window.loaded and not window.busy and window.thumbnails.pending == 0
            if settled or waited[0] > 200:
                window.grab().save(str(Path(screenshot)))
                app.quit()
            else:
                QTimer.singleShot(50, grab_when_ready)

        QTimer.singleShot(100, grab_when_ready)
    code = app.exec()
    runner.shutdown()  # cancel and wait: no job may report into a window being torn down
    service.close()
    return code
