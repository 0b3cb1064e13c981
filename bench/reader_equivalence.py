"""Check that the audit reads the same lines as an earlier version of its reader.

    .venv/bin/python bench/reader_equivalence.py                 # against d3d7dd5, 200,000 lines
    .venv/bin/python bench/reader_equivalence.py --lines 20000 --old HEAD~3
    .venv/bin/python bench/reader_equivalence.py --files /tmp/audit-1m.csv /tmp/x.xlsx

Run it before committing a change to ``core/audit_io.py`` (LineReader, line_maker, the
CSV reading) or ``core/xlsx_reader.py``. The old ``core/audit_io.py`` and
``core/xlsx_reader.py`` are taken from git (``--old``, default d3d7dd5: the reader before
issue 18's speed work) into modules of their own; each file is read by both, and the list
of ``Line`` (every field, the cells included), the count of blank rows and the error (its
message, for a file refused) must be equal. The files:

- the bench's exports (bench/make_audit_file.py), sorted and ``--unsorted``, as CSV and as
  XLSX, of ``--lines`` lines (or the files given with ``--files``);
- small files written here, one a behaviour: numbered modifier columns, a modifiers
  column, no amount column, a practitioner column, blank rows (empty and of commas), title
  rows above the header, short and long rows, quoted line breaks, ; and tab delimiters,
  Windows-1252 and UTF-16, a row wider than MAX_COLUMNS; workbooks with shared and inline
  strings, dates, times, booleans, errors, formulas, rows and cells left out;
- every file the test suite's audit tests read (``--tests``, on by default): the suite is
  run in this process with LineReader and _raw_rows wrapped, each reading compared with
  the old reader's on the same table (the limits a test lowers, MAX_COLUMNS and the like,
  are set on the old module too).

Prints one line a file (or a count for the tests) and exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).absolute().parent.parent
sys.path.insert(0, str(ROOT))

from core import audit_io  # noqa: E402
from core.errors import InputError  # noqa: E402

LIMITS = ("MAX_FILE_BYTES", "MAX_PART_BYTES", "MAX_RATIO", "MAX_SHARED_STRINGS", "MAX_COLUMNS")


def old_modules(rev: str):
    """The reader of ``rev``: (audit_io, xlsx_reader) as modules core._old_audit_io and
    core._old_xlsx_reader (relative imports of the rest of core resolve to today's)."""
    def load(name: str, text: str):
        spec = importlib.util.spec_from_loader(f"core.{name}", loader=None)
        module = importlib.util.module_from_spec(spec)
        module.__package__ = "core"
        sys.modules[spec.name] = module
        exec(compile(text, f"<{rev}:core/{name}>", "exec"), module.__dict__)
        return module

    def show(path: str) -> str:
        return subprocess.run(["git", "show", f"{rev}:{path}"], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout

    xlsx = load("_old_xlsx_reader", show("core/xlsx_reader.py"))
    io_text = show("core/audit_io.py").replace("from .xlsx_reader import",
                                              "from ._old_xlsx_reader import")
    return load("_old_audit_io", io_text), xlsx


def reading(reader) -> tuple[list, int, str]:
    """(lines, blank rows, error message or "") of one whole reading."""
    lines = []
    try:
        for line in reader:
            lines.append(line)
    except InputError as exc:
        return lines, reader.blank, f"InputError: {exc}"
    return lines, reader.blank, ""


def compare(old_io, path: Path, sheet: str | None = None) -> str:
    """"" when both readers read the file alike, else what differs."""
    def both(module):
        try:
            table = module.open_table(path, sheet)
        except InputError as exc:
            return None, f"open_table: {exc}"
        reader = module.LineReader(table)
        first = reading(reader)
        second = reading(reader)  # from the top again, as the audit reads it
        if first != second:
            return None, "two readings differ"
        return (table.header_row, table.header, table.columns, table.modifier_columns,
                table.encoding, table.sheet, first), ""

    new, new_error = both(audit_io)
    old, old_error = both(old_io)
    if new_error or old_error:
        return "" if new_error == old_error else f"new {new_error!r}, old {old_error!r}"
    if new == old:
        return ""
    (*head_new, (lines_new, blank_new, err_new)) = new
    (*head_old, (lines_old, blank_old, err_old)) = old
    if head_new != head_old:
        return f"tables differ: {head_new} / {head_old}"
    if err_new != err_old:
        return f"errors differ: {err_new!r} / {err_old!r}"
    if blank_new != blank_old:
        return f"blank rows: {blank_new} / {blank_old}"
    for a, b in zip(lines_new, lines_old):
        if a != b:
            return f"first different line: {a} / {b}"
    return f"line counts: {len(lines_new)} / {len(lines_old)}"


# -- small files, one a behaviour ---------------------------------------------------------

HEADER = ["Date of Service", "Client ID", "Credential", "Procedure Code", "Modifier 1",
          "Modifier 2", "Duration", "Quantity", "Billed Units", "Level of Care",
          "Delivery Mode", "Amount"]
ROW = ["2025-01-02", "M1", "LMFT", "H2015", "U8", "", "46", "", "3", "1.0", "In person", ""]


def small_files(folder: Path) -> list[tuple[Path, str | None]]:
    out: list[tuple[Path, str | None]] = []

    def write(name: str, rows, encoding="utf-8", delimiter=",") -> None:
        path = folder / name
        with open(path, "w", encoding=encoding, newline="") as fh:
            csv.writer(fh, delimiter=delimiter).writerows(rows)
        out.append((path, None))

    two = [ROW, [*ROW[:4], "HE", "GT", *ROW[6:]], [*ROW[:4], "", "GT", *ROW[6:]]]
    write("numbered.csv", [HEADER, *two])
    three = [*HEADER[:6], "Modifier 3", *HEADER[6:]]
    write("numbered3.csv", [three, *([*r[:6], m, *r[6:]] for r in two for m in ("", "95"))])
    one = [*HEADER[:4], "Mod 1", *HEADER[6:]]
    write("numbered1.csv", [one, *([*r[:5], *r[6:]] for r in two)])
    plain = ["Date", "Member", "Discipline", "Code", "Modifiers", "Minutes", "Units"]
    write("modifiers.csv", [plain, ["2025-01-02", "M1", "LMFT", "H2015", "U8 GT", "46", "3"],
                            ["2025-01-02", "M1", "LMFT", "H2015", "", "46", "3"]])
    write("no-amount.csv", [HEADER[:-1], *(r[:-1] for r in two)])
    practitioner = [*HEADER, "Rendering Provider"]
    write("practitioner.csv", [practitioner, [*ROW, "P1"], [*ROW, ""]])
    write("blank-rows.csv", [HEADER, ROW, [], [""] * 12, ROW, [""] * 3, [], ROW, []])
    write("titles.csv", [["Service lines export, Jan 2025"], [], HEADER, ROW, ROW])
    write("short-long.csv", [HEADER, ROW[:9], ROW[:4], [*ROW, "extra", ""], ROW[:1],
                             ["", "", "", "", "", "", "", "", "", "", "", "", "x"]])
    write("newline.csv", [HEADER, [*ROW[:9], "1.0\nsecond line", *ROW[10:]], ROW])
    write("semicolon.csv", [HEADER, ROW, ROW], delimiter=";")
    write("tab.csv", [HEADER, ROW], delimiter="\t")
    accents = [*ROW[:1], "Mé", *ROW[2:]]
    write("cp1252.csv", [HEADER, accents, ROW], encoding="cp1252")
    write("utf16.csv", [HEADER, accents, ROW], encoding="utf-16")
    write("utf8-bom.csv", [HEADER, accents], encoding="utf-8-sig")
    write("too-wide.csv", [HEADER, ROW, ROW + [""] * 1100])
    write("too-wide-short.csv", [HEADER, ROW, ["x"] * 1100])

    from openpyxl import Workbook
    from datetime import date, datetime, time

    def book(name: str, rows, skip_rows=()) -> None:
        wb = Workbook()
        ws = wb.active
        ws.title = "Lines"
        for number, row in enumerate(rows, start=1):
            if number in skip_rows:
                continue
            for col, value in enumerate(row, start=1):
                if value not in ("", None):
                    ws.cell(number, col, value)
        path = folder / name
        wb.save(path)
        out.append((path, None))

    values = [date(2025, 1, 2), "M1", "LMFT", "H2015", "U8", None, 46, None, 3, 1.0,
              "In person", 120.5]
    book("inline.xlsx", [["Title"], [], HEADER, values,
                         [datetime(2025, 1, 3, 9, 30), "M2", "LMFT", "H2015", None, "GT",
                          45.0, None, True, "1.0", "Telehealth", "=1+1"],
                         [time(9, 30), "M3", "RN", "H0034", "", "", "#N/A", None, False],
                         [], ["", "M4", "", "", "", "", "", "", "x"]],
         skip_rows=(8,))
    return out


# -- the test suite's files ---------------------------------------------------------------

class _Wrap:
    """A pytest plugin comparing every reading the tests make with the old reader's."""

    def __init__(self, old_io) -> None:
        self.old_io = old_io
        self.compared = 0
        self.differences: list[str] = []

    def pytest_configure(self, config) -> None:
        new_iter, new_raw, plugin = audit_io.LineReader.__iter__, audit_io._raw_rows, self

        def sync() -> None:
            for name in LIMITS:
                setattr(plugin.old_io, name, getattr(audit_io, name))

        def checked_iter(reader):
            lines, error, done = [], "", False
            try:
                for line in new_iter(reader):
                    lines.append(line)
                    yield line
                done = True
            except InputError as exc:
                error, done = f"InputError: {exc}", True
                raise
            finally:
                if done:
                    sync()
                    old = plugin.old_io.LineReader(reader.table)
                    expected = reading(old)
                    plugin.record(reader.table.path, (lines, reader.blank, error), expected)

        def checked_raw(path, kind, encoding, sheet, progress=None):
            rows = list(new_raw(path, kind, encoding, sheet, progress))
            sync()
            plugin.record(path, rows, list(plugin.old_io._raw_rows(path, kind, encoding,
                                                                    sheet)))
            yield from rows

        audit_io.LineReader.__iter__ = checked_iter
        audit_io._raw_rows = checked_raw

    def record(self, path, new, old) -> None:
        self.compared += 1
        if new != old:
            self.differences.append(f"{path}: new {str(new)[:300]} / old {str(old)[:300]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", default="d3d7dd5", help="the git revision to compare with")
    parser.add_argument("--lines", type=int, default=200_000, help="the bench files' size")
    parser.add_argument("--files", nargs="*", type=Path, help="read these, not bench files")
    parser.add_argument("--no-tests", dest="tests", action="store_false")
    args = parser.parse_args()
    old_io, _old_xlsx = old_modules(args.old)
    failed = 0
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        files = [(path, None) for path in args.files] if args.files is not None else []
        if args.files is None:
            for name, more in (("sorted.csv", []), ("unsorted.csv", ["--unsorted"]),
                               ("sorted.xlsx", []), ("unsorted.xlsx", ["--unsorted"])):
                subprocess.run([sys.executable, str(ROOT / "bench" / "make_audit_file.py"),
                                str(folder / name), "--lines", str(args.lines), *more],
                               check=True)
                files.append((folder / name, None))
        files += small_files(folder)
        for path, sheet in files:
            difference = compare(old_io, path, sheet)
            failed += bool(difference)
            print(f"{'DIFFERS' if difference else 'same   '} {path.name} {difference}",
                  flush=True)
    if args.tests:
        import pytest

        wrap = _Wrap(old_io)
        tests = [str(p) for p in sorted((ROOT / "tests" / "core").glob("test_audit*.py"))]
        tests += [str(ROOT / "tests" / "core" / "test_xlsx_reader.py"),
                  str(ROOT / "tests" / "core" / "test_xlsx_reader_properties.py"),
                  str(ROOT / "tests" / "core" / "test_same_day_kinds.py")]
        with contextlib.redirect_stdout(sys.stderr):
            status = pytest.main(["-q", "-p", "no:cacheprovider", "-p", "no:xdist", *tests],
                        plugins=[wrap])
        print(f"tests: {wrap.compared} readings compared, {len(wrap.differences)} differ "
              f"(pytest's exit status {int(status)}: its failures are not counted here)")
        for difference in wrap.differences[:20]:
            print("DIFFERS", difference)
        failed += len(wrap.differences)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
