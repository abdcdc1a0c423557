"""Every error the window can meet becomes a sentence a person can act on: no IMM code in brackets, no
option name, no traceback; the technical text stays under Details.

The errors are raised for real (the service refusing options, a locked library, a missing folder), as
the exception and as the one-line text a worker reports (``str(exc)``).
"""

from __future__ import annotations

import errno
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from app.core.clustering import ClusterOptions
from app.core.progress import Cancelled
from app.core.trips import TripOptions
from app.service import Service, indexing, stories
from app.service import clusters as cluster_service
from app.service import trips as trip_service
from app.store.library import Library, LibraryBusy, LibraryError
from app.ui.messages import counted, option_problem, plain_error, show_error

# every option name IMM's requests use (and the story's), none of which a person should read
OPTION_NAMES = sorted(
    {name for part in ClusterOptions().as_request().values() for name in part}
    | {name for part in TripOptions().as_request().values() for name in part}
    | {"MinFileCount", "MaxFileCount", "RadiusKm", "TripId", "ObjectId", "TaskId", "CustomLabels"}
)
CODE = re.compile(r"\[[A-Za-z]+\]")


@pytest.fixture
def service(tmp_path: Path):
    """A library without the place table: none of these errors needs a place named."""
    svc = Service(tmp_path / "library.db")
    yield svc
    svc.close()


def raised(call: Callable[[], object]) -> BaseException:
    try:
        call()
    except BaseException as exc:
        return exc
    raise AssertionError("nothing was raised")


def option_errors() -> list[BaseException]:
    bad_clusters = [
        ClusterOptions(min_days=20, max_days=15), ClusterOptions(gap_days=-1), ClusterOptions(min_days=0),
        ClusterOptions(max_days=100_000), ClusterOptions(levels=()), ClusterOptions(levels=("moon",)),
        ClusterOptions(levels=("city", "city")),
    ]  # fmt: skip
    bad_trips = [
        TripOptions(away_km=0.0), TripOptions(trip_gap_days=-1), TripOptions(trip_min_files=0),
        TripOptions(estimate_hours=99.0), TripOptions(home_gap_days=-1), TripOptions(home_min_days=0),
        TripOptions(home_min_photo_days=0),
    ]  # fmt: skip
    return (
        [raised(lambda o=o: cluster_service.check_options(o)) for o in bad_clusters]
        + [raised(lambda o=o: trip_service.check_options(o)) for o in bad_trips]
        + [raised(lambda a=a: stories.check(*a, [])) for a in ((1, 5), (2, 0), (9, 5))]
    )


def service_errors(service: Service, tmp_path: Path) -> list[BaseException]:
    a_file = tmp_path / "photo.jpg"
    a_file.write_bytes(b"")
    return [
        raised(lambda: indexing.check_roots([])),
        raised(lambda: service.index_sources([str(tmp_path / "gone")])),
        raised(lambda: service.index_sources([str(a_file)])),
        raised(lambda: service.merge_trips(["trip-1"])),
        raised(lambda: service.update_trip("trip-nowhere", title="x")),
        raised(lambda: service.update_trip("trip-nowhere", title="x" * 5000)),
        raised(lambda: service.list_files("bogus")),
        raised(lambda: service.add_home(lat=100.0, lon=0.0)),
        raised(lambda: service.add_home(lat=1.0, lon=1.0, radius_km=-1.0)),
        raised(lambda: service.add_home()),
    ]


def library_errors(tmp_path: Path) -> list[BaseException]:
    path = tmp_path / "shared.db"
    holder = Library(path)
    waiter = Library(path, busy_timeout=0.05)

    def write_while_held() -> None:
        with holder.write(), waiter.write():
            pass

    busy = raised(write_while_held)
    assert isinstance(busy, LibraryBusy)
    newer = tmp_path / "newer.db"
    Library(newer).execute("UPDATE schema_version SET version = 999")
    not_one = tmp_path / "notes.db"
    not_one.write_text("shopping list")
    errors = [
        busy,
        holder.error(sqlite3.OperationalError("database or disk is full")),
        holder.error(sqlite3.OperationalError("attempt to write a readonly database")),
        holder.error(sqlite3.OperationalError("disk I/O error")),
        raised(lambda: Library(newer)),
        raised(lambda: Library(not_one)),
        raised(lambda: Library(tmp_path)),
    ]
    holder.close()
    waiter.close()
    return errors


def read_missing(path: Path) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def other_errors(tmp_path: Path) -> list[BaseException]:
    return [
        raised(lambda: read_missing(tmp_path / "nothing-here.jpg")),
        OSError(errno.EACCES, "Permission denied", str(tmp_path / "locked")),
        OSError(errno.ENOSPC, "No space left on device"),
        OSError(errno.EIO, "Input/output error", str(tmp_path / "x.jpg")),
        raised(lambda: {}["MinDays"]),
        Cancelled(),
        ValueError("[InvalidArgument] GapDays must be an integer from 0 to 99,999, not -4"),
    ]


def assert_plain(text: str, origin: str) -> None:
    assert text and (text[0].isupper() or text[0] == "“"), (origin, text)
    assert not CODE.search(text), (origin, text)
    assert "Traceback" not in text and "Error:" not in text, (origin, text)
    named = [name for name in OPTION_NAMES if re.search(rf"\b{name}\b", text)]
    assert not named, (origin, text, named)
    assert "LocationDateCluster" not in text, (origin, text)


def test_every_error_becomes_a_plain_sentence_with_the_details_kept(service: Service, tmp_path: Path) -> None:
    errors = (
        option_errors()
        + service_errors(service, tmp_path)
        + library_errors(tmp_path)
        + other_errors(tmp_path)
    )
    assert len(errors) > 35
    for exc in errors:
        for given in (exc, str(exc)):  # the exception, or the worker's one line
            plain = plain_error(given)
            assert_plain(plain.text, repr(exc))
            if str(exc):
                assert str(exc) in plain.details
    # the messages a person can act on say what to do, not only that something failed
    texts = {type(e).__name__ + ":" + str(e)[:30]: plain_error(e).text for e in errors}
    assert sum("unexpected" in t for t in texts.values()) <= 2  # the KeyError (a bug); nothing else is


def test_the_option_sentences_name_the_fields_the_window_shows() -> None:
    (order, gap, *_) = option_errors()
    assert plain_error(order).text == "The shortest visit can't be longer than the longest visit (15 days)."
    assert plain_error(gap).text == "“Days without photos inside a visit” must be from 0 to 99,999."
    assert option_problem("AwayKm must be a number from 0.1 to 20,000, not 0.0") == (
        "“Away from home beyond” must be from 0.1 to 20,000 km."
    )
    assert option_problem("the file is empty") is None


def test_library_and_disk_errors_say_what_to_do(tmp_path: Path) -> None:
    busy, full, read_only, *_ = library_errors(tmp_path)
    assert plain_error(busy).text.startswith("Another Tripfold window or command is busy with your library")
    assert "free some space" in plain_error(full).text
    assert "can only be read" in plain_error(read_only).text
    assert isinstance(raised(lambda: Library(tmp_path)), LibraryError)
    missing = raised(lambda: read_missing(tmp_path / "nothing-here.jpg"))
    assert (
        plain_error(missing).text
        == f"Tripfold cannot find {tmp_path / 'nothing-here.jpg'}. Was it moved, or is its disk unplugged?"
    )


def test_show_error_folds_the_details_away(qtbot) -> None:
    exc = raised(lambda: cluster_service.check_options(ClusterOptions(min_days=20, max_days=15)))
    box = show_error(None, "Could not update", exc)  # deletes itself once closed
    assert box.isVisible() and box.icon() == QMessageBox.Icon.Warning
    assert box.text() == "The shortest visit can't be longer than the longest visit (15 days)."
    assert "[InvalidArgument] MinDays (20) must not be greater than MaxDays (15)" in box.detailedText()
    box.close()


def test_counts_take_the_english_plural_without_a_catalogue() -> None:
    assert counted("Test", "%n trip(s) found", 1) == "1 trip found"
    assert counted("Test", "%n trip(s) found", 0) == "0 trips found"
    assert counted("Test", "%Ln photo(s) and video(s) read", 1234) == "1,234 photos and videos read"
