"""Each window test starts from a window never opened before."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture(autouse=True)
def fresh_settings():
    QSettings("Tripfold", "Tripfold").clear()
    yield
    QSettings("Tripfold", "Tripfold").clear()
