"""A library used by several machines at once (SPEC §13), with real concurrent processes, on both engines:
indexing loses no file and counts none twice, a clustering run is never interleaved with another (the
second waits or says who holds the lock), and a rename made while a run goes on survives the run."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest

from app.core.places import Places
from app.service import ClusterOptions, Service
from app.store import files as file_rows
from app.store.library import Library, is_url
from app.store.run_lock import RunLocked, exclusive_run
from tests.factories.photos import make_jpeg

ROOT = Path(__file__).resolve().parents[2]
PARIS = (48.8566, 2.3522)
KYOTO = (35.0116, 135.7681)
OPTIONS = ClusterOptions(1, 1, 15, ("country", "city"))


def _library_args(location: str) -> list[str]:
    return ["--db-url", location] if is_url(location) else ["--library", location]


def _env() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for name in ("TRIPFOLD_LIBRARY", "TRIPFOLD_DB_URL"):
        env.pop(name, None)
    return env


def _photos(folder: Path, count: int, gps: tuple[float, float], day: int) -> None:
    for n in range(count):
        make_jpeg(
            folder / f"{folder.name}-{n:03}.jpg", datetime_original=datetime(2024, 5, day, 8, n % 60), gps=gps
        )


def test_two_processes_indexing_at_once_lose_no_file_and_count_none_twice(
    library_location: str, tmp_path: Path, places: Places
) -> None:
    first, second, shared = tmp_path / "first", tmp_path / "second", tmp_path / "shared"
    _photos(first, 40, PARIS, 1)
    _photos(second, 40, KYOTO, 2)
    _photos(shared, 60, PARIS, 3)
    Service(library_location, places=places).close()  # made once, as the first machine would
    commands = [
        [
            sys.executable,
            "-m",
            "app",
            *_library_args(library_location),
            "index",
            str(first),
            str(shared),
            "--json",
        ],
        [
            sys.executable,
            "-m",
            "app",
            *_library_args(library_location),
            "index",
            str(shared),
            str(second),
            "--json",
        ],
    ]
    running = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())
               for c in commands]  # fmt: skip
    for process in running:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    service = Service(library_location, places=places)
    try:
        files = file_rows.list_files(service.lib)
        names = sorted(Path(f.path).name for f in files)
        assert len(names) == len(set(names)) == 140
        assert {f.status for f in files} == {"ok"}
        sources = {Path(s.path).name: s.file_count for s in service.list_sources()}
        assert sources == {"first": 40, "second": 40, "shared": 60}
    finally:
        service.close()


_HOLD = """
import sys
from pathlib import Path
from app.store.library import Library
from app.store.run_lock import exclusive_run
lib = Library(sys.argv[1])
with exclusive_run(lib, "LocationDateClustering", "a run on the other machine", wait=0):
    print("held", flush=True)
    sys.stdin.read()  # until the test closes it
    Path(sys.argv[2]).touch()  # written while the lock is still held
"""


def test_a_second_clustering_run_waits_for_the_first_or_says_who_holds_it(
    library_location: str, tmp_path: Path, places: Places
) -> None:
    _photos(tmp_path / "photos", 5, PARIS, 1)
    service = Service(library_location, places=places)
    try:
        service.index_sources([str(tmp_path / "photos")])
        holder = subprocess.Popen(
            [sys.executable, "-c", _HOLD, library_location, str(tmp_path / "released")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(),
        )  # fmt: skip
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        service.lib.busy_timeout = 0.5
        with pytest.raises(RunLocked, match="a run on the other machine"):
            service.create_location_date_clustering_task(OPTIONS)
        [failed] = service.list_tasks(task_type="LocationDateClustering")
        assert failed.status == "Failed" and failed.code == "RunLocked"
        assert "a run on the other machine" in failed.message
        assert service.query_location_date_clusters().clusters == []  # nothing of it was written

        service.lib.busy_timeout = 60

        def release_soon() -> None:
            time.sleep(1.0)
            holder.communicate(timeout=30)  # closes stdin: the other run ends and lets go

        releaser = threading.Thread(target=release_soon)
        releaser.start()
        task = service.create_location_date_clustering_task(OPTIONS)
        released = (tmp_path / "released").exists()  # only the other run's last act before letting go
        releaser.join()
        assert task.status == "Succeeded", task.message
        assert released  # it waited for the other run rather than running beside it
    finally:
        service.close()


_PAUSED_RUN = """
import sys, time
from pathlib import Path
from app.core.places import Places
from app.service import ClusterOptions, Service
location, cache, signals = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])

def progress(p):
    if p.phase == "save":  # the run has read and decided, and is about to write
        (signals / "ready").touch()
        while not (signals / "go").exists():
            time.sleep(0.05)

service = Service(location, places=Places(cache))
options = ClusterOptions(1, 1, 15, ("country", "city"))
task = service.create_location_date_clustering_task(options, progress=progress)
print(task.status, task.message, flush=True)
"""


def test_a_rename_made_while_a_run_goes_on_survives_the_run(
    library_location: str, tmp_path: Path, places: Places
) -> None:
    photos = tmp_path / "photos"
    _photos(photos, 3, PARIS, 1)
    service = Service(library_location, places=places)
    try:
        service.index_sources([str(photos)])
        service.create_location_date_clustering_task(OPTIONS)
        [paris] = [c for c in service.query_location_date_clusters().clusters if c.level == "city"]
        make_jpeg(photos / "later.jpg", datetime_original=datetime(2024, 5, 1, 18), gps=PARIS)
        service.index_sources([str(photos)])  # the next run updates the Paris cluster (one file more)
        signals = tmp_path / "signals"
        signals.mkdir()
        run = subprocess.Popen(
            [sys.executable, "-c", _PAUSED_RUN, library_location, str(places._cache_dir), str(signals)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(),
        )  # fmt: skip
        deadline = time.monotonic() + 120
        while not (signals / "ready").exists():
            assert run.poll() is None, run.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.05)
        service.update_location_date_cluster(
            paris.object_id, title="Paris with Anna", custom_labels={"who": "Anna"}
        )
        (signals / "go").touch()
        out, err = run.communicate(timeout=120)
        assert out.startswith("Succeeded"), out + err
        [after] = [
            c for c in service.query_location_date_clusters().clusters if c.object_id == paris.object_id
        ]
        assert after.file_count == 4  # the run did update it
        assert after.title == "Paris with Anna"
        assert after.custom_labels == {"who": "Anna"}
    finally:
        service.close()


def test_the_lock_is_refused_at_once_with_no_wait(library_location: str, tmp_path: Path) -> None:
    """Within one process too: a lock held by one connection is refused to another."""
    Library(library_location).close()
    first, second = Library(library_location), Library(library_location)
    try:
        with exclusive_run(first, "x", "first holder", wait=0):
            with pytest.raises(RunLocked) as refused, exclusive_run(second, "x", "second holder", wait=0):
                pass
            assert refused.value.holder == "first holder"
        with exclusive_run(second, "x", "second holder", wait=0):
            pass  # free again once the first let go
    finally:
        first.close()
        second.close()
