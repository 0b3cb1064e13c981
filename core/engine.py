"""The calculator: ``calculate(rules, request) -> Calculation``.

Pure: it reads only its arguments, does no I/O and keeps no state. Every code,
minimum, discipline list and note comes from ``rules``; this module holds only the
three ways of counting (timed, minute range, count) and the wording of the answer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .errors import InputError
from .model import Calculation, ClaimLine, NoteOut, Problem, Request
from .rules import Basis, CodeEntry, Discipline, Note, Rules, Service, Setting

#: the order note kinds are shown in
NOTE_ORDER = ("eligibility", "IMS/MAT", "lockout", "care coordination", "billing", "errata")


@dataclass(frozen=True)
class _Ctx:
    """A request with its ids resolved against the rules."""

    rules: Rules
    request: Request
    discipline: Discipline | None
    setting: Setting | None
    mode: str | None = None  # the delivery mode once known (stated, implied or the code's own)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _norm_mods(mods: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(m.strip().upper() for m in mods if m.strip())


# ---------------------------------------------------------------------------------------
# Resolving the request


def _known(what: str, text: str | None, find, items) -> object | None:
    """``find(text)``, or None when no text was given; an InputError listing the ids when
    the text names nothing."""
    if not text:
        return None
    found = find(text)
    if found is None:
        raise InputError(f"unknown {what} {text!r}; known: {', '.join(i.id for i in items)}")
    return found


def _resolve(rules: Rules, request: Request) -> _Ctx:
    discipline = _known("discipline", request.discipline, rules.find_discipline,
                        rules.disciplines)
    setting = _known("setting", request.setting, rules.find_setting, rules.settings)
    q = rules.quantity(request.quantity_kind)
    if request.quantity > q.maximum:
        raise InputError(
            f"{request.quantity} {q.plural} is more than the {q.maximum} {q.plural} one claim can hold")
    minutes_max = rules.quantity("minutes").maximum
    for label, value in (("travel", request.non_billable.travel),
                         ("documentation", request.non_billable.documentation),
                         ("not-billable activity", request.non_billable.activities)):
        if value > minutes_max:
            raise InputError(f"{value} {label} minutes is more than {minutes_max} minutes")
    known_activities = {a.id for a in rules.activities}
    for a in request.activities:
        if a not in known_activities:
            raise InputError(f"unknown care coordination activity {a!r}")
    return _Ctx(rules, request, discipline, setting)


def _entry_for_code(ctx: _Ctx) -> tuple[CodeEntry, str | None]:
    """The entry an explicit code names, and a delivery mode its modifiers imply."""
    rules, request = ctx.rules, ctx.request
    code = (request.code or "").strip().upper()
    entries = rules.entries_for_code(code)
    if not entries:
        raise InputError(f"unknown code {request.code!r}")
    mods = _norm_mods(request.modifiers)
    exact = [e for e in entries if set(e.modifiers) == set(mods) and len(e.modifiers) == len(mods)]
    if exact:
        return exact[0], None
    program = rules.program(entries[0].program)
    tele = program.telehealth_modifier
    if tele and tele in mods:
        rest = tuple(m for m in mods if m != tele)
        for e in entries:
            if e.modes is None and set(e.modifiers) == set(rest) and len(e.modifiers) == len(rest):
                return e, "telehealth"
    choices = "; ".join(
        f"{' '.join(e.modifiers) or '(no modifier)'} ({e.name})" for e in entries)
    if not mods:
        raise InputError(f"{code} needs a modifier to mean anything; choose: {choices}")
    raise InputError(f"{code} has no modifier combination {' '.join(mods)}; choose: {choices}")


def _quantity_matches(rules: Rules, entry: CodeEntry, kind: str) -> bool:
    return rules.basis(entry.unit.basis).quantity == kind


def _mode_of(ctx: _Ctx, implied: str | None = None) -> str:
    return ctx.mode or ctx.request.mode or implied or "in-person"


def _choose(ctx: _Ctx, service: Service) -> CodeEntry:
    """Pick the service's code the request calls for (by quantity, mode, discipline, minutes)."""
    rules, request = ctx.rules, ctx.request
    cands = [rules.entry(o.key) for o in service.options]
    by_kind = [c for c in cands if _quantity_matches(rules, c, request.quantity_kind)]
    if not by_kind:
        kinds = sorted({rules.basis(c.unit.basis).quantity for c in cands})
        items = sorted({rules.basis(c.unit.basis).items for c in cands})
        raise InputError(f"{service.name} counts {' or '.join(items)}: give "
                         f"{' or '.join(kinds)}, not {request.quantity_kind}")
    cands = by_kind
    mode = _mode_of(ctx)
    cands = [c for c in cands if c.modes is None or mode in c.modes] or cands
    nobody = False  # no option is open to this discipline: answer for the first, say why
    if len(cands) > 1 and ctx.discipline is not None:
        eligible = [c for c in cands if not _discipline_problem(ctx, c)]
        nobody = not eligible
        cands = eligible or cands
    if len(cands) > 1 and request.quantity_kind == "minutes":
        inside = [c for c in cands if _units(rules, c, request.quantity) > 0]
        cands = inside or sorted(cands, key=lambda c: c.unit.minimum or 0)[:1]
    if len(cands) > 1 and ctx.discipline is None and any(
            c.disciplines is not None or c.licensed is not None for c in cands):
        raise InputError(f"{service.name} needs a discipline: its code depends on who "
                         f"provided it")
    if len(cands) > 1 and nobody:
        return cands[0]
    if len(cands) > 1:
        choices = " or ".join(f"{c.key} ({rules.basis(c.unit.basis).name})" for c in cands)
        who = "the plan chooses between" if service.plan_chooses else "to choose from"
        raise InputError(f"{service.name} has several codes {who}; choose one: {choices}")
    return cands[0]


# ---------------------------------------------------------------------------------------
# Counting


def _units(rules: Rules, entry: CodeEntry, quantity: int) -> int:
    method = rules.basis(entry.unit.basis).method
    u = entry.unit
    if method == "timed":
        assert u.length is not None and u.minimum is not None
        whole, rest = divmod(quantity, u.length)
        return whole + (1 if rest >= u.minimum else 0)
    if method == "range":
        assert u.minimum is not None
        return 1 if quantity >= u.minimum and (u.maximum is None or quantity <= u.maximum) else 0
    return quantity


def _next_unit_minutes(rules: Rules, entry: CodeEntry, minutes: int) -> int | None:
    """The smallest minute count above ``minutes`` that claims one more unit."""
    method = rules.basis(entry.unit.basis).method
    u = entry.unit
    limit = rules.quantity("minutes").maximum
    if method == "timed":
        assert u.length is not None and u.minimum is not None
        whole, rest = divmod(minutes, u.length)
        nxt = (whole + 1) * u.length + u.minimum if rest >= u.minimum else whole * u.length + u.minimum
    elif method == "range":
        assert u.minimum is not None
        nxt = u.minimum if minutes < u.minimum else None
    else:
        return None
    return nxt if nxt is not None and nxt <= limit else None


def _range_text(entry: CodeEntry) -> str:
    u = entry.unit
    if u.maximum is None:
        return f"{u.minimum} minutes or more"
    return f"{u.minimum}-{u.maximum} minutes"


def _steps(rules: Rules, entry: CodeEntry, label: str, quantity: int, units: int) -> list[str]:
    """The worked calculation, in the words of the seeds' own examples."""
    basis = rules.basis(entry.unit.basis)
    u = entry.unit
    if basis.method == "timed":
        assert u.length is not None and u.minimum is not None
        whole, rest = divmod(quantity, u.length)
        steps = [f"{quantity} minutes of service / {u.length} minutes time for code = "
                 f"{quantity / u.length:.4f} units."]
        if whole:
            steps.append(f"{_plural(whole, 'unit')} account{'s' if whole == 1 else ''} for "
                         f"{whole * u.length} minutes of service.")
        if rest and rest >= u.minimum:
            steps.append(f"For the remaining {rest} minutes of service (at least the "
                         f"{u.minimum}-minute minimum), 1 additional unit of {label} can be claimed.")
        elif rest and whole:
            steps.append(f"The remaining {rest} minutes of service are less than the "
                         f"{u.minimum}-minute minimum, so no additional unit can be claimed.")
        elif rest:
            steps.append(f"{quantity} minutes is less than the {u.minimum}-minute minimum "
                         f"needed to claim 1 unit of {label}.")
    elif basis.method == "range":
        span = _range_text(entry)
        if units:
            steps = [f"{quantity} minutes of service time is within the time range of {span} "
                     f"for this code."]
        elif quantity < (u.minimum or 0):
            steps = [f"{quantity} minutes of service time is below the time range of {span} "
                     f"for this code."]
        else:
            steps = [f"{quantity} minutes of service time is above the time range of {span} "
                     f"for this code."]
    else:
        noun = basis.item if quantity == 1 else basis.items
        steps = [f"{quantity} {noun} x {basis.unit_name} = {_plural(units, 'unit')}."]
    if units:
        steps.append(f"Therefore for {_quantity_label(basis, quantity)}, "
                     f"claim {_plural(units, 'unit')} of {label}.")
    else:
        steps.append(f"Therefore for {_quantity_label(basis, quantity)}, "
                     f"no unit of {label} can be claimed.")
    return steps


def _quantity_label(basis: Basis, quantity: int) -> str:
    noun = basis.item if quantity == 1 else basis.items
    if basis.quantity == "minutes":
        return f"{quantity} {noun} of service"
    return f"{quantity} {noun}"


# ---------------------------------------------------------------------------------------
# Eligibility


def _discipline_problem(ctx: _Ctx, entry: CodeEntry) -> str | None:
    d = ctx.discipline
    if entry.disciplines is not None:
        if d is None:
            return None
        if d.id not in entry.disciplines:
            return (f"{d.id} ({d.name}) is not an allowable discipline for {entry.key}. "
                    f"Disciplines that may claim {entry.key}: {', '.join(entry.disciplines)}.")
    if entry.licensed is not None and d is not None and d.licensed != entry.licensed:
        if entry.licensed:
            return (f"{entry.key} is for staff qualified by licensure (clinical staff); "
                    f"{d.id} ({d.name}) is not licensed.")
        return (f"{entry.key} is for non-clinical staff; {d.id} ({d.name}) is licensed "
                f"(clinical staff).")
    return None


def _setting_problem(ctx: _Ctx, entry: CodeEntry) -> str | None:
    if entry.settings is None:
        return None
    if ctx.setting is not None and ctx.setting.id in entry.settings:
        return None
    names = " or ".join(f"{s.name} ({s.id})" for s in ctx.rules.settings if s.id in entry.settings)
    given = f"{ctx.setting.name} ({ctx.setting.id})" if ctx.setting else "not stated"
    return f"{entry.key} may be claimed only in {names}; the level of care given is {given}."


def _mode_problem(ctx: _Ctx, entry: CodeEntry, implied: str | None) -> str | None:
    if entry.modes is None:
        if implied and ctx.request.mode and ctx.request.mode != implied:
            tele = ctx.rules.program(entry.program).telehealth_modifier
            return f"{tele} marks a telehealth service; the delivery mode given is {ctx.request.mode}."
        return None
    mode = _mode_of(ctx, implied)
    if mode in entry.modes:
        return None
    return (f"{entry.key} stands for {' or '.join(entry.modes)} delivery; "
            f"the delivery mode given is {mode}.")


# ---------------------------------------------------------------------------------------
# Notes


def _note_applies(ctx: _Ctx, note: Note) -> bool:
    w = note.when
    if w is None:
        return True
    req = ctx.request
    if w.non_billable is not None and w.non_billable != (req.non_billable.total > 0):
        return False
    if w.setting_kinds is not None and ctx.setting is not None \
            and ctx.setting.kind not in w.setting_kinds:
        return False
    if w.settings is not None and ctx.setting is not None and ctx.setting.id not in w.settings:
        return False
    if w.modes is not None and _mode_of(ctx) not in w.modes:
        return False
    if w.disciplines is not None and (ctx.discipline is None
                                      or ctx.discipline.id not in w.disciplines):
        return False
    if w.licensed is not None and (ctx.discipline is None
                                   or ctx.discipline.licensed != w.licensed):
        return False
    return True


def _notes(ctx: _Ctx, entry: CodeEntry, service: Service | None) -> list[NoteOut]:
    rules = ctx.rules
    program = rules.program(entry.program)
    ids: list[str] = []
    for group in (program.notes, service.notes if service else (), entry.notes):
        ids.extend(i for i in group if i not in ids)
    out = [NoteOut(kind=n.kind, text=n.text, source=rules.cite(n.source))
           for n in (rules.note(i) for i in ids) if _note_applies(ctx, n)]
    cite = rules.cite(entry.source)
    if entry.amount_required:
        out.append(NoteOut(kind="billing", source=cite,
                           text=f"{entry.key} requires the amount to be reported on the encounter."))
    for other in entry.exclusive_with:
        out.append(NoteOut(kind="billing", source=cite, text=(
            f"{entry.key} and {other} are alternatives the plan chooses between: they may "
            f"not both be reported for one member on the same day.")))
    if entry.max_units_per_day is not None:
        out.append(NoteOut(kind="billing", source=cite,
                           text=f"At most {entry.max_units_per_day} units a day."))
    if entry.rate is not None:
        out.append(NoteOut(kind="billing", source=cite, text=f"Rate: {entry.rate}."))
    if entry.place_of_service:
        out.append(NoteOut(kind="billing", source=cite, text=(
            f"Place of service: {', '.join(entry.place_of_service)}.")))
    for activity in rules.activities:
        if activity.id in ctx.request.activities and not activity.billable:
            out.append(NoteOut(kind="care coordination", source=rules.cite(activity.source),
                               text=f"Not billable: {activity.text} {activity.reason}"))
    for e in rules.errata_for(entry.key):
        out.append(NoteOut(kind="errata", source=rules.cite(e.source),
                           text=f"The seed says: {e.seed_says} This app reads it as: {e.reading}"))
    out.sort(key=lambda n: NOTE_ORDER.index(n.kind))
    return out


# ---------------------------------------------------------------------------------------
# The answer


def calculate(rules: Rules, request: Request) -> Calculation:
    """Answer one request from the rules. Raises :class:`InputError` for a bad request."""
    ctx = _resolve(rules, request)
    service: Service | None = None
    implied = None
    if request.service:
        service = rules.find_service(request.service)
        if service is None:
            raise InputError(f"unknown service {request.service!r}")
    if request.code:
        entry, implied = _entry_for_code(ctx)
        if service is not None and not any(o.key == entry.key for o in service.options):
            raise InputError(f"{entry.key} is not a code of {service.name}")
        if service is None:
            offered = rules.services_with(entry.key)
            service = offered[0] if offered else None
    elif service is not None:
        entry = _choose(ctx, service)
    else:
        raise InputError("give a service or a code")

    basis = rules.basis(entry.unit.basis)
    if basis.quantity != request.quantity_kind:
        raise InputError(f"{entry.key} is counted {basis.name}: give {basis.quantity}, "
                         f"not {request.quantity_kind}")
    if ctx.discipline is None and (entry.disciplines is not None or entry.licensed is not None):
        raise InputError(f"{entry.key} needs a discipline: its rules depend on who provided it")

    mode = request.mode or implied or (entry.modes[0] if entry.modes else "in-person")
    ctx = replace(ctx, mode=mode)
    modifiers = entry.modifiers
    program = rules.program(entry.program)
    if entry.modes is None and program.telehealth_modifier and mode in program.telehealth_modes:
        modifiers = (*modifiers, program.telehealth_modifier)
    label = " ".join((entry.code, *modifiers))

    units = _units(rules, entry, request.quantity)
    discipline_problem = _discipline_problem(ctx, entry)
    problems = [Problem(field=f, text=t) for f, t in (
        ("discipline", discipline_problem), ("setting", _setting_problem(ctx, entry)),
        ("mode", _mode_problem(ctx, entry, implied))) if t]
    if units == 0 and not (basis.method == "count" and request.quantity == 0):
        problems.append(Problem(field="quantity",
                                text=_short_reason(rules, entry, label, request.quantity)))
    elif units == 0:
        problems.append(Problem(field="quantity", text=(
            f"A quantity of 0 claims nothing; enter the {basis.items}.")))
    if entry.max_units_per_day is not None and units > entry.max_units_per_day:
        units = entry.max_units_per_day
    steps = _steps(rules, entry, label, request.quantity, units)
    if units and problems:
        steps[-1] = (f"For {_quantity_label(basis, request.quantity)}, {label} would come to "
                     f"{_plural(units, 'unit')}, but it is not claimable for this request "
                     f"(see why).")
    nb = request.non_billable
    if nb.total:
        parts = [f"{name} {value} minutes" for name, value in
                 (("travel", nb.travel), ("documentation", nb.documentation),
                  ("not-billable activities", nb.activities)) if value]
        steps.append(f"Not counted: {', '.join(parts)} ({nb.total} minutes recorded, "
                     f"not direct service, kept out of the units).")

    claimable = not problems
    reason = None
    if problems:
        alternative = _alternative(ctx, entry)
        reason = " ".join(p.text for p in problems)
        if alternative:
            reason += f" Use {alternative} instead."
        if discipline_problem and request.service and not request.code and service is not None:
            others = [_discipline_problem(ctx, rules.entry(o.key)) for o in service.options
                      if o.key != entry.key]
            reason += "".join(f" {p}" for p in dict.fromkeys(others) if p)
        if discipline_problem:
            extra = [n.text for n in (rules.note(i) for i in entry.notes)
                     if n.kind == "eligibility" and n.when and n.when.disciplines
                     and _note_applies(ctx, n)]
            if extra:
                reason += " " + " ".join(extra)

    next_at = (_next_unit_minutes(rules, entry, request.quantity)
               if basis.quantity == "minutes" else None)
    return Calculation(
        claimable=claimable,
        lines=(ClaimLine(code=entry.code, modifiers=modifiers, units=units,
                         amount_required=entry.amount_required),) if claimable else (),
        steps=tuple(steps),
        next_unit_minutes=next_at,
        minutes_to_next_unit=None if next_at is None else next_at - request.quantity,
        notes=tuple(_notes(ctx, entry, service)),
        reason=reason,
        problems=tuple(problems),
        code_key=label,
        code_name=entry.name,
        program=program.name,
        service=service.id if service else None,
        discipline=ctx.discipline.id if ctx.discipline else None,
        quantity=request.quantity,
        quantity_label=_quantity_label(basis, request.quantity),
        basis=basis.name,
        source=rules.cite(entry.source),
        rules_version=f"{rules.manifest.version} (effective {rules.manifest.effective})",
    )


def _short_reason(rules: Rules, entry: CodeEntry, label: str, quantity: int) -> str:
    basis = rules.basis(entry.unit.basis)
    u = entry.unit
    if basis.method == "timed":
        return (f"{quantity} minutes is less than the {u.minimum}-minute minimum needed to "
                f"claim 1 unit of {label}; at least {u.minimum} minutes are needed.")
    if basis.method == "range" and quantity < (u.minimum or 0):
        return (f"{quantity} minutes is below the {_range_text(entry)} of {label}; "
                f"at least {u.minimum} minutes are needed.")
    return f"{quantity} minutes is above the {_range_text(entry)} of {label}."


def _alternative(ctx: _Ctx, entry: CodeEntry) -> str | None:
    """Another code of the same service that would be claimable for this request."""
    for service in ctx.rules.services_with(entry.key):
        if service.plan_chooses:
            continue
        try:
            other = _choose(ctx, service)
        except InputError:
            continue
        if other.key == entry.key:
            continue
        if _discipline_problem(ctx, other) or _setting_problem(ctx, other) \
                or _mode_problem(ctx, other, None):
            continue
        if _units(ctx.rules, other, ctx.request.quantity) == 0:
            continue
        return other.key
    return None
