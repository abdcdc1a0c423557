"""Schema versions as a registry: one function per version, each applied with its version bump.

A new library is created at :data:`SCHEMA_VERSION` straight from the models.  A library written by an
older Tripfold is upgraded in place, after a backup copy, by the functions registered for each later
version; one written by a newer Tripfold is refused rather than damaged.  To change the schema: bump
``SCHEMA_VERSION``, add ``_to_N`` (it upgrades N-1 to N) to :data:`MIGRATIONS`, and keep a fixture
library of version N-1 under ``tests/store/fixtures`` with a test that opens it.
"""

from __future__ import annotations

from collections.abc import Callable

from peewee import Database

SCHEMA_VERSION = 4


def _to_2(db: Database) -> None:
    """Clusters arrive (issue #4): their tables, created from the models."""
    from app.store.models import Cluster, ClusterFile, DeletedCluster

    db.create_tables([Cluster, ClusterFile, DeletedCluster])


def _to_3(db: Database) -> None:
    """Clusters gain a few preview photos besides their cover, chosen across each trip's days."""
    import json

    from app.core.clustering import spread

    columns = {row[1] for row in db.execute_sql("PRAGMA table_info(cluster)")}
    if "previews" not in columns:  # a library made at version 1 got today's tables at step 2
        db.execute_sql("ALTER TABLE cluster ADD COLUMN previews TEXT NOT NULL DEFAULT '[]'")
    members: dict[int, list[int]] = {}
    for cluster_id, file_id in db.execute_sql(
        "SELECT cf.cluster_id, cf.file_id FROM cluster_file cf JOIN media_file m ON m.id = cf.file_id"
        " ORDER BY cf.cluster_id, m.produce_time, m.path"
    ):
        members.setdefault(cluster_id, []).append(file_id)
    cursor = db.cursor()
    cursor.executemany(
        "UPDATE cluster SET previews = ? WHERE id = ?",
        [(json.dumps(spread(ids, 4)), cluster_id) for cluster_id, ids in members.items()],
    )


def _to_4(db: Database) -> None:
    """Stories arrive (issue #6)."""
    from app.store.models import Story, StoryFile

    db.create_tables([Story, StoryFile])


MIGRATIONS: dict[int, Callable[[Database], None]] = {2: _to_2, 3: _to_3, 4: _to_4}
