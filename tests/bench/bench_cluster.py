"""Clustering speed and memory on large libraries whose rows are generated straight into the store.

    .venv/bin/python -m tests.bench.bench_cluster [--files 1000000] [--base 200000] [--clusters 50000]

1. A full clustering of ``--files`` files at levels country, province and city, as a fresh ``tripfold
   cluster`` process: wall time and the process's peak resident memory (targets 20 s, 1 GB).
2. An incremental run: a library of ``--base`` files, clustered; 1,000 files of a new trip are added
   and ``cluster`` runs again (target under 1 s for that run, timed in process, as the window runs it).
3. One page of ``clusters`` on a library holding about ``--clusters`` clusters (target under 50 ms).

The generated library looks like a family's: a home city photographed on most days (a residence, longer
than MaxDays, so no cluster), and trips of one to ten days to cities in several provinces and countries.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from app.core.clustering import ClusterOptions
from app.service import ClusterQuery, Service

ROOT = Path(__file__).resolve().parents[2]
PLACES = [
    (country, province, f"{province} City {i}")
    for country, provinces in (
        ("China", ["Zhejiang", "Jiangsu", "Sichuan", "Yunnan", "Guangdong", "Fujian"]),
        ("Japan", ["Tokyo", "Kyoto", "Osaka", "Hokkaido"]),
        ("France", ["Ile-de-France", "Provence", "Brittany"]),
        ("United States", ["California", "New York", "Hawaii"]),
    )
    for province in provinces
    for i in range(40)
]
HOME = ("China", "Zhejiang", "Hangzhou")
COLUMNS = (
    "source_id, path, size, mtime_ns, kind, produce_time, utc_time, local_time, local_offset_min,"
    " time_source, capture_day, lat, lon, country, country_code, province, city, district, township,"
    " address_line, places_version, status, error, indexed_at"
)


def rows(
    count: int,
    seed: int,
    start: date = date(2014, 1, 1),
    prefix: str = "f",
    trips: float = 0.15,
    per_day: tuple[int, int] = (5, 60),
) -> list[tuple]:
    """``count`` file rows: days at home, and a trip starting on a share ``trips`` of the days."""
    rng = random.Random(seed)
    result = []
    day = start
    n = 0
    while n < count:
        if rng.random() < trips:
            place, length, shots = rng.choice(PLACES), rng.randint(1, 10), rng.randint(*per_day)
        else:
            place, length, shots = HOME, 1, rng.randint(1, 12)
        for d in range(length):
            for k in range(shots):
                if n >= count:
                    break
                when = datetime.combine(day + timedelta(days=d), datetime.min.time()) + timedelta(
                    minutes=8 * 60 + k
                )
                result.append(_row(n, prefix, when, place))
                n += 1
        day += timedelta(days=length + rng.randint(0, 2))
    return result


def position(place: tuple[str, str, str]) -> tuple[float, float]:
    """A position per place, far apart from one another (so trips are away from home), stable across runs."""
    if place == HOME:
        return 30.2741, 120.1551
    index = PLACES.index(place)
    return -60.0 + (index % 40) * 3.0, -170.0 + (index // 40) * 20.0


def _row(n: int, prefix: str, when: datetime, place: tuple[str, str, str]) -> tuple:
    text = when.isoformat(sep=" ")
    utc = (when - timedelta(hours=8)).isoformat(sep=" ")
    lat, lon = position(place)
    return (
        1, f"/bench/{prefix}{n:08d}.jpg", 3_000_000, 0, "photo", utc, utc, text, 480, "DateTimeOriginal",
        when.date().isoformat(), lat, lon, place[0], "", place[1], place[2], "", "",
        ", ".join(place[::-1]), 1, "ok", "", text,
    )  # fmt: skip


def make_library(path: Path, files: list[tuple]) -> None:
    service = Service(path)
    db = service.lib.db
    with db.atomic():
        db.execute_sql("INSERT INTO source (path, added_at) VALUES ('/bench', '2024-01-01 00:00:00')")
        placeholders = ", ".join("?" * len(files[0]))
        db.cursor().executemany(f"INSERT INTO media_file ({COLUMNS}) VALUES ({placeholders})", files)
    service.close()


def full_run(work: Path, count: int) -> None:
    library = work / "full.db"
    started = time.perf_counter()
    make_library(library, rows(count, seed=1))
    print(
        f"\nfull clustering of {count:,} files (library generated in {time.perf_counter() - started:.1f} s)"
    )
    command = [
        sys.executable, "-m", "app", "--library", str(library), "cluster", "--gap-days", "1",
        "--min-days", "1", "--max-days", "15", "--levels", "country,province,city", "--json",
    ]  # fmt: skip
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"  tripfold cluster  {seconds:6.1f} s (target < 20 s: {'PASS' if seconds < 20 else 'MISS'})")
    print(f"  peak memory       {peak:6.0f} MB (target < 1024 MB: {'PASS' if peak < 1024 else 'MISS'})")


def incremental_run(work: Path, count: int) -> None:
    library = work / "incremental.db"
    make_library(library, rows(count, seed=2))
    service = Service(library)
    options = ClusterOptions(1, 1, 15, ("country", "province", "city"))
    started = time.perf_counter()
    service.create_location_date_clustering_task(options)
    first = time.perf_counter() - started
    new = rows(1000, seed=3, start=date(2031, 1, 1), prefix="new")
    placeholders = ", ".join("?" * len(new[0]))
    from app.store.files import next_generation

    with service.lib.write():  # as indexing writes them: one more generation of the files
        generation = next_generation(service.lib)
        service.lib.db.cursor().executemany(
            f"INSERT INTO media_file ({COLUMNS}, gen) VALUES ({placeholders}, {generation})", new
        )
    started = time.perf_counter()
    task = service.create_location_date_clustering_task(options)
    again = time.perf_counter() - started
    service.close()
    result = task.result
    print(f"\nincremental run on {count:,} files (first full run {first:.2f} s)")
    print(
        f"  +1,000 files      {again:6.2f} s (target < 1 s: {'PASS' if again < 1 else 'MISS'});"
        f" {result['ClustersCreated']} created, {result['ClustersUpdated']} updated,"
        f" {result['ClustersUnchanged']} unchanged; trips {result['TripsCreated']} created,"
        f" {result['TripsUpdated']} updated, {result['TripsUnchanged']} unchanged, {result['Homes']} homes"
    )


def query_run(work: Path, clusters: int) -> None:
    library = work / "query.db"
    make_library(library, rows(clusters * 3, seed=4, trips=0.95, per_day=(1, 2)))
    service = Service(library)
    service.create_location_date_clustering_task(ClusterOptions(1, 1, 15, ("country", "province", "city")))
    total = service.lib.execute("SELECT COUNT(*) FROM cluster").fetchone()[0]
    timings = {}
    for name, query in (
        ("first page", ClusterQuery()),
        ("newest first", ClusterQuery(order="desc")),
        ("by city", ClusterQuery(address={"City": "Kyoto City 3"})),
        ("by title", ClusterQuery(title="lake")),
    ):
        best = float("inf")
        for _ in range(5):
            started = time.perf_counter()
            service.query_location_date_clusters(query)
            best = min(best, time.perf_counter() - started)
        timings[name] = best * 1000
    service.close()
    print(f"\none page of clusters on a library of {total:,} clusters (best of 5)")
    for name, ms in timings.items():
        print(f"  {name:16} {ms:6.1f} ms (target < 50 ms: {'PASS' if ms < 50 else 'MISS'})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1_000_000)
    parser.add_argument("--base", type=int, default=200_000)
    parser.add_argument("--clusters", type=int, default=50_000)
    parser.add_argument(
        "--work", type=Path, default=None, help="where libraries are written (default: a temp dir)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        work = Path(tmp)
        print(f"python on {os.cpu_count()} cores; libraries in {work}")
        if args.clusters:
            query_run(work, args.clusters)
        if args.base:
            incremental_run(work, args.base)
        if args.files:
            full_run(work, args.files)


if __name__ == "__main__":
    main()
