"""Schema versions as a registry: one function per version, each applied with its version bump.

A new library is created at :data:`SCHEMA_VERSION` straight from the models.  A library written by an
older Tripfold is upgraded in place, after a backup copy, by the functions registered for each later
version; one written by a newer Tripfold is refused rather than damaged.

Each step is frozen: plain SQL as the schema was at that version, importing neither the models (which
move on) nor ``app.core`` (whose rules move on too), so an old library upgrades the same way forever.
To change the schema: bump ``SCHEMA_VERSION``, add ``_to_N`` (it upgrades N-1 to N) to
:data:`MIGRATIONS`, and keep a fixture library of version N-1 under ``tests/store/fixtures`` with a test
that opens it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

SCHEMA_VERSION = 7


def _run(db: Any, statements: str) -> None:
    for statement in statements.split(";"):
        if statement.strip():
            db.execute_sql(statement)


def _to_2(db: Any) -> None:
    """Clusters arrive (issue #4): clusters, their members, and the clusters the user deleted."""
    _run(
        db,
        """
        CREATE TABLE "cluster" ("id" INTEGER NOT NULL PRIMARY KEY, "object_id" VARCHAR(255) NOT NULL,
          "level" VARCHAR(8) NOT NULL, "address_key" TEXT NOT NULL, "country" VARCHAR(255) NOT NULL,
          "province" VARCHAR(255) NOT NULL, "city" VARCHAR(255) NOT NULL, "district" VARCHAR(255) NOT NULL,
          "township" VARCHAR(255) NOT NULL, "first_day" DATE NOT NULL, "last_day" DATE NOT NULL,
          "start_time" VARCHAR(255) NOT NULL, "end_time" VARCHAR(255) NOT NULL, "start_utc" DATETIME NOT NULL,
          "end_utc" DATETIME NOT NULL, "title" TEXT NOT NULL, "custom_id" TEXT NOT NULL,
          "custom_labels" TEXT NOT NULL, "cover_id" INTEGER, "file_count" INTEGER NOT NULL,
          "photo_count" INTEGER NOT NULL, "video_count" INTEGER NOT NULL, "created_at" DATETIME NOT NULL,
          "updated_at" DATETIME NOT NULL, "age" INTEGER NOT NULL, "members_hash" INTEGER NOT NULL,
          FOREIGN KEY ("cover_id") REFERENCES "media_file" ("id") ON DELETE SET NULL);
        CREATE UNIQUE INDEX "cluster_object_id" ON "cluster" ("object_id");
        CREATE INDEX "cluster_cover_id" ON "cluster" ("cover_id");
        CREATE INDEX "cluster_updated_at" ON "cluster" ("updated_at");
        CREATE INDEX "cluster_level_first_day" ON "cluster" ("level", "first_day");
        CREATE INDEX "cluster_level_address_key" ON "cluster" ("level", "address_key");
        CREATE INDEX "cluster_first_day" ON "cluster" ("first_day");
        CREATE TABLE "cluster_file" ("cluster_id" INTEGER NOT NULL, "file_id" INTEGER NOT NULL,
          PRIMARY KEY ("cluster_id", "file_id")) WITHOUT ROWID;
        CREATE TABLE "deleted_cluster" ("id" INTEGER NOT NULL PRIMARY KEY, "level" VARCHAR(8) NOT NULL,
          "address_key" TEXT NOT NULL, "first_day" DATE NOT NULL, "last_day" DATE NOT NULL,
          "deleted_at" DATETIME NOT NULL);
        CREATE INDEX "deleted_cluster_level_address_key" ON "deleted_cluster" ("level", "address_key")
        """,
    )


def _spread(items: list[int], count: int) -> list[int]:
    """``count`` items evenly across ``items`` (the rule of version 3, frozen here)."""
    if len(items) <= count:
        return list(items)
    step = len(items) / count
    return [items[int(step * n + step / 2)] for n in range(count)]


def _to_3(db: Any) -> None:
    """Clusters gain a few preview photos besides their cover, chosen across each trip's days."""
    columns = {row[1] for row in db.execute_sql("PRAGMA table_info(cluster)")}
    if "previews" not in columns:
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
        [(json.dumps(_spread(ids, 4)), cluster_id) for cluster_id, ids in members.items()],
    )


def _to_4(db: Any) -> None:
    """Stories arrive (issue #6): a story and its highlights in order."""
    _run(
        db,
        """
        CREATE TABLE "story" ("id" INTEGER NOT NULL PRIMARY KEY, "story_id" VARCHAR(255) NOT NULL,
          "name" TEXT NOT NULL, "story_type" VARCHAR(255) NOT NULL, "cluster_object_id" VARCHAR(255) NOT NULL,
          "cover_id" INTEGER, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL);
        CREATE UNIQUE INDEX "story_story_id" ON "story" ("story_id");
        CREATE INDEX "story_cluster_object_id" ON "story" ("cluster_object_id");
        CREATE TABLE "story_file" ("story_id" INTEGER NOT NULL, "file_id" INTEGER NOT NULL,
          "position" INTEGER NOT NULL, PRIMARY KEY ("story_id", "position")) WITHOUT ROWID
        """,
    )


def _to_5(db: Any) -> None:
    """Trips and homes arrive (issue #11): the camera of each file and the places estimated for files
    without GPS; homes, rejected homes, trips with their files, the user's merges and splits, deleted
    trips.  Every file is read once more at the next index, for its camera."""
    _run(
        db,
        """
        ALTER TABLE media_file ADD COLUMN "camera" VARCHAR(255) NOT NULL DEFAULT '';
        ALTER TABLE media_file ADD COLUMN "est_lat" REAL;
        ALTER TABLE media_file ADD COLUMN "est_lon" REAL;
        ALTER TABLE media_file ADD COLUMN "est_country" VARCHAR(255) NOT NULL DEFAULT '';
        ALTER TABLE media_file ADD COLUMN "est_province" VARCHAR(255) NOT NULL DEFAULT '';
        ALTER TABLE media_file ADD COLUMN "est_city" VARCHAR(255) NOT NULL DEFAULT '';
        ALTER TABLE media_file ADD COLUMN "est_rejected" INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE media_file ADD COLUMN "gen" INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX "media_file_gen" ON "media_file" ("gen");
        UPDATE media_file SET mtime_ns = -1;
        CREATE TABLE "home" ("id" INTEGER NOT NULL PRIMARY KEY, "home_id" VARCHAR(255) NOT NULL,
          "source" VARCHAR(8) NOT NULL, "country" VARCHAR(255) NOT NULL, "province" VARCHAR(255) NOT NULL,
          "city" VARCHAR(255) NOT NULL, "lat" REAL, "lon" REAL, "radius_km" REAL, "first_day" DATE,
          "last_day" DATE, "photo_days" INTEGER NOT NULL, "created_at" DATETIME NOT NULL);
        CREATE UNIQUE INDEX "home_home_id" ON "home" ("home_id");
        CREATE TABLE "home_rejection" ("id" INTEGER NOT NULL PRIMARY KEY, "country" VARCHAR(255) NOT NULL,
          "province" VARCHAR(255) NOT NULL, "city" VARCHAR(255) NOT NULL, "first_day" DATE NOT NULL,
          "last_day" DATE NOT NULL, "created_at" DATETIME NOT NULL);
        CREATE TABLE "trip" ("id" INTEGER NOT NULL PRIMARY KEY, "trip_id" VARCHAR(255) NOT NULL,
          "first_day" DATE NOT NULL, "last_day" DATE NOT NULL, "start_time" VARCHAR(255) NOT NULL,
          "end_time" VARCHAR(255) NOT NULL, "country" VARCHAR(255) NOT NULL, "province" VARCHAR(255) NOT NULL,
          "city" VARCHAR(255) NOT NULL, "countries" TEXT NOT NULL, "stops" TEXT NOT NULL,
          "title" TEXT NOT NULL, "custom_labels" TEXT NOT NULL, "cover_id" INTEGER, "previews" TEXT NOT NULL,
          "file_count" INTEGER NOT NULL, "estimated_count" INTEGER NOT NULL, "photo_count" INTEGER NOT NULL,
          "video_count" INTEGER NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL,
          "age" INTEGER NOT NULL, "signature" INTEGER NOT NULL);
        CREATE UNIQUE INDEX "trip_trip_id" ON "trip" ("trip_id");
        CREATE INDEX "trip_first_day" ON "trip" ("first_day");
        CREATE TABLE "trip_file" ("trip_id" INTEGER NOT NULL, "file_id" INTEGER NOT NULL,
          PRIMARY KEY ("trip_id", "file_id")) WITHOUT ROWID;
        CREATE TABLE "trip_decision" ("id" INTEGER NOT NULL PRIMARY KEY, "kind" VARCHAR(5) NOT NULL,
          "trip_id" VARCHAR(255) NOT NULL, "first_day" DATE, "last_day" DATE, "day" DATE,
          "created_at" DATETIME NOT NULL);
        CREATE TABLE "deleted_trip" ("id" INTEGER NOT NULL PRIMARY KEY, "first_day" DATE NOT NULL,
          "last_day" DATE NOT NULL, "deleted_at" DATETIME NOT NULL)
        """,
    )


def _to_6(db: Any) -> None:
    """The files of a cluster and of a trip are kept as one list each (a JSON array of file ids,
    ascending), not as a row per file: a first run on a million files wrote three million rows."""
    _run(
        db,
        """
        CREATE TABLE "cluster_members" ("cluster_id" INTEGER NOT NULL PRIMARY KEY, "file_ids" TEXT NOT NULL);
        INSERT INTO cluster_members (cluster_id, file_ids)
          SELECT cluster_id, json_group_array(file_id)
          FROM (SELECT cluster_id, file_id FROM cluster_file ORDER BY cluster_id, file_id)
          GROUP BY cluster_id;
        DROP TABLE cluster_file;
        CREATE TABLE "trip_members" ("trip_id" INTEGER NOT NULL PRIMARY KEY, "file_ids" TEXT NOT NULL);
        INSERT INTO trip_members (trip_id, file_ids)
          SELECT trip_id, json_group_array(file_id)
          FROM (SELECT trip_id, file_id FROM trip_file ORDER BY trip_id, file_id)
          GROUP BY trip_id;
        DROP TABLE trip_file
        """,
    )


# a file's path made relative to its source's folder, when it lies inside it (the rule of version 7)
_RELATIVE_PATHS = """
        UPDATE media_file
        SET path = substr(path, length((SELECT s.path FROM source s WHERE s.id = source_id)) + 2)
        WHERE substr(path, 1, length((SELECT s.path FROM source s WHERE s.id = source_id)) + 1)
          = (SELECT s.path FROM source s WHERE s.id = source_id) || '/'
"""


def _shared_sources(db: Any, machine: str, path: str) -> None:
    """Version 7 with the engine's column types for the machine id and the mount's path."""
    _run(
        db,
        f"""
        CREATE TABLE "source_mount" ("source_id" INTEGER NOT NULL, "machine_id" {machine} NOT NULL,
          "path" {path} NOT NULL, PRIMARY KEY ("source_id", "machine_id"),
          FOREIGN KEY ("source_id") REFERENCES "source" ("id") ON DELETE CASCADE);
        CREATE INDEX "source_mount_source_id" ON "source_mount" ("source_id");
        CREATE UNIQUE INDEX "source_mount_machine_id_path" ON "source_mount" ("machine_id", "path");
        DROP INDEX "source_path";
        CREATE INDEX "source_path" ON "source" ("path");
        DROP INDEX "media_file_path";
        {_RELATIVE_PATHS};
        CREATE UNIQUE INDEX "media_file_source_id_path" ON "media_file" ("source_id", "path")
        """,
    )


def _to_7(db: Any) -> None:
    """Shared sources (SPEC §13): each machine keeps its own path to a source, and files are stored
    relative to their source, so a moved or remounted archive is not indexed again.  No machine has a
    mount yet: each sees a source at the path it was added with until it says otherwise, which is where
    every file was."""
    _shared_sources(db, "VARCHAR(255)", "TEXT")


def _postgres_to_7(db: Any) -> None:
    """Version 7 on PostgreSQL: the same change in its words (text compared by code point, as at creation)."""
    _shared_sources(db, 'TEXT COLLATE "C"', 'TEXT COLLATE "C"')


MIGRATIONS: dict[int, Callable[[Any], None]] = {2: _to_2, 3: _to_3, 4: _to_4, 5: _to_5, 6: _to_6, 7: _to_7}
# A PostgreSQL library starts at version 6 (SPEC §13 came then): it has only the steps after that.
POSTGRES_MIGRATIONS: dict[int, Callable[[Any], None]] = {7: _postgres_to_7}


def steps_for(engine: str) -> dict[int, Callable[[Any], None]]:
    """The registry of ``engine`` ("sqlite" or "postgresql")."""
    return POSTGRES_MIGRATIONS if engine == "postgresql" else MIGRATIONS
