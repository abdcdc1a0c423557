"""The library's tables (peewee models only; opening and migrating live in ``library.py``).

Times are stored as naive UTC text so that SQLite sorts them as instants; a file's wall-clock time and
its offset are stored apart (SPEC §2: a camera without a time zone knows only its wall clock).  Paths
are stored through :mod:`app.store.paths`, which keeps names that are not UTF-8.
"""

from __future__ import annotations

from peewee import (
    SQL,
    AutoField,
    BigIntegerField,
    CharField,
    CompositeKey,
    DateField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    SmallIntegerField,
    TextField,
)


class BaseModel(Model):
    """Unbound: every query names the :class:`app.store.library.Library` it runs on, so two libraries
    open in one process never mix (nothing opens at import)."""

    class Meta:
        legacy_table_names = False


class SchemaVersion(BaseModel):
    """One row: the schema version of this library file (see ``migrations.py``)."""

    id = AutoField()
    version = IntegerField()


class Setting(BaseModel):
    """Small library-wide values: the last clustering options, the place-data version used."""

    key = CharField(primary_key=True)
    value = TextField()


class Source(BaseModel):
    """A folder the user added; indexing walks it.  ``path`` is where it was first added; each machine
    keeps where it sees it in :class:`SourceMount` (see app.store.mounts)."""

    id = AutoField()
    path = TextField(index=True)
    added_at = DateTimeField()
    last_indexed_at = DateTimeField(null=True)


class SourceMount(BaseModel):
    """Where one machine sees a source (``/mnt/photos`` here, ``/Volumes/photos`` there)."""

    source = ForeignKeyField(Source, on_delete="CASCADE")
    machine_id = CharField()
    path = TextField()

    class Meta:
        primary_key = CompositeKey("source", "machine_id")
        indexes = ((("machine_id", "path"), True),)


class MediaFile(BaseModel):
    """One photo or video.  ``status``: ok, no_time, no_place, error or missing.  ``path`` is relative
    to its source's folder, so a moved or remounted archive is not indexed again."""

    id = AutoField()
    source = ForeignKeyField(Source, backref="files", on_delete="CASCADE", index=True)
    path = TextField()
    size = BigIntegerField()
    mtime_ns = BigIntegerField()
    kind = CharField(max_length=5)
    produce_time = DateTimeField(null=True)  # sort key: the UTC instant, else the floating wall clock
    utc_time = DateTimeField(null=True)
    local_time = DateTimeField(null=True)
    local_offset_min = SmallIntegerField(null=True)
    time_source = CharField(default="")
    capture_day = DateField(null=True, index=True)
    lat = FloatField(null=True)
    lon = FloatField(null=True)
    country = CharField(default="")
    country_code = CharField(default="")
    province = CharField(default="")
    city = CharField(default="")
    district = CharField(default="")
    township = CharField(default="")
    address_line = CharField(default="")
    places_version = SmallIntegerField(default=0)
    width = IntegerField(null=True)
    height = IntegerField(null=True)
    orientation = SmallIntegerField(null=True)
    status = CharField(max_length=8, index=True)
    error = TextField(default="")
    indexed_at = DateTimeField()
    camera = CharField(default="", constraints=[SQL("DEFAULT ''")])  # 'Make|Model|serial'
    # a place borrowed from neighbouring photos (SPEC §10), never written into the file; kept apart
    est_lat = FloatField(null=True)
    est_lon = FloatField(null=True)
    est_country = CharField(default="", constraints=[SQL("DEFAULT ''")])  # indexing inserts without them
    est_province = CharField(default="", constraints=[SQL("DEFAULT ''")])
    est_city = CharField(default="", constraints=[SQL("DEFAULT ''")])
    est_rejected = SmallIntegerField(default=0, constraints=[SQL("DEFAULT 0")])  # the user said no to it
    # the library's change count when this row last changed (see app.store.files.next_generation)
    gen = BigIntegerField(default=0, index=True, constraints=[SQL("DEFAULT 0")])

    class Meta:
        indexes = ((("source", "path"), True),)


class Task(BaseModel):
    """Every long job (SPEC §7).  ``tags``, ``request`` and ``result`` hold JSON text."""

    id = AutoField()
    task_id = CharField(unique=True)
    task_type = CharField(index=True)
    status = CharField(index=True)
    progress = SmallIntegerField(default=0)
    start_time = DateTimeField(index=True)
    end_time = DateTimeField(null=True)
    code = CharField(default="")
    message = TextField(default="")
    tags = TextField(default="{}")
    user_data = TextField(default="")
    request = TextField(default="{}")
    result = TextField(default="{}")
    owner = CharField(default="")  # "pid@host" of the process running it, to tell a dead task from a live one


class Cluster(BaseModel):
    """A location-date cluster (SPEC §4): its place down to ``level``, its days, the user's fields.

    ``address_key`` joins the address path from the country to the level (with \x1f) so a place is
    one indexed value; ``custom_labels`` is JSON.  Days are dates; start and end times are RFC 3339 text.
    """

    id = AutoField()
    object_id = CharField(unique=True)
    level = CharField(max_length=8)
    address_key = TextField()
    country = CharField(default="")
    province = CharField(default="")
    city = CharField(default="")
    district = CharField(default="")
    township = CharField(default="")
    first_day = DateField()
    last_day = DateField()
    start_time = CharField()  # RFC 3339 in the photos' local time, as IMM shows it
    end_time = CharField()
    start_utc = DateTimeField()  # the same instants in UTC, for range filters
    end_utc = DateTimeField()
    title = TextField(default="")
    custom_id = TextField(default="")
    custom_labels = TextField(default="{}")
    cover = ForeignKeyField(MediaFile, null=True, on_delete="SET NULL")
    previews = TextField(default="[]")  # JSON: a few more file ids across the trip, for the timeline
    file_count = IntegerField(default=0)
    photo_count = IntegerField(default=0)
    video_count = IntegerField(default=0)
    created_at = DateTimeField()
    updated_at = DateTimeField(index=True)
    age = BigIntegerField(default=0)  # creation order, to tell the older of two bridged clusters
    members_hash = BigIntegerField(default=0)  # see app.core.clustering.members_hash

    class Meta:
        indexes = (
            (("level", "first_day"), False),
            (("level", "address_key"), False),
            (("first_day",), False),
        )


class ClusterMembers(BaseModel):
    """A cluster's files as the last run decided them (files indexed since join at the next run): one JSON
    array of file ids per cluster, ascending (see app.store.member_lists for why not a row per file)."""

    cluster_id = IntegerField(primary_key=True)
    file_ids = TextField()


class DeletedCluster(BaseModel):
    """A cluster the user deleted; no run brings back one at its level and place on these days."""

    id = AutoField()
    level = CharField(max_length=8)
    address_key = TextField()
    first_day = DateField()
    last_day = DateField()
    deleted_at = DateTimeField()

    class Meta:
        indexes = ((("level", "address_key"), False),)


class Story(BaseModel):
    """A story made from a cluster (SPEC §8, IMM's TravelMemory): its highlights in order and a cover."""

    id = AutoField()
    story_id = CharField(unique=True)
    name = TextField()
    story_type = CharField(default="TravelMemory")
    cluster_object_id = CharField(index=True)
    cover_id = IntegerField(null=True)
    created_at = DateTimeField()
    updated_at = DateTimeField()


class StoryFile(BaseModel):
    story_id = IntegerField()
    file_id = IntegerField()
    position = IntegerField()

    class Meta:
        primary_key = CompositeKey("story_id", "position")
        without_rowid = True


class Home(BaseModel):
    """A home (SPEC §10): a user's (a city, or a position and radius, optionally between days), or one
    the last run detected (replaced at each run)."""

    id = AutoField()
    home_id = CharField(unique=True)
    source = CharField(max_length=8)  # "user" or "detected"
    country = CharField(default="")
    province = CharField(default="")
    city = CharField(default="")
    lat = FloatField(null=True)
    lon = FloatField(null=True)
    radius_km = FloatField(null=True)
    first_day = DateField(null=True)
    last_day = DateField(null=True)
    photo_days = IntegerField(default=0)
    created_at = DateTimeField()


class HomeRejection(BaseModel):
    """A detected home the user rejected: no home of that city over these days is detected again."""

    id = AutoField()
    country = CharField(default="")
    province = CharField(default="")
    city = CharField(default="")
    first_day = DateField()
    last_day = DateField()
    created_at = DateTimeField()


class Trip(BaseModel):
    """A trip (SPEC §10): away days with their stops; ``stops`` and ``countries`` hold JSON."""

    id = AutoField()
    trip_id = CharField(unique=True)
    first_day = DateField(index=True)
    last_day = DateField()
    start_time = CharField()
    end_time = CharField()
    country = CharField(default="")
    province = CharField(default="")
    city = CharField(default="")
    countries = TextField(default="[]")
    stops = TextField(default="[]")
    title = TextField(default="")
    custom_labels = TextField(default="{}")
    cover_id = IntegerField(null=True)
    previews = TextField(default="[]")
    file_count = IntegerField(default=0)
    estimated_count = IntegerField(default=0)
    photo_count = IntegerField(default=0)
    video_count = IntegerField(default=0)
    created_at = DateTimeField()
    updated_at = DateTimeField()
    age = BigIntegerField(default=0)
    signature = BigIntegerField(default=0)  # of the row and its members: an unchanged trip is not rewritten


class TripMembers(BaseModel):
    """A trip's files, as :class:`ClusterMembers` keeps a cluster's."""

    trip_id = IntegerField(primary_key=True)
    file_ids = TextField()


class TripDecision(BaseModel):
    """A merge or a split the user made, re-applied by every run in the order made."""

    id = AutoField()
    kind = CharField(max_length=5)  # "merge" or "split"
    trip_id = CharField()
    first_day = DateField(null=True)  # merge: the span it covers
    last_day = DateField(null=True)
    day = DateField(null=True)  # split: the first day of the part after
    created_at = DateTimeField()


class DeletedTrip(BaseModel):
    id = AutoField()
    first_day = DateField()
    last_day = DateField()
    deleted_at = DateTimeField()


ALL_MODELS: list[type[BaseModel]] = [
    SchemaVersion, Setting, Source, SourceMount, MediaFile, Task, Cluster, ClusterMembers, DeletedCluster,
    Story, StoryFile, Home, HomeRejection, Trip, TripMembers, TripDecision, DeletedTrip,
]  # fmt: skip
