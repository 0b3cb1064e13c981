"""The calculator: ``calculate(rules, request) -> Calculation``.

Pure: it reads only its arguments and does no I/O. Every code, minimum, discipline list,
note and citation comes from ``rules``; this module holds only the three ways of counting
(timed, minute range, count) and the wording of the answer.

A request goes through six named steps, in this order:

1. :func:`_resolve`  ids to rules objects (an unknown id is an :class:`InputError`);
2. :func:`_pick`     the code entry: the one named, or the one the service calls for;
3. :func:`_count`    the minutes or items that count, and the units they give;
4. :func:`_input_problems`, :func:`_quantity_problem`: what keeps the answer from being
   claimable, input by input;
5. :func:`_steps`, :func:`_notes`: the worked calculation and the notes, with their
   sources;
6. :func:`calculate` the :class:`Calculation`, with its status and headline.

Requests that differ only in their quantity share most of their answer, and an audit asks
about one service with many minute counts. So the parts of an answer are worked out once
and kept in ``rules.derived`` (what the engine keeps; each a function of the rules and its
key alone): steps 1 and 2, the problems of the inputs but the quantity, the notes, labels
and citations for each request but its quantity (:func:`_said`); steps 3 to 5 for each
code as claimed and quantity (:func:`_counted`). A request seen but for its quantity
then costs a few look-ups and a copy of the answer (the audit's mix: 20 us, was 60 us).
bench/engine_equivalence.py checks that the answers stay those of the engine before.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import InputError
from .model import Calculation, ClaimLine, Kept, NonBillable, NoteOut, Problem, Request
from .rules import (
    Basis, CodeEntry, Discipline, Erratum, Note, NoteWhen, Program, Rules, SameDayRule, Service,
    Setting, Source, uncovered,
)
from .vocab import MODE_LABELS, NOTE_ORDER, QUANTITY_GIVEN, plural


class _Incomplete(InputError):
    """Not enough is known to answer yet: ``calculate`` returns an "incomplete" answer
    with this message as its prompt (say, the code depends on a discipline not chosen)."""


# ---------------------------------------------------------------------------------------
# 1. Resolve


@dataclass(frozen=True, slots=True)
class _Asked:
    """A request with its ids resolved against the rules."""

    rules: Rules
    request: Request
    discipline: Discipline | None
    setting: Setting | None
    service: Service | None
    shape: tuple  # the request but its quantity (_shape)


def _shape(request: Request) -> tuple:
    """The request but its quantity: requests of one shape differ only in their quantity,
    and all their answers say but the quantity's part is the same (worked out once:
    :func:`_resolve`, :func:`_pick`, :func:`_said`). Plain values (a pydantic model in a
    key would be hashed in Python at each look-up: 3 us a request more)."""
    nb, kept = request.non_billable, request.kept
    return (request.discipline, request.service, request.code, request.modifiers,
            request.quantity_kind, request.mode, request.setting, nb.travel, nb.documentation,
            nb.activity_minutes, request.activities, request.date_of_service,
            None if kept is None else (kept.service, kept.mode))


# _shape reads every field of a request but its quantity: a field added there is added here
assert set(Request.model_fields) == {
    "discipline", "service", "code", "modifiers", "quantity", "quantity_kind", "mode",
    "setting", "non_billable", "activities", "date_of_service", "kept"}
assert set(NonBillable.model_fields) == {"travel", "documentation", "activity_minutes"}
assert set(Kept.model_fields) == {"service", "mode"}


def _known(what: str, text: str | None, find, items) -> object | None:
    """``find(text)``; None when no text was given; an InputError listing the ids when the
    text names nothing."""
    if not text:
        return None
    found = find(text)
    if found is None:
        raise InputError(f"unknown {what} {text!r}; known: {', '.join(i.id for i in items)}")
    return found


def _resolve(rules: Rules, request: Request) -> _Asked:
    """The request's ids resolved, and its inputs checked. A request asked before but for
    its quantity resolves as it did (kept in ``rules.derived``: the audit's mix, 22 us a
    request with it, 25 us without): only the checks of the quantity are left to make."""
    shape = _shape(request)
    known = rules.derived.get(("resolved", shape))
    if known is None:
        known = rules.derived[("resolved", shape)] = _resolve_anew(rules, request)
    else:
        _check_quantity(rules, request)
        _check_activity_minutes(request)
    discipline, setting, service = known  # type: ignore[misc]
    return _Asked(rules, request, discipline, setting, service, shape)


def _resolve_anew(rules: Rules, request: Request
                  ) -> tuple[Discipline | None, Setting | None, Service | None]:
    """The discipline, level of care and service named; every check, in order."""
    m = rules.manifest
    if not m.covers(request.date_of_service):  # core.packs.Library.for_date picks one that does
        raise InputError(uncovered(request.date_of_service, [(m.id, m.range_text())]))
    discipline = _known("discipline", request.discipline, rules.find_discipline,
                        rules.disciplines)
    setting = _known("level of care", request.setting, rules.find_setting, rules.settings)
    service = _known("service", request.service, rules.find_service, rules.services)
    _check_quantity(rules, request)
    minutes_max = rules.quantity("minutes").maximum
    nb = request.non_billable
    for label, value in (("travel", nb.travel), ("documentation", nb.documentation),
                         ("not-billable activity", nb.activity_minutes)):
        if value > minutes_max:
            raise InputError(f"{value} {label} minutes is more than {minutes_max} minutes")
    for a in request.activities:
        if rules.activity(a) is None:
            raise InputError(f"unknown care coordination activity {a!r}")
    _check_activity_minutes(request)
    return discipline, setting, service  # type: ignore[return-value]


def _check_quantity(rules: Rules, request: Request) -> None:
    q = rules.quantity(request.quantity_kind)
    if request.quantity > q.maximum:
        raise InputError(f"{request.quantity} {q.plural} is more than the {q.maximum} "
                         f"{q.plural} one claim can hold")


def _check_activity_minutes(request: Request) -> None:
    nb = request.non_billable
    if request.quantity_kind == "minutes" and nb.activity_minutes > request.quantity:
        raise InputError(f"the {nb.activity_minutes} not-billable activity minutes are more "
                         f"than the session's {plural(request.quantity, 'minute')}")


# ---------------------------------------------------------------------------------------
# 2. Pick the code entry


@dataclass(frozen=True, slots=True)
class _Picked:
    """The entry answered for, and how it is claimed."""

    entry: CodeEntry
    program: Program
    basis: Basis
    service: Service | None
    mode: str  # the delivery mode answered for
    modifiers: tuple[str, ...]  # as claimed, with the telehealth modifier where it applies
    typed_remote: bool  # the modifiers typed included the program's telehealth modifier

    @property
    def label(self) -> str:
        return " ".join((self.entry.code, *self.modifiers))

    @property
    def remote_refused(self) -> bool:
        """A remote mode was asked for a code that cannot be delivered remotely."""
        remote = self.entry.remote
        return remote is not None and not remote.allowed and self.mode in self.program.telehealth_modes


def _pick(asked: _Asked) -> _Picked | None:
    """The code entry answered for, and how it is claimed; None when neither a code nor a
    service was given. A code named is picked the same whatever the quantity: once a shape
    (kept in ``rules.derived``: the audit's mix, 22 us a request with it, 32 us without);
    asked by service, the code can depend on the minutes (:func:`_choose`): picked each
    time."""
    if not asked.request.code:
        return _pick_anew(asked)
    key = ("picked", asked.shape)
    picked = asked.rules.derived.get(key)
    if picked is None:
        picked = asked.rules.derived[key] = _pick_anew(asked)
    return picked  # type: ignore[return-value]


def _pick_anew(asked: _Asked) -> _Picked | None:
    rules, request = asked.rules, asked.request
    service = asked.service
    typed_remote = False
    if request.code:
        entry, typed_remote = _entry_for_code(rules, request)
        if service is not None and entry.key not in {o.key for o in service.options}:
            raise InputError(f"{entry.key} is not a code of {service.name}")
        if service is None:
            offered = rules.services_with(entry.key)
            service = offered[0] if offered else None
    elif service is not None:
        entry = _choose(asked, service)
    else:
        return None
    nb = request.non_billable
    if (request.activities or nb.activity_minutes) and not (service and service.care_coordination):
        raise InputError(f"care coordination activities and their minutes apply to care "
                         f"coordination services only; {entry.key} is not one")
    if asked.discipline is None and (entry.disciplines is not None or entry.licensed is not None):
        raise _Incomplete(f"Choose your discipline: who may claim {entry.key} depends on it.")
    basis = rules.basis(entry.unit.basis)
    if basis.quantity != request.quantity_kind:
        raise InputError(f"{entry.key} counts {basis.items} ({basis.name}): give the number "
                         f"of {basis.items}, not {QUANTITY_GIVEN[request.quantity_kind]}")
    program = rules.program(entry.program)
    if request.mode:
        mode = request.mode
    elif typed_remote:
        mode = program.telehealth_modes[0]
    else:
        mode = entry.modes[0] if entry.modes else "in-person"
    modifiers = entry.modifiers
    remote_ok = entry.remote is None or entry.remote.allowed
    if entry.modes is None and program.telehealth_modifier and remote_ok \
            and (mode in program.telehealth_modes or typed_remote):
        modifiers = (*modifiers, program.telehealth_modifier)
    elif typed_remote:  # typed on a code that takes none: refused as typed ("T2033 U6 GQ")
        modifiers = (*modifiers, program.telehealth_modifier)
    return _Picked(entry, program, basis, service, mode, modifiers, typed_remote)


def _entry_for_code(rules: Rules, request: Request) -> tuple[CodeEntry, bool]:
    """The entry an explicit code names, and whether its modifiers carried the program's
    telehealth modifier on top of the entry's own."""
    code = (request.code or "").strip().upper()
    entries = rules.entries_for_code(code)
    if not entries:
        raise InputError(f"unknown code {request.code!r}")
    mods = tuple(m.strip().upper() for m in request.modifiers if m.strip())
    twice = sorted({m for m in mods if mods.count(m) > 1})
    if twice:
        raise InputError(f"modifier {twice[0]} is given twice")
    found = rules.entry_named(code, mods, day_modifiers=False)  # a claim has no GD yet
    if found is not None:
        return found
    choices = "; ".join(f"{' '.join(e.modifiers) or '(no modifier)'} ({e.name})"
                        for e in entries)
    if not mods:
        raise InputError(f"{code} needs a modifier to mean anything; choose: {choices}")
    raise InputError(f"{code} has no modifier combination {' '.join(mods)}; choose: {choices}")


def _service_minutes(request: Request) -> int:
    """The session's minutes less the not-billable activity minutes: what counts."""
    return max(0, request.quantity - request.non_billable.activity_minutes)


def _choose(asked: _Asked, service: Service, mode: str | None = None) -> CodeEntry:
    """The service's code the request calls for: counted in what was entered, for the
    delivery mode (``mode``, else the request's, else in person), whose minute range holds
    the minutes that count, that the discipline may claim."""
    rules, request = asked.rules, asked.request
    options = [rules.entry(o.key) for o in service.options]
    cands = [c for c in options if rules.basis(c.unit.basis).quantity == request.quantity_kind]
    if not cands:
        items = sorted({rules.basis(c.unit.basis).items for c in options})
        raise InputError(f"{service.name} counts {' or '.join(items)}: give the number of "
                         f"{' or '.join(items)}, not {QUANTITY_GIVEN[request.quantity_kind]}")
    mode = mode or request.mode or "in-person"
    cands = [c for c in cands if c.modes is None or mode in c.modes] or cands
    if len(cands) > 1 and request.quantity_kind == "minutes":
        minutes = _service_minutes(request)
        inside = [c for c in cands if _units(rules, c, minutes) > 0]
        lowest = min(c.unit.minimum or 0 for c in cands)  # none holds them: the nearest
        cands = inside or [c for c in cands if (c.unit.minimum or 0) == lowest]
    if len(cands) > 1 and any(c.disciplines is not None or c.licensed is not None
                              for c in cands):
        if asked.discipline is None:
            raise _Incomplete(f"Choose your discipline: the code for {service.name.lower()} "
                              f"depends on who provided it.")
        # no option open to this discipline: answer for the first, and say why
        cands = [c for c in cands if not _discipline_problem(asked, c)] or cands[:1]
    if len(cands) > 1:
        choices = " or ".join(f"{c.key} ({rules.basis(c.unit.basis).name})" for c in cands)
        who = "the plan chooses between" if service.plan_chooses else "to choose from"
        raise InputError(f"{service.name} has several codes {who}; choose one: {choices}")
    return cands[0]


# ---------------------------------------------------------------------------------------
# 3. Count


@dataclass(frozen=True, slots=True)
class _Count:
    counted: int  # the minutes or items that count (the session less not-billable activities)
    units: int


def _units(rules: Rules, entry: CodeEntry, quantity: int) -> int:
    method = rules.basis(entry.unit.basis).method
    u = entry.unit
    if method == "timed":
        whole, rest = divmod(quantity, u.length)  # type: ignore[operator]
        return whole + (1 if rest >= u.minimum else 0)  # type: ignore[operator]
    if method == "range":
        return 1 if u.minimum <= quantity and (u.maximum is None or quantity <= u.maximum) \
            else 0  # type: ignore[operator]
    return quantity


def _count(asked: _Asked, picked: _Picked) -> _Count:
    quantity = asked.request.quantity
    if picked.basis.quantity == "minutes":
        quantity = _service_minutes(asked.request)
    units = _units(asked.rules, picked.entry, quantity)
    cap = picked.entry.max_units_per_day
    return _Count(quantity, min(units, cap) if cap is not None else units)


def _next_unit_minutes(rules: Rules, entry: CodeEntry, minutes: int) -> int | None:
    """The smallest minute count above ``minutes`` that claims one more unit."""
    method = rules.basis(entry.unit.basis).method
    u = entry.unit
    if method == "timed":
        whole, rest = divmod(minutes, u.length)  # type: ignore[operator]
        nxt = (whole + (1 if rest >= u.minimum else 0)) * u.length + u.minimum  # type: ignore
    elif method == "range" and minutes < u.minimum:  # type: ignore[operator]
        nxt = u.minimum
    else:
        return None
    return nxt  # calculate() drops it when it is past the largest claim


# ---------------------------------------------------------------------------------------
# 4. Problems


def _discipline_problem(asked: _Asked, entry: CodeEntry) -> str | None:
    d = asked.discipline
    if d is None:
        return None
    if entry.disciplines is not None and d.id not in entry.disciplines:
        return (f"{d.id} ({d.name}) is not an allowable discipline for {entry.key}. "
                f"Disciplines that may claim {entry.key}: {', '.join(entry.disciplines)}.")
    if entry.licensed is not None and d.licensed != entry.licensed:
        if entry.licensed:
            return (f"{entry.key} is for staff qualified by licensure (clinical staff); "
                    f"{d.id} ({d.name}) is not licensed.")
        return (f"{entry.key} is for non-clinical staff; {d.id} ({d.name}) is licensed "
                f"(clinical staff).")
    return None


def _setting_problem(asked: _Asked, entry: CodeEntry) -> str | None:
    if entry.settings is None or (asked.setting is not None
                                  and asked.setting.id in entry.settings):
        return None
    names = " or ".join(f"{s.name} ({s.id})" for s in asked.rules.settings
                        if s.id in entry.settings)
    given = f"{asked.setting.name} ({asked.setting.id})" if asked.setting else "not stated"
    return f"{entry.key} may be claimed only in {names}; the level of care given is {given}."


def _mode_problem(asked: _Asked, picked: _Picked) -> tuple[str, Source] | None:
    """What is wrong with the delivery mode, and the rule that says so: the entry's
    ``remote`` (this app's reading), the program's telehealth modifier, or the entry's row."""
    entry, program = picked.entry, picked.program
    tele = program.telehealth_modifier
    if picked.typed_remote:
        if entry.remote is not None and not entry.remote.allowed:
            return f"{entry.key} takes no {tele}: {entry.remote.why}", entry.remote.source
        if picked.mode not in program.telehealth_modes:
            modes = " or ".join(MODE_LABELS[m].lower() for m in program.telehealth_modes)
            return (f"{tele} marks a service given {modes}; the delivery mode given is "
                    f"{MODE_LABELS[picked.mode].lower()}."), program.source
        return None
    if entry.modes is None or picked.mode in entry.modes:
        return None
    return (f"{entry.key} stands for {' or '.join(MODE_LABELS[m].lower() for m in entry.modes)} "
            f"delivery; the delivery mode given is {MODE_LABELS[picked.mode].lower()}."), \
        entry.source


def _quantity_problem(asked: _Asked, picked: _Picked, count: _Count) -> str | None:
    request, basis, u = asked.request, picked.basis, picked.entry.unit
    if count.units or request.quantity == 0:
        return None
    activity = request.non_billable.activity_minutes
    if basis.quantity == "minutes" and activity and activity >= request.quantity:
        return (f"The not-billable activity time ({plural(activity, 'minute')}) takes up "
                f"all {plural(request.quantity, 'minute')} of the session: no minutes of "
                f"service are left to count.")
    if basis.method == "timed":
        return (f"{plural(count.counted, 'minute')} is less than the {u.minimum}-minute "
                f"minimum needed to claim 1 unit of {picked.label}.")
    if basis.method == "range" and count.counted < u.minimum:  # type: ignore[operator]
        return (f"{plural(count.counted, 'minute')} is less than the {u.minimum}-minute "
                f"minimum of {picked.label} ({_range_text(picked.entry)}).")
    return (f"{plural(count.counted, 'minute')} is more than the {_range_text(picked.entry)} "
            f"of {picked.label}.")


def _activities_problem(asked: _Asked, picked: _Picked) -> tuple[str, Source] | None:
    """Not-billable activities ticked whose minutes are not yet taken out, and the source
    of the first of them."""
    request = asked.request
    if picked.basis.quantity != "minutes" or request.non_billable.activity_minutes:
        return None
    ticked = [a for a in (asked.rules.activity(i) for i in request.activities)
              if a is not None and not a.billable]
    if not ticked:
        return None
    what = "; ".join(a.text.rstrip(".") for a in ticked)
    return (f"Not billable: {what}. Enter the minutes spent on {'it' if len(ticked) == 1 else 'them'} "
            f"as not-billable activity minutes, so they are taken out of the units."), \
        ticked[0].source


def _input_problems(asked: _Asked, picked: _Picked) -> tuple[Problem, ...]:
    """What keeps the request from being claimable but its quantity, input by input, each
    with the citation of the rule it rests on (the code's row, unless the problem says
    otherwise). The quantity's comes after them (:func:`_counted`)."""
    row = picked.entry.source
    found = (("discipline", _discipline_problem(asked, picked.entry), row),
             ("setting", _setting_problem(asked, picked.entry), row),
             ("mode", *(_mode_problem(asked, picked) or (None, None))),
             ("activities", *(_activities_problem(asked, picked) or (None, None))))
    return tuple(Problem(field=f, text=t, source=asked.rules.cite(s))  # type: ignore[arg-type]
                 for f, t, s in found if t)


def _alternative(asked: _Asked, entry: CodeEntry, counted: int,
                 picked_mode: str) -> str | None:
    """Another code of the same service that would be claimable for this request."""
    for service in asked.rules.services_with(entry.key):
        if service.plan_chooses:
            continue
        try:
            other = _choose(asked, service, picked_mode)
        except InputError:
            continue
        if other.key == entry.key or _discipline_problem(asked, other) \
                or _setting_problem(asked, other) or _units(asked.rules, other, counted) == 0:
            continue
        return other.key
    return None


def _without_typed_remote(picked: _Picked, problems: tuple[Problem, ...],
                          count: _Count) -> str | None:
    """The telehealth modifier typed where it is wrong (on a code that takes none, its
    ``remote`` reading; or for a service given in person): the code without it, when
    nothing else keeps it from being claimable ("Use T2033 U6 instead": what the
    calculator claims for the service as given)."""
    if picked.typed_remote and count.units and all(p.field == "mode" for p in problems):
        return picked.entry.key
    return None


def _discipline_advice(asked: _Asked, picked: _Picked, problems: tuple[Problem, ...]
                       ) -> tuple[tuple[str, ...], tuple[NoteOut, ...]]:
    """What the answer says after its problems when the discipline may not claim the code
    (after the code to use instead, :func:`calculate`): why none of the service's other
    codes fits the discipline either, and the code's own notes for this discipline (say,
    where an AOD counselor looks). Returns the sentences and the notes they say, which the
    answer's notes then leave out (one thing said once)."""
    if not any(p.field == "discipline" for p in problems):
        return (), ()
    rules = asked.rules
    said = {p.text for p in problems}
    advice: list[str] = []
    if asked.request.service and not asked.request.code and picked.service is not None:
        # asked by service: say why none of its other codes fits either
        for o in picked.service.options:
            if o.key != picked.entry.key:
                other = _discipline_problem(asked, rules.entry(o.key))
                if other and other not in said and other not in advice:
                    advice.append(other)
    notes = [_note_out(rules, n) for n in (rules.note(i) for i in picked.entry.notes)
             if n.kind == "eligibility" and n.when is not None
             and n.when.disciplines and _applies(asked, picked, n.when)]
    advice += [n.text for n in notes]
    return tuple(advice), tuple(notes)


# ---------------------------------------------------------------------------------------
# 5. Explain: the worked calculation and the notes


def _range_text(entry: CodeEntry) -> str:
    u = entry.unit
    if u.maximum is None:
        return f"{u.minimum} minutes or more"
    return f"{u.minimum}-{u.maximum} minutes"


def _session_label(basis: Basis, quantity: int, counted: int) -> str:
    """What was entered, and what of it counts when not-billable activity time came out."""
    if counted == quantity:
        return _quantity_label(basis, quantity)
    return f"{plural(quantity, 'minute')} of session ({_quantity_label(basis, counted)})"


def _quantity_label(basis: Basis, quantity: int) -> str:
    what = plural(quantity, basis.item, basis.items)
    return f"{what} of service" if basis.quantity == "minutes" else what


def _steps(asked: _Asked, picked: _Picked, count: _Count, claimable: bool) -> list[str]:
    """The worked calculation, in the words of the source's own examples."""
    basis, u, label = picked.basis, picked.entry.unit, picked.label
    quantity, units = count.counted, count.units
    nb = asked.request.non_billable
    steps = []
    if basis.quantity == "minutes" and nb.activity_minutes:
        steps.append(f"{plural(asked.request.quantity, 'minute')} of session - "
                     f"{plural(nb.activity_minutes, 'minute')} of not-billable activities = "
                     f"{plural(quantity, 'minute')} of service.")
    if basis.method == "timed":
        whole, rest = divmod(quantity, u.length)  # type: ignore[operator]
        steps.append(f"{plural(quantity, 'minute')} of service / {u.length} minutes time for "
                     f"code = {quantity / u.length:.4f} units.")  # type: ignore[operator]
        if whole:
            steps.append(f"{plural(whole, 'unit')} account{'s' if whole == 1 else ''} for "
                         f"{whole * u.length} minutes of service.")  # type: ignore[operator]
            if rest >= u.minimum:  # type: ignore[operator]
                steps.append(f"For the remaining {plural(rest, 'minute')} of service (at least the "
                             f"{u.minimum}-minute minimum), 1 additional unit of {label} can "
                             f"be claimed.")
            elif rest:
                steps.append(f"The remaining {plural(rest, 'minute')} of service "
                             f"{'is' if rest == 1 else 'are'} less than the {u.minimum}-minute "
                             f"minimum, so no additional unit can be claimed.")
        elif rest >= u.minimum:  # type: ignore[operator]
            steps.append(f"{plural(rest, 'minute')} of service reach the {u.minimum}-minute "
                         f"minimum, so 1 unit of {label} can be claimed.")
        else:
            steps.append(f"{plural(rest, 'minute')} is less than the {u.minimum}-minute minimum "
                         f"needed to claim 1 unit of {label}.")
    elif basis.method == "range":
        span = _range_text(picked.entry)
        where = "within" if units else "below" if quantity < u.minimum else "above"  # type: ignore
        steps.append(f"{plural(quantity, 'minute')} of service time is {where} the time range "
                     f"of {span} for this code.")
    else:
        steps.append(f"{plural(quantity, basis.item, basis.items)} x {basis.unit_name} = "
                     f"{plural(units, 'unit')}.")
    what = _quantity_label(basis, quantity)
    if units and claimable:
        steps.append(f"Therefore for {what}, claim {plural(units, 'unit')} of {label}.")
    elif units:
        steps.append(f"For {what}, {label} would come to {plural(units, 'unit')}, but it is "
                     f"not claimable for this request (see why).")
    else:
        steps.append(f"Therefore for {what}, no unit of {label} can be claimed.")
    if nb.travel or nb.documentation:
        parts = [f"{name} {plural(value, 'minute')}" for name, value in
                 (("travel", nb.travel), ("documentation", nb.documentation)) if value]
        steps.append(f"Not counted: {' and '.join(parts)} (recorded, not direct service, "
                     f"kept out of the units).")
    return steps


def _applies(asked: _Asked, picked: _Picked, when: NoteWhen | None) -> bool:
    if when is None:
        return True
    request, setting, d = asked.request, asked.setting, asked.discipline
    if when.non_billable is not None and when.non_billable != (request.non_billable.total > 0):
        return False
    if when.setting_kinds is not None and (setting is None
                                           or setting.kind not in when.setting_kinds):
        return False
    if when.settings is not None and (setting is None or setting.id not in when.settings):
        return False
    if when.modes is not None and picked.mode not in when.modes:
        return False
    if when.mode_stated is not None \
            and when.mode_stated != (request.mode is not None or picked.typed_remote):
        return False
    if when.modifier_added is not None \
            and when.modifier_added != (picked.modifiers != picked.entry.modifiers):
        return False
    if when.disciplines is not None and (d is None or d.id not in when.disciplines):
        return False
    if when.licensed is not None and (d is None or d.licensed != when.licensed):
        return False
    return True


def _once(rules: Rules, key: tuple, make) -> NoteOut:
    """A note that is the same for every request (it depends on the rules alone), made the
    first time it is needed and kept with the rules: most of an answer's notes are these."""
    found = rules.derived.get(key)
    if found is None:
        found = rules.derived[key] = make()
    return found  # type: ignore[return-value]


def _note_out(rules: Rules, note: Note) -> NoteOut:
    return _once(rules, ("note", note.id), lambda: NoteOut(
        kind=note.kind, text=note.text, source=rules.cite(note.source)))


def _erratum_out(rules: Rules, e: Erratum) -> NoteOut:
    return _once(rules, ("erratum", e.id), lambda: NoteOut(
        kind="errata", source=" and ".join(rules.cite(s) for s in (e.source, *e.also)),
        text=f"The source says: {e.source_says} This app reads it as: {e.reading}"))


def _same_day_out(rules: Rules, rule: SameDayRule) -> NoteOut:
    """A same-day rule as a note of the codes it concerns: its text, the codes it lets
    through, and whether it holds only between one practitioner's services."""
    override = (f" Codes that may be reported on the same day despite this rule: "
                f"{', '.join(rule.overridable)}." if rule.overridable else "")
    practitioner = (" It applies only when one practitioner gives the services."
                    if rule.same_practitioner else "")
    return _once(rules, ("same-day", rule.id), lambda: NoteOut(
        kind="lockout", text=rule.text + override + practitioner,
        source=rules.cite(rule.source)))


def _modifier_source(asked: _Asked, picked: _Picked) -> str | None:
    """The citation of the rule by which the claim adds a modifier to the code's own (GQ
    for a Community Supports service given remotely): the notes that apply when a modifier
    is added (the source's rule for telehealth, this app's reading for phone), else the
    program's own source. None when nothing is added."""
    remote = picked.entry.remote
    if picked.modifiers == picked.entry.modifiers or (remote is not None and not remote.allowed):
        return None  # nothing added, or typed on a code that takes none (refused)
    rules = asked.rules
    cites = [rules.cite(n.source) for n in _candidate_notes(rules, picked)
             if n.when is not None and n.when.modifier_added and _applies(asked, picked, n.when)]
    return " and ".join(cites) or rules.cite(picked.program.source)


def _candidate_notes(rules: Rules, picked: _Picked) -> list[Note]:
    """The notes of the program, the service and the code, in that order, each once."""
    service = picked.service
    ids = dict.fromkeys((*picked.program.notes, *(service.notes if service else ()),
                         *picked.entry.notes))
    return [rules.note(i) for i in ids]


def _review_note(rules: Rules) -> NoteOut:
    """Said when the date of service is past the pack's review date; it blocks nothing."""
    m = rules.manifest
    return _once(rules, ("review",), lambda: NoteOut(
        kind="rules", source=f"{m.title}, version {m.version}, rules pack {m.id}",
        text=(f"These rules were due for review on {m.review_by.isoformat()}: the sources "
              f"they implement may have been revised since. Check with your QA team for a "
              f"newer rules pack.")))


def _notes(asked: _Asked, picked: _Picked, said: tuple[NoteOut, ...]) -> list[NoteOut]:
    """The answer's notes, in display order, without those its advice already says (the
    same for every quantity: made once, :func:`_said`)."""
    rules = asked.rules
    out = _fixed_notes(asked, picked)
    for activity_id in asked.request.activities:
        a = rules.activity(activity_id)
        if a is not None and not a.billable:
            out.append(NoteOut(kind="care coordination", source=rules.cite(a.source),
                               text=f"Not billable: {a.text} {a.reason}"))
    out = [n for n in out if n not in said]  # a note the advice says is not said again
    out.sort(key=lambda n: NOTE_ORDER.index(n.kind))
    return out


def _fixed_notes(asked: _Asked, picked: _Picked) -> list[NoteOut]:
    """The notes of the program, service and code that apply, the review note, the remote
    reading, same-day rules, the fields a QA team may fill in, and the errata."""
    rules, entry = asked.rules, picked.entry
    out = [_note_out(rules, n) for n in _candidate_notes(rules, picked)
           if _applies(asked, picked, n.when)
           and not (picked.remote_refused and n.when and n.when.modes)]
    if asked.request.date_of_service > rules.manifest.review_by:
        out.append(_review_note(rules))
    if picked.remote_refused and entry.remote is not None:
        out.append(NoteOut(kind="billing", source=rules.cite(entry.remote.source), text=(
            f"No {picked.program.telehealth_modifier} is added: {entry.remote.why}")))
    out.extend(_same_day_out(rules, rule) for rule in rules.same_day_rules_about(entry.key))
    cite = rules.cite(entry.source)
    if entry.max_units_per_day is not None:
        out.append(NoteOut(kind="billing", source=cite,
                           text=f"At most {entry.max_units_per_day} units a day."))
    if entry.rate is not None:
        out.append(NoteOut(kind="billing", source=cite, text=f"Rate: {entry.rate}."))
    if entry.place_of_service:
        out.append(NoteOut(kind="billing", source=cite, text=(
            f"Place of service: {', '.join(entry.place_of_service)}.")))
    out.extend(_erratum_out(rules, e) for e in rules.errata_for(entry.key)
               if _applies(asked, picked, e.when))
    return out


# ---------------------------------------------------------------------------------------
# 6. Assemble


def _discipline_label(d: Discipline | None) -> str | None:
    if d is None:
        return None
    return d.name if d.id in d.name else f"{d.id} ({d.name})"


def _mode_label(request: Request, picked: _Picked) -> str | None:
    """The delivery mode as the answer was given for it: stated, or implied by a typed GQ;
    for a code that cannot be delivered remotely, said so."""
    if request.mode:
        label = MODE_LABELS[request.mode]
        if picked.remote_refused:
            label += f" (no {picked.program.telehealth_modifier}: answered as in person)"
        return label
    if picked.typed_remote:
        return f"Phone or telehealth ({picked.program.telehealth_modifier})"
    return None


def _incomplete(asked: _Asked, prompt: str, needs: str, title: str | None = None) -> Calculation:
    d = asked.discipline
    return Calculation(status="incomplete", title=title or prompt, prompt=prompt, needs=needs,
                       request=asked.request, discipline_label=_discipline_label(d),
                       **_rules_fields(asked.rules))


def _kept(asked: _Asked, picked: _Picked) -> tuple[str, str]:
    """The headline and the prompt of an answer whose quantity (and mode) were kept from
    another service and not yet confirmed (``request.kept``)."""
    request, basis = asked.request, picked.basis
    kept = request.kept
    before = asked.rules.find_service(kept.service)  # type: ignore[union-attr]
    codes = " / ".join(dict.fromkeys(o.key.split()[0] for o in before.options)) \
        if before else "the service chosen before"
    name = f" ({before.name})" if before else ""
    what = plural(request.quantity, basis.item, basis.items)
    items = basis.items
    if kept.mode and request.mode:  # type: ignore[union-attr]
        what += f" ({MODE_LABELS[request.mode].lower()})"
        items += " and delivery mode"
    them = "it" if request.quantity == 1 and not (kept.mode and request.mode) else "them"
    return (f"Confirm or change the {items} kept from {codes}.",
            f"{what} kept from {codes}{name}: confirm or change {them} for {picked.label}. "
            f"Nothing is claimed until you do.")


def _rules_fields(rules: Rules) -> dict:
    m = rules.manifest
    return {"rules_title": m.title, "rules_version": m.version,
            "rules_effective": m.effective_from.isoformat(), "rules_pack": m.id}


def _refused_too(asked: _Asked, picked: _Picked) -> list[str]:
    """Asked by service and refused for the discipline: the service's other codes, each
    refused for it too (the advice says why each), so that the headline names them all."""
    if not (asked.request.service and not asked.request.code and picked.service is not None):
        return []
    rules = asked.rules
    return [o.key for o in picked.service.options if o.key != picked.entry.key
            and _discipline_problem(asked, rules.entry(o.key))]


def _title(asked: _Asked, picked: _Picked, count: _Count, status: str,
           problems: tuple[Problem, ...]) -> str:
    if status == "claimable":
        return f"Claimable: {picked.label}, {plural(count.units, 'unit')}"
    if any(p.field == "activities" for p in problems):
        return f"Not claimable yet: {picked.label} needs the not-billable minutes taken out"
    refused = [picked.label]
    if any(p.field == "discipline" for p in problems):
        refused += _refused_too(asked, picked)
    return f"Not claimable: {' or '.join(refused)}"


@dataclass(frozen=True, slots=True)
class _Said:
    """What the answer to a request says whatever its quantity: requests that differ only
    in their quantity (one shape, :func:`_shape`) for the same code entry get the same
    problems of their other inputs, advice for the discipline, notes, labels and
    citations. Worked out once (:func:`_said`) and kept in ``rules.derived``: an audit asks
    about one service with many minute counts (bench/engine_speed.py, the audit's mix of
    200,000 lines: 22 us a request with it, 54 us without)."""

    problems: tuple[Problem, ...]  # of the inputs but the quantity (_input_problems)
    advice: tuple[str, ...]  # for the discipline (_discipline_advice)
    #: the answer's fields that do not depend on the quantity; each answer is a copy with
    #: the quantity's fields put in (calculate), which saves validating the same fields
    #: again (22 us a request, 25 us validated)
    answer: Calculation


def _said(asked: _Asked, picked: _Picked) -> _Said:
    key = ("said", asked.shape, picked.entry.key)  # by service, the entry varies (_choose)
    found = asked.rules.derived.get(key)
    if found is None:
        problems = _input_problems(asked, picked)
        advice, advice_notes = _discipline_advice(asked, picked, problems)
        found = asked.rules.derived[key] = _Said(
            problems, advice, _answer_but_quantity(asked, picked, advice_notes))
    return found  # type: ignore[return-value]


def _answer_but_quantity(asked: _Asked, picked: _Picked,
                         advice_notes: tuple[NoteOut, ...]) -> Calculation:
    """The answer with the fields that depend on the quantity left empty: calculate()
    fills in every one of them (so that each answer has the same fields set as one made
    in one call: ``model_fields_set``)."""
    rules, request = asked.rules, asked.request
    entry, d, setting = picked.entry, asked.discipline, asked.setting
    return Calculation(
        # the quantity's, filled in by calculate()
        status="incomplete", request=request, title="", lines=(), steps=(), prompt=None,
        next_unit_minutes=None, minutes_to_next_unit=None, advice=(), alternative=None,
        problems=(), quantity_label="",
        # the same for every quantity
        notes=tuple(_notes(asked, picked, advice_notes)),
        label=picked.label,
        code_name=entry.name,
        code_type=entry.code_type,
        program=picked.program.short,
        discipline_label=_discipline_label(d),
        mode_label=_mode_label(request, picked),
        setting_label=setting.name if setting and picked.program.levels_of_care else None,
        activities=tuple(("" if a.billable else "not billable: ") + a.text.rstrip(".")
                         for a in (rules.activity(i) for i in request.activities) if a),
        amount_required=entry.amount_required,
        basis=picked.basis.name,
        source=rules.cite(entry.source),
        modifier_source=_modifier_source(asked, picked),
        **_rules_fields(rules),
    )


@dataclass(frozen=True, slots=True)
class _Counted:
    """What the quantity makes of the code as claimed, whoever asks: the count, the
    quantity's problem, the worked calculation, the claim's line and the next unit. Worked
    out once (:func:`_counted`) and kept in ``rules.derived``: an audit asks about the same
    code and minutes for many disciplines, levels of care and modes (12 in 13 requests of
    its mix find theirs made: 22 us a request with it, 41 us without)."""

    count: _Count
    problem: tuple[Problem, ...]  # the quantity's, if any
    steps: tuple[str, ...]
    lines: tuple[ClaimLine, ...]  # the claim, when it is claimable
    next_unit_minutes: int | None
    quantity_label: str


def _counted(asked: _Asked, picked: _Picked, others_refuse: bool) -> _Counted:
    """``others_refuse``: a problem of another input than the quantity keeps the answer
    from being claimable (then no claim, and no next unit to reach)."""
    rules, request = asked.rules, asked.request
    nb = request.non_billable
    # all the parts read of the request and of the pick (an entry's basis and unit)
    key = ("counted", picked.entry.key, picked.modifiers, request.quantity, nb.activity_minutes,
           nb.travel, nb.documentation, others_refuse)
    found = rules.derived.get(key)
    if found is not None:
        return found  # type: ignore[return-value]
    count = _count(asked, picked)
    entry = picked.entry
    quantity = _quantity_problem(asked, picked, count)
    problem = () if quantity is None else (
        Problem(field="quantity", text=quantity, source=rules.cite(entry.source)),)
    claimable = not others_refuse and not problem and count.units > 0
    next_at = (_next_unit_minutes(rules, entry, count.counted)
               if picked.basis.quantity == "minutes" and not others_refuse else None)
    if next_at is not None:
        next_at += request.quantity - count.counted  # in the session's minutes, as entered
        if next_at > rules.quantity("minutes").maximum:
            next_at = None
    found = rules.derived[key] = _Counted(
        count=count,
        problem=problem,
        # nothing entered yet: no calculation to show, and the prompt says what to enter
        steps=tuple(_steps(asked, picked, count, claimable)) if request.quantity else (),
        lines=(ClaimLine(code=entry.code, modifiers=picked.modifiers, units=count.units,
                         amount_required=entry.amount_required),) if claimable else (),
        next_unit_minutes=next_at,
        quantity_label=_session_label(picked.basis, request.quantity, count.counted)
        if request.quantity else "")
    return found


def calculate(rules: Rules, request: Request) -> Calculation:
    """Answer one request from the rules. Raises :class:`InputError` for a bad request."""
    asked = _resolve(rules, request)
    try:
        picked = _pick(asked)
    except _Incomplete as missing:
        return _incomplete(asked, str(missing), "discipline")
    if picked is None:
        return _incomplete(asked, "Choose a service.", "service")
    said = _said(asked, picked)  # all the answer says but the quantity's part
    counted = _counted(asked, picked, bool(said.problems))  # the quantity's part
    problems = said.problems + counted.problem
    if request.quantity == 0 and not problems:
        return _incomplete(asked, f"Enter the {picked.basis.items} for {picked.label}.",
                           "quantity")
    kept = _kept(asked, picked) if request.kept is not None else None
    if kept is not None and not problems:  # a claim nobody looked at is no claim yet
        return _incomplete(asked, kept[1], "quantity", title=kept[0])
    count = counted.count
    status = "not_claimable" if problems or count.units == 0 else "claimable"
    alternative = (_without_typed_remote(picked, problems, count)
                   or _alternative(asked, picked.entry, count.counted, picked.mode)
                   if problems else None)
    next_at = counted.next_unit_minutes
    # these values are the engine's own, of the types the model holds (tuples, ints): put
    # into a copy of the rest of the answer, not validated again (see _Said)
    return said.answer.model_copy(update={
        "status": status,
        "request": request,
        "title": _title(asked, picked, count, status, problems),
        "lines": counted.lines,
        "steps": counted.steps,
        "prompt": kept[1] if kept is not None
        else None if request.quantity else f"Enter the {picked.basis.items} for {picked.label}.",
        "next_unit_minutes": next_at,
        "minutes_to_next_unit": None if next_at is None else next_at - request.quantity,
        # the code to use instead, then what the discipline's problem calls for
        "advice": (f"Use {alternative} instead.", *said.advice) if alternative
        else said.advice,
        "alternative": alternative,
        "problems": problems,
        "quantity_label": counted.quantity_label,
    })
