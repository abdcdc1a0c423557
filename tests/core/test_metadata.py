"""SPEC §2's time rules end to end: real files through read_metadata, the readers and the rules together."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from PIL import Image

from app.core.metadata import MediaError
from app.core.readers import read_metadata
from tests.factories.photos import exif_bytes, make_jpeg

PROJECT = Path(__file__).resolve().parents[2]

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


def test_avif_photos_are_read(tmp_path: Path) -> None:
    """Pillow writes AVIF (an ISO BMFF image, as HEIC) with its Exif item; README lists the format."""
    path = tmp_path / "shot.avif"
    exif = exif_bytes(datetime_original=datetime(2024, 3, 3, 7, 10, 5), offset="+08:00", gps=KATHMANDU)
    Image.new("RGB", (40, 30), (10, 200, 30)).save(path, exif=exif)
    meta = read_metadata(str(path))
    assert meta.local_time == datetime(2024, 3, 3, 7, 10, 5) and meta.offset_min == 480
    assert (meta.lat, meta.lon) == (pytest.approx(KATHMANDU[0]), pytest.approx(KATHMANDU[1]))
    assert (meta.width, meta.height) == (40, 30)


READ_PIPES = """
import sys
from app.core.metadata import MediaError
from app.core.readers import read_metadata
from app.core.exif import read_photo
from app.core.video import read_video
for read, path in ((read_metadata, sys.argv[1]), (read_metadata, sys.argv[2]), (read_photo, sys.argv[1]),
                   (read_video, sys.argv[2])):
    try:
        read(path)
        print("read")
    except MediaError as exc:
        print(exc)
"""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    """Refused by read_metadata, and by each reader (a file replaced by a pipe after the walk).

    Opening a pipe blocks until a writer comes; the read runs in a child so that, broken, it fails
    after a generous limit instead of hanging the suite.
    """
    os.mkfifo(tmp_path / "x.jpg")
    os.mkfifo(tmp_path / "y.mov")
    cmd = [sys.executable, "-c", READ_PIPES, str(tmp_path / "x.jpg"), str(tmp_path / "y.mov")]
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60, check=True)
    except subprocess.TimeoutExpired:
        pytest.fail("reading a named pipe waited for a writer (no answer in 60 s)")
    assert (
        out.stdout.splitlines()
        == ["[InvalidArgument] the file is a named pipe (FIFO), not a photo or video"] * 4
    )
