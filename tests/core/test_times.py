"""The capture-time rules of SPEC §2, with the real offline time-zone data."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core import timezones
from app.core.metadata import RawMeta
from app.core.times import resolve

HANGZHOU = (30.2741, 120.1551)
NEW_YORK = (40.7128, -74.006)
KATHMANDU = (27.7172, 85.324)
NOW = datetime(2026, 11, 25)


def photo(wall: datetime | None = None, offset: int | None = None, position=None, **more) -> RawMeta:
    lat, lon = position or (None, None)
    return RawMeta(kind="photo", wall_time=wall, wall_offset_min=offset, lat=lat, lon=lon, **more)


def test_explicit_offset_wins() -> None:
    meta = resolve(photo(datetime(2024, 3, 3, 7, 10), 480, NEW_YORK, gps_utc=datetime(2024, 3, 3, 1)), NOW)
    assert (meta.local_time, meta.offset_min) == (datetime(2024, 3, 3, 7, 10), 480)
    assert meta.utc_time == datetime(2024, 3, 2, 23, 10)
    assert meta.capture_day == date(2024, 3, 3)  # the local day, not the UTC one


def test_zone_at_the_position_gives_the_offset() -> None:
    meta = resolve(photo(datetime(2024, 3, 3, 7, 10), position=HANGZHOU), NOW)
    assert meta.offset_min == 480 and meta.utc_time == datetime(2024, 3, 2, 23, 10)
    summer = resolve(photo(datetime(2024, 7, 1, 12), position=NEW_YORK), NOW)
    winter = resolve(photo(datetime(2024, 1, 15, 12), position=NEW_YORK), NOW)
    assert (summer.offset_min, winter.offset_min) == (-240, -300)


@pytest.mark.parametrize(
    ("wall", "gps", "offset"),
    [
        (datetime(2024, 3, 3, 12, 0), datetime(2024, 3, 3, 6, 15), 345),  # Kathmandu +05:45
        (datetime(2024, 3, 3, 12, 0), datetime(2024, 3, 3, 3, 58), 480),  # a fix two minutes stale
    ],
)
def test_gps_clock_fixes_the_offset(wall: datetime, gps: datetime, offset: int) -> None:
    assert resolve(photo(wall, gps_utc=gps), NOW).offset_min == offset


def test_a_gps_clock_beyond_any_real_offset_is_ignored() -> None:
    meta = resolve(photo(datetime(2024, 3, 3, 1, 0), gps_utc=datetime(2024, 3, 3, 14, 0)), NOW)  # -13 h
    assert meta.offset_min is None and meta.utc_time is None
    assert any("does not fix the offset" in note for note in meta.notes)


def test_a_far_gps_clock_is_ignored_for_the_position() -> None:
    meta = resolve(
        photo(datetime(2024, 3, 3, 12, 0), position=HANGZHOU, gps_utc=datetime(2024, 3, 3, 8, 53)), NOW
    )
    assert meta.offset_min == 480
    assert any("difference +3h07m" in note for note in meta.notes)


def test_wall_time_alone_floats() -> None:
    meta = resolve(photo(datetime(2024, 3, 3, 23, 30, 0, 250000)), NOW)
    assert meta.local_time == datetime(2024, 3, 3, 23, 30, 0, 250000)
    assert meta.utc_time is None and meta.offset_min is None
    assert meta.capture_day == date(2024, 3, 3)


def test_utc_video_takes_the_local_day_of_its_position() -> None:
    video = RawMeta(kind="video", utc_time=datetime(2024, 3, 2, 23, 30), lat=HANGZHOU[0], lon=HANGZHOU[1])
    meta = resolve(video, NOW)
    assert meta.local_time == datetime(2024, 3, 3, 7, 30) and meta.offset_min == 480
    assert meta.capture_day == date(2024, 3, 3)


def test_utc_without_position_keeps_the_utc_day() -> None:
    meta = resolve(RawMeta(kind="video", utc_time=datetime(2024, 3, 2, 23, 30)), NOW)
    assert meta.local_time is None and meta.capture_day == date(2024, 3, 2)


def test_times_out_of_range_are_dropped() -> None:
    future = resolve(photo(datetime(2099, 8, 12, 19, 59)), NOW)
    ancient = resolve(photo(datetime(1850, 1, 1)), NOW)
    for meta in (future, ancient):
        assert meta.local_time is None and meta.capture_day is None
        assert any("out of range" in note for note in meta.notes)


def test_mid_ocean_has_a_nautical_zone() -> None:
    video = RawMeta(kind="video", utc_time=datetime(2024, 3, 3, 12), lat=0.5, lon=-150.0)
    assert resolve(video, NOW).offset_min == -600


@pytest.mark.parametrize(
    ("place", "when", "is_utc", "minutes"),
    [
        ((-34.9285, 138.6007), datetime(2024, 1, 10, 12), False, 630),  # Adelaide, summer
        ((-34.9285, 138.6007), datetime(2024, 7, 10, 12), False, 570),
        ((-43.95, -176.55), datetime(2024, 7, 10, 12), True, 765),  # Chatham +12:45
        (KATHMANDU, datetime(2024, 7, 10, 12), True, 345),
        (NEW_YORK, datetime(2024, 3, 10, 2, 30), False, -300),  # skipped hour: offset from before
        (NEW_YORK, datetime(2024, 11, 3, 1, 30), False, -240),  # repeated hour: the first one
    ],
)
def test_offsets_at_places(place, when: datetime, is_utc: bool, minutes: int) -> None:
    assert timezones.offset_minutes(*place, when, is_utc=is_utc) == minutes


@given(
    wall=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2025, 12, 31)),
    offset=st.integers(-48, 56).map(lambda q: q * 15),
)
def test_an_explicit_offset_is_exact(wall: datetime, offset: int) -> None:
    meta = resolve(photo(wall, offset), NOW)
    assert meta.local_time == wall and meta.offset_min == offset
    assert (wall - meta.utc_time).total_seconds() == offset * 60
