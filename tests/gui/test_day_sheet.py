"""The day sheet, driven as a clinician does: answers added from the calculator, the
day's conflicts shown at once, a line removed with the Delete key or the button, the
sheet copied for the progress note.

The same-day pairs are seed 002's footnotes 8, 9 and 11 (both alternatives may not be
reported for one member on one day); the units are the sources' (seed 000: H0034, 100 min
= 7 units, 45 min = 3 units; seed 002: T2040 U6, 30 min = 2 units, T2050 U6 one a day).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from core import Request, calculate
from gui.day_sheet import DaySheet


@pytest.fixture
def sheet(qtbot, rules):
    s = DaySheet(rules)
    qtbot.addWidget(s)
    s.resize(900, 500)
    s.show()
    s.activateWindow()
    qtbot.waitUntil(s.isActiveWindow)  # keys go where the focus is, as for a person
    return s


def answer(rules, code, mods=(), quantity=30, kind="minutes", discipline="CHW", mode=None):
    return calculate(rules, Request(discipline=discipline, code=code, modifiers=mods,
                                    quantity=quantity, quantity_kind=kind, mode=mode))


def add(qtbot, sheet, calc):
    with qtbot.waitSignal(sheet.changed, timeout=2000):
        assert sheet.add(calc)


def cells(sheet, column):
    return [sheet.table.item(r, column).text() for r in range(sheet.table.rowCount())]


def click_row(qtbot, sheet, row):
    table = sheet.table
    rect = table.visualRect(table.model().index(row, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


@pytest.mark.parametrize("timed,daily", [("T2040", "T2050"), ("T2041", "T2051"),
                                         ("H2014", "H2038")])
def test_both_alternatives_on_one_day_show_a_conflict_at_once(qtbot, rules, sheet, timed,
                                                              daily):
    add(qtbot, sheet, answer(rules, timed, ("U6",)))
    assert not sheet.conflicts.isVisible()
    add(qtbot, sheet, answer(rules, daily, ("U6",), 1, kind="days"))
    assert sheet.conflicts.isVisible()
    text = sheet.conflicts.text()
    assert text.startswith(f"Row 2: {daily} U6 and {timed} U6 (row 1)") and "Source:" in text
    assert cells(sheet, 6) == ["", "Yes"]


def test_each_line_and_the_units_per_code_are_shown(qtbot, rules, sheet):
    assert sheet.table.rowCount() == 0 and not sheet.copy_button.isEnabled()
    for minutes in (100, 45):
        add(qtbot, sheet, answer(rules, "H0034", quantity=minutes, discipline="RN"))
    add(qtbot, sheet, answer(rules, "T2040", ("U6",), mode="telehealth"))
    assert cells(sheet, 1) == ["H0034", "H0034", "T2040 U6 GQ"]
    assert cells(sheet, 2) == ["7", "3", "2"]
    assert cells(sheet, 3) == ["100 minutes of service", "45 minutes of service",
                               "30 minutes of service"]
    assert cells(sheet, 4)[0].startswith("RN")
    assert sheet.totals.text() == ("Units by code: H0034: 10; T2040 U6 GQ: 2. "
                                   "No same-day conflict found.")


def test_the_delete_key_removes_a_line_and_the_checks_follow(qtbot, rules, sheet):
    add(qtbot, sheet, answer(rules, "T2040", ("U6",)))
    add(qtbot, sheet, answer(rules, "T2050", ("U6",), 1, kind="days"))
    add(qtbot, sheet, answer(rules, "H0034", quantity=100, discipline="RN"))
    assert sheet.conflicts.isVisible()
    click_row(qtbot, sheet, 0)
    sheet.table.setFocus()
    qtbot.waitUntil(sheet.table.hasFocus)
    with qtbot.waitSignal(sheet.changed, timeout=2000):
        qtbot.keyClick(sheet.table, Qt.Key.Key_Delete)
    assert cells(sheet, 1) == ["T2050 U6", "H0034"]
    assert not sheet.conflicts.isVisible() and sheet.check().conflicts == ()
    assert cells(sheet, 0) == ["1", "2"]


def test_the_remove_button_takes_the_selected_line_off(qtbot, rules, sheet):
    add(qtbot, sheet, answer(rules, "H2014", ("U6",)))
    add(qtbot, sheet, answer(rules, "H2038", ("U6",), 1, kind="days"))
    click_row(qtbot, sheet, 1)
    assert sheet.remove_button.isEnabled()
    qtbot.mouseClick(sheet.remove_button, Qt.MouseButton.LeftButton)
    assert cells(sheet, 1) == ["H2014 U6"] and not sheet.conflicts.isVisible()
    qtbot.mouseClick(sheet.clear_button, Qt.MouseButton.LeftButton)
    assert sheet.table.rowCount() == 0 and not sheet.remove_button.isEnabled()


def test_copy_day_sheet_puts_the_claims_and_conflicts_on_the_clipboard(qtbot, rules, sheet):
    add(qtbot, sheet, answer(rules, "T2040", ("U6",)))
    add(qtbot, sheet, answer(rules, "T2050", ("U6",), 1, kind="days"))
    with qtbot.waitSignal(sheet.copied, timeout=2000) as copied:
        qtbot.mouseClick(sheet.copy_button, Qt.MouseButton.LeftButton)
    text = QApplication.clipboard().text()
    assert text == copied.args[0]
    assert text.splitlines()[:3] == [
        "Day sheet (one member, one day):",
        "1. T2040 U6: 2 units (30 minutes of service; CHW (Community Health Worker))",
        "2. T2050 U6: 1 unit (1 day; CHW (Community Health Worker))"]
    assert "Same-day conflicts:" in text and "Row 2: T2050 U6 and T2040 U6" in text


@pytest.mark.parametrize("request_", [
    Request(discipline="RN", code="H0034", quantity=7),  # below the 8-minute minimum
    Request(discipline="RN"),  # nothing chosen yet
])
def test_an_answer_with_nothing_to_claim_is_not_added_and_says_why(rules, sheet, request_):
    assert not sheet.add(calculate(rules, request_))
    assert sheet.table.rowCount() == 0
    assert sheet.problem.text().startswith("Only a claimable answer goes on the day sheet")


def test_the_sheet_says_it_is_in_memory_only(sheet):
    privacy = sheet.findChild(type(sheet.totals), "day_privacy")
    assert "No name, no id" in privacy.text() and "in memory only" in privacy.text()
