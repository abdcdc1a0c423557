"""The window's frame: the sidebar (views and folders), put away on a trip's page and in a narrow window;
the views by Ctrl+1–3; Esc and Alt+Left back from a page; a folder this computer cannot reach says so."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from app.ui.main_window import NARROW, MainWindow
from tests.ui.test_trips_window import HANGZHOU, JIAXING, card_row, click_card, shoot


def test_the_sidebar_steps_aside_for_pages_and_narrow_windows(qtbot, window: MainWindow, tmp_path: Path):
    folder = tmp_path / "p"
    shoot(folder, HANGZHOU, datetime(2024, 3, 3, 9), 2)
    shoot(folder, JIAXING, datetime(2024, 3, 5, 9), 2)
    window.add_folders([str(folder)])
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    window.resize(1200, 800)
    qtbot.waitUntil(window.sidebar.isVisible)
    click_card(qtbot, window, card_row(window, "Zhejiang"))
    qtbot.keyClick(window.trips_view, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.trip_page and not window.sidebar.isVisible()
    qtbot.keyClick(window.trip_page, Qt.Key.Key_Escape)  # nothing runs: Esc goes back
    assert window.stack.currentIndex() == 1 and window.sidebar.isVisible()
    window.resize(NARROW - 100, 600)  # narrow: put away, and back when wide again
    qtbot.waitUntil(lambda: not window.sidebar.isVisible())
    assert not window.sidebar_action.isChecked()
    window.resize(NARROW + 300, 700)
    qtbot.waitUntil(window.sidebar.isVisible)
    qtbot.keyClick(window, Qt.Key.Key_F9)  # the user's choice holds whatever the width
    assert not window.sidebar.isVisible()
    window.resize(NARROW - 100, 600)
    window.resize(NARROW + 300, 700)
    qtbot.wait(10)
    assert not window.sidebar.isVisible()


def test_views_by_keyboard_and_the_map(qtbot, window: MainWindow, tmp_path: Path) -> None:
    shoot(tmp_path / "p", HANGZHOU, datetime(2024, 3, 3, 9), 2)
    window.add_folders([str(tmp_path / "p")])
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.views.currentWidget() is window.timeline and window.sidebar.view() == "places"
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.views.currentWidget() is window.library_map and window.sidebar.view() == "map"
    assert not window.search.isEnabled()  # the map is not searched
    nav = window.sidebar.nav
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(nav.item(0)).center())
    assert window.sidebar.view() == "trips" and window.search.isEnabled()
    window.search.setText("nowhere")
    window.search.setFocus()
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    assert window.search.text() == ""


def test_a_folder_out_of_reach_says_so_and_keeps_its_photos(qtbot, window: MainWindow, tmp_path: Path):
    shoot(tmp_path / "card", HANGZHOU, datetime(2024, 3, 3, 9), 2)
    window.add_folders([str(tmp_path / "card")])
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    item = window.sources.item(0)
    assert item.text().startswith("card") and "Not reachable" not in item.toolTip()
    shutil.move(tmp_path / "card", tmp_path / "elsewhere")  # the memory card is out
    window.refresh()
    item = window.sources.item(0)
    assert "Not reachable on this computer" in item.toolTip() and window.trips_model.trip_count() >= 0
    assert item.data(Qt.ItemDataRole.AccessibleDescriptionRole) == item.toolTip()


def test_a_moved_folder_is_located_again_without_reading_it_again(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch
):
    """The memory card's photos were copied to a disk: Locate Folder… says where they are now, the trips
    keep their ids and names, and a re-scan reads nothing again."""
    shoot(tmp_path / "card", HANGZHOU, datetime(2024, 3, 3, 9), 2)
    shoot(tmp_path / "card", JIAXING, datetime(2024, 3, 5, 9), 2)
    window.add_folders([str(tmp_path / "card")])
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    before = {t.trip_id: t.caption for t in window.trips_model.trips()}
    window.sources.setCurrentRow(0)
    assert not window.sidebar.locate_action.isEnabled()  # it is where it was
    shutil.move(tmp_path / "card", tmp_path / "disk")
    window.refresh()
    window.sources.setCurrentRow(0)
    assert window.sidebar.locate_action.isEnabled()
    assert window.sidebar.locate_action in window.sources.actions()  # in the folder's context menu
    window.rescan_source()  # a re-scan of a folder out of reach says what to do instead of failing
    assert "Locate Folder" in window.status.text() and not window.busy
    asked: list[str] = []

    def choose(parent, title, folder):
        asked.append(title)
        return str(tmp_path / "disk")

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", choose)
    window.sidebar.locate_action.trigger()
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    assert asked == ["Where is card on this computer?"]
    assert "Not reachable" not in window.sources.item(0).toolTip()
    assert "nothing needed reading again" in window.status.text()
    assert {t.trip_id: t.caption for t in window.trips_model.trips()} == before
    window.sources.setCurrentRow(0)
    window.rescan_source()
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    assert window.status.text().startswith("Done: 0 read, 8 unchanged"), window.status.text()
    assert {t.trip_id: t.caption for t in window.trips_model.trips()} == before


def test_the_maps_area_filters_the_trips(qtbot, window: MainWindow, tmp_path: Path) -> None:
    from tests.ui.test_trips_window import library, trip_cards

    window.add_folders([str(library(tmp_path / "photos"))])
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    assert [t.caption for t in trip_cards(window)] == ["4 days in Zhejiang", "2 days in Paris"]
    paris = next(t for t in trip_cards(window) if "Paris" in t.caption)
    window.show_view("map")
    qtbot.waitUntil(lambda: not window.busy, timeout=10_000)
    page = window.library_map
    page.in_area.setChecked(True)
    page.area_trips.emit([paris.trip_id])  # as a settled pan over France does
    window.show_view("trips")
    assert [t.caption for t in trip_cards(window)] == ["2 days in Paris"]
    page.area_trips.emit([])  # the map over the sea
    assert trip_cards(window) == [] and "map's area" in window.trips_model.empty_text()
    page.in_area.setChecked(False)  # every trip again
    assert len(trip_cards(window)) == 2


def test_the_viewer_names_where_a_trip_photo_was_shot(qtbot, window: MainWindow, tmp_path: Path) -> None:
    from app.ui.photo_grid import KIND as PAGE_KIND

    folder = tmp_path / "p"
    shoot(folder, HANGZHOU, datetime(2024, 3, 3, 9), 2)
    shoot(folder, JIAXING, datetime(2024, 3, 5, 9), 2)
    window.add_folders([str(folder)])
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    click_card(qtbot, window, card_row(window, "Zhejiang"))
    qtbot.keyClick(window.trips_view, Qt.Key.Key_Return)
    grid = window.trip_page.grid
    model = grid.model()
    photo = next(r for r in range(model.rowCount()) if model.index(r).data(PAGE_KIND) == "file")
    grid.setCurrentIndex(model.index(photo))
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    viewer = grid.viewer
    qtbot.addWidget(viewer)
    assert "Hangzhou, Zhejiang, China" in viewer.info.text()  # a name, not a position
    viewer.close()
