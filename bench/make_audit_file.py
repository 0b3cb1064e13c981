"""Write a de-identified EHR-style export of service lines, for timing ``python -m core audit``.

    python bench/make_audit_file.py /tmp/audit-1m.csv --lines 1000000
    python bench/make_audit_file.py /tmp/audit-100k.xlsx --lines 100000

Nothing in it is about a person: member keys are "M" and a random number, dates are a year of
days. Each line is one code of the shipped rules given by a discipline that may claim it, with
the units ``calculate()`` gives; a few lines in a hundred are made wrong the ways a reviewer
meets (units off by one, a discipline not allowed, minutes below the minimum, an unknown code,
unreadable minutes, a missing amount, a duplicate, the other code of a same-day rule),
so the audit does its whole work. Lines are in date order, as exports come, unless ``--unsorted``.
The same ``--seed`` gives the same file.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).absolute().parent.parent))

from core import InputError, Request, calculate, load_rules  # noqa: E402

HEADER = ["Date of Service", "Client ID", "Credential", "Procedure Code", "Modifier 1",
          "Modifier 2", "Duration", "Quantity", "Billed Units", "Level of Care",
          "Delivery Mode", "Amount"]


def _templates(rules):
    """(entry, disciplines that may claim it, quantity kind) for every code of the rules."""
    out = []
    for entry in rules.codes:
        if entry.disciplines is not None:
            who = list(entry.disciplines)
        elif entry.licensed is not None:
            who = [d.id for d in rules.disciplines if d.licensed == entry.licensed
                   and entry.program in d.programs]
        else:
            who = [d.id for d in rules.disciplines if entry.program in d.programs]
        out.append((entry, who or [rules.disciplines[0].id],
                    rules.basis(entry.unit.basis).quantity))
    return out


def _lines(n: int, seed: int):
    rules = load_rules()
    rng = random.Random(seed)
    templates = _templates(rules)
    weights = [6 if kind == "minutes" else 1 for _, _, kind in templates]
    members = [f"M{rng.randrange(10**6, 10**7)}" for _ in range(max(50, n // 40))]
    others = [d.id for d in rules.disciplines]
    first = date(2025, 1, 1)
    memo: dict[Request, int] = {}

    def units(request: Request) -> int:
        if request not in memo:
            try:
                memo[request] = calculate(rules, request).units
            except InputError:
                memo[request] = 1
        return memo[request]

    previous = None
    for i in range(n):
        day = (first + timedelta(days=i * 365 // n)).isoformat()
        if previous is not None and rng.random() < 0.005:  # an exact duplicate
            yield previous
            continue
        entry, who, kind = rng.choices(templates, weights)[0]
        discipline = rng.choice(who)
        mode = entry.modes[0] if entry.modes else rng.choice(["in-person"] * 8 + ["telehealth"])
        mods = list(entry.modifiers)
        remote_ok = entry.remote is None or entry.remote.allowed
        if not entry.modes and mode == "telehealth" and not remote_ok:
            mode = "in-person"
        if not entry.modes and mode == "telehealth":
            tele = rules.program(entry.program).telehealth_modifier
            mods += [tele] if tele else []
        setting = rng.choice(entry.settings) if entry.settings else (
            rng.choice(["1.0", "2.1", "3.1"]) if entry.program == "dmc-ods" else "")
        if kind == "minutes":
            # a few minutes short of the minimum up to 12 times it, at most 4 hours: every
            # minute count as likely (real durations bunch more, so this is the hard case)
            lo = entry.unit.minimum or 1
            quantity = rng.randrange(max(1, lo - 5), min(lo * 12, entry.unit.maximum or 240, 240) + 1)
        else:
            quantity = 1
        wrong = rng.random()
        if wrong < 0.01:
            discipline = rng.choice(others)
        code = entry.code
        minutes = str(quantity) if kind == "minutes" else ""
        claimed = units(Request(discipline=discipline, code=entry.code, modifiers=tuple(mods),
                                quantity=quantity, quantity_kind=kind,
                                mode=mode, setting=setting or None))
        if 0.01 <= wrong < 0.03:
            claimed += 1
        elif 0.03 <= wrong < 0.032:
            code = "X" + code[1:]
        elif 0.032 <= wrong < 0.034 and minutes:
            minutes = minutes + " min?"
        amount = f"{rng.randrange(50, 3000)}.00" if entry.amount_required else ""
        if amount and wrong > 0.97:
            amount = ""
        line = [day, rng.choice(members), discipline, code, *(mods + ["", ""])[:2], minutes,
                "" if kind == "minutes" else str(quantity), str(claimed), setting,
                {"in-person": "In person", "telehealth": "Telehealth", "phone": "Phone"}[mode],
                amount]
        previous = line
        yield line
        for rule in rules.same_day_rules_for(entry.key):
            if rng.random() < 0.05:  # the other code of a same-day rule, same member and day
                other = rules.entry(next(k for k in rule.codes if k != entry.key))
                timed = rules.basis(other.unit.basis).quantity == "minutes"
                yield [day, line[1], discipline, other.code, *(list(other.modifiers) + ["", ""])[:2],
                       "30" if timed else "", "" if timed else "1", "2" if timed else "1", "",
                       "In person", ""]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("path", type=Path, help="a .csv or .xlsx file to write")
    p.add_argument("--lines", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--unsorted", action="store_true", help="shuffle the lines (held in memory)")
    args = p.parse_args(argv)
    lines = itertools.islice(_lines(args.lines, args.seed), args.lines)
    if args.unsorted:
        lines = list(lines)
        random.Random(args.seed).shuffle(lines)
    if args.path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("Services")
        sheet.append(HEADER)
        for line in lines:  # typed as Excel keeps them: a date, numbers, text
            sheet.append([date.fromisoformat(line[0]),
                          *(int(v) if v.isdigit() else v for v in line[1:])])
        book.save(args.path)
    else:
        with args.path.open("w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            out.writerow(HEADER)
            out.writerows(lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
