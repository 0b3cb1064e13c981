"""``python -m core``: the calculator for scripts and QA reviewers.

Exit codes: 0 answered (claimable or not), 2 bad input (one line on stderr),
3 the rules data is broken (one line on stderr naming the file and entry).
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path

from . import audit_cli, catalog, rules_cli
from .errors import CoreError, InputError, RulesError
from .model import Calculation, Request
from .packs import Library
from .readers import whole_number
from .rules import Rules
from .wording import cli_text
from .vocab import MODES, QUANTITY_KINDS


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad input as one line and exit code 2, without usage spam."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise InputError(message)


def _non_negative(text: str) -> int:
    """A count given on the command line, read by the one strict reader (core.readers)."""
    try:
        return whole_number(text)
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _prog() -> str:
    """The command as the user typed it: the bundle's dmc-units-cli, else python -m core."""
    return "dmc-units-cli" if getattr(sys, "frozen", False) else "python -m core"


def _parser() -> _Parser:
    p = _Parser(prog=_prog(), description="DMC-ODS / ECM / Community Supports units")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    calc = sub.add_parser("calc", help="units for one service")
    which = calc.add_mutually_exclusive_group(required=True)
    which.add_argument("--code", help="HCPCS/CPT code, e.g. H0034")
    which.add_argument("--service", help="service id (see 'services')")
    calc.add_argument("--modifier", action="append", default=[], help="modifier (repeatable)")
    calc.add_argument("--discipline", help="discipline id, e.g. RN, LCSW-CT, AOD")
    qty = calc.add_mutually_exclusive_group(required=True)
    for kind in QUANTITY_KINDS:
        qty.add_argument(f"--{kind}", type=_non_negative, metavar="N")
    calc.add_argument("--mode", choices=[m for m, _ in MODES])
    calc.add_argument("--setting", help="level of care, e.g. 3.2-WM, or none")
    calc.add_argument("--travel", type=_non_negative, default=0, metavar="MIN",
                      help="travel minutes (recorded, not billable)")
    calc.add_argument("--documentation", type=_non_negative, default=0, metavar="MIN",
                      help="documentation minutes (recorded, not billable)")
    calc.add_argument("--activity-minutes", type=_non_negative, default=0, metavar="MIN",
                      help="minutes of the session spent on not-billable care coordination "
                           "activities (taken out of the units)")
    calc.add_argument("--activity", action="append", default=[], metavar="ID",
                      help="care coordination activity done, by id (see 'activities'; "
                           "repeatable)")
    calc.add_argument("--json", action="store_true")
    rules_cli.add_common(calc, date_help="the date of service: it picks the rules pack in force")
    for name in ("services", "disciplines", "settings", "codes", "activities"):
        s = sub.add_parser(name, help=f"list {name}")
        s.add_argument("--json", action="store_true")
        rules_cli.add_common(s, date_help="list those of the rules pack in force on this date")
    rules_cli.add_parser(sub)
    audit_cli.add_parser(sub)
    return p


def _request(args: argparse.Namespace, day: date) -> Request:
    kind = next(k for k in QUANTITY_KINDS if getattr(args, k) is not None)
    words = (args.code or "").split()
    if len(words) > 1:  # "G9008 U1" as a claim line writes it: say how to ask, change nothing
        flags = " ".join(f"--modifier {m}" for m in words[1:])
        raise InputError(f"--code takes the code alone, not {args.code!r}: give its "
                         f"modifiers each with --modifier (--code {words[0]} {flags})")
    return Request(date_of_service=day,
        discipline=args.discipline, service=args.service, code=args.code,
        modifiers=tuple(args.modifier), quantity=getattr(args, kind), quantity_kind=kind,
        mode=args.mode, setting=args.setting,
        non_billable={"travel": args.travel, "documentation": args.documentation,
                      "activity_minutes": args.activity_minutes},
        activities=tuple(args.activity))


def _print_calc(result: Calculation) -> None:
    print(cli_text(result))


def _listing(rules: Rules, what: str) -> list[dict]:
    if what == "services":
        return [{"id": s.id, "name": s.name, "program": s.program,
                 "options": [{"code": o.code, "modifiers": list(o.modifiers)} for o in s.options]}
                for s in catalog.services(rules)]
    if what == "disciplines":
        return [{"id": d.id, "name": d.name, "licensed": d.licensed} for d in rules.disciplines]
    if what == "settings":
        return [{"id": s.id, "name": s.name} for s in rules.settings]
    if what == "activities":
        return [asdict(a) for a in catalog.activities(rules)]
    return [asdict(row) for row in catalog.reference_rows(rules)]


def main(argv: list[str] | None = None) -> int:
    _never_fail_to_encode()
    try:
        return _main(argv)
    except OSError as exc:  # a full disk, a closed terminal, or `| head` (below)
        _quiet_stdout()
        if _reader_gone(exc):  # `| head`: the reader has gone; nothing more to say
            return 0
        print(f"error: cannot write the output ({exc.strerror or exc})", file=sys.stderr)
        return 2


def _reader_gone(exc: OSError) -> bool:
    """The pipe under stdout was closed by its reader: BrokenPipeError, or on Windows
    EINVAL with no file named (what its C runtime says of a write to a closed pipe; a
    file name Windows refuses is EINVAL too, but names the file)."""
    return isinstance(exc, BrokenPipeError) or (
        sys.platform == "win32" and exc.errno == errno.EINVAL and exc.filename is None)


def _never_fail_to_encode() -> None:
    """Output that the terminal's encoding cannot hold (a path in another script, under
    PYTHONIOENCODING=ascii or LC_ALL=POSIX) is written as \\u escapes, never a
    UnicodeEncodeError: the one place output's encoding is set."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError, OSError):  # not a text stream of ours
            pass


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so that Python's own flush at exit raises nothing."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _main(argv: list[str] | None) -> int:
    try:
        args = _parser().parse_args(argv)
        if args.command == "rules":
            code = rules_cli.run(args)
            sys.stdout.flush()
            return code
        library = Library.discover(Path(args.rules) if args.rules else None)
        if args.command == "audit":  # each line answered by the pack in force on its date
            return audit_cli.run(args, library)
        day = args.date or date.today()
        if args.command == "calc":
            result = library.calculate(_request(args, day))
            if result.status == "incomplete":  # a script asked too little: say what is missing
                raise InputError(f"nothing to calculate yet: {result.prompt}")
            if args.json:
                print(json.dumps(result.to_contract(), indent=2))
            else:
                _print_calc(result)
            sys.stdout.flush()
            return 0
        rows = _listing(library.for_date(day), args.command)
        if args.json:
            print(json.dumps(rows, indent=2))
        else:
            for row in rows:
                print("  ".join(str(v) for v in row.values() if not isinstance(v, list)))
        sys.stdout.flush()
        return 0
    except RulesError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except CoreError as exc:  # pragma: no cover - every core error is one of the above
        print(f"error: {exc}", file=sys.stderr)
        return 2
