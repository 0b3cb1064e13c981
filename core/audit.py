"""Audit many service lines at once, as a QA reviewer checks an EHR export.

The path of one line, ``Audit.check(line)``:

1. ``_answer()`` reads the line's service (discipline, code, modifiers, minutes or quantity,
   level of care, delivery mode) into a :class:`Request` and asks :func:`calculate`, the
   same call the calculator window makes, so the audit and the window cannot disagree.
   Lines repeat heavily, so answers are memoised on those fields (not on the line); no
   ``Calculation`` is kept, only the few facts the audit needs (``_Answer``).
   The answer keeps the claim the rules accept (``calculate()``'s claim lines, or those
   of the code its reason says to use instead: ``Calculation.alternative``), said at the
   end of each finding, and the fix: what to void and what to report.
2. The units claimed and the amount are compared with that answer.
3. The day's checks, for the same member on the same day: the same-day rules of the
   rules in force (``same_day_findings``: exclusive codes, daily maximums, thresholds and
   lockouts by level of care, some only between one practitioner's lines; every line a
   rule concerns carries it, naming the others' rows, found from the lines ``prepare()``
   noted before any line was checked) and exact duplicates (``_Days``).

A line that cannot be read (unreadable minutes, an unknown discipline...) is an ``error``
line with the reason, and the run goes on. Results stream: ``Audit.run()`` yields each
line's result as it is checked, with a progress callback and a cancel check for a window.

Cost, measured on the 2-core development machine (bench/make_audit_file.py; figures and
what was tried in docs/performance.md): about 3 us a line whose service was answered
before and that no same-day rule concerns (most lines), about 10 us a line a same-day
rule concerns, about 35 us a distinct service (``_ask`` and ``calculate()``; what a line's
code, modifiers, discipline, level of care and mode say is worked out once: ``_shape``),
plus the first reading (about 1 us a line over reading it). Memory: at most ``_MEMO``
services (their answers kept once each: most services share one), the day keys, packed
at 12 bytes a key (one a line; see ``_Days``), and the lines same-day rules concern
(``_SameDay``, about 250 bytes each): 1,000,000 lines peak at about 157 MB, 100,000 at 65.
"""

from __future__ import annotations

import re
import sys
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from .engine import calculate
from .errors import InputError
from .model import Calculation, ClaimLine, Request
from .packs import Library
from .readers import date_of_service, whole_number
from .rules import Basis, CodeEntry, Rules, SameDayRule, Source
from .vocab import plural
from .wording import READING, cited

#: (kind, title) of every finding, in the order a report lists them
FINDING_KINDS: tuple[tuple[str, str], ...] = (
    ("units_differ", "Units claimed differ from the rules"),
    ("discipline_not_allowed", "Discipline not allowed for the code"),
    ("quantity", "Minutes or quantity below the minimum or outside the range"),
    ("setting_not_allowed", "Level of care not allowed for the code"),
    ("modifiers", "Modifiers wrong or missing"),
    ("amount_missing", "Amount required and missing"),
    ("unknown_code", "Code not in the rules in force"),
    ("same_day_conflict", "Same-day conflict"),
    ("daily_maximum", "More units in a day than the rules allow"),
    ("threshold_modifier", "Day's threshold modifier missing, or given below it"),
    ("same_day_not_checked", "Same-day rule not checked: no practitioner"),
    ("duplicate", "Duplicate line"),
    ("bad_input", "Line cannot be read"),
)
STATUSES = ("ok", "finding", "error")
#: what a problem of a Calculation (by the input it concerns) is as a finding
_PROBLEM_KIND = {"discipline": "discipline_not_allowed", "setting": "setting_not_allowed",
                 "mode": "modifiers", "quantity": "quantity"}
#: delivery modes as exports write them -> the core's ids
_MODES = {"in person": "in-person", "in-person": "in-person", "face to face": "in-person",
          "face-to-face": "in-person", "office": "in-person", "field": "in-person",
          "telehealth": "telehealth", "video": "telehealth", "telehealth video": "telehealth",
          "phone": "phone", "telephone": "phone", "audio": "phone", "audio only": "phone",
          "telephonic": "phone"}
_SPLIT = re.compile(r"[\s,;]+")
#: day keys held in dicts before they are packed into arrays (see _Days)
_PACK_AT = 250_000
#: distinct services answered from memory (about 300 bytes each); when full, it starts over
_MEMO = 1 << 17
#: a Line's fields that state the service asked about: discipline .. mode (the memo's key)
_SERVICE = slice(3, 11)
#: a Line's fields that make it the same line as another of the day: discipline .. amount
_SAME_LINE = slice(3, 12)
#: a named tuple made from a tuple of its fields, without its __new__'s Python call (a
#: million are made in a run)
_new = tuple.__new__


class Line(NamedTuple):
    """One service line as the file gives it: text, nothing interpreted yet.

    (Line, Finding and LineResult are named tuples: a million of them are made in a run, and
    a tuple is made several times faster than a frozen dataclass: 0.6 against 3.9 us.)
    """

    row: int  # the spreadsheet row number (header = 1)
    date: str
    member: str  # an opaque label, only used to group a member's day
    discipline: str
    code: str
    modifiers: str  # space- or comma-separated
    minutes: str
    quantity: str
    units: str  # units claimed
    setting: str = ""
    mode: str = ""
    amount: str | None = None  # None: the file has no amount column
    #: who gave the service (rendering provider, staff...), for same-day rules that hold
    #: only between one practitioner's services; None: the file has no such column
    practitioner: str | None = None
    cells: Sequence[str] = ()  # the whole row, for a report


assert Line._fields[_SERVICE] == ("discipline", "code", "modifiers", "minutes", "quantity",
                                  "units", "setting", "mode")
assert Line._fields[_SAME_LINE] == (*Line._fields[_SERVICE], "amount")


class Finding(NamedTuple):
    kind: str  # one of FINDING_KINDS
    text: str  # one sentence for the reviewer
    source: str | None  # the rule's citation in plain words; None when no rule is cited


class LineResult(NamedTuple):
    row: int
    status: str  # ok, finding or error
    expected_units: int | None  # the total of ``expected``; None when there is no answer
    findings: tuple[Finding, ...]
    line: Line
    #: the claim the rules accept for the line: calculate()'s claim lines for its service
    #: (or for the code the answer says to use instead); () when nothing is claimable;
    #: None for a line that cannot be read
    expected: tuple[ClaimLine, ...] | None = None
    claim: str = ""  # the expected claim in words, or "Nothing is claimable: <why>"
    fix: str = ""  # what a biller does: what to void and what to report ("" when ok)

    def to_json(self) -> dict:
        return {"row": self.row, "status": self.status, "expected_units": self.expected_units,
                "expected": expected_json(self.expected), "claim": self.claim,
                "fix": self.fix,
                "findings": [{"kind": f.kind, "text": f.text, "source": f.source}
                             for f in self.findings]}


def expected_json(expected: tuple[ClaimLine, ...] | None) -> list[dict] | None:
    """The expected claim as JSON: ``[{code, modifiers, units}]``, None with no answer."""
    if expected is None:
        return None
    return [{"code": ln.code, "modifiers": list(ln.modifiers), "units": ln.units}
            for ln in expected]


def claim_words(expected: Sequence[ClaimLine]) -> str:
    """"T1016 U8 GQ, 3 units" (lines joined by "and"); "" for none."""
    return " and ".join(f"{ln.label}, {plural(ln.units, 'unit')}" for ln in expected)


class Tally(NamedTuple):
    """Lines of one credential, code or month: how many, and how many had findings or
    could not be read (a row of the report's Summary sheet)."""

    label: str
    lines: int
    findings: int  # lines with findings
    errors: int  # lines that cannot be read


#: distinct (credential, code, modifiers, month, status) counted one by one (a real export
#: has a few thousand); past it, a line is counted under OTHER (with its month and status)
TALLY_KEYS = 50_000
OTHER = "(other: too many distinct to count one by one)"


@dataclass
class Summary:
    """The audit's counts, made as lines are checked (``count``): by status, by finding
    kind, and the lines by credential, code and month (``by_credential`` ...: the XLSX
    report's Summary sheet). The rules packs used, with the days they cover."""

    lines: int = 0
    statuses: Counter = field(default_factory=Counter)
    kinds: Counter = field(default_factory=Counter)
    rules: str = ""
    cancelled: bool = False
    #: the packs that answered, in the order first used: (title, version, days covered)
    packs: list[tuple[str, str, str]] = field(default_factory=list)
    #: lines by (credential, code, modifiers, month "YYYY-MM" or "", status) as the file
    #: writes them (at most TALLY_KEYS distinct)
    tally: dict[tuple[str, str, str, str, str], int] = field(default_factory=dict)

    def count(self, line: Line, status: str, findings: Sequence[Finding],
              day: str | None) -> None:
        """Count one line checked; ``day``: its date of service (ISO), None if unreadable."""
        self.lines += 1
        self.statuses[status] += 1
        for f in findings:
            self.kinds[f.kind] += 1
        key = (line.discipline, line.code, line.modifiers, day[:7] if day else "", status)
        tally = self.tally  # a dict, not a Counter: twice as fast a line
        n = tally.get(key)
        if n is not None:
            tally[key] = n + 1
        elif len(tally) < TALLY_KEYS:
            tally[key] = 1
        else:
            other = (OTHER, OTHER, "", key[3], status)
            tally[other] = tally.get(other, 0) + 1

    def to_json(self) -> dict:
        return {"lines": self.lines,
                "by_status": {s: self.statuses[s] for s in STATUSES},
                "by_kind": {k: n for k, n in sorted(self.kinds.items(), key=_kind_order) if n},
                # the report's Summary sheet: lines, lines with findings, unreadable lines
                **{name: [t._asdict() for t in tallies()] for name, tallies in (
                    ("by_credential", self.by_credential), ("by_code", self.by_code),
                    ("by_month", self.by_month))},
                "rules": self.rules, "cancelled": self.cancelled}

    def by_kind(self) -> list[tuple[str, str, int]]:
        """(kind, title, findings) of every kind found, in FINDING_KINDS' order."""
        titles = dict(FINDING_KINDS)
        return [(k, titles.get(k, k), n)
                for k, n in sorted(self.kinds.items(), key=_kind_order) if n]

    def by_credential(self) -> list[Tally]:
        """Lines by credential (discipline) as written, most findings and errors first."""
        return _problems_first(self._tallies(lambda d, c, m, mo: d.strip() or _NONE))

    def by_code(self) -> list[Tally]:
        """Lines by code and modifiers ("T1016 U8"), most findings and errors first."""
        return _problems_first(self._tallies(
            lambda d, c, m, mo: c if c == OTHER
            else " ".join((c.strip().upper(), *_mods(m))).strip() or _NONE))

    def by_month(self) -> list[Tally]:
        """Lines by month of service ("2025-03"), in date order; unreadable dates last."""
        return sorted(self._tallies(lambda d, c, m, mo: mo or _NO_DATE),
                      key=lambda t: (t.label == _NO_DATE, t.label))

    def _tallies(self, label: Callable[[str, str, str, str], str]) -> list[Tally]:
        counts: dict[str, list[int]] = {}
        for (discipline, code, mods, month, status), n in self.tally.items():
            name = label(discipline, code, mods, month)
            found = counts.setdefault(name, [0, 0, 0])
            found[0] += n
            if status != "ok":
                found[1 if status == "finding" else 2] += n
        return [Tally(name, *n) for name, n in counts.items()]


_NONE = "(none given)"
_NO_DATE = "(no readable date)"


def _problems_first(tallies: list[Tally]) -> list[Tally]:
    return sorted(tallies, key=lambda t: (-(t.findings + t.errors), -t.lines, t.label))


def _kind_order(item: tuple[str, int]) -> int:
    order = [k for k, _ in FINDING_KINDS]
    return order.index(item[0]) if item[0] in order else len(order)


# ---------------------------------------------------------------------------------------
# 1. The rules' answer for a line's service


class _Answer(NamedTuple):
    """What the rules say about a service, shared by every line that asks the same. (A
    named tuple: one is made for each distinct service, 100,000 of them in a large file.)"""

    expected: int | None  # the total units of ``lines``; None when the line cannot be read
    findings: tuple[Finding, ...] = ()
    lines: tuple[ClaimLine, ...] = ()  # the claim the rules accept (calculate()'s lines)
    claim: str = ""  # the claim in words, or "Nothing is claimable: <why>"
    fix: str = ""  # what to void and what to report, when the line is not that claim
    #: the sentence said at the end of each finding: "Report <claim>." or "Nothing is
    #: claimable." (a duplicate's findings go without it: it claims nothing more)
    said: str = ""
    error: str | None = None  # the line cannot be read
    key: str | None = None  # the code entry's key, e.g. "T2040 U6"
    #: the key is in same-day rules, or the level of care in a setting lockout's: the
    #: member's day must be checked
    same_day: bool = False
    setting: str | None = None  # the level of care asked about (its id)
    label: str = ""  # code and modifiers as claimed
    amount_required: bool = False
    source: str | None = None

    @property
    def status(self) -> str:
        """The status of a line that is the service and no more."""
        return "finding" if self.findings else "ok"


class _Bad(Exception):
    """A field of the line cannot be read; the message says which and why."""


def _whole(text: str, what: str, _read: dict[str, int] = {}) -> int:  # noqa: B006
    """A count of the line, read by the one strict reader (core.readers). The counts
    read are kept by their text (``_read``): a file's minutes and units are a few hundred
    texts, read once each."""
    found = _read.get(text)
    if found is None:
        try:
            found = whole_number(text)
        except InputError as exc:
            raise _Bad(f"unreadable {what} {exc}") from None
        if len(_read) > 10_000:
            _read.clear()
        _read[text] = found
    return found


def entry_named(rules: Rules, entries: Sequence[CodeEntry],
                 mods: tuple[str, ...]) -> CodeEntry | None:
    """The entry of ``entries`` (those of one code) a line's modifiers name
    (:meth:`core.rules.Rules.entry_named`, as the calculator reads a typed code, with the
    modifier a same-day threshold rule adds); None: the rules have no such combination (a
    ``modifiers`` finding). core.day uses it too."""
    found = rules.entry_named(entries[0].code, mods)
    return found[0] if found is not None else None


def _silent_on(rules: Rules, entries: Sequence[CodeEntry],
               mods: tuple[str, ...]) -> tuple[CodeEntry | None, tuple[str, ...]]:
    """For a code of a program whose sources give no modifier (its ``modifiers_not_given``):
    the entry the code names with the modifiers the sources are silent on left out (the
    entry whose own modifiers the line gives, the most of them), and those modifiers.
    (None, ()) for any other program: there a modifier its codes do not list is wrong."""
    if rules.program(entries[0].program).modifiers_not_given is None:
        return None, ()
    given = [e for e in entries if set(e.modifiers) <= set(mods)]
    if not given:
        return None, ()
    entry = max(given, key=lambda e: len(e.modifiers))
    return entry, tuple(m for m in mods if m not in entry.modifiers)


def _setting(rules: Rules, text: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    found = rules.find_setting(text) or rules.find_setting(re.sub(r"(?i)^asam\s*", "", text))
    if found is None:
        raise _Bad(f"unknown level of care {text!r}; known: "
                   f"{', '.join(s.id for s in rules.settings)}")
    return found.id


def _mode(text: str) -> str | None:
    text = " ".join(text.casefold().split())
    if not text:
        return None
    if text not in _MODES:
        raise _Bad(f"unknown delivery mode {text!r}; known: in person, telehealth, phone")
    return _MODES[text]


def _remember(memo: dict[tuple, _Answer], service: tuple[str, ...],
              answer: _Answer) -> _Answer:
    """Keep an answer for the lines that ask the same. The key's texts are interned: the
    same few codes, disciplines and minute counts then take memory once, not once a key."""
    if len(memo) >= _MEMO:
        memo.clear()
    memo[tuple(map(sys.intern, service))] = answer
    return answer


def _answer(rules: Rules, discipline: str, code: str, modifiers: str, minutes: str,
            quantity: str, units: str, setting: str, mode: str,
            claims: dict[str, tuple[ClaimLine, ...]] | None = None) -> _Answer:
    """The rules' answer for one service as a line states it (memoised by ``Audit``).
    ``claims``: claim lines already made, by their words, to share (one copy for all)."""
    try:
        return _ask(rules, discipline, code, modifiers, minutes, quantity, units, setting, mode,
                    {} if claims is None else claims)
    except (_Bad, InputError) as exc:
        return _Answer(expected=None, error=str(exc))
    except ValueError as exc:  # a Request the model refuses (pydantic's ValidationError)
        return _Answer(expected=None, error=f"the line cannot be asked: {exc}".splitlines()[0])


class _Shape(NamedTuple):
    """What a line's code, modifiers, discipline, level of care and delivery mode say,
    whatever its minutes and units: the part of ``_ask`` that lines of the same five texts
    share, worked out once (``_shape``, kept in ``rules.derived``). Lines differ mostly by their minutes, and a file
    of a million lines has about 100,000 distinct services but a few thousand shapes. Each
    way the five texts cannot be read is kept, not raised, so that ``_ask`` says the same
    first problem as when it read them one by one."""

    code: str  # upper case; "" when the line gives none
    given: str  # code and modifiers as the line gives them ("T1016 U8 GQ")
    #: why nothing is claimable whatever the minutes (an unknown code, no such code and
    #: modifier combination): ``_nothing``'s why and finding
    nothing: tuple[str, Finding] | None = None
    discipline_error: str | None = None  # an unknown discipline
    entry: CodeEntry | None = None
    discipline: str | None = None  # as given, stripped; None when blank
    modifiers: tuple[str, ...] = ()  # those asked about (the entry's when some are unchecked)
    #: modifiers the sources are silent on, left out: said as a finding
    unchecked: Finding | None = None
    basis: Basis | None = None
    #: an unknown delivery mode or level of care (said after the minutes' problems)
    late_error: str | None = None
    mode: str | None = None  # ids
    setting: str | None = None
    same_day: bool = False  # the member's day must be checked (see _Answer)


def _shape(rules: Rules, discipline: str, code: str, modifiers: str, setting: str,
           mode: str) -> _Shape:
    """The :class:`_Shape` of a line's five texts, read as ``_ask`` reads them."""
    code = code.strip().upper()
    if not code:
        return _Shape(code, "")
    entries = rules.entries_for_code(code)
    m = rules.manifest
    mods = _mods(modifiers)
    given = " ".join((code, *mods))
    if not entries:
        why = f"{code} is not a code of the rules in force."
        return _Shape(code, given, (why, Finding(
            "unknown_code", why,
            f"{m.title}, version {m.version}, effective {m.effective.isoformat()}")))
    entry = entry_named(rules, entries, mods)
    if entry is not None and len(mods) > len(entry.modifiers):  # a threshold's GD is the
        day = rules.day_modifiers(entry.key)                   # day's, not the service's
        mods = tuple(m for m in mods if m not in day)
    unchecked: tuple[str, ...] = ()  # modifiers the sources are silent on
    if entry is None:
        entry, unchecked = _silent_on(rules, entries, mods)
    if entry is None:
        known = "; ".join(e.key for e in entries)
        why = (f"{' '.join((code, *mods))} is not a code and modifier combination of the "
               f"rules in force; the rules have: {known}.")
        return _Shape(code, given, (why, Finding(
            "modifiers", why, rules.cite(rules.program(entries[0].program).source))))
    d = discipline.strip()
    if d and rules.find_discipline(d) is None:
        return _Shape(code, given, discipline_error=f"unknown discipline {d!r}")
    said = None
    if unchecked:
        program = rules.program(entry.program)
        said = _reading(Finding(
            "modifiers", f"{' '.join(unchecked)} not checked: the sources give no "
                         f"{program.short} modifier; the line is checked as {entry.key}.",
            rules.cite(program.modifiers_not_given)))  # type: ignore[arg-type]
    late_error = mode_id = setting_id = None
    try:
        mode_id = _mode(mode)
        setting_id = _setting(rules, setting)
    except _Bad as exc:
        late_error = str(exc)
    return _Shape(code, given, None, None, entry, d or None,
                  entry.modifiers if unchecked else mods, said,
                  rules.basis(entry.unit.basis), late_error, mode_id, setting_id,
                  bool(rules.same_day_rules_for(entry.key))
                  or setting_id in rules.lockout_settings)


def _ask(rules: Rules, discipline: str, code: str, modifiers: str, minutes: str,
         quantity: str, units: str, setting: str, mode: str,
         claims: dict[str, tuple[ClaimLine, ...]]) -> _Answer:
    kept = ("audit shape", discipline, code, modifiers, setting, mode)
    shape = rules.derived.get(kept)
    if shape is None:
        shape = rules.derived[kept] = _shape(rules, discipline, code, modifiers, setting,
                                             mode)
    if not shape.code:
        raise _Bad("no procedure code")
    claimed = _whole(units, "units") if units.strip() else None
    if claimed is None:
        raise _Bad("no units claimed")
    given = f"{shape.given}, {plural(claimed, 'unit')}"
    if shape.nothing is not None:
        return _nothing(given, claimed, *shape.nothing)
    if shape.discipline_error is not None:
        raise _Bad(shape.discipline_error)
    entry, basis, code = shape.entry, shape.basis, shape.code
    assert entry is not None and basis is not None
    kind = basis.quantity
    read_as_one = ""
    if kind == "minutes":
        if not minutes.strip():
            raise _Bad(f"no minutes for {entry.key}, which is counted {basis.name}")
        amount = _whole(minutes, "minutes")
    elif quantity.strip():
        amount = _whole(quantity, basis.items)
    elif minutes.strip():  # a service of so many minutes is one contact, day, meal...
        amount = 1
        read_as_one = (f" (the line gives {minutes.strip()} minutes and no number of "
                       f"{basis.items}; this app reads it as one {basis.item})")
    else:  # a day, month, contact... without minutes: the units claimed are the count
        amount = claimed
    limit = rules.quantity(kind)
    if amount > limit.maximum:
        why = (f"{amount} {limit.plural} is more than the {limit.maximum} {limit.plural} "
               f"one claim can hold (a limit this app sets, not a rule of the sources).")
        return _nothing(given, claimed, why,
                        Finding("quantity", why, _app_limit(limit.source)))
    if shape.late_error is not None:
        raise _Bad(shape.late_error)
    # any date the pack covers gives the same answer (the line's own date chose the pack),
    # so the memo can serve every day: its first day stands for them all
    request = Request(discipline=shape.discipline, code=code, modifiers=shape.modifiers,
                      quantity=amount, quantity_kind=kind, mode=shape.mode,
                      setting=shape.setting, date_of_service=rules.manifest.effective_from)
    calc = calculate(rules, request)
    if calc.status == "incomplete":
        raise _Bad(calc.prompt or "the line does not say enough to answer")
    if request.setting is None and calc.problems \
            and all(p.field == "setting" for p in calc.problems):
        # only the level of care the line does not give keeps it from being claimable:
        # the export does not say where it was given, so it cannot be checked (not voided)
        raise _Bad(f"no level of care: {calc.problems[0].text}")
    source = sys.intern(calc.source) if calc.source else None  # one copy for every line
    # each problem cites the rule it rests on (this app's reading, where it is one)
    findings = [_reading(Finding(_PROBLEM_KIND.get(p.field, p.field), p.text,
                                 sys.intern(p.source) if p.source else source))
                for p in calc.problems]
    if shape.unchecked is not None:
        findings.insert(0, shape.unchecked)
    claim = calc
    if not calc.claimable and calc.alternative:  # "Use T1016 U8 GQ instead": its claim
        alt_code, *alt_mods = calc.alternative.split()
        claim = calculate(rules, request.model_copy(
            update={"code": alt_code, "modifiers": tuple(alt_mods)}))
    expected = claim.lines if claim.claimable else ()
    units = sum(ln.units for ln in expected)
    if calc.claimable:
        other = _other_claim(calc, code, request.modifiers)  # those not checked left out
        if other is not None:
            findings.append(_reading(Finding("modifiers", other, sys.intern(
                calc.modifier_source) if calc.modifier_source else source)))
    if calc.claimable and claimed != units:
        # the answer's readings where the sources err, are silent or disagree, as the
        # calculator's notes give them (errata that apply to this service)
        readings = "".join(f" Read with this app's reading: {cited(n.text, n.source)}"
                           for n in calc.notes if n.kind == "errata")
        findings.append(Finding(
            "units_differ", f"{plural(claimed, 'unit')} claimed; the rules give "
                            f"{plural(units, 'unit')} of {calc.label} for "
                            f"{calc.quantity_label}{read_as_one}.{readings}", source))
    if expected:
        words = claim_words(expected)
        expected = claims.setdefault(words, expected)
        said, fix = f"Report {words}.", f"Void {given}; report {words}."
        if len(expected) == 1 and (expected[0].code, sorted(expected[0].modifiers),
                                   expected[0].units) == (code, sorted(request.modifiers),
                                                          claimed):
            fix = ""  # the line is the claim (a modifier not checked is said, not voided)
    else:
        words = f"Nothing is claimable: {claim.reason or calc.reason}"
        said, fix = "Nothing is claimable.", _void(given, claimed)
    return _Answer(expected=units, findings=_said(findings, said), said=sys.intern(said),
                   lines=expected, claim=sys.intern(words),
                   fix=sys.intern(fix) if findings else "",
                   key=entry.key, same_day=shape.same_day, setting=request.setting,
                   label=sys.intern(calc.label or entry.key),
                   amount_required=calc.amount_required,
                   source=source)


def _reading(finding: Finding) -> Finding:
    """A finding that rests on this app's reading of the sources (where they are silent or
    disagree) says so in its text, as its citation does."""
    if finding.source and finding.source.startswith(READING) \
            and READING.casefold() not in finding.text.casefold():
        return finding._replace(text=f"{finding.text} (This rests on this app's reading of "
                                     f"the sources, not on their words.)")
    return finding


def _app_limit(source: Source) -> str:
    """The citation of a limit this app sets on one claim (1440 minutes, 366 days...):
    the app's, not the sources', whatever its note of why."""
    return sys.intern("A limit this app sets, not a rule of the sources: "
                      + source.section.removeprefix("input bound: "))


def _mods(modifiers: str) -> tuple[str, ...]:
    return tuple(x.upper() for x in _SPLIT.split(modifiers.strip()) if x)


def _said(findings: Iterable[Finding], claim: str) -> tuple[Finding, ...]:
    """Each finding with the claim the rules accept said at its end."""
    return tuple(f._replace(text=f"{f.text} {claim}") for f in findings)


def _nothing(given: str, claimed: int, why: str, finding: Finding) -> _Answer:
    """The answer for a line of which nothing is claimable, whatever its service."""
    return _Answer(expected=0, findings=_said((finding,), "Nothing is claimable."),
                   said="Nothing is claimable.",
                   claim=f"Nothing is claimable: {why}",
                   fix=_void(given, claimed))


def _void(given: str, claimed: int) -> str:
    """The fix of a line of which nothing is claimable: void it, unless it claims nothing."""
    return (f"Void {given}: nothing is claimable." if claimed
            else "Report no units: nothing is claimable.")


def _other_claim(calc: Calculation, code: str, mods: tuple[str, ...]) -> str | None:
    """What is wrong with the line's code and modifiers when the calculator's claim for
    the same service is another (a Community Supports service given by telehealth or phone
    without the GQ the claim adds); None when they match. (_ask adds the claim the rules
    accept to it, as to every finding.)"""
    if len(calc.lines) == 1 and calc.lines[0].code == code and (
            calc.lines[0].modifiers == mods or sorted(calc.lines[0].modifiers) == sorted(mods)):
        return None
    given = " ".join((code, *mods))
    claims = " and ".join(ln.label for ln in calc.lines)
    wanted = {m for ln in calc.lines for m in ln.modifiers}
    missing = [m for ln in calc.lines for m in ln.modifiers if m not in mods]
    extra = [m for m in mods if m not in wanted]
    what = "; ".join(filter(None, (
        f"{' '.join(missing)} missing" if missing else "",
        f"{' '.join(extra)} not taken" if extra else ""))) or "another code"
    mode = f" given as {calc.mode_label.lower()}" if calc.mode_label else ""
    return f"{what}: the rules claim {claims} for {given}{mode}."  # the claim is added


# ---------------------------------------------------------------------------------------
# 3. The day's checks


class DayEntry(NamedTuple):
    """What the same-day rules read of one line of a member's day."""

    row: int
    key: str | None  # its code entry, e.g. "T2040 U6"; None: a code no rule names
    units: int  # units claimed
    setting: str | None  # its level of care (an id), when it states one
    #: who gave it, normalised; "" when the line does not say, None when the file has no
    #: practitioner column
    practitioner: str | None
    modifiers: tuple[str, ...] = ()


class DayFinding(NamedTuple):
    """A same-day rule broken by a line: the finding, what a biller does about it
    (``fix``), and what it does to the line's claim: ``nothing`` (locked out: nothing is
    claimable) or ``modifier`` (the modifier every line of the rule needs)."""

    finding: Finding
    fix: str = ""
    nothing: bool = False
    modifier: str | None = None


def same_day_findings(rules: Rules, me: DayEntry, day: Sequence[DayEntry],
                      claim: str = "") -> list[DayFinding]:
    """The same-day rules line ``me`` breaks among the lines ``day`` of its member's day
    (``me`` among them or not). Every line a rule concerns carries the finding, each
    naming the others' rows: the source forbids the combination, not the later line.
    ``claim``: the line's claim in words, said in the findings where the choice is between
    lines ("Report T2040 U6, 2 units, or row 3, not both."). The one place that knows what
    the rules' same-day data means; the day sheet calls it too (its lines are one
    practitioner's)."""
    others = [e for e in day if e.row != me.row]
    out: list[DayFinding] = []
    rules_of = rules.derived.get(("same-day rules of", me.key, me.setting))
    if rules_of is None:  # the same few codes and levels of care: worked out once each
        rules_of = rules.derived[("same-day rules of", me.key, me.setting)] = (
            *(rules.same_day_rules_for(me.key) if me.key else ()),
            *(r for r in rules.same_day_rules if r.kind == "setting-lockout"
              and me.setting in r.settings and not (me.key and r.names(me.key))))
    for rule in rules_of:
        if rule.same_practitioner and not me.practitioner:
            # what the line breaks by itself (locked out in its own level of care, over a
            # maximum alone) is one practitioner's: said as it is
            alone = _broken(rules, rule, me, (), claim)
            if alone:
                out.extend(alone)
                continue
            # who gave the lines is not known: what the rule would say, said as not checked
            why = ("the file has no practitioner column (rendering provider, staff, "
                   "clinician)" if me.practitioner is None
                   else "this line gives no practitioner")
            for found in _broken(rules, rule, me, others, claim):
                out.append(DayFinding(Finding(
                    "same_day_not_checked",
                    f"Not checked, since this rule applies only when one practitioner gives "
                    f"the services and {why}: {found.finding.text}", found.finding.source),
                    f"If one practitioner gave them: {found.fix}" if found.fix else ""))
            continue
        if rule.same_practitioner:
            peers = [e for e in others if e.practitioner == me.practitioner]
        else:
            peers = others
        out.extend(_broken(rules, rule, me, peers, claim))
    return out


def _rows(rows: Sequence[int]) -> str:
    """"row 3", "rows 3 and 4", "rows 2, 3 and 4"."""
    rows = sorted(rows)
    return (f"row {rows[0]}" if len(rows) == 1
            else f"rows {', '.join(map(str, rows[:-1]))} and {rows[-1]}")


def _broken(rules: Rules, rule: SameDayRule, me: DayEntry, peers: Sequence[DayEntry],
            claim: str) -> list[DayFinding]:
    """The findings of line ``me`` under one rule, among the other lines ``peers``."""
    cite = rules.cite(rule.source)
    if rule.kind == "exclusive":
        if not (me.key and rule.locks_out(me.key)):
            return []
        by_key: dict[str, list[int]] = {}
        for e in peers:  # a line that claims no units is in no conflict
            if e.key and e.units and e.key != me.key and rule.locks_out(e.key):
                by_key.setdefault(e.key, []).append(e.row)
        out = []
        for other, rows in by_key.items():
            where = _rows(rows)
            out.append(DayFinding(
                Finding("same_day_conflict",
                        f"{me.key} and {other} ({where}) for the same member on the same day: "
                        f"{rule.text}" + (f" Report {claim}, or {where}, not both."
                                          if claim else ""), cite),
                f"Keep this line or {where}, as the plan chooses; void the other."))
        return out
    if rule.kind == "setting-lockout":
        settings = rule.settings or ()
        out = []
        if me.key and rule.locks_out(me.key):
            if me.setting in settings:
                out.append(DayFinding(Finding(
                    "same_day_conflict",
                    f"{me.key} is locked out in level of care {me.setting}: {rule.text}",
                    cite), f"Void this line: {me.key} is locked out in {me.setting}.", True))
            else:
                by: dict[str, list[int]] = {}
                for e in peers:
                    if e.setting in settings and not (e.key and rule.names(e.key,
                                                                             rule.overridable)):
                        by.setdefault(e.setting, []).append(e.row)
                for setting, rows in by.items():
                    out.append(DayFinding(Finding(
                        "same_day_conflict",
                        f"{me.key} is locked out: the same member is in level of care "
                        f"{setting} on the same day ({_rows(rows)}): {rule.text}", cite),
                        f"Void this line: {me.key} is locked out on a day in {setting} "
                        f"({_rows(rows)}).", True))
        if me.setting in settings and not (me.key and rule.names(me.key, rule.overridable)):
            locked = [e for e in peers if e.key and rule.locks_out(e.key)
                      and e.setting not in settings]
            if locked:
                where = _rows([e.row for e in locked])
                keys = ", ".join(dict.fromkeys(e.key for e in locked if e.key))
                # a line locked out itself (above) is void too: it is not kept
                void_me = bool(out)
                out.append(DayFinding(Finding(
                    "same_day_conflict",
                    f"Level of care {me.setting} locks out {keys} ({where}) for the same "
                    f"member on the same day: {rule.text}", cite),
                    f"Void {where} too (locked out)." if void_me
                    else f"Keep this line; void {where} (locked out)."))
        return out
    if not (me.key and rule.names(me.key)):
        return []
    lines = [me, *(e for e in peers if e.key and rule.names(e.key))]
    total = sum(e.units for e in lines)
    codes = " and ".join(rule.codes)
    where = ("this line and " + _rows([e.row for e in lines[1:]])) if len(lines) > 1 \
        else "this line"
    if rule.kind == "daily-maximum":
        if rule.units is None or total <= rule.units:
            return []
        return [DayFinding(Finding(
            "daily_maximum",
            f"{plural(total, 'unit')} of {codes} for the same member on the same day, as the "
            f"rules give each line ({where}); at most {plural(rule.units, 'unit')} a day: "
            f"{rule.text}", cite),
            f"Void {plural(total - rule.units, 'unit')} of {codes} "
            f"{'among ' + where if len(lines) > 1 else 'from this line'}, to bring this "
            f"member's day to at most {plural(rule.units, 'unit')} in all.")]
    # threshold
    if rule.units is None or rule.modifier is None:
        return []
    if rule.modifier in me.modifiers and total < rule.units:
        # the modifier says the day reached the threshold: it did not
        return [DayFinding(Finding(
            "threshold_modifier",
            f"This line gives modifier {rule.modifier}, which is for a day whose units of "
            f"{codes} reach {plural(rule.units, 'unit')}; this member's day has "
            f"{plural(total, 'unit')} of them, as the rules give each line ({where}): "
            f"{rule.text}", cite),
            f"Remove modifier {rule.modifier} from this line: the day does not reach "
            f"{plural(rule.units, 'unit')}.")]
    if total < rule.units or rule.modifier in me.modifiers:
        return []
    return [DayFinding(Finding(
        "threshold_modifier",
        f"{plural(total, 'unit')} of {codes} for the same member on the same day, as the "
        f"rules give each line ({where}), reach {plural(rule.units, 'unit')}: every line of "
        f"them needs modifier {rule.modifier}, and this line lacks it: {rule.text}", cite),
        f"Add modifier {rule.modifier} to this line.", modifier=rule.modifier)]


class _Days:
    """Keys of the lines read so far, by date: which row first had each.

    The keys are 64-bit fingerprints (Python's hash of the key's fields). New keys go into
    a dict a date (about 100 bytes a key); they are packed into two sorted arrays a date
    (12 bytes a key) when a later date than any before comes, and whenever more than
    ``_PACK_AT`` keys are in dicts. A file in date order, as exports come, thus holds one
    day in dicts and 12 bytes a key for the rest; a file in any other order at most
    ``_PACK_AT`` keys in dicts, and pays for merging the arrays again at each packing.
    """

    def __init__(self) -> None:
        self._open: dict[str, dict[int, int]] = {}
        self._open_keys = 0
        self._packed: dict[str, tuple[array, array]] = {}
        self._latest = ""

    def first(self, day: str, key: int, row: int) -> int | None:
        """The row that first had ``key`` on ``day``; records ``row`` for it when none."""
        keys = self._open.get(day)
        if keys is not None:  # a day of the lines just read: mostly, the only look-up
            found = keys.get(key)
            if found is not None:
                return found
        elif day > self._latest:
            self._pack()
            self._latest = day
        if day in self._packed:
            found = self.seen(day, key)
            if found is not None:
                return found
        if keys is None:
            keys = self._open[day] = {}
        keys[key] = row
        self._open_keys += 1
        if self._open_keys > _PACK_AT:
            self._pack()
        return None

    def seen(self, day: str, key: int) -> int | None:
        """The row that first had ``key`` on ``day``, without recording anything."""
        keys = self._open.get(day)
        found = keys.get(key) if keys is not None else None
        if found is None:
            packed = self._packed.get(day)
            if packed is not None:
                fps, rows = packed
                i = bisect_left(fps, key)
                if i < len(fps) and fps[i] == key:
                    found = rows[i]
        return found

    def _pack(self) -> None:
        for day, keys in self._open.items():
            if not keys:
                continue
            items = sorted(keys.items())
            if day in self._packed:
                items = sorted([*zip(*self._packed[day]), *items])
            self._packed[day] = (array("q", [k for k, _ in items]),
                                 array("l", [r for _, r in items]))
        self._open.clear()
        self._open_keys = 0


class _SameDay:
    """The lines same-day rules concern (a code a rule names, or a level of care a setting
    lockout names), by member and day: what each rule reads of them (:class:`DayEntry`,
    about 200 bytes a line). Keys are 64-bit fingerprints, as ``_Days``'s."""

    def __init__(self) -> None:
        self._lines: dict[int, list[DayEntry]] = {}

    def add(self, day: str, member: str, entry: DayEntry) -> None:
        self._lines.setdefault(hash((day, member)), []).append(entry)

    def lines(self, day: str, member: str) -> list[DayEntry]:
        return self._lines.get(hash((day, member)), [])


def _practitioner(text: str | None) -> str | None:
    """Who gave a line, as the same-day rules compare it (case and spacing aside: "Dr. A
    Smith" is "dr.a smith"); None when the file has no practitioner column."""
    return None if text is None else sys.intern("".join(text.casefold().split()))


# ---------------------------------------------------------------------------------------
# Exact duplicates (the day sheet finds them by the same two functions)


def same_line(line: Line) -> tuple[str | None, ...]:
    """What makes two lines of one member's day the same line, a claim made twice:
    discipline, code, modifiers, minutes, quantity, units, level of care, mode and amount,
    as written, and the practitioner, when the file names one (as the same-day rules
    compare it): two practitioners' services are two services, not one claimed twice."""
    return (*line[_SAME_LINE], _practitioner(line.practitioner))


def _duplicate_key(member: str, line: Line) -> int:
    """A 64-bit fingerprint of a line's member and :func:`same_line` (its day aside), as
    the audit keeps it to find duplicates (``_Days``)."""
    return hash((member, line[_SAME_LINE], _practitioner(line.practitioner)))


def duplicate(first: int) -> Finding:
    """The finding of a line that is :func:`same_line` as row ``first`` of the day."""
    return Finding("duplicate", f"The same line as row {first}: same member, day, discipline, "
                                f"code, modifiers, minutes or quantity, units.", None)


# ---------------------------------------------------------------------------------------
# The run


class Audit:
    """Checks service lines, keeping only what the day's checks need. ``check(line)`` for
    one line; ``run(lines)`` to stream many; ``summary`` counts.

    ``library``: the rules packs (:class:`core.packs.Library`); each line is answered by the
    pack in force on its date of service ("no pack covers the date" makes it an error
    line). ``Audit(rules)`` is ``Audit(Library.of(rules))``: one loaded pack.
    """

    #: how many times ``run`` reads its lines from the top: first to note the lines of
    #: same-day rules (``prepare``), then to check each (a progress bar's parts)
    READINGS = 2

    @classmethod
    def run_share(cls, readings: int, share: float) -> float:
        """How much of a run is done (0..1) while its lines are read for the
        ``readings``-th time, ``share`` of the way through: each reading an equal part
        (what the CLI's progress line and the window's progress bar say)."""
        return min(1.0, max(0.0, (readings - 1 + share) / cls.READINGS))

    def __init__(self, library: Library | Rules) -> None:
        self._library = library if isinstance(library, Library) else Library.of(library)
        self.summary = Summary()
        self._memos: dict[int, dict[tuple, _Answer]] = {}  # id(rules) -> its answers
        self._on_day: dict[str, tuple[Rules, dict[tuple, _Answer]] | str] = {}
        self._days = _Days()
        self._dates: dict[str, str | None] = {}
        #: a date as the file writes it -> _in_force's answer
        self._by_date: dict[str, tuple[str, Rules, dict[tuple, _Answer]] | str] = {}
        #: the lines same-day rules concern, by day and member; filled by prepare() for
        #: the whole file, else by check() as lines come
        self._same_day = _SameDay()
        self._prepared = False
        #: claim lines by their words ("H0034, 7 units"): one copy for all the answers
        self._claims: dict[str, tuple[ClaimLine, ...]] = {}
        #: the answers made, one copy of each (at most _MEMO, as claims)
        self._answers: dict[_Answer, _Answer] = {}

    def _answered(self, line: Line) -> tuple[str, str, Rules, _Answer] | str:
        """The line's day (ISO), member, rules in force and answer; or why it has none."""
        in_force = self._by_date.get(line.date) or self._in_force(line.date)
        if in_force.__class__ is str:
            return in_force  # type: ignore[return-value]
        day, rules, memo = in_force
        member = line.member.strip()
        if not member:
            return "no client or member"
        service = line[_SERVICE]
        answer = memo.get(service)
        if answer is None:
            if len(self._claims) > _MEMO:
                self._claims.clear()
            if len(self._answers) > _MEMO:
                self._answers.clear()
            answer = _answer(rules, *service, claims=self._claims)
            # services that differ by their minutes mostly have the same answer (H0034 by
            # an RN, 38 to 52 minutes: 3 units, nothing found): one copy of it for all
            answer = _remember(memo, service, self._answers.setdefault(answer, answer))
        if answer.error is not None:
            return answer.error
        return day, member, rules, answer

    def _in_force(self, text: str) -> tuple[str, Rules, dict[tuple, _Answer]] | str:
        """The day a date of service names (ISO), the rules in force on it and their
        memoised answers; or why a line of that date has none. Memoised by the date as
        the file writes it: one look-up a line."""
        found = self._by_date.get(text)
        if found is None:
            day = self._date(text)
            if day is None:
                found = (f"unreadable date of service {text!r}" if text.strip()
                         else "no date of service")
            else:
                rules = self._rules_on(day)
                found = rules if isinstance(rules, str) else (day, *rules)
            if len(self._by_date) > 100_000:
                self._by_date.clear()
            self._by_date[text] = found
        return found

    def prepare(self, lines: Iterable[Line],
                cancelled: Callable[[], bool] | None = None, every: int = 2048) -> bool:
        """Note each line the same-day rules concern (:meth:`_day_entry`), before any line
        is checked, so that every line of a conflict is a finding (the earlier one too).
        ``run()`` calls it; ``check()`` alone knows only the lines checked before.
        Only the date, member, code, modifiers, units, level of care and practitioner are
        read here, and the units the rules give only for the lines a same-day rule
        concerns (answers are memoised: ``check()`` asks none of them again). A line the
        same as an earlier one of its member's day (a duplicate, which claims nothing
        more) is not noted. False when ``cancelled()`` said True."""
        noted: set[int] = set()  # the noted lines' member, day and same_line()
        for n, line in enumerate(lines, start=1):
            self._note(line, noted)
            if cancelled is not None and not n % every and cancelled():
                return False
        self._prepared = True
        return True

    def _note(self, line: Line, noted: set[int]) -> None:
        """Note ``line`` for the same-day rules when one concerns it (``prepare``), unless
        it is the same as a line of its member's day noted before (in ``noted``)."""
        in_force = self._by_date.get(line.date) or self._in_force(line.date)
        if in_force.__class__ is not tuple:
            return
        day, rules, _memo = in_force
        # most lines concern no same-day rule: their code says so, in one look-up
        concerned = rules.derived.get(("same-day code", line.code))
        if concerned is None:
            concerned = rules.derived[("same-day code", line.code)] = self._named(
                rules, line.code)
        if concerned and self._day_concern(rules, line):
            member = line.member.strip()
            entry = self._day_entry(rules, line) if member else None
            if entry is not None:
                same = hash((day, member, same_line(line)))
                if same not in noted:
                    noted.add(same)
                    self._same_day.add(day, member, entry)

    @staticmethod
    def _named(rules: Rules, code: str) -> bool:
        """Whether a same-day rule of ``rules`` may concern a line of code ``code`` (as
        written): a rule names one of its entries, or a setting lockout may lock it out
        by the line's level of care (``_day_concern`` then says which)."""
        entries = rules.entries_for_code(code.strip().upper())
        return bool(rules.lockout_settings) or any(
            rules.same_day_rules_about(e.key) for e in entries)

    def _day_entry(self, rules: Rules, line: Line,
                   answer: _Answer | None = None) -> DayEntry | None:
        """What the same-day rules of ``rules`` read of ``line``, when they concern it (its
        code is named by one, or its level of care is one a setting lockout names); else
        None. Its units are those the rules give it (its expected claim's: a day's rules
        hold between the claims the audit expects, as the day sheet's between the
        calculator's); a line that cannot be read, the units it claims. ``answer``: the
        line's, when known."""
        concern = self._day_concern(rules, line)
        if concern is None:
            return None
        key, mods, setting = concern
        if answer is None:
            found = self._answered(line)
            answer = None if isinstance(found, str) else found[3]
        if answer is not None:
            units = answer.expected or 0
        else:
            try:
                units = whole_number(line.units) if line.units.strip() else 0
            except InputError:
                units = 0  # the line's own check says so
        return DayEntry(line.row, key, units, setting, _practitioner(line.practitioner), mods)

    def _day_concern(self, rules: Rules, line: Line,
                     ) -> tuple[str | None, tuple[str, ...], str | None] | None:
        """What the same-day rules of ``rules`` read of a line's code, modifiers and level
        of care when they concern it: the code entry they name, as ``_ask`` finds it (None
        when no rule names it), the modifiers, the level of care when a setting lockout
        names it; None when no rule concerns the line. Kept in ``rules.derived`` by those
        texts: they repeat."""
        kept = ("same-day concern", line.code, line.modifiers, line.setting)
        found = rules.derived.get(kept, kept)
        if found is not kept:
            return found  # type: ignore[return-value]
        key = None
        code = line.code.strip().upper()
        entries = rules.entries_for_code(code) if code else ()
        mods = _mods(line.modifiers)
        if entries:
            entry = entry_named(rules, entries, mods) or _silent_on(rules, entries, mods)[0]
            if entry is not None and rules.same_day_rules_about(entry.key):
                key = entry.key
        setting = None
        if rules.lockout_settings:
            try:
                setting = _setting(rules, line.setting)
            except _Bad:
                pass
            if setting not in rules.lockout_settings:
                setting = None
        found = rules.derived[kept] = (None if key is None and setting is None
                                       else (key, mods, setting))
        return found

    def check(self, line: Line) -> LineResult:
        # most lines: a service answered before, no same-day rule to check, not a
        # duplicate; the answer for the service is the line's, made once for all
        in_force = self._by_date.get(line.date) or self._in_force(line.date)
        member = line.member.strip()
        if in_force.__class__ is tuple and member:
            answer = in_force[2].get(line[_SERVICE])
            if answer is not None and answer.error is None and not answer.same_day \
                    and not (answer.amount_required and not (line.amount or "").strip()):
                day = in_force[0]
                if self._days.first(day, _duplicate_key(member, line), line.row) is None:
                    self.summary.count(line, answer.status, answer.findings, day)
                    return _new(LineResult, (line.row, answer.status, answer.expected,
                                             answer.findings, line, answer.lines,
                                             answer.claim, answer.fix))
        return self._check(line)

    def _check(self, line: Line) -> LineResult:
        """``check()`` for any line: a new service, a same-day rule, a duplicate, an
        amount missing, a line that cannot be read."""
        found = self._answered(line)
        if found.__class__ is str:
            return self._result(line, "error", None, (Finding("bad_input", found, None),),
                                "", "Correct the line and audit it again.")
        day, member, rules, answer = found
        same = self._days.first(day, _duplicate_key(member, line), line.row)
        findings, fix = answer.findings, [answer.fix] if answer.fix else []
        expected, claim = answer.lines, answer.claim
        if same is not None:  # nothing more to claim: the service's claim is said no more
            findings, expected = tuple(f._replace(text=f.text.removesuffix(f" {answer.said}"))
                                       for f in answer.findings), ()
            claim = f"Nothing is claimable: row {same} already claims it."
            fix = [f"Void this line: row {same} already claims it."]
        if answer.amount_required and not (line.amount or "").strip():
            findings += (Finding("amount_missing", (
                f"{answer.label} requires the amount to be reported on the encounter; "
                + ("the amount is blank." if line.amount is not None
                   else "this file has no amount column.")
                + (f" Report {claim}, with the amount." if expected else "")),
                answer.source),)
            if expected:
                fix.append("Report the amount on the encounter.")
        units = 0 if same is not None else answer.expected
        # a duplicate claims nothing: the same-day rules are its first row's
        if answer.same_day and same is None:
            me = self._day_entry(rules, line, answer)
            if me is not None and not self._prepared:
                self._same_day.add(day, member, me)
            broken_rules: list[DayFinding] = []
            if me is not None and answer.expected:  # (nothing claimable: voided for that)
                broken_rules = same_day_findings(rules, me, self._same_day.lines(day, member),
                                                 claim if expected else "")
            for broken in broken_rules:
                findings += (broken.finding,)
                if broken.nothing and expected:  # locked out: nothing is claimable
                    expected, units, fix = (), 0, []
                    claim = f"Nothing is claimable: {broken.finding.text}"
                elif broken.modifier and expected:  # the claim takes the modifier
                    expected = tuple(ln.model_copy(update={
                        "modifiers": (*ln.modifiers, broken.modifier)}) for ln in expected)
                    claim = claim_words(expected)
                if broken.fix:
                    fix.append(broken.fix)
            if me is not None and me.key and expected:  # a GD the line gives, kept
                kept = self._day_modifiers_given(rules, me, day, member, expected)
                if kept != expected:
                    expected, claim = kept, claim_words(kept)
        if same is not None:
            findings += (duplicate(same)._replace(
                text=f"{duplicate(same).text} Nothing more is claimable: row {same} "
                     f"claims it."),)
        return self._result(line, "finding" if findings else "ok", expected, findings,
                            claim, " ".join(dict.fromkeys(fix)) if fix else "", units, day)

    def _day_modifiers_given(self, rules: Rules, me: DayEntry, day: str, member: str,
                             expected: tuple[ClaimLine, ...]) -> tuple[ClaimLine, ...]:
        """The expected claim of a line that gives a threshold's modifier (GD) itself, with
        it when its day needs it (the rules' answer for the service leaves it out: it is
        the day's, not the service's); ``expected`` unchanged otherwise."""
        given = rules.day_modifiers(me.key) & set(me.modifiers) if me.key else set()
        if not given:
            return expected
        # what the day would ask of the line without them
        without = me._replace(modifiers=tuple(m for m in me.modifiers if m not in given))
        needed = [b.modifier for b in same_day_findings(
            rules, without, self._same_day.lines(day, member)) if b.modifier in given]
        for modifier in dict.fromkeys(needed):
            expected = tuple(ln if modifier in ln.modifiers else ln.model_copy(
                update={"modifiers": (*ln.modifiers, modifier)}) for ln in expected)
        return expected

    def _rules_on(self, day: str) -> tuple[Rules, dict[tuple, _Answer]] | str:
        """The rules in force on ``day`` and their memoised answers, or why there are none."""
        found = self._on_day.get(day)
        if found is None:
            try:
                rules = self._library.for_date(date.fromisoformat(day))
            except InputError as exc:
                found = str(exc)
            else:
                memo = self._memos.get(id(rules))
                if memo is None:
                    memo = self._memos[id(rules)] = {}
                    m = rules.manifest
                    self.summary.rules = "; ".join(filter(None, (
                        self.summary.rules, f"{m.title} {m.version} (effective {m.effective})")))
                    self.summary.packs.append((m.title, m.version, m.range_text()))
                found = (rules, memo)
            self._on_day[day] = found
        return found

    def run(self, lines: Iterable[Line], *, progress: Callable[[int], None] | None = None,
            cancelled: Callable[[], bool] | None = None,
            every: int = 2048) -> Iterator[LineResult]:
        """Check each line and yield its result, in the file's order. The lines are read
        twice: first to note the lines of same-day rules (``prepare``), then to check
        each (``lines`` is read again: a reader that opens the file anew, or a list; an
        iterator is listed first). Every ``every`` lines of each reading,
        ``progress(lines checked so far)`` is called (0 in the first reading: a progress
        bar moves from the first lines read) and ``cancelled()`` asked; when it says True
        the run stops and ``summary.cancelled`` is set."""
        if iter(lines) is lines:  # an iterator cannot be read twice
            lines = list(lines)

        def first_reading() -> bool:
            if progress is not None:
                progress(0)
            return cancelled is not None and cancelled()

        if not self.prepare(lines, first_reading, every):
            self.summary.cancelled = True
            return
        for n, line in enumerate(lines, start=1):
            yield self.check(line)
            if not n % every:
                if progress is not None:
                    progress(n)
                if cancelled is not None and cancelled():
                    self.summary.cancelled = True
                    return

    def _result(self, line: Line, status: str, expected: tuple[ClaimLine, ...] | None,
                findings: tuple[Finding, ...], claim: str, fix: str,
                units: int | None = None, day: str | None = None) -> LineResult:
        self.summary.count(line, status, findings, day or self._date(line.date))
        return LineResult(line.row, status, units, findings, line, expected, claim, fix)

    def _date(self, text: str) -> str | None:
        """A date of service as an ISO date, read by the one strict reader
        (core.readers: 2025-01-31 or 1/31/2025, a time of day after it allowed)."""
        if text in self._dates:
            return self._dates[text]
        try:
            found = date_of_service(text, time_of_day=True).isoformat()
        except InputError:
            found = None
        if len(self._dates) > 100_000:
            self._dates.clear()
        self._dates[text] = found
        return found
