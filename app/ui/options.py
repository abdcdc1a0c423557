"""The place rules (SPEC §3) as a person sets them: visits of a few days to a place, and the kinds of
place to group by, checked inline in plain words.

In the window a cluster is a *visit* to a place (a city, a province, a country) over a run of days; IMM's
option names (GapDays, MinDays, MaxDays, LocationDateClusterLevels) stay in the command line and the JSON.

The township level is filled only on the mainland of China (:mod:`app.core.china`: the nearest town of
the county; :mod:`app.core.places` leaves it empty everywhere else), so it is offered only when the
caller says the library has towns (``levels``), or when the saved options already use it (so it can be
turned off). The command line keeps every level.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.service import LEVELS, ClusterOptions, OptionError
from app.ui.i18n import tr
from app.ui.messages import option_problem

DAYS_SHOWN = 999  # the spin boxes' top (the core takes up to 99,999; a saved value above is kept)
LEVELS_OFFERED = ("country", "province", "city", "district")  # township: see the module's docstring
LEVEL_NAMES = {
    "country": QT_TRANSLATE_NOOP("OptionsPanel", "Country"),
    "province": QT_TRANSLATE_NOOP("OptionsPanel", "Province or state"),
    "city": QT_TRANSLATE_NOOP("OptionsPanel", "City"),
    "district": QT_TRANSLATE_NOOP("OptionsPanel", "District or county"),
    "township": QT_TRANSLATE_NOOP("OptionsPanel", "Town (mainland China)"),
}


def level_name(level: str) -> str:
    """A level as the window names it ("Province or state")."""
    return QCoreApplication.translate("OptionsPanel", str(LEVEL_NAMES[level]))


def offered_levels(options: ClusterOptions, levels: Sequence[str] | None = None) -> tuple[str, ...]:
    """The levels to offer, in IMM's order: ``levels`` (default: all but township) and the chosen ones."""
    wanted = set(LEVELS_OFFERED if levels is None else levels) | set(options.levels)
    return tuple(level for level in LEVELS if level in wanted)


def fit_range(spin: QSpinBox | QDoubleSpinBox, low: float, high: float, value: float) -> None:
    """A sensible range that still holds ``value``: a value saved by the command line is shown as it is
    (and judged by the check), never silently clamped."""
    spin.setRange(min(low, value), max(high, value))  # type: ignore[arg-type]
    spin.setValue(value)  # type: ignore[arg-type]
    spin.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)


def follow_count(spin: QSpinBox, words_for: Callable[[int], str]) -> None:
    """Keep ``spin``'s unit in step with its value ("1 day", "15 days"): ``words_for(n)`` is the plural
    text with the number in it (``lambda n: tr("%n day(s)", "", n)``), split around the number."""

    def show(n: int) -> None:
        words = words_for(n)
        before, _, after = words.partition(str(n))
        spin.setPrefix(before)
        spin.setSuffix(after)

    spin.valueChanged.connect(show)
    show(spin.value())


def error_label(name: str) -> QLabel:
    """An inline problem, in the palette's red (lighter on a dark window); hidden while there is none."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    dark = label.palette().color(QPalette.ColorRole.Window).lightness() < 128
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#ff8a80" if dark else "#b3261e"))
    label.setPalette(palette)
    label.hide()
    return label


def say(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class OptionsPanel(QWidget):
    """Emits :attr:`changed` with the options, or None while they are invalid (the problem is shown)."""

    changed = Signal(object)

    def __init__(
        self, options: ClusterOptions, parent: QWidget | None = None, *, levels: Sequence[str] | None = None
    ) -> None:
        super().__init__(parent)
        self._quiet = False
        self._given = options.levels  # chosen levels keep their order: the same options compare equal
        self.gap = self._spin("gapDays", 0, options.gap_days)
        self.gap.setToolTip(
            self.tr(
                "Days without photos allowed inside one visit.\n"
                "Photos on March 4, 5 and 7: with 1 they make one visit, March 4–7;\n"
                "with 0, two visits: March 4–5 and March 7."
            )
        )
        self.min = self._spin("minDays", 1, options.min_days)
        self.min.setToolTip(self.tr("Shorter visits are left out. 2 leaves out day trips."))
        self.max = self._spin("maxDays", 1, options.max_days)
        self.max.setToolTip(
            self.tr(
                "Longer stays are left out: a stay that long is where you live.\n"
                "With 15, twenty days at home are not a visit."
            )
        )
        form = QFormLayout()
        form.addRow(self.tr("Days without photos inside a visit"), self.gap)
        form.addRow(self.tr("Shortest visit"), self.min)
        form.addRow(self.tr("Longest visit"), self.max)
        self.error = error_label("optionsError")
        form.addRow(self.error)
        self.levels: dict[str, QCheckBox] = {}
        boxes = QGridLayout()
        tip = self.tr(
            "Each kind of place makes its own visits: with City and Province, Hangzhou March 3–5 and\n"
            "Jiaxing March 6–8 give Hangzhou, Jiaxing, and Zhejiang March 3–8."
        )
        for n, level in enumerate(offered_levels(options, levels)):
            box = QCheckBox(level_name(level))
            box.setObjectName(f"level-{level}")
            box.setChecked(level in options.levels)
            box.setToolTip(tip)
            box.toggled.connect(self._emit)
            boxes.addWidget(box, n // 2, n % 2)
            self.levels[level] = box
        self.levels_error = error_label("levelsError")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        group_by = QLabel(self.tr("Group places by"))
        group_by.setToolTip(tip)
        layout.addSpacing(6)
        layout.addWidget(group_by)
        layout.addLayout(boxes)
        layout.addWidget(self.levels_error)
        layout.addStretch(1)
        self.options()

    def _spin(self, name: str, low: int, value: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setObjectName(name)
        fit_range(spin, low, DAYS_SHOWN, value)
        follow_count(spin, lambda n: tr("%n day(s)", "", n))
        spin.valueChanged.connect(self._emit)
        return spin

    def options(self) -> ClusterOptions | None:
        """The options, or None with the problem shown next to the fields it is about."""
        chosen = [level for level, box in self.levels.items() if box.isChecked()]
        levels = tuple(sorted(chosen, key=self._level_order))
        options = ClusterOptions(self.gap.value(), self.min.value(), self.max.value(), levels)
        try:
            options.validate()
        except OptionError as exc:
            text = option_problem(str(exc)) or self.tr("These rules cannot be used.")
            levels_wrong = str(exc).startswith("LocationDateClusterLevels")
            say(self.levels_error if levels_wrong else self.error, text)
            say(self.error if levels_wrong else self.levels_error, "")
            return None
        say(self.error, "")
        say(self.levels_error, "")
        return options

    def _level_order(self, level: str) -> tuple[int, int]:
        return (
            (self._given.index(level), 0) if level in self._given else (len(self._given), LEVELS.index(level))
        )

    def problem(self) -> str:
        """The sentence shown while the options are invalid, else ''."""
        self.options()
        return self.error.text() or self.levels_error.text()

    def set_options(self, options: ClusterOptions) -> None:
        """Show ``options`` (after Cancel, or Restore Defaults), emitting :attr:`changed` once."""
        self._quiet = True
        self._given = options.levels
        try:
            for spin, low, value in ((self.gap, 0, options.gap_days), (self.min, 1, options.min_days),
                                     (self.max, 1, options.max_days)):  # fmt: skip
                fit_range(spin, low, DAYS_SHOWN, value)
            for level, box in self.levels.items():
                box.setChecked(level in options.levels)
        finally:
            self._quiet = False
        self._emit()

    def _emit(self) -> None:
        if not self._quiet:
            self.changed.emit(self.options())
