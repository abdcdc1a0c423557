"""The timeline of trips (SPEC §10): one painted card per trip under its year, newest first by default.

Cards show the caption, the dates, the stops ("Hangzhou → Jiaxing"), the counts (with how many places
were estimated), the cover and a strip of photos.  Several cards can be selected, to merge them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPalette
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyleOptionViewItem, QWidget

from app.service.trips import TripInfo
from app.ui.i18n import date_range, plural
from app.ui.thumbnails import Thumbnails
from app.ui.timeline import COVER, STRIP, CardDelegate, TimelineModel, TimelineView, by_year

KIND, TRIP = Qt.ItemDataRole.UserRole + 1, Qt.ItemDataRole.UserRole + 2
STRIP_STEP = STRIP + 6


def tr(text: str) -> str:
    return QCoreApplication.translate("TripCard", text)


def stop_name(address: Any) -> str:
    return str(address.city or address.province or address.country)


def stops_text(trip: TripInfo) -> str:
    """'Hangzhou → Jiaxing': the trip's stops in time order."""
    return " → ".join(stop_name(s.address) for s in trip.stops)


def days_text(trip: TripInfo) -> str:
    return plural(tr("%1 day"), tr("%1 days"), trip.days)


def counts_text(trip: TripInfo) -> str:
    """'25 photos · 2 videos · 3 estimated'."""
    parts = []
    if trip.photo_count or not trip.video_count:
        parts.append(plural(tr("%1 photo"), tr("%1 photos"), trip.photo_count))
    if trip.video_count:
        parts.append(plural(tr("%1 video"), tr("%1 videos"), trip.video_count))
    if trip.estimated_count:
        parts.append(plural(tr("%1 estimated"), tr("%1 estimated"), trip.estimated_count))
    return " · ".join(parts)


def when_text(trip: TripInfo) -> str:
    return f"{date_range(trip.first_day, trip.last_day)} · {days_text(trip)}"


def searchable(trip: TripInfo) -> str:
    """What search reads: caption, places, labels and the years the trip touches."""
    words = [trip.caption, trip.generated_caption, *trip.countries, *trip.custom_labels.keys()]
    words += [*trip.custom_labels.values(), trip.place.city, trip.place.province, trip.place.country]
    for stop in trip.stops:
        words += [stop.address.city, stop.address.province, stop.address.country]
    words += [str(year) for year in range(trip.first_day.year, trip.last_day.year + 1)]
    return " ".join(w for w in words if w).casefold()


def trip_paths(trip: TripInfo) -> list[str]:
    strip = [p for p in trip.preview_paths if p != trip.cover_path][:3]
    return ([trip.cover_path] if trip.cover_path else []) + strip


class TripsModel(TimelineModel):
    """Rows are year headers and trip cards; every word of the search must match (caption, places,
    labels, year)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._trips: list[TripInfo] = []
        self._trip_rows: list[tuple[str, str | TripInfo]] = []

    def set_trips(self, trips: list[TripInfo]) -> None:
        self._trips = trips
        self._rebuild()

    def trips(self) -> list[TripInfo]:
        return [v for _, v in self._trip_rows if isinstance(v, TripInfo)]

    def trip_count(self) -> int:
        return len(self.trips())

    def _rebuild(self) -> None:
        self.beginResetModel()
        words = self.text.casefold().split()
        chosen = [t for t in self._trips if all(w in searchable(t) for w in words)]
        chosen.sort(key=lambda t: (t.start_time, t.trip_id), reverse=self.newest_first)
        self._trip_rows = by_year(chosen, "trip")
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._trip_rows)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        kind, value = self._trip_rows[index.row()]
        if role == KIND:
            return kind
        if role == TRIP:
            return value if isinstance(value, TripInfo) else None
        if isinstance(value, str):
            return value if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{value.caption} — {when_text(value)} · {stops_text(value)} · {counts_text(value)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = stops_text(value)
            if value.estimated_count:
                tip += "\n" + plural(
                    tr("The place of %1 photo was estimated from photos taken nearby in time"),
                    tr("The places of %1 photos were estimated from photos taken nearby in time"),
                    value.estimated_count,
                )
            return tip
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if index.isValid() and self._trip_rows[index.row()][0] == "year":
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def rows_showing(self, path: str) -> list[int]:
        return [
            i for i, (_, v) in enumerate(self._trip_rows) if isinstance(v, TripInfo) and path in trip_paths(v)
        ]


class TripCardDelegate(CardDelegate):
    """Paints a year header as the places timeline does, or a trip's card."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        trip: TripInfo | None = index.data(TRIP)
        if trip is None:
            super().paint(painter, option, index)  # a year header
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = option.palette
        card = option.rect.adjusted(12, 6, -12, -6)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        background = palette.color(QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base)
        if hovered and not selected:
            background = background.darker(104) if background.lightness() > 128 else background.lighter(120)
        path = QPainterPath()
        path.addRoundedRect(card, 12, 12)
        painter.fillPath(path, background)
        cover = QRect(card.left() + 8, card.top() + 4, COVER, card.height() - 8)
        self._paint_image(painter, cover, trip.cover_path or "", palette, 8)
        text_left = cover.right() + 16
        text = QRect(text_left, card.top() + 10, card.right() - text_left - 12, card.height() - 20)
        color = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        title_font = QFont(option.font)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.25)
        title_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(title_font)
        painter.setPen(color)
        caption = painter.fontMetrics().elidedText(trip.caption, Qt.TextElideMode.ElideRight, text.width())
        painter.drawText(text, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft, caption)
        painter.setFont(option.font)
        muted = QColor(color)
        muted.setAlphaF(0.7)
        painter.setPen(muted)
        lines = [when_text(trip), stops_text(trip), counts_text(trip)]
        metrics = painter.fontMetrics()
        line_height = metrics.height()
        free = card.right() - 12 - (text.left() + max(metrics.horizontalAdvance(line) for line in lines) + 12)
        fits = max(0, (free + 6) // STRIP_STEP)
        strip = trip_paths(trip)[1 if trip.cover_path else 0 :][:fits]
        room = text.width() - len(strip) * STRIP_STEP
        for n, line in enumerate(lines):
            row = QRect(text.left(), text.top() + 30 + n * (line_height + 2), room, line_height)
            painter.drawText(
                row, Qt.AlignmentFlag.AlignLeft, metrics.elidedText(line, Qt.TextElideMode.ElideRight, room)
            )
        self._paint_strip(painter, card, strip, palette)
        painter.restore()


class TripsView(TimelineView):
    """The cards; extended selection (Ctrl/Shift-click) picks trips to merge."""

    def __init__(self, model: TripsModel, thumbnails: Thumbnails, parent: QWidget | None = None) -> None:
        super().__init__(model, thumbnails, parent, TripCardDelegate)
        self.trips_model = model
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)

    def selected_trips(self) -> list[TripInfo]:
        rows = sorted(i.row() for i in self.selectionModel().selectedIndexes())
        return [t for t in (self.trips_model.index(r).data(TRIP) for r in rows) if t is not None]
