"""``tripfold story`` takes a trip's id as well as a place's (SPEC §8, §9): the sample trips' "5 days in
Zhejiang" (Hangzhou → Jiaxing) becomes an album and a web page with its route, titled with its caption;
on a library file and on a PostgreSQL database (SPEC §13)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from tests import test_cli_trips
from tests.test_cli import tripfold

# the sample trips, drawn once per engine, a copy per test: the fixtures of the trips' tests
samples, library = test_cli_trips.samples, test_cli_trips.library


def zhejiang(library: str) -> dict:
    out = tripfold("trips", "--json", "--with-files", "--text", "Zhejiang", library=library)
    (trip,) = json.loads(out.stdout)["Trips"]
    assert trip["Caption"] == "5 days in Zhejiang"
    return trip


def test_a_trips_album_and_web_page_from_the_command_line(library: str, tmp_path: Path) -> None:
    trip = zhejiang(library)
    out = tripfold("story", trip["TripId"], str(tmp_path / "out"), "--max-files", "6", "--format", "album",
                   "--format", "web", "--json", library=library)  # fmt: skip
    assert out.returncode == 0, out.stderr
    task = json.loads(out.stdout)
    assert task["Status"] == "Succeeded" and task["Result"]["FileCount"] == 6
    album, web = (Path(unquote(urlparse(e["URI"]).path)) for e in task["Result"]["Exports"])
    assert album.name == "5 days in Zhejiang" and len(list(album.iterdir())) == 6
    names = {Path(unquote(urlparse(f["URI"]).path)).name for f in trip["Files"]}
    assert {p.name.split("_", 2)[2] for p in album.iterdir()} <= names  # the trip's own files
    page = (web / "index.html").read_text("utf-8")
    assert "<title>5 days in Zhejiang</title>" in page
    assert re.findall(r'class="tf-route-name"[^>]*>([^<]*)<', page) == ["Hangzhou", "Jiaxing"]


def test_the_help_names_both_ids_and_an_unknown_trip_is_refused(library: str, tmp_path: Path) -> None:
    shown = tripfold("story", "--help", library=library)
    assert "a trip's or a place's id" in " ".join(shown.stdout.split())
    out = tripfold("story", "trip-nope", str(tmp_path / "out"), library=library)
    assert out.returncode != 0 and "ResourceNotFound" in out.stderr
    assert "no trip with TripId trip-nope" in out.stderr
    assert not (tmp_path / "out").exists()
