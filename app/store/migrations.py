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

SCHEMA_VERSION = 2


def _to_2(db: Database) -> None:
    """Clusters arrive (issue #4): their tables, created from the models."""
    from app.store.models import Cluster, ClusterFile, DeletedCluster

    db.create_tables([Cluster, ClusterFile, DeletedCluster])


MIGRATIONS: dict[int, Callable[[Database], None]] = {2: _to_2}
