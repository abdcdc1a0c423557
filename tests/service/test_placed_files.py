"""The map's reads on a real library of made photos: every placed file with its trips (read places and
estimates nobody refused, never an unreadable or missing file), and each trip stop's place."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from app.service import ClusterOptions
from tests.factories.photos import make_jpeg

HANGZHOU = (30.2741, 120.1551)
JIAXING = (30.7522, 120.7500)
KYOTO = (35.0116, 135.7681)
OSAKA = (34.6937, 135.5023)
PHONE = ("Apple", "iPhone 15", "")
DSLR = ("Canon", "Canon EOS R5", "023021002207")


def shoot(folder: Path, place: tuple[float, float] | None, when: datetime, n: int = 1, *,
          offset: str | None = "+08:00", camera: tuple[str, str, str] = PHONE,
          step: float = 0.0) -> list[Path]:  # fmt: skip
    """``n`` photos 20 minutes apart, each ``step`` degrees north-east of the one before."""
    made = []
    for k in range(n):
        moment = when + timedelta(minutes=20 * k)
        gps = None if place is None else (place[0] + step * k, place[1] + step * k)
        made.append(
            make_jpeg(folder / f"{moment:%Y%m%d_%H%M%S}_{camera[0]}.jpg", datetime_original=moment,
                      offset=offset, gps=gps, camera=camera)
        )  # fmt: skip
    return made


@pytest.fixture
def life(service, tmp_path: Path):
    """Home in Hangzhou; a Saturday in Jiaxing; Kyoto then Osaka over a weekend, where a camera without
    GPS stands beside the phone in Kyoto; a photo with no place near any other; a broken file; a file
    indexed and then deleted."""
    photos = tmp_path / "photos"
    for week in range(13):
        shoot(photos / "home", HANGZHOU, datetime(2024, 1, 2, 18) + timedelta(days=7 * week))
    shoot(photos / "jiaxing", JIAXING, datetime(2024, 2, 17, 10), 3)
    shoot(photos / "japan", KYOTO, datetime(2024, 3, 9, 10), 3, offset="+09:00", step=0.01)
    dslr = shoot(photos / "japan", None, datetime(2024, 3, 9, 10, 30), offset=None, camera=DSLR)
    shoot(photos / "japan", OSAKA, datetime(2024, 3, 10, 10), 3, offset="+09:00", step=0.01)
    lost = shoot(photos / "lost", None, datetime(2021, 5, 5, 12), camera=DSLR)
    (photos / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe1 not a photo")
    gone = shoot(photos / "gone", KYOTO, datetime(2024, 3, 9, 15), offset="+09:00")
    service.index_sources([str(photos)])
    gone[0].unlink()
    service.index_sources([str(photos)])
    task = service.create_location_date_clustering_task(ClusterOptions(levels=("city", "province")))
    assert task["Status"] == "Succeeded", task
    return service, photos, dslr[0], lost[0], gone[0]


def test_placed_files_are_read_and_estimated_places_with_their_trips(life) -> None:
    service, photos, dslr, lost, gone = life
    placed = service.placed_files()
    paths = placed.path
    assert len(placed) == len(paths) == 13 + 3 + 3 + 1 + 3
    assert str(lost) not in paths and str(gone) not in paths and str(photos / "broken.jpg") not in paths
    assert list(placed.file_id) == sorted(placed.file_id)
    row = paths.index(str(dslr))
    assert placed.estimated.tolist().count(True) == 1 and placed.estimated[row]
    assert abs(placed.lat[row] - KYOTO[0]) < 0.05 and abs(placed.lon[row] - KYOTO[1]) < 0.05
    home = next(i for i, p in enumerate(paths) if "/home/" in p)
    assert (placed.lat[home], placed.lon[home]) == pytest.approx(HANGZHOU, abs=1e-4)
    jiaxing, japan = service.query_trips()
    by_folder = {folder: [i for i, p in enumerate(paths) if f"/{folder}/" in p] for folder in
                 ("home", "jiaxing", "japan")}  # fmt: skip
    assert placed.trips == [jiaxing.trip_id, japan.trip_id]
    assert all(placed.trips_of(i) == [] for i in by_folder["home"])
    assert all(placed.trips_of(i) == [jiaxing.trip_id] for i in by_folder["jiaxing"])
    assert all(placed.trips_of(i) == [japan.trip_id] for i in by_folder["japan"])
    assert placed.trip_rows(by_folder["home"]).tolist() == []
    assert placed.trip_rows(by_folder["japan"][:1] + by_folder["jiaxing"]).tolist() == [0, 1]


def test_a_refused_estimate_leaves_the_map(life) -> None:
    service, _, dslr, _, _ = life
    before = service.placed_files()
    service.reject_estimates([str(dslr)])
    after = service.placed_files()
    assert str(dslr) in before.path and str(dslr) not in after.path
    assert len(after) == len(before) - 1 and not after.estimated.any()


def test_a_file_in_two_trips_lists_both(service, tmp_path: Path) -> None:
    """The flat trip array holds several trips for one file (a member list written by hand: the rules
    never put one file in two trips today, but the record must not assume it)."""
    from app.store import member_lists

    photos = tmp_path / "photos"
    for week in range(13):
        shoot(photos / "home", HANGZHOU, datetime(2024, 1, 2, 18) + timedelta(days=7 * week))
    shoot(photos / "jiaxing", JIAXING, datetime(2024, 2, 17, 10), 3)
    shoot(photos / "kyoto", KYOTO, datetime(2024, 3, 9, 10), 3, offset="+09:00")
    service.index_sources([str(photos)])
    service.create_location_date_clustering_task(ClusterOptions(levels=("city",)))
    lists = member_lists.read(service.lib, "trip")
    first, second = sorted(lists)
    shared = lists[first][0]
    with service.lib.write():
        member_lists.write(service.lib, "trip", [(second, [*lists[second], shared])])
    placed = service.placed_files()
    row = int(np.flatnonzero(placed.file_id == shared)[0])
    assert placed.trips_of(row) == placed.trips  # both, oldest first
    assert sum(len(placed.trips_of(i)) for i in range(len(placed))) == 7


def test_each_stop_is_placed_at_the_median_of_its_files(life) -> None:
    service, _, _, _, _ = life
    japan = service.query_trips(text="Osaka", with_files=True)[0]
    kyoto, osaka = japan.stops
    assert (kyoto.address.city, osaka.address.city) == ("Kyoto", "Osaka")
    # Kyoto: the phone's three photos 0.01° apart and the camera's estimate near the second one
    assert kyoto.lat == pytest.approx(KYOTO[0] + 0.01, abs=0.006)
    assert kyoto.lon == pytest.approx(KYOTO[1] + 0.01, abs=0.006)
    assert (osaka.lat, osaka.lon) == pytest.approx((OSAKA[0] + 0.01, OSAKA[1] + 0.01), abs=1e-6)
    same = service.query_trips(trip_id=japan.trip_id)[0]
    assert same.stops == japan.stops  # one trip read by its id, without its files, gets the same places
    listed = service.query_trips(text="Osaka")[0]
    assert [s.address for s in listed.stops] == [s.address for s in japan.stops]
    assert all(s.lat is None for s in listed.stops)  # a listing reads no trip's files for a map
