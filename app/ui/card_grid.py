"""A grid of cards under full-width headings, laid out by width: columns of cards 280 to 440 px wide (two
at 800 px, five at 1920, one below 600), moved through in two dimensions by keyboard.

It is a QListView for what the list view gives for free (Enter and double-click emit ``activated``,
selection, screen readers see each row as a list item through Qt's accessible list) with its own layout:
QListView's icon mode lays out items of one size only and cannot span a heading across the width.  The
delegate says how tall a card is for a width (``card_height``) and a heading (``header_height``); each
row's rectangle (``cell``) includes a margin the delegate draws the focus ring and shadow in.

A year heading spans the width and starts a new line of cards.  A month heading is a label above the first
card of that month, in a strip above the line of cards, so a library with a trip or two a month still fills
its columns instead of putting every month on a line of its own.

When the model holds no card and says why (``empty_text``), a message sits in the middle instead of a
blank pane, with a "Clear search" button when a search hid everything.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QPainter, QPalette, QRegion
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QPushButton,
    QStyle,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

KIND = Qt.ItemDataRole.UserRole + 1  # "year" or "month" on a heading row; anything else is a card
HEADINGS = ("year", "month")
MIN_CELL, MAX_CELL = 292, 452  # a card's width with its ring margin: the fewest columns that keep it under
# the widest, unless that makes it narrower than the narrowest (then one column fills the width)
WIDE, MARGIN, NARROW_MARGIN, GAP, NARROW_GAP = 720, 20, 8, 8, 4


class EmptyState(QWidget):
    """The centred message of a view with nothing to show, and a button to clear the search."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        layout = QVBoxLayout(self)
        self.label = QLabel()
        self.label.setObjectName("emptyMessage")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.label.setFont(font)
        self.label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.hint = QLabel(self.tr("Search looks in places, titles, labels, years and month names."))
        self.hint.setObjectName("emptyHint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.clear = QPushButton(self.tr("Clear search"))
        self.clear.setObjectName("clearSearch")
        self.clear.setCursor(Qt.CursorShape.PointingHandCursor)
        layout.addStretch(1)
        layout.addWidget(self.label)
        layout.addWidget(self.hint)
        layout.addSpacing(8)
        layout.addWidget(self.clear, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self.hide()


class CardGrid(QListView):
    """Cards in rows and columns under year headings, labelled with their months; :attr:`search_cleared`
    fires when the empty state's Clear search button cleared the model's search (the window empties its
    search box then)."""

    search_cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kinds: list[str] = []  # per row: which heading it is ("" for a card)
        self._cells: list[QRect] = []  # per row, in content coordinates
        self._tops: list[int] = []  # per row: the top of its line, month labels included (bisected)
        self._reveal: list[int] = []  # per row: where scrolling to it puts the top (its headings shown)
        self._lines: list[list[int]] = []  # rows of cards side by side, in order
        self._line_of: dict[int, int] = {}  # card row -> its index in _lines
        self._height = 0
        self._tallest = 0
        self.columns = 1
        self._hover = -1
        self._laid_width = -1
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setTabKeyNavigation(False)  # Tab leaves the grid; arrows move in it
        self.setFrameShape(QListView.Shape.NoFrame)
        self.viewport().setBackgroundRole(QPalette.ColorRole.Window)  # cards stand out from it
        self.empty = EmptyState(self.viewport())
        self.empty.clear.clicked.connect(self.clear_search)
        self.verticalScrollBar().valueChanged.connect(lambda _: self._drop_stale_thumbnails())

    # -- model ------------------------------------------------------------------------------------------
    def setModel(self, model: Any) -> None:
        super().setModel(model)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(self._model_changed)
        self._model_changed()

    def _model_changed(self, *_: Any) -> None:
        model = self.model()
        kinds = (model.index(r, 0).data(KIND) for r in range(model.rowCount()))
        self._kinds = [kind if kind in HEADINGS else "" for kind in kinds]
        self._hover = -1
        self._relayout()
        self._show_empty_state()
        thumbnails = self._thumbnails()
        if thumbnails is not None:  # the rows are other cards now
            thumbnails.drop_stale(self, lambda row: False)

    def _show_empty_state(self) -> None:
        model = self.model()
        says = getattr(model, "empty_text", None)
        text = says() if says is not None and not self.card_rows() else ""
        self.empty.label.setText(text)
        searching = bool(getattr(model, "text", ""))
        self.empty.clear.setVisible(searching)
        self.empty.hint.setVisible(searching)
        self.empty.setVisible(bool(text))
        self._place_empty_state()

    def _place_empty_state(self) -> None:
        area = self.viewport().rect()
        width = min(480, area.width() - 32)
        self.empty.setGeometry(QRect(area.center().x() - width // 2, area.top(), width, area.height()))

    def clear_search(self) -> None:
        model: Any = self.model()
        model.set_filter(getattr(model, "level", ""), "")
        self.search_cleared.emit()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def card_rows(self) -> list[int]:
        return [r for r, heading in enumerate(self._kinds) if not heading]

    # -- layout -----------------------------------------------------------------------------------------
    def _relayout(self) -> None:
        width = self.viewport().width()
        self._laid_width = width
        wide = width >= WIDE
        margin, gap = (MARGIN, GAP) if wide else (NARROW_MARGIN, NARROW_GAP)
        room = max(1, width - 2 * margin)
        columns = max(1, -(-(room + gap) // (MAX_CELL + gap)))
        while columns > 1 and (room - (columns - 1) * gap) // columns < MIN_CELL:
            columns -= 1
        self.columns = columns
        card_width = (room - (columns - 1) * gap) // columns
        delegate: Any = self.itemDelegate()
        if not hasattr(delegate, "card_height"):
            return  # no card delegate yet: laid out when it is set
        font = self.font()
        card_height = delegate.card_height(card_width, font)
        heading_height = delegate.header_height(font)
        label_height = delegate.month_height(font)
        self._tallest = max(card_height + label_height, heading_height)
        mirrored = self.isRightToLeft()
        count = len(self._kinds)
        cells, tops, reveal = [QRect()] * count, [0] * count, [0] * count
        lines: list[list[int]] = []
        y, heading_top = 4, -1

        def place_line(line: list[tuple[int, int]]) -> None:
            """Cards (row, its month label's row or -1) side by side at ``y``, under a strip for labels."""
            nonlocal y, heading_top
            strip = label_height if any(label >= 0 for _, label in line) else 0
            top = y if heading_top < 0 else heading_top
            for column, (row, label) in enumerate(line):
                x = margin + column * (card_width + gap)
                if mirrored:
                    x = width - x - card_width
                cells[row] = QRect(x, y + strip, card_width, card_height)
                tops[row], reveal[row] = y, top
                if label >= 0:
                    cells[label] = QRect(x, y, card_width, label_height)
                    tops[label], reveal[label] = y, top
            lines.append([row for row, _ in line])
            y += strip + card_height + gap
            heading_top = -1

        line: list[tuple[int, int]] = []
        label = -1
        for row, kind in enumerate(self._kinds):
            if kind == "month":
                label = row
                cells[row], tops[row] = QRect(margin, y, 0, 0), y  # moved beside its card below
                continue
            if kind == "year":
                if line:
                    place_line(line)
                    line = []
                cells[row] = QRect(margin, y, room, heading_height)
                tops[row] = reveal[row] = heading_top = y
                y += heading_height
                continue
            line.append((row, label))
            label = -1
            if len(line) == columns:
                place_line(line)
                line = []
        if line:
            place_line(line)
        self._cells, self._lines, self._tops, self._reveal = cells, lines, tops, reveal
        self._line_of = {row: n for n, line in enumerate(lines) for row in line}
        self._height = y + 12
        self.updateGeometries()
        self.viewport().update()

    def doItemsLayout(self) -> None:
        self._relayout()
        QAbstractItemView.doItemsLayout(self)

    def updateGeometries(self) -> None:
        QAbstractItemView.updateGeometries(self)
        bar = self.verticalScrollBar()
        page = self.viewport().height()
        bar.setRange(0, max(0, self._height - page))
        bar.setPageStep(page)
        bar.setSingleStep(48)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self.viewport().width() != self._laid_width:
            self._relayout()
        else:
            self.updateGeometries()
        self._place_empty_state()

    def viewportSizeHint(self) -> Any:
        return self.viewport().size()

    # -- geometry ---------------------------------------------------------------------------------------
    def horizontalOffset(self) -> int:
        return 0

    def verticalOffset(self) -> int:
        return self.verticalScrollBar().value()

    def isIndexHidden(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        return False

    def visualRect(self, index: QModelIndex | QPersistentModelIndex) -> QRect:
        if not index.isValid() or index.row() >= len(self._cells):
            return QRect()
        return self._cells[index.row()].translated(0, -self.verticalOffset())

    def indexAt(self, point: QPoint) -> QModelIndex:
        """The card under ``point``; headings answer no index (a click there selects nothing)."""
        y = point.y() + self.verticalOffset()
        row = bisect_right(self._tops, y) - 1
        top = self._tops[row] if row >= 0 else None
        while row >= 0 and self._tops[row] == top:
            if not self._kinds[row] and self._cells[row].contains(point.x(), y):
                return self.model().index(row, 0, self.rootIndex())
            row -= 1
        return QModelIndex()

    def scrollTo(
        self,
        index: QModelIndex | QPersistentModelIndex,
        hint: Any = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        if not index.isValid() or index.row() >= len(self._cells):
            return
        cell = self._cells[index.row()]
        top = self._reveal[index.row()]  # its month label, and the year heading above its first line
        page = self.viewport().height()
        bar = self.verticalScrollBar()
        Hint = QAbstractItemView.ScrollHint
        if hint == Hint.PositionAtTop:
            bar.setValue(top)
        elif hint == Hint.PositionAtBottom:
            bar.setValue(cell.bottom() - page + 1)
        elif hint == Hint.PositionAtCenter:
            bar.setValue(cell.center().y() - page // 2)
        elif top < bar.value():
            bar.setValue(top)
        elif cell.bottom() > bar.value() + page:
            bar.setValue(cell.bottom() - page + 1)

    def setSelection(self, rect: QRect, command: Any) -> None:
        area = rect.normalized().translated(0, self.verticalOffset())
        selection = QItemSelection()
        root = self.rootIndex()
        for row, cell in enumerate(self._cells):
            if not self._kinds[row] and cell.intersects(area):
                index = self.model().index(row, 0, root)
                selection.select(index, index)
        self.selectionModel().select(selection, command)

    def visualRegionForSelection(self, selection: QItemSelection) -> QRegion:
        region = QRegion()
        for index in selection.indexes():
            region += self.visualRect(index)
        return region

    # -- keyboard ---------------------------------------------------------------------------------------
    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Any) -> QModelIndex:
        """Right/Left go to the next/previous card in reading order; Up/Down to the card above/below
        (the nearest one when that line is shorter); Page keys by a screenful; Home/End to the ends."""
        cards = [row for line in self._lines for row in line]
        if not cards:
            return QModelIndex()
        Move = QAbstractItemView.CursorAction
        current = self.currentIndex()
        row = current.row() if current.isValid() and current.row() in self._line_of else -1
        if row < 0:
            return self._index(self._first_visible_card() if action != Move.MoveEnd else cards[-1])
        if self.isRightToLeft() and action in (Move.MoveLeft, Move.MoveRight):
            action = Move.MoveRight if action == Move.MoveLeft else Move.MoveLeft
        place = cards.index(row)
        line = self._line_of[row]
        column = self._lines[line].index(row)
        if action in (Move.MoveRight, Move.MoveNext):
            return self._index(cards[min(place + 1, len(cards) - 1)])
        if action in (Move.MoveLeft, Move.MovePrevious):
            return self._index(cards[max(place - 1, 0)])
        if action == Move.MoveHome:
            return self._index(cards[0])
        if action == Move.MoveEnd:
            return self._index(cards[-1])
        if action == Move.MoveDown:
            line = min(line + 1, len(self._lines) - 1)
        elif action == Move.MoveUp:
            line = max(line - 1, 0)
        elif action in (Move.MovePageDown, Move.MovePageUp):
            step = self.viewport().height() * (1 if action == Move.MovePageDown else -1)
            line = self._line_near(self._cells[row].top() + step, line, action == Move.MovePageDown)
        else:
            return current
        target = self._lines[line]
        return self._index(target[min(column, len(target) - 1)])

    def _line_near(self, y: int, line: int, down: bool) -> int:
        """The card line whose top is nearest ``y``, at least one away from ``line`` when there is one."""
        tops = [self._cells[rows[0]].top() for rows in self._lines]
        best = min(range(len(tops)), key=lambda n: abs(tops[n] - y))
        if down:
            return max(best, min(line + 1, len(tops) - 1))
        return min(best, max(line - 1, 0))

    def _first_visible_card(self) -> int:
        top = self.verticalOffset()
        for line in self._lines:
            if self._cells[line[0]].bottom() >= top:
                return line[0]
        return self._lines[0][0]

    def _index(self, row: int) -> QModelIndex:
        return self.model().index(row, 0, self.rootIndex())

    def focusInEvent(self, event: Any) -> None:
        super().focusInEvent(event)
        current = self.currentIndex()
        # a click chooses its own card: picking the first one here would scroll it away under the mouse
        by_mouse = event.reason() == Qt.FocusReason.MouseFocusReason
        if not by_mouse and (not current.isValid() or current.row() not in self._line_of) and self._lines:
            self.selectionModel().setCurrentIndex(
                self._index(self._first_visible_card()), self.selectionModel().SelectionFlag.NoUpdate
            )
        self.viewport().update()

    def focusOutEvent(self, event: Any) -> None:
        super().focusOutEvent(event)
        self.viewport().update()

    # -- thumbnails -------------------------------------------------------------------------------------
    def _thumbnails(self) -> Any:
        return getattr(self.itemDelegate(), "thumbnails", None)

    def _drop_stale_thumbnails(self) -> None:
        """Scrolled: the pictures still waiting for cards now out of view are not made (the newest requests
        go first anyway, so what came into view is made before what is left of the old screen)."""
        thumbnails = self._thumbnails()
        if thumbnails is None or not thumbnails.pending:
            return
        offset = self.verticalOffset()
        first = bisect_left(self._tops, offset - self._tallest)
        last = bisect_right(self._tops, offset + self.viewport().height())
        thumbnails.drop_stale(self, lambda row: first <= row < last)

    # -- painting ---------------------------------------------------------------------------------------
    def paintEvent(self, event: Any) -> None:
        if not self._cells:
            return
        painter = QPainter(self.viewport())
        offset = self.verticalOffset()
        exposed = event.rect()
        first = bisect_left(self._tops, exposed.top() + offset - self._tallest)
        last = bisect_right(self._tops, exposed.bottom() + offset)
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        State = QStyle.StateFlag
        base = option.state & ~(State.State_Selected | State.State_HasFocus | State.State_MouseOver)
        selection = self.selectionModel()
        current = self.currentIndex()
        focused = self.hasFocus()
        delegate = self.itemDelegate()
        root = self.rootIndex()
        model = self.model()
        thumbnails = self._thumbnails()
        ratio = self.viewport().devicePixelRatioF()
        for row in range(first, min(last, len(self._cells))):
            cell = self._cells[row].translated(0, -offset)
            if not cell.intersects(exposed):
                continue
            index = model.index(row, 0, root)
            state = base
            if selection.isSelected(index):
                state |= State.State_Selected
            if focused and index == current:
                state |= State.State_HasFocus
            if row == self._hover:
                state |= State.State_MouseOver
            option.rect = cell
            option.state = state
            if thumbnails is None:
                delegate.paint(painter, option, index)
                continue
            # the pictures a card asks for are for this row, and as large as the card can show them
            with thumbnails.painting(self, row, cell.width(), ratio):
                delegate.paint(painter, option, index)
        painter.end()

    # -- hover ------------------------------------------------------------------------------------------
    def mouseMoveEvent(self, event: Any) -> None:
        super().mouseMoveEvent(event)
        self._set_hover(self.indexAt(event.position().toPoint()).row())

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Leave, QEvent.Type.HoverLeave):
            self._set_hover(-1)
        return super().viewportEvent(event)

    def _set_hover(self, row: int) -> None:
        if row == self._hover:
            return
        for old in (self._hover, row):
            if 0 <= old < len(self._cells):
                self.viewport().update(self._cells[old].translated(0, -self.verticalOffset()))
        self._hover = row
