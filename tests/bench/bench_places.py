"""Place lookup: loading the table cold and warm, 100,000 positions in one batch, and memory.

    .venv/bin/python -m tests.bench.bench_places

Each figure is measured in a fresh process (a cold build writes the cache, a warm start reads it), so
module imports and the cache file count, as they do when the indexer first needs a place.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = r"""
import json, resource, sys, time
from pathlib import Path
import numpy as np
start = time.perf_counter()
from app.core.places import Places
places = Places(Path(sys.argv[1]))
places.load()
loaded = time.perf_counter() - start
rng = np.random.default_rng(7)
trips = [(rng.uniform(-40, 60), rng.uniform(-120, 150)) for _ in range(200)]
batches = {
    "photos of 200 trips": [
        (a + rng.normal(0, 0.02), b + rng.normal(0, 0.02)) for a, b in trips for _ in range(500)
    ],
    "uniform over the world": list(zip(rng.uniform(-60, 70, 100_000), rng.uniform(-180, 180, 100_000))),
}
timings = {}
for name, points in batches.items():
    begin = time.perf_counter()
    places.resolve_many(points)
    timings[name] = time.perf_counter() - begin
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"load": loaded, "batches": timings, "peak_mb": peak}))
"""


def probe(cache: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(cache)], cwd=ROOT, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cold = probe(Path(tmp))
        warm = probe(Path(tmp))
    print(f"place table, cold (builds the cache)  {cold['load']:6.2f} s")
    print(f"place table, warm (reads the cache)   {warm['load']:6.2f} s  (target well under 1 s)")
    for name, seconds in warm["batches"].items():
        verdict = "PASS" if seconds < 2 else "MISS"
        print(f"100,000 positions, {name:24} {seconds:5.2f} s  (target < 2 s: {verdict})")
    print(f"peak resident memory of the process    {warm['peak_mb']:6.0f} MB")


if __name__ == "__main__":
    main()
