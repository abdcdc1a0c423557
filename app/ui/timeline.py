"""The timeline: clusters by year as painted cards, one list model and one delegate (no widget per card)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPalette
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.service.records import ClusterInfo
from app.ui.thumbnails import Thumbnails, draw_filled

KIND, CLUSTER, YEAR = Qt.ItemDataRole.UserRole + 1, Qt.ItemDataRole.UserRole + 2, Qt.ItemDataRole.UserRole + 3
HEADER_HEIGHT, CARD_HEIGHT, COVER, STRIP = 52, 112, 96, 44


def strip_paths(cluster: ClusterInfo) -> list[str]:
    """Up to three photos of the trip besides its cover, for the card's strip."""
    return [p for p in cluster.preview_paths if p != cluster.cover_path][:3]


def card_paths(cluster: ClusterInfo) -> list[str]:
    """Every picture a card shows: its cover (when the trip has one), then its strip."""
    return ([cluster.cover_path] if cluster.cover_path else []) + strip_paths(cluster)


def by_year(cards: Sequence[Any], kind: str) -> list[tuple[str, Any]]:
    """Rows for ``cards`` (in order, each with a ``first_day``), a ("year", "2024") row before each year's."""
    rows: list[tuple[str, Any]] = []
    year = None
    for card in cards:
        if str(card.first_day.year) != year:
            year = str(card.first_day.year)
            rows.append(("year", year))
        rows.append((kind, card))
    return rows


class TimelineModel(QAbstractListModel):
    """Rows are year headers and cluster cards, newest first by default; filtered by level and text."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._clusters: list[ClusterInfo] = []
        self._rows: list[tuple[str, str | ClusterInfo]] = []
        self.newest_first = True
        self.level = ""
        self.text = ""

    def set_clusters(self, clusters: list[ClusterInfo]) -> None:
        self._clusters = clusters
        self._rebuild()

    def set_filter(self, level: str = "", text: str = "") -> None:
        self.level, self.text = level, text.strip().lower()
        self._rebuild()

    def set_newest_first(self, newest: bool) -> None:
        self.newest_first = newest
        self._rebuild()

    def cluster_count(self) -> int:
        return sum(1 for kind, _ in self._rows if kind == "cluster")

    def _matches(self, cluster: ClusterInfo) -> bool:
        if self.level and cluster.level != self.level:
            return False
        if self.text:
            haystack = " ".join([cluster.title, cluster.place_caption, cluster.address.line])
            return self.text in haystack.lower()
        return True

    def _rebuild(self) -> None:
        self.beginResetModel()
        chosen = [c for c in self._clusters if self._matches(c)]
        chosen.sort(key=lambda c: (c.start_time, c.object_id), reverse=self.newest_first)
        self._rows = by_year(chosen, "cluster")
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        kind, value = self._rows[index.row()]
        if role == KIND:
            return kind
        if role == CLUSTER:
            return value if kind == "cluster" else None
        if isinstance(value, str):  # a year header
            return value if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{value.caption} — {value.date_range_text} · {value.days_text} · {value.counts_text}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return value.address.line
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if index.isValid() and self._rows[index.row()][0] == "year":
            return Qt.ItemFlag.ItemIsEnabled
        return super().flags(index)

    def rows_showing(self, path: str) -> list[int]:
        """Rows whose card shows ``path`` (as its cover or in its strip)."""
        return [
            i for i, (_, v) in enumerate(self._rows) if isinstance(v, ClusterInfo) and path in card_paths(v)
        ]


class CardDelegate(QStyledItemDelegate):
    """Paints a year header, or a card: cover, caption, dates, counts and the level."""

    def __init__(self, thumbnails: Thumbnails, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.thumbnails = thumbnails

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        height = HEADER_HEIGHT if index.data(KIND) == "year" else CARD_HEIGHT
        view = self.parent()
        width = view.viewport().width() if isinstance(view, QListView) else option.rect.width()
        return QSize(max(width, 200), height)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = option.palette
        if index.data(KIND) == "year":
            font = QFont(option.font)
            font.setPointSizeF(font.pointSizeF() * 1.8)
            font.setWeight(QFont.Weight.Bold)
            painter.setFont(font)
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            painter.drawText(option.rect.adjusted(16, 8, -16, -4), Qt.AlignmentFlag.AlignBottom, index.data())
            painter.restore()
            return
        cluster: ClusterInfo = index.data(CLUSTER)
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
        self._paint_cover(painter, cover, cluster, palette)
        text_left = cover.right() + 16
        text = QRect(text_left, card.top() + 10, card.right() - text_left - 12, card.height() - 20)
        color = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        title_font = QFont(option.font)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.25)
        title_font.setWeight(QFont.Weight.DemiBold)
        chip = cluster.level
        chip_width = painter.fontMetrics().horizontalAdvance(chip) + 16
        painter.setFont(title_font)
        painter.setPen(color)
        room = text.width() - chip_width - 12
        caption = painter.fontMetrics().elidedText(cluster.caption, Qt.TextElideMode.ElideRight, room)
        painter.drawText(text, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft, caption)
        painter.setFont(option.font)
        muted = QColor(color)
        muted.setAlphaF(0.7)
        painter.setPen(muted)
        lines = [f"{cluster.date_range_text} · {cluster.days_text}", cluster.counts_text]
        if cluster.title:
            lines.append(cluster.place_caption)
        metrics = painter.fontMetrics()
        line_height = metrics.height()
        for n, line in enumerate(lines):
            row = QRect(text.left(), text.top() + 30 + n * (line_height + 2), text.width(), line_height)
            painter.drawText(
                row,
                Qt.AlignmentFlag.AlignLeft,
                metrics.elidedText(line, Qt.TextElideMode.ElideRight, row.width()),
            )
        chip_rect = QRect(card.right() - chip_width - 12, card.top() + 12, chip_width, line_height + 4)
        # the strip takes only the room the text leaves: in a narrow window it shrinks, never covers it
        free = card.right() - 12 - (text.left() + max(metrics.horizontalAdvance(line) for line in lines) + 12)
        fits = max(0, (free + 6) // (STRIP + 6))
        self._paint_strip(painter, card, strip_paths(cluster)[:fits], palette)
        chip_path = QPainterPath()
        chip_path.addRoundedRect(chip_rect, 8, 8)
        accent = palette.color(QPalette.ColorRole.Highlight)
        accent.setAlphaF(0.18)
        painter.fillPath(chip_path, accent)
        painter.drawText(chip_rect, Qt.AlignmentFlag.AlignCenter, chip)
        painter.restore()

    def _paint_strip(self, painter: QPainter, card: QRect, paths: list[str], palette: QPalette) -> None:
        for n, path in enumerate(reversed(paths)):
            left = card.right() - 12 - (n + 1) * (STRIP + 6) + 6
            self._paint_image(
                painter, QRect(left, card.bottom() - 10 - STRIP, STRIP, STRIP), path, palette, 6
            )

    def _paint_cover(self, painter: QPainter, rect: QRect, cluster: ClusterInfo, palette: QPalette) -> None:
        self._paint_image(painter, rect, cluster.cover_path or "", palette, 8)

    def _paint_image(self, painter: QPainter, rect: QRect, path: str, palette: QPalette, radius: int) -> None:
        clip = QPainterPath()
        clip.addRoundedRect(rect, radius, radius)
        painter.setClipPath(clip)
        painter.fillRect(rect, palette.color(QPalette.ColorRole.AlternateBase))
        image = self.thumbnails.get(path)
        if image is not None and not image.isNull():
            draw_filled(painter, rect, image)
        painter.setClipping(False)


class TimelineView(QListView):
    def __init__(
        self, model: TimelineModel, thumbnails: Thumbnails, parent: QWidget | None = None,
        delegate: type[CardDelegate] = CardDelegate,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.timeline_model = model  # model() gives it back only as a QAbstractItemModel
        self.setModel(model)
        self.setItemDelegate(delegate(thumbnails, self))
        self.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.setMouseTracking(True)
        self.setUniformItemSizes(False)
        self.setFrameShape(QListView.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.viewport().setBackgroundRole(QPalette.ColorRole.Window)  # cards (Base) stand out
        self.setSelectionMode(QListView.SelectionMode.SingleSelection)
        thumbnails.ready.connect(self._thumbnail_ready)

    def _thumbnail_ready(self, path: str) -> None:
        model = self.timeline_model
        for row in model.rows_showing(path):
            self.update(model.index(row))
