"""The audit's XLSX report, as a QA lead hands it on (``core.audit_io.ReportWriter`` writes
it when the report's name ends in .xlsx).

Two sheets:

- **the lines** (named as the sheet audited): the input's columns, then the audit's
  (status, expected claim and units, findings, fix); the header row frozen and filtered,
  columns sized, the status cell coloured as Excel colours Good, Neutral and Bad (ok,
  finding, error), the long cells wrapped. Written a row at a time straight into the zip,
  in constant memory: text as inline strings (a cell that starts with "=" stays text, never
  a formula), whole numbers as numbers.
- **Summary**: the file and sheet audited, the rules packs used with the days they cover,
  the lines by status, then four tables, each with a native Excel bar chart over its
  counts: findings by kind, and lines (with findings, cannot be read) by credential, by
  code and by month. The counts are the audit's own (``core.audit.Summary``).

openpyxl makes everything but the lines sheet's rows (styles, the workbook, the Summary
sheet, its charts): once the rows are written, its workbook is saved in memory and its
parts are copied into the zip, but for the lines sheet, which is ours. Its write-only
workbook would write the rows too, in flat memory, but at about 230 us of CPU a row on
the 2-core development machine (and it takes a text beginning with "=" for a formula),
against about 21 us here (25 us before the styles: most cells now skip escaping).
Measured on bench/make_audit_file.py's lines: 1,000,000 lines audited with an XLSX
report peaked at 157 MB, as without one (memory flat); the report took 46 s of CPU.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Sequence
from datetime import datetime
from typing import BinaryIO
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.legend import Legend
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from . import __version__
from .audit import STATUSES, Summary, Tally
from .errors import InputError

#: the widths of the audit's columns after the input's (core.audit_io.REPORT_COLUMNS:
#: status, expected claim, expected units, findings, fix), in characters
_AUDIT_WIDTHS = (10, 32, 10, 80, 50)
#: an input column is as wide as its header, within these (characters)
_INPUT_WIDTH = (9, 30)
#: how each status reads: the words on the Summary sheet, and the colours (font, fill) of
#: its cell (Excel's Good, Neutral and Bad)
STATUS_WORDS = {"ok": "OK", "finding": "With findings", "error": "Cannot be read"}
_STATUS_COLOURS = {"ok": ("006100", "C6EFCE"), "finding": ("9C5700", "FFEB9C"),
                   "error": ("9C0006", "FFC7CE")}
_HEADER_FILL = "D9D9D9"
#: a credential or code table's chart shows its first rows (most findings first)
CHART_ROWS = 15

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#: where openpyxl puts the first sheet (the lines), which is written here instead
_LINES_PART = "xl/worksheets/sheet1.xml"
#: a cell text that needs more than copying: XML's specials, a carriage return (written
#: as itself, a reader of XML takes it for "\n"), characters XML 1.0 cannot hold
_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Cell text as XML holds it: escaped, "\r" as a reference, a character XML cannot
    hold as U+FFFD (the CSV report keeps them)."""
    if _SPECIAL.search(text) is None:  # most cells
        return text
    return _NOT_XML.sub("\ufffd", escape(text, {"\r": "&#13;"}))


class XlsxReport:
    """The XLSX report written to ``file`` (left open): ``append(cells, status)`` a line at
    a time, then ``close(summary)``, or ``abandon()``. ``source``: the file audited;
    ``sheet``: the sheet audited ("" for a CSV file), whose name the lines sheet takes
    ("Audit" for a CSV file); ``header``: the input's header and the audit's columns;
    ``width``: how many of them are the input's."""

    MAX_ROWS = 1_048_576  # Excel's limit

    def __init__(self, file: BinaryIO, source: str, sheet: str, header: Sequence[str],
                 width: int) -> None:
        self._book = Workbook()
        self._lines = self._book.active
        self._lines.title = sheet or "Audit"
        self._source, self._sheet = source, sheet
        self._width = width
        self._columns = len(header)
        self._ids = _register_styles(self._lines)
        self._styles: dict[tuple[str, int], list[str]] = {}
        self._zip = zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED)
        part = zipfile.ZipInfo(_LINES_PART, datetime.now().timetuple()[:6])  # not 1980
        part.compress_type = zipfile.ZIP_DEFLATED
        raw = self._zip.open(part, "w", force_zip64=True)
        self._out = io.TextIOWrapper(raw, encoding="utf-8")
        widths = [min(max(len(h) + 3, _INPUT_WIDTH[0]), _INPUT_WIDTH[1])
                  for h in header[:width]] + list(_AUDIT_WIDTHS)
        cols = "".join(f'<col min="{n}" max="{n}" width="{w}" customWidth="1"/>'
                       for n, w in enumerate(widths, start=1))
        self._out.write(
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><sheetViews><sheetView '
            f'tabSelected="1" workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
            f'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" '
            f'activeCell="A2" sqref="A2"/></sheetView></sheetViews><cols>{cols}</cols>'
            f'<sheetData>')
        self._rows = 0
        self._letters: list[str] = []
        self._append(header, [f' s="{self._ids["header"]}"'] * len(header))

    def append(self, values: Sequence[object], status: str) -> None:
        """A line: the input's cells, the audit's, any cells beyond."""
        styles = self._styles.get((status, len(values)))
        if styles is None:
            styles = self._styles[(status, len(values))] = self._row_styles(status,
                                                                           len(values))
        self._append(values, styles)

    def _row_styles(self, status: str, n: int) -> list[str]:
        """Each cell's style: the status cell coloured, the claim, findings and fix wrapped;
        the other cells of a line with findings at the top of its (taller) row."""
        ids = self._ids
        out = [ids["top"] if status != "ok" else 0] * n
        out[self._width] = ids[status]
        for i in (1, 3, 4):
            out[self._width + i] = ids["wrap"]
        return [f' s="{s}"' if s else "" for s in out]

    def _append(self, values: Sequence[object], styles: list[str]) -> None:
        self._rows += 1
        n = self._rows
        if n > self.MAX_ROWS:
            raise InputError(f"an XLSX sheet holds at most {self.MAX_ROWS:,} rows; "
                             f"write the report as .csv")
        while len(self._letters) < len(values):
            self._letters.append(get_column_letter(len(self._letters) + 1))
        cells = []
        for letter, style, v in zip(self._letters, styles, values):
            if isinstance(v, int):
                cells.append(f'<c r="{letter}{n}"{style}><v>{v}</v></c>')
            elif v:
                cells.append(f'<c r="{letter}{n}"{style} t="inlineStr"><is><t '
                             f'xml:space="preserve">{xml_text(str(v))}</t></is></c>')
        self._out.write(f'<row r="{n}">{"".join(cells)}</row>')

    def close(self, summary: Summary) -> None:
        """End the lines sheet (its filter over every line), then write the rest of the
        workbook: styles, the Summary sheet and its charts."""
        if self._zip.fp is None:
            return
        ref = f"A1:{get_column_letter(self._columns)}{self._rows}"
        self._out.write(f'</sheetData><autoFilter ref="{ref}"/></worksheet>')
        self._out.close()
        self._lines.auto_filter.ref = ref  # the workbook's name for the filter's range
        taken = self._lines.title.casefold()
        name = "Summary" if taken != "summary" else "Audit summary"
        summary_sheet(self._book.create_sheet(name), summary, self._source, self._sheet)
        made = io.BytesIO()
        self._book.save(made)
        with zipfile.ZipFile(made) as parts:
            if _LINES_PART not in parts.namelist():
                raise RuntimeError(f"openpyxl wrote no {_LINES_PART}: the lines sheet "
                                   f"would be lost")
            for part in parts.infolist():
                if part.filename != _LINES_PART:
                    self._zip.writestr(part.filename, parts.read(part))
        self._zip.close()

    def abandon(self) -> None:
        """Stop writing, quietly: after this, nothing is written, now or when the objects
        go (a ZipFile left open writes its directory then, and on a full disk said
        "Exception ignored in: ZipFile.__del__")."""
        for closing in (self._out.close, self._zip.close):
            try:
                closing()
            except (OSError, ValueError):
                pass


def _register_styles(sheet: Worksheet) -> dict[str, int]:
    """The lines sheet's cell styles, made in ``sheet``'s workbook (openpyxl writes its
    styles part) on cells of its first row (that sheet's rows are never written): each
    style's id, which the rows written here name."""
    top, wrap = Alignment(vertical="top"), Alignment(vertical="top", wrap_text=True)
    looks = {"header": (Font(bold=True), PatternFill("solid", fgColor=_HEADER_FILL), wrap),
             "top": (None, None, top), "wrap": (None, None, wrap)}
    for status in STATUSES:
        font, fill = _STATUS_COLOURS[status]
        looks[status] = (Font(color=font), PatternFill("solid", fgColor=fill), top)
    ids = {}
    for column, (key, (font, fill, alignment)) in enumerate(looks.items(), start=1):
        cell = sheet.cell(row=1, column=column)
        if font is not None:
            cell.font, cell.fill = font, fill
        cell.alignment = alignment
        ids[key] = cell.style_id
    return ids


# ---------------------------------------------------------------------------------------
# The Summary sheet


def summary_sheet(ws: Worksheet, summary: Summary, source: str, sheet: str) -> None:
    """The audit's summary on ``ws``: what was audited (``source``, its ``sheet`` if a
    workbook) against what, the lines by status,
    then a table and its bar chart for each of: findings by kind, lines by credential, by
    code, by month."""
    bold = Font(bold=True)
    ws.column_dimensions["A"].width = 48
    for column in "BCD":
        ws.column_dimensions[column].width = 15
    _text(ws, 1, 1, "Audit report").font = Font(bold=True, size=14)
    facts: list[tuple[str, object]] = [("File audited", source)]
    if sheet:
        facts.append(("Sheet audited", sheet))
    facts += [(("Rules pack" if i == 0 else ""), f"{title}, version {version}, {dates}")
              for i, (title, version, dates) in enumerate(summary.packs)] or [
        ("Rules pack", "none: no line had a date a rules pack covers")]
    facts.append(("Lines audited", summary.lines))
    facts += [(STATUS_WORDS[s], summary.statuses[s]) for s in STATUSES]
    facts.append(("Written", f"{datetime.now():%Y-%m-%d %H:%M} by dmc-units {__version__}"))
    row = 3
    for label, value in facts:
        _text(ws, row, 1, label).font = bold
        cell = _text(ws, row, 2, value)
        if label in STATUS_WORDS.values():
            status = next(s for s, w in STATUS_WORDS.items() if w == label)
            font, fill = _STATUS_COLOURS[status]
            cell.font, cell.fill = Font(color=font), PatternFill("solid", fgColor=fill)
        row += 1
    row += 1
    kinds = [Tally(title, n, n, 0) for _, title, n in summary.by_kind()]
    row = _table(ws, row, "Findings by kind", ("Finding", "Findings"), kinds, "bar",
                 len(kinds))
    for title, tallies, chart in (("Lines by credential", summary.by_credential(), "bar"),
                                  ("Lines by code", summary.by_code(), "bar"),
                                  ("Lines by month of service", summary.by_month(), "col")):
        first = title.removeprefix("Lines by ").capitalize()
        row = _table(ws, row, title, (first, "Lines", STATUS_WORDS["finding"],
                                      STATUS_WORDS["error"]), tallies, chart,
                     len(tallies) if chart == "col" else min(len(tallies), CHART_ROWS))


def _table(ws: Worksheet, row: int, title: str, head: Sequence[str],
           tallies: Sequence[Tally], kind: str, charted: int) -> int:
    """A table at ``row``: its title, header and a row a tally; beside it, a bar chart of
    its counts (``kind``: "bar" across, "col" up), first ``charted`` rows: of findings, or
    of lines with findings and lines that cannot be read, stacked. The next free row."""
    _text(ws, row, 1, title).font = Font(bold=True, size=12)
    for column, name in enumerate(head, start=1):
        cell = _text(ws, row + 1, column, name)
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor=_HEADER_FILL)
        if column > 1:  # over numbers
            cell.alignment = Alignment(horizontal="right")
    for i, t in enumerate(tallies, start=row + 2):
        _text(ws, i, 1, t.label)
        values = (t.lines,) if len(head) == 2 else (t.lines, t.findings, t.errors)
        for column, n in enumerate(values, start=2):
            ws.cell(row=i, column=column, value=n).number_format = "#,##0"
    if not tallies:
        _text(ws, row + 2, 1, "None")
    chart = BarChart()
    chart.type, chart.title, chart.legend = kind, title, None
    chart.style = 10
    first_count = 2 if len(head) == 2 else 3
    chart.add_data(Reference(ws, min_col=first_count, max_col=len(head), min_row=row + 1,
                             max_row=row + 1 + charted), titles_from_data=True)
    labels = Reference(ws, min_col=1, min_row=row + 2, max_row=row + 1 + max(charted, 1))
    for series in chart.series:  # text, as the labels are (set_categories says numbers)
        series.cat = AxDataSource(strRef=StrRef(f=str(labels)))
    if len(head) > 2:  # with findings, and cannot be read: one bar a category
        chart.grouping, chart.overlap = "stacked", 100
        chart.legend = Legend(legendPos="b")
    if kind == "bar":  # the table's first row at the top, as in the table
        chart.x_axis.scaling.orientation = "maxMin"
    chart.x_axis.delete = chart.y_axis.delete = False  # else newer Excel hides the axes
    chart.width = 18
    chart.height = max(6.0, 0.8 * max(charted, 1) + 3) if kind == "bar" else 8.0
    ws.add_chart(chart, f"F{row}")
    rows_high = math.ceil(chart.height / 0.53)  # a row of the default height is 0.53 cm
    return row + max(len(tallies) + 3, rows_high + 2) + 1


def _text(ws: Worksheet, row: int, column: int, value: object):  # noqa: ANN202 - a Cell
    """A cell of the Summary sheet; text from the file (a credential, a code) is written
    as text, never as a formula, and without characters XML cannot hold."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = _NOT_XML.sub("\ufffd", value)
        cell.data_type = "s"  # openpyxl takes a text beginning with "=" for a formula
    else:
        cell.value = value
        if isinstance(value, int):
            cell.number_format = "#,##0"
    return cell
