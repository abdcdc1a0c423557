"""Pin grouping as a pure function: every photo in exactly one group at every level, a deeper level only
ever splits the groups of the level above, and no two groups at a level stand close enough for their
badges to overlap (a city on a grid line is one badge, not two)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.mercator import TILE, lat_to_y, lon_to_x
from app.core.pin_groups import CELL_PX, MERGE_PX, PinIndex, level_of

positions = st.lists(
    st.tuples(st.floats(-85, 85), st.floats(-180, 180), st.booleans()), min_size=0, max_size=300
)


def index_of(points: list[tuple[float, float, bool]]) -> PinIndex:
    lat = np.array([p[0] for p in points], dtype=float)
    lon = np.array([p[1] for p in points], dtype=float)
    est = np.array([p[2] for p in points], dtype=bool)
    return PinIndex(lon_to_x(lon), lat_to_y(lat), est)


@settings(max_examples=60, deadline=None)
@given(positions)
def test_every_point_is_in_exactly_one_group_at_every_level(points):
    pins = index_of(points)
    for level in range(0, 16):
        groups = pins.at(level)
        assert sorted(groups.order.tolist()) == list(range(len(points)))
        assert int(groups.count.sum()) == len(points)
        assert np.array_equal(np.diff(groups.starts), groups.count)
        owner = groups.group_of()
        for g in range(len(groups)):
            assert (owner[groups.members(g)] == g).all()


@settings(max_examples=60, deadline=None)
@given(positions)
def test_a_deeper_level_only_splits_groups(points):
    pins = index_of(points)
    for level in range(0, 15):
        upper, lower = pins.at(level).group_of(), pins.at(level + 1).group_of()
        for g in np.unique(lower).tolist():
            assert len(np.unique(upper[lower == g])) == 1
        assert len(np.unique(lower)) >= len(np.unique(upper))


def test_two_photos_of_one_city_part_when_zoomed_in():
    """Two photos 2 km apart share a badge on the world map and have a pin each at street level."""
    lat, lon = np.array([35.0, 35.018]), np.array([135.77, 135.77])
    pins = PinIndex(lon_to_x(lon), lat_to_y(lat), np.array([False, True]))
    assert len(pins.at(2)) == 1 and pins.at(2).estimated.tolist() == [1]
    assert len(pins.at(14)) == 2


def test_groups_stay_near_their_members():
    """Merging badges that overlap widens a group by a few cells at most, never across the map."""
    rng = np.random.default_rng(5)
    x, y = rng.random(2000), rng.random(2000)
    pins = PinIndex(x, y, np.zeros(2000, dtype=bool))
    for level in (4, 9):
        groups = pins.at(level)
        reach = 3 * CELL_PX / (TILE * 2.0**level)
        owner = groups.group_of()
        assert (np.abs(groups.x[owner] - x) <= reach).all() and (np.abs(groups.y[owner] - y) <= reach).all()


@settings(max_examples=60, deadline=None)
@given(positions)
def test_no_two_groups_overlap_at_any_level(points):
    pins = index_of(points)
    for level in range(0, 16):
        groups = pins.at(level)
        if len(groups) < 2:
            continue
        scale = TILE * 2.0**level
        dx = (groups.x[:, None] - groups.x[None, :]) * scale
        dy = (groups.y[:, None] - groups.y[None, :]) * scale
        distance = np.hypot(dx, dy) + np.eye(len(groups)) * 1e9
        assert distance.min() >= MERGE_PX


@pytest.mark.parametrize(
    ("city", "lat", "lon"), [("Hangzhou", 30.2741, 120.1551), ("Kyoto", 35.0116, 135.7681)]
)
def test_a_city_is_one_badge_on_the_world_map(city, lat, lon):
    """Photos a few km apart in one city share a badge at world and country zoom, wherever the grid's
    lines happen to cross the city (they crossed Hangzhou and Kyoto at world zoom: two badges, one on
    the other)."""
    rng = np.random.default_rng(len(city))
    la, lo = lat + rng.normal(0, 0.03, 200), lon + rng.normal(0, 0.03, 200)
    pins = PinIndex(lon_to_x(lo), lat_to_y(la), np.zeros(200, dtype=bool))
    for level in range(0, 7):
        assert len(pins.at(level)) == 1, (city, level)


def test_two_photos_across_a_grid_line_share_a_group():
    for level in (0, 3, 8, 13):
        line = 3 / (TILE * 2.0**level / CELL_PX)  # the fourth vertical line of the grid at this level
        x, y = np.array([line - 1e-9, line + 1e-9]), np.array([0.4, 0.4])
        assert len(PinIndex(x, y, np.zeros(2, dtype=bool)).at(level)) == 1


def test_level_follows_zoom_and_stays_in_range():
    assert [level_of(z) for z in (-3, 0, 0.4, 0.6, 7.49, 40)] == [0, 0, 0, 1, 7, 15]
