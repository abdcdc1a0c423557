"""Damaged copies of real files, and a separate process that reads them and says what each one cost.

A reader that survives the files its author imagined may still hang, crash or eat memory on the files
the world makes; mutating real camera and phone files (../shared/corpus) reaches the paths a parser
really takes.  Mutations are seeded, so a failure names a file that the same seed makes again:

- ``flip``: a few bits flipped; ``ff`` / ``00``: a run of bytes set to 0xFF or 0x00; ``cut``: the file
  truncated (all three biased towards the head, where the metadata lives);
- ``inflate``: a 32-bit (or 16-bit) count, length or offset at a structural position (an ISO BMFF box
  size or table entry count, a TIFF directory's entry count or an entry's value count or offset, a
  JPEG segment or PNG/RIFF chunk length) set to a huge value: the edit list claiming 4 billion entries.

:func:`read_in_worker` reads the files in a child process under an address-space limit (so a runaway
allocation fails there instead of taking the machine), one JSON line per file: the outcome, the bytes
read (``rchar`` of /proc/self/io), the peak memory growth (the high-water mark reset through
/proc/self/clear_refs before each file), and the seconds.  A child that dies or stops answering is
replaced, and the file it was reading is recorded as a crash or a hang.  Linux only.
"""

from __future__ import annotations

import json
import os
import random
import select
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "good"
PROJECT = Path(__file__).resolve().parents[2]
HUGE = (0xFFFFFFFF, 0x7FFFFFFF, 0x10000000, 0x00FFFFFF)
# boxes holding boxes, and tables whose 32-bit entry count follows the full-box header (at +4; stsz and
# stz2 have a sample size or field size first, at +8)
_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"udta", b"dinf", b"iprp", b"ipco"}
_COUNT_AT = {
    b"elst": 4, b"stts": 4, b"ctts": 4, b"stsc": 4, b"stco": 4, b"co64": 4, b"stss": 4, b"sbgp": 8,
    b"stsz": 8, b"stz2": 8, b"stsd": 4, b"dref": 4, b"iinf": 4, b"iloc": 6, b"ipma": 4, b"sgpd": 8,
}  # fmt: skip


def corpus_files(root: Path = CORPUS) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_file()) if root.is_dir() else []


def mutants(files: list[Path], count: int, seed: int) -> Iterator[tuple[str, bytes]]:
    """``count`` mutants, round-robin over ``files``: (file name telling the mutation, bytes)."""
    rng = random.Random(seed)
    originals = [(p.name, p.read_bytes()) for p in files]
    for i in range(count):
        name, data = originals[i % len(originals)]
        how, mutant = mutate(data, rng)
        yield f"{i:05d}-{how}-{name}", mutant


def mutate(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    how = rng.choice(("flip", "ff", "00", "cut", "inflate", "inflate", "inflate"))
    out = bytearray(data)
    if how == "inflate":
        positions = structural_positions(data)
        if positions:
            at, width = rng.choice(positions)
            value = rng.choice(HUGE) if width == 4 else 0xFFFF
            out[at : at + width] = value.to_bytes(width, "big")
            return how, bytes(out)
        how = "flip"
    if how == "cut":
        return how, bytes(out[: _head_position(len(data), rng)])
    if how == "flip":
        for _ in range(rng.randint(1, 8)):
            at = _head_position(len(data), rng)
            if at < len(out):
                out[at] ^= 1 << rng.randrange(8)
        return how, bytes(out)
    at = _head_position(len(data), rng)
    length = rng.randint(1, 64)
    out[at : at + length] = (b"\xff" if how == "ff" else b"\0") * len(out[at : at + length])
    return how, bytes(out)


def _head_position(size: int, rng: random.Random) -> int:
    """Mostly within the first 64 KB, where headers and metadata sit; sometimes anywhere."""
    if size == 0:
        return 0
    limit = size if rng.random() < 0.25 else min(size, 65536)
    return rng.randrange(limit)


def structural_positions(data: bytes) -> list[tuple[int, int]]:
    """(offset, width) of counts, lengths and offsets a parser trusts, in the formats of the corpus."""
    found: list[tuple[int, int]] = []
    if data[4:8] == b"ftyp":
        _boxes(data, 0, len(data), found, 0)
    elif data[:2] == b"\xff\xd8":
        _jpeg(data, found)
    elif data[:8] == b"\x89PNG\r\n\x1a\n":
        _chunks(data, 8, ">L4s", found)
    elif data[:4] == b"RIFF":
        _chunks(data, 12, "<4sL", found)
    for start in _tiff_headers(data):
        _tiff(data, start, found)
    return found


def _boxes(data: bytes, start: int, end: int, found: list[tuple[int, int]], depth: int) -> None:
    pos = start
    while pos + 8 <= end and depth < 8:
        size, kind = struct.unpack(">L4s", data[pos : pos + 8])
        found.append((pos, 4))
        if kind in _COUNT_AT and pos + 8 + _COUNT_AT[kind] + 4 <= end:
            found.append((pos + 8 + _COUNT_AT[kind], 4 if kind != b"iloc" else 2))
        if kind in _CONTAINERS:
            _boxes(data, pos + 8, min(pos + size, end), found, depth + 1)
        elif kind == b"meta":
            _boxes(data, pos + 12, min(pos + size, end), found, depth + 1)
        if size < 8:
            return
        pos += size


def _jpeg(data: bytes, found: list[tuple[int, int]]) -> None:
    pos = 2
    while pos + 4 <= len(data) and data[pos] == 0xFF and data[pos + 1] not in (0xDA, 0xD9):
        found.append((pos + 2, 2))
        pos += 2 + struct.unpack(">H", data[pos + 2 : pos + 4])[0]


def _chunks(data: bytes, pos: int, layout: str, found: list[tuple[int, int]]) -> None:
    for _ in range(64):
        if pos + 8 > len(data):
            return
        first, second = struct.unpack(layout, data[pos : pos + 8])
        length, at = (first, pos) if layout.startswith(">") else (second, pos + 4)
        found.append((at, 4))
        pos += 12 + length if layout.startswith(">") else 8 + length + (length & 1)


def _tiff_headers(data: bytes) -> list[int]:
    head = data[: 1 << 20]
    starts = []
    for magic in (b"II*\0", b"MM\0*"):
        at = head.find(magic)
        while at >= 0 and len(starts) < 4:
            starts.append(at)
            at = head.find(magic, at + 1)
    return starts


def _tiff(data: bytes, start: int, found: list[tuple[int, int]]) -> None:
    """IFD0 and the IFDs it points to: each directory's entry count, each entry's count and value."""
    order = "<" if data[start : start + 2] == b"II" else ">"
    queue, seen = [struct.unpack(order + "L", data[start + 4 : start + 8])[0]], set()
    while queue and len(seen) < 8:
        offset = queue.pop()
        at = start + offset
        if offset in seen or at + 2 > len(data):
            continue
        seen.add(offset)
        found.append((at, 2))
        count = min(struct.unpack(order + "H", data[at : at + 2])[0], 64)
        for i in range(count):
            entry = at + 2 + 12 * i
            if entry + 12 > len(data):
                break
            tag = struct.unpack(order + "H", data[entry : entry + 2])[0]
            found.extend(((entry + 4, 4), (entry + 8, 4)))
            if tag in (0x8769, 0x8825, 0x014A):  # Exif, GPS, SubIFDs
                queue.append(struct.unpack(order + "L", data[entry + 8 : entry + 12])[0])


@dataclass
class Outcome:
    name: str
    outcome: str  # "ok", "error" (MediaError), "crash" (anything else, or the reader process died), "hang"
    reason: str = ""
    seconds: float = 0.0
    bytes_read: int = 0
    peak_growth: int = 0  # bytes of resident memory above what the process held before the file


WORKER = r"""
import json, os, sys, time, traceback
sys.path.insert(0, sys.argv[1])
try:
    from app.core.readers import read_metadata
except ImportError:  # the code before the readers moved out of metadata.py
    from app.core.metadata import read_metadata
from app.core.metadata import MediaError, MediaMeta

def status(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1]) * 1024

def rchar():
    with open("/proc/self/io") as f:
        for line in f:
            if line.startswith("rchar"):
                return int(line.split()[1])

for warm in sys.argv[3:]:  # import what reading a photo and a video imports, before measuring anything
    try:
        read_metadata(warm)
    except Exception:
        pass
paths = open(sys.argv[2]).read().split("\0")
start = int(sys.stdin.readline())
for path in paths[start:]:
    print(json.dumps({"start": path}), flush=True)
    before, read_before = status("VmRSS"), rchar()
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    t0 = time.perf_counter()
    try:
        result = read_metadata(path)
        outcome, reason = ("ok", "") if isinstance(result, MediaMeta) else ("crash", repr(result))
    except MediaError as exc:
        outcome, reason = "error", str(exc)
    except BaseException as exc:
        outcome, reason = "crash", "".join(traceback.format_exception(exc))[-2000:]
    seconds = time.perf_counter() - t0
    read = rchar() - read_before
    peak = status("VmHWM") - before
    print(json.dumps({"done": path, "outcome": outcome, "reason": reason, "seconds": seconds,
                      "read": read, "peak": peak}), flush=True)
"""


def read_in_worker(
    paths: list[Path],
    *,
    app_root: Path = PROJECT,
    per_file_timeout: float = 60.0,
    memory_limit: int = 3 << 30,
    warm: tuple[Path, ...] = (),
) -> list[Outcome]:
    """Read every file with ``read_metadata`` in a child process; see the module's docstring."""
    import resource
    import tempfile

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))

    results: list[Outcome] = []
    with tempfile.NamedTemporaryFile("w", suffix=".list") as listing:
        listing.write("\0".join(str(p) for p in paths))
        listing.flush()
        while len(results) < len(paths):
            cmd = [sys.executable, "-c", WORKER, str(app_root), listing.name, *map(str, warm)]
            env = {**os.environ, "PYTHONPATH": str(app_root)}
            child = subprocess.Popen(
                cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                env=env, preexec_fn=limit, text=True,
            )  # fmt: skip
            assert child.stdin and child.stdout
            child.stdin.write(f"{len(results)}\n")
            child.stdin.flush()
            _collect(child, paths, results, per_file_timeout)
    return results


def _collect(child: subprocess.Popen, paths: list[Path], results: list[Outcome], timeout: float) -> None:
    """Read the child's lines until it finishes, dies (a crash) or stays silent too long (a hang)."""
    assert child.stdout
    current, deadline = None, time.monotonic() + timeout + 120  # start-up and warm-up included once
    while True:
        ready, _, _ = select.select([child.stdout], [], [], max(0.0, deadline - time.monotonic()))
        line = child.stdout.readline() if ready else None
        if line:
            message = json.loads(line)
            if "start" in message:
                current, deadline = message["start"], time.monotonic() + timeout
                continue
            results.append(
                Outcome(
                    Path(message["done"]).name,
                    message["outcome"],
                    message["reason"],
                    message["seconds"],
                    message["read"],
                    message["peak"],
                )
            )
            current = None
            continue
        hung = line is None
        if hung:
            child.kill()
        code = child.wait()
        stderr = child.stderr.read()[-2000:] if child.stderr else ""
        if current is None and len(results) < len(paths):
            current = str(paths[len(results)])  # died before saying which file: the next one
        if current is not None:
            what = "hang" if hung else "crash"
            reason = f"no answer in {timeout:g} s" if hung else f"the reader process died ({code}): {stderr}"
            results.append(Outcome(Path(current).name, what, reason, timeout if hung else 0.0))
        return
