"""The web story: one folder with index.html, resized photos and the video clips, opening offline.

Everything the page needs is inside the folder (styles and script inline, images beside it), so it
works from file:// on any computer and can be shared as a zip.  Every text that comes from the user or
the data (titles, labels, place names, file names) is HTML-escaped.
"""

from __future__ import annotations

import html
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.core.albums import new_folder

LONG_EDGE = 1600


@dataclass(frozen=True)
class Item:
    path: str
    kind: str  # photo or video
    taken: datetime


def _resize(source: str, target: Path) -> tuple[int, int]:
    from PIL import Image, ImageOps

    with Image.open(source) as image:
        image.draft("RGB", (LONG_EDGE, LONG_EDGE))  # a JPEG decodes at a fraction of its size, much faster
        image = ImageOps.exif_transpose(image)  # upright, as the camera was held
        image.thumbnail((LONG_EDGE, LONG_EDGE))
        image.convert("RGB").save(target, "JPEG", quality=85, optimize=True)
        return image.size


def write_web(
    items: Sequence[Item],
    folder: Path,
    *,
    title: str,
    place: str,
    dates: str,
    cover: str | None = None,
    step: Callable[[int, int], None] | None = None,
) -> Path:
    """Write the story into ``folder`` (or a free variant); ``step`` may raise to cancel."""
    with new_folder(folder) as (partial, done):
        (partial / "media").mkdir()
        entries: list[tuple[str, str, str, tuple[int, int] | None]] = []  # day, kind, file, size
        cover_file = ""
        for n, item in enumerate(items, 1):
            if item.kind == "photo":
                name = f"media/{n:04d}.jpg"
                size = _resize(item.path, partial / name)
            else:
                name = f"media/{n:04d}{Path(item.path).suffix.lower()}"
                shutil.copy2(item.path, partial / name)
                size = None
            entries.append((item.taken.date().isoformat(), item.kind, name, size))
            if item.path == cover:
                cover_file = name
            if step is not None:
                step(n, len(items))
        cover_file = cover_file or next((e[2] for e in entries if e[1] == "photo"), "")
        (partial / "index.html").write_text(_page(entries, title, place, dates, cover_file), "utf-8")
    return done.path


def _day_heading(day: str) -> str:
    value = datetime.fromisoformat(day)
    return f"{value:%A, %B} {value.day}, {value.year}"


def _page(entries: list, title: str, place: str, dates: str, cover: str) -> str:
    e = html.escape
    sections = []
    current = None
    figures: list[str] = []
    for index, (day, kind, name, size) in enumerate(entries):
        if day != current:
            if figures:
                sections.append(_section(current, place, figures))
            current, figures = day, []
        if kind == "photo":
            width, height = size or (0, 0)
            media = f'<img src="{e(name)}" width="{width}" height="{height}" loading="lazy" alt="">'
        else:
            media = f'<video src="{e(name)}" controls preload="metadata"></video>'
        figures.append(f'<figure data-index="{index}" tabindex="0">{media}</figure>')
    if figures:
        sections.append(_section(current, place, figures))
    hero = f'<img class="cover" src="{e(cover)}" alt="">' if cover else ""
    return _TEMPLATE.format(
        title=e(title), place=e(place), dates=e(dates), hero=hero, sections="\n".join(sections)
    )


def _section(day: str, place: str, figures: list[str]) -> str:
    return (
        f'<section class="day"><h2>{html.escape(_day_heading(day))}</h2>'
        f'<p class="place">{html.escape(place)}</p><div class="grid">{"".join(figures)}</div></section>'
    )


_TEMPLATE = """<!doctype html>
<html lang="en">
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
<main>
{sections}
</main>
<div id="viewer" role="dialog" aria-label="Photo"><div id="stage"></div>
<div id="hint">← → to move · Esc to close</div></div>
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
