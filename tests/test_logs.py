"""The log file: where it goes, that it rotates, and how messages name it."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from app import logs


@pytest.fixture(autouse=True)
def restore_logging():
    yield
    logs.close_logging()


def test_logs_go_to_the_user_state_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    path = logs.setup_logging()
    assert path == tmp_path / "state" / "Tripfold" / "log" / "tripfold.log"
    logging.getLogger("app.ui.workers").error("the disk is full")
    assert "ERROR" in path.read_text() and "the disk is full" in path.read_text()
    assert logs.log_path() == path


def test_a_traceback_is_kept_and_the_file_rotates(tmp_path: Path) -> None:
    path = logs.setup_logging(tmp_path)
    log = logging.getLogger("app.test")
    try:
        raise ValueError("bad date")
    except ValueError:
        log.exception("indexing failed")
    assert "Traceback" in path.read_text() and "ValueError: bad date" in path.read_text()
    for _ in range(3 * logs.MAX_BYTES // 1000):
        log.info("x" * 1000)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["tripfold.log", "tripfold.log.1", "tripfold.log.2", "tripfold.log.3"]
    assert all(p.stat().st_size <= logs.MAX_BYTES for p in tmp_path.iterdir())


def test_calling_it_twice_keeps_one_handler(tmp_path: Path) -> None:
    logs.setup_logging(tmp_path)
    logs.setup_logging(tmp_path)
    logging.getLogger("app").info("once")
    assert (tmp_path / "tripfold.log").read_text().count("once") == 1


def test_messages_show_the_home_folder_as_a_tilde(monkeypatch) -> None:
    home = Path.home()
    assert logs.shown_log_path(home / ".local/state/Tripfold/log/tripfold.log") == (
        "~/.local/state/Tripfold/log/tripfold.log"
    )
    assert logs.shown_log_path(Path("/var/log/tripfold.log")) == "/var/log/tripfold.log"
