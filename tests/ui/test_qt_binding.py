"""The Qt binding itself: a release that loses references crashes the window after a while, so check."""

from __future__ import annotations

import sys

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor


def test_void_methods_keep_none_alive(qapp) -> None:
    """PySide6 6.12.0 on Python 3.11 decremented None's count at each call of a method returning
    nothing; painting a timeline makes hundreds of such calls per card."""
    point, color = QPoint(), QColor(1, 2, 3)
    before = sys.getrefcount(None)
    for _ in range(20_000):
        point.setX(3)
        color.setAlphaF(0.5)
    assert sys.getrefcount(None) - before > -100
