"""Activity over the service's records: times the library keeps in UTC shown in the user's zone and
locale, unreadable files as paths."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime, QTimeZone

from app.service.records import FileRecord, TaskRecord
from app.ui.tasks_view import TasksDialog, local_time

KOLKATA = QTimeZone(b"Asia/Kolkata")  # +05:30, no daylight saving: the day rolls over below


def test_a_utc_time_is_written_in_the_zone_and_the_locale() -> None:
    expected = QDateTime(QDate(2024, 3, 4), QTime(4, 0), KOLKATA)
    assert local_time(datetime(2024, 3, 3, 22, 30), KOLKATA) == QLocale().toString(
        expected, QLocale.FormatType.ShortFormat
    )
    assert local_time(None) == ""


def test_activity_shows_each_task_and_each_unreadable_file(qtbot) -> None:
    started = datetime(2024, 3, 3, 22, 30, 5)
    task = TaskRecord(
        task_id="t1", task_type="FileIndexing", status="Succeeded", progress=100, start_time=started,
        end_time=started, code="", message="", tags={}, user_data="", request="{}",
        result={"FilesRead": 1200, "FilesFailed": 1, "FilesUnchanged": 7}, owner="",
    )  # fmt: skip
    broken = FileRecord(
        id=1, path="/home/ann/My Photos/caf\udce9.jpg", kind="photo", produce_time=None, utc_time=None,
        local_time=None, local_offset_min=None, capture_day=None, lat=None, lon=None, country="",
        province="", city="", district="", township="", address_line="", width=None, height=None,
        orientation=None, status="error", error="[InvalidArgument] the file is empty",
    )  # fmt: skip
    dialog = TasksDialog([task], [broken])
    qtbot.addWidget(dialog)
    cells = [dialog.tasks.item(0, c).text() for c in range(dialog.tasks.columnCount())]
    locale = QLocale()
    assert cells == [local_time(started), "FileIndexing", "Succeeded",
                     f"Read {locale.toString(1200)}, Failed 1", ""]  # fmt: skip
    assert "2024-03-03T22:30" not in cells[0]
    files = [dialog.failed.item(0, c).text() for c in range(dialog.failed.columnCount())]
    assert files == ["caf\ufffd.jpg", "[InvalidArgument] the file is empty", "/home/ann/My Photos"]
