"""The trips timeline's model and words, tested without a window: captions, stops, counts, search, and
dates as the user's locale writes them."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QLocale, Qt

from app.service.records import Address
from app.service.trips import StopInfo, TripInfo
from app.ui.i18n import date_range
from app.ui.trip_timeline import KIND, TRIP, TripsModel, counts_text, stops_text

NOW = datetime(2024, 5, 1, 12)
HANGZHOU = Address("China", "Zhejiang", "Hangzhou")
JIAXING = Address("China", "Zhejiang", "Jiaxing")
PARIS = Address("France", "Ile-de-France", "Paris")


def trip(trip_id: str, first: date, last: date, stops: list[Address], **changes: object) -> TripInfo:
    values: dict[str, object] = dict(
        trip_id=trip_id, title="", generated_caption=f"Trip {trip_id}", place=stops[0], countries=["China"],
        first_day=first, last_day=last, start_time=f"{first}T09:00:00+08:00",
        end_time=f"{last}T18:00:00+08:00",
        file_count=5, estimated_count=0, photo_count=5, video_count=0, cover_path=None, preview_paths=[],
        stops=[StopInfo(a, first, last, 1) for a in stops], cluster_ids=[], custom_labels={},
        created_at=NOW, updated_at=NOW,
    )  # fmt: skip
    values.update(changes)
    return TripInfo(**values)  # type: ignore[arg-type]


def test_stops_and_counts_read_as_a_person_says_them(qapp) -> None:
    zhejiang = trip("z", date(2024, 3, 3), date(2024, 3, 6), [HANGZHOU, JIAXING])
    assert stops_text(zhejiang) == "Hangzhou → Jiaxing"
    assert counts_text(zhejiang) == "5 photos"
    one = trip("o", date(2024, 3, 3), date(2024, 3, 3), [HANGZHOU], photo_count=1, video_count=2,
               estimated_count=1)  # fmt: skip
    assert counts_text(one) == "1 photo · 2 videos · 1 estimated"
    assert counts_text(trip("v", date(2024, 3, 3), date(2024, 3, 3), [HANGZHOU], photo_count=0,
                            video_count=1)) == "1 video"  # fmt: skip


def test_cards_sit_under_their_year_and_search_reads_places_labels_and_years(qapp) -> None:
    model = TripsModel()
    zhejiang = trip(
        "z", date(2024, 3, 3), date(2024, 3, 6), [HANGZHOU, JIAXING], custom_labels={"who": "Mei"}
    )
    paris = trip("p", date(2023, 12, 30), date(2024, 1, 2), [PARIS], title="New Year", countries=["France"])
    model.set_trips([paris, zhejiang])
    kinds = [model.index(r).data(KIND) for r in range(model.rowCount())]
    assert kinds == ["year", "month", "trip", "year", "month", "trip"]
    assert [model.index(r).data(TRIP) for r in (2, 5)] == [zhejiang, paris]
    assert model.index(1).data() == "March"
    assert model.index(2).data() == ("Trip z — Mar 3 – Mar 6, 2024 · 4 days · Hangzhou → Jiaxing · 5 photos")
    assert not model.flags(model.index(0)) & Qt.ItemFlag.ItemIsSelectable
    for text, found in (("jiaxing", ["z"]), ("mei", ["z"]), ("new year", ["p"]), ("2024", ["z", "p"]),
                        ("2023", ["p"]), ("france paris", ["p"]), ("paris 2024 hangzhou", [])):  # fmt: skip
        model.set_filter(text=text)
        assert [t.trip_id for t in model.trips()] == found, text
    model.set_filter()
    model.set_newest_first(False)
    assert [t.trip_id for t in model.trips()] == ["p", "z"]


def test_date_ranges_follow_the_locale(qapp) -> None:
    assert date_range(date(2024, 3, 3), date(2024, 3, 3)) == "Mar 3, 2024"
    assert date_range(date(2024, 3, 3), date(2024, 3, 5)) == "Mar 3 – Mar 5, 2024"
    assert date_range(date(2023, 12, 30), date(2024, 1, 2)) == "Dec 30, 2023 – Jan 2, 2024"
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    assert date_range(date(2024, 3, 3), date(2024, 3, 5)) == "3. März – 5. März 2024"
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    assert date_range(date(2024, 3, 3), date(2024, 3, 5)) == "2024年3月3日–5日"
