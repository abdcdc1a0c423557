"""The video reader on real files: MP4/MOV encoded here by FFmpeg, phone and camera videos of the corpus."""

from __future__ import annotations

import random
import struct
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.core import boxcheck
from app.core.metadata import MediaError, RawMeta
from app.core.readers import read_metadata
from app.core.tiff import Blob
from app.core.video import parse_iso6709, read_video
from tests.factories.videos import inflate_table, make_mp4, set_movie_date
from tests.test_corpus import load_oracle

UTC_SHOT = datetime(2024, 3, 2, 23, 30)
INVALID = r"^\[InvalidArgument\] "


def instant(raw: RawMeta) -> datetime | None:
    """The UTC instant a reader's result stands for: a wall time less its offset, else the UTC date."""
    if raw.wall_time is not None and raw.wall_offset_min is not None:
        return raw.wall_time - timedelta(minutes=raw.wall_offset_min)
    return raw.utc_time


def test_container_date_is_utc(tmp_path: Path) -> None:
    raw = read_video(str(make_mp4(tmp_path / "clip.mp4", creation_time=UTC_SHOT, size=(80, 60))))
    assert (raw.utc_time, raw.wall_time, raw.wall_offset_min) == (UTC_SHOT, None, None)
    assert raw.time_source == "encoded_date"
    assert (raw.width, raw.height, raw.orientation) == (80, 60, 1)
    assert raw.notes == []


@pytest.mark.parametrize("name", ["clip.mov", "clip.mp4"])  # ©xyz in a MOV, an mdta 'location' key in an MP4
@pytest.mark.parametrize(
    ("location", "position"),
    [
        ("+30.2741+120.1551+010.000/", (30.2741, 120.1551)),
        ("+37.5090-122.2592/", (37.509, -122.2592)),  # west
        ("-33.8568+151.2153/", (-33.8568, 151.2153)),  # south
        ("-22.9068-043.1729+010.000/", (-22.9068, -43.1729)),  # south and west
    ],
)
def test_iso6709_positions(tmp_path: Path, name: str, location: str, position: tuple[float, float]) -> None:
    raw = read_video(str(make_mp4(tmp_path / name, creation_time=UTC_SHOT, location=location)))
    assert (raw.lat, raw.lon) == position
    assert raw.utc_time == UTC_SHOT and raw.notes == []


def test_apple_creation_date_is_local_with_its_offset_and_wins(tmp_path: Path) -> None:
    path = make_mp4(
        tmp_path / "IMG_0001.MOV",
        creation_time=UTC_SHOT + timedelta(seconds=4),  # the file is written after recording started
        apple_creationdate="2024-03-03T07:30:00+0800",
        apple_location="-33.8568+151.2153+010.000/",
    )
    raw = read_video(str(path))
    assert (raw.wall_time, raw.wall_offset_min) == (datetime(2024, 3, 3, 7, 30), 480)
    assert raw.time_source == "com.apple.quicktime.creationdate"
    assert raw.utc_time == UTC_SHOT + timedelta(seconds=4)  # kept, though the Apple date wins
    assert (raw.lat, raw.lon) == (-33.8568, 151.2153)
    meta = read_metadata(str(path))
    assert (meta.utc_time, meta.local_time, meta.offset_min) == (UTC_SHOT, datetime(2024, 3, 3, 7, 30), 480)


def test_apple_creation_date_without_offset_leaves_the_utc_date(tmp_path: Path) -> None:
    path = make_mp4(tmp_path / "v.mov", creation_time=UTC_SHOT, apple_creationdate="2024-03-03T07:30:00")
    raw = read_video(str(path))
    assert (raw.wall_time, raw.utc_time, raw.time_source) == (None, UTC_SHOT, "encoded_date")
    assert any("has no offset" in note for note in raw.notes), raw.notes


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("+00.0000+000.0000/", "exactly 0,0"),
        ("+95.0000+010.0000/", "outside -90..90"),
        ("+10.0000-190.0000/", "outside -180..180"),
        ("here", "not an ISO 6709 string"),
        ("+4090-07400/", "not an ISO 6709 string"),  # 90 minutes
    ],
)
def test_invalid_positions_are_dropped_with_a_reason(tmp_path: Path, location: str, reason: str) -> None:
    raw = read_video(str(make_mp4(tmp_path / "v.mov", creation_time=UTC_SHOT, location=location)))
    assert raw.lat is None and raw.lon is None and raw.utc_time == UTC_SHOT
    assert any(reason in note and note.startswith("[InvalidArgument] ") for note in raw.notes), raw.notes


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("+30.2741+120.1551+010.000/", (30.2741, 120.1551)),
        ("-33.8568-070.1234/", (-33.8568, -70.1234)),
        ("+4012.5-07400.25/", (40 + 12.5 / 60, -(74 + 0.25 / 60))),  # degrees and minutes
        ("+401230-0740015.5/", (40 + 12 / 60 + 30 / 3600, -(74 + 15.5 / 3600))),  # and seconds
        ("+030.5+010.0/", (30.5, 10.0)),  # a latitude padded to three digits
        (" +1.5-2.5", (1.5, -2.5)),
        ("30.2741,120.1551", None),
        ("+30.27", None),
        ("", None),
    ],
)
def test_parse_iso6709(text: str, position: tuple[float, float] | None) -> None:
    assert parse_iso6709(text) == (pytest.approx(position) if position else None)


@pytest.mark.parametrize("zero", [datetime(1904, 1, 1), datetime(1970, 1, 1)])
def test_zero_dates_are_not_capture_times(tmp_path: Path, zero: datetime) -> None:
    path = set_movie_date(make_mp4(tmp_path / "v.mp4", creation_time=UTC_SHOT), zero)
    raw = read_video(str(path))
    assert raw.utc_time is None and raw.wall_time is None and raw.time_source == ""
    zero_notes = [note for note in raw.notes if "zero date" in note]
    assert zero_notes == [
        f"[InvalidArgument] video date {zero:%Y-%m-%d %H:%M:%S} is the container's zero date"
    ]
    assert "[InvalidArgument] the video carries no capture date" in raw.notes


def test_a_video_without_date_is_read_not_failed(tmp_path: Path) -> None:
    raw = read_video(str(make_mp4(tmp_path / "v.mp4", seconds=1.0, size=(80, 60))))
    assert raw.utc_time is None and raw.wall_time is None and raw.lat is None
    assert (raw.width, raw.height) == (80, 60)
    assert "[InvalidArgument] the video carries no capture date" in raw.notes


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "the file is empty"),
        (random.Random(7).randbytes(5000), "not a readable video"),
        (b"\x00\x01garbage" * 50, "not a readable video"),
    ],
)
def test_unreadable_videos(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "broken.mp4"
    path.write_bytes(content)
    with pytest.raises(MediaError, match=INVALID + reason):
        read_video(str(path))


def test_an_mp4_cut_in_half_is_refused(tmp_path: Path) -> None:
    whole = make_mp4(tmp_path / "v.mp4", creation_time=UTC_SHOT, seconds=3).read_bytes()
    path = tmp_path / "half.mp4"
    path.write_bytes(whole[: len(whole) // 2])  # FFmpeg writes the movie header last: it is gone
    with pytest.raises(MediaError, match=INVALID + "not a readable video"):
        read_video(str(path))


def test_a_missing_file_is_a_media_error(tmp_path: Path) -> None:
    with pytest.raises(MediaError, match=INVALID + "cannot read the file"):
        read_video(str(tmp_path / "gone.mp4"))


def test_a_video_cut_anywhere_is_read_or_refused_never_crashes(tmp_path: Path) -> None:
    whole = make_mp4(tmp_path / "v.mov", creation_time=UTC_SHOT, location="+30.0+120.0/").read_bytes()
    path = tmp_path / "cut.mov"
    read = 0
    for cut in range(0, len(whole), max(1, len(whole) // 40)):
        path.write_bytes(whole[:cut])
        try:
            raw = read_video(str(path))
        except MediaError as exc:
            assert str(exc).startswith("[InvalidArgument] ")
            continue
        read += 1
        assert raw.utc_time in (None, UTC_SHOT) and raw.lat in (None, 30.0)
    assert read > 0  # the movie header comes last: cuts inside it still give what is there


@pytest.mark.parametrize("box", [b"elst", b"stts", b"stsc", b"stsz", b"stco"])
def test_a_damaged_table_keeps_the_movie_from_mediainfo(tmp_path: Path, box: bytes) -> None:
    """A count no box can hold (issue #10's edit list of 4 billion entries): header and udta still read."""
    path = make_mp4(tmp_path / "clip.mov", creation_time=UTC_SHOT, location="+30.2741+120.1551/")
    raw = read_video(str(inflate_table(path, box, 0xFFFFFFFF)))
    assert (raw.utc_time, raw.time_source, raw.lat, raw.lon) == (UTC_SHOT, "encoded_date", 30.2741, 120.1551)
    name = box.decode()
    assert raw.notes == [
        f"[InvalidArgument] the video's tables are damaged (the '{name}' table claims 4,294,967,295 entries,"
        f" more than its {raw.notes[0].split('more than its ')[1].split(' bytes')[0]} bytes hold); only its"
        " movie header and user data were read"
    ]


def test_a_damaged_movie_with_a_zero_date_says_so(tmp_path: Path) -> None:
    path = inflate_table(make_mp4(tmp_path / "clip.mp4"), b"stts", 0x7FFFFFFF)
    raw = read_video(str(path))
    assert raw.utc_time is None and raw.wall_time is None
    assert raw.notes[1:] == [
        "[InvalidArgument] video date 1904-01-01 00:00:00 is the container's zero date",
        "[InvalidArgument] the video carries no capture date",
    ]


def test_a_header_box_claiming_more_than_the_file_is_refused(tmp_path: Path) -> None:
    """An ftyp of 4 GB hides the whole movie: MediaInfo searched a 1.5 MB file for 20 s (fuzzing)."""
    path = make_mp4(tmp_path / "clip.mp4", creation_time=UTC_SHOT)
    data = bytearray(path.read_bytes())
    data[0:4] = b"\xff\xff\xff\xff"
    path.write_bytes(bytes(data))
    with pytest.raises(
        MediaError, match=r"the box 'ftyp' claims 4,294,967,295 bytes, more than the file holds"
    ):
        read_video(str(path))


def test_the_table_check_reads_box_headers_not_the_media_data(tmp_path: Path) -> None:
    """A movie whose 2 GB of media data come first (sparse here): the check skips them by their size."""
    small = make_mp4(tmp_path / "clip.mp4", creation_time=UTC_SHOT).read_bytes()
    mdat = 2 << 30
    path = tmp_path / "big.mp4"
    with path.open("wb") as file:
        file.write(small[: small.find(b"mdat") - 4])  # ftyp (and free)
        file.write(struct.pack(">L4s", 8 + mdat, b"mdat"))
        file.seek(mdat, 1)
        file.write(small[small.find(b"moov") - 4 :])
    reads = []
    with path.open("rb") as file:
        blob = Blob.of_file(file)
        original = blob.read
        blob.read = lambda offset, length: reads.append(length) or original(offset, length)  # type: ignore[method-assign]
        assert boxcheck.damage(blob) is None
    assert sum(reads) < 64 * 1024


# --- the corpus: phone and camera videos against exiftool --------------------------------------------


def _exiftool_instant(text: str) -> datetime:
    """exiftool's 'YYYY:MM:DD HH:MM:SS[±HH:MM|Z]' as a UTC instant (no offset: QuickTime's UTC)."""
    wall = datetime.strptime(text[:19], "%Y:%m:%d %H:%M:%S")
    zone = text[19:]
    if zone in ("", "Z"):
        return wall
    sign = 1 if zone[0] == "+" else -1
    return wall - sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))


def _videos(corpus: Path, folder: str) -> list[Path]:
    return sorted(p for p in (corpus / folder).iterdir() if p.suffix.lower() in (".mp4", ".mov"))


def test_corpus_videos_match_exiftool(corpus: Path) -> None:
    oracle = load_oracle(corpus)
    videos = _videos(corpus, "good")
    assert len(videos) >= 8
    misses = []
    for path in videos:
        entry = oracle[f"good/{path.name}"]
        raw = read_video(str(path))
        want = entry.get("Keys:CreationDate") or entry.get("UserData:DateTimeOriginal")
        want = want or entry["QuickTime:CreateDate"]
        got = instant(raw)
        if got is None or got.replace(microsecond=0) != _exiftool_instant(want):
            misses.append(f"{path.name}: time {got} != {want}")
        lat, lon = entry.get("Composite:GPSLatitude"), entry.get("Composite:GPSLongitude")
        if lat == 0 and lon == 0:
            if raw.lat is not None or not any("0,0" in note for note in raw.notes):
                misses.append(f"{path.name}: a 0,0 position must be dropped with a reason, {raw.notes}")
        elif (raw.lat, raw.lon) != (pytest.approx(lat, abs=1e-5), pytest.approx(lon, abs=1e-5)):
            misses.append(f"{path.name}: position {raw.lat},{raw.lon} != {lat},{lon}")
        sizes = {(entry.get(f"{t}:ImageWidth"), entry.get(f"{t}:ImageHeight")) for t in ("Track1", "Track2")}
        if (raw.width, raw.height) not in sizes:
            misses.append(f"{path.name}: size {raw.width}x{raw.height} not in {sizes}")
    assert misses == []


def test_corpus_apple_and_rotated_videos(corpus: Path) -> None:
    train = read_video(str(corpus / "good/lychee__train.mov"))
    assert (train.wall_time, train.wall_offset_min) == (datetime(2021, 4, 10, 11, 43, 59), 60)
    assert train.time_source == "com.apple.quicktime.creationdate"
    assert train.utc_time == datetime(2021, 4, 10, 10, 44)  # QuickTime's CreateDate, a second later
    assert read_video(str(corpus / "good/mei__with-gps.mov")).orientation == 6  # rotation 90
    assert read_video(str(corpus / "good/mei__ftyp3gp5.mp4")).orientation == 6
    assert read_video(str(corpus / "good/exiftool__QuickTime.mov")).orientation == 1
    java = read_video(str(corpus / "good/mei__Issue_515_java.mp4"))  # UserData date +01:00, 3GPP loci
    assert (java.wall_time, java.wall_offset_min, java.time_source) == (
        datetime(2020, 11, 20, 15, 4, 2),
        60,
        "recorded_date",
    )


def test_corpus_bad_videos_are_read_or_refused(corpus: Path) -> None:
    """Each read or refused with a reason; what each costs is measured by tests/bench/bench_fuzz.py."""
    outcomes = {}
    for path in _videos(corpus, "bad"):
        try:
            outcomes[path.name] = read_video(str(path))
        except MediaError as exc:
            assert str(exc).startswith("[InvalidArgument] ") and len(str(exc)) > 30, path.name
            outcomes[path.name] = str(exc)
    assert "the file is empty" in outcomes["photoprism__zero-length.mov"]
    assert "not a readable video" in outcomes["exiv2__issue_2345_poc.mp4"]
    assert "not a readable video" in outcomes["exiv2__issue_ghsa_fgw8_truncated.mov"]
    zero = outcomes["exiv2__small_video_zero-date.mp4"]
    assert isinstance(zero, RawMeta) and zero.utc_time is None and zero.wall_time is None
    assert "[InvalidArgument] video date 1904-01-01 00:00:00 is the container's zero date" in zero.notes
    assert "[InvalidArgument] the video carries no capture date" in zero.notes
    cut = outcomes["crafted__truncated_in_moov.mp4"]  # cut inside udta/©xyz: the date is before the cut
    assert isinstance(cut, RawMeta) and cut.utc_time == datetime(2017, 2, 22, 8, 20, 28) and cut.lat is None
    assert any("the video is truncated" in note for note in cut.notes)


def test_corpus_good_videos_pass_the_table_check(corpus: Path) -> None:
    """Sound movies go to MediaInfo: the table check finds nothing (else their details would be lost)."""
    for path in _videos(corpus, "good"):
        with path.open("rb") as file:
            assert boxcheck.damage(Blob.of_file(file)) is None, path.name
