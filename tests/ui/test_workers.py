"""The job runner on its own: where jobs run, what they report, how they end, and the quit."""

from __future__ import annotations

import threading
from pathlib import Path

from app.logs import close_logging, setup_logging
from app.ui.workers import Job, JobRunner


def test_the_synchronous_runner_runs_a_job_at_once_on_the_calling_thread(runner: JobRunner) -> None:
    seen: list[object] = []
    job = Job(lambda **_: threading.get_ident(), name="where")
    job.signals.done.connect(seen.append)
    runner.write.start(job)
    assert seen == [threading.get_ident()] and runner.idle()


def test_a_real_pool_runs_the_job_elsewhere_and_reports_on_the_gui_thread(qtbot, threaded_runner) -> None:
    delivered: list[int] = []
    job = Job(lambda **_: threading.get_ident(), name="where")
    job.signals.done.connect(lambda _: delivered.append(threading.get_ident()))
    with qtbot.waitSignal(job.signals.finished, timeout=5_000):
        threaded_runner.read.start(job)
        assert job in threaded_runner.read.live()  # kept referenced until it has reported
    assert delivered == [threading.get_ident()]
    qtbot.waitUntil(lambda: not threaded_runner.read.live(), timeout=5_000)  # let go once it reported


def test_the_writer_runs_one_job_at_a_time_in_order(qtbot, threaded_runner: JobRunner) -> None:
    order: list[int] = []
    running = threading.Semaphore(1)

    def write(n: int):
        def work(**_: object) -> None:
            assert running.acquire(blocking=False), "two writes ran at once"
            order.append(n)
            threading.Event().wait(0.01)
            running.release()

        return work

    jobs = [Job(write(n), name=f"write {n}") for n in range(5)]
    with qtbot.waitSignals([j.signals.finished for j in jobs], timeout=10_000):
        for job in jobs:
            threaded_runner.write.start(job)
    assert order == [0, 1, 2, 3, 4] and threaded_runner.write.threads == 1


def test_cancel_is_cooperative_and_a_queued_job_never_starts(qtbot, threaded_runner: JobRunner) -> None:
    release = threading.Event()
    steps: list[int] = []

    def long(*, progress, cancel) -> None:
        release.wait(10)
        for n in range(1000):
            cancel.check()  # each step is a cancellation point
            steps.append(n)

    first, second = Job(long, name="long"), Job(lambda **_: steps.append(-1), name="queued")
    threaded_runner.write.start(first)
    threaded_runner.write.start(second)
    with qtbot.waitSignals([first.signals.cancelled, second.signals.cancelled], timeout=5_000):
        first.cancel()
        second.cancel()
        release.set()
    assert steps == []


def test_a_failure_is_logged_with_its_traceback_and_reported_in_one_line(
    qtbot, runner: JobRunner, tmp_path: Path
) -> None:
    log = setup_logging(tmp_path)
    try:
        job = Job(lambda **_: {}["missing"], name="load Activity")
        with qtbot.waitSignal(job.signals.failed) as failed:
            runner.read.start(job)
        assert failed.args == ["'missing'"]
        text = log.read_text()
        assert "load Activity failed" in text and "Traceback" in text and "KeyError" in text
    finally:
        close_logging()


def test_shutdown_cancels_running_jobs_and_waits_for_them(qtbot) -> None:
    runner = JobRunner.threaded()
    started, ended = threading.Event(), threading.Event()

    def long(*, progress, cancel) -> None:
        started.set()
        while not cancel.cancelled:
            threading.Event().wait(0.005)
        ended.set()

    job = runner.write.start(Job(long, name="long"))
    qtbot.waitUntil(started.is_set, timeout=5_000)
    assert runner.shutdown(5_000) and ended.is_set() and job.cancelled


def test_jobs_reach_the_pool_when_the_event_loop_turns_and_a_withdrawn_one_never_does(qtbot) -> None:
    """A view asks for thumbnails while it paints: the decodes wait for the frame to end, and those of
    cards already scrolled past are withdrawn before any worker sees them."""
    from app.ui.workers import ThreadPool

    pool = ThreadPool("thumbnails", 2)
    ran: list[str] = []
    kept, withdrawn = (Job(lambda name=name, **_: ran.append(name), name=name) for name in ("kept", "gone"))
    gone_signals: list[str] = []
    withdrawn.signals.cancelled.connect(lambda: gone_signals.append("cancelled"))
    withdrawn.signals.finished.connect(lambda: gone_signals.append("finished"))
    pool.start(kept)
    pool.start(withdrawn)
    threading.Event().wait(0.2)  # no event loop turn: nothing has reached a worker
    assert ran == [] and {id(j) for j in pool.live()} == {id(kept), id(withdrawn)}
    assert pool.withdraw(withdrawn) and gone_signals == ["cancelled", "finished"]
    with qtbot.waitSignal(kept.signals.finished, timeout=5_000):
        pass  # the loop turns: the kept one is handed over and runs
    assert ran == ["kept"]

    elsewhere: list[Job] = []  # started off the GUI thread: handed over at once (no loop to wait for)
    off = Job(lambda **_: ran.append("off"), name="off")
    thread = threading.Thread(target=lambda: elsewhere.append(pool.start(off)))
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: "off" in ran, timeout=5_000)
    assert pool.shutdown(5_000) and ran == ["kept", "off"]


def test_jobs_handed_over_together_run_most_urgent_first(qtbot) -> None:
    """A cover's quick EXIF thumbnail is asked for after its full decode but with a higher priority: an
    idle worker must take the quick one, not the decode that happened to be asked first."""
    from app.ui.workers import ThreadPool

    pool = ThreadPool("thumbnails", 1)
    ran: list[str] = []
    jobs = [Job(lambda name=name, **_: ran.append(name), name=name) for name in ("decode", "quick", "later")]
    for job, priority in zip(jobs, (5, 100, 5), strict=True):
        pool.start(job, priority)
    with qtbot.waitSignals([j.signals.finished for j in jobs], timeout=5_000):
        pass
    assert ran == ["quick", "decode", "later"]
    assert pool.shutdown(5_000)
