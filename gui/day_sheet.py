"""The day sheet: the claims of one member's day, the units per code and the day's
same-day conflicts, in memory only (no name, no id, nothing saved).

The path of a request: the calculator's "Add to day sheet" calls ``add(calc)`` with its
current answer; :func:`core.day.day_line` takes what the sheet needs from it and
:func:`core.day.check_day` gives the units per code, the conflicts (the same-day rules
of the rules, through the audit's own check) and the exact duplicates (as the audit
defines them); the sheet shows them: its table is a view of :class:`DayLinesModel`, a
thin Qt model over that check. Removing a line
(button or Delete) checks the day again at once. "Copy day sheet" copies
:func:`core.day.day_text`: the claims, nothing about the member.

Editing a line ("Edit line", Enter or a double-click on it) marks the row and emits
``editRequested`` with the request it answers; the window loads it into the calculator
and keeps the sheet told of the calculator's answer (``set_current``). "Update line" puts
that answer in the row's place, "Cancel edit" leaves the row as it was; either way the
day is checked again at once. While a row is being edited, ``add`` (the calculator's
button, which then says "Update row N", and Ctrl+D) puts the answer in its place too: an
edit never becomes a second line. ``set_rules`` checks the day by the rules of another date
of service (the window calls it when the calculator's rules change): no line is changed
or dropped, a code those rules lack is shown with the reason.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal, Slot,
)
from PySide6.QtGui import QAction, QFont, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QPushButton, QTableView, QVBoxLayout,
    QWidget,
)

from core import Calculation, InputError, Rules
from core.audit import FINDING_KINDS
from core.day import DayCheck, DayLine, check_day, day_line, day_text, no_conflict
from gui.errors import input_message
from gui.widgets.announce import Announcer
from gui.widgets.labels import ProblemLabel, WrappedLabel, scrolling_down

PRIVACY = ("One member, one day. No name, no id: this sheet is in memory only, and is gone "
           "when you clear it or close the app.")
COLUMNS = ("Row", "Code", "Units", "Time or quantity", "Discipline", "Delivery mode",
           "Check")
#: what the "Check" column says of a row
CONFLICT, NOT_IN_RULES = "Same-day conflict", "Not in the rules of this date"
_TITLES = dict(FINDING_KINDS)  # the audit's words for a finding
DUPLICATE = _TITLES["duplicate"]  # "Duplicate line"
_Index = QModelIndex | QPersistentModelIndex


def _findings(check: DayCheck) -> tuple:
    """What the sheet says of its rows, in the order it says it."""
    return check.not_in_rules + check.duplicates + check.conflicts


class DayLinesModel(QAbstractTableModel):
    """The day's lines as a read-only table over the core's :class:`core.day.DayCheck`:
    one :class:`core.day.DayLine` a row, in COLUMNS; the last says what the check found
    of the row; the row being edited is bold. :meth:`show_day` takes a new check: rows
    are added or taken off at the end and the others' cells change in place, so the
    rows still there stay selected."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lines: tuple[DayLine, ...] = ()
        self._said: dict[int, str] = {}  # row (1 = the first) -> what the check found
        self._editing: int | None = None

    def show_day(self, check: DayCheck, editing: int | None) -> None:
        old, new = len(self._lines), len(check.lines)
        if new > old:
            self.beginInsertRows(QModelIndex(), old, new - 1)
        elif new < old:
            self.beginRemoveRows(QModelIndex(), new, old - 1)
        self._lines, self._editing = check.lines, editing
        said = {c.line: DUPLICATE for c in check.duplicates}
        said.update((c.line, _TITLES.get(c.finding.kind, CONFLICT)) for c in check.conflicts)
        said.update((c.line, NOT_IN_RULES) for c in check.not_in_rules)
        self._said = said
        if new > old:
            self.endInsertRows()
        elif new < old:
            self.endRemoveRows()
        if new:
            self.dataChanged.emit(self.index(0, 0), self.index(new - 1, len(COLUMNS) - 1))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row, column = index.row(), index.column()
        if not index.isValid() or row >= len(self._lines):
            return None
        line = self._lines[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return (f"{row + 1}, editing" if row == self._editing else str(row + 1),
                    line.label, str(line.units), line.quantity_label, line.discipline_label,
                    line.mode_label or line.setting_label, self._said.get(row + 1, ""))[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 1 and line.name:
            return line.name
        if role == Qt.ItemDataRole.FontRole and row == self._editing:
            font = QFont()  # the application's font, bold (as the table's items had it)
            font.setBold(True)
            return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return super().headerData(section, orientation, role)


class DaySheet(QWidget):
    """The day's claims, checked as a whole. ``add(calc)`` puts an answer on it."""

    #: the sheet changed (a line added, updated or removed, cleared, or the day checked by
    #: other rules): the day's DayCheck
    changed = Signal(object)
    #: the sheet was copied: the text copied
    copied = Signal(str)
    #: a line is opened for editing: the :class:`core.Request` its answer was for
    editRequested = Signal(object)
    #: a row began or stopped being edited: its number (0 = the first), or None
    editingChanged = Signal(object)

    def __init__(self, rules: Rules, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("day_sheet")
        self._rules = rules
        self._lines: list[DayLine] = []
        self._check: DayCheck = check_day(rules, ())
        self._editing: int | None = None  # the row being edited (0 = the first)
        self._current: Calculation | None = None  # the calculator's answer: "Update line"
        #: says a new conflict or duplicate, and a copy, to screen readers at once
        self.announcer = Announcer(self)

        privacy = WrappedLabel(self, muted=True)
        privacy.setObjectName("day_privacy")
        privacy.setText(PRIVACY)
        self.model = DayLinesModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("day_lines")
        self.table.setAccessibleName("The day's claims")
        self.table.setModel(self.model)
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
        self.conflicts.setAccessibleName("Same-day conflicts and lines not checked")

        self.editing = WrappedLabel(self)
        self.editing.setObjectName("day_editing")
        self.editing.hide()

        self.edit_button = QPushButton("Edit line", self)
        self.edit_button.setObjectName("day_edit")
        self.edit_button.setToolTip("Open the selected line in the calculator to change it "
                                    "(Enter or a double-click on the line)")
        self.update_button = QPushButton("Update line", self)
        self.update_button.setObjectName("day_update")
        self.update_button.setToolTip("Put the calculator's answer in place of the line "
                                      "being edited (Ctrl+U)")
        self.cancel_button = QPushButton("Cancel edit", self)
        self.cancel_button.setObjectName("day_cancel")
        self.cancel_button.setToolTip("Leave the line as it was (Escape on the sheet)")
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
        # the sheet's menu actions (the window puts them in its Edit menu)
        self.update_action = QAction("&Update day sheet line", self)
        self.update_action.setObjectName("update_day_action")
        self.update_action.setShortcut(QKeySequence("Ctrl+U"))
        self.cancel_action = QAction("Cance&l day sheet edit", self)
        self.cancel_action.setObjectName("cancel_day_action")
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        keys = [QShortcut(QKeySequence(key), self.table) for key in (
            Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape)]
        for key in keys:
            key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        # the checks beside the table: in a dock a third of the window high, the table
        # keeps every row it can show
        edit_buttons = QHBoxLayout()
        for button in (self.edit_button, self.update_button, self.cancel_button,
                       self.remove_button):
            edit_buttons.addWidget(button)
        edit_buttons.addStretch(1)
        buttons = QHBoxLayout()
        for button in (self.copy_button, self.clear_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        said = QWidget(self)
        said.setObjectName("day_checks")
        said_layout = QVBoxLayout(said)
        said_layout.setContentsMargins(0, 0, 0, 0)
        for label in (self.editing, self.totals, self.conflicts):
            said_layout.addWidget(label)
        said_layout.addStretch(1)
        # long conflicts at 150 % scroll up and down instead of being cut off
        scroll = scrolling_down(said, "day_checks_scroll", self)
        checks = QVBoxLayout()
        checks.addWidget(scroll, 1)
        checks.addLayout(edit_buttons)
        checks.addLayout(buttons)
        body = QHBoxLayout()
        body.addWidget(self.table, 3)
        body.addLayout(checks, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(privacy)
        layout.addWidget(self.problem)
        layout.addLayout(body, 1)

        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.update_button.clicked.connect(self._on_update_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.update_action.triggered.connect(self._on_update_clicked)
        self.cancel_action.triggered.connect(self._on_cancel_clicked)
        self.table.doubleClicked.connect(self._on_row_double_clicked)
        keys[0].activated.connect(self._on_edit_clicked)
        keys[1].activated.connect(self._on_edit_clicked)
        keys[2].activated.connect(self._on_cancel_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        delete.activated.connect(self._on_remove_clicked)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        self.clear_button.clicked.connect(self._on_clear_clicked)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self._show()

    # -- intention-level API -----------------------------------------------------------

    def add(self, calc: Calculation) -> bool:
        """Put an answer on the sheet: as a new line, or, while a row is being edited, in
        that row's place (as "Update line" does). False (and a line saying why) when it
        has nothing to claim; the calculator offers "Add to day sheet" for claimable
        answers only."""
        if self._editing is not None:
            return self._put(calc)
        try:
            line = day_line(self._rules, calc)
        except InputError as exc:
            self.show_problem(input_message(exc))
            return False
        self._lines.append(line)
        self._changed()
        self.table.selectRow(len(self._lines) - 1)
        return True

    def remove(self, row: int) -> None:
        """Take line ``row`` (0 = the first) off the sheet."""
        if 0 <= row < len(self._lines):
            del self._lines[row]
            if self._editing is not None:  # the edited row is gone, or has moved up
                self._set_editing(None if self._editing == row
                                  else self._editing - (self._editing > row))
            self._changed()
            if self._lines:
                self.table.selectRow(min(row, len(self._lines) - 1))

    def clear(self) -> None:
        self._lines.clear()
        self._set_editing(None)
        self._changed()

    def edit(self, row: int) -> bool:
        """Open line ``row`` (0 = the first) for editing: the row is marked and
        ``editRequested`` carries its request (the window loads it into the calculator).
        False when there is no such line or it does not say what it answered."""
        if not 0 <= row < len(self._lines) or self._lines[row].request is None:
            return False
        self._set_editing(row)
        self._show()
        self.table.selectRow(row)
        self.editRequested.emit(self._lines[row].request)
        return True

    def editing_row(self) -> int | None:
        """The row being edited (0 = the first), or None."""
        return self._editing

    def can_update(self) -> bool:
        """Whether "Update line" has something to do: a row is being edited and the
        calculator's answer is claimable."""
        return (self._editing is not None and self._current is not None
                and self._current.claimable)

    @Slot(object)
    def set_current(self, calc: Calculation | None) -> None:
        """The calculator's answer now: what "Update line" would put on the sheet."""
        self._current = calc
        self._show_editing()

    def update_line(self) -> bool:
        """Put the calculator's answer in place of the line being edited and check the day
        again. False (and a line saying why) when it has nothing to claim."""
        if self._editing is None:
            return False
        if self._current is None:
            self.show_problem("The calculator has no answer to put on the sheet.")
            return False
        return self._put(self._current)

    def _put(self, calc: Calculation) -> bool:
        """``calc`` in place of the line being edited; the edit ends."""
        try:
            line = day_line(self._rules, calc)
        except InputError as exc:
            self.show_problem(input_message(exc))
            return False
        row = self._editing
        self._set_editing(None)
        self._lines[row] = line
        self._changed()
        self.table.selectRow(row)
        return True

    def cancel_edit(self) -> None:
        """Stop editing: the line stays as it was."""
        if self._editing is not None:
            row = self._editing
            self._set_editing(None)
            self.problem.hide()
            self._show()
            self.table.selectRow(row)

    def set_rules(self, rules: Rules) -> None:
        """Check the day by ``rules`` (those of the calculator's date of service). No line
        is changed or dropped; a code ``rules`` lack is shown with the reason."""
        if rules is not self._rules:
            self._rules = rules
            self._changed()

    def _set_editing(self, row: int | None) -> None:
        if row != self._editing:
            self._editing = row
            self.editingChanged.emit(row)

    def show_problem(self, text: str) -> None:
        """A line above the sheet saying what went wrong (cleared by the next change)."""
        self.problem.show_problem(text)
        self.problem.setVisible(bool(text))

    def check(self) -> DayCheck:
        """The day as the core checks it: the lines, the units per code, the conflicts."""
        return self._check

    def copy_text(self) -> str:
        return day_text(self._check)

    def copy(self) -> None:
        text = self.copy_text()
        QGuiApplication.clipboard().setText(text)
        n, found = len(self._check.lines), len(_findings(self._check))
        self.announcer.now(f"Day sheet copied: {n} claim{'s' if n != 1 else ''}"
                           + (f", {found} to check" if found else ""))
        self.copied.emit(text)

    # -- what is shown -----------------------------------------------------------------

    def _changed(self) -> None:
        before = {f.text() for f in _findings(self._check)}
        self._check = check_day(self._rules, self._lines)
        new = [f for f in _findings(self._check) if f.text() not in before]
        if new:  # a conflict or a duplicate just made: said, not only shown in red; both
            # lines of a conflict carry it, so the later row (the one just added) goes first
            self.announcer.now(" ".join(f"Day sheet row {f.line}: {f.finding.text}"
                                        for f in sorted(new, key=lambda f: -f.line)))
        self.problem.show_problem(None)
        self.problem.hide()
        self._show()
        self.changed.emit(self._check)

    def _show(self) -> None:
        check = self._check
        self.model.show_day(check, self._editing)
        if check.lines:
            self.totals.setText("Units by code: " + "; ".join(
                f"{label}: {units}" for label, units in check.totals)
                + ("" if check.conflicts else f". {no_conflict(check)}"))
        else:
            self.totals.setText("No claims yet: in the calculator, “Add to day sheet” puts "
                                "the current answer here.")
        found = _findings(check)
        self.conflicts.show_problem("\n".join(c.text() for c in found))
        self.conflicts.setVisible(bool(found))
        has_lines = bool(check.lines)
        self.copy_button.setEnabled(has_lines)
        self.clear_button.setEnabled(has_lines)
        self._show_editing()
        self._on_selection_changed()

    def _show_editing(self) -> None:
        """The edit's line and buttons: shown while a row is being edited; its menu
        actions: usable then."""
        row = self._editing
        for widget in (self.editing, self.update_button, self.cancel_button):
            widget.setVisible(row is not None)
        self.edit_button.setVisible(row is None)
        self.update_action.setEnabled(self.can_update())
        self.cancel_action.setEnabled(row is not None)
        if row is None:
            return
        calc = self._current
        ready = self.can_update()
        self.editing.setText(
            f"Editing row {row + 1} in the calculator: “Update line” puts "
            + (f"{calc.label}, {calc.units} unit{'s' if calc.units != 1 else ''} in its "
               "place." if ready else "its answer there once it is claimable."))
        self.update_button.setEnabled(ready)

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
    def _on_edit_clicked(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.edit(rows[0].row())

    @Slot(QModelIndex)
    def _on_row_double_clicked(self, index: QModelIndex) -> None:
        self.edit(index.row())

    @Slot()
    def _on_update_clicked(self) -> None:
        self.update_line()

    @Slot()
    def _on_cancel_clicked(self) -> None:
        self.cancel_edit()

    @Slot()
    def _on_selection_changed(self) -> None:
        selected = bool(self.table.selectionModel().selectedRows())
        self.remove_button.setEnabled(selected)
        self.edit_button.setEnabled(selected)
