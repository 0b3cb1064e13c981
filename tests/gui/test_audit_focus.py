"""The Audit tab and focus: the detail never shows a line the table hides; a click in the
chosen service's label then typing starts a new search; a returning user's first
keystrokes land where they are meant for."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from core import calculate
from tests.core.test_audit_io import HEADER, ROWS, write_csv

from .drive import find, keys_to, offscreen_popup, type_into

RUN_TIMEOUT = 20_000  # ms


def audited(qtbot, window, tmp_path):
    path = write_csv(tmp_path / "export.csv", HEADER, [r for r, _ in ROWS])
    window.show_tab("audit")
    with qtbot.waitSignal(window.audit.fileOpened, timeout=RUN_TIMEOUT):
        window.audit.open_file(path)
    with qtbot.waitSignal(window.audit.runFinished, timeout=RUN_TIMEOUT):
        qtbot.mouseClick(window.audit.run_button, Qt.MouseButton.LeftButton)
    return window.audit


def click_row(qtbot, audit, row):
    table = audit.table
    rect = table.visualRect(audit.model.index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    return audit.model.index(row, 0).data()  # the line's row number in the file


def choose_status(qtbot, audit, label):
    """Pick a status in the filter from the keyboard, as a person would."""
    combo = audit.status_filter
    combo.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(combo.hasFocus)
    qtbot.keyClicks(combo, label)
    assert combo.currentText() == label


def test_the_detail_never_shows_a_line_the_filter_hides(qtbot, shown, tmp_path):
    audit = audited(qtbot, shown, tmp_path)
    statuses = [audit.model.index(r, 1).data() for r in range(audit.model.rowCount())]
    ok_row = statuses.index("OK")
    file_row = click_row(qtbot, audit, ok_row)
    assert audit.detail.toPlainText().startswith(f"Row {file_row}:")
    choose_status(qtbot, audit, "Error")  # the OK line is hidden
    assert audit.count.text().startswith(f"{statuses.count('Error')} of ")
    assert f"Row {file_row}:" not in audit.detail.toPlainText()
    assert audit.detail.toPlainText() == ""
    assert not audit.table.selectionModel().selectedRows()


def test_the_line_selected_stays_selected_while_the_filter_still_shows_it(qtbot, shown,
                                                                          tmp_path):
    audit = audited(qtbot, shown, tmp_path)
    statuses = [audit.model.index(r, 1).data() for r in range(audit.model.rowCount())]
    file_row = click_row(qtbot, audit, statuses.index("Error"))
    choose_status(qtbot, audit, "Error")
    rows = audit.table.selectionModel().selectedRows()
    assert [audit.model.index(r.row(), 0).data() for r in rows] == [file_row]
    assert audit.detail.toPlainText().startswith(f"Row {file_row}:")
    # sorting by a column keeps it too
    header = audit.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(5) + 5, header.height() // 2))
    rows = audit.table.selectionModel().selectedRows()
    assert [audit.model.index(r.row(), 0).data() for r in rows] == [file_row]
    assert audit.detail.toPlainText().startswith(f"Row {file_row}:")


@offscreen_popup
def test_a_click_in_the_chosen_services_label_then_typing_starts_a_new_search(qtbot, shown):
    service = find(shown, "service", QComboBox)
    type_into(qtbot, shown, "service", "H0034", then=Qt.Key.Key_Return)
    edit = service.lineEdit()
    assert edit.text() == "H0034 — Medication training and support" and service.hasFocus()
    # a click in the middle of the label, the field having the focus already
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(edit.width() // 2,
                                                                 edit.height() // 2))
    for char in "T1017":
        qtbot.keyClicks(keys_to(service), char)
    assert edit.text() == "T1017"
    qtbot.keyClick(keys_to(service), Qt.Key.Key_Tab)
    assert service.current_service() is not None and edit.text().startswith("T1017 — ")


def returning_to(qtbot, make_window, prefs_path, tab):
    Path(prefs_path).write_text(f"[General]\ndiscipline=RN\ntab={tab}\n", encoding="utf-8")
    window = make_window()
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


@offscreen_popup
def test_a_user_whose_last_tab_was_audit_types_into_the_calculator(qtbot, make_window,
                                                                   prefs_path, rules):
    """The Audit tab opens empty (nothing from a file is kept between runs): the window
    opens on the calculator, with the focus where typing starts."""
    window = returning_to(qtbot, make_window, prefs_path, 2)
    assert window.tabs.currentWidget() is window.calculator
    for char in "H0034":
        qtbot.keyClicks(keys_to(find(window, "service")), char)
    qtbot.keyClick(keys_to(find(window, "service")), Qt.Key.Key_Tab)
    for char in "100":
        qtbot.keyClicks(QApplication.focusWidget(), char)
    assert find(window, "quantity", QLineEdit).text() == "100"
    calc = window.calculator.current_result()
    assert calc.claimable and calc == calculate(rules, window.calculator.current_request())


def test_a_user_whose_last_tab_was_the_code_reference_types_into_its_filter(
        qtbot, make_window, prefs_path):
    window = returning_to(qtbot, make_window, prefs_path, 1)
    assert window.tabs.currentWidget() is window.reference
    qtbot.keyClicks(QApplication.focusWidget(), "H0034")
    assert window.reference.filter.text() == "H0034"
