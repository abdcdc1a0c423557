"""Preferences by mouse and keyboard: a wrong value is said next to its field and OK waits for it to be
fixed; Cancel puts the applied values back; the language choice is kept in the window's settings; no
IMM option name is anywhere a person reads."""

from __future__ import annotations

import os
import re

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QCheckBox, QLabel, QWidget

from app.core.clustering import ClusterOptions
from app.core.trips import TripOptions
from app.ui.preferences import LANGUAGE_KEY, PreferencesDialog, chosen_language

OPTION_NAMES = sorted(
    {name for part in ClusterOptions().as_request().values() for name in part}
    | {name for part in TripOptions().as_request().values() for name in part}
)


@pytest.fixture
def dialog(qtbot) -> PreferencesDialog:
    prefs = PreferencesDialog(ClusterOptions(), TripOptions())
    qtbot.addWidget(prefs)
    prefs.show()
    qtbot.waitExposed(prefs)
    return prefs


def open_page(qtbot, prefs: PreferencesDialog, index: int) -> None:
    bar = prefs.pages.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert prefs.pages.currentIndex() == index


def type_into(qtbot, spin: QAbstractSpinBox, text: str) -> None:
    """Select the box's text and type over it, as a person does."""
    spin.setFocus()
    qtbot.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(spin, text)


def click_box(qtbot, box: QCheckBox) -> None:
    """Click a check box on its square (its middle may be past the end of its text)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))


def read_by_a_person(widget: QWidget) -> list[str]:
    """Every label, check box, tooltip, prefix and suffix under ``widget``."""
    texts = []
    for child in [widget, *widget.findChildren(QWidget)]:
        texts.append(child.toolTip())
        if isinstance(child, (QLabel, QCheckBox)):
            texts.append(child.text())
        if isinstance(child, QAbstractSpinBox):
            texts += [child.prefix(), child.suffix(), child.text()]  # type: ignore[attr-defined]
    return [t for t in texts if t]


def test_a_wrong_value_is_said_next_to_its_field_and_ok_waits(qtbot, dialog: PreferencesDialog) -> None:
    open_page(qtbot, dialog, 1)
    places = dialog.places
    type_into(qtbot, places.min, "20")
    assert places.min.value() == 20
    assert places.error.isVisible()
    assert places.error.text() == "The shortest visit can't be longer than the longest visit (15 days)."
    assert not dialog.ok.isEnabled() and not dialog.apply_button.isEnabled()
    assert not dialog.pages.tabIcon(1).isNull()  # the page with the problem is marked
    # the field and its sentence sit together: the sentence right under the longest visit
    assert 0 <= places.error.y() - (places.max.y() + places.max.height()) < 20
    type_into(qtbot, places.min, "5")
    assert not places.error.isVisible() and dialog.ok.isEnabled() and dialog.apply_button.isEnabled()
    assert dialog.pages.tabIcon(1).isNull()
    with qtbot.waitSignal(dialog.applied) as applied:
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert applied.args[0].min_days == 5 and dialog.cluster_options().min_days == 5
    assert not dialog.apply_button.isEnabled()  # nothing left to apply


def test_no_kind_of_place_chosen_is_said_under_the_choices(qtbot, dialog: PreferencesDialog) -> None:
    open_page(qtbot, dialog, 1)
    places = dialog.places
    for box in places.levels.values():
        if box.isChecked():
            click_box(qtbot, box)
    assert places.levels_error.text() == "Choose at least one kind of place to group by."
    assert places.levels_error.isVisible() and not places.error.isVisible()
    assert not dialog.ok.isEnabled() and "Choose at least one" in dialog.pages.tabToolTip(1)
    click_box(qtbot, places.levels["country"])
    assert dialog.ok.isEnabled() and not places.levels_error.isVisible()
    with qtbot.waitSignal(dialog.applied):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and dialog.cluster_options().levels == ("country",)


def test_cancel_puts_the_applied_values_back(qtbot, dialog: PreferencesDialog) -> None:
    applied: list[object] = []
    dialog.applied.connect(lambda *a: applied.append(a))
    type_into(qtbot, dialog.trips.gap, "4")
    assert dialog.trips.gap.value() == 4 and dialog.apply_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and not applied
    assert dialog.trips.gap.value() == 1 and dialog.trip_options() == TripOptions()
    assert dialog.trips.gap.suffix() == " day"


def test_restore_defaults_keeps_the_home_rules(qtbot) -> None:
    saved = TripOptions(away_km=12.5, trip_min_files=9, home_min_days=90)
    prefs = PreferencesDialog(ClusterOptions(min_days=3), saved)
    qtbot.addWidget(prefs)
    prefs.show()
    qtbot.mouseClick(prefs.defaults, Qt.MouseButton.LeftButton)
    assert prefs.trips.away.value() == 50.0 and prefs.trips.min_files.value() == 3
    qtbot.mouseClick(prefs.ok, Qt.MouseButton.LeftButton)
    assert prefs.trip_options() == TripOptions(home_min_days=90)
    assert prefs.cluster_options() == ClusterOptions(min_days=3)  # another page: untouched


def test_saved_options_that_are_wrong_refuse_an_update_in_plain_words(qtbot) -> None:
    prefs = PreferencesDialog(ClusterOptions(), TripOptions(trip_min_files=0))
    qtbot.addWidget(prefs)
    assert not prefs.options_valid() and prefs.trip_options() is None
    assert prefs.problem() == (
        "The trip rules in Preferences need a fix: “Fewest photos in a trip” must be from 1 to 99,999."
    )
    assert prefs.trips.min_files.value() == 0  # shown as saved, not silently changed
    prefs.show_problem()
    assert prefs.isVisible() and prefs.pages.currentIndex() == 0
    type_into(qtbot, prefs.trips.min_files, "4")
    qtbot.mouseClick(prefs.ok, Qt.MouseButton.LeftButton)
    assert prefs.options_valid() and prefs.problem() == "" and prefs.trip_options().trip_min_files == 4


def test_the_town_level_is_offered_only_where_it_can_yield_something(qtbot) -> None:
    plain = PreferencesDialog(ClusterOptions(), TripOptions())
    qtbot.addWidget(plain)
    assert list(plain.places.levels) == ["country", "province", "city", "district"]
    with_towns = PreferencesDialog(ClusterOptions(), TripOptions(), levels=("city", "township"))
    qtbot.addWidget(with_towns)
    assert "township" in with_towns.places.levels and "country" not in with_towns.places.levels
    chosen = PreferencesDialog(ClusterOptions(levels=("township",)), TripOptions())
    qtbot.addWidget(chosen)
    assert chosen.places.levels["township"].isChecked()  # so it can be turned off


def test_no_option_name_reaches_a_person(qtbot, dialog: PreferencesDialog) -> None:
    wrong_states = [
        lambda: dialog.places.set_options(ClusterOptions(gap_days=-3, min_days=30, max_days=2)),
        lambda: dialog.places.set_options(ClusterOptions(min_days=30, max_days=2)),
        lambda: dialog.places.set_options(ClusterOptions(levels=())),
        lambda: dialog.trips.set_options(TripOptions(away_km=0.0, trip_gap_days=-1)),
        lambda: dialog.trips.set_options(TripOptions(estimate_hours=30.0)),
    ]
    for make_wrong in wrong_states:
        make_wrong()
        texts = [*read_by_a_person(dialog), dialog.problem()]
        said = [t for t in texts if re.search("|".join(rf"\b{n}\b" for n in OPTION_NAMES), t)]
        assert not said, said
        assert not any("LocationDateCluster" in t or "[" in t for t in texts)
    assert any("must be from" in t for t in read_by_a_person(dialog))


def test_the_language_choice_is_kept_in_the_settings(qtbot, dialog: PreferencesDialog) -> None:
    assert QSettings("Tripfold", "Tripfold").fileName().startswith(os.environ["XDG_CONFIG_HOME"])
    assert chosen_language() == "system"
    open_page(qtbot, dialog, 2)
    assert "next time it starts" in dialog.general.findChild(QLabel, "languageNote").text()
    combo = dialog.general.language
    assert [combo.itemText(i) for i in range(combo.count())] == ["System", "English", "简体中文"]
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_End)  # the last choice, by keyboard
    assert combo.currentData() == "zh_CN" and dialog.apply_button.isEnabled()
    assert chosen_language() == "system"  # nothing is kept before OK or Apply
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # OK is the default button
    assert not dialog.isVisible()
    assert QSettings("Tripfold", "Tripfold").value(LANGUAGE_KEY) == "zh_CN"
    assert chosen_language() == "zh_CN"
    again = PreferencesDialog(ClusterOptions(), TripOptions())
    qtbot.addWidget(again)
    assert again.general.language.currentText() == "简体中文"
    QSettings("Tripfold", "Tripfold").setValue(LANGUAGE_KEY, "klingon")
    assert chosen_language() == "system"
