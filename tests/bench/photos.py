"""Benchmark photo sets: many real JPEGs, each with its own EXIF time and GPS, made quickly.

Encoding 1,000 full-size JPEGs would take minutes, so a few distinct base images are encoded once and
every file is that base with its own EXIF APP1 segment spliced in after SOI: real JPEGs, of real size,
that a reader must parse one by one.  Each file's EXIF holds Make and Model, its own DateTimeOriginal
(trips of several days), OffsetTimeOriginal, GPS latitude and longitude (degree/minute/second rationals with
N/S/E/W references), Orientation and the pixel size.  Sets are kept in the work folder and reused between
runs: a marker file is written once a set is complete.

Two layouts: ``trips`` (five trips, each photo within a kilometre of its city centre, every photo with
its offset) and ``world`` (six cities on four continents, each photo anywhere within about 15 km of its
city, and every second photo without OffsetTimeOriginal, so that its offset comes from the time zone at
its position): the second is what a traveller's library looks like, and what must not index slower.
"""

from __future__ import annotations

import io
import os
import time
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from PIL import Image

from tests.factories.photos import exif_bytes, insert_app1

TRIPS = [  # (start, days, lat, lon, offset)
    (datetime(2023, 5, 1, 8), 4, 30.2741, 120.1551, "+08:00"),
    (datetime(2023, 8, 12, 9), 6, 48.8566, 2.3522, "+02:00"),
    (datetime(2024, 1, 20, 10), 3, 40.7128, -74.0060, "-05:00"),
    (datetime(2024, 3, 3, 7), 5, 35.6762, 139.6503, "+09:00"),
    (datetime(2024, 9, 9, 11), 7, -33.8688, 151.2093, "+10:00"),
]


WORLD = [  # (start, days, lat, lon, offset): six cities, four continents, local times of that season
    (datetime(2023, 5, 1, 8), 4, 30.2741, 120.1551, "+08:00"),  # Hangzhou
    (datetime(2023, 8, 12, 9), 6, 48.8566, 2.3522, "+02:00"),  # Paris, summer time
    (datetime(2024, 1, 20, 10), 3, 40.7128, -74.0060, "-05:00"),  # New York, winter
    (datetime(2024, 9, 9, 11), 7, -33.8688, 151.2093, "+10:00"),  # Sydney, before its summer time
    (datetime(2024, 2, 14, 9), 5, -23.5505, -46.6333, "-03:00"),  # São Paulo
    (datetime(2024, 11, 2, 8), 5, -33.9249, 18.4241, "+02:00"),  # Cape Town
]
WORLD_SPREAD = 0.15  # degrees either side of the centre: a city and its surroundings, about 15 km


def base_images(size: tuple[int, int], count: int, seed: int = 7) -> list[bytes]:
    """Distinct JPEG encodings with photo-like detail (smooth shapes plus sensor-like noise)."""
    rng = np.random.default_rng(seed)
    width, height = size
    bases = []
    for _ in range(count):
        coarse = rng.integers(0, 255, (height // 40 + 1, width // 40 + 1, 3), dtype=np.uint8)
        image = Image.fromarray(coarse).resize(size, Image.Resampling.BICUBIC)
        pixels = np.asarray(image, dtype=np.int16) + rng.integers(-12, 12, (height, width, 3), dtype=np.int16)
        buffer = io.BytesIO()
        Image.fromarray(pixels.clip(0, 255).astype(np.uint8)).save(buffer, "JPEG", quality=90)
        bases.append(buffer.getvalue())
    return bases


def shot(i: int) -> tuple[datetime, tuple[float, float], str]:
    """The i-th file's capture time, position and offset: spread over the trips, a few minutes apart."""
    start, days, lat, lon, offset = TRIPS[i % len(TRIPS)]
    k = i // len(TRIPS)
    when = start + timedelta(days=k % days, minutes=7 * k)
    return when, (lat + (k % 97) * 1e-4, lon + (k % 89) * 1e-4), offset


def world_shot(i: int) -> tuple[datetime, tuple[float, float], str | None]:
    """The i-th file of the ``world`` set: its city taken in turn, a position spread over the city by a
    fixed low-discrepancy sequence (no two alike, the same on every machine), and every second photo
    without a stated offset."""
    start, days, lat, lon, offset = WORLD[i % len(WORLD)]
    k = i // len(WORLD)
    when = start + timedelta(days=k % days, minutes=7 * k)
    u, v = (k * 0.6180339887) % 1.0, (k * 0.7548776662) % 1.0
    position = (lat + (2 * u - 1) * WORLD_SPREAD, lon + (2 * v - 1) * WORLD_SPREAD)
    return when, position, offset if k % 2 == 0 else None


LAYOUTS = {"trips": shot, "world": world_shot}
ORIENTATIONS = (1, 1, 1, 6, 1, 8)  # mostly landscape, some portrait shots turned by the camera
SET_VERSION = 2  # bump when the files' content changes, so that old sets are made again


def make_set(
    folder: Path, count: int, size: tuple[int, int], per_folder: int = 200, layout: str = "trips"
) -> float | None:
    """``count`` JPEGs in sub-folders of ``per_folder``; seconds spent making them, None when reused."""
    name = "" if layout == "trips" else f"-{layout}"
    marker = folder / f".complete-v{SET_VERSION}{name}-{count}-{size[0]}x{size[1]}"
    if marker.exists():
        return None
    start = time.perf_counter()
    bases = base_images(size, 4)
    for i in range(count):
        path = folder / f"d{i // per_folder:03d}" / f"IMG_{i:05d}.JPG"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(insert_app1(bases[i % len(bases)], exif_for(i, size, layout)))
    marker.touch()
    return time.perf_counter() - start


def exif_for(i: int, size: tuple[int, int], layout: str = "trips") -> bytes:
    """The i-th file's own EXIF block."""
    when, gps, offset = LAYOUTS[layout](i)
    orientation = ORIENTATIONS[i % len(ORIENTATIONS)]
    return exif_bytes(datetime_original=when, offset=offset, gps=gps, orientation=orientation, size=size)


def total_bytes(folder: Path) -> int:
    return sum(entry.stat().st_size for entry in folder.rglob("*.JPG"))


def warm(folder: Path) -> None:
    """Read every file once so both tools run on a warm page cache."""
    for root, _, names in os.walk(folder):
        for name in names:
            with open(os.path.join(root, name), "rb") as file:
                while file.read(1 << 20):
                    pass
