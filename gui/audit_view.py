"""The Audit tab: check every line of an EHR export against the rules, as a QA reviewer does.

The path of a request: ``open_file(path)`` reads only the header off the window's
thread (``core.audit_io.open_table`` in a :class:`gui.background.Background`, the app's one
way to work off that thread; a large workbook takes seconds) and
shows the columns found (of a workbook, the sheet Excel shows on opening it; the Sheet
box, shown when it has several visible sheets, audits another: ``choose_sheet()``);
``run()`` starts another (:class:`AuditRun`), which streams the file through
``core.audit.Audit`` (the calculator's own
``calculate()`` answers every line) and sends the results back in batches; the table
shows them (:mod:`gui.audit_model`), filtered by status, finding kind and words; the
selected line's findings, each with its rule's source, are shown in full below.
``export()`` runs the audit again over the file and writes every line with the audit's
columns (``core.audit_io.ReportWriter``), CSV or XLSX.

Nothing from the file is kept: no preference about it, nothing written but the report the
reviewer asks for; the lines are forgotten on :meth:`AuditView.clear`, which closing the
view (or the app quitting) calls.
"""

from __future__ import annotations

import time
from functools import partial
from html import escape
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication, QEvent, QItemSelection, Qt, QTimer, Signal, Slot,
)
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QFrame, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QProgressBar,
    QPushButton, QScrollArea, QSplitter, QTableView, QTextBrowser, QVBoxLayout, QWidget,
)

from core import Library
from core.audit import FINDING_KINDS, STATUSES, Audit
from core.audit_io import COLUMNS, LineReader, ReportWriter, Table, open_table
from gui import file_dialogs
from gui.background import Background
from gui.audit_model import COLUMNS as TABLE_COLUMNS
from gui.audit_model import KIND_TITLES, LIST_ALL_UP_TO, STATUS_LABELS, AuditTableModel
from gui.errors import input_message
from gui.widgets.bar_chart import BarChart
from gui.widgets.labels import ProblemLabel, WrappedLabel
from gui.widgets.tables import make_read_only

#: the files the audit reads
SUFFIXES = (".csv", ".xlsx", ".xlsm")
#: results are sent to the window at least this often while a run lasts (seconds)
BATCH_SECONDS = 0.1
#: batches sent and not yet taken by the window, at most
BATCHES_IN_FLIGHT = 2
#: the search filters once the typing has paused this long (ms)
SEARCH_PAUSE_MS = 200
#: what a job is doing, for the status line
DOING = {"open": "Reading the file's header", "audit": "Auditing",
         "export": "Writing the report"}
#: how the summary counts the lines of each status
COUNTED = {"ok": "OK", "finding": "with findings", "error": "that cannot be read"}
#: what a column's cells usually hold at their widest, for its width (or its header's
#: widest line, if wider); the Findings column takes the room left, its text cut short
#: with "…" (the tooltip and the pane below give it whole)
WIDEST = ("99999", "Finding", "2025-12-31", "M00000000", "LMFT", "T1016 U8 GQ", "1440", "99",
          "99", "")
FINDINGS = len(WIDEST) - 1
HINT = ("Open an export of service lines (CSV or XLSX), or drop it here. The lines stay in "
        "this window's memory only: nothing from the file is saved, and it is forgotten "
        "when you open another file or close the app.")


def choose_file_to_open(parent: QWidget) -> str | None:
    """The file dialog for an export to audit (patched in tests)."""
    with file_dialogs.private():
        path, _ = QFileDialog.getOpenFileName(parent, "Open an export to audit", "",
                                              "Exports (*.csv *.xlsx *.xlsm);;All files (*)")
    return path or None


def choose_report_path(parent: QWidget, suggested: str) -> str | None:
    """The file dialog for the report's name and kind (patched in tests)."""
    with file_dialogs.private():
        path, _ = QFileDialog.getSaveFileName(parent, "Export the audit report", suggested,
                                              "CSV (*.csv);;Excel workbook (*.xlsx)")
    return path or None


def _read_header(path: Path, sheet: str | None, task: Background) -> Table:
    """The audit's first job: a file's header read and its columns recognised (of a
    workbook, ``sheet``, or the sheet Excel shows when None)."""
    return open_table(path, sheet)


class AuditRun:
    """The audit's other two jobs, as work for a :class:`gui.background.Background`: the
    open file's lines streamed through :class:`core.audit.Audit`. Without ``report``, the
    results are sent to the window in batches (at most every BATCH_SECONDS); with it, each
    is written to that file instead (a cancelled run leaves no half report). Returns the
    summary: ``core.audit.Summary.to_json()`` plus "blank_rows"."""

    def __init__(self, table: Table, library: Library, report: Path | None = None) -> None:
        self._table = table
        self._library = library
        self._report = report
        self._pending: list = []
        self._sent = 0.0
        self._task: Background | None = None
        self._reader: LineReader | None = None
        self._audit: Audit | None = None

    def __call__(self, task: Background) -> dict:
        self._task = task
        self._audit = audit = Audit(self._library)
        self._reader = reader = LineReader(self._table)
        self._sent = time.monotonic()
        writer = None if self._report is None else \
            ReportWriter(self._report, self._table, audit.summary)
        try:
            for result in audit.run(reader, cancelled=self._checkpoint, every=256):
                if writer is not None:
                    writer.write(result.line.cells, result)
                else:
                    self._pending.append(result)
            self._send()
        except BaseException:
            if writer is not None:
                writer.discard()  # no half report; an older one of that name stays as it was
            raise
        if writer is not None:
            if audit.summary.cancelled:  # half a report is no report
                writer.discard()
            else:
                writer.close()  # the report put in place whole, or none (CoreError)
        return {**audit.summary.to_json(), "blank_rows": reader.blank}

    def _checkpoint(self) -> bool:
        """Whether to stop: the audit asks every 256 lines, in each of its readings of the
        file (its ``progress`` is called in the last only: the bar stood at 0% while the
        file was first read). Also says how far the run is, and sends the results so far,
        at most every BATCH_SECONDS."""
        if time.monotonic() - self._sent >= BATCH_SECONDS:
            reader = self._reader
            share = Audit.run_share(reader.readings, reader.share)
            self._task.progress((self._audit.summary.lines, share))
            self._send()
        return self._task.cancelled()

    def _send(self) -> None:
        """Send the results so far (the task waits until the window has room for them)."""
        if self._pending:
            self._task.send(self._pending)
            self._pending = []
        self._sent = time.monotonic()


class AuditView(QWidget):
    """Open an export, see the columns found, run the audit, read and export the findings.

    ``library``: the rules packs; each line is answered by the pack in force on its date
    of service, as the CLI's audit does.
    """

    #: a file was opened (True: its columns are shown) or refused (False: the line says why)
    fileOpened = Signal(bool)
    #: a run (or an export) has ended: the summary dict, or None when it failed
    runFinished = Signal(object)
    #: the report was written: its path
    exported = Signal(str)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audit")
        self.setAcceptDrops(True)
        self._library = library
        self._table: Table | None = None
        self._stamp: tuple[int, int] | None = None  # the file's (size, mtime) when audited
        self._worker: Background | None = None  # the job running, if any
        self._job: str | None = None  # "open", "audit" or "export" while one runs
        self._report: Path | None = None  # the report being written
        self._audited = False
        self._path: Path | None = None  # the file open (its sheet: self._table.sheet)
        self._audit_when_opened = False  # a sheet was chosen: audit it once it is open

        self.open_button = self._button("&Open export…", "audit_open", self._on_open_clicked)
        self.run_button = self._button("Ru&n audit", "audit_run", self._on_run_clicked)
        self.cancel_button = self._button("Cancel", "audit_cancel", self._on_cancel_clicked)
        self.export_button = self._button("E&xport report…", "audit_export",
                                          self._on_export_clicked)
        self.file_label = QLabel(self)
        self.file_label.setObjectName("audit_file")
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # a workbook's visible sheets, when it has several: the one Excel shows comes first
        self.sheet_picker = QComboBox(self)
        self.sheet_picker.setObjectName("audit_sheet")
        self.sheet_picker.setAccessibleName("Sheet")
        self.sheet_picker.setToolTip("The workbook's sheet to audit: the one Excel shows on "
                                     "opening it comes first")
        self.sheet_picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.sheet_label = QLabel("Shee&t:", self)
        self.sheet_label.setBuddy(self.sheet_picker)
        self.columns_label = WrappedLabel(self)
        self.columns_label.setObjectName("audit_columns")
        self.error = ProblemLabel("audit_error", "file", self.open_button, self)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("audit_progress")
        self.progress.setRange(0, 1000)
        self.progress.setAccessibleName("Audit progress")
        self.status = WrappedLabel(self, muted=True)
        self.status.setObjectName("audit_status")
        self.summary = WrappedLabel(self)
        self.summary.setObjectName("audit_summary")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("audit_status_filter")
        self.status_filter.setAccessibleName("Show lines of status")
        self.status_filter.addItem("Every status", None)
        for status in STATUSES:
            self.status_filter.addItem(STATUS_LABELS.get(status, status), status)
        self.kind_filter = QComboBox(self)
        self.kind_filter.setObjectName("audit_kind_filter")
        self.kind_filter.setAccessibleName("Show lines with the finding")
        self.kind_filter.addItem("Every finding", None)
        for kind, title in FINDING_KINDS:
            self.kind_filter.addItem(title, kind)
        # as wide as the room allows, not as its longest title (396 px: the tab did not
        # fit 1024x600 at 150%); its list opens wide enough to read every title whole
        self.kind_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.kind_filter.setMinimumContentsLength(14)
        self.kind_filter.view().setMinimumWidth(self.kind_filter.view().sizeHintForColumn(0)
                                                + 2 * self.kind_filter.view().frameWidth())
        self.search = QLineEdit(self)
        self.search.setObjectName("audit_search")
        self.search.setAccessibleName("Search the lines")
        self.search.setPlaceholderText("Search: a code, a member, a word of a finding… "
                                       "(every word must match)")
        self.search.setClearButtonEnabled(True)
        self.search.setAcceptDrops(False)  # a file dropped on it is for the view to open
        self.count = QLabel(self)
        self.count.setObjectName("audit_count")
        search_label = QLabel("&Search:", self)
        search_label.setBuddy(self.search)
        # named by their labels: on Linux a combo box's own name is its current item, and
        # a screen reader says the label it is labelled by (its buddy) before it
        status_label, kind_label = QLabel("Status:", self), QLabel("Finding:", self)
        status_label.setBuddy(self.status_filter)
        kind_label.setBuddy(self.kind_filter)

        self.model = AuditTableModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("audit_table")
        self.table.setAccessibleName("Audited lines")
        self.table.setModel(self.model)
        make_read_only(self.table, (0,) * len(TABLE_COLUMNS))
        self.table.horizontalHeader().setSectionResizeMode(FINDINGS,
                                                           QHeaderView.ResizeMode.Stretch)
        self._fit_rows()
        self.detail = QTextBrowser(self)
        self.detail.setObjectName("audit_detail")
        self.detail.setAccessibleName("Selected line's findings and their rules")
        self.detail.setTabChangesFocus(True)
        self.detail.setPlaceholderText("Select a line to read its findings in full, each "
                                       "with the rule and its source.")
        # the run's findings by kind as bars, beside the detail (scrolled when the pane is
        # lower than the bars: at 1024x600 the lines keep the room)
        self.chart = BarChart(self)
        self.chart.setObjectName("audit_chart")
        self.chart_area = QScrollArea(self)
        self.chart_area.setObjectName("audit_chart_area")
        self.chart_area.setWidget(self.chart)
        self.chart_area.setWidgetResizable(True)
        self.chart_area.setFrameShape(QFrame.Shape.NoFrame)
        self.chart_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        buttons = QHBoxLayout()
        for w in (self.open_button, self.file_label, self.sheet_label, self.sheet_picker):
            buttons.addWidget(w)
        buttons.addStretch(1)
        for w in (self.run_button, self.cancel_button, self.export_button):
            buttons.addWidget(w)
        filters = QHBoxLayout()
        for widget in (status_label, self.status_filter, kind_label, self.kind_filter):
            filters.addWidget(widget)
        filters.addWidget(search_label)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.count)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.setChildrenCollapsible(False)
        below = QSplitter(Qt.Orientation.Horizontal, self)
        below.setChildrenCollapsible(False)
        below.addWidget(self.detail)
        below.addWidget(self.chart_area)
        below.setStretchFactor(0, 3)
        below.setStretchFactor(1, 2)
        split.addWidget(self.table)
        split.addWidget(below)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        for w in (self.columns_label, self.error, self.progress, self.status, self.summary):
            layout.addWidget(w)
        layout.addLayout(filters)
        layout.addWidget(split, 1)

        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self._on_cancel_clicked)
        self.cancel_button.setToolTip("Stop the run (Esc); the counts are then for the lines "
                                      "read so far")
        self.sheet_picker.activated.connect(self._on_sheet_activated)
        self.status_filter.currentIndexChanged.connect(self._on_filter_changed)
        self.kind_filter.currentIndexChanged.connect(self._on_filter_changed)
        # the search waits for a pause in the typing: a filter of 200,000 lines takes
        # about half a second here
        self._search_pause = QTimer(self)
        self._search_pause.setSingleShot(True)
        self._search_pause.setInterval(SEARCH_PAUSE_MS)
        self._search_pause.timeout.connect(self._on_filter_changed)
        self.search.textChanged.connect(self._search_pause.start)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.model.rowsInserted.connect(self._on_rows_changed)
        self.model.modelAboutToBeReset.connect(self._on_model_about_to_be_reset)
        self.model.modelReset.connect(self._on_model_reset)
        self._selected_line: int | None = None  # kept while the filter or order changes
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.clear)
        self.clear()

    def _button(self, text: str, name: str, slot) -> QPushButton:  # noqa: ANN001
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    # -- intention-level API -----------------------------------------------------------

    def open_file(self, path: str | Path) -> None:
        """Forget any earlier file and read this one's header in the worker thread; then
        show the columns found, or one line saying why the file cannot be audited
        (:attr:`fileOpened` says which). The File menu and a drop call this."""
        self.clear()
        path = self._path = Path(path)
        self.file_label.setText(path.name)
        self.file_label.setToolTip(str(path))
        self._start("open", partial(_read_header, path, None))

    def choose_sheet(self, name: str) -> None:
        """Audit another visible sheet of the open workbook (the Sheet box calls this):
        its header is read, then every line, in the worker thread; a run going on stops."""
        if self._path is None or name == self.sheet():
            return
        self._stop_worker()
        self._table = self._stamp = None
        self._audited = False
        self.model.clear()
        for label in (self.columns_label, self.summary):
            label.clear()
        self._show_chart(None)
        self.detail.clear()
        self._audit_when_opened = True
        self._start("open", partial(_read_header, self._path, name))

    def sheet(self) -> str:
        """The sheet of the workbook open ("" for a CSV file, or none open)."""
        return self._table.sheet if self._table is not None else ""

    def ask_and_open(self) -> bool:
        """Ask for a file (the Open button; the main window's File menu) and open it.
        False when none was chosen."""
        path = choose_file_to_open(self)
        if path:
            self.open_file(path)
        return bool(path)

    def run(self) -> None:
        """Audit the open file in a worker thread; results arrive in batches."""
        if self._table is None or self.running():
            return
        self.model.clear()
        self.summary.clear()
        self._show_chart(None)
        self.detail.clear()
        self._audited = False
        self._stamp = self._file_stamp()
        # lines arrive in the file's order; sorting waits for the end of the run
        self.table.setSortingEnabled(False)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.model.sort(-1)
        self._start("audit", AuditRun(self._table, self._library))

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            self.status.setText("Cancelling…")

    def export(self, path: str | Path) -> None:
        """Write the report (every line of the file with the audit's columns) to ``path``,
        .csv or .xlsx, auditing the file again in the worker thread."""
        if self._table is None or self.running():
            return
        if self._file_stamp() != self._stamp:
            self._say_problem("The file has changed since it was audited: run the audit "
                              "again before exporting.")
            return
        self._report = Path(path)
        self._start("export", AuditRun(self._table, self._library, self._report))

    def running(self) -> bool:
        return self._worker is not None

    def clear(self) -> None:
        """Stop any run and forget the file and every line read from it."""
        self._stop_worker()
        self._table = self._stamp = self._path = None
        self._audited = self._audit_when_opened = False
        self.model.clear()
        for label in (self.file_label, self.columns_label, self.summary):
            label.clear()
        self.file_label.setToolTip("")
        self._show_chart(None)
        self.sheet_picker.clear()
        self._say_problem(None)
        self.detail.clear()
        self.search.clear()
        self.status.setText(HINT)
        self._show_idle()

    def summary_text(self) -> str:
        return self.summary.text()

    # -- running -----------------------------------------------------------------------

    def _start(self, job: str, work: partial | AuditRun) -> None:
        """Run one of the audit's jobs ("open", "audit", "export") off the window's thread."""
        self._job = job
        self._say_problem(None)
        worker = Background(work, self, doing="auditing", in_flight=BATCHES_IN_FLIGHT)
        worker.setObjectName("audit_worker")
        worker.progressed.connect(self._on_worker_progress)
        worker.sent.connect(self._on_worker_batch)
        worker.done.connect(self._on_worker_opened if job == "open"
                            else self._on_worker_finished)
        worker.failed.connect(self._on_worker_failed)
        self._worker = worker
        # busy (0, 0: moving, no share) until the first share is known: a workbook takes
        # seconds to open before its first row is read
        self.progress.setRange(0, 0)
        self.progress.setValue(0)
        self.status.setText(DOING[job] + "…")
        self._show_running()
        worker.start()

    def _stop_worker(self) -> None:
        """Stop the job (if any; at its end, there is nothing left to stop) and wait for
        its thread to end; whatever it still sends is dropped."""
        worker, self._worker, self._job = self._worker, None, None
        if worker is not None:
            worker.stop()
            worker.deleteLater()

    def _file_stamp(self) -> tuple[int, int] | None:
        """The open file's size and time of change (None: it cannot be read)."""
        try:
            stat = self._table.path.stat()
        except OSError:
            return None
        return (stat.st_size, stat.st_mtime_ns)

    # -- what is shown -----------------------------------------------------------------

    def _say_problem(self, text: str | None) -> None:
        self.error.show_problem(text)
        self.error.setVisible(bool(text))

    def _show_idle(self) -> None:
        self.progress.hide()
        self.open_button.setEnabled(True)
        self.run_button.setEnabled(self._table is not None)
        self.export_button.setEnabled(self._table is not None and self._audited)
        if self.cancel_button.hasFocus():
            # Cancel goes: Qt would move the focus on to the status filter, where the next
            # letter typed changes the filter. The lines audited are what comes next.
            after = self.table if self.model.rowCount() else self.run_button
            after.setFocus(Qt.FocusReason.OtherFocusReason)
        self.cancel_button.hide()
        self.sheet_picker.setEnabled(True)
        for w in (self.sheet_label, self.sheet_picker):
            w.setVisible(self.sheet_picker.count() > 1)
        self.columns_label.setVisible(bool(self.columns_label.text()) and not self._audited)
        if not self.table.isSortingEnabled():
            self.table.setSortingEnabled(True)

    def _show_running(self) -> None:
        self.progress.show()
        self.cancel_button.setVisible(self._job != "open")  # the header: read at once
        self.cancel_button.setEnabled(True)
        for b in (self.run_button, self.export_button):
            b.setEnabled(False)
        # while a header is read another file may be opened (this one is then dropped);
        # and the focus stays on Open (disabled, it lost the focus: the keys went nowhere,
        # then to the status filter)
        self.open_button.setEnabled(self._job == "open")
        # another sheet may be chosen while one is read or audited (that job stops), not
        # while the report is written
        self.sheet_picker.setEnabled(self._job != "export")

    @staticmethod
    def _columns_text(table: Table) -> str:
        found = "; ".join(f"{label} ← “{name}”" for label, name in table.recognised())
        used = {name for _, name in table.recognised()}
        absent = [c.label for c in COLUMNS
                  if c.field not in table.columns
                  and not (c.field == "modifiers" and table.modifier_columns)]
        unused = [name for name in table.header if name and name not in used]
        out = f"Columns found (header in row {table.header_row}): {found}."
        if absent:
            out += f" Not in this file: {', '.join(absent)}."
        if unused:
            out += f" Not used: {', '.join(unused)}."
        return out

    def _show_chart(self, summary: dict | None) -> None:
        """The run's findings by kind as bars (the core's counts), or none before a run."""
        if summary is None:
            self.chart.clear()
        else:
            self.chart.set_bars("Findings by kind", [(KIND_TITLES.get(k, k), n)
                                                     for k, n in summary["by_kind"].items()])
        self.chart_area.setVisible(summary is not None)

    def _summary_text(self, summary: dict) -> str:
        counts = ", ".join(f"{summary['by_status'][s]:,} {COUNTED.get(s, s)}"
                           for s in STATUSES)
        sheet = f" on sheet “{self._table.sheet}”" if self._table and self._table.sheet else ""
        lines = "1 line" if summary["lines"] == 1 else f"{summary['lines']:,} lines"
        out = f"{lines} audited{sheet}: {counts}."
        if summary["by_kind"]:
            out += " Findings: " + "; ".join(f"{KIND_TITLES.get(k, k)} {n:,}"
                                             for k, n in summary["by_kind"].items()) + "."
        if summary.get("blank_rows"):
            out += f" Blank rows passed over: {summary['blank_rows']:,}."
        if summary["rules"]:
            out += f" Rules: {summary['rules']}."
        if self.model.not_listed:
            out += (f" The table lists every line with a finding or an error; "
                    f"{self.model.not_listed:,} OK lines past the first {LIST_ALL_UP_TO:,} are "
                    f"counted, not listed (the exported report has every line).")
        return out

    # -- slots -------------------------------------------------------------------------

    @Slot()
    def _on_open_clicked(self) -> None:
        self.ask_and_open()

    @Slot()
    def _on_run_clicked(self) -> None:
        self.run()

    @Slot()
    def _on_cancel_clicked(self) -> None:
        self.cancel()

    @Slot()
    def _on_export_clicked(self) -> None:
        if self._table is None:
            return
        suggested = str(self._table.path.with_name(f"{self._table.path.stem} audit.csv"))
        path = choose_report_path(self, suggested)
        if path:
            self.export(path)

    @Slot(object)
    def _on_worker_opened(self, table: Table) -> None:
        self._stop_worker()
        self._table = table
        self.columns_label.setText(self._columns_text(table))
        # once audited, the columns are said in the file's tooltip only: the lines need the room
        self.file_label.setToolTip(f"{table.path}\n{self.columns_label.text()}")
        self.status.setText("Press Run audit to check every line.")
        if [self.sheet_picker.itemText(i) for i in range(self.sheet_picker.count())] \
                != list(table.sheets):
            self.sheet_picker.clear()
            self.sheet_picker.addItems(table.sheets)
        self.sheet_picker.setCurrentIndex(self.sheet_picker.findText(table.sheet))
        self._show_idle()
        self.fileOpened.emit(True)
        if self._audit_when_opened:
            self._audit_when_opened = False
            self.run()

    @Slot(object)
    def _on_worker_batch(self, results: list) -> None:
        self.model.append(results)

    @Slot(object)
    def _on_worker_progress(self, progress: tuple[int, float]) -> None:
        lines, share = progress  # lines checked, share of the run's reading of the file
        self.progress.setRange(0, 1000)
        self.progress.setValue(round(share * 1000))
        checked = f"{lines:,} lines checked, " if lines else ""
        self.status.setText(f"{DOING[self._job]}: {checked}{share:.0%}…")

    @Slot(object)
    def _on_worker_finished(self, summary: dict) -> None:
        job, report = self._job, self._report
        self._stop_worker()
        if job == "export":
            if summary["cancelled"]:
                self.status.setText("Export cancelled: no report was written.")
            else:
                self.status.setText(f"Report written to {report} ({summary['lines']:,} "
                                    f"lines).")
                self.exported.emit(str(report))
        else:
            self._audited = True
            self.summary.setText(self._summary_text(summary))
            self._show_chart(summary)
            self.status.setText(
                f"Cancelled after {summary['lines']:,} lines: the counts are for those lines "
                f"only." if summary["cancelled"] else "Audit done.")
        self._show_idle()
        self.runFinished.emit(summary)

    @Slot(str)
    def _on_worker_failed(self, message: str) -> None:
        job = self._job
        self._stop_worker()
        self.status.clear()
        if job == "open":
            self._audit_when_opened = False
            self._say_problem(f"Cannot audit this file: {message.rstrip('.')}.")
            self._show_idle()
            self.fileOpened.emit(False)
            return
        self._say_problem(input_message(message))
        self._show_idle()
        self.runFinished.emit(None)

    @Slot(int)
    def _on_sheet_activated(self, index: int) -> None:
        self.choose_sheet(self.sheet_picker.itemText(index))

    @Slot()
    def _on_filter_changed(self) -> None:
        self.model.set_filter(self.status_filter.currentData(),
                              self.kind_filter.currentData(), self.search.text())

    @Slot()
    def _on_model_about_to_be_reset(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self._selected_line = self.model.line_key(rows[0].row()) if rows else None

    @Slot()
    def _on_model_reset(self) -> None:
        """A filter or an order changed the rows (Qt then drops the selection, saying
        nothing): the line selected stays selected where it is still shown; hidden, the
        detail goes with it, and never shows a line the table does not."""
        row = -1 if self._selected_line is None else self.model.row_of(self._selected_line)
        self._selected_line = None
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        else:
            self.detail.clear()
        self._on_rows_changed()

    @Slot()
    def _on_rows_changed(self) -> None:
        shown, total = self.model.rowCount(), self.model.total()
        text = f"{shown:,} of {total:,} lines shown" if shown != total else f"{total:,} lines"
        self.count.setText(text if total else "")
        self.table.setAccessibleDescription(text)

    @Slot(QItemSelection, QItemSelection)
    def _on_selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.detail.clear()
            return
        result = self.model.result_at(rows[0].row())
        line = result.line
        what = " ".join(x for x in (line.code.strip(), line.modifiers.strip()) if x) or "no code"
        parts = [f"<b>Row {result.row}: {escape(what)}</b> — "
                 f"{escape(STATUS_LABELS.get(result.status, result.status))}"]
        if result.claim:  # the core's words: the claim the rules accept, and what to do
            parts.append(f"<p><b>The claim the rules accept:</b> {escape(result.claim)}</p>")
        if result.fix:
            parts.append(f"<p><b>Fix:</b> {escape(result.fix)}</p>")
        for f in result.findings:
            parts.append(f"<p><b>{escape(KIND_TITLES.get(f.kind, f.kind))}:</b> "
                         f"{escape(f.text)}"
                         + (f"<br/><i>Source: {escape(f.source)}</i>" if f.source else "")
                         + "</p>")
        if not result.findings:
            parts.append("<p>Nothing found on this line.</p>")
        if self._table is not None:
            cells = ", ".join(f"{escape(h)}: {escape(c)}"
                              for h, c in zip(self._table.header, line.cells) if h and c)
            parts.append(f"<p>In the file: {cells}</p>")
        self.detail.setHtml("".join(parts))

    # -- events ------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if self._dropped_path(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        path = self._dropped_path(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.open_file(path)

    @staticmethod
    def _dropped_path(event: QDropEvent | QDragEnterEvent) -> str | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if len(urls) != 1 or not urls[0].isLocalFile():
            return None
        path = urls[0].toLocalFile()
        return path if path.lower().endswith(SUFFIXES) else None

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the window's zoom
            self._fit_rows()

    def _fit_rows(self) -> None:
        """Rows as high, and columns as wide, as the text's size needs (again at each
        zoom); the Findings column stretches over the room left (no sideways scrolling
        at 1024x600)."""
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        cells, titles = self.table.fontMetrics(), header.fontMetrics()
        room = titles.horizontalAdvance("M") * 3  # the header's margins and sort arrow
        for column, (sample, (title, *_)) in enumerate(zip(WIDEST, TABLE_COLUMNS, strict=True)):
            if column != FINDINGS:
                header.resizeSection(column, max(
                    cells.horizontalAdvance(sample + "MM"),
                    max(titles.horizontalAdvance(line) for line in title.split("\n")) + room))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.clear()
        super().closeEvent(event)
