"""The route map of the web story: valid SVG, stops numbered in time order, texts escaped, offline."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import numpy as np

from app.core.route import RouteStop, stop_positions
from app.core.route_svg import clip_ring, route_svg

SVG = "{http://www.w3.org/2000/svg}"
STOPS = [
    RouteStop("Hangzhou", "Mar 3–5", 30.25, 120.16),
    RouteStop("Suzhou", "Mar 6", 31.30, 120.60),
    RouteStop("Shanghai", "Mar 7–9", 31.23, 121.47),
]


def test_valid_svg_with_numbered_stops_in_order():
    root = ET.fromstring(route_svg(STOPS, 800, 500, title="Spring in Jiangnan"))
    assert root.tag == f"{SVG}svg" and root.get("viewBox") == "0 0 800 500"
    assert root.get("role") == "img" and root.get("aria-label") == "Spring in Jiangnan"
    groups = [g for g in root.iter(f"{SVG}g") if g.get("class") == "route-stop"]
    assert [g.get("data-stop") for g in groups] == ["1", "2", "3"]
    texts = [[t.text for t in g.iter(f"{SVG}text")] for g in groups]
    assert texts == [["1", "Hangzhou", "Mar 3–5"], ["2", "Suzhou", "Mar 6"], ["3", "Shanghai", "Mar 7–9"]]
    line = next(root.iter(f"{SVG}polyline"))
    points = [tuple(map(float, p.split(","))) for p in line.get("points").split()]
    circles = [(float(c.get("cx")), float(c.get("cy"))) for c in root.iter(f"{SVG}circle")]
    assert points == circles
    assert all(0 <= x <= 800 and 0 <= y <= 500 for x, y in points)
    land = [p for p in root.iter(f"{SVG}path") if p.get("class") == "land"]
    assert land and land[0].get("d").startswith("M")


def test_texts_are_escaped_and_nothing_is_fetched():
    stops = [
        RouteStop('<b>"Caf\u00e9" & co\x07</b>', "1\u20132", 48.86, 2.35),
        RouteStop("Lyon", "3", 45.76, 4.83),
    ]
    svg = route_svg(stops, title="<script>alert(1)</script>")
    root = ET.fromstring(svg)
    assert "<script>" not in svg and "\x07" not in svg
    names = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "name"]
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
