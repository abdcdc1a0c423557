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
