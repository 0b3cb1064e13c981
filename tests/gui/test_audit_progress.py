"""The Audit tab's progress bar moves from the first lines read, for a CSV file and for a
workbook that states no size (no dimension record, as the bench's and many EHRs' writers
leave it): it read 0% until row 4,096 of a CSV, and 0% for the whole of such a workbook."""

from __future__ import annotations

import csv
import zipfile

import pytest
from PySide6.QtCore import Qt

import gui.audit_view as audit_view
from bench.make_audit_file import _write_xlsx
from tests.core.test_audit_io import HEADER, ROWS
from tests.gui.test_audit_view import RUN_TIMEOUT, open_

#: the old reading said how far it was every 4,096 rows of a CSV
OLD_STEP = 4096


def rows(lines):
    """The every-kind lines again and again, on other members and days."""
    for n in range(lines):
        row = list(ROWS[n % len(ROWS)][0])
        row[0] = f"2025-03-{n // 500 % 28 + 1:02d}"
        row[1] = f"{row[1]}-{n // len(ROWS)}"
        yield row


def write_csv_lines(path, lines):
    with path.open("w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        out.writerows(rows(lines))
    return path


def write_xlsx_without_size(path, lines):
    """A workbook whose sheet has no <dimension>, written as the bench writes one (Excel's
    shared strings: openpyxl's own writer states the size, and its inline text took 8 s of
    this test to write and read)."""
    _write_xlsx(path, rows(lines))
    with zipfile.ZipFile(path) as book:
        assert b"<dimension" not in book.read("xl/worksheets/sheet1.xml")
    return path


@pytest.fixture
def view(qtbot, rules, monkeypatch):
    # a progress report every 256 lines however fast this machine audits (at 0.1 s, a
    # fast run of a small file would report none)
    monkeypatch.setattr(audit_view, "BATCH_SECONDS", 0)
    v = audit_view.AuditView(rules)
    qtbot.addWidget(v)
    v.resize(1024, 600)
    v.show()
    qtbot.waitExposed(v)
    return v


def bar_during_run(qtbot, view):
    """The progress bar's values (0..1000) while a run lasts, as it moved."""
    values = []
    view.progress.valueChanged.connect(values.append)
    with qtbot.waitSignal(view.runFinished, timeout=RUN_TIMEOUT) as done:
        qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
        # busy from the click (a workbook takes seconds to open), never a still 0%
        assert view.progress.isVisible() and view.progress.maximum() == 0
    assert done.args[0] is not None and not done.args[0]["cancelled"]
    return values


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_progress_bar_moves_from_the_first_lines(qtbot, view, tmp_path, kind):
    lines = 2 * OLD_STEP
    path = (write_csv_lines(tmp_path / "export.csv", lines) if kind == "csv"
            else write_xlsx_without_size(tmp_path / "export.xlsx", lines))
    assert open_(qtbot, view, path)
    values = bar_during_run(qtbot, view)
    moving = [v for v in values if 0 < v < 1000]
    assert moving, f"the bar never showed a share between 0 and 100%: {values}"
    # it moved before the old step's row (half the file), and only forward
    assert moving[0] < 1000 * OLD_STEP // lines // 2
    assert moving == sorted(moving)
    assert len(moving) >= 5
