"""A library made before the mainland's own levels (issue 17) re-geocodes at its next index, and its clusters
follow SPEC §5's identity rule through the new names.

The old names come from the real rule Tripfold used before (``places.VERSION`` 2: the world table's nearest
populated place, which names Qiandao Lake "Wangzhai" and Huangshan mountain "Tangkou"): the first index runs
with ``places.VERSION`` one lower and no position taken for the mainland, so the files are stored as an
older Tripfold stored them; the next index, with today's rules, re-geocodes them without reading a file.

SPEC §5: a cluster keeps its ``ObjectId`` and the user's fields while it persists.  A place renamed by
better naming is the same cluster under a new name (the same level, mostly the same files), so
- a cluster whose place keeps its name (the provinces Zhejiang and Anhui) keeps its ObjectId, Title,
  CustomId and CustomLabels;
- a cluster whose place is renamed (Wangzhai -> Hangzhou, Tangkou -> Huangshan) keeps them too, under
  its new name: nothing the user gave it is lost to a re-geocoding.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from app.core import china
from app.core import places as places_mod
from app.service import ClusterOptions, ClusterQuery, Service
from tests.factories.photos import make_jpeg

QIANDAO_LAKE = (29.6050, 119.0390)  # "Wangzhai" before issue 17; Hangzhou (Chun'an) since
HUANGSHAN = (30.1340, 118.1655)  # "Tangkou" before; Huangshan since
LEVELS = ClusterOptions(gap_days=1, min_days=1, max_days=15, levels=("city", "province"))


def _shoot(folder: Path, place: tuple[float, float], *days: int) -> None:
    for day in days:
        make_jpeg(
            folder / f"{place[0]:.2f}_{day:02d}.jpg",
            datetime_original=datetime(2024, 4, day, 10),
            offset="+08:00",
            gps=place,
        )


def _clusters(service: Service) -> dict[tuple[str, str], dict]:
    """Every cluster by (level, place as its address line)."""
    page = service.query_location_date_clusters(ClusterQuery(max_results=100))["LocationDateClusters"]
    return {(c["LocationDateClusterLevel"], c["Addresses"][0]["AddressLine"]): c for c in page}


def _index_and_cluster(service: Service, folder: Path) -> int:
    report = service.index_sources([str(folder)])
    task = service.create_location_date_clustering_task(LEVELS)
    assert task["Status"] == "Succeeded", task
    return report.read


def test_renamed_places_follow_the_identity_rule(
    service: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    photos = tmp_path / "photos"
    _shoot(photos, QIANDAO_LAKE, 3, 4, 5)
    _shoot(photos, HUANGSHAN, 6, 7)
    with monkeypatch.context() as older:
        older.setattr(places_mod, "VERSION", places_mod.VERSION - 1)
        older.setattr(china, "MAINLAND", frozenset({"no zone is this"}))  # the world rule everywhere
        assert _index_and_cluster(service, photos) == 5
    before = _clusters(service)
    assert set(before) == {
        ("city", "Wangzhai, Zhejiang, China"),
        ("city", "Tangkou, Anhui, China"),
        ("province", "Zhejiang, China"),
        ("province", "Anhui, China"),
    }
    titles = {
        ("city", "Wangzhai, Zhejiang, China"): "千岛湖",
        ("city", "Tangkou, Anhui, China"): "Yellow Mountain",
        ("province", "Zhejiang, China"): "Zhejiang in April",
        ("province", "Anhui, China"): "Anhui in April",
    }
    for key, title in titles.items():
        service.update_location_date_cluster(
            before[key]["ObjectId"], title=title, custom_id=f"id-{title}", custom_labels={"trip": "spring"}
        )

    assert _index_and_cluster(service, photos) == 0  # re-geocoded from the stored positions
    assert {(f["Addresses"][0]["City"], f["Addresses"][0]["District"]) for f in service.list_files()} == {
        ("Hangzhou", "Chun'an"),
        ("Huangshan", "Huangshan District"),
    }
    after = _clusters(service)
    assert set(after) == {
        ("city", "Hangzhou, Zhejiang, China"),
        ("city", "Huangshan, Anhui, China"),
        ("province", "Zhejiang, China"),
        ("province", "Anhui, China"),
    }
    # the same level and place: the same cluster, with everything the user gave it
    for key in (("province", "Zhejiang, China"), ("province", "Anhui, China")):
        kept, old = after[key], before[key]
        assert kept["ObjectId"] == old["ObjectId"]
        assert kept["Title"] == titles[key] and kept["CustomId"] == f"id-{titles[key]}"
        assert kept["CustomLabels"] == {"trip": "spring"}
    # a renamed place is the same cluster under its new name, with everything the user gave it
    for key, old_key in (
        (("city", "Hangzhou, Zhejiang, China"), ("city", "Wangzhai, Zhejiang, China")),
        (("city", "Huangshan, Anhui, China"), ("city", "Tangkou, Anhui, China")),
    ):
        renamed = after[key]
        assert renamed["LocationDateClusterStartTime"] == before[old_key]["LocationDateClusterStartTime"]
        assert renamed["FileCount"] == before[old_key]["FileCount"]
        assert renamed["ObjectId"] == before[old_key]["ObjectId"]
        title = titles[old_key]
        assert (renamed["Title"], renamed["CustomId"], renamed["CustomLabels"]) == (
            title,
            f"id-{title}",
            {"trip": "spring"},
        )
