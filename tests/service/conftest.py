"""Service tests read the service through IMM's JSON (see ``imm_view``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.places import Places
from app.service import Service
from tests.service.imm_view import ImmView


@pytest.fixture
def service(tmp_path: Path, places: Places):
    svc = Service(tmp_path / "library.db", places=places)
    yield ImmView(svc)
    svc.close()
