"""``python -m core rules ...``: list, check and compare rules packs (for QA reviewers).

    rules list [--json] [--date D] [--rules DIR]   the packs, their dates and sources
    rules check DIR                                 check a pack (or a folder of packs) in full,
                                                    running its worked examples and cases.toml
    rules diff A B [--json] [--rules DIR]           what changes from pack A to pack B
    rules new --extends ID --effective-from D [--review-by D] [--id ID] --out DIR
                                                    a new overlay pack on ID, ready to fill in

Exit codes as for every command: 0 done, 2 bad input, 3 a pack is broken (the file and
entry named on stderr, one line per broken pack).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path

from .cases import CasesFailed, check_cases
from .errors import InputError, RulesError
from .packs import Library, PackInfo, Section, diff, new_overlay, pack_folders, write_new_pack
from .readers import date_of_service
from .rules import Rules


def iso_date(text: str) -> date:
    """An argparse type for --date: YYYY-MM-DD or MM/DD/YYYY, read by the one strict
    reader (core.readers: not 2025-W10-1, not 20250310, digits 0-9 only)."""
    try:
        return date_of_service(text)
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_common(parser: argparse.ArgumentParser, *, date_help: str) -> None:
    """``--date`` and ``--rules``, as every command that reads rules takes them."""
    parser.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD",
                        help=f"{date_help} (YYYY-MM-DD or MM/DD/YYYY; default: today)")
    parser.add_argument("--rules", type=Path, metavar="DIR",
                        help="also use the rules pack in DIR, or the packs in the folders in "
                             "it (a pack with the id of another replaces it)")


def add_parser(subparsers) -> None:
    """Add ``rules`` and its commands to the CLI's subparsers."""
    rules = subparsers.add_parser("rules", help="list, check and compare rules packs",
                                  description="Rules packs: which rules the answers use, for "
                                              "which dates of service, from which sources.")
    sub = rules.add_subparsers(dest="rules_command", required=True,
                               metavar="{list,check,diff,new}",
                               parser_class=type(rules))
    listing = sub.add_parser("list", help="the rules packs, their dates and sources")
    listing.add_argument("--json", action="store_true")
    add_common(listing, date_help="say which pack is in force on this date of service")
    check = sub.add_parser("check", help="check a rules pack (or a folder of packs) in full",
                           description="Check a rules pack in full: every file strictly, then "
                                       "every code's worked examples and every case of its "
                                       "cases.toml, run through the calculator. Exit 3 names "
                                       "each case that fails and what the rules gave.")
    check.add_argument("folder", type=Path, metavar="DIR")
    check.add_argument("--rules", type=Path, metavar="DIR",
                       help="also look in DIR for the pack an overlay extends (the shipped "
                            "packs, those added on this computer and the packs in the checked "
                            "folder are looked in anyway)")
    compare = sub.add_parser("diff", help="what changes from pack A to pack B")
    compare.add_argument("before", metavar="A", help="a pack id (see 'rules list') or a folder")
    compare.add_argument("after", metavar="B", help="a pack id or a folder")
    compare.add_argument("--json", action="store_true")
    compare.add_argument("--rules", type=Path, metavar="DIR",
                         help="also use the rules pack in DIR, or the packs in it")
    new = sub.add_parser(
        "new", help="write a new overlay pack, ready to fill in",
        description="Write a new rules pack that extends another (an overlay): its manifest "
                    "with the dates, a sources list and a documents list to fill, and a "
                    "cases.toml with one worked case. It changes nothing yet, and 'rules "
                    "check DIR' accepts it as written; then add only what changes, in files "
                    "named as the base's (see docs/rules.md, 'Overlay packs').")
    new.add_argument("--extends", required=True, metavar="ID",
                     help="the id of the pack it changes (see 'rules list')")
    new.add_argument("--effective-from", required=True, type=iso_date, metavar="YYYY-MM-DD",
                     help="the first date of service it covers")
    new.add_argument("--review-by", type=iso_date, metavar="YYYY-MM-DD",
                     help="after this date answers say it is due for review (default: a "
                          "year after --effective-from, less a day)")
    new.add_argument("--id", dest="pack_id", metavar="ID",
                     help="its id: lower-case letters, digits and '-' (default: the base's "
                          "id and the --effective-from date)")
    new.add_argument("--out", required=True, type=Path, metavar="DIR",
                     help="a new (or empty) folder to write it into")
    new.add_argument("--rules", type=Path, metavar="DIR",
                     help="also look for the base pack in DIR, or the packs in it")


def run(args: argparse.Namespace) -> int:
    """Run ``rules <command>``. Raises InputError / RulesError for the CLI to report."""
    if args.rules_command == "check":
        return _check(args.folder, args.rules)
    library = Library.discover(args.rules)
    if args.rules_command == "new":
        return _new(library, args)
    if args.rules_command == "list":
        return _list(library, args.date or date.today(), args.json)
    return _diff(library, args.before, args.after, args.json)


# ---------------------------------------------------------------------------------------


def pack_dict(info: PackInfo) -> dict:
    """A pack for ``--json``."""
    data = asdict(info)
    data.update(effective_from=info.effective_from.isoformat(),
                effective_to=info.effective_to.isoformat() if info.effective_to else None,
                review_by=info.review_by.isoformat(), folder=str(info.folder),
                dates=info.dates, origin_text=info.origin_text)
    return data


def _list(library: Library, day: date, as_json: bool) -> int:
    try:
        in_force: PackInfo | None = library.pack_for(day)
    except InputError:
        in_force = None
    if as_json:
        print(json.dumps({"date": day.isoformat(), "in_force": in_force.id if in_force else None,
                          "user_folder": str(library.user_dir),
                          "packs": [pack_dict(p) for p in library.packs],
                          "problems": list(library.problems)}, indent=2))
        return 0
    for info in library.packs:
        mark = f"  <- in force on {day.isoformat()}" if info is in_force else ""
        print(f"{info.id}: version {info.version}, {info.dates}, review by "
              f"{info.review_by.isoformat()} ({info.origin_text}){mark}")
        print(f"  {info.title}")
        if info.extends:
            print(f"  extends: {info.extends} (holds only what changes from it)")
        for s in info.sources:
            sha = f", SHA-256 {s.sha256}" if s.sha256 else ""
            print(f"  source: {s.publisher}, {s.title} ({s.revision}{sha})")
        print(f"  folder: {info.folder}")
    if in_force is None:
        print(f"No pack is in force on {day.isoformat()}.")
    print(f"Packs added on this computer are kept in {library.user_dir}")
    for problem in library.problems:
        print(f"Note: {problem}")
    return 0


def _check(folder: Path, given: Path | None) -> int:
    """Check every pack in ``folder``; one line per pack, errors on stderr; 3 if any fails.
    An overlay is checked with its base: a shipped pack, one added on this computer, one in
    ``given`` (--rules) or one beside it in ``folder``."""
    failed = 0
    packs = pack_folders(folder)
    try:  # the packs checked are found as bases too (a folder holding a base and its overlay)
        library = Library.discover(given or folder)
    except RulesError:  # a broken manifest among them: named when that pack is checked
        library = Library.discover(given)
    for pack in packs:
        try:
            rules = library.read(pack)
            check_cases(rules)
        except CasesFailed as exc:
            for failure in exc.failures:
                print(f"error: {failure}", file=sys.stderr)
            failed += 1
            continue
        except RulesError as exc:
            print(f"error: {exc}", file=sys.stderr)
            failed += 1
            continue
        m = rules.manifest
        examples = sum(len(e.examples) for e in rules.codes)
        extends = f", extending {m.extends}" if m.extends else ""
        print(f"ok: {m.id}, version {m.version}, {m.range_text()}{extends}: "
              f"{len(rules.codes)} codes, "
              f"{len(rules.services)} services, {len(rules.same_day_rules)} same-day rules; "
              f"{_count(examples, 'worked example')} and {_count(len(rules.cases), 'case')} "
              f"give what they say ({pack})")
    return 3 if failed else 0


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def _rules_for(library: Library, ref: str) -> Rules:
    """A pack id known to the library, or a folder holding one pack."""
    path = Path(ref)
    if path.is_dir():
        folders = pack_folders(path)
        if len(folders) > 1:
            raise InputError(f"{ref} holds {len(folders)} rules packs: name one of its folders")
        return library.read(folders[0])
    return library.rules(ref)


def _diff(library: Library, before_ref: str, after_ref: str, as_json: bool) -> int:
    before, after = _rules_for(library, before_ref), _rules_for(library, after_ref)
    sections = diff(before, after)
    a, b = before.manifest, after.manifest
    if as_json:
        print(json.dumps({
            "from": {"id": a.id, "version": a.version, "dates": a.range_text()},
            "to": {"id": b.id, "version": b.version, "dates": b.range_text()},
            "sections": [_section_dict(s) for s in sections]}, indent=2))
        return 0
    print(f"From {a.id} (version {a.version}, {a.range_text()}) "
          f"to {b.id} (version {b.version}, {b.range_text()}):")
    if not sections:
        print("No differences.")
    for s in sections:
        for heading, lines in (("added", s.added), ("removed", s.removed),
                               ("changed", [f"{key}: {'; '.join(c.text() for c in changes)}"
                                            for key, changes in s.changed])):
            if lines:
                print(f"{s.kind.capitalize()} {heading}:")
                for line in lines:
                    print(f"  {line}")
    return 0


def _section_dict(section: Section) -> dict:
    return {"kind": section.kind, "added": list(section.added), "removed": list(section.removed),
            "changed": [{"key": key, "changes": [
                {k: v for k, v in asdict(c).items() if v not in (None, ())}
                for c in changes]} for key, changes in section.changed]}


def _new(library: Library, args: argparse.Namespace) -> int:
    """Write a new overlay on ``--extends`` into ``--out`` and check it as ``rules check``
    would."""
    start: date = args.effective_from
    try:  # a year on, less a day: 2026-07-01 -> 2027-06-30
        review_by = args.review_by or start.replace(year=start.year + 1) - timedelta(days=1)
    except ValueError:  # from 29 February
        review_by = date(start.year + 1, 2, 28)
    if review_by < start:
        raise InputError(f"--review-by {review_by.isoformat()} is before --effective-from "
                         f"{start.isoformat()}")
    base = library.info(args.extends)
    pack_id = args.pack_id or f"{base.id}-{start.isoformat()}"
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", pack_id):
        raise InputError(f"--id {pack_id!r} is not an id: lower-case ASCII letters, digits "
                         f"and '-'")
    if pack_id == base.id:
        raise InputError(f"--id {pack_id!r} is the id of the pack it extends: give another")
    texts = new_overlay(library.rules(base.id), pack_id, start, review_by)
    write_new_pack(texts, args.out)
    rules = library.read(args.out)
    check_cases(rules)
    print(f"Wrote rules pack {pack_id} into {args.out}: it extends {base.id} for dates of "
          f"service from {start.isoformat()}, review by {review_by.isoformat()}.")
    print(f"  {', '.join(texts)}: the manifest, a documents list and a sources list to fill, "
          f"and one worked case.")
    print(f"Next: put what changes in files named as {base.id}'s, add the new sources' cases, "
          f"then: python -m core rules check {args.out}")
    return 0
