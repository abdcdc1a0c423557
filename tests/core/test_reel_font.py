"""The reel's title card draws what it writes (issue #14): the en dash of "Apr 2–4, 2024" as a dash, a
Chinese place name in Chinese, each character with a font that has it; checked on decoded frames."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from app.core import reel
from app.core.reel import HEIGHT, _title_frame, write_reel
from app.core.webstory import Item

NO_FONT_HAS_IT = "\U0010fffd"  # private use, last plane: every font draws its "missing" glyph
TITLE_BAND = slice(HEIGHT // 2 - 110, HEIGHT // 2 + 30)  # the title's line (96 px, baseline at the middle)
SUBTITLE_BAND = slice(HEIGHT // 2 + 40, HEIGHT // 2 + 130)  # the place and dates (44 px)


def ink_box(gray: np.ndarray, band: slice) -> np.ndarray:
    """The part of ``band`` that holds the text: light pixels on the card's dark ground."""
    rows = gray[band]
    ink = rows > 128
    ys, xs = np.nonzero(ink)
    assert len(xs), "no text drawn"
    return ink[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]


def looks_like_a_dash(box: np.ndarray) -> bool:
    """A dash is a short flat bar, mostly ink; an empty box (the missing glyph) is as tall as a letter."""
    height, width = box.shape
    return width >= 3 * height and box.mean() > 0.6


def framed(box: np.ndarray) -> bool:
    """Whether the ink is a rectangle's outline (with whatever inside): the missing glyph of most fonts,
    empty (DejaVu, Noto) or crossed (Pillow's own)."""
    edges = (box[:3].mean(axis=1).max(), box[-3:].mean(axis=1).max(),
             box[:, :3].mean(axis=0).max(), box[:, -3:].mean(axis=0).max())  # fmt: skip
    return min(edges) > 0.85


def is_a_character(box: np.ndarray) -> bool:
    """Strokes in its middle, and not a box's outline around them."""
    height, width = box.shape
    middle = box[height // 4 : height - height // 4, width // 4 : width - width // 4]
    return middle.mean() > 0.08 and not framed(box)


def gray(frame: av.VideoFrame) -> np.ndarray:
    return frame.to_ndarray(format="gray")


def first_frame(path: Path) -> np.ndarray:
    with av.open(str(path)) as container:
        return gray(next(container.decode(container.streams.video[0])))


@pytest.fixture
def chinese_font() -> Iterator[None]:
    if not any(reel.has_glyph(path, index, "杭") for path, index in reel.title_fonts()):
        pytest.skip("no font on this machine writes Chinese (apt install fonts-noto-cjk, or fontconfig)")
    yield


def test_the_title_card_of_a_written_reel_has_a_dash_and_a_chinese_character(
    tmp_path: Path, chinese_font: None
) -> None:
    photo = tmp_path / "a.jpg"
    Image.new("RGB", (640, 480), (40, 90, 160)).save(photo, "JPEG")
    items = [Item(str(photo), "photo", datetime(2024, 4, 2, 9))]
    folder = write_reel(items, tmp_path / "out" / "Reel", title="–", subtitle="杭")
    card = first_frame(folder / "highlights.mp4")
    assert looks_like_a_dash(ink_box(card, TITLE_BAND))
    assert is_a_character(ink_box(card, SUBTITLE_BAND))


def test_the_checks_tell_a_missing_glyph_from_a_drawn_one(chinese_font: None) -> None:
    """What a font without the glyph draws fails both checks (so they can fail)."""
    missing = gray(_title_frame(NO_FONT_HAS_IT, NO_FONT_HAS_IT))
    assert not looks_like_a_dash(ink_box(missing, TITLE_BAND))
    assert not is_a_character(ink_box(missing, SUBTITLE_BAND))


def test_pillows_own_font_alone_would_draw_the_dash_as_a_box(monkeypatch: pytest.MonkeyPatch) -> None:
    """The title card before this fix: only Pillow's font, which has neither an en dash nor 杭."""
    monkeypatch.setattr(reel, "_title_fonts", lambda: ())
    before = gray(_title_frame("–", "杭"))
    assert not looks_like_a_dash(ink_box(before, TITLE_BAND))
    assert not is_a_character(ink_box(before, SUBTITLE_BAND))


def test_a_mixed_line_is_cut_into_runs_by_font(chinese_font: None) -> None:
    runs = [text for text, _ in reel._runs("Apr 2–4, 2024 · 杭州", 44)]
    assert "".join(runs) == "Apr 2–4, 2024 · 杭州"
    assert runs[-1].strip() == "杭州"  # the Chinese is drawn by another font than the Latin
