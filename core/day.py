"""One member's day, as the window's day sheet keeps it: the claims of the day, the units
per code, and the day's conflicts.

The day sheet is a list of claimable answers (:class:`Calculation`) for one member on one
day. Nothing here names the member or the day: the sheet is in memory only.

``day_line(rules, calc)`` takes what the sheet needs from an answer (and keeps the
request it answers, so that the line can be opened again in the calculator);
``check_day(rules, lines)`` gives the units per code, the same-day rules broken (every
line each concerns, as in the audit; the sheet's lines are one practitioner's) and the
exact duplicates, found by the audit's own :func:`core.audit.same_day_findings` (the
rules' same-day data) and :func:`core.audit.same_line`, so the day sheet and the audit of
an export cannot disagree; ``day_text(check)`` is the plain text to copy.

The rules given to ``check_day`` are those of the date of service, which may be another
pack than the one a line was answered from: a line whose code that pack lacks is kept,
said so (``not_in_rules``) and left out of the same-day checks. A line is never changed
or dropped by a check.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .audit import (
    DayEntry, Finding, Line, duplicate, entry_named, same_day_findings, same_line,
)
from .errors import InputError
from .model import Calculation, Request
from .rules import Rules
from .wording import cited, units


@dataclass(frozen=True, slots=True)
class DayLine:
    """One claim on the day sheet."""

    label: str  # code and modifiers as claimed, e.g. "T2040 U6 GQ"
    key: str  # the code entry it is, e.g. "T2040 U6": what same-day rules name
    units: int
    quantity_label: str  # e.g. "30 minutes of service"
    discipline_label: str
    mode_label: str
    setting_label: str
    name: str  # the code's name, with its program
    amount_required: bool
    request: Request | None = None  # the question answered: what editing the line opens


@dataclass(frozen=True, slots=True)
class RowFinding:
    """What is wrong with the sheet's row ``line`` (1 = first): a same-day rule it breaks,
    or a code the rules of the date of service lack."""

    line: int
    finding: Finding

    def text(self) -> str:
        """One line: the row, the rule broken, its source."""
        f = self.finding
        return f"Row {self.line}: {cited(f.text, f.source) if f.source else f.text}"


@dataclass(frozen=True, slots=True)
class DayCheck:
    lines: tuple[DayLine, ...]
    totals: tuple[tuple[str, int], ...]  # (code as claimed, units), in first-added order
    conflicts: tuple[RowFinding, ...]  # same-day conflicts
    not_in_rules: tuple[RowFinding, ...] = ()  # lines whose code the rules lack: not checked
    duplicates: tuple[RowFinding, ...] = ()  # lines the same as an earlier one: counted twice


def day_line(rules: Rules, calc: Calculation) -> DayLine:
    """What the day sheet keeps of an answer. InputError when it has nothing to claim."""
    if not calc.claimable or not calc.label:
        raise InputError(f"only a claimable answer goes on the day sheet; this one is "
                         f"{calc.title!r}")
    key = _key(rules, calc.label)
    if key is None:  # an answer from other rules than the sheet's
        raise InputError(f"{calc.label} is not a code of the rules the day sheet checks "
                         f"against ({rules.manifest.title}, version {rules.manifest.version})")
    return DayLine(label=calc.label, key=key, units=calc.units,
                   quantity_label=calc.quantity_label, discipline_label=calc.discipline_label
                   or "", mode_label=calc.mode_label or "", setting_label=calc.setting_label
                   or "", name=f"{calc.code_name} ({calc.program})" if calc.code_name else "",
                   amount_required=calc.amount_required, request=calc.request)


def _key(rules: Rules, label: str) -> str | None:
    """The code entry of ``rules`` a code as claimed is ("T2040 U6 GQ" -> "T2040 U6"), or
    None when the rules have no such code."""
    code, *mods = label.split()
    entries = rules.entries_for_code(code)
    entry = entry_named(rules, entries, tuple(mods)) if entries else None
    return entry.key if entry is not None else None


def check_day(rules: Rules, lines: Sequence[DayLine]) -> DayCheck:
    """The units per code, the same-day conflicts and the exact duplicates of one member's
    day, by ``rules`` (those of the date of service). A line whose code ``rules`` lack is
    in the totals as claimed, in ``not_in_rules`` with the reason, and in no same-day
    check. A duplicate is what the audit calls one (:func:`core.audit.same_line`): it
    stays on the sheet and in the totals, flagged, and adds nothing to the same-day
    rules' counts (as in the audit, its first line stands for it there)."""
    totals: dict[str, int] = {}
    day: list[DayEntry] = []  # what the same-day rules read of each line the rules have
    seen: dict[tuple, int] = {}  # same_line() -> the first line (1-based) that is it
    conflicts: list[RowFinding] = []
    missing: list[RowFinding] = []
    duplicates: list[RowFinding] = []
    m = rules.manifest
    for number, line in enumerate(lines, start=1):
        totals[line.label] = totals.get(line.label, 0) + line.units
        same = seen.setdefault(same_line(_as_exported(number, line)), number)
        if same != number:
            duplicates.append(RowFinding(number, duplicate(same)))
        key = _key(rules, line.label)
        if key is None:
            missing.append(RowFinding(number, Finding(
                "unknown_code", f"{line.label} is not a code of the rules for this date of "
                f"service, so this line is not checked against the others.",
                f"{m.title}, version {m.version}, effective {m.effective.isoformat()}")))
        elif same == number:  # a duplicate claims nothing more: not in the day's rules
            setting = rules.find_setting(line.request.setting) \
                if line.request is not None and line.request.setting else None
            day.append(DayEntry(number, key, line.units, setting.id if setting else None,
                                _ONE_PRACTITIONER, tuple(line.label.split()[1:])))
    for entry in day:  # every line of a conflict, as the audit
        conflicts += [RowFinding(entry.row, found.finding)
                      for found in same_day_findings(rules, entry, day)]
    return DayCheck(tuple(lines), tuple(totals.items()), tuple(conflicts), tuple(missing),
                    tuple(duplicates))


#: who gave the day sheet's lines: one practitioner, the clinician keeping the sheet
_ONE_PRACTITIONER = "the clinician keeping the day sheet"


def _as_exported(number: int, line: DayLine) -> Line:
    """A day sheet line as a line of an export states it (one member, one day), for the
    audit's definition of the same line: the answer's own words for each field."""
    code, *mods = line.label.split()
    return Line(row=number, date="", member="", discipline=line.discipline_label,
                code=code, modifiers=" ".join(mods), minutes=line.quantity_label,
                quantity="", units=str(line.units), setting=line.setting_label,
                mode=line.mode_label, amount=None)


def day_text(check: DayCheck) -> str:
    """The day sheet as plain text for the progress note: the claims, the units per code,
    the conflicts with their sources. Nothing about the member or the day."""
    out = ["Day sheet (one member, one day):"]
    for number, line in enumerate(check.lines, start=1):
        how = "; ".join(x for x in (line.quantity_label, line.discipline_label,
                                    line.mode_label, line.setting_label) if x)
        out.append(f"{number}. {line.label}: {units(line.units)} ({how})")
    if check.totals:
        out.append("Units by code: " + "; ".join(f"{label} {units(n)}"
                                                 for label, n in check.totals))
    if check.not_in_rules:
        out.append("Not checked:")
        out.extend(f"  {c.text()}" for c in check.not_in_rules)
    if check.duplicates:
        out.append("Duplicate lines (the same claim twice: both are in the units above):")
        out.extend(f"  {c.text()}" for c in check.duplicates)
    if check.conflicts:
        out.append("Same-day conflicts:")
        out.extend(f"  {c.text()}" for c in check.conflicts)
    elif check.lines:
        out.append(no_conflict(check))
    return "\n".join(out)


def no_conflict(check: DayCheck) -> str:
    """What a day without a same-day conflict says: of all its lines, or of those checked."""
    return ("No same-day conflict found among the lines checked." if check.not_in_rules
            else "No same-day conflict found.")
