"""Homes (SPEC §10): detection by photo-day stretches, the user's homes and rejections, stable ids."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count

import numpy as np
import pytest

from app.core.clustering import OptionError
from app.core.estimates import estimate_places
from app.core.homes import (
    FileColumns,
    HomeRejection,
    PlacedFile,
    UserHome,
    at_home_of,
    detect_homes,
    effective_homes,
    haversine_km,
    rejection_of,
)
from tests.factories.persona import HANGZHOU_ERA, PLACES, SHANGHAI_ERA, make_persona

_ids = count(1)


def shot(day: date, place: str, file_id: int | None = None) -> PlacedFile:
    lat, lon, address, _ = PLACES[place]
    return PlacedFile(
        next(_ids) if file_id is None else file_id, day.toordinal(), None, None, lat, lon, address
    )


def days_every(first: date, step: int, n: int) -> list[date]:
    return [first + timedelta(days=step * i) for i in range(n)]


def d(text: str) -> int:
    return date.fromisoformat(text).toordinal()


def test_haversine_between_real_cities() -> None:
    assert float(haversine_km(30.2741, 120.1551, 30.7522, 120.75)) == pytest.approx(77.6, abs=1.0)
    assert float(haversine_km(48.8566, 2.3522, 35.0116, 135.7681)) == pytest.approx(9_700, rel=0.01)
    assert float(haversine_km(0, 179.9, 0, -179.9)) == pytest.approx(22.2, abs=0.1)  # across the date line


def test_the_persona_has_two_homes_one_after_the_other() -> None:
    persona = make_persona()
    homes = detect_homes(persona.placed(estimate_places(persona.timed())))
    assert [(h.address, h.first_day, h.last_day) for h in homes] == [
        (("China", "Zhejiang", "Hangzhou"), HANGZHOU_ERA[0].toordinal(), HANGZHOU_ERA[1].toordinal()),
        (("China", "Shanghai", "Shanghai"), SHANGHAI_ERA[0].toordinal(), SHANGHAI_ERA[1].toordinal()),
    ]
    for home, centre in zip(homes, ("Hangzhou", "Shanghai"), strict=True):
        assert home.lat is not None and home.lon is not None
        assert float(haversine_km(home.lat, home.lon, *PLACES[centre][:2])) < 2  # the median of its photos
        assert home.source == "detected" and home.radius_km is None and home.photo_days >= 30
    # Kyoto (two visits 51 days apart), Jiaxing, Keqiao: photographed, never lived in
    assert all(h.address and h.address[2] in ("Hangzhou", "Shanghai") for h in homes)


def test_a_stretch_breaks_where_photo_days_are_more_than_home_gap_days_apart() -> None:
    first = date(2023, 1, 1)
    files = [shot(day, "Hangzhou") for day in days_every(first, 45, 3)]  # 45 apart: one stretch of 91 days
    files += [shot(day, "Hangzhou") for day in days_every(first + timedelta(days=91), 1, 7)]
    homes = detect_homes(files)
    assert [(h.first_day, h.last_day, h.photo_days) for h in homes] == [
        (first.toordinal(), first.toordinal() + 97, 10)
    ]
    assert detect_homes(files, home_gap_days=44) == []  # now three short stretches


@pytest.mark.parametrize(("span", "photo_days", "is_home"), [(60, 10, True), (59, 10, False), (60, 9, False)])
def test_a_home_needs_home_min_days_and_home_min_photo_days(
    span: int, photo_days: int, is_home: bool
) -> None:
    first = date(2023, 1, 1)
    days = [first + timedelta(days=5 * i) for i in range(photo_days - 1)] + [first + timedelta(days=span - 1)]
    homes = detect_homes([shot(day, "Kyoto") for day in days])
    assert bool(homes) is is_home
    if is_home:
        assert homes[0].first_day == first.toordinal() and homes[0].last_day == first.toordinal() + span - 1


def test_several_homes_at_once_and_cities_of_the_same_name_stay_apart() -> None:
    days = days_every(date(2023, 1, 1), 5, 20)
    files = [shot(day, "Hangzhou") for day in days] + [shot(day, "Jiaxing") for day in days]
    other = PlacedFile(0, 0, None, None, 0.0, 0.0, None)
    files += [other._replace(file_id=next(_ids), day=day.toordinal(), lat=30.0, lon=100.0,
                             address=("China", "Other", "Hangzhou")) for day in days[:5]]  # fmt: skip
    homes = detect_homes(files)
    assert sorted(h.address[2] for h in homes if h.address) == ["Hangzhou", "Jiaxing"]
    assert {h.first_day for h in homes} == {days[0].toordinal()}


def test_files_without_a_city_or_a_day_make_no_home() -> None:
    days = days_every(date(2023, 1, 1), 3, 30)
    no_city = [
        PlacedFile(i, day.toordinal(), None, None, 30.0, 120.0, ("China", "Zhejiang", ""))
        for i, day in enumerate(days)
    ]
    no_day = [
        PlacedFile(100 + i, None, None, None, 30.0, 120.0, ("China", "Zhejiang", "Hangzhou"))
        for i in range(30)
    ]
    assert detect_homes(no_city + no_day) == []


def test_detected_ids_are_stable_across_runs_and_new_photos() -> None:
    files = [shot(day, "Hangzhou") for day in days_every(date(2023, 1, 1), 4, 30)]
    first = detect_homes(files)
    later = detect_homes([*files, shot(date(2023, 6, 1), "Hangzhou"), shot(date(2023, 6, 2), "Paris")])
    assert first[0].home_id == later[0].home_id and first[0].home_id.startswith("home-")
    assert later[0].last_day == d("2023-06-01")
    assert detect_homes(list(reversed(files)))[0].home_id == first[0].home_id
    moved = detect_homes([shot(date(2022, 12, 1), "Hangzhou"), *files])
    assert moved[0].home_id != first[0].home_id  # a new first photo-day is a new home


def test_a_rejected_home_stays_rejected_when_it_grows() -> None:
    files = [shot(day, "Hangzhou") for day in days_every(date(2023, 1, 1), 4, 30)]
    detected = detect_homes(files)
    rejection = rejection_of(detected[0])
    grown = detect_homes(files + [shot(day, "Hangzhou") for day in days_every(date(2022, 11, 1), 7, 10)])
    assert grown[0].first_day != detected[0].first_day
    assert effective_homes(grown, [], [rejection]) == []
    elsewhere = HomeRejection(("China", "Zhejiang", "Jiaxing"), rejection.first_day, rejection.last_day)
    assert effective_homes(grown, [], [elsewhere]) == grown
    later = HomeRejection(rejection.address, d("2030-01-01"), d("2030-12-31"))
    assert effective_homes(grown, [], [later]) == grown
    with pytest.raises(ValueError, match="detected"):
        rejection_of(effective_homes([], [UserHome("home-u", ("China", "Zhejiang", "Hangzhou"))])[0])


def test_user_homes_win_and_take_their_position_from_the_files() -> None:
    files = [shot(day, "Hangzhou") for day in days_every(date(2023, 1, 1), 4, 30)]
    files += [shot(day, "Jiaxing") for day in days_every(date(2023, 1, 2), 4, 30)]
    detected = detect_homes(files)
    assert len(detected) == 2
    user = UserHome("home-user-1", ("China", "Zhejiang", "Hangzhou"))
    homes = effective_homes(detected, [user], [], files)
    assert [(h.source, h.address[2] if h.address else "") for h in homes] == [
        ("user", "Hangzhou"), ("detected", "Jiaxing")
    ]  # fmt: skip
    assert homes[0].lat == pytest.approx(PLACES["Hangzhou"][0]) and homes[0].photo_days == 30
    # a position and radius covering Jiaxing, dated around it: the detected Jiaxing goes too
    circle = UserHome("home-user-2", None, 30.75, 120.75, 10.0, d("2022-12-01"), d("2023-12-31"))
    homes = effective_homes(detected, [circle], [], files)
    assert [h.home_id for h in homes] == ["home-user-2", detected[0].home_id]
    assert homes[0].photo_days == 30
    # dated so that it does not hold on all the detected days: both stay
    short = UserHome("home-user-3", ("China", "Zhejiang", "Hangzhou"), first_day=d("2023-03-01"))
    assert len(effective_homes(detected, [short], [], files)) == 3


def test_a_user_city_home_without_photos_there_holds_by_its_address() -> None:
    home = effective_homes([], [UserHome("home-u", ("Japan", "Kyoto", "Kyoto"))], [], [])[0]
    assert home.lat is None
    cols = FileColumns.from_files([shot(date(2023, 1, 1), "Kyoto"), shot(date(2023, 1, 1), "Osaka")])
    assert at_home_of(cols, home, 50.0).tolist() == [True, False]


def test_a_home_holds_only_on_its_days_and_within_its_reach() -> None:
    home = effective_homes(
        [], [UserHome("h", None, 30.2741, 120.1551, 40.0, d("2023-01-01"), d("2023-01-31"))]
    )[0]
    files = [
        shot(date(2023, 1, 5), "Hangzhou"),
        shot(date(2023, 1, 5), "Keqiao"),  # 38 km
        shot(date(2023, 1, 5), "Jiaxing"),  # 78 km
        shot(date(2023, 2, 1), "Hangzhou"),  # after the home's last day
    ]
    assert at_home_of(FileColumns.from_files(files), home, 50.0).tolist() == [True, True, False, False]
    narrow = effective_homes([], [UserHome("h", None, 30.2741, 120.1551, 30.0)])[0]
    assert at_home_of(FileColumns.from_files(files), narrow, 50.0).tolist() == [True, False, False, True]


@pytest.mark.parametrize(
    ("home", "message"),
    [
        (UserHome("h"), "city or a position"),
        (UserHome("h", None, 30.0, 120.0, -1.0), "RadiusKm"),
        (UserHome("h", None, 30.0, 120.0, float("nan")), "RadiusKm"),
        (UserHome("h", None, 91.0, 120.0), "latitude"),
        (UserHome("h", None, 30.0, 181.0), "longitude"),
        (UserHome("h", ("China", "Zhejiang", "")), "city"),
        (UserHome("h", ("China", "Zhejiang", "Hangzhou"), first_day=10, last_day=5), "From"),
    ],
)
def test_bad_user_homes_are_refused_with_the_field_named(home: UserHome, message: str) -> None:
    with pytest.raises(OptionError, match=message):
        home.validate()


def test_columns_check_their_lengths_and_median_crosses_the_date_line() -> None:
    with pytest.raises(ValueError, match="rows"):
        FileColumns.build([1, 2], [1], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [0, 0], [("A", "B", "C")])
    days = [d("2023-01-01") + 7 * i for i in range(12)]
    lons = [179.9, -179.9] * 6
    cols = FileColumns.build(
        range(12), days, [np.nan] * 12, [-17.0] * 12, lons, [0] * 12, [("Fiji", "X", "Y")]
    )
    home = detect_homes(cols)[0]
    assert home.lon is not None and abs(home.lon) > 179
