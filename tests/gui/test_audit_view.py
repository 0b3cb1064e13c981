"""The Audit tab, driven as a QA reviewer does: open (or drop) an export, read the columns
found, Run, filter and sort the table, read a finding's rule, Cancel, Export.

The export's lines and the finding kinds each should get are the core audit tests' own
(tests/core/test_audit_io.py, read off the sources); here the window must show them.
"""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

import gui.audit_view as audit_view
from core.audit import FINDING_KINDS
from core.audit_io import REPORT_COLUMNS
from gui.audit_view import AuditView
from tests.core.test_audit_io import HEADER, ROWS, good_and_bad_rows, write_csv, write_xlsx

RUN_TIMEOUT = 20_000  # ms; a run of the small files takes well under a second


@pytest.fixture
def view(qtbot, rules):
    v = AuditView(rules)
    qtbot.addWidget(v)
    v.resize(1366, 768)
    v.show()
    qtbot.waitExposed(v)
    return v


@pytest.fixture
def every_kind(tmp_path):
    return write_csv(tmp_path / "export.csv", HEADER, [r for r, _ in ROWS])


def open_(qtbot, view, path):
    """Open a file as the File menu does; True when its columns are shown."""
    with qtbot.waitSignal(view.fileOpened, timeout=RUN_TIMEOUT) as opened:
        view.open_file(path)
    return opened.args[0]


def run(qtbot, view):
    with qtbot.waitSignal(view.runFinished, timeout=RUN_TIMEOUT) as done:
        qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
    return done.args[0]


def shown(view, column=0):
    """The text of one column of the rows shown, top to bottom."""
    m = view.model
    return [m.index(r, column).data() for r in range(m.rowCount())]


def drop(view, path):
    """Drag a file from a file manager and drop it on the view."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    where = QPointF(view.rect().center())
    enter = QDragEnterEvent(where.toPoint(), Qt.DropAction.CopyAction, data,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view, enter)
    if not enter.isAccepted():
        return False
    event = QDropEvent(where, Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view, event)
    return event.isAccepted()


def pick(combo, data):
    combo.setCurrentIndex(combo.findData(data))


def click_header(qtbot, view, column):
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, header.height() // 2))


def test_the_columns_found_are_shown_before_running(qtbot, view, every_kind):
    assert not view.run_button.isEnabled() and "or drop it here" in view.status.text()
    assert not view.error.isVisible()
    assert open_(qtbot, view, every_kind)
    text = view.columns_label.text()
    assert "date of service ← “Date of Service”" in text
    assert "units ← “Billed Units”" in text and "modifiers ← “Modifier 2”" in text
    assert view.run_button.isEnabled() and view.model.rowCount() == 0
    assert not view.export_button.isEnabled()


def test_the_header_is_read_off_the_window_s_thread(qtbot, view, tmp_path):
    """A large workbook's header takes seconds to read: the window must not freeze."""
    book = write_xlsx(tmp_path / "export.xlsx", HEADER, [r for r, _ in ROWS])
    with qtbot.waitSignal(view.fileOpened, timeout=RUN_TIMEOUT):
        view.open_file(book)
        assert view.running() and view.progress.isVisible()  # back at once, still reading
        assert view.status.text() == "Reading the file's header…"
        assert not view.run_button.isEnabled()
        assert view.open_button.isEnabled()  # another file may be chosen meanwhile
    assert not view.running() and view.run_button.isEnabled()


def test_another_file_opened_while_a_header_is_read_is_the_one_open(qtbot, view, tmp_path,
                                                                    every_kind):
    book = write_xlsx(tmp_path / "first.xlsx", HEADER, [r for r, _ in ROWS])
    view.open_file(book)
    assert view.running() and view.open_button.isEnabled()
    with qtbot.waitSignal(view.fileOpened, timeout=RUN_TIMEOUT) as opened:
        view.open_file(every_kind)
    assert opened.args == [True] and view.file_label.text() == "export.csv"
    assert run(qtbot, view)["lines"] == len(ROWS)


def test_the_open_button_asks_for_a_file(qtbot, view, every_kind, monkeypatch):
    monkeypatch.setattr(audit_view, "choose_file_to_open", lambda parent: str(every_kind))
    with qtbot.waitSignal(view.fileOpened, timeout=RUN_TIMEOUT):
        qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    assert view.file_label.text() == "export.csv" and view.run_button.isEnabled()
    monkeypatch.setattr(audit_view, "choose_file_to_open", lambda parent: None)
    assert not view.ask_and_open()  # cancelled: the file already open stays open
    assert view.file_label.text() == "export.csv"


def test_a_file_without_some_optional_columns_says_which(qtbot, view, tmp_path):
    path = write_csv(tmp_path / "few.csv", ["DOS", "Member", "Credential", "HCPCS",
                                            "Minutes", "Units", "Staff name"], [])
    assert open_(qtbot, view, path)
    text = view.columns_label.text()
    assert ("Not in this file: modifiers, quantity, level of care, delivery mode, amount, "
            "practitioner.") in text
    assert "Not used: Staff name." in text


def test_every_finding_kind_in_a_csv_is_shown_line_by_line(qtbot, view, every_kind):
    open_(qtbot, view, every_kind)
    summary = run(qtbot, view)
    assert summary["lines"] == len(ROWS)
    # every kind the shipped pack can give (it holds only exclusive same-day rules)
    assert {k for k, _ in FINDING_KINDS} - {
        "daily_maximum", "threshold_modifier", "same_day_not_checked"} == set(summary["by_kind"])
    titles = dict(FINDING_KINDS)
    want = ["; ".join(titles[k] for k in kinds) for _, kinds in ROWS]
    assert shown(view, 0) == [str(n) for n in range(2, len(ROWS) + 2)]
    assert shown(view, 9) == want
    ok = sum(not kinds for _, kinds in ROWS)
    bad = sum(kinds == ["bad_input"] for _, kinds in ROWS)
    assert (f"{len(ROWS)} lines audited: {ok} OK, {len(ROWS) - ok - bad} with findings, "
            f"{bad} that cannot be read.") in view.summary.text()
    assert view.export_button.isEnabled()


def test_filter_by_kind_and_status_and_read_the_rule(qtbot, view, every_kind):
    open_(qtbot, view, every_kind)
    run(qtbot, view)
    assert view.count.text() == f"{len(ROWS)} lines"
    pick(view.kind_filter, "same_day_conflict")
    # both lines of the conflict
    assert shown(view) == ["12", "13"] and view.count.text() == f"2 of {len(ROWS)} lines shown"
    view.table.selectRow(1)
    detail = view.detail.toPlainText()
    assert "Same-day conflict: T2050 U6 and T2040 U6 (row 12)" in detail
    assert "Source:" in detail and "footnote 8" in detail
    pick(view.kind_filter, None)
    pick(view.status_filter, "error")
    assert shown(view) == ["5", "10"]
    view.table.selectRow(1)
    assert "unknown discipline 'XYZ'" in view.detail.toPlainText()


def test_search_by_typing_and_sort_by_clicking_the_header(qtbot, view, every_kind):
    open_(qtbot, view, every_kind)
    run(qtbot, view)
    view.search.setFocus()
    qtbot.keyClicks(view.search, "h0034 m1")
    qtbot.waitUntil(lambda: shown(view) == ["2", "3", "14", "15"])
    qtbot.keyClick(view.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view.search, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: len(shown(view)) == len(ROWS))
    expected = 8  # "Expected units": numbers, not text ("10" after "9"), blanks last
    click_header(qtbot, view, expected)
    values = [int(v) for v in shown(view, expected) if v]
    assert values == sorted(values) and shown(view, expected)[-1] == ""
    click_header(qtbot, view, 0)
    click_header(qtbot, view, 0)  # a second click: descending
    assert shown(view) == [str(n) for n in range(len(ROWS) + 1, 1, -1)]


def test_an_xlsx_dropped_on_the_view_gives_the_same_audit(qtbot, view, tmp_path, every_kind):
    open_(qtbot, view, every_kind)
    run(qtbot, view)
    from_csv = [shown(view, c) for c in (0, 1, 8, 9)]
    book = write_xlsx(tmp_path / "export.xlsx", HEADER, [r for r, _ in ROWS])
    with qtbot.waitSignal(view.fileOpened, timeout=RUN_TIMEOUT) as opened:
        assert drop(view, book)
    assert opened.args == [True]
    assert view.file_label.text() == "export.xlsx" and view.model.rowCount() == 0
    run(qtbot, view)
    assert [shown(view, c) for c in (0, 1, 8, 9)] == from_csv


def test_rows_grow_with_the_window_s_zoom(qtbot, view, every_kind):
    open_(qtbot, view, every_kind)
    run(qtbot, view)
    font = view.font()
    font.setPointSizeF(font.pointSizeF() + 8)  # as the window's Ctrl+plus does, on its tabs
    view.setFont(font)
    qtbot.waitUntil(lambda: view.table.rowHeight(0) > view.table.fontMetrics().height())


def test_a_file_of_another_kind_is_not_taken_by_a_drop(view, tmp_path):
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    assert not drop(view, other)
    assert view.file_label.text() == ""


def test_bad_lines_among_good_ones_are_error_lines_and_the_run_goes_on(qtbot, view, tmp_path,
                                                                      rules):
    rows = good_and_bad_rows(rules)
    open_(qtbot, view, write_csv(tmp_path / "x.csv", HEADER, rows))
    summary = run(qtbot, view)
    assert summary["by_status"] == {"ok": 3, "finding": 0, "error": 3}
    assert shown(view, 1) == ["OK", "Error", "OK", "Error", "Error", "OK"]
    view.table.selectRow(1)
    assert "unreadable minutes '??'" in view.detail.toPlainText()


@pytest.mark.parametrize("make,words", [
    (lambda p: write_csv(p / "few.csv", ["Service Date", "Client", "Staff", "CPT"], []),
     "few.csv has no column for: discipline or credential, units, minutes or quantity"),
    (lambda p: (p / "broken.xlsx").write_bytes(b"PK\x03\x04 not really") and p / "broken.xlsx",
     "broken.xlsx is not a readable XLSX workbook"),
    (lambda p: p / "gone.csv", "no such file"),
])
def test_a_bad_file_is_one_clear_line_and_nothing_runs(qtbot, view, tmp_path, make, words):
    assert not open_(qtbot, view, make(tmp_path))
    message = view.error.text()
    assert words in message and "\n" not in message and "Traceback" not in message
    assert not view.run_button.isEnabled()


def big_file(path, lines):
    """A larger export: the every-kind lines again and again, on other members and days."""
    with path.open("w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        for n in range(lines):
            row = list(ROWS[n % len(ROWS)][0])
            row[0] = f"2025-03-{n // 5000 % 28 + 1:02d}"
            row[1] = f"{row[1]}-{n // len(ROWS)}"
            out.writerow(row)
    return path


#: lines of big_export: seconds of checking, so that a run is surely still going when
#: cancelled; few enough that the audit's first reading of the whole file, before the first
#: results, takes a fraction of a second
BIG = 30_000


@pytest.fixture(scope="module")
def big_export(tmp_path_factory):
    """One large export for the runs cancelled or closed midway, written once."""
    return big_file(tmp_path_factory.mktemp("big") / "big.csv", BIG)


@pytest.fixture
def held(monkeypatch):
    """The audit's checking held at row 5,000 until the test sets this (or RUN_TIMEOUT
    passes), batches sent every 256 lines: the run is surely still going when the test
    cancels it, however fast the machine (under Wine a 30,000-line run ended first)."""
    import threading

    from core.audit import Audit

    gate = threading.Event()
    check = Audit.check

    def held_check(self, line):
        if line.row == 5_000:
            gate.wait(RUN_TIMEOUT / 1000)
        return check(self, line)

    monkeypatch.setattr(Audit, "check", held_check)
    monkeypatch.setattr(audit_view, "BATCH_SECONDS", 0)
    yield gate
    gate.set()


def test_cancel_mid_run_keeps_the_window_responsive_and_says_how_far(qtbot, view,
                                                                     big_export, held):
    total = BIG
    open_(qtbot, view, big_export)
    qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
    assert view.cancel_button.isVisible() and not view.run_button.isEnabled()
    qtbot.waitUntil(lambda: view.model.rowCount() > 0, timeout=RUN_TIMEOUT)
    # the window answers while the worker runs: typing reaches the search box
    view.search.setFocus()
    qtbot.keyClicks(view.search, "T2050")
    assert view.search.text() == "T2050"
    assert view.progress.isVisible() and view.running()
    with qtbot.waitSignal(view.runFinished, timeout=RUN_TIMEOUT) as done:
        qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
        held.set()
    summary = done.args[0]
    assert summary["cancelled"] and 0 < summary["lines"] < total
    assert view.status.text().startswith(f"Cancelled after {summary['lines']:,} lines")
    assert view.model.rowCount() <= summary["lines"]
    assert not view.progress.isVisible() and view.run_button.isEnabled()


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_export_round_trip(qtbot, view, every_kind, tmp_path, monkeypatch, suffix):
    open_(qtbot, view, every_kind)
    run(qtbot, view)
    report = tmp_path / f"report.{suffix}"
    asked = []
    monkeypatch.setattr(audit_view, "choose_report_path",
                        lambda parent, suggested: asked.append(suggested) or str(report))
    with qtbot.waitSignal(view.exported, timeout=RUN_TIMEOUT):
        qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    assert asked == [str(tmp_path / "export audit.csv")]
    if suffix == "csv":
        with report.open(encoding="utf-8-sig", newline="") as fh:
            table = list(csv.reader(fh))
    else:
        width = len(HEADER) + len(REPORT_COLUMNS)  # a row's empty cells at its end are
        table = [["" if v is None else str(v) for v in row] + [""] * (width - len(row))
                 for row in load_workbook(report, read_only=True).active.iter_rows(
                     values_only=True)]  # not stored
    assert table[0] == [*HEADER, *REPORT_COLUMNS]
    assert [row[:len(HEADER)] for row in table[1:]] == [r for r, _ in ROWS]
    status = len(HEADER)
    assert [row[status] for row in table[1:]] == [s.lower() for s in shown(view, 1)]
    for row, (_, kinds) in zip(table[1:], ROWS, strict=True):
        findings = status + REPORT_COLUMNS.index("Audit findings") - REPORT_COLUMNS.index(
            "Audit status")
        assert [f.split(":")[0] for f in row[findings].splitlines()] == kinds
    assert f"Report written to {report}" in view.status.text()


def test_a_file_changed_since_it_was_audited_is_not_exported(qtbot, view, every_kind,
                                                             monkeypatch):
    open_(qtbot, view, every_kind)
    run(qtbot, view)
    with every_kind.open("a") as fh:
        fh.write("2025-03-05,M9,RN,H0034,,,100,,7,,,\n")
    monkeypatch.setattr(audit_view, "choose_report_path",
                        lambda parent, suggested: str(every_kind.with_name("r.csv")))
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    assert view.error.isVisible() and "has changed since it was audited" in view.error.text()
    assert not view.running() and not every_kind.with_name("r.csv").exists()


def test_nothing_but_the_report_asked_for_is_written(qtbot, view, every_kind, tmp_path):
    before = sorted(tmp_path.rglob("*"))
    open_(qtbot, view, every_kind)
    run(qtbot, view)
    assert sorted(tmp_path.rglob("*")) == before


def test_closing_the_view_forgets_the_file_and_its_lines(qtbot, view, every_kind):
    open_(qtbot, view, every_kind)
    run(qtbot, view)
    view.table.selectRow(0)
    view.close()
    assert view.model.rowCount() == 0
    assert view.file_label.text() == "" and view.columns_label.text() == ""
    assert view.summary.text() == "" and view.detail.toPlainText() == ""
    assert not view.run_button.isEnabled()


def test_escape_cancels_a_run(qtbot, view, big_export, held):
    open_(qtbot, view, big_export)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.model.total() > 0, timeout=RUN_TIMEOUT)
    view.search.setFocus()
    qtbot.waitUntil(view.search.hasFocus)
    with qtbot.waitSignal(view.runFinished, timeout=RUN_TIMEOUT) as done:
        qtbot.keyClick(view.search, Qt.Key.Key_Escape)
        held.set()
    assert done.args[0]["cancelled"]


def test_the_worker_waits_for_the_window_to_take_its_batches(qtbot, library, tmp_path,
                                                             monkeypatch):
    """The window's thread must not fall behind the audit (it did: 5 s, and 90,000 lines
    held in flight): the audit sends a batch only when the window has room for it."""
    from core.audit_io import open_table
    from gui.background import Background

    monkeypatch.setattr(audit_view, "BATCH_SECONDS", 0)  # a batch every 256 lines
    run = audit_view.AuditRun(open_table(big_file(tmp_path / "big.csv", 20_000)), library)
    worker = Background(run, doing="auditing", in_flight=audit_view.BATCHES_IN_FLIGHT)
    taken = []
    worker.sent.connect(taken.append)
    worker.start()
    try:
        # the window's thread takes nothing while it waits here (no events run): the audit
        # sends as many batches as may be in flight, then waits for room
        while worker.waiting() < audit_view.BATCHES_IN_FLIGHT and not worker.wait(10):
            pass
        assert not worker.wait(200)  # still waiting, 0.2 s on
        assert worker.waiting() == audit_view.BATCHES_IN_FLIGHT and not taken
        qtbot.waitUntil(lambda: len(taken) > audit_view.BATCHES_IN_FLIGHT)  # taken: it goes on
    finally:
        worker.stop()  # as closing the view does: the audit stops, waiting or not
    assert worker.isFinished()


def test_closing_mid_run_stops_the_worker(qtbot, view, big_export):
    open_(qtbot, view, big_export)
    qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.model.rowCount() > 0, timeout=RUN_TIMEOUT)
    view.close()
    assert not view.running() and view.model.rowCount() == 0
