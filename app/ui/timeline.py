"""The timeline of places (IMM's clusters): painted cards in a grid under their years, one list model and
one delegate (no widget per card).  The trips timeline (:mod:`app.ui.trip_timeline`) is the same view and
model with its own card.

A card is a mosaic (the cover and two smaller photos, "+N" on the last when there are more), the caption,
the dates, the place and the counts with a chip (the level here, "≈ estimated" on trips).  The delegate
keeps the pictures it has scaled for a card's size in a small pixmap cache, so a repaint only copies them.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QDate,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
    QTransform,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.service.records import ClusterInfo
from app.ui.card_grid import HEADINGS as HEADINGS
from app.ui.card_grid import KIND as KIND
from app.ui.card_grid import CardGrid
from app.ui.card_search import SearchCache, date_words, fold, haystack, matches, search_words
from app.ui.i18n import arg, date_range, tr
from app.ui.sort_control import DATED, NAME, NEWEST, OLDEST, SORTS
from app.ui.thumbnails import Thumbnails

CLUSTER, YEAR = Qt.ItemDataRole.UserRole + 2, Qt.ItemDataRole.UserRole + 3
HEADER_DETAIL = Qt.ItemDataRole.UserRole + 4  # "6 trips" beside a year heading
RING, PAD, RADIUS = 6, 14, 12  # the focus ring's margin around a card, the text's padding, the corners
MOSAIC = 0.62  # the pictures' height for the card's width
PIXMAP_BUDGET = 64 << 20  # bytes of scaled pictures kept for repaints


def days_text(days: int) -> str:
    return tr("%Ln day(s)", "", days)


def media_text(record: Any) -> str:
    """'25 photos · 2 videos' for a trip or a place visit (anything with photo and video counts)."""
    parts = []
    if record.photo_count or not record.video_count:
        parts.append(tr("%Ln photo(s)", "", record.photo_count))
    if record.video_count:
        parts.append(tr("%Ln video(s)", "", record.video_count))
    return " · ".join(parts)


def cluster_when(cluster: Any) -> str:
    """'Mar 3 – Mar 5, 2024 · 3 days' for a place visit, in the window's language (the service's
    ``date_range_text`` and ``days_text`` are the command line's English)."""
    return f"{date_range(cluster.first_day, cluster.last_day)} · {days_text(cluster.days)}"


def strip_paths(cluster: Any) -> list[str]:
    """Up to three photos of the trip besides its cover, for the card's mosaic."""
    return [p for p in cluster.preview_paths if p != cluster.cover_path][:3]


def card_paths(cluster: Any) -> list[str]:
    """Every picture a card can show: its cover (when the trip has one), then the others."""
    return ([cluster.cover_path] if cluster.cover_path else []) + strip_paths(cluster)


def by_month(cards: Sequence[Any], kind: str) -> list[tuple[str, Any]]:
    """Rows for ``cards`` (in order, each with a ``first_day``): a ("year", "2024") row before each year's,
    and a ("month", (2024, 8)) row before each month's first card."""
    rows: list[tuple[str, Any]] = []
    year, month = "", (0, 0)
    for card in cards:
        day = card.first_day
        if str(day.year) != year:
            year = str(day.year)
            rows.append(("year", year))
        if (day.year, day.month) != month:
            month = (day.year, day.month)
            rows.append(("month", month))
        rows.append((kind, card))
    return rows


def month_name(year: int, month: int) -> str:
    """'August' as the display language writes a month standing alone (not 'of August')."""
    return QLocale().standaloneMonthName(month, QLocale.FormatType.LongFormat)


def month_year(year: int, month: int) -> str:
    """'August 2024' for screen readers, which hear a month label without the year heading above it."""
    return QLocale().toString(QDate(year, month, 1), tr("MMMM yyyy", "a QLocale date format: month and year"))


def level_name(level: str) -> str:
    names = {"country": tr("Country"), "province": tr("Region"), "city": tr("City"),
             "district": tr("District"), "township": tr("Town")}  # fmt: skip
    return names.get(level, level.capitalize())


def cluster_words(cluster: ClusterInfo) -> str:
    address = cluster.address
    return haystack([
        cluster.title, cluster.place_caption, address.line, address.country, address.province, address.city,
        address.district, address.township, cluster.custom_id, *cluster.custom_labels.keys(),
        *cluster.custom_labels.values(), *date_words(cluster.first_day, cluster.last_day),
    ])  # fmt: skip


class TimelineModel(QAbstractListModel):
    """Rows are year headings and cards, newest first by default; filtered by level and search words.

    Subclasses give their records (:meth:`_records`), a card's words, its name and photo count for the
    orders; this class sorts, filters and answers the roles views and screen readers ask.
    """

    card_kind = "cluster"

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._clusters: list[ClusterInfo] = []
        self._rows: list[tuple[str, Any]] = []
        self._showing: dict[str, list[int]] | None = None  # path -> rows whose card shows it, made on demand
        self._heading_counts: dict[Any, int] = {}  # a year's or a month's number of cards
        self._search = SearchCache()
        self.sort_key = NEWEST
        self.level = ""
        self.text = ""
        self.loading = True  # until the records are first set

    # -- what subclasses change -------------------------------------------------------------------------
    def _records(self) -> list[Any]:
        return self._clusters

    def _passes(self, record: Any) -> bool:
        return not self.level or record.level == self.level

    def _words(self, record: Any) -> str:
        return cluster_words(record)

    def _key(self, record: Any) -> str:
        return str(record.object_id)

    def _count_text(self, n: int) -> str:
        return tr("%Ln place(s)", "", n)

    def empty_text(self) -> str:
        """Why there is no card, for the view's empty state ("" when there are cards)."""
        if self.card_count():
            return ""
        if self.loading:
            return tr("Reading the library…")
        return self._why_empty()

    def _why_empty(self) -> str:
        if self.text:
            return arg(tr("No places match “%1”"), self.text)
        if self.level:
            return tr("No places at this level")
        return tr("No places yet")

    # -- records, filter, order -------------------------------------------------------------------------
    def set_clusters(self, clusters: list[ClusterInfo]) -> None:
        self._clusters = clusters
        self.loading = False
        self._search.forget_others(clusters)
        self._rebuild()

    def set_filter(self, level: str = "", text: str = "") -> None:
        self.level, self.text = level, text.strip()
        self._rebuild()

    def set_sort(self, sort: str) -> None:
        """One of :data:`app.ui.sort_control.SORTS`; by name and by photos drop the year headings."""
        self.sort_key = sort if sort in SORTS else NEWEST
        self._rebuild()

    @property
    def newest_first(self) -> bool:
        return self.sort_key != OLDEST

    @newest_first.setter
    def newest_first(self, newest: bool) -> None:
        self.sort_key = NEWEST if newest else OLDEST

    def set_newest_first(self, newest: bool) -> None:
        self.set_sort(NEWEST if newest else OLDEST)

    def card_count(self) -> int:
        return sum(1 for kind, _ in self._rows if kind not in HEADINGS)

    def cluster_count(self) -> int:
        return self.card_count()

    def _rebuild(self) -> None:
        self.beginResetModel()
        query = search_words(self.text)
        chosen = [
            r for r in self._records()
            if self._passes(r) and (not query or matches(query, self._search.text(r, self._words)))
        ]  # fmt: skip
        if self.sort_key in DATED:
            chosen.sort(key=lambda r: (r.start_time, self._key(r)), reverse=self.sort_key == NEWEST)
            self._rows = by_month(chosen, self.card_kind)
        else:
            if self.sort_key == NAME:
                chosen.sort(key=lambda r: (fold(r.caption), r.start_time))
            else:
                chosen.sort(key=lambda r: (-r.photo_count - r.video_count, r.start_time))
            self._rows = [(self.card_kind, r) for r in chosen]
        self._showing = None
        counts: dict[Any, int] = {}
        year = month = None
        for kind, value in self._rows:
            if kind == "year":
                year = value
            elif kind == "month":
                month = value
            else:
                counts[year] = counts.get(year, 0) + 1
                counts[month] = counts.get(month, 0) + 1
        self._heading_counts = counts
        self.endResetModel()

    # -- roles ------------------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        kind, value = self._rows[index.row()]
        if role == KIND:
            return kind
        if kind in HEADINGS:
            return self._heading_data(kind, value, role)
        return self._card_data(value, role)

    def _heading_data(self, kind: str, value: Any, role: int) -> Any:
        """A year heading says '2024' and '6 trips'; a month label says 'August' (and to a screen reader,
        'August 2024, 2 trips')."""
        cards = self._heading_counts.get(value, 0)
        count = self._count_text(cards)
        if role == YEAR:
            return value if kind == "year" else str(value[0])
        if role == Qt.ItemDataRole.DisplayRole:
            return value if kind == "year" else month_name(*value)
        if role == HEADER_DETAIL:  # a lone card under its month needs no "1 trip"
            return count if kind == "year" or cards > 1 else ""
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{value if kind == 'year' else month_year(*value)}, {count}"
        return None

    def _card_data(self, cluster: Any, role: int) -> Any:
        if role == CLUSTER:
            return cluster
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{cluster.caption} — {cluster_when(cluster)} · {media_text(cluster)}"
        if role == Qt.ItemDataRole.ToolTipRole:  # all of it, where the card had to cut a line short
            lines = [cluster.caption, cluster_when(cluster), cluster.address.line, media_text(cluster)]
            return "\n".join(dict.fromkeys(line for line in lines if line))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return cluster.caption
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return arg(tr("%1. %2. %3. %4"), cluster_when(cluster),
                       cluster.address.line or cluster.place_caption, media_text(cluster),
                       level_name(cluster.level))  # fmt: skip
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if index.isValid() and self._rows[index.row()][0] in HEADINGS:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def rows_showing(self, path: str) -> list[int]:
        """Rows whose card shows ``path`` (as its cover or in its mosaic).  Asked once a thumbnail arrives,
        so the answer comes from an index made once a rebuild, not from a walk over every card."""
        if self._showing is None:
            showing: dict[str, list[int]] = {}
            for i, (kind, v) in enumerate(self._rows):
                if kind not in HEADINGS:
                    for shown in card_paths(v):
                        showing.setdefault(shown, []).append(i)
            self._showing = showing
        return self._showing.get(path, [])


def rounded(rect: QRectF, radius: float, corners: tuple[bool, bool, bool, bool]) -> QPainterPath:
    """``rect`` with the chosen corners (top-left, top-right, bottom-right, bottom-left) rounded."""
    tl, tr_, br, bl = (radius if c else 0.0 for c in corners)
    path = QPainterPath()
    path.moveTo(rect.left() + tl, rect.top())
    path.lineTo(rect.right() - tr_, rect.top())
    if tr_:
        path.arcTo(QRectF(rect.right() - 2 * tr_, rect.top(), 2 * tr_, 2 * tr_), 90, -90)
    path.lineTo(rect.right(), rect.bottom() - br)
    if br:
        path.arcTo(QRectF(rect.right() - 2 * br, rect.bottom() - 2 * br, 2 * br, 2 * br), 0, -90)
    path.lineTo(rect.left() + bl, rect.bottom())
    if bl:
        path.arcTo(QRectF(rect.left(), rect.bottom() - 2 * bl, 2 * bl, 2 * bl), 270, -90)
    path.lineTo(rect.left(), rect.top() + tl)
    if tl:
        path.arcTo(QRectF(rect.left(), rect.top(), 2 * tl, 2 * tl), 180, -90)
    path.closeSubpath()
    return path


class CardColors:
    """The card's colours from the palette, light or dark, made once per palette (not per paint)."""

    def __init__(self, palette: QPalette) -> None:
        window = palette.color(QPalette.ColorRole.Window)
        self.dark = window.lightness() < 128
        base = palette.color(QPalette.ColorRole.Base)
        self.card = window.lighter(135) if self.dark else base
        if not self.dark and abs(base.lightness() - window.lightness()) < 6:
            self.card = base.lighter(103)
        self.accent = palette.color(QPalette.ColorRole.Highlight)
        a = 0.16 if self.dark else 0.10
        self.selected = QColor.fromRgbF(
            self.card.redF() * (1 - a) + self.accent.redF() * a,
            self.card.greenF() * (1 - a) + self.accent.greenF() * a,
            self.card.blueF() * (1 - a) + self.accent.blueF() * a,
        )
        self.hover = self.card.lighter(112) if self.dark else self.card.darker(102)
        self.border = QColor(255, 255, 255, 22) if self.dark else QColor(0, 0, 0, 24)
        self.shadow = QColor(0, 0, 0, 70 if self.dark else 22)
        self.text = palette.color(QPalette.ColorRole.Text)
        self.muted = QColor(self.text)
        self.muted.setAlphaF(0.68)
        self.chip = QColor(self.accent)
        self.chip.setAlphaF(0.22 if self.dark else 0.13)
        self.empty = palette.color(QPalette.ColorRole.AlternateBase)
        if self.dark:
            self.empty = self.card.lighter(130)


class CardDelegate(QStyledItemDelegate):
    """Paints a year heading, or a place's card.  Subclasses say what a card shows (:meth:`content`)."""

    lines = 3  # text lines under the caption

    def __init__(self, thumbnails: Thumbnails, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.thumbnails = thumbnails
        self._pixmaps: OrderedDict[tuple[str, int, int, float, int], QPixmap] = OrderedDict()
        self._bytes = 0
        self._fonts: dict[str, tuple[QFont, QFont, QFont]] = {}
        self._colors: tuple[int, CardColors] | None = None
        self._layers: dict[tuple[int, int, float, str], QPixmap] = {}
        thumbnails.ready.connect(self._forget)

    # -- what a card shows ------------------------------------------------------------------------------
    def record(self, index: QModelIndex | QPersistentModelIndex) -> Any:
        return index.data(CLUSTER)

    def content(self, cluster: Any) -> tuple[str, list[str], str]:
        """The caption, the lines under it (the last one is the counts) and the chip beside the counts."""
        place = cluster.place_caption if cluster.title else (cluster.address.line or cluster.place_caption)
        return (cluster.caption, [cluster_when(cluster), place, media_text(cluster)],
                level_name(cluster.level))  # fmt: skip

    # -- sizes ------------------------------------------------------------------------------------------
    def fonts(self, font: QFont) -> tuple[QFont, QFont, QFont]:
        """The caption's, the heading's and the chip's fonts, made once per base font."""
        key = font.key()
        made = self._fonts.get(key)
        if made is None:
            title = QFont(font)
            title.setPointSizeF(font.pointSizeF() * 1.18)
            title.setWeight(QFont.Weight.DemiBold)
            heading = QFont(font)
            heading.setPointSizeF(font.pointSizeF() * 1.7)
            heading.setWeight(QFont.Weight.Bold)
            chip = QFont(font)
            chip.setPointSizeF(font.pointSizeF() * 0.9)
            chip.setWeight(QFont.Weight.Medium)
            made = self._fonts[key] = (title, heading, chip)
        return made

    def card_height(self, width: int, font: QFont) -> int:
        title = QFontMetrics(self.fonts(font)[0]).height()
        line = QFontMetrics(font).height()
        mosaic = round((width - 2 * RING) * MOSAIC)
        return 2 * RING + mosaic + PAD + title + 6 + self.lines * (line + 3) + PAD - 6

    def header_height(self, font: QFont) -> int:
        return QFontMetrics(self.fonts(font)[1]).height() + 26

    def month_height(self, font: QFont) -> int:
        return QFontMetrics(self.fonts(font)[0]).height() + 12

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        width = max(option.rect.width(), 300)
        if index.data(KIND) == "year":
            return QSize(width, self.header_height(option.font))
        if index.data(KIND) == "month":
            return QSize(width, self.month_height(option.font))
        return QSize(width, self.card_height(width, option.font))

    def colors(self, palette: QPalette) -> CardColors:
        key = palette.cacheKey()
        if self._colors is None or self._colors[0] != key:
            self._colors = (key, CardColors(palette))
            self._layers.clear()
        return self._colors[1]

    # -- painting ---------------------------------------------------------------------------------------
    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colors = self.colors(option.palette)
        if index.data(KIND) in HEADINGS:
            self._paint_heading(painter, option, index, colors)
        else:
            record = self.record(index)
            if record is not None:
                self._paint_card(painter, option, record, colors)
        painter.restore()

    def _paint_heading(
        self, painter: QPainter, option: QStyleOptionViewItem, index: Any, colors: CardColors
    ) -> None:
        """A year heading ('2024', large), or a month's name above its first card (in the caption's
        font), each followed by how many cards it has in a muted line."""
        year = index.data(KIND) == "year"
        painter.setFont(self.fonts(option.font)[1 if year else 0])
        painter.setPen(colors.text)
        area = option.rect.adjusted(RING + 2, 10 if year else 0, -RING, -8 if year else -4)
        metrics = painter.fontMetrics()
        name = metrics.elidedText(str(index.data()), Qt.TextElideMode.ElideRight, area.width())
        painter.drawText(area, Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft, name)
        detail = index.data(HEADER_DETAIL)
        left = metrics.horizontalAdvance(name) + (14 if year else 10)
        if detail and left < area.width():
            painter.setFont(option.font)
            painter.setPen(colors.muted)
            room = area.adjusted(left, 0, 0, -4 if year else -1)
            painter.drawText(room, Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft,
                             painter.fontMetrics().elidedText(detail, Qt.TextElideMode.ElideRight,
                                                              room.width()))  # fmt: skip

    def _paint_card(
        self, painter: QPainter, option: QStyleOptionViewItem, record: Any, colors: CardColors
    ) -> None:
        State = QStyle.StateFlag
        selected = bool(option.state & State.State_Selected)
        focused = bool(option.state & State.State_HasFocus)
        hovered = bool(option.state & State.State_MouseOver)
        card = QRectF(option.rect.adjusted(RING, RING, -RING, -RING))
        ratio = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        fill = "selected" if selected else "hover" if hovered else "card"
        painter.drawPixmap(option.rect.topLeft(), self._layer(option.rect.size(), ratio, fill, colors))
        mosaic = QRectF(card.left(), card.top(), card.width(), round(card.width() * MOSAIC))
        self._paint_mosaic(painter, mosaic.toRect(), record, colors)
        caption, lines, chip = self.content(record)
        self._paint_text(painter, option, card.toRect(), mosaic.bottom(), caption, lines, chip, colors)
        edge = "selected-edge" if selected else "hover-edge" if hovered else "edge"
        painter.drawPixmap(option.rect.topLeft(), self._layer(option.rect.size(), ratio, edge, colors))
        if selected:
            self._paint_check(painter, mosaic, colors)
        if focused:
            painter.drawPixmap(option.rect.topLeft(), self._layer(option.rect.size(), ratio, "ring", colors))

    def _layer(self, size: QSize, ratio: float, which: str, colors: CardColors) -> QPixmap:
        """A card's frame drawn once per size and state: under the pictures its shadow and fill, over them
        its edge (thin, hover or selected) or the focus ring.  Antialiased outlines of this size cost
        about a millisecond each to draw, so they are copied instead."""
        key = (size.width(), size.height(), ratio, which)
        layer = self._layers.get(key)
        if layer is not None:
            return layer
        layer = QPixmap(max(1, round(size.width() * ratio)), max(1, round(size.height() * ratio)))
        layer.setDevicePixelRatio(ratio)
        layer.fill(Qt.GlobalColor.transparent)
        painter = QPainter(layer)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        card = QRectF(RING, RING, size.width() - 2 * RING, size.height() - 2 * RING)
        shape = QPainterPath()
        shape.addRoundedRect(card, RADIUS, RADIUS)
        if which in ("card", "hover", "selected"):
            for dy, grow in ((3, 1.5), (1, 0.5)):  # a soft shadow: two offset outlines
                shadow = QPainterPath()
                shadow.addRoundedRect(
                    card.adjusted(-grow, dy - grow, grow, dy + grow), RADIUS + grow, RADIUS + grow
                )
                painter.fillPath(shadow, colors.shadow)
            painter.fillPath(shape, getattr(colors, which))
        elif which == "ring":
            ring = QPainterPath()
            ring.addRoundedRect(card.adjusted(-4, -4, 4, 4), RADIUS + 4, RADIUS + 4)
            painter.setPen(QPen(colors.accent, 2.5))
            painter.drawPath(ring)
        else:
            pens = {"edge": QPen(colors.border, 1), "hover-edge": QPen(colors.accent, 1.5),
                    "selected-edge": QPen(colors.accent, 2.5)}  # fmt: skip
            painter.setPen(pens[which])
            painter.drawPath(shape)
        painter.end()
        if len(self._layers) > 64:
            self._layers.clear()
        self._layers[key] = layer
        return layer

    def _paint_text(
        self, painter: QPainter, option: QStyleOptionViewItem, card: QRect, top: float, caption: str,
        lines: list[str], chip: str, colors: CardColors,
    ) -> None:  # fmt: skip
        title_font, _, chip_font = self.fonts(option.font)
        left, width = card.left() + PAD, card.width() - 2 * PAD
        y = int(top) + PAD - 2
        painter.setFont(title_font)
        painter.setPen(colors.text)
        metrics = painter.fontMetrics()
        painter.drawText(QRect(left, y, width, metrics.height()), Qt.AlignmentFlag.AlignLeft,
                         metrics.elidedText(caption, Qt.TextElideMode.ElideRight, width))  # fmt: skip
        y += metrics.height() + 6
        painter.setFont(option.font)
        metrics = painter.fontMetrics()
        height = metrics.height()
        for n, line in enumerate(lines):
            room = width
            if n == len(lines) - 1 and chip:
                room -= self._paint_chip(painter, chip_font, chip, card.right() - PAD, y, height, colors) + 8
                painter.setFont(option.font)
            painter.setPen(colors.muted)
            painter.drawText(QRect(left, y, room, height), Qt.AlignmentFlag.AlignLeft,
                             metrics.elidedText(line, Qt.TextElideMode.ElideRight, room))  # fmt: skip
            y += height + 3

    @staticmethod
    def _paint_chip(
        painter: QPainter, font: QFont, text: str, right: int, y: int, height: int, colors: CardColors
    ) -> int:
        """A rounded label ending at ``right``; returns its width."""
        painter.setFont(font)
        width = painter.fontMetrics().horizontalAdvance(text) + 16
        box = QRectF(right - width, y, width, height)
        path = QPainterPath()
        path.addRoundedRect(box, height / 2, height / 2)
        painter.fillPath(path, colors.chip)
        painter.setPen(colors.text)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        return width

    @staticmethod
    def _paint_check(painter: QPainter, mosaic: QRectF, colors: CardColors) -> None:
        """A white tick in an accent disc in the cover's corner: this card is selected."""
        centre = QPointF(mosaic.left() + 20, mosaic.top() + 20)
        disc = QPainterPath()
        disc.addEllipse(centre, 11, 11)
        painter.fillPath(disc, colors.accent)
        painter.setPen(QPen(QColor("white"), 2))
        painter.drawEllipse(centre, 11, 11)
        tick = QPainterPath()
        tick.moveTo(centre + QPointF(-5, 0))
        tick.lineTo(centre + QPointF(-1.5, 3.5))
        tick.lineTo(centre + QPointF(5, -3.5))
        painter.setPen(QPen(QColor("white"), 2.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawPath(tick)

    def _paint_mosaic(self, painter: QPainter, mosaic: QRect, record: Any, colors: CardColors) -> None:
        """The cover on the left two thirds and two photos stacked on the right; the cover alone when the
        card has fewer than two others."""
        pictures = card_paths(record)
        cover, others = (pictures[0], pictures[1:3]) if pictures else ("", [])
        if len(others) < 2:
            self._paint_picture(painter, mosaic, cover, (True, True, False, False), colors)
            return
        split = mosaic.left() + round(mosaic.width() * 0.66)
        left = QRect(mosaic.left(), mosaic.top(), split - mosaic.left() - 1, mosaic.height())
        self._paint_picture(painter, left, cover, (True, False, False, False), colors)
        half = (mosaic.height() - 2) // 2
        right = QRect(split + 1, mosaic.top(), mosaic.right() - split, half)
        self._paint_picture(painter, right, others[0], (False, True, False, False), colors)
        below = QRect(split + 1, mosaic.top() + half + 2, mosaic.right() - split, mosaic.height() - half - 2)
        self._paint_picture(painter, below, others[1], (False, False, False, False), colors)
        more = record.photo_count + record.video_count - 3
        if more > 0:
            painter.fillRect(below, QColor(0, 0, 0, 110))
            painter.setPen(QColor("white"))
            font = QFont(painter.font())
            font.setPointSizeF(font.pointSizeF() * 1.25)
            font.setWeight(QFont.Weight.DemiBold)
            painter.setFont(font)
            painter.drawText(below, Qt.AlignmentFlag.AlignCenter, arg(tr("+%1"), more))

    def _paint_picture(
        self, painter: QPainter, rect: QRect, path: str, corners: tuple[bool, bool, bool, bool],
        colors: CardColors,
    ) -> None:  # fmt: skip
        ratio = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        mask = sum(1 << n for n, c in enumerate(corners) if c)
        key = (path, rect.width(), rect.height(), ratio, mask)
        pixmap = self._pixmaps.get(key)
        side = max(rect.width(), rect.height())  # the picture fills the rectangle: its longer side counts
        if pixmap is None:
            tile = self.thumbnails.tile(path, side, ratio) if path else None
            if tile is None or tile.image.isNull():
                shape = rounded(QRectF(rect), RADIUS, corners)
                painter.fillPath(shape, colors.empty)
                return
            pixmap = self._remember(key, self._cut(tile.image, rect.size(), ratio, corners))
        else:
            self._pixmaps.move_to_end(key)
        painter.drawPixmap(rect.topLeft(), pixmap)
        tile = self.thumbnails.tile(path, side, ratio)
        if tile is not None and tile.kind == "video":
            self._paint_play(painter, rect)

    @staticmethod
    def _paint_play(painter: QPainter, rect: QRect) -> None:
        radius = max(8, min(rect.width(), rect.height()) // 10)
        centre = QPointF(rect.left() + radius + 8, rect.bottom() - radius - 8)
        disc = QPainterPath()
        disc.addEllipse(centre, radius, radius)
        painter.fillPath(disc, QColor(0, 0, 0, 140))
        side = radius * 0.9
        triangle = QPainterPath()
        triangle.moveTo(centre + QPointF(-side * 0.4, -side * 0.55))
        triangle.lineTo(centre + QPointF(side * 0.6, 0))
        triangle.lineTo(centre + QPointF(-side * 0.4, side * 0.55))
        triangle.closeSubpath()
        painter.fillPath(triangle, QColor("white"))

    @staticmethod
    def _cut(image: QImage, size: QSize, ratio: float, corners: tuple[bool, bool, bool, bool]) -> QPixmap:
        """``image`` filling ``size`` (cropped to its shape) with rounded ``corners``, at the screen's
        pixel density."""
        pixels = QSize(max(1, round(size.width() * ratio)), max(1, round(size.height() * ratio)))
        scaled = image.scaled(pixels, Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                              Qt.TransformationMode.SmoothTransformation)  # fmt: skip
        pixmap = QPixmap(pixels)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        brush = QBrush(scaled)
        brush.setTransform(QTransform.fromTranslate(-(scaled.width() - pixels.width()) / 2,
                                                    -(scaled.height() - pixels.height()) / 2))  # fmt: skip
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(brush)
        painter.drawPath(rounded(QRectF(0, 0, pixels.width(), pixels.height()), RADIUS * ratio, corners))
        painter.end()
        pixmap.setDevicePixelRatio(ratio)
        return pixmap

    def _remember(self, key: tuple[str, int, int, float, int], pixmap: QPixmap) -> QPixmap:
        self._pixmaps[key] = pixmap
        self._bytes += pixmap.width() * pixmap.height() * 4
        while self._bytes > PIXMAP_BUDGET and len(self._pixmaps) > 1:
            _, old = self._pixmaps.popitem(last=False)
            self._bytes -= old.width() * old.height() * 4
        return pixmap

    def _forget(self, path: str) -> None:
        """A new picture of ``path`` arrived: its scaled copies are stale."""
        for key in [k for k in self._pixmaps if k[0] == path]:
            old = self._pixmaps.pop(key)
            self._bytes -= old.width() * old.height() * 4


class TimelineView(CardGrid):
    """The places' cards: Enter or a double-click on a card emits ``activated`` with its index."""

    def __init__(
        self, model: TimelineModel, thumbnails: Thumbnails, parent: QWidget | None = None,
        delegate: type[CardDelegate] = CardDelegate,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.timeline_model = model  # model() gives it back only as a QAbstractItemModel
        self.setItemDelegate(delegate(thumbnails, self))
        self.setModel(model)
        self.setSelectionMode(CardGrid.SelectionMode.SingleSelection)
        self.setAccessibleName(self.tr("Places"))
        self.setAccessibleDescription(
            self.tr("Every place you took photos, as cards by year. Arrow keys move between cards, "
                    "Enter opens one.")
        )  # fmt: skip
        thumbnails.ready.connect(self._thumbnail_ready)

    def _thumbnail_ready(self, path: str) -> None:
        model = self.timeline_model
        for row in model.rows_showing(path):
            self.update(model.index(row))
