"""Reading the rows of an XLSX worksheet with the standard library (zipfile and expat),
for the audit (:mod:`core.audit_io`): a row at a time, in flat memory, as openpyxl's
read-only mode gives them with ``values_only=True``, at about a quarter of its time (the
audit reads a file twice: 100,000 rows took 7.4 s a reading with openpyxl, under 2 s
here; see docs/performance.md).

A cell's value is the text the audit reads: shared strings, inline strings and rich
text as their text (phonetic runs left out), numbers as Excel stores them ("100", "1.5";
a whole float as a whole number), numbers in a date or time format as ISO dates (the
workbook's 1900 or 1904 date system), booleans as "True"/"False", error cells as Excel
writes them ("#N/A"), formulas as their last computed value. A row is as long as its last
cell; rows the sheet leaves out come as empty rows (so row numbers are Excel's).

Every part is parsed by expat with no DTD: a part that declares one (the only way to
declare entities, internal or external) is refused before any of it is used, and
parameter entities are never read. The limits on sizes (checked by the caller on the
zip's directory), on shared strings and on columns are the caller's.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from xml.parsers import expat

from .errors import InputError

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main "
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships "
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships "
#: the first days of Excel's two date systems (as openpyxl counts them)
_EPOCH_1900 = datetime(1899, 12, 30)
_EPOCH_1904 = datetime(1904, 1, 1)
_CHUNK = 1 << 16


class Unreadable(ValueError):
    """The workbook is not one the audit can read (the message says why)."""


def _parser(file_name: str, part: str, namespaces: bool = True) -> expat.XMLParserType:
    """An expat parser for one part that refuses a DTD, and with it any entity. Element
    names are "namespace name" (``namespaces``), or as the part writes them. Names are
    not interned (a dict look-up an element, 3% of a sheet's reading: names are compared
    by value)."""
    parser = expat.ParserCreate(namespace_separator=" " if namespaces else None, intern=None)
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def no_dtd(*_args: object) -> None:
        raise InputError(f"{file_name} is not read: its part {part} holds a DTD (entities); "
                         f"the parts of a workbook never declare a DTD")

    parser.StartDoctypeDeclHandler = no_dtd
    parser.EntityDeclHandler = no_dtd
    parser.ExternalEntityRefHandler = no_dtd
    parser.buffer_text = True
    parser.buffer_size = _CHUNK
    return parser


def _parse(archive: zipfile.ZipFile, part: str, parser: expat.XMLParserType,
           after_chunk: Callable[[], None] | None = None) -> None:
    """Feed a part to ``parser`` a chunk at a time, calling ``after_chunk`` after each."""
    with archive.open(part) as raw:
        while chunk := raw.read(_CHUNK):
            parser.Parse(chunk, False)
            if after_chunk is not None:
                after_chunk()
        parser.Parse(b"", True)
        if after_chunk is not None:
            after_chunk()


def _elements(file_name: str, archive: zipfile.ZipFile, part: str,
              wanted: set[str]) -> list[tuple[str, dict[str, str]]]:
    """(name, attributes) of the elements named in ``wanted`` of a small part."""
    found: list[tuple[str, dict[str, str]]] = []
    parser = _parser(file_name, part)
    parser.StartElementHandler = lambda name, attrs: (
        found.append((name, attrs)) if name in wanted else None)
    _parse(archive, part, parser)
    return found


def _relations(file_name: str, archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Id -> (type, the target part's name in the zip) of a part's relationships."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    if rels not in archive.NameToInfo:
        return {}
    out = {}
    for _, a in _elements(file_name, archive, rels, {_PKG_REL + "Relationship"}):
        target = a.get("Target", "")
        target = target[1:] if target.startswith("/") else posixpath.join(folder, target)
        out[a.get("Id", "")] = (a.get("Type", ""), posixpath.normpath(target))
    return out


@dataclass(frozen=True)
class Sheet:
    title: str
    visible: bool
    part: str  # its part in the zip


class Workbook:
    """A workbook's worksheets, and the rows of one. ``archive`` stays the caller's."""

    def __init__(self, file_name: str, archive: zipfile.ZipFile, max_strings: int) -> None:
        self._name = file_name
        self._archive = archive
        self._max_strings = max_strings
        book = next((target for kind, target in _relations(file_name, archive, "").values()
                     if kind.endswith("/officeDocument")), "xl/workbook.xml")
        rels = _relations(file_name, archive, book)
        found = _elements(file_name, archive, book, {
            _MAIN + "sheet", _MAIN + "workbookView", _MAIN + "workbookPr"})
        #: the worksheets, in the workbook's order; chart sheets are not among them
        self.sheets: list[Sheet] = []
        #: the sheet Excel shows on opening the workbook (None: a chart sheet, or none)
        self.active: Sheet | None = None
        active_tab, date1904, index = None, False, 0
        for name, a in found:
            if name == _MAIN + "workbookPr":
                date1904 = a.get("date1904", "").lower() in ("1", "true")
            elif name == _MAIN + "workbookView":
                if active_tab is None:
                    active_tab = int(a.get("activeTab", "0"))
            else:
                kind, part = rels.get(a.get(_REL + "id", ""), ("", ""))
                if part not in archive.NameToInfo:
                    continue  # a sheet without its part: not a sheet (as openpyxl skips it)
                sheet = Sheet(a.get("name", ""), a.get("state", "visible") == "visible", part)
                if index == (active_tab or 0) and kind.endswith("/worksheet"):
                    self.active = sheet
                if kind.endswith("/worksheet"):
                    self.sheets.append(sheet)
                index += 1
        self._epoch = _EPOCH_1904 if date1904 else _EPOCH_1900
        self._strings_part = next((t for kind, t in rels.values()
                                   if kind.endswith("/sharedStrings")), None)
        self._styles_part = next((t for kind, t in rels.values() if kind.endswith("/styles")),
                                 None)

    # -- what the cells need: the shared strings and which styles are dates -----------------

    def shared_strings(self) -> list[str]:
        """The workbook's distinct texts, in order (refused past the limit, as they come)."""
        part = self._strings_part
        if part is None or part not in self._archive.NameToInfo:
            return []
        strings: list[str] = []
        text: list[str] = []
        depth = {"phonetic": 0, "t": 0}
        si, t, rph = _MAIN + "si", _MAIN + "t", _MAIN + "rPh"

        def start(name: str, _attrs: object) -> None:
            if name == t:
                depth["t"] += 1
            elif name == si:
                text.clear()
                if len(strings) >= self._max_strings:
                    raise InputError(f"{self._name} is not read: it holds more than "
                                     f"{self._max_strings:,} distinct texts (shared "
                                     f"strings), the limit")
            elif name == rph:
                depth["phonetic"] += 1

        def end(name: str) -> None:
            if name == t:
                depth["t"] -= 1
            elif name == si:
                # openpyxl's reading of an escaped underscore ("_x005F_"), kept so that
                # a workbook reads as it did
                strings.append("".join(text).replace("x005F_", ""))
            elif name == rph:
                depth["phonetic"] -= 1

        def data(s: str) -> None:
            if depth["t"] and not depth["phonetic"]:
                text.append(s)

        parser = _parser(self._name, part)
        parser.StartElementHandler, parser.EndElementHandler = start, end
        parser.CharacterDataHandler = data
        _parse(self._archive, part, parser)
        return strings

    def _date_styles(self) -> tuple[set[int], set[int]]:
        """The cell styles whose number format is a date or time, and those of them that
        are a duration ([h]:mm), by their index (a cell's ``s``)."""
        from openpyxl.styles.numbers import (BUILTIN_FORMATS, is_date_format,
                                             is_timedelta_format)

        part = self._styles_part
        if part is None or part not in self._archive.NameToInfo:
            return set(), set()
        custom: dict[int, str] = {}
        styles: list[int] = []
        # inside <cellXfs>, inside <numFmts> (a conditional format's <dxf> has number
        # formats of its own, with ids that may be the cells' for another format)
        inside = {"xfs": False, "fmts": False}
        xfs, xf, fmts, fmt = (_MAIN + "cellXfs", _MAIN + "xf", _MAIN + "numFmts",
                              _MAIN + "numFmt")

        def start(name: str, a: dict[str, str]) -> None:
            if name == fmt and inside["fmts"]:
                custom[int(a.get("numFmtId", "0"))] = a.get("formatCode", "")
            elif name == xfs:
                inside["xfs"] = True
            elif name == fmts:
                inside["fmts"] = True
            elif name == xf and inside["xfs"]:
                styles.append(int(a.get("numFmtId", "0")))

        def end(name: str) -> None:
            if name == xfs:
                inside["xfs"] = False
            elif name == fmts:
                inside["fmts"] = False

        parser = _parser(self._name, part)
        parser.StartElementHandler, parser.EndElementHandler = start, end
        _parse(self._archive, part, parser)
        dates, durations = set(), set()
        for index, number in enumerate(styles):
            code = custom[number] if number in custom else BUILTIN_FORMATS.get(number)
            if code is not None and is_date_format(code):
                dates.add(index)
                if is_timedelta_format(code):
                    durations.add(index)
        return dates, durations

    # -- the rows -------------------------------------------------------------------------

    def rows(self, sheet: Sheet, max_columns: int,
             too_wide: Callable[[int], Exception]) -> Iterator[tuple[int, list[str]]]:
        """(row number, cells as text) of every row of ``sheet`` from row 1; an empty row
        for each row the sheet leaves out. ``too_wide(row)``: the error for a cell past
        ``max_columns``."""
        strings = self.shared_strings()
        dates, durations = self._date_styles()
        epoch = self._epoch
        out: list[tuple[int, list[str]]] = []
        cells: list[str] = []
        # the cell being read: its column (1-based), type and style; the row's number;
        # the text of the <v> or <t> being read (None: outside one); inside a phonetic
        # run (not the cell's text)
        col, kind, style, row, text, phonetic = 0, "n", 0, 0, None, 0
        columns: dict[str, int] = {}
        known: dict[tuple[str, str, int], str] = {}  # texts of values other than the commonest
        # the names of the elements read, as the sheet writes them (see worksheet())
        c_ = v_ = t_ = row_ = rph = ""

        def column(ref: str) -> int:
            letters = ref.rstrip("0123456789")
            n = columns.get(letters)
            if n is None:
                if not (letters.isalpha() and letters.isascii() and letters.isupper()
                        and len(letters) <= 3 and ref[len(letters):].isdigit()):
                    raise Unreadable(f"{ref!r} is not a cell address")
                n = 0
                for ch in letters:
                    n = n * 26 + ord(ch) - 64
                columns[letters] = n
            return n

        def start(name: str, a: dict[str, str]) -> None:
            nonlocal col, kind, style, row, text, phonetic
            if name == c_:
                ref = a.get("r")
                if ref:  # the column of letters seen before without a call
                    col = columns.get(ref.rstrip("0123456789")) or column(ref)
                else:
                    col += 1
                if col > max_columns:
                    raise too_wide(row)
                kind = a.get("t", "n")
                s = a.get("s")
                style = int(s) if s else 0
                if col == len(cells) + 1:  # the commonest: the next cell
                    cells.append("")
                elif col > len(cells):  # a cell without a value still makes the row as long
                    cells.extend([""] * (col - len(cells)))
            elif name == v_ or name == t_:
                text = ""
            elif name == row_:
                r = a.get("r")
                number = _row_number(r) if r else row + 1
                if number <= row:
                    raise Unreadable(f"row {number} comes after row {row}")
                for missing in range(row + 1, number):
                    out.append((missing, []))
                row, col = number, 0
                cells.clear()
            elif name == rph:
                phonetic += 1

        def end(name: str) -> None:
            nonlocal text, phonetic
            if name == c_:  # the commonest, with <v>: nothing to do
                return
            if name == v_:
                v, text = text, None
                if kind == "s" and v.isdigit():  # the commonest first: text, whole numbers
                    cells[col - 1] = strings[int(v)]
                elif kind == "n" and v.isdigit() and v.isascii() and style not in dates \
                        and (v[0] != "0" or len(v) == 1):
                    cells[col - 1] = v
                elif kind != "inlineStr":
                    key = (v, kind, style)
                    found = known.get(key)
                    if found is None:
                        if len(known) > 100_000:
                            known.clear()
                        found = known[key] = _value(v, kind, style)
                    cells[col - 1] = found
            elif name == t_:
                v, text = text, None
                if kind == "inlineStr" and not phonetic:
                    cells[col - 1] += v
            elif name == row_:
                out.append((row, cells[:]))
            elif name == rph:
                phonetic -= 1

        def data(s: str) -> None:
            nonlocal text
            if text is not None:
                text += s

        def _value(v: str, kind: str, style: int) -> str:
            if not v:
                return ""
            if kind == "n":
                if "." in v or "E" in v or "e" in v:
                    number: float | int = float(v)
                else:
                    number = int(v)
                if style in dates:
                    return _date_text(number, epoch, style in durations)
                if isinstance(number, float) and number.is_integer():
                    return str(int(number))
                return str(number)
            if kind == "s":
                index = int(v)
                if index < 0:
                    raise IndexError(f"shared string {index}")
                return strings[index]
            if kind == "b":
                return str(bool(int(v)))
            if kind == "d":
                from openpyxl.utils.datetime import from_ISO8601
                return _text(from_ISO8601(v))
            return v  # "str" (a formula's text), "e" (an error: "#N/A")

        def worksheet(name: str, a: dict[str, str]) -> None:
            """The root: the sheet's names are read without namespace processing (15%
            faster: no name is resolved), so they are taken from the root, "c" or, when
            the sheet uses a prefix for the namespace, "x:c"."""
            nonlocal c_, v_, t_, row_, rph
            prefix, _, local = name.rpartition(":")
            if local != "worksheet" or a.get(f"xmlns:{prefix}" if prefix else "xmlns") \
                    != _MAIN.rstrip():
                raise Unreadable(f"{sheet.part} is not a worksheet")
            c_, v_, t_, row_, rph = (f"{prefix}:{n}" if prefix else n
                                     for n in ("c", "v", "t", "row", "rPh"))
            parser.StartElementHandler = start

        parser = _parser(self._name, sheet.part, namespaces=False)
        parser.StartElementHandler, parser.EndElementHandler = worksheet, end
        parser.CharacterDataHandler = data
        with self._archive.open(sheet.part) as raw:
            while chunk := raw.read(_CHUNK):
                parser.Parse(chunk, False)
                yield from out
                out.clear()
            parser.Parse(b"", True)
            yield from out


def _row_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        number = float(text)
        if not number.is_integer():
            raise Unreadable(f"{text!r} is not a row number") from None
        return int(number)


def _date_text(serial: float, epoch: datetime, duration: bool) -> str:
    """A number in a date format as the audit reads it (openpyxl's from_excel, then as
    text; a serial outside the dates Python holds reads "#VALUE!", as openpyxl gives it)."""
    from openpyxl.utils.datetime import from_excel
    try:
        return _text(from_excel(serial, epoch, timedelta=duration))
    except (OverflowError, ValueError):
        return "#VALUE!"


def _text(value: object) -> str:
    """A date, time or duration as text; dates as ISO dates."""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (time, timedelta)):
        return str(value)
    return "" if value is None else str(value)
