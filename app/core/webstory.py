"""The web story: one folder with index.html, resized photos and the video clips, opening offline.

Everything the page needs is inside the folder (styles and script inline, images beside it), so it
works from file:// on any computer and can be shared as a zip.  A story over two or more places opens
with its route drawn into the page as SVG over the carried basemap (:func:`app.core.route_svg.route_svg`:
no tiles, nothing loaded from the network).  Every text the page writes (titles,
place names, dates, headings, file names, alt texts) goes through :func:`page_text`: control characters
dropped, lone surrogates shown as U+FFFD, then HTML-escaped.
"""

from __future__ import annotations

import html
import shutil
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from app.core.albums import is_control, new_folder
from app.core.pictures import PictureError, open_picture

if TYPE_CHECKING:  # the route's drawing needs NumPy: imported only when a page has a route
    from app.core.route import RouteStop

LONG_EDGE = 1600


@dataclass(frozen=True)
class Item:
    path: str
    kind: str  # photo or video
    taken: datetime
    place: str = ""  # where this one was shot, when it differs from the story's place


class _Entry(NamedTuple):
    day: str
    kind: str
    name: str  # inside the folder: media/0001.jpg
    size: tuple[int, int] | None
    alt: str
    poster: str = ""  # a video's still, shown before it plays


def printable(text: str) -> str:
    """``text`` without control characters (tabs and newlines stay), lone surrogates (a name that was not
    UTF-8) shown as U+FFFD: what a page, a file or a title card can hold."""
    return "".join(
        ("\ufffd" if "\ud800" <= c <= "\udfff" else "") if c not in "\t\n" and is_control(c) else c
        for c in text
    )


def page_text(text: str) -> str:
    """The one way a text enters the page: printable, then HTML-escaped (quotes included)."""
    return html.escape(printable(text))


def _resize(source: str, target: Path) -> tuple[int, int]:
    """The photo upright at :data:`LONG_EDGE`, whatever its format (HEIC, a RAW's preview: SPEC §11); a
    photo without a picture stops the story with the reason (:class:`PictureError`), leaving nothing."""
    try:
        image = open_picture(source, LONG_EDGE).image
    except PictureError as exc:
        raise PictureError(f"{printable(Path(source).name)}: {exc}") from exc
    image.convert("RGB").save(target, "JPEG", quality=85, optimize=True)
    return image.size


def alt_text(item: Item, place: str, language: str = "en") -> str:
    """What a screen reader says for a photo or clip: what it is, where and when it was shot."""
    where = item.place or place
    day = _day_heading(item.taken.date().isoformat(), language)
    if language == "zh-Hans":
        what = "照片" if item.kind == "photo" else "视频"
        when = f"{day} {item.taken:%H:%M}"
        return f"在{where}拍摄的{what}，{when}" if where else f"{what}，拍摄于{when}"
    what = "Photo" if item.kind == "photo" else "Video"
    when = f"{day} at {item.taken:%H:%M}"
    return f"{what} taken in {where}, {when}" if where else f"{what} taken {when}"


def write_web(
    items: Sequence[Item],
    folder: Path,
    *,
    title: str,
    place: str,
    dates: str,
    cover: str | None = None,
    step: Callable[[int, int], None] | None = None,
    route: Sequence[RouteStop] = (),
    language: str = "en",
) -> Path:
    """Write the story into ``folder`` (or a free variant); ``step`` may raise to cancel.  ``route``: the
    stops in time order, drawn under the header when there are two or more.  ``language`` ("en",
    "zh-Hans"): the page's own words (day headings, alt text, the viewer's hint); ``title``, ``place``
    and ``dates`` come in that language already."""
    with new_folder(folder) as (partial, done):
        (partial / "media").mkdir()
        entries: list[_Entry] = []
        cover_file = ""
        for n, item in enumerate(items, 1):
            poster = ""
            if item.kind == "photo":
                name = f"media/{n:04d}.jpg"
                size: tuple[int, int] | None = _resize(item.path, partial / name)
            else:
                name = f"media/{n:04d}{_extension(item.path)}"
                shutil.copy2(item.path, partial / name)
                size = None
                with suppress(PictureError):  # the clip's frame before it plays, as the grid shows it
                    open_picture(item.path, LONG_EDGE).image.save(partial / f"media/{n:04d}-poster.jpg")
                    poster = f"media/{n:04d}-poster.jpg"
            entries.append(
                _Entry(
                    item.taken.date().isoformat(),
                    item.kind,
                    name,
                    size,
                    alt_text(item, place, language),
                    poster,
                )
            )
            if item.path == cover:
                cover_file = name
            if step is not None:
                step(n, len(items))
        cover_file = cover_file or next((e.name for e in entries if e.kind == "photo"), "")
        page = _page(entries, title, place, dates, cover_file, route, language)
        (partial / "index.html").write_text(page, "utf-8")
    return done.path


def _extension(path: str) -> str:
    """A video's extension for its copy (browsers go by it); anything odd becomes no extension at all."""
    suffix = Path(path).suffix.lower()
    return suffix if 2 <= len(suffix) <= 6 and suffix[1:].isascii() and suffix[1:].isalnum() else ""


_WEEKDAYS_ZH = "一二三四五六日"


def _day_heading(day: str, language: str = "en") -> str:
    """'Sunday, March 3, 2024'; '2024年3月3日 星期日' (English month names whatever the C locale says)."""
    value = datetime.fromisoformat(day)
    if language == "zh-Hans":
        return f"{value.year}年{value.month}月{value.day}日 星期{_WEEKDAYS_ZH[value.weekday()]}"
    return f"{value:%A, %B} {value.day}, {value.year}"


def _route_map(route: Sequence[RouteStop], title: str, language: str = "en") -> str:
    """The route as a block of the page (a ``div``, not a ``figure``: the page's viewer opens figures).
    The drawing's own styles are the page's too (an inline ``<style>`` is global), so the block's class
    must not be one of the drawing's (``route``, ``stop``, ...): their strokes would be inherited."""
    if len(route) < 2:
        return ""
    from app.core.route_svg import route_svg

    label = f"{title}的路线" if language == "zh-Hans" else f"Route of {title}"
    return f'<div class="trip-route">{route_svg(route, 960, 540, title=label)}</div>'


def _page(
    entries: list[_Entry], title: str, place: str, dates: str, cover: str, route: Sequence[RouteStop] = (),
    language: str = "en",
) -> str:  # fmt: skip
    t = page_text
    sections = []
    current = ""
    figures: list[str] = []
    for index, entry in enumerate(entries):
        if entry.day != current:
            if figures:
                sections.append(_section(current, place, figures, language))
            current, figures = entry.day, []
        if entry.kind == "photo":
            width, height = entry.size or (0, 0)
            media = (
                f'<img src="{t(entry.name)}" width="{width}" height="{height}" loading="lazy" '
                f'alt="{t(entry.alt)}">'
            )
        else:
            poster = f' poster="{t(entry.poster)}"' if entry.poster else ""
            media = (
                f'<video src="{t(entry.name)}"{poster} controls preload="metadata" '
                f'aria-label="{t(entry.alt)}"></video>'
            )
        figures.append(f'<figure data-index="{index}" tabindex="0">{media}</figure>')
    if figures:
        sections.append(_section(current, place, figures, language))
    cover_alt = next((e.alt for e in entries if e.name == cover), "") or title
    hero = f'<img class="cover" src="{t(cover)}" alt="{t(title or cover_alt)}">' if cover else ""
    words = _PAGE_WORDS.get(language, _PAGE_WORDS["en"])
    return _TEMPLATE.format(
        title=t(title), place=t(place), dates=t(dates), hero=hero, sections="\n".join(sections),
        route=_route_map(route, printable(title), language), **{k: t(v) for k, v in words.items()},
    )  # fmt: skip


#: The page's fixed words: its language tag, the viewer's name and the viewer's hint.
_PAGE_WORDS = {
    "en": {"lang": "en", "viewer": "Photo", "hint": "← → to move · Esc to close"},
    "zh-Hans": {"lang": "zh-Hans", "viewer": "照片", "hint": "← → 切换 · Esc 关闭"},
}


def _section(day: str, place: str, figures: list[str], language: str = "en") -> str:
    return (
        f'<section class="day"><h2>{page_text(_day_heading(day, language))}</h2>'
        f'<p class="place">{page_text(place)}</p><div class="grid">{"".join(figures)}</div></section>'
    )


_TEMPLATE = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
  :root {{ color-scheme: light dark; --fg: #1d1d1f; --bg: #f5f5f7; --muted: #6e6e73; }}
  @media (prefers-color-scheme: dark) {{ :root {{ --fg: #f5f5f7; --bg: #111; --muted: #a1a1a6; }} }}
  body {{ margin: 0; font-family: system-ui, sans-serif; color: var(--fg); background: var(--bg); }}
  header {{ position: relative; }}
  .cover {{ display: block; width: 100%; max-height: 70vh; object-fit: cover; }}
  .titles {{ padding: 24px 32px 8px; }}
  h1 {{ margin: 0 0 6px; font-size: 2.4rem; }}
  .meta, .place {{ color: var(--muted); margin: 0; }}
  .trip-route {{ padding: 8px 32px 0; }}
  .trip-route svg {{ display: block; width: 100%; max-width: 960px; height: auto; border-radius: 8px; }}
  section.day {{ padding: 8px 32px 24px; }}
  h2 {{ margin: 24px 0 2px; font-size: 1.4rem; }}
  .grid {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 8px;
          margin-top: 12px; }}
  figure {{ margin: 0; cursor: zoom-in; }}
  figure img, figure video {{ width: 100%; height: 220px; object-fit: cover; border-radius: 8px;
                              display: block; }}
  #viewer {{ position: fixed; inset: 0; background: rgba(0,0,0,.92); display: none; align-items: center;
            justify-content: center; }}
  #viewer.open {{ display: flex; }}
  #viewer img, #viewer video {{ max-width: 96vw; max-height: 92vh; }}
  #hint {{ position: fixed; bottom: 12px; width: 100%; text-align: center; color: #bbb; font-size: .9rem; }}
</style>
</head>
<body>
<header>{hero}<div class="titles"><h1>{title}</h1><p class="meta">{place} · {dates}</p></div></header>
{route}
<main>
{sections}
</main>
<div id="viewer" role="dialog" aria-label="{viewer}"><div id="stage"></div>
<div id="hint">{hint}</div></div>
<script>
(function () {{
  var figures = Array.prototype.slice.call(document.querySelectorAll("figure"));
  var viewer = document.getElementById("viewer"), stage = document.getElementById("stage"), at = -1;
  function show(i) {{
    if (i < 0 || i >= figures.length) return;
    at = i;
    stage.innerHTML = "";
    var media = figures[i].firstElementChild.cloneNode(true);
    media.removeAttribute("loading"); media.removeAttribute("width"); media.removeAttribute("height");
    stage.appendChild(media);
    viewer.classList.add("open");
  }}
  function close() {{
    viewer.classList.remove("open"); stage.innerHTML = "";
    if (at >= 0) figures[at].focus();
    at = -1;
  }}
  figures.forEach(function (f, i) {{
    f.addEventListener("click", function () {{ show(i); }});
    f.addEventListener("keydown", function (e) {{ if (e.key === "Enter") show(i); }});
  }});
  viewer.addEventListener("click", close);
  document.addEventListener("keydown", function (e) {{
    if (at < 0) return;
    if (e.key === "ArrowRight") show(at + 1);
    else if (e.key === "ArrowLeft") show(at - 1);
    else if (e.key === "Escape") close();
  }});
}})();
</script>
</body>
</html>
"""
