"""Listing indexed files in IMM's shape (``tripfold files``)."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from app.service.tasks import ServiceError
from app.store import files as file_rows
from app.store.files import FileRecord
from app.store.library import Library

FILE_STATUSES = ("ok", "no_time", "no_place", "error", "missing")


def produce_time(local: datetime | None, utc: datetime | None, offset_min: int | None) -> str:
    """RFC 3339 with the offset when it is known; a floating wall-clock time has none (SPEC §9)."""
    if local is not None and offset_min is not None:
        sign = "+" if offset_min >= 0 else "-"
        hours, minutes = divmod(abs(offset_min), 60)
        return f"{_iso(local)}{sign}{hours:02d}:{minutes:02d}"
    if local is not None:
        return _iso(local)
    if utc is not None:
        return f"{_iso(utc)}Z"
    return ""


def _iso(value: datetime) -> str:
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    return f"{text}.{value.microsecond // 1000:03d}" if value.microsecond else text


def lat_long(lat: float | None, lon: float | None) -> str:
    return "" if lat is None or lon is None else f"{lat:.6f},{lon:.6f}"


def file_uri(path: str) -> str:
    """``file://`` URI of an absolute path, as ``Path.as_uri`` writes it (without its cost: the
    timeline asks for five per cluster)."""
    if os.name == "nt":
        return Path(path).as_uri()
    return "file://" + quote(os.fsencode(path))  # the name's own bytes, UTF-8 or not


def addresses(f: FileRecord) -> list[dict[str, str]]:
    if not f.country:
        return []
    return [
        {
            "Language": "en",
            "Country": f.country,
            "Province": f.province,
            "City": f.city,
            "District": f.district,
            "Township": f.township,
            "AddressLine": f.address_line,
        }
    ]


def file_to_dict(f: FileRecord) -> dict[str, Any]:
    local, utc = f.local_time, f.utc_time
    if local is None and utc is not None and f.local_offset_min is not None:
        local = utc + timedelta(minutes=f.local_offset_min)
    return {
        "URI": file_uri(f.path),
        "ProduceTime": produce_time(local, utc, f.local_offset_min),
        "LatLong": lat_long(f.lat, f.lon),
        "Addresses": addresses(f),
        "Status": f.status,
        "Error": f.error,
        # extensions
        "MediaType": f.kind,
        "CaptureDay": str(f.capture_day) if f.capture_day else "",
        "ImageWidth": f.width,
        "ImageHeight": f.height,
        "Orientation": f.orientation,
    }


def list_files(lib: Library, status: str | None = None) -> list[dict[str, Any]]:
    if status is not None and status not in FILE_STATUSES:
        raise ServiceError(
            "InvalidArgument", f"Status must be one of {', '.join(FILE_STATUSES)}, not {status!r}"
        )
    return [file_to_dict(f) for f in file_rows.list_files(lib, status)]
