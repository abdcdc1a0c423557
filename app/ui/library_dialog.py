"""File › Open Shared Library…: a library on a PostgreSQL server, for a family's or a studio's archive
that several computers look at (SPEC §13).  The address is checked on a pool thread before the window
switches to it, so a wrong one is said in plain words and nothing changes.

Tripfold never keeps a password: the address is remembered without it, and the server's password comes
from ``PGPASSWORD`` or ``~/.pgpass`` (libpq reads both), as PostgreSQL's own tools do.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.ui.i18n import arg
from app.ui.messages import plain_error
from app.ui.workers import Job, Pool


def without_password(url: str) -> str:
    """``url`` with any password taken out (what may be remembered)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    user = f"{parts.username}@" if parts.username else ""
    return urlunsplit((parts.scheme, user + host, parts.path, parts.query, parts.fragment))


def check_library(url: str, **_: Any) -> tuple[str, str]:
    """Open the library at ``url`` once (on a pool thread) and close it: (the URL, "") when it opens, else
    ("", why): the library's own words, which say what to do (set PGPASSWORD, createdb NAME, ...)."""
    from app.service import LibraryError, Service

    try:
        service = Service(url)
    except LibraryError as exc:
        return "", str(exc)
    service.close()
    return url, ""


class SharedLibraryDialog(QDialog):
    """Asks for the server's address; :attr:`chosen` gives it once a library opened there."""

    chosen = Signal(str)

    def __init__(self, pool: Pool, current: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sharedLibrary")
        self.setWindowTitle(self.tr("Open Shared Library"))
        self.pool = pool
        self.job: Job | None = None
        intro = QLabel(
            self.tr(
                "A library on a PostgreSQL server, shared by several computers. Its address looks like "
                "postgresql://you@nas/photos. The password comes from PGPASSWORD or ~/.pgpass; Tripfold "
                "never keeps it."
            )
        )
        intro.setWordWrap(True)
        self.url = QLineEdit(current)
        self.url.setObjectName("libraryUrl")
        self.url.setAccessibleName(self.tr("Server address"))
        self.url.setPlaceholderText("postgresql://user@host/database")
        self.url.textChanged.connect(self._edited)
        self.status = QLabel()
        self.status.setObjectName("libraryStatus")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        self.open_button = self.buttons.button(QDialogButtonBox.StandardButton.Open)
        self.buttons.accepted.connect(self.try_open)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.url)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self._edited()

    def _edited(self, *_: object) -> None:
        text = self.url.text().strip()
        ok = text.startswith(("postgresql://", "postgres://"))
        self.open_button.setEnabled(ok and self.job is None)
        self.status.setText("" if ok or not text else self.tr("The address starts with postgresql://"))

    def try_open(self) -> None:
        """Check the library on the read pool; the window switches only once it opened."""
        url = self.url.text().strip()
        self.status.setText(self.tr("Connecting…"))
        self.open_button.setEnabled(False)
        job = self.job = Job(lambda **kw: check_library(url, **kw), name="open a shared library")
        job.signals.done.connect(self._opened)
        job.signals.failed.connect(self._failed)
        self.pool.start(job)

    def _opened(self, checked: tuple[str, str]) -> None:
        self.job = None
        url, why = checked
        if not url:
            self.status.setText(arg(self.tr("It did not open: %1"), why))
            self.open_button.setEnabled(True)
            return
        self.chosen.emit(url)
        self.accept()

    def _failed(self, message: str) -> None:
        self.job = None
        self.status.setText(arg(self.tr("It did not open: %1"), plain_error(message).text))
        self.open_button.setEnabled(True)
