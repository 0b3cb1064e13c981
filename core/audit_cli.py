"""``python -m core audit FILE [--sheet NAME] [--rules DIR] [--json] [--out REPORT.csv|.xlsx]``.

Checks every service line of an EHR export against the rules and says, line by line,
what is wrong and which rule says so. Rows are numbered as in the spreadsheet (the header
is row 1), so a reviewer finds them in Excel. Exit 0 once audited, whatever was found;
2 for bad input (a file that cannot be read, or lacks a needed column); 3 for broken rules.
``core.cli`` adds the subcommand with :func:`add_parser` and calls :func:`run`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from .audit import FINDING_KINDS, STATUSES, Audit, LineResult, expected_json
from .audit_io import COLUMNS, ENCODINGS, LineReader, ReportWriter, open_table
from .packs import Library


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    fields = "; ".join(f"{c.label}: {' / '.join(c.names)}" for c in COLUMNS)
    p = subparsers.add_parser(
        "audit", help="check every service line of an EHR export (CSV or XLSX)",
        description="Check every service line of an export against the rules: units, "
                    "discipline, minimum time, level of care, modifiers, amount, code, "
                    "same-day rules and duplicates. Columns are found by their header "
                    f"(any case): {fields}; or modifier 1..4.")
    p.add_argument("file", metavar="FILE", help="a .csv or .xlsx file, one service line a row")
    p.add_argument("--rules", metavar="DIR",
                   help="the rules folder to audit against (default: the rules shipped)")
    p.add_argument("--json", action="store_true",
                   help='JSON Lines: one object a data row, then {"summary": ...}')
    p.add_argument("--sheet", metavar="NAME",
                   help="the sheet of an .xlsx workbook to audit (default: the sheet Excel "
                        "shows on opening it)")
    p.add_argument("--out", metavar="REPORT",
                   help="also write a report: the file's columns plus status, expected "
                        "claim and units, findings and the fix (.csv or .xlsx)")
    return p


def run(args: argparse.Namespace, library: Library) -> int:
    """Audit ``args.file``, each line by the rules in force on its date (``library``);
    results to stdout, progress to stderr. Bad input raises :class:`core.InputError` (the
    caller prints it, exits 2)."""
    table = open_table(args.file, args.sheet)
    audit = Audit(library)
    writer = ReportWriter(args.out, table, audit.summary) if args.out else None
    reader = LineReader(table)
    progress = _Progress(reader)
    write = sys.stdout.write
    try:
        for result in audit.run(reader, progress=progress.update):
            if args.json:
                write(_json_line(result))
            elif result.findings:
                write(_text_lines(result))
            if writer is not None:
                writer.write(result.line.cells, result)
    except KeyboardInterrupt:
        audit.summary.cancelled = True
    except BaseException:
        if writer is not None:  # a row that cannot be read, a full disk: no half report
            writer.discard()
        raise
    finally:
        progress.done()
    if writer is not None:
        if audit.summary.cancelled:
            writer.discard()  # half a report is no report
        else:
            writer.close()
    summary = {**audit.summary.to_json(), "blank_rows": reader.blank, "file": str(args.file),
               "sheet": table.sheet or None,
               "encoding": ENCODINGS[table.encoding] if table.kind == "csv" else None}
    if args.json:
        write(json.dumps({"summary": summary}) + "\n")
    else:
        write(_text_summary(summary, args.out))
    sys.stdout.flush()
    if audit.summary.cancelled:
        print(f"audit: interrupted after {audit.summary.lines:,} lines; the counts above are "
              f"for those lines only" + ("; no report was written" if args.out else ""),
              file=sys.stderr)
        return 130
    return 0


def _json_line(result: LineResult, _said: dict[str, str] = {}) -> str:  # noqa: B006
    if not result.findings:  # most lines: their claim's JSON is made once a claim (_said)
        said = _said.get(result.claim)
        if said is None:
            if len(_said) > 10_000:
                _said.clear()
            expected = json.dumps(expected_json(result.expected))
            said = _said[result.claim] = (f'"expected": {expected}, '
                                          f'"claim": {json.dumps(result.claim)}')
        return (f'{{"row": {result.row}, "status": "{result.status}", '
                f'"expected_units": {result.expected_units}, {said}, "fix": "", '
                f'"findings": []}}\n')
    return json.dumps(result.to_json()) + "\n"


def _text_lines(result: LineResult) -> str:
    line = result.line
    what = " ".join(x for x in (line.code.strip(), line.modifiers.strip()) if x) or "?"
    out = []
    for f in result.findings:
        out.append(f"row {result.row} ({what}) {result.status} [{f.kind}]: {f.text}\n")
        if f.source:
            out.append(f"    source: {f.source}\n")
    if result.fix:
        out.append(f"    fix: {result.fix}\n")
    return "".join(out)


def _text_summary(summary: dict, report: str | None) -> str:
    titles = dict(FINDING_KINDS)
    statuses = ", ".join(f"{s}: {summary['by_status'][s]:,}" for s in STATUSES)
    rules = summary["rules"] or "no rules (no line had a date a rules pack covers)"
    where = summary["file"] + (f" (sheet {summary['sheet']!r})" if summary["sheet"] else "")
    n = summary["lines"]
    out = [f"\nAudited {n:,} {'line' if n == 1 else 'lines'} of {where} against {rules}.",
           f"  {statuses}"]
    if summary["encoding"]:
        out.append(f"  read as {summary['encoding']} text")
    if summary["blank_rows"]:
        out.append(f"  blank rows passed over: {summary['blank_rows']:,}")
    if summary["by_kind"]:
        out.append("Findings by kind:")
        out += [f"  {titles.get(k, k)} ({k}): {n:,}" for k, n in summary["by_kind"].items()]
    if report and not summary["cancelled"]:
        out.append(f"Report written to {report}.")
    return "\n".join(out) + "\n"


class _Progress:
    """A progress line on stderr, once a run has taken more than ``AFTER`` seconds, then
    every ``EVERY`` seconds (``EVERY_TTY`` on a terminal, where it is rewritten in place).
    The share is of the whole run: the audit reads the file ``Audit.READINGS`` times, each
    an equal part (the first only notes the lines of same-day rules: no line is checked
    yet)."""

    AFTER, EVERY, EVERY_TTY = 1.0, 5.0, 0.5

    def __init__(self, reader: LineReader) -> None:
        self._reader = reader
        self._start = time.monotonic()
        self._last = 0.0
        self._tty = sys.stderr.isatty()
        self._shown = False

    def update(self, lines: int) -> None:
        now = time.monotonic() - self._start
        every = self.EVERY_TTY if self._tty else self.EVERY
        if now < self.AFTER or now - self._last < every:
            return
        self._last = now
        reader = self._reader
        share = Audit.run_share(reader.readings, reader.share)
        doing = (f"{lines:,} lines checked" if reader.readings == Audit.READINGS
                 else "reading the file")
        text = f"audit: {share:.0%}, {doing}, {now:.0f} s"
        if self._tty:
            sys.stderr.write(f"\r{text}\033[K")
        else:
            sys.stderr.write(text + "\n")
        sys.stderr.flush()
        self._shown = True

    def done(self) -> None:
        if self._shown and self._tty:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
