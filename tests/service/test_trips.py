"""Trips and homes through the service on real photos (SPEC §10): a home in Hangzhou, a day trip to Jiaxing,
a weekend in Kyoto where a camera without GPS stands beside a phone, and a lone snapshot in Paris."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from app.core.trips import TripOptions
from app.service import ClusterOptions, ServiceError
from tests.factories.photos import make_jpeg

HANGZHOU = (30.2741, 120.1551)
JIAXING = (30.7522, 120.7500)
KYOTO = (35.0116, 135.7681)
PARIS = (48.8566, 2.3522)
PHONE = ("Apple", "iPhone 15", "")
DSLR = ("Canon", "Canon EOS R5", "023021002207")


def shoot(
    folder: Path, place: tuple[float, float] | None, when: datetime, n: int = 1, *,
    offset: str | None = "+08:00", camera: tuple[str, str, str] = PHONE,
) -> None:  # fmt: skip
    for k in range(n):
        moment = when + timedelta(minutes=20 * k)
        make_jpeg(folder / f"{moment:%Y%m%d_%H%M%S}_{camera[0]}.jpg", datetime_original=moment, offset=offset,
                  gps=place, camera=camera)  # fmt: skip


@pytest.fixture
def life(service, tmp_path: Path):
    """Hangzhou every week of early 2024, a Saturday in Jiaxing, a weekend in Kyoto, a snapshot in Paris."""
    photos = tmp_path / "photos"
    for week in range(13):  # 2024-01-02 .. 2024-03-26: 13 photo-days over 85 days
        shoot(photos / "home", HANGZHOU, datetime(2024, 1, 2, 18) + timedelta(days=7 * week))
    shoot(photos / "jiaxing", JIAXING, datetime(2024, 2, 17, 10), 3)  # a Saturday, 80 km away
    shoot(photos / "kyoto", KYOTO, datetime(2024, 3, 9, 10), 3, offset="+09:00")  # Saturday and Sunday
    shoot(photos / "kyoto", KYOTO, datetime(2024, 3, 10, 10), 2, offset="+09:00")
    shoot(photos / "kyoto", None, datetime(2024, 3, 10, 10, 30), offset=None, camera=DSLR)  # no GPS, no zone
    shoot(photos / "paris", PARIS, datetime(2024, 2, 1, 12), offset="+01:00")
    service.index_sources([str(photos)])
    task = service.create_location_date_clustering_task(ClusterOptions(levels=("city", "province")))
    assert task["Status"] == "Succeeded", task
    return service, task, photos


def captions(service) -> list[str]:
    return [t.caption for t in service.query_trips()]


def test_a_home_two_trips_and_why_the_rest_is_in_none(life) -> None:
    service, task, _ = life
    assert captions(service) == ["Day trip to Jiaxing", "Weekend in Kyoto"]
    (home,) = service.list_homes()
    assert (home.source, home.address.city, home.first_day, home.last_day) == (
        "detected", "Hangzhou", date(2024, 1, 2), date(2024, 3, 26),
    )  # fmt: skip
    result = task["Result"]
    assert result["FilesEstimated"] == 1 and result["TripsCreated"] == 2
    assert result["FilesNotInTrips"]["AtHome"] == 13 and result["FilesNotInTrips"]["TooFewFiles"] == 1
    kyoto = service.query_trips(text="kyoto", with_files=True)[0]
    assert kyoto.estimated_count == 1 and kyoto.file_count == 6
    (borrowed,) = [f for f in kyoto.files if f.estimated]
    assert "Canon" in Path(borrowed.path).name and abs(borrowed.lat - KYOTO[0]) < 0.01
    assert kyoto.cluster_ids and kyoto.stops[0].address.city == "Kyoto"


def test_titles_survive_reruns_and_any_change_of_levels(life) -> None:
    service, _, _ = life
    jiaxing = service.query_trips(text="Jiaxing")[0]
    service.update_trip(jiaxing.trip_id, title="Lantern festival", custom_labels={"with": "Mei"})
    for levels in (("country",), ("district", "city"), ("city", "province")):
        service.create_location_date_clustering_task(ClusterOptions(levels=levels))
    kept = service.query_trips(trip_id=jiaxing.trip_id)[0]
    assert (kept.caption, kept.custom_labels) == ("Lantern festival", {"with": "Mei"})
    assert captions(service) == ["Lantern festival", "Weekend in Kyoto"]


def test_merge_and_split_are_kept_by_every_later_run(life) -> None:
    service, _, photos = life
    jiaxing, kyoto = service.query_trips()
    merged = service.merge_trips([kyoto.trip_id, jiaxing.trip_id])
    assert merged.trip_id == jiaxing.trip_id  # the trip that starts first keeps its id
    assert (merged.first_day, merged.last_day) == (date(2024, 2, 17), date(2024, 3, 10))
    assert [s.address.city for s in merged.stops] == ["Jiaxing", "Kyoto"]
    assert merged.caption == "China & Japan"
    shoot(photos / "later", KYOTO, datetime(2024, 3, 10, 16), offset="+09:00")  # new photos arrive
    service.index_sources([str(photos)])
    service.create_location_date_clustering_task(service.clustering_options())
    (again,) = service.query_trips()
    assert again.trip_id == jiaxing.trip_id and again.file_count == merged.file_count + 1
    parts = service.split_trip(again.trip_id, date(2024, 3, 9))
    assert [p.trip_id == jiaxing.trip_id for p in parts] == [True, False]
    service.create_location_date_clustering_task(service.clustering_options())
    assert [t.first_day for t in service.query_trips()] == [date(2024, 2, 17), date(2024, 3, 9)]
    assert service.query_trips()[0].trip_id == jiaxing.trip_id


def test_bad_merges_and_splits_are_refused_naming_the_problem(life) -> None:
    service, _, _ = life
    jiaxing, kyoto = service.query_trips()
    with pytest.raises(ServiceError, match="at least two"):
        service.merge_trips([jiaxing.trip_id, jiaxing.trip_id])
    with pytest.raises(ServiceError, match="ResourceNotFound"):
        service.merge_trips([jiaxing.trip_id, "trip-nope"])
    with pytest.raises(ServiceError, match="split day 2024-03-09 must be after the trip's first day"):
        service.split_trip(kyoto.trip_id, date(2024, 3, 9))
    with pytest.raises(ServiceError, match="InvalidArgument"):
        service.split_trip(kyoto.trip_id, date(2025, 1, 1))


def test_a_deleted_trip_stays_deleted_until_restored(life) -> None:
    service, _, _ = life
    jiaxing = service.query_trips()[0]
    service.delete_trip(jiaxing.trip_id)
    task = service.create_location_date_clustering_task(service.clustering_options())
    assert captions(service) == ["Weekend in Kyoto"]
    assert task["Result"]["FilesNotInTrips"]["InDeletedTrip"] == 3
    assert service.restore_trips() == 1
    assert captions(service) == ["Day trip to Jiaxing", "Weekend in Kyoto"]


def test_a_rejected_home_stays_rejected_and_a_users_home_wins(life) -> None:
    service, _, _ = life
    (detected,) = service.list_homes()
    service.remove_home(detected.home_id)
    assert service.list_homes() == []
    task = service.create_location_date_clustering_task(service.clustering_options())
    assert service.list_homes() == []  # not detected again
    assert task["Result"]["FilesNotInTrips"]["AtHome"] == 0  # with no home, everything is away
    assert captions(service) == ["Day trip to Jiaxing", "Japan & China"]  # Tuesday at home joins Kyoto
    city = service.city_address("hangzhou")
    assert city is not None and city.country == "China"
    mine = service.add_home(city=city, first_day=date(2024, 1, 1))
    assert mine.source == "user" and mine.photo_days == 13
    assert captions(service) == ["Day trip to Jiaxing", "Weekend in Kyoto"]
    with pytest.raises(ServiceError, match="RadiusKm"):
        service.add_home(lat=30.0, lon=120.0, radius_km=-1)
    with pytest.raises(ServiceError, match="ResourceNotFound"):
        service.remove_home("home-nope")


def test_estimates_can_be_turned_off_or_refused_per_file(life) -> None:
    service, _, photos = life
    off = service.create_location_date_clustering_task(
        service.clustering_options(), trip_options=TripOptions(estimate_hours=None)
    )
    assert off["Result"]["FilesEstimated"] == 0 and off["Result"]["FilesNotInTrips"]["NoPlace"] == 1
    assert service.trip_options().estimate_hours is None  # the library remembers
    service.create_location_date_clustering_task(service.clustering_options(), trip_options=TripOptions())
    (dslr,) = (photos / "kyoto").glob("*Canon*")
    service.reject_estimates([str(dslr)])
    kyoto = service.query_trips(text="kyoto")[0]
    assert kyoto.estimated_count == 0 and kyoto.file_count == 5
    again = service.create_location_date_clustering_task(service.clustering_options())
    assert again["Result"]["FilesEstimated"] == 0  # the refusal holds in later runs


def test_bad_trip_options_are_refused_before_any_work(life) -> None:
    service, _, _ = life
    before = len(service.list_tasks())
    with pytest.raises(ServiceError, match="TripGapDays"):
        service.create_location_date_clustering_task(
            service.clustering_options(), trip_options=TripOptions(trip_gap_days=-1)
        )
    assert len(service.list_tasks()) == before
