"""The audit's own XLSX reader (core/xlsx_reader.py, the standard library's expat): every
kind of cell an EHR's or Excel's workbook holds reads as the text the audit reads, as
openpyxl read it before (its read-only mode was four times slower)."""

import warnings
import zipfile
from datetime import date, datetime, time

import pytest
from openpyxl import load_workbook

from core import InputError
from core.audit_io import LineReader, _raw_rows, open_table

from .test_audit_io import HEADER, ROWS, write_xlsx

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"

# styles: 0 general, 1 a date (built-in 14), 2 a custom date and time, 3 a time of day
# (built-in 21), 4 a duration ([h]:mm), 5 a number with decimals (built-in 2)
STYLES = (f'<styleSheet xmlns="{_MAIN}"><numFmts count="2"><numFmt numFmtId="164" '
          f'formatCode="yyyy-mm-dd hh:mm"/><numFmt numFmtId="165" formatCode="[h]:mm"/>'
          f'</numFmts><cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14"/><xf '
          f'numFmtId="164"/><xf numFmtId="21"/><xf numFmtId="165"/><xf numFmtId="2"/>'
          f'</cellXfs></styleSheet>')
# shared strings: plain, rich text in runs (with a phonetic reading that is not the
# text), spaces kept, an escaped character
STRINGS = ["<si><t>H0034</t></si>",
           '<si><r><rPr><b/></rPr><t>Medication </t></r><r><t>support</t></r>'
           '<rPh sb="0" eb="1"><t>PHONETIC</t></rPh></si>',
           '<si><t xml:space="preserve">  M1  </t></si>',
           "<si><t>A &amp; B</t></si>"]


def book(path, sheet_xml, *, date1904=False, strings=STRINGS, sheets=None, active=None,
         prolog=""):
    """A workbook written part by part as Excel writes one. ``sheets``: (name, state,
    sheet XML) of each sheet, when more than one; ``active``: the active tab's index."""
    sheets = sheets or [("Lines", "visible", sheet_xml)]
    mac = ' date1904="1"' if date1904 else ""
    views = f'<bookViews><workbookView activeTab="{active}"/></bookViews>' \
        if active is not None else ""
    parts = {
        "[Content_Types].xml": f'<Types xmlns="{_PKG}/content-types"><Default Extension='
        f'"rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/><Override PartName='
        f'"/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/><Override PartName="/xl/'
        f'sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/><Override PartName="/xl/'
        f'styles.xml" ContentType="{_CT}.styles+xml"/>'
        + "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType='
                  f'"{_CT}.worksheet+xml"/>' for n in range(1, len(sheets) + 1))
        + "</Types>",
        "_rels/.rels": f'<Relationships xmlns="{_PKG}/relationships"><Relationship Id="r1" '
        f'Type="{_R}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{_MAIN}" xmlns:r="{_R}"><workbookPr'
        f'{mac}/>{views}<sheets>'
        + "".join(f'<sheet name="{name}" sheetId="{n}" state="{state}" r:id="s{n}"/>'
                  for n, (name, state, _) in enumerate(sheets, start=1))
        + "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{_PKG}/relationships">'
        + "".join(f'<Relationship Id="s{n}" Type="{_R}/worksheet" '
                  f'Target="/xl/worksheets/sheet{n}.xml"/>' for n in range(1, len(sheets) + 1))
        + f'<Relationship Id="st" Type="{_R}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="sy" Type="{_R}/styles" Target="styles.xml"/></Relationships>',
        "xl/styles.xml": STYLES,
        "xl/sharedStrings.xml": f'<sst xmlns="{_MAIN}">{"".join(strings)}</sst>',
    }
    for n, (_, _, xml) in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{n}.xml"] = (f'{prolog}<worksheet xmlns="{_MAIN}">'
                                                f'<sheetData>{xml}</sheetData></worksheet>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return path


def rows_of(path, sheet="Lines"):
    return list(_raw_rows(path, "xlsx", "", sheet))


def openpyxl_rows(path, sheet="Lines"):
    """The rows as openpyxl's read-only mode gave them (the reading before), as text."""
    def text(v):
        if v is None:
            return ""
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        if isinstance(v, datetime):
            return v.date().isoformat() if v.time() == time() else v.isoformat(" ")
        if isinstance(v, date):
            return v.isoformat()
        return str(v)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = load_workbook(path, read_only=True, data_only=True)
        try:  # read-only keeps the file open until closed: Windows cannot delete it before
            ws = wb[sheet]
            ws.reset_dimensions()
            return [(n, [text(v) for v in values])
                    for n, values in enumerate(ws.iter_rows(values_only=True), start=1)]
        finally:
            wb.close()


EVERY_KIND = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
    '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>'
    # inline strings, rich inline text, a boolean, an error, a formula's text and value
    '<row r="2"><c r="A2" t="inlineStr"><is><t>T1016</t></is></c><c r="B2" t="inlineStr">'
    '<is><r><t>U</t></r><r><rPr><i/></rPr><t>8</t></r></is></c><c r="C2" t="b"><v>1</v>'
    '</c><c r="D2" t="e"><v>#N/A</v></c><c r="E2" t="str"><f>A1&amp;"x"</f><v>H0034x</v>'
    '</c><c r="F2"><f>1+1</f><v>2</v></c></row>'
    # numbers: whole, with decimals, stored as a float, in a number format, negative
    '<row r="3"><c r="A3"><v>100</v></c><c r="B3"><v>1.5</v></c><c r="C3"><v>7.0</v></c>'
    '<c r="D3" s="5"><v>2</v></c><c r="E3"><v>-3</v></c><c r="F3"><v>1E3</v></c></row>'
    # dates: a date, a date and time, a time of day, a duration, an ISO date cell
    '<row r="4"><c r="A4" s="1"><v>45719</v></c><c r="B4" s="2"><v>45719.5</v></c>'
    '<c r="C4" s="3"><v>0.25</v></c><c r="D4" s="4"><v>1.5</v></c>'
    '<c r="E4" t="d"><v>2025-03-03T00:00:00</v></c></row>'
    # empty cells: left out (B, D), styled without a value (E), an empty value (F)
    '<row r="5"><c r="A5"><v>1</v></c><c r="C5"><v>3</v></c><c r="E5" s="1"/>'
    '<c r="F5" t="s"></c></row>'
    # rows left out (6, 7), a row without cells (8), cells without an address (row 9)
    '<row r="8"/><row r="9"><c><v>1</v></c><c t="inlineStr"><is><t>two</t></is></c></row>'
    '<row><c r="B10"><v>10</v></c></row>')


def test_every_kind_of_cell_reads_as_the_text_the_audit_reads(tmp_path):
    path = book(tmp_path / "kinds.xlsx", EVERY_KIND)
    assert rows_of(path) == [
        (1, ["H0034", "Medication support", "  M1  ", "A & B"]),
        (2, ["T1016", "U8", "True", "#N/A", "H0034x", "2"]),
        (3, ["100", "1.5", "7", "2", "-3", "1000"]),
        (4, ["2025-03-03", "2025-03-03 12:00:00", "06:00:00", "1 day, 12:00:00",
             "2025-03-03"]),
        (5, ["1", "", "3", "", "", ""]),
        (6, []), (7, []), (8, []),
        (9, ["1", "two"]),
        (10, ["", "10"]),
    ]
    assert rows_of(path) == openpyxl_rows(path)  # as the audit read it before


def test_the_1904_date_system_gives_the_same_dates(tmp_path):
    """A workbook saved with Excel for Mac's 1904 dates counts days from 1904-01-01."""
    xml = '<row r="1"><c r="A1" s="1"><v>44257</v></c><c r="B1" s="1"><v>30</v></c></row>'
    path = book(tmp_path / "mac.xlsx", xml, date1904=True)
    assert rows_of(path) == [(1, ["2025-03-03", "1904-01-31"])]
    assert rows_of(path) == openpyxl_rows(path)
    windows = book(tmp_path / "windows.xlsx", xml.replace("44257", "45719"))
    assert rows_of(windows)[0][1][0] == "2025-03-03"


def test_an_export_with_dates_audits_the_same_as_its_csv(tmp_path, rules):
    """The test workbook of every finding (openpyxl writes dates, numbers, inline text)."""
    from core.audit import Audit

    path = write_xlsx(tmp_path / "export.xlsx", HEADER, [r for r, _ in ROWS])
    reader = LineReader(open_table(path))
    assert [[f.kind for f in r.findings] for r in Audit(rules).run(reader)] == \
        [kinds for _, kinds in ROWS]
    assert rows_of(path, "Sheet") == openpyxl_rows(path, "Sheet")


@pytest.mark.parametrize("what,xml", [
    ("a cell address that is not one", '<row r="1"><c r="1A"><v>1</v></c></row>'),
    ("a shared string the workbook lacks", '<row r="1"><c r="A1" t="s"><v>99</v></c></row>'),
    ("a negative shared string", '<row r="1"><c r="A1" t="s"><v>-1</v></c></row>'),
    ("rows out of order", '<row r="2"><c r="A2"><v>1</v></c></row><row r="1"/>'),
    ("malformed XML", '<row r="1"><c r="A1"><v>1</v></row>'),
])
def test_a_broken_sheet_is_refused_in_one_line(tmp_path, what, xml):
    path = book(tmp_path / "broken.xlsx", xml)
    with pytest.raises(InputError, match="broken.xlsx is not a readable XLSX workbook") as e:
        rows_of(path)
    assert "\n" not in str(e.value)


def test_a_dtd_in_any_part_is_refused_before_it_is_used(tmp_path):
    """Even a DTD without entities: a workbook never needs one."""
    path = book(tmp_path / "dtd.xlsx", '<row r="1"><c r="A1"><v>1</v></c></row>',
                prolog='<!DOCTYPE worksheet [<!ELEMENT worksheet ANY>]>')
    with pytest.raises(InputError, match="its part xl/worksheets/sheet1.xml holds a DTD"):
        rows_of(path)


def test_the_active_visible_sheet_is_the_default_and_hidden_sheets_are_not_offered(
        tmp_path):
    header = "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in HEADER)
    sheets = [("Old", "hidden", f"<row>{header}</row>"),
              ("Jan", "visible", f"<row>{header}</row>"),
              ("Feb", "visible", f"<row>{header}</row>")]
    path = book(tmp_path / "b.xlsx", "", sheets=sheets, active=2)
    table = open_table(path)
    assert (table.sheet, table.sheets) == ("Feb", ("Feb", "Jan"))
    hidden_active = book(tmp_path / "h.xlsx", "", sheets=sheets, active=0)
    assert open_table(hidden_active).sheets == ("Jan", "Feb")


def test_a_workbook_without_a_worksheet_is_refused_not_called_hidden(tmp_path):
    """A Strict Open XML workbook names its parts in other namespaces: no worksheet is
    found in it (it was said to have every sheet hidden)."""
    path = book(tmp_path / "strict.xlsx", '<row r="1"><c r="A1"><v>1</v></c></row>')
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        _MAIN.encode(), b"http://purl.oclc.org/ooxml/spreadsheetml/main")
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    with pytest.raises(InputError, match=r"strict.xlsx is not a readable XLSX workbook "
                                         r"\(no worksheet found\)"):
        open_table(path)


def test_a_sheet_that_names_its_namespace_with_a_prefix_is_read(tmp_path):
    """Some writers (.NET's) spell every element "x:c"; the sheet is read by the names
    its root gives."""
    path = book(tmp_path / "prefixed.xlsx", "")
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    parts["xl/worksheets/sheet1.xml"] = (
        f'<x:worksheet xmlns:x="{_MAIN}"><x:sheetData><x:row r="1"><x:c r="A1" t="s">'
        f'<x:v>0</x:v></x:c><x:c r="C1" t="inlineStr"><x:is><x:t>T1016</x:t></x:is></x:c>'
        f'</x:row></x:sheetData></x:worksheet>').encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert rows_of(path) == [(1, ["H0034", "", "T1016"])]
    assert rows_of(path) == openpyxl_rows(path)
    parts["xl/worksheets/sheet1.xml"] = b'<worksheet xmlns="urn:other"><sheetData/></worksheet>'
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    with pytest.raises(InputError, match=r"not a readable XLSX.*sheet1.xml is not a worksheet"):
        rows_of(path)
