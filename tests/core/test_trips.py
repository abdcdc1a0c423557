"""Trips (SPEC §10): away days, trips and stops, captions, the user's decisions, identity; and properties."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from itertools import count, pairwise

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.captions import countries_text, trip_caption
from app.core.clustering import OptionError
from app.core.estimates import estimate_places
from app.core.homes import FileColumns, Home, PlacedFile, detect_homes, effective_homes
from app.core.trips import (
    REASONS,
    DeletedTrip,
    MergeTrips,
    SplitTrip,
    Stop,
    StoredTrip,
    Trip,
    TripOptions,
    TripOutcome,
    find_trips,
    merge_decision,
    reconcile_trips,
    shared_place,
    split_decision,
)
from tests.factories.persona import DSLR, PLACES, make_persona

D = date.fromisoformat


def d(text: str) -> int:
    return D(text).toordinal()


def library(visits: Sequence[tuple[str, str, int]]) -> list[PlacedFile]:
    """Files from ``(day, place, count)``, in that order through each day, an hour apart."""
    ids, result = count(1), []
    clock: dict[str, datetime] = {}
    for day, place, n in visits:
        lat, lon, address, _ = PLACES[place]
        for _ in range(n):
            clock[day] = clock.get(day, datetime.combine(D(day), time(8))) + timedelta(hours=1)
            result.append(PlacedFile(next(ids), d(day), clock[day], None, lat, lon, address))
    return result


HOME = Home("home-h", ("China", "Zhejiang", "Hangzhou"), 30.2741, 120.1551, None, None, None, "user")


def spans(trips: Sequence[Trip]) -> list[tuple[str, str]]:
    return [(str(date.fromordinal(t.first_day)), str(date.fromordinal(t.last_day))) for t in trips]


def stored(outcomes: Sequence[TripOutcome]) -> list[StoredTrip]:
    """What the store would keep from a run, for the next one."""
    return [
        StoredTrip(o.trip_id, o.trip.first_day, o.trip.last_day, o.trip.file_ids, age, *o.user_fields())
        for age, o in enumerate(outcomes)
    ]


# -- the persona --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def persona_run() -> tuple[list[PlacedFile], list[Home], list[Trip], dict[str, int]]:
    persona = make_persona()
    files = persona.placed(estimate_places(persona.timed()))
    homes = effective_homes(detect_homes(files), [])
    run = find_trips(files, homes)
    return files, homes, run.trips, run.skipped


def test_the_persona_trips_with_their_stops_and_captions(persona_run) -> None:  # type: ignore[no-untyped-def]
    _, _, trips, _ = persona_run

    def stop(s: Stop) -> str:
        return f"{s.address[2]} {date.fromordinal(s.first_day):%m-%d}–{date.fromordinal(s.last_day):%m-%d}"

    seen = [
        (str(date.fromordinal(t.first_day)), t.days, t.caption(), " → ".join(stop(s) for s in t.stops))
        for t in trips
    ]
    assert seen == [
        ("2023-04-08", 1, "Day trip to Jiaxing", "Jiaxing 04-08–04-08"),
        ("2023-05-13", 2, "Weekend in Kyoto", "Kyoto 05-13–05-14"),
        ("2023-07-01", 8, "8 days in Japan", "Tokyo 07-01–07-03 → Kyoto 07-04–07-06 → Osaka 07-06–07-08"),
        ("2023-12-08", 3, "Weekend in Zhejiang", "Hangzhou 12-08–12-09 → Jiaxing 12-09–12-10"),
        ("2024-01-09", 2, "2 days in Nanjing", "Nanjing 01-09–01-10"),
        ("2024-03-16", 1, "Day trip to Hangzhou", "Hangzhou 03-16–03-16"),
        ("2024-04-06", 9, "France, Italy & Spain",
         "Paris 04-06–04-08 → Rome 04-09–04-11 → Barcelona 04-12–04-14"),
    ]  # fmt: skip
    japan, europe, zhejiang = trips[2], trips[6], trips[3]
    assert japan.place == ("Japan", "", "") and japan.countries == ("Japan",)
    assert zhejiang.place == ("China", "Zhejiang", "")
    assert trips[1].place == ("Japan", "Kyoto", "Kyoto") and trips[1].place_name == "Kyoto"
    assert europe.place == ("", "", "") and europe.countries == ("France", "Italy", "Spain")
    for trip in trips:
        assert sum(s.file_count for s in trip.stops) == len(trip.file_ids)


def test_the_persona_dslr_photos_join_their_trip_as_estimated(persona_run) -> None:  # type: ignore[no-untyped-def]
    files, _, trips, _ = persona_run
    japan = trips[2]
    dslr = {
        f.file_id for f in files if f.camera == DSLR and f.day and d("2023-07-01") <= f.day <= d("2023-07-08")
    }
    assert len(dslr) == 41 and dslr <= set(japan.file_ids)
    assert japan.estimated_count == len(dslr)
    assert all(t.estimated_count == 0 for t in trips if t is not japan)


def test_the_persona_files_in_no_trip_are_counted_by_why(persona_run) -> None:  # type: ignore[no-untyped-def]
    files, _, trips, skipped = persona_run
    assert skipped["NoTime"] == 3  # screenshots
    assert skipped["NoPlace"] == 3  # the DSLR's night shots at home, no phone photo within hours
    assert skipped["TooFewFiles"] == 1  # the snapshot in Beijing
    assert skipped["InDeletedTrip"] == 0
    assert sum(skipped.values()) + sum(len(t.file_ids) for t in trips) == len(files)
    keqiao = [f for f in files if f.address and f.address[2] == "Shaoxing"]
    assert len(keqiao) == 4 and not any(f.day == t.first_day for f in keqiao for t in trips)  # 38 km: home
    departure = [f for f in files if f.day == d("2023-04-08") and f.address and f.address[2] == "Hangzhou"]
    assert len(departure) == 2 and not set(f.file_id for f in departure) & set(trips[0].file_ids)


# -- the rules, one by one -----------------------------------------------------------------------------


def test_without_a_home_everything_placed_is_away() -> None:
    files = library(
        [("2023-01-01", "Hangzhou", 3), ("2023-01-02", "Hangzhou", 1), ("2023-03-01", "Paris", 2)]
    )
    run = find_trips(files, [])
    assert spans(run.trips) == [("2023-01-01", "2023-01-02")]
    assert run.skipped["TooFewFiles"] == 2 and run.skipped["AtHome"] == 0


def test_a_home_day_between_away_days_ends_the_trip_and_empty_days_do_not() -> None:
    files = library([
        ("2023-05-01", "Kyoto", 2), ("2023-05-03", "Kyoto", 2),  # one empty day between: one trip
        ("2023-05-05", "Kyoto", 2), ("2023-05-06", "Hangzhou", 1), ("2023-05-07", "Kyoto", 2),
        ("2023-05-20", "Paris", 2), ("2023-05-23", "Paris", 2),  # two empty days: two runs
    ])  # fmt: skip
    run = find_trips(files, [HOME])
    assert spans(run.trips) == [("2023-05-01", "2023-05-05")]
    assert run.skipped["TooFewFiles"] == 6 and run.skipped["AtHome"] == 1
    assert spans(find_trips(files, [HOME], TripOptions(trip_gap_days=2)).trips) == [
        ("2023-05-01", "2023-05-05"), ("2023-05-20", "2023-05-23")
    ]  # fmt: skip
    assert len(find_trips(files, [HOME], TripOptions(trip_min_files=2)).trips) == 4


def test_away_km_decides_and_a_trip_has_no_maximum_length() -> None:
    visits = [(str(D("2023-01-01") + timedelta(days=i)), "Keqiao", 1) for i in range(0, 400, 2)]
    files = library(visits)
    assert find_trips(files, [HOME]).trips == []  # 38 km from home
    (trip,) = find_trips(files, [HOME], TripOptions(away_km=30)).trips
    assert trip.days == 399 and trip.caption() == "399 days in Shaoxing"


def test_a_day_in_two_cities_gives_both_stops_in_the_order_of_the_photos() -> None:
    files = library([("2023-07-06", "Osaka", 2), ("2023-07-06", "Kyoto", 2), ("2023-07-06", "Osaka", 1),
                     ("2023-07-07", "Osaka", 2)])  # fmt: skip
    (trip,) = find_trips(files, [HOME]).trips
    assert [(s.address[2], s.file_count, s.first_day, s.last_day) for s in trip.stops] == [
        ("Osaka", 3, d("2023-07-06"), d("2023-07-06")),  # the day's Osaka photos, then Kyoto's
        ("Kyoto", 2, d("2023-07-06"), d("2023-07-06")),
        ("Osaka", 2, d("2023-07-07"), d("2023-07-07")),
    ]


def test_shared_place_is_the_lowest_level_all_stops_share() -> None:
    assert shared_place([("China", "Zhejiang", "Hangzhou")] * 2) == ("China", "Zhejiang", "Hangzhou")
    assert shared_place([("China", "Zhejiang", "Hangzhou"), ("China", "Zhejiang", "Jiaxing")]) == (
        "China", "Zhejiang", ""
    )  # fmt: skip
    assert shared_place([("China", "Zhejiang", "Hangzhou"), ("China", "Jiangsu", "Nanjing")]) == (
        "China",
        "",
        "",
    )
    assert shared_place([("China", "", ""), ("China", "", "")]) == ("China", "", "")
    assert shared_place([("China", "Zhejiang", "Hangzhou"), ("Japan", "Kyoto", "Kyoto")]) == ("", "", "")


@pytest.mark.parametrize(
    ("first", "last", "place", "countries", "caption"),
    [
        ("2024-03-13", "2024-03-13", "Portland", ["United States"], "Day trip to Portland"),
        ("2024-03-16", "2024-03-16", "Portland", ["United States"], "Day trip to Portland"),  # a Saturday
        ("2024-03-16", "2024-03-17", "Kyoto", ["Japan"], "Weekend in Kyoto"),
        ("2024-03-15", "2024-03-17", "Kyoto", ["Japan"], "Weekend in Kyoto"),
        ("2024-03-17", "2024-03-19", "Kyoto", ["Japan"], "Weekend in Kyoto"),  # Sunday to Tuesday
        ("2024-03-12", "2024-03-14", "Kyoto", ["Japan"], "3 days in Kyoto"),  # no weekend day
        ("2024-03-15", "2024-03-18", "Kyoto", ["Japan"], "4 days in Kyoto"),
        ("2024-03-01", "2024-03-08", "Japan", ["Japan"], "8 days in Japan"),
        ("2024-03-16", "2024-03-16", "", ["France", "Italy"], "France & Italy"),
        ("2024-03-01", "2024-03-20", "", ["France", "Italy", "Spain"], "France, Italy & Spain"),
    ],
)
def test_trip_captions(first: str, last: str, place: str, countries: list[str], caption: str) -> None:
    assert trip_caption(D(first), D(last), place, countries) == caption


def test_captions_of_countries() -> None:
    assert countries_text([]) == "" and countries_text(["Japan"]) == "Japan"
    assert countries_text(["A", "B", "C", "D"]) == "A, B, C & D"


@pytest.mark.parametrize(
    ("options", "name"),
    [
        (TripOptions(away_km=0), "AwayKm"),
        (TripOptions(away_km=float("inf")), "AwayKm"),
        (TripOptions(away_km=True), "AwayKm"),
        (TripOptions(trip_gap_days=-1), "TripGapDays"),
        (TripOptions(trip_gap_days=1.5), "TripGapDays"),  # type: ignore[arg-type]
        (TripOptions(trip_min_files=0), "TripMinFiles"),
        (TripOptions(estimate_hours=0), "EstimateHours"),
        (TripOptions(estimate_hours=25), "EstimateHours"),
        (TripOptions(home_gap_days=100_000), "HomeGapDays"),
        (TripOptions(home_min_days=0), "HomeMinDays"),
        (TripOptions(home_min_photo_days=0), "HomeMinPhotoDays"),
    ],
)
def test_bad_options_are_refused_naming_the_option_and_its_range(options: TripOptions, name: str) -> None:
    with pytest.raises(OptionError, match=rf"^{name} must be .* from "):
        options.validate()


def test_options_round_trip_through_the_request() -> None:
    options = TripOptions(away_km=80, trip_gap_days=2, trip_min_files=5, estimate_hours=None)
    assert TripOptions.from_request(options.as_request()) == options.validate()
    assert TripOptions.from_request({}) == TripOptions()


# -- decisions, deletions, identity ---------------------------------------------------------------------


def three_trips() -> list[PlacedFile]:
    return library([
        ("2023-05-01", "Kyoto", 3), ("2023-05-02", "Kyoto", 3),
        ("2023-05-03", "Hangzhou", 1),
        ("2023-05-04", "Osaka", 4), ("2023-05-05", "Osaka", 1),
        ("2023-05-06", "Hangzhou", 1), ("2023-05-07", "Paris", 1),  # too few: 1 file
        ("2023-05-08", "Hangzhou", 1),
        ("2023-05-10", "Tokyo", 5),
    ])  # fmt: skip


def test_merge_and_split_are_reapplied_by_every_run() -> None:
    files = three_trips()
    first, _ = reconcile_trips([], find_trips(files, [HOME]).trips)
    assert spans([o.trip for o in first]) == [("2023-05-01", "2023-05-02"), ("2023-05-04", "2023-05-05"),
                                             ("2023-05-10", "2023-05-10")]  # fmt: skip
    merge = merge_decision([(o.trip_id, o.trip.first_day, o.trip.last_day) for o in (first[2], first[0])])
    assert merge == MergeTrips(d("2023-05-01"), d("2023-05-10"), first[0].trip_id)
    run = find_trips(files, [HOME], decisions=[merge])
    merged, _ = reconcile_trips(stored(first), run.trips)
    assert [(o.trip_id, spans([o.trip])[0]) for o in merged] == [
        (first[0].trip_id, ("2023-05-01", "2023-05-10"))
    ]
    assert len(merged[0].trip.file_ids) == 17  # the Paris file in between joins; home files stay out
    assert {p.trip_id for p in merged[0].absorbed} == {first[1].trip_id, first[2].trip_id}
    assert run.skipped["TooFewFiles"] == 0 and run.skipped["AtHome"] == 3

    split = split_decision(
        merged[0].trip_id, merged[0].trip.first_day, merged[0].trip.last_day, d("2023-05-02")
    )
    decisions = [merge, split]
    after_split, _ = reconcile_trips(stored(merged), find_trips(files, [HOME], decisions=decisions).trips)
    assert [(spans([o.trip])[0], len(o.trip.file_ids)) for o in after_split] == [
        (("2023-05-01", "2023-05-01"), 3),
        (("2023-05-02", "2023-05-10"), 14),
    ]
    assert after_split[0].trip_id == first[0].trip_id  # the part before keeps the TripId...
    assert after_split[1].trip_id not in {o.trip_id for o in first}  # ...though the part after has more

    # later runs, with new files, hold both decisions
    more = [*files, *library([("2023-05-09", "Tokyo", 2), ("2023-05-11", "Tokyo", 2)])]
    more = [f._replace(file_id=i) for i, f in enumerate(more, 1)]
    again, _ = reconcile_trips(stored(after_split), find_trips(more, [HOME], decisions=decisions).trips)
    assert [(o.trip_id, spans([o.trip])[0]) for o in again] == [
        (after_split[0].trip_id, ("2023-05-01", "2023-05-01")),
        (after_split[1].trip_id, ("2023-05-02", "2023-05-11")),
    ]


def test_a_split_before_a_merge_is_undone_by_it_and_one_outside_every_trip_waits() -> None:
    files = three_trips()
    trips = find_trips(files, [HOME]).trips
    merge = MergeTrips(trips[0].first_day, trips[1].last_day, "trip-a")
    split = SplitTrip(d("2023-05-02"), "trip-a")
    assert spans(find_trips(files, [HOME], decisions=[split, merge]).trips)[0] == ("2023-05-01", "2023-05-05")
    assert spans(find_trips(files, [HOME], decisions=[merge, split]).trips)[:2] == [
        ("2023-05-01", "2023-05-01"), ("2023-05-02", "2023-05-05")
    ]  # fmt: skip
    nowhere = [MergeTrips(d("2023-06-01"), d("2023-06-30"), "trip-x"), SplitTrip(d("2023-06-15"), "trip-x")]
    assert find_trips(files, [HOME], decisions=nowhere).trips == trips
    with pytest.raises(OptionError, match="split day"):
        split_decision("trip-a", trips[0].first_day, trips[0].last_day, trips[0].first_day)
    with pytest.raises(OptionError, match="two trips"):
        merge_decision([("trip-a", 1, 2)])


def test_a_deleted_trip_stays_deleted_until_restored() -> None:
    files = three_trips()
    trips = find_trips(files, [HOME]).trips
    gone = DeletedTrip(trips[1].first_day, trips[1].last_day)
    more = [*files, *library([("2023-05-05", "Osaka", 3)])]
    more = [f._replace(file_id=i) for i, f in enumerate(more, 1)]
    run = find_trips(more, [HOME], deleted=[gone])
    assert spans(run.trips) == [("2023-05-01", "2023-05-02"), ("2023-05-10", "2023-05-10")]
    assert run.skipped["InDeletedTrip"] == 8
    assert len(find_trips(more, [HOME]).trips) == 3  # restored


def test_reconcile_inherits_by_shared_files_oldest_first() -> None:
    a = Trip(10, 12, (1, 2, 3, 4), ())
    b = Trip(20, 22, (5, 6, 7), ())
    outcomes, ended = reconcile_trips([], [a, b], new_id=iter(["trip-1", "trip-2"]).__next__)
    assert [o.trip_id for o in outcomes] == ["trip-1", "trip-2"] and ended == []
    old = [
        StoredTrip("trip-1", 10, 12, (1, 2, 3, 4), 0, "Kyoto", {"who": "me"}),
        StoredTrip("trip-2", 20, 22, (5, 6, 7), 1, "", {"who": "you", "x": "y"}),
        StoredTrip("trip-3", 30, 31, (99,), 2, "gone"),
    ]
    bridged = Trip(10, 22, (1, 2, 3, 4, 5, 6, 7, 8), ())
    outcomes, ended = reconcile_trips(old, [bridged])
    assert outcomes[0].trip_id == "trip-1" and [p.trip_id for p in outcomes[0].absorbed] == ["trip-2"]
    assert outcomes[0].user_fields() == ("Kyoto", {"who": "me", "x": "y"})
    assert [p.trip_id for p in ended] == ["trip-3"]
    # one trip split in two: the part sharing the most files inherits; a tie goes to the earlier part
    outcomes, _ = reconcile_trips(old[:1], [Trip(10, 10, (1,), ()), Trip(11, 12, (2, 3, 4), ())])
    assert [o.trip_id == "trip-1" for o in outcomes] == [False, True]
    outcomes, _ = reconcile_trips(old[:1], [Trip(10, 10, (1, 2), ()), Trip(11, 12, (3, 4), ())])
    assert [o.trip_id == "trip-1" for o in outcomes] == [True, False]
    # the older stored trip wins a trip both share equally
    twins = [StoredTrip("trip-new", 1, 2, (1,), 5), StoredTrip("trip-old", 1, 2, (2,), 1)]
    outcomes, _ = reconcile_trips(twins, [Trip(1, 2, (1, 2), ())])
    assert outcomes[0].trip_id == "trip-old" and outcomes[0].absorbed[0].trip_id == "trip-new"


def test_a_pinned_id_wins_and_is_given_once() -> None:
    old = [StoredTrip("trip-1", 10, 12, (1, 2, 3), 0, "T")]
    trips = [
        Trip(10, 10, (1,), (), pinned_id="trip-1"),
        Trip(11, 12, (2, 3), ()),
        Trip(13, 13, (4,), (), 0, "trip-1"),
    ]
    outcomes, _ = reconcile_trips(old, trips, new_id=iter(["trip-a", "trip-b"]).__next__)
    assert [o.trip_id for o in outcomes] == ["trip-1", "trip-a", "trip-b"]
    assert outcomes[0].user_fields()[0] == "T" and outcomes[1].previous is None


# -- properties -----------------------------------------------------------------------------------------

PLACE_NAMES = ["Hangzhou", "Keqiao", "Jiaxing", "Shanghai", "Kyoto", "Osaka", "Paris"]


@st.composite
def libraries(draw: st.DrawFn) -> list[PlacedFile]:
    n = draw(st.integers(0, 60))
    result = []
    for i in range(n):
        day = draw(st.integers(0, 40))
        kind = draw(st.sampled_from(["placed"] * 8 + ["no place", "no time"]))
        hour = draw(st.integers(0, 23))
        place = draw(st.sampled_from(PLACE_NAMES))
        lat, lon, address, _ = PLACES[place]
        when = datetime(2023, 3, 1, hour) + timedelta(days=day)
        if kind == "no time":
            result.append(PlacedFile(i + 1, None, None, None, None, None, None))
        elif kind == "no place":
            result.append(PlacedFile(i + 1, when.date().toordinal(), when, None, None, None, None))
        else:
            result.append(
                PlacedFile(i + 1, when.date().toordinal(), when, None, lat, lon, address, "", i % 5 == 0)
            )
    return result


homes_strategy = st.lists(
    st.builds(
        lambda place, first, length: Home(
            f"home-{place}",
            PLACES[place][2],
            PLACES[place][0],
            PLACES[place][1],
            None,
            first,
            None if first is None or length is None else first + length,
            "user",
        ),
        st.sampled_from(PLACE_NAMES),
        st.one_of(st.none(), st.integers(d("2023-03-01"), d("2023-04-10"))),
        st.one_of(st.none(), st.integers(0, 20)),
    ),
    max_size=2,
)
options_strategy = st.builds(
    TripOptions, away_km=st.sampled_from([10.0, 50.0, 100.0]), trip_gap_days=st.integers(0, 3),
    trip_min_files=st.integers(1, 5),
)  # fmt: skip
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_partition(
    files: Sequence[PlacedFile], trips: Sequence[Trip], skipped_files: dict[str, np.ndarray]
) -> None:
    """Every file in exactly one trip or one reason; trips apart and in order; stops add up."""
    owners = [f for t in trips for f in t.file_ids] + [int(f) for r in REASONS for f in skipped_files[r]]
    assert sorted(owners) == sorted(f.file_id for f in files)
    for before, after in pairwise(trips):
        assert before.last_day < after.first_day
    by_id = {f.file_id: f for f in files}
    for trip in trips:
        assert sum(s.file_count for s in trip.stops) == len(trip.file_ids)
        assert trip.stops[0].first_day == trip.first_day and trip.stops[-1].last_day == trip.last_day
        assert all(trip.first_day <= (by_id[f].day or 0) <= trip.last_day for f in trip.file_ids)
        assert trip.estimated_count == sum(by_id[f].estimated for f in trip.file_ids)
        assert list(trip.file_ids) == sorted(trip.file_ids)


@SETTINGS
@given(libraries(), homes_strategy, options_strategy)
def test_property_trips_partition_the_files(
    files: list[PlacedFile], homes: list[Home], options: TripOptions
) -> None:
    run = find_trips(files, homes, options)
    check_partition(files, run.trips, run.skipped_files)
    cols = FileColumns.from_files(files)
    away_days = set(cols.day[run.away].tolist())
    home_days = set(cols.day[cols.placed()].tolist()) - away_days
    for trip in run.trips:  # a trip's days: away days, no home day, gaps of at most TripGapDays
        days = sorted({f.day for f in files if f.file_id in set(trip.file_ids)})
        assert not home_days & set(range(trip.first_day, trip.last_day + 1))
        assert all(b - a - 1 <= options.trip_gap_days for a, b in pairwise(days))
    away = {int(f) for f in FileColumns.from_files(files).file_id[run.away]}
    too_few = set(run.skipped_files["TooFewFiles"].tolist())
    for trip in run.trips:
        assert len(trip.file_ids) >= options.trip_min_files
        assert set(trip.file_ids) <= away
    assert away == too_few | {f for t in run.trips for f in t.file_ids}  # every away file: a trip or too few
    assert set(run.skipped_files["AtHome"].tolist()).isdisjoint(away)
    if not homes:
        assert run.skipped["AtHome"] == 0


@SETTINGS
@given(libraries(), homes_strategy, st.data())
def test_property_decisions_hold_on_every_rerun(
    files: list[PlacedFile], homes: list[Home], data: st.DataObject
) -> None:
    plain = find_trips(files, homes).trips
    decisions: list[MergeTrips | SplitTrip] = []
    outcomes, _ = reconcile_trips([], plain)
    for _ in range(data.draw(st.integers(0, 4))):
        trips = [o.trip for o in outcomes]
        if len(trips) >= 2 and data.draw(st.booleans()):
            picked = data.draw(
                st.lists(st.sampled_from(outcomes), min_size=2, max_size=3, unique_by=lambda o: o.trip_id)
            )
            decisions.append(merge_decision([(o.trip_id, o.trip.first_day, o.trip.last_day) for o in picked]))
        else:
            long = [o for o in outcomes if o.trip.days > 1]
            if not long:
                continue
            o = data.draw(st.sampled_from(long))
            day = data.draw(st.integers(o.trip.first_day + 1, o.trip.last_day))
            decisions.append(split_decision(o.trip_id, o.trip.first_day, o.trip.last_day, day))
        run = find_trips(files, homes, decisions=decisions)
        check_partition(files, run.trips, run.skipped_files)
        before = {o.trip_id for o in outcomes}
        outcomes, _ = reconcile_trips(stored(outcomes), run.trips)
        ids = [o.trip_id for o in outcomes]
        assert len(set(ids)) == len(ids)
        last = decisions[-1]
        if isinstance(last, MergeTrips):
            (kept,) = [
                o for o in outcomes if o.trip.first_day <= last.last_day and last.first_day <= o.trip.last_day
            ]
            assert kept.trip_id == last.trip_id and kept.trip_id in before
        else:
            (part,) = [o for o in outcomes if o.trip_id == last.trip_id]
            assert part.trip.last_day < last.day  # the part before keeps the TripId
            assert any(o.trip.first_day >= last.day and o.trip_id not in before for o in outcomes)
    # a rerun of the same decisions gives the same trips with the same ids
    again, ended = reconcile_trips(stored(outcomes), find_trips(files, homes, decisions=decisions).trips)
    assert [(o.trip_id, o.trip) for o in again] == [(o.trip_id, o.trip) for o in outcomes] and ended == []


@SETTINGS
@given(
    st.lists(st.lists(st.integers(1, 80), max_size=12, unique=True), max_size=6),
    st.lists(st.lists(st.integers(1, 80), max_size=12, unique=True), max_size=6),
)
def test_property_reconcile_keeps_each_old_id_at_most_once(
    old: list[list[int]], new: list[list[int]]
) -> None:
    # files belong to one trip each, old and new alike
    def disjoint(groups: list[list[int]]) -> list[list[int]]:
        seen: set[int] = set()
        result = []
        for group in groups:
            result.append(sorted(set(group) - seen))
            seen |= set(group)
        return result

    previous = [StoredTrip(f"trip-{i}", 1, 2, ids, age=(i * 7) % 5) for i, ids in enumerate(disjoint(old))]
    trips = [Trip(1, 2, tuple(ids), ()) for ids in disjoint(new)]
    outcomes, ended = reconcile_trips(previous, trips)
    ids = [o.trip_id for o in outcomes]
    assert len(set(ids)) == len(ids)
    living = {o.trip_id for o in outcomes} | {p.trip_id for o in outcomes for p in o.absorbed}
    assert living.isdisjoint(p.trip_id for p in ended)
    assert living | {p.trip_id for p in ended} >= {p.trip_id for p in previous}
    for o in outcomes:  # an inherited id comes from a stored trip sharing files with it
        if o.previous is not None:
            assert set(o.previous.file_ids) & set(o.trip.file_ids)
    for p in ended:
        assert not any(set(p.file_ids) & set(t.file_ids) for t in trips)
    # the stored trip sharing the most files with a new one, oldest first, is the one that names it
    for o in outcomes:
        if o.previous is not None and not o.absorbed:
            assert o.previous.trip_id == o.trip_id
