"""The Audit tab in the main window: File > Open export… (Ctrl+O) opens an export in it and
the run answers each line by the rules pack in force on that line's date of service.

The audit view itself is driven in test_audit_view.py; the export's lines are the core
audit tests' own (tests/core/test_audit_io.py).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

import gui.audit_view as audit_view
from core.packs import Library
from gui import build_main_window
from tests.core.test_audit_io import HEADER, ROWS, write_csv

from .drive import find

RUN_TIMEOUT = 20_000  # ms


@pytest.fixture
def export(tmp_path):
    return write_csv(tmp_path / "export.csv", HEADER, [r for r, _ in ROWS])


def open_with_ctrl_o(qtbot, window, monkeypatch, path):
    monkeypatch.setattr(audit_view, "choose_file_to_open", lambda parent: str(path))
    with qtbot.waitSignal(window.audit.fileOpened, timeout=RUN_TIMEOUT) as opened:
        qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_O,
                       Qt.KeyboardModifier.ControlModifier)
    return opened.args[0]


def run(qtbot, window):
    with qtbot.waitSignal(window.audit.runFinished, timeout=RUN_TIMEOUT) as done:
        qtbot.mouseClick(window.audit.run_button, Qt.MouseButton.LeftButton)
    return done.args[0]


def test_the_audit_tab_comes_after_the_code_reference(window):
    titles = [window.tabs.tabText(i).replace("&", "") for i in range(window.tabs.count())]
    assert titles == ["Calculator", "Code reference", "Audit", "About"]
    window.show_tab("audit")
    assert window.tabs.currentWidget() is window.audit


def test_file_open_export_opens_the_file_in_the_audit_tab(qtbot, shown, monkeypatch, export):
    assert shown.tabs.currentWidget() is shown.calculator
    assert open_with_ctrl_o(qtbot, shown, monkeypatch, export)
    assert shown.tabs.currentWidget() is shown.audit
    assert shown.audit.file_label.text() == "export.csv"
    summary = run(qtbot, shown)
    assert summary["lines"] == len(ROWS)
    assert sum(summary["by_status"].values()) == len(ROWS)
    assert shown.audit.model.rowCount() == len(ROWS)


def test_cancelling_the_file_dialog_changes_nothing(qtbot, shown, monkeypatch):
    monkeypatch.setattr(audit_view, "choose_file_to_open", lambda parent: None)
    find(shown, "open_export_action", QAction).trigger()
    assert shown.audit.file_label.text() == "" and not shown.audit.run_button.isEnabled()


def test_the_audit_answers_each_line_by_the_pack_of_its_date(qtbot, tmp_path, prefs_path,
                                                            monkeypatch):
    """A line dated before every pack cannot be audited, and says so; the others are."""
    library = Library.discover(user_dir=tmp_path / "packs")
    window = build_main_window(settings=prefs_path, library=library)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    good = ROWS[0][0]
    early = ["2023-01-16", *good[1:]]
    path = write_csv(tmp_path / "dated.csv", HEADER, [good, early])
    assert open_with_ctrl_o(qtbot, window, monkeypatch, path)
    summary = run(qtbot, window)
    assert summary["lines"] == 2
    assert summary["by_status"] == {"ok": 1, "finding": 0, "error": 1}
    table = window.audit.table
    rect = table.visualRect(table.model().index(1, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    detail = window.audit.detail.toPlainText()
    assert "no rules pack covers the date of service 2023-01-16" in detail
    assert library.packs[0].dates in detail



def test_closing_the_window_forgets_the_audited_file(qtbot, shown, monkeypatch, export):
    assert open_with_ctrl_o(qtbot, shown, monkeypatch, export)
    run(qtbot, shown)
    assert shown.audit.model.rowCount() > 0
    shown.close()
    assert shown.audit.model.rowCount() == 0 and shown.audit.file_label.text() == ""


def test_tab_leaves_the_audited_lines_for_the_finding_detail(qtbot, shown, monkeypatch, export):
    assert open_with_ctrl_o(qtbot, shown, monkeypatch, export)
    run(qtbot, shown)
    qtbot.mouseClick(shown.audit.table.viewport(), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown.audit.table.hasFocus())
    qtbot.keyClick(shown.audit.table, Qt.Key.Key_Tab)
    assert not shown.audit.table.hasFocus()


def test_the_detail_gives_the_claim_the_rules_accept_and_the_fix(qtbot, shown, monkeypatch,
                                                                 export):
    """A reviewer clicks a line with a finding and reads what to report and what to void,
    in the core's words (not a bare unit count, which read '0 units' for an unknown code)."""
    assert open_with_ctrl_o(qtbot, shown, monkeypatch, export)
    run(qtbot, shown)
    model, table = shown.audit.model, shown.audit.table
    row = next(r for r in range(model.rowCount()) if model.result_at(r).fix)
    result = model.result_at(row)
    table.scrollTo(model.index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(model.index(row, 0)).center())
    qtbot.waitUntil(lambda: f"Row {result.row}:" in shown.audit.detail.toPlainText())
    text = shown.audit.detail.toPlainText()
    assert f"The claim the rules accept: {result.claim}" in text
    assert f"Fix: {result.fix}" in text
