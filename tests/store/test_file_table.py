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


def fresh(path: Path | str) -> dict[str, list]:
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


def test_the_table_says_what_the_records_say(service: Service, tmp_path: Path) -> None:
    """Each number as the rows hold it, across the edges of the packed reading: a photo before 1970 west of
    Greenwich, a wall clock without offset or place, a video with only a UTC instant, no camera."""
    from tests.factories.videos import make_mp4

    photos = tmp_path / "photos"
    make_jpeg(photos / "old.jpg", datetime_original=datetime(1961, 7, 4, 23, 59, 59), offset="-05:00",
              gps=(40.7128, -74.006), camera=("Kodak", "Retina", ""))  # fmt: skip
    make_jpeg(photos / "floating.jpg", datetime_original=datetime(2024, 2, 29, 6), offset=None)
    make_jpeg(photos / "east.jpg", datetime_original=datetime(2024, 3, 1, 0, 30), offset="+13:45",
              gps=(-43.95, -176.55), camera=("Apple", "iPhone", ""))  # fmt: skip
    make_mp4(photos / "clip.mp4", creation_time=datetime(2023, 12, 31, 23, 0))
    service.index_sources([str(photos)])
    table = file_table(service.lib)
    records = {r.id: r for r in service.list_files()}
    assert sorted(records) == table.file_id.tolist()
    epoch = datetime(1970, 1, 1)
    for row, file_id in enumerate(table.file_id.tolist()):
        r = records[file_id]
        wall = (r.local_time - epoch).total_seconds() if r.local_time else None
        offset = r.local_offset_min
        expected = {
            "day": r.capture_day.toordinal() if r.capture_day else 0,
            "wall": wall,
            "offset": offset,
            "utc": (r.utc_time - epoch).total_seconds() if offset is not None else None,
            "lat": r.lat,
            "lon": r.lon,
            "photo": r.kind == "photo",
            "city": (r.country, r.province, r.city, r.district, r.township) if r.country else None,
        }
        got = {
            "day": int(table.day[row]),
            "wall": None if np.isnan(table.wall[row]) else float(table.wall[row]),
            "offset": None if np.isnan(table.offset[row]) else int(table.offset[row]),
            "utc": None if np.isnan(table.utc[row]) else float(table.utc[row]),
            "lat": None if np.isnan(table.lat[row]) else float(table.lat[row]),
            "lon": None if np.isnan(table.lon[row]) else float(table.lon[row]),
            "photo": bool(table.photo[row]),
            "city": table.addresses[table.city[row]] if table.city[row] >= 0 else None,
        }
        assert got == expected, Path(r.path).name
    by_name = {Path(records[i].path).name: row for row, i in enumerate(table.file_id.tolist())}
    assert table.camera[by_name["clip.mp4"]] == -1  # no camera
    assert len({int(table.camera[by_name[n]]) for n in ("old.jpg", "east.jpg", "floating.jpg")}) == 3
    assert min(int(table.camera[by_name[n]]) for n in ("old.jpg", "east.jpg", "floating.jpg")) == 0
    assert table.wall[by_name["old.jpg"]] < 0 and table.offset[by_name["old.jpg"]] == -300
    assert np.isnan(table.wall[by_name["clip.mp4"]]) and table.day[by_name["clip.mp4"]] > 0
