"""The day sheet: the claims of one member's day, the units per code and the day's
same-day conflicts, in memory only (no name, no id, nothing saved).

The path of a request: the calculator's "Add to day sheet" calls ``add(calc)`` with its
current answer; :func:`core.day.day_line` takes what the sheet needs from it and
:func:`core.day.check_day` gives the units per code and the conflicts (the same-day
rules of the rules, through the audit's own check); the sheet shows them. Removing a line
(button or Delete) checks the day again at once. "Copy day sheet" copies
:func:`core.day.day_text`: the claims, nothing about the member.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from core import Calculation, InputError, Rules
from core.day import DayCheck, DayLine, check_day, day_line, day_text
from gui.errors import input_message
from gui.widgets.labels import ProblemLabel, WrappedLabel

PRIVACY = ("One member, one day. No name, no id: this sheet is in memory only, and is gone "
           "when you clear it or close the app.")
COLUMNS = ("Row", "Code", "Units", "Time or quantity", "Discipline", "Delivery mode",
           "Same-day conflict")


class DaySheet(QWidget):
    """The day's claims, checked as a whole. ``add(calc)`` puts an answer on it."""

    #: the sheet changed (a line added or removed, or cleared): the day's DayCheck
    changed = Signal(object)
    #: the sheet was copied: the text copied
    copied = Signal(str)

    def __init__(self, rules: Rules, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("day_sheet")
        self._rules = rules
        self._lines: list[DayLine] = []
        self._check: DayCheck = check_day(rules, ())

        privacy = WrappedLabel(self, muted=True)
        privacy.setObjectName("day_privacy")
        privacy.setText(PRIVACY)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("day_lines")
        self.table.setAccessibleName("The day's claims")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        # a handful of rows, as tall as their text at the window's zoom
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.problem = ProblemLabel("day_problem", "day sheet", self.table, self)
        self.problem.hide()
        self.totals = WrappedLabel(self)
        self.totals.setObjectName("day_totals")
        self.totals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.conflicts = ProblemLabel("day_conflicts", "day's claims", self.table, self)
        self.conflicts.setAccessibleName("Same-day conflicts")

        self.remove_button = QPushButton("Remove line", self)
        self.remove_button.setObjectName("day_remove")
        self.remove_button.setToolTip("Take the selected line off the sheet (Delete)")
        self.copy_button = QPushButton("Copy day sheet", self)
        self.copy_button.setObjectName("day_copy")
        self.copy_button.setToolTip("Copy the day's claims, units and conflicts as plain text "
                                    "for the progress note (nothing about the member)")
        # no mnemonics: the sheet may sit beside the calculator, whose Alt keys are many
        self.clear_button = QPushButton("Clear day sheet", self)
        self.clear_button.setObjectName("day_clear")
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        # the checks beside the table: in a dock a third of the window high, the table
        # keeps every row it can show
        buttons = QHBoxLayout()
        for button in (self.remove_button, self.copy_button, self.clear_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        checks = QVBoxLayout()
        checks.addWidget(self.totals)
        checks.addWidget(self.conflicts)
        checks.addStretch(1)
        checks.addLayout(buttons)
        body = QHBoxLayout()
        body.addWidget(self.table, 3)
        body.addLayout(checks, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(privacy)
        layout.addWidget(self.problem)
        layout.addLayout(body, 1)

        self.remove_button.clicked.connect(self._on_remove_clicked)
        delete.activated.connect(self._on_remove_clicked)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        self.clear_button.clicked.connect(self._on_clear_clicked)
        self.table.itemSelectionChanged.connect(self._on_selection_changed)
        self._show()

    # -- intention-level API -----------------------------------------------------------

    def add(self, calc: Calculation) -> bool:
        """Put an answer on the sheet. False (and a line saying why) when it has nothing
        to claim; the calculator offers "Add to day sheet" for claimable answers only."""
        try:
            line = day_line(self._rules, calc)
        except InputError as exc:
            self.problem.show_problem(input_message(exc))
            self.problem.show()
            return False
        self._lines.append(line)
        self._changed()
        self.table.selectRow(len(self._lines) - 1)
        return True

    def remove(self, row: int) -> None:
        """Take line ``row`` (0 = the first) off the sheet."""
        if 0 <= row < len(self._lines):
            del self._lines[row]
            self._changed()
            if self._lines:
                self.table.selectRow(min(row, len(self._lines) - 1))

    def clear(self) -> None:
        self._lines.clear()
        self._changed()

    def check(self) -> DayCheck:
        """The day as the core checks it: the lines, the units per code, the conflicts."""
        return self._check

    def copy_text(self) -> str:
        return day_text(self._check)

    def copy(self) -> None:
        text = self.copy_text()
        QGuiApplication.clipboard().setText(text)
        self.copied.emit(text)

    # -- what is shown -----------------------------------------------------------------

    def _changed(self) -> None:
        self._check = check_day(self._rules, self._lines)
        self.problem.show_problem(None)
        self.problem.hide()
        self._show()
        self.changed.emit(self._check)

    def _show(self) -> None:
        check = self._check
        conflicting = {c.line for c in check.conflicts}
        self.table.setRowCount(len(check.lines))
        for row, line in enumerate(check.lines):
            cells = (str(row + 1), line.label, str(line.units), line.quantity_label,
                     line.discipline_label, line.mode_label or line.setting_label,
                     "Yes" if row + 1 in conflicting else "")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 1 and line.name:
                    item.setToolTip(line.name)
                self.table.setItem(row, column, item)
        if check.lines:
            self.totals.setText("Units by code: " + "; ".join(
                f"{label}: {units}" for label, units in check.totals)
                + ("" if check.conflicts else ". No same-day conflict found."))
        else:
            self.totals.setText("No claims yet: in the calculator, “Add to day sheet” puts "
                                "the current answer here.")
        self.conflicts.show_problem("\n".join(c.text() for c in check.conflicts))
        self.conflicts.setVisible(bool(check.conflicts))
        has_lines = bool(check.lines)
        self.copy_button.setEnabled(has_lines)
        self.clear_button.setEnabled(has_lines)
        self._on_selection_changed()

    # -- slots -------------------------------------------------------------------------

    @Slot()
    def _on_remove_clicked(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.remove(rows[0].row())

    @Slot()
    def _on_copy_clicked(self) -> None:
        self.copy()

    @Slot()
    def _on_clear_clicked(self) -> None:
        self.clear()

    @Slot()
    def _on_selection_changed(self) -> None:
        self.remove_button.setEnabled(bool(self.table.selectionModel().selectedRows()))
