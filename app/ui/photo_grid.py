"""A page's photos by day: the model, the painting delegate and the grid the trip page and the cluster page
share, so a fix to one (the viewer, zoom, Show in Folder, thumbnails arriving) is a fix to both.

Files are anything with a ``path`` and an RFC 3339 ``produce_time``; one with a true ``estimated`` (its place
was borrowed, SPEC §10) carries a small mark, explained by its tooltip.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, Protocol

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QUrl,
)
from PySide6.QtGui import QColor, QDesktopServices, QFont, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.ui.paths import shown
from app.ui.thumbnails import Thumbnails, draw_filled
from app.ui.workers import Pool

KIND, PATH, DAY, ESTIMATED = (Qt.ItemDataRole.UserRole + n for n in range(1, 5))
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
        if member is None and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._heading(day)
        if member is not None and role == Qt.ItemDataRole.DisplayRole:
            return shown(os.path.basename(member.path))
        if member is not None and role == Qt.ItemDataRole.ToolTipRole:
            name = shown(os.path.basename(member.path))
            return f"{name}\n{self.tr(str(ESTIMATED_TIP))}" if getattr(member, "estimated", False) else name
        return None

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
            image = self.thumbnails.get(index.data(PATH))
            if image is not None and not image.isNull():
                draw_filled(painter, cell, image)
            if index.data(ESTIMATED):
                self._paint_badge(painter, cell)
            if selected:
                painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 3))
                painter.drawRect(cell)
        painter.restore()

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


class PhotoGrid(QListView):
    """The grid of a page: opens the viewer on a file (double-click or Enter), zooms, shows a file's folder,
    and repaints a tile when its thumbnail arrives."""

    def __init__(self, thumbnails: Thumbnails, viewer_pool: Pool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.viewer_pool = viewer_pool  # the viewer decodes its large pictures there
        self.viewer: Any = None
        self.files = DayFilesModel(self)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(False)
        self.setModel(self.files)
        self.delegate = DayGridDelegate(thumbnails, self)
        self.setItemDelegate(self.delegate)
        self.activated.connect(self.view_file)
        thumbnails.ready.connect(self._thumbnail_ready)

    def paths(self) -> list[str]:
        return [p for p in (self.files.index(r).data(PATH) for r in range(self.files.rowCount())) if p]

    def view_file(self, index: QModelIndex) -> None:
        """Open the viewer on the file under ``index``, with the page's other files around it."""
        from app.ui.viewer import Viewer

        path = index.data(PATH)
        if not path:
            return
        paths = self.paths()
        self.viewer = Viewer(paths, paths.index(path), self.viewer_pool, self.window())
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


def parse_labels(text: str) -> dict[str, str]:
    """'who=family, mood=sunny' as labels; a part without '=' is left out."""
    pairs = (part.partition("=") for part in text.split(","))
    return {key.strip(): value.strip() for key, sep, value in pairs if sep and key.strip()}
