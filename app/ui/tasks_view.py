"""Activity: every task of the last seven days with its counts, and the files that could not be read.

Files are shown as the paths a person knows (``My Photos/été.jpg``); times, which the library keeps
in UTC, in the user's time zone and locale.
"""

from __future__ import annotations

import os
from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime, QTimeZone
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.service.records import FileRecord, TaskRecord
from app.ui.i18n import arg
from app.ui.paths import shown

COUNTS = (
    "FilesRead",
    "FilesFailed",
    "FilesClustered",
    "ClustersCreated",
    "ClustersUpdated",
    "ClustersRemoved",
    "TripsCreated",
    "TripsUpdated",
    "TripsRemoved",
    "FilesEstimated",
    "FilesInTrips",
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


def local_time(utc: datetime | None, zone: QTimeZone | None = None) -> str:
    """A naive UTC time (as the library keeps it) as the user's locale writes it, in ``zone`` (default:
    the computer's time zone); empty for no time."""
    if utc is None:
        return ""
    when = QDateTime(
        QDate(utc.year, utc.month, utc.day),
        QTime(utc.hour, utc.minute, utc.second, utc.microsecond // 1000),
        QTimeZone.utc(),
    )
    shown_at = when.toLocalTime() if zone is None else when.toTimeZone(zone)
    return QLocale().toString(shown_at, QLocale.FormatType.ShortFormat)


class TasksDialog(QDialog):
    """Tasks and unreadable files; given ``in_no_trip``, also the files without a place or a time, shown
    first (the window's "Show them")."""

    def __init__(
        self,
        tasks: list[TaskRecord],
        failed: list[FileRecord],
        parent: QWidget | None = None,
        in_no_trip: list[FileRecord] | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Activity"))
        self.resize(900, 560)
        self.tasks = _table([self.tr("Started"), self.tr("Task"), self.tr("Status"), self.tr("Counts"),
                             self.tr("Message")])  # fmt: skip
        self.tasks.setObjectName("tasks")
        locale = QLocale()
        for task in tasks:
            counts = ", ".join(
                f"{key.removeprefix('Files')} {locale.toString(task.result[key])}"
                for key in COUNTS
                if task.result.get(key)
            )
            self._row(self.tasks, [local_time(task.start_time), task.task_type, task.status, counts,
                                   task.code or task.message])  # fmt: skip
        self.failed = _table([self.tr("File"), self.tr("Why it could not be read"), self.tr("Folder")])
        self.failed.setObjectName("failedFiles")
        for f in failed:
            path = shown(f.path)
            self._row(self.failed, [os.path.basename(path), f.error, os.path.dirname(path)])
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("<b>Tasks</b> (kept for 7 days)")))
        layout.addWidget(self.tasks, 2)
        layout.addWidget(QLabel(arg(self.tr("<b>Files that could not be read</b> (%1)"), len(failed))))
        layout.addWidget(self.failed, 1)
        self.in_no_trip: QTableWidget | None = None
        if in_no_trip is not None:
            self.in_no_trip = _table([self.tr("File"), self.tr("Why it is in no trip"), self.tr("Folder")])
            self.in_no_trip.setObjectName("filesInNoTrip")
            for f in in_no_trip:
                path = shown(f.path)
                why = (
                    self.tr("No time: the file says when it was taken nowhere")
                    if f.status == "no_time"
                    else (self.tr("No place: no GPS position, and no photo taken nearby in time had one"))
                )
                self._row(self.in_no_trip, [os.path.basename(path), why, os.path.dirname(path)])
            title = QLabel(arg(self.tr("<b>Files without a place or a time</b> (%1)"), len(in_no_trip)))
            layout.insertWidget(0, title)
            layout.insertWidget(1, self.in_no_trip, 2)
            self.in_no_trip.setFocus()

    @staticmethod
    def _row(table: QTableWidget, values: list[str]) -> None:
        row = table.rowCount()
        table.insertRow(row)
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            table.setItem(row, column, item)
