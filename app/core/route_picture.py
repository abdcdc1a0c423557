"""A trip's route painted as a picture with Pillow: the reel's opening card (:mod:`app.core.reel`).

The same drawing as the web page's SVG (:func:`app.core.route_svg.route_drawing`, at the page's 960 x 540,
scaled up), so the two stories show one map; in the SVG's dark colours, as the reel's cards are dark.
Pillow has no even-odd fill and no antialiasing, so the land is filled ring by ring into a mask with
exclusive-or (a lake, a ring inside a country's, is cut out again), everything is painted at twice the
size and the picture halved at the end.  No SVG renderer, no Qt: the core stays free of both.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from app.core.route import RouteStop
from app.core.route_svg import route_drawing
from app.core.webstory import printable

if TYPE_CHECKING:
    from PIL import Image as PILImage
    from PIL import ImageFont as PILFont

SEA, LAND, BORDER = (23, 34, 44), (43, 45, 49), (84, 87, 96)
ROUTE, ON_ROUTE, NAME, DAYS = (255, 122, 92), (27, 27, 29), (238, 238, 238), (187, 187, 187)
DRAWN_AT = (960, 540)  # the web page's drawing: the picture is this, scaled to its size
# fonts with the glyphs of place names (accents, dashes, CJK), by the file names systems give them;
# Pillow's own font has neither "ø" nor "–"
FONTS = {
    False: ("NotoSansCJK-Regular.ttc", "NotoSans-Regular.ttf", "DejaVuSans.ttf", "msyh.ttc", "arial.ttf",
            "Arial Unicode.ttf", "PingFang.ttc"),
    True: ("NotoSansCJK-Bold.ttc", "NotoSans-Bold.ttf", "DejaVuSans-Bold.ttf", "msyhbd.ttc", "arialbd.ttf",
           "Arial Unicode.ttf", "PingFang.ttc"),
}  # fmt: skip


@functools.cache
def font(size: int, bold: bool = False) -> PILFont.FreeTypeFont | PILFont.ImageFont:
    """The first of :data:`FONTS` this system has, at ``size`` pixels; Pillow's own font otherwise."""
    from PIL import ImageFont

    for name in FONTS[bold]:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def route_picture(stops: Sequence[RouteStop], width: int, height: int) -> PILImage.Image:
    """The route of ``stops`` (in time order) over the land, numbered, named, ``width`` x ``height``."""
    from PIL import Image, ImageChops, ImageDraw

    base_w, base_h = DRAWN_AT
    drawing = route_drawing(stops, base_w, base_h)
    k = 2 * min(width / base_w, height / base_h)  # painted at twice the size, halved at the end
    big_w, big_h = round(base_w * k), round(base_h * k)
    mask = Image.new("1", (big_w, big_h), 0)
    for ring in drawing.land:
        points = ring * k
        x0, y0 = np.floor(points.min(axis=0)).astype(int).tolist()
        x1, y1 = np.ceil(points.max(axis=0)).astype(int).tolist()
        x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1 + 1, big_w), min(y1 + 1, big_h)
        if x1 <= x0 or y1 <= y0:
            continue
        piece = Image.new("1", (x1 - x0, y1 - y0), 0)
        ImageDraw.Draw(piece).polygon([(x - x0, y - y0) for x, y in points.tolist()], fill=1)
        box = (x0, y0, x1, y1)
        mask.paste(ImageChops.logical_xor(mask.crop(box), piece), box)
    image = Image.new("RGB", (big_w, big_h), SEA)
    image.paste(LAND, (0, 0, big_w, big_h), mask)
    draw = ImageDraw.Draw(image)
    for ring in drawing.land:
        draw.line([tuple(p) for p in (ring * k).tolist()] + [tuple(ring[0] * k)], fill=BORDER,
                  width=max(1, round(0.6 * k)))  # fmt: skip
    xs, ys = (drawing.x * k).tolist(), (drawing.y * k).tolist()
    if len(xs) > 1:
        draw.line(list(zip(xs, ys, strict=True)), fill=ROUTE, width=round(3 * k), joint="curve")
    radius = 11 * k
    number, name, days = font(round(12 * k), True), font(round(13 * k), True), font(round(12 * k))
    for n, (stop, x, y) in enumerate(zip(stops, xs, ys, strict=True), start=1):
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=ROUTE, outline=ON_ROUTE,
                     width=round(2 * k))  # fmt: skip
        draw.text((x, y), str(n), font=number, fill=ON_ROUTE, anchor="mm")
        left = drawing.label_on_left(x / k)
        at_x = x - 16 * k if left else x + 16 * k
        anchor = "r" if left else "l"
        halo = round(3 * k / 2)
        for text, y_at, face, colour in ((stop.name, y - k, name, NAME), (stop.days, y + 14 * k, days, DAYS)):
            draw.text((at_x, y_at), printable(text), font=face, fill=colour, anchor=f"{anchor}s",
                      stroke_width=halo, stroke_fill=LAND)  # fmt: skip
    picture = image.resize((big_w // 2, big_h // 2), Image.Resampling.LANCZOS)
    if picture.size == (width, height):
        return picture
    framed = Image.new("RGB", (width, height), SEA)
    framed.paste(picture, ((width - picture.width) // 2, (height - picture.height) // 2))
    return framed
