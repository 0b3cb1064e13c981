"""Typing in the calculator while an audit runs: every key lands where it was typed.

On a real X server, typing Alt+C, RN, Tab, H0034, Tab, 100 quickly while an audit ran left
"100H0034 — Medication training and support" in the Service field and nothing in Quantity
(reproduced with xdotool under Xvfb: 2 runs in 4 at 12 ms a key; never without an audit).
The window system sends keys to the service's list of matches while it is open (the list
holds the keyboard); a window busy taking in the audit's results reads Tab, and the keys
typed after it, only later, when the list has closed and the focus is in Quantity. Here
the keys are sent where the window system sends them: to the list, for every key pressed
while it was open.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

import gui.audit_view as audit_view
from core import calculate
from tests.core.test_audit_io import HEADER, ROWS, write_csv
from tests.gui.test_audit_view import big_file

from .drive import find, offscreen_popup

RUN_TIMEOUT = 60_000  # ms


@pytest.fixture(scope="module")
def large_export(tmp_path_factory):
    """Long enough to be still running when the keys have been typed (seconds of work)."""
    return big_file(tmp_path_factory.mktemp("audit") / "export.csv", 40_000)


def start_audit(qtbot, window, path):
    with qtbot.waitSignal(window.audit.fileOpened, timeout=RUN_TIMEOUT):
        window.audit.open_file(path)
    qtbot.mouseClick(window.audit.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.audit.model.total() > 0, timeout=RUN_TIMEOUT)


@offscreen_popup
def test_keys_typed_while_an_audit_runs_land_where_they_were_typed(qtbot, shown, large_export,
                                                                     rules):
    shown.show_tab("audit")
    start_audit(qtbot, shown, large_export)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    discipline = find(shown, "discipline", QComboBox)
    qtbot.waitUntil(discipline.hasFocus)
    qtbot.keyClicks(discipline, "RN")
    qtbot.keyClick(discipline, Qt.Key.Key_Tab)
    service = find(shown, "service", QComboBox)
    assert service.hasFocus()
    qtbot.keyClicks(service.lineEdit(), "H0034")
    matches = service.completer().popup()
    qtbot.waitUntil(matches.isVisible)
    assert shown.audit.running()
    # Tab, 1, 0, 0 pressed while the list was open: the window system sends them all there
    for key in (Qt.Key.Key_Tab, Qt.Key.Key_1, Qt.Key.Key_0, Qt.Key.Key_0):
        qtbot.keyClick(matches, key)
    quantity = find(shown, "quantity", QLineEdit)
    assert service.lineEdit().text() == "H0034 — Medication training and support"
    assert quantity.text() == "100" and quantity.hasFocus()
    assert shown.audit.running()  # all of it while the audit ran
    with qtbot.waitSignal(shown.audit.runFinished, timeout=RUN_TIMEOUT):
        shown.audit.cancel()  # ended as at its last line, without waiting seconds for it
    # and the audit's end takes nothing: the focus and the fields are as the user left them
    assert quantity.hasFocus() and quantity.text() == "100"
    assert service.lineEdit().text() == "H0034 — Medication training and support"
    calc = shown.calculator.current_result()
    assert calc.claimable and calc == calculate(rules, shown.calculator.current_request())


def test_the_audits_end_leaves_the_focus_on_the_lines_audited(qtbot, shown, tmp_path):
    """Run audit takes the focus to Cancel; at the end Cancel goes, and the focus goes to
    the lines audited: not on to the status filter, where the next letter typed changed
    the filter ("f": only the lines with findings shown)."""
    path = write_csv(tmp_path / "export.csv", HEADER, [r for r, _ in ROWS])
    shown.show_tab("audit")
    with qtbot.waitSignal(shown.audit.fileOpened, timeout=RUN_TIMEOUT):
        shown.audit.open_file(path)
    with qtbot.waitSignal(shown.audit.runFinished, timeout=RUN_TIMEOUT):
        qtbot.mouseClick(shown.audit.run_button, Qt.MouseButton.LeftButton)
    assert shown.audit.table.hasFocus()
    qtbot.keyClicks(QApplication.focusWidget(), "f")
    assert shown.audit.status_filter.currentData() is None
    assert shown.audit.model.rowCount() == len(ROWS)


def test_opening_a_file_leaves_the_focus_on_open(qtbot, shown, tmp_path, monkeypatch):
    """Open export… was disabled while the header was read: the focus left it (the keys
    went nowhere), and came back on the status filter, where "f" changed the filter."""
    path = write_csv(tmp_path / "export.csv", HEADER, [r for r, _ in ROWS])
    monkeypatch.setattr(audit_view, "choose_file_to_open", lambda parent: str(path))
    shown.show_tab("audit")
    with qtbot.waitSignal(shown.audit.fileOpened, timeout=RUN_TIMEOUT):
        qtbot.mouseClick(shown.audit.open_button, Qt.MouseButton.LeftButton)
    assert shown.audit.open_button.hasFocus()
    qtbot.keyClicks(QApplication.focusWidget(), "f")
    assert shown.audit.status_filter.currentData() is None
