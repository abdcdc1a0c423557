"""The window's languages (SPEC §12, issue #14): the catalogues compile, Chinese is complete and keeps every
placeholder, a Chinese window has no English left in its menus, toolbar and sidebar, and a pseudo-language
40% longer than English clips no label or button at 800x600."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMenu, QPushButton, QToolButton, QWidget

from app.core.clustering import ClusterOptions
from app.core.progress import CancelToken
from app.service import Service
from app.ui import library_jobs as jobs
from app.ui.i18n import CATALOGUES, date_range, install_translators, tr
from app.ui.main_window import MainWindow
from app.ui.trip_timeline import TRIP
from tests.ui.conftest import ENGLISH

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(CATALOGUES.glob("*.ts"))
PLACEHOLDER = re.compile(r"%L?(?:\d+|n)")
#: texts that are the same in every language: the product's name, keys, numbers
SAME_EVERYWHERE = {"Tripfold", "Esc", "Ctrl+E"}


def lrelease() -> str:
    found = Path(sys.executable).parent / "pyside6-lrelease"
    return str(found) if found.exists() else (shutil.which("pyside6-lrelease") or "pyside6-lrelease")


def messages(ts: Path) -> Iterator[tuple[str, ET.Element]]:
    for context in ET.parse(ts).getroot().iter("context"):
        for message in context.findall("message"):
            yield context.findtext("name") or "", message


def forms(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    assert translation is not None
    if message.get("numerus") == "yes":
        return [form.text or "" for form in translation.findall("numerusform")]
    return [translation.text or ""]


# -- the catalogues --------------------------------------------------------------------------------------


def test_the_shipped_languages_are_there() -> None:
    assert {p.name for p in SOURCES} >= {"tripfold_zh_CN.ts", "tripfold_en.ts"}


@pytest.mark.parametrize("ts", SOURCES, ids=lambda p: p.name)
def test_each_catalogue_compiles_without_error(ts: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [lrelease(), str(ts), "-qm", str(tmp_path / "out.qm")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "error" not in (done.stdout + done.stderr).lower(), done.stdout + done.stderr
    assert (tmp_path / "out.qm").stat().st_size > 100


@pytest.mark.parametrize("ts", SOURCES, ids=lambda p: p.name)
def test_the_committed_qm_is_the_compiled_ts(ts: Path, tmp_path: Path) -> None:
    """The .qm the window loads was built from the .ts as it is now (tools/update_translations.py)."""
    subprocess.run([lrelease(), str(ts), "-qm", str(tmp_path / "out.qm")], check=True, capture_output=True)
    assert ts.with_suffix(".qm").read_bytes() == (tmp_path / "out.qm").read_bytes()


def test_chinese_is_complete() -> None:
    ts = CATALOGUES / "tripfold_zh_CN.ts"
    assert ET.parse(ts).getroot().get("language") == "zh_CN"
    left = [(ctx, m.findtext("source")) for ctx, m in messages(ts)
            if m.find("translation").get("type") in ("unfinished", "vanished", "obsolete")
            or not all(forms(m))]  # fmt: skip
    assert left == []
    assert sum(1 for _ in messages(ts)) > 400


@pytest.mark.parametrize("ts", SOURCES, ids=lambda p: p.name)
def test_translations_keep_their_placeholders(ts: Path) -> None:
    """Every ``%1``…``%9`` of the source in every form; ``%n``/``%Ln`` in every plural form but English's
    singular (which may say "Estimated place removed" without the 1)."""
    wrong = []
    for ctx, message in messages(ts):
        source = message.findtext("source") or ""
        numbered = sorted(set(re.findall(r"%\d", source)))
        counts = set(re.findall(r"%L?n", source))
        written = [f for f in forms(message) if f]
        for i, form in enumerate(written):
            if sorted(set(re.findall(r"%\d", form))) != numbered:
                wrong.append((ctx, source, form))
            singular_english = ts.name == "tripfold_en.ts" and i == 0 and len(written) > 1
            if counts and not singular_english and set(re.findall(r"%L?n", form)) != counts:
                wrong.append((ctx, source, form))
    assert wrong == []


def test_plural_messages_have_every_form_of_their_language() -> None:
    for ts, n_forms in (("tripfold_zh_CN.ts", 1), ("tripfold_en.ts", 2)):
        plural = [m for _, m in messages(CATALOGUES / ts) if m.get("numerus") == "yes"]
        assert len(plural) > 20
        assert all(len([f for f in forms(m) if f]) == n_forms for m in plural), ts


# -- loading -------------------------------------------------------------------------------------------


@pytest.fixture
def chinese(qapp, english) -> Iterator[list[QTranslator]]:
    """Simplified Chinese installed over the tests' English, and English put back afterwards."""
    translators = install_translators(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    yield translators
    for translator in translators:
        qapp.removeTranslator(translator)
    QLocale.setDefault(ENGLISH)


def test_chinese_translates_menus_plurals_dates_and_qt_itself(chinese) -> None:
    assert [t.language() for t in chinese] == ["zh_CN", "zh_CN"]  # qtbase_zh_CN.qm and tripfold_zh_CN.qm
    assert QCoreApplication.translate("MainWindow", "&File") == "文件(&F)"
    assert tr("%Ln photo(s)", "", 1234) == "1,234 张照片"
    assert tr("%Ln trip(s)", "", 1) == "1 次旅行"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"  # Qt's own buttons
    assert QLocale().name() == "zh_CN"
    from datetime import date

    assert date_range(date(2024, 3, 3), date(2024, 3, 5)) == "2024年3月3日–5日"
    assert date_range(date(2024, 3, 30), date(2024, 4, 2)) == "2024年3月30日–4月2日"
    assert date_range(date(2023, 12, 30), date(2024, 1, 2)) == "2023年12月30日–2024年1月2日"
    from app.ui.timeline import month_name, month_year

    assert (month_name(2024, 8), month_year(2024, 8)) == ("八月", "2024年8月")  # a month label, read aloud


def test_english_plurals_come_from_the_english_catalogue(english) -> None:
    assert tr("%Ln photo(s) with no place, in no trip", "", 1) == "1 photo has no place and is in no trip"
    assert tr("%Ln photo(s) with no place, in no trip", "", 2) == "2 photos have no place and are in no trip"


def test_without_a_catalogue_plurals_are_still_english(qapp, english) -> None:
    for translator in english:
        qapp.removeTranslator(translator)
    try:
        assert tr("%Ln trip(s)", "", 1) == "1 trip" and tr("%Ln trip(s)", "", 3) == "3 trips"
    finally:
        for translator in english:
            qapp.installTranslator(translator)


def test_the_language_follows_the_system_or_the_choice(qapp) -> None:
    from app.ui.i18n import catalogue_language

    assert catalogue_language(QLocale("zh_CN")) == "zh_CN"
    assert catalogue_language(QLocale("zh_SG")) == "zh_CN"
    assert catalogue_language(QLocale("zh_TW")) == "en"
    assert catalogue_language(QLocale("fr_FR")) == "en"
    assert catalogue_language(QLocale("en_GB")) == "en"


# -- the window in Chinese -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_library(tmp_path_factory: pytest.TempPathFactory, places) -> Path:
    """A library of the sample trips, indexed and folded once for this module's windows."""
    folder = tmp_path_factory.mktemp("translated")
    service = Service(folder / "library.db", places=places)
    try:
        photos = service.write_sample_photos(folder / "photos")
        jobs.index_and_cluster(service, [str(photos)], ClusterOptions(), progress=lambda p: None,
                               cancel=CancelToken())  # fmt: skip
    finally:
        service.close()
    return folder / "library.db"


@pytest.fixture
def sample_service(sample_library: Path, tmp_path: Path, places) -> Iterator[Service]:
    copy = tmp_path / "library.db"
    shutil.copy(sample_library, copy)
    service = Service(copy, places=places)
    yield service
    service.close()


def build_window(qtbot, service: Service, runner, size: tuple[int, int] = (800, 600)) -> MainWindow:
    window = MainWindow(service, runner)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    assert window.loaded and window.trips_view.model().rowCount() > 0
    QApplication.processEvents()
    return window


def first_card(window: MainWindow):
    model = window.trips_view.model()
    return next(index for index in (model.index(r, 0) for r in range(model.rowCount())) if index.data(TRIP))


def english_words(text: str) -> bool:
    """Text made only of English words (and their punctuation): what a missed tr() shows."""
    plain = text.replace("&", "").strip(" .…:")
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z ,'’()\-/]*", plain)) and plain not in SAME_EVERYWHERE


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    texts = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append((widget.objectName() or type(widget).__name__, widget.text()))
        texts.append((widget.objectName() + ".toolTip", widget.toolTip()))
        texts.append((widget.objectName() + ".accessibleName", widget.accessibleName()))
    return texts


def menu_texts(window: MainWindow) -> list[tuple[str, str]]:
    texts = []
    for menu_action in window.menuBar().actions():
        texts.append(("menu", menu_action.text()))
        menu = menu_action.menu()
        if isinstance(menu, QMenu):
            for action in menu.actions():
                if not action.isSeparator():
                    texts += [(action.objectName(), action.text()), (action.objectName(), action.toolTip())]
    return texts


def test_a_chinese_window_has_no_english_left(qtbot, chinese, sample_service: Service, runner) -> None:
    window = build_window(qtbot, sample_service, runner)
    texts = menu_texts(window) + visible_texts(window)
    assert ("menu", "文件(&F)") in texts
    english = [(where, text) for where, text in texts if english_words(text)]
    assert english == []
    # the cards' words, painted rather than shown by a widget: captions and places in Chinese too
    assert "张照片" in first_card(window).data() and "天" in first_card(window).data()
    captions = [t.caption for t in window.trips_model.trips()]
    assert "旧金山周末" in captions and not [c for c in captions if english_words(c)], captions
    window.open_trip_id(window.trips_model.trips()[0].trip_id)
    assert window.stack.currentWidget() is window.trip_page
    assert not english_words(window.trip_page.trip.caption)


def test_the_english_window_is_the_source_text(qtbot, sample_service: Service, runner) -> None:
    """The same walk in English finds the English words: the Chinese test can fail."""
    window = build_window(qtbot, sample_service, runner)
    assert [t for _, t in menu_texts(window) if english_words(t)]


# -- the pseudo-language: every string 40% longer -------------------------------------------------------


def stretched(text: str) -> str:
    """``text`` 40% longer, its placeholders, mnemonics and line breaks kept: "Search" → "Search~~~"."""
    if not text.strip():
        return text
    lines = text.split("\n")
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    lines[longest] += "~" * max(1, math.ceil(len(lines[longest]) * 0.4))
    return "\n".join(lines)


@pytest.fixture
def pseudo(qapp, english, tmp_path: Path) -> Iterator[QTranslator]:
    """Every message of the Chinese catalogue's sources, written 40% longer, compiled and installed."""
    tree = ET.parse(CATALOGUES / "tripfold_zh_CN.ts")
    root = tree.getroot()
    root.set("language", "en")
    for context in root.iter("context"):
        for message in context.findall("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            for child in list(translation):
                translation.remove(child)
            if message.get("numerus") == "yes":
                translation.text = None
                for _ in range(2):
                    ET.SubElement(translation, "numerusform").text = stretched(source.replace("(s)", "s"))
            else:
                translation.text = stretched(source)
    ts, qm = tmp_path / "pseudo.ts", tmp_path / "pseudo.qm"
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    subprocess.run([lrelease(), str(ts), "-qm", str(qm)], check=True, capture_output=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    qapp.installTranslator(translator)
    yield translator
    qapp.removeTranslator(translator)


def clipped(root: QWidget) -> list[tuple[str, str, int, int]]:
    """Labels and buttons whose one-line text is wider than the widget shows (wrapping labels excepted)."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or not isinstance(widget, QLabel | QPushButton | QToolButton):
            continue
        text = widget.text().replace("&", "")
        if (
            not text
            or "\n" in text
            or (
                isinstance(widget, QLabel)
                and (widget.wordWrap() or widget.textFormat() == widget.textFormat().RichText)
            )
        ):
            continue
        if isinstance(widget, QToolButton) and widget.toolButtonStyle().name == "ToolButtonIconOnly":
            continue
        room = widget.contentsRect().width()
        if isinstance(widget, QAbstractButton):
            room = widget.width() - (widget.iconSize().width() if not widget.icon().isNull() else 0) - 8
        need = widget.fontMetrics().horizontalAdvance(text)
        if need > room:
            found.append((widget.objectName() or type(widget).__name__, text, need, room))
    return found


def test_a_longer_language_clips_nothing_at_800x600(qtbot, pseudo, sample_service: Service, runner) -> None:
    window = build_window(qtbot, sample_service, runner)
    assert window.menuBar().actions()[0].text().endswith("~~")  # the pseudo-language is in use
    assert clipped(window) == []
    window.show_preferences()
    QApplication.processEvents()
    assert clipped(window.preferences) == []
    trip = next(
        i.data(TRIP)
        for i in (window.trips_view.model().index(r, 0) for r in range(window.trips_view.model().rowCount()))
        if i.data(TRIP)
    )
    window.open_trip_id(trip.trip_id)
    QApplication.processEvents()
    assert window.stack.currentWidget() is window.trip_page
    assert clipped(window.trip_page) == []
