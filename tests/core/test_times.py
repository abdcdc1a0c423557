"""The capture-time rules of SPEC §2, with the real offline time-zone data."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.metadata import RawMeta
from app.core.times import resolve

HANGZHOU = (30.2741, 120.1551)
NEW_YORK = (40.7128, -74.006)
KATHMANDU = (27.7172, 85.324)
ADELAIDE = (-34.9285, 138.6007)
CHATHAM = (-43.95, -176.55)
NOW = datetime(2026, 11, 25)


def photo(wall: datetime | None = None, offset: int | None = None, position=None, **more) -> RawMeta:
    lat, lon = position or (None, None)
    more.setdefault("time_source", "EXIF:DateTimeOriginal" if wall else "")
    return RawMeta(kind="photo", wall_time=wall, wall_offset_min=offset, lat=lat, lon=lon, **more)


def video(utc: datetime, position=None) -> RawMeta:
    lat, lon = position or (None, None)
    return RawMeta(kind="video", utc_time=utc, lat=lat, lon=lon, time_source="QuickTime:CreateDate")


# -- a stated offset ------------------------------------------------------------------------------------


def test_explicit_offset_wins_over_gps_and_position() -> None:
    # the GPS clock alone would say +07:00 and New York -05:00; the file's own +08:00 wins
    raw = photo(datetime(2024, 3, 3, 7, 10), 480, NEW_YORK, gps_utc=datetime(2024, 3, 3, 0, 10))
    meta = resolve(raw, NOW)
    assert (meta.local_time, meta.offset_min) == (datetime(2024, 3, 3, 7, 10), 480)
    assert meta.utc_time == datetime(2024, 3, 2, 23, 10)
    assert meta.capture_day == date(2024, 3, 3)  # the local day, not the UTC one
    assert meta.notes == ()


def test_an_impossible_stated_offset_is_dropped_for_the_position() -> None:
    meta = resolve(photo(datetime(2024, 3, 3, 7, 10), 15 * 60, HANGZHOU), NOW)
    assert meta.offset_min == 480
    assert any("+900 minutes" in note and note.startswith("[InvalidArgument]") for note in meta.notes)


@given(
    wall=st.datetimes(min_value=datetime(1900, 1, 1), max_value=NOW + timedelta(days=1)),
    offset=st.integers(-48, 56).map(lambda q: q * 15),
)
def test_an_explicit_offset_is_exact(wall: datetime, offset: int) -> None:
    meta = resolve(photo(wall, offset), NOW)
    assert meta.local_time == wall and meta.offset_min == offset
    assert meta.utc_time == wall - timedelta(minutes=offset)
    assert meta.capture_day == wall.date() and meta.notes == ()


# -- the offset from the zone at the position ---------------------------------------------------------------


def test_zone_at_the_position_gives_the_offset() -> None:
    meta = resolve(photo(datetime(2024, 3, 3, 7, 10), position=HANGZHOU), NOW)
    assert meta.offset_min == 480 and meta.utc_time == datetime(2024, 3, 2, 23, 10)
    assert meta.capture_day == date(2024, 3, 3) and meta.time_source == "EXIF:DateTimeOriginal"


@pytest.mark.parametrize(
    ("place", "wall", "offset"),
    [
        (NEW_YORK, datetime(2024, 7, 1, 12), -240),
        (NEW_YORK, datetime(2024, 1, 15, 12), -300),
        (ADELAIDE, datetime(2024, 1, 10, 12), 630),
        (ADELAIDE, datetime(2024, 7, 10, 12), 570),
        (CHATHAM, datetime(2024, 7, 10, 12), 765),
        (KATHMANDU, datetime(2024, 7, 10, 12), 345),
    ],
)
def test_offsets_by_place_and_season(place, wall: datetime, offset: int) -> None:
    meta = resolve(photo(wall, position=place), NOW)
    assert meta.offset_min == offset and meta.local_time == wall
    assert meta.utc_time == wall - timedelta(minutes=offset)


def test_new_york_clock_changes_take_fold_zero() -> None:
    # 02:30 on 2024-03-10 never happened: read with the offset from before the change (EST)
    gap = resolve(photo(datetime(2024, 3, 10, 2, 30), position=NEW_YORK), NOW)
    assert (gap.offset_min, gap.utc_time) == (-300, datetime(2024, 3, 10, 7, 30))
    # 01:30 on 2024-11-03 happened twice: read as the first one (EDT)
    fold = resolve(photo(datetime(2024, 11, 3, 1, 30), position=NEW_YORK), NOW)
    assert (fold.offset_min, fold.utc_time) == (-240, datetime(2024, 11, 3, 5, 30))


# -- the offset from the GPS clock --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wall", "gps", "offset"),
    [
        (datetime(2024, 3, 3, 12, 0), datetime(2024, 3, 3, 6, 15), 345),  # Kathmandu +05:45
        (datetime(2024, 3, 3, 12, 45), datetime(2024, 3, 3, 0, 0), 765),  # Chatham +12:45
        (datetime(2024, 1, 10, 12, 0), datetime(2024, 1, 10, 1, 30), 630),  # Adelaide +10:30
        (datetime(2024, 3, 3, 12, 0), datetime(2024, 3, 3, 3, 58), 480),  # a fix two minutes stale
        (datetime(2024, 3, 3, 12, 0), datetime(2024, 3, 3, 4, 3), 480),  # the camera clock 3 min slow
        (datetime(2024, 3, 3, 1, 0), datetime(2024, 3, 3, 13, 0), -720),  # the far west edge
        (datetime(2024, 3, 3, 14, 0), datetime(2024, 3, 3, 0, 0), 840),  # Kiribati, the far east edge
    ],
)
def test_gps_clock_fixes_the_offset(wall: datetime, gps: datetime, offset: int) -> None:
    meta = resolve(photo(wall, gps_utc=gps), NOW)
    assert meta.offset_min == offset and meta.notes == ()
    assert meta.utc_time == wall - timedelta(minutes=offset)


def test_gps_clock_wins_over_the_position() -> None:
    # a stale fix at Hangzhou still says +08:00; a GPS clock from Kathmandu beats a Hangzhou position
    stale = resolve(
        photo(datetime(2024, 3, 3, 12), position=HANGZHOU, gps_utc=datetime(2024, 3, 3, 3, 58)), NOW
    )
    assert (stale.offset_min, stale.utc_time) == (480, datetime(2024, 3, 3, 4, 0))
    nepal = resolve(
        photo(datetime(2024, 3, 3, 12), position=HANGZHOU, gps_utc=datetime(2024, 3, 3, 6, 15)), NOW
    )
    assert nepal.offset_min == 345


def test_a_gps_clock_beyond_any_real_offset_is_ignored() -> None:
    meta = resolve(photo(datetime(2024, 3, 3, 1, 0), gps_utc=datetime(2024, 3, 3, 14, 0)), NOW)  # -13 h
    assert meta.offset_min is None and meta.utc_time is None
    assert meta.local_time == datetime(2024, 3, 3, 1, 0)
    assert any("does not fix the offset (difference -13h00m)" in note for note in meta.notes)


def test_a_far_gps_clock_is_ignored_for_the_position() -> None:
    meta = resolve(
        photo(datetime(2024, 3, 3, 12, 0), position=HANGZHOU, gps_utc=datetime(2024, 3, 3, 8, 53)), NOW
    )
    assert meta.offset_min == 480 and meta.utc_time == datetime(2024, 3, 3, 4, 0)
    assert meta.notes == (
        "[InvalidArgument] GPS time 2024-03-03 08:53:00 does not fix the offset (difference +3h07m)",
    )


def test_a_far_gps_clock_without_position_leaves_the_time_floating() -> None:
    meta = resolve(photo(datetime(2024, 3, 3, 12, 0), gps_utc=datetime(2024, 3, 3, 15, 7)), NOW)
    assert meta.local_time == datetime(2024, 3, 3, 12) and meta.utc_time is None
    assert any("(difference -3h07m)" in note for note in meta.notes)


# -- wall clock only, UTC only, nothing -----------------------------------------------------------------


def test_wall_time_alone_floats() -> None:
    meta = resolve(photo(datetime(2024, 3, 3, 23, 30, 0, 250000)), NOW)
    assert meta.local_time == datetime(2024, 3, 3, 23, 30, 0, 250000)
    assert meta.utc_time is None and meta.offset_min is None
    assert meta.capture_day == date(2024, 3, 3)


def test_utc_video_takes_the_local_day_of_its_position() -> None:
    meta = resolve(video(datetime(2024, 3, 2, 23, 30), HANGZHOU), NOW)
    assert meta.local_time == datetime(2024, 3, 3, 7, 30) and meta.offset_min == 480
    assert meta.utc_time == datetime(2024, 3, 2, 23, 30)
    assert meta.capture_day == date(2024, 3, 3)
    assert (meta.kind, meta.time_source) == ("video", "QuickTime:CreateDate")


def test_utc_without_position_keeps_the_utc_day() -> None:
    meta = resolve(video(datetime(2024, 3, 2, 23, 30)), NOW)
    assert meta.local_time is None and meta.offset_min is None
    assert meta.utc_time == datetime(2024, 3, 2, 23, 30) and meta.capture_day == date(2024, 3, 2)


def test_utc_at_a_clock_change_is_unambiguous() -> None:
    first = resolve(video(datetime(2024, 11, 3, 5, 30), NEW_YORK), NOW)
    second = resolve(video(datetime(2024, 11, 3, 6, 30), NEW_YORK), NOW)
    assert first.local_time == second.local_time == datetime(2024, 11, 3, 1, 30)
    assert (first.offset_min, second.offset_min) == (-240, -300)


def test_a_gps_only_photo_gets_its_local_time_from_the_position() -> None:
    # the reader puts a photo's GPS date and time into utc_time when no other time exists
    raw = photo(position=KATHMANDU, utc_time=datetime(2024, 3, 3, 20, 0), time_source="GPSDateTime")
    meta = resolve(raw, NOW)
    assert meta.local_time == datetime(2024, 3, 4, 1, 45) and meta.capture_day == date(2024, 3, 4)
    assert meta.time_source == "GPSDateTime"


def test_mid_ocean_gets_a_nautical_zone_or_stays_utc() -> None:
    meta = resolve(video(datetime(2024, 3, 3, 12), (0.5, -150.0)), NOW)
    assert meta.offset_min in (-600, None)  # Etc/GMT+10 with timezonefinder 9.0
    if meta.offset_min is not None:
        assert meta.local_time == datetime(2024, 3, 3, 2)
    assert meta.capture_day == date(2024, 3, 3)


def test_nothing_gives_no_times() -> None:
    meta = resolve(photo(position=HANGZHOU, width=4000, height=3000), NOW)
    assert (meta.local_time, meta.utc_time, meta.offset_min, meta.capture_day) == (None, None, None, None)
    assert meta.time_source == "" and meta.has_position


def test_everything_else_is_copied() -> None:
    raw = photo(
        datetime(2024, 3, 3, 7, 10), 480, HANGZHOU, width=4032, height=3024, orientation=6,
        notes=["[InvalidArgument] a reader's note"],
    )  # fmt: skip
    meta = resolve(raw, NOW)
    assert (meta.kind, meta.lat, meta.lon) == ("photo", *HANGZHOU)
    assert (meta.width, meta.height, meta.orientation) == (4032, 3024, 6)
    assert meta.time_source == "EXIF:DateTimeOriginal"
    assert meta.notes == ("[InvalidArgument] a reader's note",)
    raw.notes.append("later")  # the result does not share the reader's list
    assert len(meta.notes) == 1


# -- sub-seconds and range ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        photo(datetime(2024, 3, 3, 7, 10, 5, 123456), 480),
        photo(datetime(2024, 3, 3, 7, 10, 5, 123456), position=HANGZHOU),
        photo(datetime(2024, 3, 3, 7, 10, 5, 123456), gps_utc=datetime(2024, 3, 2, 23, 10, 4)),
    ],
)
def test_microseconds_are_kept(raw: RawMeta) -> None:
    meta = resolve(raw, NOW)
    assert meta.local_time == datetime(2024, 3, 3, 7, 10, 5, 123456)
    assert meta.utc_time == datetime(2024, 3, 2, 23, 10, 5, 123456)


def test_microseconds_of_a_utc_time_are_kept() -> None:
    meta = resolve(video(datetime(2024, 3, 2, 23, 30, 0, 500000), HANGZHOU), NOW)
    assert meta.local_time == datetime(2024, 3, 3, 7, 30, 0, 500000)


@pytest.mark.parametrize(
    "raw",
    [
        photo(datetime(2099, 8, 12, 19, 59)),
        photo(datetime(1850, 1, 1)),
        photo(datetime(1899, 12, 31, 23, 59, 59), 480),
        photo(NOW + timedelta(days=1, seconds=1), position=HANGZHOU),
        video(datetime(1804, 2, 1), HANGZHOU),
        video(datetime(2199, 1, 1)),
    ],
)
def test_times_out_of_range_are_dropped(raw: RawMeta) -> None:
    meta = resolve(raw, NOW)
    assert meta.local_time is None and meta.utc_time is None and meta.capture_day is None
    assert meta.time_source == ""
    assert len(meta.notes) == 1 and meta.notes[0].startswith("[InvalidArgument] capture time")
    assert "is out of range" in meta.notes[0]


def test_the_range_edges_are_kept() -> None:
    assert resolve(photo(datetime(1900, 1, 1)), NOW).local_time == datetime(1900, 1, 1)
    assert resolve(photo(NOW + timedelta(days=1)), NOW).local_time == NOW + timedelta(days=1)


def test_without_now_the_clock_bounds_the_future() -> None:
    tomorrow = datetime.now() + timedelta(hours=20)
    assert resolve(photo(tomorrow)).local_time == tomorrow
    assert resolve(photo(datetime.now() + timedelta(days=3))).local_time is None
