"""How long ``tripfold copy-library`` takes to move a large library to PostgreSQL and back.

    .venv/bin/python -m tests.bench.bench_copy [--files 200000] [--runs 3] [--work DIR]

A library of ``--files`` files is generated straight into the store (``bench_cluster.make_library``: a home
city and trips to 160 cities) and clustered, so clusters, trips, their member lists and a home are copied
too.  Then, on a throwaway PostgreSQL server of this machine (``tests.engines``, a Unix socket, fsync off
as in the tests), each run times two whole ``tripfold copy-library --json`` processes: the file to an
empty database, and that database back to a new file; the best of ``--runs`` counts.  Figures only;
nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from app.core.clustering import ClusterOptions
from app.service import Service
from tests.bench.bench_cluster import make_library, rows
from tests.engines import start_server

ROOT = Path(__file__).resolve().parents[2]


def copy(source: list[str], target: str) -> tuple[float, dict[str, int]]:
    """One whole ``copy-library`` process: its wall time and the rows it says it copied."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "app", *source, "copy-library", "--to", target, "--json"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"copy-library failed: {done.stderr}")
    return seconds, json.loads(done.stdout)["Tables"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=None, help="where libraries are written (default: temp)")
    args = parser.parse_args()
    server = start_server()
    try:
        with tempfile.TemporaryDirectory(dir=args.work) as tmp:
            work = Path(tmp)
            library = work / "library.db"
            started = time.perf_counter()
            make_library(library, rows(args.files, seed=1))
            service = Service(library)
            service.create_location_date_clustering_task(
                ClusterOptions(1, 1, 15, ("country", "province", "city"))
            )
            service.close()
            size = library.stat().st_size / 1e6
            made = time.perf_counter() - started
            print(f"python on {os.cpu_count()} cores; a library of {args.files:,} files, clustered,"
                  f" {size:.0f} MB (made in {made:.1f} s)")  # fmt: skip
            there, back = [], []
            for run in range(args.runs):
                url = server.create()
                seconds, tables = copy(["--library", str(library)], url)
                there.append(seconds)
                returned = work / f"back-{run}.db"
                seconds, back_tables = copy(["--db-url", url], str(returned))
                back.append(seconds)
                assert back_tables == tables, (tables, back_tables)
                server.drop(url)
                returned.unlink()
            total = sum(tables.values())
            print(f"  rows copied        {total:,} in {len(tables)} tables ({tables['media_file']:,} files,"
                  f" {tables['cluster']:,} clusters, {tables['trip']:,} trips)")  # fmt: skip
            print(f"  file -> PostgreSQL {min(there):6.1f} s best of {args.runs}  (all: "
                  + ", ".join(f"{s:.1f}" for s in there) + ")")  # fmt: skip
            print(f"  PostgreSQL -> file {min(back):6.1f} s best of {args.runs}  (all: "
                  + ", ".join(f"{s:.1f}" for s in back) + ")")  # fmt: skip
    finally:
        server.stop()


if __name__ == "__main__":
    main()
