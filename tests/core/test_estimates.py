"""Estimated places (SPEC §10): which GPS file lends its position, on which clock, and when none does."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta, timezone

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.estimates import TimedColumns, TimedFile, estimate_places
from app.core.homes import haversine_km
from tests.factories.persona import DSLR, NIGHT_DSLR_DAYS, PHONE, PLACES, geocode, make_persona

PHONE_B = "Google|Pixel 8|"
GPS_CAMERA = "Sony|ILCE-7M4|99"
JST = timezone(timedelta(hours=9))


def at(place: str) -> tuple[float, float]:
    return PLACES[place][0], PLACES[place][1]


def phone(file_id: int, wall: datetime, place: str, offset_hours: int = 9, camera: str = PHONE) -> TimedFile:
    return TimedFile(file_id, camera, wall - timedelta(hours=offset_hours), wall, *at(place))


def borrowed(files: list[TimedFile], **options: float) -> dict[int, str | None]:
    """Each estimated file id and the city of the position it borrowed."""
    found = estimate_places(files, **options)  # type: ignore[arg-type]
    return {
        f: (a[2] if (a := geocode(lat, lon)) else None)
        for f, lat, lon in zip(found.file_id.tolist(), found.lat.tolist(), found.lon.tolist(), strict=True)
    }


def test_the_persona_dslr_borrows_from_the_phone_beside_it() -> None:
    persona = make_persona()
    found = estimate_places(persona.timed())
    by_id = {s.file_id: s for s in persona.shots}
    assert set(found.file_id.tolist()) == {s.file_id for s in persona.shots if s.camera == DSLR and
                                           s.wall and s.wall.date() not in NIGHT_DSLR_DAYS}  # fmt: skip
    for file_id, source in zip(found.file_id.tolist(), found.source_id.tolist(), strict=True):
        mine, lender = by_id[file_id], by_id[source]
        assert lender.camera == PHONE and mine.wall and lender.wall
        assert abs(mine.wall - lender.wall) <= timedelta(minutes=15)  # the nearer phone photo in time
    assert not found.same_camera.any()  # the DSLR has no GPS of its own


def test_a_camera_left_on_home_time_does_not_borrow_a_place_from_hours_away() -> None:
    """Tokyo in the morning, Kyoto in the afternoon; the DSLR still on Paris time (+01:00) photographs
    Kyoto at 16:33 local, which its clock shows as 08:33: the wall times point at Tokyo, the instants at
    Kyoto."""
    day = datetime(2023, 7, 4)
    files = [phone(i, day.replace(hour=8, minute=10 * i), "Tokyo") for i in range(1, 6)]
    files += [phone(i, day.replace(hour=16, minute=10 * (i - 10)), "Kyoto") for i in range(10, 15)]
    paris_clock = datetime(2023, 7, 4, 8, 33)
    files.append(TimedFile(100, DSLR, paris_clock - timedelta(hours=1), paris_clock, None, None))
    assert borrowed(files) == {100: "Kyoto"}
    found = estimate_places(files)
    assert found.source_id.tolist() == [13]  # the phone's 16:30 JST, three minutes before

    # the same camera without an offset, set to local time: compared on the wall clock, it is right too
    files[-1] = TimedFile(100, DSLR, None, datetime(2023, 7, 4, 16, 33), None, None)
    assert borrowed(files) == {100: "Kyoto"}


def test_wall_times_are_compared_with_wall_times_not_with_utc() -> None:
    """A camera without offset at 10:00 local in Kyoto: the phone's 10:05 (01:05 UTC) is its neighbour,
    not the phone's photo at 01:05 local."""
    files = [
        phone(1, datetime(2023, 7, 4, 1, 5), "Osaka"),
        phone(2, datetime(2023, 7, 4, 10, 5), "Kyoto"),
        TimedFile(3, DSLR, None, datetime(2023, 7, 4, 10, 0), None, None),
        TimedFile(4, "", datetime(2023, 7, 4, 1, 0, tzinfo=UTC), None, None, None),  # a video: UTC only
    ]
    found = estimate_places(files)
    assert dict(zip(found.file_id.tolist(), found.source_id.tolist(), strict=True)) == {3: 2, 4: 2}


def test_the_same_camera_is_preferred_then_any_camera() -> None:
    noon = datetime(2023, 7, 4, 12, 0)
    files = [
        phone(1, noon - timedelta(minutes=90), "Osaka", camera=GPS_CAMERA),  # its own GPS, further in time
        phone(2, noon - timedelta(minutes=5), "Kyoto", camera=PHONE_B),
        TimedFile(3, GPS_CAMERA, noon - timedelta(hours=9), noon, None, None),  # its GPS lost the fix
        TimedFile(4, DSLR, noon - timedelta(hours=9), noon, None, None),
    ]
    found = estimate_places(files)
    assert dict(zip(found.file_id.tolist(), found.source_id.tolist(), strict=True)) == {3: 1, 4: 2}
    assert found.same_camera.tolist() == [True, False]


def test_neighbours_on_both_sides_must_agree_within_50_km() -> None:
    noon = datetime(2023, 7, 4, 12, 0)
    dslr = TimedFile(9, DSLR, None, noon, None, None)
    near = [phone(1, noon - timedelta(minutes=50), "Kyoto"), phone(2, noon + timedelta(minutes=40), "Osaka")]
    assert float(haversine_km(*at("Kyoto"), *at("Osaka"))) < 50
    assert borrowed([*near, dslr]) == {9: "Osaka"}  # the nearer in time
    far = [phone(1, noon - timedelta(minutes=50), "Kyoto"), phone(2, noon + timedelta(minutes=40), "Tokyo")]
    assert borrowed([*far, dslr]) == {}  # on the move between far places: no honest guess
    assert borrowed([far[0], dslr]) == {9: "Kyoto"}  # one side only is enough


def test_only_neighbours_within_estimate_hours_count() -> None:
    noon = datetime(2023, 7, 4, 12, 0)
    files = [phone(1, noon - timedelta(hours=2), "Kyoto"), TimedFile(9, DSLR, None, noon, None, None)]
    assert borrowed(files) == {9: "Kyoto"}  # exactly two hours: inside
    assert borrowed(files, estimate_hours=1.99) == {}
    files[0] = phone(1, noon + timedelta(hours=2, seconds=1), "Kyoto")
    assert borrowed(files) == {}
    assert borrowed(files, estimate_hours=3) == {9: "Kyoto"}


def test_rejected_and_timeless_files_borrow_nothing_and_estimates_lend_nothing() -> None:
    noon = datetime(2023, 7, 4, 12, 0)
    files = [
        phone(1, noon, "Kyoto"),
        TimedFile(2, DSLR, None, noon + timedelta(hours=1), None, None),
        TimedFile(3, DSLR, None, noon + timedelta(hours=2, minutes=30), None, None),  # only file 2 is near
        TimedFile(4, DSLR, None, None, None, None),
    ]
    assert borrowed(files) == {2: "Kyoto"}
    assert len(estimate_places(files, skip=np.array([False, True, False, False]))) == 0
    assert len(estimate_places([])) == 0


# -- the rule against a plain reference ------------------------------------------------------------------


def reference(files: list[TimedFile], hours: float) -> dict[int, int]:
    """SPEC §10 written as plainly as possible, file by file."""

    def clock(f: TimedFile, by_utc: bool) -> float | None:
        if by_utc:
            return None if f.utc_time is None else f.utc_time.replace(tzinfo=UTC).timestamp()
        return None if f.wall_time is None else f.wall_time.replace(tzinfo=UTC).timestamp()

    result = {}
    for f in files:
        if f.lat is not None:
            continue
        by_utc = f.utc_time is not None
        t = clock(f, by_utc)
        if t is None:
            continue
        gps = [(clock(g, by_utc), g) for g in files if g.lat is not None and clock(g, by_utc) is not None]
        near = [(tg, g) for tg, g in gps if tg is not None and abs(tg - t) <= hours * 3600]
        own = [(tg, g) for tg, g in near if f.camera and g.camera == f.camera]
        pool = own or near
        before = max((p for p in pool if p[0] <= t), key=lambda p: p[0], default=None)
        after = min((p for p in pool if p[0] > t), key=lambda p: p[0], default=None)
        if before and after:
            b, a = before[1], after[1]
            if float(haversine_km(b.lat, b.lon, a.lat, a.lon)) > 50:
                continue
            result[f.file_id] = (b if t - before[0] <= after[0] - t else a).file_id
        elif before or after:
            result[f.file_id] = (before or after)[1].file_id  # type: ignore[index]
    return result


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", PHONE, DSLR, PHONE_B]),
            st.integers(0, 24 * 60),  # minutes into the day; distinct (below), so "nearer" is never a tie
            st.sampled_from([None, -5, 1, 8, 9]),  # offset hours; None: no offset written
            st.one_of(st.none(), st.sampled_from(list(PLACES))),
            st.booleans(),  # a wall time (False: a UTC instant only, as some videos)
        ),
        max_size=30,
        # distinct wall minutes and distinct UTC minutes: two offsets can put two walls on one instant
        unique_by=(lambda row: row[1], lambda row: row[1] - 60 * (row[2] or 0)),
    ),
    st.sampled_from([0.5, 2.0, 5.0]),
)
def test_property_the_fast_estimate_follows_the_plain_rule(rows: list[tuple], hours: float) -> None:  # type: ignore[type-arg]
    start = datetime(2023, 7, 4)
    files = []
    for i, (camera, minute, offset, place, has_wall) in enumerate(rows, 1):
        wall = start + timedelta(minutes=minute)
        utc = None if offset is None else wall - timedelta(hours=offset)
        if not has_wall and utc is None:
            utc = wall
        lat, lon = (None, None) if place is None else at(place)
        files.append(TimedFile(i, camera, utc, wall if has_wall else None, lat, lon))
    found = estimate_places(TimedColumns.from_files(files), estimate_hours=hours)
    assert dict(zip(found.file_id.tolist(), found.source_id.tolist(), strict=True)) == reference(files, hours)
    lenders = {f.file_id: f for f in files}
    for source, lat, lon in zip(
        found.source_id.tolist(), found.lat.tolist(), found.lon.tolist(), strict=True
    ):
        assert (lenders[source].lat, lenders[source].lon) == (lat, lon)
        assert not math.isnan(lat)
