"""The files as the trip rules read them: a library kept open reads only what changed, and always gives what
a fresh read gives."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np

from app.service import ClusterOptions, Service
from app.store.file_table import FileTable, file_table
from app.store.library import Library
from tests.factories.photos import make_jpeg

HANGZHOU = (30.2741, 120.1551)
KYOTO = (35.0116, 135.7681)


def decoded(table: FileTable) -> dict[str, list]:
    """The table with its codes turned back into what they stand for (codes differ between reads)."""
    names = list(table.addresses)
    cameras: dict[int, int] = {}
    return {
        "numbers": [
            np.nan_to_num(getattr(table, name), nan=-7.0).tolist()
            for name in (
                "file_id",
                "day",
                "wall",
                "utc",
                "lat",
                "lon",
                "rejected",
                "est_lat",
                "est_lon",
                "offset",
                "photo",
            )
        ],
        "city": [names[c] if c >= 0 else None for c in table.city.tolist()],
        "est_city": [names[c] if c >= 0 else None for c in table.est_city.tolist()],
        "camera": [cameras.setdefault(c, len(cameras)) if c >= 0 else -1 for c in table.camera.tolist()],
    }


def fresh(path: Path) -> dict[str, list]:
    lib = Library(path)
    try:
        return decoded(file_table(lib))
    finally:
        lib.close()


def test_a_kept_table_follows_every_change_and_equals_a_fresh_read(service: Service, tmp_path: Path) -> None:
    photos = tmp_path / "photos"
    for day in range(3):
        make_jpeg(photos / f"hz{day}.jpg", datetime_original=datetime(2024, 3, 3 + day, 9), gps=HANGZHOU)
    make_jpeg(photos / "kyoto.jpg", datetime_original=datetime(2024, 4, 1, 9), offset="+09:00", gps=KYOTO,
              camera=("Apple", "iPhone", ""))  # fmt: skip
    make_jpeg(photos / "dslr.jpg", datetime_original=datetime(2024, 4, 1, 10), offset=None,
              camera=("Canon", "R5", "1"))  # fmt: skip
    lib = service.lib
    path = service.library_path

    def check() -> None:
        assert decoded(file_table(lib)) == fresh(path)

    service.index_sources([str(photos)])
    check()
    service.create_location_date_clustering_task(ClusterOptions())  # estimates: the DSLR borrows Kyoto
    check()
    assert int(np.isfinite(file_table(lib).est_lat).sum()) == 1
    make_jpeg(photos / "more.jpg", datetime_original=datetime(2024, 5, 1, 9), gps=KYOTO)  # new
    make_jpeg(photos / "hz0.jpg", datetime_original=datetime(2024, 3, 9, 9), gps=KYOTO)  # changed in place
    (photos / "hz1.jpg").write_bytes(b"\xff\xd8\xff\xe1\x00")  # now unreadable
    service.index_sources([str(photos)])
    check()
    assert len(file_table(lib).file_id) == 5
    service.reject_estimates([str(photos / "dslr.jpg")])
    check()
    service.remove_source(str(photos.resolve()))  # rows deleted: read afresh
    check()
    assert len(file_table(lib).file_id) == 0


def test_an_unchanged_library_is_not_read_again(service: Service, tmp_path: Path) -> None:
    make_jpeg(tmp_path / "p" / "a.jpg", datetime_original=datetime(2024, 3, 3, 9), gps=HANGZHOU)
    service.index_sources([str(tmp_path / "p")])
    first = file_table(service.lib)
    assert file_table(service.lib) is first
