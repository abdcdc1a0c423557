"""Homes (SPEC §10): where each home holds, detected or the user's, with Add and Remove.

Trips are the time away from home, so a wrong home makes wrong trips; this is where a person fixes
that.  A home is added by a city's name (looked up among the library's photos) or by a position and a
radius, optionally between two dates.  Removing a detected home rejects it: no later run detects it
again.  Every call runs as a job on the runner's pools; :attr:`HomesDialog.library_changed` hands
the window the library after a change, for the timeline.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.service import Service
from app.service.trips import HomeInfo
from app.ui import library_jobs as jobs
from app.ui.i18n import arg, date_range, medium_date, number
from app.ui.workers import Job, JobRunner


def pydate(value: QDate) -> Any:
    return value.toPython()


class HomesDialog(QDialog):
    library_changed = Signal(object)  # jobs.LibraryView

    def __init__(self, service: Service, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service, self.runner = service, runner
        self.homes: list[HomeInfo] = []
        self.job: Job | None = None
        self.setWindowTitle(self.tr("Homes"))
        self.resize(720, 520)
        intro = QLabel(
            self.tr(
                "Trips are the time you spend away from home. Tripfold finds your homes from the places "
                "you photograph most; add the ones it missed, and remove the ones that are not."
            )
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("homes")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Home"), self.tr("When"), self.tr("Found by"), self.tr("Days with photos")]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.remove_button = QPushButton(self.tr("Remove…"))
        self.remove_button.setObjectName("removeHome")
        self.remove_button.clicked.connect(self.ask_remove)
        self.status = QLabel()
        self.status.setObjectName("homesStatus")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.remove_button)
        layout.addLayout(row)
        layout.addWidget(self._add_box())
        self.load()

    def _add_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Add a home"))
        grid = QGridLayout(box)
        self.by_city = QRadioButton(self.tr("City"))
        self.by_city.setObjectName("homeByCity")
        self.by_city.setChecked(True)
        self.by_position = QRadioButton(self.tr("Position"))
        self.by_position.setObjectName("homeByPosition")
        group = QButtonGroup(box)
        group.addButton(self.by_city)
        group.addButton(self.by_position)
        self.city = QLineEdit()
        self.city.setObjectName("homeCity")
        self.city.setPlaceholderText(self.tr("A city in your photos: Portland, or Portland, Oregon"))
        self.lat, self.lon = self._degrees(90.0, "homeLat"), self._degrees(180.0, "homeLon")
        self.radius = QDoubleSpinBox()
        self.radius.setObjectName("homeRadius")
        self.radius.setRange(0.1, 20_000.0)
        self.radius.setValue(25.0)
        self.radius.setSuffix(self.tr(" km"))
        self.dated = QCheckBox(self.tr("Only from"))
        self.dated.setObjectName("homeDated")
        self.first = QDateEdit(QDate.currentDate().addYears(-1))
        self.last = QDateEdit(QDate.currentDate())
        for edit, name in ((self.first, "homeFrom"), (self.last, "homeTo")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setEnabled(False)
            self.dated.toggled.connect(edit.setEnabled)
        self.add_button = QPushButton(self.tr("Add Home"))
        self.add_button.setObjectName("addHome")
        self.add_button.clicked.connect(self.add)
        self.city.returnPressed.connect(self.add)
        position = QHBoxLayout()
        for text, widget in ((self.tr("Latitude"), self.lat), (self.tr("Longitude"), self.lon),
                             (self.tr("within"), self.radius)):  # fmt: skip
            position.addWidget(QLabel(text))
            position.addWidget(widget)
        dates = QHBoxLayout()
        dates.addWidget(self.dated)
        dates.addWidget(self.first)
        dates.addWidget(QLabel(self.tr("to")))
        dates.addWidget(self.last)
        dates.addStretch(1)
        grid.addWidget(self.by_city, 0, 0)
        grid.addWidget(self.city, 0, 1)
        grid.addWidget(self.by_position, 1, 0)
        grid.addLayout(position, 1, 1)
        grid.addLayout(dates, 2, 1)
        grid.addWidget(self.add_button, 3, 1, alignment=Qt.AlignmentFlag.AlignRight)
        self.city.textEdited.connect(lambda: self.by_city.setChecked(True))
        for spin in (self.lat, self.lon, self.radius):
            spin.valueChanged.connect(lambda: self.by_position.setChecked(True))
        return box

    @staticmethod
    def _degrees(limit: float, name: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setObjectName(name)
        spin.setRange(-limit, limit)
        spin.setDecimals(4)
        return spin

    # -- jobs -------------------------------------------------------------------------------------------
    def _run(self, pool: Any, work: Any, then: Any, busy: str) -> None:
        if self.job is not None:
            return
        self.status.setText(busy)
        self.add_button.setEnabled(False)
        self.remove_button.setEnabled(False)
        job = self.job = Job(lambda **_: work(), name=busy, close=self.service.close_connection)
        job.signals.done.connect(then)
        job.signals.failed.connect(self._failed)
        job.signals.finished.connect(self._finished)
        pool.start(job)

    def _finished(self) -> None:
        self.job = None
        self.add_button.setEnabled(True)
        self.remove_button.setEnabled(bool(self.homes))

    def _failed(self, message: str) -> None:
        self.status.setText(arg(self.tr("That did not work: %1"), message.partition("] ")[2] or message))

    def load(self) -> None:
        service = self.service
        self._run(self.runner.read, lambda: jobs.homes(service), self._loaded, self.tr("Reading homes…"))

    def _loaded(self, homes: list[HomeInfo]) -> None:
        self.status.clear()
        self._show(homes)

    def add(self) -> None:
        """Add the home the form describes; checked here first, so the service only sees sound values."""
        first = pydate(self.first.date()) if self.dated.isChecked() else None
        last = pydate(self.last.date()) if self.dated.isChecked() else None
        if first and last and first > last:
            self.status.setText(self.tr("The first day must not be after the last."))
            return
        if self.by_city.isChecked():
            name = self.city.text().strip()
            if not name:
                self.status.setText(self.tr("Type the name of a city, or choose Position."))
                return
            request = jobs.HomeRequest(city=name, first_day=first, last_day=last)
        else:
            request = jobs.HomeRequest(
                lat=self.lat.value(), lon=self.lon.value(), radius_km=self.radius.value(),
                first_day=first, last_day=last,
            )  # fmt: skip
        service = self.service
        self._run(self.runner.write, lambda: jobs.add_home(service, request), self._changed,
                  self.tr("Adding the home and updating trips…"))  # fmt: skip

    def selected(self) -> HomeInfo | None:
        row = self.table.currentRow()
        return self.homes[row] if 0 <= row < len(self.homes) else None

    def ask_remove(self) -> None:
        home = self.selected()
        if home is None:
            self.status.setText(self.tr("Choose a home in the list first."))
            return
        if home.source == "detected":
            text = self.tr("Remove %1?\n\nTripfold found this home in your photos; it will not be detected "
                           "again, and your trips are updated.")  # fmt: skip
        else:
            text = self.tr("Remove %1?\n\nYour trips are updated.")
        answer = QMessageBox.question(self, self.tr("Remove home"), arg(text, self.home_name(home)))
        if answer != QMessageBox.StandardButton.Yes:
            return
        service, home_id = self.service, home.home_id
        self._run(self.runner.write, lambda: jobs.remove_home(service, home_id), self._changed,
                  self.tr("Removing the home and updating trips…"))  # fmt: skip

    def _changed(self, change: jobs.HomesChange) -> None:
        self._show(change.homes)
        if change.unknown_city:
            self.status.setText(
                arg(self.tr("No photo in your library was taken in a city called “%1”."), change.unknown_city)
            )
        else:
            self.status.setText(self.tr("Done. Your trips are updated."))
            self.city.clear()
        self.library_changed.emit(change.view)

    # -- the list ---------------------------------------------------------------------------------------
    def home_name(self, home: HomeInfo) -> str:
        if home.address.city:
            parts = (home.address.city, home.address.province, home.address.country)
            return ", ".join(p for p in dict.fromkeys(parts) if p)
        locale = QLocale()
        lat, lon = locale.toString(home.lat or 0.0, "f", 4), locale.toString(home.lon or 0.0, "f", 4)
        radius = locale.toString(home.radius_km or 0.0, "g", 6)
        return arg(self.tr("%1, %2 (within %3 km)"), lat, lon, radius)

    def when(self, home: HomeInfo) -> str:
        if home.first_day and home.last_day:
            return date_range(home.first_day, home.last_day)
        if home.first_day:
            return arg(self.tr("From %1"), medium_date(home.first_day))
        if home.last_day:
            return arg(self.tr("Until %1"), medium_date(home.last_day))
        return self.tr("Always")

    def _show(self, homes: list[HomeInfo]) -> None:
        self.homes = homes
        self.table.setRowCount(0)
        for home in homes:
            source = self.tr("Detected") if home.source == "detected" else self.tr("You")
            days = number(home.photo_days) if home.source == "detected" else ""
            row = self.table.rowCount()
            self.table.insertRow(row)
            for column, value in enumerate((self.home_name(home), self.when(home), source, days)):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(row, column, item)
        if not homes:
            self.status.setText(self.tr("No home yet: every photo counts as away. Add your home city below."))
        self.remove_button.setEnabled(bool(homes))
