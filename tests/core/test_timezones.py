"""The offline time-zone lookup, with the real timezonefinder data and the real tz database."""

from __future__ import annotations

import math
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from app.core import timezones

HANGZHOU = (30.2741, 120.1551)
NEW_YORK = (40.7128, -74.006)
KATHMANDU = (27.7172, 85.324)
ADELAIDE = (-34.9285, 138.6007)
CHATHAM = (-43.95, -176.55)
OCEANS = [(0.5, -150.0), (-40.0, -120.0), (35.0, -40.0), (-30.0, 80.0), (0.0, 179.99), (89.9, 0.0)]


@pytest.mark.parametrize(
    ("place", "name"),
    [
        (HANGZHOU, "Asia/Shanghai"),
        (NEW_YORK, "America/New_York"),
        (KATHMANDU, "Asia/Kathmandu"),
        (ADELAIDE, "Australia/Adelaide"),
        (CHATHAM, "Pacific/Chatham"),
    ],
)
def test_zone_at_land(place: tuple[float, float], name: str) -> None:
    assert timezones.zone_at(*place) == name


@pytest.mark.parametrize(
    ("place", "when", "is_utc", "minutes"),
    [
        (HANGZHOU, datetime(2024, 3, 3, 7, 10), False, 480),
        (NEW_YORK, datetime(2024, 7, 1, 12), False, -240),
        (NEW_YORK, datetime(2024, 1, 15, 12), False, -300),
        (ADELAIDE, datetime(2024, 1, 10, 12), False, 630),  # +10:30 in the southern summer
        (ADELAIDE, datetime(2024, 7, 10, 12), False, 570),  # +09:30
        (CHATHAM, datetime(2024, 7, 10, 12), True, 765),  # +12:45
        (CHATHAM, datetime(2024, 1, 10, 12), True, 825),  # +13:45
        (KATHMANDU, datetime(2024, 7, 10, 12), True, 345),  # +05:45
    ],
)
def test_offsets_at_places(place: tuple[float, float], when: datetime, is_utc: bool, minutes: int) -> None:
    assert timezones.offset_minutes(*place, when, is_utc=is_utc) == minutes


@pytest.mark.parametrize(
    ("when", "is_utc", "minutes"),
    [
        # clocks go forward at 02:00 local on 2024-03-10: 02:30 never happens; fold=0 takes the offset
        # from before the change
        (datetime(2024, 3, 10, 1, 59), False, -300),
        (datetime(2024, 3, 10, 2, 30), False, -300),
        (datetime(2024, 3, 10, 3, 0), False, -240),
        # clocks go back at 02:00 local on 2024-11-03: 01:30 happens twice; fold=0 takes the first (summer)
        (datetime(2024, 11, 3, 0, 59), False, -240),
        (datetime(2024, 11, 3, 1, 30), False, -240),
        (datetime(2024, 11, 3, 2, 0), False, -300),
        # as instants there is no ambiguity: 01:30 EDT is 05:30Z, 01:30 EST is 06:30Z
        (datetime(2024, 11, 3, 5, 30), True, -240),
        (datetime(2024, 11, 3, 6, 30), True, -300),
        (datetime(2024, 3, 10, 6, 59), True, -300),
        (datetime(2024, 3, 10, 7, 0), True, -240),
    ],
)
def test_new_york_clock_changes(when: datetime, is_utc: bool, minutes: int) -> None:
    assert timezones.offset_minutes(*NEW_YORK, when, is_utc=is_utc) == minutes


def test_an_aware_time_is_an_instant() -> None:
    when = datetime(2024, 3, 2, 18, 10, tzinfo=timezone(timedelta(hours=-5)))  # 23:10Z
    for is_utc in (True, False):
        assert timezones.offset_minutes(*HANGZHOU, when, is_utc=is_utc) == 480


def test_local_mean_time_rounds_to_whole_minutes() -> None:
    # before 1901 Shanghai kept its local mean time, +08:05:43
    assert timezones.offset_minutes(*HANGZHOU, datetime(1900, 6, 1), is_utc=False) == 486


def test_the_edges_of_datetime_give_no_offset() -> None:
    assert timezones.offset_minutes(*HANGZHOU, datetime(9999, 12, 31, 23), is_utc=True) is None


def _etc_minutes(name: str) -> int:
    """Etc/GMT+10 is UTC-10: the POSIX sign is the other way round."""
    hours = name.removeprefix("Etc/GMT") or "0"
    return -int(hours) * 60


@pytest.mark.parametrize("place", OCEANS)
def test_at_sea_a_nautical_zone_or_none(place: tuple[float, float]) -> None:
    name = timezones.zone_at(*place)
    minutes = timezones.offset_minutes(*place, datetime(2024, 3, 3, 12), is_utc=True)
    if name is None:
        assert minutes is None
    elif name.startswith("Etc/GMT"):
        assert minutes == _etc_minutes(name)
    else:  # an ocean point may fall into a coastal zone's waters
        assert minutes is not None


def test_mid_pacific_is_utc_minus_ten() -> None:
    # what timezonefinder 9.0 answers; older data without ocean zones would give None
    assert timezones.zone_at(0.5, -150.0) in ("Etc/GMT+10", None)


@pytest.mark.parametrize(
    "place",
    [(91.0, 0.0), (-90.5, 0.0), (0.0, 180.5), (math.nan, 10.0), (10.0, math.inf), (math.nan, math.nan)],
)
def test_impossible_positions_have_no_zone(place: tuple[float, float]) -> None:
    assert timezones.zone_at(*place) is None
    assert timezones.offset_minutes(*place, datetime(2024, 3, 3), is_utc=True) is None


def test_every_zone_the_finder_names_has_rules() -> None:
    from timezonefinder import TimezoneFinder

    missing = [name for name in TimezoneFinder().timezone_names if timezones.zone_rules(name) is None]
    assert missing == []


def test_unknown_zone_names_have_no_rules() -> None:
    assert timezones.zone_rules("Mars/Olympus_Mons") is None
    assert timezones.zone_rules("../etc/passwd") is None
    assert timezones.zone_rules("Asia/Shanghai") is timezones.zone_rules("Asia/Shanghai")  # cached


def test_the_finder_opens_only_when_needed() -> None:
    code = (
        "import sys\n"
        "from app.core import timezones\n"
        "assert 'timezonefinder' not in sys.modules, 'imported at module load'\n"
        "assert timezones.zone_at(30.2741, 120.1551) == 'Asia/Shanghai'\n"
        "assert 'timezonefinder' in sys.modules\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_lookups_from_many_threads_agree() -> None:
    places = {HANGZHOU: "Asia/Shanghai", NEW_YORK: "America/New_York", KATHMANDU: "Asia/Kathmandu"}
    jobs = [
        ((lat + i * 0.0003, lon + i * 0.0003), name)  # nudged so the cache does not answer
        for i in range(1, 101)
        for (lat, lon), name in places.items()
    ]
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda job: timezones.zone_at(*job[0]), jobs))
    assert answers == [name for _, name in jobs]


# -- the zone grid: the same answers as timezonefinder, without opening it -------------------------------

SIX_CITIES = {  # the benchmark's multi-continent set: the photos' cities and their zones
    (30.2741, 120.1551): "Asia/Shanghai",
    (48.8566, 2.3522): "Europe/Paris",
    (40.7128, -74.0060): "America/New_York",
    (-33.8688, 151.2093): "Australia/Sydney",
    (-23.5505, -46.6333): "America/Sao_Paulo",
    (-33.9249, 18.4241): "Africa/Johannesburg",
}


@pytest.fixture(scope="module")
def grid_dir(places) -> Path:
    """The session's cache folder, where loading the place table built the grid."""
    from app.core import zonegrid

    assert places.cache_dir is not None and zonegrid.ensure_grid(places.cache_dir)
    return places.cache_dir


def test_the_grid_answers_as_the_finder_does(grid_dir: Path) -> None:
    """Everywhere: random positions over the world, every GeoNames place of 15,000 people or more, and
    positions scattered a few kilometres around those places (borders, coasts and islands included)."""
    import json
    import random

    from timezonefinder import TimezoneFinder

    from app.core import placedata, zonegrid

    grid = zonegrid.open_grid(grid_dir)
    assert grid is not None
    rng = random.Random(13)
    points = [(rng.uniform(-90, 90), rng.uniform(-180, 180)) for _ in range(20_000)]
    cities = json.loads(placedata.sources()[1].read_text("utf-8")).values()
    towns = [(c["latitude"], c["longitude"]) for c in cities if c["population"] >= 15_000]
    points += towns
    points += [(max(-90, min(90, a + rng.gauss(0, 0.05))), max(-180, min(180, o + rng.gauss(0, 0.05))))
               for a, o in towns]  # fmt: skip
    points += [(90, 0), (-90, 0), (0, 180), (0, -180), (89.99, 179.99), (-89.99, -179.99)]
    finder = TimezoneFinder()
    answered = wrong = 0
    for lat, lon in points:
        lat, lon = round(lat, 4), round(lon, 4)
        name = grid.zone_at(lat, lon)
        if name is None:
            continue
        answered += 1
        if name != finder.timezone_at(lat=lat, lng=lon):
            wrong += 1
    assert wrong == 0
    assert answered >= 0.97 * len(points)  # only positions within a few km of a zone boundary are left


def test_photos_of_six_cities_never_open_the_finder(grid_dir: Path) -> None:
    """Issue #10, item 13: the first lookup in each zone cost 0.1 s, opening timezonefinder 0.3 s more in
    every process; photos from anywhere away from a zone boundary must cost what photos of one city do."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from app.core import timezones\n"
        f"timezones.use_cache(Path({str(grid_dir)!r}))\n"
        f"cities = {SIX_CITIES!r}\n"
        "for (lat, lon), name in cities.items():\n"
        "    for i in range(-7, 8):\n"
        "        for j in range(-7, 8):\n"
        "            found = timezones.zone_at(lat + i * 0.02, lon + j * 0.02)\n"
        "            assert found == name, (lat + i * 0.02, lon + j * 0.02, found, name)\n"
        "print(sorted(m for m in ('timezonefinder', 'numpy', 'h3') if m in sys.modules))\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_near_a_border_the_finder_still_answers(grid_dir: Path) -> None:
    """Geneva, on the French border, and Shenzhen, on Hong Kong's: cells a boundary crosses are left to
    timezonefinder, so answers on both sides stay right."""
    from timezonefinder import TimezoneFinder

    from app.core import zonegrid

    grid = zonegrid.open_grid(grid_dir)
    assert grid is not None
    finder = TimezoneFinder()
    timezones.use_cache(grid_dir)
    left = 0
    for lat0, lon0 in ((46.2044, 6.1432), (22.5431, 114.0579)):
        for i in range(-10, 11):
            for j in range(-10, 11):
                lat, lon = round(lat0 + i * 0.01, 4), round(lon0 + j * 0.01, 4)
                left += grid.zone_at(lat, lon) is None
                assert timezones.zone_at(lat, lon) == finder.timezone_at(lat=lat, lng=lon)
    assert left > 0  # the finder was asked


def test_a_missing_or_half_written_grid_is_not_used(tmp_path: Path) -> None:
    from app.core import zonegrid

    name = zonegrid.cache_name()
    assert name is not None
    assert zonegrid.open_grid(tmp_path) is None
    folder = tmp_path / name
    folder.mkdir()
    (folder / "names.txt").write_text("Asia/Shanghai", "utf-8")
    (folder / "coarse.u32").write_bytes(b"\0" * 1000)  # cut short
    (folder / "fine.u16").write_bytes(b"")
    assert zonegrid.open_grid(tmp_path) is None  # no "complete" marker
    (folder / "complete").touch()
    assert zonegrid.open_grid(tmp_path) is None  # the wrong size


def test_packed_blocks_answer_as_the_values_they_pack(tmp_path: Path) -> None:
    """The cut cells are stored as a palette of four values and 2-bit indices (24 bytes instead of
    128): every fine cell answers its own value, and a block of more than four values leaves the rarer
    ones to timezonefinder (None) rather than answering wrong."""
    import numpy as np

    from app.core import zonegrid
    from app.core.zonegrid import BLOCK, N_COLS, N_ROWS, PER_DEGREE, RECORD, SUB, UNKNOWN

    rng = np.random.default_rng(7)
    kinds = [1, 2, 3, 4, 5, 6, 64]  # different values in a block (64: every cell its own)
    blocks = []
    for n in kinds:
        values = rng.choice(np.r_[np.arange(100), UNKNOWN], size=n, replace=False)
        block = rng.choice(values, size=SUB * SUB)
        block[:n] = values  # each value at least once
        blocks.append(block)
    fine = np.concatenate(blocks)
    coarse = np.full(N_ROWS * N_COLS, 3, dtype="<u4")  # zone 3 everywhere else
    cells = [(400, 700 + 3 * i) for i in range(len(kinds))]
    for i, (row, col) in enumerate(cells):
        coarse[row * N_COLS + col] = BLOCK + i
    folder = tmp_path / "zones"
    folder.mkdir()
    (folder / "names.txt").write_text("\n".join(f"Zone/{i}" for i in range(100)), "utf-8")
    (folder / "coarse.u32").write_bytes(coarse.tobytes())
    packed = zonegrid.pack_blocks(fine)
    assert len(packed) == RECORD * len(kinds) == 24 * len(kinds)
    (folder / zonegrid.FINE_FILE).write_bytes(packed)
    grid = zonegrid.ZoneGrid(folder)
    size = 1 / (PER_DEGREE * SUB)
    for (row, col), block, n in zip(cells, blocks, kinds, strict=True):
        answers = []
        for cell, value in enumerate(block):
            lat = -90 + (row * SUB + cell // SUB + 0.5) * size
            lon = -180 + (col * SUB + cell % SUB + 0.5) * size
            answer = grid.zone_at(lat, lon)
            answers.append(answer)
            assert answer is None or answer == f"Zone/{value}"  # never a wrong zone
            if n <= 4:
                assert answer == (None if value == UNKNOWN else f"Zone/{value}")
        if n > 4:  # the three most frequent values are kept
            assert len({a for a in answers if a is not None}) <= 3
            assert sum(a is not None for a in answers) >= 3
    assert grid.zone_at(-90 + (10 + 0.5) / PER_DEGREE, 0.1) == "Zone/3"
    # the array lookup (what app/core/china.py reads) gives the blocks of at most four values as given
    for (row, col), block, n in zip(cells, blocks, kinds, strict=True):
        lat = -90 + (row * SUB + np.arange(SUB * SUB) // SUB + 0.5) * size
        lon = -180 + (col * SUB + np.arange(SUB * SUB) % SUB + 0.5) * size
        if n <= 4:
            assert np.array_equal(grid.zone_ids(lat, lon), block)


def test_arrays_of_positions_get_the_zones_one_lookup_gets(grid_dir: Path) -> None:
    import random

    import numpy as np

    from app.core import zonegrid

    grid = zonegrid.open_grid(grid_dir)
    assert grid is not None
    rng = random.Random(5)
    points = [(round(rng.uniform(-90, 90), 4), round(rng.uniform(-180, 180), 4)) for _ in range(5_000)]
    points += [
        (round(46.2 + rng.gauss(0, 0.05), 4), round(6.14 + rng.gauss(0, 0.05), 4)) for _ in range(2_000)
    ]
    ids = grid.zone_ids(np.array([p[0] for p in points]), np.array([p[1] for p in points]))
    name = zonegrid.cache_name()
    assert name is not None
    names = (grid_dir / name / "names.txt").read_text("utf-8").split("\n")
    as_names = [None if i == zonegrid.UNKNOWN else names[i] for i in ids]
    assert as_names == [grid.zone_at(lat, lon) for lat, lon in points]
    assert None in as_names  # cut cells near Geneva were asked too
