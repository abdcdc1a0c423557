"""Preferences: the trip rules, the place rules and the language, out of the main window's way.

A modeless dialog with OK, Apply and Cancel, as KDE's configuration dialogs are (KConfigDialog): the
trips stay visible and usable while the rules are changed, and nothing changes until OK or Apply, so
half-typed values never reach an update.  OK and Apply are disabled while a value is wrong, with the
problem said next to the field.  Cancel (or closing the window, or Esc) puts the last applied values back.

The window reads the *applied* options (:meth:`PreferencesDialog.cluster_options`,
:meth:`~PreferencesDialog.trip_options`), never the fields being edited; they are None only when the
library's saved options are themselves wrong, which :meth:`~PreferencesDialog.problem` words.

The language is stored in QSettings (``QSettings("Tripfold", "Tripfold")``, key :data:`LANGUAGE_KEY`) and
applied at the next start: :func:`chosen_language` is what the start-up code reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QLocale, QSettings, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.clustering import ClusterOptions
from app.core.trips import TripOptions
from app.ui.i18n import arg
from app.ui.options import OptionsPanel
from app.ui.trip_options import TripOptionsPanel

LANGUAGE_KEY = "language"
#: what the Language choice stores: "system" (follow the computer), or a Qt locale name
LANGUAGES = ("system", "en", "zh_CN")


def settings() -> QSettings:
    """The window's settings (on Linux, ``$XDG_CONFIG_HOME/Tripfold/Tripfold.conf``)."""
    return QSettings("Tripfold", "Tripfold")


def chosen_language() -> str:
    """The language chosen under Preferences › General: ``"system"``, ``"en"`` or ``"zh_CN"``."""
    value = settings().value(LANGUAGE_KEY, "system", type=str)
    return value if value in LANGUAGES else "system"


def language_locale() -> QLocale:
    """The locale the window should speak at start: the chosen language, else the computer's."""
    language = chosen_language()
    return QLocale.system() if language == "system" else QLocale(language)


class GeneralPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = QComboBox()
        self.language.setObjectName("language")
        for value, name in zip(LANGUAGES, (self.tr("System"), "English", "简体中文"), strict=True):
            self.language.addItem(name, value)
        note = QLabel(self.tr("Tripfold speaks the new language the next time it starts."))
        note.setObjectName("languageNote")
        note.setWordWrap(True)
        note.setEnabled(False)  # the palette's quieter text
        form = QFormLayout()
        form.addRow(self.tr("Language"), self.language)
        form.addRow(note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        self.revert()

    def revert(self) -> None:
        self.language.setCurrentIndex(max(self.language.findData(chosen_language()), 0))

    def apply(self) -> None:
        settings().setValue(LANGUAGE_KEY, self.language.currentData())


class PreferencesDialog(QDialog):
    """Trips, Places and General pages; :attr:`applied` is emitted with both options at OK and Apply."""

    applied = Signal(object, object)  # ClusterOptions, TripOptions

    def __init__(
        self,
        options: ClusterOptions,
        trip_options: TripOptions,
        parent: QWidget | None = None,
        *,
        levels: Sequence[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("preferences")
        self.setWindowTitle(self.tr("Preferences"))
        self.setModal(False)
        self.trips = TripOptionsPanel(trip_options)
        self.places = OptionsPanel(options, levels=levels)
        self.general = GeneralPage()
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        for page, title, intro in (
            (self.trips, self.tr("Trips"),
             self.tr("When photos away from home make a trip.")),
            (self.places, self.tr("Places"),
             self.tr("How photos group into visits to a place, for the Places view.")),
            (self.general, self.tr("General"), ""),
        ):  # fmt: skip
            self.pages.addTab(self._page(page, intro), title)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Apply
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.defaults = self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        self.defaults.setToolTip(self.tr("Put this page's rules back as Tripfold first set them"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.apply_button.clicked.connect(self.apply)
        self.defaults.clicked.connect(self.restore_defaults)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(self.buttons)
        self._cluster_options = self.places.options()
        self._trip_options = self.trips.options()
        self.trips.changed.connect(self._edited)
        self.places.changed.connect(self._edited)
        self.general.language.currentIndexChanged.connect(self._edited)
        self._edited()
        self.setMinimumWidth(480)

    @staticmethod
    def _page(panel: QWidget, intro: str) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addWidget(panel, 1)
        return page

    # -- what the window reads -------------------------------------------------------------------------
    def cluster_options(self) -> ClusterOptions | None:
        """The applied place options; None only while the library's saved ones are wrong."""
        return self._cluster_options

    def trip_options(self) -> TripOptions | None:
        """The applied trip options; None only while the library's saved ones are wrong."""
        return self._trip_options

    def options_valid(self) -> bool:
        return self._cluster_options is not None and self._trip_options is not None

    def problem(self) -> str:
        """Why an update cannot run (the applied options are wrong), in a sentence; '' when it can."""
        if self._trip_options is None:
            return arg(self.tr("The trip rules in Preferences need a fix: %1"), self.trips.problem())
        if self._cluster_options is None:
            return arg(self.tr("The place rules in Preferences need a fix: %1"), self.places.problem())
        return ""

    def show_problem(self) -> None:
        """Open on the page whose rules are wrong (for the window to call when it refuses an update)."""
        self.pages.setCurrentIndex(0 if self._trip_options is None else 1)
        self.show()
        self.raise_()
        self.activateWindow()

    def set_options(self, options: ClusterOptions, trip_options: TripOptions) -> None:
        """The library's options changed under the dialog (another library, or the command line): show
        and apply them without emitting :attr:`applied`."""
        self.places.set_options(options)
        self.trips.set_options(trip_options)
        self._cluster_options = self.places.options()
        self._trip_options = self.trips.options()
        self._edited()

    # -- the buttons -----------------------------------------------------------------------------------
    def _edited(self, *_: object) -> None:
        trips_ok, places_ok = self.trips.options() is not None, self.places.options() is not None
        for page, ok, panel in ((0, trips_ok, self.trips), (1, places_ok, self.places)):
            warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            self.pages.setTabIcon(page, QIcon() if ok else warning)
            self.pages.setTabToolTip(page, "" if ok else panel.problem())
        valid = trips_ok and places_ok
        self.ok.setEnabled(valid)
        self.apply_button.setEnabled(valid and self._dirty())

    def _dirty(self) -> bool:
        return (
            self.places.options() != self._cluster_options
            or self.trips.options() != self._trip_options
            or self.general.language.currentData() != chosen_language()
        )

    def apply(self) -> bool:
        """Keep the edited values; False (and nothing kept) while one is wrong."""
        options, trip_options = self.places.options(), self.trips.options()
        if options is None or trip_options is None:
            return False
        self.general.apply()
        changed = (options, trip_options) != (self._cluster_options, self._trip_options)
        self._cluster_options, self._trip_options = options, trip_options
        self._edited()
        if changed:
            self.applied.emit(options, trip_options)
        return True

    def accept(self) -> None:
        if self.apply():
            super().accept()

    def reject(self) -> None:
        """Cancel: the fields go back to the applied values."""
        if self._cluster_options is not None:
            self.places.set_options(self._cluster_options)
        if self._trip_options is not None:
            self.trips.set_options(self._trip_options)
        self.general.revert()
        self._edited()
        super().reject()

    def restore_defaults(self) -> None:
        """This page's rules as a new library has them (SPEC §3, §10); applied only at OK or Apply."""
        page = self.pages.currentIndex()
        if page == 0:
            keep = self._trip_options or self.trips.saved  # the home rules are not on the page: kept
            defaults = TripOptions()
            self.trips.set_options(
                replace(keep, away_km=defaults.away_km, trip_gap_days=defaults.trip_gap_days,
                        trip_min_files=defaults.trip_min_files, estimate_hours=defaults.estimate_hours)
            )  # fmt: skip
        elif page == 1:
            self.places.set_options(ClusterOptions())
        else:
            self.general.language.setCurrentIndex(0)
