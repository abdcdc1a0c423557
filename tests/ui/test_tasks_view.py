"""Activity in plain words: what each task was ("Reading your folders"), how it went, what it did in
sentences, and when in the user's time zone and locale ("Today 14:03"); IMM's names stay in the library."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from PySide6.QtCore import QDate, QDateTime, QLocale, QTime, QTimeZone

from app.core.clustering import ClusterOptions
from app.core.trips import TripOptions
from app.service.records import FileRecord, TaskRecord
from app.service.tasks import TASK_TYPES
from app.ui.tasks_view import TasksDialog, local_time, relative_time

KOLKATA = QTimeZone(b"Asia/Kolkata")  # +05:30, no daylight saving: the day rolls over below
IMM_WORDS = re.compile(
    r"\b(" + "|".join([*TASK_TYPES, "Succeeded", "Clusters?\\w*", "Files\\w+", "Trips\\w+",
                        *{n for p in ClusterOptions().as_request().values() for n in p},
                        *{n for p in TripOptions().as_request().values() for n in p}]) + r")\b"
)  # fmt: skip


def task(
    kind: str, status: str, started: datetime, result: dict, code: str = "", message: str = ""
) -> TaskRecord:
    return TaskRecord(
        task_id="t1", task_type=kind, status=status, progress=100, start_time=started, end_time=started,
        code=code, message=message, tags={}, user_data="", request="{}", result=result, owner="",
    )  # fmt: skip


def test_a_utc_time_is_written_in_the_zone_and_the_locale() -> None:
    expected = QDateTime(QDate(2024, 3, 4), QTime(4, 0), KOLKATA)
    assert local_time(datetime(2024, 3, 3, 22, 30), KOLKATA) == QLocale().toString(
        expected, QLocale.FormatType.ShortFormat
    )
    assert local_time(None) == ""


def test_recent_times_are_said_as_today_yesterday_or_the_weekday_in_the_users_day() -> None:
    now = datetime(2024, 3, 6, 10, 0)  # UTC; 15:30 on Wednesday March 6 in Kolkata
    # 22:30 UTC on March 5 is 04:00 on March 6 in Kolkata: today there, though yesterday in UTC
    assert relative_time(datetime(2024, 3, 5, 22, 30), now, KOLKATA) == "Today 4:00\u202fAM"
    assert relative_time(datetime(2024, 3, 5, 8, 33), now, KOLKATA) == "Yesterday 2:03\u202fPM"
    assert relative_time(datetime(2024, 3, 2, 8, 33), now, KOLKATA) == "Saturday 2:03\u202fPM"
    old = datetime(2024, 2, 20, 8, 33)
    assert relative_time(old, now, KOLKATA) == QLocale().toString(
        QDateTime(QDate(2024, 2, 20), QTime(14, 3), KOLKATA), QLocale.FormatType.ShortFormat
    )
    assert relative_time(None, now) == ""


def test_activity_says_each_task_in_plain_words(qtbot) -> None:
    now = datetime(2024, 3, 6, 10, 0)
    started = datetime(2024, 3, 6, 9, 0)
    tasks = [
        task("LocationDateClustering", "Succeeded", started,
             {"TripsCreated": 3, "TripsUpdated": 2, "TripsUnchanged": 7, "ClustersCreated": 1,
              "ClustersUnchanged": 39, "FilesEstimated": 1, "FilesClustered": 900}),
        task("FileIndexing", "Succeeded", started,
             {"FilesRead": 1200, "FilesFailed": 1, "FilesUnchanged": 7, "FilesMissing": 0}),
        task("StoryCreation", "Failed", started, {"FileCount": 0}, "ExportFailed",
             "No space left on device: /media/x; nothing was kept"),
        task("FileIndexing", "Cancelled", started, {"FilesRead": 1}, "Cancelled", "Cancelled by the user."),
        task("LocationDateClustering", "Failed", started, {}, "InvalidArgument",
             "MinDays (20) must not be greater than MaxDays (15)"),
        task("FileIndexing", "Running", started, {}),
    ]  # fmt: skip
    broken = FileRecord(
        id=1, path="/home/ann/My Photos/caf\udce9.jpg", kind="photo", produce_time=None, utc_time=None,
        local_time=None, local_offset_min=None, capture_day=None, lat=None, lon=None, country="",
        province="", city="", district="", township="", address_line="", width=None, height=None,
        orientation=None, status="error", error="[InvalidArgument] the file is empty",
    )  # fmt: skip
    dialog = TasksDialog(tasks, [broken], now=now)
    qtbot.addWidget(dialog)
    rows = [
        [dialog.tasks.item(r, c).text() for c in range(dialog.tasks.columnCount())]
        for r in range(dialog.tasks.rowCount())
    ]
    when = relative_time(started, now)
    assert when.startswith("Today ") and "2024-03-06" not in when
    assert rows == [
        [when, "Grouping into trips and places", "Done",
         "12 trips found, 3 new; 40 place visits; 1 place estimated"],
        [when, "Reading your folders", "Done", "1,200 files read; 7 unchanged; 1 could not be read"],
        [when, "Making a story", "Failed",
         "The story could not be saved, and nothing of it was kept. Check that the folder still exists and "
         "that its disk has room, then try again."],
        [when, "Reading your folders", "Stopped", "1 file read. You stopped it. Nothing was lost."],
        [when, "Grouping into trips and places", "Failed",
         "The shortest visit can't be longer than the longest visit (15 days)."],
        [when, "Reading your folders", "Running", ""],
    ]  # fmt: skip
    for r in range(dialog.tasks.rowCount()):
        assert not dialog.tasks.item(r, 2).icon().isNull()
        assert local_time(started) == dialog.tasks.item(r, 0).toolTip()  # the full date, on hover
    shown = [cell for row in rows for cell in row]
    assert not [cell for cell in shown if IMM_WORDS.search(cell) or "[" in cell]
    assert "[ExportFailed] No space left on device" in dialog.tasks.item(2, 3).toolTip()  # the details
    files = [dialog.failed.item(0, c).text() for c in range(dialog.failed.columnCount())]
    assert files == ["caf\ufffd.jpg", "The file is empty", "/home/ann/My Photos"]
    assert dialog.failed.item(0, 1).toolTip() == "[InvalidArgument] the file is empty"


def test_a_task_kind_the_window_does_not_know_is_not_shown_by_its_code(qtbot) -> None:
    later = datetime(2024, 3, 6, 9, 0)
    dialog = TasksDialog([task("PhotoDeduplication", "Succeeded", later, {"Whatever": 3})], [], now=later)
    qtbot.addWidget(dialog)
    assert dialog.tasks.item(0, 1).text() == "Other work"


@pytest.mark.parametrize(
    "n, text", [(0, "0 trips found"), (1, "1 trip found, 1 new"), (2, "2 trips found, 2 new")]
)
def test_counts_are_sentences_with_their_plural(qtbot, n: int, text: str) -> None:
    later = datetime(2024, 3, 6, 9, 0)
    dialog = TasksDialog(
        [task("LocationDateClustering", "Succeeded", later, {"TripsCreated": n})], [], now=later
    )
    qtbot.addWidget(dialog)
    assert dialog.tasks.item(0, 3).text() == text
