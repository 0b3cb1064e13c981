"""The calculator page: the inputs on the left, the live result on the right.

It computes nothing. It builds a :class:`core.Request` from its inputs, calls
:func:`core.calculate` on every change, and shows the :class:`core.Calculation` as it
comes: the result on the right, and each of the answer's problems on a line under the
input it concerns. Every list it offers comes from ``core.catalog`` or the rules.

:class:`gui.main_window.MainWindow` builds this page once the rules are loaded, and
offers its intention-level methods (``select_service``...) as its own.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QSizePolicy,
    QSpinBox, QSplitter, QVBoxLayout, QWidget,
)

from core import Calculation, InputError, NonBillable, Request, Rules, calculate
from core import catalog
from core.catalog import OptionInfo, ServiceInfo
from gui import errors
from gui.prefs import DISCIPLINE, SETTING, Preferences
from gui.widgets.activities import ActivityChecklist
from gui.widgets.labels import ProblemLabel, WrappedLabel
from gui.widgets.result_view import ResultView
from gui.widgets.service_picker import ServicePicker

_ID = Qt.ItemDataRole.UserRole


def _combo(name: str, accessible: str, items: list[tuple[str, str]], parent: QWidget,
           tips: list[str] | None = None) -> QComboBox:
    """A combo box whose items show ``text`` and carry the core's id as item data."""
    box = QComboBox(parent)
    box.setObjectName(name)
    box.setAccessibleName(accessible)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(16)
    box.setMaxVisibleItems(20)
    for i, (ident, text) in enumerate(items):
        box.addItem(text, ident)
        if tips:
            box.setItemData(i, tips[i], Qt.ItemDataRole.ToolTipRole)
    return box


def _minutes_box(name: str, accessible: str, maximum: int, parent: QWidget) -> QSpinBox:
    box = QSpinBox(parent)
    box.setObjectName(name)
    box.setAccessibleName(accessible)
    box.setRange(0, maximum)
    box.setSuffix(" minutes")
    box.setAccelerated(True)
    return box


class CalculatorPage(QWidget):
    """The calculator: inputs, problem lines, result and copy button, live on every change."""

    #: emitted after every recalculation: the :class:`core.Calculation`, or ``None`` when
    #: the core could not answer the request (its message is then shown as ``input_error``)
    resultChanged = Signal(object)
    #: emitted after the summary was put on the clipboard, with the text copied
    copied = Signal(str)

    def __init__(self, rules: Rules, prefs: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calculator_page")
        self._rules = rules
        self._prefs = prefs
        self._services: tuple[ServiceInfo, ...] = catalog.services(rules)
        self._calc: Calculation | None = None
        self._quiet = True  # no recalculation while the page is being set up
        self._kind: str | None = None
        self._quantity_by_kind: dict[str, int] = {}  # this session only, never saved
        self._unit_words = ("minute", "minutes")  # the quantity's unit, singular and plural

        self._build()
        self._restore_preferences()
        self._connect()
        self._on_discipline_changed(self.discipline.currentIndex())
        self._configure_service(self.service.current_service())
        self._quiet = False
        self.recalculate()

    # -- building ----------------------------------------------------------------------

    def _build(self) -> None:
        rules = self._rules
        minutes_max = rules.quantity("minutes").maximum

        inputs = QWidget(self)
        inputs.setObjectName("inputs")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self._form = form
        self._problems: dict[str, ProblemLabel] = {}  # Problem.field -> the line under it

        self.discipline = _combo(
            "discipline", "Discipline",
            [(d.id, f"{d.id} — {d.name}") for d in rules.disciplines], inputs,
            ["Licensed (clinical) staff" if d.licensed else "Not licensed"
             for d in rules.disciplines])
        form.addRow(self._label("&Discipline:", self.discipline), self.discipline)
        self._add_problem_row("discipline", "discipline", self.discipline, inputs)

        self.service = ServicePicker(self._services, inputs)
        self.service.setAccessibleName("Service: type a code or words to search")
        form.addRow(self._label("&Service:", self.service), self.service)

        self.service_info = WrappedLabel(inputs)
        self.service_info.setObjectName("service_info")
        self.service_info.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted
        form.addRow("", self.service_info)

        self.option = QComboBox(inputs)
        self.option.setObjectName("option")
        self.option.setAccessibleName("Billing option the plan chose")
        self.option.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.option.setMinimumContentsLength(16)
        form.addRow(self._label("Billing o&ption:", self.option), self.option)

        self.quantity = QSpinBox(inputs)
        self.quantity.setObjectName("quantity")
        self.quantity.setAccessibleName("Quantity")
        self.quantity.setRange(0, minutes_max)
        self.quantity.setAccelerated(True)
        self.quantity.setSuffix(" minutes")
        form.addRow(self._label("&Quantity:", self.quantity), self.quantity)
        self._add_problem_row("quantity", "quantity", self.quantity, inputs)

        self.mode = _combo("mode", "Delivery mode", list(catalog.MODES), inputs)
        form.addRow(self._label("Delivery &mode:", self.mode), self.mode)
        self._add_problem_row("mode", "delivery mode", self.mode, inputs)

        self.setting = _combo("setting", "Level of care (setting)",
                              [(s.id, s.name) for s in rules.settings], inputs)
        form.addRow(self._label("&Level of care:", self.setting), self.setting)
        self._add_problem_row("setting", "level of care", self.setting, inputs)

        self.input_error = QLabel(inputs)
        self.input_error.setObjectName("input_error")
        self.input_error.setAccessibleName("Problem with the input")
        self.input_error.setWordWrap(True)
        self.input_error.setTextFormat(Qt.TextFormat.PlainText)
        self.input_error.hide()

        # care coordination: non-billable minutes and seed 004's activities
        self.care = QGroupBox("Care coordination", inputs)
        self.care.setObjectName("care_coordination")
        care_layout = QVBoxLayout(self.care)
        hint = QLabel("Time that is not direct service: recorded and shown in the result, "
                      "never counted in the units.", self.care)
        hint.setWordWrap(True)
        care_layout.addWidget(hint)
        nb_form = QFormLayout()
        self.travel = _minutes_box("travel", "Travel minutes (not billable)",
                                   minutes_max, self.care)
        self.documentation = _minutes_box("documentation",
                                          "Documentation minutes (not billable)",
                                          minutes_max, self.care)
        self.non_billable_activities = _minutes_box(
            "non_billable_activities", "Minutes of not-billable activities", minutes_max,
            self.care)
        nb_form.addRow(self._label("&Travel:", self.travel), self.travel)
        nb_form.addRow(self._label("D&ocumentation:", self.documentation), self.documentation)
        nb_form.addRow(self._label("Not-billable acti&vities:", self.non_billable_activities),
                       self.non_billable_activities)
        care_layout.addLayout(nb_form)
        self.activities = ActivityChecklist(self._rules.activities, self.care)
        care_layout.addWidget(self._label("Activities done (Space or Enter ticks; "
                                          "not-billable ones are marked):", self.activities))
        care_layout.addWidget(self.activities, 1)

        left = QVBoxLayout(inputs)
        left.setContentsMargins(0, 0, 6, 0)
        left.addLayout(form)
        left.addWidget(self.input_error)
        left.addWidget(self.care, 1)
        self._left_stretch = QWidget(inputs)  # takes the space when the group is hidden
        self._left_stretch.setSizePolicy(QSizePolicy.Policy.Preferred,
                                         QSizePolicy.Policy.Expanding)
        left.addWidget(self._left_stretch, 1)

        # result side
        results = QWidget(self)
        results.setObjectName("results")
        self.result = ResultView(results)
        self.result.setTabChangesFocus(True)
        self.copy_button = QPushButton("Cop&y summary", results)
        self.copy_button.setObjectName("copy")
        self.copy_button.setAccessibleName("Copy summary to the clipboard")
        self.copy_button.setToolTip("Copy a plain-text summary for the progress note "
                                    "(Ctrl+Shift+C). No date, nothing about the client.")
        title = QLabel("Result", results)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        bar = QHBoxLayout()
        bar.addWidget(title)
        bar.addStretch(1)
        bar.addWidget(self.copy_button)
        right = QVBoxLayout(results)
        right.setContentsMargins(6, 0, 0, 0)
        right.addLayout(bar)
        right.addWidget(self.result, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("calculator_splitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(inputs)
        splitter.addWidget(results)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([400, 600])
        layout = QHBoxLayout(self)
        layout.addWidget(splitter)

        for first, second in ((self.discipline, self.service), (self.service, self.option),
                              (self.option, self.quantity), (self.quantity, self.mode),
                              (self.mode, self.setting), (self.setting, self.travel),
                              (self.travel, self.documentation),
                              (self.documentation, self.non_billable_activities),
                              (self.non_billable_activities, self.activities),
                              (self.activities, self.copy_button),
                              (self.copy_button, self.result)):
            QWidget.setTabOrder(first, second)

    def _add_problem_row(self, field: str, what: str, buddy: QWidget, parent: QWidget) -> None:
        """A hidden line under ``buddy`` for the core's problem with that input."""
        label = ProblemLabel(f"{field}_problem", what, buddy, parent)
        self._problems[field] = label
        self._form.addRow("", label)
        self._form.setRowVisible(label, False)

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, buddy.parentWidget())
        label.setBuddy(buddy)
        return label

    def _connect(self) -> None:
        self.discipline.currentIndexChanged.connect(self._on_discipline_changed)
        self.service.serviceChanged.connect(self._on_service_changed)
        self.option.currentIndexChanged.connect(self._on_option_changed)
        self.quantity.valueChanged.connect(self._on_quantity_changed)
        self.mode.currentIndexChanged.connect(self._on_mode_changed)
        self.setting.currentIndexChanged.connect(self._on_setting_changed)
        self.travel.valueChanged.connect(self._on_non_billable_changed)
        self.documentation.valueChanged.connect(self._on_non_billable_changed)
        self.non_billable_activities.valueChanged.connect(self._on_non_billable_changed)
        self.activities.checkedChanged.connect(self._on_activities_changed)
        self.copy_button.clicked.connect(self._on_copy_clicked)

    # -- preferences (never anything about a client) -----------------------------------

    def _restore_preferences(self) -> None:
        p = self._prefs
        for combo, key in ((self.discipline, DISCIPLINE), (self.setting, SETTING)):
            wanted = p.text(key)
            row = combo.findData(wanted) if wanted is not None else -1
            if row >= 0:  # an id the rules no longer have is simply ignored
                combo.setCurrentIndex(row)

    # -- keyboard focus ----------------------------------------------------------------

    def focus_first_input(self) -> None:
        """Where keyboard users start: the discipline on a first run, else the service."""
        wanted = self._prefs.text(DISCIPLINE)
        known = wanted is not None and self.discipline.findData(wanted) >= 0
        (self.service if known else self.discipline).setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_service_search(self) -> None:
        self.service.focus_search()

    def focus_quantity(self) -> None:
        self.quantity.setFocus(Qt.FocusReason.OtherFocusReason)
        self.quantity.selectAll()

    # -- intention-level API (tests, automation, the self-check) -----------------------

    def select_discipline(self, discipline_id: str) -> None:
        self._select(self.discipline, discipline_id)

    def select_service(self, service: str) -> None:
        """Pick a service by id (``tcm-icc``) or by a code it offers (``H0034``)."""
        if not self.service.select(service):
            raise ValueError(f"no service {service!r}")

    def select_option(self, key: str) -> None:
        """Pick the billing option (``T2050 U6``) of a service whose plan chooses."""
        self._select(self.option, key)

    def set_quantity(self, value: int) -> None:
        self.quantity.setValue(value)

    def select_mode(self, mode_id: str) -> None:
        self._select(self.mode, mode_id)

    def select_setting(self, setting_id: str) -> None:
        self._select(self.setting, setting_id)

    def set_non_billable(self, travel: int | None = None, documentation: int | None = None,
                         activities: int | None = None) -> None:
        for box, value in ((self.travel, travel), (self.documentation, documentation),
                           (self.non_billable_activities, activities)):
            if value is not None:
                box.setValue(value)

    def check_activities(self, *ids: str, checked: bool = True) -> None:
        self.activities.set_checked(ids, checked)

    def current_service(self) -> ServiceInfo | None:
        return self.service.current_service()

    def current_option(self) -> OptionInfo | None:
        info = self.current_service()
        if info is None:
            return None
        if info.plan_chooses:
            key = self.option.currentData(_ID)
            return next((o for o in info.options if o.key == key), info.options[0])
        return info.options[0]

    def current_request(self) -> Request:
        """The question the inputs ask, as the core's :class:`Request`."""
        info = self.current_service()
        option = self.current_option()
        care = info is not None and info.care_coordination
        chosen = info is not None and info.plan_chooses and option is not None
        return Request(
            discipline=self.discipline.currentData(_ID),
            service=info.id if info else None,
            code=option.code if chosen else None,
            modifiers=option.modifiers if chosen else (),
            quantity=self.quantity.value(),
            quantity_kind=option.quantity_kind if option else "minutes",
            mode=self.mode.currentData(_ID),
            setting=self.setting.currentData(_ID),
            non_billable=NonBillable(
                travel=self.travel.value(), documentation=self.documentation.value(),
                activities=self.non_billable_activities.value()) if care else NonBillable(),
            activities=self.activities.checked() if care else (),
        )

    def current_result(self) -> Calculation | None:
        """The latest calculation, or None when the core could not answer."""
        return self._calc

    def result_text(self) -> str:
        return self.result.toPlainText()

    def copy_result(self) -> str | None:
        """Put the plain-text summary on the clipboard; returns it (None: nothing to copy)."""
        if self._calc is None:
            return None
        text = self._calc.plain_text()
        QGuiApplication.clipboard().setText(text)
        self.copied.emit(text)
        return text

    def can_copy(self) -> bool:
        return self._calc is not None

    def recalculate(self) -> Calculation | None:
        """Ask the core again for the current inputs and show its answer."""
        try:
            calc = calculate(self._rules, self.current_request())
        except InputError as exc:
            message = errors.input_message(exc)
            self._calc = None
            self.input_error.setText(message)
            self.input_error.show()
            self._show_problems(None)
            self.result.show_error(message)
            self.copy_button.setEnabled(False)
            self.resultChanged.emit(None)
            return None
        self._calc = calc
        if self.input_error.isVisibleTo(self):
            self.input_error.hide()
        self._show_problems(calc)
        self.result.show_calculation(calc)
        self.copy_button.setEnabled(True)
        self.resultChanged.emit(calc)
        return calc

    def _show_problems(self, calc: Calculation | None) -> None:
        """Each problem of the answer on the line under its input; the others hidden.

        At quantity 0 nothing has been entered yet: the result says so calmly, and the
        quantity gets no red line for a value nobody typed.
        """
        texts: dict[str, list[str]] = {}
        for p in calc.problems if calc is not None else ():
            if p.field == "quantity" and calc.quantity == 0:
                continue
            texts.setdefault(p.field, []).append(p.text)
        for field, label in self._problems.items():
            text = " ".join(texts.get(field, ()))
            label.show_problem(text)
            if self._form.isRowVisible(label) != bool(text):
                self._form.setRowVisible(label, bool(text))

    @staticmethod
    def _select(combo: QComboBox, ident: str) -> None:
        row = combo.findData(ident)
        if row < 0:
            raise ValueError(f"{combo.objectName()} has no {ident!r}")
        combo.setCurrentIndex(row)

    # -- reacting to the inputs --------------------------------------------------------

    def _configure_service(self, info: ServiceInfo | None) -> None:
        """Show the inputs this service needs: billing option, quantity unit, care coordination."""
        was_quiet, self._quiet = self._quiet, True
        try:
            self.option.blockSignals(True)
            self.option.clear()
            if info is not None and info.plan_chooses:
                for o in info.options:
                    self.option.addItem(o.label, o.key)
                    self.option.setItemData(self.option.count() - 1,
                                            f"{o.key}: {o.basis}", Qt.ItemDataRole.ToolTipRole)
            self.option.blockSignals(False)
            self._form.setRowVisible(self.option, bool(info and info.plan_chooses))
            care = bool(info and info.care_coordination)
            self.care.setVisible(care)
            self._left_stretch.setVisible(not care)
            self.service_info.setText(info.description if info else "")
            self.service_info.setToolTip(f"{info.program_name}: {info.name}" if info else "")
            self._configure_quantity(self.current_option())
        finally:
            self._quiet = was_quiet

    def _configure_quantity(self, option: OptionInfo | None) -> None:
        if option is None:
            return
        box = self.quantity
        box.blockSignals(True)
        if self._kind is not None and self._kind != option.quantity_kind:
            self._quantity_by_kind[self._kind] = box.value()
            box.setMaximum(option.quantity_max)
            box.setValue(self._quantity_by_kind.get(option.quantity_kind, 0))
        else:
            box.setMaximum(option.quantity_max)
        basis = self._rules.basis(self._rules.entry(option.key).unit.basis)
        self._unit_words = (basis.item, option.quantity_unit)
        self._update_quantity_suffix()
        box.setAccessibleName(f"Quantity in {option.quantity_unit}")
        box.setToolTip(f"{option.quantity_unit.capitalize()}, counted {option.basis} "
                       f"(0 to {option.quantity_max})")
        box.blockSignals(False)
        self._kind = option.quantity_kind

    def _update_quantity_suffix(self) -> None:
        singular, plural = self._unit_words
        suffix = f" {singular if self.quantity.value() == 1 else plural}"
        if self.quantity.suffix() != suffix:
            self.quantity.setSuffix(suffix)

    def _refresh(self) -> None:
        if not self._quiet:
            self.recalculate()

    @Slot(int)
    def _on_discipline_changed(self, row: int) -> None:
        d = self.discipline.currentData(_ID)
        if d is None:
            return
        if not self._quiet:
            self._prefs.write(DISCIPLINE, d)
        self.service.mark_eligibility(
            d, [catalog.eligibility(self._rules, s.id, d) for s in self._services])
        self._refresh()

    @Slot(str)
    def _on_service_changed(self, service_id: str) -> None:
        self._configure_service(self.current_service())
        self._refresh()

    @Slot(int)
    def _on_option_changed(self, row: int) -> None:
        self._configure_quantity(self.current_option())
        self._refresh()

    @Slot(int)
    def _on_quantity_changed(self, value: int) -> None:
        self._update_quantity_suffix()
        self._refresh()

    @Slot(int)
    def _on_mode_changed(self, row: int) -> None:
        self._refresh()

    @Slot(int)
    def _on_setting_changed(self, row: int) -> None:
        s = self.setting.currentData(_ID)
        if s is not None and not self._quiet:
            self._prefs.write(SETTING, s)
        self._refresh()

    @Slot(int)
    def _on_non_billable_changed(self, value: int) -> None:
        self._refresh()

    @Slot(tuple)
    def _on_activities_changed(self, ids: tuple) -> None:
        self._refresh()

    @Slot()
    def _on_copy_clicked(self) -> None:
        self.copy_result()
