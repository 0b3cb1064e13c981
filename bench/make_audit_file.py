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


def _lines(n: int, seed: int, step: int = 1):
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
            # a few minutes short of the minimum up to 12 times it, at most 4 hours, every
            # minute count as likely (--minutes-step 5: only multiples of 5, as when staff
            # round their times; the audit then meets far fewer distinct services)
            lo = entry.unit.minimum or 1
            hi = min(lo * 12, entry.unit.maximum or 240, 240)
            quantity = max(step, rng.randrange(max(1, lo - 5), hi + 1) // step * step)
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


_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.styles+xml"/></Types>'),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>'),
    "xl/workbook.xml": (
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
        '<sheet name="Services" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId3" Type="{_REL}/styles" Target="styles.xml"/>'
        '</Relationships>'),
    "xl/styles.xml": (  # style 1: a date (built-in number format 14, m/d/yyyy)
        f'<styleSheet xmlns="{_MAIN}"><fonts count="1"><font><sz val="11"/>'
        '<name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill '
        'patternType="none"/></fill></fills><borders count="1"><border><left/><right/><top/>'
        '<bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" '
        'fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf '
        'numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" '
        'fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        '</styleSheet>'),
}


def _write_xlsx(path: Path, lines) -> None:
    """An XLSX as Excel saves an export: text in the shared strings table, dates as day
    numbers with a date format, numbers as numbers. (openpyxl writes every text inline,
    which Excel never does and which openpyxl then reads several times slower.)"""
    import zipfile
    from xml.sax.saxutils import escape

    strings: dict[str, int] = {}
    epoch = date(1899, 12, 30)

    def cell(ref: str, value: str, is_date: bool = False) -> str:
        if value == "":
            return ""
        if is_date:
            return f'<c r="{ref}" s="1"><v>{(date.fromisoformat(value) - epoch).days}</v></c>'
        if value.isdigit():
            return f'<c r="{ref}"><v>{value}</v></c>'
        index = strings.setdefault(value, len(strings))
        return f'<c r="{ref}" t="s"><v>{index}</v></c>'

    letters = [chr(ord("A") + i) for i in range(len(HEADER))]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, text in _PARTS.items():
            book.writestr(name, _XML + text)
        with book.open("xl/worksheets/sheet1.xml", "w") as raw:
            raw.write(f'{_XML}<worksheet xmlns="{_MAIN}"><sheetData>'.encode())
            for number, row in enumerate(itertools.chain([HEADER], lines), start=1):
                cells = "".join(cell(f"{c}{number}", v, number > 1 and c == "A")
                                for c, v in zip(letters, row))
                raw.write(f'<row r="{number}">{cells}</row>'.encode())
            raw.write(b"</sheetData></worksheet>")
        book.writestr("xl/sharedStrings.xml", _XML + f'<sst xmlns="{_MAIN}" count="{len(strings)}" '
                      f'uniqueCount="{len(strings)}">'
                      + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("path", type=Path, help="a .csv or .xlsx file to write")
    p.add_argument("--lines", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--unsorted", action="store_true", help="shuffle the lines (held in memory)")
    p.add_argument("--minutes-step", type=int, default=1, metavar="N",
                   help="minutes only in multiples of N (default 1: any minute count)")
    args = p.parse_args(argv)
    lines = itertools.islice(_lines(args.lines, args.seed, args.minutes_step), args.lines)
    if args.unsorted:
        lines = list(lines)
        random.Random(args.seed).shuffle(lines)
    if args.path.suffix.lower() == ".xlsx":
        _write_xlsx(args.path, lines)
    else:
        with args.path.open("w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            out.writerow(HEADER)
            out.writerows(lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
