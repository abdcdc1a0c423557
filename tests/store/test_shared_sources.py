"""Shared sources (SPEC §13): a source is stored once with a path per machine, its files relative to it, so
a moved or remounted archive is not indexed again and two machines each see their own paths."""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from app.core.places import Places
from app.service import Service, ServiceError
from app.service.clusters import ClusterQuery
from app.store import migrations, mounts
from app.store.library import Library
from app.store.models import SchemaVersion
from app.store.paths import from_store, to_store
from tests.factories.photos import make_jpeg

FIXTURES = Path(__file__).parent / "fixtures"
LATIN1 = os.fsdecode("café".encode("latin-1")) + ".jpg"  # a name that is not UTF-8


def _photos(folder: Path, service: Service) -> Path:
    """The sample trips, and one of their photos again under a name that is not UTF-8."""
    service.write_sample_photos(folder)
    first = sorted(folder.rglob("*.jpg"))[0]
    shutil.copy(first, first.parent / LATIN1)
    return folder


def _cluster(service: Service) -> None:
    service.create_location_date_clustering_task(service.clustering_options())


def _view(service: Service, folder: Path) -> dict[str, Any]:
    """What the user sees of clusters and trips, with each path made relative to ``folder``."""

    def rel(path: str | None) -> str | None:
        assert path is None or path.startswith(str(folder) + os.sep), path
        return None if path is None else os.path.relpath(path, folder)

    clusters = service.query_location_date_clusters(ClusterQuery(max_results=100, with_files=True)).clusters
    trips = service.query_trips(with_files=True)
    return {
        "clusters": sorted(
            (c.object_id, c.file_count, rel(c.cover_path), tuple(rel(f.path) for f in c.files or []))
            for c in clusters
        ),
        "trips": sorted(
            (t.trip_id, t.file_count, rel(t.cover_path), tuple(rel(f.path) for f in t.files or []))
            for t in trips
        ),
        "files": sorted(rel(f.path) for f in service.list_files()),
        "placed": sorted(rel(p) for p in service.placed_files().path),
    }


def test_a_moved_folder_told_to_tripfold_is_not_read_again(
    library_location: str, places: Places, tmp_path: Path
) -> None:
    service = Service(library_location, places=places)
    try:
        old = _photos(tmp_path / "photos", service)
        first = service.index_sources([str(old)])
        assert first.read == first.found > 80 and not first.failed
        _cluster(service)
        before = _view(service, old)
        assert len(before["clusters"]) > 5 and len(before["trips"]) > 3
        assert os.path.join("2023-08 Paris", LATIN1) in before["files"]

        new = tmp_path / "moved photos"
        old.rename(new)  # the user moves the archive (their own test media: a rename, nothing rewritten)
        assert service.add_mount(str(old), str(new)) == (str(old), str(new))
        assert [(s.path, s.file_count, s.mounted_here) for s in service.list_sources()] == [
            (str(new), first.found, True)
        ]
        assert _view(service, new) == before  # every path follows before anything is read

        again = service.index_sources([str(new)])
        assert (again.read, again.unchanged, again.missing) == (0, first.found, 0)
        _cluster(service)
        assert _view(service, new) == before  # the same clusters and trips with the same files
        assert os.fsencode(next(f.path for f in service.list_files() if f.path.endswith(LATIN1[-8:]))) == (
            os.fsencode(str(new)) + "/2023-08 Paris/café".encode("latin-1") + b".jpg"
        )
    finally:
        service.close()


def test_a_moved_folder_not_told_is_a_new_source(
    library_location: str, places: Places, tmp_path: Path
) -> None:
    """Without add-mount Tripfold cannot know the new folder is the old one: it is read as a new source,
    and the old one's files are missing (what add-mount spares)."""
    service = Service(library_location, places=places)
    try:
        old = tmp_path / "a"
        make_jpeg(old / "one.jpg", datetime_original=datetime(2024, 3, 1, 10))
        service.index_sources([str(old)])
        old.rename(tmp_path / "b")
        report = service.index_sources([str(tmp_path / "b")])
        assert report.read == 1
        assert len(service.list_sources()) == 2
    finally:
        service.close()


def test_add_mount_refuses_an_unknown_source_and_a_folder_of_another(
    library_location: str, places: Places, tmp_path: Path
) -> None:
    service = Service(library_location, places=places)
    try:
        for name in ("a", "b"):
            make_jpeg(tmp_path / name / "one.jpg", datetime_original=datetime(2024, 3, 1, 10))
            service.index_sources([str(tmp_path / name)])
        with pytest.raises(ServiceError, match="ResourceNotFound"):
            service.add_mount(str(tmp_path / "nowhere"), str(tmp_path / "a"))
        with pytest.raises(ServiceError, match="InvalidArgument"):
            service.add_mount(str(tmp_path / "a"), str(tmp_path / "b"))
        with pytest.raises(ServiceError, match="InvalidArgument"):  # the new folder must exist
            service.add_mount(str(tmp_path / "a"), str(tmp_path / "c"))
        assert [s.path for s in service.list_sources()] == [str(tmp_path / "a"), str(tmp_path / "b")]
    finally:
        service.close()


def test_two_machines_on_one_postgres_library_each_see_their_own_paths(
    postgres_url: str, places: Places, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Machine A indexes /…/nas-a; machine B sees the same archive at /…/nas-b (here a copy, as a second
    mount of one NAS would show it), says so, and indexes it without reading a file."""
    monkeypatch.setenv("TRIPFOLD_MACHINE_ID", "machine-a")
    a = Service(postgres_url, places=places)
    here = _photos(tmp_path / "nas-a", a)
    found = a.index_sources([str(here)]).found
    _cluster(a)
    seen_by_a = _view(a, here)

    monkeypatch.setenv("TRIPFOLD_MACHINE_ID", "machine-b")
    b = Service(postgres_url, places=places)
    there = tmp_path / "nas-b"
    shutil.copytree(here, there)
    # before B says anything it sees the source where it was added, and says it has no mount of its own
    assert [(s.path, s.mounted_here) for s in b.list_sources()] == [(str(here), False)]
    b.add_mount(str(here), str(there))
    report = b.index_sources([str(there)])
    assert (report.read, report.unchanged, report.missing) == (0, found, 0)
    assert _view(b, there) == seen_by_a
    assert [(s.path, s.mounted_here) for s in b.list_sources()] == [(str(there), True)]

    assert _view(a, here) == seen_by_a  # A still sees its own paths in the same library
    assert [s.path for s in a.list_sources()] == [str(here)]
    a.close()
    b.close()


def test_a_version_6_library_keeps_its_absolute_paths_as_this_machines_mount(
    tmp_path: Path, places: Places
) -> None:
    path = tmp_path / "library.db"
    shutil.copy(FIXTURES / "library-v6.db", path)
    old = sqlite3.connect(path)
    paths = sorted(from_store(p) for (p,) in old.execute("SELECT path FROM media_file"))
    covers = sorted(from_store(p) for (p,) in old.execute(
        "SELECT m.path FROM cluster c JOIN media_file m ON m.id = c.cover_id"
    ))  # fmt: skip
    old.close()
    assert len(paths) == 86 and all(p.startswith("/tmp/fx6/photos/") for p in paths)
    assert any(os.fsencode(p).endswith("caf\xe9.jpg".encode("latin-1")) for p in paths)

    service = Service(path, places=places)
    try:
        assert SchemaVersion.select(SchemaVersion.version).scalar(service.lib.db) == migrations.SCHEMA_VERSION
        stored = [p for (p,) in service.lib.execute("SELECT path FROM media_file")]
        assert not any(p.startswith("/") for p in stored)  # relative to the source now
        assert sorted(f.path for f in service.list_files()) == paths
        clusters = service.query_location_date_clusters(ClusterQuery(max_results=100)).clusters
        assert sorted(c.cover_path for c in clusters if c.cover_path) == covers
        sources = service.list_sources()
        assert [(s.path, s.file_count, s.mounted_here) for s in sources] == [("/tmp/fx6/photos", 86, False)]
    finally:
        service.close()


def test_a_version_6_postgres_library_is_upgraded(
    postgres_url: str, places: Places, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PostgreSQL library as version 6 left it (whole paths, no mounts) keeps every file at its path."""
    folder = tmp_path / "photos"
    make_jpeg(folder / "x" / "one.jpg", datetime_original=datetime(2024, 3, 1, 10))
    make_jpeg(folder / LATIN1, datetime_original=datetime(2024, 3, 2, 10))
    service = Service(postgres_url, places=places)
    service.index_sources([str(folder)])
    before = sorted(f.path for f in service.list_files())
    _as_version_6(service.lib)
    service.close()

    upgraded = Service(postgres_url, places=places)
    try:
        assert sorted(f.path for f in upgraded.list_files()) == before
        assert upgraded.index_sources([str(folder)]).read == 0
        assert len(upgraded.list_sources()) == 1
    finally:
        upgraded.close()


def _as_version_6(lib: Library) -> None:
    """Turn a library back into version 6's shape: whole paths, one unique path per file, no mounts."""
    with lib.write():
        lib.execute(
            "UPDATE media_file SET path = (SELECT s.path FROM source s WHERE s.id = source_id) || '/' || path"
        )
        lib.execute('DROP INDEX "media_file_source_id_path"')
        lib.execute('CREATE UNIQUE INDEX "media_file_path" ON "media_file" ("path")')
        lib.execute('DROP INDEX "source_path"')
        lib.execute('CREATE UNIQUE INDEX "source_path" ON "source" ("path")')
        lib.execute('DROP TABLE "source_mount"')
        lib.execute("UPDATE schema_version SET version = 6")


def test_add_mount_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    library = str(tmp_path / "library.db")
    old = tmp_path / "photos"
    make_jpeg(old / "one.jpg", datetime_original=datetime(2024, 3, 1, 10))
    assert main(["--library", library, "index", str(old)]) == 0
    new = tmp_path / "elsewhere"
    old.rename(new)
    capsys.readouterr()
    assert main(["--library", library, "add-mount", str(old), str(new)]) == 0
    assert str(new) in capsys.readouterr().out
    assert main(["--library", library, "index", str(new)]) == 0
    assert "0 read, 1 unchanged" in capsys.readouterr().out
    assert main(["--library", library, "add-mount", str(tmp_path / "unknown"), str(new)]) == 1
    assert "no source is known as" in capsys.readouterr().err


def test_paths_read_in_bulk_are_those_read_one_by_one() -> None:
    """The map's bulk join gives each file the path :func:`mounts.absolute` gives, names not UTF-8 too."""
    mount_of = {1: "/mnt/" + LATIN1, 2: "/media/照片/", 3: "/"}
    stored = [to_store("x/" + LATIN1), "y.jpg", "/whole/z.jpg", "照片.jpg"]
    for source_id in mount_of:
        one_by_one = [mounts.absolute(mount_of, source_id, p) for p in stored]
        assert mounts.absolute_many(mount_of, [source_id] * len(stored), stored) == one_by_one
    assert mounts.absolute(mount_of, 1, stored[0]) == f"/mnt/{LATIN1}/x/{LATIN1}"
    assert mounts.absolute(mount_of, 3, "y.jpg") == "/y.jpg"
