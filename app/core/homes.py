"""Homes (SPEC §10): the cities a person lives in, detected from photo-days or set by hand.

Files come in as :class:`PlacedFile` records, or straight as :class:`FileColumns` (NumPy arrays, one row
a file), which is what the rules run on: a library holds a million files, and a Python loop over them
costs seconds where array operations cost a fraction of one.  Days are proleptic ordinals
(``date.toordinal()``), as in :mod:`app.core.clustering`; 0 (:data:`NO_DAY`) marks a file without a
capture day.  An address is ``(country, province, city)``.

Identity: a detected home's ``home_id`` is derived from its city and its first photo-day
(``home-`` and 16 hex digits of a BLAKE2b hash), so it is the same on every run while that first day
stays; a user's home keeps the id the store gave it (:func:`new_home_id`).  A rejection does not rely on
the id: it records the city and the days the home held, and drops every later detected home of that
city that overlaps those days, however new photos have stretched it.
"""

from __future__ import annotations

import hashlib
import math
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal, NamedTuple

import numpy as np
import numpy.typing as npt

from app.core.clustering import OptionError
from app.core.nearest import EARTH_RADIUS_KM

Address = tuple[str, str, str]
NO_DAY = 0
_EPOCH = datetime(1970, 1, 1)
_DAY_BITS = 22  # ordinals stay below 2**22 (year 9999 is 3,652,059)
MAX_KM = 20_000.0

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


class PlacedFile(NamedTuple):
    """One file as trips see it.

    ``day`` is the ordinal of the local capture day (None without a capture time); ``wall_time`` the local
    naive capture time and ``utc_time`` the UTC instant where the offset is known (naive or aware; only
    :mod:`app.core.estimates` compares them).  ``address`` is None for a file without a place; ``lat``
    and ``lon`` are None without a position; ``estimated`` marks a position borrowed by
    :mod:`app.core.estimates`.  ``camera`` is ``"make|model|serial"`` (may be empty).  A named tuple:
    a million are built several times faster than dataclasses.
    """

    file_id: int
    day: int | None
    wall_time: datetime | None
    utc_time: datetime | None
    lat: float | None
    lon: float | None
    address: Address | None
    camera: str = ""
    estimated: bool = False


def wall_seconds(moment: datetime | None) -> float:
    """A naive (or aware, read as its wall clock) time as seconds since 1970-01-01 00:00; NaN for None."""
    if moment is None:
        return math.nan
    return (moment.replace(tzinfo=None) - _EPOCH).total_seconds()


@dataclass(frozen=True, eq=False)
class FileColumns:
    """The files as arrays of equal length: what the home and trip rules compute on.

    ``day``: ordinal or :data:`NO_DAY`; ``time``: local wall seconds (NaN when unknown; orders a day's
    stops); ``lat``/``lon``: NaN without a position; ``city``: index into ``addresses`` or -1 without an
    address; ``estimated``: the position was borrowed.  The service may fill the arrays straight from
    its query, without building a record per file.
    """

    file_id: Ints
    day: Ints
    time: Floats
    lat: Floats
    lon: Floats
    city: Ints
    addresses: tuple[Address, ...]
    estimated: Bools

    def __post_init__(self) -> None:
        n = len(self.file_id)
        for name in ("day", "time", "lat", "lon", "city", "estimated"):
            if len(getattr(self, name)) != n:
                raise ValueError(f"FileColumns.{name} has {len(getattr(self, name))} rows, not {n}")

    def __len__(self) -> int:
        return len(self.file_id)

    @classmethod
    def build(
        cls,
        file_id: Iterable[int] | npt.ArrayLike,
        day: npt.ArrayLike,
        time: npt.ArrayLike,
        lat: npt.ArrayLike,
        lon: npt.ArrayLike,
        city: npt.ArrayLike,
        addresses: Sequence[Address],
        estimated: npt.ArrayLike | None = None,
    ) -> FileColumns:
        """Columns from array-likes, converted to the dtypes the rules expect."""
        ids = np.asarray(file_id, dtype=np.int64)
        flags = np.zeros(len(ids), bool) if estimated is None else np.asarray(estimated, dtype=bool)
        return cls(
            ids,
            np.asarray(day, dtype=np.int64),
            np.asarray(time, dtype=np.float64),
            np.asarray(lat, dtype=np.float64),
            np.asarray(lon, dtype=np.float64),
            np.asarray(city, dtype=np.int64),
            tuple(addresses),
            flags,
        )

    @classmethod
    def from_files(cls, files: Iterable[PlacedFile]) -> FileColumns:
        codes: dict[Address, int] = {}
        ids, days, times, lats, lons, cities, flags = [], [], [], [], [], [], []
        nan = math.nan
        for f in files:
            ids.append(f.file_id)
            days.append(f.day or NO_DAY)
            times.append(wall_seconds(f.wall_time if f.wall_time is not None else f.utc_time))
            lats.append(nan if f.lat is None else f.lat)
            lons.append(nan if f.lon is None else f.lon)
            cities.append(-1 if f.address is None else codes.setdefault(f.address, len(codes)))
            flags.append(f.estimated)
        return cls.build(ids, days, times, lats, lons, cities, list(codes), flags)

    def placed(self) -> Bools:
        """Files with a capture day and an address (a country at least): SPEC §10's photo-day files."""
        named = np.array([bool(a[0]) for a in self.addresses] + [False], dtype=bool)
        placed: Bools = (self.day != NO_DAY) & named[self.city]  # city -1 reads the trailing False
        return placed


def as_columns(files: FileColumns | Iterable[PlacedFile]) -> FileColumns:
    return files if isinstance(files, FileColumns) else FileColumns.from_files(files)


def haversine_km(
    lat1: npt.ArrayLike, lon1: npt.ArrayLike, lat2: npt.ArrayLike, lon2: npt.ArrayLike
) -> Floats:
    """Great-circle distance in km (arrays broadcast; NaN where a position is missing)."""
    la1, lo1, la2, lo2 = (np.radians(np.asarray(v, dtype=np.float64)) for v in (lat1, lon1, lat2, lon2))
    h = np.sin((la2 - la1) / 2) ** 2 + np.cos(la1) * np.cos(la2) * np.sin((lo2 - lo1) / 2) ** 2
    km: Floats = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(h, 1.0)))
    return km


@dataclass(frozen=True)
class Home:
    """A home as the away rule uses it and the Homes list shows it.

    ``address`` is the city (None for a user's position-only home); ``lat``/``lon`` its position (the
    median of its files' positions; None when unknown, and then a file is at home by its city address);
    ``radius_km`` None means the trip option AwayKm applies; ``first_day``/``last_day`` None means open
    (a user's home without dates holds always).  ``photo_days``: distinct days with photos there.
    """

    home_id: str
    address: Address | None
    lat: float | None
    lon: float | None
    radius_km: float | None
    first_day: int | None
    last_day: int | None
    source: Literal["detected", "user"]
    photo_days: int = 0

    def holds_on(self, day: int) -> bool:
        return (self.first_day is None or self.first_day <= day) and (
            self.last_day is None or day <= self.last_day
        )

    def overlaps(self, first_day: int | None, last_day: int | None) -> bool:
        """Whether the home holds on any day of ``first_day..last_day`` (None: open)."""
        low = -math.inf if self.first_day is None else self.first_day
        high = math.inf if self.last_day is None else self.last_day
        return (
            low <= (math.inf if last_day is None else last_day)
            and (-math.inf if first_day is None else first_day) <= high
        )


@dataclass(frozen=True)
class UserHome:
    """A home the user set: a city (``address``, optionally with its position) or a position and radius."""

    home_id: str
    address: Address | None = None
    lat: float | None = None
    lon: float | None = None
    radius_km: float | None = None
    first_day: int | None = None
    last_day: int | None = None

    def validate(self) -> UserHome:
        """Refuse a home that cannot hold anything, naming the field and its range."""
        if self.address is None and (self.lat is None or self.lon is None):
            raise OptionError("A home needs a city or a position (LAT,LON)")
        if self.address is not None and not (len(self.address) == 3 and self.address[2]):
            raise OptionError(f"A home's city must be named, not {self.address!r}")
        if (self.lat is None) != (self.lon is None):
            raise OptionError("A home's position needs both a latitude and a longitude")
        if self.lat is not None and not (_number(self.lat) and -90 <= self.lat <= 90):
            raise OptionError(f"A home's latitude must be from -90 to 90, not {self.lat!r}")
        if self.lon is not None and not (_number(self.lon) and -180 <= self.lon <= 180):
            raise OptionError(f"A home's longitude must be from -180 to 180, not {self.lon!r}")
        if self.radius_km is not None and not (_number(self.radius_km) and 0 < self.radius_km <= MAX_KM):
            raise OptionError(
                f"RadiusKm must be a number above 0 and up to {MAX_KM:,.0f}, not {self.radius_km!r}"
            )
        if self.first_day is not None and self.last_day is not None and self.first_day > self.last_day:
            raise OptionError("A home's From date must not be after its To date")
        return self


@dataclass(frozen=True)
class HomeRejection:
    """The user rejected a detected home: no detected home of ``address`` overlapping these days returns."""

    address: Address
    first_day: int
    last_day: int


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def new_home_id() -> str:
    """The id of a home the user adds (the store keeps it)."""
    return f"home-{uuid.uuid4()}"


def detected_home_id(address: Address, first_day: int) -> str:
    text = "\x1f".join((*address, str(first_day)))
    return "home-" + hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def rejection_of(home: Home) -> HomeRejection:
    """What to store when the user removes a detected home."""
    if home.source != "detected" or home.address is None or home.first_day is None or home.last_day is None:
        raise ValueError("only a detected home is rejected; a user's home is deleted")
    return HomeRejection(home.address, home.first_day, home.last_day)


def detect_homes(
    files: FileColumns | Iterable[PlacedFile],
    home_gap_days: int = 45,
    home_min_days: int = 60,
    home_min_photo_days: int = 10,
) -> list[Home]:
    """SPEC §10 "Homes", detected: stretches of a city's photo-days that are long and dense enough.

    A stretch breaks where two consecutive photo-days of the city are more than ``home_gap_days`` apart
    (``d2 - d1 > home_gap_days``); it is a home when it spans ``last - first + 1 >= home_min_days`` days
    with at least ``home_min_photo_days`` distinct photo-days.  Homes come sorted by first day, then city.
    """
    cols = as_columns(files)
    named = np.array([bool(a[0]) and bool(a[2]) for a in cols.addresses] + [False], dtype=bool)
    rows = np.flatnonzero((cols.day != NO_DAY) & named[cols.city])
    if len(rows) == 0:
        return []
    keys = (cols.city[rows] << _DAY_BITS) | cols.day[rows]
    order = np.argsort(keys, kind="stable")
    rows, keys = rows[order], keys[order]
    firsts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    pairs = keys[firsts]  # distinct (city, day), sorted
    city, day = pairs >> _DAY_BITS, pairs & ((1 << _DAY_BITS) - 1)
    breaks = np.r_[True, (city[1:] != city[:-1]) | (day[1:] - day[:-1] > home_gap_days)]
    starts = np.flatnonzero(breaks)
    ends = np.r_[starts[1:], len(pairs)] - 1
    homes = []
    for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
        if day[e] - day[s] + 1 < home_min_days or e - s + 1 < home_min_photo_days:
            continue
        members = rows[firsts[s] : np.searchsorted(keys, pairs[e], "right")]
        lat, lon = _median_position(cols.lat[members], cols.lon[members])
        address = cols.addresses[int(city[s])]
        first, last = int(day[s]), int(day[e])
        homes.append(
            Home(
                detected_home_id(address, first), address, lat, lon, None, first, last, "detected", e - s + 1
            )
        )
    homes.sort(key=lambda h: (h.first_day, h.address))
    return homes


def _median_position(lat: Floats, lon: Floats) -> tuple[float | None, float | None]:
    """Component-wise median; longitudes are unwrapped first where they straddle the date line."""
    keep = np.isfinite(lat) & np.isfinite(lon)
    if not keep.any():
        return None, None
    lat, lon = lat[keep], lon[keep]
    if lon.max() - lon.min() > 180:
        lon = np.where(lon < 0, lon + 360, lon)
    mid_lon = float(np.median(lon))
    return float(np.median(lat)), (mid_lon - 360 if mid_lon > 180 else mid_lon)


def effective_homes(
    detected: Sequence[Home],
    user_homes: Sequence[UserHome],
    rejections: Sequence[HomeRejection] = (),
    files: FileColumns | Iterable[PlacedFile] | None = None,
    away_km: float = 50.0,
) -> list[Home]:
    """The homes the away rule uses: the user's, then the detected ones not rejected and not duplicated.

    A detected home is dropped when a rejection of its city overlaps its days, or when a user's home
    covers it: same city (or the detected position within the user home's radius, AwayKm by default) and
    the detected days all inside the user home's dates.  With ``files``, a user's city home without a
    position gets the median position of that city's files on its dates, and every user home its
    photo-days (days with a placed file within its reach).
    """
    cols = None if files is None else as_columns(files)
    users = [_resolve_user_home(u.validate(), cols, away_km) for u in user_homes]
    kept = []
    for home in detected:
        if any(r.address == home.address and home.overlaps(r.first_day, r.last_day) for r in rejections):
            continue
        if any(_covers(user, home, away_km) for user in users):
            continue
        kept.append(home)
    result = users + kept
    result.sort(key=lambda h: (-math.inf if h.first_day is None else h.first_day, h.source != "user"))
    return result


def _covers(user: Home, home: Home, away_km: float) -> bool:
    inside = (user.first_day is None or (home.first_day or 0) >= user.first_day) and (
        user.last_day is None or (home.last_day is not None and home.last_day <= user.last_day)
    )
    if not inside:
        return False
    if user.address is not None and user.address == home.address:
        return True
    if user.lat is None or user.lon is None or home.lat is None or home.lon is None:
        return False
    reach = away_km if user.radius_km is None else user.radius_km
    return float(haversine_km(user.lat, user.lon, home.lat, home.lon)) <= reach


def _resolve_user_home(user: UserHome, cols: FileColumns | None, away_km: float) -> Home:
    lat, lon = user.lat, user.lon
    home = Home(user.home_id, user.address, lat, lon, user.radius_km, user.first_day, user.last_day, "user")
    if cols is None or len(cols) == 0:
        return home
    days = (cols.day >= (user.first_day or 1)) & (cols.day <= (user.last_day or np.iinfo(np.int64).max))
    days &= cols.placed()
    if lat is None and user.address is not None:
        code = _code_of(cols, user.address)
        members = days & (cols.city == code) if code >= 0 else np.zeros(len(cols), bool)
        lat, lon = _median_position(cols.lat[members], cols.lon[members])
        home = replace(home, lat=lat, lon=lon)
    near = at_home_of(cols, home, away_km) & days
    return replace(home, photo_days=len(np.unique(cols.day[near])))


def _code_of(cols: FileColumns, address: Address) -> int:
    try:
        return cols.addresses.index(address)
    except ValueError:
        return -1


def at_home_of(cols: FileColumns, home: Home, away_km: float) -> Bools:
    """Files within reach of ``home`` on days it holds (by position; by city when it has none)."""
    mask = cols.day != NO_DAY
    if home.first_day is not None:
        mask &= cols.day >= home.first_day
    if home.last_day is not None:
        mask &= cols.day <= home.last_day
    if home.lat is None or home.lon is None:
        code = -1 if home.address is None else _code_of(cols, home.address)
        result: Bools = mask & (cols.city == code) if code >= 0 else np.zeros(len(cols), bool)
        return result
    reach = away_km if home.radius_km is None else home.radius_km
    # a cheap band of latitude first, so the trigonometry runs on the few files near the home
    rows = np.flatnonzero(mask & (np.abs(cols.lat - home.lat) <= reach / 111.0 + 0.01))
    near = haversine_km(cols.lat[rows], cols.lon[rows], home.lat, home.lon) <= reach
    result = np.zeros(len(cols), bool)
    result[rows[near]] = True
    return result
