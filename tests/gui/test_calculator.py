"""The calculator used the way a clinician uses it: through its widgets, live, no button."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QComboBox, QGroupBox, QLabel, QLineEdit, QListWidget, QPushButton

from core import Calculation, InputError, NonBillable, Request, calculate, catalog
from core.catalog import NOTE_KINDS
from core.vocab import plural
from gui.widgets.palette import contrast

from .drive import click, find, keys_to, offscreen_popup, pick, result_text, type_into


def widget(window, cls, name):
    return find(window, name, cls)


def enter_quantity(qtbot, window, value: int, name: str = "quantity") -> Calculation | None:
    """Type a number into a number field (as typing over it does)."""
    box = widget(window, QLineEdit, name)
    if box.text() == str(value):
        return window.calculator.current_result()
    with qtbot.waitSignal(window.calculator.resultChanged, timeout=2000) as blocker:
        box.setText(str(value))
    return blocker.args[0]


def answered(rules, window) -> Calculation:
    """calculate()'s answer to the question the window's inputs ask: the window shows it.
    (The units themselves are the engine's: tests/core/test_engine.py and the rules-data
    tests hold the sources' numbers; the window's tests compare with this.)"""
    return calculate(rules, window.calculator.current_request())


def next_unit_text(calc: Calculation) -> str:
    return f"Next unit at {calc.next_unit_minutes} minutes ({calc.minutes_to_next_unit} more)"


# -- the core's answers, through the window -------------------------------------------------

def test_nurse_medication_training_100_minutes_shows_the_cores_answer(qtbot, window, rules):
    pick(qtbot, window, "discipline", "RN")
    pick(qtbot, window, "service", "medication-training")
    calc = enter_quantity(qtbot, window, 100)
    assert calc == answered(rules, window) and calc.claimable
    text = result_text(window)
    assert [line.label for line in calc.lines] == ["H0034"]
    assert "H0034" in text and plural(calc.units, "unit") in text
    # the worked calculation is shown as the core words it
    assert all(step in text for step in calc.steps)
    assert next_unit_text(calc) in text
    assert window.calculator.headline.text() == calc.headline()


@pytest.mark.parametrize("minutes", [7, 8, 22, 23, 100])
def test_minutes_boundaries_follow_the_core(qtbot, window, rules, minutes):
    pick(qtbot, window, "discipline", "RN")
    pick(qtbot, window, "service", "medication-training")
    enter_quantity(qtbot, window, 50)
    calc = enter_quantity(qtbot, window, minutes)
    assert calc == answered(rules, window)
    if calc.claimable:
        assert plural(calc.units, "unit") in result_text(window)
    else:
        assert window.calculator.headline.text().startswith("Not claimable")
        (problem,) = calc.problems
        assert problem.field == "quantity"
        assert widget(window, QLabel, "quantity_problem").text() == problem.text


def test_before_any_quantity_the_result_is_calm(qtbot, window):
    pick(qtbot, window, "discipline", "RN")
    pick(qtbot, window, "service", "medication-training")
    enter_quantity(qtbot, window, 5)
    assert window.calculator.headline.text().startswith("Not claimable")
    with qtbot.waitSignal(window.calculator.resultChanged):
        widget(window, QLineEdit, "quantity").clear()
    calc = window.calculator.current_result()
    assert calc.status == "incomplete"
    text = result_text(window)
    assert window.calculator.headline.text() == calc.prompt and "Not claimable" not in text


def test_a_quantity_typed_for_another_service_never_comes_back(qtbot, shown):
    """Typed for S9977 (days), then T1016 (minutes), then T2050: T2050 answers only when
    its own days are entered, not with the 2 days typed two services ago."""
    pick(qtbot, shown, "discipline", "CHW")
    type_into(qtbot, shown, "service", "S9977")
    enter_quantity(qtbot, shown, 2)
    type_into(qtbot, shown, "service", "T1016")
    assert widget(shown, QLineEdit, "quantity").text() == ""
    enter_quantity(qtbot, shown, 20)
    type_into(qtbot, shown, "service", "T2050")
    assert widget(shown, QLineEdit, "quantity").text() == ""
    assert shown.calculator.current_result().status == "incomplete"


def test_switching_a_services_billing_options_keeps_each_ones_quantity(qtbot, window):
    pick(qtbot, window, "service", "cs-tenancy-financial")
    pick(qtbot, window, "option", "T2040 U6")
    enter_quantity(qtbot, window, 30)
    pick(qtbot, window, "option", "T2050 U6")
    assert widget(window, QLineEdit, "quantity").text() == ""
    enter_quantity(qtbot, window, 1)
    pick(qtbot, window, "option", "T2040 U6")
    assert widget(window, QLineEdit, "quantity").text() == "30"


@pytest.mark.parametrize("typed, option, kind", [
    ("T2050", "T2050 U6", "days"), ("T2051", "T2051 U6", "days"), ("H2038", "H2038 U6", "days"),
    ("H0044 U3", "H0044 U3", "months"), ("T2040", "T2040 U6", "minutes"),
])
def test_a_typed_plan_chosen_code_selects_its_own_billing_option(qtbot, shown, typed, option,
                                                                 kind):
    pick(qtbot, shown, "discipline", "CHW")
    type_into(qtbot, shown, "service", typed)
    assert find(shown, "option", QComboBox).currentData() == option
    calc = enter_quantity(qtbot, shown, 1)
    assert calc.status in ("claimable", "not_claimable") and calc.label == option


def test_nurse_picking_h2017_is_told_who_may_claim_it(qtbot, window):
    pick(qtbot, window, "discipline", "RN")
    enter_quantity(qtbot, window, 60)
    calc = pick(qtbot, window, "service", "psychosocial-rehab")
    assert not calc.claimable
    assert window.calculator.headline.text().startswith("Not claimable")
    said = widget(window, QLabel, "discipline_problem").text()
    assert "AOD" in said and "LCSW" in said and "RN" in said


def test_service_list_marks_what_the_discipline_may_not_claim(qtbot, window, rules):
    pick(qtbot, window, "discipline", "RN")
    service = widget(window, QComboBox, "service")
    row = service.findData("psychosocial-rehab")
    assert "not for RN" in service.itemText(row)
    tip = service.itemData(row, Qt.ItemDataRole.ToolTipRole)
    assert "AOD" in tip and "LCSW" in tip
    assert "not for" not in service.itemText(service.findData("medication-training"))
    # still pickable, and explained next to the discipline
    pick(qtbot, window, "service", "psychosocial-rehab")
    problem = widget(window, QLabel, "discipline_problem")
    assert problem.isVisibleTo(window) and "AOD" in problem.text()
    # a counselor may claim it: the mark goes, the list stays the same length
    pick(qtbot, window, "discipline", "AOD")
    assert "not for" not in service.itemText(row)
    assert not problem.isVisibleTo(window)
    assert service.count() == len(catalog.services(rules))


# -- a wrong value is explained next to it ---------------------------------------------------

PROBLEM_LINES = ("discipline_problem", "quantity_problem", "mode_problem", "setting_problem")


def shown_problems(window) -> dict[str, str]:
    """The problem lines under the inputs that are on screen, by objectName."""
    found = {}
    for name in PROBLEM_LINES:
        label = widget(window, QLabel, name)
        if label.isVisibleTo(window):
            assert label.text(), f"{name} is shown empty"
            found[name] = label.text()
    return found


def test_nurse_and_h2017_the_discipline_line_says_who_may_claim(qtbot, window):
    pick(qtbot, window, "discipline", "RN")
    enter_quantity(qtbot, window, 60)
    calc = pick(qtbot, window, "service", "psychosocial-rehab")
    lines = shown_problems(window)
    assert list(lines) == ["discipline_problem"]
    assert "RN" in lines["discipline_problem"]
    assert "may claim H2017" in lines["discipline_problem"]
    assert "AOD" in lines["discipline_problem"] and "LCSW" in lines["discipline_problem"]
    # the same words are the discipline box's accessible description
    assert widget(window, QComboBox, "discipline").accessibleDescription() == \
        lines["discipline_problem"]
    # said under the discipline and once in the result, as its "Why" (a screen reader
    # reading the result hears it; at 150 % the line may be scrolled away); no next unit
    # either, more minutes would not help
    text = result_text(window)
    said = lines["discipline_problem"]
    assert f"Why: {said}" in text
    assert text.count(said) == 1 + sum(step.count(said) for step in calc.steps)
    assert "Next unit" not in text


def test_sbirt_at_level_1_0_the_level_of_care_line_names_3_2(qtbot, window):
    pick(qtbot, window, "discipline", "MD/DO")
    pick(qtbot, window, "service", "sbirt")
    enter_quantity(qtbot, window, 20)
    pick(qtbot, window, "setting", "1.0")
    lines = shown_problems(window)
    assert list(lines) == ["setting_problem"]
    assert "99408" in lines["setting_problem"] and "3.2" in lines["setting_problem"]
    assert "Next unit" not in result_text(window)
    pick(qtbot, window, "setting", "3.2-WM")
    assert shown_problems(window) == {}
    assert widget(window, QComboBox, "setting").accessibleDescription() == ""


def test_five_minutes_of_h0034_the_quantity_line_names_the_minimum(qtbot, window, rules):
    pick(qtbot, window, "discipline", "RN")
    pick(qtbot, window, "service", "medication-training")
    calc = enter_quantity(qtbot, window, 5)
    assert calc == answered(rules, window)
    lines = shown_problems(window)
    assert list(lines) == ["quantity_problem"]
    assert [p.text for p in calc.problems] == [lines["quantity_problem"]]
    assert "minimum" in lines["quantity_problem"]
    # more minutes would make the claim: the result says when
    assert calc.next_unit_minutes > 5 and next_unit_text(calc) in result_text(window)
    said = lines["quantity_problem"]  # one reason, once in the result (the steps aside)
    assert result_text(window).count(said) == 1 + sum(step.count(said) for step in calc.steps)
    enter_quantity(qtbot, window, calc.next_unit_minutes)
    assert shown_problems(window) == {}


def test_a_discipline_and_a_quantity_problem_each_go_to_their_input(qtbot, window):
    pick(qtbot, window, "discipline", "RN")
    pick(qtbot, window, "service", "psychosocial-rehab")
    enter_quantity(qtbot, window, 5)
    lines = shown_problems(window)
    assert set(lines) == {"discipline_problem", "quantity_problem"}
    assert "8-minute minimum" in lines["quantity_problem"]
    assert "8-minute" not in lines["discipline_problem"]
    assert "Next unit" not in result_text(window)


def test_quantity_0_is_the_calm_state_without_a_red_line(qtbot, window):
    pick(qtbot, window, "discipline", "RN")
    pick(qtbot, window, "service", "medication-training")
    enter_quantity(qtbot, window, 5)
    calc = enter_quantity(qtbot, window, 0)
    assert calc.status == "incomplete"
    assert shown_problems(window) == {}
    assert window.calculator.headline.text() == calc.prompt


def test_a_problem_line_is_as_tall_as_its_text(qtbot, window):
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    pick(qtbot, window, "discipline", "RN")
    pick(qtbot, window, "service", "psychosocial-rehab")
    label = widget(window, QLabel, "discipline_problem")
    # no gap under it: the form gives it the height its text needs at its width
    qtbot.waitUntil(lambda: abs(label.height() - label.heightForWidth(label.width())) <= 2)
    assert label.heightForWidth(label.width()) > label.fontMetrics().height()  # wraps


def test_problem_lines_are_red_that_reads_in_light_and_dark(qtbot, window):
    pick(qtbot, window, "discipline", "RN")
    pick(qtbot, window, "service", "psychosocial-rehab")
    label = widget(window, QLabel, "discipline_problem")
    for back, text in (("#ffffff", "#000000"), ("#202020", "#e8e8e8")):
        palette = QPalette()
        palette.setColor(QPalette.ColorRole.Window, QColor(back))
        palette.setColor(QPalette.ColorRole.WindowText, QColor(text))
        palette.setColor(QPalette.ColorRole.Base, QColor(back))
        palette.setColor(QPalette.ColorRole.Text, QColor(text))
        window.setPalette(palette)
        shown = label.palette().color(QPalette.ColorRole.WindowText)
        assert shown.red() > shown.green() + 60, shown.name()  # red, not the plain text
        assert contrast(shown, QColor(back)) >= 4.5, (back, shown.name())


def test_a_refused_request_hides_the_problem_lines(qtbot, window, monkeypatch):
    pick(qtbot, window, "discipline", "RN")
    pick(qtbot, window, "service", "psychosocial-rehab")
    assert shown_problems(window)

    def refuse(request):
        raise InputError("unknown code 'H9999'")

    monkeypatch.setattr(window.library, "calculate", refuse)
    enter_quantity(qtbot, window, 42)
    assert shown_problems(window) == {}
    assert widget(window, QLabel, "input_error").isVisibleTo(window)


def test_chw_ecm_visit_by_telehealth_is_g9012_u2_gq(qtbot, window):
    pick(qtbot, window, "discipline", "CHW")
    pick(qtbot, window, "service", "ecm-visit")
    assert "contact" in widget(window, QLabel, "quantity_unit").text()
    enter_quantity(qtbot, window, 1)
    calc = pick(qtbot, window, "mode", "telehealth")
    assert calc.claimable
    assert (calc.lines[0].code, calc.lines[0].modifiers, calc.lines[0].units) == \
        ("G9012", ("U2", "GQ"), 1)
    text = result_text(window)
    assert "G9012" in text and "U2 GQ" in text and "1 unit" in text


def test_sbirt_outside_withdrawal_management_is_explained(qtbot, window):
    pick(qtbot, window, "discipline", "MD/DO")
    pick(qtbot, window, "service", "sbirt")
    enter_quantity(qtbot, window, 20)
    calc = pick(qtbot, window, "setting", "1.0")
    assert not calc.claimable
    assert window.calculator.headline.text().startswith("Not claimable")
    assert "3.2" in widget(window, QLabel, "setting_problem").text()
    calc = pick(qtbot, window, "setting", "3.2-WM")
    assert calc.claimable and calc.lines[0].code == "99408"
    assert "99408" in result_text(window)


def test_notes_first_of_each_kind_then_all_on_request_each_with_its_source(qtbot, window):
    pick(qtbot, window, "discipline", "AOD")
    pick(qtbot, window, "service", "tcm-icc")
    calc = enter_quantity(qtbot, window, 45)
    text = result_text(window)
    titles = [title for kind, title in NOTE_KINDS if any(n.kind == kind for n in calc.notes)]
    assert len(titles) >= 2
    lines = [line.split(" (and ")[0] for line in text.splitlines()]
    positions = [lines.index(title) for title in titles]
    assert positions == sorted(positions)  # grouped, in the core's order
    firsts = {}
    for note in calc.notes:
        firsts.setdefault(note.kind, note)
    for note in calc.notes:
        shown = note.text in text
        assert shown == (firsts[note.kind] is note), note.text
        if shown:
            assert note.source in text
    button = widget(window, QPushButton, "all_notes")
    assert button.isVisibleTo(window) == (len(firsts) < len(calc.notes))
    if len(firsts) < len(calc.notes):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        text = result_text(window)
        for note in calc.notes:
            assert note.text in text and note.source in text
        assert "fewer" in button.text()
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert result_text(window).count("Source:") < text.count("Source:")


# -- billing options, quantities, care coordination -----------------------------------------

def test_plan_chooses_shows_the_billing_option_and_per_diem_counts_days(qtbot, window):
    option = widget(window, QComboBox, "option")
    quantity = widget(window, QLineEdit, "quantity")
    pick(qtbot, window, "discipline", "CHW")
    pick(qtbot, window, "service", "medication-training")
    assert not option.isVisibleTo(window)
    pick(qtbot, window, "service", "cs-tenancy-financial")
    assert option.isVisibleTo(window)
    assert [option.itemData(i) for i in range(option.count())] == ["T2040 U6", "T2050 U6"]
    unit = widget(window, QLabel, "quantity_unit")
    assert unit.text() == "minutes"
    pick(qtbot, window, "option", "T2050 U6")
    assert unit.text() == "days"
    calc = enter_quantity(qtbot, window, 3)
    assert calc.lines[0].code == "T2050" and calc.lines[0].units == 3
    assert "T2050" in result_text(window) and "3 units" in result_text(window)
    pick(qtbot, window, "option", "T2040 U6")
    assert unit.text() == "minutes"


def test_quantity_unit_follows_the_unit_basis(qtbot, window, rules):
    unit = widget(window, QLabel, "quantity_unit")
    pick(qtbot, window, "discipline", "LCSW")
    for info in catalog.services(rules):
        if info.plan_chooses:
            continue
        pick(qtbot, window, "service", info.id)
        assert unit.text() == info.options[0].quantity_unit


def test_care_coordination_checklist_and_non_billable_minutes(qtbot, window, rules):
    care = widget(window, QGroupBox, "care_coordination")
    pick(qtbot, window, "discipline", "RN")
    pick(qtbot, window, "service", "medication-training")
    assert not care.isVisibleTo(window)
    pick(qtbot, window, "service", "tcm-icc")
    assert care.isVisibleTo(window)

    checklist = widget(window, QListWidget, "activities")
    assert checklist.count() == len(rules.activities)
    by_id = {checklist.item(i).data(Qt.ItemDataRole.UserRole): checklist.item(i)
             for i in range(checklist.count())}
    for a in rules.activities:
        text = by_id[a.id].text()
        assert a.text in text
        if a.billable:
            assert "Not billable" not in text
        else:
            assert "Not billable" in text and a.reason in text

    enter_quantity(qtbot, window, 30)
    calc = enter_quantity(qtbot, window, 20, name="travel")
    assert calc.lines[0].code == "T1017" and calc.lines[0].units == 2
    text = result_text(window)
    assert "2 units" in text and "travel 20 minutes" in text
    assert window.calculator.current_request().non_billable.travel == 20

    with qtbot.waitSignal(window.calculator.resultChanged) as blocker:
        by_id["transport"].setCheckState(Qt.CheckState.Checked)
    calc = blocker.args[0]
    assert window.calculator.current_request().activities == ("transport",)
    # whatever the core says of a not-billable activity is said under the care inputs
    problems = [p.text for p in calc.problems if p.field == "activities"]
    line = widget(window, QLabel, "non_billable_problem")
    assert all(p in line.text() for p in problems)
    assert line.isVisibleTo(window) == bool(problems)
    calc = enter_quantity(qtbot, window, 10, name="non_billable_activities")
    assert window.calculator.current_request().non_billable.activity_minutes == 10
    assert calc is not None and calc.request.quantity == 30

    # leaving care coordination sends neither the minutes nor the activities
    pick(qtbot, window, "service", "medication-training")
    request = window.calculator.current_request()
    assert request.non_billable.total == 0 and request.activities == ()


def test_enter_toggles_an_activity(qtbot, window):
    pick(qtbot, window, "discipline", "RN")
    pick(qtbot, window, "service", "tcm-icc")
    checklist = widget(window, QListWidget, "activities")
    checklist.setCurrentRow(0)
    with qtbot.waitSignal(window.calculator.resultChanged):
        qtbot.keyClick(checklist, Qt.Key.Key_Return)
    assert checklist.item(0).checkState() == Qt.CheckState.Checked


# -- the search ----------------------------------------------------------------------------

def _search(qtbot, window, text: str) -> list[str]:
    """Type ``text`` into the service search; the labels the list of matches offers."""
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    service = widget(window, QComboBox, "service")
    service.setFocus()
    qtbot.waitUntil(lambda: service.lineEdit().selectedText() == service.lineEdit().text())
    for char in text:
        qtbot.keyClicks(keys_to(service), char)
    popup = service.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    model = popup.model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


@offscreen_popup
@pytest.mark.parametrize(("typed", "service_id", "code"), [
    ("H0034", "medication-training", "H0034"),
    ("medication", "medication-training", "H0034"),
    ("t1017", "tcm-icc", "T1017"),
    ("housing deposit", "cs-housing-deposits", "H0044"),
    ("deposit housing", "cs-housing-deposits", "H0044"),  # every word, any order
])
@pytest.mark.parametrize("enter_to", ["keyboard", "search field"])
def test_service_search_by_code_or_words(qtbot, window, typed, service_id, code, enter_to):
    pick(qtbot, window, "discipline", "LCSW")
    pick(qtbot, window, "service", "ecm-outreach")
    shown = _search(qtbot, window, typed)
    assert shown and any(code in s for s in shown)
    assert len(shown) < widget(window, QComboBox, "service").count()
    service = widget(window, QComboBox, "service")
    with qtbot.waitSignal(window.calculator.resultChanged):
        target = keys_to(service) if enter_to == "keyboard" else service.lineEdit()
        qtbot.keyClick(target, Qt.Key.Key_Return)
    assert service.currentData() == service_id
    assert not service.completer().popup().isVisible()
    assert service.lineEdit().text() == service.itemText(service.currentIndex())


@offscreen_popup
@pytest.mark.parametrize(("discipline", "first"), [
    ("CHW", "ecm-team-conference"), ("MD/DO", "team-conference")])
def test_search_offers_what_the_discipline_may_claim_first(qtbot, window, rules, discipline,
                                                          first):
    pick(qtbot, window, "discipline", discipline)
    shown = _search(qtbot, window, "conference")
    ranked = catalog.search(rules, "conference", discipline)
    assert ranked[0].id == first
    service = widget(window, QComboBox, "service")
    assert shown == [service.itemText(service.findData(s.id)) for s in ranked]
    with qtbot.waitSignal(window.calculator.resultChanged):
        qtbot.keyClick(keys_to(service), Qt.Key.Key_Return)
    assert service.currentData() == first


@offscreen_popup
def test_search_arrow_then_enter_picks_the_highlighted_service(qtbot, window):
    pick(qtbot, window, "discipline", "LCSW")
    shown = _search(qtbot, window, "care coordination")
    assert len(shown) >= 2
    service = widget(window, QComboBox, "service")
    popup = service.completer().popup()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: service.itemText(service.currentIndex()) == shown[1])


@offscreen_popup
def test_escape_puts_back_the_service(qtbot, shown):
    window = shown
    pick(qtbot, window, "service", "tcm-icc")
    service = widget(window, QComboBox, "service")
    service.setFocus()
    qtbot.waitUntil(lambda: service.lineEdit().selectedText() == service.lineEdit().text())
    for char in "zzzz":
        qtbot.keyClicks(keys_to(service), char)
    qtbot.keyClick(keys_to(service), Qt.Key.Key_Escape)
    qtbot.keyClick(keys_to(service), Qt.Key.Key_Escape)
    assert service.currentData() == "tcm-icc"
    assert service.lineEdit().text() == service.itemText(service.currentIndex())


# -- copy ----------------------------------------------------------------------------------

def _no_date_of_today(text: str) -> None:
    today = dt.date.today()
    for fmt in ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%d.%m.%Y", "%B %d, %Y", "%b %d, %Y"):
        assert today.strftime(fmt) not in text
    assert f"{today.month}/{today.day}/" not in text
    assert not re.search(r"\b\d{1,2}:\d{2}\b", text)  # no time of day either


def test_copy_button_puts_a_plain_summary_on_the_clipboard(qtbot, window, rules):
    pick(qtbot, window, "discipline", "RN")
    pick(qtbot, window, "service", "medication-training")
    calc = enter_quantity(qtbot, window, 100)
    QGuiApplication.clipboard().clear()
    with qtbot.waitSignal(window.calculator.copied):
        qtbot.mouseClick(widget(window, QPushButton, "copy"), Qt.MouseButton.LeftButton)
    text = QGuiApplication.clipboard().text()
    assert text == calc.plain_text()  # the core's summary, as it is
    assert calc == answered(rules, window)
    assert "H0034" in text and f"Units: {calc.units}" in text and calc.steps[0] in text
    assert calc.source in text
    assert "seed" not in text.casefold()
    _no_date_of_today(text)


def test_nothing_to_copy_before_there_is_an_answer(qtbot, window):
    assert window.calculator.current_result().status == "incomplete"
    assert not widget(window, QPushButton, "copy").isEnabled()
    assert not find(window, "copy_action", QAction).isEnabled()
    assert window.calculator.copy_result() is None


def test_ctrl_shift_c_copies(qtbot, window):
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    pick(qtbot, window, "discipline", "RN")
    pick(qtbot, window, "service", "tcm-icc")
    calc = enter_quantity(qtbot, window, 30)
    QGuiApplication.clipboard().clear()
    with qtbot.waitSignal(window.calculator.copied):
        qtbot.keyClick(widget(window, QLineEdit, "quantity"), Qt.Key.Key_C,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert QGuiApplication.clipboard().text() == calc.plain_text()
    assert "T1017" in QGuiApplication.clipboard().text()


# -- errors ----------------------------------------------------------------------------------

def test_a_request_the_core_refuses_is_explained_next_to_the_inputs(qtbot, window, monkeypatch):
    def refuse(request):
        raise InputError("unknown code 'H9999'")

    monkeypatch.setattr(window.library, "calculate", refuse)
    pick(qtbot, window, "discipline", "RN")
    with qtbot.waitSignal(window.calculator.resultChanged) as blocker:
        widget(window, QLineEdit, "quantity").setText("42")
    assert blocker.args == [None]
    label = widget(window, QLabel, "input_error")
    assert label.isVisibleTo(window)
    assert label.text() == "Unknown code 'H9999'."
    assert window.calculator.headline.text() == "No answer yet"
    assert "Unknown code 'H9999'." in result_text(window)
    assert "Traceback" not in result_text(window)
    assert not widget(window, QPushButton, "copy").isEnabled()
    monkeypatch.undo()
    with qtbot.waitSignal(window.calculator.resultChanged) as blocker:
        widget(window, QLineEdit, "quantity").setText("43")
    assert blocker.args[0] is not None and not label.isVisibleTo(window)


def test_there_is_no_calculate_button(window):
    for button in window.findChildren(QPushButton):
        assert "calculat" not in button.text().casefold()


def test_intention_methods_drive_the_same_widgets(qtbot, window, rules):
    page = window.calculator
    with qtbot.waitSignal(page.resultChanged):
        page.select_discipline("LVN")
    page.select_service("H0034")
    page.select_mode("phone")
    page.select_setting("3.5")
    page.set_quantity(23)
    request = page.current_request()
    assert (request.discipline, request.service, request.mode, request.setting,
            request.quantity, request.quantity_kind) == (
        "LVN", "medication-training", "phone", "3.5", 23, "minutes")
    calc = page.current_result()
    assert calc == calculate(rules, request)  # whether LVN may claim it is the data's
    assert widget(window, QLabel, "headline").text() == calc.headline()
    assert widget(window, QLineEdit, "quantity").text() == "23"
    with pytest.raises(ValueError):
        page.select_discipline("nobody")


@offscreen_popup
def test_clicking_a_match_picks_it(qtbot, window):
    pick(qtbot, window, "service", "medication-training")
    shown = _search(qtbot, window, "respite")
    assert len(shown) >= 2
    service = widget(window, QComboBox, "service")
    popup = service.completer().popup()
    index = popup.model().index(len(shown) - 1, 0)
    with qtbot.waitSignal(window.calculator.resultChanged):
        qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton,
                         pos=popup.visualRect(index).center())
    assert service.itemText(service.currentIndex()) == shown[-1]
    assert service.currentData() == service.itemData(service.findText(shown[-1]))


def test_a_result_updated_in_place_reads_as_one_drawn_afresh(qtbot, window):
    """The notes are kept when only the summary changes: the page must still be exactly
    what drawing that result from scratch gives."""
    from gui.widgets.result_view import ResultView

    pick(qtbot, window, "discipline", "AOD")
    for service, minutes in (("tcm-icc", 45), ("tcm-icc", 7), ("tcm-icc", 300),
                             ("medication-training", 100), ("medication-training", 5),
                             ("psychosocial-rehab", 60), ("psychosocial-rehab", 61)):
        window.calculator.select_service(service)
        calc = enter_quantity(qtbot, window, minutes)
        fresh = ResultView()
        fresh.setFont(window.calculator.result.font())
        fresh.show_calculation(calc)
        assert window.calculator.result.toHtml() == fresh.toHtml(), (service, minutes)
        assert _blocks(window.calculator.result) == _blocks(fresh), (service, minutes)


def _blocks(view) -> list[tuple]:
    """Every block of a text view: its text and the margins around it."""
    found, block = [], view.document().begin()
    while block.isValid():
        f = block.blockFormat()
        found.append((block.text(), f.topMargin(), f.bottomMargin(), f.leftMargin()))
        block = block.next()
    return found


# -- the day sheet -------------------------------------------------------------------------

@offscreen_popup
def test_add_to_day_sheet_puts_the_claim_on_the_sheet_beside_the_calculator(qtbot, shown,
                                                                           rules):
    """RN, H0034, 100 minutes, then 45 minutes: each line with the core's units, the day's
    total their sum."""
    add = widget(shown, QPushButton, "add_to_day")
    assert not add.isEnabled() and not shown.day_dock.isVisible()  # nothing to claim yet
    pick(qtbot, shown, "discipline", "RN")
    type_into(qtbot, shown, "service", "H0034")
    type_into(qtbot, shown, "quantity", "100")
    assert add.isEnabled()
    first = answered(rules, shown)
    with qtbot.waitSignal(shown.day_sheet.changed, timeout=2000):
        click(qtbot, add)
    assert shown.day_dock.isVisible() and shown.tabs.currentWidget() is shown.calculator
    table = shown.day_sheet.table
    assert [table.model().index(0, c).data() for c in (1, 2)] == ["H0034", str(first.units)]
    assert "1 claim" in shown.day_dock.windowTitle()

    type_into(qtbot, shown, "quantity", "45")
    second = answered(rules, shown)
    with qtbot.waitSignal(shown.day_sheet.changed, timeout=2000):
        qtbot.keyClick(find(shown, "quantity"), Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert [table.model().index(1, c).data() for c in (1, 2)] == ["H0034", str(second.units)]
    assert f"H0034: {first.units + second.units}" in shown.day_sheet.totals.text()

    type_into(qtbot, shown, "quantity", "1")  # under the code's minimum: not claimable
    assert not answered(rules, shown).claimable and not add.isEnabled()
    qtbot.keyClick(find(shown, "quantity"), Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert table.model().rowCount() == 2

    find(shown, "day_sheet_action", QAction).trigger()  # View > Day sheet
    assert not shown.day_dock.isVisible()
    find(shown, "day_sheet_action", QAction).trigger()
    assert shown.day_dock.isVisible() and table.model().rowCount() == 2


# -- opening a request again (a day sheet line edited) -------------------------------------

LOADED = [
    # DMC-ODS: discipline, service, minutes, remote mode, level of care
    Request(date_of_service=dt.date(2025, 3, 3), discipline="RN", service="medication-training",
            quantity=100, mode="telehealth", setting="2.1"),
    # care coordination: not-billable minutes and activities ticked
    Request(date_of_service=dt.date(2025, 3, 4), discipline="LCSW", service="tcm-icc",
            quantity=60, mode="phone", setting="1.0",
            non_billable=NonBillable(travel=20, documentation=10, activity_minutes=15),
            activities=("benefits-apply", "warm-handoff")),
    # a plan-chosen billing option counted in days; the mode does not apply
    Request(date_of_service=dt.date(2025, 3, 5), discipline="CHW",
            service="cs-tenancy-financial", code="T2050", modifiers=("U6",), quantity=1,
            quantity_kind="days", mode="in-person"),
    # a count, by video
    Request(date_of_service=dt.date(2025, 3, 6), discipline="CHW", service="ecm-visit",
            quantity=2, quantity_kind="count", mode="telehealth"),
]


@offscreen_popup
@pytest.mark.parametrize("request_", LOADED, ids=lambda r: r.service)
def test_a_loaded_request_is_asked_again_field_for_field(qtbot, shown, request_):
    """Whatever the inputs held before, loading a request sets every input to it: the
    calculator then asks exactly that request and answers as the core does."""
    calc = shown.calculator
    pick(qtbot, shown, "discipline", "AOD")
    type_into(qtbot, shown, "service", "T2040")
    calc.set_quantity(45)
    calc.select_mode("phone")
    assert calc.load_request(request_) == ()
    assert calc.current_request() == request_
    assert calc.current_result() == calculate(shown.calculator.rules(), request_)


@offscreen_popup
def test_a_request_taken_from_the_inputs_loads_back_unchanged(qtbot, shown):
    calc = shown.calculator
    pick(qtbot, shown, "discipline", "RN")
    type_into(qtbot, shown, "service", "T1017")
    calc.set_quantity(50)
    calc.set_non_billable(travel=5, activities=10)
    calc.check_activities("community-resources")
    asked = calc.current_request()
    calc.clear()
    assert calc.current_request() != asked
    assert calc.load_request(asked) == () and calc.current_request() == asked


@offscreen_popup
def test_an_id_the_rules_lack_is_said_and_left_empty_never_replaced(qtbot, shown):
    calc = shown.calculator
    pick(qtbot, shown, "discipline", "RN")
    type_into(qtbot, shown, "service", "H0034")
    gone = Request(date_of_service=dt.date(2025, 3, 3), discipline="XX",
                   service="no-such-service", quantity=30, setting="9.9")
    said = calc.load_request(gone)
    assert [s.split(" is not")[0] for s in said] == [
        "The discipline XX", "The service no-such-service", "The level of care 9.9"]
    assert find(shown, "discipline").currentIndex() == -1
    assert calc.current_service() is None and find(shown, "setting").currentIndex() == -1
    assert "no-such-service is not in the rules for 2025-03-03" in find(
        shown, "service_hint", QLabel).text()
    assert calc.current_result().status == "incomplete"


def test_once_the_service_is_chosen_the_panel_asks_only_for_what_is_missing(qtbot, shown):
    pick(qtbot, shown, "discipline", "CHW")
    pick(qtbot, shown, "service", "ecm-visit")
    text = result_text(shown)
    assert "Enter the contacts for G9012 U2." in text and "What to enter" not in text


# -- a quantity kept from another service is not a claim until confirmed (issue 15) --------

def ctrl_d(qtbot, window):
    qtbot.keyClick(keys_to(find(window, "quantity")), Qt.Key.Key_D,
                   Qt.KeyboardModifier.ControlModifier)


@offscreen_popup
def test_minutes_kept_from_another_service_are_no_claim_until_confirmed(qtbot, shown,
                                                                          rules):
    """H0034, 100 minutes; then T1017 typed in the service: the minutes stay, but nothing
    is claimable (no green headline, Add disabled, Ctrl+D adds nothing) until Enter in the
    quantity confirms them (then T1017, 100 minutes, is the core's claim)."""
    calc, sheet = shown.calculator, shown.day_sheet
    add = widget(shown, QPushButton, "add_to_day")
    pick(qtbot, shown, "discipline", "RN")
    type_into(qtbot, shown, "service", "H0034")
    type_into(qtbot, shown, "quantity", "100")
    assert calc.headline.text() == answered(rules, shown).headline()
    assert calc.headline.text().startswith("Claimable: H0034, ")

    type_into(qtbot, shown, "service", "T1017")
    assert widget(shown, QLineEdit, "quantity").text() == "100"  # kept, as typed
    assert calc.headline.text() == "Confirm or change the minutes kept from H0034."
    assert "100 minutes kept from H0034" in result_text(shown)
    hint = widget(shown, QLabel, "quantity_hint")
    assert hint.isVisible() and hint.text() == ("Kept from H0034: press Enter here to keep "
                                                "it, or type another number.")
    assert not add.isEnabled() and not find(shown, "add_to_day_action", QAction).isEnabled()
    ctrl_d(qtbot, shown)
    assert sheet.table.model().rowCount() == 0 and not shown.day_dock.isVisible()

    calc.focus_quantity()  # Alt+Q, then Enter: the 100 minutes are meant for T1017
    qtbot.waitUntil(widget(shown, QLineEdit, "quantity").hasFocus)
    qtbot.keyClick(keys_to(find(shown, "quantity")), Qt.Key.Key_Return)
    confirmed = answered(rules, shown)
    assert calc.headline.text() == confirmed.headline()
    assert calc.headline.text().startswith("Claimable: T1017, ")
    assert not hint.isVisible() and add.isEnabled()
    with qtbot.waitSignal(sheet.changed, timeout=2000):
        ctrl_d(qtbot, shown)
    row = [sheet.table.model().index(0, c).data() for c in (1, 2)]
    assert row == ["T1017", str(confirmed.units)]


@offscreen_popup
def test_enter_alone_confirms_a_kept_quantity_and_mode(qtbot, shown):
    """Housing outreach (T1016) by phone, 38 minutes; then T2040: minutes and mode are
    kept and said; Enter in the quantity, untouched, confirms both (seed 002: T2040 U6,
    38 minutes = 3 units, by phone GQ)."""
    calc = shown.calculator
    pick(qtbot, shown, "discipline", "CHW")
    pick(qtbot, shown, "service", "cs-housing-outreach")
    type_into(qtbot, shown, "quantity", "38")
    calc.select_mode("phone")
    assert calc.current_result().claimable
    type_into(qtbot, shown, "service", "T2040")
    pick(qtbot, shown, "option", "T2040 U6")
    assert calc.headline.text() == ("Confirm or change the minutes and delivery mode kept "
                                    "from T1016.")
    assert widget(shown, QLabel, "quantity_hint").text().startswith(
        "Kept, with the delivery mode, from T1016: press Enter here to keep them")
    quantity = widget(shown, QLineEdit, "quantity")
    calc.focus_quantity()
    qtbot.waitUntil(quantity.hasFocus)
    with qtbot.waitSignal(calc.resultChanged, timeout=2000):
        qtbot.keyClick(quantity, Qt.Key.Key_Return)
    assert calc.headline.text() == "Claimable: T2040 U6 GQ, 3 units"
    assert quantity.text() == "38"  # nothing changed but the confirmation


@offscreen_popup
def test_typing_another_number_confirms_and_going_back_needs_no_confirmation(qtbot, shown,
                                                                             rules):
    calc = shown.calculator
    pick(qtbot, shown, "discipline", "RN")
    type_into(qtbot, shown, "service", "H0034")
    type_into(qtbot, shown, "quantity", "100")
    type_into(qtbot, shown, "service", "T1017")
    assert calc.quantity_kept()
    type_into(qtbot, shown, "service", "H0034")  # back where the minutes were typed
    assert not calc.quantity_kept() and calc.headline.text().startswith("Claimable: H0034, ")
    assert calc.headline.text() == answered(rules, shown).headline()
    type_into(qtbot, shown, "service", "T1017")
    type_into(qtbot, shown, "quantity", "45")
    assert not calc.quantity_kept() and calc.headline.text().startswith("Claimable: T1017, ")
    assert calc.headline.text() == answered(rules, shown).headline()
