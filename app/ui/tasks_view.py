"""Activity: every task of the last seven days in plain words, and the files that could not be read.

The library keeps IMM's names (``LocationDateClustering``, ``ClustersCreated``) and UTC times; a person
reads "Grouping into trips and places", "12 trips found, 3 new" and "Today 14:03" in their own time zone
and locale.  Files are shown as the paths a person knows (``My Photos/été.jpg``).
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QDateTime, QLocale, QTime, QTimeZone
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHeaderView,
    QLabel,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.service.records import FileRecord, TaskRecord
from app.ui.i18n import arg, joined, tr
from app.ui.messages import plain_error
from app.ui.paths import shown

CONTEXT = "TasksDialog"
KINDS = {
    "FileIndexing": QT_TRANSLATE_NOOP("TasksDialog", "Reading your folders"),
    "LocationDateClustering": QT_TRANSLATE_NOOP("TasksDialog", "Grouping into trips and places"),
    "StoryCreation": QT_TRANSLATE_NOOP("TasksDialog", "Making a story"),
}
STATUSES = {  # status: (words, icon)
    "Running": (QT_TRANSLATE_NOOP("TasksDialog", "Running"), QStyle.StandardPixmap.SP_BrowserReload),
    "Succeeded": (QT_TRANSLATE_NOOP("TasksDialog", "Done"), QStyle.StandardPixmap.SP_DialogApplyButton),
    "Failed": (QT_TRANSLATE_NOOP("TasksDialog", "Failed"), QStyle.StandardPixmap.SP_MessageBoxCritical),
    "Cancelled": (QT_TRANSLATE_NOOP("TasksDialog", "Stopped"), QStyle.StandardPixmap.SP_DialogCancelButton),
}
_CODE = re.compile(r"^\[[A-Za-z]+\]\s*")


def noop(text: object) -> str:
    """One of this module's marked words (``QT_TRANSLATE_NOOP("TasksDialog", ...)``), translated."""
    return QCoreApplication.translate(CONTEXT, str(text))  # the stubs type the marker as an object


def kind_name(task_type: str) -> str:
    """A task's kind as a person says it; a kind this window does not know is "Other work"."""
    return noop(KINDS.get(task_type, QT_TRANSLATE_NOOP("TasksDialog", "Other work")))


def status_name(status: str) -> str:
    return noop(STATUSES[status][0]) if status in STATUSES else tr("Unknown")


def status_icon(status: str) -> QIcon:
    pixmap = STATUSES[status][1] if status in STATUSES else QStyle.StandardPixmap.SP_MessageBoxQuestion
    return QApplication.style().standardIcon(pixmap)


def _qdatetime(utc: datetime) -> QDateTime:
    return QDateTime(
        QDate(utc.year, utc.month, utc.day),
        QTime(utc.hour, utc.minute, utc.second, utc.microsecond // 1000),
        QTimeZone.utc(),
    )


def local_time(utc: datetime | None, zone: QTimeZone | None = None) -> str:
    """A naive UTC time (as the library keeps it) as the user's locale writes it, in ``zone`` (default:
    the computer's time zone); empty for no time."""
    if utc is None:
        return ""
    when = _qdatetime(utc)
    shown_at = when.toLocalTime() if zone is None else when.toTimeZone(zone)
    return QLocale().toString(shown_at, QLocale.FormatType.ShortFormat)


def relative_time(utc: datetime | None, now: datetime, zone: QTimeZone | None = None) -> str:
    """``Today 14:03``, ``Yesterday 09:12``, ``Monday 18:40`` within the week, else the locale's short
    date and time; days are the user's (in ``zone``, default the computer's), not UTC's."""
    if utc is None:
        return ""

    def there(moment: datetime) -> QDateTime:
        value = _qdatetime(moment)
        return value.toLocalTime() if zone is None else value.toTimeZone(zone)

    when, today = there(utc), there(now).date()
    locale = QLocale()
    clock = locale.toString(when.time(), QLocale.FormatType.ShortFormat)
    days = when.date().daysTo(today)
    if days == 0:
        return arg(tr("Today %1"), clock)
    if days == 1:
        return arg(tr("Yesterday %1"), clock)
    if 1 < days < 7:
        return arg(tr("%1 %2"), locale.dayName(when.date().dayOfWeek()), clock)
    return locale.toString(when, QLocale.FormatType.ShortFormat)


def result_words(task: TaskRecord) -> str:
    """What a task did, in sentences: "1,200 photos and videos read, 7 unchanged"."""
    r: dict[str, Any] = task.result or {}

    def n(key: str) -> int:
        value = r.get(key, 0)
        return value if isinstance(value, int) and not isinstance(value, bool) else 0

    parts: list[str] = []
    if task.task_type == "FileIndexing":
        if n("FilesRead") or not (n("FilesUnchanged") or n("FilesFailed")):
            parts.append(tr("%Ln file(s) read", "", n("FilesRead")))
        if n("FilesUnchanged"):
            parts.append(tr("%Ln unchanged", "", n("FilesUnchanged")))
        if n("FilesFailed"):
            parts.append(tr("%Ln could not be read", "", n("FilesFailed")))
        if n("FilesMissing"):
            parts.append(tr("%Ln no longer there", "", n("FilesMissing")))
    elif task.task_type == "LocationDateClustering":
        trips = n("TripsCreated") + n("TripsUpdated") + n("TripsUnchanged")
        if task.status == "Succeeded" or trips:
            found = tr("%Ln trip(s) found", "", trips)
            if n("TripsCreated"):
                found = arg(tr("%1, %2 new"), found, n("TripsCreated"))
            parts.append(found)
        places = n("ClustersCreated") + n("ClustersUpdated") + n("ClustersUnchanged")
        if places:
            parts.append(tr("%Ln place visit(s)", "", places))
        if n("FilesEstimated"):
            parts.append(tr("%Ln place(s) estimated", "", n("FilesEstimated")))
    elif task.task_type == "StoryCreation" and task.status == "Succeeded":
        parts.append(tr("%Ln photo(s) chosen", "", n("FileCount")))
        exports = r.get("Exports")
        if isinstance(exports, list) and exports:
            parts.append(tr("saved in %Ln form(s)", "", len(exports)))
    return joined(parts)


def task_note(task: TaskRecord) -> tuple[str, str]:
    """What to say about how a task ended (a sentence), and the technical text for its tooltip."""
    if task.status == "Cancelled":
        return tr("You stopped it. Nothing was lost."), task.message
    if task.status != "Failed":
        return "", ""
    technical = f"[{task.code}] {task.message}" if task.code else task.message
    return plain_error(technical).text, technical


def file_problem(error: str) -> str:
    """A reader's reason without its IMM code: "[InvalidArgument] the file is empty" → "The file is
    empty" (the readers' reasons are plain already; an unexpected one is said to be so)."""
    if error.startswith("[InternalError]"):
        return tr("Tripfold could not read it: something unexpected went wrong")
    text = _CODE.sub("", error).strip()
    return text[:1].upper() + text[1:]


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    header = table.horizontalHeader()
    for column in range(len(headers) - 1):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)  # long text: elided
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    return table


class TasksDialog(QDialog):
    """Tasks and unreadable files; given ``in_no_trip``, also the files without a place or a time, shown
    first (the window's "Show them")."""

    def __init__(
        self,
        tasks: list[TaskRecord],
        failed: list[FileRecord],
        parent: QWidget | None = None,
        in_no_trip: list[FileRecord] | None = None,
        now: datetime | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Activity"))
        self.resize(900, 560)
        now = now or datetime.now(UTC).replace(tzinfo=None)  # naive UTC, as the library keeps times
        self.tasks = _table([self.tr("Started"), self.tr("What"), self.tr("How it went"),
                             self.tr("What happened")])  # fmt: skip
        self.tasks.setObjectName("tasks")
        self.tasks.setAccessibleName(self.tr("Work of the last seven days"))
        for task in tasks:
            note, technical = task_note(task)
            done = result_words(task) if task.status != "Running" else ""
            said = arg(self.tr("%1. %2"), done, note) if done and note else done or note
            cells = self._row(self.tasks, [relative_time(task.start_time, now), kind_name(task.task_type),
                                           status_name(task.status), said])  # fmt: skip
            cells[0].setToolTip(local_time(task.start_time))
            cells[2].setIcon(status_icon(task.status))
            if technical:
                cells[3].setToolTip(f"{said}\n\n{technical}")
        self.failed = _table([self.tr("File"), self.tr("Why it could not be read"), self.tr("Folder")])
        self.failed.setObjectName("failedFiles")
        self.failed.setAccessibleName(self.tr("Files that could not be read"))
        for f in failed:
            path = shown(f.path)
            cells = self._row(
                self.failed, [os.path.basename(path), file_problem(f.error), os.path.dirname(path)]
            )
            cells[1].setToolTip(f.error)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("<b>Work done</b> (kept for seven days)")))
        layout.addWidget(self.tasks, 2)
        title = tr("<b>%Ln file(s) could not be read</b>", "", len(failed))
        layout.addWidget(QLabel(title))
        layout.addWidget(self.failed, 1)
        self.in_no_trip: QTableWidget | None = None
        if in_no_trip is not None:
            self.in_no_trip = _table([self.tr("File"), self.tr("Why it is in no trip"), self.tr("Folder")])
            self.in_no_trip.setObjectName("filesInNoTrip")
            for f in in_no_trip:
                path = shown(f.path)
                why = (
                    self.tr("No time: the file says nowhere when it was taken")
                    if f.status == "no_time"
                    else (self.tr("No place: no GPS position, and no photo taken nearby in time had one"))
                )
                self._row(self.in_no_trip, [os.path.basename(path), why, os.path.dirname(path)])
            title = tr("<b>%Ln file(s) without a place or a time</b>", "", len(in_no_trip))
            layout.insertWidget(0, QLabel(title))
            layout.insertWidget(1, self.in_no_trip, 2)
            self.in_no_trip.setFocus()

    @staticmethod
    def _row(table: QTableWidget, values: list[str]) -> list[QTableWidgetItem]:
        """A new last row of ``values``; its cells, for what else they show."""
        row = table.rowCount()
        table.insertRow(row)
        cells = []
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            table.setItem(row, column, item)
            cells.append(item)
        return cells
