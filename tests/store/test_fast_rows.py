"""The bulk row reader gives the rows peewee gives, on both engines: dates, times, null covers, aliases,
foreign keys by their field name, and a path that is not UTF-8 turned back into the file system's name."""

from __future__ import annotations

from datetime import date, datetime

from peewee import JOIN

from app.store import fast_rows
from app.store.library import Library
from app.store.models import Cluster, MediaFile, Source
from app.store.paths import to_store


def test_rows_are_peewees_rows(library_location: str) -> None:
    lib = Library(library_location)
    try:
        with lib.db.atomic():
            source = Source.insert(path="/photos", added_at=datetime(2024, 1, 2, 3, 4, 5, 678000)).execute(
                lib.db
            )
            odd = to_store("/photos/caf\udce9.jpg")
            cover = MediaFile.insert(
                source=source,
                path=odd,
                size=1,
                mtime_ns=2,
                kind="photo",
                status="ok",
                indexed_at=datetime(2024, 1, 3),
            ).execute(lib.db)
            for n, (cover_id, first) in enumerate(((cover, date(2023, 12, 31)), (None, date(1969, 7, 20)))):
                Cluster.insert(
                    object_id=f"c{n}", level="city", address_key="x", first_day=first, last_day=first,
                    start_time="2023-12-31T10:00:00.000+08:00", end_time="2023-12-31T11:00:00.000+08:00",
                    start_utc=datetime(2023, 12, 31, 2), end_utc=datetime(2023, 12, 31, 3, 0, 0, 1),
                    cover=cover_id, created_at=datetime(2024, 5, 1),
                    updated_at=datetime(2024, 5, 1, 0, 0, 0, 5),
                ).execute(lib.db)  # fmt: skip
        query = (
            Cluster.select(Cluster, MediaFile.path.alias("cover_path"), MediaFile.source)
            .join(MediaFile, JOIN.LEFT_OUTER, on=(Cluster.cover == MediaFile.id))
            .order_by(Cluster.id)
        )
        expected = list(query.namedtuples().execute(lib.db))
        rows = fast_rows.namedtuples(lib, query)
        assert rows == expected and rows[0]._fields == expected[0]._fields
        assert rows[1].first_day == date(1969, 7, 20) and rows[1].cover is None and rows[1].cover_path is None
        assert isinstance(rows[0].end_utc, datetime) and rows[0].end_utc.microsecond == 1
        assert fast_rows.dicts(lib, query) == list(query.dicts().execute(lib.db))
        files = MediaFile.select(MediaFile.path, Source.added_at).join(Source)
        assert fast_rows.namedtuples(lib, files) == list(files.namedtuples().execute(lib.db))
    finally:
        lib.close()
