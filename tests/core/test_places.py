"""Places: the five levels at the level people name them, on a table of sights, borders, coasts and seas."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import numpy as np
import pytest

from app.core import places as places_mod
from app.core.nearest import cell_ids
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
    # the line names the place from its smallest level up (in mainland China: the town and the county
    # come first, as IMM's levels name them)
    parts = address.address_line.split(", ")
    assert parts[-1] == country and city in parts
    assert parts[: parts.index(city)] == [p for p in (address.township, address.district) if p]


TABLE = Path(__file__).parent / "data" / "places_table.csv"
CITY_TARGET = 0.95


def _table() -> list[list[str]]:
    with open(TABLE, encoding="utf-8", newline="") as f:
        return [row for row in csv.reader(f) if row and not row[0].startswith("#")]


def test_the_table_covers_the_world() -> None:
    rows = _table()
    assert len(rows) >= 60
    countries = {row[3] for row in rows}
    assert {"China", "United States", "Japan", "Australia", "Brazil", "South Africa", "France"} <= countries
    assert sum(1 for row in rows if not row[3]) >= 5  # open sea
    assert any(float(row[1]) < 0 for row in rows) and any(float(row[2]) < 0 for row in rows)


def test_sights_borders_coasts_and_seas(places: Places) -> None:
    """City right for at least 95% of the table, country for all, no address at sea."""
    counts = {"city": [0, 0], "country": [0, 0], "province": [0, 0], "sea": [0, 0]}
    misses = []
    for name, lat, lon, country, province, city in _table():
        got = places.resolve(float(lat), float(lon))
        if not country:
            counts["sea"][1] += 1
            counts["sea"][0] += got is None
            if got is not None:
                misses.append(f"{name}: at sea but named {got.address_line}")
            continue
        for level, want, have in (
            ("country", country, got and got.country),
            ("province", province, got and got.province),
            ("city", city, got and got.city),
        ):
            if want == "*":
                continue
            counts[level][1] += 1
            counts[level][0] += have == want
            if have != want:
                misses.append(f"{name}: {level} {have!r}, expected {want!r}")
    share = {level: right / total for level, (right, total) in counts.items()}
    print("", *(f"{k}: {r}/{t} = {r / t:.1%}" for k, (r, t) in counts.items()), *misses, sep="\n  ")
    assert share["country"] == 1.0 and share["sea"] == 1.0, misses
    assert share["city"] >= CITY_TARGET, misses


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


@pytest.fixture
def cache_with_zones(tmp_path: Path, places: Places) -> Path:
    """An empty cache folder but for the session's time-zone grid, linked in: loading the table would
    otherwise build the grid again (seconds) for each of these tests, which are about the table."""
    assert places.cache_dir is not None
    for grid in places.cache_dir.glob("zones-v*"):
        (tmp_path / grid.name).symlink_to(grid, target_is_directory=True)
    return tmp_path


def test_the_zone_grid_is_kept_beside_the_table(places: Places) -> None:
    assert places.cache_dir is not None
    grids = [p for p in places.cache_dir.glob("zones-v*") if (p / "complete").exists()]
    assert len(grids) == 1


def test_importing_and_making_a_table_imports_no_numpy(tmp_path: Path) -> None:
    """NumPy costs 0.15 s to import: the command line's reader processes start before the table needs
    it (the indexer imports this module at its top), and a run without positions never pays it."""
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from app.core.places import Places;"
        f" Places(Path({str(tmp_path)!r}));"
        " from app.core import timezones, zone_countries;"
        " print(sorted(m for m in ('numpy', 'timezonefinder') if m in sys.modules))"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_lookup_imports_no_masked_arrays(places: Places) -> None:
    """np.unique imports NumPy's masked arrays (35 ms, NumPy 2): the lookup path does without it."""
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from app.core.places import Places;"
        f" table = Places(Path({str(places.cache_dir)!r}));"
        " print(table.resolve(48.8566, 2.3522).city, table.resolve(46.2044, 6.1432).city,"
        " 'numpy.ma' in sys.modules)"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["Paris", "Geneva", "False"]


def test_parsed_table_is_cached_and_reused(cache_with_zones: Path) -> None:
    tmp_path = cache_with_zones
    first = Places(tmp_path)
    first.load()
    cached = [p for p in tmp_path.glob("places-v*") if not p.name.startswith(".")]
    assert len(cached) == 1 and (cached[0] / "complete").exists()
    stamp = cached[0].stat().st_mtime_ns
    t0 = time.perf_counter()
    second = Places(tmp_path)
    second.load()
    warm = time.perf_counter() - t0
    assert cached[0].stat().st_mtime_ns == stamp
    assert second.resolve(30.2741, 120.1551) == first.resolve(30.2741, 120.1551)
    print(f"warm load {warm:.3f} s")


def test_a_cache_left_half_written_is_ignored(cache_with_zones: Path) -> None:
    tmp_path = cache_with_zones
    Places(tmp_path).load()
    cache = next(tmp_path.glob("places-v*"))
    (cache / "complete").unlink()  # as if the process was killed while writing
    (cache / "lat.npy").write_bytes(b"")
    assert Places(tmp_path).resolve(48.8566, 2.3522).city == "Paris"


def test_corrupt_cache_is_rebuilt(cache_with_zones: Path) -> None:
    tmp_path = cache_with_zones
    Places(tmp_path).load()
    cache = next(tmp_path.glob("places-v*"))
    (cache / "lat.npy").write_bytes(b"not numpy")
    table = Places(tmp_path)
    table.load()
    assert table.resolve(48.8566, 2.3522).city == "Paris"


def test_the_cache_name_is_the_same_in_every_process(tmp_path: Path) -> None:
    """A name derived from Python's per-process string hash would rebuild the table at every start."""
    import subprocess
    import sys

    code = (
        "from pathlib import Path; from app.core.places import Places;"
        f" print(Places(Path({str(tmp_path)!r}))._cache_file())"
    )
    names = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        for _ in range(2)
    }
    assert len(names) == 1


def test_a_large_batch_answers_as_single_lookups_do(places: Places) -> None:
    """Sparse positions are taken several cells at a time; that must not change any answer."""
    import numpy as np

    rng = np.random.default_rng(11)
    points = [
        (float(a), float(b))
        for a, b in zip(rng.uniform(-50, 65, 400), rng.uniform(-180, 180, 400), strict=True)
    ]
    points += [(30.27 + d / 100, 120.15 + d / 100) for d in range(40)]  # and a dense trip
    assert places.resolve_many(points) == [places.resolve(*p) for p in points]


def test_positions_spread_over_the_world_answer_as_a_few_at_a_time(places: Places) -> None:
    """Many cells at once skip the cells of open sea first; a handful (one trip's) do not: same answers."""
    rng = np.random.default_rng(5)
    lat, lon = rng.uniform(-60, 70, 3000), rng.uniform(-180, 180, 3000)
    points = list(zip(lat.tolist(), lon.tolist(), strict=True))
    spread = places.resolve_many(points)
    assert len(set(cell_ids(lat, lon).tolist())) > places_mod.REACH_TEST_CELLS
    few = [a for start in range(0, len(points), 20) for a in places.resolve_many(points[start : start + 20])]
    assert spread == few
    assert 0.1 < sum(a is not None for a in spread) / len(spread) < 0.9  # land and sea both
