"""Service tests read the service through IMM's JSON (see ``imm_view``)."""

from __future__ import annotations

import pytest

from app.core.places import Places
from app.service import Service
from tests.service.imm_view import ImmView


@pytest.fixture
def service(library_location: str, places: Places):
    """Once on SQLite and once on PostgreSQL (tests/engines.py): the same tests, the same answers."""
    svc = Service(library_location, places=places)
    yield ImmView(svc)
    svc.close()
