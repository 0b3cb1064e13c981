"""The window's number and date fields read with core's strict readers (issue 15, item 5):
what they refuse, the fields refuse."""

import pytest

from gui.widgets.fields import read_date, read_number

from tests.core.test_readers import NOT_DATES, NOT_NUMBERS


@pytest.mark.parametrize("typed", [t for t in NOT_NUMBERS if t])
def test_the_quantity_field_refuses_what_core_refuses(typed):
    reading = read_number(typed, "minutes", 1440)
    assert reading.value is None and "not a whole number of minutes" in reading.problem


@pytest.mark.parametrize("typed", NOT_DATES)
def test_the_date_field_refuses_what_core_refuses(typed):
    assert read_date(typed) is None


def test_a_long_paste_is_kept_whole_and_named_short(qtbot, shown):
    """5,000 characters pasted into the quantity stay in the field as pasted; the line
    under it names them by their start, end and length, not echoed whole."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

    from tests.gui.drive import find, focus, pick

    pick(qtbot, shown, "discipline", "RN")
    pick(qtbot, shown, "service", "psychosocial-rehab")
    pasted = "9" * 4_999 + "x"
    QApplication.clipboard().setText(pasted)
    field = find(shown, "quantity", QLineEdit)
    focus(qtbot, field)
    qtbot.keyClick(field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    problem = find(shown, "quantity_problem", QLabel)
    qtbot.waitUntil(lambda: "characters" in problem.text())
    assert field.text() == pasted
    assert "5,000 characters" in problem.text() and len(problem.text()) < 200
    assert shown.calculator.current_result() is None
