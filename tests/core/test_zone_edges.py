"""The zone edge store (app/core/zone_edges.py, app/core/edge_finder.py): timezonefinder answering from
it exactly as from its own coordinates.bin, and what happens when the store cannot be used.

The store under test is the one tools/prebuild_data.py writes into the prebuilt folder, i.e. the one a
built program ships; it is compared with plain timezonefinder over the installed data, on points where
the polygons decide: near every ring's edges, in the grid's cut cells (which the program leaves to
timezonefinder), in and around every hole, and over the world and its oceans.
"""

from __future__ import annotations

import logging
import math
import shutil
from pathlib import Path

import numpy as np
import pytest
from timezonefinder import TimezoneFinder
from timezonefinder.configs import DEFAULT_DATA_DIR

from app.core import edge_finder, timezones, zone_edges, zonegrid
from app.core.edge_finder import EdgeTimezoneFinder
from app.core.zone_edges import StoreError

OCEANS = {(0.5, -150.0): "Etc/GMT+10", (-40.0, -120.0): "Etc/GMT+8", (35.0, -40.0): "Etc/GMT+3"}
LESOTHO = (-29.31, 27.48)  # a hole in South Africa's polygon


@pytest.fixture(scope="module")
def store_folder(prebuilt: Path) -> Path:
    return prebuilt / zone_edges.PREFIX


@pytest.fixture(scope="module")
def plain() -> TimezoneFinder:
    return TimezoneFinder()


@pytest.fixture
def compact(store_folder: Path) -> EdgeTimezoneFinder:
    """A finder opened afresh for each test: no ring written yet, as at a program's first lookup."""
    finder = edge_finder.open_finder(store_folder)
    assert isinstance(finder, EdgeTimezoneFinder)
    return finder


@pytest.fixture
def without_coordinates(tmp_path: Path) -> Path:
    """timezonefinder's data as a built program carries it: everything but the coordinates.bin files
    (1.5 MB copied, the installed package is left alone)."""
    copy = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, copy, ignore=shutil.ignore_patterns("coordinates.bin", "__pycache__"))
    assert not list(copy.rglob("coordinates.bin"))
    return copy


def _damaged(store_folder: Path, tmp_path: Path, how: str) -> Path:
    """A copy of the store folder with its file damaged: a flipped bit, or cut short."""
    folder = tmp_path / "damaged" / zone_edges.PREFIX
    shutil.copytree(store_folder, folder)
    path = folder / zone_edges.FILE_NAME
    data = bytearray(path.read_bytes())
    if how == "flipped":
        data[len(data) // 2] ^= 0x10  # a bit of some chain's steps
    else:
        del data[len(data) - 1000 :]
    path.write_bytes(bytes(data))
    return folder


# -- the points ----------------------------------------------------------------------------------------------


def _clip(lng: np.ndarray, lat: np.ndarray) -> list[tuple[float, float]]:
    return list(zip(np.clip(lng, -180, 180).tolist(), np.clip(lat, -90, 90).tolist(), strict=True))


def _near(ring: np.ndarray, rng: np.random.Generator, n: int) -> list[tuple[float, float]]:
    """``n`` points near a ring's edges (timezonefinder integers, 1e-7 degree): on an edge, then moved
    off it by 1e-7 to 3e-2 degrees (about 1 cm to 3 km)."""
    at = rng.integers(0, ring.shape[1], n)
    following = (at + 1) % ring.shape[1]
    t = rng.random(n)
    x = (ring[0][at] + t * (ring[0][following] - ring[0][at].astype(np.float64))) / 1e7
    y = (ring[1][at] + t * (ring[1][following] - ring[1][at].astype(np.float64))) / 1e7
    reach, angle = 10 ** rng.uniform(-7, -1.5, n), rng.uniform(0, 2 * math.pi, n)
    return _clip(x + reach * np.cos(angle), y + reach * np.sin(angle))


@pytest.fixture(scope="module")
def border_points(plain: TimezoneFinder) -> list[tuple[float, float]]:
    """140,000 points near boundary edges: 100,000 spread over all vertices (long borders get more),
    and 30 near every ring (every island and enclave gets some)."""
    rng = np.random.default_rng(15)
    rings = [plain.coords_of(i) for i in range(plain.nr_of_polygons)]
    sizes = np.array([r.shape[1] for r in rings], dtype=np.float64)
    per_ring = rng.multinomial(100_000, sizes / sizes.sum())
    return [p for ring, n in zip(rings, per_ring.tolist(), strict=True) for p in _near(ring, rng, n + 30)]


@pytest.fixture(scope="module")
def hole_points(plain: TimezoneFinder) -> tuple[list[tuple[float, float]], int]:
    """Points near and inside every hole (30 near its edges, 10 in its box), and how many of them lie in
    a hole, as timezonefinder's own hole test says."""
    rng = np.random.default_rng(16)
    points: list[tuple[float, float]] = []
    inside = 0
    for hole in range(plain.nr_of_holes):
        ring = plain.holes.coords_of(hole)
        box = _clip(
            rng.uniform(ring[0].min(), ring[0].max(), 10) / 1e7,
            rng.uniform(ring[1].min(), ring[1].max(), 10) / 1e7,
        )
        mine = _near(ring, rng, 30) + box
        inside += sum(plain.holes.pip(hole, round(x * 1e7), round(y * 1e7)) for x, y in mine)
        points += mine
    return points, inside


@pytest.fixture(scope="module")
def cut_cell_points(plain: TimezoneFinder) -> list[tuple[float, float]]:
    """40,000 points in the grid's fine cells that a boundary crosses: the ones the program asks
    timezonefinder about (the grid's own rule, :func:`app.core.zonegrid._marked_fine_cells`)."""
    rng = np.random.default_rng(17)
    rows, cols = np.nonzero(zonegrid._marked_fine_cells(plain))
    pick = rng.integers(0, len(rows), 40_000)
    size = 1 / (zonegrid.PER_DEGREE * zonegrid.SUB)
    lat = -90 + (rows[pick] + rng.random(len(pick))) * size
    lng = -180 + (cols[pick] + rng.random(len(pick))) * size
    return _clip(lng, lat)


@pytest.fixture(scope="module")
def world_points() -> list[tuple[float, float]]:
    """20,000 points spread evenly over the sphere (most of them at sea)."""
    rng = np.random.default_rng(18)
    lat = np.degrees(np.arcsin(rng.uniform(-1, 1, 20_000)))
    return _clip(rng.uniform(-180, 180, 20_000), lat) + [(lng, lat) for lat, lng in OCEANS]


def _differences(
    a: TimezoneFinder, b: TimezoneFinder, points: list[tuple[float, float]]
) -> list[tuple[float, float, str | None, str | None]]:
    found = []
    for lng, lat in points:
        mine, theirs = a.timezone_at(lng=lng, lat=lat), b.timezone_at(lng=lng, lat=lat)
        if mine != theirs:
            found.append((lng, lat, mine, theirs))
    return found


# -- the answers ---------------------------------------------------------------------------------------------


def test_the_prebuilt_folder_holds_the_store(prebuilt: Path, store_folder: Path) -> None:
    assert (store_folder / "complete").exists()
    size = (store_folder / zone_edges.FILE_NAME).stat().st_size
    coordinates = sum(p.stat().st_size for p in Path(DEFAULT_DATA_DIR).rglob("coordinates.bin"))
    assert size < coordinates / 2  # the point of it: 12.2 MB against 31.8 with timezonefinder 9.0's data


def test_every_ring_and_its_payload_are_timezonefinders(
    compact: EdgeTimezoneFinder, plain: TimezoneFinder
) -> None:
    """The rings rebuilt from the chains are the int arrays timezonefinder decodes, and the payload
    words its kernel reads are the words of coordinates.bin, for every polygon and every hole."""
    for polygon in range(plain.nr_of_polygons):
        assert np.array_equal(compact.coords_of(polygon), plain.coords_of(polygon)), polygon
        assert np.array_equal(compact.boundaries.coordinates[polygon], plain.boundaries.coordinates[polygon])
        holes = list(compact._holes_of_poly(polygon))
        assert len(holes) == len(list(plain._holes_of_poly(polygon)))
        assert all(np.array_equal(a, b) for a, b in zip(holes, plain._holes_of_poly(polygon), strict=True))
    for stored in range(len(plain.holes.nr_vertices)):  # the holes stored inline, not as a polygon's ring
        assert np.array_equal(compact.holes.coordinates[stored], plain.holes.coordinates[stored])


def test_answers_near_borders_are_timezonefinders(
    compact: EdgeTimezoneFinder, plain: TimezoneFinder, border_points: list[tuple[float, float]]
) -> None:
    assert len(border_points) >= 139_000
    assert _differences(compact, plain, border_points) == []


def test_answers_in_the_grids_cut_cells_are_timezonefinders(
    compact: EdgeTimezoneFinder, plain: TimezoneFinder, cut_cell_points: list[tuple[float, float]]
) -> None:
    assert _differences(compact, plain, cut_cell_points) == []


def test_answers_in_and_around_holes_are_timezonefinders(
    compact: EdgeTimezoneFinder, plain: TimezoneFinder, hole_points: tuple[list[tuple[float, float]], int]
) -> None:
    points, inside = hole_points
    assert inside > 3000  # the hole test decides for many of them
    assert _differences(compact, plain, [*points, LESOTHO[::-1]]) == []
    assert compact.timezone_at(lng=LESOTHO[1], lat=LESOTHO[0]) == "Africa/Maseru"


def test_answers_over_the_world_and_at_sea_are_timezonefinders(
    compact: EdgeTimezoneFinder, plain: TimezoneFinder, world_points: list[tuple[float, float]]
) -> None:
    assert _differences(compact, plain, world_points) == []
    at_sea = [compact.timezone_at(lng=lng, lat=lat) for lng, lat in world_points]
    assert sum(1 for name in at_sea if name and name.startswith("Etc/GMT")) > 5000
    for (lat, lng), name in OCEANS.items():
        assert compact.timezone_at(lng=lng, lat=lat) == name


def test_all_the_points_together_are_over_200000(
    border_points: list[tuple[float, float]],
    cut_cell_points: list[tuple[float, float]],
    hole_points: tuple[list[tuple[float, float]], int],
    world_points: list[tuple[float, float]],
) -> None:
    assert len(border_points) + len(cut_cell_points) + len(hole_points[0]) + len(world_points) >= 200_000


def test_the_batch_lookup_agrees(compact: EdgeTimezoneFinder, plain: TimezoneFinder) -> None:
    """``timezone_ids_at`` (which the grid's build uses) goes through the same polygon tests."""
    rng = np.random.default_rng(19)
    lng, lat = rng.uniform(-180, 180, 50_000), rng.uniform(-60, 75, 50_000)
    assert np.array_equal(
        compact.timezone_ids_at(lngs=lng, lats=lat), plain.timezone_ids_at(lngs=lng, lats=lat)
    )


# -- without coordinates.bin, and with a store that cannot be used ----------------------------------------


def test_a_built_program_needs_no_coordinates_file(
    store_folder: Path, without_coordinates: Path, plain: TimezoneFinder
) -> None:
    finder = edge_finder.open_finder(store_folder, without_coordinates)
    assert isinstance(finder, EdgeTimezoneFinder)
    rng = np.random.default_rng(20)
    points = [
        p
        for i in rng.integers(0, plain.nr_of_polygons, 100).tolist()
        for p in _near(plain.coords_of(i), rng, 50)
    ]
    assert _differences(finder, plain, points) == []


@pytest.mark.parametrize("how", ["flipped", "cut short"])
def test_a_damaged_store_is_refused(store_folder: Path, tmp_path: Path, how: str) -> None:
    folder = _damaged(store_folder, tmp_path, how)
    with pytest.raises(StoreError, match=r"checksum|arrays|header"):
        zone_edges.EdgeStore.open(folder / zone_edges.FILE_NAME)


def test_a_header_that_does_not_describe_the_body_is_refused(store_folder: Path) -> None:
    data = (store_folder / zone_edges.FILE_NAME).read_bytes()
    at = data.index(b'"words": [') + len(b'"words": [')
    wrong = data[:at] + b"9" + data[at + 1 :]  # the words start 9... bytes further: beyond the end
    with pytest.raises(StoreError, match="does not describe its arrays"):
        zone_edges.EdgeStore(wrong)


def test_a_store_of_other_data_is_refused(store_folder: Path) -> None:
    data = (store_folder / zone_edges.FILE_NAME).read_bytes()
    zone_edges.EdgeStore(data, source=zone_edges.source_digest(Path(DEFAULT_DATA_DIR)))  # its own: fine
    with pytest.raises(StoreError, match="other timezonefinder data"):
        zone_edges.EdgeStore(data, source="00000000")


def test_a_damaged_store_falls_back_to_coordinates_where_that_is_there(
    store_folder: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A source install (or a build that kept coordinates.bin): the same answers, with a warning."""
    folder = _damaged(store_folder, tmp_path, "flipped")
    with caplog.at_level(logging.WARNING, logger="app.core.edge_finder"):
        finder = edge_finder.open_finder(folder)
    assert type(finder) is TimezoneFinder
    assert "checksum" in caplog.text and "coordinates.bin instead" in caplog.text


def test_without_coordinates_a_damaged_or_missing_store_fails_clearly(
    store_folder: Path, tmp_path: Path, without_coordinates: Path
) -> None:
    """A built program whose store is damaged or gone cannot answer near borders: StoreError says why
    (rather than timezonefinder's FileNotFoundError, or wrong zones from a damaged ring)."""
    folder = _damaged(store_folder, tmp_path, "flipped")
    with pytest.raises(StoreError, match=r"checksum.*coordinates\.bin is not in"):
        edge_finder.open_finder(folder, without_coordinates)
    (folder / zone_edges.FILE_NAME).unlink()
    with pytest.raises(StoreError, match=r"edges\.bin cannot be read.*coordinates\.bin is not in"):
        edge_finder.open_finder(folder, without_coordinates)
    with pytest.raises(StoreError, match=r"without a zone edge store.*coordinates\.bin is not in"):
        edge_finder.open_finder(None, without_coordinates)


def test_a_ring_that_does_not_fit_its_frames_is_refused(store_folder: Path, plain: TimezoneFinder) -> None:
    """The last guard, when a ring is written: a ring other than the one timezonefinder's block frames
    were made for (here: one vertex moved by one step) is refused instead of answering wrongly."""
    store = zone_edges.EdgeStore.open(store_folder / zone_edges.FILE_NAME)
    finder = EdgeTimezoneFinder(store)
    ring = store.ring_in_steps(0)
    edge_finder._payload(finder.boundaries, 0, ring)  # as it is: fine
    ring[1, int(np.argmax(ring[1]))] += 1  # the ring's northernmost vertex, one step further north
    with pytest.raises(StoreError, match="does not fit"):
        edge_finder._payload(finder.boundaries, 0, ring)


# -- the program's lookups -----------------------------------------------------------------------------------


@pytest.fixture
def fresh_lookups(monkeypatch: pytest.MonkeyPatch) -> None:
    """timezones as at a program's start: no finder opened yet, no answers remembered, no grid."""
    monkeypatch.setattr(timezones, "_finder", None)
    monkeypatch.setattr(timezones, "_finder_error", None)
    monkeypatch.setattr(timezones, "_cache_dir", None)
    monkeypatch.setattr(timezones, "_grid", None)
    monkeypatch.setattr(timezones, "_grid_opened", True)  # no grid: every lookup asks the finder
    timezones._zone_name.cache_clear()
    yield
    timezones._zone_name.cache_clear()


@pytest.mark.usefixtures("fresh_lookups")
def test_the_program_reads_the_store_it_came_with(
    prebuilt: Path, monkeypatch: pytest.MonkeyPatch, plain: TimezoneFinder
) -> None:
    monkeypatch.setattr(zonegrid, "PREBUILT_DIR", prebuilt)
    assert timezones.zone_at(*LESOTHO) == "Africa/Maseru"
    assert isinstance(timezones._finder, EdgeTimezoneFinder)


@pytest.mark.usefixtures("fresh_lookups")
def test_a_source_install_reads_coordinates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zonegrid, "PREBUILT_DIR", None)
    assert timezones.zone_at(*LESOTHO) == "Africa/Maseru"
    assert type(timezones._finder) is TimezoneFinder


@pytest.mark.usefixtures("fresh_lookups")
def test_the_programs_lookups_fail_clearly_without_store_or_coordinates(
    prebuilt: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, without_coordinates: Path
) -> None:
    """Every lookup the grid leaves to the finder raises the same StoreError (the finder is not tried
    again at each one); positions the grid answers are unaffected."""
    folder = _damaged(prebuilt / zone_edges.PREFIX, tmp_path, "cut short")
    monkeypatch.setattr(zonegrid, "PREBUILT_DIR", folder.parent)
    monkeypatch.setattr(edge_finder, "DEFAULT_DATA_DIR", without_coordinates)
    with pytest.raises(StoreError, match="cannot be used") as first:
        timezones.zone_at(*LESOTHO)
    with pytest.raises(StoreError) as second:
        timezones.zone_at(LESOTHO[0] + 0.01, LESOTHO[1])
    assert second.value is first.value


def test_the_build_refuses_a_store_that_differs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One vertex of one ring one step off (as a wrong chain direction or a packing slip would make
    it): the build says which ring and writes nothing."""
    decode = zone_edges.EdgeStore.ring

    def one_vertex_off(store: zone_edges.EdgeStore, index: int) -> np.ndarray:
        ring = decode(store, index)
        if index == 5:
            ring = ring.copy()
            ring[0, 3] += zone_edges.STEP
        return ring

    monkeypatch.setattr(zone_edges.EdgeStore, "ring", one_vertex_off)
    with pytest.raises(StoreError, match="ring 5 rebuilt"):
        edge_finder.build_store(tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.usefixtures("fresh_lookups")
def test_the_finder_can_be_asked_past_the_grid(prebuilt: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the smoke check of a build asks: a zone the polygons decide (Lesotho, a hole in South
    Africa; Shenzhen, across from Hong Kong), from the store the program came with."""
    monkeypatch.setattr(zonegrid, "PREBUILT_DIR", prebuilt)
    assert timezones.finder_zone_at(*LESOTHO) == "Africa/Maseru"
    assert timezones.finder_zone_at(22.5431, 114.0579) == "Asia/Shanghai"
    assert isinstance(timezones._finder, EdgeTimezoneFinder)
