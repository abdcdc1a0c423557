"""The timeline model over the service's cluster records, tested without a window."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from PySide6.QtCore import Qt

from app.service.records import Address, ClusterInfo
from app.ui.timeline import CLUSTER, KIND, TimelineModel, card_paths, strip_paths
from app.ui.trip_timeline import TripsModel

NOW = datetime(2024, 5, 1, 12)


def cluster(
    object_id: str, first: date, *, level: str = "city", title: str = "", **changes: object
) -> ClusterInfo:
    record = ClusterInfo(
        object_id=object_id, level=level,
        address=Address("China", "Zhejiang", "Hangzhou", line="Hangzhou, Zhejiang, China"),
        first_day=first, last_day=first, start_time=f"{first}T09:00:00+08:00",
        end_time=f"{first}T18:00:00+08:00",
        title=title, custom_id="", custom_labels={}, created_at=NOW, updated_at=NOW, file_count=3,
        photo_count=3, video_count=0, cover_path=f"/photos/{object_id}/cover.jpg",
        preview_paths=[f"/photos/{object_id}/{n}.jpg" for n in range(5)],
        place_caption="Hangzhou · Zhejiang, China", date_range_text=f"{first:%b} {first.day}, {first.year}",
        days_text="1 day", counts_text="3 photos",
    )  # fmt: skip
    return replace(record, **changes)


def rows(model: TimelineModel, role: int = Qt.ItemDataRole.DisplayRole) -> list[object]:
    return [model.index(r).data(role) for r in range(model.rowCount())]


def test_cards_show_the_records_captions_under_their_year_newest_first(qapp) -> None:
    model = TimelineModel()
    old, new = cluster("a", date(2023, 8, 1)), cluster("b", date(2024, 3, 3), title="Lake days")
    model.set_clusters([old, new])
    assert rows(model, KIND) == ["year", "month", "cluster", "year", "month", "cluster"]
    assert rows(model) == [
        "2024", "March", "Lake days — Mar 3, 2024 · 1 day · 3 photos",
        "2023", "August", "Hangzhou · Zhejiang, China — Aug 1, 2023 · 1 day · 3 photos",
    ]  # fmt: skip
    assert rows(model, CLUSTER) == [None, None, new, None, None, old]
    assert rows(model, Qt.ItemDataRole.ToolTipRole) == [
        None, None, "Lake days\nMar 3, 2024 · 1 day\nHangzhou, Zhejiang, China\n3 photos",
        None, None, "Hangzhou · Zhejiang, China\nAug 1, 2023 · 1 day\nHangzhou, Zhejiang, China\n3 photos",
    ]  # the whole card, where it had to cut a line short  # fmt: skip
    model.set_newest_first(False)
    assert rows(model, CLUSTER) == [None, None, old, None, None, new]


def test_filters_read_the_level_title_place_and_address(qapp) -> None:
    model = TimelineModel()
    france = Address("France", "Ile-de-France", "Paris", line="Paris, France")
    paris = cluster("p", date(2023, 8, 1), address=france, place_caption="Paris · Ile-de-France, France")
    model.set_clusters([cluster("h", date(2024, 3, 3), title="Lake days"),
                        cluster("z", date(2024, 3, 3), level="province"), paris])  # fmt: skip
    model.set_filter(text="lake")
    assert [c.object_id for c in rows(model, CLUSTER) if c] == ["h"]
    model.set_filter(text="paris, fr")  # the address line
    assert [c.object_id for c in rows(model, CLUSTER) if c] == ["p"]
    model.set_filter(level="province")
    assert [c.object_id for c in rows(model, CLUSTER) if c] == ["z"] and model.cluster_count() == 1


def test_a_card_shows_its_cover_and_three_other_paths_and_is_found_by_them(qapp) -> None:
    previews = ["/photos/a/cover.jpg", "/1.jpg", "/2.jpg", "/3.jpg", "/4.jpg"]
    record = cluster("a", date(2024, 3, 3), preview_paths=previews)
    assert card_paths(record) == ["/photos/a/cover.jpg", "/1.jpg", "/2.jpg", "/3.jpg"]
    coverless = replace(record, cover_path=None)
    assert strip_paths(coverless) == ["/photos/a/cover.jpg", "/1.jpg", "/2.jpg"]
    model = TimelineModel()
    model.set_clusters([record])
    assert model.rows_showing("/photos/a/cover.jpg") == [2] and model.rows_showing("/4.jpg") == []


def test_an_empty_view_says_it_is_reading_until_the_records_come(qapp) -> None:
    """The window reads the places after the trips: until they come, Places must not say there are none."""
    places, trips = TimelineModel(), TripsModel()
    assert places.empty_text() == trips.empty_text() == "Reading the library…"
    places.set_clusters([])
    trips.set_trips([])
    assert places.empty_text() == "No places yet"
    assert trips.empty_text().startswith("No trips away from home yet")
    places.set_clusters([cluster("a", date(2024, 3, 3))])
    assert places.empty_text() == ""
