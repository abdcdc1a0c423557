"""The trip rules (SPEC §10) as a person sets them, checked inline in plain words.

The home rules' options (HomeGapDays, HomeMinDays, HomeMinPhotoDays) are not shown: they are kept as
the last run left them, and the Homes list is where a person corrects a home.  IMM-style option names
(AwayKm, TripGapDays, ...) never reach the window: :func:`app.ui.messages.option_problem` words them.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QFormLayout, QSpinBox, QVBoxLayout, QWidget

from app.core.clustering import OptionError
from app.core.trips import MAX_ESTIMATE_HOURS, TripOptions
from app.ui.i18n import tr
from app.ui.messages import option_problem
from app.ui.options import error_label, fit_range, follow_count, say

MAX_KM = 20_000.0  # half the way round the Earth
GAP_DAYS_SHOWN = 365
MIN_FILES_SHOWN = 9_999


class TripOptionsPanel(QWidget):
    """Emits :attr:`changed` with the options, or None while they are invalid (the problem is shown)."""

    changed = Signal(object)

    def __init__(self, options: TripOptions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.saved = options  # the options not shown here come from it
        self._quiet = False
        self.away = QDoubleSpinBox()
        self.away.setObjectName("awayKm")
        self.away.setDecimals(1)
        self.away.setSuffix(self.tr(" km"))
        self.away.setToolTip(
            self.tr(
                "Photos taken farther than this from a home are away; days away make trips (usually 50 km)."
            )
        )
        self.gap = QSpinBox()
        self.gap.setObjectName("tripGapDays")
        self.gap.setToolTip(
            self.tr("Days without photos allowed inside one trip; a day photographed at home always ends it.")
        )
        self.min_files = QSpinBox()
        self.min_files.setObjectName("tripMinFiles")
        self.min_files.setToolTip(
            self.tr("Fewer photos and videos away than this are not a trip (usually 3).")
        )
        self.estimate = QCheckBox(self.tr("Estimate places for photos without GPS"))
        self.estimate.setObjectName("estimatePlaces")
        self.estimate.setToolTip(
            self.tr(
                "A photo without a position takes the place of a photo taken near it in time, by the same\n"
                "camera first. Estimated places are marked, and never written into your files."
            )
        )
        self.hours = QDoubleSpinBox()
        self.hours.setObjectName("estimateHours")
        self.hours.setDecimals(1)
        self.hours.setSingleStep(0.5)
        self.hours.setSuffix(self.tr(" hours"))
        self.hours.setToolTip(self.tr("How far apart in time a photo and the one lending its place may be."))
        self._show(options)
        follow_count(self.gap, lambda n: tr("%n day(s)", "", n))
        follow_count(self.min_files, lambda n: tr("%n photo(s)", "", n))
        form = QFormLayout()
        form.addRow(self.tr("Away from home beyond"), self.away)
        form.addRow(self.tr("Days without photos inside a trip"), self.gap)
        form.addRow(self.tr("Fewest photos in a trip"), self.min_files)
        form.addRow(self.estimate)
        form.addRow(self.tr("Nearby photos taken within"), self.hours)
        self.error = error_label("tripOptionsError")
        form.addRow(self.error)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addStretch(1)
        for spin in (self.away, self.hours):
            spin.valueChanged.connect(self._emit)
        for box in (self.gap, self.min_files):
            box.valueChanged.connect(self._emit)
        self.estimate.toggled.connect(self._estimate_toggled)
        self.options()

    def _show(self, options: TripOptions) -> None:
        fit_range(self.away, 0.1, MAX_KM, options.away_km)
        fit_range(self.gap, 0, GAP_DAYS_SHOWN, options.trip_gap_days)
        fit_range(self.min_files, 1, MIN_FILES_SHOWN, options.trip_min_files)
        hours = options.estimate_hours if options.estimate_hours is not None else 2.0
        fit_range(self.hours, 0.1, MAX_ESTIMATE_HOURS, hours)
        self.estimate.setChecked(options.estimate_hours is not None)
        self.hours.setEnabled(self.estimate.isChecked())

    def options(self) -> TripOptions | None:
        """The options, or None with the problem shown inline in the window's words."""
        options = replace(
            self.saved,
            away_km=round(self.away.value(), 1),
            trip_gap_days=self.gap.value(),
            trip_min_files=self.min_files.value(),
            estimate_hours=round(self.hours.value(), 1) if self.estimate.isChecked() else None,
        )
        try:
            options.validate()
        except OptionError as exc:
            say(self.error, option_problem(str(exc)) or self.tr("These rules cannot be used."))
            return None
        say(self.error, "")
        return options

    def problem(self) -> str:
        """The sentence shown while the options are invalid, else ''."""
        self.options()
        return self.error.text()

    def set_options(self, options: TripOptions) -> None:
        """Show ``options`` (after Cancel, or Restore Defaults), emitting :attr:`changed` once."""
        self.saved = options
        self._quiet = True
        try:
            self._show(options)
        finally:
            self._quiet = False
        self._emit()

    def _estimate_toggled(self, on: bool) -> None:
        self.hours.setEnabled(on)
        self._emit()

    def _emit(self) -> None:
        if not self._quiet:
            self.changed.emit(self.options())
