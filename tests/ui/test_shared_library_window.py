"""File › Open Shared Library… against a real PostgreSQL server (tests/engines.py): the address is checked
before anything changes, a wrong one is said plainly, and the window then shows the shared library,
remembered without its password."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSettings, Qt

from app.service import Service
from app.ui.library_dialog import SharedLibraryDialog, without_password
from app.ui.main_window import LIBRARY_KEY, WindowHost
from app.ui.workers import JobRunner
from tests.factories.photos import make_jpeg


def test_the_window_switches_to_a_shared_library(qtbot, tmp_path: Path, postgres_url: str, places) -> None:
    runner = JobRunner.synchronous()
    host = WindowHost(Service(tmp_path / "mine.db", places=places), runner)
    first = host.window
    qtbot.addWidget(first)
    first.show()
    seen: list[str] = []
    first.library_chosen.connect(seen.append)
    first.open_shared_library()
    dialog: SharedLibraryDialog = first.library_dialog
    qtbot.keyClicks(dialog.url, "http://nas/photos")
    assert not dialog.open_button.isEnabled() and "postgresql://" in dialog.status.text()
    dialog.url.setText(postgres_url.rsplit("/", 1)[0] + "/no_such_database")
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert seen == [] and dialog.isVisible() and dialog.status.text().startswith("It did not open")
    assert "no_such_database" in dialog.status.text()  # the server's answer, in words that say what to do
    dialog.url.setText(postgres_url)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert seen == [postgres_url] and not dialog.isVisible()
    second = host.window
    qtbot.addWidget(second)
    assert second is not first and str(second.service.library_path) == postgres_url
    assert QSettings("Tripfold", "Tripfold").value(LIBRARY_KEY) == postgres_url
    make_jpeg(tmp_path / "p" / "a.jpg", datetime_original=datetime(2024, 3, 3, 9), gps=(30.27, 120.15))
    second.add_folders([str(tmp_path / "p")])
    qtbot.waitUntil(lambda: not second.busy, timeout=30_000)
    assert second.sources.count() == 1  # the shared library holds it
    host.service.close()


def test_a_password_is_never_remembered() -> None:
    assert without_password("postgresql://mei:s3cret@nas:5433/photos?sslmode=require") == (
        "postgresql://mei@nas:5433/photos?sslmode=require"
    )
    assert without_password("postgresql:///photos?host=/run/postgresql") == (
        "postgresql:///photos?host=/run/postgresql"
    )
