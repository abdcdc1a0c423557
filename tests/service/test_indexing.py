"""Indexing through the service: statuses, incremental runs, missing files, cancel, crash recovery."""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.core import places as places_mod
from app.core.progress import CancelToken, Progress
from app.service import Service, ServiceError
from app.service.tasks import _owner, start_task
from app.store import mounts
from app.store.models import MediaFile, Task
from tests.factories.photos import make_jpeg
from tests.service.imm_view import ImmView

HANGZHOU = (30.2741, 120.1551)
PARIS = (48.8566, 2.3522)


def _trip(folder: Path, n: int = 3, gps: tuple[float, float] | None = HANGZHOU) -> list[Path]:
    paths = []
    for i in range(n):
        path = folder / f"IMG_{i:04d}.JPG"
        make_jpeg(
            path, datetime_original=datetime(2024, 3, 3, 10) + timedelta(days=i), offset="+08:00", gps=gps
        )
        paths.append(path)
    return paths


def _row(service: Service, path: Path) -> MediaFile:
    ((source_id, (stored,)),) = mounts.locate(service.lib, [str(path.resolve())]).items()  # kept relative
    return (
        MediaFile.select()
        .where((MediaFile.source == source_id) & (MediaFile.path == stored))
        .get(service.lib.db)
    )


def test_index_stores_time_place_and_status(service: Service, tmp_path: Path) -> None:
    photos = tmp_path / "photos"
    _trip(photos, 2)
    make_jpeg(photos / "no_gps.jpg", datetime_original=datetime(2024, 3, 9, 8, 0), gps=None)
    make_jpeg(photos / "no_time.jpg", gps=PARIS)
    (photos / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe1\x00")
    report = service.index_sources([str(photos)])
    assert report.found == 5 and report.read == 5
    assert dict(report.statuses) == {"ok": 2, "no_place": 1, "no_time": 1, "error": 1}
    first = _row(service, photos / "IMG_0000.JPG")
    assert (first.country, first.province, first.city) == ("China", "Zhejiang", "Hangzhou")
    assert str(first.capture_day) == "2024-03-03"
    assert first.local_offset_min == 480
    assert first.utc_time == datetime(2024, 3, 3, 2, 0)
    broken = _row(service, photos / "broken.jpg")
    assert broken.status == "error" and broken.error.startswith("[")
    assert [os.path.basename(p) for p, _ in report.failed] == ["broken.jpg"]
    task = service.get_task(report.task.task_id)
    assert task["Status"] == "Succeeded" and task["Result"]["FilesFailed"] == 1


def test_files_listing_in_imm_shape(service: Service, tmp_path: Path) -> None:
    _trip(tmp_path / "p", 1)
    service.index_sources([str(tmp_path / "p")])
    (row,) = service.list_files()
    assert row["URI"] == (tmp_path / "p" / "IMG_0000.JPG").resolve().as_uri()
    assert row["ProduceTime"] == "2024-03-03T10:00:00+08:00"
    assert row["LatLong"] == "30.274100,120.155100"
    assert row["Addresses"] == [
        {
            "Language": "en",
            "Country": "China",
            "Province": "Zhejiang",
            "City": "Hangzhou",
            "District": "Gongshu",
            "Township": "Mishixiang",
            "AddressLine": "Mishixiang, Gongshu, Hangzhou, Zhejiang, China",
        }
    ]
    assert row["Status"] == "ok" and row["Error"] == ""
    assert service.list_files("error") == []
    with pytest.raises(ServiceError, match="Status must be one of"):
        service.list_files("bad")


def test_second_run_reads_nothing_and_changed_files_are_read_again(service: Service, tmp_path: Path) -> None:
    photos = _trip(tmp_path / "p", 3)
    service.index_sources([str(tmp_path / "p")])
    again = service.index_sources([str(tmp_path / "p")])
    assert (again.found, again.read, again.unchanged) == (3, 0, 3)
    make_jpeg(photos[1], datetime_original=datetime(2024, 5, 1, 12, 0), offset="+01:00", gps=PARIS)
    os.utime(photos[1], ns=(1, 1_700_000_000_000_000_000))
    third = service.index_sources([str(tmp_path / "p")])
    assert (third.read, third.unchanged) == (1, 2)
    assert _row(service, photos[1]).city == "Paris"


def test_deleted_file_is_marked_missing_and_comes_back(service: Service, tmp_path: Path) -> None:
    photos = _trip(tmp_path / "p", 2)
    service.index_sources([str(tmp_path / "p")])
    data = photos[0].read_bytes()
    photos[0].unlink()
    report = service.index_sources([str(tmp_path / "p")])
    assert report.missing == 1
    assert _row(service, photos[0]).status == "missing"
    assert [f["Status"] for f in service.list_files("missing")] == ["missing"]
    photos[0].write_bytes(data)
    service.index_sources([str(tmp_path / "p")])
    assert _row(service, photos[0]).status == "ok"


def test_progress_reports_and_cancel_keeps_a_library_a_rerun_finishes(
    service: Service, tmp_path: Path
) -> None:
    _trip(tmp_path / "p", 600)
    seen: list[Progress] = []
    cancel = CancelToken()

    def progress(p: Progress) -> None:
        seen.append(p)
        if p.phase == "read" and p.done >= 300:
            cancel.cancel()

    report = service.index_sources([str(tmp_path / "p")], progress=progress, cancel=cancel)
    assert report.cancelled
    assert service.get_task(report.task.task_id)["Status"] == "Cancelled"
    saved = MediaFile.select().count(service.lib.db)
    assert 256 <= saved < 600
    assert seen[-1].phase == "done"
    rerun = service.index_sources([str(tmp_path / "p")])
    assert rerun.unchanged == saved and rerun.read == 600 - saved
    assert MediaFile.select().where(MediaFile.status == "ok").count(service.lib.db) == 600


def test_task_left_running_by_a_dead_process_is_marked_interrupted(tmp_path: Path, places) -> None:
    svc = ImmView(Service(tmp_path / "lib.db", places=places))
    task = start_task(svc.lib, "FileIndexing", {"Sources": []})
    dead = "999999999@" + _owner().split("@")[1]
    Task.update(owner=dead).where(Task.task_id == task.task_id).execute(svc.lib.db)
    svc.close()
    svc = ImmView(Service(tmp_path / "lib.db", places=places))  # the app starts again
    record = svc.get_task(task.task_id)
    assert (record["Status"], record["Code"]) == ("Failed", "Interrupted")
    assert record["EndTime"]
    svc.close()


def test_addresses_follow_new_place_rules(service: Service, tmp_path: Path) -> None:
    """After a place-rule change (places.VERSION), the next index re-geocodes without re-reading files."""
    _trip(tmp_path / "p", 2)
    service.index_sources([str(tmp_path / "p")])
    MediaFile.update(city="Old name", places_version=places_mod.VERSION - 1).execute(service.lib.db)
    report = service.index_sources([str(tmp_path / "p")])
    assert report.read == 0
    assert {f.city for f in MediaFile.select().execute(service.lib.db)} == {"Hangzhou"}


def test_index_json_task_request_names_the_sources(service: Service, tmp_path: Path) -> None:
    _trip(tmp_path / "p", 1)
    report = service.index_sources([str(tmp_path / "p")], tags={"who": "test"}, user_data="hello")
    task = service.get_task(report.task.task_id)
    assert json.loads(task["TaskRequestDefinition"]) == {"Sources": [str((tmp_path / "p").resolve())]}
    assert task["Tags"] == {"who": "test"} and task["UserData"] == "hello"
    with pytest.raises(ServiceError, match="UserData"):
        service.index_sources([str(tmp_path / "p")], user_data="x" * 3000)


READ_AHEAD = """
import json, sys
from app.service import Service, indexing

used = []
real = indexing.reading_pool


def spy(files):
    pool = real(files)
    used.append(pool is not None)
    return pool


indexing.reading_pool = spy
service = Service(sys.argv[1])
report = service.index_sources([sys.argv[2]])
print(json.dumps({"pool": used, "statuses": dict(report.statuses)}))
"""


def test_a_large_read_from_a_single_thread_uses_worker_processes(service: Service, tmp_path: Path) -> None:
    """Above PARALLEL_FROM files, a second process reads ahead; the results are the same as one by one.

    It runs in a fresh process, as the command line does: this test process has other threads.
    """
    import subprocess
    import sys

    from app.service import indexing

    _trip(tmp_path / "p", indexing.PARALLEL_FROM)
    (tmp_path / "p" / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe1\x00")
    root = Path(__file__).resolve().parents[2]
    run = subprocess.run(
        [sys.executable, "-c", READ_AHEAD, str(service.library_path), str(tmp_path / "p")],
        capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(root)},
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["pool"] == [True]  # the reading processes were there
    assert result["statuses"] == {"ok": indexing.PARALLEL_FROM, "error": 1}
    first = _row(service, tmp_path / "p" / "IMG_0000.JPG")
    assert (first.city, str(first.capture_day), first.local_offset_min) == ("Hangzhou", "2024-03-03", 480)
    assert "truncated or corrupt" in _row(service, tmp_path / "p" / "broken.jpg").error


def test_the_window_reads_in_its_own_thread_without_forking(tmp_path: Path) -> None:
    import threading

    from app.service.indexing import PARALLEL_FROM, reading_pool

    results = []
    thread = threading.Thread(target=lambda: results.append(reading_pool(PARALLEL_FROM)))
    thread.start()
    thread.join()
    assert results == [None]  # two threads alive: no fork
    assert reading_pool(PARALLEL_FROM - 1) is None  # and small reads never pay for a second process


def test_no_reading_process_is_forked_while_a_qt_thread_runs() -> None:
    """Qt's pool threads are invisible to ``threading``; forking beside one can deadlock the child."""
    import threading

    qt = pytest.importorskip("PySide6.QtCore")
    from app.service import indexing

    release, started = threading.Event(), threading.Event()

    class Waiting(qt.QRunnable):
        def run(self) -> None:
            started.set()
            release.wait(60)

    pool = qt.QThreadPool()
    pool.start(Waiting())
    try:
        assert started.wait(60)
        assert threading.active_count() == 1  # what the old check looked at: it saw no other thread
        assert indexing.reading_pool(10 * indexing.PARALLEL_FROM) is None
    finally:
        release.set()
        pool.waitForDone()


def test_two_services_on_two_libraries_never_mix(tmp_path: Path, places) -> None:
    first = ImmView(Service(tmp_path / "first.db", places=places))
    second = ImmView(Service(tmp_path / "second.db", places=places))
    _trip(tmp_path / "p", 2)
    first.index_sources([str(tmp_path / "p")])
    assert len(first.list_files()) == 2
    assert second.list_files() == [] and second.list_sources() == []
    first.close()
    second.close()
