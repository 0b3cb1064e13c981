"""One member's day, as the window's day sheet keeps it: the claims of the day, the units
per code, and the day's conflicts.

The day sheet is a list of claimable answers (:class:`Calculation`) for one member on one
day. Nothing here names the member or the day: the sheet is in memory only.

``day_line(rules, calc)`` takes what the sheet needs from an answer; ``check_day(rules,
lines)`` gives the units per code and the same-day conflicts, found by the audit's own
:func:`core.audit.same_day_findings` (the rules' same-day data), so the day sheet and the
audit of an export cannot disagree; ``day_text(check)`` is the plain text to copy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .audit import Finding, entry_named, same_day_findings
from .errors import InputError
from .model import Calculation
from .rules import Rules


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


@dataclass(frozen=True, slots=True)
class Conflict:
    """A same-day conflict: the sheet's row ``line`` (1 = first) and the rule it breaks."""

    line: int
    finding: Finding

    def text(self) -> str:
        """One line: the row, the rule broken, its source."""
        source = f" (Source: {self.finding.source})" if self.finding.source else ""
        return f"Row {self.line}: {self.finding.text}{source}"


@dataclass(frozen=True, slots=True)
class DayCheck:
    lines: tuple[DayLine, ...]
    totals: tuple[tuple[str, int], ...]  # (code as claimed, units), in first-added order
    conflicts: tuple[Conflict, ...]


def day_line(rules: Rules, calc: Calculation) -> DayLine:
    """What the day sheet keeps of an answer. InputError when it has nothing to claim."""
    if not calc.claimable or not calc.label:
        raise InputError(f"only a claimable answer goes on the day sheet; this one is "
                         f"{calc.title!r}")
    code, *mods = calc.label.split()
    entries = rules.entries_for_code(code)
    entry = entry_named(rules, entries, tuple(mods)) if entries else None
    if entry is None:  # an answer from other rules than the sheet's
        raise InputError(f"{calc.label} is not a code of the rules the day sheet checks "
                         f"against ({rules.manifest.title}, version {rules.manifest.version})")
    return DayLine(label=calc.label, key=entry.key, units=calc.units,
                   quantity_label=calc.quantity_label, discipline_label=calc.discipline_label
                   or "", mode_label=calc.mode_label or "", setting_label=calc.setting_label
                   or "", name=f"{calc.code_name} ({calc.program})" if calc.code_name else "",
                   amount_required=calc.amount_required)


def check_day(rules: Rules, lines: Sequence[DayLine]) -> DayCheck:
    """The units per code and the same-day conflicts of one member's day."""
    totals: dict[str, int] = {}
    first: dict[str, int] = {}  # code entry key -> the first line (1-based) that has it
    conflicts = []
    for number, line in enumerate(lines, start=1):
        totals[line.label] = totals.get(line.label, 0) + line.units
        conflicts += [Conflict(number, f)
                      for f in same_day_findings(rules, line.key, first.get)]
        first.setdefault(line.key, number)
    return DayCheck(tuple(lines), tuple(totals.items()), tuple(conflicts))


def day_text(check: DayCheck) -> str:
    """The day sheet as plain text for the progress note: the claims, the units per code,
    the conflicts with their sources. Nothing about the member or the day."""
    out = ["Day sheet (one member, one day):"]
    for number, line in enumerate(check.lines, start=1):
        how = "; ".join(x for x in (line.quantity_label, line.discipline_label,
                                    line.mode_label, line.setting_label) if x)
        out.append(f"{number}. {line.label}: {_units(line.units)} ({how})")
    if check.totals:
        out.append("Units by code: " + "; ".join(f"{label} {_units(units)}"
                                                 for label, units in check.totals))
    if check.conflicts:
        out.append("Same-day conflicts:")
        out.extend(f"  {c.text()}" for c in check.conflicts)
    elif check.lines:
        out.append("No same-day conflict found.")
    return "\n".join(out)


def _units(n: int) -> str:
    return f"{n} unit" if n == 1 else f"{n} units"
