"""A trip's page makes a story of the trip (SPEC §8 from §10): Create Story… (or Ctrl+Shift+S) asks for
it, the story dialog shows the trip's own photos, and the album it writes holds the photos chosen.  On a
real library of made photos: a home in Hangzhou and a trip Kyoto → Osaka."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPushButton

from app.service import ClusterOptions, Service
from app.service.trips import TripInfo
from app.ui.main_window import MainWindow
from app.ui.story_dialog import PATH, StoryDialog
from app.ui.thumbnails import Thumbnails
from app.ui.trip_page import TripPage
from app.ui.workers import JobRunner
from tests.factories.photos import make_jpeg

HANGZHOU = (30.2741, 120.1551)
KYOTO = (35.0116, 135.7681)
OSAKA = (34.6937, 135.5023)
PHONE = ("Apple", "iPhone 15", "")
SHORTCUT = QKeySequence("Ctrl+Shift+S")


def shoot(folder: Path, place: tuple[float, float], start: datetime, n: int, offset: str = "+09:00") -> None:
    for k in range(n):
        when = start + timedelta(hours=2 * k)
        make_jpeg(folder / f"{when:%Y%m%d_%H%M%S}.jpg", pixels=(64 + 8 * k, 48), datetime_original=when,
                  offset=offset, gps=(place[0] + 0.001 * k, place[1] + 0.001 * k), camera=PHONE)  # fmt: skip


@pytest.fixture
def trip(service: Service, tmp_path: Path) -> TripInfo:
    """Home in Hangzhou every week; Kyoto for two days, then Osaka, three photos a day: the trip."""
    photos = tmp_path / "photos"
    for week in range(13):
        shoot(photos / "home", HANGZHOU, datetime(2024, 1, 2, 18) + timedelta(days=7 * week), 1, "+08:00")
    for day, place in ((9, KYOTO), (10, KYOTO), (11, OSAKA)):
        shoot(photos / "japan", place, datetime(2024, 3, day, 9), 3)
    service.index_sources([str(photos)])
    service.create_location_date_clustering_task(ClusterOptions(levels=("city",)))
    (found,) = service.query_trips(with_files=True)
    assert found.file_count == 9 and [s.address.city for s in found.stops] == ["Kyoto", "Osaka"]
    return found


def test_create_story_on_a_trips_page_writes_an_album_of_the_chosen_photos(
    qtbot, service: Service, runner: JobRunner, trip: TripInfo, tmp_path: Path
) -> None:
    page = TripPage(Thumbnails(runner.thumbnails), runner.read)
    qtbot.addWidget(page)
    page.show_trip(trip)
    page.show()
    dialogs: list[StoryDialog] = []

    def open_story(trip_id: str) -> None:  # what the window does with the page's signal
        assert page.trip is not None and page.trip.trip_id == trip_id
        dialogs.append(StoryDialog(service, page.trip, runner, page))
        qtbot.addWidget(dialogs[-1])
        dialogs[-1].show()

    page.story.connect(open_story)
    button = page.findChild(QPushButton, "createStory")
    assert button.text() == "Create Story…" and "Ctrl+Shift+S" in button.toolTip()
    with qtbot.waitSignal(page.story) as asked:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert asked.args == [trip.trip_id]
    (dialog,) = dialogs
    qtbot.waitUntil(lambda: dialog.job is None and dialog.grid.count() == 9, timeout=20_000)
    assert trip.caption in dialog.windowTitle()
    shown = [dialog.grid.item(i).data(PATH) for i in range(dialog.grid.count())]
    assert sorted(shown) == sorted(f.path for f in trip.files or [])  # the trip's photos, none of home
    assert len(dialog.chosen()) == 9  # all nine fit under the default 40
    for row in (1, 4, 7):  # leave three out
        dialog.grid.item(row).setCheckState(Qt.CheckState.Unchecked)
    chosen = dialog.chosen()
    assert len(chosen) == 6 and "6 of 9 chosen" in dialog.summary.text()
    for name, box in dialog.formats.items():
        box.setChecked(name == "album")
    dialog.dest.setText(str(tmp_path / "stories"))
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None and dialog.open_button.isVisible(), timeout=30_000)
    (album,) = (tmp_path / "stories").iterdir()
    assert album.name == trip.caption and dialog.result_folder == str(album)
    assert sorted(p.name.split("_", 2)[2] for p in album.iterdir()) == sorted(Path(p).name for p in chosen)
    (story,) = service.query_stories(trip.trip_id)
    assert sorted(story.paths) == sorted(chosen) and story.cluster_object_id == trip.trip_id


def test_ctrl_shift_s_asks_for_the_trips_story_and_no_other_action_takes_it(
    qtbot, service: Service, runner: JobRunner, trip: TripInfo
) -> None:
    window = MainWindow(service, runner)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.open_trip_id(trip.trip_id)
    page = window.trip_page
    assert window.stack.currentWidget() is page and page.trip is not None
    taken = [a for a in window.findChildren(QAction) if SHORTCUT in a.shortcuts()]
    assert taken == [page.story_action]
    with qtbot.waitSignal(page.story) as asked:
        qtbot.keyClick(
            page.grid, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        )
    assert asked.args == [trip.trip_id]
