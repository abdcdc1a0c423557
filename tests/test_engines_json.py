"""The same media gives the same output, byte for byte, on SQLite and on PostgreSQL (SPEC §13): every
listing command's ``--json`` (files, clusters, trips, homes, tasks, task), in English and in Chinese, with
filters, sorts and pages, before and after the user's edits, and the same listings as text, all run through
the command line against a library file and against a database on a throwaway server.

Only what no two runs share is set aside: the ids made at random (TaskId, ObjectId, TripId, HomeId:
numbered in order of first appearance across the whole run, so an id that one listing shares with another
must be shared on both engines) and the moments of the run.  A paging token is compared as it is: it holds
a cluster's day and row id, which must be the same on both."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.core.clustering import ClusterOptions
from app.service import ClusterQuery, Service
from app.store.trips import cities_named
from tests.engines import PostgresServer, location_args
from tests.factories.photos import make_jpeg

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
PARIS = (48.8566, 2.3522)
KYOTO = (35.0116, 135.7681)
HANGZHOU = (30.2741, 120.1551)
JIAXING = (30.7522, 120.7500)
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_NOW = re.compile(r'"(StartTime|EndTime|CreateTime|UpdateTime|CreatedAt|UpdatedAt)": "[^"]*"')
Run = Callable[..., str]


def _photos(folder: Path) -> list[str]:
    """A home in Paris, a week in Kyoto in the middle, and three days in Zhejiang (two cities); the
    shared corpus's good and bad files beside them where it is on this machine."""
    start = datetime(2024, 1, 1, 9)
    for n in range(40):
        day = start + timedelta(days=n)
        away = 15 <= n < 22
        make_jpeg(folder / f"{n:02}.jpg", datetime_original=day, offset="+09:00" if away else "+01:00",
                  gps=KYOTO if away else PARIS)  # fmt: skip
    for n, place in enumerate((HANGZHOU, HANGZHOU, JIAXING)):
        when = datetime(2024, 5, 3 + n, 10)
        make_jpeg(folder / "zhejiang" / f"IMG_{n}.jpg", datetime_original=when, offset="+08:00", gps=place)
    sources = [str(folder)]
    if (CORPUS / "good").is_dir():
        sources += [str(CORPUS / "good"), str(CORPUS / "bad")]
    return sources


def _runner(library: str) -> Run:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for name in ("TRIPFOLD_LIBRARY", "TRIPFOLD_DB_URL"):
        env.pop(name, None)

    def run(*command: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "app", *location_args(library), *command], capture_output=True, text=True,
            env=env, timeout=300, encoding="utf-8",
        )  # fmt: skip
        assert done.returncode == 0, (command, done.stderr)
        return done.stdout

    return run


def _scenario(run: Run, sources: list[str]) -> list[tuple[str, str]]:
    """What a script does with a library, step by step: (the command, its output)."""
    outputs: list[tuple[str, str]] = []

    def step(*command: str) -> str:
        text = run(*command)
        outputs.append((" ".join(command), text))
        return text

    index = json.loads(step("index", *sources, "--json"))
    step("cluster", "--json")
    listings = (
        ("files", "--json"), ("files", "--json", "--status", "error"),
        ("files", "--json", "--status", "no_place"), ("files", "--json", "--language", "zh-Hans"), ("files",),
        ("clusters", "--json"), ("clusters", "--json", "--levels", "city", "--with-files"),
        ("clusters", "--json", "--sort", "LocationDateClusterEndTime", "--order", "desc"),
        ("clusters", "--json", "--address", "City=Kyoto"), ("clusters", "--json", "--language", "zh-Hans"),
        ("clusters",),
        ("trips", "--json", "--with-files"), ("trips", "--json", "--language", "zh-Hans"),
        ("trips", "--json", "--year", "2024", "--text", "kyoto"), ("trips",),
        ("homes", "--json"), ("homes", "--json", "--language", "zh-Hans"), ("homes",),
        ("tasks", "--json"), ("task", index["TaskId"], "--json"),
    )  # fmt: skip
    for command in listings:
        step(*command)
    page = json.loads(step("clusters", "--json", "--levels", "city,country", "--max-results", "2"))
    while page["NextToken"]:
        page = json.loads(step("clusters", "--json", "--max-results", "2", "--next-token", page["NextToken"]))
    # the user's edits, then the listings again
    first = json.loads(run("clusters", "--json", "--levels", "city"))["LocationDateClusters"][0]
    step("update-cluster", first["ObjectId"], "--title", "Lake <days>", "--label", "who=us")
    step("clusters", "--json", "--label", "who=us")
    step("clusters", "--json", "--title", "lake")
    trips = json.loads(run("trips", "--json"))["Trips"]
    step("update-trip", trips[0]["TripId"], "--title", "Spring", "--label", "with=Mei")
    step("add-home", "Kyoto", "--from", "2024-01-20")
    step("cluster", "--json")
    for command in (("trips", "--json"), ("homes", "--json"), ("clusters", "--json"), ("tasks", "--json")):
        step(*command)
    return outputs


def _normal(outputs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    ids: dict[str, int] = {}  # across the whole run: an id means the same thing in every listing

    def normal(text: str) -> str:
        text = _UUID.sub(lambda m: f"<id {ids.setdefault(m.group(0), len(ids))}>", text)
        return _NOW.sub(r'"\1": "<moment of the run>"', text)

    return [(_UUID.sub("<id>", command), normal(text)) for command, text in outputs]


def test_the_output_is_the_same_byte_for_byte_on_both_engines(tmp_path: Path, postgres_url: str) -> None:
    sources = _photos(tmp_path / "photos")
    on_file = _normal(_scenario(_runner(str(tmp_path / "library.db")), sources))
    on_server = _normal(_scenario(_runner(postgres_url), sources))
    shown = dict(on_file)
    assert '"TripId"' in shown["trips --json --with-files"]  # there are trips to compare,
    assert '"HomeId"' in shown["homes --json"]  # a home,
    assert '"Status": "error"' in shown["files --json --status error"] or not (CORPUS / "bad").is_dir()
    assert len([c for c, _ in on_file if "--next-token" in c]) >= 2  # and pages after the first
    assert [c for c, _ in on_server] == [c for c, _ in on_file]
    for (command, file_text), (_, server_text) in zip(on_file, on_server, strict=True):
        assert server_text == file_text, command


def test_counts_by_status_come_in_one_order_on_both_engines(tmp_path: Path, any_service: Service) -> None:
    """The library's counts by status, as the window shows them: PostgreSQL groups by hashing and gave
    no_time first where SQLite gave error first, until the store asked for the statuses' order."""
    folder = tmp_path / "photos"
    make_jpeg(folder / "ok.jpg", datetime_original=datetime(2024, 1, 1, 9), gps=PARIS)
    make_jpeg(folder / "no_place.jpg", datetime_original=datetime(2024, 1, 1, 9))
    for n in range(2):
        make_jpeg(folder / f"no_time_{n}.jpg", datetime_original=None, gps=PARIS)
    (folder / "broken.jpg").write_bytes(b"\xff\xd8 not a photo")
    any_service.index_sources([str(folder)])
    summary = any_service.library_summary()
    assert list(summary.items()) == [("error", 1), ("no_place", 1), ("no_time", 2), ("ok", 1)]


def test_only_ascii_letters_match_in_either_case_on_both_engines(
    tmp_path: Path, places: Any, postgres_server: PostgresServer
) -> None:
    """Letters outside A-Z match only in their own case, on both engines and whatever the server's
    locale.  Before, `--address City=Évora` found nothing on either engine (Python lowered the value
    fully, the database only A-Z), and the city `add-home` looks up was found on SQLite but not on a
    server made in a UTF-8 locale (its LOWER(?) folded 'É', the column's "C" collation did not)."""
    try:
        url = postgres_server.create(ctype="C.UTF-8")
    except Exception as exc:  # a server without that locale
        pytest.skip(f"no C.UTF-8 locale on this server: {exc}")
    make_jpeg(tmp_path / "photos" / "a.jpg", datetime_original=datetime(2024, 3, 3, 9), gps=HANGZHOU)
    found: dict[str, list[list[str]]] = {}
    try:
        for location in (str(tmp_path / "library.db"), url):
            service = Service(location, places=places)
            service.index_sources([str(tmp_path / "photos")])
            with service.lib.write():  # a city whose name starts with a capital outside A-Z
                service.lib.execute("UPDATE media_file SET city = ?", ("Évora",))
            service.create_location_date_clustering_task(ClusterOptions(1, 1, 15, ("city",)))
            (cluster,) = service.query_location_date_clusters(ClusterQuery()).clusters
            service.update_location_date_cluster(cluster.object_id, title="Été à Évora")
            queries = [ClusterQuery(title=t) for t in ("Été", "été", "ÉTÉ", "à é", "ÉvORA", "évora")]
            queries += [ClusterQuery(address={"City": c}) for c in ("Évora", "ÉVORA", "évora")]
            found[location] = [
                [c.title for c in service.query_location_date_clusters(q).clusters] for q in queries
            ]
            names = ("Évora", "ÉVORA", "évora")  # how add-home CITY finds the city
            found[location].append([row[2] for n in names for row in cities_named(service.lib, n)])
            service.close()
    finally:
        postgres_server.drop(url)
    on_file, on_server = found.values()
    title = ["Été à Évora"]
    assert on_file == [title, [], [], [], title, [], title, title, [], ["Évora", "Évora"]]
    assert on_server == on_file
