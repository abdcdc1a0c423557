"""The route map of the web story: valid SVG, stops numbered in time order, texts escaped, offline, and
styled by rules that reach only the drawing."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import date

import numpy as np
import pytest

from app.core.route import RouteStop, stop_positions
from app.core.route_svg import ROOT, STYLE, clip_ring, route_svg

SVG = "{http://www.w3.org/2000/svg}"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
STOPS = [
    RouteStop("Hangzhou", "Mar 3–5", 30.25, 120.16),
    RouteStop("Suzhou", "Mar 6", 31.30, 120.60),
    RouteStop("Shanghai", "Mar 7–9", 31.23, 121.47),
]


def test_valid_svg_with_numbered_stops_in_order():
    root = ET.fromstring(route_svg(STOPS, 800, 500, title="Spring in Jiangnan"))
    assert root.tag == f"{SVG}svg" and root.get("viewBox") == "0 0 800 500"
    assert root.get("role") == "img" and root.get("aria-label") == "Spring in Jiangnan"
    groups = [g for g in root.iter(f"{SVG}g") if g.get("class") == "tf-route-stop"]
    assert [g.get("data-stop") for g in groups] == ["1", "2", "3"]
    texts = [[t.text for t in g.iter(f"{SVG}text")] for g in groups]
    assert texts == [["1", "Hangzhou", "Mar 3–5"], ["2", "Suzhou", "Mar 6"], ["3", "Shanghai", "Mar 7–9"]]
    line = next(root.iter(f"{SVG}polyline"))
    points = [tuple(map(float, p.split(","))) for p in line.get("points").split()]
    circles = [(float(c.get("cx")), float(c.get("cy"))) for c in root.iter(f"{SVG}circle")]
    assert points == circles
    assert all(0 <= x <= 800 and 0 <= y <= 500 for x, y in points)
    land = [p for p in root.iter(f"{SVG}path") if p.get("class") == "tf-route-land"]
    assert land and land[0].get("d").startswith("M")


def test_texts_are_escaped_and_nothing_is_fetched():
    stops = [
        RouteStop('<b>"Caf\u00e9" & co\x07</b>', "1\u20132", 48.86, 2.35),
        RouteStop("Lyon", "3", 45.76, 4.83),
    ]
    svg = route_svg(stops, title="<script>alert(1)</script>")
    root = ET.fromstring(svg)
    assert "<script>" not in svg and "\x07" not in svg
    names = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "tf-route-name"]
    assert names == ['<b>"Café" & co</b>', "Lyon"]
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "href" not in svg and "url(" not in svg


def test_one_stop_and_the_drawing_stays_small():
    svg = route_svg([STOPS[0]], 640, 400)
    root = ET.fromstring(svg)
    assert not list(root.iter(f"{SVG}polyline"))
    assert len(svg) < 200_000


def test_clip_ring_keeps_the_area_inside():
    square = np.array([[-10.0, -10.0], [10.0, -10.0], [10.0, 10.0], [-10.0, 10.0]])
    clipped = clip_ring(square, 0, 0, 100, 100)
    x, y = clipped[:, 0], clipped[:, 1]
    area = 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))
    assert area == 100.0 and x.min() >= 0 and y.min() >= 0
    assert len(clip_ring(square, 50, 50, 60, 60)) == 0


def test_a_day_of_travel_gives_its_morning_and_evening_to_two_stops():
    d1, d2, d3 = date(2024, 3, 3), date(2024, 3, 4), date(2024, 3, 5)
    files = [
        (d1, 30.25, 120.16), (d2, 30.26, 120.15), (d2, 30.24, 120.17),  # Hangzhou in the morning
        (d2, 31.23, 121.47), (d2, 31.22, 121.48), (d3, 31.23, 121.46), (d3, None, None),  # then Shanghai
    ]  # fmt: skip
    (a, b) = stop_positions([(d1, d2), (d2, d3)], files)
    assert a is not None and abs(a[0] - 30.25) < 0.02 and abs(a[1] - 120.16) < 0.02
    assert b is not None and abs(b[0] - 31.23) < 0.02 and abs(b[1] - 121.47) < 0.02
    assert stop_positions([(d1, d1), (date(2024, 4, 1), date(2024, 4, 1))], files)[1] is None


def test_the_drawings_classes_and_rules_are_its_own():
    """Every class the drawing uses is prefixed, and every rule of its style is scoped under its root."""
    svg = route_svg(STOPS, 800, 500)
    root = ET.fromstring(svg)
    assert root.get("class") == ROOT
    classes = {e.get("class") for e in root.iter() if e.get("class")} - {ROOT}
    assert classes and all(c.startswith("tf-route-") for c in classes)
    rules = re.sub(r"@media[^{]*\{", "", STYLE)
    selectors = [s for rule in rules.split("}") if "{" in rule for s in rule.split("{")[0].split(",")]
    assert selectors and all(s.startswith(f".{ROOT} .tf-route-") for s in selectors)


PROBE = """<!doctype html><html><head><meta charset="utf-8"><style>
.name,.days,.land,.sea,.route,.stop,.num{{fill:rgb(0,255,0);stroke:rgb(0,255,0);font-weight:100}}
text{{fill:rgb(0,0,255)}}</style></head><body><p class="name">a heading of the page</p>{svg}<script>
const q = s => getComputedStyle(document.querySelector(s));
document.body.dataset.result = JSON.stringify({{page: q("p.name").fontWeight,
  name: q("svg text[class$=name]").fill, land: q("svg path[class$=land]").fill,
  line: q("svg polyline").stroke}});
</script></body></html>"""


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs Debian's chromium)")
def test_inlined_in_a_page_the_drawing_and_the_page_leave_each_other_alone(tmp_path):
    """In a browser: the page's rules for classes of its own (a ``.name`` heading) do not restyle the
    drawing, and the drawing's rules do not restyle the page's ``.name``."""
    page = tmp_path / "page.html"
    page.write_text(PROBE.format(svg=route_svg(STOPS, 800, 500)), "utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--force-prefers-color-scheme=light"]
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True,
                         timeout=60, check=True).stdout  # fmt: skip
    found = json.loads(html.unescape(re.search(r'data-result="([^"]*)"', dom).group(1)))
    assert found == {"page": "100", "name": "rgb(34, 34, 34)", "land": "rgb(244, 241, 234)",
                     "line": "rgb(210, 70, 47)"}  # fmt: skip


def test_a_coast_whose_box_meets_the_drawing_but_not_its_outline():
    """Norway's islands: rings whose boxes cross the drawing's edge while the ring itself stays outside
    are cut to nothing, and are left out (they stopped the whole web story with an IndexError)."""
    stops = [RouteStop("Oslo", "Jun 1", 59.91, 10.75), RouteStop("Tromsø", "Jun 4", 69.65, 18.96)]
    root = ET.fromstring(route_svg(stops, 960, 540))
    names = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "tf-route-name"]
    assert names == ["Oslo", "Tromsø"]
