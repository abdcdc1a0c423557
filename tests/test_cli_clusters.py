"""The cluster commands as scripts and people use them (SPEC §9), on a library file and on a PostgreSQL
database (SPEC §13)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from tests.factories.photos import make_jpeg
from tests.test_cli import tripfold

HANGZHOU = (30.2741, 120.1551)
JIAXING = (30.7522, 120.7500)


@pytest.fixture
def library(tmp_path: Path, library_location: str) -> str:
    photos = tmp_path / "photos"
    for day, place in ((3, HANGZHOU), (4, HANGZHOU), (5, HANGZHOU), (6, JIAXING), (7, JIAXING), (8, JIAXING)):
        make_jpeg(photos / f"IMG_{day}.jpg", datetime_original=datetime(2024, 3, day, 9), gps=place)
    assert tripfold("index", str(photos), library=library_location).returncode == 0
    return library_location


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--gap-days", "-1"], "GapDays must be an integer from 0 to 99,999"),
        (["--min-days", "0"], "MinDays must be an integer from 1 to 99,999"),
        (["--max-days", "100000"], "MaxDays must be an integer from 1 to 99,999"),
        (["--min-days", "9", "--max-days", "2"], "MinDays (9) must not be greater than MaxDays (2)"),
        (["--levels", "city,planet"], "unknown level 'planet'"),
        (["--levels", "city,city"], "each level may be given once"),
        (["--levels", ""], "must name at least one"),
    ],
)
def test_bad_options_exit_2_with_the_option_named(library: str, args: list[str], message: str) -> None:
    out = tripfold("cluster", *args, library=library)
    assert out.returncode == 2 and message in out.stderr and out.stdout == ""
    assert json.loads(
        tripfold("tasks", "--json", "--type", "LocationDateClustering", library=library).stdout
    ) == {"Tasks": []}


def test_cluster_then_clusters_as_a_person_reads_them(library: str, tmp_path: Path) -> None:
    notify = tmp_path / "notify.jsonl"
    out = tripfold(
        "cluster", "--gap-days", "1", "--min-days", "1", "--max-days", "15", "--levels", "city,province",
        "--tag", "by=test", "--notify-file", str(notify), "--json", library=library,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    task = json.loads(out.stdout)
    assert task["Status"] == "Succeeded" and task["Tags"] == {"by": "test"}
    assert task["Result"]["ClustersCreated"] == 3
    assert json.loads(notify.read_text())["content"]["TaskId"] == task["TaskId"]
    listing = tripfold("clusters", library=library)
    assert "Hangzhou · Zhejiang, China  (city)" in listing.stdout
    assert "Mar 3–8, 2024 · 6 days · 6 photos" in listing.stdout
    page = json.loads(tripfold("clusters", "--json", "--levels", "province", library=library).stdout)
    assert set(page) == {"LocationDateClusters", "NextToken"} and page["NextToken"] == ""
    (zhejiang,) = page["LocationDateClusters"]
    assert zhejiang["LocationDateClusterLevel"] == "province" and zhejiang["FileCount"] == 6
    shown = tripfold("task", task["TaskId"], "--json", library=library)
    assert json.loads(shown.stdout)["TaskId"] == task["TaskId"]


def test_update_delete_and_restore(library: str) -> None:
    tripfold("cluster", "--levels", "city", library=library)
    first = json.loads(tripfold("clusters", "--json", library=library).stdout)["LocationDateClusters"][0]
    out = tripfold(
        "update-cluster", first["ObjectId"], "--title", "Lake <days>", "--label", "who=us", library=library
    )
    assert out.returncode == 0 and "Lake <days>" in out.stdout
    found = json.loads(tripfold("clusters", "--json", "--label", "who=us", library=library).stdout)
    assert [c["Title"] for c in found["LocationDateClusters"]] == ["Lake <days>"]
    missing = tripfold("update-cluster", "location-date-cluster-nope", "--title", "x", library=library)
    assert missing.returncode == 1 and "ResourceNotFound" in missing.stderr
    bad = tripfold("update-cluster", first["ObjectId"], "--label", "novalue", library=library)
    assert bad.returncode == 2 and "--label takes KEY=VALUE" in bad.stderr
    gone = tripfold("delete-cluster", first["ObjectId"], library=library)
    assert gone.returncode == 0 and "No photo or video was touched" in gone.stderr
    assert tripfold("delete-cluster", first["ObjectId"], library=library).returncode == 0
    tripfold("cluster", "--levels", "city", library=library)
    remaining = json.loads(tripfold("clusters", "--json", library=library).stdout)["LocationDateClusters"]
    assert first["ObjectId"] not in [c["ObjectId"] for c in remaining] and len(remaining) == 1
    assert tripfold("restore-clusters", library=library).returncode == 0
    tripfold("cluster", "--levels", "city", library=library)
    assert (
        len(json.loads(tripfold("clusters", "--json", library=library).stdout)["LocationDateClusters"]) == 2
    )


def test_paging_on_the_command_line(library: str) -> None:
    tripfold("cluster", "--levels", "city,province", library=library)
    first = tripfold("clusters", "--max-results", "2", "--json", library=library)
    page = json.loads(first.stdout)
    assert len(page["LocationDateClusters"]) == 2 and page["NextToken"]
    rest = json.loads(
        tripfold("clusters", "--next-token", page["NextToken"], "--json", library=library).stdout
    )
    assert len(rest["LocationDateClusters"]) == 1 and rest["NextToken"] == ""
    bad = tripfold("clusters", "--max-results", "500", library=library)
    assert bad.returncode == 2 and "MaxResults must be from 1 to 100" in bad.stderr


def test_story_exports_an_album(library: str, tmp_path: Path) -> None:
    tripfold("cluster", "--levels", "province", library=library)
    (zhejiang,) = json.loads(tripfold("clusters", "--json", library=library).stdout)["LocationDateClusters"]
    out = tripfold(
        "story", zhejiang["ObjectId"], str(tmp_path / "albums"), "--max-files", "4", "--json", library=library
    )
    assert out.returncode == 0, out.stderr
    task = json.loads(out.stdout)
    assert task["TaskType"] == "StoryCreation" and task["Result"]["FileCount"] == 4
    (album,) = (tmp_path / "albums").iterdir()
    assert len(list(album.iterdir())) == 4
    bad = tripfold(
        "story", zhejiang["ObjectId"], str(tmp_path / "albums"), "--min-files", "1", library=library
    )
    assert bad.returncode == 2 and "MinFileCount must be from 2 to 1,500" in bad.stderr
