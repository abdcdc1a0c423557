"""A page's photos by day: the model, the painting delegate and the grid the trip page and the cluster page
share, so a fix to one (the viewer, zoom, Show in Folder, thumbnails arriving) is a fix to both.

Files are anything with a ``path`` and an RFC 3339 ``produce_time``; one with a true ``estimated`` (its place
was borrowed, SPEC §10) carries a small mark, explained by its tooltip.  A video's tile carries a play mark
and its length; a file whose picture cannot be made shows its name and its format instead of a blank
square, and its tooltip says why (SPEC §11).  Painting reads only what the thumbnail cache already holds.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, Protocol

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QUrl,
)
from PySide6.QtGui import QColor, QDesktopServices, QFont, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QListView, QSlider, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.core.metadata import kind_of
from app.ui.paths import shown
from app.ui.thumbnails import Thumbnails, draw_filled, duration_text
from app.ui.workers import Pool

KIND, PATH, DAY, ESTIMATED, MEDIA = (Qt.ItemDataRole.UserRole + n for n in range(1, 6))
ESTIMATED_TIP = QT_TRANSLATE_NOOP("DayFilesModel", "Place estimated from photos taken nearby in time")


class Member(Protocol):
    @property
    def path(self) -> str: ...
    @property
    def produce_time(self) -> str: ...


class DayFilesModel(QAbstractListModel):
    """Day headings and files, in capture order; ``heading`` says what a day's heading reads."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, date, Member | None]] = []
        self._heading: Callable[[date], str] = str
        self.reason: Callable[[str], str] = lambda path: ""  # why a file has no picture, once known

    def set_files(self, files: Sequence[Member], heading: Callable[[date], str]) -> None:
        self.beginResetModel()
        self._heading = heading
        self._rows = []
        day = None
        for f in files:
            when = date.fromisoformat(f.produce_time[:10])  # the day on the photo's own clock (SPEC §9)
            if when != day:
                day = when
                self._rows.append(("day", when, None))
            self._rows.append(("file", when, f))
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        kind, day, member = self._rows[index.row()]
        if role == KIND:
            return kind
        if role == DAY:
            return day
        if role == PATH:
            return member.path if member else None
        if role == ESTIMATED:
            return bool(getattr(member, "estimated", False))
        if role == MEDIA:
            return getattr(member, "kind", None) or (kind_of(member.path) if member else None)
        if member is None and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._heading(day)
        if member is not None and role == Qt.ItemDataRole.DisplayRole:
            return shown(os.path.basename(member.path))
        if member is not None and role == Qt.ItemDataRole.ToolTipRole:
            lines = [shown(os.path.basename(member.path))]
            if getattr(member, "estimated", False):
                lines.append(self.tr(str(ESTIMATED_TIP)))
            why = self.reason(member.path)
            if why:
                lines.append(why)
            return "\n".join(lines)
        return None

    def member(self, row: int) -> Member | None:
        return self._rows[row][2] if 0 <= row < len(self._rows) else None

    def rows_of(self, path: str) -> list[int]:
        return [i for i, (_, _, m) in enumerate(self._rows) if m is not None and m.path == path]

    def day_rows(self) -> list[int]:
        return [i for i, (k, _, _) in enumerate(self._rows) if k == "day"]


class DayGridDelegate(QStyledItemDelegate):
    def __init__(self, thumbnails: Thumbnails, view: QListView) -> None:
        super().__init__(view)
        self.thumbnails, self.view, self.size = thumbnails, view, 160

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        if index.data(KIND) == "day":  # a whole row, so the grid breaks before each day
            return QSize(self.view.viewport().width() - 8, 40)
        return QSize(self.size, self.size)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        painter.save()
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if index.data(KIND) == "day":
            rect = option.rect.adjusted(2, 2, -2, -2)
            if selected:
                accent = palette.color(QPalette.ColorRole.Highlight)
                accent.setAlphaF(0.2)
                painter.fillRect(rect, accent)
            font = QFont(option.font)
            font.setWeight(QFont.Weight.Bold)
            font.setPointSizeF(font.pointSizeF() * 1.2)
            painter.setFont(font)
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            painter.drawText(rect.adjusted(6, 0, 0, -4), Qt.AlignmentFlag.AlignBottom, index.data())
        else:
            cell = option.rect.adjusted(3, 3, -3, -3)
            painter.fillRect(cell, palette.color(QPalette.ColorRole.AlternateBase))
            path = index.data(PATH)
            ratio = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
            tile = self.thumbnails.tile(path, self.size, ratio, view=self.view, row=index.row())
            if tile is not None and not tile.image.isNull():
                draw_filled(painter, cell, tile.image)
            elif tile is not None:
                self._paint_placeholder(painter, cell, path, palette)
            if index.data(MEDIA) == "video" or (tile is not None and tile.kind == "video"):
                self._paint_video_mark(painter, cell, tile.duration if tile is not None else None)
            if index.data(ESTIMATED):
                self._paint_badge(painter, cell)
            if selected:
                painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 3))
                painter.drawRect(cell)
        painter.restore()

    @staticmethod
    def _paint_placeholder(painter: QPainter, cell: QRect, path: str, palette: QPalette) -> None:
        """The format in a framed label and the file's name: a tile that says what it stands for."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        extension = os.path.splitext(path)[1][1:].upper()[:5] or "?"
        font = painter.font()
        font.setWeight(QFont.Weight.Bold)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        label = QRect(0, 0, metrics.horizontalAdvance(extension) + 16, metrics.height() + 10)
        label.moveCenter(cell.center() - QPoint(0, cell.height() // 8))
        painter.setPen(QPen(muted, 1.5))
        painter.drawRoundedRect(label, 4, 4)
        painter.drawText(label, Qt.AlignmentFlag.AlignCenter, extension)
        font.setWeight(QFont.Weight.Normal)
        painter.setFont(font)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        name = painter.fontMetrics().elidedText(
            shown(os.path.basename(path)), Qt.TextElideMode.ElideMiddle, cell.width() - 12
        )
        below = QRect(cell.left() + 6, label.bottom() + 6, cell.width() - 12, metrics.height() + 4)
        painter.drawText(below, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, name)

    @staticmethod
    def _paint_video_mark(painter: QPainter, cell: QRect, duration: float | None) -> None:
        """A play triangle in a dark disc in the middle, and the length in the bottom right corner."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        radius = max(10, min(cell.width(), cell.height()) // 8)
        centre = cell.center()
        disc = QPainterPath()
        disc.addEllipse(QPointF(centre), radius, radius)
        painter.fillPath(disc, QColor(0, 0, 0, 140))
        side = radius * 0.9
        triangle = QPainterPath()
        triangle.moveTo(centre.x() - side * 0.4, centre.y() - side * 0.55)
        triangle.lineTo(centre.x() + side * 0.6, centre.y())
        triangle.lineTo(centre.x() - side * 0.4, centre.y() + side * 0.55)
        triangle.closeSubpath()
        painter.fillPath(triangle, QColor("white"))
        if duration is None:
            return
        text = duration_text(duration)
        metrics = painter.fontMetrics()
        box = QRect(0, 0, metrics.horizontalAdvance(text) + 10, metrics.height() + 2)
        box.moveBottomRight(cell.bottomRight() - QPoint(5, 5))
        pill = QPainterPath()
        pill.addRoundedRect(QRectF(box), 4, 4)
        painter.fillPath(pill, QColor(0, 0, 0, 160))
        painter.setPen(QColor("white"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    @staticmethod
    def _paint_badge(painter: QPainter, cell: QRect) -> None:
        """A small '≈' in the corner: this place was estimated, not read from the file."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        badge = QRect(cell.right() - 26, cell.top() + 6, 20, 20)
        path = QPainterPath()
        path.addEllipse(badge)
        painter.fillPath(path, QColor(0, 0, 0, 150))
        painter.setPen(QColor("white"))
        font = painter.font()
        font.setWeight(QFont.Weight.Bold)
        painter.setFont(font)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, "≈")


def zoom_slider(parent: QWidget) -> QSlider:
    """The thumbnail size of a page's grid (connect its valueChanged to :meth:`PhotoGrid.zoom`)."""
    zoom = QSlider(Qt.Orientation.Horizontal, parent)
    zoom.setRange(96, 320)
    zoom.setValue(160)
    zoom.setMaximumWidth(150)
    said = QCoreApplication.translate("PhotoGrid", "Thumbnail size")
    zoom.setToolTip(said)
    zoom.setAccessibleName(said)
    return zoom


class PhotoGrid(QListView):
    """The grid of a page: opens the viewer on a file (double-click or Enter), zooms, shows a file's folder,
    and repaints a tile when its thumbnail arrives."""

    def __init__(self, thumbnails: Thumbnails, viewer_pool: Pool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.viewer_pool = viewer_pool  # the viewer decodes its large pictures there
        self.viewer: Any = None
        self.files = DayFilesModel(self)
        self.files.reason = thumbnails.reason
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(False)
        self.setModel(self.files)
        self.delegate = DayGridDelegate(thumbnails, self)
        self.setItemDelegate(self.delegate)
        self.activated.connect(self.view_file)
        self.thumbnails = thumbnails
        thumbnails.ready.connect(self._thumbnail_ready)
        self.verticalScrollBar().valueChanged.connect(lambda _: self._drop_stale_thumbnails())
        self.files.modelReset.connect(lambda: thumbnails.drop_stale(self, lambda row: False))

    def paths(self) -> list[str]:
        return [p for p in (self.files.index(r).data(PATH) for r in range(self.files.rowCount())) if p]

    def view_file(self, index: QModelIndex) -> None:
        """Open the viewer on the file under ``index``, with the page's other files around it."""
        from app.ui.viewer import Viewer

        path = index.data(PATH)
        if not path:
            return
        members = [m for m in (self.files.member(r) for r in range(self.files.rowCount())) if m is not None]
        paths = [m.path for m in members]
        self.viewer = Viewer(paths, paths.index(path), self.viewer_pool, self.window(), files=members)
        self.viewer.show()

    def show_in_folder(self) -> None:
        """Open the folder of the chosen file, else of the first one."""
        index = self.currentIndex()
        path = (index.data(PATH) if index.isValid() else None) or next(iter(self.paths()), "")
        if path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(os.path.dirname(path)))

    def zoom(self, size: int) -> None:
        self.delegate.size = size
        self.doItemsLayout()

    def _thumbnail_ready(self, path: str) -> None:
        for row in self.files.rows_of(path):
            self.update(self.files.index(row))

    def visible_rows(self) -> range:
        """The rows on screen: tiles flow in model order, so the first and last are found by bisection."""
        count, height = self.files.rowCount(), self.viewport().height()

        def first_where(below: Callable[[QRect], bool]) -> int:
            low, high = 0, count
            while low < high:
                middle = (low + high) // 2
                if below(self.visualRect(self.files.index(middle))):
                    high = middle
                else:
                    low = middle + 1
            return low

        return range(first_where(lambda r: r.bottom() >= 0), first_where(lambda r: r.top() > height))

    def _drop_stale_thumbnails(self) -> None:
        """Scrolled: tiles still waiting for rows now out of view are not made."""
        if self.thumbnails.pending:
            showing = self.visible_rows()
            self.thumbnails.drop_stale(self, lambda row: row in showing)


def parse_labels(text: str) -> dict[str, str]:
    """'who=family, mood=sunny' as labels; a part without '=' is left out."""
    pairs = (part.partition("=") for part in text.split(","))
    return {key.strip(): value.strip() for key, sep, value in pairs if sep and key.strip()}
