"""The video reader on real files: MP4/MOV encoded here by FFmpeg, phone and camera videos of the corpus."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from app.core.metadata import MediaError, read_metadata
from app.core.video import read_video
from tests.factories.videos import make_video

UTC_SHOT = datetime(2024, 3, 2, 23, 30)


def test_container_date_is_utc_and_the_day_comes_from_the_position(tmp_path: Path) -> None:
    path = make_video(tmp_path / "clip.mov", creation_time=UTC_SHOT, location="+30.2741+120.1551/")
    raw = read_video(str(path))
    assert (raw.utc_time, raw.wall_time) == (UTC_SHOT, None)
    assert (raw.lat, raw.lon) == (30.2741, 120.1551)
    meta = read_metadata(str(path))
    assert meta.local_time == datetime(2024, 3, 3, 7, 30) and str(meta.capture_day) == "2024-03-03"


def test_apple_creation_date_is_local_with_its_offset(tmp_path: Path) -> None:
    path = make_video(
        tmp_path / "IMG_0001.MOV",
        creation_time=datetime(2024, 3, 2, 23, 30, 4),
        apple_creationdate="2024-03-03T07:30:00+0800",
        apple_location="-33.8568+151.2153+010.000/",
    )
    raw = read_video(str(path))
    assert (raw.wall_time, raw.wall_offset_min) == (datetime(2024, 3, 3, 7, 30), 480)
    assert raw.time_source == "comapplequicktimecreationdate"
    assert (raw.lat, raw.lon) == (-33.8568, 151.2153)
    assert read_metadata(str(path)).utc_time == UTC_SHOT


@pytest.mark.parametrize(
    ("location", "reason"),
    [("+00.0000+000.0000/", "exactly 0,0"), ("+95.0000+010.0000/", "outside -90..90"), ("here", "ISO 6709")],
)
def test_invalid_positions_are_dropped_with_a_reason(tmp_path: Path, location: str, reason: str) -> None:
    raw = read_video(str(make_video(tmp_path / "v.mov", creation_time=UTC_SHOT, location=location)))
    assert raw.lat is None and raw.utc_time == UTC_SHOT
    assert any(reason in note for note in raw.notes), raw.notes


def test_zero_dates_are_not_capture_times(tmp_path: Path) -> None:
    raw = read_video(str(make_video(tmp_path / "v.mp4", creation_time=datetime(1970, 1, 1))))
    assert raw.utc_time is None
    assert any("no capture date" in note for note in raw.notes), raw.notes


def test_a_video_without_date_is_read_not_failed(tmp_path: Path) -> None:
    raw = read_video(str(make_video(tmp_path / "v.mp4", size=(80, 60))))
    assert raw.utc_time is None and raw.wall_time is None
    assert (raw.width, raw.height) == (80, 60)
    assert any("no capture date" in note for note in raw.notes)


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "the file is empty"), (b"\x00\x01garbage" * 50, "not a readable video")],
)
def test_unreadable_videos(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "broken.mp4"
    path.write_bytes(content)
    with pytest.raises(MediaError, match=r"^\[InvalidArgument\] " + reason):
        read_video(str(path))


def test_a_video_cut_anywhere_is_read_or_refused_never_crashes(tmp_path: Path) -> None:
    whole = make_video(tmp_path / "v.mov", creation_time=UTC_SHOT, location="+30.0+120.0/").read_bytes()
    for cut in range(0, len(whole), max(1, len(whole) // 40)):
        path = tmp_path / "cut.mov"
        path.write_bytes(whole[:cut])
        try:
            raw = read_video(str(path))
        except MediaError:
            continue
        assert raw.utc_time in (None, UTC_SHOT)


@pytest.mark.parametrize(
    ("name", "utc", "position"),
    [
        ("good/mei__Issue_515_java.mp4", "2020-11-20 14:04:02", (52.369293, 6.676086)),  # 3GPP loci
        ("good/mei__FLIR_Thermal.mp4", "2021-05-16 19:27:55", (34.075394, -118.254303)),
        ("good/mei__android_with-gps.mp4", "2017-02-22 08:20:28", (51.4169, -0.0806)),  # ©xyz
        ("good/mei__with-gps.mov", "2019-07-24 08:25:40", (32.0929, 34.862)),  # Apple keys
    ],
)
def test_corpus_videos(corpus: Path, name: str, utc: str, position: tuple[float, float]) -> None:
    meta = read_metadata(str(corpus / name))
    assert str(meta.utc_time) == utc
    assert (meta.lat, meta.lon) == pytest.approx(position)
