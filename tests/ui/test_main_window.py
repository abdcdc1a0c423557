"""The window with a real Qt application (offscreen), a real library and real photos."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from app.service import ClusterOptions, Service
from app.service.records import ClusterInfo
from app.ui.main_window import MainWindow
from app.ui.photo_grid import KIND as PAGE_KIND
from app.ui.sort_control import OLDEST
from app.ui.tasks_view import local_time
from app.ui.timeline import CLUSTER, KIND
from app.ui.workers import JobRunner
from tests.factories.photos import make_jpeg

HANGZHOU = (30.2741, 120.1551)
JIAXING = (30.7522, 120.7500)


def trip(folder: Path, place: tuple[float, float], start: datetime, days: int, per_day: int = 2) -> None:
    for d in range(days):
        for k in range(per_day):
            when = start + timedelta(days=d, minutes=3 * k)
            make_jpeg(folder / f"IMG_{when:%m%d_%H%M}.jpg", datetime_original=when, gps=place)


def drop(win: MainWindow, paths: list[Path]) -> list[QDropEvent]:
    """Drag ``paths`` in, move over the window and drop, as a file manager does when Shift asks to move.

    Qt's test helpers cannot perform a real drag; these are the events a real one delivers, in order
    (Qt delivers a drop only to the widget that accepted the drag's enter event).
    """
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    both = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    args = (mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier)
    events = [
        QDragEnterEvent(QPoint(10, 10), both, *args),
        QDragMoveEvent(QPoint(12, 12), both, *args),
        QDropEvent(QPoint(12, 12), both, *args),
    ]
    for event in events:
        assert event.proposedAction() == Qt.DropAction.MoveAction
        QApplication.sendEvent(win, event)
    return events


def cards(win: MainWindow) -> list[ClusterInfo]:
    model = win.model
    return [
        model.index(r).data(CLUSTER)
        for r in range(model.rowCount())
        if model.index(r).data(KIND) == "cluster"
    ]


def test_first_start_explains_itself(window: MainWindow) -> None:
    assert window.stack.currentWidget() is window.empty
    assert window.findChild(QPushButton, "emptyAddFolder").text() == "Add Folder…"


def test_dropping_folders_indexes_and_folds_them_into_trips(
    qtbot, threaded_window: MainWindow, tmp_path: Path
) -> None:
    window = threaded_window
    trip(tmp_path / "china", HANGZHOU, datetime(2024, 3, 3, 9), 3)
    trip(tmp_path / "china", JIAXING, datetime(2024, 3, 6, 9), 3)
    stray = make_jpeg(tmp_path / "loose.jpg", datetime_original=datetime(2024, 1, 1))
    drop(window, [tmp_path / "china", stray])
    # a dropped file is explained, not silently ignored
    qtbot.waitUntil(lambda: "not added" in window.status.text(), timeout=5_000)
    qtbot.waitUntil(lambda: window.status.text().startswith("Done:") and not window.busy, timeout=20_000)
    assert window.stack.currentIndex() == 1
    captions = {(c.caption, c.level) for c in cards(window)}
    assert ("Hangzhou · Zhejiang, China", "city") in captions and ("Zhejiang · China", "province") in captions
    assert window.status.text().startswith("Done:") and "loose.jpg was not added" in window.status.text()
    assert window.sources.count() == 1 and "china" in window.sources.item(0).text()
    qtbot.waitUntil(lambda: window.thumbnails.pending == 0, timeout=10_000)
    assert not window.grab().isNull()  # paints every visible card: a delegate error fails the test here
    years = [
        window.model.index(r).data()
        for r in range(window.model.rowCount())
        if window.model.index(r).data(KIND) == "year"
    ]
    assert years == ["2024"]


def test_drops_are_taken_as_a_copy_and_handled_after_the_drop(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    """Answering Move would let the file manager delete the user's folder after the drop."""
    trip(tmp_path / "p", HANGZHOU, datetime(2024, 3, 3, 9), 1)
    events = drop(window, [tmp_path / "p"])
    assert all(e.isAccepted() and e.dropAction() == Qt.DropAction.CopyAction for e in events)
    assert window.sources.count() == 0  # the work waits until the drop has returned to the source
    qtbot.waitUntil(lambda: window.sources.count() == 1, timeout=10_000)
    assert len(list((tmp_path / "p").glob("*.jpg"))) == 2
    mime = QMimeData()
    mime.setUrls([QUrl("https://example.com/photo.jpg")])
    web = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                          Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(window, web)
    assert not web.isAccepted()  # nothing Tripfold can read


def test_new_rules_from_preferences_fold_the_library_again(qtbot, window: MainWindow, tmp_path: Path) -> None:
    """Ctrl+, opens Preferences; half-typed rules never reach an update; OK folds again at once."""
    trip(tmp_path / "p", HANGZHOU, datetime(2024, 3, 3, 9), 2)
    window.add_folders([str(tmp_path / "p")])
    qtbot.waitUntil(lambda: not window.busy, timeout=20_000)
    window.show()
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    prefs = window.preferences
    assert prefs.isVisible()
    prefs.places.min.setValue(9)
    prefs.places.max.setValue(3)  # wrong: the shortest longer than the longest
    assert not prefs.ok.isEnabled() and "longest" in prefs.places.error.text()
    window.update_all()  # meanwhile an update uses the rules last applied
    qtbot.waitUntil(lambda: not window.busy, timeout=20_000)
    assert window.service.clustering_options().max_days == 15
    prefs.places.max.setValue(15)
    prefs.places.gap.setValue(3)
    qtbot.mouseClick(prefs.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.busy and not prefs.isVisible(), timeout=20_000)
    saved = window.service.clustering_options()
    assert saved.gap_days == 3 and saved.min_days == 9


def test_an_update_with_wrong_saved_rules_is_refused_and_says_why(qtbot, window: MainWindow, tmp_path: Path):
    trip(tmp_path / "p", HANGZHOU, datetime(2024, 3, 3, 9), 2)
    window.add_folders([str(tmp_path / "p")])
    qtbot.waitUntil(lambda: not window.busy, timeout=20_000)
    before = len(window.service.list_tasks())
    window.preferences.set_options(ClusterOptions(1, 9, 3, ("city",)), window.service.trip_options())
    window.update_all()
    assert not window.busy and len(window.service.list_tasks()) == before  # nothing ran half-done
    assert "place rules" in window.status.text() and window.preferences.isVisible()


def test_search_and_level_filter(qtbot, window: MainWindow, tmp_path: Path) -> None:
    trip(tmp_path / "p", HANGZHOU, datetime(2024, 3, 3, 9), 2)
    trip(tmp_path / "p", (48.8566, 2.3522), datetime(2023, 8, 1, 9), 2)
    window.add_folders([str(tmp_path / "p")])
    qtbot.waitUntil(lambda: not window.busy, timeout=20_000)
    window.search.setText("paris")
    assert {c.address.country for c in cards(window)} == {"France"}
    window.search.clear()
    window.level.setCurrentIndex(window.level.findData("province"))
    assert {c.level for c in cards(window)} == {"province"}
    window.level.setCurrentIndex(0)
    starts = [c.start_time for c in cards(window)]
    assert starts == sorted(starts, reverse=True)  # newest first
    window.sort_control.set_sort(OLDEST)
    starts = [c.start_time for c in cards(window)]
    assert starts == sorted(starts)


def test_cancel_stops_the_update_and_nothing_is_lost(
    qtbot, threaded_window: MainWindow, tmp_path: Path
) -> None:
    window = threaded_window
    trip(tmp_path / "many", HANGZHOU, datetime(2024, 3, 1, 0), 10, per_day=24)  # 240 photos
    window.add_folders([str(tmp_path / "many")])
    qtbot.waitUntil(lambda: window.progress.maximum() > 0 and window.progress.value() > 0, timeout=20_000)
    qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.busy, timeout=10_000)  # how fast: tests/bench/bench_window.py
    assert window.status.text().startswith("Cancelled") or window.status.text().startswith("Done")
    assert not window.cancel_button.isVisible() and not window.cancel_action.isEnabled()
    window.update_all()
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    assert sum(c.file_count for c in cards(window) if c.level == "city") == 240


def test_removing_a_folder_asks_first_and_touches_no_file(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    trip(tmp_path / "p", HANGZHOU, datetime(2024, 3, 3, 9), 2)
    window.add_folders([str(tmp_path / "p")])
    qtbot.waitUntil(lambda: not window.busy, timeout=20_000)
    window.sources.setCurrentRow(0)
    asked = []

    def answer(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    window.remove_source()
    qtbot.waitUntil(lambda: not window.busy, timeout=20_000)
    assert "stay where they are" in asked[0]
    assert window.sources.count() == 0 and cards(window) == []
    assert len(list((tmp_path / "p").glob("*.jpg"))) == 4


def test_screenshot_renders_the_filled_timeline(service: Service, tmp_path: Path) -> None:
    import subprocess
    import sys

    trip(tmp_path / "p", HANGZHOU, datetime(2024, 3, 3, 9), 2)
    service.index_sources([str(tmp_path / "p")])
    from app.service import ClusterOptions

    service.create_location_date_clustering_task(ClusterOptions())
    library = service.library_path
    service.close()
    shot = tmp_path / "shot.png"
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-m", "app", "--library", str(library), "gui", "--screenshot", str(shot)],
        cwd=root, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(shot))
    assert not image.isNull() and image.width() > 600
    assert QApplication.instance() is not None


def test_try_with_sample_photos(qtbot, window: MainWindow, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TRIPFOLD_LIBRARY", str(tmp_path / "lib" / "library.db"))  # samples go beside it
    button = window.findChild(QPushButton, "trySamples")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.busy, timeout=60_000)
    places = {c.caption for c in cards(window) if c.level == "city"}
    assert {"Hangzhou · Zhejiang, China", "Paris · Ile-de-France, France", "Kyoto · Japan"} <= places
    assert (tmp_path / "lib" / "Sample Photos").is_dir()


def test_opening_renaming_and_deleting_a_trip(qtbot, window: MainWindow, tmp_path: Path, monkeypatch) -> None:
    trip(tmp_path / "p", HANGZHOU, datetime(2024, 3, 3, 9), 2)
    window.add_folders([str(tmp_path / "p")])
    qtbot.waitUntil(lambda: not window.busy, timeout=20_000)
    row = next(r for r in range(window.model.rowCount()) if window.model.index(r).data(KIND) == "cluster")
    window.timeline.activated.emit(window.model.index(row))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.page and not window.busy, timeout=10_000)
    page = window.page
    days = [
        page.model.index(r).data()
        for r in range(page.model.rowCount())
        if page.model.index(r).data(PAGE_KIND) == "day"
    ]
    assert days == ["Sunday, March 3, 2024", "Monday, March 4, 2024"] and page.model.rowCount() == 6
    page.title.setText("Lake days")
    page.labels.setText("who=us")
    page.title.editingFinished.emit()
    qtbot.waitUntil(
        lambda: not window.busy and any(c.title == "Lake days" for c in cards(window)), timeout=10_000
    )
    assert window.stack.currentWidget() is page
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes
    )
    qtbot.mouseClick(page.findChild(QPushButton, "deleteCluster"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.busy and window.stack.currentWidget() is not page, timeout=10_000)
    assert "No photo or video is touched" in asked[0]
    assert all(c.title != "Lake days" for c in cards(window))
    assert len(list((tmp_path / "p").glob("*.jpg"))) == 4


def test_activity_lists_tasks_and_unreadable_files(qtbot, window: MainWindow, tmp_path: Path) -> None:
    folder = tmp_path / "My Photos"
    trip(folder, HANGZHOU, datetime(2024, 3, 3, 9), 1)
    (folder / "été.jpg").write_bytes(b"")  # shown as a path, never as My%20Photos/%C3%A9t%C3%A9.jpg
    window.add_folders([str(folder)])
    qtbot.waitUntil(lambda: not window.busy, timeout=20_000)
    window.show_activity()
    qtbot.waitUntil(lambda: getattr(window, "activity", None) is not None, timeout=10_000)
    tasks = window.activity.tasks
    kinds = {tasks.item(r, 1).text() for r in range(tasks.rowCount())}
    assert {"Reading your folders", "Grouping into trips and places"} <= kinds  # no IMM names
    started = [local_time(t.start_time) for t in window.service.list_tasks()]
    assert [tasks.item(r, 0).toolTip() for r in range(tasks.rowCount())] == started
    failed = window.activity.failed
    assert failed.rowCount() == 1
    assert failed.item(0, 0).text() == "été.jpg" and failed.item(0, 1).text() == "The file is empty"
    assert failed.item(0, 2).text() == str(folder)
    window.activity.close()


def test_viewer_moves_with_arrow_keys_and_closes_with_escape(
    qtbot, tmp_path: Path, runner: JobRunner
) -> None:
    from app.ui.viewer import Viewer

    paths = [
        str(make_jpeg(tmp_path / f"{n}.jpg", pixels=(64, 48), datetime_original=datetime(2024, 3, 3, n)))
        for n in range(3)
    ]
    viewer = Viewer(paths, 1, runner.thumbnails, None)
    qtbot.addWidget(viewer)
    viewer.show()
    qtbot.waitUntil(lambda: not viewer.picture.pixmap().isNull(), timeout=5_000)
    assert "2 of 3" in viewer.caption.text()
    qtbot.keyClick(viewer, Qt.Key.Key_Right)
    assert viewer.current == paths[2] and "3 of 3" in viewer.caption.text()
    qtbot.keyClick(viewer, Qt.Key.Key_Right)  # the last one stays
    assert viewer.current == paths[2]
    qtbot.keyClick(viewer, Qt.Key.Key_Left)
    qtbot.keyClick(viewer, Qt.Key.Key_Left)
    assert viewer.current == paths[0]
    qtbot.keyClick(viewer, Qt.Key.Key_Escape)
    assert not viewer.isVisible()


def test_the_last_view_is_remembered(qtbot, service: Service, runner: JobRunner) -> None:
    first = MainWindow(service, runner)
    qtbot.addWidget(first)
    qtbot.waitUntil(lambda: first.loaded and not first.busy, timeout=10_000)
    first.sort_control.set_sort(OLDEST)
    first.level.setCurrentIndex(first.level.findData("city"))
    first.close()
    second = MainWindow(service, runner)
    qtbot.addWidget(second)
    qtbot.waitUntil(lambda: second.loaded and not second.busy, timeout=10_000)
    assert second.sort_control.sort() == OLDEST and not second.model.newest_first
    assert second.level.currentData() == "city"
    second.close()


def test_create_story_dialog_swaps_a_photo_and_writes_an_album(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    from app.ui.story_dialog import PATH, StoryDialog

    trip(tmp_path / "p", HANGZHOU, datetime(2024, 3, 3, 9), 3, per_day=3)
    window.add_folders([str(tmp_path / "p")])
    qtbot.waitUntil(lambda: not window.busy, timeout=20_000)
    city = next(c for c in cards(window) if c.level == "city")
    dialog = StoryDialog(window.service, city, window.runner, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.job is None and dialog.grid.count() == 9, timeout=20_000)
    assert len(dialog.chosen()) == 9  # all nine fit under the default 40
    from app.core import exporters

    for exporter in exporters.EXPORTERS:  # the formats come from the registry, each as this machine can
        assert dialog.formats[exporter.name].isEnabled() == (not exporter.unavailable())
    dialog.grid.item(0).setCheckState(Qt.CheckState.Unchecked)  # leave one out
    dialog.grid.setCurrentRow(4)
    qtbot.mouseClick(dialog.findChild(type(dialog.create_button), "useAsCover"), Qt.MouseButton.LeftButton)
    assert dialog.cover == dialog.grid.item(4).data(PATH) and "★" in dialog.grid.item(4).text()
    said = [dialog.grid.item(i).data(Qt.ItemDataRole.AccessibleTextRole) for i in range(9)]
    assert all(s and s.startswith("Photo ") for s in said)  # a screen reader names every thumbnail
    assert said[4].endswith(", the cover") and Path(dialog.grid.item(4).data(PATH)).name in said[4]
    dialog.dest.setText(str(tmp_path / "stories"))
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None and dialog.open_button.isVisible(), timeout=30_000)
    (album,) = (tmp_path / "stories").iterdir()
    assert len(list(album.iterdir())) == 8
    assert dialog.result_folder == str(album)
    assert f"Album folder (copies): {album.name}" in dialog.status.text()
    (story,) = window.service.query_stories(city.object_id)
    assert story.cover_path == dialog.grid.item(4).data(PATH)


def test_viewer_plays_a_video_and_pauses_with_space(qtbot, tmp_path: Path, runner: JobRunner) -> None:
    try:
        from PySide6.QtMultimedia import QMediaPlayer
    except ImportError as exc:  # e.g. libpulse.so.0 missing: the viewer opens videos in the system player
        pytest.skip(f"Qt Multimedia cannot load on this machine ({exc})")

    from app.ui.viewer import Viewer
    from tests.factories.videos import make_mp4

    photo = str(make_jpeg(tmp_path / "a.jpg", datetime_original=datetime(2024, 3, 3, 9)))
    clip = str(make_mp4(tmp_path / "b.mp4", seconds=3.0, size=(160, 120)))
    viewer = Viewer([photo, clip], 1, runner.thumbnails, None)
    qtbot.addWidget(viewer)
    viewer.show()
    assert viewer.video.isVisible() and not viewer.picture.isVisible()
    qtbot.waitUntil(lambda: viewer.player.position() > 0, timeout=10_000)
    qtbot.keyClick(viewer, Qt.Key.Key_Space)
    assert viewer.player.playbackState() == QMediaPlayer.PlaybackState.PausedState
    qtbot.keyClick(viewer, Qt.Key.Key_Left)
    assert (
        viewer.picture.isVisible()
        and viewer.player.playbackState() == QMediaPlayer.PlaybackState.StoppedState
    )
    qtbot.keyClick(viewer, Qt.Key.Key_Escape)


def test_rescanning_one_folder_reads_only_what_changed(qtbot, window: MainWindow, tmp_path: Path) -> None:
    trip(tmp_path / "p", HANGZHOU, datetime(2024, 3, 3, 9), 2)
    window.add_folders([str(tmp_path / "p")])
    qtbot.waitUntil(lambda: not window.busy, timeout=20_000)
    trip(tmp_path / "p", HANGZHOU, datetime(2024, 3, 5, 9), 1)
    window.sources.setCurrentRow(0)
    window.rescan_source()
    qtbot.waitUntil(lambda: not window.busy, timeout=20_000)
    assert "2 read, 4 unchanged" in window.status.text()
    (city,) = [c for c in cards(window) if c.level == "city"]
    assert city.days == 3
