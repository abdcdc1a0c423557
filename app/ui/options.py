"""The clustering options (SPEC §3) as the user sets them: day spin boxes, level boxes, inline errors."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QGridLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from app.service import LEVELS, MAX_DAYS_LIMIT, ClusterOptions, OptionError

TIPS = {
    "gap": (
        "Days without photos allowed inside one trip (0–99,999).\n"
        "Photos on March 4, 5 and 7: with 1 they make one trip, March 4–7;\n"
        "with 0, two trips: March 4–5 and March 7."
    ),
    "min": "Shorter trips are not shown (1–99,999). 2 leaves out day trips.",
    "max": (
        "Longer stays are not shown (1–99,999): a stay that long is where you live.\n"
        "With 15, a 20-day stay at home is not a trip."
    ),
    "levels": (
        "Each level makes its own clusters: with city and province, Hangzhou March 3–5 and\n"
        "Jiaxing March 6–8 give Hangzhou, Jiaxing, and Zhejiang March 3–8."
    ),
}


class OptionsPanel(QWidget):
    """Emits :attr:`changed` with the options, or None while they are invalid (the error is shown)."""

    changed = Signal(object)

    def __init__(self, options: ClusterOptions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout()
        self.gap = self._spin(0, options.gap_days, TIPS["gap"])
        self.min = self._spin(1, options.min_days, TIPS["min"])
        self.max = self._spin(1, options.max_days, TIPS["max"])
        form.addRow("Days without photos", self.gap)
        form.addRow("Shortest trip (days)", self.min)
        form.addRow("Longest trip (days)", self.max)
        self.levels = {level: QCheckBox(level.capitalize()) for level in LEVELS}
        boxes = QGridLayout()
        for n, (level, box) in enumerate(self.levels.items()):
            box.setChecked(level in options.levels)
            box.setToolTip(TIPS["levels"])
            box.toggled.connect(self._emit)
            boxes.addWidget(box, n // 3, n % 3)
        self.error = QLabel()
        self.error.setObjectName("optionsError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(QLabel("Group by"))
        layout.addLayout(boxes)
        layout.addWidget(self.error)

    def _spin(self, low: int, value: int, tip: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, MAX_DAYS_LIMIT)
        spin.setValue(value)
        spin.setToolTip(tip)
        spin.valueChanged.connect(self._emit)
        return spin

    def options(self) -> ClusterOptions | None:
        """The options, or None with the reason shown inline."""
        levels = tuple(level for level, box in self.levels.items() if box.isChecked())
        options = ClusterOptions(self.gap.value(), self.min.value(), self.max.value(), levels)
        try:
            options.validate()
        except OptionError as exc:
            self.error.setText(str(exc).replace("LocationDateClusterLevels", "Group by"))
            return None
        self.error.clear()
        return options

    def _emit(self) -> None:
        self.changed.emit(self.options())
