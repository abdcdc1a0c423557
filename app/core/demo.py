"""Sample photos for a first look: a few trips with real coordinates and times, drawn rather than shot.

Each photo is a small landscape (sky, sun, hills or a skyline in the trip's colours) with the EXIF a
phone would write: capture time with its offset, GPS position, and an embedded thumbnail.  They are
written only into a new folder of our own, never over an existing file.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image as PILImage


@dataclass(frozen=True)
class SampleTrip:
    name: str
    lat: float
    lon: float
    offset: str
    start: datetime
    days: int
    sky: tuple[tuple[int, int, int], tuple[int, int, int]]
    land: tuple[int, int, int]
    skyline: bool


TRIPS = (
    SampleTrip("West Lake", 30.2436, 120.1500, "+08:00", datetime(2024, 3, 3, 8), 3,
               ((120, 170, 220), (235, 215, 190)), (60, 110, 80), False),
    SampleTrip("Jiaxing", 30.7522, 120.7500, "+08:00", datetime(2024, 3, 6, 9), 2,
               ((150, 190, 230), (240, 230, 210)), (80, 120, 90), True),
    SampleTrip("Paris", 48.8584, 2.2945, "+02:00", datetime(2023, 8, 12, 9), 4,
               ((90, 140, 210), (250, 200, 160)), (70, 70, 90), True),
    SampleTrip("Kyoto", 35.0394, 135.7292, "+09:00", datetime(2024, 4, 2, 8), 3,
               ((230, 170, 190), (250, 235, 220)), (90, 60, 80), False),
    SampleTrip("Sydney", -33.8568, 151.2153, "+11:00", datetime(2023, 12, 27, 7), 3,
               ((40, 120, 200), (250, 220, 120)), (30, 70, 110), True),
    SampleTrip("Golden Gate", 37.8199, -122.4783, "-07:00", datetime(2024, 9, 14, 9), 2,
               ((170, 180, 190), (230, 160, 120)), (150, 60, 40), True),
)  # fmt: skip
PHOTOS_PER_DAY = 5
SIZE = (1600, 1200)


def _rational(value: float) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int]]:
    value = abs(value)
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = Fraction((value - degrees - minutes / 60) * 3600).limit_denominator(1000)
    return (degrees, 1), (minutes, 1), (seconds.numerator, seconds.denominator)


def _draw(trip: SampleTrip, rng: random.Random) -> PILImage.Image:
    from PIL import Image, ImageDraw, ImageFilter

    width, height = SIZE
    top, bottom = trip.sky
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        draw.line(
            [(0, y), (width, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        )
    sun_x, sun_y, radius = rng.randint(200, 1400), rng.randint(150, 450), rng.randint(50, 110)
    draw.ellipse([sun_x - radius, sun_y - radius, sun_x + radius, sun_y + radius], fill=(255, 240, 200))
    for layer in range(3):
        shade = tuple(max(0, min(255, c + 30 * (2 - layer) + rng.randint(-10, 10))) for c in trip.land)
        base = int(height * (0.55 + 0.12 * layer))
        if trip.skyline and layer == 1:
            x = 0
            while x < width:
                w, h = rng.randint(60, 160), rng.randint(80, 360)
                draw.rectangle([x, base - h, x + w, height], fill=shade)
                x += w + rng.randint(0, 20)
        else:
            points = [(0, height)]
            for x in range(0, width + 100, 100):
                points.append((x, base + rng.randint(-90, 60)))
            points.append((width, height))
            draw.polygon(points, fill=shade)
    return image.filter(ImageFilter.GaussianBlur(1.2))


def _jpeg(image: PILImage.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def write_demo(folder: Path, progress: Callable[[int, int], None] | None = None) -> list[Path]:
    """Write the sample trips into ``folder`` (created), skipping files that already exist."""
    import piexif

    total = sum(t.days for t in TRIPS) * PHOTOS_PER_DAY
    written: list[Path] = []
    done = 0
    for trip in TRIPS:
        trip_folder = folder / f"{trip.start:%Y-%m} {trip.name}"
        trip_folder.mkdir(parents=True, exist_ok=True)
        for day in range(trip.days):
            for shot in range(PHOTOS_PER_DAY):
                rng = random.Random(f"{trip.name}/{day}/{shot}")  # the same photo, whatever exists already
                when = trip.start + timedelta(days=day, hours=2 * shot, minutes=rng.randint(0, 50))
                path = trip_folder / f"IMG_{when:%Y%m%d_%H%M%S}.jpg"
                done += 1
                if progress is not None:
                    progress(done, total)
                if path.exists():
                    continue
                image = _draw(trip, rng)
                thumbnail = image.copy()
                thumbnail.thumbnail((320, 240))
                lat = trip.lat + rng.uniform(-0.004, 0.004)
                lon = trip.lon + rng.uniform(-0.004, 0.004)
                exif = piexif.dump({
                    "0th": {piexif.ImageIFD.Make: b"Tripfold", piexif.ImageIFD.Model: b"Sample Camera"},
                    "Exif": {
                        piexif.ExifIFD.DateTimeOriginal: when.strftime("%Y:%m:%d %H:%M:%S").encode(),
                        piexif.ExifIFD.OffsetTimeOriginal: trip.offset.encode(),
                    },
                    "GPS": {
                        piexif.GPSIFD.GPSLatitudeRef: b"N" if lat >= 0 else b"S",
                        piexif.GPSIFD.GPSLatitude: _rational(lat),
                        piexif.GPSIFD.GPSLongitudeRef: b"E" if lon >= 0 else b"W",
                        piexif.GPSIFD.GPSLongitude: _rational(lon),
                    },
                    "1st": {piexif.ImageIFD.JPEGInterchangeFormat: 0,
                            piexif.ImageIFD.JPEGInterchangeFormatLength: 0},
                    "thumbnail": _jpeg(thumbnail, 80),
                })  # fmt: skip
                temporary = path.with_name(f".{path.name}.part")
                image.save(temporary, "JPEG", quality=85, exif=exif)
                temporary.replace(path)
                written.append(path)
    return written
