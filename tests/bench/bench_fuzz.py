"""Fuzzed corpus files through ``read_metadata``: crashes, hangs, and the worst time, memory and reads.

The suite's fuzz test (tests/core/test_fuzz.py) reads a few hundred mutants and asserts no crash, no hang
and no file over 200 MB; this reads thousands and prints what a file costs at worst, including its time,
which the suite does not assert (issue #10: no single file may cost more than 1 s or 200 MB).  Each file
is read in a child process limited to ``--memory-gb`` of address space (a runaway reader fails there
instead of taking the machine), replaced when it dies or stays silent ``--timeout`` seconds.

    .venv/bin/python -m tests.bench.bench_fuzz [--count 3000] [--seed 10] [--app-root DIR] [--outcomes FILE]

``--app-root`` reads with another checkout's ``app`` package (a worktree of an older commit, to measure
before a change) while the mutants and the measuring stay these.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import json
import tempfile
import time
from pathlib import Path

from tests.factories.mutants import CORPUS, PROJECT, corpus_files, mutants, read_in_worker

LIMIT_SECONDS, LIMIT_BYTES = 1.0, 200 << 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--app-root", type=Path, default=PROJECT)
    parser.add_argument("--timeout", type=float, default=150.0, help="seconds one file may take")
    parser.add_argument("--memory-gb", type=float, default=3.0)
    parser.add_argument("--outcomes", type=Path, help="write each file's outcome here (JSON lines)")
    args = parser.parse_args()
    files = corpus_files()
    if not files:
        raise SystemExit(f"no corpus at {CORPUS}")
    with tempfile.TemporaryDirectory(prefix="tripfold-fuzz-") as work:
        paths = []
        for name, data in mutants(files, args.count, args.seed):
            path = Path(work) / name
            path.write_bytes(data)
            paths.append(path)
        warm = tuple(files)  # every reader's imports and first-use costs (zone tables), before measuring
        started = time.perf_counter()
        results = read_in_worker(
            paths, app_root=args.app_root, per_file_timeout=args.timeout,
            memory_limit=int(args.memory_gb * (1 << 30)), warm=warm,
        )  # fmt: skip
        elapsed = time.perf_counter() - started
    if args.outcomes:
        args.outcomes.write_text("".join(json.dumps(dataclasses.asdict(r)) + "\n" for r in results))
    outcomes = collections.Counter(r.outcome for r in results)
    print(f"code: {args.app_root}  seed {args.seed}  mutants of {len(files)} corpus files")
    print(f"files: {len(results)} in {elapsed:.1f} s  outcomes: {dict(outcomes)}")
    for r in results:
        if r.outcome in ("crash", "hang"):
            print(f"  {r.outcome}: {r.name}: {r.reason.strip().splitlines()[-1] if r.reason else ''}")
    slowest = sorted(results, key=lambda r: r.seconds, reverse=True)[:5]
    print("slowest: " + ", ".join(f"{r.name} {r.seconds:.3f} s" for r in slowest))
    biggest = max(results, key=lambda r: r.peak_growth)
    print(f"peak memory growth: {biggest.peak_growth / (1 << 20):.1f} MB ({biggest.name})")
    most = max(results, key=lambda r: r.bytes_read)
    print(f"most bytes read: {most.bytes_read / (1 << 20):.2f} MB ({most.name})")
    over = [r for r in results if r.seconds > LIMIT_SECONDS or r.peak_growth > LIMIT_BYTES]
    print(f"files over 1 s or 200 MB: {len(over)}" + "".join(f"\n  {r.name}" for r in over[:20]))


if __name__ == "__main__":
    main()
