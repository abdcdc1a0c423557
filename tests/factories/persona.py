"""A generated persona library: a year and a half of one person's photos, as plain records.

She lives in Hangzhou (photos on about 30% of days), moves to Shanghai in September 2023, and travels:
a day out within 50 km (Keqiao, Shaoxing: not a trip), a day trip beyond (Jiaxing, leaving home after
breakfast photos), a weekend in Kyoto, eight days in Japan with a DSLR that has no GPS next to her
phone, a weekend in Zhejiang after the move (Hangzhou then Jiaxing), two weekdays in Nanjing, one
snapshot in Beijing, a day back in Hangzhou, and France, Italy & Spain.  A few screenshots have no time
and a few DSLR night shots at home have no phone photo within hours.

Positions are real city centres with a little scatter; :func:`geocode` names them from the same table
(nearest centre within 30 km), so tests need no place data.  Time zones: China +8, Japan +9, Europe +2
(April, summer time).  The DSLR writes wall time without an offset, as most cameras do.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from app.core.estimates import Estimates, TimedFile
from app.core.homes import Address, PlacedFile

PHONE = "Apple|iPhone 13|"
DSLR = "Canon|EOS 5D Mark IV|012345"

PLACES: dict[str, tuple[float, float, Address, int]] = {
    # name: (lat, lon, (country, province, city), UTC offset in hours)
    "Hangzhou": (30.2741, 120.1551, ("China", "Zhejiang", "Hangzhou"), 8),
    "Keqiao": (30.0833, 120.4897, ("China", "Zhejiang", "Shaoxing"), 8),
    "Jiaxing": (30.7522, 120.75, ("China", "Zhejiang", "Jiaxing"), 8),
    "Shanghai": (31.2304, 121.4737, ("China", "Shanghai", "Shanghai"), 8),
    "Nanjing": (32.0603, 118.7969, ("China", "Jiangsu", "Nanjing"), 8),
    "Beijing": (39.9042, 116.4074, ("China", "Beijing", "Beijing"), 8),
    "Kyoto": (35.0116, 135.7681, ("Japan", "Kyoto", "Kyoto"), 9),
    "Tokyo": (35.6762, 139.6503, ("Japan", "Tokyo", "Tokyo"), 9),
    "Osaka": (34.6937, 135.5023, ("Japan", "Osaka", "Osaka"), 9),
    "Paris": (48.8566, 2.3522, ("France", "Île-de-France", "Paris"), 2),
    "Rome": (41.9028, 12.4964, ("Italy", "Lazio", "Rome"), 2),
    "Barcelona": (41.3874, 2.1686, ("Spain", "Catalonia", "Barcelona"), 2),
}

HANGZHOU_ERA = (date(2023, 1, 2), date(2023, 8, 31))
SHANGHAI_ERA = (date(2023, 9, 16), date(2024, 6, 30))


@dataclass(frozen=True)
class Shot:
    """One photo: ``offset_hours`` None when the camera wrote no offset (then no UTC instant is known)."""

    file_id: int
    camera: str
    wall: datetime | None
    offset_hours: int | None
    lat: float | None
    lon: float | None

    @property
    def utc(self) -> datetime | None:
        if self.wall is None or self.offset_hours is None:
            return None
        return self.wall - timedelta(hours=self.offset_hours)


@dataclass
class Persona:
    shots: list[Shot] = field(default_factory=list)

    def timed(self) -> list[TimedFile]:
        return [TimedFile(s.file_id, s.camera, s.utc, s.wall, s.lat, s.lon) for s in self.shots]

    def placed(self, estimates: Estimates | None = None) -> list[PlacedFile]:
        """The shots as trips see them; ``estimates`` lend positions (then named by :func:`geocode`)."""
        borrowed = {}
        if estimates is not None:
            borrowed = dict(
                zip(
                    estimates.file_id.tolist(),
                    zip(estimates.lat.tolist(), estimates.lon.tolist(), strict=True),
                    strict=True,
                )
            )
        result = []
        for s in self.shots:
            lat, lon, estimated = s.lat, s.lon, False
            if lat is None and s.file_id in borrowed:
                (lat, lon), estimated = borrowed[s.file_id], True
            address = None if lat is None or lon is None else geocode(lat, lon)
            day = None if s.wall is None else s.wall.date().toordinal()
            result.append(PlacedFile(s.file_id, day, s.wall, s.utc, lat, lon, address, s.camera, estimated))
        return result

    def ids(self, camera: str | None = None, day: date | None = None) -> set[int]:
        return {
            s.file_id
            for s in self.shots
            if (camera is None or s.camera == camera) and (day is None or (s.wall and s.wall.date() == day))
        }


def geocode(lat: float, lon: float) -> Address | None:
    """The persona's own tiny reverse geocoder: the nearest listed centre within 30 km."""
    best = min(PLACES.values(), key=lambda p: _km(lat, lon, p[0], p[1]))
    return best[2] if _km(lat, lon, best[0], best[1]) <= 30 else None


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


# where she is on each travel day: (place, number of phone shots), in the order of the day
TRAVEL: dict[date, list[tuple[str, int]]] = {
    date(2023, 3, 11): [("Keqiao", 4)],  # within 50 km of home: not a trip
    date(2023, 4, 8): [("Hangzhou", 2), ("Jiaxing", 4)],  # breakfast at home, then off
    date(2023, 5, 13): [("Kyoto", 6)],
    date(2023, 5, 14): [("Kyoto", 5)],
    **{date(2023, 7, d): [("Tokyo", 5)] for d in (1, 2, 3)},
    **{date(2023, 7, d): [("Kyoto", 5)] for d in (4, 5)},
    date(2023, 7, 6): [("Kyoto", 3), ("Osaka", 3)],
    **{date(2023, 7, d): [("Osaka", 5)] for d in (7, 8)},
    date(2023, 12, 8): [("Hangzhou", 3)],
    date(2023, 12, 9): [("Hangzhou", 2), ("Jiaxing", 3)],
    date(2023, 12, 10): [("Jiaxing", 3)],
    date(2024, 1, 9): [("Nanjing", 4)],
    date(2024, 1, 10): [("Nanjing", 4)],
    date(2024, 2, 3): [("Beijing", 1)],  # one snapshot far away: too few files for a trip
    date(2024, 3, 16): [("Hangzhou", 5)],
    **{date(2024, 4, d): [("Paris", 4)] for d in (6, 7, 8)},
    **{date(2024, 4, d): [("Rome", 4)] for d in (9, 10, 11)},
    **{date(2024, 4, d): [("Barcelona", 4)] for d in (12, 13, 14)},
}
DSLR_DAYS = {date(2023, 7, d) for d in range(1, 9)}  # the DSLR comes to Japan
NIGHT_DSLR_DAYS = (date(2023, 2, 18), date(2023, 6, 10), date(2024, 5, 25))  # at home, 3 a.m.


def make_persona(seed: int = 1) -> Persona:
    rng = random.Random(seed)
    persona = Persona()

    def add(camera: str, wall: datetime | None, offset: int | None, place: str | None) -> None:
        lat = lon = None
        if place is not None:
            centre = PLACES[place]
            lat, lon = centre[0] + rng.uniform(-0.02, 0.02), centre[1] + rng.uniform(-0.02, 0.02)
        persona.shots.append(Shot(len(persona.shots) + 1, camera, wall, offset, lat, lon))

    day = HANGZHOU_ERA[0]
    while day <= SHANGHAI_ERA[1]:
        home = "Hangzhou" if day <= HANGZHOU_ERA[1] else "Shanghai" if day >= SHANGHAI_ERA[0] else None
        boundary = day in (*HANGZHOU_ERA, *SHANGHAI_ERA, *NIGHT_DSLR_DAYS)
        visits = TRAVEL.get(day) or (
            [(home, rng.randint(1, 5))] if home and (boundary or rng.random() < 0.3) else []
        )
        clock = datetime.combine(day, time(8, 0))
        for place, count in visits:
            offset = PLACES[place][3]
            for _ in range(count):
                clock += timedelta(minutes=rng.randint(20, 70))
                add(PHONE, clock, offset, place)
                if day in DSLR_DAYS:
                    add(DSLR, clock + timedelta(minutes=rng.randint(3, 15)), None, None)
            clock += timedelta(hours=1)
        if day in NIGHT_DSLR_DAYS:
            add(DSLR, datetime.combine(day, time(3, 0)), None, None)
        day += timedelta(days=1)
    for _ in range(3):
        add("", None, None, None)  # screenshots: no time, no place
    return persona
