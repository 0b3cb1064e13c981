"""The day sheet, driven as a clinician does: answers added from the calculator, the
day's conflicts shown at once, a line removed with the Delete key or the button, the
sheet copied for the progress note.

The same-day pairs are seed 002's footnotes 8, 9 and 11 (both alternatives may not be
reported for one member on one day); the units on a line are calculate()'s, as the
calculator's answer brings them (the engine's tests hold the sources' numbers).
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from core import Request, calculate
from core.packs import Library
from gui import build_main_window
from gui.day_sheet import DaySheet
from tests.core.pack_copies import pack_copy

from .drive import click, find, offscreen_popup, pick, type_into


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
    model = sheet.table.model()  # the cells the table shows
    return [model.index(r, column).data() for r in range(model.rowCount())]


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
    # both lines carry it, each naming the other's row (the source forbids reporting both)
    assert text.startswith(f"Row 1: {timed} U6 and {daily} U6 (row 2)") and "Source:" in text
    assert f"\nRow 2: {daily} U6 and {timed} U6 (row 1)" in text
    assert cells(sheet, 6) == ["Same-day conflict", "Same-day conflict"]


def test_each_line_and_the_units_per_code_are_shown(qtbot, rules, sheet):
    assert sheet.table.model().rowCount() == 0 and not sheet.copy_button.isEnabled()
    answers = [answer(rules, "H0034", quantity=minutes, discipline="RN") for minutes in (100, 45)]
    answers.append(answer(rules, "T2040", ("U6",), mode="telehealth"))
    for calc in answers:
        add(qtbot, sheet, calc)
    assert cells(sheet, 1) == ["H0034", "H0034", "T2040 U6 GQ"]
    assert cells(sheet, 2) == [str(calc.units) for calc in answers]  # the core's units
    assert cells(sheet, 3) == ["100 minutes of service", "45 minutes of service",
                               "30 minutes of service"]
    assert cells(sheet, 4)[0].startswith("RN")
    h0034, t2040 = answers[0].units + answers[1].units, answers[2].units
    assert sheet.totals.text() == (f"Units by code: H0034: {h0034}; T2040 U6 GQ: {t2040}. "
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
    assert sheet.table.model().rowCount() == 0 and not sheet.remove_button.isEnabled()


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
    Request(discipline="RN", code="H0034", quantity=1),  # below the code's minimum
    Request(discipline="RN"),  # nothing chosen yet
])
def test_an_answer_with_nothing_to_claim_is_not_added_and_says_why(rules, sheet, request_):
    assert not sheet.add(calculate(rules, request_))
    assert sheet.table.model().rowCount() == 0
    assert sheet.problem.text().startswith("Only a claimable answer goes on the day sheet")


def test_the_sheet_says_it_is_in_memory_only(sheet):
    privacy = sheet.findChild(type(sheet.totals), "day_privacy")
    assert "No name, no id" in privacy.text() and "in memory only" in privacy.text()


# -- the day sheet in the window: lines edited in the calculator -------------------------

def claim(qtbot, window, option, quantity):
    """Choose a Community Supports billing option, type the quantity, Add to day sheet."""
    pick(qtbot, window, "option", option)
    type_into(qtbot, window, "quantity", str(quantity))
    with qtbot.waitSignal(window.day_sheet.changed, timeout=2000):
        click(qtbot, find(window, "add_to_day"))


def two_alternatives(qtbot, window):
    """CHW, financial management: T2040 U6 (30 minutes) and T2050 U6 (1 day) on one day."""
    pick(qtbot, window, "discipline", "CHW")
    type_into(qtbot, window, "service", "T2040")
    claim(qtbot, window, "T2040 U6", 30)
    claim(qtbot, window, "T2050 U6", 1)
    return window.day_sheet


def press(qtbot, sheet, row, key):
    """Click a line of the sheet, then press ``key`` on it."""
    click_row(qtbot, sheet, row)
    qtbot.waitUntil(sheet.table.hasFocus)
    qtbot.keyClick(sheet.table, key)


@offscreen_popup
def test_editing_a_line_into_another_code_takes_its_conflict_away_at_once(qtbot, shown):
    sheet = two_alternatives(qtbot, shown)
    assert cells(sheet, 6) == ["Same-day conflict", "Same-day conflict"] and sheet.conflicts.isVisible()

    with qtbot.waitSignal(sheet.editRequested, timeout=2000):
        press(qtbot, sheet, 1, Qt.Key.Key_Return)  # Enter on the T2050 U6 line
    calc = shown.calculator
    assert calc.current_option().key == "T2050 U6" and find(shown, "quantity").text() == "1"
    assert cells(sheet, 0) == ["1", "2, editing"] and sheet.editing_row() == 1
    assert sheet.update_button.isVisible() and sheet.cancel_button.isVisible()
    assert "Editing row 2" in sheet.editing.text()

    type_into(qtbot, shown, "service", "T2051")  # support brokerage, per diem: its option
    assert calc.current_option().key == "T2051 U6"
    assert find(shown, "quantity").text() == ""  # T2050's day is not carried over unseen
    type_into(qtbot, shown, "quantity", "1")
    assert calc.current_result().claimable and sheet.update_button.isEnabled()
    with qtbot.waitSignal(sheet.changed, timeout=2000):
        click(qtbot, sheet.update_button)
    assert cells(sheet, 1) == ["T2040 U6", "T2051 U6"] and cells(sheet, 0) == ["1", "2"]
    assert cells(sheet, 6) == ["", ""] and not sheet.conflicts.isVisible()
    assert "No same-day conflict found" in sheet.totals.text()
    assert not sheet.update_button.isVisible() and sheet.editing_row() is None


@offscreen_popup
def test_update_line_waits_for_a_claimable_answer(qtbot, shown):
    sheet = two_alternatives(qtbot, shown)
    update = find(shown, "update_day_action", QAction)
    assert not update.isEnabled()
    with qtbot.waitSignal(sheet.editRequested, timeout=2000):
        press(qtbot, sheet, 0, Qt.Key.Key_Enter)
    type_into(qtbot, shown, "quantity", "5")  # under the minimum: nothing to claim
    assert not sheet.update_button.isEnabled() and not update.isEnabled()
    type_into(qtbot, shown, "quantity", "60", then=None)
    assert sheet.update_button.isEnabled() and update.isEnabled()
    with qtbot.waitSignal(sheet.changed, timeout=2000):  # Edit > Update day sheet line
        qtbot.keyClick(find(shown, "quantity"), Qt.Key.Key_U,
                       Qt.KeyboardModifier.ControlModifier)
    assert cells(sheet, 3)[0] == "60 minutes of service" and sheet.check().lines[0].units == 4
    assert sheet.totals.text().startswith("Units by code: T2040 U6: 4; T2050 U6: 1")


@offscreen_popup
def test_cancel_edit_leaves_the_line_and_the_checks_as_they_were(qtbot, shown):
    sheet = two_alternatives(qtbot, shown)
    before = sheet.check()
    table = sheet.table
    rect = table.visualRect(table.model().index(0, 1))
    click_row(qtbot, sheet, 0)  # a double-click's first press (QTest sends only the second)
    with qtbot.waitSignal(sheet.editRequested, timeout=2000):
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert shown.calculator.current_option().key == "T2040 U6"
    type_into(qtbot, shown, "quantity", "90")
    click(qtbot, sheet.cancel_button)
    assert sheet.check() == before and cells(sheet, 0) == ["1", "2"]
    assert sheet.editing_row() is None and sheet.edit_button.isVisible()
    # Escape on the sheet cancels too
    with qtbot.waitSignal(sheet.editRequested, timeout=2000):
        press(qtbot, sheet, 1, Qt.Key.Key_Return)
    qtbot.waitUntil(find(shown, "service").hasFocus)  # the line is changed there
    press(qtbot, sheet, 1, Qt.Key.Key_Escape)
    assert sheet.editing_row() is None and sheet.check() == before


@offscreen_popup
def test_the_delete_key_removes_the_line_being_edited_and_ends_the_edit(qtbot, shown):
    sheet = two_alternatives(qtbot, shown)
    with qtbot.waitSignal(sheet.editRequested, timeout=2000):
        click_row(qtbot, sheet, 1)
        click(qtbot, sheet.edit_button)
    with qtbot.waitSignal(sheet.changed, timeout=2000):
        press(qtbot, sheet, 1, Qt.Key.Key_Delete)
    assert cells(sheet, 1) == ["T2040 U6"] and not sheet.conflicts.isVisible()
    assert sheet.editing_row() is None and not sheet.update_button.isVisible()


@offscreen_popup
def test_the_sheet_is_checked_by_the_pack_of_the_date_of_service(qtbot, tmp_path, prefs_path):
    """A later pack (made here from the shipped one) names T2050 anew: on its date the
    T2050 U6 line is kept and shown as not in its rules, and the same-day rule no longer
    meets it; back on the first date the conflict is back."""
    folder = pack_copy(tmp_path / "next", "test-next", dt.date(2026, 7, 1))
    for path in folder.glob("*.toml"):
        path.write_text(path.read_text(encoding="utf-8").replace("T2050", "T2060"),
                        encoding="utf-8")
    library = Library.discover(folder, user_dir=tmp_path / "none")
    window = build_main_window(settings=prefs_path, library=library)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    type_into(qtbot, window, "date_of_service", "2025-03-03")
    sheet = two_alternatives(qtbot, window)
    assert cells(sheet, 6) == ["Same-day conflict", "Same-day conflict"]

    with qtbot.waitSignal(sheet.changed, timeout=2000):
        type_into(qtbot, window, "date_of_service", "2026-07-01")
    assert cells(sheet, 1) == ["T2040 U6", "T2050 U6"]  # nothing dropped
    assert cells(sheet, 6) == ["", "Not in the rules of this date"]
    assert sheet.conflicts.text().startswith("Row 2: T2050 U6 is not a code of the rules")
    assert sheet.check().conflicts == ()
    assert sheet.totals.text().endswith("No same-day conflict found among the lines checked.")

    with qtbot.waitSignal(sheet.changed, timeout=2000):
        type_into(qtbot, window, "date_of_service", "2025-03-03")
    assert cells(sheet, 6) == ["Same-day conflict", "Same-day conflict"]


# -- an edited line never becomes a second line; a claim made twice is flagged -----------

def ctrl_d(qtbot, window):
    qtbot.keyClick(find(window, "quantity"), Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)


@offscreen_popup
def test_add_while_a_line_is_edited_puts_the_answer_in_its_place(qtbot, shown):
    """Issue 15 item 11: Edit line, change the minutes, then "Add to day sheet" (or
    Ctrl+D) made a second line; after "Update line" the day counted the units twice. While
    a line is edited, Add says it updates that row, and does (seed 002: T2040 U6, 30 min =
    2 units, 38 = 3, 60 = 4)."""
    sheet, add = shown.day_sheet, find(shown, "add_to_day")
    pick(qtbot, shown, "discipline", "CHW")
    type_into(qtbot, shown, "service", "T2040")
    claim(qtbot, shown, "T2040 U6", 30)
    assert add.text() == "Add to day sheet"

    with qtbot.waitSignal(sheet.editRequested, timeout=2000):  # select it, Edit line
        click_row(qtbot, sheet, 0)
        click(qtbot, sheet.edit_button)
    assert add.text() == "Update day sheet row 1"
    assert find(shown, "add_to_day_action", QAction).text() == "Update &day sheet row 1"
    type_into(qtbot, shown, "quantity", "38")
    with qtbot.waitSignal(sheet.changed, timeout=2000):
        click(qtbot, add)
    assert cells(sheet, 2) == ["3"] and sheet.editing_row() is None
    assert sheet.totals.text().startswith("Units by code: T2040 U6: 3.")
    assert add.text() == "Add to day sheet"

    with qtbot.waitSignal(sheet.editRequested, timeout=2000):  # Enter on it, then Ctrl+D
        press(qtbot, sheet, 0, Qt.Key.Key_Return)
    type_into(qtbot, shown, "quantity", "60")
    with qtbot.waitSignal(sheet.changed, timeout=2000):
        ctrl_d(qtbot, shown)
    assert cells(sheet, 2) == ["4"] and sheet.editing_row() is None
    assert not sheet.update_button.isVisible() and not sheet.conflicts.isVisible()
    assert "T2040 U6: 4" in sheet.copy_text()


@offscreen_popup
def test_the_same_claim_added_twice_is_flagged_as_a_duplicate(qtbot, shown):
    """Added twice on purpose (Ctrl+D twice): both lines stay, counted, and flagged as the
    audit flags an exact duplicate, on the sheet and in the copy."""
    sheet = shown.day_sheet
    pick(qtbot, shown, "discipline", "CHW")
    type_into(qtbot, shown, "service", "T2040")
    pick(qtbot, shown, "option", "T2040 U6")
    type_into(qtbot, shown, "quantity", "30")
    for _ in range(2):
        with qtbot.waitSignal(sheet.changed, timeout=2000):
            ctrl_d(qtbot, shown)
    assert cells(sheet, 2) == ["2", "2"] and cells(sheet, 6) == ["", "Duplicate line"]
    assert sheet.conflicts.isVisible()
    assert sheet.conflicts.text().startswith("Row 2: The same line as row 1")
    assert "T2040 U6: 4" in sheet.totals.text()
    assert "Row 2: The same line as row 1" in sheet.copy_text()
    with qtbot.waitSignal(sheet.changed, timeout=2000):
        press(qtbot, sheet, 1, Qt.Key.Key_Delete)
    assert cells(sheet, 6) == [""] and not sheet.conflicts.isVisible()
