"""The timeline of trips (SPEC §10): one painted card per trip in a grid under its year, newest first by
default.

Cards show the cover and two more photos, the caption, the dates, the stops ("Hangzhou → Jiaxing"), the
counts, and "≈ 3 estimated" when some places were estimated.  Several cards can be selected, to merge them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QWidget

from app.service.trips import TripInfo
from app.ui.card_grid import KIND
from app.ui.card_search import date_words, haystack
from app.ui.i18n import arg, date_range, tr
from app.ui.thumbnails import Thumbnails
from app.ui.timeline import CardDelegate, TimelineModel, TimelineView, card_paths, days_text, media_text

__all__ = ["KIND", "TRIP", "TripCardDelegate", "TripsModel", "TripsView", "counts_text", "stops_text"]

TRIP = Qt.ItemDataRole.UserRole + 2


def stop_name(address: Any) -> str:
    return str(address.city or address.province or address.country)


def stops_text(trip: TripInfo) -> str:
    """'Hangzhou → Jiaxing': the trip's stops in time order."""
    return " → ".join(stop_name(s.address) for s in trip.stops)


def estimated_text(trip: TripInfo) -> str:
    return tr("%Ln estimated", "", trip.estimated_count) if trip.estimated_count else ""


def counts_text(trip: TripInfo) -> str:
    """'25 photos · 2 videos · 3 estimated'."""
    return " · ".join(t for t in (media_text(trip), estimated_text(trip)) if t)


def when_text(trip: TripInfo) -> str:
    return f"{date_range(trip.first_day, trip.last_day)} · {days_text(trip.days)}"


def searchable(trip: TripInfo) -> str:
    """What search reads: captions, places at every level, labels, and the years and months the trip
    touches (folded: no case, no accents)."""
    words = [trip.caption, trip.generated_caption, *trip.countries, *trip.custom_labels.keys(),
             *trip.custom_labels.values()]  # fmt: skip
    for address in [trip.place, *(s.address for s in trip.stops)]:
        words += [address.country, address.province, address.city, address.district, address.township]
    return haystack([*words, *date_words(trip.first_day, trip.last_day)])


def trip_paths(trip: TripInfo) -> list[str]:
    return card_paths(trip)


class TripsModel(TimelineModel):
    """Rows are year headings and trip cards; every word of the search must match (captions, places,
    labels, years, months)."""

    card_kind = "trip"

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._trips: list[TripInfo] = []
        self.area: set[str] | None = None  # the trips in the map's area, when the map filters them

    def set_trips(self, trips: list[TripInfo]) -> None:
        self._trips = trips
        self.loading = False
        self._search.forget_others(trips)
        self._rebuild()

    def trips(self) -> list[TripInfo]:
        return [v for kind, v in self._rows if kind == "trip"]

    def trip_count(self) -> int:
        return self.card_count()

    def _records(self) -> list[Any]:
        return self._trips

    def set_area(self, trip_ids: list[str] | None) -> None:
        """Show only these trips (the map's "Trips in this area"); None shows them all again."""
        self.area = None if trip_ids is None else set(trip_ids)
        self._rebuild()

    def _passes(self, record: Any) -> bool:
        return self.area is None or record.trip_id in self.area

    def _words(self, record: Any) -> str:
        return searchable(record)

    def _key(self, record: Any) -> str:
        return str(record.trip_id)

    def _count_text(self, n: int) -> str:
        return tr("%Ln trip(s)", "", n)

    def _why_empty(self) -> str:
        if self.text:
            return arg(tr("No trips match “%1”"), self.text)
        if self.area is not None:
            return tr("No trips in the map's area. Move the map, or turn off “Trips in this area”.")
        return tr("No trips away from home yet. Places shows every place you took photos.")

    def _card_data(self, trip: Any, role: int) -> Any:
        if role == TRIP:
            return trip
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{trip.caption} — {when_text(trip)} · {stops_text(trip)} · {counts_text(trip)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{trip.caption}\n{when_text(trip)}\n{stops_text(trip)}\n{counts_text(trip)}"
            if trip.estimated_count:
                tip += "\n" + tr(
                    "Place(s) of %Ln photo(s) estimated from photos taken nearby in time",
                    "",
                    trip.estimated_count,
                )
            return tip
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return trip.caption
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            stops = ", ".join(stop_name(s.address) for s in trip.stops)
            return arg(tr("%1. Stops: %2. %3"), when_text(trip), stops, counts_text(trip))
        return None


class TripCardDelegate(CardDelegate):
    """A trip's card: the mosaic, the caption, the dates, the stops, the counts and "≈ N estimated"."""

    def record(self, index: QModelIndex | QPersistentModelIndex) -> Any:
        return index.data(TRIP)

    def content(self, trip: Any) -> tuple[str, list[str], str]:
        chip = arg(tr("≈ %1"), estimated_text(trip)) if trip.estimated_count else ""
        return trip.caption, [when_text(trip), stops_text(trip), media_text(trip)], chip


class TripsView(TimelineView):
    """The trip cards; extended selection (Ctrl/Shift-click, Shift+arrows) picks trips to merge."""

    def __init__(self, model: TripsModel, thumbnails: Thumbnails, parent: QWidget | None = None) -> None:
        super().__init__(model, thumbnails, parent, TripCardDelegate)
        self.trips_model = model
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAccessibleName(self.tr("Trips"))
        self.setAccessibleDescription(
            self.tr("Your trips away from home, as cards by year. Arrow keys move between cards, Enter "
                    "opens one, Shift or Ctrl with a click or an arrow selects several.")
        )  # fmt: skip

    def selected_trips(self) -> list[TripInfo]:
        rows = sorted(i.row() for i in self.selectionModel().selectedIndexes())
        return [t for t in (self.trips_model.index(r).data(TRIP) for r in rows) if t is not None]
