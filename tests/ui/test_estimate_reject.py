"""Refusing an estimated place from the trip page (SPEC §10: "rejected per file"), on a real library: a phone
with GPS in Kyoto and a camera without GPS or time zone beside it, whose place is borrowed from the phone."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.service import Service
from app.ui.main_window import MainWindow
from app.ui.photo_grid import ESTIMATED, PATH
from app.ui.trip_page import TripPage
from app.ui.trip_timeline import TRIP
from tests.factories.photos import make_jpeg

KYOTO = (35.0116, 135.7681)
PHONE = ("Apple", "iPhone 15", "")
CANON = ("Canon", "R5", "1")


def kyoto(folder: Path, phone_shots: list[datetime]) -> Path:
    """The phone's photos in Kyoto (GPS, +09:00) and the camera's at 10:30 on the first day, without GPS
    and without an offset: its place can only be estimated from the phone's."""
    for when in phone_shots:
        name = f"phone_{when:%Y%m%d_%H%M}.jpg"
        make_jpeg(folder / name, datetime_original=when, offset="+09:00", gps=KYOTO, camera=PHONE)
    return make_jpeg(folder / "canon_0001.jpg", datetime_original=datetime(2024, 3, 9, 10, 30), offset=None,
                     camera=CANON)  # fmt: skip


def open_only_trip(qtbot, window: MainWindow) -> TripPage:
    (row,) = [r for r in range(window.trips_model.rowCount()) if window.trips_model.index(r).data(TRIP)]
    view = window.trips_view
    center = view.visualRect(window.trips_model.index(row)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.trip_page
    return window.trip_page


def click_tile(qtbot, page: TripPage, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    rect = page.grid.visualRect(page.model.index(row))
    qtbot.mouseClick(page.grid.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def estimated_rows(page: TripPage) -> list[int]:
    return [r for r in range(page.model.rowCount()) if page.model.index(r).data(ESTIMATED)]


def paths_shown(page: TripPage) -> list[str]:
    return [p for p in (page.model.index(r).data(PATH) for r in range(page.model.rowCount())) if p]


def answer(monkeypatch, button: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or button)
    return asked


def test_the_estimated_place_is_refused_by_keyboard_and_the_trip_shown_without_the_photo(
    qtbot, window: MainWindow, service: Service, tmp_path: Path, monkeypatch
) -> None:
    folder = tmp_path / "photos"
    shots = [datetime(2024, 3, 9, 10), datetime(2024, 3, 9, 10, 50), datetime(2024, 3, 9, 15),
             datetime(2024, 3, 10, 10)]  # fmt: skip
    canon = str(kyoto(folder, shots))
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    window.add_folders([str(folder)])
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    assert service.query_trips()[0].estimated_count == 1
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page = open_only_trip(qtbot, window)
    (row,) = estimated_rows(page)
    assert page.model.index(row).data(PATH) == canon
    action = page.reject_action
    assert action in page.grid.actions()  # the tile's context menu
    assert action.text() == "Don't Use the Estimated Place…"
    click_tile(qtbot, page, row - 1)  # a photo whose place was read: nothing to refuse
    assert not action.isEnabled()
    qtbot.keyClick(page.grid, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # all: only estimates count
    assert len(page.grid.selectionModel().selectedIndexes()) > 2 and page.estimated_selection() == [canon]
    asked = answer(monkeypatch, QMessageBox.StandardButton.No)
    click_tile(qtbot, page, row)
    assert action.isEnabled()
    qtbot.keyClick(page.grid, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 1 and canon in paths_shown(page)  # "No" changes nothing
    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
    qtbot.keyClick(page.grid, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert asked and "never changed" in asked[0] and "this photo" in asked[0]
    assert window.stack.currentWidget() is page and page.trip is not None
    assert canon not in paths_shown(page) and len(paths_shown(page)) == 4 and not estimated_rows(page)
    (trip,) = service.query_trips()
    assert trip.estimated_count == 0 and trip.file_count == 4 and trip.trip_id == page.trip.trip_id
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # no photo was written


def test_a_trip_that_only_the_estimate_held_together_goes_and_the_timeline_comes_back(
    qtbot, window: MainWindow, service: Service, tmp_path: Path, monkeypatch
) -> None:
    folder = tmp_path / "photos"
    kyoto(folder, [datetime(2024, 3, 9, 10), datetime(2024, 3, 9, 11)])  # three files with the estimate
    window.add_folders([str(folder)])
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    page = open_only_trip(qtbot, window)
    (row,) = estimated_rows(page)
    page.grid.selectionModel().select(page.model.index(row), page.grid.selectionModel().SelectionFlag.Select)
    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
    page.reject_action.trigger()
    assert len(asked) == 1
    assert service.query_trips() == [] and window.stack.currentWidget() is not page
