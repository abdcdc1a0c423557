"""The main window: folders and options on the left, the timeline of trips on the right.

Every service call that touches disk, geocoding or SQL runs as a :class:`app.ui.workers.Job` on one
of the runner's pools (the functions of :mod:`app.ui.library_jobs`); the window only shows what the
jobs report.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLocale,
    QSettings,
    QSize,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QDesktopServices,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app import APP_ID, version
from app.core.clustering import ClusterOptions
from app.core.progress import Progress
from app.core.trips import TripOptions
from app.logs import setup_logging, shown_log_path
from app.service import LibraryError, Service
from app.service.records import ClusterInfo, FileRecord, TaskRecord
from app.service.trips import TripInfo
from app.ui import library_jobs as jobs
from app.ui.cluster_page import ClusterPage
from app.ui.i18n import arg, full_stop, joined, tr
from app.ui.messages import plain_error
from app.ui.options import level_name, offered_levels
from app.ui.paths import dropped_paths, shown
from app.ui.preferences import PreferencesDialog
from app.ui.sidebar import VIEWS, Sidebar
from app.ui.sort_control import NEWEST, OLDEST, SORTS, SortControl
from app.ui.thumbnails import Thumbnails
from app.ui.timeline import TimelineModel, TimelineView
from app.ui.trip_page import TripPage, confirm_delete
from app.ui.trip_timeline import TRIP, TripsModel, TripsView
from app.ui.workers import Job, JobRunner, Pool

NARROW = 900  # px: below this the cards need the sidebar's width
PLACES_WAIT = 2.0  # s: the longest the places wait for the first screen of pictures

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
        title = QLabel(self.tr("Drop photo folders here"))
        title.setStyleSheet("font-size: 26px; font-weight: 600;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = QLabel(
            self.tr(
                "Tripfold reads when and where each photo and video was taken and folds them into trips.\n"
                "Everything stays on this computer, and your files are only ever read."
            )
        )
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setWordWrap(True)
        button = QPushButton(self.tr("Add Folder…"))
        button.setObjectName("emptyAddFolder")
        button.clicked.connect(add_folder)
        button.setMinimumWidth(180)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addSpacing(12)
        layout.addWidget(button, alignment=Qt.AlignmentFlag.AlignCenter)
        samples = QPushButton(self.tr("Try with sample photos"))
        samples.setObjectName("trySamples")
        samples.setFlat(True)
        samples.setToolTip(
            self.tr("Draws six small trips with real places and dates into Tripfold's own folder")
        )
        samples.clicked.connect(try_samples)
        layout.addWidget(samples, alignment=Qt.AlignmentFlag.AlignCenter)


LIBRARY_KEY = "library"  # the library opened last, when it is not the default (a shared one: no password)


class MainWindow(QMainWindow):
    """Folders, options and the timeline; every library call runs as a job on the injected runner.

    Reads (the timeline, a trip, Activity) go to the read pool and run at once, even during a long
    index; writes go to the one-thread write pool, in order. One long write (indexing, clustering,
    removing a folder) is shown with progress and can be cancelled with the Cancel button or Esc;
    asking for a second one while it runs is refused with a plain message.
    """

    library_chosen = Signal(str)  # another library to show (a file or a postgresql:// URL), already checked

    def __init__(self, service: Service, runner: JobRunner) -> None:
        super().__init__()
        self.service = service
        self.runner = runner
        self.long_job: Job | None = None  # the update shown in the status bar
        self.long_label = ""
        self.note = ""  # said along with every status until the current update ends
        self.tray: Any = None  # created on the first notification
        self.loaded = False  # the trips and places have been shown at least once
        self._places_shown = 0  # lists of places shown: a places read older than the last one is dropped
        self.activity: Any = None
        self.setWindowTitle("Tripfold")
        self.setAcceptDrops(True)
        self.thumbnails = Thumbnails(runner.thumbnails, parent=self)
        self.model = TimelineModel(self)  # the places (IMM's clusters)
        self.trips_model = TripsModel(self)
        self.homes_dialog: Any = None
        self._narrow = False  # narrower than NARROW, where the sidebar is put away
        self._sidebar_hidden_by_width = False
        self._build()
        self._menus()
        self._toolbar()
        self._restore()
        self.refresh()

    @property
    def busy(self) -> bool:
        """A library job is queued, running or still reporting (thumbnails aside)."""
        return not self.runner.idle(thumbnails=False)

    # -- layout -----------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.sidebar = Sidebar()
        self.sources = self.sidebar.sources
        self.sidebar.view_chosen.connect(self.show_view)
        self.sidebar.add_folder.connect(self.add_folder_dialog)
        self.sidebar.rescan_folder.connect(self.rescan_source)
        self.sidebar.remove_folder.connect(self.remove_source)
        self.sidebar.reveal_folder.connect(self.reveal_source)
        self.sidebar.locate_folder.connect(self.locate_source)
        self.preferences = PreferencesDialog(
            self.service.clustering_options(), self.service.trip_options(), self, levels=None
        )
        self.preferences.applied.connect(self._rules_applied)
        self.options, self.trip_options = self.preferences.places, self.preferences.trips  # their fields

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setAccessibleName(self.tr("Search"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(160)
        self.search.setMaximumWidth(420)
        self.search.textChanged.connect(self._filter)
        self.level = QComboBox()
        self.level.setObjectName("level")
        self.level.setAccessibleName(self.tr("Level"))
        self.level.addItem(self.tr("All levels"), "")
        for level in offered_levels(self.service.clustering_options()):
            self.level.addItem(level_name(level), level)
        self.level.currentIndexChanged.connect(self._filter)
        self.sort_control = SortControl()
        self.sort_control.setObjectName("sort")
        self.sort_control.changed.connect(self._set_sort)
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
        self.library_map: Any = None  # made when the Map is first shown
        self.views = QStackedWidget()
        self.views.addWidget(self.trips_view)
        self.views.addWidget(self.timeline)
        self.views.addWidget(self.no_trips)
        page = QWidget()
        right = QVBoxLayout(page)
        right.setContentsMargins(0, 4, 4, 0)
        right.addWidget(self.banner)
        right.addWidget(self.views, 1)
        self.stack = QStackedWidget()
        self.empty = DropZone(self.add_folder_dialog, self.try_samples)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(page)
        self.page = ClusterPage(self.thumbnails, self.runner.thumbnails)
        self.page.back.connect(self.back)
        self.page.rename.connect(self._rename)
        self.page.delete.connect(self._delete)
        self.page.story.connect(self._story)
        self.stack.addWidget(self.page)
        self.trip_page = TripPage(self.thumbnails, self.runner.thumbnails)
        self.trip_page.back.connect(self.back)
        self.trip_page.rename.connect(self._rename_trip)
        self.trip_page.delete.connect(self._delete_trip)
        self.trip_page.split.connect(self._split_trip)
        self.trip_page.reject_estimates.connect(self._reject_estimates)
        self.trip_page.story.connect(self._trip_story)
        self.stack.addWidget(self.trip_page)
        self.stack.currentChanged.connect(lambda _: self._place_sidebar())
        self.timeline.activated.connect(self.open_cluster)
        self.trips_view.activated.connect(self.open_trip)
        for view in (self.trips_view, self.timeline):
            view.search_cleared.connect(self.search.clear)

        self.splitter = QSplitter()
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([210, 1000])
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setAccessibleName(self.tr("Progress"))
        self.progress.hide()
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # the log's path
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancel")
        self.cancel_button.setToolTip(self.tr("Stop the current update (Esc); nothing is lost"))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        bar = self.statusBar()
        bar.addWidget(self.status, 1)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)
        self.setCentralWidget(self.splitter)

    def _toolbar(self) -> None:
        """Update on the left, as the one thing to do; search (and the level, on Places) on the right."""
        tools = self.addToolBar(self.tr("Main"))
        tools.setObjectName("mainToolBar")
        tools.setMovable(False)
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tools.setIconSize(QSize(18, 18))
        tools.addAction(self.sidebar_action)
        sidebar_button = cast(QToolButton, tools.widgetForAction(self.sidebar_action))
        sidebar_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        sidebar_button.setAccessibleName(self.tr("Sidebar"))
        tools.addAction(self.update_action)
        self.update_button = tools.widgetForAction(self.update_action)
        self.update_button.setObjectName("update")
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        tools.addWidget(spacer)
        self.level_action = tools.addWidget(self.level)
        tools.addWidget(self.search)
        tools.addWidget(self.sort_control)
        # Tab starts at the cards, then the search and sort, then the sidebar
        chain = (self.trips_view, self.timeline, self.search, self.level, self.sort_control,
                 self.sidebar.nav, self.sidebar.sources)  # fmt: skip
        for first, then in pairwise(chain):
            self.setTabOrder(first, then)

    def _menus(self) -> None:
        def action(menu: Any, text: str, slot: Any, shortcut: Any = None) -> QAction:
            act = QAction(text, self)
            if shortcut is not None:
                act.setShortcut(shortcut)
            act.triggered.connect(slot)
            menu.addAction(act)
            return act

        style = self.style()
        file = self.menuBar().addMenu(self.tr("&File"))
        action(file, self.tr("&Add Folder…"), self.add_folder_dialog, QKeySequence.StandardKey.Open)
        shared = action(file, self.tr("Open &Shared Library…"), self.open_shared_library)
        shared.setObjectName("openSharedLibrary")
        file.addSeparator()
        self.update_action = action(file, self.tr("&Update"), self.update_all, QKeySequence("Ctrl+R"))
        self.update_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
        self.update_action.setToolTip(
            self.tr("Read new photos in your folders and fold everything into trips (Ctrl+R)")
        )
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
        edit.addSeparator()
        prefs = action(edit, self.tr("&Preferences…"), self.show_preferences, QKeySequence("Ctrl+,"))
        prefs.setObjectName("preferencesAction")
        prefs.setMenuRole(QAction.MenuRole.PreferencesRole)
        for act in (self.open_trip_action, self.merge_action, self.delete_trip_action):
            self.trips_view.addAction(act)  # the cards' context menu
        self.trips_view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.trips_view.selectionModel().selectionChanged.connect(self._trip_selection_changed)
        self._trip_selection_changed()
        library = self.menuBar().addMenu(self.tr("&Library"))
        homes = action(library, self.tr("&Homes…"), self.show_homes)
        homes.setObjectName("homesAction")
        action(library, self.tr("&Activity…"), self.show_activity, QKeySequence("Ctrl+T"))
        view = self.menuBar().addMenu(self.tr("&View"))
        for n, (key, text) in enumerate(
            (("trips", self.tr("&Trips")), ("places", self.tr("&Places")), ("map", self.tr("&Map")))
        ):
            action(view, text, lambda _=False, key=key: self.show_view(key), QKeySequence(f"Ctrl+{n + 1}"))
        view.addSeparator()
        self.sidebar_action = action(
            view, self.tr("Show &Sidebar"), self._sidebar_toggled, QKeySequence("F9")
        )
        self.sidebar_action.setObjectName("sidebarAction")
        self.sidebar_action.setCheckable(True)
        self.sidebar_action.setChecked(True)
        self.sidebar_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_FileDialogListView))
        self.sidebar_action.setToolTip(self.tr("Show or hide the sidebar (F9)"))
        action(view, self.tr("&Search"), self._focus_search, QKeySequence.StandardKey.Find)
        view.addMenu(self.sort_control.menu())
        back = action(view, self.tr("&Back"), self.back, QKeySequence.StandardKey.Back)
        back.setObjectName("backAction")
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
        old = NEWEST if settings.value("newestFirst", True, type=bool) else OLDEST  # before sorts had keys
        key = settings.value("sort", old, type=str)
        self.sort_control.set_sort(key if key in SORTS else NEWEST, quiet=True)
        self._set_sort(self.sort_control.sort())
        view = settings.value("view", "trips", type=str)
        self.sidebar.set_view(view if view in VIEWS else "trips")
        sidebar = bool(settings.value("sidebar", True, type=bool))
        self.sidebar_action.setChecked(sidebar)
        splitter = settings.value("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        level = self.level.findData(settings.value("level", "", type=str))
        self.level.setCurrentIndex(max(level, 0))

    def closeEvent(self, event: Any) -> None:
        settings = QSettings("Tripfold", "Tripfold")
        settings.setValue("geometry", self.saveGeometry())
        settings.setValue("sort", self.sort_control.sort())
        settings.setValue("level", self.level.currentData() or "")
        settings.setValue("view", self.sidebar.view())
        settings.setValue("sidebar", self.sidebar_action.isChecked() or self._sidebar_hidden_by_width)
        settings.setValue("splitter", self.splitter.saveState())
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
            rules = self._rules()
            if rules is None:
                return
            options, trip_options = rules
            label = tr("Adding %Ln folder(s)", "", len(folders))
            self._long(
                lambda **kw: jobs.index_and_cluster(
                    self.service, folders, options, trip_options=trip_options, **kw
                ),
                label,
                note=note,
            )

    def try_samples(self) -> None:
        rules = self._rules(confirm=False)  # a new library: nothing named to lose
        if rules is None:
            return
        options, trip_options = rules
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
            rules = self._rules()
            if rules is None:
                return
            options, trip_options = rules
            self._long(lambda **kw: jobs.remove_and_cluster(self.service, path, options,
                                                            trip_options=trip_options, **kw),
                       self.tr("Removing folder"))  # fmt: skip

    def rescan_source(self) -> None:
        """Read the chosen folder again (only new and changed files are read) and re-fold the trips."""
        item = self.sources.currentItem()
        if item is None:
            self.status.setText(
                self.tr("Choose a folder in the list to re-scan it; Update (Ctrl+R) re-scans them all.")
            )
            return
        path = item.data(Qt.ItemDataRole.UserRole)
        if self.sidebar.chosen_is_unreachable():
            text = self.tr(
                "%1 is not reachable on this computer now. Plug it in or mount it; if it is "
                "somewhere else here, choose Locate Folder… (right-click it)."
            )
            self.status.setText(arg(text, shown(os.path.basename(path))))
            return
        rules = self._rules()
        if rules is None:
            return
        options, trip_options = rules
        self._long(lambda **kw: jobs.index_and_cluster(self.service, [path], options,
                                                       trip_options=trip_options, **kw),
                   arg(self.tr("Re-scanning %1"), shown(os.path.basename(path))))  # fmt: skip

    def locate_source(self) -> None:
        """Say where a folder this computer cannot see is here (moved, renamed, or a shared folder mounted
        elsewhere): its files keep their trips and edits, and nothing is read again (SPEC §13)."""
        item = self.sources.currentItem()
        if item is None:
            return
        source = str(item.data(Qt.ItemDataRole.UserRole))
        name = shown(os.path.basename(source.rstrip(os.sep)) or source)
        folder = QFileDialog.getExistingDirectory(
            self, arg(self.tr("Where is %1 on this computer?"), name), os.path.expanduser("~")
        )
        if not folder:
            return

        def done(view: jobs.LibraryView) -> None:
            self._loaded(view)
            self.status.setText(arg(self.tr("%1 is read from %2 on this computer from now on; nothing needed "
                                            "reading again."), name, shown(folder)))  # fmt: skip

        self._job(self.runner.write, lambda **_: jobs.locate_source(self.service, source, folder), done,
                  "locate a folder")  # fmt: skip

    def reveal_source(self) -> None:
        item = self.sources.currentItem()
        if item is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(item.data(Qt.ItemDataRole.UserRole)))

    def update_all(self) -> None:
        folders = self.sidebar.folders()
        if not folders:
            self.status.setText(self.tr("Add a folder first: drop it here or use File › Add Folder…"))
            return
        rules = self._rules()
        if rules is None:
            return
        options, trip_options = rules
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
        return self.preferences.options_valid()

    def _rules(self, *, confirm: bool = True) -> tuple[ClusterOptions, TripOptions] | None:
        """The rules an update folds with; None, said and shown in Preferences, when the library's saved
        rules are wrong (an update never runs half-done) or the user keeps named places instead."""
        options, trip_options = self.preferences.cluster_options(), self.preferences.trip_options()
        if options is None or trip_options is None:
            self.status.setText(self.preferences.problem())
            self.preferences.show_problem()
            return None
        if confirm and not self._confirm_levels(options):
            return None
        return options, trip_options

    def show_preferences(self) -> None:
        self.preferences.show()
        self.preferences.raise_()
        self.preferences.activateWindow()

    def _rules_applied(self, options: ClusterOptions, trip_options: TripOptions) -> None:
        """New rules from Preferences fold the library again at once (no folder is read again); a user
        who keeps named places instead gets the library's rules back in the dialog."""
        if not self.sidebar.folders():
            return
        if not self._confirm_levels(options):
            self.preferences.set_options(self.service.clustering_options(), self.service.trip_options())
            return
        self._long(lambda **kw: jobs.regroup(self.service, options, trip_options=trip_options, **kw),
                   self.tr("Folding with the new rules"))  # fmt: skip

    def _confirm_levels(self, options: ClusterOptions) -> bool:
        """Ask before a change of levels removes places the user named or labelled, saying how many
        (trips do not depend on levels and keep their names)."""
        named = [c for c in self.model._clusters
                 if c.level not in options.levels and (c.title or c.custom_labels)]  # fmt: skip
        if not named:
            return True
        levels = self.tr(", ").join(level_name(level) for level in sorted({c.level for c in named}))
        text = tr("%Ln named or labelled place(s) at a level you turned off (%1) will be removed.", "",
                  len(named))  # fmt: skip
        answer = QMessageBox.question(
            self, self.tr("Remove named places?"),
            arg(text, levels) + "\n\n" + self.tr("Your trips keep their names. Go on?"),
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Yes:
            return True
        self.status.setText(self.tr("Nothing was changed: the places you named are kept."))
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
            parts.append(arg(tr("%Ln trip(s) (%1 new)", "", trips), locale.toString(created)))
            estimated = update.clustered.result.get("FilesEstimated", 0)
            if estimated:
                parts.append(tr("%Ln place(s) estimated", "", estimated))
        summary = arg(self.tr("Done: %1."), joined(parts))
        self._say(summary)
        self._notify(summary)

    def _cancelled(self) -> None:
        self._say(self.tr("Cancelled. Nothing was lost; Update Trips finishes the work."))

    def _failed(self, message: str) -> None:
        """A job's error in plain words (never a bracketed code or an option's IMM name), with where the
        log keeps the technical text; that text also shows on the status line's tooltip."""
        plain = plain_error(message)
        self.status.setText(arg(self.tr("%1 Details are in %2."), plain.text, shown_log_path()))
        self.status.setToolTip(plain.details)

    def _notify(self, message: str) -> None:
        """Tell a user who switched away that the long work is finished (SPEC §7's notification)."""
        if self.isActiveWindow():
            return
        from PySide6.QtWidgets import QSystemTrayIcon

        if QSystemTrayIcon.isSystemTrayAvailable():
            if self.tray is None:
                self.tray = QSystemTrayIcon(self.windowIcon(), self)
            self.tray.show()
            self.tray.showMessage(self.tr("Tripfold"), message)
        QApplication.alert(self)

    def refresh(self) -> None:
        """Load the trips and folders on the read pool, then the places (unless the places are what the
        window shows: then all at once)."""
        if self.sidebar.view() == "places":
            self._read(lambda: jobs.library_view(self.service), self._loaded, "load the timeline")
            return
        self._read(lambda: jobs.library_view(self.service, with_places=False), self._trips_read,
                   "load the trips")  # fmt: skip

    def _trips_read(self, view: jobs.LibraryView) -> None:
        self._loaded(view)
        self._read_places(self._places_shown, time.monotonic() + PLACES_WAIT, first=True)

    def _read_places(self, shown: int, deadline: float, first: bool = False) -> None:
        """Read the places once the pictures of the trips on screen have come (or the places are asked
        for, or ``PLACES_WAIT`` has passed): on two cores, reading them beside the first covers' decodes
        made those a tenth slower, and no place is on screen yet.  The first look is after the trips'
        first paint, which asks for their pictures."""
        waiting = (first or self.thumbnails.pending) and self.sidebar.view() != "places"
        if waiting and self.runner.concurrent and time.monotonic() < deadline:
            QTimer.singleShot(50, self, lambda: self._read_places(shown, deadline))
            return
        self._read(lambda: jobs.places(self.service), lambda places: self._places_read(places, shown),
                   "load the places")  # fmt: skip

    def _places_read(self, places: list[ClusterInfo], shown: int) -> None:
        if shown != self._places_shown:
            return  # places came meanwhile with a whole view (an update): these are older
        self._places_shown += 1
        self.model.set_clusters(places)
        self.loaded = True

    def _loaded(self, view: jobs.LibraryView) -> None:
        showing = self.stack.currentWidget()
        self._show(view)
        self._show_banner(view.not_in_trips)
        if showing in (self.page, self.trip_page):
            self.stack.setCurrentWidget(showing)

    def _show_banner(self, not_in_trips: dict[str, int]) -> None:
        """Say what no trip holds because it has no place or no time (SPEC §10: never silently dropped)."""
        placeless, timeless = not_in_trips.get("NoPlace", 0), not_in_trips.get("NoTime", 0)
        parts = []
        if placeless:
            parts.append(tr("%Ln photo(s) with no place, in no trip", "", placeless))
        if timeless:
            parts.append(tr("%Ln without a date", "", timeless))
        self.banner_text.setText(joined(parts) + (full_stop() if parts else ""))
        self.banner.setVisible(bool(parts))

    def _show(self, view: jobs.LibraryView) -> None:
        arriving = self.stack.currentIndex() == 0  # from the first screen to the views
        self.sidebar.set_sources(view.sources, view.unreachable)
        if view.clusters is not None:
            self._places_shown += 1
            self.model.set_clusters(view.clusters)
        self.trips_model.set_trips(view.trips)
        self.stack.setCurrentIndex(1 if view.clusters or view.trips or view.sources else 0)
        self.show_view(self.sidebar.view())
        if (arriving or not self.loaded) and self.stack.currentIndex() == 1:
            shown_view = self.views.currentWidget()
            if shown_view is not None:
                shown_view.setFocus()  # the keyboard starts on the cards, not the toolbar
        self.loaded = self.loaded or view.clusters is not None

    # -- one trip ---------------------------------------------------------------------------------------
    def open_cluster(self, index: Any) -> None:
        """Open the trip under ``index`` (double-click or Enter on a card), even while an update runs."""
        from app.ui.timeline import CLUSTER

        cluster: ClusterInfo | None = index.data(CLUSTER)
        if cluster is None:
            return
        object_id = cluster.object_id
        self._read(lambda: jobs.open_cluster(self.service, object_id), self._opened, "open a trip")

    def open_trip_id(self, trip_id: str) -> None:
        """Open a trip by its id (the map's list of trips), even while an update runs."""
        self._read(lambda: jobs.open_trip(self.service, trip_id), self._trip_opened, "open a trip")

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
        self._show(view)
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

    def _trip_story(self, trip_id: str) -> None:
        """Create Story… on a trip's page: the trip's highlights as an album, a web page or a reel."""
        from app.ui.story_dialog import StoryDialog

        trip = self.trip_page.trip
        if trip is None or trip.trip_id != trip_id:
            return
        self.story_dialog = StoryDialog(self.service, trip, self.runner, self)
        self.story_dialog.show()

    def _filter(self) -> None:
        self.model.set_filter(self.level.currentData() or "", self.search.text())
        self.trips_model.set_filter(text=self.search.text())
        self.show_view(self.sidebar.view())

    def _set_sort(self, key: str) -> None:
        self.model.set_sort(key)
        self.trips_model.set_sort(key)

    def show_view(self, view: str) -> None:
        """Trips, Places or Map (the sidebar, Ctrl+1–3); a trips view with nothing to show says why
        instead of staying blank.  From a trip's page, it goes back to the views first."""
        if self.sidebar.view() != view:
            self.sidebar.set_view(view)
        if self.stack.currentWidget() in (self.page, self.trip_page):
            self.stack.setCurrentIndex(1)
        places = view == "places"
        self.level_action.setVisible(places)
        self.search.setEnabled(view != "map")
        self.search.setPlaceholderText(
            self.tr("Search places, titles, labels, years, months") if places
            else self.tr("Search trips: places, titles, labels, years, months")
        )  # fmt: skip
        if view == "map":
            self.views.setCurrentWidget(self._map())
        elif places:
            self.views.setCurrentWidget(self.timeline)
        elif self.trips_model.trip_count() or self.search.text():
            self.views.setCurrentWidget(self.trips_view)
        else:
            self.views.setCurrentWidget(self.no_trips)

    def _map(self) -> Any:
        """The library map, made the first time it is shown (it loads the world's outlines)."""
        if self.library_map is None:
            from app.ui.library_map import LibraryMap

            self.library_map = LibraryMap(self.service, self.runner.read, self.thumbnails)
            self.library_map.setObjectName("libraryMap")
            self.library_map.open_trip.connect(self.open_trip_id)
            self.library_map.area_trips.connect(self._map_area)
            self.views.addWidget(self.library_map)
            self.library_map.reload()
        return self.library_map

    def _map_area(self, trip_ids: list[str]) -> None:
        """The map's "Trips in this area" filters the Trips view; turned off, every trip shows again."""
        filtering = self.library_map is not None and self.library_map.in_area.isChecked()
        self.trips_model.set_area(trip_ids if filtering else None)

    def back(self) -> None:
        """From a trip's or a place's page back to the views (the page's button, Alt+Left, Esc)."""
        if self.stack.currentWidget() in (self.page, self.trip_page):
            self.stack.setCurrentIndex(1)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc that nothing else took (no update runs): back from a page, else clear the search."""
        if event.key() == Qt.Key.Key_Escape:
            if self.stack.currentWidget() in (self.page, self.trip_page):
                self.back()
                return
            if self.search.text():
                self.search.clear()
                return
        super().keyPressEvent(event)

    def _focus_search(self) -> None:
        self.back()
        self.search.setFocus()
        self.search.selectAll()

    # -- the sidebar ------------------------------------------------------------------------------------
    def _sidebar_toggled(self, _checked: bool = False) -> None:
        self._sidebar_hidden_by_width = False
        self._place_sidebar()

    def _place_sidebar(self) -> None:
        """Shown as the user wants it, except on a page, where the photos take the width."""
        on_page = self.stack.currentWidget() in (self.page, self.trip_page, self.empty)
        self.sidebar.setVisible(self.sidebar_action.isChecked() and not on_page)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A window narrowed below :data:`NARROW` puts the sidebar away (F9 brings it back), and gets it
        back when widened again, unless the user chose otherwise meanwhile."""
        super().resizeEvent(event)
        narrow = self.width() < NARROW
        if narrow != self._narrow:
            self._narrow = narrow
            if narrow and self.sidebar_action.isChecked():
                self.sidebar_action.setChecked(False)
                self._sidebar_hidden_by_width = True
            elif not narrow and self._sidebar_hidden_by_width:
                self.sidebar_action.setChecked(True)
                self._sidebar_hidden_by_width = False
        self._place_sidebar()

    # -- trips ------------------------------------------------------------------------------------------
    def open_trip(self, index: Any) -> None:
        """Open the trip under ``index`` (double-click or Enter on a card), even while an update runs."""
        trip: TripInfo | None = index.data(TRIP)
        if trip is None:
            return
        self.open_trip_id(trip.trip_id)

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
        self._trip_job(
            lambda: jobs.reject_estimates(self.service, trip_id, paths),
            "refuse estimated places",
            tr("%Ln estimated place(s) removed. The photos were not changed.", "", len(paths)),
        )

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
            self.status.setText(tr("%Ln deleted trip(s) restored.", "", change.restored))

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

    def open_shared_library(self) -> None:
        """Ask for a library on a PostgreSQL server; the window switches once it opened (see run())."""
        from app.store.library import is_url
        from app.ui.library_dialog import SharedLibraryDialog, without_password

        current = str(self.service.library_path)
        self.library_dialog = SharedLibraryDialog(
            self.runner.read, without_password(current) if is_url(current) else "", self
        )
        self.library_dialog.chosen.connect(self.library_chosen.emit)
        self.library_dialog.open()

    def show_screenshot_view(self, view: str) -> None:
        """``tripfold gui --view``: ``map`` (the library map) or ``trip:TRIP_ID`` (that trip's page)."""
        if view == "map":
            self.show_view("map")
        elif view.startswith("trip:"):
            self.open_trip_id(view.removeprefix("trip:"))


class WindowHost:
    """The window on one library at a time.  File › Open Shared Library… gives another: a new window on
    it replaces this one, and the old library is closed once no job uses it any more."""

    def __init__(self, service: Service, runner: JobRunner) -> None:
        self.runner = runner
        self.service = service
        self.window = self._window(service)

    def _window(self, service: Service) -> MainWindow:
        window = MainWindow(service, self.runner)
        window.library_chosen.connect(self.switch)
        return window

    def switch(self, location: str) -> None:
        from app.store.library import is_url
        from app.ui.library_dialog import without_password

        old_window, old_service = self.window, self.service
        try:
            service = Service(location)
        except LibraryError as exc:
            old_window.status.setText(str(exc))
            return
        remembered = without_password(location) if is_url(location) else location
        QSettings("Tripfold", "Tripfold").setValue(LIBRARY_KEY, remembered)
        self.service, self.window = service, self._window(service)
        self.window.setGeometry(old_window.geometry())
        self.window.show()
        old_window.close()
        old_window.deleteLater()
        self._close_when_idle(old_service)

    def _close_when_idle(self, service: Service) -> None:
        if self.runner.idle():
            service.close()
        else:
            QTimer.singleShot(200, lambda: self._close_when_idle(service))


def run(library: str | None, screenshot: str | None = None, folders: Sequence[str] = (),
        view: str | None = None) -> int:  # fmt: skip
    """Open the window on ``library`` (and add ``folders``, as the desktop entry passes them) and on
    ``view`` (:meth:`MainWindow.show_screenshot_view`); with ``screenshot``, render it offscreen to that
    PNG once settled, and quit."""
    if screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    setup_logging()
    existing = QApplication.instance()  # a test's, or one made before
    app = QApplication(sys.argv[:1]) if existing is None else cast(QApplication, existing)
    app.setApplicationName("Tripfold")
    app.setApplicationVersion(version())
    app.setDesktopFileName(APP_ID)  # Wayland matches the window to its desktop entry by this
    from app.ui.i18n import install_translators
    from app.ui.preferences import language_locale

    translators = install_translators(language_locale())  # noqa: F841 (kept alive while the window runs)
    icon = Path(__file__).resolve().parents[2] / "resources" / "tripfold.svg"
    if icon.exists():
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))
    settings = QSettings("Tripfold", "Tripfold")
    chosen_elsewhere = (
        library is not None
        or screenshot
        or any(os.environ.get(name) for name in ("TRIPFOLD_LIBRARY", "TRIPFOLD_DB_URL"))
    )  # the command line and the environment win over the library opened last
    remembered = "" if chosen_elsewhere else str(settings.value(LIBRARY_KEY, "", type=str))
    try:
        service = Service(library or remembered or None)
    except LibraryError:
        if not remembered:
            raise
        service = Service(None)  # the shared library is out of reach: the user's own, and say so below
    runner = JobRunner.threaded()
    host = WindowHost(service, runner)
    window = host.window
    if remembered and str(service.library_path) != remembered:
        window.status.setText(arg(QCoreApplication.translate(
            "MainWindow", "The shared library %1 could not be opened; this is your own library."),
            remembered))  # fmt: skip

    if screenshot:
        window.resize(1200, 800)  # the same picture whatever size the window was last left at
    window.show()
    if view:
        QTimer.singleShot(0, lambda: window.show_screenshot_view(view))
    if folders:
        QTimer.singleShot(0, lambda: window.add_folders(list(folders)))
    if screenshot:
        waited = [0]

        def grab_when_ready() -> None:
            waited[0] += 1
            settled = (window.loaded and not window.busy and window.thumbnails.pending == 0
                       and window.runner.idle())  # fmt: skip
            if settled or waited[0] > 200:
                window.grab().save(str(Path(screenshot)))
                app.quit()
            else:
                QTimer.singleShot(50, grab_when_ready)

        QTimer.singleShot(100, grab_when_ready)
    code = app.exec()
    runner.shutdown()  # cancel and wait: no job may report into a window being torn down
    host.service.close()
    return code
