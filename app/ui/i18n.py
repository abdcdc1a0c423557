"""The window's language: translated strings, ``%1`` placeholders (PySide6 has no ``QString.arg``),
plural forms, and dates and numbers written the user's way through QLocale.

Plurals are Qt's numerus forms: ``tr("%n photo(s)", "", n)``.  ``pyside6-lupdate`` marks a message as
plural only for a call written ``tr(text, disambiguation, n)`` with a variable ``n`` (``QCoreApplication.
translate`` with a variable ``n`` is not marked), and PySide6's ``self.tr(text, "", n)`` looks the text up
under the *runtime* class's name, so a subclass misses it.  Every plural therefore goes through this
module's :func:`tr`, a bare call that lupdate files under the empty context, whatever class it sits in.
Strings without a number are ``self.tr(text)`` in classes (context: the class) and :func:`tr` in module
functions (context: empty).

English ships as ``tripfold_en.qm`` holding only the plural messages (``lupdate -pluralonly``); when no
catalogue is loaded at all (the tests, a language Tripfold does not speak) the English forms are made
from the source text's ``(s)``: "1 trip", "2 trips".  Source texts are worded so that rule holds.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QLibraryInfo, QLocale, QTranslator

#: the compiled catalogues (``tripfold_<locale>.qm``), built by tools/update_translations.py
CATALOGUES = Path(__file__).resolve().parents[2] / "resources" / "i18n"
_PLACEHOLDER = re.compile(r"%(\d+)")


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``text`` translated under the empty context; with ``n`` (and ``%n`` or ``%Ln`` in ``text``), in
    the plural form the catalogue gives for ``n``."""
    translated = QCoreApplication.translate("", text, disambiguation, n)
    return english_plural(translated, n) if n >= 0 else translated


def english_plural(text: str, n: int) -> str:
    """A plural message no catalogue resolved, made English: "(s)" dropped for one, "s" otherwise."""
    return text.replace("(s)", "" if n == 1 else "s")


def arg(text: str, *values: object) -> str:
    """``arg("%1 of %2", 3, 9)`` → ``"3 of 9"``; ints are written with the locale's digit grouping.

    Each ``%n`` is replaced once, in one pass, so a value that itself contains ``%2`` is left alone.
    """
    shown = [number(v) if isinstance(v, int) and not isinstance(v, bool) else str(v) for v in values]

    def fill(match: re.Match[str]) -> str:
        n = int(match.group(1))
        return shown[n - 1] if 1 <= n <= len(shown) else match.group(0)

    return _PLACEHOLDER.sub(fill, text)


def number(value: int) -> str:
    return QLocale().toString(value)


def plural(one: str, many: str, n: int) -> str:
    """``one`` or ``many`` (both already translated, with ``%1`` for the number) by ``n``.

    Kept for callers not yet moved to ``tr("%n thing(s)", "", n)``, which gives a language its own plural
    forms (Chinese one, Russian three); this one only knows English's two.
    """
    return arg(one if n == 1 else many, n)


def joined(parts: list[str]) -> str:
    """Clauses of one sentence ("3 trips; 2 places estimated"), with the language's separator (Chinese
    writes "；")."""
    return tr("; ", "separates the clauses of a sentence").join(parts)


def full_stop() -> str:
    return tr(".", "ends a sentence")


def _medium_format(with_year: bool) -> str:
    """The locale's long date format without the weekday, months abbreviated ("MMM d, yyyy" in the US,
    "d. MMM yyyy" in Germany, "yyyy年M月d日" in China), and without the year when asked."""
    return _medium_format_of(QLocale().dateFormat(QLocale.FormatType.LongFormat), with_year)


@lru_cache(maxsize=16)
def _medium_format_of(text: str, with_year: bool) -> str:
    """Made once per locale format: every card painted asks for two dates."""
    text = re.sub(r"[\s,]*d{4}[\s,]*", " ", text).strip(" ,")
    text = text.replace("MMMM", "MMM")
    if not with_year:
        text = re.sub(r"^y+[年년\s,./-]*|[\s,./-]*y+[年년]?", "", text).strip(" ,")
    return text


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def medium_date(day: date, with_year: bool = True) -> str:
    """``Mar 3, 2024`` written the user's way."""
    return QLocale().toString(qdate(day), _medium_format(with_year))


def long_date(day: date) -> str:
    """``Sunday, March 3, 2024`` written the user's way."""
    return QLocale().toString(qdate(day), QLocale.FormatType.LongFormat)


def date_range(first: date, last: date) -> str:
    """``Mar 3, 2024``, ``Mar 3 – Mar 5, 2024`` or ``Dec 30, 2023 – Jan 2, 2024``, the user's way.

    A locale that writes the year first (Chinese, Japanese, Korean) says the shared parts once, at the
    start, as people there write a range: ``2024年3月3日–5日``, ``2024年3月30日–4月2日``.
    """
    if first == last:
        return medium_date(first)
    if _medium_format(True).startswith("y"):
        if first.year != last.year:
            end = medium_date(last)
        elif first.month != last.month:
            end = medium_date(last, with_year=False)
        else:
            day_only = re.search(r"d+.*$", _medium_format(True))
            end = QLocale().toString(qdate(last), day_only.group(0) if day_only else "d")
        return f"{medium_date(first)}–{end}"
    start = medium_date(first, with_year=first.year != last.year)
    return f"{start} – {medium_date(last)}"


# -- loading the catalogues at start --------------------------------------------------------------------


def catalogue_language(locale: QLocale) -> str:
    """The catalogue Tripfold has for ``locale``: ``zh_CN`` for any Chinese written in Simplified
    characters, else ``en`` (which also serves every language Tripfold does not speak)."""
    if (
        locale.language() == QLocale.Language.Chinese
        and locale.script() != QLocale.Script.TraditionalHanScript
    ):
        return "zh_CN"
    return "en"


def display_language() -> str:
    """The language the window shows place names and captions in, as the service names it (IMM's
    ``Language``): ``zh-Hans`` when the window speaks Chinese, else ``en``.  Read from the default locale,
    which :func:`install_translators` sets at start, so a job on a pool thread reads the same."""
    return "zh-Hans" if catalogue_language(QLocale()) == "zh_CN" else "en"


def install_translators(locale: QLocale) -> list[QTranslator]:
    """Install Tripfold's catalogue and Qt's own (``qtbase_<lang>.qm``: the standard buttons, the file
    dialogs, the context menus of text fields) for ``locale``, and make it the default locale so dates
    and numbers follow.  Returns the translators, which must outlive the application's use of them."""
    app = QCoreApplication.instance()
    language = catalogue_language(locale)
    # a language Tripfold does not speak gets English words, and English dates to go with them
    spoken = language == "zh_CN" or locale.language() == QLocale.Language.English
    QLocale.setDefault(locale if spoken else QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    installed = []
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in ((f"qtbase_{language}", qt_folder), (f"tripfold_{language}", str(CATALOGUES))):
        translator = QTranslator(app)
        if translator.load(name, folder) and app is not None:
            app.installTranslator(translator)
            installed.append(translator)
    return installed
