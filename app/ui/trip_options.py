"""The trip options (SPEC §10) as the user sets them, checked inline in plain words.

The home rules' options (HomeGapDays, HomeMinDays, HomeMinPhotoDays) are not shown: they are kept as
the last run left them, and the Homes list is where a person corrects a home.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, Signal
from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from app.core.clustering import MAX_DAYS_LIMIT, OptionError
from app.core.trips import MAX_ESTIMATE_HOURS, TripOptions
from app.ui.i18n import arg, number

MAX_KM = 20_000.0
# what each option is called in the window, and its range as the user reads it
NAMES = {
    "AwayKm": (QT_TRANSLATE_NOOP("TripOptionsPanel", "Away from home beyond (km)"), 0.1, 20_000),
    "TripGapDays": (
        QT_TRANSLATE_NOOP("TripOptionsPanel", "Days without photos inside a trip"),
        0,
        MAX_DAYS_LIMIT,
    ),
    "TripMinFiles": (QT_TRANSLATE_NOOP("TripOptionsPanel", "Fewest photos in a trip"), 1, MAX_DAYS_LIMIT),
    "EstimateHours": (
        QT_TRANSLATE_NOOP("TripOptionsPanel", "Look for nearby photos within (hours)"),
        0.1,
        24,
    ),
}


def shown(value: float) -> str:
    return QLocale().toString(value, "f", 1) if isinstance(value, float) else number(value)


class TripOptionsPanel(QWidget):
    """Emits :attr:`changed` with the options, or None while they are invalid (the reason is shown)."""

    changed = Signal(object)

    def __init__(self, options: TripOptions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.saved = options  # the options not shown here come from it
        self.away = QDoubleSpinBox()
        self.away.setObjectName("awayKm")
        self.away.setRange(0.0, MAX_KM)  # 0 is allowed here so the check can say why it is not
        self.away.setDecimals(1)
        self.away.setValue(options.away_km)
        self.away.setToolTip(
            self.tr("Photos farther than this from a home are away; days away make trips (default 50)")
        )
        self.gap = QSpinBox()
        self.gap.setObjectName("tripGapDays")
        self.gap.setRange(0, MAX_DAYS_LIMIT)
        self.gap.setValue(options.trip_gap_days)
        self.gap.setToolTip(
            self.tr("Days without photos allowed inside one trip; a day photographed at home always ends it")
        )
        self.min_files = QSpinBox()
        self.min_files.setObjectName("tripMinFiles")
        self.min_files.setRange(0, MAX_DAYS_LIMIT)
        self.min_files.setValue(options.trip_min_files)
        self.min_files.setToolTip(
            self.tr("Fewer photos and videos away than this are not a trip (default 3)")
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
        self.hours.setRange(0.0, MAX_ESTIMATE_HOURS)
        self.hours.setDecimals(1)
        self.hours.setSingleStep(0.5)
        self.estimate.setChecked(options.estimate_hours is not None)
        self.hours.setValue(options.estimate_hours if options.estimate_hours is not None else 2.0)
        self.hours.setEnabled(self.estimate.isChecked())
        form = QFormLayout()
        form.addRow(self._name("AwayKm"), self.away)
        form.addRow(self._name("TripGapDays"), self.gap)
        form.addRow(self._name("TripMinFiles"), self.min_files)
        form.addRow(self.estimate)
        form.addRow(self._name("EstimateHours"), self.hours)
        self.error = QLabel()
        self.error.setObjectName("tripOptionsError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.error)
        for spin in (self.away, self.hours):
            spin.valueChanged.connect(self._emit)
        for box in (self.gap, self.min_files):
            box.valueChanged.connect(self._emit)
        self.estimate.toggled.connect(self._estimate_toggled)
        self.options()

    @staticmethod
    def _name(option: str) -> str:
        return QCoreApplication.translate("TripOptionsPanel", str(NAMES[option][0]))

    def options(self) -> TripOptions | None:
        """The options, or None with the reason shown inline in the window's words."""
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
            self.error.setText(self.explain(str(exc)))
            return None
        self.error.clear()
        return options

    def explain(self, message: str) -> str:
        """OptionError's message (which names IMM-style options) in the window's words."""
        for option, (_, low, high) in NAMES.items():
            if message.startswith(option):
                return arg(
                    self.tr("“%1” must be from %2 to %3."), self._name(option), shown(low), shown(high)
                )
        return message

    def _estimate_toggled(self, on: bool) -> None:
        self.hours.setEnabled(on)
        self._emit()

    def _emit(self) -> None:
        self.changed.emit(self.options())
