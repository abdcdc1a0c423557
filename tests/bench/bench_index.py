"""Indexing speed, whole process, warm page cache: Tripfold against exiftool on the same photos.

What a user waits for is the whole command, interpreter start-up and library creation included, so each
figure times ``tripfold index`` as a fresh process into a fresh library.  Files are read once beforehand
so both tools meet a warm page cache, and each command runs three times; the best run is reported.

    .venv/bin/python -m tests.bench.bench_index [--photos 1000] [--many 20000] [--work DIR]

Targets (issue #2): at least 5x exiftool's speed on 1,000 full-size photos; at least 3,000 files/s on
20,000 photos; a second run over an unchanged folder reads no file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from tests.bench.photos import make_set, total_bytes, warm

ROOT = Path(__file__).resolve().parents[2]
TRIPFOLD = [sys.executable, "-m", "app"]
EXIFTOOL = ["exiftool", "-fast2", "-n", "-json", "-DateTimeOriginal", "-GPSLatitude", "-GPSLongitude", "-r"]


def run(command: list[str]) -> tuple[float, str]:
    """Wall seconds of one process, and its standard output."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, done.stdout


def index(folder: Path, library: Path, fresh: bool = True) -> tuple[float, dict]:
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{library}{suffix}").unlink(missing_ok=True)
    seconds, out = run([*TRIPFOLD, "--library", str(library), "index", str(folder), "--json"])
    return seconds, json.loads(out)


def best(times: list[float]) -> float:
    return min(times)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def bench_full_size(work: Path, count: int) -> None:
    folder = make_set(work / f"full-{count}", count, (4000, 3000))
    warm(folder)
    size_mb = total_bytes(folder) / count / 1e6
    print(f"\n{count} photos of 4000x3000, {size_mb:.1f} MB each")
    runs = [index(folder, work / "full.db") for _ in range(3)]
    result = runs[-1][1]["Result"]
    if result["FilesByStatus"].get("ok") != count:
        print(f"  WARNING: not every file was read correctly: {result['FilesByStatus']}")
    ours = best([s for s, _ in runs])
    print(f"  tripfold index   {ours:6.2f} s   {count / ours:7.0f} files/s")
    if shutil.which("exiftool") is None:
        print("  exiftool is not installed: no comparison (apt-get install libimage-exiftool-perl)")
        return
    theirs = best([run([*EXIFTOOL, str(folder)])[0] for _ in range(3)])
    ratio = theirs / ours
    print(f"  exiftool -fast2  {theirs:6.2f} s   {count / theirs:7.0f} files/s")
    print(f"  tripfold is {ratio:.1f}x faster  (target >= 5x: {verdict(ratio >= 5)})")


def bench_many(work: Path, count: int) -> None:
    folder = make_set(work / f"many-{count}", count, (640, 480))
    warm(folder)
    print(f"\n{count} photos of 640x480 in folders of 200")
    library = work / "many.db"
    runs = [index(folder, library) for _ in range(3)]
    first = best([s for s, _ in runs])
    rate = count / first
    target = verdict(rate >= 3000)
    print(f"  first index      {first:6.2f} s   {rate:7.0f} files/s  (target >= 3000: {target})")
    again, report = index(folder, library, fresh=False)
    read = report["Result"]["FilesRead"]
    print(f"  second index     {again:6.2f} s   files read: {read}  (target 0: {verdict(read == 0)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=1000, help="full-size photos (default 1000)")
    parser.add_argument("--many", type=int, default=20000, help="photos for the sustained rate")
    default_work = Path(os.environ.get("TMPDIR", "/tmp")) / "tripfold-bench"
    parser.add_argument("--work", type=Path, default=default_work, help="where photo sets are kept")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    machine = f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores"
    print(f"{machine}; work in {args.work}")
    if args.photos:
        bench_full_size(args.work, args.photos)
    if args.many:
        bench_many(args.work, args.many)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\npeak resident memory of the largest child process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
