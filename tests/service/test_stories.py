"""Stories through the service: highlights stored, albums exported without touching the originals."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from app.core.progress import CancelToken
from app.service import ClusterOptions, ClusterQuery, Service, ServiceError
from tests.factories.photos import make_jpeg

HANGZHOU = (30.2741, 120.1551)


@pytest.fixture
def trip(service: Service, tmp_path: Path) -> str:
    """A three-day trip of 12 photos; returns its city cluster's ObjectId."""
    for day in range(3):
        for shot in range(4):
            when = datetime(2024, 3, 3, 9) + timedelta(days=day, hours=2 * shot)
            make_jpeg(
                tmp_path / "trip" / f"IMG_{day}{shot}.jpg",
                pixels=(64 + 8 * shot, 48),
                datetime_original=when,
                gps=HANGZHOU,
            )
    service.index_sources([str(tmp_path / "trip")])
    service.create_location_date_clustering_task(ClusterOptions(levels=("city",)))
    (cluster,) = service.query_location_date_clusters(ClusterQuery())["LocationDateClusters"]
    return cluster["ObjectId"]


def local(uri: str) -> Path:
    return Path(unquote(urlparse(uri).path))


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.jpg"))}


def test_an_album_of_highlights_leaves_the_originals_untouched(
    service: Service, trip: str, tmp_path: Path
) -> None:
    before = digests(tmp_path / "trip")
    task = service.create_story(trip, str(tmp_path / "out"), max_files=6, formats=["album"])
    assert task["Status"] == "Succeeded" and task["TaskType"] == "StoryCreation"
    (export,) = task["Result"]["Exports"]
    album = local(export["URI"])
    names = sorted(p.name for p in album.iterdir())
    assert len(names) == 6 and names[0].startswith("2024-03-03_") and names[0].endswith(".jpg")
    assert {n[:10] for n in names} == {"2024-03-03", "2024-03-04", "2024-03-05"}  # every day
    assert digests(tmp_path / "trip") == before
    assert not list((tmp_path / "out").glob(".*"))  # no partial folder left
    again = service.create_story(trip, str(tmp_path / "out"), max_files=6, formats=["album"])
    second = local(again["Result"]["Exports"][0]["URI"])
    assert second != album and second.name.endswith("(2)") and len(list(album.iterdir())) == 6


def test_hard_links_on_request(service: Service, trip: str, tmp_path: Path) -> None:
    task = service.create_story(
        trip, str(tmp_path / "out"), min_files=2, max_files=3, formats=["album"], hardlink=True
    )
    album = local(task["Result"]["Exports"][0]["URI"])
    assert all(p.stat().st_nlink == 2 for p in album.iterdir())


def test_the_story_is_stored_and_can_be_renamed_recovered_and_deleted(service: Service, trip: str) -> None:
    task = service.create_story(trip, max_files=5)
    (story,) = service.query_stories(trip)
    assert story["ObjectId"] == task["Result"]["StoryId"] and story["StoryType"] == "TravelMemory"
    assert len(story["Files"]) == 5 and story["CoverURI"] in [f["URI"] for f in story["Files"]]
    other = next(f["URI"] for f in story["Files"] if f["URI"] != story["CoverURI"])
    updated = service.update_story(story["ObjectId"], name="Spring", cover_uri=other)
    assert (updated["StoryName"], updated["CoverURI"]) == ("Spring", other)
    with pytest.raises(ServiceError, match="one of the story's files"):
        service.update_story(story["ObjectId"], cover_uri="file:///elsewhere.jpg")
    service.delete_story(story["ObjectId"])
    service.delete_story(story["ObjectId"])  # twice is fine
    assert service.query_stories(trip) == []


def test_too_few_candidates_give_an_empty_story_and_no_album(
    service: Service, trip: str, tmp_path: Path
) -> None:
    task = service.create_story(trip, str(tmp_path / "out"), min_files=20, max_files=40, formats=["album"])
    assert task["Status"] == "Succeeded" and task["Result"]["FileCount"] == 0
    assert "fewer than MinFileCount 20" in task["Message"] and task["Result"]["Exports"] == []
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_cancel_leaves_no_folder(service: Service, trip: str, tmp_path: Path) -> None:
    token = CancelToken()

    def cancel_while_copying(p) -> None:
        if p.phase == "album" and p.done == 2:
            token.cancel()

    task = service.create_story(trip, str(tmp_path / "out"), max_files=8, formats=["album"],
                                progress=cancel_while_copying, cancel=token)  # fmt: skip
    assert task["Status"] == "Cancelled"
    assert list((tmp_path / "out").iterdir()) == []
    assert service.query_stories(trip) == []  # nothing of the cancelled story is kept


def test_a_cancel_in_the_second_format_undoes_the_first(service: Service, trip: str, tmp_path: Path) -> None:
    token = CancelToken()

    def cancel_in_web(p) -> None:
        if p.phase == "web":
            token.cancel()

    task = service.create_story(trip, str(tmp_path / "out"), max_files=6, formats=["album", "web"],
                                progress=cancel_in_web, cancel=token)  # fmt: skip
    assert task["Status"] == "Cancelled" and list((tmp_path / "out").iterdir()) == []


def test_a_title_with_slashes_is_one_folder(service: Service, trip: str, tmp_path: Path) -> None:
    task = service.create_story(
        trip, str(tmp_path / "out"), max_files=5, formats=["album"], name="Lake/days: 2024"
    )
    (folder,) = (tmp_path / "out").iterdir()
    assert folder.name == "Lake-days- 2024" and task["Status"] == "Succeeded"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"min_files": 1}, "MinFileCount must be from 2 to 1,500"),
        ({"max_files": 1501}, "MaxFileCount must be from 1 to 1,500"),
        ({"min_files": 9, "max_files": 3}, "MinFileCount (9) must not be greater than MaxFileCount (3)"),
        ({"formats": ["gif"]}, "format must be one of album, web, reel"),
    ],
)
def test_bad_story_options(service: Service, trip: str, tmp_path: Path, options: dict, message: str) -> None:
    with pytest.raises(ServiceError, match=message.replace("(", r"\(").replace(")", r"\)")):
        service.create_story(trip, str(tmp_path), **options)


def test_an_unknown_cluster(service: Service) -> None:
    with pytest.raises(ServiceError) as caught:
        service.create_story("location-date-cluster-nope")
    assert caught.value.code == "ResourceNotFound"


def test_a_reel_that_plays_back(service: Service, trip: str, tmp_path: Path) -> None:
    import av

    task = service.create_story(trip, str(tmp_path / "out"), min_files=2, max_files=2, formats=["reel"])
    assert task["Status"] == "Succeeded", task
    folder = local(task["Result"]["Exports"][0]["URI"])
    with av.open(str(folder / "highlights.mp4")) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264" and (stream.width, stream.height) == (1920, 1080)
        assert stream.average_rate == 30
        frames = sum(1 for _ in container.decode(stream))
    # a 2.5 s title card, then per photo a 0.4 s cross-fade and 3 s of pan and zoom
    assert frames == 75 + 2 * (12 + 90)


def test_a_relative_destination_is_taken_from_the_current_folder(
    service: Service, trip: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    task = service.create_story(trip, "out", max_files=5, formats=["album", "web"])
    assert task["Status"] == "Succeeded", task["Message"]
    folders = [local(e["URI"]) for e in task["Result"]["Exports"]]
    assert all(f.is_absolute() and f.parent == tmp_path / "out" and f.is_dir() for f in folders)


def test_an_exporter_that_fails_in_any_way_ends_the_story_failed_and_undone(
    service: Service, trip: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer raising something that is not an OSError used to leave the task Running for ever."""
    from app.core import webstory

    def broken(*args, **kwargs):
        raise ValueError("the page template is broken")

    monkeypatch.setattr(webstory, "write_web", broken)
    with pytest.raises(ValueError, match="template"):
        service.create_story(trip, str(tmp_path / "out"), max_files=5, formats=["album", "web"])
    (task,) = service.list_tasks("StoryCreation")
    assert task["Status"] == "Failed" and "template is broken" in task["Message"]
    assert task["Result"]["FileCount"] == 5  # what was picked, though nothing was kept
    assert service.query_stories() == []
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_the_chosen_cover_is_the_web_pages_cover(service: Service, trip: str, tmp_path: Path) -> None:
    preview = service.preview_highlights(trip, max_files=5)
    chosen = preview["Files"][-1]
    assert chosen != preview["CoverURI"]
    task = service.create_story(
        trip, str(tmp_path / "out"), formats=["web"], files=preview["Files"], cover_uri=chosen
    )
    page = (local(task["Result"]["Exports"][0]["URI"]) / "index.html").read_text()
    position = preview["Files"].index(chosen) + 1  # the page numbers its photos in the story's order
    assert f'class="cover" src="media/{position:04d}.jpg"' in page
