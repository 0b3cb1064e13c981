"""The audited lines read without sideways scrolling: the Findings column takes the width
left by the others (at 1024x600 it needed sideways scrolling; at 1920x1080 it was cut at
300 pixels in a window that always opened at 1024x720), its text cut short with "…" and
given whole in its tooltip and in the pane below."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt

from gui.audit_view import FINDINGS
from gui.main_window import window_geometry
from tests.core.test_audit_io import HEADER, ROWS, write_csv
from tests.gui.test_audit_view import open_, run


@pytest.fixture
def audited_at(qtbot, window, tmp_path):
    """The window sized as it opens on a screen of ``room``, the Audit tab after an audit
    of a file with every kind of finding."""

    def at(room: QRect):
        where = window_geometry(room, None, window.minimumSizeHint())
        window.resize(where.size())
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        qtbot.keyClick(window.calculator, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
        assert window.tabs.currentWidget() is window.audit
        path = write_csv(tmp_path / "export.csv", HEADER, [r for r, _ in ROWS])
        assert open_(qtbot, window.audit, path)
        assert run(qtbot, window.audit)["lines"] == len(ROWS)
        return window.audit

    return at


def test_at_1024_by_600_every_column_fits_and_findings_have_room(qtbot, audited_at):
    view = audited_at(QRect(0, 0, 1024, 600))
    header, table = view.table.horizontalHeader(), view.table
    assert header.length() <= table.viewport().width()
    assert table.horizontalScrollBar().maximum() == 0
    assert header.sectionSize(FINDINGS) >= 200
    # a finding cut short is given whole in its tooltip and in the pane below
    row = next(r for r in range(view.model.rowCount()) if view.model.result_at(r).findings)
    finding = view.model.result_at(row).findings[0].text
    assert finding in view.model.index(row, FINDINGS).data(Qt.ItemDataRole.ToolTipRole)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(row):
        qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: finding in view.detail.toPlainText())


def test_at_1920_by_1080_the_findings_are_shown_whole(qtbot, audited_at):
    view = audited_at(QRect(0, 0, 1920, 1040))
    header, table = view.table.horizontalHeader(), view.table
    assert header.length() <= table.viewport().width()
    widest = max(table.fontMetrics().horizontalAdvance(view.model.index(r, FINDINGS).data())
                 for r in range(view.model.rowCount()))
    assert header.sectionSize(FINDINGS) > widest


def test_on_a_laptop_at_150_percent_the_audited_lines_get_the_room(qtbot, audited_at):
    """1366x768 at 150% (911x512, less a task bar): the columns found, said before the run,
    give their room to the lines once audited, and stay in the file name's tooltip."""
    view = audited_at(QRect(0, 0, 911, 472))
    assert not view.columns_label.isVisible()
    assert "Columns found" in view.file_label.toolTip()
    table = view.table
    # the labels' heights follow their text once the layout has run again
    qtbot.waitUntil(lambda: table.viewport().height() // table.rowHeight(0) >= 4, timeout=3000)
    assert view.table.horizontalHeader().length() <= view.table.viewport().width()


def test_the_columns_grow_with_the_window_s_zoom(qtbot, audited_at):
    view = audited_at(QRect(0, 0, 1024, 600))
    header = view.table.horizontalHeader()
    date = header.sectionSize(2)
    qtbot.keyClick(view.table, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: header.sectionSize(2) > date)
    text = view.model.index(0, 2).data()
    assert header.sectionSize(2) > view.table.fontMetrics().horizontalAdvance(text)
    assert header.length() <= view.table.viewport().width()
