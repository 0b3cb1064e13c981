"""The calculator's result panel: the core's headline, the Copy and Add buttons, the
answer (:class:`gui.widgets.result_view.ResultView`) and "Show all notes".

It renders only: :meth:`ResultPanel.show_answer` shows a :class:`core.Calculation` as it
comes, or the message saying why there is none. What the buttons do, and whether they
can, is the page's (:class:`gui.calculator.CalculatorPage`).
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from core import Calculation
from gui.widgets.announce import Announcer
from gui.widgets.labels import HeadlineLabel
from gui.widgets.result_view import ResultView, hidden_notes

#: the headline while the inputs cannot be asked about (a quantity that is not a number…)
NO_ANSWER = "No answer yet"


def add_to_day_text(editing: int | None) -> str:
    """What "Add to day sheet" says: while row ``editing`` (0 = the first) of the day sheet
    is being edited, it puts the answer in that row's place instead of adding a line."""
    return "Add to day sheet" if editing is None else f"Update day sheet row {editing + 1}"


class ResultPanel(QWidget):
    """The right side of the calculator (objectName ``results``)."""

    #: the headline, each time it changes (also announced to screen readers)
    headlineChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("results")
        self.headline = HeadlineLabel(self)
        self.headline.setObjectName("headline")  # its text is its name: "Result" is the view
        #: says the headline to screen readers once typing pauses, and what was copied
        self.announcer = Announcer(self.headline)
        self.copy_button = QPushButton("Cop&y summary", self)
        self.copy_button.setObjectName("copy")
        self.copy_button.setAccessibleName("Copy summary to the clipboard")
        self.copy_button.setToolTip("Copy a plain-text summary for the progress note "
                                    "(Ctrl+Shift+C). No date, nothing about the client.")
        # no mnemonic: every letter of it is taken on this page; Ctrl+D (Edit menu) does it
        self.add_to_day_button = QPushButton(add_to_day_text(None), self)
        self.add_to_day_button.setObjectName("add_to_day")
        self.set_day_editing(None)
        self.result = ResultView(self)
        self.result.setMinimumHeight(120)
        self.all_notes = QPushButton("Show all &notes", self)
        self.all_notes.setObjectName("all_notes")
        self.all_notes.setCheckable(True)
        self.all_notes.setAccessibleName("Show all notes")
        buttons = QVBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.add_to_day_button)
        buttons.addStretch(1)
        bar = QHBoxLayout()
        bar.addWidget(self.headline, 1)
        bar.addLayout(buttons)
        notes_bar = QHBoxLayout()
        notes_bar.addStretch(1)
        notes_bar.addWidget(self.all_notes)
        right = QVBoxLayout(self)
        right.setContentsMargins(6, 0, 0, 0)
        right.addLayout(bar)
        right.addWidget(self.result, 1)
        right.addLayout(notes_bar)
        self.all_notes.toggled.connect(self._on_all_notes_toggled)

    def tab_order(self) -> tuple[QWidget, ...]:
        """The panel's widgets in the order Tab visits them."""
        return (self.copy_button, self.add_to_day_button, self.result, self.all_notes)

    def show_answer(self, calc: Calculation | None, message: str = "") -> None:
        """Show the core's answer as it comes; None: ``message`` says why there is none."""
        if calc is not None:
            self.result.show_calculation(calc)
        else:
            self.result.show_error(message)
        self.all_notes.setVisible(calc is not None and hidden_notes(calc) > 0)
        self._set_headline(calc.headline() if calc is not None else NO_ANSWER,
                           calc.status if calc is not None else None)

    def show_fewer_notes(self) -> None:
        self.all_notes.setChecked(False)

    def set_day_editing(self, row: int | None) -> None:
        """Row ``row`` of the day sheet (0 = the first; None: none) is being edited: "Add
        to day sheet" says it puts the answer in that row's place (the sheet does so)."""
        button = self.add_to_day_button
        button.setText(add_to_day_text(row))
        if row is None:
            button.setAccessibleName("Add this claim to the day sheet")
            button.setToolTip("Put this claim on the day sheet, which adds up the day's "
                              "units and shows same-day conflicts (Ctrl+D)")
        else:
            button.setAccessibleName(f"Put this claim in place of row {row + 1} of the day "
                                     "sheet")
            button.setToolTip(f"Put this claim in place of row {row + 1}, the line being "
                              "edited, as “Update line” does (Ctrl+D or Ctrl+U)")

    def _set_headline(self, text: str, status: str | None) -> None:
        if text == self.headline.text():
            return
        self.headline.show_headline(text, status)
        self.announcer.later(text)  # once the typing pauses: "100" says one result, not three
        self.headlineChanged.emit(text)

    @Slot(bool)
    def _on_all_notes_toggled(self, on: bool) -> None:
        self.all_notes.setText("Show fewer &notes" if on else "Show all &notes")
        self.result.set_all_notes(on)
