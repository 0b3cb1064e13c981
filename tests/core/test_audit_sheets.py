"""Which sheet of a workbook the audit reads: the one Excel shows on opening it, never a
hidden one; a sheet chosen by name (``--sheet``); the sheet named in the summary and the
report."""

import json

import pytest
from openpyxl import Workbook, load_workbook

from core import InputError
from core.audit_io import LineReader, open_table, workbook_sheets
from core.cli import main

from .test_audit_io import HEADER, ROWS

GOOD = ROWS[0][0]  # an ok line: H0034, 100 minutes, 7 units
WRONG = ROWS[1][0]  # the same with 8 units: a finding


def workbook(path, sheets, active=None, hidden=()):
    """``sheets``: name -> rows (below the header)."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        sheet.append(HEADER)
        for r in rows:
            sheet.append(r)
        if name in hidden:
            sheet.sheet_state = "hidden"
    if active is not None:
        book.active = list(sheets).index(active)
    book.save(path)
    return path


def test_a_hidden_first_sheet_is_not_read(tmp_path):
    path = workbook(tmp_path / "b.xlsx", {"Lookup": [WRONG] * 3, "Lines": [GOOD]},
                    active="Lines", hidden=("Lookup",))
    table = open_table(path)
    assert table.sheet == "Lines" and table.sheets == ("Lines",)
    assert [line.units for line in LineReader(table)] == ["7"]


def test_a_hidden_active_sheet_gives_way_to_the_first_visible_one(tmp_path):
    path = workbook(tmp_path / "b.xlsx", {"Old": [WRONG], "Jan": [GOOD], "Feb": [GOOD]},
                    active="Old", hidden=("Old",))
    assert workbook_sheets(path) == ("Jan", "Feb")
    assert open_table(path).sheet == "Jan"


def test_the_active_sheet_is_read_and_listed_first(tmp_path):
    path = workbook(tmp_path / "b.xlsx", {"Jan": [GOOD], "Feb": [WRONG, WRONG], "Mar": []},
                    active="Feb")
    assert workbook_sheets(path) == ("Feb", "Jan", "Mar")
    table = open_table(path)
    assert table.sheet == "Feb" and len(list(LineReader(table))) == 2
    chosen = open_table(path, sheet="Jan")
    assert chosen.sheet == "Jan" and [x.units for x in LineReader(chosen)] == ["7"]


def test_a_csv_has_no_sheets_and_refuses_one(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text(",".join(HEADER) + "\n")
    assert workbook_sheets(path) == () and open_table(path).sheet == ""
    with pytest.raises(InputError, match="CSV file, which has no sheets"):
        open_table(path, sheet="Sheet1")


def test_an_unknown_or_hidden_sheet_is_refused_listing_the_sheets(tmp_path):
    path = workbook(tmp_path / "b.xlsx", {"Jan": [GOOD], "Feb": [GOOD], "Old": []},
                    hidden=("Old",))
    with pytest.raises(InputError, match=r"has no sheet 'Mar'; its sheets: 'Jan', 'Feb'"):
        open_table(path, sheet="Mar")
    with pytest.raises(InputError, match=r"'Old' of b.xlsx is hidden"):
        open_table(path, sheet="Old")


def test_the_cli_reads_the_sheet_named_and_says_which(tmp_path, capsys):
    path = workbook(tmp_path / "b.xlsx", {"Jan": [GOOD], "Feb": [WRONG]}, active="Feb")
    report = tmp_path / "r.xlsx"
    assert main(["audit", str(path), "--sheet", "Jan", "--out", str(report)]) == 0
    out = capsys.readouterr().out
    assert "Audited 1 line of" in out and "(sheet 'Jan')" in out
    assert load_workbook(report).sheetnames == ["Jan", "Summary"]  # the report names it too
    assert main(["audit", str(path), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out.splitlines()[-1])["summary"]
    assert summary["sheet"] == "Feb" and summary["by_status"]["finding"] == 1


def test_the_cli_refuses_an_unknown_sheet_in_one_line(tmp_path, capsys):
    path = workbook(tmp_path / "b.xlsx", {"Jan": [GOOD], "Feb": [GOOD]})
    assert main(["audit", str(path), "--sheet", "Mar"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "its sheets: 'Jan', 'Feb'" in err
