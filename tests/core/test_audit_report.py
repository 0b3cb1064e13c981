"""The audit's report as a QA lead hands it on: the counts the core makes while auditing
(``core.audit.Summary``), and the XLSX report built from them (a lines sheet with a frozen,
filtered header and status by colour; a Summary sheet with a native chart a table)."""

import csv
import os
import subprocess
import sys
import zipfile
from collections import defaultdict
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

import core.audit
from core.audit import Audit, Summary
from core.audit_io import REPORT_COLUMNS, LineReader, ReportWriter, open_table

from .test_audit_io import HEADER, ROWS, write_csv, write_xlsx

# the export's lines, and a month later one more of the first: the counts span two months
LINES = [r for r, _ in ROWS] + [["2025-04-01", *ROWS[0][0][1:]]]


def audit_lines(rules, rows=LINES):
    audit = Audit(rules)
    lines = [core.audit.Line(n, r[0], r[1], r[2], r[3], " ".join(filter(None, r[4:6])),
                             r[6], r[7], r[8], r[9], r[10], r[11], cells=r)
             for n, r in enumerate(rows, start=2)]
    return audit, list(audit.run(lines))


def tallies(results, label):
    """(label, lines, with findings, cannot be read) counted from the results themselves."""
    counts = defaultdict(lambda: [0, 0, 0])
    for r in results:
        n = counts[label(r)]
        n[0] += 1
        n[1] += r.status == "finding"
        n[2] += r.status == "error"
    return {k: tuple(v) for k, v in counts.items()}


def as_dict(rows):
    return {t.label: (t.lines, t.findings, t.errors) for t in rows}


def test_the_summary_counts_the_lines_by_credential_code_and_month(rules):
    audit, results = audit_lines(rules)
    summary = audit.summary
    assert as_dict(summary.by_credential()) == tallies(results, lambda r: r.line.discipline)
    assert as_dict(summary.by_code()) == tallies(
        results, lambda r: " ".join(filter(None, (r.line.code, r.line.modifiers))))
    assert as_dict(summary.by_month()) == tallies(results, lambda r: r.line.date[:7])
    assert [t.label for t in summary.by_month()] == ["2025-03", "2025-04"]
    # most findings and errors first: where a reviewer looks
    problems = [t.findings + t.errors for t in summary.by_code()]
    assert problems == sorted(problems, reverse=True) and problems[0] > 0
    found = defaultdict(int)
    for r in results:
        for f in r.findings:
            found[f.kind] += 1
    assert {k: n for k, _, n in summary.by_kind()} == found
    order = [k for k, _ in core.audit.FINDING_KINDS]
    assert [k for k, _, _ in summary.by_kind()] == sorted(found, key=order.index)
    m = rules.manifest
    assert summary.packs == [(m.title, m.version, m.range_text())]


def test_past_so_many_distinct_lines_the_rest_are_counted_as_other(rules, monkeypatch):
    """A file of ten thousand made-up codes keeps the counts small; the months stay right."""
    monkeypatch.setattr(core.audit, "TALLY_KEYS", 3)
    rows = [[f"2025-03-0{n % 3 + 1}", "M1", "RN", f"X{n}", "", "", "30", "", "2", "", "",
             ""] for n in range(30)]
    audit, results = audit_lines(rules, rows)
    summary = audit.summary
    assert len(summary.tally) == 3 + 1  # the other lines: one month, one status
    assert as_dict(summary.by_code()) == tallies(
        results, lambda r: r.line.code if r.row < 5 else core.audit.OTHER)
    assert as_dict(summary.by_month()) == tallies(results, lambda r: r.line.date[:7])


def test_an_empty_summary_has_empty_tables():
    summary = Summary()
    assert summary.by_kind() == summary.by_credential() == summary.by_month() == []



# ---------------------------------------------------------------------------------------
# The XLSX report


def write_report(tmp_path, rules, rows=LINES, suffix=".xlsx"):
    table = open_table(write_csv(tmp_path / "export.csv", HEADER, rows))
    out = tmp_path / f"report{suffix}"
    audit = Audit(rules)
    with ReportWriter(out, table, audit.summary) as report:
        results = []
        for result in audit.run(LineReader(table)):
            report.write(result.line.cells, result)
            results.append(result)
    return out, audit, results


def table_at(sheet, title):
    """The rows of the Summary's table titled ``title`` (under its header), as
    {label: counts}, with the row of its header."""
    top = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == title)
    rows, r = {}, top + 2
    while sheet.cell(r, 1).value not in (None, "None"):
        counts = tuple(sheet.cell(r, c).value for c in range(2, 5))
        rows[sheet.cell(r, 1).value] = tuple(n for n in counts if n is not None)
        r += 1
    return rows, top + 1


def cells(sheet, ref):
    """The values of a chart's reference ('Summary'!$C$30:$C$44), top to bottom."""
    name, _, where = ref.rpartition("!")
    assert name.strip("'") == sheet.title
    left, top, right, bottom = range_boundaries(where.replace("$", ""))
    return [c for row in sheet.iter_rows(top, bottom, left, right, values_only=True)
            for c in row]


def test_the_xlsx_report_is_one_a_qa_lead_can_hand_on(tmp_path, rules):
    out, audit, results = write_report(tmp_path, rules)
    book = load_workbook(out)
    assert book.sheetnames == ["Audit", "Summary"] and book.active.title == "Audit"
    lines = book["Audit"]
    # the header stays in view and filters every line, input's columns then the audit's
    assert lines.freeze_panes == "A2"
    last = get_column_letter(len(HEADER) + len(REPORT_COLUMNS))
    assert lines.auto_filter.ref == f"A1:{last}{len(LINES) + 1}"
    assert [c.value for c in lines[1]] == [*HEADER, *REPORT_COLUMNS]
    width = {c.value: lines.column_dimensions[c.column_letter].width for c in lines[1]}
    assert width["Audit findings"] > width["Fix"] > width["Expected claim"] > width[
        "Client ID"]
    # the status by colour: each status its own fill; findings and fix wrapped
    status = len(HEADER) + 1
    fills = {}
    for r in results:
        cell = lines.cell(r.row, status)
        assert cell.value == r.status and cell.fill.fill_type == "solid"
        fills.setdefault(r.status, set()).add(cell.fill.fgColor.rgb)
        if r.findings:
            assert lines.cell(r.row, status + 3).alignment.wrap_text
    assert set(fills) == {"ok", "finding", "error"}
    assert all(len(f) == 1 for f in fills.values())
    assert len(set.union(*fills.values())) == 3

    summary = book["Summary"]
    facts = {summary.cell(r, 1).value: summary.cell(r, 2).value for r in range(3, 12)}
    m = rules.manifest
    assert facts["File audited"] == str(tmp_path / "export.csv")
    assert facts["Rules pack"] == f"{m.title}, version {m.version}, {m.range_text()}"
    assert facts["Lines audited"] == len(LINES)
    assert [facts["OK"], facts["With findings"], facts["Cannot be read"]] == [
        sum(r.status == s for r in results) for s in ("ok", "finding", "error")]
    assert "Sheet audited" not in facts  # a CSV file has none
    # the counts are the audit's, and those of the lines written
    kinds, _ = table_at(summary, "Findings by kind")
    titles = dict(core.audit.FINDING_KINDS)
    found = defaultdict(int)
    for r in results:
        for f in r.findings:
            found[titles[f.kind]] += 1
    assert kinds == {t: (n,) for t, n in found.items()}
    assert {t: n for _, t, n in audit.summary.by_kind()} == found
    expected = {
        "Lines by credential": tallies(results, lambda r: r.line.discipline),
        "Lines by code": tallies(
            results, lambda r: " ".join(filter(None, (r.line.code, r.line.modifiers)))),
        "Lines by month of service": tallies(results, lambda r: r.line.date[:7]),
    }
    for title, counts in expected.items():
        assert table_at(summary, title)[0] == counts, title
    # a native chart a table, over that table's counts and labels
    charts = summary._charts
    assert [c.title.tx.rich.p[0].r[0].t for c in charts] == ["Findings by kind",
                                                             *expected]
    for chart, title in zip(charts, ["Findings by kind", *expected], strict=True):
        rows, header = table_at(summary, title)
        labels = cells(summary, chart.series[0].cat.strRef.f)
        assert labels == list(rows)[:len(labels)] and labels
        for n, series in enumerate(chart.series):
            column = (1 if title == "Findings by kind" else 2) + n
            assert [summary.cell(header, column + 1).value] == cells(summary,
                                                                      series.tx.strRef.f)
            assert cells(summary, series.val.numRef.f) == [c[column - 1] for c in
                                                          rows.values()][:len(labels)]


def test_the_xlsx_report_of_a_workbook_names_its_sheet(tmp_path, rules):
    path = write_xlsx(tmp_path / "export.xlsx", HEADER, LINES)
    load = load_workbook(path)
    load.active.title = "Summary"  # the report's own sheet is then named otherwise
    load.save(path)
    table = open_table(path)
    audit = Audit(rules)
    with ReportWriter(tmp_path / "report.xlsx", table, audit.summary) as report:
        for result in audit.run(LineReader(table)):
            report.write(result.line.cells, result)
    book = load_workbook(tmp_path / "report.xlsx")
    assert book.sheetnames == ["Summary", "Audit summary"]
    facts = {c.value: c.offset(column=1).value for c in book["Audit summary"]["A"]}
    assert facts["Sheet audited"] == "Summary"


def test_text_from_the_file_on_the_summary_sheet_is_never_a_formula(tmp_path, rules):
    rows = [["2025-03-03", "M1", '=HYPERLINK("http://x.example","x")', "H0034", "", "",
             "100", "", "7", "", "", ""], ["2025-03-03", "M1", "RN", "H\x01", "", "", "30",
                                           "", "2", "", "", ""]]
    out, _, _ = write_report(tmp_path, rules, rows)
    summary = load_workbook(out)["Summary"]
    credentials, _ = table_at(summary, "Lines by credential")
    assert '=HYPERLINK("http://x.example","x")' in credentials
    cell = next(c for c in summary["A"] if c.value and str(c.value).startswith("=HYPER"))
    assert cell.data_type == "s"
    assert "H\ufffd" in table_at(summary, "Lines by code")[0]
    assert "<f>" not in zipfile.ZipFile(out).read("xl/worksheets/sheet2.xml").decode()


def test_the_csv_report_stays_one_flat_table(tmp_path, rules):
    out, _, results = write_report(tmp_path, rules, suffix=".csv")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        got = list(csv.reader(fh))
    assert got[0] == [*HEADER, *REPORT_COLUMNS] and len(got) == len(results) + 1


def test_the_window_starts_without_openpyxl():
    """openpyxl (0.2 s to import) is imported when a workbook is read or written, not when
    the audit's modules are, which the window imports at start."""
    root = Path(__file__).resolve().parents[2]
    code = ("import sys, core.audit_io, core.audit_cli; "
            "print(sorted(m for m in sys.modules if m.startswith('openpyxl')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True,
                         text=True, env={**os.environ, "PYTHONPATH": str(root)}, check=True)
    assert out.stdout.strip() == "[]"
