"""The calculator's input form: the widgets a clinician fills in, read into a
:class:`core.Request`.

It computes nothing and decides nothing. :meth:`CalculatorForm.ask` reads the inputs:
the request they make, or, while a number or the date cannot be read, the line under
the input that says why (then there is nothing to ask). :meth:`CalculatorForm.show_answer`
puts each of the core's problems on the line under the input it concerns. Every list it
offers, and whether the delivery mode and the level of care apply to a code, comes from
``core.catalog``; :attr:`CalculatorForm.changed` says an input changed (the page asks
again).

Inputs are never changed behind the clinician's back: a quantity is typed text, read
as a whole number or explained ("1500 minutes is more than…"), never cut to fit; a
service field whose text picks nothing shows no service, never the one before.

A quantity (and a delivery mode other than in person) kept when the clinician moves to
another service is not taken as meant for it: the request says it was kept
(``Request.kept``), the core answers with no claim and a prompt, and the line under the
quantity says how to confirm it (Enter in the field, or typing another number; choosing a
delivery mode confirms too).

The date of service (today unless typed; kept in memory only) chooses the rules whose
lists the pickers offer (``library.for_date(date)``). When the date calls for another
rules pack, the pickers are refilled from that pack's catalog, keeping what was chosen
where the pack still has it; a date no pack covers shows the core's one-line message
under the date.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget,
)

from core import (
    Calculation, CoreError, InputError, Kept, Library, NonBillable, Request, Rules, catalog,
)
from core.catalog import OptionInfo, ServiceInfo
from gui import errors
from gui.prefs import DISCIPLINE, SETTING, Preferences
from gui.widgets.activities import ActivityChecklist
from gui.widgets.fields import FieldLabel, FindingCombo, NumberField, SelectOnFocus, read_date
from gui.widgets.labels import ProblemLabel, WrappedLabel
from gui.widgets.service_picker import ServicePicker

_ID = Qt.ItemDataRole.UserRole

#: how a date of service may be typed (read by gui.widgets.fields.read_date, core's reader)
DATE_HINT = "Type the date of service as YYYY-MM-DD (or MM/DD/YYYY), e.g. {today}."


class Asked(NamedTuple):
    """What the inputs ask (:meth:`CalculatorForm.ask`)."""

    #: the question, or None while an input cannot be read (nothing to ask the core then)
    request: Request | None
    #: the lines under the inputs that cannot be read, by field ("date", "quantity", "care")
    lines: dict[str, str]
    #: why there is no request: the first of those lines (None when there is a request)
    why_not: str | None


def _combo(name: str, accessible: str, items: list[tuple[str, str]], parent: QWidget,
           placeholder: str = "") -> FindingCombo:
    """A combo box whose items show ``text`` and carry the core's id as item data."""
    box = FindingCombo(parent)
    box.setObjectName(name)
    box.setAccessibleName(accessible)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(14)
    box.setMaxVisibleItems(20)
    for ident, text in items:
        box.addItem(text, ident)
    if placeholder:
        box.setPlaceholderText(placeholder)
        box.setCurrentIndex(-1)
    return box


class CalculatorForm(QWidget):
    """The calculator's inputs (objectName ``inputs``), and the lines under them."""

    #: an input changed: the request may be another (not sent while the form is being
    #: set up or refilled, nor for each step of :meth:`clear`)
    changed = Signal()
    #: the date of service called for another rules pack: the pickers now offer its rules
    rulesChanged = Signal(object)

    def __init__(self, library: Library, prefs: Preferences,
                 parent: QWidget | None = None) -> None:
        """``library``: the rules packs; the date of service picks the one whose lists
        the pickers offer (at first: :meth:`core.Library.opening_rules`)."""
        super().__init__(parent)
        self.setObjectName("inputs")
        self._library = library
        self._rules = library.opening_rules()
        self._prefs = prefs
        self._services = catalog.services(self._rules)
        self._quiet = True  # no "changed" while the form is being set up
        self._kind: str | None = None
        self._quantity_by_kind: dict[str, str] = {}  # this service's options only, never saved
        self._service_id: str | None = None
        #: the service the quantity (and mode) were entered or confirmed for; None: not
        #: yet any (a quantity typed before a service is for the first one chosen)
        self._quantity_for: str | None = None

        self._build()
        self._restore_preferences()
        self._connect()
        self._on_discipline_changed(self.discipline.currentIndex())
        self._configure_service(None)
        self._quiet = False

    # -- building ----------------------------------------------------------------------

    def _build(self) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._form = form
        self._lines: dict[str, ProblemLabel] = {}  # Problem.field (and more) -> its line

        self.date_of_service = QLineEdit(date.today().isoformat(), self)
        self.date_of_service.setObjectName("date_of_service")
        self.date_of_service.setAccessibleName("Date of service")
        self.date_of_service.setPlaceholderText("YYYY-MM-DD")
        self.date_of_service.setToolTip("The day the service was given (today unless you "
                                        "type another): it chooses the rules that apply. "
                                        "YYYY-MM-DD or MM/DD/YYYY. Never saved.")
        SelectOnFocus(self.date_of_service)  # typing replaces the date
        self._row("Date of serv&ice:", self.date_of_service, "date", "date of service")

        self.discipline = _combo("discipline", "Discipline", self._discipline_items(), self,
                                 "Choose your discipline")
        self._row("&Discipline:", self.discipline, "discipline", "discipline")

        self.service = ServicePicker(self._services, self._search_ids, self)
        self.service.setAccessibleName("Service: type a code or words to search")
        self._row("&Service:", self.service, "service_hint", "service", calm=True)
        self.service_info = WrappedLabel(self, muted=True)
        self.service_info.setObjectName("service_info")
        form.addRow("", self.service_info)

        self.option = _combo("option", "Billing option the plan chose", [], self)
        self._row("Billing o&ption:", self.option)

        self.quantity = NumberField("quantity", "Quantity", self)
        self.quantity_unit = QLabel("minutes", self)
        self.quantity_unit.setObjectName("quantity_unit")
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.quantity, 1)
        row.addWidget(self.quantity_unit)
        form.addRow(FieldLabel("&Quantity:", self.quantity), box)
        self._line("quantity_hint", "quantity", self.quantity, calm=True)
        self._line("quantity", "quantity", self.quantity)

        self.mode = _combo("mode", "Delivery mode", list(catalog.MODES), self)
        self._row("Delivery &mode:", self.mode, "mode", "delivery mode")
        self.setting = _combo("setting", "Level of care", self._setting_items(), self,
                              "Choose the level of care, if any")
        self._row("&Level of care:", self.setting, "setting", "level of care")

        self.input_error = WrappedLabel(self)
        self.input_error.setObjectName("input_error")
        self.input_error.setAccessibleName("Why there is no answer")
        self.input_error.hide()

        self.care = self._build_care(self)

        left = QVBoxLayout(self)
        left.addLayout(form)
        left.addWidget(self.input_error)
        left.addWidget(self.care)
        left.addStretch(1)

    def tab_order(self) -> tuple[QWidget, ...]:
        """The inputs in the order Tab visits them."""
        return (self.date_of_service, self.discipline, self.service, self.option,
                self.quantity, self.mode, self.setting, self.travel, self.documentation,
                self.non_billable_activities, self.activities)

    def _discipline_items(self) -> list[tuple[str, str]]:
        return [(d.id, f"{d.id} — {d.name}") for d in catalog.disciplines(self._rules)]

    def _setting_items(self) -> list[tuple[str, str]]:
        return [(s.id, s.name) for s in catalog.settings(self._rules)]

    def _build_care(self, parent: QWidget) -> QGroupBox:
        """Care coordination: time that is not direct service, and the activities done."""
        care = QGroupBox("Care coordination", parent)
        care.setObjectName("care_coordination")
        layout = QVBoxLayout(care)
        hint = WrappedLabel(care)
        hint.setText("Travel and documentation are recorded and shown in the result, never "
                     "counted. Minutes spent on not-billable activities are part of the "
                     "quantity above and are taken out of it.")
        layout.addWidget(hint)
        nb_form = QFormLayout()
        nb_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.travel = NumberField("travel", "Travel minutes (not billable)", care)
        self.documentation = NumberField("documentation", "Documentation minutes (not billable)",
                                         care)
        self.non_billable_activities = NumberField(
            "non_billable_activities", "Minutes of not-billable activities", care)
        for text, field in (("&Travel minutes:", self.travel),
                            ("D&ocumentation minutes:", self.documentation),
                            ("Not-&billable activities, minutes:",
                             self.non_billable_activities)):
            nb_form.addRow(FieldLabel(text, field), field)
        self._care_problem = ProblemLabel("non_billable_problem", "not-billable minutes",
                                          self.travel, care)
        self._care_problem.hide()
        nb_form.addRow(self._care_problem)
        layout.addLayout(nb_form)
        self.activities = ActivityChecklist(catalog.activities(self._rules), care)
        self.activities.setMinimumHeight(120)
        label = FieldLabel("Activities done (Space or Enter ticks; not-billable ones are "
                           "marked):", self.activities)
        label.setWordWrap(True)
        layout.addWidget(label)
        layout.addWidget(self.activities)
        return care

    def _row(self, text: str, field: QWidget, line: str | None = None, what: str = "", *,
             calm: bool = False) -> None:
        self._form.addRow(FieldLabel(text, field), field)
        if line is not None:
            self._line(line, what, field, calm=calm)

    def _line(self, field: str, what: str, buddy: QWidget, *, calm: bool = False) -> None:
        """A hidden line under ``buddy`` for what is wrong with its value (or what to do)."""
        name = field if field.endswith("_hint") else f"{field}_problem"
        label = ProblemLabel(name, what, buddy, buddy.parentWidget(), calm=calm)
        self._lines[field] = label
        self._form.addRow("", label)
        self._form.setRowVisible(label, False)

    def _connect(self) -> None:
        self.date_of_service.textChanged.connect(self._on_number_changed)
        self.discipline.currentIndexChanged.connect(self._on_discipline_changed)
        self.option.currentIndexChanged.connect(self._on_option_changed)
        self.mode.currentIndexChanged.connect(self._on_input_changed)
        self.setting.currentIndexChanged.connect(self._on_setting_changed)
        for field in (self.travel, self.documentation, self.non_billable_activities):
            field.textChanged.connect(self._on_number_changed)
        # a quantity changed, Enter in it, a mode chosen: they are meant for this service
        self.quantity.textChanged.connect(self._on_quantity_changed)
        self.quantity.returnPressed.connect(self._on_quantity_confirmed)
        self.mode.activated.connect(self._on_quantity_confirmed)
        self.activities.checkedChanged.connect(self._on_activities_changed)
        self.service.serviceChanged.connect(self._on_service_changed)
        self.service.searchHint.connect(self._on_service_search_hint)

    def _search_ids(self, text: str) -> list[str]:
        """The core's ranking of the services ``text`` matches, for this discipline."""
        return [s.id for s in catalog.search(self._rules, text, self.discipline.currentData(_ID))]

    # -- preferences (never anything about a client) -----------------------------------

    def _restore_preferences(self) -> None:
        for combo, key in ((self.discipline, DISCIPLINE), (self.setting, SETTING)):
            wanted = self._prefs.text(key)
            row = combo.findData(wanted) if wanted is not None else -1
            if row >= 0:  # an id the rules no longer have is simply ignored
                combo.setCurrentIndex(row)

    # -- keyboard focus ----------------------------------------------------------------

    def focus_first_input(self) -> None:
        """Where keyboard users start: the discipline until one is chosen, else the service."""
        first = self.service if self.discipline.currentIndex() >= 0 else self.discipline
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_service_search(self) -> None:
        self.service.focus_search()

    def focus_quantity(self) -> None:
        self.quantity.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- intention-level API (tests, automation, the self-check) -----------------------

    def set_date_of_service(self, day: date | str) -> None:
        self.date_of_service.setText(day.isoformat() if isinstance(day, date) else day)

    def rules(self) -> Rules:
        """The rules the pickers offer (those of the date of service, once it is read)."""
        return self._rules

    def select_discipline(self, discipline_id: str) -> None:
        self._select(self.discipline, discipline_id)

    def select_service(self, service: str) -> None:
        """Pick a service by id (``tcm-icc``) or by a code it offers (``H0034``)."""
        if not self.service.select(service):
            raise ValueError(f"no service {service!r}")

    def select_option(self, key: str) -> None:
        """Pick the billing option (``T2050 U6``) of a service whose plan chooses."""
        self._select(self.option, key)

    def set_quantity(self, value: int | str) -> None:
        """Type the quantity (it is then meant for the service chosen, also when it is
        the number the field already held)."""
        self.quantity.setText(str(value))
        self.confirm_quantity()

    def select_mode(self, mode_id: str) -> None:
        """Choose the delivery mode (the quantity is then meant for this service too)."""
        self._select(self.mode, mode_id)
        self.confirm_quantity()

    def quantity_kept(self) -> bool:
        """Whether the quantity was kept from another service and is not yet confirmed."""
        return self._kept() is not None

    def confirm_quantity(self) -> None:
        """The quantity (and mode) are meant for the service chosen now (what Enter in the
        quantity, typing in it or choosing a mode do)."""
        was = self._kept()
        self._quantity_for = self._service_id
        if was is not None:
            self._refresh()

    def _kept(self) -> Kept | None:
        """What the request says was kept from another service, or None."""
        info, before = self.current_service(), self._quantity_for
        if info is None or before is None or before == info.id \
                or not self.quantity.text().strip():
            return None
        option = self.current_option()
        mode_applies = option is None or option.mode_applies
        return Kept(service=before, mode=mode_applies and self.mode.currentIndex() > 0)

    def _kept_hint(self, kept: Kept | None) -> str:
        """The line under the quantity while it is kept: from where, and how to confirm."""
        if kept is None:
            return ""
        before = next((s.codes for s in self._services if s.id == kept.service),
                      "the service before")
        what = "Kept, with the delivery mode," if kept.mode else "Kept"
        return (f"{what} from {before}: press Enter here to keep "
                f"{'them' if kept.mode else 'it'}, or type another number.")

    def select_setting(self, setting_id: str) -> None:
        self._select(self.setting, setting_id)

    def set_non_billable(self, travel: int | None = None, documentation: int | None = None,
                         activities: int | None = None) -> None:
        for field, value in ((self.travel, travel), (self.documentation, documentation),
                             (self.non_billable_activities, activities)):
            if value is not None:
                field.set_value(value)

    def check_activities(self, *ids: str, checked: bool = True) -> None:
        self.activities.set_checked(ids, checked)

    def use_code(self, key: str) -> bool:
        """Set the inputs for one code of the code reference (``T1016 U8 GQ``): its
        service, its billing option and its delivery mode, as the core says. False when
        no service of the calculator offers that code."""
        chosen = catalog.code_selection(self._rules, key)
        if chosen is None:
            return False
        self.select_service(chosen.service_id)
        info = self.current_service()
        if info is not None and info.plan_chooses and chosen.option_key:
            self.select_option(chosen.option_key)
        if chosen.mode is not None:  # the code's, not the clinician's: confirms nothing
            self._select(self.mode, chosen.mode)
        return True

    def load_request(self, request: Request) -> tuple[str, ...]:
        """Set the inputs to ask ``request`` again (a day sheet line opened for editing),
        each through the path a person's choice takes, the date first (it picks the
        rules). Returns what could not be set, one sentence each: an id the rules of that
        date lack; that input is left empty (and says so), never given another value."""
        missing: list[str] = []
        self.set_date_of_service(request.date_of_service)
        day = request.date_of_service.isoformat()

        def choose(combo: QComboBox, ident: str | None, what: str) -> None:
            row = combo.findData(ident) if ident is not None else -1
            if ident is not None and row < 0:
                missing.append(f"The {what} {ident} is not in the rules for {day}: "
                               f"choose one.")
            combo.setCurrentIndex(row)

        choose(self.discipline, request.discipline, "discipline")
        by_code = request.service is None and request.code is not None
        wanted = (" ".join((request.code, *request.modifiers)) if by_code
                  else request.service or "")
        if not (self.use_code(wanted) if by_code else self.service.select(wanted)):
            self.service.select("")
            missing.append(f"The service {wanted} is not in the rules for {day}: "
                           f"choose a service.")
            self._on_service_search_hint(missing[-1])
        info = self.current_service()
        if not by_code and info is not None and info.plan_chooses and request.code:
            key = next((o.key for o in info.options if o.code == request.code
                        and tuple(o.modifiers) == tuple(request.modifiers)), None)
            if key is None:
                missing.append(f"The billing option {request.code} "
                               f"{' '.join(request.modifiers)} is not in the rules for "
                               f"{day}: choose one.")
            else:
                self.select_option(key)
        self.quantity.set_value(request.quantity or None)
        if request.mode is not None:
            choose(self.mode, request.mode, "delivery mode")
        elif not by_code:
            self.mode.setCurrentIndex(0)  # not stated: in person, as the core reads it
        choose(self.setting, request.setting, "level of care")
        nb = request.non_billable
        for field, value in ((self.travel, nb.travel), (self.documentation, nb.documentation),
                             (self.non_billable_activities, nb.activity_minutes)):
            field.set_value(value or None)
        self.activities.set_checked(self.activities.checked(), False)
        unknown = [a for a in request.activities if self.activities.item_for(a) is None]
        if unknown:
            missing.append(f"The activities {', '.join(unknown)} are not in the rules for "
                           f"{day}: tick them again if they apply.")
        self.activities.set_checked(request.activities)
        self.confirm_quantity()  # the line's own quantity, as it was claimed
        return tuple(missing)

    def clear(self) -> None:
        """A new calculation: no service, no quantity, in person, nothing ticked. The
        discipline and level of care stay (they are the clinician's, not the client's)."""
        was_quiet, self._quiet = self._quiet, True
        try:
            self.service.select("")
            for field in (self.quantity, self.travel, self.documentation,
                          self.non_billable_activities):
                field.clear()
            self._quantity_by_kind.clear()
            self._quantity_for = None
            self.mode.setCurrentIndex(0)
            self.activities.set_checked(self.activities.checked(), False)
            self._on_service_search_hint("")
        finally:
            self._quiet = was_quiet
        self.changed.emit()
        self.service.setFocus(Qt.FocusReason.OtherFocusReason)

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
        """The question the inputs ask, as the core's :class:`Request` (a number that
        cannot be read counts as not given: :meth:`ask` gives no request then)."""
        info = self.current_service()
        option = self.current_option()
        care = info is not None and info.care_coordination
        chosen = info is not None and info.plan_chooses and option is not None
        mode_applies = option is None or option.mode_applies
        setting_applies = option is None or option.setting_applies

        def number(field: NumberField) -> int:
            return field.reading().value or 0

        return Request(
            date_of_service=read_date(self.date_of_service.text()) or date.today(),
            discipline=self.discipline.currentData(_ID),
            service=info.id if info else None,
            code=option.code if chosen else None,
            modifiers=option.modifiers if chosen else (),
            quantity=number(self.quantity),
            quantity_kind=option.quantity_kind if option else "minutes",
            mode=self.mode.currentData(_ID) if mode_applies else None,
            setting=self.setting.currentData(_ID) if setting_applies else None,
            non_billable=NonBillable(
                travel=number(self.travel), documentation=number(self.documentation),
                activity_minutes=number(self.non_billable_activities)) if care
            else NonBillable(),
            activities=self.activities.checked() if care else (),
            kept=self._kept(),
        )


    # -- what the inputs ask ------------------------------------------------------------

    def ask(self) -> Asked:
        """Read the inputs (the date first: it picks the rules the pickers offer): the
        request they make, or the lines saying what cannot be read."""
        date_problem = self._rules_of_the_day()
        lines, unreadable = self._unreadable()
        if date_problem:
            lines["date"] = date_problem
            unreadable = date_problem
        return Asked(None if unreadable else self.current_request(), lines, unreadable)

    def show_answer(self, calc: Calculation | None, lines: dict[str, str],
                    refused: str | None = None) -> None:
        """Each of the answer's problems on the line under the input it concerns, after
        ``lines`` (what cannot be read); ``refused``: the core's message for a request it
        refused, under the inputs."""
        lines = dict(lines)
        if calc is not None:
            for p in calc.problems:
                lines[p.field] = f"{lines[p.field]} {p.text}" if p.field in lines else p.text
        self.input_error.setText(refused or "")
        self.input_error.setVisible(bool(self.input_error.text()))
        self._show_lines(lines)
        hint = self._lines["quantity_hint"]
        hint.show_problem(self._kept_hint(self._kept()))
        if self._form.isRowVisible(hint) != bool(hint.text()):
            self._form.setRowVisible(hint, bool(hint.text()))

    def _unreadable(self) -> tuple[dict[str, str], str | None]:
        """The number fields that cannot be read, as problem lines; and the first such
        problem, or None when every number field is usable."""
        lines: dict[str, str] = {}
        quantity = self.quantity.reading().problem
        if quantity:
            lines["quantity"] = quantity
        care = self.care.isVisibleTo(self) and " ".join(
            p for p in (f.reading().problem for f in (
                self.travel, self.documentation, self.non_billable_activities)) if p)
        if care:
            lines["care"] = care
        return lines, quantity or care or None

    def _rules_of_the_day(self) -> str | None:
        """Use the rules in force on the date of service; or say why there are none."""
        day = read_date(self.date_of_service.text())
        if day is None:
            return DATE_HINT.format(today=date.today().isoformat())
        try:
            rules = self._library.for_date(day)
        except CoreError as exc:  # no pack covers the date; a pack that fails its check
            return errors.input_message(exc) if isinstance(exc, InputError) else str(exc)
        if rules is not self._rules:
            self._use_rules(rules)
        return None


    def _show_lines(self, texts: dict[str, str]) -> None:
        for field, label in self._lines.items():
            if field.endswith("_hint"):
                continue
            text = texts.get(field, "")
            label.show_problem(text)
            if self._form.isRowVisible(label) != bool(text):
                self._form.setRowVisible(label, bool(text))
        care = " ".join(t for t in (texts.get("care"), texts.get("activities")) if t)
        self._care_problem.show_problem(care)
        self._care_problem.setVisible(bool(care))

    # -- another rules pack ------------------------------------------------------------

    def _use_rules(self, rules: Rules) -> None:
        """Offer ``rules``' disciplines, services, levels of care and activities, keeping
        each choice whose id the new rules still have."""
        was_quiet, self._quiet = self._quiet, True
        try:
            service = self.current_service()
            option = self.option.currentData(_ID)
            typed = self.service.lineEdit().text()
            checked = self.activities.checked()
            self._rules = rules
            self._services = catalog.services(rules)
            self._refill(self.discipline, self._discipline_items())
            self._refill(self.setting, self._setting_items())
            self.service.set_services(self._services)  # the same widgets, refilled
            self._on_service_search_hint("")
            self.activities.set_activities(catalog.activities(rules))
            if service is not None and self.service.row_of(service.id) >= 0:
                self.service.select(service.id)
            else:
                self.service.lineEdit().setText(typed if service is None else "")
            self._configure_service(self.current_service())
            if service is not None and self.current_service() is None:
                self._on_service_search_hint(f"{service.codes} ({service.name}) is not in "
                                             "the rules for this date: choose a service.")
            if option is not None and self.option.findData(option) >= 0:
                self.option.setCurrentIndex(self.option.findData(option))
                self._configure_option(self.current_option())
            self.activities.set_checked(checked)
            self._on_discipline_changed(self.discipline.currentIndex())
        finally:
            self._quiet = was_quiet
        self.rulesChanged.emit(rules)

    @staticmethod
    def _refill(combo: QComboBox, items: list[tuple[str, str]]) -> None:
        """New items for a combo box, keeping the chosen id when it is still there."""
        chosen = combo.currentData(_ID)
        combo.blockSignals(True)
        try:
            combo.clear()
            for ident, text in items:
                combo.addItem(text, ident)
            combo.setCurrentIndex(combo.findData(chosen) if chosen is not None else -1)
        finally:
            combo.blockSignals(False)

    @staticmethod
    def _select(combo: QComboBox, ident: str) -> None:
        row = combo.findData(ident)
        if row < 0:
            raise ValueError(f"{combo.objectName()} has no {ident!r}")
        combo.setCurrentIndex(row)

    # -- reacting to the inputs --------------------------------------------------------

    def _configure_service(self, info: ServiceInfo | None) -> None:
        """Show the inputs this service needs: billing option, quantity unit, care
        coordination; disable the inputs that do not apply to its code."""
        was_quiet, self._quiet = self._quiet, True
        try:
            self.option.blockSignals(True)
            self.option.clear()
            if info is not None and info.plan_chooses:
                for o in info.options:
                    self.option.addItem(o.label, o.key)
                    self.option.setItemData(self.option.count() - 1,
                                            f"{o.key}: {o.basis}", Qt.ItemDataRole.ToolTipRole)
                typed = self.service.code_typed()  # "T2050" typed: its option, not the first
                for row, o in enumerate(info.options):
                    if typed in (o.code.casefold(), o.key.casefold()):
                        self.option.setCurrentIndex(row)
                        break
            self.option.blockSignals(False)
            self._form.setRowVisible(self.option, bool(info and info.plan_chooses))
            self.care.setVisible(bool(info and info.care_coordination))
            self.service_info.setText(info.description if info else "")
            self._form.setRowVisible(self.service_info, info is not None)
            self._configure_option(self.current_option())
            if info is None or info.id != self._service_id:
                # a quantity typed for another service never comes back unseen
                self._quantity_by_kind.clear()
            self._service_id = info.id if info else None
        finally:
            self._quiet = was_quiet

    def _configure_option(self, option: OptionInfo | None) -> None:
        """The quantity's unit and range, and which inputs apply, for one billing option."""
        kind = option.quantity_kind if option else "minutes"
        if self._kind is not None and self._kind != kind:
            self._quantity_by_kind[self._kind] = self.quantity.text()
            self.quantity.blockSignals(True)
            self.quantity.setText(self._quantity_by_kind.get(kind, ""))
            self.quantity.blockSignals(False)
        self._kind = kind
        unit = option.quantity_unit if option else "minutes"
        maximum = option.quantity_max if option else catalog.quantity_max(self._rules)
        for field in (self.quantity, self.travel, self.documentation,
                      self.non_billable_activities):
            field.maximum = maximum
        self.quantity.unit = unit
        self.quantity_unit.setText(unit)
        self.quantity.setAccessibleName(f"Quantity in {unit}")
        self.quantity.setPlaceholderText(f"number of {unit}")
        self.quantity.setToolTip(f"{unit.capitalize()}, counted {option.basis} (0 to "
                                 f"{option.quantity_max})" if option else "")
        self._applies(self.mode, option is None or option.mode_applies,
                      option.mode_note if option else None, "How the service was delivered.")
        self._applies(self.setting, option is None or option.setting_applies,
                      option.setting_note if option else None,
                      "The client's ASAM level of care (DMC-ODS).")

    @staticmethod
    def _applies(combo: QComboBox, applies: bool, note: str | None, tip: str) -> None:
        combo.setEnabled(applies)
        combo.setToolTip(tip if applies else (note or "Does not apply to this code."))

    def _refresh(self) -> None:
        if not self._quiet:
            self.changed.emit()

    @Slot(int)
    def _on_discipline_changed(self, row: int) -> None:
        d = self.discipline.currentData(_ID)
        if d is not None and not self._quiet:
            self._prefs.write(DISCIPLINE, d)
        self.service.mark_eligibility(
            d, [catalog.eligibility(self._rules, s.id, d) for s in self._services])
        self._refresh()

    @Slot(str)
    def _on_service_changed(self, service_id: str) -> None:
        self._configure_service(self.current_service())
        if self._quantity_for is None:  # a quantity typed before any service: for this one
            self._quantity_for = self._service_id
        self._refresh()

    @Slot(str)
    def _on_service_search_hint(self, text: str) -> None:
        label = self._lines["service_hint"]
        label.show_problem(text)
        self._form.setRowVisible(label, bool(text))

    @Slot(int)
    def _on_option_changed(self, row: int) -> None:
        self._configure_option(self.current_option())
        self._refresh()

    @Slot(int)
    def _on_setting_changed(self, row: int) -> None:
        s = self.setting.currentData(_ID)
        if s is not None and not self._quiet:
            self._prefs.write(SETTING, s)
        self._refresh()

    @Slot(int)
    def _on_input_changed(self, row: int) -> None:
        self._refresh()

    @Slot(str)
    def _on_number_changed(self, text: str) -> None:
        self._refresh()

    @Slot(tuple)
    def _on_activities_changed(self, ids: tuple) -> None:
        self._refresh()

    @Slot()
    def _on_quantity_confirmed(self) -> None:
        self.confirm_quantity()

    @Slot(str)
    def _on_quantity_changed(self, text: str) -> None:
        self._quantity_for = self._service_id
        self._refresh()

