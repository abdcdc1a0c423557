"""Decoding pictures of every format (SPEC §11): milliseconds per file, per format, and HEIC through
pillow-heif (libheif) against FFmpeg (PyAV).

    .venv/bin/python -m tests.bench.bench_pictures [--size 256] [--rounds 3]

The files are the shared corpus's good files (``../shared/corpus/good``) plus a 4000x3000 JPEG without an
EXIF thumbnail made here (the corpus's JPEGs are small).  Each file is decoded ``rounds`` times through
:func:`app.core.pictures.open_picture` at ``size`` (a grid thumbnail) and at full size (the viewer asks
for 2048); the best round counts, after one warm-up that pays for imports.  For HEIC the second table
decodes the full picture through pillow-heif and through PyAV (every tile stream decoded, not yet
composed: the least FFmpeg would cost), or says why FFmpeg could not open it.  Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image

from app.core.metadata import kind_of
from app.core.pictures import RAW_EXTENSIONS, PictureError, open_picture

GOOD = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "good"


def fmt_of(path: Path) -> str:
    ext = path.suffix.lower()
    if kind_of(str(path)) == "video":
        return "video"
    if ext in RAW_EXTENSIONS:
        return "RAW"
    if ext in (".heic", ".heif", ".avif"):
        return "HEIC"
    return {".jpeg": "JPEG", ".jpg": "JPEG", ".tif": "TIFF", ".tiff": "TIFF"}.get(ext, ext[1:].upper())


def best_ms(work: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def big_jpeg(folder: Path) -> Path:
    path = folder / "big-no-exif-thumbnail.jpg"
    noise = np.random.default_rng(1).integers(0, 255, (3000 // 8, 4000 // 8, 3), dtype=np.uint8)
    Image.fromarray(noise).resize((4000, 3000), Image.Resampling.BILINEAR).save(path, "JPEG", quality=90)
    return path


def heic_by_pyav(path: Path) -> int:
    import av

    with av.open(str(path)) as container:
        streams = list(container.streams.video)
        decoded = 0
        for packet in container.demux(*streams):
            for frame in packet.decode():
                frame.to_ndarray(format="rgb24")
                decoded += 1
        return decoded


def heic_by_libheif(path: Path) -> object:
    with Image.open(path) as image:
        image.load()
        return image.size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not GOOD.is_dir():
        raise SystemExit(f"the shared corpus is not at {GOOD}")
    with tempfile.TemporaryDirectory() as scratch:
        files = [*sorted(GOOD.iterdir()), big_jpeg(Path(scratch))]
        open_picture(str(files[0]), args.size)  # imports and registrations, once
        per_format: dict[str, list[tuple[float, float]]] = defaultdict(list)
        print(f"{'file':52} {'format':6} {args.size:>5}px ms  full ms  result")
        for path in files:
            try:
                small = best_ms(lambda p=path: open_picture(str(p), args.size), args.rounds)
                full = best_ms(lambda p=path: open_picture(str(p), None), args.rounds)
                result = open_picture(str(path), args.size).source
                per_format[fmt_of(path)].append((small, full))
            except PictureError as exc:
                small = full = float("nan")
                result = f"no picture: {exc}"
            print(f"{path.name[:52]:52} {fmt_of(path):6} {small:10.1f} {full:8.1f}  {result[:70]}")
        print(f"\nper format (median of files, ms per file; {os.cpu_count()} CPUs)")
        print(f"{'format':8} {'files':>5} {f'{args.size}px':>9} {'full':>9}")
        for name, values in sorted(per_format.items()):
            small_median = statistics.median(v[0] for v in values)
            full_median = statistics.median(v[1] for v in values)
            print(f"{name:8} {len(values):5} {small_median:9.1f} {full_median:9.1f}")
        print("\nHEIC full decode: pillow-heif (composed, turned) vs PyAV/FFmpeg (tiles only, not composed)")
        from app.core.pictures import _register_heif

        _register_heif()
        for path in files:
            if fmt_of(path) != "HEIC":
                continue
            libheif = best_ms(lambda p=path: heic_by_libheif(p), args.rounds)
            try:
                pyav = f"{best_ms(lambda p=path: heic_by_pyav(p), args.rounds):9.1f}"
            except Exception as exc:
                pyav = f"cannot open: {' '.join(str(exc).split())[:60]}"
            print(f"{path.name[:44]:44} pillow-heif {libheif:9.1f}   PyAV {pyav}")


if __name__ == "__main__":
    main()
