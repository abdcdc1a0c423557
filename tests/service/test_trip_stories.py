"""Stories made from a trip (SPEC §8 from §10), not only from a place's cluster: a home in Hangzhou and a
five-day trip Kyoto → Osaka → Tokyo with a camera that has no GPS (its photo's place estimated).  The
story holds the trip's files, is titled with its caption, draws its own stops in order, and is stored
under its TripId; a deleted trip's id is refused as an unknown cluster's is."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from app.service import ClusterOptions, ClusterQuery, ServiceError
from tests.factories.photos import make_jpeg
from tests.service.imm_view import path_of

HANGZHOU = (30.2741, 120.1551)
KYOTO = (35.0116, 135.7681)
OSAKA = (34.6937, 135.5023)
TOKYO = (35.6762, 139.6503)
PHONE = ("Apple", "iPhone 15", "")
DSLR = ("Canon", "Canon EOS R5", "023021002207")
ROUTE = (
    r'data-stop="(\d+)".*?class="tf-route-name"[^>]*>([^<]*)</text>'
    r'<text class="tf-route-days"[^>]*>([^<]*)<'
)


def shoot(
    folder: Path, place: tuple[float, float] | None, when: datetime, n: int = 1, *,
    offset: str | None = "+09:00", camera: tuple[str, str, str] = PHONE,
) -> None:  # fmt: skip
    for k in range(n):
        moment = when + timedelta(hours=2 * k)
        make_jpeg(folder / f"{moment:%Y%m%d_%H%M%S}_{camera[0]}.jpg", pixels=(64 + 8 * k, 48),
                  datetime_original=moment, offset=offset, gps=place, camera=camera)  # fmt: skip


@pytest.fixture
def japan(service, tmp_path: Path):
    """Hangzhou every week from January to May 2024; Kyoto (Apr 4–5), Osaka (Apr 6), Tokyo (Apr 7–8)."""
    photos = tmp_path / "photos"
    for week in range(20):
        shoot(photos / "home", HANGZHOU, datetime(2024, 1, 2, 18) + timedelta(days=7 * week), offset="+08:00")
    for day, place in ((4, KYOTO), (5, KYOTO), (6, OSAKA), (7, TOKYO), (8, TOKYO)):
        shoot(photos / "japan", place, datetime(2024, 4, day, 9), 3)
    shoot(photos / "japan", None, datetime(2024, 4, 7, 10, 30), offset=None, camera=DSLR)  # no GPS: estimated
    service.index_sources([str(photos)])
    task = service.create_location_date_clustering_task(ClusterOptions(levels=("city",)))
    assert task["Status"] == "Succeeded", task
    (trip,) = service.query_trips(with_files=True)
    assert [s.address.city for s in trip.stops] == ["Kyoto", "Osaka", "Tokyo"]
    assert trip.file_count == 16 and trip.estimated_count == 1
    return trip


def web_page(service, trip_id: str, dest: Path, **options: object) -> str:
    task = service.create_story(trip_id, str(dest), min_files=2, max_files=40, formats=["web"], **options)
    return (exported(task) / "index.html").read_text("utf-8")


def exported(task: dict) -> Path:
    assert task["Status"] == "Succeeded", task
    (export,) = task["Result"]["Exports"]
    return Path(unquote(urlparse(export["URI"]).path))


def test_an_album_of_a_trip_holds_the_files_picked_among_the_trips(service, japan, tmp_path: Path) -> None:
    preview = service.preview_highlights(japan.trip_id, min_files=2, max_files=8)
    trip_paths = {f.path for f in japan.files}
    assert {path_of(c["URI"]) for c in preview["Candidates"]} == trip_paths  # the trip's files, none of home
    chosen = [path_of(uri) for uri in preview["Files"]]
    assert len(chosen) == 8 and set(chosen) <= trip_paths
    estimated = next(f.path for f in japan.files if f.estimated)
    picked = sorted({*chosen[:5], estimated})  # the user's choice, with the photo placed by estimate
    album = exported(
        service.create_story(japan.trip_id, str(tmp_path / "out"), min_files=2, max_files=40,
                             files=[Path(p).as_uri() for p in picked], formats=["album"])
    )  # fmt: skip
    assert sorted(n.name.split("_", 2)[2] for n in album.iterdir()) == sorted(Path(p).name for p in picked)
    assert album.name.startswith("5 days in Japan")  # the folder is named after the trip's caption
    (story,) = service.query_stories(japan.trip_id)
    assert story["ClusterObjectId"] == japan.trip_id and story["StoryName"] == "5 days in Japan"
    assert sorted(path_of(f["URI"]) for f in story["Files"]) == picked
    assert service.query_stories("location-date-cluster-nope") == []


def test_the_web_page_of_a_trip_draws_its_stops_in_order_under_its_caption(
    service, japan, tmp_path: Path
) -> None:
    service.update_trip(japan.trip_id, title="Cherry blossoms")
    page = web_page(service, japan.trip_id, tmp_path / "out")
    assert "<title>Cherry blossoms</title>" in page
    header = page[page.index("<header") : page.index("</header>")]
    assert "Cherry blossoms" in header and "Japan" in header and "Apr 4–8, 2024" in header
    drawing = page[page.index("<svg") : page.index("</svg>")]
    assert re.findall(ROUTE, drawing) == [
        ("1", "Kyoto", "Apr 4–5"), ("2", "Osaka", "Apr 6"), ("3", "Tokyo", "Apr 7–8"),
    ]  # fmt: skip
    (story,) = service.query_stories(japan.trip_id)
    assert story["StoryName"] == "Cherry blossoms"


def test_a_trips_story_in_chinese(service, japan, tmp_path: Path) -> None:
    page = web_page(service, japan.trip_id, tmp_path / "out", language="zh-Hans")
    assert "<title>日本5日游</title>" in page
    drawing = page[page.index("<svg") : page.index("</svg>")]
    assert re.findall(ROUTE, drawing) == [
        ("1", "京都", "4月4日–5日"), ("2", "大阪", "4月6日"), ("3", "东京", "4月7日–8日"),
    ]  # fmt: skip


def test_a_clusters_story_keeps_its_object_id_and_its_own_route(service, japan, tmp_path: Path) -> None:
    found = service.query_location_date_clusters(ClusterQuery())["LocationDateClusters"]
    kyoto = next(c["ObjectId"] for c in found if c["Addresses"][0].get("City") == "Kyoto")
    page = web_page(service, kyoto, tmp_path / "out")
    assert "<svg" not in page  # one city: no route, not the trip's
    (story,) = service.query_stories(kyoto)
    assert story["ClusterObjectId"] == kyoto and service.query_stories(japan.trip_id) == []


def test_a_deleted_or_unknown_trip_is_refused(service, japan, tmp_path: Path) -> None:
    service.delete_trip(japan.trip_id)
    for call in (
        lambda: service.create_story(japan.trip_id, str(tmp_path / "out"), formats=["album"]),
        lambda: service.preview_highlights(japan.trip_id),
        lambda: service.create_story("trip-nope"),
    ):
        with pytest.raises(ServiceError) as caught:
            call()
        assert caught.value.code == "ResourceNotFound" and "no trip with TripId" in str(caught.value)
    assert not (tmp_path / "out").exists()
