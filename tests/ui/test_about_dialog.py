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
