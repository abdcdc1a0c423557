"""The trips block of the command line (SPEC §9): JSON shapes, edits kept by reruns, bad arguments refused;
on a library file and on a PostgreSQL database (SPEC §13)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.engines import ENGINES, copy_location, new_location
from tests.test_cli import tripfold

TRIP_KEYS = {
    "TripId", "Title", "Caption", "Place", "Countries", "StartTime", "EndTime", "Days", "FileCount",
    "EstimatedFileCount", "CoverURI", "Stops", "ClusterIds", "CustomLabels", "CreateTime", "UpdateTime",
}  # fmt: skip


@pytest.fixture(scope="module", params=ENGINES)
def samples(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The sample trips, drawn and folded once per engine; each test works on its own copy of the library."""
    folder = tmp_path_factory.mktemp("samples")
    location = new_location(request, request.param, folder)
    out = tripfold("demo", str(folder / "photos"), library=location)
    assert out.returncode == 0, out.stderr
    return location


@pytest.fixture
def library(request: pytest.FixtureRequest, samples: str, tmp_path: Path) -> str:
    return copy_location(request, samples, tmp_path)


def trips(library: str, *args: str) -> list[dict]:
    out = tripfold("trips", "--json", *args, library=library)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)["Trips"]


def test_trips_json_has_the_shape_of_the_spec(library: str) -> None:
    found = trips(library, "--with-files")
    assert [t["Caption"] for t in found] == [
        "4 days in Paris", "3 days in Sydney", "5 days in Zhejiang", "3 days in Kyoto",
        "Weekend in San Francisco",
    ]  # fmt: skip
    zhejiang = found[2]
    assert set(zhejiang) == TRIP_KEYS | {"Files"}
    assert [s["City"] for s in zhejiang["Stops"]] == ["Hangzhou", "Jiaxing"]
    assert zhejiang["Place"] == {"Country": "China", "Province": "Zhejiang", "City": ""}
    assert zhejiang["StartTime"] == "2024-03-03T00:00:00.000+08:00" and zhejiang["Days"] == 5
    assert zhejiang["Files"][0]["URI"].startswith("file://") and zhejiang["Files"][0]["Estimated"] is False
    assert len(zhejiang["ClusterIds"]) == 2
    assert [t["Caption"] for t in trips(library, "--year", "2023")] == ["4 days in Paris", "3 days in Sydney"]
    assert [t["Caption"] for t in trips(library, "--text", "jiaxing")] == ["5 days in Zhejiang"]
    homes = json.loads(tripfold("homes", "--json", library=library).stdout)
    assert homes == {"Homes": []}  # six short trips: no place was lived in


def test_edits_from_the_command_line_survive_a_rerun(library: str) -> None:
    paris, sydney, *_ = trips(library)
    assert (
        tripfold(
            "update-trip", paris["TripId"], "--title", "Summer", "--label", "with=Mei", library=library
        ).returncode
        == 0
    )
    merged = tripfold("merge-trips", sydney["TripId"], paris["TripId"], library=library)
    assert merged.returncode == 0, merged.stderr
    assert tripfold("cluster", "--levels", "country", library=library).returncode == 0
    first = trips(library)[0]
    assert (first["TripId"], first["Title"], first["CustomLabels"]) == (
        paris["TripId"],
        "Summer",
        {"with": "Mei"},
    )
    assert first["Countries"] == ["France", "Australia"] and first["Days"] == 140
    split = tripfold("split-trip", first["TripId"], "--at", "2023-12-27", library=library)
    assert split.returncode == 0, split.stderr
    assert [t["TripId"] == paris["TripId"] for t in trips(library)[:2]] == [True, False]


def test_homes_from_the_command_line(library: str) -> None:
    added = tripfold("add-home", "Kyoto", "--from", "2024-01-01", library=library)
    assert added.returncode == 0, added.stderr
    (home,) = json.loads(tripfold("homes", "--json", library=library).stdout)["Homes"]
    assert (home["City"], home["Source"], home["From"], home["To"]) == ("Kyoto", "user", "2024-01-01", "")
    assert "3 days in Kyoto" not in [t["Caption"] for t in trips(library)]  # at home now
    assert tripfold("remove-home", home["HomeId"], library=library).returncode == 0
    assert "3 days in Kyoto" in [t["Caption"] for t in trips(library)]


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["split-trip", "trip-nope", "--at", "2024-03-04"], 1, "ResourceNotFound"),
        (["split-trip", "{zhejiang}", "--at", "2024-03-03"], 2, "must be after the trip's first day"),
        (["split-trip", "{zhejiang}", "--at", "March"], 2, "--at takes a date as YYYY-MM-DD"),
        (["merge-trips", "{zhejiang}"], 2, "at least two"),
        (["add-home", "30.2,120.1", "--radius-km", "-1"], 2, "RadiusKm must be a number above 0"),
        (["add-home", "Atlantis"], 2, "no city called 'Atlantis' among your photos"),
        (["remove-home", "home-nope"], 1, "no home with HomeId home-nope"),
        (["cluster", "--trip-gap-days", "-1"], 2, "TripGapDays must be an integer from 0"),
        (["cluster", "--away-km", "0"], 2, "AwayKm"),
        (["update-trip", "trip-nope", "--title", "x"], 1, "no trip with TripId trip-nope"),
    ],
)
def test_bad_arguments_are_refused_naming_the_problem(
    library: str, args: list[str], status: int, message: str
) -> None:
    zhejiang = trips(library, "--text", "Hangzhou")[0]["TripId"]
    out = tripfold(*[a.format(zhejiang=zhejiang) for a in args], library=library)
    assert out.returncode == status, out.stderr
    assert message in out.stderr and "Traceback" not in out.stderr
