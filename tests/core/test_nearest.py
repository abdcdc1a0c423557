"""The grid nearest-neighbour search against brute force, at the poles, the date line and everywhere."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.nearest import EARTH_RADIUS_KM, Grid, grid_arrays, sort_order, unit_vectors

REACH = 100.0


def brute(lat, lon, qlat, qlon):
    dots = unit_vectors(np.array([qlat]), np.array([qlon])) @ unit_vectors(lat, lon).T
    best = int(np.argmax(dots[0]))
    km = 2 * EARTH_RADIUS_KM * np.arcsin(min(np.sqrt(max(2 - 2 * dots[0, best], 0)) / 2, 1.0))
    return (best, km) if km <= REACH else (-1, np.inf)


@pytest.fixture(scope="module")
def points():
    rng = np.random.default_rng(3)
    # dense clusters (cities), a sprinkle everywhere, and points hugging the poles and the date line
    lat = np.concatenate([rng.uniform(-90, 90, 3000), rng.normal(30, 0.3, 500), rng.uniform(88, 90, 50)])
    lon = np.concatenate(
        [rng.uniform(-180, 180, 3000), rng.normal(120, 0.3, 500), rng.uniform(-180, 180, 50)]
    )
    lon = np.concatenate([lon[:-20], rng.uniform(179.5, 180, 10), rng.uniform(-180, -179.5, 10)])
    order = sort_order(lat, lon)
    return lat[order], lon[order]


@settings(max_examples=400, deadline=None)
@given(
    qlat=st.one_of(st.floats(-90, 90), st.floats(87, 90), st.floats(29, 31)),
    qlon=st.one_of(st.floats(-180, 180), st.floats(179, 180), st.floats(-180, -179)),
)
def test_grid_agrees_with_brute_force(points, qlat: float, qlon: float) -> None:
    lat, lon = points
    grid = Grid(grid_arrays(lat, lon), REACH)
    found, km = grid.query(np.array([qlat]), np.array([qlon]))
    want, want_km = brute(lat, lon, qlat, qlon)
    if want < 0:
        assert found[0] == -1
    else:
        assert km[0] == pytest.approx(want_km, abs=1e-6)  # ties may pick another point at the same distance


def test_batch_matches_single_queries(points) -> None:
    lat, lon = points
    grid = Grid(grid_arrays(lat, lon), REACH)
    rng = np.random.default_rng(5)
    qlat, qlon = rng.uniform(-90, 90, 2000), rng.uniform(-180, 180, 2000)
    found, _ = grid.query(qlat, qlon)
    for i in range(0, 2000, 97):
        assert found[i] == grid.query(qlat[i : i + 1], qlon[i : i + 1])[0][0]


def test_unsorted_points_are_refused() -> None:
    with pytest.raises(ValueError, match="sorted by cell"):
        grid_arrays(np.array([10.0, -10.0]), np.array([0.0, 0.0]))


@pytest.mark.parametrize("reach", [REACH, 1000.0, 5000.0])
def test_a_cell_is_reachable_exactly_when_its_search_finds_points(reach: float) -> None:
    """Every cell of the grid, for sparse points (islands at sea, the poles, both sides of the date line)
    and for a reach wide enough to wrap all the way round near the poles."""
    rng = np.random.default_rng(11)
    lat = np.concatenate([rng.uniform(-60, 60, 40), [89.5, -89.5, 10.0, 10.0], rng.normal(45, 1, 30)])
    lon = np.concatenate([rng.uniform(-180, 180, 40), [0.0, 170.0, 179.9, -179.9], rng.normal(7, 1, 30)])
    order = sort_order(lat, lon)
    grid = Grid(grid_arrays(lat[order], lon[order]), reach)
    reachable = grid.reachable(np.arange(180 * 360))
    searched = np.array([len(grid._gather(cell)) > 0 for cell in range(180 * 360)])
    assert (reachable == searched).all()
    assert reachable.any() and (reach > 1000 or not reachable.all())  # sea beyond 1,000 km of any point
