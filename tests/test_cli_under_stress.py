"""The command line when things go wrong: hostile names, Ctrl-C, kill -9, a full disk.

Each test runs ``tripfold`` as a real process, as a user or a script would, and checks that the run ends
with a plain message, that the task says what happened, and that running again finishes the job; on a
library file and on a PostgreSQL database (SPEC §13), except the full disk, which is about a file.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from tests.engines import is_url, location_args, run_sql
from tests.factories.photos import make_jpeg

ROOT = Path(__file__).resolve().parents[1]
HANGZHOU = (30.2741, 120.1551)


def command(*args: str, library: Path | str) -> list[str]:
    return [sys.executable, "-m", "app", *location_args(library), *args]


def env() -> dict[str, str]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    environment.pop("TRIPFOLD_LIBRARY", None)
    environment.pop("TRIPFOLD_DB_URL", None)
    return environment


def tripfold(*args: str, library: Path | str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command(*args, library=library), capture_output=True, text=True, env=env(), timeout=300
    )


def many_photos(folder: Path, count: int) -> Path:
    """``count`` files that are hard links to one real photo: a big folder made in a moment."""
    folder.mkdir(parents=True)
    first = folder / "IMG_00000.JPG"
    make_jpeg(first, datetime_original=datetime(2024, 3, 3, 10), offset="+08:00", gps=HANGZHOU)
    for n in range(1, count):
        os.link(first, folder / f"IMG_{n:05d}.JPG")
    return folder


def wait_for(condition, what: str, limit_s: float = 120.0) -> None:
    """Poll until ``condition()`` holds; the limit only stops a broken run from hanging the suite."""
    deadline = time.monotonic() + limit_s
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.01)


def saved_files(library: str) -> int:
    """How many files the library holds as another reader sees it now (0 before its tables exist)."""
    if not is_url(library) and not Path(library).exists():
        return 0
    if not is_url(library):
        library = f"file:{library}?mode=ro"  # never a writer beside the run under test
    try:
        return run_sql(library, "SELECT COUNT(*) FROM media_file")[0][0]
    except Exception as exc:  # not created yet: sqlite3's OperationalError, psycopg2's UndefinedTable
        if "media_file" in str(exc):
            return 0
        raise


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status  # a zombie has ended; only its parent has not looked yet


def test_a_name_that_is_not_utf8_is_indexed_listed_and_printed(tmp_path: Path, library_location: str) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    latin1 = os.fsencode(folder) + b"/caf\xe9.jpg"  # café.jpg written by an old Latin-1 system
    make_jpeg(
        Path(os.fsdecode(latin1)), datetime_original=datetime(2024, 3, 3, 10), offset="+08:00", gps=HANGZHOU
    )
    make_jpeg(folder / "plain.jpg", datetime_original=datetime(2024, 3, 3, 11), offset="+08:00", gps=HANGZHOU)
    library = library_location
    for _ in range(2):  # and again: the second run finds both unchanged
        out = tripfold("index", str(folder), "--json", library=library)
        assert out.returncode == 0, out.stderr
        assert "Traceback" not in out.stderr
    assert json.loads(out.stdout)["FilesUnchanged"] == 2
    listed = json.loads(tripfold("files", "--json", library=library).stdout)["Files"]
    assert sorted(f["URI"].rsplit("/", 1)[1] for f in listed) == ["caf%E9.jpg", "plain.jpg"]
    assert {f["Status"] for f in listed} == {"ok"}
    plain = tripfold("files", library=library)
    assert plain.returncode == 0 and "caf\ufffd.jpg" in plain.stdout and "%E9" not in plain.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find the reading processes")
def test_kill_9_while_indexing_takes_the_reading_processes_with_it(
    tmp_path: Path, library_location: str
) -> None:
    photos = many_photos(tmp_path / "photos", 6_000)
    library = library_location
    run = subprocess.Popen(command("index", str(photos), library=library), env=env(),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        wait_for(lambda: len(children(run.pid)) >= 1 or run.poll() is not None, "the reading processes")
        workers = children(run.pid)
        assert workers, "the run ended before it started reading processes"
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
        wait_for(lambda: not any(alive(w) for w in workers), "the reading processes to end", 30)
    finally:
        if run.poll() is None:
            run.kill()
    again = tripfold("index", str(photos), "--json", library=library)  # the library opens and finishes
    assert again.returncode == 0, again.stderr
    assert saved_files(library) == 6_000


def test_ctrl_c_while_indexing_is_a_cancel_with_no_traceback(tmp_path: Path, library_location: str) -> None:
    photos = many_photos(tmp_path / "photos", 6_000)
    library = library_location
    run = subprocess.Popen(command("index", str(photos), library=library), env=env(),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    wait_for(lambda: saved_files(library) > 0 or run.poll() is not None, "the first saved batch")
    run.send_signal(signal.SIGINT)
    _, stderr = run.communicate(timeout=120)
    assert "Traceback" not in stderr
    tasks = json.loads(tripfold("tasks", "--json", library=library).stdout)["Tasks"]
    if run.returncode == 0:
        pytest.skip("the run finished before Ctrl-C reached it (a very fast machine)")
    assert run.returncode == 1 and "cancelled" in stderr
    assert [(t["TaskType"], t["Status"]) for t in tasks] == [("FileIndexing", "Cancelled")]
    again = tripfold("index", str(photos), "--json", library=library)
    assert again.returncode == 0 and saved_files(library) == 6_000


def test_a_full_disk_ends_with_a_plain_message_and_a_rerun_finishes(tmp_path: Path) -> None:
    """The library lives on a 192 KB file system (a private mount, so nothing outside sees it)."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("needs root and unshare to mount a small file system of its own")
    probe = subprocess.run(["unshare", "--mount", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"unshare --mount is not allowed here ({probe.stderr.decode().strip()})")
    photos = many_photos(tmp_path / "photos", 3000)
    disk = tmp_path / "disk"
    disk.mkdir()
    library = disk / "lib.db"
    index = " ".join(command("index", str(photos), library=library))
    files = " ".join(command("files", "--json", library=library))
    script = f"""
        set -u
        mount -t tmpfs -o size=192k tmpfs {disk}
        {index} > /dev/null 2> {tmp_path}/full.err; echo $? > {tmp_path}/full.rc
        mount -o remount,size=64m {disk}
        {index} > /dev/null 2> {tmp_path}/again.err; echo $? > {tmp_path}/again.rc
        {files} > {tmp_path}/files.json
    """
    subprocess.run(["unshare", "--mount", "--propagation", "private", "bash", "-c", script], env=env(),
                   timeout=600, check=True)  # fmt: skip
    full_err = (tmp_path / "full.err").read_text()
    assert (tmp_path / "full.rc").read_text().strip() == "1"
    assert "Traceback" not in full_err and "cannot rollback" not in full_err
    assert "is full" in full_err
    assert (tmp_path / "again.rc").read_text().strip() == "0", (tmp_path / "again.err").read_text()
    listed = json.loads((tmp_path / "files.json").read_text())["Files"]
    assert len(listed) == 3000 and {f["Status"] for f in listed} == {"ok"}
