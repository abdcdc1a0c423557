"""The sort order of the trips and places, as a small button in the toolbar that says the order it shows
("Newest first ▾") and offers the others in its menu.

The models take the same keys (:meth:`TimelineModel.set_sort`); the window connects :attr:`SortControl.
changed` to them and remembers the key.  The menu can also sit in the View menu (:meth:`SortControl.menu`),
so the order is reachable both ways with one state.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from app.ui.i18n import arg

NEWEST, OLDEST, NAME, PHOTOS = "newest", "oldest", "name", "photos"
SORTS = (NEWEST, OLDEST, NAME, PHOTOS)
DATED = (NEWEST, OLDEST)  # the orders under year headings


def sort_label(key: str) -> str:
    """The words of an order, as the button and the menu show them."""
    labels = {
        NEWEST: QCoreApplication.translate("SortControl", "Newest first"),
        OLDEST: QCoreApplication.translate("SortControl", "Oldest first"),
        NAME: QCoreApplication.translate("SortControl", "By name"),
        PHOTOS: QCoreApplication.translate("SortControl", "Most photos"),
    }
    return labels[key]


class SortControl(QToolButton):
    """A flat tool button showing the current order; clicking it (or Space/Enter on it) opens the menu of
    orders.  :attr:`changed` carries the chosen key."""

    changed = Signal(str)

    def __init__(self, parent: QWidget | None = None, sorts: tuple[str, ...] = SORTS) -> None:
        super().__init__(parent)
        self.setObjectName("sortControl")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setAutoRaise(True)
        self.setStyleSheet("QToolButton { padding-right: 14px; }")  # room for the menu's arrow
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Sort order"))
        self._menu = QMenu(self.tr("&Sort"), self)
        self._menu.setObjectName("sortMenu")
        self._group = QActionGroup(self)
        self._group.setExclusive(True)
        self._actions: dict[str, QAction] = {}
        for key in sorts:
            action = QAction(sort_label(key), self)
            action.setCheckable(True)
            action.setData(key)
            action.setObjectName(f"sort_{key}")
            action.triggered.connect(lambda _=False, k=key: self.set_sort(k))
            self._group.addAction(action)
            self._menu.addAction(action)
            self._actions[key] = action
        self.setMenu(self._menu)
        self._sort = ""
        self.set_sort(sorts[0], quiet=True)

    def sort(self) -> str:
        return self._sort

    def menu(self) -> QMenu:
        """The menu of orders, to add to the View menu as well (``view.addMenu(control.menu())``)."""
        return self._menu

    def set_sort(self, key: str, quiet: bool = False) -> None:
        """Show ``key`` as the order; :attr:`changed` fires when it is a change and ``quiet`` is not set."""
        if key not in self._actions:
            key = next(iter(self._actions))
        self._actions[key].setChecked(True)
        label = sort_label(key)
        self.setText(label)
        self.setToolTip(arg(self.tr("Order of the cards: %1"), label))
        self.setAccessibleDescription(arg(self.tr("Cards shown: %1"), label))
        if key != self._sort:
            self._sort = key
            if not quiet:
                self.changed.emit(key)
