"""SPEC §2's time rules end to end: real files through read_metadata, the readers and the rules together."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from app.core.metadata import MediaError, read_metadata
from tests.factories.photos import make_jpeg

KATHMANDU = (27.7172, 85.324)


def test_offset_time_original_gives_the_instant(tmp_path: Path) -> None:
    path = make_jpeg(tmp_path / "a.jpg", datetime_original=datetime(2024, 3, 3, 7, 10), offset="+08:00")
    meta = read_metadata(str(path))
    assert meta.utc_time == datetime(2024, 3, 2, 23, 10)
    assert meta.capture_day == date(2024, 3, 3)  # the local day, though UTC is still March 2


def test_gps_clock_fixes_a_missing_offset(tmp_path: Path) -> None:
    path = make_jpeg(
        tmp_path / "nepal.jpg",
        datetime_original=datetime(2024, 3, 3, 12, 0),
        offset=None,
        gps=KATHMANDU,
        gps_time=datetime(2024, 3, 3, 6, 15),
    )
    meta = read_metadata(str(path))
    assert meta.offset_min == 345 and meta.utc_time == datetime(2024, 3, 3, 6, 15)


def test_zone_at_the_position_when_nothing_states_the_offset(tmp_path: Path) -> None:
    path = make_jpeg(
        tmp_path / "ny.jpg",
        datetime_original=datetime(2024, 7, 4, 21, 30),
        offset=None,
        gps=(40.7128, -74.006),
    )
    meta = read_metadata(str(path))
    assert meta.offset_min == -240 and meta.utc_time == datetime(2024, 7, 5, 1, 30)
    assert meta.capture_day == date(2024, 7, 4)


def test_sub_seconds_are_kept(tmp_path: Path) -> None:
    path = make_jpeg(tmp_path / "s.jpg", datetime_original=datetime(2024, 3, 3, 7, 10, 5), subsec="5")
    assert read_metadata(str(path)).local_time == datetime(2024, 3, 3, 7, 10, 5, 500000)


def test_a_file_modification_time_is_never_a_capture_time(tmp_path: Path) -> None:
    path = make_jpeg(tmp_path / "plain.jpg", gps=KATHMANDU)
    meta = read_metadata(str(path))
    assert meta.local_time is None and meta.utc_time is None and meta.capture_day is None
    assert meta.has_position


def test_extension_picks_the_reader_and_unknown_ones_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    with pytest.raises(MediaError, match="not a photo or video extension"):
        read_metadata(str(path))
