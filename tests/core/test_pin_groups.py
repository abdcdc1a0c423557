"""Pin grouping as a pure function: every photo in exactly one group at every level, and a deeper level
only ever splits the groups of the level above."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.mercator import lat_to_y, lon_to_x
from app.core.pin_groups import CELL_PX, PinIndex, group, level_of

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


def test_groups_stay_within_a_cell_of_their_members():
    rng = np.random.default_rng(5)
    x, y = rng.random(2000), rng.random(2000)
    for level in (0, 4, 9):
        groups = group(x, y, np.zeros(2000, dtype=bool), level)
        cell = CELL_PX / (256 * 2.0**level)
        owner = groups.group_of()
        assert (np.abs(groups.x[owner] - x) <= cell).all() and (np.abs(groups.y[owner] - y) <= cell).all()


def test_level_follows_zoom_and_stays_in_range():
    assert [level_of(z) for z in (-3, 0, 0.4, 0.6, 7.49, 40)] == [0, 0, 0, 1, 7, 15]
