"""The audit's XLSX reader against openpyxl's reading (the reading before it) on random
sheets: every kind of cell (shared and inline strings, whole numbers, decimals, text of
digits, booleans, errors, formulas' values, dates and times in both date systems),
cells and rows left out, cells without an address. A cell must read as the same text,
or a date would change and no error say so."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from tempfile import TemporaryDirectory
from xml.sax.saxutils import escape

from hypothesis import given, settings, strategies as st

from . import test_xlsx_reader as reader
from .test_xlsx_reader import book, openpyxl_rows, rows_of

_TEXT = st.text(st.sampled_from("aZ09 -_.,&<>'\"éü"), max_size=8)
_NUMBER = st.one_of(
    st.integers(-10**6, 10**12).map(str),
    st.sampled_from(["0", "0100", "100.0", "7.000000001", "1E3", "2.5E-1", "-0", "00"]),
    st.floats(-1e6, 1e6, allow_nan=False).map(repr))
_SERIAL = st.one_of(st.integers(0, 80_000).map(str),
                    st.floats(0, 80_000, allow_nan=False).map(repr))


def _cell(kind: str, value: str, style: int) -> str:
    s = f' s="{style}"' if style else ""
    if kind == "inlineStr":
        return (f'<c{{r}} t="inlineStr"{s}><is><t xml:space="preserve">{escape(value)}</t>'
                f'</is></c>')
    if kind == "empty":
        return f"<c{{r}}{s}/>"
    t = "" if kind == "n" else f' t="{kind}"'
    return f"<c{{r}}{t}{s}><v>{escape(value)}</v></c>"


_CELL = st.one_of(
    st.tuples(st.just("n"), _NUMBER, st.sampled_from([0, 5])),
    st.tuples(st.just("n"), _SERIAL, st.integers(1, 4)),  # dates, times, durations
    st.tuples(st.just("s"), st.integers(0, len(reader.STRINGS) - 1).map(str), st.just(0)),
    st.tuples(st.just("inlineStr"), _TEXT, st.just(0)),
    st.tuples(st.just("str"), _TEXT, st.just(0)),
    st.tuples(st.just("b"), st.sampled_from(["0", "1"]), st.just(0)),
    st.tuples(st.just("e"), st.sampled_from(["#N/A", "#VALUE!", "#DIV/0!"]), st.just(0)),
    st.tuples(st.just("empty"), st.just(""), st.integers(0, 1)))
# a row: (rows left out before it, whether it gives its number, its cells: (columns left
# out before the cell, whether it gives its address, the cell))
_ROW = st.tuples(st.integers(0, 2), st.booleans(),
                 st.lists(st.tuples(st.integers(0, 2), st.booleans(), _CELL), max_size=6))


def _letters(n: int) -> str:
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


def _sheet(rows) -> str:
    xml, number = [], 0
    for skip, numbered, cells in rows:
        number += 1 + (skip if numbered else 0)
        out, col = [], 0
        for gap, addressed, cell in cells:
            col += 1 + (gap if addressed else 0)
            out.append(_cell(*cell).replace("{r}", f' r="{_letters(col)}{number}"'
                                            if addressed else ""))
        xml.append((f'<row r="{number}">' if numbered else "<row>") + "".join(out) + "</row>")
    return "".join(xml)


@settings(max_examples=60, deadline=None)
@given(st.lists(_ROW, max_size=6), st.booleans())
def test_a_random_sheet_reads_as_openpyxl_read_it(rows, date1904):
    with TemporaryDirectory() as folder:
        path = book(Path(folder) / "random.xlsx", _sheet(rows), date1904=date1904)
        assert rows_of(path) == openpyxl_rows(path)


def test_a_conditional_formats_number_format_does_not_change_a_cells(tmp_path, monkeypatch):
    """Excel writes a conditional format's number format (a <dxf>'s <numFmt>) with an id
    of its own, which may be a cell style's id for another format: the cells' formats are
    those of <numFmts> only, so a date and time still reads as one (it read 45719.5)."""
    monkeypatch.setattr(reader, "STYLES", reader.STYLES.replace(
        "</cellXfs>", '</cellXfs><dxfs count="1"><dxf><numFmt numFmtId="164" '
                      'formatCode="0.00"/></dxf></dxfs>'))
    path = reader.book(tmp_path / "dxf.xlsx", '<row r="1"><c r="A1" s="2"><v>45719.5</v></c>'
                                              '</row>')
    assert rows_of(path) == openpyxl_rows(path) == [(1, ["2025-03-03 12:00:00"])]


_VALUE = st.one_of(
    st.none(), st.integers(-10**9, 10**12), st.floats(-1e9, 1e9, allow_nan=False),
    st.sampled_from([100.0, 7.000000001, 0.1, -0.0, True, False, "0100", "100.00", " M1 "]),
    _TEXT, st.dates(date(1905, 1, 1), date(2100, 12, 31)),
    st.datetimes(datetime(1905, 1, 1), datetime(2100, 12, 31)).map(
        lambda d: d.replace(microsecond=0)))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(_VALUE, max_size=6), max_size=6), st.booleans(),
       st.sampled_from(["yyyy-mm-dd", "m/d/yyyy h:mm", "0.00", "General", "@"]))
def test_a_random_workbook_openpyxl_writes_reads_as_openpyxl_reads_it(rows, mac, fmt):
    from openpyxl import Workbook
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    book_ = Workbook()
    if mac:
        book_.epoch = CALENDAR_MAC_1904
    sheet = book_.active
    sheet.title = "Lines"
    for values in rows:
        sheet.append(values)
    for cells in sheet.iter_rows():
        for cell in cells[::2]:  # every other column in a format of its own
            if cell.value is not None:
                cell.number_format = fmt
    with TemporaryDirectory() as folder:
        path = Path(folder) / "openpyxl.xlsx"
        book_.save(path)
        assert rows_of(path) == openpyxl_rows(path)
