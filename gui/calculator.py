"""The calculator page: the input form on the left, the result panel on the right, and
the page's menu actions (Copy summary, Add to day sheet, New calculation).

It computes nothing and decides nothing. The path of a request, from a keystroke to the
answer on screen:

1. A key changes an input of :class:`gui.calculator_form.CalculatorForm`, which sends
   ``changed``; the page's :meth:`CalculatorPage.recalculate` runs.
2. ``form.ask()`` reads the inputs: the date of service picks the rules the pickers offer,
   and the inputs become a :class:`core.Request` (or, while a number or the date cannot
   be read, the line saying why, and no request).
3. ``library.calculate(request)`` answers, by the pack in force on the request's date.
4. ``form.show_answer`` puts each of the answer's problems on the line under the input it
   concerns; :class:`gui.result_panel.ResultPanel` shows the answer as it comes (headline,
   result, notes); whether Copy and Add can be used is set once, from the answer, for the
   buttons and the menu actions alike; ``resultChanged`` carries the answer to the window
   (the day sheet's "Update line").

Copy puts the core's ``Calculation.plain_text()`` on the clipboard; Add sends the answer
to the day sheet (``addToDayRequested``).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QWidget

from core import Calculation, InputError, Library, Request, Rules
from core.catalog import OptionInfo, ServiceInfo
from gui import errors
from gui.calculator_form import CalculatorForm
from gui.prefs import Preferences
from gui.result_panel import ResultPanel, add_to_day_text
from gui.widgets.labels import scrolling_down


class CalculatorPage(QWidget):
    """The calculator: inputs, problem lines, result and copy button, live on every change."""

    #: emitted after every recalculation: the :class:`core.Calculation`, or ``None`` when
    #: there is no answer (an input not usable yet, or a request the core refused)
    resultChanged = Signal(object)
    #: emitted after the summary was put on the clipboard, with the text copied
    copied = Signal(str)
    #: the headline of the result, each time it changes (also announced to screen readers)
    headlineChanged = Signal(str)
    #: the date of service called for another rules pack: the pickers now offer its rules
    rulesChanged = Signal(object)
    #: "Add to day sheet" was pressed: the current (claimable) Calculation
    addToDayRequested = Signal(object)
    #: an action that works on the page's inputs was triggered from the menu: show the page
    showRequested = Signal()

    def __init__(self, library: Library, prefs: Preferences,
                 parent: QWidget | None = None) -> None:
        """``library``: the rules packs; the date of service picks the one that answers and
        whose lists the pickers offer (at first: :meth:`core.Library.opening_rules`)."""
        super().__init__(parent)
        self.setObjectName("calculator_page")
        self._library = library
        self._calc: Calculation | None = None
        self.form = CalculatorForm(library, prefs)
        self.inputs_scroll = scroll = scrolling_down(self.form, "inputs_scroll", self)
        self.panel = ResultPanel(self)
        # the panel's parts that tests and automation use by name
        self.headline, self.result = self.panel.headline, self.panel.result
        self.announcer = self.panel.announcer
        self._build_actions()

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("calculator_splitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(scroll)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([400, 600])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)
        # as wide as the inputs need: the form scrolls up and down, never sideways
        scroll.setMinimumWidth(self.form.minimumSizeHint().width()
                               + scroll.verticalScrollBar().sizeHint().width())
        order = self.form.tab_order() + self.panel.tab_order()
        for first, second in zip(order, order[1:]):
            QWidget.setTabOrder(first, second)

        self.form.changed.connect(self._on_form_changed)
        self.form.rulesChanged.connect(self.rulesChanged)
        self.panel.headlineChanged.connect(self.headlineChanged)
        self.panel.copy_button.clicked.connect(self._on_copy_clicked)
        self.panel.add_to_day_button.clicked.connect(self._on_add_to_day_clicked)
        self.recalculate()

    def _build_actions(self) -> None:
        """The page's menu actions; the window puts them in its menus (and takes their
        shortcuts from every tab)."""
        self.copy_action = QAction("&Copy summary", self)
        self.copy_action.setObjectName("copy_action")
        self.copy_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.copy_action.triggered.connect(self._on_copy_clicked)
        self.add_to_day_action = QAction(self._add_to_day_action_text(None), self)
        self.add_to_day_action.setObjectName("add_to_day_action")
        self.add_to_day_action.setShortcut(QKeySequence("Ctrl+D"))
        self.add_to_day_action.triggered.connect(self._on_add_to_day_clicked)
        self.clear_action = QAction("&New calculation", self)
        self.clear_action.setObjectName("clear_action")
        self.clear_action.setShortcut(QKeySequence("Ctrl+N"))
        self.clear_action.triggered.connect(self._on_clear_triggered)

    # -- asking the core ---------------------------------------------------------------

    def recalculate(self) -> Calculation | None:
        """Ask the core for the current inputs and show its answer."""
        asked = self.form.ask()
        calc, refused = None, None
        if asked.request is not None:
            try:
                calc = self._library.calculate(asked.request)
            except InputError as exc:
                refused = errors.input_message(exc)
        self._calc = calc
        self.form.show_answer(calc, asked.lines, refused)
        self.panel.show_answer(calc, asked.why_not or refused or "")
        copy, add = self.can_copy(), self.can_add_to_day()  # once, for buttons and menu
        for widget, enabled in ((self.panel.copy_button, copy), (self.copy_action, copy),
                                (self.panel.add_to_day_button, add),
                                (self.add_to_day_action, add)):
            widget.setEnabled(enabled)
        self.resultChanged.emit(calc)
        return calc

    def current_result(self) -> Calculation | None:
        """The latest calculation, or None when there is no answer."""
        return self._calc

    def can_copy(self) -> bool:
        return self._calc is not None and self._calc.status != "incomplete"

    def can_add_to_day(self) -> bool:
        return self._calc is not None and self._calc.claimable

    def result_text(self) -> str:
        return self.result.toPlainText()

    # -- what the page does with an answer ---------------------------------------------

    def copy_result(self) -> str | None:
        """Put the core's plain-text summary on the clipboard; returns it (None: nothing
        to copy yet)."""
        if not self.can_copy():
            return None
        text = self._calc.plain_text()
        QGuiApplication.clipboard().setText(text)
        self.announcer.now(f"Summary copied: {self._calc.headline()}")
        self.copied.emit(text)
        return text

    def add_to_day(self) -> bool:
        """Ask for the current answer to go on the day sheet (False: it is not claimable);
        while a line is being edited, the sheet puts it in that line's place."""
        if not self.can_add_to_day():
            return False
        self.addToDayRequested.emit(self._calc)
        return True

    @Slot(object)
    def set_day_editing(self, row: int | None) -> None:
        """Row ``row`` of the day sheet (0 = the first; None: none) is being edited: "Add
        to day sheet" (button and menu) says it puts the answer in that row's place."""
        self.panel.set_day_editing(row)
        self.add_to_day_action.setText(self._add_to_day_action_text(row))

    @staticmethod
    def _add_to_day_action_text(row: int | None) -> str:
        return add_to_day_text(row).replace("day sheet", "&day sheet")

    def clear(self) -> None:
        """A new calculation: no service, no quantity, in person, nothing ticked. The
        discipline and level of care stay (they are the clinician's, not the client's)."""
        self.panel.show_fewer_notes()
        self.form.clear()

    # -- the inputs (gui.calculator_form): what tests, automation and the window use ----

    def rules(self) -> Rules:
        """The rules the pickers offer (those of the date of service, once it is read)."""
        return self.form.rules()

    def current_request(self) -> Request:
        return self.form.current_request()

    def current_service(self) -> ServiceInfo | None:
        return self.form.current_service()

    def current_option(self) -> OptionInfo | None:
        return self.form.current_option()

    def focus_first_input(self) -> None:
        self.form.focus_first_input()

    def focus_service_search(self) -> None:
        self.form.focus_service_search()

    def focus_quantity(self) -> None:
        self.form.focus_quantity()

    def set_date_of_service(self, day: date | str) -> None:
        self.form.set_date_of_service(day)

    def select_discipline(self, discipline_id: str) -> None:
        self.form.select_discipline(discipline_id)

    def select_service(self, service: str) -> None:
        self.form.select_service(service)

    def select_option(self, key: str) -> None:
        self.form.select_option(key)

    def set_quantity(self, value: int | str) -> None:
        self.form.set_quantity(value)

    def select_mode(self, mode_id: str) -> None:
        self.form.select_mode(mode_id)

    def select_setting(self, setting_id: str) -> None:
        self.form.select_setting(setting_id)

    def set_non_billable(self, travel: int | None = None, documentation: int | None = None,
                         activities: int | None = None) -> None:
        self.form.set_non_billable(travel, documentation, activities)

    def check_activities(self, *ids: str, checked: bool = True) -> None:
        self.form.check_activities(*ids, checked=checked)

    def quantity_kept(self) -> bool:
        return self.form.quantity_kept()

    def confirm_quantity(self) -> None:
        self.form.confirm_quantity()

    def use_code(self, key: str) -> bool:
        return self.form.use_code(key)

    def load_request(self, request: Request) -> tuple[str, ...]:
        return self.form.load_request(request)

    # -- slots -------------------------------------------------------------------------

    @Slot()
    def _on_form_changed(self) -> None:
        self.recalculate()

    @Slot()
    def _on_copy_clicked(self) -> None:
        self.copy_result()

    @Slot()
    def _on_add_to_day_clicked(self) -> None:
        self.add_to_day()

    @Slot()
    def _on_clear_triggered(self) -> None:
        self.showRequested.emit()  # its inputs are where the focus goes next
        self.clear()
