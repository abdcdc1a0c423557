"""Activity: every task of the last seven days with its counts, and the files that could not be read.

Files are shown as the paths a person knows (``My Photos/été.jpg``), never as the library's
percent-encoded URIs; times in the user's time zone and locale.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QDateTime, QLocale, Qt, QTimeZone
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.i18n import arg
from app.ui.paths import local_path, shown

COUNTS = (
    "FilesRead",
    "FilesFailed",
    "FilesClustered",
    "ClustersCreated",
    "ClustersUpdated",
    "ClustersRemoved",
)


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    return table


def local_time(iso_utc: str) -> str:
    """An ISO time in UTC as the user's locale writes it, in their time zone."""
    when = QDateTime.fromString(iso_utc[:19], Qt.DateFormat.ISODate)
    if not when.isValid():
        return iso_utc
    when = QDateTime(when.date(), when.time(), QTimeZone(b"UTC"))
    return QLocale().toString(when.toLocalTime(), QLocale.FormatType.ShortFormat)


class TasksDialog(QDialog):
    def __init__(
        self, tasks: list[dict[str, Any]], failed: list[dict[str, Any]], parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Activity"))
        self.resize(900, 560)
        self.tasks = _table([self.tr("Started"), self.tr("Task"), self.tr("Status"), self.tr("Counts"),
                             self.tr("Message")])  # fmt: skip
        self.tasks.setObjectName("tasks")
        locale = QLocale()
        for task in tasks:
            result = task["Result"]
            counts = ", ".join(
                f"{key.removeprefix('Files')} {locale.toString(result[key])}"
                for key in COUNTS
                if result.get(key)
            )
            self._row(self.tasks, [local_time(task["StartTime"]), task["TaskType"], task["Status"], counts,
                                   task["Code"] or task["Message"]])  # fmt: skip
        self.failed = _table([self.tr("File"), self.tr("Why it could not be read"), self.tr("Folder")])
        self.failed.setObjectName("failedFiles")
        for f in failed:
            path = shown(local_path(f["URI"]))
            self._row(self.failed, [os.path.basename(path), f["Error"], os.path.dirname(path)])
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("<b>Tasks</b> (kept for 7 days)")))
        layout.addWidget(self.tasks, 2)
        layout.addWidget(QLabel(arg(self.tr("<b>Files that could not be read</b> (%1)"), len(failed))))
        layout.addWidget(self.failed, 1)

    @staticmethod
    def _row(table: QTableWidget, values: list[str]) -> None:
        row = table.rowCount()
        table.insertRow(row)
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            table.setItem(row, column, item)
