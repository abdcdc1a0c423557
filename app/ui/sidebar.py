"""The window's sidebar, as photo apps have one (Apple Photos, Shotwell, GNOME Photos): where to look
(Trips, Places, Map) above where the photos come from (the folders, each with its count and whether this
computer can reach it).  It is narrow, and the window hides it on a trip's page and at small widths.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence

from PySide6.QtCore import QLocale, QSize, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.service.records import SourceRecord
from app.ui.i18n import arg
from app.ui.paths import shown

VIEWS = ("trips", "places", "map")
PATH = Qt.ItemDataRole.UserRole
UNREACHABLE = Qt.ItemDataRole.UserRole + 1  # a folder this computer cannot see now


class Sidebar(QWidget):
    """``view_chosen`` says which view the user picked; the folder buttons emit their own signals."""

    view_chosen = Signal(str)
    add_folder = Signal()
    rescan_folder = Signal()
    remove_folder = Signal()
    reveal_folder = Signal()
    locate_folder = Signal()  # "this folder here is that source": a shared or moved folder found again

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        style = self.style()
        self.nav = QListWidget()
        self.nav.setObjectName("views")
        self.nav.setAccessibleName(self.tr("Views"))
        self.nav.setFrameShape(QListWidget.Shape.NoFrame)
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        icons = (
            style.standardIcon(QStyle.StandardPixmap.SP_DirHomeIcon),
            style.standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView),
            style.standardIcon(QStyle.StandardPixmap.SP_DriveNetIcon),
        )
        names = (self.tr("Trips"), self.tr("Places"), self.tr("Map"))
        tips = (
            self.tr("Your trips away from home, one card each (Ctrl+1)"),
            self.tr("Every place you took photos, by country, province and city (Ctrl+2)"),
            self.tr("Every photo with a place, on a map of the world (Ctrl+3)"),
        )
        for key, icon, name, tip in zip(VIEWS, icons, names, tips, strict=True):
            item = QListWidgetItem(icon, name)
            item.setData(PATH, key)
            item.setToolTip(tip)
            item.setSizeHint(QSize(0, 34))
            self.nav.addItem(item)
        self.nav.setFixedHeight(34 * len(VIEWS) + 6)
        self.nav.currentRowChanged.connect(lambda row: self.view_chosen.emit(VIEWS[max(row, 0)]))

        self.sources = QListWidget()
        self.sources.setObjectName("sources")
        self.sources.setAccessibleName(self.tr("Folders"))
        self.sources.setFrameShape(QListWidget.Shape.NoFrame)
        self.sources.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.sources.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sources.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(2)
        self.folder_buttons: dict[str, QToolButton] = {}
        for name, pixmap, text, tip, signal in (
            ("addFolder", QStyle.StandardPixmap.SP_FileDialogNewFolder, self.tr("Add Folder…"),
             self.tr("Add a folder of photos and videos (Ctrl+O)"), self.add_folder),
            ("rescanFolder", QStyle.StandardPixmap.SP_BrowserReload, self.tr("Re-scan"),
             self.tr("Read the chosen folder again (only new and changed files)"), self.rescan_folder),
            ("removeFolder", QStyle.StandardPixmap.SP_DialogDiscardButton, self.tr("Remove…"),
             self.tr("Forget the chosen folder; its files stay where they are"), self.remove_folder),
            ("revealFolder", QStyle.StandardPixmap.SP_DirOpenIcon, self.tr("Show in File Manager"),
             self.tr("Open the chosen folder in the file manager"), self.reveal_folder),
        ):  # fmt: skip
            action = QAction(style.standardIcon(pixmap), text, self)
            action.setToolTip(tip)
            action.triggered.connect(signal.emit)
            button = QToolButton()
            button.setObjectName(name)
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            button.setAccessibleName(text.rstrip("…"))
            buttons.addWidget(button)
            self.folder_buttons[name] = button
            if name != "addFolder":
                self.sources.addAction(action)  # the folders' context menu
        buttons.addStretch(1)
        self.locate_action = QAction(self.tr("Locate Folder…"), self)
        self.locate_action.setToolTip(self.tr("Say where the chosen folder is on this computer: moved, "
                                              "renamed, or another computer's shared folder"))  # fmt: skip
        self.locate_action.triggered.connect(self.locate_folder.emit)
        self.sources.addAction(self.locate_action)

        for listing in (self.nav, self.sources):  # on the window's own background, as sidebars are
            listing.setStyleSheet("QListWidget { background: transparent; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self._heading(self.tr("Library")))
        layout.addWidget(self.nav)
        layout.addSpacing(10)
        layout.addWidget(self._heading(self.tr("Folders")))
        layout.addWidget(self.sources, 1)
        layout.addLayout(buttons)
        self.setMinimumWidth(180)
        self.setMaximumWidth(320)
        self.sources.currentRowChanged.connect(self._folder_chosen)
        self._folder_chosen(-1)

    @staticmethod
    def _heading(text: str) -> QLabel:
        label = QLabel(text)
        label.setStyleSheet("font-weight: 600; color: palette(placeholder-text); padding: 2px 4px;")
        return label

    def set_view(self, view: str) -> None:
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(VIEWS.index(view))
        self.nav.blockSignals(False)

    def view(self) -> str:
        return VIEWS[max(self.nav.currentRow(), 0)]

    def set_sources(self, sources: Sequence[SourceRecord], unreachable: Collection[str] = ()) -> None:
        """The folders with their counts; one this computer cannot reach now is said to be so."""
        chosen = self.chosen_folder()
        self.sources.clear()
        locale = QLocale()
        style = self.style()
        folder_icon = style.standardIcon(QStyle.StandardPixmap.SP_DirIcon)
        missing_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for source in sources:
            path = shown(source.path)
            name = os.path.basename(path.rstrip("/")) or path
            reachable = source.path not in unreachable
            item = QListWidgetItem(folder_icon if reachable else missing_icon, name)
            item.setData(PATH, source.path)
            item.setData(UNREACHABLE, not reachable)
            count = locale.toString(source.file_count)
            if reachable:
                item.setToolTip(arg(self.tr("%1\n%2 photos and videos"), path, count))
            else:
                item.setToolTip(
                    arg(self.tr("%1\nNot reachable on this computer now (unplugged or unmounted); its %2 "
                                "photos and videos stay in your trips. If it is somewhere else here, "
                                "right-click it and choose Locate Folder…"), path, count)
                )  # fmt: skip
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, item.toolTip())
            item.setText(f"{name}  ·  {count}")
            self.sources.addItem(item)
            if source.path == chosen:
                self.sources.setCurrentItem(item)
        self._folder_chosen(self.sources.currentRow())

    def folders(self) -> list[str]:
        return [self.sources.item(r).data(PATH) for r in range(self.sources.count())]

    def chosen_folder(self) -> str | None:
        item = self.sources.currentItem()
        return None if item is None else str(item.data(PATH))

    def chosen_is_unreachable(self) -> bool:
        item = self.sources.currentItem()
        return item is not None and bool(item.data(UNREACHABLE))

    def _folder_chosen(self, row: int) -> None:
        for name in ("rescanFolder", "removeFolder", "revealFolder"):
            self.folder_buttons[name].defaultAction().setEnabled(row >= 0)
        self.locate_action.setEnabled(self.chosen_is_unreachable())
