"""Window tests: fresh settings, logs kept out of the user's folders, and the job runners.

Most tests take ``runner`` (every job runs at once on the GUI thread, so a click's effects are there
when the click returns); the tests about threads take ``threaded_runner``, which is shut down the
way the app does it at quit.
"""

from __future__ import annotations

import os
import tempfile

import pytest
from PySide6.QtCore import QLocale, QSettings

# the window logs job failures: into a temporary state folder, never the user's ~/.local/state
os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="tripfold-test-state-")

from app.service import Service
from app.ui.i18n import install_translators
from app.ui.main_window import MainWindow
from app.ui.workers import JobRunner

ENGLISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


@pytest.fixture(autouse=True, scope="session")
def english(qapp):
    """The window speaks US English in every test, as it does at start for an English user: the English
    catalogue (its plural forms) and Qt's, and US dates and numbers, whatever the machine's locale.  A
    test of another language installs its own catalogue and puts these back (tests/ui/test_translations.py).
    """
    translators = install_translators(ENGLISH)
    yield translators
    for translator in translators:
        qapp.removeTranslator(translator)


@pytest.fixture(autouse=True)
def us_dates():
    """US dates and numbers in each test; a test that sets another locale has it put back after."""
    before = QLocale()
    QLocale.setDefault(ENGLISH)
    yield
    QLocale.setDefault(before)


@pytest.fixture(autouse=True)
def fresh_settings():
    QSettings("Tripfold", "Tripfold").clear()
    yield
    QSettings("Tripfold", "Tripfold").clear()


@pytest.fixture
def runner(qapp) -> JobRunner:
    return JobRunner.synchronous()


@pytest.fixture
def threaded_runner(qapp):
    runner = JobRunner.threaded()
    yield runner
    assert runner.shutdown(10_000), "a job was still running 10 s after it was cancelled"


@pytest.fixture
def window(qtbot, service: Service, runner: JobRunner):
    """The window on the synchronous runner: each job has run when the call that started it returns."""
    win = MainWindow(service, runner)
    qtbot.addWidget(win)
    win.show()
    assert win.loaded and not win.busy
    return win


@pytest.fixture
def threaded_window(qtbot, service: Service, threaded_runner: JobRunner):
    """The window on real pool threads, as the app runs it."""
    win = MainWindow(service, threaded_runner)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.loaded and not win.busy, timeout=10_000)
    return win
