"""The window's joins under real threads: readers beside a long update, inputs read at the click,
Esc, failures logged, and a quit that waits for every pool."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from app.logs import close_logging, setup_logging
from app.service import ClusterOptions, Service
from app.ui import main_window
from app.ui.main_window import MainWindow
from app.ui.timeline import KIND
from app.ui.workers import Job, JobRunner, ThreadPool
from tests.factories.photos import make_jpeg
from tests.ui.test_main_window import HANGZHOU, cards, trip

PARIS = (48.8566, 2.3522)


class Gate:
    """Connected directly to a job's progress signal, it holds the job's own callable on its pool
    thread at its first step until the test opens it, and notes which thread that was."""

    def __init__(self) -> None:
        self.open = threading.Event()
        self.entered = threading.Event()
        self.threads: set[int] = set()

    def __call__(self, *_: object) -> None:
        self.threads.add(threading.get_ident())
        self.entered.set()
        self.open.wait(30)


def hold_update(qtbot, window: MainWindow, start, queued=None) -> Gate:
    """Run ``start`` (which asks for an update) and return once the update's callable is held.

    The update first waits in the write pool's queue behind another job; ``queued`` runs then.
    """
    writes = threading.Event()
    window.runner.write.start(Job(lambda **_: writes.wait(30), name="hold the writer"))
    start()
    if queued is not None:
        queued()
    job = window.long_job
    assert job is not None
    gate = Gate()
    job.signals.progress.connect(gate, Qt.ConnectionType.DirectConnection)
    writes.set()
    qtbot.waitUntil(gate.entered.is_set, timeout=10_000)
    return gate


def settle(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)


@pytest.fixture
def filled(qtbot, threaded_window: MainWindow, tmp_path: Path) -> MainWindow:
    trip(tmp_path / "a", HANGZHOU, datetime(2024, 3, 3, 9), 2)
    threaded_window.add_folders([str(tmp_path / "a")])
    qtbot.waitUntil(lambda: threaded_window.status.text().startswith("Done"), timeout=20_000)
    settle(qtbot, threaded_window)
    trip(tmp_path / "b", PARIS, datetime(2023, 8, 1, 9), 2)
    return threaded_window


def test_readers_and_the_gui_thread_run_while_an_update_works(qtbot, filled: MainWindow, tmp_path: Path):
    window = filled
    gate = hold_update(qtbot, window, lambda: window.add_folders([str(tmp_path / "b")]))
    assert threading.get_ident() not in gate.threads  # the indexing callable runs on a pool thread
    fired: list[bool] = []
    QTimer.singleShot(0, lambda: fired.append(True))
    qtbot.waitUntil(lambda: bool(fired), timeout=5_000)  # the GUI thread handles events meanwhile
    window.show_activity()
    qtbot.waitUntil(lambda: window.activity is not None and window.activity.isVisible(), timeout=10_000)
    window.activity.close()
    row = next(r for r in range(window.model.rowCount()) if window.model.index(r).data(KIND) == "cluster")
    window.timeline.activated.emit(window.model.index(row))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.page, timeout=10_000)
    running = window.long_job
    window.update_all()  # a second update is refused, plainly; the first goes on
    assert window.long_job is running and "busy: Adding 1 folder" in window.status.text()
    gate.open.set()
    qtbot.waitUntil(lambda: window.status.text().startswith("Done"), timeout=20_000)
    settle(qtbot, window)
    assert {c.address.country for c in cards(window)} == {"China", "France"}


def test_options_are_read_when_the_update_is_asked_for(qtbot, filled: MainWindow, service: Service, tmp_path):
    window = filled
    prefs = window.preferences
    prefs.set_options(ClusterOptions(3, 1, 15, ("city",)), service.trip_options())  # as Apply leaves them
    asked = prefs.cluster_options()

    def change() -> None:  # after the click: the job must not see it, neither queued nor running
        now = prefs.cluster_options()
        other = ClusterOptions(now.gap_days + 1, 1, 15, ("country", "city"))
        prefs.set_options(other, service.trip_options())

    gate = hold_update(qtbot, window, lambda: window.add_folders([str(tmp_path / "b")]), queued=change)
    change()
    gate.open.set()
    qtbot.waitUntil(lambda: window.status.text().startswith("Done"), timeout=20_000)
    settle(qtbot, window)
    assert service.clustering_options() == asked


def test_escape_cancels_the_update_but_not_from_a_dialog(qtbot, filled: MainWindow, tmp_path: Path) -> None:
    window = filled
    assert not window.cancel_action.isEnabled()  # with nothing running, Esc is left to whoever wants it
    gate = hold_update(qtbot, window, lambda: window.add_folders([str(tmp_path / "b")]))
    window.show_activity()
    qtbot.waitUntil(lambda: window.activity is not None and window.activity.isVisible(), timeout=10_000)
    dialog = window.activity
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5_000)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and not window.long_job.cancelled  # Esc closed the dialog only
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.long_job.cancelled and window.status.text() == "Cancelling…"
    gate.open.set()
    qtbot.waitUntil(lambda: not window.busy and window.long_job is None, timeout=20_000)
    assert window.status.text().startswith("Cancelled")
    assert not window.cancel_action.isEnabled()


def test_a_failed_job_is_logged_and_the_message_names_the_log(qtbot, window: MainWindow, tmp_path: Path):
    log = setup_logging(tmp_path / "logs")
    try:
        window._rename("no-such-trip", "Lake days", {})  # the service refuses: there is no such trip
        said = window.status.text()
        assert "[" not in said.split("Details")[0] and "no-such-trip" in window.status.toolTip()
        assert f"Details are in {log}" in window.status.text() or "Details are in ~/" in window.status.text()
        text = log.read_text()
        assert "rename a trip failed" in text and "Traceback" in text
    finally:
        close_logging()


def test_quitting_waits_for_pending_thumbnails(service: Service, tmp_path: Path) -> None:
    """Before the pools were waited for, each decode still running at quit raised
    "Signal source has been deleted" from its pool thread."""
    for n, place in enumerate((HANGZHOU, PARIS, (35.0116, 135.7681))):
        for k in range(8):
            make_jpeg(tmp_path / "p" / f"{n}_{k}.jpg", pixels=(1600, 1200),
                      datetime_original=datetime(2020 + n, 5, 1 + k // 4, 9, k), gps=place)  # fmt: skip
    service.index_sources([str(tmp_path / "p")])
    from app.service import ClusterOptions

    service.create_location_date_clustering_task(ClusterOptions())
    library = str(service.library_path)
    service.close()
    script = f"""
import sys
from PySide6.QtWidgets import QApplication
from app.ui import main_window

shown = main_window.MainWindow._show

def show_then_quit(self, *args):
    shown(self, *args)
    self.resize(1400, 1000)
    for _ in range(500):  # until the laid-out cards have asked for their thumbnails
        self.timeline.viewport().repaint()  # asks for every visible card's thumbnails
        if self.thumbnails.pending:
            break
        QApplication.processEvents()
    print("pending", self.thumbnails.pending, flush=True)
    QApplication.instance().quit()

main_window.MainWindow._show = show_then_quit
sys.exit(main_window.run({library!r}))
"""
    root = Path(__file__).resolve().parents[2]
    env = {**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=300, env=env
    )
    assert out.returncode == 0, out.stderr
    pending = int(out.stdout.split("pending")[1].split()[0])
    assert pending > 0, "no thumbnail was pending at quit: the test proves nothing"
    assert "Signal source has been deleted" not in out.stderr
    assert "Traceback" not in out.stderr, out.stderr


@pytest.fixture
def held_pictures(qtbot, service: Service, tmp_path: Path, monkeypatch):
    """A window opening on trips whose pictures cannot be made yet: its one thumbnail thread is held
    until the test sets the returned event.  The places' longest wait is made long enough that only the
    pictures' arrival, or asking for the places, can start their read."""
    trip(tmp_path / "a", HANGZHOU, datetime(2024, 3, 3, 9), 2)
    trip(tmp_path / "a", PARIS, datetime(2023, 8, 1, 9), 2)
    service.index_sources([str(tmp_path / "a")])
    service.create_location_date_clustering_task(ClusterOptions(levels=("country", "province", "city")))
    monkeypatch.setattr(main_window, "PLACES_WAIT", 60.0)
    runner = JobRunner(ThreadPool("read", 2), ThreadPool("thumbnails", 1), ThreadPool("write", 1))
    held = threading.Event()
    runner.thumbnails.start(Job(lambda **_: held.wait(30), name="hold the thumbnail thread"))
    window = MainWindow(service, runner)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.trips_model.trip_count() == 2 and window.thumbnails.pending > 0,
                    timeout=10_000)  # fmt: skip
    yield window, held
    held.set()
    assert runner.shutdown(10_000)


def test_the_places_are_read_after_the_pictures_of_the_trips_on_screen(qtbot, held_pictures) -> None:
    """On two cores, reading the places beside the first screen's decodes slowed the covers by a tenth."""
    window, held = held_pictures
    qtbot.wait(300)  # six looks at the pictures still waited for
    assert window.model.cluster_count() == 0 and window.model.empty_text() == "Reading the library…"
    held.set()
    qtbot.waitUntil(lambda: window.model.cluster_count() > 0, timeout=10_000)
    assert window.thumbnails.pending == 0 and window.loaded


def test_asking_for_the_places_reads_them_at_once(qtbot, held_pictures) -> None:
    window, held = held_pictures
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # View › Places
    qtbot.waitUntil(lambda: window.model.cluster_count() > 0, timeout=10_000)
    assert window.views.currentWidget() is window.timeline and not held.is_set()
