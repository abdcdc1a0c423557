"""Clustering speed and memory on large libraries whose rows are generated straight into the store, on
SQLite and on PostgreSQL side by side (SPEC §13).

    .venv/bin/python -m tests.bench.bench_cluster [--files 1000000] [--base 200000] [--clusters 50000]
                                                   [--engine sqlite|postgresql|both] [--repeat 3]

1. A full clustering of ``--files`` files at levels country, province and city, as a fresh ``tripfold
   cluster`` process: wall time and the process's peak resident memory (targets 20 s, 1 GB on SQLite;
   PostgreSQL within 2x of SQLite on the same machine).
2. An incremental run: a library of ``--base`` files, clustered; 1,000 files of a new trip are added
   and ``cluster`` runs again (target under 1 s for that run, timed in process, as the window runs it).
3. One page of ``clusters`` on a library holding about ``--clusters`` clusters (target under 50 ms): the
   first page, newest first, the clusters of one city, and those whose title holds a word.

Each figure is measured ``--repeat`` times, every time on a fresh copy of the same generated library (a
file copied, or a database made from it as a template on the server), and printed as the median with the
lowest and highest; a page's time is the best of five calls each time.  PostgreSQL is a throwaway server
started with tests/engines.py's ``start_server()`` (a Unix socket, fsync off: what is measured is
Tripfold's SQL, not the disk); without one the PostgreSQL column says why.

The generated library looks like a family's: a home city photographed on most days (a residence, longer
than MaxDays, so no cluster), and trips of one to ten days to cities in several provinces and countries.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from app.core.clustering import ClusterOptions
from app.service import ClusterQuery, Service
from app.store.files import next_generation
from app.store.library import Library
from tests.engines import PostgresServer, is_url, location_args, start_server

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
OPTIONS = ClusterOptions(1, 1, 15, ("country", "province", "city"))
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


class Engines:
    """Where the bench's libraries live: files in the work folder, and databases on one throwaway server."""

    def __init__(self, work: Path, names: list[str]) -> None:
        self.work = work
        self.names = names
        self.server: PostgresServer | None = None
        self.missing = ""
        self.count = 0
        if "postgresql" in names:
            try:
                self.server = start_server()
            except RuntimeError as exc:
                self.missing = str(exc)
                self.names = [n for n in names if n != "postgresql"]

    def new(self, engine: str, name: str) -> str:
        self.count += 1
        if engine == "sqlite":
            return str(self.work / f"{name}-{self.count}.db")
        assert self.server is not None
        return self.server.create()

    def copy(self, location: str) -> str:
        """A fresh copy of a closed library, so each repetition starts from the same rows."""
        self.count += 1
        if is_url(location):
            assert self.server is not None
            return self.server.create(template=location)
        copy = self.work / f"copy-{self.count}.db"
        shutil.copy(location, copy)
        return str(copy)

    def drop(self, location: str) -> None:
        if is_url(location):
            assert self.server is not None
            self.server.drop(location)
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(location + suffix).unlink(missing_ok=True)

    def close(self) -> None:
        if self.server is not None:
            self.server.stop()


def make_library(location: str, files: list[tuple]) -> None:
    """A library holding ``files`` (rows in the order of COLUMNS) of one source, '/bench'."""
    service = Service(location)
    lib = service.lib
    with lib.write():
        lib.execute("INSERT INTO source (path, added_at) VALUES (?, ?)", ("/bench", "2024-01-01 00:00:00"))
        insert_files(lib, files)
    service.close()


def insert_files(lib: Library, files: list[tuple], generation: int | None = None) -> None:
    """Rows written as fast as each engine takes them (inside the caller's write): SQLite's executemany,
    PostgreSQL's COPY (a million rows through execute_batch would take minutes of the bench's time)."""
    columns = COLUMNS + (", gen" if generation is not None else "")
    extra = (generation,) if generation is not None else ()
    if lib.engine.name == "sqlite":
        marks = ", ".join("?" * (len(files[0]) + len(extra)))
        lib.db.cursor().executemany(
            f"INSERT INTO media_file ({columns}) VALUES ({marks})", (row + extra for row in files)
        )
        return
    text = io.StringIO()
    for row in files:
        text.write("\t".join("\\N" if v is None else str(v) for v in row + extra))
        text.write("\n")
    text.seek(0)
    lib.db.cursor().copy_expert(f"COPY media_file ({columns}) FROM STDIN", text)
    lib.db.execute_sql("ANALYZE media_file")


def spread(values: list[float], digits: int = 2) -> str:
    """The median of ``values`` with the lowest and highest."""
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def verdict(value: float, target: float) -> str:
    return "PASS" if value < target else "MISS"


def timed_cluster(location: str) -> tuple[float, float, dict[str, Any]]:
    """``tripfold cluster`` as a fresh process: (seconds, its peak resident memory in MB, the task's
    result).

    The peak is GNU time's (``/usr/bin/time -f %M``), else the process's own high-water mark read from
    /proc while it runs.  Not ``wait4``'s: Linux counts into a child's peak the memory of the process
    that started it, so this bench's million generated rows showed up as a PostgreSQL run of 1.8 GB.
    """
    command = [
        sys.executable, "-m", "app", *location_args(location), "cluster", "--gap-days", "1",
        "--min-days", "1", "--max-days", "15", "--levels", "country,province,city", "--json",
    ]  # fmt: skip
    gnu_time = Path("/usr/bin/time")
    with tempfile.TemporaryDirectory() as folder:
        measured = Path(folder) / "peak"
        if gnu_time.exists():
            command = [str(gnu_time), "-f", "%M", "-o", str(measured), *command]
        out, err = Path(folder) / "out", Path(folder) / "err"
        started = time.perf_counter()
        with open(out, "wb") as stdout, open(err, "wb") as stderr:
            child = subprocess.Popen(command, cwd=ROOT, stdout=stdout, stderr=stderr)
            high_water = 0
            while child.poll() is None:
                high_water = max(high_water, _high_water_kb(child.pid))
                time.sleep(0.05)
        seconds = time.perf_counter() - started
        if child.returncode != 0:
            raise RuntimeError(f"tripfold cluster failed: {err.read_text()[-2000:]}")
        if measured.exists():
            high_water = int(measured.read_text().split()[-1])
        result = json.loads(out.read_text())["Result"]
    return seconds, high_water / 1024, result


def _high_water_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0)


def full_run(engines: Engines, count: int, repeat: int) -> dict[str, dict[str, list[float]]]:
    files = rows(count, seed=1)
    figures: dict[str, dict[str, list[float]]] = {}
    results: dict[str, dict[str, Any]] = {}
    for engine in engines.names:
        started = time.perf_counter()
        made = engines.new(engine, "full")
        make_library(made, files)
        print(f"  {engine}: {count:,} files generated in {time.perf_counter() - started:.1f} s", flush=True)
        seconds, memory = [], []
        for _ in range(repeat):
            copy = engines.copy(made)
            took, peak, result = timed_cluster(copy)
            seconds.append(took)
            memory.append(peak)
            engines.drop(copy)
            print(f"    run {len(seconds)}: {took:.1f} s, {peak:.0f} MB", flush=True)
        engines.drop(made)
        figures[engine] = {"seconds": seconds, "memory": memory}
        results[engine] = result
    same_results(results)
    return figures


def same_results(results: dict[str, dict[str, Any]]) -> None:
    """Say whether the engines' runs decided the same (a fast run of other results means nothing)."""
    if len(results) == 2:
        same = results["sqlite"] == results["postgresql"]
        print(f"  the same result on both engines: {'yes' if same else 'NO: ' + repr(results)}", flush=True)


def incremental_run(engines: Engines, count: int, repeat: int) -> dict[str, dict[str, list[float]]]:
    files = rows(count, seed=2)
    new = rows(1000, seed=3, start=date(2031, 1, 1), prefix="new")
    figures: dict[str, dict[str, list[float]]] = {}
    by_engine: dict[str, dict[str, Any]] = {}
    for engine in engines.names:
        made = engines.new(engine, "incremental")
        make_library(made, files)
        service = Service(made)
        started = time.perf_counter()
        service.create_location_date_clustering_task(OPTIONS)
        first = time.perf_counter() - started
        service.close()
        again, results = [], []
        for _ in range(repeat):
            copy = engines.copy(made)
            service = Service(copy)
            service.create_location_date_clustering_task(OPTIONS)  # the window's run: the table is read
            with service.lib.write():  # as indexing writes them: one more generation of the files
                insert_files(service.lib, new, next_generation(service.lib))
            started = time.perf_counter()
            task = service.create_location_date_clustering_task(OPTIONS)
            again.append(time.perf_counter() - started)
            results.append(task.result)
            service.close()
            engines.drop(copy)
        engines.drop(made)
        figures[engine] = {"first": [first], "again": again}
        result = results[0]
        by_engine[engine] = {k: v for k, v in result.items() if k not in ("StartTime", "EndTime")}
        print(
            f"  {engine}: {result['ClustersCreated']} created, {result['ClustersUpdated']} updated,"
            f" {result['ClustersUnchanged']} unchanged; trips {result['TripsCreated']} created,"
            f" {result['TripsUpdated']} updated, {result['TripsUnchanged']} unchanged,"
            f" {result['Homes']} homes",
            flush=True,
        )
    same_results(by_engine)
    return figures


PAGES = (
    ("first page", ClusterQuery()),
    ("newest first", ClusterQuery(order="desc")),
    ("by city", ClusterQuery(address={"City": "Kyoto City 3"})),
    ("by title", ClusterQuery(title="lake")),
)


def query_run(engines: Engines, clusters: int, repeat: int) -> dict[str, dict[str, list[float]]]:
    files = rows(clusters * 3, seed=4, trips=0.95, per_day=(1, 2))
    figures: dict[str, dict[str, list[float]]] = {}
    for engine in engines.names:
        made = engines.new(engine, "query")
        make_library(made, files)
        service = Service(made)
        service.create_location_date_clustering_task(OPTIONS)
        first = service.query_location_date_clusters(ClusterQuery(max_results=3)).clusters
        for n, cluster in enumerate(first):  # titles the 'by title' page finds
            service.update_location_date_cluster(cluster.object_id, title=f"Lake {n}")
        total = service.lib.execute("SELECT COUNT(*) FROM cluster").fetchone()[0]
        service.close()
        print(f"  {engine}: {total:,} clusters", flush=True)
        timings: dict[str, list[float]] = {name: [] for name, _ in PAGES}
        for _ in range(repeat):
            service = Service(made)  # a fresh process's view: a new connection, nothing cached
            for name, query in PAGES:
                best = float("inf")
                for _ in range(5):
                    started = time.perf_counter()
                    service.query_location_date_clusters(query)
                    best = min(best, time.perf_counter() - started)
                timings[name].append(best * 1000)
            service.close()
        engines.drop(made)
        figures[engine] = timings
    return figures


def side_by_side(
    title: str, engines: Engines, rows_: list[tuple[str, str, float, str]], figures: dict[str, Any]
) -> None:
    """One table: a line per figure, a column per engine (median, lowest–highest), PostgreSQL's median
    over SQLite's, and the verdict against the target."""
    print(f"\n{title}")
    names = engines.names
    print(f"  {'':18}" + "".join(f"{n:>30}" for n in names) + ("   pg/sqlite" if len(names) == 2 else ""))
    for label, key, target, unit in rows_:
        cells, medians = [], {}
        for name in names:
            values = figures[name][key]
            medians[name] = statistics.median(values)
            cell = f"{spread(values, 0 if unit == 'MB' else 2)} {unit}"
            if target:
                cell += f" {verdict(medians[name], target)}"
            cells.append(f"{cell:>30}")
        ratio = ""
        if len(names) == 2 and medians["sqlite"]:
            ratio = f"   {medians['postgresql'] / medians['sqlite']:5.2f}x"
        print(f"  {label:18}" + "".join(cells) + ratio)
    if engines.missing:
        print(f"  (no PostgreSQL: {engines.missing})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1_000_000)
    parser.add_argument("--base", type=int, default=200_000)
    parser.add_argument("--clusters", type=int, default=50_000)
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--repeat", type=int, default=3, help="measure each figure N times (default 3)")
    parser.add_argument(
        "--work", type=Path, default=None, help="where libraries are written (default: a temp dir)"
    )
    args = parser.parse_args()
    names = ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        work = Path(tmp)
        engines = Engines(work, names)
        try:
            print(f"python on {os.cpu_count()} cores; libraries in {work}; {args.repeat} runs of each figure")
            if args.clusters:
                print(f"\nclusters pages: generating about {args.clusters:,} clusters", flush=True)
                pages = query_run(engines, args.clusters, args.repeat)
                side_by_side(
                    "one page of clusters, best of 5 calls (median of the runs, lowest–highest)", engines,
                    [(name, name, 50.0, "ms") for name, _ in PAGES], pages,
                )  # fmt: skip
            if args.base:
                print(f"\nincremental run on {args.base:,} files", flush=True)
                incremental = incremental_run(engines, args.base, args.repeat)
                side_by_side(
                    f"clustering {args.base:,} files, then again after +1,000", engines,
                    [("first run", "first", 0.0, "s"), ("+1,000 files", "again", 1.0, "s")], incremental,
                )  # fmt: skip
            if args.files:
                print(f"\nfull clustering of {args.files:,} files", flush=True)
                full = full_run(engines, args.files, args.repeat)
                side_by_side(
                    f"full clustering of {args.files:,} files as a fresh 'tripfold cluster' process", engines,
                    [("wall time", "seconds", 20.0, "s"), ("peak memory", "memory", 1024.0, "MB")], full,
                )  # fmt: skip
                if len(engines.names) == 2:
                    ratio = statistics.median(full["postgresql"]["seconds"]) / statistics.median(
                        full["sqlite"]["seconds"]
                    )
                    print(f"  PostgreSQL within 2x of SQLite: {ratio:.2f}x {verdict(ratio, 2.0)}")
        finally:
            engines.close()


if __name__ == "__main__":
    main()
