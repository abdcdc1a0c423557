"""Story exports from 40 full-size photos: the highlight reel (target 60 s) and the web story (10 s).

    .venv/bin/python -m tests.bench.bench_story [--work DIR]

The photos are the indexing benchmark's 4000x3000 JPEGs (generated there if missing); each export is
timed in process, as the window's task runs it, from the first photo read to the folder in place.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from app.core.reel import write_reel
from app.core.webstory import Item, write_web
from tests.bench.photos import make_set


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(os.environ.get("TMPDIR", "/tmp")) / "tripfold-bench"
    parser.add_argument("--work", type=Path, default=default, help="where the benchmark photos are kept")
    args = parser.parse_args()
    folder = args.work / "story-40"
    make_set(folder, 40, (4000, 3000))
    photos = sorted(folder.rglob("*.JPG"))[:40]
    items = [
        Item(str(p), "photo", datetime(2024, 3, 3, 8) + timedelta(hours=3 * n)) for n, p in enumerate(photos)
    ]
    print(f"{len(items)} photos of 4000x3000 on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as out:
        title, place, dates = "Hangzhou", "Zhejiang, China", "Mar 3–8, 2024"
        exports = (
            ("reel", 60, lambda: write_reel(items, Path(out) / "reel", title=title, subtitle=dates)),
            (
                "web story",
                10,
                lambda: write_web(items, Path(out) / "web", title=title, place=place, dates=dates),
            ),
        )
        for name, target, export in exports:
            started = time.perf_counter()
            export()
            seconds = time.perf_counter() - started
            verdict = "PASS" if seconds < target else "MISS"
            print(f"  {name:10} {seconds:6.1f} s   (target < {target} s: {verdict})")


if __name__ == "__main__":
    main()
