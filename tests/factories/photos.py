"""Real JPEG files with chosen EXIF, written by Pillow (pixels) and piexif (metadata).

Tests describe the photo they need (``make_jpeg(path, datetime_original=..., gps=(lat, lon))``) and get
a file a camera could have written, so the reader under test sees real segments, not a mock.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from fractions import Fraction
from pathlib import Path
from typing import Any

import piexif
from PIL import Image

Rational = tuple[int, int]


def dms(value: float) -> tuple[Rational, Rational, Rational]:
    """Degrees as the three EXIF rationals (degrees, minutes, seconds in 1/10000)."""
    value = abs(value)
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = Fraction((value - degrees - minutes / 60) * 3600).limit_denominator(10000)
    return (degrees, 1), (minutes, 1), (seconds.numerator, seconds.denominator)


def exif_bytes(
    *,
    datetime_original: datetime | None = None,
    offset: str | None = None,
    create_date: datetime | None = None,
    date_time: datetime | None = None,
    subsec: str | None = None,
    gps: tuple[float, float] | None = None,
    gps_rationals: tuple[Sequence[Rational], Sequence[Rational]] | None = None,
    gps_refs: tuple[bytes, bytes] | None = None,
    gps_time: datetime | None = None,
    orientation: int | None = None,
    size: tuple[int, int] | None = None,
    camera: tuple[str, str, str] = ("Tripfold", "Test Camera", ""),
) -> bytes:
    """An EXIF block as piexif dumps it (starting ``Exif\\0\\0``)."""
    fmt = "%Y:%m:%d %H:%M:%S"
    make, model, serial = camera
    zeroth: dict[int, Any] = {piexif.ImageIFD.Make: make.encode(), piexif.ImageIFD.Model: model.encode()}
    exif: dict[int, Any] = {piexif.ExifIFD.BodySerialNumber: serial.encode()} if serial else {}
    gps_ifd: dict[int, Any] = {}
    if datetime_original is not None:
        exif[piexif.ExifIFD.DateTimeOriginal] = datetime_original.strftime(fmt).encode()
    if create_date is not None:
        exif[piexif.ExifIFD.DateTimeDigitized] = create_date.strftime(fmt).encode()
    if date_time is not None:
        zeroth[piexif.ImageIFD.DateTime] = date_time.strftime(fmt).encode()
    if offset is not None and datetime_original is not None:
        exif[piexif.ExifIFD.OffsetTimeOriginal] = offset.encode()
    if subsec is not None:
        exif[piexif.ExifIFD.SubSecTimeOriginal] = subsec.encode()
    if orientation is not None:
        zeroth[piexif.ImageIFD.Orientation] = orientation
    if size is not None:
        exif[piexif.ExifIFD.PixelXDimension], exif[piexif.ExifIFD.PixelYDimension] = size
    if gps is not None:
        lat, lon = gps
        gps_rationals = gps_rationals or (dms(lat), dms(lon))
        gps_refs = gps_refs or (b"N" if lat >= 0 else b"S", b"E" if lon >= 0 else b"W")
    if gps_rationals is not None:
        gps_ifd[piexif.GPSIFD.GPSLatitude], gps_ifd[piexif.GPSIFD.GPSLongitude] = gps_rationals
        gps_ifd[piexif.GPSIFD.GPSLatitudeRef], gps_ifd[piexif.GPSIFD.GPSLongitudeRef] = gps_refs or (
            b"N",
            b"E",
        )
    if gps_time is not None:
        gps_ifd[piexif.GPSIFD.GPSDateStamp] = gps_time.strftime("%Y:%m:%d").encode()
        gps_ifd[piexif.GPSIFD.GPSTimeStamp] = ((gps_time.hour, 1), (gps_time.minute, 1), (gps_time.second, 1))
    return piexif.dump({"0th": zeroth, "Exif": exif, "GPS": gps_ifd})


def jpeg_pixels(size: tuple[int, int] = (32, 24), color: tuple[int, int, int] = (200, 120, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def make_jpeg(
    path: Path, *, pixels: tuple[int, int] = (32, 24), offset: str | None = "+08:00", **tags: Any
) -> Path:
    """Write a JPEG with the EXIF that ``tags`` describe (see :func:`exif_bytes`); no EXIF when none given.

    ``offset`` is written only together with ``datetime_original``; pass ``offset=None`` for a camera
    that writes no time zone.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    data = jpeg_pixels(pixels)
    if any(value is not None for value in tags.values()):
        data = insert_app1(data, exif_bytes(offset=offset, **tags))
    path.write_bytes(data)
    return path


def insert_app1(jpeg: bytes, payload: bytes) -> bytes:
    """The JPEG with an APP1 segment holding ``payload`` right after SOI."""
    return jpeg[:2] + b"\xff\xe1" + (len(payload) + 2).to_bytes(2, "big") + payload + jpeg[2:]
