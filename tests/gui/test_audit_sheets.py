"""The Audit tab's Sheet box: a workbook with several visible sheets opens on the one Excel
shows; the reviewer picks another with the keyboard or the mouse and it is audited; the
summary names the sheet audited. (Which sheet core reads: tests/core/test_audit_sheets.py.)"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

import gui.audit_view as audit_view
from tests.core.test_audit_io import HEADER, ROWS, write_csv
from tests.core.test_audit_sheets import GOOD, WRONG, workbook

RUN_TIMEOUT = 20_000  # ms


def open_with_ctrl_o(qtbot, window, monkeypatch, path):
    monkeypatch.setattr(audit_view, "choose_file_to_open", lambda parent: str(path))
    with qtbot.waitSignal(window.audit.fileOpened, timeout=RUN_TIMEOUT) as opened:
        qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_O,
                       Qt.KeyboardModifier.ControlModifier)
    return opened.args[0]


def run(qtbot, audit):
    with qtbot.waitSignal(audit.runFinished, timeout=RUN_TIMEOUT) as done:
        qtbot.mouseClick(audit.run_button, Qt.MouseButton.LeftButton)
    return done.args[0]


def sheets_offered(audit):
    box = audit.sheet_picker
    return [box.itemText(i) for i in range(box.count())]


def test_the_sheet_box_offers_the_visible_sheets_and_audits_the_one_chosen(
        qtbot, shown, monkeypatch, tmp_path):
    path = workbook(tmp_path / "visits.xlsx",
                    {"Old": [WRONG] * 5, "Jan": [GOOD], "Feb": [WRONG, WRONG], "Mar": [GOOD]},
                    active="Feb", hidden=("Old",))
    assert open_with_ctrl_o(qtbot, shown, monkeypatch, path)
    audit = shown.audit
    assert audit.sheet_picker.isVisible() and audit.sheet_label.isVisible()
    assert sheets_offered(audit) == ["Feb", "Jan", "Mar"]  # the hidden one is not offered
    assert audit.sheet_picker.currentText() == "Feb"
    summary = run(qtbot, audit)
    assert summary["lines"] == 2
    assert audit.summary_text().startswith("2 lines audited on sheet “Feb”: ")

    # Alt+T goes to the box; Down chooses the next sheet, which is audited at once
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert audit.sheet_picker.hasFocus()
    with qtbot.waitSignal(audit.runFinished, timeout=RUN_TIMEOUT) as done:
        qtbot.keyClick(audit.sheet_picker, Qt.Key.Key_Down)
    assert done.args[0]["lines"] == 1 and done.args[0]["by_status"]["ok"] == 1
    assert audit.sheet_picker.currentText() == "Jan" and audit.sheet() == "Jan"
    assert audit.summary_text().startswith("1 line audited on sheet “Jan”: ")
    assert audit.model.rowCount() == 1
    assert audit.sheet_picker.hasFocus()  # the run took nothing
    assert sheets_offered(audit) == ["Feb", "Jan", "Mar"]


def test_choosing_a_sheet_mid_run_audits_that_sheet_only(qtbot, shown, monkeypatch, tmp_path):
    path = workbook(tmp_path / "visits.xlsx", {"Big": [GOOD] * 3000, "Small": [WRONG]},
                    active="Big")
    assert open_with_ctrl_o(qtbot, shown, monkeypatch, path)
    audit = shown.audit
    qtbot.mouseClick(audit.run_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(audit.runFinished, timeout=RUN_TIMEOUT) as done:
        audit.sheet_picker.setFocus()
        qtbot.keyClick(audit.sheet_picker, Qt.Key.Key_Down)
    summary = done.args[0]
    assert summary is not None and not summary["cancelled"] and summary["lines"] == 1
    assert audit.summary_text().startswith("1 line audited on sheet “Small”")


def test_a_workbook_of_one_visible_sheet_shows_no_box_but_names_the_sheet(
        qtbot, shown, monkeypatch, tmp_path):
    path = workbook(tmp_path / "visits.xlsx", {"Lookup": [WRONG], "Lines": [GOOD]},
                    active="Lines", hidden=("Lookup",))
    assert open_with_ctrl_o(qtbot, shown, monkeypatch, path)
    assert not shown.audit.sheet_picker.isVisible()
    run(qtbot, shown.audit)
    assert shown.audit.summary_text().startswith("1 line audited on sheet “Lines”: ")


def test_a_csv_file_shows_no_sheet(qtbot, shown, monkeypatch, tmp_path):
    path = write_csv(tmp_path / "export.csv", HEADER, [r for r, _ in ROWS])
    assert open_with_ctrl_o(qtbot, shown, monkeypatch, path)
    assert not shown.audit.sheet_picker.isVisible()
    run(qtbot, shown.audit)
    assert shown.audit.summary_text().startswith(f"{len(ROWS)} lines audited: ")
