"""Files as Excel on Windows saves them (issue 15, item 6): "Unicode text", a title line
above the header, Windows-1252 text past the first 64 KB, an .ods; and a report that is
whole or not there."""

import csv
import io
import zipfile

import pytest

from core import InputError
from core.audit_io import LineReader, open_table
from core.cli import main

from .test_audit_io import HEADER, ROWS, write_csv

GOOD = ROWS[0][0]


def lines(path):
    return [(x.row, x.member, x.units) for x in LineReader(open_table(path))]


def text(rows, delimiter=","):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def test_excel_unicode_text_utf16_with_a_bom_and_tabs_is_read(tmp_path):
    path = tmp_path / "export.txt"
    row = [GOOD[0], "Zoë 名", *GOOD[2:]]
    path.write_bytes(b"\xff\xfe" + text([HEADER, row], "\t").encode("utf-16-le"))
    table = open_table(path)
    assert table.header == tuple(HEADER) and table.encoding == "utf-16"
    assert lines(path) == [(2, "Zoë 名", "7")]


@pytest.mark.parametrize("delimiter", [";", "\t", ","])
def test_a_title_line_above_the_header_does_not_break_the_delimiter(tmp_path, delimiter):
    path = tmp_path / "export.csv"
    path.write_text("Service lines export, Jan 2025\r\n"
                    + text([HEADER, GOOD], delimiter), encoding="utf-8", newline="")
    table = open_table(path)
    assert table.header_row == 2 and table.header == tuple(HEADER)
    assert lines(path) == [(3, "M1", "7")]


@pytest.mark.parametrize("name", ["export.ods", "export.csv", "export.xlsx"])
def test_an_ods_is_not_supported_and_says_what_to_save_it_as(tmp_path, name):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as z:  # as LibreOffice writes one: mimetype first
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(InputError) as caught:
        open_table(path)
    message = str(caught.value)
    assert "OpenDocument spreadsheet (.ods), which the audit does not read" in message
    assert "save it as an Excel workbook (.xlsx) or as CSV UTF-8 (.csv)" in message
    assert "name it" not in message


def test_an_old_xls_is_not_supported_and_says_what_to_save_it_as(tmp_path):
    path = tmp_path / "export.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    with pytest.raises(InputError, match=r"Excel 97-2003 workbook \(.xls\).*save it as"):
        open_table(path)


def windows_text_late(path):
    """ASCII lines for more than 64 KB, then a line with a Windows-1252 é."""
    rows = [HEADER] + [[GOOD[0], f"M{n}", *GOOD[2:]] for n in range(1500)]
    rows.append([GOOD[0], "Jos\u00e9", *GOOD[2:]])
    data = text(rows).encode("cp1252")
    assert data.index(b"\xe9") > 65536
    path.write_bytes(data)
    return path


def test_windows_1252_after_the_first_64_kb_is_read_whole_and_said(tmp_path, capsys):
    path = windows_text_late(tmp_path / "export.csv")
    report = tmp_path / "report.csv"
    assert main(["audit", str(path), "--out", str(report)]) == 0
    out = capsys.readouterr().out
    assert "Audited 1,501 lines" in out and "read as Windows-1252" in out
    with report.open(encoding="utf-8-sig", newline="") as fh:
        written = list(csv.reader(fh))
    assert len(written) == 1502 and written[-1][1] == "José"


def test_utf8_with_a_windows_byte_is_refused_not_half_read(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes(text([HEADER, [GOOD[0], "Zoë", *GOOD[2:]]]).encode("utf-8")
                     + text([[GOOD[0], "José", *GOOD[2:]]]).encode("cp1252"))
    with pytest.raises(InputError, match="mixes UTF-8 text with bytes UTF-8 cannot hold"):
        open_table(path)


def test_a_run_that_fails_midway_leaves_no_report_and_the_old_one_intact(tmp_path, capsys):
    rows = [GOOD] * 3000 + [GOOD + [""] * 2000]  # row 3002 is wider than the audit reads
    path = write_csv(tmp_path / "export.csv", HEADER, rows)
    for name in ("report.csv", "report.xlsx"):
        report = tmp_path / name
        report.write_text("the report of yesterday")
        assert main(["audit", str(path), "--out", str(report)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "row 3002" in err
        assert report.read_text() == "the report of yesterday"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv", "report.csv",
                                                          "report.xlsx"]
