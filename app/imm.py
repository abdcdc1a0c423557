"""IMM's JSON shapes (SPEC §6–§9), made from the service's records at the edge.

The command line prints these, and the ``--notify-file`` messages carry them; nothing inside Tripfold
reads them back.  Field names are IMM's; the extensions IMM lacks are marked in SPEC.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from app.service.localized import localized_cluster, localized_file, localized_home, localized_trip
from app.service.records import Address, ClusterInfo, ClusterPage, FileRecord, HighlightPreview, StoryInfo
from app.store.tasks import TaskRecord

if TYPE_CHECKING:
    from app.service.trips import HomeInfo, TripInfo


def file_uri(path: str) -> str:
    """``file://`` URI of an absolute path, as ``Path.as_uri`` writes it, from the name's own bytes (so a
    name that is not UTF-8 keeps them), without ``as_uri``'s cost (the timeline asks for five a cluster)."""
    if os.name == "nt":
        return Path(path).as_uri()
    return "file://" + quote(os.fsencode(path))


def rfc3339_utc(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def produce_time(local: datetime | None, utc: datetime | None, offset_min: int | None) -> str:
    """RFC 3339 with the offset when it is known; a floating wall-clock time has none (SPEC §9)."""
    if local is None and utc is not None and offset_min is not None:
        local = utc + timedelta(minutes=offset_min)
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


def task_json(task: TaskRecord) -> dict[str, Any]:
    """A task (SPEC §7); ``Result`` is the extension with counts."""
    return {
        "TaskId": task.task_id,
        "TaskType": task.task_type,
        "Status": task.status,
        "StartTime": rfc3339_utc(task.start_time),
        "EndTime": rfc3339_utc(task.end_time),
        "Progress": task.progress,
        "Code": task.code,
        "Message": task.message,
        "Tags": task.tags,
        "UserData": task.user_data,
        "TaskRequestDefinition": task.request,
        "Result": task.result,
    }


# -- the display language (SPEC §12) ------------------------------------------------------------------
# The records carry the English names the library stores; these give the same records in the display
# language, names and generated captions alike.  English returns the record itself, so the English
# output stays byte for byte what it was.


def address_json(address: Address, language: str = "en") -> dict[str, str]:
    return {
        "Language": language,
        "Country": address.country,
        "Province": address.province,
        "City": address.city,
        "District": address.district,
        "Township": address.township,
        "AddressLine": address.line,
    }


def file_json(f: FileRecord, language: str = "en") -> dict[str, Any]:
    """One indexed file as ``tripfold files --json`` prints it (SPEC §9), its place in ``language``."""
    f = localized_file(f, language)
    address = Address(f.country, f.province, f.city, f.district, f.township, f.address_line)
    return {
        "URI": file_uri(f.path),
        "ProduceTime": produce_time(f.local_time, f.utc_time, f.local_offset_min),
        "LatLong": lat_long(f.lat, f.lon),
        "Addresses": [address_json(address, language)] if f.country else [],
        "Status": f.status,
        "Error": f.error,
        "Estimated": f.estimated,
        "LatLongEstimated": lat_long(f.est_lat, f.est_lon) if f.estimated else "",
        # extensions
        "MediaType": f.kind,
        "CaptureDay": str(f.capture_day) if f.capture_day else "",
        "ImageWidth": f.width,
        "ImageHeight": f.height,
        "Orientation": f.orientation,
    }


def cluster_json(c: ClusterInfo, language: str = "en") -> dict[str, Any]:
    """A location-date cluster as IMM returns it, with Tripfold's extensions (SPEC §6)."""
    c = localized_cluster(c, language)
    result: dict[str, Any] = {
        "ObjectId": c.object_id,
        "ObjectType": "location-date-cluster",
        "Title": c.title,
        "LocationDateClusterLevel": c.level,
        "LocationDateClusterStartTime": c.start_time,
        "LocationDateClusterEndTime": c.end_time,
        "Addresses": [address_json(c.address, language)],
        "CustomId": c.custom_id,
        "CustomLabels": c.custom_labels,
        "CreateTime": rfc3339_utc(c.created_at),
        "UpdateTime": rfc3339_utc(c.updated_at),
        # extensions
        "FileCount": c.file_count,
        "PhotoCount": c.photo_count,
        "VideoCount": c.video_count,
        "Days": c.days,
        "CoverURI": file_uri(c.cover_path) if c.cover_path else "",
        "PlaceCaption": c.place_caption,
        "Caption": c.caption,
        "DateRangeText": c.date_range_text,
        "DaysText": c.days_text,
        "CountsText": c.counts_text,
        "PreviewURIs": [file_uri(p) for p in c.preview_paths],
    }
    if c.files is not None:
        result["Files"] = [
            {"URI": file_uri(m.path), "ProduceTime": m.produce_time, "LatLong": lat_long(m.lat, m.lon),
             "MediaType": m.kind}
            for m in c.files
        ]  # fmt: skip
    return result


def cluster_page_json(page: ClusterPage, language: str = "en") -> dict[str, Any]:
    return {
        "LocationDateClusters": [cluster_json(c, language) for c in page.clusters],
        "NextToken": page.next_token,
    }


def story_json(story: StoryInfo) -> dict[str, Any]:
    return {
        "ObjectId": story.story_id,
        "StoryName": story.name,
        "StoryType": story.story_type,
        "ClusterObjectId": story.cluster_object_id,
        "CoverURI": file_uri(story.cover_path) if story.cover_path else "",
        "Files": [{"URI": file_uri(p)} for p in story.paths],
        "CreateTime": rfc3339_utc(story.created_at),
        "UpdateTime": rfc3339_utc(story.updated_at),
    }


def preview_json(preview: HighlightPreview) -> dict[str, Any]:
    return {
        "Candidates": [{"URI": file_uri(path), "MediaType": kind} for path, kind in preview.candidates],
        "Files": [file_uri(p) for p in preview.chosen],
        "CoverURI": file_uri(preview.cover_path) if preview.cover_path else "",
        "Message": preview.message,
    }


def notification(task: TaskRecord, message_id: str, now: datetime) -> dict[str, Any]:
    """The end-of-task message of SPEC §7."""
    return {
        "id": message_id,
        "source": "tripfold",
        "type": f"tripfold:Task:{task.task_type}",
        "time": rfc3339_utc(now),
        "content": task_json(task),
    }


def _offset_of(rfc3339: str) -> str:
    """The offset an RFC 3339 time ends with ('+08:00', 'Z', '-00:00')."""
    if rfc3339.endswith("Z"):
        return "Z"
    return rfc3339[-6:] if len(rfc3339) >= 6 and rfc3339[-6] in "+-" else ""


def trip_json(trip: TripInfo, language: str = "en") -> dict[str, Any]:
    """A trip as ``tripfold trips --json`` prints it (SPEC §9), its places and caption in ``language``."""
    trip = localized_trip(trip, language)
    start, end = _offset_of(trip.start_time), _offset_of(trip.end_time)
    result: dict[str, Any] = {
        "TripId": trip.trip_id,
        "Title": trip.title,
        "Caption": trip.caption,
        "Place": {"Country": trip.place.country, "Province": trip.place.province, "City": trip.place.city},
        "Countries": trip.countries,
        "StartTime": trip.start_time,
        "EndTime": trip.end_time,
        "Days": trip.days,
        "FileCount": trip.file_count,
        "EstimatedFileCount": trip.estimated_count,
        "CoverURI": file_uri(trip.cover_path) if trip.cover_path else "",
        "Stops": [
            {"Country": s.address.country, "Province": s.address.province, "City": s.address.city,
             "StartTime": f"{s.first_day.isoformat()}T00:00:00.000{start}",
             "EndTime": f"{s.last_day.isoformat()}T23:59:59.999{end}", "FileCount": s.file_count}
            for s in trip.stops
        ],
        "ClusterIds": trip.cluster_ids,
        "CustomLabels": trip.custom_labels,
        "CreateTime": rfc3339_utc(trip.created_at),
        "UpdateTime": rfc3339_utc(trip.updated_at),
    }  # fmt: skip
    if trip.files is not None:
        result["Files"] = [
            {"URI": file_uri(m.path), "ProduceTime": m.produce_time, "LatLong": lat_long(m.lat, m.lon),
             "Estimated": m.estimated}
            for m in trip.files
        ]  # fmt: skip
    return result


def home_json(home: HomeInfo, language: str = "en") -> dict[str, Any]:
    home = localized_home(home, language)
    return {
        "HomeId": home.home_id,
        "Country": home.address.country,
        "Province": home.address.province,
        "City": home.address.city,
        "LatLong": lat_long(home.lat, home.lon),
        "RadiusKm": home.radius_km,
        "From": home.first_day.isoformat() if home.first_day else "",
        "To": home.last_day.isoformat() if home.last_day else "",
        "Source": home.source,
        "PhotoDays": home.photo_days,
    }
