"""Cluster rows are built for all clusters at once; they must say what a plain, one-cluster-at-a-time
reading of SPEC §4 says: members in capture order, the middle photo as cover, the day bounds in the
offset of the first and the last day's photos."""

from __future__ import annotations

import json
import random

import numpy as np

from app.core.clustering import Cluster, members_hash, spread
from app.service.clusters import _rows_values, day_bound
from app.store.file_table import FileTable


def plain_row(cluster: Cluster, table: FileTable) -> dict:
    index = {int(f): n for n, f in enumerate(table.file_id)}

    def when(f: int) -> float:
        n = index[f]
        return float(table.utc[n]) if np.isfinite(table.utc[n]) else float(table.wall[n])

    timed = sorted((f for f in cluster.file_ids if not np.isnan(when(f))), key=lambda f: (when(f), f))
    members = timed + sorted(f for f in cluster.file_ids if np.isnan(when(f)))  # no time: last, by id
    photos = [f for f in members if table.photo[index[f]]]
    stated = [
        (int(table.day[index[f]]), int(table.offset[index[f]]))
        for f in members
        if np.isfinite(table.offset[index[f]])
    ]
    first = [o for d, o in stated if d == cluster.first_day][:1]
    last = [o for d, o in stated if d == cluster.last_day][-1:]
    start, start_utc = day_bound(cluster.first_day, False, first)
    end, end_utc = day_bound(cluster.last_day, True, last)
    pool = photos or members
    return {
        "start_time": start, "end_time": end, "start_utc": str(start_utc), "end_utc": str(end_utc),
        "cover_id": pool[len(pool) // 2], "previews": json.dumps(spread(pool, 4)),
        "file_count": len(members), "photo_count": len(photos),
        "members_hash": members_hash(cluster.file_ids),
    }  # fmt: skip


def test_rows_for_all_clusters_at_once_equal_the_plain_rule() -> None:
    rng = random.Random(20240303)
    for _ in range(20):
        n = 300
        ids = np.arange(1, n + 1)
        clock = [lambda: np.nan, lambda: 1.7e9 + rng.randint(0, 10**6)]
        zeros = np.zeros(n)
        table = FileTable(
            file_id=ids, day=np.array([738000 + rng.randint(0, 5) for _ in ids]),
            wall=np.array([rng.choice(clock)() for _ in ids]),
            utc=np.array([rng.choice(clock)() for _ in ids]), lat=zeros, lon=zeros, camera=np.full(n, -1),
            rejected=np.zeros(n, bool), city=np.zeros(n, np.int64),
            est_lat=zeros, est_lon=zeros, est_city=np.full(n, -1), addresses=(("A", "B", "C", "", ""),),
            offset=np.array([rng.choice([np.nan, 480.0, -300.0, 60.0]) for _ in ids]),
            photo=np.array([rng.random() < 0.7 for _ in ids]),
        )  # fmt: skip
        clusters = []
        for _ in range(15):
            members = sorted(rng.sample(range(1, n + 1), rng.randint(1, 25)))
            days = [int(table.day[m - 1]) for m in members]
            clusters.append(Cluster("city", ("A", "B", "C"), min(days), max(days), members))
        rows = _rows_values(clusters, table)
        for cluster, row in zip(clusters, rows, strict=True):
            expected = plain_row(cluster, table)
            assert {k: row[k] for k in expected} == expected
