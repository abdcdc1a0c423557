"""The main window: folders and options on the left, the timeline of trips on the right.

Every service call that touches disk, geocoding or SQL runs as a :class:`app.ui.workers.Job` on the
thread pool; the window only shows what the jobs report.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QDragEnterEvent, QDropEvent, QKeySequence
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

from app.service import LEVELS, ClusterQuery, Service
from app.ui.cluster_page import ClusterPage
from app.ui.options import OptionsPanel
from app.ui.thumbnails import Thumbnails
from app.ui.timeline import TimelineModel, TimelineView
from app.ui.workers import Job, start

PHASES = {
    "sample": "Drawing sample photos", "scan": "Looking for photos", "read": "Reading", "save": "Saving",
    "cluster": "Folding into trips", "match": "Keeping your trips' names", "done": "Done",
}  # fmt: skip


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
    def __init__(self, service: Service) -> None:
        super().__init__()
        self.service = service
        self.job: Job | None = None
        self.note = ""  # said along with every status until the current job ends
        self.tray: Any = None  # created on the first notification
        self.loaded = False  # the timeline has been filled at least once
        self.setWindowTitle("Tripfold")
        self.setAcceptDrops(True)
        self.thumbnails = Thumbnails(parent=self)
        self.model = TimelineModel(self)
        self._build()
        self._menus()
        self._restore()
        self.refresh()

    # -- layout -----------------------------------------------------------------------------------------
    def _build(self) -> None:
        side = QWidget()
        side.setMinimumWidth(260)
        left = QVBoxLayout(side)
        left.addWidget(QLabel("<b>Folders</b>"))
        self.sources = QListWidget()
        self.sources.setObjectName("sources")
        left.addWidget(self.sources, 1)
        row = QHBoxLayout()
        buttons = (
            ("Add…", self.add_folder_dialog, "addFolder"),
            ("Re-scan", self.rescan_source, "rescanFolder"),
            ("Remove", self.remove_source, "removeFolder"),
            ("Show", self.reveal_source, "revealFolder"),
        )
        for text, slot, name in buttons:
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
        left.addLayout(row)
        left.addSpacing(8)
        left.addWidget(QLabel("<b>Trips</b>"))
        self.options = OptionsPanel(self.service.clustering_options())
        self.options.changed.connect(lambda options: self.update_button.setEnabled(options is not None))
        left.addWidget(self.options)
        self.update_button = QPushButton("Update Trips")
        self.update_button.setObjectName("update")
        self.update_button.setToolTip(
            "Read new photos in your folders and fold everything into trips (Ctrl+R)"
        )
        self.update_button.clicked.connect(self.update_all)
        left.addWidget(self.update_button)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search places and titles")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.level = QComboBox()
        self.level.addItem("All levels", "")
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
        self.page = ClusterPage(self.thumbnails)
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
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancel")
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

        file = self.menuBar().addMenu("&File")
        action(file, "&Add Folder…", self.add_folder_dialog, QKeySequence.StandardKey.Open)
        action(file, "&Update Trips", self.update_all, QKeySequence("Ctrl+R"))
        file.addSeparator()
        action(file, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        view = self.menuBar().addMenu("&View")
        action(view, "&Search", lambda: self.search.setFocus(), QKeySequence.StandardKey.Find)
        action(view, "&Activity…", self.show_activity, QKeySequence("Ctrl+T"))
        self.newest = action(view, "&Newest First", lambda on: self.model.set_newest_first(on))
        self.newest.setCheckable(True)
        self.newest.setChecked(True)
        help_menu = self.menuBar().addMenu("&Help")
        action(help_menu, "&About Tripfold", self._about)

    def _about(self) -> None:
        QMessageBox.about(
            self, "About Tripfold", "Tripfold folds your photos and videos into trips, offline."
        )

    # -- settings ---------------------------------------------------------------------------------------
    def _restore(self) -> None:
        settings = QSettings("Tripfold", "Tripfold")
        geometry = settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 720)
        newest = settings.value("newestFirst", True, type=bool)
        self.newest.setChecked(newest)
        self.model.newest_first = newest
        level = self.level.findData(settings.value("level", "", type=str))
        self.level.setCurrentIndex(max(level, 0))

    def closeEvent(self, event: Any) -> None:
        settings = QSettings("Tripfold", "Tripfold")
        settings.setValue("geometry", self.saveGeometry())
        settings.setValue("newestFirst", self.newest.isChecked())
        settings.setValue("level", self.level.currentData() or "")
        if self.job is not None:
            self.job.cancel()
        super().closeEvent(event)

    # -- folders ----------------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        event.acceptProposedAction()
        self.add_folders(paths)

    def add_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a folder of photos and videos")
        if folder:
            self.add_folders([folder])

    def add_folders(self, paths: list[str]) -> None:
        """Add folders as sources and index them; dropped files are explained, not silently dropped."""
        folders = [p for p in paths if os.path.isdir(p)]
        files = [p for p in paths if not os.path.isdir(p)]
        self.note = ""
        if files:
            names = ", ".join(os.path.basename(p) for p in files[:3]) + ("…" if len(files) > 3 else "")
            were = "was" if len(files) == 1 else "were"
            self.note = f" ({names} {were} not added: drop folders, not single files.)"
            self.status.setText(self.note.strip(" ()"))
        if folders:
            self._run(lambda **kw: self._index_and_cluster(folders, **kw), f"Adding {len(folders)} folder(s)")

    def try_samples(self) -> None:
        def work(*, progress: Any, cancel: Any) -> dict[str, Any]:
            folder = self.service.write_sample_photos(progress=progress, cancel=cancel)
            return self._index_and_cluster([str(folder)], progress=progress, cancel=cancel)

        self._run(work, "Drawing sample photos")

    def remove_source(self) -> None:
        item = self.sources.currentItem()
        if item is None or self.job is not None:
            return
        path = item.data(Qt.ItemDataRole.UserRole)
        answer = QMessageBox.question(
            self, "Remove folder",
            f"Remove {path} from the library?\n\nIts photos and videos stay where they are; Tripfold only "
            "forgets them, and trips are updated.",
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Yes:
            self._run(lambda **kw: self._remove_and_cluster(path, **kw), "Removing folder")

    def rescan_source(self) -> None:
        """Read the chosen folder again (only new and changed files are read) and re-fold the trips."""
        item = self.sources.currentItem()
        if item is None:
            self.status.setText("Choose a folder in the list to re-scan it; Update Trips re-scans them all.")
            return
        path = item.data(Qt.ItemDataRole.UserRole)
        self._run(lambda **kw: self._index_and_cluster([path], **kw), f"Re-scanning {os.path.basename(path)}")

    def reveal_source(self) -> None:
        item = self.sources.currentItem()
        if item is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(item.data(Qt.ItemDataRole.UserRole)))

    # -- jobs -------------------------------------------------------------------------------------------
    def update_all(self) -> None:
        folders = [s["Path"] for s in self.service.list_sources()]
        if not folders:
            self.status.setText("Add a folder first: drop it here or use File › Add Folder…")
            return
        self._run(lambda **kw: self._index_and_cluster(folders, **kw), "Updating trips")

    def _index_and_cluster(self, folders: list[str], *, progress: Any, cancel: Any) -> dict[str, Any]:
        report = self.service.index_sources(folders, progress=progress, cancel=cancel)
        summary = {"indexed": report.result(), "cancelled": report.cancelled}
        options = self.options.options()
        if not report.cancelled and options is not None:
            task = self.service.create_location_date_clustering_task(
                options, progress=progress, cancel=cancel
            )
            summary["clustered"] = task
            summary["cancelled"] = task["Status"] == "Cancelled"
        summary["clusters"] = self._all_clusters()
        summary["sources"] = self.service.list_sources()
        return summary

    def _remove_and_cluster(self, path: str, *, progress: Any, cancel: Any) -> dict[str, Any]:
        self.service.remove_source(path)
        options = self.options.options() or self.service.clustering_options()
        task = self.service.create_location_date_clustering_task(options, progress=progress, cancel=cancel)
        return {"clustered": task, "cancelled": False, "clusters": self._all_clusters(),
                "sources": self.service.list_sources()}  # fmt: skip

    def _all_clusters(self) -> list[dict[str, Any]]:
        return self.service.all_location_date_clusters()

    def refresh(self) -> None:
        """Load clusters and folders off the GUI thread."""

        def load(**_: Any) -> dict[str, Any]:
            return {"clusters": self._all_clusters(), "sources": self.service.list_sources(), "refresh": True}

        self._run(load, "", quiet=True)

    def _run(self, work: Any, label: str, quiet: bool = False) -> None:
        if self.job is not None:
            self.status.setText("Tripfold is busy; wait for the current work or cancel it.")
            return
        self.job = Job(work, close=self.service.db.close)
        self.job.signals.progress.connect(self._progress)
        self.job.signals.done.connect(self._done)
        self.job.signals.failed.connect(self._failed)
        if not quiet:
            self.status.setText(label + "…" + self.note)
            self.progress.setRange(0, 0)
            self.progress.show()
            self.cancel_button.show()
            self.update_button.setEnabled(False)
        start(self.job)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.status.setText("Cancelling…")

    def _progress(self, p: Any) -> None:
        phase = PHASES.get(p.phase, p.phase.capitalize())
        if p.total:
            self.progress.setRange(0, p.total)
            self.progress.setValue(p.done)
            what = f"{p.done:,} of {p.total:,}" + (" photos and videos" if p.phase == "read" else "")
        else:
            self.progress.setRange(0, 0)
            what = f"{p.done:,} found" if p.phase == "scan" else ""
        where = f" · {p.current}" if p.current else ""
        self.status.setText(f"{phase} {what}{where}".strip() + self.note)

    def _finish(self) -> None:
        self.job = None
        self.progress.hide()
        self.cancel_button.hide()
        self.update_button.setEnabled(self.options.options() is not None)

    def _done(self, result: dict[str, Any]) -> None:
        self._finish()
        if "activity" in result:
            from app.ui.tasks_view import TasksDialog

            self.activity = TasksDialog(*result["activity"], parent=self)
            self.activity.show()
            return
        if "open" in result:
            if result["open"]:
                self.page.show_cluster(result["open"][0])
                self.stack.setCurrentWidget(self.page)
            return
        showing_page = self.stack.currentWidget() is self.page
        self._show(result["clusters"], result["sources"])
        if showing_page and not result.get("deleted"):
            self.stack.setCurrentWidget(self.page)
        if result.get("deleted"):
            self.status.setText("Trip deleted. Its photos and videos are where they were.")
        if result.get("refresh"):
            return
        if result.get("cancelled"):
            self.status.setText("Cancelled. Nothing was lost; Update Trips finishes the work.")
            return
        parts = []
        if "indexed" in result:
            r = result["indexed"]
            parts.append(f"{r['FilesRead']:,} read, {r['FilesUnchanged']:,} unchanged")
            if r["FilesFailed"]:
                parts.append(f"{r['FilesFailed']:,} could not be read")
        if "clustered" in result:
            c = result["clustered"]["Result"]
            parts.append(f"{self.model.cluster_count():,} trips ({c['ClustersCreated']} new)")
        summary = "Done: " + "; ".join(parts) + "."
        self.status.setText(summary + self.note)
        self.note = ""
        self._notify(summary)

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

    def _failed(self, message: str) -> None:
        self._finish()
        self.status.setText(f"Something went wrong: {message}")

    def _show(self, clusters: list[dict[str, Any]], sources: list[dict[str, Any]]) -> None:
        self.sources.clear()
        for source in sources:
            self.sources.addItem(
                f"{os.path.basename(source['Path']) or source['Path']}  ({source['FileCount']:,})"
            )
            item = self.sources.item(self.sources.count() - 1)
            item.setData(Qt.ItemDataRole.UserRole, source["Path"])
            item.setToolTip(source["Path"])
        self.model.set_clusters(clusters)
        self.stack.setCurrentIndex(1 if clusters else 0)
        self.loaded = True

    # -- one trip ---------------------------------------------------------------------------------------
    def open_cluster(self, index: Any) -> None:
        """Open the trip under ``index`` (double-click or Enter on a card)."""
        from app.ui.timeline import CLUSTER

        cluster = index.data(CLUSTER)
        if cluster is None:
            return

        def load(**_: Any) -> dict[str, Any]:
            page = self.service.query_location_date_clusters(
                ClusterQuery(object_id=cluster["ObjectId"], with_files=True, max_results=1)
            )
            return {"open": page["LocationDateClusters"]}

        self._run(load, "", quiet=True)

    def _rename(self, object_id: str, title: str, labels: dict) -> None:
        def work(**_: Any) -> dict[str, Any]:
            self.service.update_location_date_cluster(object_id, title=title, custom_labels=labels)
            return {"clusters": self._all_clusters(), "sources": self.service.list_sources(), "refresh": True}

        self._run(work, "", quiet=True)

    def _delete(self, object_id: str) -> None:
        def work(**_: Any) -> dict[str, Any]:
            self.service.delete_location_date_cluster(object_id)
            return {"clusters": self._all_clusters(), "sources": self.service.list_sources(), "refresh": True,
                    "deleted": True}  # fmt: skip

        self._run(work, "", quiet=True)

    def show_activity(self) -> None:
        """Tasks and unreadable files, loaded off the GUI thread, then shown in a dialog."""

        def load(**_: Any) -> dict[str, Any]:
            return {"activity": (self.service.list_tasks(), self.service.list_files("error"))}

        self._run(load, "", quiet=True)

    def _story(self, object_id: str) -> None:
        from app.ui.story_dialog import StoryDialog

        self.story_dialog = StoryDialog(self.service, self.page.cluster, self)
        self.story_dialog.show()

    def _filter(self) -> None:
        self.model.set_filter(self.level.currentData() or "", self.search.text())


def run(library: str | None, screenshot: str | None = None) -> int:
    if screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Tripfold")
    icon = Path(__file__).resolve().parents[2] / "resources" / "tripfold.svg"
    if icon.exists():
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))
    service = Service(library)
    window = MainWindow(service)
    if screenshot:
        window.resize(1200, 800)  # the same picture whatever size the window was last left at
    window.show()
    if screenshot:
        waited = [0]

        def grab_when_ready() -> None:
            waited[0] += 1
            settled = window.loaded and window.job is None and window.thumbnails.pending == 0
            if settled or waited[0] > 200:
                window.grab().save(str(Path(screenshot)))
                app.quit()
            else:
                QTimer.singleShot(50, grab_when_ready)

        QTimer.singleShot(100, grab_when_ready)
    code = app.exec()
    service.close()
    return code
