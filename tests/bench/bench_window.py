"""The window on a large library: time to a filled timeline, scrolling frame times, resident memory.

    .venv/bin/python -m tests.bench.bench_window [--files 100000]

A library of ``--files`` files (trips generated straight into the store, as in bench_cluster) is
clustered into about 5,000 clusters; then a fresh process opens the window (offscreen), and the time
from launching it to the first filled timeline is measured, then the timeline is scrolled from top to
bottom a viewport at a time, timing each repaint.  Targets (issue #5): 1.5 s, a median frame under
16 ms, under 600 MB resident.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from app.core.clustering import ClusterOptions
from app.service import Service
from tests.bench.bench_cluster import make_library, rows

ROOT = Path(__file__).resolve().parents[2]

PROBE = r"""
import json, os, resource, statistics, sys, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtWidgets import QApplication
from PySide6.QtCore import QTimer
from app.service import Service
from app.ui.main_window import MainWindow

app = QApplication(sys.argv[:1])
window = MainWindow(Service(sys.argv[1]))
window.resize(1200, 800)
window.show()
result = {}

def filled():
    if not (window.loaded and window.job is None):
        QTimer.singleShot(5, filled)
        return
    app.processEvents()
    result["filled"] = time.time()
    result["clusters"] = window.model.cluster_count()
    bar = window.timeline.verticalScrollBar()
    frames = []
    value = 0
    while value <= bar.maximum():
        start = time.perf_counter()
        bar.setValue(value)
        window.timeline.viewport().repaint()
        frames.append(time.perf_counter() - start)
        value += window.timeline.viewport().height()
    result["frames"] = len(frames)
    result["median_ms"] = statistics.median(frames) * 1000
    result["p95_ms"] = sorted(frames)[int(len(frames) * 0.95)] * 1000
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))
    app.quit()

QTimer.singleShot(0, filled)
app.exec()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        library = Path(tmp) / "window.db"
        make_library(library, rows(args.files, seed=5, trips=0.6, per_day=(2, 10)))
        service = Service(library)
        service.create_location_date_clustering_task(
            ClusterOptions(1, 1, 15, ("country", "province", "city"))
        )
        service.close()
        launched = time.time()
        out = subprocess.run([sys.executable, "-c", PROBE, str(library)], cwd=ROOT, check=True,
                             capture_output=True, text=True)  # fmt: skip
        result = json.loads(out.stdout.strip().splitlines()[-1])
    to_filled = result["filled"] - launched
    print(f"library of {args.files:,} files and {result['clusters']:,} clusters")
    verdict = "PASS" if to_filled < 1.5 else "MISS"
    print(f"  launch to filled timeline  {to_filled:6.2f} s   (target < 1.5 s: {verdict})")
    median = result["median_ms"]
    print(
        f"  scrolling, {result['frames']} frames   median {median:5.1f} ms,"
        f" 95th percentile {result['p95_ms']:5.1f} ms"
        f"   (target median < 16 ms: {'PASS' if median < 16 else 'MISS'})"
    )
    rss = result["rss_mb"]
    print(
        f"  peak resident memory       {rss:6.0f} MB   (target < 600 MB: {'PASS' if rss < 600 else 'MISS'})"
    )


if __name__ == "__main__":
    main()
