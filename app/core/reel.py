"""The highlight reel: an H.264 MP4 of a trip, a title card, each photo with a gentle pan and zoom,
cross-fades between them, and the first seconds of each video.

The moving frames are made by FFmpeg itself (its ``zoompan`` and ``scale``/``pad`` filters, through
PyAV) straight in the encoder's YUV format, so Python only hands frames along; a 40-photo reel then
takes well under a minute on two cores.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from app.core.albums import new_folder
from app.core.webstory import Item, printable

if TYPE_CHECKING:
    from av import VideoFrame
    from PIL.ImageFont import FreeTypeFont
    from PIL.ImageFont import ImageFont as BitmapFont

    from app.core.route import RouteStop

WIDTH, HEIGHT = 1920, 1080
FPS = 30
PHOTO_SECONDS, FADE_SECONDS, TITLE_SECONDS, CLIP_SECONDS = 3.0, 0.4, 2.5, 4.0
ROUTE_SECONDS = 2.0  # the route map before the title card, for a trip of two stops or more
MARGIN = 1.12  # the photo is prepared this much larger than the frame, room for the pan and zoom
TIME_BASE = Fraction(1, FPS)
# a frame's display rotation (counter-clockwise, FFmpeg's sign) -> the filters that stand it upright
_UPRIGHT = {90: [("transpose", "cclock")], 180: [("hflip", ""), ("vflip", "")], 270: [("transpose", "clock")]}


def _graph(source: VideoFrame, description: Sequence[tuple[str, str]]) -> Iterator[VideoFrame]:
    """Frames out of a one-input FFmpeg filter chain (filter name, arguments) fed with ``source``."""
    import av.filter

    graph = av.filter.Graph()
    buffer = graph.add_buffer(width=source.width, height=source.height, format=source.format,
                              time_base=TIME_BASE)  # fmt: skip
    last = buffer
    for name, arguments in description:
        node = graph.add(name, arguments)
        last.link_to(node)
        last = node
    sink = graph.add("buffersink")
    last.link_to(sink)
    graph.configure()
    source.pts, source.time_base = 0, TIME_BASE
    graph.vpush(source)
    graph.vpush(None)
    while True:
        try:
            yield graph.vpull()
        except (BlockingIOError, EOFError):
            return


def _photo_frames(path: str, index: int) -> list[VideoFrame]:
    """The photo upright, then FFmpeg's zoompan: a slow zoom while the frame drifts, alternating."""
    import av
    from PIL import Image

    from app.core.pictures import open_picture

    width, height = int(WIDTH * MARGIN), int(HEIGHT * MARGIN)
    # upright, any format (SPEC §11); a JPEG decodes at 1/2, 1/4... of its size: 3x faster for 12 MP.
    # A photo without a picture stops the reel with the reason (PictureError), leaving nothing behind.
    image = open_picture(path, width).image.convert("RGB")
    scale = max(width / image.width, height / image.height)
    image = image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.BILINEAR)
    left, top = (image.width - width) // 2, (image.height - height) // 2
    pixels = np.asarray(image.crop((left, top, left + width, top + height)))
    source = av.VideoFrame.from_ndarray(pixels, format="rgb24").reformat(format="yuv420p")
    count = int(PHOTO_SECONDS * FPS)
    zoom = f"1+0.08*on/{count}" if index % 2 == 0 else f"1.08-0.08*on/{count}"
    x = f"(iw-iw/zoom)*(0.2+0.6*on/{count})" if index % 2 == 0 else f"(iw-iw/zoom)*(0.8-0.6*on/{count})"
    zoompan = f"z='{zoom}':x='{x}':y='(ih-ih/zoom)/2':d={count}:s={WIDTH}x{HEIGHT}:fps={FPS}"
    return list(_graph(source, [("zoompan", zoompan), ("format", "yuv420p")]))


def _clip_frames(path: str) -> list[VideoFrame]:
    """The first seconds of a video, upright (its display rotation applied, as a phone's portrait clip
    needs) and scaled into the frame without distortion."""
    import av

    fit = [
        ("scale", f"{WIDTH}:{HEIGHT}:force_original_aspect_ratio=decrease"),
        ("pad", f"{WIDTH}:{HEIGHT}:(ow-iw)/2:(oh-ih)/2"),
        ("format", "yuv420p"),
    ]
    turned = False
    frames: list[VideoFrame] = []
    try:
        with av.open(path) as container:
            stream = container.streams.video[0]
            rate = float(stream.average_rate or FPS)
            keep = max(1, round(rate / FPS))  # a 60 fps clip: every other frame
            repeat = max(1, round(FPS / rate))  # a 10 fps clip: each frame three times
            for n, frame in enumerate(container.decode(stream)):
                if n / rate > CLIP_SECONDS:
                    break
                if not turned:
                    fit = _UPRIGHT.get(round(getattr(frame, "rotation", 0) or 0) % 360, []) + fit
                    turned = True
                if n % keep == 0:
                    frames.extend(fitted for fitted in _graph(frame, fit) for _ in range(repeat))
    except (av.FFmpegError, IndexError, ValueError):
        return []
    return frames


def _title_frame(title: str, subtitle: str) -> VideoFrame:
    """The title and the place and dates, centred; a line too long for the frame is drawn smaller, and
    control characters (drawn as boxes) are left out.  Each character is drawn with the first font
    that has it (:func:`title_fonts`), so an en dash or a Chinese place name is never an empty box."""
    import av
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), (18, 18, 22))
    draw = ImageDraw.Draw(image)
    for text, size, baseline in ((title, 96, HEIGHT // 2), (subtitle, 44, HEIGHT // 2 + 100)):
        text = printable(text).replace("\t", " ").replace("\n", " ")
        runs = _runs(text, size)
        width = sum(draw.textlength(run, font=font) for run, font in runs)
        if width > WIDTH * 0.9:
            runs = _runs(text, max(8, int(size * WIDTH * 0.9 / width)))
            width = sum(draw.textlength(run, font=font) for run, font in runs)
        x = (WIDTH - width) / 2
        for run, font in runs:  # on one baseline, whatever each font's own ascent
            draw.text((x, baseline), run, font=font, fill=(240, 240, 240), anchor="ls")
            x += draw.textlength(run, font=font)
    return av.VideoFrame.from_ndarray(np.asarray(image), format="rgb24").reformat(format="yuv420p")


# -- fonts ------------------------------------------------------------------------------------------------
# Pillow's own font (its default) has Latin letters only: an en dash or 杭州 came out as boxes.  The title
# card asks the system's fontconfig for a sans-serif font and for one that writes Chinese (Noto Sans CJK,
# WenQuanYi, ...), then tries the fonts other systems ship, and keeps Pillow's font last.

#: Fonts tried where there is no fontconfig (Windows, macOS), after what fontconfig finds.
KNOWN_FONTS = (
    "C:/Windows/Fonts/msyh.ttc", "C:/Windows/Fonts/segoeui.ttf", "C:/Windows/Fonts/simsun.ttc",
    "/System/Library/Fonts/PingFang.ttc", "/System/Library/Fonts/Hiragino Sans GB.ttc",
    "/System/Library/Fonts/Helvetica.ttc", "/Library/Fonts/Arial Unicode.ttf",
)  # fmt: skip
#: What fontconfig is asked for, in order: the Latin face first, then the Chinese ones.
FONTCONFIG_PATTERNS = ("sans-serif", "sans-serif:lang=zh-cn", "sans-serif:lang=zh-tw", "sans-serif:lang=ja")


def title_fonts() -> list[tuple[str, int]]:
    """The font files (path, index in a collection) the title card draws with, best first."""
    return list(_title_fonts())


@functools.cache
def _title_fonts() -> tuple[tuple[str, int], ...]:
    import shutil
    import subprocess

    found: list[tuple[str, int]] = []
    if shutil.which("fc-match"):
        for pattern in FONTCONFIG_PATTERNS:
            try:
                out = subprocess.run(
                    ["fc-match", "-f", "%{file}|%{index}", pattern],
                    capture_output=True,
                    text=True,
                    timeout=10,
                ).stdout
            except (OSError, subprocess.SubprocessError):
                continue
            path, _, index = out.partition("|")
            if path and Path(path).suffix.lower() in (".ttf", ".ttc", ".otf") and Path(path).is_file():
                found.append((path, int(index or 0)))
    found += [(path, 0) for path in KNOWN_FONTS if Path(path).is_file()]
    return tuple(dict.fromkeys(found))  # in order, once each


@functools.cache
def _font(path: str, index: int, size: int) -> FreeTypeFont | BitmapFont:
    from PIL import ImageFont

    if not path:
        return ImageFont.load_default(size=size)
    return ImageFont.truetype(path, size, index=index)


@functools.cache
def has_glyph(path: str, index: int, char: str) -> bool:
    """Whether the font draws ``char`` itself: a character it lacks comes out as its "missing" glyph (a
    box, or nothing), the same picture as a character no font has."""
    if char.isspace():
        return True
    font = _font(path, index, 48)
    mask = font.getmask(char)
    missing = font.getmask("\U0010fffd")  # a private-use character of the last plane: in no font
    return bool(mask.getbbox()) and (mask.size != missing.size or bytes(mask) != bytes(missing))


def _runs(text: str, size: int) -> list[tuple[str, FreeTypeFont | BitmapFont]]:
    """``text`` cut into runs that one font draws, each character by the first font that has it
    (Pillow's own font, then the first found, when none does)."""
    fonts = [*_title_fonts(), ("", 0)]
    runs: list[tuple[str, FreeTypeFont | BitmapFont]] = []
    current = ""
    chosen: tuple[str, int] | None = None
    for char in text:
        which = next((f for f in fonts if f[0] and has_glyph(f[0], f[1], char)), fonts[0])
        if char.isspace() and chosen is not None:
            which = chosen  # a space stays in the run it is part of
        if which != chosen and current:
            runs.append((current, _font(*chosen, size)))  # type: ignore[misc]  # chosen is set with current
            current = ""
        chosen = which
        current += char
    if current and chosen is not None:
        runs.append((current, _font(*chosen, size)))
    return runs


def _route_opening(route: Sequence[RouteStop], then: VideoFrame) -> Iterator[VideoFrame]:
    """The trip's route map for :data:`ROUTE_SECONDS`, then a cross-fade into ``then`` (the title card);
    nothing for a trip of fewer than two stops, whose map would be one dot."""
    if len(route) < 2:
        return
    import av

    from app.core.route_picture import route_picture

    card = av.VideoFrame.from_ndarray(np.asarray(route_picture(route, WIDTH, HEIGHT)), format="rgb24")
    card = card.reformat(format="yuv420p")
    for _ in range(int(ROUTE_SECONDS * FPS)):
        yield card
    fade = int(FADE_SECONDS * FPS)
    for n in range(fade):
        yield _blend(card, then, (n + 1) / (fade + 1))


def _blend(a: VideoFrame, b: VideoFrame, weight: float) -> VideoFrame:
    import av

    mixed = a.to_ndarray().astype(np.uint16) * (256 - int(256 * weight)) + b.to_ndarray().astype(
        np.uint16
    ) * int(256 * weight)
    return av.VideoFrame.from_ndarray((mixed >> 8).astype(np.uint8), format="yuv420p")


def write_reel(
    items: Sequence[Item],
    folder: Path,
    *,
    title: str,
    subtitle: str,
    step: Callable[[int, int], None] | None = None,
    route: Sequence[RouteStop] = (),
) -> Path:
    """Write ``highlights.mp4`` into ``folder`` (or a free variant); ``step`` may raise to cancel.
    ``route``: the trip's stops in time order; with two or more, the reel opens with their map."""
    import av

    fade = int(FADE_SECONDS * FPS)
    with new_folder(folder) as (partial, done):
        container = av.open(str(partial / "highlights.mp4"), "w")
        stream = container.add_stream("libx264", rate=FPS)
        stream.width, stream.height, stream.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        stream.options = {"preset": "ultrafast", "crf": "21", "tune": "stillimage"}
        pts = 0

        def put(frame: VideoFrame) -> None:
            nonlocal pts
            frame.pts, frame.time_base = pts, TIME_BASE
            pts += 1
            container.mux(stream.encode(frame))

        try:  # on any error the container is closed unflushed, and new_folder removes the folder
            previous = _title_frame(title, subtitle)
            for frame in _route_opening(route, previous):  # the route map first, fading into the title
                put(frame)
            for _ in range(int(TITLE_SECONDS * FPS)):
                put(previous)
            for index, item in enumerate(items):
                frames = _photo_frames(item.path, index) if item.kind == "photo" else _clip_frames(item.path)
                if frames:
                    for n in range(fade):  # cross-fade from the last frame shown
                        put(_blend(previous, frames[0], (n + 1) / (fade + 1)))
                    for frame in frames:
                        put(frame)
                    previous = frames[-1]
                if step is not None:
                    step(index + 1, len(items))
            container.mux(stream.encode())  # what the encoder still holds: only for a reel that is whole
        finally:
            container.close()
    return done.path
