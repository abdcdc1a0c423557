"""The library map with 100,000 placed photos: basemap load, first paint, pan and zoom frame times.

    .venv/bin/python -m tests.bench.bench_map [--photos 100000] [--size 1600x1000]

Offscreen Qt, the widget rendered into a QImage (what a frame costs the GUI thread).  Photos are spread
over 300 towns on every continent (each town a few km wide, a tenth of the places estimated) so the map
has groups at every zoom.  Figures: the basemap's load time and the resident memory it adds (in a fresh
process, NumPy imported first), the first paint after the points are set (grouping included), and the
median and 95th percentile of frames while panning by arrow-key steps and while zooming by wheel steps
at three zooms (world, country, city).  Targets (issue #13): load < 200 ms and < 60 MB, first paint
< 500 ms, median frame < 16 ms, p95 < 33 ms.  Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

LOAD_PROBE = r"""
import json, time
import numpy as np
def rss():
    return int(open('/proc/self/statm').read().split()[1]) * 4096 / 1e6
before = rss()
start = time.perf_counter()
from app.core import basemap
basemap.load()
print(json.dumps({"load_ms": (time.perf_counter() - start) * 1000, "added_mb": rss() - before}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=100_000)
    parser.add_argument("--size", default="1600x1000")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    loads = [json.loads(subprocess.check_output([sys.executable, "-c", LOAD_PROBE])) for _ in range(3)]
    load = min(loads, key=lambda r: r["load_ms"])

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import numpy as np
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QApplication

    from app.core.mercator import View, lat_to_y, lon_to_x
    from app.ui.map_view import MapView

    app = QApplication.instance() or QApplication(sys.argv[:1])
    rng = np.random.default_rng(13)
    towns_lat, towns_lon = rng.uniform(-45, 65, 300), rng.uniform(-125, 150, 300)
    town = rng.integers(0, 300, args.photos)
    lat = towns_lat[town] + rng.normal(0, 0.03, args.photos)
    lon = towns_lon[town] + rng.normal(0, 0.03, args.photos)
    estimated = rng.random(args.photos) < 0.1
    ids = list(range(args.photos))

    view = MapView()
    view.resize(width, height)
    start = time.perf_counter()
    view.set_points(ids, lat, lon, estimated)
    view.render_image(QSize(width, height))
    first_paint = (time.perf_counter() - start) * 1000
    app.processEvents()

    def frame() -> float:
        t = time.perf_counter()
        view.render_image(QSize(width, height), sharp=False)  # as a paint event draws it
        return (time.perf_counter() - t) * 1000

    result: dict[str, object] = {
        "photos": args.photos, "size": args.size, "basemap_load_ms": round(load["load_ms"], 1),
        "basemap_added_mb": round(load["added_mb"], 1), "first_paint_ms": round(first_paint, 1),
    }  # fmt: skip
    frames_all: list[float] = []
    busiest = int(np.bincount(town).argmax())
    places = {
        "world": View(0.5, 0.5, 1.5, width, height),
        "country": View(
            float(lon_to_x(towns_lon[busiest])), float(lat_to_y(towns_lat[busiest])), 6, width, height
        ),
        "city": View(
            float(lon_to_x(towns_lon[busiest])), float(lat_to_y(towns_lat[busiest])), 12, width, height
        ),
    }
    for name, start_view in places.items():
        view.set_view(start_view)
        frame()
        pans = []
        for step in range(40):
            view.pan(60 if (step // 10) % 2 == 0 else -60, 25 if step % 20 < 10 else -25)
            app.processEvents()
            pans.append(frame())
        zooms = []
        for step in range(24):
            view.zoom_by(0.5 if step % 12 < 6 else -0.5)
            app.processEvents()
            zooms.append(frame())
        frames = pans + zooms
        frames_all += frames
        result[name] = {
            "pan_median_ms": round(statistics.median(pans), 2),
            "zoom_median_ms": round(statistics.median(zooms), 2),
            "p95_ms": round(float(np.percentile(frames, 95)), 2),
            "max_ms": round(max(frames), 2),
        }
    sharp = []
    for zoom in (1.5, 3.5, 5.5, 7.5, 10.0):
        view.set_view(View(places["city"].cx, places["city"].cy, zoom, width, height))
        t = time.perf_counter()
        view.render_image(QSize(width, height), sharp=True)
        sharp.append(round((time.perf_counter() - t) * 1000, 1))
    result["settled_redraw_ms_at_zoom_1.5_3.5_5.5_7.5_10"] = sharp
    result["all_median_ms"] = round(statistics.median(frames_all), 2)
    result["all_p95_ms"] = round(float(np.percentile(frames_all, 95)), 2)
    targets = {
        "basemap_load_ms": 200, "basemap_added_mb": 60, "first_paint_ms": 500, "all_median_ms": 16,
        "all_p95_ms": 33,
    }  # fmt: skip
    print(json.dumps(result, indent=2))
    for key, limit in targets.items():
        value = result[key]
        assert isinstance(value, float | int)
        print(f"{key}: {value} (target < {limit}) {'PASS' if value < limit else 'MISS'}")


if __name__ == "__main__":
    main()
