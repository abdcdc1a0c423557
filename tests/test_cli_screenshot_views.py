"""``tripfold gui --screenshot PNG --view map|trip:TRIP_ID`` (issue #13, item 6): a script can look at the
library map and at a trip's page, not only at the window as it opens; a view of another form is refused
with exit 2 and the allowed forms, before any window opens.  The window reads a library file and a PostgreSQL
database alike (SPEC §13), so both are looked at."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.engines import ENGINES, location_args, new_location

ROOT = Path(__file__).resolve().parents[1]


def tripfold(*args: str, library: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(home / "config")}  # fmt: skip  # the window's settings stay the test's
    env.pop("TRIPFOLD_LIBRARY", None)
    env.pop("TRIPFOLD_DB_URL", None)
    return subprocess.run([sys.executable, "-m", "app", *location_args(library), *args], cwd=ROOT,
                          capture_output=True, text=True, env=env, timeout=180)  # fmt: skip


@pytest.fixture(scope="module", params=ENGINES)
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """The sample trips, indexed and clustered once per engine: (library, folder for the screenshots)."""
    home = tmp_path_factory.mktemp("views")
    library = new_location(request, request.param, home)
    for args in (("demo", str(home / "photos")), ("cluster",)):
        done = tripfold(*args, library=library, home=home)
        assert done.returncode == 0, done.stderr
    return library, home


def screenshot(demo: tuple[str, Path], name: str, *view: str) -> np.ndarray:
    library, home = demo
    png = home / f"{name}.png"
    done = tripfold("gui", "--screenshot", str(png), *view, library=library, home=home)
    assert done.returncode == 0, done.stderr
    return np.asarray(Image.open(png).convert("RGB")).astype(np.int16)


def test_the_map_and_a_trips_page_render_to_pngs(demo: tuple[str, Path]) -> None:
    library, home = demo
    trips = json.loads(tripfold("trips", "--json", library=library, home=home).stdout)["Trips"]
    plain = screenshot(demo, "plain")
    shots = {
        "map": screenshot(demo, "map", "--view", "map"),
        "trip": screenshot(demo, "trip", "--view", f"trip:{trips[0]['TripId']}"),
    }
    for name, image in shots.items():
        assert image.shape == plain.shape, name
        assert image.std() > 20 and len(np.unique(image.reshape(-1, 3), axis=0)) > 200, name  # not blank
        changed = np.abs(image - plain).max(axis=2) > 30
        assert changed.mean() > 0.2, name  # another view than the window as it opens
    assert (np.abs(shots["map"] - shots["trip"]).max(axis=2) > 30).mean() > 0.2
    # the library map: most of its middle is sea or land, few of the trip grid's photos
    middle = shots["map"][200:600, 300:900]
    blue = (middle[..., 2] > middle[..., 0] + 25).mean()
    assert blue > 0.3, blue


def test_a_view_of_another_form_is_refused_naming_the_allowed_ones(demo: tuple[str, Path]) -> None:
    library, home = demo
    for view in ("moon", "trip:", "trips"):
        done = tripfold(
            "gui", "--screenshot", str(home / "x.png"), "--view", view, library=library, home=home
        )
        assert done.returncode == 2, (view, done.stderr)
        assert "map or trip:TRIP_ID" in done.stderr and repr(view) in done.stderr
    assert not (home / "x.png").exists()
