"""Clustering through the service on real photos: the worked examples, identity across runs (SPEC §5),
queries (§6) and tasks (§7)."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import pytest

from app.core.progress import CancelToken
from app.service import ClusterOptions, ClusterQuery, Service, ServiceError
from app.service.tasks import start_task
from app.store.models import Task
from tests.factories.photos import make_jpeg
from tests.service.imm_view import ImmView

HANGZHOU = (30.2741, 120.1551)
JIAXING = (30.7522, 120.7500)
CITY = ClusterOptions(gap_days=1, min_days=1, max_days=15, levels=("city",))
BOTH = ClusterOptions(gap_days=1, min_days=1, max_days=15, levels=("city", "province"))


def shoot(folder: Path, place: tuple[float, float], *days: int, hour: int = 10, month: int = 3) -> None:
    for day in days:
        name = f"{place[0]:.2f}_{month:02d}{day:02d}_{hour:02d}.jpg"
        make_jpeg(
            folder / name, datetime_original=datetime(2024, month, day, hour), offset="+08:00", gps=place
        )


def clusters(service: Service, **filters) -> list[dict]:
    return service.query_location_date_clusters(ClusterQuery(max_results=100, **filters))[
        "LocationDateClusters"
    ]


def spans(service: Service) -> set[tuple[str, str, str, str]]:
    return {
        (c["LocationDateClusterLevel"], c["Addresses"][0]["AddressLine"],
         c["LocationDateClusterStartTime"][:10], c["LocationDateClusterEndTime"][:10])
        for c in clusters(service)
    }  # fmt: skip


def run(service: Service, folder: Path, options: ClusterOptions = CITY) -> dict:
    service.index_sources([str(folder)])
    task = service.create_location_date_clustering_task(options)
    assert task["Status"] == "Succeeded", task
    return task


def test_hangzhou_and_jiaxing_worked_example(service: Service, tmp_path: Path) -> None:
    shoot(tmp_path, HANGZHOU, 3, 4, 5)
    shoot(tmp_path, JIAXING, 6, 7, 8)
    task = run(service, tmp_path, BOTH)
    assert spans(service) == {
        ("city", "Hangzhou, Zhejiang, China", "2024-03-03", "2024-03-05"),
        ("city", "Jiaxing, Zhejiang, China", "2024-03-06", "2024-03-08"),
        ("province", "Zhejiang, China", "2024-03-03", "2024-03-08"),
    }
    assert task["Result"]["ClustersCreated"] == 3 and task["Result"]["FilesClustered"] == 6
    (zhejiang,) = clusters(service, levels=("province",))
    assert zhejiang["LocationDateClusterStartTime"] == "2024-03-03T00:00:00.000+08:00"
    assert zhejiang["LocationDateClusterEndTime"] == "2024-03-08T23:59:59.999+08:00"
    assert (zhejiang["FileCount"], zhejiang["Days"], zhejiang["PhotoCount"]) == (6, 6, 6)
    assert zhejiang["CoverURI"].startswith("file://") and zhejiang["ObjectId"].startswith(
        "location-date-cluster-"
    )
    assert json.loads(task["TaskRequestDefinition"])["DateOptions"] == {
        "GapDays": 1,
        "MinDays": 1,
        "MaxDays": 15,
    }


def test_the_local_day_decides_not_the_utc_one(service: Service, tmp_path: Path) -> None:
    shoot(tmp_path, HANGZHOU, 3, hour=7)  # 07:00 +08:00 is still March 2 in UTC
    run(service, tmp_path)
    (cluster,) = clusters(service)
    assert cluster["LocationDateClusterStartTime"].startswith("2024-03-03")


def test_a_second_run_without_new_files_changes_nothing(service: Service, tmp_path: Path) -> None:
    shoot(tmp_path, HANGZHOU, 3, 4)
    run(service, tmp_path, BOTH)
    before = clusters(service)
    task = run(service, tmp_path, BOTH)
    assert clusters(service) == before
    assert task["Result"]["ClustersUnchanged"] == 2 and task["Result"]["ClustersCreated"] == 0


def test_new_files_extend_a_cluster_keeping_its_identity_and_title(service: Service, tmp_path: Path) -> None:
    shoot(tmp_path, HANGZHOU, 3, 4)
    run(service, tmp_path)
    (old,) = clusters(service)
    service.update_location_date_cluster(old["ObjectId"], title="West Lake", custom_labels={"who": "us"})
    shoot(tmp_path, HANGZHOU, 5)
    task = run(service, tmp_path)
    (new,) = clusters(service)
    assert new["ObjectId"] == old["ObjectId"] and new["Title"] == "West Lake"
    assert new["CustomLabels"] == {"who": "us"} and new["Days"] == 3
    assert new["UpdateTime"] >= old["UpdateTime"] and task["Result"]["ClustersUpdated"] == 1


def test_bridging_files_merge_two_clusters_under_the_older_id(service: Service, tmp_path: Path) -> None:
    shoot(tmp_path, HANGZHOU, 3)
    run(service, tmp_path)
    (first,) = clusters(service)
    shoot(tmp_path, HANGZHOU, 6)
    run(service, tmp_path)
    second = next(c for c in clusters(service) if c["ObjectId"] != first["ObjectId"])
    service.update_location_date_cluster(first["ObjectId"], custom_labels={"mood": "sunny"})
    service.update_location_date_cluster(
        second["ObjectId"], title="Lake", custom_labels={"mood": "rain", "x": "1"}
    )
    shoot(tmp_path, HANGZHOU, 4, 5)
    task = run(service, tmp_path)
    (merged,) = clusters(service)
    assert merged["ObjectId"] == first["ObjectId"] and merged["Title"] == "Lake"
    assert merged["CustomLabels"] == {"mood": "sunny", "x": "1"}
    assert task["Result"]["ClustersRemoved"] == 1


def test_a_cluster_pushed_past_max_days_is_removed(service: Service, tmp_path: Path) -> None:
    short = ClusterOptions(gap_days=1, min_days=1, max_days=3, levels=("city",))
    shoot(tmp_path, HANGZHOU, 3, 4, 5)
    run(service, tmp_path, short)
    assert len(clusters(service)) == 1
    shoot(tmp_path, HANGZHOU, 6)
    task = run(service, tmp_path, short)
    assert clusters(service) == [] and task["Result"]["ClustersRemoved"] == 1


def test_changed_options_recluster_and_the_largest_part_inherits(service: Service, tmp_path: Path) -> None:
    shoot(tmp_path, HANGZHOU, 3, 5, 6)
    run(service, tmp_path)
    (whole,) = clusters(service)
    service.update_location_date_cluster(whole["ObjectId"], title="Spring", custom_id="trip-1")
    run(service, tmp_path, ClusterOptions(gap_days=0, min_days=1, max_days=15, levels=("city",)))
    parts = sorted(clusters(service), key=lambda c: c["LocationDateClusterStartTime"])
    assert [p["Days"] for p in parts] == [1, 2]
    assert parts[1]["ObjectId"] == whole["ObjectId"] and parts[1]["Title"] == "Spring"
    assert parts[0]["ObjectId"] != whole["ObjectId"] and parts[0]["Title"] == ""
    assert service.clustering_options().gap_days == 0  # the library remembers the last options


def test_a_deleted_cluster_stays_deleted_until_restored(service: Service, tmp_path: Path) -> None:
    shoot(tmp_path, HANGZHOU, 3, 4)
    run(service, tmp_path)
    (cluster,) = clusters(service)
    service.delete_location_date_cluster(cluster["ObjectId"])
    service.delete_location_date_cluster(cluster["ObjectId"])  # deleting twice, or an unknown id, succeeds
    shoot(tmp_path, HANGZHOU, 5)
    run(service, tmp_path)
    assert clusters(service) == []
    assert all(p.exists() for p in tmp_path.glob("*.jpg"))  # no photo touched
    assert service.restore_deleted_clusters() == 1
    run(service, tmp_path)
    (back,) = clusters(service)
    assert back["ObjectId"] != cluster["ObjectId"] and back["Days"] == 3


def test_missing_files_change_nothing(service: Service, tmp_path: Path) -> None:
    shoot(tmp_path, HANGZHOU, 3, 4)
    run(service, tmp_path)
    before = clusters(service)
    next(tmp_path.glob("*.jpg")).unlink()
    task = run(service, tmp_path)
    assert clusters(service) == before and task["Result"]["ClustersUnchanged"] == 1


def test_cancel_leaves_the_library_as_it_was(service: Service, tmp_path: Path) -> None:
    shoot(tmp_path, HANGZHOU, 3)
    run(service, tmp_path)
    before = clusters(service)
    shoot(tmp_path, HANGZHOU, 4)
    service.index_sources([str(tmp_path)])
    token = CancelToken()
    steps = []

    def cancel_at_save(p) -> None:
        steps.append(p.phase)
        if p.phase == "save":
            token.cancel()

    task = service.create_location_date_clustering_task(CITY, progress=cancel_at_save, cancel=token)
    assert task["Status"] == "Cancelled" and "save" in steps
    assert clusters(service) == before
    assert run(service, tmp_path)["Result"]["ClustersUpdated"] == 1


def test_an_interrupted_run_is_failed_at_start_and_a_rerun_completes(tmp_path: Path, places) -> None:
    library = tmp_path / "lib.db"
    shoot(tmp_path / "p", HANGZHOU, 3)
    first = ImmView(Service(library, places=places))
    first.index_sources([str(tmp_path / "p")])
    dead = start_task(first.lib, "LocationDateClustering", CITY.as_request())
    Task.update(owner="999999999@nowhere").where(Task.task_id == dead.task_id).execute(first.lib.db)
    first.close()
    second = ImmView(Service(library, places=places))
    assert second.get_task(dead.task_id)["Code"] == "Interrupted"
    assert second.create_location_date_clustering_task(CITY)["Status"] == "Succeeded"
    assert len(clusters(second)) == 1
    second.close()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (ClusterOptions(gap_days=100_000), "GapDays must be an integer from 0 to 99,999"),
        (ClusterOptions(min_days=3, max_days=2), "MinDays (3) must not be greater than MaxDays (2)"),
        (ClusterOptions(levels=("town",)), "unknown level 'town'"),
    ],
)
def test_bad_options_are_refused_before_any_task(service: Service, options, message: str) -> None:
    with pytest.raises(ServiceError) as caught:
        service.create_location_date_clustering_task(options)
    assert caught.value.code == "InvalidArgument" and message in caught.value.message
    assert service.list_tasks("LocationDateClustering") == []


# -- queries ---------------------------------------------------------------------------------------------


@pytest.fixture
def trips(service: Service, tmp_path: Path) -> Service:
    shoot(tmp_path, HANGZHOU, 3, 4, 5)
    shoot(tmp_path, JIAXING, 6, 7, 8)
    shoot(tmp_path, HANGZHOU, 10, 11, month=5)
    shoot(tmp_path, (48.8566, 2.3522), 1, 2, month=7)
    run(service, tmp_path, BOTH)
    return service


def test_filters(trips: Service) -> None:
    assert len(clusters(trips)) == 7
    hangzhou = clusters(trips, address={"City": "hangzhou"})
    assert len(hangzhou) == 2 and all(c["Addresses"][0]["City"] == "Hangzhou" for c in hangzhou)
    assert len(clusters(trips, levels=("province",))) == 3
    may = clusters(trips, start_range=("2024-05-01T00:00:00+08:00", "2024-05-31T00:00:00+08:00"))
    assert {c["LocationDateClusterStartTime"][:10] for c in may} == {"2024-05-10"}
    assert len(clusters(trips, end_range=(None, "2024-03-06T00:00:00+08:00"))) == 1
    target = hangzhou[0]["ObjectId"]
    trips.update_location_date_cluster(target, title="Spring in HANGZHOU", custom_labels={"kind": "family"})
    assert [c["ObjectId"] for c in clusters(trips, title="spring in")] == [target]
    assert [c["ObjectId"] for c in clusters(trips, labels={"kind": "family"})] == [target]
    assert [c["ObjectId"] for c in clusters(trips, object_id=target)] == [target]
    assert clusters(trips, labels={"kind": "work"}) == []
    assert len(clusters(trips, update_range=(hangzhou[0]["UpdateTime"], None))) >= 1


def test_sorting_and_stable_paging(trips: Service) -> None:
    everything = clusters(trips, sort="LocationDateClusterEndTime", order="desc")
    ends = [c["LocationDateClusterEndTime"][:10] for c in everything]
    assert ends == sorted(ends, reverse=True)
    seen, token = [], ""
    while True:
        page = trips.query_location_date_clusters(
            ClusterQuery(sort="LocationDateClusterEndTime", order="desc", max_results=2, next_token=token)
        )
        seen += [c["ObjectId"] for c in page["LocationDateClusters"]]
        token = page["NextToken"]
        if not token:
            break
    assert seen == [c["ObjectId"] for c in everything]


def test_with_files_lists_members_in_capture_order(trips: Service) -> None:
    (zhejiang,) = trips.query_location_date_clusters(
        ClusterQuery(levels=("province",), address={"Province": "Zhejiang"}, max_results=1, with_files=True)
    )["LocationDateClusters"]
    times = [f["ProduceTime"] for f in zhejiang["Files"]]
    assert len(times) == 6 and times == sorted(times)
    assert zhejiang["Files"][0]["LatLong"] == "30.274100,120.155100"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (ClusterQuery(max_results=0), "MaxResults must be from 1 to 100"),
        (ClusterQuery(max_results=101), "MaxResults must be from 1 to 100"),
        (ClusterQuery(sort="Title"), "Sort must be one of"),
        (ClusterQuery(order="up"), "Order must be asc or desc"),
        (ClusterQuery(next_token="garbage!"), "NextToken"),
        (
            ClusterQuery(start_range=("yesterday", None)),
            "LocationDateClusterStartTimeRange must be an RFC 3339",
        ),
        (ClusterQuery(address={"Street": "x"}), "Address field 'Street'"),
    ],
)
def test_bad_queries(service: Service, query: ClusterQuery, message: str) -> None:
    with pytest.raises(ServiceError, match=message):
        service.query_location_date_clusters(query)


def test_update_limits(trips: Service) -> None:
    target = clusters(trips)[0]["ObjectId"]
    with pytest.raises(ServiceError, match="Title must be at most 1,024 bytes"):
        trips.update_location_date_cluster(target, title="é" * 513)
    with pytest.raises(ServiceError, match="CustomLabels may hold at most 100 pairs"):
        trips.update_location_date_cluster(target, custom_labels={str(i): "v" for i in range(101)})
    with pytest.raises(ServiceError) as caught:
        trips.update_location_date_cluster("location-date-cluster-nope", title="x")
    assert caught.value.code == "ResourceNotFound"
    updated = trips.update_location_date_cluster(target, custom_id="a" * 1024)
    assert updated["CustomId"] == "a" * 1024 and updated["Title"] == ""  # omitted fields stay


# -- tasks -----------------------------------------------------------------------------------------------


def test_tasks_are_listed_and_notified(service: Service, tmp_path: Path) -> None:
    shoot(tmp_path / "p", HANGZHOU, 3)
    service.index_sources([str(tmp_path / "p")], tags={"who": "cli"})
    notify = tmp_path / "notes.jsonl"
    task = service.create_location_date_clustering_task(
        CITY, tags={"who": "gui"}, user_data="hi", notify_file=str(notify)
    )
    (line,) = notify.read_text().splitlines()
    message = json.loads(line)
    assert message["source"] == "tripfold" and message["type"] == "tripfold:Task:LocationDateClustering"
    assert message["content"]["TaskId"] == task["TaskId"] and message["content"]["UserData"] == "hi"
    assert [t["TaskType"] for t in service.list_tasks()] == ["LocationDateClustering", "FileIndexing"]
    assert [t["TaskId"] for t in service.list_tasks(tags={"who": "gui"})] == [task["TaskId"]]
    assert service.list_tasks(status="Failed") == []
    with pytest.raises(ServiceError, match="TaskType must be one of"):
        service.list_tasks("Nope")
    assert os.path.getsize(notify) > 0


def test_tasks_older_than_seven_days_are_purged_at_start(tmp_path: Path, places) -> None:
    from datetime import timedelta

    from app.service.tasks import utcnow

    library = tmp_path / "lib.db"
    first = ImmView(Service(library, places=places))
    old = start_task(first.lib, "LocationDateClustering", CITY.as_request())
    recent = start_task(first.lib, "LocationDateClustering", CITY.as_request())
    old.finish("Succeeded")
    recent.finish("Succeeded")
    Task.update(start_time=utcnow() - timedelta(days=8)).where(Task.task_id == old.task_id).execute(
        first.lib.db
    )
    Task.update(start_time=utcnow() - timedelta(days=6)).where(Task.task_id == recent.task_id).execute(
        first.lib.db
    )
    first.close()
    second = ImmView(Service(library, places=places))
    assert [t["TaskId"] for t in second.list_tasks()] == [recent.task_id]
    second.close()


def test_create_time_range(trips: Service) -> None:
    everything = clusters(trips)
    created = everything[0]["CreateTime"]
    assert len(clusters(trips, create_range=(created, None))) == len(everything)
    assert clusters(trips, create_range=(None, "2000-01-01T00:00:00Z")) == []


def test_all_clusters_at_once_equal_the_pages(trips: Service) -> None:
    paged = clusters(trips)
    assert trips.all_location_date_clusters() == paged
    assert all(c["PreviewURIs"] and c["CoverURI"] for c in paged)


def test_the_service_gives_records_in_its_own_words(tmp_path: Path, places) -> None:
    """Paths, dates and counts for the window; IMM's names and URIs only at the edge (app.imm)."""
    from app.service.records import ClusterInfo

    plain = Service(tmp_path / "lib.db", places=places)
    shoot(tmp_path / "p", HANGZHOU, 3, 4)
    plain.index_sources([str(tmp_path / "p")])
    task = plain.create_location_date_clustering_task(CITY)
    assert (task.task_type, task.status, task.result["ClustersCreated"]) == (
        "LocationDateClustering",
        "Succeeded",
        1,
    )
    (cluster,) = plain.all_location_date_clusters()
    assert isinstance(cluster, ClusterInfo)
    assert (cluster.address.city, cluster.days, cluster.caption) == (
        "Hangzhou",
        2,
        "Hangzhou · Zhejiang, China",
    )
    assert cluster.cover_path is not None and Path(cluster.cover_path).parent == (tmp_path / "p").resolve()
    assert all(Path(p).exists() for p in cluster.preview_paths)
    plain.close()


def test_named_clusters_a_change_of_levels_would_remove_are_counted_first(
    service: Service, tmp_path: Path
) -> None:
    shoot(tmp_path, HANGZHOU, 3, 4)
    run(service, tmp_path, BOTH)
    province = clusters(service, levels=("province",))[0]
    service.update_location_date_cluster(province["ObjectId"], custom_labels={"who": "us"})
    assert service.named_clusters_dropped_by(CITY) == 1
    assert service.named_clusters_dropped_by(BOTH) == 0


def test_a_library_emptied_of_its_files_clusters_to_nothing(service: Service, tmp_path: Path) -> None:
    shoot(tmp_path / "p", HANGZHOU, 3, 4)
    run(service, tmp_path / "p", BOTH)
    service.remove_source(str((tmp_path / "p").resolve()))
    task = service.create_location_date_clustering_task(BOTH)
    assert task["Status"] == "Succeeded" and clusters(service) == [] and service.query_trips() == []
