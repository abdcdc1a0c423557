"""The main window: folders and options on the left, the timeline of trips on the right.

Every service call that touches disk, geocoding or SQL runs as a :class:`app.ui.workers.Job` on one
of the runner's pools (the functions of :mod:`app.ui.library_jobs`); the window only shows what the
jobs report.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
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
    QTabBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import APP_ID, version
from app.core.progress import Progress
from app.logs import setup_logging, shown_log_path
from app.service import LEVELS, Service
from app.service.records import ClusterInfo, FileRecord, SourceRecord, TaskRecord
from app.service.trips import TripInfo
from app.ui import library_jobs as jobs
from app.ui.cluster_page import ClusterPage
from app.ui.i18n import arg, plural
from app.ui.options import OptionsPanel
from app.ui.paths import dropped_paths, shown
from app.ui.thumbnails import Thumbnails
from app.ui.timeline import TimelineModel, TimelineView
from app.ui.trip_options import TripOptionsPanel
from app.ui.trip_page import TripPage, confirm_delete
from app.ui.trip_timeline import TRIP, TripsModel, TripsView
from app.ui.workers import Job, JobRunner, Pool

PHASES = {
    "sample": QT_TRANSLATE_NOOP("MainWindow", "Drawing sample photos"),
    "scan": QT_TRANSLATE_NOOP("MainWindow", "Looking for photos"),
    "read": QT_TRANSLATE_NOOP("MainWindow", "Reading"),
    "save": QT_TRANSLATE_NOOP("MainWindow", "Saving"),
    "cluster": QT_TRANSLATE_NOOP("MainWindow", "Folding into trips"),
    "match": QT_TRANSLATE_NOOP("MainWindow", "Keeping your trips' names"),
    "trips": QT_TRANSLATE_NOOP("MainWindow", "Finding your trips away from home"),
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
        self.model = TimelineModel(self)  # the places (IMM's clusters)
        self.trips_model = TripsModel(self)
        self.homes_dialog: Any = None
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
        self.options = OptionsPanel(self.service.clustering_options())
        self.options.changed.connect(self._options_changed)
        self.trip_options = TripOptionsPanel(self.service.trip_options())
        self.trip_options.changed.connect(self._options_changed)
        self.option_tabs = QTabWidget()
        self.option_tabs.setObjectName("optionTabs")
        self.option_tabs.setDocumentMode(True)
        self.option_tabs.addTab(self.trip_options, self.tr("Trips"))
        self.option_tabs.addTab(self.options, self.tr("Places"))
        left.addWidget(self.option_tabs)
        self.update_button = QPushButton(self.tr("Update Trips"))
        self.update_button.setObjectName("update")
        self.update_button.setToolTip(
            self.tr("Read new photos in your folders and fold everything into trips (Ctrl+R)")
        )
        self.update_button.clicked.connect(self.update_all)
        left.addWidget(self.update_button)

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.tr("Search trips: places, titles, labels, years"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.level = QComboBox()
        self.level.addItem(self.tr("All levels"), "")
        for level in LEVELS:
            self.level.addItem(level.capitalize(), level)
        self.level.currentIndexChanged.connect(self._filter)
        self.view_tabs = QTabBar()
        self.view_tabs.setObjectName("viewTabs")
        self.view_tabs.addTab(self.tr("Trips"))
        self.view_tabs.addTab(self.tr("Places"))
        self.view_tabs.setTabToolTip(0, self.tr("Your trips away from home, one card each"))
        self.view_tabs.setTabToolTip(
            1, self.tr("Every place you took photos, by level (city, province, ...)")
        )
        self.view_tabs.currentChanged.connect(self._view_changed)
        tools = QHBoxLayout()
        tools.addWidget(self.view_tabs)
        tools.addWidget(self.search, 1)
        tools.addWidget(self.level)
        self.level.hide()
        self.banner = QFrame()
        self.banner.setObjectName("banner")
        self.banner.setStyleSheet("#banner { background: palette(alternate-base); border-radius: 6px; }")
        self.banner_text = QLabel()
        self.banner_text.setObjectName("bannerText")
        self.banner_text.setWordWrap(True)
        self.show_them = QPushButton(self.tr("Show them"))
        self.show_them.setObjectName("showThem")
        self.show_them.setFlat(True)
        self.show_them.setStyleSheet("color: palette(link); text-decoration: underline;")
        self.show_them.setCursor(Qt.CursorShape.PointingHandCursor)
        self.show_them.clicked.connect(self.show_files_in_no_trip)
        banner_row = QHBoxLayout(self.banner)
        banner_row.setContentsMargins(10, 2, 4, 2)
        banner_row.addWidget(self.banner_text, 1)
        banner_row.addWidget(self.show_them)
        self.banner.hide()
        self.timeline = TimelineView(self.model, self.thumbnails)
        self.timeline.setObjectName("timeline")
        self.trips_view = TripsView(self.trips_model, self.thumbnails)
        self.trips_view.setObjectName("trips")
        self.no_trips = QLabel(
            self.tr("No trips away from home yet. Places shows every place you took photos.")
        )
        self.no_trips.setObjectName("noTrips")
        self.no_trips.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_trips.setWordWrap(True)
        self.views = QStackedWidget()
        self.views.addWidget(self.trips_view)
        self.views.addWidget(self.timeline)
        self.views.addWidget(self.no_trips)
        page = QWidget()
        right = QVBoxLayout(page)
        right.addLayout(tools)
        right.addWidget(self.banner)
        right.addWidget(self.views, 1)
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
        self.trip_page = TripPage(self.thumbnails, self.runner.thumbnails)
        self.trip_page.back.connect(lambda: self.stack.setCurrentIndex(1))
        self.trip_page.rename.connect(self._rename_trip)
        self.trip_page.delete.connect(self._delete_trip)
        self.trip_page.split.connect(self._split_trip)
        self.trip_page.reject_estimates.connect(self._reject_estimates)
        self.stack.addWidget(self.trip_page)
        self.timeline.activated.connect(self.open_cluster)
        self.trips_view.activated.connect(self.open_trip)

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
        edit = self.menuBar().addMenu(self.tr("&Edit"))
        self.open_trip_action = action(edit, self.tr("&Open Trip"), self._open_selected_trip)
        self.merge_action = action(edit, self.tr("&Merge Trips…"), self.ask_merge, QKeySequence("Ctrl+M"))
        self.merge_action.setObjectName("mergeTrips")
        self.delete_trip_action = action(edit, self.tr("&Delete Trip…"), self.ask_delete_selected)
        self.delete_trip_action.setObjectName("deleteSelectedTrip")
        edit.addSeparator()
        restore = action(edit, self.tr("&Restore Deleted Trips"), self.restore_trips)
        restore.setObjectName("restoreTrips")
        for act in (self.open_trip_action, self.merge_action, self.delete_trip_action):
            self.trips_view.addAction(act)  # the cards' context menu
        self.trips_view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.trips_view.selectionModel().selectionChanged.connect(self._trip_selection_changed)
        self._trip_selection_changed()
        library = self.menuBar().addMenu(self.tr("&Library"))
        homes = action(library, self.tr("&Homes…"), self.show_homes)
        homes.setObjectName("homesAction")
        view = self.menuBar().addMenu(self.tr("&View"))
        action(view, self.tr("&Search"), lambda: self.search.setFocus(), QKeySequence.StandardKey.Find)
        action(view, self.tr("&Activity…"), self.show_activity, QKeySequence("Ctrl+T"))
        self.newest = action(view, self.tr("&Newest First"), self._set_newest_first)
        self.newest.setCheckable(True)
        self.newest.setChecked(True)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        action(help_menu, self.tr("&About Tripfold"), self._about)

    def _about(self) -> None:
        from app.ui.about_dialog import AboutDialog

        self.about_dialog = AboutDialog(self)
        self.about_dialog.open()

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
        self.trips_model.newest_first = newest
        self.view_tabs.setCurrentIndex(1 if settings.value("view", "trips", type=str) == "places" else 0)
        level = self.level.findData(settings.value("level", "", type=str))
        self.level.setCurrentIndex(max(level, 0))

    def closeEvent(self, event: Any) -> None:
        settings = QSettings("Tripfold", "Tripfold")
        settings.setValue("geometry", self.saveGeometry())
        settings.setValue("newestFirst", self.newest.isChecked())
        settings.setValue("level", self.level.currentData() or "")
        settings.setValue("view", "places" if self.view_tabs.currentIndex() == 1 else "trips")
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
            options, trip_options = self.options.options(), self.trip_options.options()
            if not self._confirm_levels(options):
                return
            label = plural(self.tr("Adding %1 folder"), self.tr("Adding %1 folders"), len(folders))
            self._long(
                lambda **kw: jobs.index_and_cluster(
                    self.service, folders, options, trip_options=trip_options, **kw
                ),
                label,
                note=note,
            )

    def try_samples(self) -> None:
        options, trip_options = self.options.options(), self.trip_options.options()
        self._long(lambda **kw: jobs.samples_and_cluster(self.service, options, trip_options=trip_options,
                                                         **kw),
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
            options, trip_options = self.options.options(), self.trip_options.options()
            if not self._confirm_levels(options):
                return
            self._long(lambda **kw: jobs.remove_and_cluster(self.service, path, options,
                                                            trip_options=trip_options, **kw),
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
        options, trip_options = self.options.options(), self.trip_options.options()
        if not self._confirm_levels(options):
            return
        self._long(lambda **kw: jobs.index_and_cluster(self.service, [path], options,
                                                       trip_options=trip_options, **kw),
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
        options, trip_options = self.options.options(), self.trip_options.options()
        if not self._confirm_levels(options):
            return
        self._long(lambda **kw: jobs.index_and_cluster(self.service, folders, options,
                                                       trip_options=trip_options, **kw),
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
        self.update_button.setEnabled(self._options_valid())

    def _options_valid(self) -> bool:
        return self.options.options() is not None and self.trip_options.options() is not None

    def _options_changed(self, _options: Any) -> None:
        self.update_button.setEnabled(self._options_valid() and self.long_job is None)

    def _confirm_levels(self, options: Any) -> bool:
        """Ask before a change of levels removes places the user named or labelled, saying how many
        (trips do not depend on levels and keep their names)."""
        if options is None:
            return True
        named = [c for c in self.model._clusters
                 if c.level not in options.levels and (c.title or c.custom_labels)]  # fmt: skip
        if not named:
            return True
        levels = ", ".join(sorted({c.level for c in named}))
        text = plural(
            self.tr("%1 place you named or labelled is at a level you turned off (%2) and will be removed."),
            self.tr("%1 places you named or labelled are at levels you turned off (%2) and will be removed."),
            len(named),
        )
        answer = QMessageBox.question(
            self, self.tr("Remove named places?"),
            arg(text, len(named), levels) + "\n\n" + self.tr("Your trips keep their names. Go on?"),
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Yes:
            return True
        self.status.setText(self.tr("Nothing was changed. Turn the level back on under Places to keep them."))
        return False

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
            created = update.clustered.result.get("TripsCreated", 0)
            trips = len(update.view.trips)
            parts.append(arg(plural(self.tr("%1 trip (%2 new)"), self.tr("%1 trips (%2 new)"), trips),
                             locale.toString(trips), locale.toString(created)))  # fmt: skip
            estimated = update.clustered.result.get("FilesEstimated", 0)
            if estimated:
                parts.append(plural(self.tr("%1 place estimated"), self.tr("%1 places estimated"), estimated))
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
        showing = self.stack.currentWidget()
        self._show(view.clusters, view.sources, view.trips)
        self._show_banner(view.not_in_trips)
        if showing in (self.page, self.trip_page):
            self.stack.setCurrentWidget(showing)

    def _show_banner(self, not_in_trips: dict[str, int]) -> None:
        """Say what no trip holds because it has no place or no time (SPEC §10: never silently dropped)."""
        placeless, timeless = not_in_trips.get("NoPlace", 0), not_in_trips.get("NoTime", 0)
        parts = []
        if placeless:
            one = self.tr("%1 photo has no place and is in no trip")
            parts.append(plural(one, self.tr("%1 photos have no place and are in no trip"), placeless))
        if timeless:
            parts.append(plural(self.tr("%1 has no date"), self.tr("%1 have no date"), timeless))
        self.banner_text.setText("; ".join(parts) + ("." if parts else ""))
        self.banner.setVisible(bool(parts))

    def _show(
        self, clusters: list[ClusterInfo], sources: list[SourceRecord], trips: list[TripInfo] | None = None
    ) -> None:
        self.sources.clear()
        locale = QLocale()
        for source in sources:
            path = shown(source.path)
            self.sources.addItem(f"{os.path.basename(path) or path}  ({locale.toString(source.file_count)})")
            item = self.sources.item(self.sources.count() - 1)
            item.setData(Qt.ItemDataRole.UserRole, source.path)
            item.setToolTip(path)
        self.model.set_clusters(clusters)
        if trips is not None:
            self.trips_model.set_trips(trips)
        self.stack.setCurrentIndex(1 if clusters or self.trips_model.trips() or sources else 0)
        self._view_changed(self.view_tabs.currentIndex())
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
        self._show(view.clusters, view.sources, view.trips)
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
        self.trips_model.set_filter(text=self.search.text())
        self._view_changed(self.view_tabs.currentIndex())

    def _set_newest_first(self, newest: bool) -> None:
        self.model.set_newest_first(newest)
        self.trips_model.set_newest_first(newest)

    def _view_changed(self, tab: int) -> None:
        """Trips or Places; a trips view with nothing to show says why instead of staying blank."""
        places = tab == 1
        self.level.setVisible(places)
        self.search.setPlaceholderText(
            self.tr("Search places and titles") if places
            else self.tr("Search trips: places, titles, labels, years")
        )  # fmt: skip
        if places:
            self.views.setCurrentWidget(self.timeline)
        elif self.trips_model.trip_count() or self.search.text():
            self.views.setCurrentWidget(self.trips_view)
        else:
            self.views.setCurrentWidget(self.no_trips)

    # -- trips ------------------------------------------------------------------------------------------
    def open_trip(self, index: Any) -> None:
        """Open the trip under ``index`` (double-click or Enter on a card), even while an update runs."""
        trip: TripInfo | None = index.data(TRIP)
        if trip is None:
            return
        trip_id = trip.trip_id
        self._read(lambda: jobs.open_trip(self.service, trip_id), self._trip_opened, "open a trip")

    def _open_selected_trip(self) -> None:
        index = self.trips_view.currentIndex()
        if index.isValid():
            self.open_trip(index)

    def _trip_opened(self, trip: TripInfo | None) -> None:
        if trip is None:
            self.status.setText(self.tr("That trip is gone: an update or a merge changed it."))
            self.stack.setCurrentIndex(1)
            return
        self.trip_page.show_trip(trip)
        self.stack.setCurrentWidget(self.trip_page)

    def _trip_selection_changed(self, *_: Any) -> None:
        chosen = len(self.trips_view.selected_trips())
        self.merge_action.setEnabled(chosen >= 2)
        self.delete_trip_action.setEnabled(chosen == 1)
        self.open_trip_action.setEnabled(chosen == 1)

    def _trip_job(self, work: Any, name: str, said: str = "") -> None:
        """A change to trips on the write pool (after any update); the window shows the library after it."""

        def then(change: jobs.TripChange) -> None:
            self._loaded(change.view)
            if change.shown is not None:
                self.trip_page.show_trip(change.shown)
            elif self.stack.currentWidget() is self.trip_page:
                self.stack.setCurrentIndex(1)
            if said:
                self.status.setText(said)

        self._job(self.runner.write, lambda **_: work(), then, name)

    def _rename_trip(self, trip_id: str, title: str, labels: dict[str, str]) -> None:
        self._trip_job(lambda: jobs.rename_trip(self.service, trip_id, title, labels), "rename a trip")

    def _delete_trip(self, trip_id: str) -> None:
        self._trip_job(lambda: jobs.delete_trip(self.service, trip_id), "delete a trip",
                       self.tr("Trip deleted. Its photos and videos are where they were."))  # fmt: skip

    def ask_delete_selected(self) -> None:
        trips = self.trips_view.selected_trips()
        if len(trips) == 1 and confirm_delete(self, trips[0]):
            self._delete_trip(trips[0].trip_id)

    def _split_trip(self, trip_id: str, day: Any) -> None:
        self._trip_job(lambda: jobs.split_trip(self.service, trip_id, day), "split a trip",
                       self.tr("Trip split. Later updates keep it split."))  # fmt: skip

    def _reject_estimates(self, trip_id: str, paths: list[str]) -> None:
        self._trip_job(lambda: jobs.reject_estimates(self.service, trip_id, paths), "refuse estimated places",
                       plural(self.tr("Estimated place removed. The photo was not changed."),
                              self.tr("%1 estimated places removed. The photos were not changed."),
                              len(paths)))  # fmt: skip

    def ask_merge(self) -> None:
        trips = self.trips_view.selected_trips()
        if len(trips) < 2:
            self.status.setText(self.tr("Choose two or more trips to merge (Ctrl+click or Shift+click)."))
            return
        names = "\n".join(f"• {t.caption}" for t in sorted(trips, key=lambda t: t.start_time))
        answer = QMessageBox.question(
            self, self.tr("Merge trips"),
            arg(self.tr("Merge these trips into one?\n\n%1\n\nLater updates keep them merged."), names),
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
        ids = [t.trip_id for t in trips]
        self._trip_job(lambda: jobs.merge_trips(self.service, ids), "merge trips",
                       self.tr("Trips merged. Later updates keep them merged."))  # fmt: skip

    def restore_trips(self) -> None:
        def then(change: jobs.TripChange) -> None:
            self._loaded(change.view)
            self.status.setText(plural(self.tr("%1 deleted trip restored."),
                                       self.tr("%1 deleted trips restored."), change.restored))  # fmt: skip

        self._job(self.runner.write, lambda **_: jobs.restore_trips(self.service), then, "restore trips")

    def show_homes(self) -> None:
        from app.ui.homes_dialog import HomesDialog

        self.homes_dialog = HomesDialog(self.service, self.runner, self)
        self.homes_dialog.library_changed.connect(self._loaded)
        self.homes_dialog.show()

    def show_files_in_no_trip(self) -> None:
        """Activity, opened on the files without a place or a time."""
        self._read(lambda: jobs.files_in_no_trip(self.service), self._show_files_in_no_trip,
                   "load files in no trip")  # fmt: skip

    def _show_files_in_no_trip(
        self, loaded: tuple[list[TaskRecord], list[FileRecord], list[FileRecord]]
    ) -> None:
        from app.ui.tasks_view import TasksDialog

        tasks, failed, in_no_trip = loaded
        self.activity = TasksDialog(tasks, failed, parent=self, in_no_trip=in_no_trip)
        self.activity.show()


def run(library: str | None, screenshot: str | None = None, folders: Sequence[str] = ()) -> int:
    """Open the window on ``library`` (and add ``folders``, as the desktop entry passes them); with
    ``screenshot``, render it offscreen to that PNG once settled, and quit."""
    if screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    setup_logging()
    existing = QApplication.instance()  # a test's, or one made before
    app = QApplication(sys.argv[:1]) if existing is None else cast(QApplication, existing)
    app.setApplicationName("Tripfold")
    app.setApplicationVersion(version())
    app.setDesktopFileName(APP_ID)  # Wayland matches the window to its desktop entry by this
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
    if folders:
        QTimer.singleShot(0, lambda: window.add_folders(list(folders)))
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
