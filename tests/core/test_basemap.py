"""The carried basemap: it loads once, its bands are ordered and simplified, land is where land is."""

from __future__ import annotations

import numpy as np

from app.core import basemap
from app.core.mercator import View, fit, lat_to_y, lon_to_x


def inside_land(band: basemap.Band, lat: float, lon: float) -> bool:
    """Even-odd point in polygon over the rings near the point."""
    x, y = float(lon_to_x(lon)), float(lat_to_y(lat))
    crossings = 0
    for i in band.rings_in(x, y, x, y).tolist():
        ring = band.ring(i)
        a, b = ring, np.roll(ring, -1, axis=0)
        spans = (a[:, 1] > y) != (b[:, 1] > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            cross_x = a[:, 0] + (y - a[:, 1]) * (b[:, 0] - a[:, 0]) / (b[:, 1] - a[:, 1])
        crossings += int((spans & (cross_x > x)).sum())
    return crossings % 2 == 1


def test_loaded_once_and_shared():
    assert basemap.load() is basemap.load()


def test_bands_grow_finer_with_zoom():
    data = basemap.load()
    zooms = [b.min_zoom for b in data.bands]
    assert zooms == sorted(zooms) and zooms[0] == 0
    points = [len(b.xy) for b in data.bands]
    assert points == sorted(points) and points[0] < points[-1] / 4
    assert data.band(0) is data.bands[0] and data.band(14) is data.bands[-1]
    for band in data.bands:
        assert ((band.xy >= 0) & (band.xy <= 1)).all()
        assert band.offsets[-1] == len(band.xy)


def test_land_and_sea_where_they_are():
    data = basemap.load()
    for band in data.bands:
        for lat, lon in ((48.86, 2.35), (30.25, 120.16), (-23.55, -46.63), (40.0, -100.0)):
            assert inside_land(band, lat, lon), (band.min_zoom, lat, lon)
        for lat, lon in ((30.0, -40.0), (0.0, -140.0), (-40.0, 80.0), (43.0, 5.0)):
            assert not inside_land(band, lat, lon), (band.min_zoom, lat, lon)


def test_polygons_of_a_view_meet_it():
    data = basemap.load()
    view = fit([35.0, 35.7], [135.0, 139.7], 800, 600)  # Kyoto to Tokyo
    x0, y0, x1, y1 = view.world_rect()
    rings = data.polygons(view.zoom, x0, y0, x1, y1)
    assert rings and len(rings) < data.band(view.zoom).ring_count
    for ring in rings:
        assert ring[:, 0].max() >= x0 and ring[:, 0].min() <= x1


def test_more_labels_as_the_map_zooms_in_largest_first():
    labels = basemap.load().labels
    assert (np.diff(labels.population) <= 0).all()
    world = labels.shown_at(1.0, 0, 0, 1, 1)
    region = labels.shown_at(7.0, 0, 0, 1, 1, limit=100_000)
    assert 0 < len(world) < len(region)
    assert set(world.tolist()) <= set(region.tolist())
    names = {labels.name(i) for i in world.tolist()}
    assert {"Shanghai", "Tokyo"} & names
    view = View(float(lon_to_x(2.35)), float(lat_to_y(48.86)), 8, 800, 600)
    near_paris = {labels.name(i) for i in labels.shown_at(view.zoom, *view.world_rect()).tolist()}
    assert "Paris" in near_paris and "Tokyo" not in near_paris


def _label(labels: basemap.Labels, english: str) -> int:
    return next(i for i in range(len(labels)) if labels.name(i) == english)


def test_labels_carry_their_chinese_names():
    """The map names places as the cards do (SPEC §12): in Chinese where a Chinese name is known."""
    labels = basemap.load().labels
    expected = {"Beijing": "北京", "Paris": "巴黎", "Tokyo": "东京", "Hangzhou": "杭州", "London": "伦敦"}
    for english, chinese in expected.items():
        i = _label(labels, english)
        assert labels.name(i, "zh-Hans") == chinese
        assert labels.name(i) == labels.name(i, "en") == english  # English stays English
    # GeoNames writes Xi’an, the division table Xi'an: the build matches the spellings
    assert labels.name(_label(labels, "Xi’an"), "zh-Hans") == "西安"


def test_a_label_without_a_chinese_name_keeps_its_english_one():
    labels = basemap.load().labels
    chinese = [labels.name(i, "zh-Hans") for i in range(len(labels))]
    english = [labels.name(i) for i in range(len(labels))]
    untranslated = [e for e, z in zip(english, chinese, strict=True) if e == z]
    assert "Giza" in untranslated  # no Chinese name in the place-name table
    assert all(chinese) and len(untranslated) < len(labels) / 2
    # a language the file does not carry falls back to English too
    assert labels.name(_label(labels, "Paris"), "fr") == "Paris"
