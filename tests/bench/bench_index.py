"""Indexing speed, whole process, warm page cache: Tripfold against exiftool on the same photos.

What a user waits for is the whole command (interpreter start-up, imports, library creation, the place
table, the JSON output), so every figure times ``tripfold index --json`` as a fresh process into a fresh
library file, with ``time.perf_counter`` around the process.  Every file is read once beforehand so both
tools meet a warm page cache and the figures measure parsing and storing, not the disk.  Each command
runs three times and the best run counts; Tripfold and exiftool take turns, so both see the same machine.

    .venv/bin/python -m tests.bench.bench_index [--photos 1000] [--world 1000] [--many 20000] [--work DIR]

Measured (issue #2, item 10), each printed with its target and PASS or MISS; nothing is asserted:

- ``--photos`` full-size photos (4000x3000 JPEG, a few MB each, each with its own EXIF time and GPS):
  Tripfold against ``exiftool -fast2 -n -json -DateTimeOriginal -GPSLatitude -GPSLongitude -r``;
  target: exiftool's time at least 5 times Tripfold's.
- ``--world`` full-size photos the same way, spread over six cities on four continents, every second one
  without OffsetTimeOriginal (its offset comes from the time zone at its position); same target: the
  cost of indexing must not depend on where the photos were taken (issue #10, item 13).
- ``--many`` small photos (640x480, the same EXIF, folders of 200): files per second of a first index
  into a fresh library, whole process and inside the task (its StartTime to EndTime); target 3,000.
- A second index of the unchanged ``--many`` folder: wall time and files read; target: no file read.

Also printed: the peak resident memory of each kind of process (from ``wait4``), and the machine.
A run whose JSON shows files failed, not read or not fully indexed gets a WARNING: a fast benchmark of
failing reads means nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from tests.bench.photos import make_set, total_bytes, warm

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 3
FULL_SIZE, SMALL_SIZE = (4000, 3000), (640, 480)
TARGET_RATIO, TARGET_RATE = 5.0, 3000.0
TIME = ["/usr/bin/time"] if os.access("/usr/bin/time", os.X_OK) else []  # GNU time, for peak memory
EXIFTOOL_ARGS = ["-fast2", "-n", "-json", "-DateTimeOriginal", "-GPSLatitude", "-GPSLongitude", "-r"]


@dataclass
class Run:
    """One finished process: wall seconds, peak resident memory, exit code and output."""

    seconds: float
    peak_mb: float
    code: int
    stdout: str
    stderr: str


@dataclass
class IndexRun:
    """One ``tripfold index --json`` process and the task JSON it printed (empty when it printed none)."""

    run: Run
    report: dict[str, Any] = field(default_factory=dict)

    @property
    def result(self) -> dict[str, Any]:
        return self.report.get("Result", {})

    def task_seconds(self) -> float | None:
        """StartTime to EndTime of the task (millisecond resolution), None when the JSON lacks them."""
        try:
            start, end = (datetime.fromisoformat(self.report[key]) for key in ("StartTime", "EndTime"))
        except (KeyError, ValueError):
            return None
        return (end - start).total_seconds()


def tripfold_command() -> list[str]:
    """The console script next to this interpreter, as a user runs it; ``python -m app`` without it."""
    script = Path(sys.executable).with_name("tripfold")
    return [str(script)] if script.exists() else [sys.executable, "-m", "app"]


def exiftool_command() -> list[str] | None:
    """exiftool on the PATH (Debian puts it in /usr/bin), None when it is not installed."""
    exiftool = shutil.which("exiftool", path=f"{os.environ.get('PATH', '')}:/usr/bin")
    return [exiftool, *EXIFTOOL_ARGS] if exiftool else None


def run(command: list[str]) -> Run:
    """Run one process to its end, output into temporary files; peak memory as :func:`peak_mb` says."""
    with tempfile.TemporaryDirectory() as scratch:
        peak_file = Path(scratch) / "peak"
        timed = [*TIME, "-f", "%M", "-o", str(peak_file), *command] if TIME else command
        with open(Path(scratch) / "out", "w+b") as out, open(Path(scratch) / "err", "w+b") as err:
            start = time.perf_counter()
            process = subprocess.Popen(timed, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
            _, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - start
            process.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0)
            err.seek(0)
            text = out.read().decode(errors="replace"), err.read().decode(errors="replace")
        return Run(seconds, peak_mb(peak_file, usage.ru_maxrss), process.returncode, *text)


def peak_mb(peak_file: Path, wait4_kb: int) -> float:
    """Peak resident memory of the command, as GNU time measured it.

    Without /usr/bin/time it is ``wait4``'s figure, which on Linux is at least this benchmark's own size
    (a child created by vfork keeps its parent's high-water mark through exec), so an upper bound.
    """
    rows = peak_file.read_text().split() if peak_file.exists() else []
    return int(rows[-1]) / 1024 if rows and rows[-1].isdigit() else wait4_kb / 1024


def fresh(library: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{library}{suffix}").unlink(missing_ok=True)
    return library


def index(folder: Path, library: Path) -> IndexRun:
    done = run([*tripfold_command(), "--library", str(library), "index", str(folder), "--json"])
    try:
        return IndexRun(done, json.loads(done.stdout))
    except json.JSONDecodeError:
        last = done.stderr.strip().splitlines()[-1:] or ["no message"]
        print(f"  WARNING: tripfold exited with {done.code} and printed no JSON: {last[0]}")
        return IndexRun(done)


def check_index(label: str, runs: list[IndexRun], count: int) -> None:
    """Warn unless every run read all ``count`` files, none failed and all came out with time and place."""
    for attempt in runs:
        result = attempt.result
        read, failed = result.get("FilesRead"), result.get("FilesFailed")
        ok = result.get("FilesByStatus", {}).get("ok")
        if read == count and failed == 0 and ok == count:
            continue
        print(
            f"  WARNING: {label}: FilesRead={read} FilesFailed={failed} FilesByStatus="
            f"{result.get('FilesByStatus')} for {count} photos; these figures do not time a working index"
        )
        errors = attempt.report.get("Files") or [{}]
        if errors[0]:
            print(f"    first error: {errors[0].get('URI')}: {errors[0].get('Error')}")
        return


def check_exiftool(runs: list[Run], count: int) -> None:
    """Warn unless exiftool reported a time and a position for every file (a fair comparison)."""
    for attempt in runs:
        try:
            found = json.loads(attempt.stdout)
        except json.JSONDecodeError:
            found = []
        complete = sum(1 for entry in found if "DateTimeOriginal" in entry and "GPSLatitude" in entry)
        if complete != count:
            print(f"  WARNING: exiftool gave time and position for {complete} of {count} files")
            return


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def line(label: str, times: list[float], count: int, extra: str = "") -> float:
    """Print the best of ``times`` as seconds and files per second, then every run; return the best."""
    best = min(times)
    runs = "/".join(f"{t:.2f}" for t in times)
    print(f"  {label:24} {best:7.2f} s  {count / best:8.0f} files/s{extra}   [runs {runs}]")
    return best


def prepare(folder: Path, count: int, size: tuple[int, int], layout: str = "trips") -> None:
    """Make the set (or reuse it), then read it once so the page cache is warm."""
    made = make_set(folder, count, size, layout=layout)
    print(f"  photos in {folder}: " + (f"generated in {made:.1f} s" if made is not None else "reused"))
    start = time.perf_counter()
    warm(folder)
    print(f"  page cache warmed in {time.perf_counter() - start:.1f} s (read every file once)")


def bench_full_size(work: Path, count: int, layout: str = "trips") -> None:
    folder = work / (f"full-{count}" if layout == "trips" else f"full-{layout}-{count}")
    where = "five trips" if layout == "trips" else "six cities on four continents, half without offset"
    print(f"\n{count} full-size photos, {FULL_SIZE[0]}x{FULL_SIZE[1]} JPEG, {where}")
    prepare(folder, count, FULL_SIZE, layout)
    print(f"  {total_bytes(folder) / count / 1e6:.1f} MB each, {total_bytes(folder) / 1e9:.2f} GB in all")
    exiftool = exiftool_command()
    if exiftool is None:
        print("  exiftool is not installed: no comparison (apt-get install libimage-exiftool-perl)")
    ours: list[IndexRun] = []
    theirs: list[Run] = []
    for _ in range(ROUNDS):
        ours.append(index(folder, fresh(work / "full.db")))
        if exiftool:
            theirs.append(run([*exiftool, str(folder)]))
    check_index("tripfold index", ours, count)
    peak = f"   peak {max(a.run.peak_mb for a in ours):.0f} MB"
    best = line("tripfold index", [a.run.seconds for a in ours], count, peak)
    if not theirs:
        return
    check_exiftool(theirs, count)
    peak = f"   peak {max(a.peak_mb for a in theirs):.0f} MB"
    ratio = line("exiftool -fast2", [a.seconds for a in theirs], count, peak) / best
    target = f"target >= {TARGET_RATIO:.0f}x: {verdict(ratio >= TARGET_RATIO)}"
    print(f"  exiftool / tripfold      {ratio:7.1f}x  ({target})")


def bench_many(work: Path, count: int) -> None:
    folder = work / f"many-{count}"
    print(f"\n{count} small photos, {SMALL_SIZE[0]}x{SMALL_SIZE[1]} JPEG in folders of 200")
    prepare(folder, count, SMALL_SIZE)
    library = work / "many.db"
    first = [index(folder, fresh(library)) for _ in range(ROUNDS)]
    check_index("first index", first, count)
    wall = min(attempt.run.seconds for attempt in first)
    target = f"  (target >= {TARGET_RATE:.0f}: {verdict(count / wall >= TARGET_RATE)})"
    line("first index, process", [a.run.seconds for a in first], count, target)
    inside = [s for s in (attempt.task_seconds() for attempt in first) if s]
    if inside:
        line("first index, in the task", inside, count, "  (StartTime to EndTime in the JSON)")
    print(f"  peak resident memory     {max(a.run.peak_mb for a in first):7.0f} MB")
    second_index(folder, library, count)


def second_index(folder: Path, library: Path, count: int) -> None:
    """Index the unchanged folder again into the last library: nothing should be read."""
    again = [index(folder, library) for _ in range(ROUNDS)]
    read = max(attempt.result.get("FilesRead", -1) for attempt in again)
    unchanged = min(attempt.result.get("FilesUnchanged", -1) for attempt in again)
    wall = min(attempt.run.seconds for attempt in again)
    print(
        f"  second index, unchanged  {wall:7.2f} s  files read: {read}, unchanged: {unchanged} of {count}"
        f"  (target 0 read: {verdict(read == 0)})"
    )


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    rows = cpuinfo.read_text().splitlines() if cpuinfo.exists() else []
    models = [row.split(":", 1)[1].strip() for row in rows if row.startswith("model name")]
    cpu = models[0] if models else platform.processor() or "unknown CPU"
    return f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, {platform.platform()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=1000, help="full-size photos (1000; 0 skips)")
    parser.add_argument("--world", type=int, default=1000, help="full-size, six cities (1000; 0 skips)")
    parser.add_argument("--many", type=int, default=20000, help="photos for the rate (20000; 0 skips)")
    work = Path(os.environ.get("TMPDIR", "/tmp")) / "tripfold-bench"
    parser.add_argument("--work", type=Path, default=work, help=f"where sets are kept ({work})")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"{machine()}\ntripfold: {' '.join(tripfold_command())}; best of {ROUNDS} runs, warm page cache")
    if args.photos:
        bench_full_size(args.work, args.photos)
    if args.world:
        bench_full_size(args.work, args.world, "world")
    if args.many:
        bench_many(args.work, args.many)


if __name__ == "__main__":
    main()
