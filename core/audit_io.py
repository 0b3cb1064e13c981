"""Reading an EHR export for the audit, and writing the audit's report. CSV or XLSX.

``open_table(path)`` reads only the header: which column holds what (by the names exports
use, see ``COLUMNS``), so a window can show the recognised columns before a run.
``LineReader(table)`` then streams the service lines for :mod:`core.audit`, each with its
row number as a spreadsheet numbers it (the header is row 1 when it is the first row) and
the row's cells for the report. XLSX is read a row at a time, never the whole sheet, by
:mod:`core.xlsx_reader` (the standard library's zipfile and expat).

``ReportWriter`` writes the input's own columns plus the audit's status, expected claim
and units, findings and fix, as CSV (one flat table) or XLSX (the lines sheet, named as
the sheet audited, and a Summary sheet with charts: :mod:`core.audit_xlsx`). A CSV cell
that a spreadsheet would run as a formula gets a leading ``'``; the XLSX report writes
text.

A workbook is read from one worksheet: the one Excel shows on opening it (the active
sheet, when visible; else the first visible sheet), or the one named
(``open_table(path, sheet=...)``); :func:`workbook_sheets` lists the choice.
"""

from __future__ import annotations

import codecs
import csv
import io
import marshal
import os
import re
import secrets
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from xml.parsers import expat

from .audit import Line, LineResult, Summary
from .errors import InputError
from .xlsx_reader import Workbook


@dataclass(frozen=True, slots=True)
class Column:
    """A field of a service line and the header names an export may give it."""

    field: str
    label: str  # how a message names it
    required: bool
    names: tuple[str, ...]  # normalised: lower case, words separated by one space


#: the fields of a service line, in :class:`core.audit.Line` order
COLUMNS: tuple[Column, ...] = (
    Column("date", "date of service", True,
           ("date", "date of service", "service date", "dos")),
    Column("member", "client or member", True,
           ("client", "member", "client id", "member id", "client key", "member key")),
    Column("discipline", "discipline or credential", True,
           ("discipline", "credential", "staff credential")),
    Column("code", "procedure code", True,
           ("code", "procedure code", "procedure", "hcpcs", "cpt", "hcpcs code", "cpt code",
            "service code")),
    Column("modifiers", "modifiers", False, ("modifiers", "modifier")),
    Column("minutes", "minutes or duration", False,
           ("minutes", "duration", "duration minutes", "service minutes")),
    Column("quantity", "quantity", False, ("quantity", "days", "count", "qty")),
    Column("units", "units", True, ("units", "billed units", "units billed", "unit")),
    Column("setting", "level of care", False, ("level of care", "setting", "loc")),
    Column("mode", "delivery mode", False, ("delivery mode", "mode")),
    Column("amount", "amount", False, ("amount", "billed amount")),
    Column("practitioner", "practitioner", False,
           ("practitioner", "practitioner id", "rendering provider", "rendering provider id",
            "rendering staff", "staff", "staff id", "clinician", "clinician id")),
)
_BY_NAME = {name: col.field for col in COLUMNS for name in col.names}
#: "Modifier 1" .. "Modifier 4", "Mod 2": one modifier a column
_MODIFIER_N = re.compile(r"^(?:modifier|mod) ?([1-4])$")
#: how many rows from the top may hold the header (title rows above it are skipped)
_HEADER_SEARCH = 10

# Limits of what is read: a file larger, or a workbook beyond any of them, is refused in
# one line naming the limit. Each is many times what a real export needs: 100,000 lines
# of 30 columns make a CSV of about 30 MB, an XLSX of about 8 MB whose sheet inflates to
# about 70 MB (ratio about 8), with some 10,000 distinct texts.
#: the largest file read (CSV or XLSX)
MAX_FILE_BYTES = 1 << 30
#: the largest part of a workbook, inflated (a sheet of 1M rows of 20 columns fits)
MAX_PART_BYTES = 1 << 30
#: the most a part of a workbook may inflate (Apache POI's default), for parts over 1 MB
MAX_RATIO = 100
_RATIO_FROM = 1 << 20
#: the most distinct texts ("shared strings") a workbook may hold
MAX_SHARED_STRINGS = 1_000_000
#: the most columns a row may have cells in
MAX_COLUMNS = 1024


def normalise(name: str) -> str:
    """A header as the synonym table spells it: 'Date_of-Service ' -> 'date of service'."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", name.casefold()).split())


def recognise(header: Sequence[str]) -> tuple[dict[str, int], tuple[int, ...]]:
    """Field -> column index, and the indexes of 'Modifier 1..4' columns, for a header row.

    Two columns that could be the same field are bad input: the audit would otherwise
    pick one of them silently.
    """
    columns: dict[str, int] = {}
    numbered: dict[int, int] = {}
    for index, name in enumerate(header):
        norm = normalise(name)
        n = _MODIFIER_N.match(norm)
        if n:
            numbered[int(n.group(1))] = index
            continue
        field = _BY_NAME.get(norm)
        if field is None:
            continue
        if field in columns:
            raise InputError(f"two columns could be the {_label(field)}: "
                             f"{header[columns[field]]!r} and {name!r}; rename one")
        columns[field] = index
    if numbered and "modifiers" in columns:
        raise InputError(f"both a modifiers column {header[columns['modifiers']]!r} and "
                         f"numbered modifier columns; keep one kind")
    return columns, tuple(numbered[k] for k in sorted(numbered))


def missing_columns(columns: dict[str, int]) -> list[str]:
    """The labels of the needed fields a header lacks."""
    missing = [c.label for c in COLUMNS if c.required and c.field not in columns]
    if "minutes" not in columns and "quantity" not in columns:
        missing.append("minutes or quantity")
    return missing


def _label(field: str) -> str:
    return next(c.label for c in COLUMNS if c.field == field)


# ---------------------------------------------------------------------------------------
# The table


@dataclass(frozen=True)
class Table:
    """A file's header, read and recognised; :class:`LineReader` reads its lines."""

    path: Path
    kind: str  # "csv" or "xlsx"
    header_row: int  # its spreadsheet row number
    header: tuple[str, ...]
    columns: dict[str, int]  # field -> column index
    modifier_columns: tuple[int, ...]  # "Modifier 1..4", when there is no modifiers column
    encoding: str = "utf-8-sig"
    #: the worksheet read ("" for a CSV file) and the workbook's visible worksheets, the
    #: one read when none is chosen first (see :func:`workbook_sheets`)
    sheet: str = ""
    sheets: tuple[str, ...] = ()

    def recognised(self) -> list[tuple[str, str]]:
        """(field label, the file's column name) for every column the audit will use."""
        out = [(c.label, self.header[self.columns[c.field]])
               for c in COLUMNS if c.field in self.columns]
        out.extend(("modifiers", self.header[i]) for i in self.modifier_columns)
        return out


#: the Line fields read from a column, in Line order (after ``row``)
_LINE_FIELDS = ("date", "member", "discipline", "code", "modifiers", "minutes", "quantity",
                "units", "setting", "mode", "amount", "practitioner")
# line_maker makes a Line from a tuple of all its fields: they must be these, in this order
assert Line._fields == ("row", *_LINE_FIELDS, "cells")


def line_maker(table: Table) -> Callable[[int, list[str], list[str]], Line]:
    """A function (row number, values, cells) -> Line for the table's columns, made once a
    reading. ``values``: the row's cells, at least as many as the header's columns (a
    shorter row padded with ""); ``cells``: the row as read, kept in the Line for the
    report. A field read from no column is "" (None for the amount and the practitioner:
    "this file has no such column"); numbered modifier columns are joined by spaces, the
    empty ones left out.

    The function is written out and compiled, as ``namedtuple`` writes its own; for a
    header (Date, Client, Credential, Code, Modifier 1, Modifier 2, Minutes, Units)::

        lambda row, c, cells: new(Line, (row, c[0], c[1], c[2], c[3],
                                         (c[4] + ' ' + c[5] if c[4] and c[5] else c[4] or c[5]),
                                         c[6], '', c[7], '', '', None, None, cells))

    Only column indexes (numbers) enter its text. A line is made so in about half the time
    of picking its fields with an itemgetter from the cells padded (about 0.3 against 0.6
    us on the bench's file, twice a line a run): no padding for a row as wide as the header,
    no star-unpacking. The Line is made from a tuple of all its fields through
    tuple.__new__: through the named tuple's __new__, a Python function of 15 arguments,
    it took three times as long."""
    fields = []
    for field in _LINE_FIELDS:
        if field == "modifiers" and table.modifier_columns:
            fields.append(_joined_source(table.modifier_columns))
        elif field in table.columns:
            fields.append(f"c[{int(table.columns[field])}]")
        else:
            fields.append("None" if field in ("amount", "practitioner") else "''")
    source = f"lambda row, c, cells: new(Line, (row, {', '.join(fields)}, cells))"
    return eval(source, {"new": tuple.__new__, "Line": Line, "joined": _joined})


def _joined_source(columns: tuple[int, ...]) -> str:
    """The expression joining numbered modifier columns, in line_maker's function: two
    columns (the commonest) joined in place, without a call."""
    if len(columns) == 2:
        a, b = (f"c[{int(i)}]" for i in columns)
        return f"({a} + ' ' + {b} if {a} and {b} else {a} or {b})"
    return f"joined(({', '.join(f'c[{int(i)}]' for i in columns)},))"


def _joined(values: tuple[str, ...]) -> str:
    """Modifiers from numbered columns in one text: ('U8', '', 'GQ') -> 'U8 GQ'."""
    return " ".join(filter(None, values))


class LineReader:
    """A table's service lines, streamed. ``share``: how much of the file is read (0..1),
    worked out only when asked (reading a row costs nothing for it), of the reading going
    on; ``readings``: how many times the file has been read from the top (a progress bar
    over several says how far it is in all); ``blank``: how many blank rows were passed
    over (counted, so none goes unseen)."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.blank = 0
        self.readings = 0
        #: how much is read, as the reading (once its file is open) tells it; 1.0 at the end
        self._progress: list[Callable[[], float]] = [lambda: 0.0]
        #: a workbook's rows as a whole reading gave them, compressed (see _rows)
        self._kept: list[bytes] | None = None

    @property
    def share(self) -> float:
        try:
            return min(1.0, max(0.0, self._progress[0]()))
        except (OSError, ValueError):  # the file closed: a run given up
            return 0.0

    def __iter__(self) -> Iterator[Line]:
        """The lines from the top of the file (each time: the audit reads them twice)."""
        table = self.table
        make = line_maker(table)
        width, header_row, date = len(table.header), table.header_row, table.columns["date"]
        pad = [""] * width
        self.blank = 0
        self.readings += 1
        with self._rows() as rows:
            for number, cells in rows:  # the header and any title rows above it
                if len(cells) > MAX_COLUMNS:
                    raise _too_wide(table.path, number)
                if number >= header_row:
                    break
            for number, cells in rows:
                if len(cells) == width:  # most rows: as wide as the header
                    if cells[date] or any(cells):
                        yield make(number, cells, cells)
                        continue
                elif len(cells) > MAX_COLUMNS:
                    raise _too_wide(table.path, number)
                elif any(cells):  # a shorter row reads "" past its end
                    yield make(number, cells + pad, cells)
                    continue
                self.blank += 1
        self._progress[0] = lambda: 1.0

    @contextmanager
    def _rows(self) -> Iterator[Iterator[tuple[int, list[str]]]]:
        """The table's rows from row 1 (``_numbered_rows``). A workbook's rows are kept
        from a reading read to its end, compressed (about 18 bytes a row), and the next
        reading takes them from there, once: the audit reads a file twice, and parsing a
        sheet's XML costs about 25 us a row, ten times reading its rows back (XLSX audit of
        the bench's 100,000 lines: 10.3 s, 2.5x the CSV's; without the second parse, about
        8). They are held in memory for the run, never written anywhere."""
        if self.table.kind != "xlsx":
            with _numbered_rows(self.table, self._progress) as rows:
                yield rows
            return
        kept, self._kept = self._kept, None
        if kept is not None:
            yield self._read_back(kept)
            return
        with _numbered_rows(self.table, self._progress) as rows:
            yield self._keep(rows)

    def _keep(self, rows: Iterator[tuple[int, list[str]]],
              ) -> Iterator[tuple[int, list[str]]]:
        batch: list[tuple[int, list[str]]] = []
        kept: list[bytes] = []
        for row in rows:
            batch.append(row)
            if len(batch) == _KEEP_BATCH:
                kept.append(zlib.compress(marshal.dumps(batch), 1))
                batch = []
            yield row
        kept.append(zlib.compress(marshal.dumps(batch), 1))
        self._kept = kept  # read to its end (a reading given up keeps nothing)

    def _read_back(self, kept: list[bytes]) -> Iterator[tuple[int, list[str]]]:
        done, total = [0], len(kept)
        self._progress[0] = lambda: done[0] / total
        kept.reverse()  # each batch dropped once read back
        while kept:
            yield from marshal.loads(zlib.decompress(kept.pop()))
            done[0] += 1


#: rows of a workbook kept a batch (LineReader._rows)
_KEEP_BATCH = 4096


def open_table(path: str | Path, sheet: str | None = None) -> Table:
    """Read a CSV or XLSX file's header. InputError when the file cannot be read or lacks
    a needed column (naming what is missing and what was found).

    ``sheet``: the worksheet of a workbook to read, by name; None: the one Excel shows
    when the workbook is opened (see :func:`workbook_sheets`). Naming a sheet of a CSV
    file, a hidden sheet or one the workbook lacks is bad input (the message lists the
    sheets)."""
    path = Path(path)
    kind = "xlsx" if path.suffix.lower() in (".xlsx", ".xlsm") else "csv"
    if path.suffix.lower() in (".ods", ".xls") and path.exists():
        what = _ODS if path.suffix.lower() == ".ods" else _XLS
        raise InputError(_NOT_SUPPORTED.format(name=path.name, what=what))
    if kind == "csv":
        if sheet is not None:
            raise InputError(f"{path.name} is a CSV file, which has no sheets; a sheet is "
                             f"chosen only in an .xlsx workbook")
        encoding = _csv_encoding(path)
        rows = _csv_rows(path, encoding, None)
        try:
            return _table(path, kind, rows, encoding=encoding)
        finally:
            rows.close()  # the file closed now, not when the garbage is collected
    with _xlsx_sheet(path, sheet) as (rows, chosen, sheets):
        return _table(path, kind, rows, sheet=chosen, sheets=sheets)


def workbook_sheets(path: str | Path) -> tuple[str, ...]:
    """The visible worksheets of an XLSX workbook, the one :func:`open_table` reads when
    no sheet is named first (the sheet active when the workbook was saved, if it is
    visible; else the first visible one), then the others in the workbook's order.
    () for a CSV file. InputError when the workbook cannot be read or shows no sheet.
    (:attr:`Table.sheets` holds the same, without reading the workbook again.)"""
    path = Path(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return ()
    with _xlsx_sheet(path, None) as (_rows, _chosen, sheets):
        return sheets


def _table(path: Path, kind: str, rows: Iterator[tuple[int, list[str]]], **more) -> Table:
    """The header found among the first rows, recognised."""
    header, header_row = [], 0
    first: tuple[list[str], int] | None = None
    where = f"{path.name} (sheet {more['sheet']!r})" if more.get("sheet") else path.name
    for number, cells in rows:
        if number > _HEADER_SEARCH:
            break
        if not any(cells):
            continue
        first = first or (cells, number)
        if _is_header(cells):
            header, header_row = cells, number
            break
    if not header:
        if first is None:
            raise InputError(f"{where} is empty: no header row")
        header, header_row = first
    columns, numbered = recognise(header)
    missing = missing_columns(columns)
    if missing:
        found = ", ".join(repr(c) for c in header if c) or "none"
        raise InputError(f"{where} has no column for: {', '.join(missing)} "
                         f"(columns found in row {header_row}: {found})")
    return Table(path, kind, header_row, tuple(header), columns, numbered, **more)


def _raw_rows(path: Path, kind: str, encoding: str, sheet: str,
              progress: list[Callable[[], float]] | None = None,
              ) -> Iterator[tuple[int, list[str]]]:
    """Every row of the file (of the sheet, for a workbook) from row 1: (row number,
    cells as text). ``progress[0]`` is set to a function saying how much is read (0..1)."""
    if kind == "xlsx":
        with _xlsx_sheet(path, sheet, progress) as (rows, _chosen, _sheets):
            yield from rows
    else:
        yield from _csv_rows(path, encoding, progress)


@contextmanager
def _numbered_rows(table: Table, progress: list[Callable[[], float]],
                   ) -> Iterator[Iterator[tuple[int, list[str]]]]:
    """The table's rows from row 1, (row number, cells), the file open while in the
    ``with``; for a CSV file, as csv reads them: the width of a row is the reader's to
    check (see :meth:`LineReader.__iter__`), which saves a generator a row."""
    if table.kind == "xlsx":
        with _xlsx_sheet(table.path, table.sheet, progress) as (rows, _chosen, _sheets):
            yield rows
    else:
        with _csv_reader(table.path, table.encoding, progress) as rows:
            yield rows


def _open_file(path: Path) -> BinaryIO:
    """The file, open for reading, when it is a regular file of at most MAX_FILE_BYTES:
    never a device (/dev/zero), a pipe (which would wait for ever), a folder or a socket,
    also when ``path`` is a link to one. Opened without waiting (O_NONBLOCK) and checked
    once open, so that what is checked is what is read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) \
        | getattr(os, "O_NOCTTY", 0)
    if path.is_dir():  # Windows cannot open a folder at all
        raise InputError(f"{path} is a folder, not a file")
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{path} is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{path} is not a regular file (a device, a pipe or a "
                             f"socket); the audit reads files only")
        if info.st_size > MAX_FILE_BYTES:
            raise InputError(f"{path.name} is larger than the {_size(MAX_FILE_BYTES)} the "
                             f"audit reads ({_size(info.st_size)}); split the export")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _size(n: int) -> str:
    if n >= 1 << 30:
        return f"{n / (1 << 30):.1f} GB"
    return f"{n / (1 << 20):,.0f} MB" if n >= 1 << 20 else f"{n:,} bytes"


def _check_workbook(path: Path, archive: zipfile.ZipFile) -> None:
    """The limits of a workbook's parts, checked on the zip's directory before any part is
    read: each part's inflated size and ratio (the sizes the archive states, which zipfile
    holds the inflating to). (The shared strings are counted as they are read.)"""
    for info in archive.infolist():
        if info.file_size > _RATIO_FROM and info.file_size > MAX_RATIO * info.compress_size:
            raise InputError(f"{path.name} is not read: its part {info.filename} inflates "
                             f"{info.file_size // max(1, info.compress_size):,} times, more "
                             f"than the limit of {MAX_RATIO} times (a zip bomb?)")
        if info.file_size > MAX_PART_BYTES:
            raise InputError(f"{path.name} is not read: its part {info.filename} inflates "
                             f"to {_size(info.file_size)}, more than the "
                             f"{_size(MAX_PART_BYTES)} limit")
    if "mimetype" in archive.namelist() and \
            archive.read("mimetype").startswith(b"application/vnd.oasis.opendocument"):
        raise InputError(_NOT_SUPPORTED.format(name=path.name, what=_ODS))


@contextmanager
def _readable(path: Path, encoding: str = "") -> Iterator[None]:
    """The errors of reading a file that a person can fix, as InputError."""
    try:
        yield
    except FileNotFoundError:
        raise InputError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder, not a file") from None
    except PermissionError:
        raise InputError(f"cannot read {path}: permission denied") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path.name} is not text in {encoding or 'UTF-8'} "
                         f"(byte {exc.start} of a block); save it as CSV UTF-8") from None
    except csv.Error as exc:
        raise InputError(f"{path.name} is not a readable CSV file ({exc})") from None


#: the encodings a CSV file is read in, by the codec's name: what a summary calls them
ENCODINGS = {"utf-8-sig": "UTF-8", "utf-16": "UTF-16 (Excel's Unicode text)",
             "cp1252": "Windows-1252 (not UTF-8: Excel's plain CSV on Windows)"}
_NOT_SUPPORTED = ("{name} is {what}, which the audit does not read: open it and save it as "
                  "an Excel workbook (.xlsx) or as CSV UTF-8 (.csv)")
_ODS = "an OpenDocument spreadsheet (.ods)"
_XLS = "an Excel 97-2003 workbook (.xls)"
#: a character of two to four bytes as UTF-8 writes it (a UTF-8 file's accents)
_UTF8_CHARACTER = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
                             rb"|[\xf0-\xf4][\x80-\xbf]{3}")


def _csv_encoding(path: Path) -> str:
    """The encoding of a CSV file, decided on the whole file before any row is read: a
    byte-order mark's (UTF-8; UTF-16, as Excel's "Unicode text" saves), else UTF-8 when
    every byte is UTF-8, else Windows-1252 (what Excel's plain "CSV" saves on Windows).
    A file that is neither, or that mixes UTF-8 with bytes UTF-8 cannot hold, is bad
    input (read as either, some of its text would be changed)."""
    with _readable(path), _open_file(path) as fh:
        head = fh.read(8)
        if head.startswith(b"PK\x03\x04"):
            fh.seek(30)
            if fh.read(8) == b"mimetype":
                raise InputError(_NOT_SUPPORTED.format(name=path.name, what=_ODS))
            raise InputError(f"{path.name} looks like an Excel workbook; name it .xlsx")
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise InputError(_NOT_SUPPORTED.format(name=path.name, what=_XLS))
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            candidates = ["utf-16"]
        else:
            candidates = ["utf-8-sig", "cp1252"]
        for encoding in candidates:
            fh.seek(0)
            decoder = codecs.getincrementaldecoder(encoding)()
            accents = False
            try:
                while chunk := fh.read(1 << 20):
                    decoder.decode(chunk)
                    if encoding == "cp1252" and not accents:
                        accents = bool(_UTF8_CHARACTER.search(chunk))
                decoder.decode(b"", final=True)
            except UnicodeDecodeError as exc:
                if encoding == "utf-8-sig":
                    continue
                raise InputError(f"{path.name} is not text in {ENCODINGS[encoding]} nor in "
                                 f"any encoding the audit reads (a byte it cannot hold near "
                                 f"byte {fh.tell() - len(chunk) + exc.start:,}); save it as "
                                 f"CSV UTF-8") from None
            if encoding == "cp1252" and accents:
                raise InputError(f"{path.name} mixes UTF-8 text with bytes UTF-8 cannot "
                                 f"hold (Windows-1252?): read as either, some of its text "
                                 f"would change; save it again as CSV UTF-8")
            return encoding
    raise AssertionError("unreachable: Windows-1252 is the last candidate")


def _csv_rows(path: Path, encoding: str, progress: list[Callable[[], float]] | None,
              ) -> Iterator[tuple[int, list[str]]]:
    with _csv_reader(path, encoding, progress) as rows:
        for number, cells in rows:
            if len(cells) > MAX_COLUMNS:
                raise _too_wide(path, number)
            yield number, cells


@contextmanager
def _csv_reader(path: Path, encoding: str, progress: list[Callable[[], float]] | None,
                ) -> Iterator[Iterator[tuple[int, list[str]]]]:
    """The rows of a CSV file numbered from 1, as csv reads them with the delimiter of
    its first lines, the file open while in the ``with`` (a row's width unchecked)."""
    with _readable(path, encoding), io.TextIOWrapper(_open_file(path), encoding=encoding,
                                                     newline="") as fh:
        delimiter = _delimiter([fh.readline(1 << 20) for _ in range(_HEADER_SEARCH)])
        fh.seek(0)
        if progress is not None:  # the bytes read so far, of the file's
            size, raw = max(1, os.fstat(fh.fileno()).st_size), fh.buffer
            progress[0] = lambda: raw.tell() / size
        yield enumerate(csv.reader(fh, delimiter=delimiter), start=1)


def _delimiter(lines: list[str]) -> str:
    """Comma, semicolon or tab: the one that makes a header of the first lines (a title
    line may come above it: "Service lines export, Jan 2025"), else the commonest in the
    first line that is not blank."""
    for delimiter in ",;\t":
        try:
            for cells in csv.reader(lines, delimiter=delimiter):
                if _is_header(cells):
                    return delimiter
        except csv.Error:
            continue
    first = next((line for line in lines if line.strip()), "")
    return max(",;\t", key=first.count)


def _is_header(cells: Sequence[str]) -> bool:
    """Three cells or more that name a column the audit knows."""
    return sum(normalise(c) in _BY_NAME or bool(_MODIFIER_N.match(normalise(c)))
               for c in cells) >= 3


def _too_wide(path: Path, row: int) -> InputError:
    return InputError(f"row {row} of {path.name} has more than {MAX_COLUMNS:,} columns, the "
                      f"limit of the audit")


@contextmanager
def _xlsx_sheet(path: Path, sheet: str | None,
                progress: list[Callable[[], float]] | None = None,
                ) -> Iterator[tuple[Iterator[tuple[int, list[str]]], str, tuple[str, ...]]]:
    """The rows of the workbook's worksheet ``sheet`` (None: the default one), its name,
    and the workbook's visible sheets (the default first), the workbook open while in the
    ``with``. ``progress[0]`` is set to a function saying how much of the sheet's rows are
    read (see :func:`_part_read`). The rows are read by :mod:`core.xlsx_reader`."""
    with _readable(path), _open_file(path) as fh, _workbook_errors(path):
        with zipfile.ZipFile(fh) as archive:
            _check_workbook(path, archive)
            book = Workbook(path.name, archive, MAX_SHARED_STRINGS)
            if not book.sheets:  # e.g. a "Strict Open XML" workbook, whose names differ
                raise InputError(f"{path.name} is not a readable XLSX workbook (no worksheet "
                                 f"found); save it in Excel as an Excel Workbook (.xlsx)")
            visible = [ws.title for ws in book.sheets if ws.visible]
            if not visible:
                raise InputError(f"{path.name} shows no sheet (every sheet is hidden); "
                                 f"unhide the one to audit in Excel")
            active = book.active
            default = active.title if active is not None and active.title in visible \
                else visible[0]
            sheets = (default, *(name for name in visible if name != default))
            if sheet is None:
                sheet = default
            elif sheet not in visible:
                listed = ", ".join(repr(name) for name in sheets)
                if sheet in (ws.title for ws in book.sheets):
                    raise InputError(f"the sheet {sheet!r} of {path.name} is hidden; unhide "
                                     f"it in Excel, or choose one of: {listed}")
                raise InputError(f"{path.name} has no sheet {sheet!r}; its sheets: {listed}")
            chosen = next(ws for ws in book.sheets if ws.title == sheet)
            if progress is not None:
                progress[0] = _part_read(fh, archive.getinfo(chosen.part))
            yield (book.rows(chosen, MAX_COLUMNS, lambda row: _too_wide(path, row)),
                   sheet, sheets)


@contextmanager
def _workbook_errors(path: Path) -> Iterator[None]:
    """A workbook that cannot be read, in one line: not a zip, a part missing, malformed
    XML, a cell address or shared string that is not one..."""
    try:
        yield
    except (OSError, InputError):
        raise  # the file itself (said by _readable), a limit
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, IndexError,
            EOFError, NotImplementedError, RuntimeError, expat.ExpatError,
            zlib.error) as exc:
        raise _unreadable(path, exc) from None


def _part_read(fh: BinaryIO, part: zipfile.ZipInfo | None) -> Callable[[], float]:
    """How much of a workbook's part has been read (0..1), from where the file is: the
    part's compressed bytes lie together in the file, at a place and of a size the zip's
    directory gives, also when the sheet states no size (no dimension); and while the
    sheet's rows stream, it is the one part read. (Asked only once rows have been read:
    before, the file may be at another part.)"""
    if part is None:
        return lambda: 0.0
    start, size = part.header_offset, max(1, part.compress_size)
    return lambda: (fh.tell() - start) / size


def _unreadable(path: Path, exc: Exception) -> InputError:
    return InputError(f"{path.name} is not a readable XLSX workbook "
                      f"({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})")


# ---------------------------------------------------------------------------------------
# The report

#: the audit's columns after the input's: the claim the rules accept (in words, and its
#: units), the findings, and what a biller does about them
REPORT_COLUMNS = ("Audit status", "Expected claim", "Expected units", "Audit findings", "Fix")


def findings_text(result: LineResult) -> str:
    """A line's findings in one cell: 'kind: sentence (source)', one after the other."""
    return "\n".join(f"{f.kind}: {f.text}" + (f" ({f.source})" if f.source else "")
                     for f in result.findings)


class ReportWriter:
    """Writes the input's columns plus the audit's, a row at a time. Use as a context
    manager (``close()`` at its end; ``discard()`` when it ends in an exception), or call
    ``write(cells, result)`` for each data row, then ``close()`` or ``discard()``.
    ``summary``: the audit's (``Audit.summary``), read by ``close()``: the XLSX report's
    Summary sheet.

    The rows go to a hidden file beside the report (``.NAME.xxxx.tmp``), which ``close()``
    renames to the report once every row is written: a report is whole or not there (a
    full disk, an interrupted run, an unreadable row leave no half report, and an older
    report of that name is left as it was until the new one is complete)."""

    def __init__(self, path: str | Path, table: Table, summary: Summary) -> None:
        self.path = Path(path)
        self._summary = summary
        self._xlsx = self.path.suffix.lower() == ".xlsx"
        if not self._xlsx and self.path.suffix.lower() != ".csv":
            raise InputError(f"the report must be a .csv or .xlsx file, not {self.path.name}")
        if self.path.resolve() == table.path.resolve():
            raise InputError("the report would overwrite the file audited; name another")
        if self.path.is_dir():
            raise InputError(f"cannot write {self.path}: it is a folder")
        if self.path.exists() and not self.path.is_file():
            raise InputError(f"cannot write {self.path}: it is not a regular file (a device "
                             f"or a pipe); name a file")
        self._width = len(table.header)
        header = [*table.header, *REPORT_COLUMNS]
        self._done = False
        self._sheet = self._text = None
        with _writable(self.path):
            self._temp, self._file = _create_temp(self.path)
        try:
            with _writable(self.path):
                if self._xlsx:
                    # openpyxl: imported when a workbook is written (0.2 s, not at start)
                    from .audit_xlsx import XlsxReport

                    self._sheet = XlsxReport(self._file, str(table.path), table.sheet,
                                             header, self._width)
                else:
                    self._text = io.TextIOWrapper(self._file, encoding="utf-8-sig",
                                                  newline="")
                    self._csv = csv.writer(self._text)
                    self._csv.writerow(map(_inert, header))
        except BaseException:
            self.discard()
            raise

    def write(self, cells: Sequence[str], result: LineResult) -> None:
        """The row's cells, the audit's (REPORT_COLUMNS), then any cells beyond the
        header's width (kept, not cut)."""
        width = self._width
        audit = [result.status, result.claim,
                 "" if result.expected_units is None else result.expected_units,
                 findings_text(result) if result.findings else "", result.fix]
        if len(cells) == width:  # most rows
            out = [*cells, *audit]
        else:
            out = [*cells[:width], *[""] * (width - len(cells)), *audit, *cells[width:]]
        try:
            with _writable(self.path):
                if self._xlsx:
                    self._sheet.append(out, result.status)
                else:
                    self._csv.writerow(map(_inert, out))
        except BaseException:
            self.discard()
            raise

    def close(self) -> None:
        """Finish the report and put it in place (InputError when it cannot be written:
        then no report is left)."""
        if self._done:
            return
        try:
            with _writable(self.path):
                if self._xlsx:
                    self._sheet.close(self._summary)
                else:
                    self._text.flush()
                self._file.flush()
                os.fsync(self._file.fileno())  # a full disk says so here, not later
                self._file.close()
                os.replace(self._temp, self.path)
            self._done = True
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        """Write nothing more and leave no report (nor the file it was being written to)."""
        if self._done:
            return
        self._done = True
        for closing in (self._sheet and self._sheet.abandon, self._text and self._text.close,
                        self._file.close):
            if closing:
                try:
                    closing()
                except (OSError, ValueError):  # the disk that failed fails again: no matter
                    pass
        try:
            self._temp.unlink(missing_ok=True)
        except OSError:
            pass

    def __enter__(self) -> ReportWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if kind is None:
            self.close()
        else:
            self.discard()


#: what makes a spreadsheet read a CSV cell as a formula (OWASP, "CSV injection")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(cell: object) -> object:
    """A CSV cell a spreadsheet will not run: text that begins as a formula would
    (``=HYPERLINK(...)``, ``+cmd|...``, ``-2+3``, ``@SUM``, a tab, a carriage return) gets
    a leading ``'``, as OWASP advises; numbers the audit writes stay numbers. (The XLSX
    report needs none of this: its cells are text, never formulas.)"""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def _create_temp(path: Path) -> tuple[Path, BinaryIO]:
    """A new hidden file beside ``path``, open for writing (with the usual permissions)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return temp, os.fdopen(os.open(temp, flags, 0o666), "wb")
        except FileExistsError:
            continue


@contextmanager
def _writable(path: Path) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None

