"""The main flows by keyboard alone, and the window's frame without overlaps at 800x600 and 1920x1080."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QToolButton, QWidget

from app.ui.main_window import MainWindow
from tests.ui.test_trips_window import library, trip_cards


@pytest.fixture
def filled(qtbot, window: MainWindow, tmp_path: Path) -> MainWindow:
    window.add_folders([str(library(tmp_path / "photos"))])
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    window.resize(1200, 800)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    return window


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def test_the_main_flows_by_keyboard_alone(qtbot, filled: MainWindow) -> None:
    window = filled
    assert focused() is window.trips_view  # the keyboard starts on the trips
    key = qtbot.keyClick
    key(window.trips_view, Qt.Key.Key_Right)  # the second card: Paris
    assert "Paris" in window.trips_view.currentIndex().data()
    key(window.trips_view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.trip_page, timeout=10_000)
    assert "Paris" in window.trip_page.trip.caption
    key(focused(), Qt.Key.Key_Escape)  # back, to the card it came from
    assert window.stack.currentIndex() == 1
    key(focused(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert focused() is window.search
    qtbot.keyClicks(window.search, "jiaxing")
    assert [t.caption for t in trip_cards(window)] == ["4 days in Zhejiang"]
    key(window.search, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)  # back to the cards
    assert focused() is window.trips_view
    key(window.trips_view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.trip_page, timeout=10_000)
    assert "Zhejiang" in window.trip_page.trip.caption
    key(focused(), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)  # Alt+Left: back too
    assert window.stack.currentIndex() == 1
    key(focused(), Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # Places
    assert window.views.currentWidget() is window.timeline
    key(focused(), Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)  # Preferences
    assert window.preferences.isVisible()
    window.preferences.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window.preferences, timeout=5_000)
    key(window.preferences, Qt.Key.Key_Escape)
    assert not window.preferences.isVisible()


def overlapping(root: QWidget) -> list[tuple[str, str]]:
    """Pairs of visible sibling controls whose rectangles overlap, and texts wider than their control."""
    found = []
    controls = [w for w in root.findChildren(QWidget) if w.isVisible()
                and isinstance(w, (QAbstractButton, QLabel, QLineEdit)) and w.width() > 0]  # fmt: skip
    by_parent: dict[int, list[QWidget]] = {}
    for w in controls:
        by_parent.setdefault(id(w.parentWidget()), []).append(w)
    for siblings in by_parent.values():
        for n, a in enumerate(siblings):
            for b in siblings[n + 1 :]:
                if QRect(a.geometry()).intersected(b.geometry()).width() > 1 and a.geometry().height() > 1:
                    found.append((a.objectName() or type(a).__name__, b.objectName() or type(b).__name__))
    for w in controls:
        text = w.text() if hasattr(w, "text") else ""
        only_icon = Qt.ToolButtonStyle.ToolButtonIconOnly
        icon_only = isinstance(w, QToolButton) and w.toolButtonStyle() == only_icon
        if isinstance(w, QAbstractButton) and text and "\n" not in text and not icon_only:
            room = w.width() - (w.iconSize().width() if not w.icon().isNull() else 0)
            if w.fontMetrics().horizontalAdvance(text.replace("&", "")) > room:
                found.append((w.objectName() or text, "text cut"))
    return found


@pytest.mark.parametrize("size", [(800, 600), (1920, 1080)])
def test_nothing_overlaps_at_small_and_large_sizes(qtbot, filled: MainWindow, size: tuple[int, int]) -> None:
    window = filled
    window.resize(*size)
    qtbot.wait(50)
    assert overlapping(window) == []
    window.trips_view.setFocus()
    qtbot.keyClick(window.trips_view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.trip_page, timeout=10_000)
    qtbot.wait(50)
    assert overlapping(window) == []
