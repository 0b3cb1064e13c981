"""What the inputs show is, at every moment, what the result is for (issue 7, 1-3).

Driven with keystrokes: go to a field (its text is selected), type, Tab away.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit

from core.vocab import plural

from .drive import click, find, focus, keys_to, offscreen_popup, pick, result_text, type_into


def _start(qtbot, window, minutes: str = "100"):
    """RN, H0034 and some minutes, all typed."""
    pick(qtbot, window, "discipline", "RN")
    type_into(qtbot, window, "service", "H0034")
    type_into(qtbot, window, "quantity", minutes)
    return window.calculator.current_result()


def test_typing_a_code_and_tab_picks_that_service(qtbot, shown):
    calc = _start(qtbot, shown)
    assert calc.status == "claimable" and calc.lines[0].code == "H0034"
    service = find(shown, "service", QComboBox)
    assert service.currentData() == "medication-training"
    assert service.lineEdit().text() == service.currentText()


@offscreen_popup
@pytest.mark.parametrize("typed", ["", "zzzz nothing", "care"])
def test_leaving_the_service_field_with_no_single_match_clears_the_answer(qtbot, shown, typed):
    before = _start(qtbot, shown)
    assert "H0034" in shown.calculator.headline.text()
    type_into(qtbot, shown, "service", typed)
    calc = shown.calculator.current_result()
    assert calc is not None and calc.status == "incomplete"
    service = find(shown, "service", QComboBox)
    assert service.currentIndex() == -1
    assert service.lineEdit().text() == typed  # what was typed stays, as typed
    assert plural(before.units, "unit") not in result_text(shown)  # no stale answer
    assert "Claimable" not in result_text(shown)
    assert shown.calculator.headline.text() == calc.headline()
    hint = find(shown, "service_hint", QLabel)
    if typed:
        assert hint.isVisibleTo(shown) and typed in hint.text()
    assert not find(shown, "copy").isEnabled()


@offscreen_popup
def test_a_search_that_matches_one_service_is_picked_on_tab(qtbot, shown):
    _start(qtbot, shown)
    type_into(qtbot, shown, "service", "sobering")
    assert find(shown, "service", QComboBox).currentData() == "cs-sobering-center"
    assert "H0014" in shown.calculator.headline.text()  # its code, asking for its count


def test_focus_by_tab_or_mnemonic_selects_the_text(qtbot, shown):
    _start(qtbot, shown)
    service = find(shown, "service", QComboBox)
    quantity = find(shown, "quantity", QLineEdit)
    focus(qtbot, find(shown, "discipline"))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: service.hasFocus())
    qtbot.waitUntil(lambda: service.lineEdit().selectedText() == service.lineEdit().text())
    # Alt+S on the field that has the focus already: the text is selected again
    service.lineEdit().setCursorPosition(0)
    qtbot.keyClick(service.lineEdit(), Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: service.lineEdit().selectedText() == service.lineEdit().text())
    qtbot.keyClick(service.lineEdit(), Qt.Key.Key_Q, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(quantity.hasFocus)
    qtbot.waitUntil(lambda: quantity.selectedText() == "100")
    # so typing replaces the old value: "1003 minutes" cannot happen
    qtbot.keyClicks(quantity, "30")
    assert quantity.text() == "30"


def test_a_returning_user_types_over_the_service_the_window_opened_with(qtbot, make_window):
    first = make_window()
    first.calculator.select_discipline("RN")
    first.close()
    again = make_window()
    again.show()
    again.activateWindow()
    qtbot.waitUntil(again.isActiveWindow)
    service = find(again, "service", QComboBox)
    qtbot.waitUntil(service.hasFocus)  # a known discipline: the search comes first
    again.calculator.select_service("H0034")
    focus(qtbot, find(again, "quantity"))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    qtbot.waitUntil(lambda: service.lineEdit().selectedText() == service.lineEdit().text())
    for key in "T1017":
        qtbot.keyClicks(keys_to(service), key)
    qtbot.keyClick(keys_to(service), Qt.Key.Key_Tab)
    assert service.currentData() == "tcm-icc"


@pytest.mark.parametrize(("typed", "said"), [
    ("1500", "1500 minutes is more than"),
    ("99999999999999999999", "is more than"),
    ("1.5", "not a whole number"),
    ("-20", "not a whole number"),
    ("²", "not a whole number"),
    ("twenty", "not a whole number"),
])
def test_a_quantity_that_cannot_be_used_stays_as_typed_with_the_reason(qtbot, shown, typed,
                                                                      said):
    before = _start(qtbot, shown)
    type_into(qtbot, shown, "quantity", typed)
    quantity = find(shown, "quantity", QLineEdit)
    assert quantity.text() == typed  # never cut: 1500 is not 150
    problem = find(shown, "quantity_problem", QLabel)
    assert problem.isVisibleTo(shown) and said in problem.text()
    assert shown.calculator.current_result() is None
    assert "Claimable" not in result_text(shown)
    assert plural(before.units, "unit") not in result_text(shown)  # no stale answer
    assert shown.calculator.headline.text() == "No answer yet"
    assert not find(shown, "copy").isEnabled()
    assert quantity.accessibleDescription() == problem.text()


def test_168_meals_stay_168_meals(qtbot, shown):
    pick(qtbot, shown, "discipline", "CHW")
    type_into(qtbot, shown, "service", "S5170")
    type_into(qtbot, shown, "quantity", "16")
    assert shown.calculator.current_result().request.quantity == 16
    type_into(qtbot, shown, "quantity", "168")
    assert find(shown, "quantity", QLineEdit).text() == "168"  # not cut to 16
    assert "168 meals is more than" in find(shown, "quantity_problem", QLabel).text()
    assert shown.calculator.current_result() is None


def test_an_emptied_quantity_shows_the_neutral_state(qtbot, shown):
    before = _start(qtbot, shown)
    type_into(qtbot, shown, "quantity", "")
    calc = shown.calculator.current_result()
    assert calc.status == "incomplete" and calc.prompt
    assert plural(before.units, "unit") not in result_text(shown)  # no stale answer
    assert shown.calculator.headline.text() == calc.prompt
    assert not find(shown, "quantity_problem", QLabel).isVisibleTo(shown)


def test_first_screen_is_a_neutral_invitation(qtbot, shown):
    calc = shown.calculator.current_result()
    assert calc is not None and calc.status == "incomplete"
    text = result_text(shown)
    assert shown.calculator.headline.text() == calc.prompt
    assert "discipline" in text.casefold()
    assert "Not claimable" not in text and "not an allowable" not in text
    for name in ("discipline_problem", "quantity_problem", "mode_problem", "setting_problem"):
        assert not find(shown, name, QLabel).isVisibleTo(shown), name
    assert find(shown, "discipline", QComboBox).currentIndex() == -1  # nothing assumed
    assert find(shown, "setting", QComboBox).currentIndex() == -1
    assert find(shown, "mode", QComboBox).currentData() == "in-person"
    assert find(shown, "quantity", QLineEdit).text() == ""
    qtbot.waitUntil(lambda: QApplication.focusWidget() is find(shown, "discipline"))


def test_new_calculation_empties_the_inputs_and_keeps_the_discipline(qtbot, shown):
    _start(qtbot, shown)
    pick(qtbot, shown, "setting", "3.5")
    qtbot.keyClick(find(shown, "quantity"), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert shown.calculator.current_result().status == "incomplete"
    assert find(shown, "quantity", QLineEdit).text() == ""
    assert find(shown, "service", QComboBox).currentIndex() == -1
    request = shown.calculator.current_request()
    assert (request.discipline, request.setting) == ("RN", "3.5")


@offscreen_popup
def test_while_typing_over_the_service_the_result_is_not_the_old_one(qtbot, shown):
    _start(qtbot, shown)
    service = find(shown, "service", QComboBox)
    type_into(qtbot, shown, "service", "T10", then=None)  # still typing
    assert service.lineEdit().text() == "T10"
    assert shown.calculator.current_result().status == "incomplete"
    assert "H0034" not in shown.calculator.headline.text()
    qtbot.keyClick(keys_to(service), Qt.Key.Key_Escape)  # puts the service back
    assert service.currentData() == "medication-training"
    assert "H0034" in shown.calculator.headline.text()


@offscreen_popup
def test_a_click_elsewhere_settles_the_service_field(qtbot, shown):
    _start(qtbot, shown)
    type_into(qtbot, shown, "service", "sobering", then=None)
    service = find(shown, "service", QComboBox)
    assert service.lineEdit().text() == "sobering"
    click(qtbot, find(shown, "quantity"))
    qtbot.waitUntil(lambda: service.currentData() == "cs-sobering-center")
    assert "H0014" in shown.calculator.headline.text()


@offscreen_popup
def test_down_on_an_unsettled_search_lists_its_matches(qtbot, shown, rules):
    from core import catalog

    pick(qtbot, shown, "discipline", "RN")
    type_into(qtbot, shown, "service", "care")  # several match: nothing picked
    service = find(shown, "service", QComboBox)
    assert service.currentIndex() == -1
    assert "press Down" in find(shown, "service_hint", QLabel).text()
    focus(qtbot, service)
    qtbot.keyClick(keys_to(service), Qt.Key.Key_Down)
    popup = service.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    ranked = catalog.search(rules, "care", "RN")
    assert popup.model().rowCount() == len(ranked)
    qtbot.keyClick(keys_to(service), Qt.Key.Key_Return)
    assert service.currentData() == ranked[0].id
