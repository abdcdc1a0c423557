"""Records shown in another language than the one they are stored in (SPEC §12): the library keeps
English names, and a person reading Chinese gets them translated at display time, so switching language
reads no photo and writes nothing.  The command line (``--language``) and the window (its display
language) both show records through these.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from app.service.records import Address, ClusterInfo, FileRecord

if TYPE_CHECKING:  # app.service.trips takes the JSON helpers of app.imm, which takes these
    from app.service.trips import HomeInfo, TripInfo


def localized_address(address: Address, language: str) -> Address:
    if language == "en" or not address.country:
        return address
    from app.core.place_names import localize

    names = localize(address.country, address.province, address.city, address.district, address.township,
                     language)  # fmt: skip
    return Address(
        names.country, names.province, names.city, names.district, names.township, names.address_line
    )


def localized_file(f: FileRecord, language: str) -> FileRecord:
    if language == "en" or not f.country:
        return f
    a = localized_address(Address(f.country, f.province, f.city, f.district, f.township), language)
    return replace(f, country=a.country, province=a.province, city=a.city, district=a.district,
                   township=a.township, address_line=a.line)  # fmt: skip


def localized_cluster(c: ClusterInfo, language: str) -> ClusterInfo:
    if language == "en":
        return c
    from app.core.captions import date_range, days_text, media_counts, place_caption

    a = localized_address(c.address, language)
    names = {"Country": a.country, "Province": a.province, "City": a.city, "District": a.district,
             "Township": a.township}  # fmt: skip
    return replace(
        c, address=a, place_caption=place_caption(names, c.level, language),
        date_range_text=date_range(c.first_day, c.last_day, language),
        days_text=days_text(c.days, language),
        counts_text=media_counts(c.photo_count, c.video_count, language),
    )  # fmt: skip


def localized_trip(trip: TripInfo, language: str) -> TripInfo:
    if language == "en":
        return trip
    from app.core.captions import trip_caption
    from app.core.place_names import countries

    place = localized_address(trip.place, language)
    shown = countries(trip.countries, language)
    name = place.city or place.province or place.country
    return replace(
        trip, place=place, countries=shown,
        generated_caption=trip_caption(trip.first_day, trip.last_day, name, shown, language),
        stops=[replace(s, address=localized_address(s.address, language)) for s in trip.stops],
    )  # fmt: skip


def localized_home(home: HomeInfo, language: str) -> HomeInfo:
    return home if language == "en" else replace(home, address=localized_address(home.address, language))
