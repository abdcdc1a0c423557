"""Render resources/tripfold.svg into the hicolor PNG sizes, so the icon looks drawn at every size a
desktop asks for (menus 16–48, docks 64–128, software centres 256–512).

Run after changing the SVG: ``.venv/bin/python packaging/render_icons.py``.  The PNGs are committed, so a
build needs no renderer; Qt's own SVG renderer draws them offscreen, the one the window uses too.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "tripfold.svg"
ICONS = ROOT / "resources" / "icons" / "hicolor"
APP_ID = "io.github.tripfold.Tripfold"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def icon_path(size: int | None, into: Path = ICONS) -> Path:
    """The file's place in the hicolor tree (``None``: the scalable SVG), as install.sh copies it."""
    folder = "scalable" if size is None else f"{size}x{size}"
    return into / folder / "apps" / f"{APP_ID}.{'svg' if size is None else 'png'}"


def render(svg: Path = SVG, into: Path = ICONS) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not an SVG Qt can draw")
    written = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = icon_path(size, into)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target), "PNG"):
            raise SystemExit(f"could not write {target}")
        written.append(target)
    scalable = icon_path(None, into)
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(svg, scalable)
    return [*written, scalable]


if __name__ == "__main__":
    for path in render():
        print(path.relative_to(ROOT))
