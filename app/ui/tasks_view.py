"""Activity: every task of the last seven days with its counts, and the files that could not be read."""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

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


class TasksDialog(QDialog):
    def __init__(
        self, tasks: list[dict[str, Any]], failed: list[dict[str, Any]], parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setWindowTitle("Activity")
        self.resize(900, 560)
        self.tasks = _table(["Started", "Task", "Status", "Counts", "Message"])
        self.tasks.setObjectName("tasks")
        for task in tasks:
            result = task["Result"]
            counts = ", ".join(
                f"{key.removeprefix('Files')} {result[key]:,}" for key in COUNTS if result.get(key)
            )
            self._row(self.tasks, [task["StartTime"][:19].replace("T", " ") + " UTC", task["TaskType"],
                                   task["Status"], counts, task["Code"] or task["Message"]])  # fmt: skip
        self.failed = _table(["File", "Why it could not be read", "Folder"])
        self.failed.setObjectName("failedFiles")
        for f in failed:
            path = f["URI"].removeprefix("file://")
            self._row(self.failed, [os.path.basename(path), f["Error"], os.path.dirname(path)])
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Tasks</b> (kept for 7 days)"))
        layout.addWidget(self.tasks, 2)
        layout.addWidget(QLabel(f"<b>Files that could not be read</b> ({len(failed):,})"))
        layout.addWidget(self.failed, 1)

    @staticmethod
    def _row(table: QTableWidget, values: list[str]) -> None:
        row = table.rowCount()
        table.insertRow(row)
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            table.setItem(row, column, item)
