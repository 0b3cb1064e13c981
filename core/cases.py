"""Worked cases: a pack proves itself by running its own examples through the calculator.

Two kinds, both run by ``rules check`` (and when a pack is added) through the same
:func:`core.engine.calculate` the app answers with, never a second engine:

- every code entry's ``examples`` (the source's own worked examples: "100 minutes of
  service ... claim 7 units of H0034"), asked by code, by the example's discipline and level
  of care or else the first of the code's own lists;
- the pack's ``cases.toml``: ``[[case]]`` requests as ``calc`` takes them, each with what it
  must give (``expect = { status = "claimable", code = "H0034", units = 7 }``).

A case dated nowhere runs on the first day the pack covers. :func:`check_cases` raises
:class:`CasesFailed` naming each case that fails and what the rules gave.
"""

from __future__ import annotations

from .engine import calculate
from .errors import InputError, RulesError
from .model import Calculation, Request
from .rules import CASES_FILE, Case, CodeEntry, Example, Rules

__all__ = ["CasesFailed", "case_failures", "check_cases"]


class CasesFailed(RulesError):
    """A pack whose worked examples or cases do not give what they say: one line each."""

    def __init__(self, failures: list[RulesError]) -> None:
        self.failures = tuple(failures)
        first = failures[0]
        super().__init__(first.file, first.entry, first.problem)
        self.args = ("\n".join(str(f) for f in failures),)


def _gave(result: Calculation) -> str:
    """What the calculator answered, in the words it shows: "Claimable: H0034, 5 units"."""
    return result.title + (f" ({result.reason})" if result.reason else "")


def _answered(result: Calculation) -> tuple[str, tuple[str, ...]] | None:
    """The code and modifiers answered (the claim line's, else the code considered)."""
    if result.lines:
        return result.lines[0].code, result.lines[0].modifiers
    if result.label:
        code, *mods = result.label.split()
        return code, tuple(mods)
    return None


def example_request(rules: Rules, entry: CodeEntry, ex: Example) -> Request:
    basis = rules.basis(entry.unit.basis)
    discipline = ex.discipline or (entry.disciplines[0] if entry.disciplines else None)
    if discipline is None and entry.licensed is not None:  # one of the licensure it needs
        discipline = next((d.id for d in rules.disciplines if d.licensed is entry.licensed
                           and entry.program in d.programs), None)
    return Request(code=entry.code, modifiers=entry.modifiers, quantity=ex.quantity,
                   quantity_kind=basis.quantity, discipline=discipline,
                   setting=ex.setting or (entry.settings[0] if entry.settings else None),
                   mode=entry.modes[0] if entry.modes else None,
                   date_of_service=rules.manifest.effective_from)


def _example_failure(rules: Rules, entry: CodeEntry, ex: Example) -> str | None:
    basis = rules.basis(entry.unit.basis)
    amount = f"{ex.quantity} {basis.item if ex.quantity == 1 else basis.items}"
    wanted = f"its worked example of {amount} claims {ex.units} unit{'s' * (ex.units != 1)}"
    try:
        result = calculate(rules, example_request(rules, entry, ex))
    except InputError as exc:
        return f"{wanted}; the rules refused it: {exc}"
    if result.units != ex.units or (ex.units and _answered(result) != (entry.code,
                                                                        entry.modifiers)):
        return f"{wanted}; the rules gave {_gave(result)}"
    return None


def case_request(rules: Rules, case: Case) -> Request:
    """The request a case stands for, as ``calc`` would build it."""
    kind, quantity = case.quantity
    return Request(code=case.code, service=case.service, modifiers=case.modifiers,
                   discipline=case.discipline, quantity=quantity, quantity_kind=kind,
                   mode=case.mode, setting=case.setting, activities=case.activities,
                   non_billable={"travel": case.travel, "documentation": case.documentation,
                                 "activity_minutes": case.activity_minutes},
                   date_of_service=case.date or rules.manifest.effective_from)


def _expected(case: Case) -> str:
    e = case.expect
    parts = [e.status.replace("_", " ")]
    if e.code is not None:
        parts.append(" ".join((e.code, *(e.modifiers or ()))))
    if e.units is not None:
        parts.append(f"{e.units} unit{'s' * (e.units != 1)}")
    return ", ".join(parts)


def _case_failure(rules: Rules, case: Case) -> str | None:
    e = case.expect
    try:
        result = calculate(rules, case_request(rules, case))
    except InputError as exc:
        return f"expected {_expected(case)}; the rules refused it: {exc}"
    answered = _answered(result)
    if (result.status != e.status
            or (e.units is not None and result.units != e.units)
            or (e.code is not None and (answered is None or answered[0] != e.code))
            or (e.modifiers is not None and (answered is None or answered[1] != e.modifiers))):
        return f"expected {_expected(case)}; the rules gave {_gave(result)}"
    return None


def case_failures(rules: Rules) -> list[RulesError]:
    """Every worked example and case of the pack that does not give what it says, each as
    a refusal naming its file and entry (the code key, or the case's name)."""
    def place(name: str) -> str:
        return rules.places.get(name, name)

    failures = []
    for entry in rules.codes:
        for ex in entry.examples:
            problem = _example_failure(rules, entry, ex)
            if problem:
                failures.append(RulesError(place(rules.code_files.get(entry.key, "codes")),
                                           entry.key, problem))
    for case in rules.cases:
        problem = _case_failure(rules, case)
        if problem:
            failures.append(RulesError(rules.case_places.get(case.name, place(CASES_FILE)),
                                       repr(case.name), problem))
    return failures


def check_cases(rules: Rules) -> None:
    """Run every worked example and case; :class:`CasesFailed` names each that fails."""
    failures = case_failures(rules)
    if failures:
        raise CasesFailed(failures)
