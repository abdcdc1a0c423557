"""The files of a cluster or a trip stay theirs: removing a folder takes its files out of every list, so a
file indexed later, which SQLite may give a freed id, never joins a cluster or trip it was never in."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from app.service import ClusterOptions
from app.store import clusters as cluster_rows
from app.store import files as file_rows
from app.store import member_lists
from app.store import trips as trip_rows
from tests.factories.photos import make_jpeg

KYOTO = (35.0116, 135.7681)
OSAKA = (34.6937, 135.5023)


def test_files_of_a_removed_folder_leave_every_list_and_their_ids_bring_no_stranger(service, tmp_path: Path):
    home = tmp_path / "home"
    for day in range(1, 28):  # a home in Hangzhou, so that Kyoto is a trip
        make_jpeg(home / f"h{day}.jpg", datetime_original=datetime(2024, 2, day, 9), gps=(30.2741, 120.1551))
    trip = tmp_path / "trip"
    for day in range(3):
        make_jpeg(trip / f"k{day}.jpg", datetime_original=datetime(2024, 3, 10 + day, 9), offset="+09:00",
                  gps=KYOTO)  # fmt: skip
    later = tmp_path / "later"  # indexed after, so its files get the highest ids
    for day in range(3):
        make_jpeg(later / f"o{day}.jpg", datetime_original=datetime(2024, 3, 11 + day, 10), offset="+09:00",
                  gps=OSAKA)  # fmt: skip
    service.index_sources([str(home), str(trip)])
    service.index_sources([str(later)])
    service.create_location_date_clustering_task(ClusterOptions(1, 1, 15, ("country", "city")))
    lib = service.lib
    stored = cluster_rows.stored_clusters(lib)
    japan = [c for c in stored if c.level == "country" and "Japan" in c.address_key]
    assert len(japan) == 1 and japan[0].file_count == 6
    [stored_trip] = [t for t in trip_rows.stored_trips(lib) if str(t.first_day) == "2024-03-10"]
    freed = {f.id for f in cluster_rows.cluster_files(lib, japan[0].id) if "/later/" in f.path}
    assert len(freed) == 3

    service.remove_source(str(later.resolve()))
    newcomers = tmp_path / "newcomers"
    for n in range(3):
        make_jpeg(newcomers / f"n{n}.jpg", datetime_original=datetime(2020, 1, 1 + n, 9), gps=(48.85, 2.35))
    service.index_sources([str(newcomers)])
    reused = {f.id for f in file_rows.list_files(lib) if "/newcomers/" in f.path}
    if lib.engine.name == "sqlite":
        assert reused == freed  # SQLite gave the freed ids again: the lists must not count them

    in_cluster = [Path(f.path).name for f in cluster_rows.cluster_files(lib, japan[0].id)]
    in_trip = [Path(f.path).name for f in trip_rows.trip_members(lib, stored_trip.id)]
    assert sorted(in_cluster) == sorted(in_trip) == ["k0.jpg", "k1.jpg", "k2.jpg"]
    for owner in ("cluster", "trip"):
        assert not reused & {i for ids in member_lists.read(lib, owner).values() for i in ids}, owner
