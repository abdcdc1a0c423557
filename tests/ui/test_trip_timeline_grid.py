"""The trips and places as a grid of cards (issue #12): columns by width, keyboard moves by card in two
dimensions, search over years, month names, labels and places without case or accents, a message when
nothing matches, the orders, what screen readers read, and the cards drawn at 800 and 1920 px."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QAccessible, QColor, QPalette
from PySide6.QtWidgets import QWidget

from app.service.records import Address
from app.ui.card_grid import HEADINGS, KIND
from app.ui.sort_control import NAME, NEWEST, OLDEST, PHOTOS, SortControl
from app.ui.thumbnails import Thumbnails
from app.ui.timeline import CLUSTER, HEADER_DETAIL, TimelineModel, TimelineView
from app.ui.trip_timeline import TRIP, TripsModel, TripsView
from app.ui.workers import JobRunner
from tests.ui.test_timeline import cluster
from tests.ui.test_trip_timeline import trip

HANGZHOU = Address("China", "Zhejiang", "Hangzhou")
JIAXING = Address("China", "Zhejiang", "Jiaxing")
PARIS = Address("France", "Île-de-France", "Paris")
KYOTO = Address("Japan", "Kyoto", "Kyoto")
TOKYO = Address("Japan", "Tokyo", "Tokyo")
ROME = Address("Italy", "Lazio", "Rome")
BARCELONA = Address("Spain", "Catalonia", "Barcelona")
NANJING = Address("China", "Jiangsu", "Nanjing")
SYDNEY = Address("Australia", "New South Wales", "Sydney")
SF = Address("United States", "California", "San Francisco")
BEIJING = Address("China", "Beijing", "Beijing")
REYKJAVIK = Address("Iceland", "Capital Region", "Reykjavík")


def twelve_trips(pictures: list[str] | None = None) -> list:
    """A year and a half of trips as a person has them: weekends, a long tour, a day out, a label."""
    plan = [
        ("w", date(2024, 3, 3), date(2024, 3, 6), [HANGZHOU, JIAXING], "4 days in Zhejiang", 42, 3, 0, {}),
        ("k", date(2024, 4, 2), date(2024, 4, 4), [KYOTO], "A weekend in Kyoto", 25, 2, 2, {"who": "Mei"}),
        ("j", date(2024, 10, 20), date(2024, 10, 27), [TOKYO, KYOTO], "8 days in Japan", 120, 6, 14, {}),
        ("n", date(2024, 5, 14), date(2024, 5, 15), [NANJING], "2 days in Nanjing", 12, 0, 0, {}),
        ("b", date(2024, 6, 1), date(2024, 6, 1), [BEIJING], "A day in Beijing", 1, 0, 0, {}),
        ("g", date(2024, 9, 14), date(2024, 9, 15), [SF], "Golden Gate", 18, 1, 0, {"mood": "foggy"}),
        ("p", date(2023, 8, 12), date(2023, 8, 15), [PARIS], "4 days in Paris", 33, 2, 1, {}),
        ("e", date(2023, 4, 8), date(2023, 4, 19), [PARIS, ROME, BARCELONA], "France, Italy & Spain", 210,
         9, 0, {"with": "Léa"}),
        ("s", date(2023, 12, 27), date(2024, 1, 2), [SYDNEY], "New Year in Sydney", 64, 4, 0, {}),
        ("x", date(2023, 6, 3), date(2023, 6, 4), [JIAXING], "2 days in Jiaxing", 8, 0, 0, {}),
        ("r", date(2023, 2, 10), date(2023, 2, 16), [REYKJAVIK], "A week in Iceland with a very long "
         "title that has to be cut somewhere", 77, 3, 0, {}),
        ("h", date(2023, 10, 1), date(2023, 10, 3), [HANGZHOU], "Back in Hangzhou", 15, 0, 0, {}),
    ]  # fmt: skip
    trips = []
    for n, (tid, first, last, stops, caption, photos, videos, estimated, labels) in enumerate(plan):
        chosen = [pictures[(n * 4 + k) % len(pictures)] for k in range(4)] if pictures else []
        made = trip(tid, first, last, stops, generated_caption=caption, photo_count=photos,
                    video_count=videos, file_count=photos + videos, estimated_count=estimated,
                    custom_labels=labels, countries=sorted({s.country for s in stops}),
                    cover_path=chosen[0] if chosen else None, preview_paths=chosen)  # fmt: skip
        trips.append(made)
    return trips


def ids(model: TripsModel) -> list[str]:
    return [t.trip_id for t in model.trips()]


def place_ids(model: TimelineModel) -> list[str]:
    return [c.object_id for c in (model.index(r).data(CLUSTER) for r in range(model.rowCount())) if c]


@pytest.fixture
def runner(qapp) -> JobRunner:
    return JobRunner.synchronous()


@pytest.fixture
def trips_view(qtbot, runner):
    thumbnails = Thumbnails(runner.thumbnails)
    model = TripsModel()
    model.set_trips(twelve_trips())
    view = TripsView(model, thumbnails)
    qtbot.addWidget(view)
    view.resize(1920, 1080)
    view.show()
    qtbot.waitExposed(view)
    return view


def cards(view: TripsView) -> list[int]:
    model = view.model()
    return [r for r in range(model.rowCount()) if model.index(r).data(KIND) not in HEADINGS]


def check_layout(view: TripsView) -> None:
    """No two rows overlap, cards are 290 to 460 px wide (with their ring margin; up to 600 alone on a
    line) inside the viewport, headings span it."""
    model = view.model()
    rects = [view.visualRect(model.index(r)) for r in range(model.rowCount())]
    width = view.viewport().width()
    for r, rect in enumerate(rects):
        assert rect.left() >= 0 and rect.right() < width, (r, rect, width)
        if model.index(r).data(KIND) == "year":
            assert rect.width() >= width - 2 * 24, rect
        elif model.index(r).data(KIND) == "month":  # a label right above its month's first card
            card = rects[r + 1]
            assert model.index(r + 1).data(KIND) not in HEADINGS
            assert (rect.left(), rect.width(), rect.bottom() + 1) == (card.left(), card.width(), card.top())
        elif view.columns > 1:
            assert 290 <= rect.width() <= 460, rect
        else:
            assert rect.width() <= 600, rect
        for other in rects[r + 1 :]:
            assert not rect.intersects(other), (rect, other)


def test_columns_follow_the_width(qtbot, trips_view: TripsView) -> None:
    view = trips_view
    assert view.columns >= 4  # 1920 px
    check_layout(view)
    first_line = [r for r in cards(view) if view.visualRect(view.model().index(r)).top()
                  == view.visualRect(view.model().index(cards(view)[0])).top()]  # fmt: skip
    assert len(first_line) == 5  # 2024 holds six trips: five on the first line, one below
    view.resize(800, 600)
    assert view.columns in (1, 2)
    check_layout(view)
    view.resize(520, 600)
    assert view.columns == 1
    check_layout(view)


def test_arrows_move_by_card_across_and_down_and_enter_opens(qtbot, trips_view: TripsView) -> None:
    view = trips_view
    model = view.model()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Home)
    rows = cards(view)
    assert view.currentIndex().row() == rows[0]
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.currentIndex().row() == rows[1]
    qtbot.keyClick(view, Qt.Key.Key_Down)  # the 2024 second line has one card: the nearest one
    assert view.currentIndex().row() == rows[5]
    qtbot.keyClick(view, Qt.Key.Key_Down)  # across the 2023 heading, to the first column
    assert view.currentIndex().row() == rows[6]
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Up)  # the third column of the line above is empty: its last card
    assert view.currentIndex().row() == rows[5]
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert view.currentIndex().row() == rows[0]
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.currentIndex().row() == rows[-1]
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert view.currentIndex().row() < rows[-1]
    qtbot.keyClick(view, Qt.Key.Key_Home)
    with qtbot.waitSignal(view.activated) as opened:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened.args[0].data(TRIP).trip_id == "j"  # newest first: October 2024 in Japan
    view.resize(800, 600)  # two columns: Down goes two cards on
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert model.index(view.currentIndex().row()).data(TRIP).trip_id == ids(view.trips_model)[2]


def test_tab_reaches_the_grid_and_shows_the_focused_card(qtbot, runner) -> None:
    """Tab from the field before it lands on the first card, painted with the ring (the delegate is told)."""
    host = QWidget()
    qtbot.addWidget(host)
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout

    field = QLineEdit(host)
    model = TripsModel()
    model.set_trips(twelve_trips())
    view = TripsView(model, Thumbnails(runner.thumbnails), host)
    layout = QVBoxLayout(host)
    layout.addWidget(field)
    layout.addWidget(view)
    host.resize(900, 700)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow)
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert view.hasFocus() and view.currentIndex().row() == cards(view)[0]
    painted: list[bool] = []
    delegate = view.itemDelegate()
    original = delegate.paint

    def spy(painter, option, index):
        if index == view.currentIndex():
            from PySide6.QtWidgets import QStyle

            painted.append(bool(option.state & QStyle.StateFlag.State_HasFocus))
        original(painter, option, index)

    delegate.paint = spy  # type: ignore[method-assign]
    view.viewport().repaint()
    assert painted and all(painted)


def test_search_reads_years_months_labels_and_places_without_case_or_accents(qapp) -> None:
    model = TripsModel()
    model.set_trips(twelve_trips())
    for text, found in (
        ("2024", ["j", "g", "b", "n", "k", "w", "s"]),  # Sydney spans New Year
        ("august", ["p"]), ("Aug", ["p"]), ("kyoto 2024", ["j", "k"]), ("MEI", ["k"]), ("foggy", ["g"]),
        ("mood", ["g"]), ("lea", ["e"]), ("ile-de-france", ["p", "e"]), ("Île", ["p", "e"]),
        ("reykjavik", ["r"]), ("catalonia april", ["e"]), ("zhejiang march 2024", ["w"]),
    ):  # fmt: skip
        model.set_filter(text=text)
        assert ids(model) == found, text
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    model.set_filter(text="août")
    assert ids(model) == ["p"]
    model.set_filter(text="aout 2023")
    assert ids(model) == ["p"]
    model.set_filter(text="august")  # the display language's names, not English ones
    assert ids(model) == []


def test_places_search_reads_levels_labels_years_and_months(qapp) -> None:
    model = TimelineModel()
    kyoto = Address("Japan", "Kyoto", "Kyoto", "Higashiyama", line="Higashiyama, Kyoto, Japan")
    model.set_clusters([
        cluster("h", date(2024, 3, 3), title="Lake days", custom_labels={"who": "Mei"}),
        cluster("k", date(2024, 8, 2), level="district", address=kyoto, place_caption="Higashiyama · Kyoto"),
        cluster("p", date(2023, 8, 1), address=PARIS, place_caption="Paris · Île-de-France, France"),
    ])  # fmt: skip

    for text, expected in (
        ("2024", ["k", "h"]), ("august", ["k", "p"]), ("mei", ["h"]), ("who", ["h"]), ("ILE de", ["p"]),
        ("higashiyama 2024", ["k"]), ("zhejiang march", ["h"]),
    ):  # fmt: skip
        model.set_filter(text=text)
        assert place_ids(model) == expected, text


def test_no_match_shows_a_message_and_clear_search_brings_the_cards_back(
    qtbot, trips_view: TripsView
) -> None:
    view = trips_view
    fired: list[bool] = []
    view.search_cleared.connect(lambda: fired.append(True))
    assert not view.empty.isVisible()
    view.trips_model.set_filter(text="xyz")
    assert view.empty.isVisible() and view.empty.label.text() == "No trips match “xyz”"
    box = view.empty.geometry()
    assert abs(box.center().x() - view.viewport().rect().center().x()) <= 2
    assert view.empty.clear.isVisible() and view.empty.clear.text() == "Clear search"
    qtbot.mouseClick(view.empty.clear, Qt.MouseButton.LeftButton)
    assert fired == [True] and view.trips_model.text == "" and len(ids(view.trips_model)) == 12
    assert not view.empty.isVisible()


def test_places_say_when_no_place_matches(qtbot, runner) -> None:
    model = TimelineModel()
    model.set_clusters([cluster("h", date(2024, 3, 3))])
    view = TimelineView(model, Thumbnails(runner.thumbnails))
    qtbot.addWidget(view)
    view.show()
    model.set_filter("province", "")
    assert view.empty.isVisible() and view.empty.label.text() == "No places at this level"
    assert not view.empty.clear.isVisible()  # no search to clear
    model.set_filter("", "nowhere")
    assert view.empty.label.text() == "No places match “nowhere”"


def test_orders_newest_oldest_by_name_and_by_photos(qapp) -> None:
    model = TripsModel()
    model.set_trips(twelve_trips())
    assert ids(model)[:3] == ["j", "g", "b"] and model.index(0).data(KIND) == "year"
    model.set_sort(OLDEST)
    assert ids(model)[:3] == ["r", "e", "x"] and not model.newest_first
    model.set_sort(NAME)
    captions = [t.caption for t in model.trips()]
    assert captions == sorted(captions, key=str.casefold) and captions[0] == "2 days in Jiaxing"
    assert all(model.index(r).data(KIND) == "trip" for r in range(model.rowCount()))  # no year headings
    model.set_sort(PHOTOS)
    assert ids(model)[:3] == ["e", "j", "r"]
    model.set_sort(NEWEST)
    assert model.newest_first and ids(model)[0] == "j"
    places = TimelineModel()
    places.set_clusters([cluster("a", date(2023, 1, 1), photo_count=9, file_count=9),
                         cluster("b", date(2024, 1, 1), title="Zoo"),
                         cluster("c", date(2022, 1, 1), title="Attic")])  # fmt: skip
    places.set_sort(PHOTOS)
    assert place_ids(places)[0] == "a"
    places.set_sort(NAME)
    assert place_ids(places) == ["c", "a", "b"]


def test_the_sort_control_says_the_order_and_tells_the_models(qtbot) -> None:
    control = SortControl()
    qtbot.addWidget(control)
    model = TripsModel()
    model.set_trips(twelve_trips())
    control.changed.connect(model.set_sort)
    assert control.text() == "Newest first" and control.accessibleName() == "Sort order"
    by_name = next(a for a in control.menu().actions() if a.data() == NAME)
    with qtbot.waitSignal(control.changed) as chosen:
        by_name.trigger()
    assert chosen.args == [NAME] and control.text() == "By name" and model.sort_key == NAME
    control.set_sort(OLDEST, quiet=True)
    assert control.sort() == OLDEST and model.sort_key == NAME  # quiet: the caller applies it itself


def test_screen_readers_read_each_card(qtbot, trips_view: TripsView) -> None:
    view = trips_view
    model = view.model()
    row = next(r for r in cards(view) if model.index(r).data(TRIP).trip_id == "w")
    index = model.index(row)
    assert index.data(Qt.ItemDataRole.AccessibleTextRole) == "4 days in Zhejiang"
    assert index.data(Qt.ItemDataRole.AccessibleDescriptionRole) == (
        "Mar 3 – Mar 6, 2024 · 4 days. Stops: Hangzhou, Jiaxing. 42 photos · 3 videos"
    )
    assert model.index(0).data(Qt.ItemDataRole.AccessibleTextRole) == "2024, 6 trips"
    assert view.accessibleName() == "Trips" and "Enter opens" in view.accessibleDescription()
    assert view.focusPolicy() == Qt.FocusPolicy.StrongFocus
    QAccessible.setActive(True)
    try:
        grid = QAccessible.queryAccessibleInterface(view)
        assert grid is not None and grid.text(QAccessible.Text.Name) == "Trips"
        names = [grid.child(n).text(QAccessible.Text.Name) for n in range(grid.childCount())]
        assert "4 days in Zhejiang" in names
    finally:
        QAccessible.setActive(False)


def dark_palette() -> QPalette:
    """A dark palette as desktops give one: every role derived from the button and window colours."""
    palette = QPalette(QColor("#2d2e31"), QColor("#202124"))
    for role, colour in ((QPalette.ColorRole.Base, "#17181b"), (QPalette.ColorRole.AlternateBase, "#2a2b2f"),
                         (QPalette.ColorRole.Text, "#e8eaed"), (QPalette.ColorRole.WindowText, "#e8eaed"),
                         (QPalette.ColorRole.ButtonText, "#e8eaed"),
                         (QPalette.ColorRole.Highlight, "#4c8df6"),
                         (QPalette.ColorRole.HighlightedText, "#ffffff"),
                         (QPalette.ColorRole.PlaceholderText, "#9aa0a6")):  # fmt: skip
        palette.setColor(role, QColor(colour))
    return palette


@pytest.fixture(scope="session")
def pictures(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The sample trips' drawn photos (about 8 s to draw), as covers for the rendered cards."""
    from app.core.demo import write_demo

    folder = tmp_path_factory.mktemp("sample") / "Sample Photos"
    write_demo(folder, lambda done, total: None)
    return sorted(str(p) for p in folder.rglob("*.jpg"))[::3]


@pytest.mark.parametrize("size", [(800, 600), (1920, 1080)], ids=["800", "1920"])
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_cards_render_at_both_sizes_in_both_palettes(qtbot, runner, pictures, size, dark) -> None:
    """Renders the grid (set TRIPFOLD_RENDER_DIR to keep the PNGs) and checks it is drawn: the cover's
    pixels are not the empty tile's and a selected, focused card is outlined in the accent."""
    model = TripsModel()
    trips = twelve_trips(pictures)
    trips[3] = replace(trips[3], video_count=1)
    model.set_trips(trips)
    view = TripsView(model, Thumbnails(runner.thumbnails))
    qtbot.addWidget(view)
    if dark:
        view.setPalette(dark_palette())
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    check_layout(view)
    view.setFocus()
    rows = cards(view)
    view.setCurrentIndex(model.index(rows[1]))
    qtbot.mouseMove(view.viewport(), view.visualRect(model.index(rows[2])).center())
    image = view.grab().toImage()
    folder = os.environ.get("TRIPFOLD_RENDER_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        image.save(str(Path(folder) / f"trips-{size[0]}x{size[1]}-{'dark' if dark else 'light'}.png"))
    first = view.visualRect(model.index(rows[0]))
    cover = image.pixelColor(first.left() + 40, first.top() + 60)
    window = view.palette().color(QPalette.ColorRole.Window)
    assert cover != window and cover != view.palette().color(QPalette.ColorRole.AlternateBase)
    cell = view.visualRect(model.index(rows[1]))  # the ring is drawn in the cell's margin
    accent = view.palette().color(QPalette.ColorRole.Highlight)
    edge = image.pixelColor(cell.center().x(), cell.top() + 2)
    assert abs(edge.hue() - accent.hue()) <= 12 and edge.saturation() > 80, edge.name()


def save(view: QWidget, name: str) -> None:
    folder = os.environ.get("TRIPFOLD_RENDER_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        view.grab().save(str(Path(folder) / name))


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_places_and_the_empty_state_render(qtbot, runner, pictures, dark) -> None:
    """Place cards carry their level in a chip; a search that hides everything leaves a centred message."""
    levels = ["city", "province", "country", "district"]
    records = [
        cluster(f"c{n}", date(2024 - n // 5, 1 + n % 12, 3), level=levels[n % 4],
                title="Lake days" if n == 2 else "", cover_path=pictures[n * 3 % len(pictures)],
                preview_paths=[pictures[(n * 3 + k) % len(pictures)] for k in range(4)],
                photo_count=3 + n * 7)
        for n in range(9)
    ]  # fmt: skip
    model = TimelineModel()
    model.set_clusters(records)
    view = TimelineView(model, Thumbnails(runner.thumbnails))
    qtbot.addWidget(view)
    if dark:
        view.setPalette(dark_palette())
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    check_layout(view)  # type: ignore[arg-type]
    save(view, f"places-1280x800-{'dark' if dark else 'light'}.png")
    model.set_filter(text="xyz")
    assert view.empty.isVisible()
    view.resize(800, 600)
    save(view, f"empty-800x600-{'dark' if dark else 'light'}.png")
    label = view.empty.label.geometry().translated(view.empty.pos())
    assert view.viewport().rect().contains(label) and label.center().y() > 200


def test_shift_arrows_select_trips_to_merge_and_a_heading_takes_no_click(
    qtbot, trips_view: TripsView
) -> None:
    view = trips_view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Home)
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert [t.trip_id for t in view.selected_trips()] == ids(view.trips_model)[:2]
    heading = view.visualRect(view.model().index(0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=heading.center())
    assert not view.indexAt(heading.center()).isValid() and view.currentIndex().row() != 0


def test_months_label_their_first_card_and_share_the_line_with_other_months(qtbot, trips_view) -> None:
    """A month is a label above its first card, not a line of its own: six trips in six months of 2024
    still fill five columns, and two trips in one month share one label that says so."""
    view = trips_view
    model = view.model()
    labels = [r for r in range(model.rowCount()) if model.index(r).data(KIND) == "month"]
    assert [model.index(r).data() for r in labels[:6]] == ["October", "September", "June", "May", "April",
                                                           "March"]  # fmt: skip
    assert [model.index(r).data() for r in labels[6:]] == ["December", "October", "August", "June", "April",
                                                           "February"]  # fmt: skip
    assert {model.index(r).data(HEADER_DETAIL) for r in labels} == {""}  # one trip each: no "1 trip"
    october = model.index(labels[0])
    assert october.data(Qt.ItemDataRole.AccessibleTextRole) == "October 2024, 1 trip"
    assert not model.flags(october) & Qt.ItemFlag.ItemIsSelectable
    check_layout(view)
    # the first line holds five months' cards side by side, each under its label
    first = view.visualRect(model.index(cards(view)[0]))
    assert sum(1 for r in cards(view) if view.visualRect(model.index(r)).top() == first.top()) == 5
    # a card's click area is the card, never its label; arrows never stop on a label
    label = view.visualRect(october)
    assert not view.indexAt(label.center()).isValid()
    view.setFocus()
    for _ in range(12):
        qtbot.keyClick(view, Qt.Key.Key_Right)
        assert view.currentIndex().data(KIND) == "trip"

    model.set_trips([*twelve_trips(), replace(twelve_trips()[0], trip_id="w2", first_day=date(2024, 3, 20),
                                             last_day=date(2024, 3, 21))])  # fmt: skip
    march = [r for r in range(model.rowCount()) if model.index(r).data() == "March"]
    assert len(march) == 1 and model.index(march[0]).data(HEADER_DETAIL) == "2 trips"
    assert [model.index(march[0] + n).data(KIND) for n in (1, 2)] == ["trip", "trip"]
    check_layout(view)


def test_scrolling_to_a_card_shows_its_month_and_the_year_of_the_first_line(qtbot, trips_view) -> None:
    view = trips_view
    view.resize(800, 600)
    model = view.model()
    rows = cards(view)
    last = model.index(rows[-1])
    view.scrollTo(last)
    view.scrollTo(model.index(rows[0]))  # the top again: the year heading above the first line shows
    assert view.visualRect(model.index(0)).top() >= 0 and model.index(0).data(KIND) == "year"
    view.scrollTo(last)
    view.scrollTo(model.index(rows[3]), view.ScrollHint.PositionAtTop)
    label = view.visualRect(model.index(rows[3] - 1))
    assert model.index(rows[3] - 1).data(KIND) == "month" and label.top() >= 0


def test_orders_by_name_or_photos_have_no_headings(qtbot, trips_view) -> None:
    model = trips_view.model()
    for order in (NAME, PHOTOS):
        model.set_sort(order)
        assert {model.index(r).data(KIND) for r in range(model.rowCount())} == {"trip"}
        check_layout(trips_view)
