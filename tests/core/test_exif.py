"""The photo reader on real files: JPEG, PNG, WebP and TIFF written here, HEIC and RAW from the corpus."""

from __future__ import annotations

import contextlib
import io
import struct
import zlib
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from app.core.exif import read_photo
from app.core.metadata import MediaError
from tests.factories.photos import exif_bytes, insert_app1, jpeg_pixels, make_jpeg

SHOT = datetime(2024, 3, 3, 7, 10, 5)


def test_date_time_original_with_offset_and_subseconds(tmp_path: Path) -> None:
    path = make_jpeg(tmp_path / "a.jpg", datetime_original=SHOT, offset="+08:00", subsec="042")
    raw = read_photo(str(path))
    assert raw.wall_time == SHOT.replace(microsecond=42000)
    assert raw.wall_offset_min == 480
    assert raw.time_source == "DateTimeOriginal"


@pytest.mark.parametrize(
    ("offset", "minutes"), [("-05:00", -300), ("+05:45", 345), ("+00:00", 0), ("+9:00", None)]
)
def test_offset_time_original_values(tmp_path: Path, offset: str, minutes: int | None) -> None:
    raw = read_photo(str(make_jpeg(tmp_path / "a.jpg", datetime_original=SHOT, offset=offset)))
    assert raw.wall_offset_min == minutes


def test_later_date_tags_stand_in_for_a_missing_original(tmp_path: Path) -> None:
    created = read_photo(str(make_jpeg(tmp_path / "c.jpg", create_date=SHOT, offset=None)))
    assert (created.wall_time, created.time_source) == (SHOT, "CreateDate")
    modified = read_photo(str(make_jpeg(tmp_path / "m.jpg", date_time=SHOT, offset=None)))
    assert (modified.wall_time, modified.time_source) == (SHOT, "DateTime")
    both = read_photo(
        str(make_jpeg(tmp_path / "b.jpg", datetime_original=SHOT, date_time=datetime(2030, 1, 1)))
    )
    assert both.wall_time == SHOT


def test_zero_and_blank_dates_are_dropped_with_a_reason(tmp_path: Path) -> None:
    data = exif_bytes(datetime_original=SHOT, create_date=datetime(2024, 5, 6, 7, 8, 9))
    data = data.replace(SHOT.strftime("%Y:%m:%d %H:%M:%S").encode(), b"0000:00:00 00:00:00")
    path = tmp_path / "zero.jpg"
    path.write_bytes(insert_app1(jpeg_pixels(), data))
    raw = read_photo(str(path))
    assert raw.wall_time == datetime(2024, 5, 6, 7, 8, 9) and raw.time_source == "CreateDate"
    assert any("DateTimeOriginal '0000:00:00 00:00:00' is not a real date" in n for n in raw.notes)


def test_xmp_capture_date_beats_the_edit_time(tmp_path: Path) -> None:
    """An editor rewrites IFD0 DateTime; the XMP date is still the shot's (mei__Issue_600 in the corpus)."""
    xmp = (
        b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><rdf:Description "
        b'photoshop:DateCreated="2009-09-09T17:00:00+02:00"/></x:xmpmeta>'
    )
    jpeg = insert_app1(jpeg_pixels(), exif_bytes(date_time=datetime(2023, 1, 4, 12, 40)))
    path = tmp_path / "edited.jpg"
    path.write_bytes(insert_app1(jpeg, xmp))
    raw = read_photo(str(path))
    assert (raw.wall_time, raw.wall_offset_min) == (datetime(2009, 9, 9, 17, 0), 120)
    assert raw.time_source == "XMP-photoshop:DateCreated"


def _xmp_jpeg(path: Path, description: bytes) -> Path:
    xmp = b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><rdf:Description " + description + b"/></x:xmpmeta>"
    path.write_bytes(insert_app1(jpeg_pixels(), xmp))
    return path


@pytest.mark.parametrize(
    ("value", "utc"),
    [
        (b'exif:GPSTimeStamp="2024-03-03T02:15:00Z"', datetime(2024, 3, 3, 2, 15)),
        (b'exif:GPSTimeStamp="2024-03-03T10:15:00+08:00"', datetime(2024, 3, 3, 2, 15)),  # as UTC
        (b"><exif:GPSTimeStamp>2024-03-03T02:15Z</exif:GPSTimeStamp", datetime(2024, 3, 3, 2, 15)),
    ],
)
def test_the_xmp_gps_date_time_is_the_last_resort(tmp_path: Path, value: bytes, utc: datetime) -> None:
    """SPEC §2: with no other date, the GPS date and time (UTC); XMP writes it as one value."""
    raw = read_photo(str(_xmp_jpeg(tmp_path / "gps.jpg", value)))
    assert (raw.utc_time, raw.wall_time, raw.time_source) == (utc, None, "XMP-exif:GPSDateTime")
    assert raw.notes == []


def test_the_xmp_gps_date_time_never_beats_a_capture_date(tmp_path: Path) -> None:
    path = _xmp_jpeg(
        tmp_path / "both.jpg",
        b'xmp:CreateDate="2024-03-03T07:15:00" exif:GPSTimeStamp="2024-03-03T02:15:00Z"',
    )
    raw = read_photo(str(path))
    assert (raw.wall_time, raw.utc_time, raw.time_source) == (
        datetime(2024, 3, 3, 7, 15), None, "XMP-xmp:CreateDate"
    )  # fmt: skip
    assert raw.gps_utc == datetime(2024, 3, 3, 2, 15)  # which fixes the offset (+05:00) in the rules


def test_gps_in_each_hemisphere(tmp_path: Path) -> None:
    for name, position in {
        "ne": (30.2741, 120.1551),
        "sw": (-33.8568, -70.6483),
        "nw": (40.7128, -74.006),
    }.items():
        raw = read_photo(str(make_jpeg(tmp_path / f"{name}.jpg", datetime_original=SHOT, gps=position)))
        assert raw.lat == pytest.approx(position[0], abs=1e-6)
        assert raw.lon == pytest.approx(position[1], abs=1e-6)


def test_gps_date_time_is_kept_apart_and_used_when_nothing_else(tmp_path: Path) -> None:
    fix = datetime(2024, 3, 2, 23, 10, 4)
    with_wall = read_photo(
        str(make_jpeg(tmp_path / "a.jpg", datetime_original=SHOT, offset=None, gps_time=fix))
    )
    assert with_wall.gps_utc == fix and with_wall.utc_time is None
    only_gps = read_photo(str(make_jpeg(tmp_path / "b.jpg", gps=(30.0, 120.0), gps_time=fix)))
    assert only_gps.wall_time is None
    assert (only_gps.utc_time, only_gps.time_source) == (fix, "GPSDateTime")


@pytest.mark.parametrize(
    ("rationals", "refs", "reason"),
    [
        ((((30, 0), (16, 1), (0, 1)), ((120, 1), (9, 1), (0, 1))), None, "zero denominator"),
        ((((30, 1), (16, 1), (0, 0)), ((120, 1), (9, 1), (0, 0))), None, "zero denominator"),
        ((((95, 1), (0, 1), (0, 1)), ((120, 1), (0, 1), (0, 1))), None, "latitude 95 is outside -90..90"),
        ((((30, 1), (0, 1), (0, 1)), ((190, 1), (0, 1), (0, 1))), (b"N", b"W"), "longitude -190 is outside"),
        ((((0, 1), (0, 1), (0, 1)), ((0, 1), (0, 1), (0, 1))), None, "exactly 0,0"),
    ],
)
def test_invalid_gps_is_dropped_and_the_time_kept(tmp_path: Path, rationals, refs, reason: str) -> None:
    path = make_jpeg(tmp_path / "bad.jpg", datetime_original=SHOT, gps_rationals=rationals, gps_refs=refs)
    raw = read_photo(str(path))
    assert raw.lat is None and raw.lon is None
    assert raw.wall_time == SHOT
    assert any(reason in note for note in raw.notes), raw.notes


def test_latitude_without_longitude_is_dropped(tmp_path: Path) -> None:
    import piexif

    data = piexif.dump({"GPS": {piexif.GPSIFD.GPSLatitude: ((30, 1), (1, 1), (0, 1))}, "0th": {}, "Exif": {}})
    path = tmp_path / "lat.jpg"
    path.write_bytes(insert_app1(jpeg_pixels(), data))
    raw = read_photo(str(path))
    assert raw.lat is None and any("longitude is missing" in n for n in raw.notes)


def test_size_and_orientation(tmp_path: Path) -> None:
    raw = read_photo(
        str(make_jpeg(tmp_path / "r.jpg", pixels=(40, 30), datetime_original=SHOT, orientation=6))
    )
    assert (raw.width, raw.height, raw.orientation) == (40, 30, 6)


def _save(tmp_path: Path, fmt: str, name: str) -> Path:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), (10, 200, 30)).save(
        buffer, fmt, exif=exif_bytes(datetime_original=SHOT, gps=(35.0, 139.0))
    )
    path = tmp_path / name
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize(("fmt", "name"), [("PNG", "a.png"), ("WEBP", "a.webp"), ("TIFF", "a.tif")])
def test_other_containers(tmp_path: Path, fmt: str, name: str) -> None:
    raw = read_photo(str(_save(tmp_path, fmt, name)))
    assert (raw.wall_time, raw.lat, raw.lon, raw.width, raw.height) == (SHOT, 35.0, 139.0, 20, 10)


def test_png_exif_after_the_image_data(tmp_path: Path) -> None:
    """eXIf may follow IDAT (the PNG spec allows it); the reader skips image chunks by their length."""
    data = _save(tmp_path, "PNG", "a.png").read_bytes()
    start = data.index(b"eXIf") - 4
    length = struct.unpack(">L", data[start : start + 4])[0]
    chunk = data[start : start + 12 + length]
    rest = data[:start] + data[start + 12 + length :]
    iend = rest.index(b"IEND") - 4
    path = tmp_path / "late.png"
    path.write_bytes(rest[:iend] + chunk + rest[iend:])
    assert read_photo(str(path)).wall_time == SHOT


def test_png_with_imagemagick_raw_profile(tmp_path: Path) -> None:
    payload = exif_bytes(datetime_original=SHOT)
    text = b"\nexif\n%8d\n" % len(payload) + payload.hex().encode() + b"\n"
    body = b"Raw profile type exif\0\0" + zlib.compress(text)
    chunk = struct.pack(">L4s", len(body), b"zTXt") + body + struct.pack(">L", zlib.crc32(b"zTXt" + body))
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "PNG")
    data = buffer.getvalue()
    path = tmp_path / "magick.png"
    path.write_bytes(data[:33] + chunk + data[33:])
    assert read_photo(str(path)).wall_time == SHOT


def test_only_the_head_of_a_large_photo_is_read(tmp_path: Path) -> None:
    """A 64 MB JPEG costs the same few kilobytes as a small one (bytes counted by the kernel)."""
    path = make_jpeg(tmp_path / "big.jpg", datetime_original=SHOT)
    with open(path, "r+b") as file:
        file.truncate(64 << 20)

    def bytes_read() -> int:
        fields = dict(line.split(": ") for line in Path("/proc/self/io").read_text().splitlines())
        return int(fields["rchar"])

    before = bytes_read()
    assert read_photo(str(path)).wall_time == SHOT
    assert bytes_read() - before < 256 << 10


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "the file is empty"),
        (b"Holiday 2024:03:03 10:00:00 notes\n", "the file is text"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
        (b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2", "is a video"),
        (b"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09", "unknown photo format"),
        (b"II*\x00\x08", "cut short"),
    ],
)
def test_not_a_photo_is_refused_with_a_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "x.jpg"
    path.write_bytes(content)
    with pytest.raises(MediaError, match=r"^\[InvalidArgument\] .*" + reason):
        read_photo(str(path))


def test_unreadable_file_is_a_media_error(tmp_path: Path) -> None:
    with pytest.raises(MediaError, match="cannot read the file"):
        read_photo(str(tmp_path / "gone.jpg"))


def test_truncated_exif_keeps_what_is_there(tmp_path: Path) -> None:
    whole = make_jpeg(tmp_path / "w.jpg", datetime_original=SHOT, gps=(30.0, 120.0)).read_bytes()
    outcomes = set()
    for cut in range(2, len(whole), 7):
        path = tmp_path / "cut.jpg"
        path.write_bytes(whole[:cut])
        try:
            raw = read_photo(str(path))
        except MediaError as exc:  # cut before any metadata: nothing to keep
            assert "truncated or corrupt" in str(exc)
            outcomes.add("refused")
            continue
        assert raw.wall_time in (None, SHOT)
        outcomes.add("time kept" if raw.wall_time else "no time")
    assert outcomes == {"refused", "no time", "time kept"}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.integers(0, 400), st.integers(0, 255)), min_size=1, max_size=8))
def test_corrupted_exif_never_raises_anything_but_media_error(tmp_path: Path, edits) -> None:
    data = bytearray(
        make_jpeg(tmp_path / "f.jpg", datetime_original=SHOT, gps=(30.0, 120.0), subsec="5").read_bytes()
    )
    for position, value in edits:
        data[min(position, len(data) - 1)] = value
    path = tmp_path / "fuzz.jpg"
    path.write_bytes(bytes(data))
    with contextlib.suppress(MediaError):
        read_photo(str(path))


# -- formats that only real cameras write, from ../shared/corpus --------------------------------------


@pytest.mark.parametrize(
    ("name", "wall", "offset", "position"),
    [
        ("good/exiv2__Stonehenge.heic", "2015-07-16 15:38:54", None, (51.1782806, -1.8266389)),
        ("good/mei__exif-at-eof.heic", "2020-05-04 18:39:11.644000", -240, (47.2071241, 106.2431051)),
        ("good/exiv2__Canon-R6-pruned.CR3", "2021-05-12 12:21:21.920000", 120, None),
        ("good/exiftool__FujiFilm.raf", "2007-05-22 13:58:30", None, None),
        ("good/exiv2__canon-powershot-s40.crw", "2005-04-23 17:54:36", None, None),
        ("good/exiftool__Panasonic.rw2", "2008-08-06 15:21:56", None, None),
        ("good/exiv2__IMG_1361.dng", "2020-12-29 14:24:45.700000", -300, (34.0596083, -84.681725)),
        ("good/exiftool__Nikon.nef", "2004-06-09 16:02:35", None, None),
        ("good/exifr__IMG_20180725_163423-2.png", "2018-07-25 16:34:23", None, None),
        ("bad/crafted__heic_named.jpg", "2015-07-16 15:38:54", None, (51.1782806, -1.8266389)),
        ("bad/exiv2__sony-rx100_exv-named.jpg", "2020-01-16 18:11:16", None, None),
        ("bad/goexif__geodegrees_as_string.jpg", "2014-04-26 19:09:19", None, (52.8427811, 11.1828566)),
    ],
)
def test_camera_formats(corpus: Path, name: str, wall: str, offset: int | None, position) -> None:
    raw = read_photo(str(corpus / name))
    assert str(raw.wall_time) == wall
    assert raw.wall_offset_min == offset
    got = (raw.lat, raw.lon) if raw.lat is not None else None
    assert got == (pytest.approx(position) if position else None)


def test_heic_whose_exif_item_runs_past_the_end(corpus: Path) -> None:
    raw = read_photo(str(corpus / "bad/crafted__truncated_in_exif_item.heic"))
    assert str(raw.wall_time) == "2019-03-21 11:04:22.348000"
    assert any("runs past the end of the file" in note for note in raw.notes)


def test_heic_with_a_huge_meta_box_is_refused(corpus: Path) -> None:
    with pytest.raises(MediaError, match="'meta' box claims"):
        read_photo(str(corpus / "bad/exiv2__issue_1793_poc.heic"))


def test_the_camera_is_named_by_make_model_and_serial(tmp_path: Path) -> None:
    """Estimated places prefer the same camera (SPEC §10): two bodies of one model are two cameras."""
    first = make_jpeg(tmp_path / "a.jpg", datetime_original=datetime(2024, 3, 3, 9),
                      camera=("Canon", "Canon EOS R5 ", "023021002207"))  # fmt: skip
    second = make_jpeg(tmp_path / "b.jpg", datetime_original=datetime(2024, 3, 3, 9),
                       camera=("Canon", "Canon EOS R5", "023021009999"))  # fmt: skip
    phone = make_jpeg(
        tmp_path / "c.jpg", datetime_original=datetime(2024, 3, 3, 9), camera=("Apple", "iPhone 15", "")
    )
    assert read_photo(str(first)).camera == "Canon|Canon EOS R5|023021002207"
    assert read_photo(str(second)).camera == "Canon|Canon EOS R5|023021009999"
    assert read_photo(str(phone)).camera == "Apple|iPhone 15|"
    bare = tmp_path / "d.jpg"
    bare.write_bytes(jpeg_pixels())
    with contextlib.suppress(MediaError):
        assert read_photo(str(bare)).camera == ""


def test_cameras_of_the_corpus(corpus: Path) -> None:
    from app.core.readers import read_metadata

    expected = {
        "exiv2__Canon-R6-pruned.CR3": "Canon|Canon EOS R6|093022004357",
        "exifsamples__IMG_5195.HEIC": "Apple|iPhone 11 Pro Max|",
        "exiftool__Nikon.nef": "NIKON CORPORATION|NIKON D70|",
        "lychee__train.mov": "Apple|iPhone 6s|",
    }
    for name, camera in expected.items():
        assert read_metadata(str(corpus / "good" / name)).camera == camera, name
