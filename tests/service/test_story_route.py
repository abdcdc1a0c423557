"""The web story's route map (issue #13): a story over two cities opens with one SVG drawing of its
numbered stops, drawn into the page from carried data, loading nothing from the network; a story in one
city has none.  Checked in the written file and, where Chromium is installed, in the browser."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from app.service import ClusterOptions, ClusterQuery
from tests.factories.photos import make_jpeg

HANGZHOU = (30.2741, 120.1551)
JIAXING = (30.7522, 120.7500)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def shoot(folder: Path, place: tuple[float, float], start: datetime, days: int, per_day: int = 3) -> None:
    for d in range(days):
        for k in range(per_day):
            when = start + timedelta(days=d, hours=2 * k)
            make_jpeg(folder / f"IMG_{when:%m%d_%H%M}.jpg", pixels=(64 + 8 * k, 48), datetime_original=when,
                      gps=(place[0] + 0.002 * k, place[1] + 0.002 * k))  # fmt: skip


@pytest.fixture
def clusters(service, tmp_path: Path) -> dict[str, str]:
    """Two days in Hangzhou, then a day in Jiaxing: one province cluster over both cities, and each city's
    own; returns their ObjectIds by level and city."""
    shoot(tmp_path / "trip", HANGZHOU, datetime(2024, 3, 3, 9), 2)
    shoot(tmp_path / "trip", JIAXING, datetime(2024, 3, 5, 9), 1)
    service.index_sources([str(tmp_path / "trip")])
    service.create_location_date_clustering_task(ClusterOptions(levels=("city", "province")))
    found = service.query_location_date_clusters(ClusterQuery())["LocationDateClusters"]
    return {
        f"{c['LocationDateClusterLevel']}:{c['Addresses'][0].get('City', '')}": c["ObjectId"] for c in found
    }


def web_page(service, cluster_id: str, dest: Path) -> Path:
    task = service.create_story(cluster_id, str(dest), formats=["web"], min_files=2, max_files=40)
    assert task["Status"] == "Succeeded", task
    (export,) = task["Result"]["Exports"]
    return Path(unquote(urlparse(export["URI"]).path)) / "index.html"


def test_a_story_over_two_cities_opens_with_its_route(service, clusters, tmp_path: Path) -> None:
    province = next(v for k, v in clusters.items() if k.startswith("province"))
    page = web_page(service, province, tmp_path / "out").read_text("utf-8")
    assert page.count("<svg") == 1 and page.count("</svg>") == 1
    drawing = page[page.index("<svg") : page.index("</svg>")]
    label = (
        r'data-stop="(\d+)".*?class="tf-route-name"[^>]*>([^<]*)</text>'
        r'<text class="tf-route-days"[^>]*>([^<]*)<'
    )
    stops = re.findall(label, drawing)
    assert stops == [("1", "Hangzhou", "Mar 3–4"), ("2", "Jiaxing", "Mar 5")]
    assert "<polyline" in drawing  # the route joining them
    # an inline SVG's <style> is the whole page's: no element of the page may share the drawing's classes,
    # or it would pass their strokes on to the drawing (a red stroke over the stop numbers, the sea's edge)
    outside = page[: page.index("<svg")] + page[page.index("</svg>") :]
    classes = {c for attr in re.findall(r'class="([^"]*)"', outside) for c in attr.split()}
    styled = set(re.findall(r"\.([a-z][\w-]*)\{", drawing[: drawing.index("</style>")]))
    drawn = {"line", "disc", "num", "name", "days", "sea", "land"}
    assert styled >= {f"tf-route-{c}" for c in drawn} and not classes & styled
    assert page.index("</header>") < page.index("<svg") < page.index('<section class="day">')
    # nothing from the network: no http(s) address in any src, href or url()
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.IGNORECASE)
    assert not re.search(r"url\(\s*['\"]?\s*(?:https?:)?//", page, re.IGNORECASE)
    assert "<link" not in page and "@import" not in page


def test_a_story_in_one_city_has_no_route(service, clusters, tmp_path: Path) -> None:
    hangzhou = clusters["city:Hangzhou"]
    page = web_page(service, hangzhou, tmp_path / "out").read_text("utf-8")
    assert "<svg" not in page


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs Debian's chromium)")
def test_the_route_draws_in_a_browser_offline(service, clusters, tmp_path: Path) -> None:
    province = next(v for k, v in clusters.items() if k.startswith("province"))
    index = web_page(service, province, tmp_path / "out")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1200,1400"]
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", index.as_uri()], capture_output=True, text=True,
                         timeout=60)  # fmt: skip
    assert dom.stdout.count('class="tf-route-stop"') == 2
    shot = tmp_path / "page.png"
    command = [CHROMIUM, *flags, f"--screenshot={shot}", index.as_uri()]
    subprocess.run(command, capture_output=True, timeout=60, check=True)
    from PIL import Image

    image = Image.open(shot).convert("RGB")
    reds = sum(
        1 for r, g, b in image.getdata() if r > 180 and 50 < g < 100 and 30 < b < 80
    )  # the route's #d2462f line and discs
    assert reds > 200, reds
