"""The window's trips (SPEC §10, issue #11): the timeline of trips, the trip page, trip options, homes,
merge, split, delete and restore, and the files no trip holds — on real libraries of made photos."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from app.service.trips import TripInfo
from app.ui.main_window import MainWindow
from app.ui.photo_grid import DAY, ESTIMATED
from app.ui.trip_timeline import TRIP, stops_text
from tests.factories.photos import make_jpeg

HANGZHOU = (30.2741, 120.1551)
JIAXING = (30.7522, 120.7500)
PARIS = (48.8566, 2.3522)


def shoot(folder: Path, place: tuple[float, float] | None, start: datetime, days: int, per_day: int = 2,
          camera: tuple[str, str, str] = ("Tripfold", "Phone", "")) -> None:  # fmt: skip
    for d in range(days):
        for k in range(per_day):
            when = start + timedelta(days=d, minutes=3 * k)
            name = f"{camera[1]}_{when:%Y%m%d_%H%M}.jpg"
            make_jpeg(folder / name, datetime_original=when, gps=place, camera=camera)


def library(folder: Path) -> Path:
    """Zhejiang in March 2024 (Hangzhou, then Jiaxing), Paris in August 2023 with a DSLR photo without
    GPS beside the phone's, one photo without a place far from any other, and one without a time."""
    shoot(folder, HANGZHOU, datetime(2024, 3, 3, 9), 2)
    shoot(folder, JIAXING, datetime(2024, 3, 5, 9), 2)
    shoot(folder, PARIS, datetime(2023, 8, 1, 10), 2)
    make_jpeg(folder / "DSLR_0001.jpg", datetime_original=datetime(2023, 8, 1, 10, 30),
              camera=("Nikon", "D750", "42"))  # fmt: skip
    make_jpeg(folder / "lost.jpg", datetime_original=datetime(2022, 1, 1, 12), camera=("Nikon", "D750", "42"))
    make_jpeg(folder / "undated.jpg", gps=PARIS)
    return folder


def trip_cards(win: MainWindow) -> list[TripInfo]:
    model = win.trips_model
    return [model.index(r).data(TRIP) for r in range(model.rowCount()) if model.index(r).data(TRIP)]


def card_row(win: MainWindow, caption_part: str) -> int:
    model = win.trips_model
    return next(
        r for r in range(model.rowCount())
        if model.index(r).data(TRIP) and caption_part in model.index(r).data(TRIP).caption
    )  # fmt: skip


def click_card(qtbot, win: MainWindow, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    view = win.trips_view
    index = win.trips_model.index(row)

    def in_sight() -> bool:  # the window lays out on the event loop's next turn: scroll once it has
        view.scrollTo(index)
        return view.viewport().rect().contains(view.visualRect(index).center())

    qtbot.waitUntil(in_sight)
    center = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, center)


def answer_yes(monkeypatch) -> list[str]:
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes
    )
    return asked


@pytest.fixture
def filled(qtbot, window: MainWindow, tmp_path: Path) -> MainWindow:
    window.add_folders([str(library(tmp_path / "photos"))])
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    return window


def test_the_timeline_shows_one_card_per_trip_with_its_stops(qtbot, filled: MainWindow) -> None:
    window = filled
    assert window.views.currentWidget() is window.trips_view
    trips = trip_cards(window)
    assert [t.caption for t in trips] == ["4 days in Zhejiang", "2 days in Paris"]  # newest first
    zhejiang, paris = trips
    assert stops_text(zhejiang) == "Hangzhou → Jiaxing"
    text = window.trips_model.index(card_row(window, "Zhejiang")).data()
    assert text == "4 days in Zhejiang — Mar 3 – Mar 6, 2024 · 4 days · Hangzhou → Jiaxing · 8 photos"
    assert paris.estimated_count == 1
    assert window.trips_model.index(card_row(window, "Paris")).data().endswith("5 photos · 1 estimated")
    assert "2 trips (2 new)" in window.status.text()
    # the clusters stay reachable: Places shows IMM's timeline, with its level filter
    nav = window.sidebar.nav  # the sidebar's Trips / Places / Map
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(nav.item(1)).center())
    assert window.views.currentWidget() is window.timeline
    qtbot.waitUntil(window.level.isVisible)  # the toolbar lays out on its next turn
    assert {c.level for c in window.model._clusters} >= {"city", "province"}
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(nav.item(0)).center())
    assert window.views.currentWidget() is window.trips_view
    qtbot.waitUntil(lambda: not window.level.isVisible())
    # search reads captions, places, labels and years
    qtbot.keyClicks(window.search, "jiaxing")
    assert [t.caption for t in trip_cards(window)] == ["4 days in Zhejiang"]
    window.search.clear()
    qtbot.keyClicks(window.search, "2023")
    assert [t.caption for t in trip_cards(window)] == ["2 days in Paris"]
    window.search.clear()
    assert not window.grab().isNull()  # paints every visible card


def test_a_trip_opens_on_its_days_with_estimated_places_marked(qtbot, filled: MainWindow) -> None:
    window = filled
    click_card(qtbot, window, card_row(window, "Zhejiang"))
    qtbot.keyClick(window.trips_view, Qt.Key.Key_Return)
    page = window.trip_page
    assert window.stack.currentWidget() is page
    headings = [page.model.index(r).data() for r in page.model.day_rows()]
    assert headings == [
        "Sunday, March 3, 2024 · Hangzhou", "Monday, March 4, 2024 · Hangzhou",
        "Tuesday, March 5, 2024 · Jiaxing", "Wednesday, March 6, 2024 · Jiaxing",
    ]  # fmt: skip
    qtbot.mouseClick(page.findChild(QPushButton, "tripBack"), Qt.MouseButton.LeftButton)
    assert window.stack.currentIndex() == 1
    click_card(qtbot, window, card_row(window, "Paris"))
    card = window.trips_view.visualRect(window.trips_view.currentIndex()).center()
    qtbot.mouseDClick(window.trips_view.viewport(), Qt.MouseButton.LeftButton, pos=card)
    assert window.stack.currentWidget() is page and page.trip is not None and "Paris" in page.trip.caption
    marked = [r for r in range(page.model.rowCount()) if page.model.index(r).data(ESTIMATED)]
    (row,) = marked
    assert page.model.index(row).data(Qt.ItemDataRole.ToolTipRole) == (
        "DSLR_0001.jpg\nPlace estimated from photos taken nearby in time"
    )
    assert not page.grab().isNull()  # paints the badge


def test_renaming_a_trip_on_its_page_keeps_the_title(qtbot, filled: MainWindow) -> None:
    window = filled
    click_card(qtbot, window, card_row(window, "Zhejiang"))
    qtbot.keyClick(window.trips_view, Qt.Key.Key_Return)
    page = window.trip_page
    page.title.clear()
    qtbot.keyClicks(page.title, "Spring by the lake")
    qtbot.keyClick(page.title, Qt.Key.Key_Return)
    assert "Spring by the lake" in [t.caption for t in trip_cards(window)]
    assert window.service.query_trips(text="lake")[0].title == "Spring by the lake"
    assert window.stack.currentWidget() is page


def test_trip_options_are_checked_inline_in_plain_words_and_used_by_the_update(
    qtbot, filled: MainWindow
) -> None:
    window = filled
    window.show_preferences()
    prefs = window.preferences
    panel = prefs.trips
    assert panel.away.minimum() == 0.1 and panel.min_files.minimum() == 1  # no value out of range to type
    panel.away.setValue(30)
    panel.min_files.setValue(6)
    qtbot.mouseClick(panel.estimate, Qt.MouseButton.LeftButton)
    assert not panel.hours.isEnabled() and panel.options() is not None
    assert prefs.ok.isEnabled() and panel.error.text() == ""
    qtbot.mouseClick(prefs.ok, Qt.MouseButton.LeftButton)  # the new rules fold the library at once
    qtbot.waitUntil(lambda: not window.busy and not prefs.isVisible(), timeout=30_000)
    saved = window.service.trip_options()
    assert (saved.away_km, saved.trip_min_files, saved.estimate_hours) == (30.0, 6, None)
    # with six files needed, Paris (five, none estimated now) is no trip
    assert [t.caption for t in trip_cards(window)] == ["4 days in Zhejiang"]


def test_homes_add_a_city_and_remove_it(qtbot, filled: MainWindow, monkeypatch) -> None:
    window = filled
    window.findChild(type(window.merge_action), "homesAction").trigger()
    dialog = window.homes_dialog
    assert dialog.table.rowCount() == 0 and "No home yet" in dialog.status.text()
    qtbot.keyClicks(dialog.city, "Atlantis")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "No photo in your library was taken in a city called “Atlantis”" in dialog.status.text()
    dialog.city.clear()
    qtbot.keyClicks(dialog.city, "Hangzhou")
    qtbot.keyClick(dialog.city, Qt.Key.Key_Return)
    assert dialog.table.rowCount() == 1
    assert [dialog.table.item(0, c).text() for c in (0, 2)] == ["Hangzhou, Zhejiang, China", "You"]
    assert dialog.table.item(0, 1).text() == "Always"
    # Hangzhou is home now: its days are not a trip, Jiaxing's (85 km away) are
    assert [stops_text(t) for t in trip_cards(window)] == ["Jiaxing", "Paris"]
    dialog.table.selectRow(0)
    asked = answer_yes(monkeypatch)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert "Remove Hangzhou, Zhejiang, China?" in asked[0] and "not be detected again" not in asked[0]
    assert dialog.table.rowCount() == 0
    assert [stops_text(t) for t in trip_cards(window)] == ["Hangzhou → Jiaxing", "Paris"]
    dialog.close()


def test_a_detected_home_is_removed_for_good(qtbot, window: MainWindow, tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "home"
    for week in range(12):  # Hangzhou on twelve days over 77 days: a home (SPEC §10's defaults)
        shoot(folder, HANGZHOU, datetime(2024, 1, 1, 9) + timedelta(days=7 * week), 1)
    shoot(folder, JIAXING, datetime(2024, 2, 10, 9), 2)
    window.add_folders([str(folder)])
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    assert [stops_text(t) for t in trip_cards(window)] == ["Jiaxing"]
    window.show_homes()
    dialog = window.homes_dialog
    assert dialog.table.rowCount() == 1
    assert [dialog.table.item(0, c).text() for c in range(4)] == [
        "Hangzhou, Zhejiang, China", "Jan 1 – Mar 18, 2024", "Detected", "12"
    ]  # fmt: skip
    dialog.table.selectRow(0)
    asked = answer_yes(monkeypatch)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert "it will not be detected again" in asked[0]
    assert dialog.table.rowCount() == 0
    window.update_all()  # a later run does not bring it back
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    assert window.service.list_homes() == []
    assert len(trip_cards(window)) == 1 and "Hangzhou" in stops_text(trip_cards(window)[0])


def test_merge_by_selection_then_split_on_the_trip_page(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    folder = tmp_path / "p"
    shoot(folder, HANGZHOU, datetime(2024, 3, 3, 9), 2)
    shoot(folder, JIAXING, datetime(2024, 3, 7, 9), 2)  # two days without photos between: two trips
    window.add_folders([str(folder)])
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    assert [t.caption for t in trip_cards(window)] == ["2 days in Jiaxing", "Weekend in Hangzhou"]
    assert not window.merge_action.isEnabled()
    click_card(qtbot, window, card_row(window, "Jiaxing"))
    click_card(qtbot, window, card_row(window, "Hangzhou"), Qt.KeyboardModifier.ControlModifier)
    assert window.merge_action.isEnabled() and not window.delete_trip_action.isEnabled()
    asked = answer_yes(monkeypatch)
    places, read = window.model.cluster_count(), []
    every_place = window.service.all_location_date_clusters
    monkeypatch.setattr(window.service, "all_location_date_clusters", lambda: read.append(1) or every_place())
    window.merge_action.trigger()
    assert "• Weekend in Hangzhou\n• 2 days in Jiaxing" in asked[0]
    assert read == [] and window.model.cluster_count() == places > 0  # a merge leaves the places be
    (merged,) = trip_cards(window)
    assert stops_text(merged) == "Hangzhou → Jiaxing" and merged.days == 6
    assert window.stack.currentWidget() is window.stack.widget(1)
    # the page splits it again at a day's heading
    click_card(qtbot, window, card_row(window, "Zhejiang"))
    qtbot.keyClick(window.trips_view, Qt.Key.Key_Return)
    page = window.trip_page
    first, second = page.model.day_rows()[:2]
    page.grid.setCurrentIndex(page.model.index(first))
    assert not page.split_action.isEnabled()  # not before the first day
    rect = page.grid.visualRect(page.model.index(second))
    qtbot.mouseClick(page.grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.split_action.isEnabled() and page.model.index(second).data(DAY).day == 4
    # split at March 7, the first day in Jiaxing
    jiaxing = next(r for r in page.model.day_rows() if page.model.index(r).data(DAY).day == 7)
    page.grid.setCurrentIndex(page.model.index(jiaxing))
    qtbot.mouseClick(page.findChild(QPushButton, "splitTrip"), Qt.MouseButton.LeftButton)
    assert "Split “6 days in Zhejiang” at Thursday, March 7, 2024?" in asked[1]
    assert sorted(stops_text(t) for t in trip_cards(window)) == ["Hangzhou", "Jiaxing"]
    assert page.trip is not None and stops_text(page.trip) == "Hangzhou"  # the part before keeps the page
    window.update_all()  # both decisions hold in a later run
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    assert sorted(stops_text(t) for t in trip_cards(window)) == ["Hangzhou", "Jiaxing"]


def test_delete_asks_first_and_restore_brings_the_trip_back(
    qtbot, filled: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    window = filled
    before = sorted(p.name for p in (tmp_path / "photos").iterdir())
    click_card(qtbot, window, card_row(window, "Paris"))
    qtbot.keyClick(window.trips_view, Qt.Key.Key_Return)
    asked = answer_yes(monkeypatch)
    page = window.trip_page
    qtbot.mouseClick(page.findChild(QPushButton, "deleteTrip"), Qt.MouseButton.LeftButton)
    assert "No photo or video is touched" in asked[0] and "Restore Deleted Trips" in asked[0]
    assert window.stack.currentWidget() is not page
    assert [t.caption for t in trip_cards(window)] == ["4 days in Zhejiang"]
    window.update_all()
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    assert [t.caption for t in trip_cards(window)] == ["4 days in Zhejiang"]  # stays deleted
    window.findChild(type(window.merge_action), "restoreTrips").trigger()
    assert [t.caption for t in trip_cards(window)] == ["4 days in Zhejiang", "2 days in Paris"]
    assert window.status.text() == "1 deleted trip restored."
    assert sorted(p.name for p in (tmp_path / "photos").iterdir()) == before


def test_files_in_no_trip_are_said_and_shown(qtbot, filled: MainWindow) -> None:
    window = filled
    assert window.banner.isVisible()
    assert window.banner_text.text() == "1 photo has no place and is in no trip; 1 has no date."
    qtbot.mouseClick(window.show_them, Qt.MouseButton.LeftButton)
    table = window.activity.in_no_trip
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert set(rows) == {"lost.jpg", "undated.jpg"}  # the estimated DSLR photo has a place
    assert rows["lost.jpg"].startswith("No place") and rows["undated.jpg"].startswith("No time")
    window.activity.close()


def test_turning_off_a_level_asks_before_named_places_go_and_trips_keep_their_names(
    qtbot, filled: MainWindow, monkeypatch
) -> None:
    window = filled
    service = window.service
    (province,) = [
        c for c in window.model._clusters if c.level == "province" and c.address.province == "Zhejiang"
    ]
    service.update_location_date_cluster(province.object_id, title="Spring")
    zhejiang = next(t for t in trip_cards(window) if "Zhejiang" in t.caption)
    service.update_trip(zhejiang.trip_id, title="Lakes")
    window.refresh()
    prefs = window.preferences
    window.show_preferences()
    prefs.pages.setCurrentIndex(1)  # the Places rules
    qtbot.mouseClick(prefs.places.levels["province"], Qt.MouseButton.LeftButton)
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No
    )
    qtbot.mouseClick(prefs.ok, Qt.MouseButton.LeftButton)
    turned_off = "1 place you named or labelled is at a level you turned off (Province or state)"
    assert asked[0].startswith(turned_off)
    assert window.status.text().startswith("Nothing was changed")
    assert any(c.title == "Spring" for c in service.all_location_date_clusters())
    assert "province" in prefs.cluster_options().levels  # the library's rules are back in Preferences
    answer_yes(monkeypatch)
    window.show_preferences()
    qtbot.mouseClick(prefs.places.levels["province"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(prefs.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    assert all(c.level != "province" for c in service.all_location_date_clusters())
    assert "Lakes" in [t.caption for t in trip_cards(window)]
