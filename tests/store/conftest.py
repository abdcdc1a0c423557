"""Store tests run once on SQLite and once on PostgreSQL (tests/engines.py) where they take ``service``."""

from __future__ import annotations

import pytest

from app.core.places import Places
from app.service import Service


@pytest.fixture
def service(library_location: str, places: Places):
    svc = Service(library_location, places=places)
    yield svc
    svc.close()
