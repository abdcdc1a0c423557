"""A whole library copied to a new file or an empty PostgreSQL database and back (issue 16, item 6): every
table row for row with its ids, refusals before any write, nothing half-made after a kill, sequences past
the copied ids, and the source's run lock held while copying."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.core.places import Places
from app.service import Service
from app.store import mounts
from app.store.library import Library, LibraryError
from app.store.library_copy import CopyRefused, copy_library, tables
from app.store.models import ALL_MODELS
from app.store.run_lock import RunLocked, exclusive_run
from tests.engines import PostgresServer
from tests.factories.photos import make_jpeg

ROOT = Path(__file__).resolve().parents[2]
PARIS = (48.8566, 2.3522)
KYOTO = (35.0116, 135.7681)
ROME = (41.9028, 12.4964)
AWKWARD = 'a, "b"\n\\.\n\tc\\d\r\\N'  # what CSV, COPY's text format and its end-of-data marker escape


def write_trips(folder: Path, first: datetime = datetime(2024, 1, 1, 9), days: int = 80) -> None:
    """A home in Paris, a week in Kyoto and four days in Rome: two trips, a detected home."""
    for n in range(days):
        day = first + timedelta(days=n)
        where, offset = (
            (KYOTO, "+09:00") if 15 <= n < 22 else (ROME, "+01:00") if 30 <= n < 34 else (PARIS, "+01:00")
        )
        for k in range(2):
            make_jpeg(folder / f"{n:02}-{k}.jpg", datetime_original=day + timedelta(hours=k), offset=offset,
                      gps=where)  # fmt: skip


def fill_every_table(service: Service, tmp_path: Path) -> None:
    """A library with rows in every table, made the way a user makes them: indexed, clustered, and edited
    (titles, ids, labels, a deleted place, merged, split and deleted trips, a home of the user's and a
    rejected one, a story, a second machine's mount)."""
    photos = tmp_path / "photos"
    write_trips(photos)
    service.index_sources([str(photos)])
    service.create_location_date_clustering_task(service.clustering_options())
    clusters = service.all_location_date_clusters()
    service.update_location_date_cluster(
        clusters[0].object_id, title="Première fois", custom_id="c-1", custom_labels={"who": "famille"}
    )
    service.update_location_date_cluster(clusters[1].object_id, title=AWKWARD, custom_labels={AWKWARD: "\\N"})
    service.delete_location_date_cluster(clusters[-1].object_id)
    kyoto, rome = service.query_trips()
    merged = service.merge_trips([kyoto.trip_id, rome.trip_id])
    service.update_trip(merged.trip_id, title="Kyoto et Rome", custom_labels={"with": "Mei"})
    parts = service.split_trip(merged.trip_id, rome.first_day)
    service.delete_trip(parts[-1].trip_id)
    detected = next(h for h in service.list_homes() if h.source == "detected")
    service.remove_home(detected.home_id)
    service.add_home(lat=48.85, lon=2.35, radius_km=30, first_day=date(2024, 1, 1))
    service.create_story(parts[0].trip_id, min_files=2, name='Kyoto, "deux"\n\tfois \\N ')
    lib = service.lib
    (source_id,) = mounts.mounts(lib)
    lib.machine, here = "nas-mac", lib.machine
    with lib.write():
        mounts.set_mount(lib, source_id, "/Volumes/photos")
    lib.machine = here


def rows_of(lib: Library) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every model's table, as text where the engines' drivers differ (dates and times)."""
    found = {}
    for model in ALL_MODELS:
        columns = ", ".join(f'"{f.column_name}"' for f in model._meta.sorted_fields)
        cursor = lib.execute(f'SELECT {columns} FROM "{model._meta.table_name}"')
        found[model._meta.table_name] = sorted(
            tuple(v if v is None or isinstance(v, (str, int, float)) else str(v) for v in row)
            for row in cursor
        )
    return found


@pytest.fixture
def source(library_location: str, places: Places, tmp_path: Path):
    """A library, once per engine, with rows in every table."""
    service = Service(library_location, places=places)
    fill_every_table(service, tmp_path)
    yield service.lib
    service.close()


@pytest.fixture(params=("file", "server"))
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where the copy goes: a new file in a folder of its own, or an empty database of its own."""
    if request.param == "file":
        yield str(tmp_path / "copy" / "library.db")
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    url = server.create()
    yield url
    server.drop(url)


def test_every_table_of_the_models_is_filled_by_the_fixture_and_nothing_else_is_in_the_library(
    source: Library,
) -> None:
    """Guards the next test: a table added to the models without rows here, or a table a migration makes
    that the models do not know, would go uncopied unnoticed."""
    rows = rows_of(source)
    assert [table for table, found in rows.items() if not found] == []
    tables_there = {t for t in source.db.get_tables() if not t.startswith("sqlite_")}
    assert tables_there == {model._meta.table_name for model in ALL_MODELS}
    assert {model._meta.table_name for model in tables()} == set(rows)


def test_the_copy_holds_every_row_of_every_table_with_its_ids(
    source: Library, target: str, tmp_path: Path
) -> None:
    (tmp_path / "copy").mkdir(exist_ok=True)
    seen: list[tuple[str, int, int]] = []
    report = copy_library(source, target, lambda table, done, total: seen.append((table, done, total)))
    copy = Library(target)
    try:
        expected = rows_of(source)
        assert rows_of(copy) == expected
        assert report.rows == {table: len(found) for table, found in expected.items()}
    finally:
        copy.close()
    finished = {table for table, done, total in seen if done == total}
    assert finished == set(expected)


def test_a_copy_copied_back_is_the_library_again(
    source: Library, tmp_path: Path, postgres_server: PostgresServer
) -> None:
    """File -> server -> file (or server -> file -> server): the same rows all the way."""
    middle = postgres_server.create() if source.url is None else str(tmp_path / "middle.db")
    end = str(tmp_path / "end.db") if source.url is None else postgres_server.create()
    try:
        copy_library(source, middle)
        with _open(middle) as lib:
            copy_library(lib, end)
        with _open(end) as lib:
            assert rows_of(lib) == rows_of(source)
    finally:
        postgres_server.drop(middle if source.url is None else end)


class _open:
    def __init__(self, location: str) -> None:
        self.lib = Library(location)

    def __enter__(self) -> Library:
        return self.lib

    def __exit__(self, *exc: object) -> None:
        self.lib.close()


def test_new_rows_on_a_copy_take_ids_after_the_copied_ones(
    source: Library, target: str, tmp_path: Path, places: Places
) -> None:
    """Indexing and clustering on the copy: on PostgreSQL the serial sequences were set past the copied
    ids, or the first new file would collide with file 1."""
    (tmp_path / "copy").mkdir(exist_ok=True)
    copy_library(source, target)
    before = {m._meta.table_name: _max_id(source, m._meta.table_name) for m in (ALL_MODELS) if _has_id(m)}
    more = tmp_path / "more"
    write_trips(more, first=datetime(2024, 6, 1, 9), days=30)
    service = Service(target, places=places)
    try:
        report = service.index_sources([str(more)])
        assert report.statuses["ok"] == 60
        service.create_location_date_clustering_task(service.clustering_options())
        service.add_home(lat=35.0, lon=135.7, radius_km=10)  # no clash with a copied home's id either
        lib = service.lib
        for table in ("media_file", "source", "task"):  # tables whose rows are never deleted
            new = lib.execute(f'SELECT min(id) FROM "{table}" WHERE id > ?', (before[table],)).fetchone()[0]
            assert new is not None and new == before[table] + 1, table
        assert lib.execute("SELECT count(*) FROM media_file").fetchone()[0] == 160 + 60
    finally:
        service.close()


def _has_id(model: Any) -> bool:
    return "id" in model._meta.fields and model._meta.primary_key.name == "id"


def _max_id(lib: Library, table: str) -> int:
    return int(lib.execute(f'SELECT COALESCE(max(id), 0) FROM "{table}"').fetchone()[0])


# -- refusals: before anything is written ------------------------------------------------------------------


def test_a_file_target_that_exists_or_has_no_folder_or_is_the_source_is_refused(
    service: Service, tmp_path: Path
) -> None:
    lib = service.lib
    other = tmp_path / "other.db"
    Library(other).close()
    (tmp_path / "notes.txt").write_text("mine")
    cases = {
        str(other): "holds_library",
        str(tmp_path / "notes.txt"): "exists",
        str(tmp_path): "exists",
        str(tmp_path / "nowhere" / "library.db"): "no_folder",
        "mysql://me@host/photos": "bad_url",
    }
    if lib.path is not None:
        cases[str(lib.path)] = "same"
    before = sorted(os.listdir(tmp_path))
    for location, reason in cases.items():
        with pytest.raises(CopyRefused) as refused:
            copy_library(lib, location)
        assert refused.value.reason == reason, location
    assert sorted(os.listdir(tmp_path)) == before  # no temporary file left, nothing replaced
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_a_server_target_that_is_not_an_empty_database_is_refused(
    service: Service, postgres_server: PostgresServer, postgres_url: str
) -> None:
    held = postgres_server.create()
    Library(held).close()  # a library already
    bare = postgres_server.create()
    import psycopg2

    with psycopg2.connect(bare) as conn, conn.cursor() as cur:
        cur.execute("CREATE TABLE invoices (n integer)")
    conn.close()
    cases = {
        held: "holds_library",
        bare: "not_empty",
        postgres_url.replace("postgresql://postgres@/", "postgresql://postgres@/missing-"): "no_database",
        "postgresql://me@host:port/photos": "bad_url",
        "postgresql://me@host/?sslmode=bogus": "bad_url",
    }
    if service.lib.url is not None:
        cases[service.lib.url] = "same"
    for location, reason in cases.items():
        with pytest.raises(CopyRefused) as refused:
            copy_library(service.lib, location)
        assert refused.value.reason == reason, location
    with psycopg2.connect(bare) as conn, conn.cursor() as cur:
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        assert cur.fetchall() == [("invoices",)]
    conn.close()
    postgres_server.drop(bare)
    postgres_server.drop(held)


def test_the_source_reached_by_another_name_is_refused_as_itself(
    postgres_server: PostgresServer, postgres_url: str, places: Places
) -> None:
    """The same database named with its socket folder spelled differently: found by a lock only it sees."""
    service = Service(postgres_url, places=places)
    try:
        other_name = postgres_url.replace("/socket&", "/socket/&")  # the same folder, spelt otherwise
        assert other_name != postgres_url
        with pytest.raises(CopyRefused) as refused:
            copy_library(service.lib, other_name)
        assert refused.value.reason == "same"
    finally:
        service.close()


# -- crash safety and the run lock -------------------------------------------------------------------------

_KILLED_MID_COPY = """
import os, signal, sys
from app.store.library import Library, LibraryError
from app.store.library_copy import copy_library

def progress(table, done, total):
    if table == "media_file" and done:  # rows of several tables written, the largest under way
        os.kill(os.getpid(), signal.SIGKILL)

copy_library(Library(sys.argv[1]), sys.argv[2], progress)
"""


def test_a_copy_killed_midway_leaves_no_library_that_opens_as_whole(
    source: Library, target: str, tmp_path: Path
) -> None:
    (tmp_path / "copy").mkdir(exist_ok=True)
    location = str(source.path) if source.path is not None else str(source.url)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", _KILLED_MID_COPY, location, target], env=env, timeout=120)
    assert done.returncode == -signal.SIGKILL
    if "://" in target:  # the transaction died with the process: the database is as empty as it was
        import psycopg2

        conn = psycopg2.connect(target)
        with conn.cursor() as cur:
            cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            assert cur.fetchall() == []
        conn.close()
    else:  # only the temporary file, which no Tripfold opens by the target's name
        assert not Path(target).exists()
        assert [p.name for p in (tmp_path / "copy").iterdir() if not p.name.endswith(".copying")] == []
        assert any(p.name.endswith(".copying") for p in (tmp_path / "copy").iterdir())
    copy_library(source, target)  # and the copy can be made again
    with _open(target) as lib:
        assert rows_of(lib) == rows_of(source)
    if "://" not in target:  # the killed copy's half-made file was cleared away by the next one
        assert [p.name for p in (tmp_path / "copy").iterdir()] == [Path(target).name]


def test_a_tripfold_opening_the_database_mid_copy_waits_and_never_sees_half_a_library(
    source: Library, postgres_server: PostgresServer
) -> None:
    """It waits for the copy's transaction behind the lock that creating a library takes, then (here, with
    half a second's patience) gives up saying the library is busy, rather than making a library of its
    own or finding half of this one."""
    url = postgres_server.create()
    seen: list[str] = []

    def progress(table: str, done: int, total: int) -> None:
        if table == "media_file" and done and not seen:
            try:
                Library(url, busy_timeout=0.5).close()
                seen.append("opened")
            except LibraryError as exc:
                seen.append(type(exc).__name__)

    try:
        copy_library(source, url, progress)
        assert seen == ["LibraryBusy"]
        with _open(url) as lib:
            assert rows_of(lib) == rows_of(source)
    finally:
        postgres_server.drop(url)


def test_the_copy_waits_for_a_clustering_run_holding_the_source(
    library_location: str, tmp_path: Path
) -> None:
    lib = Library(library_location, busy_timeout=0.5)
    try:
        with exclusive_run(lib, "LocationDateClustering", "task x of a test"):
            other = Library(library_location, busy_timeout=0.5)
            try:
                with pytest.raises(RunLocked) as locked:
                    copy_library(other, tmp_path / "copy.db")
                assert locked.value.holder == "task x of a test"
            finally:
                other.close()
        assert not (tmp_path / "copy.db").exists()
        assert [p for p in tmp_path.iterdir() if p.name.endswith(".copying")] == []
        copy_library(lib, tmp_path / "copy.db")  # the run over, the copy goes ahead
    finally:
        lib.close()
