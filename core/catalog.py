"""Read-only views of the rules for pickers, the code reference and the About page.

The GUI shows these lists as they come; the CLI prints them as JSON.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import __version__
from .packs import Library, PackInfo
from .rules import Rules, Service
from .vocab import MODES, NOTE_KINDS

__all__ = ["MODES", "NOTE_KINDS", "about", "activities", "code_selection", "disciplines",
           "eligibility", "reference_rows", "search", "service", "services", "settings"]


#: the views are plain frozen dataclasses: built from rules already validated, they need
#: no validation of their own, and they keep the GUI's start-up light.
_view = dataclass(frozen=True, slots=True)


@_view
class OptionInfo:
    key: str
    code: str
    modifiers: tuple[str, ...]
    label: str
    basis: str
    quantity_kind: str
    quantity_unit: str  # plural word for the quantity input, e.g. "minutes", "days"
    quantity_max: int
    mode_applies: bool  # whether the delivery mode changes or qualifies the answer
    mode_note: str | None  # why not, with its source
    setting_applies: bool  # whether the level of care matters (DMC-ODS)
    setting_note: str | None


@_view
class ServiceInfo:
    id: str
    name: str
    program: str
    program_name: str
    codes: str  # e.g. "99367 / 99368"
    description: str
    plan_chooses: bool
    care_coordination: bool
    options: tuple[OptionInfo, ...]
    search_text: str  # lower-case words a search box matches against

    def matches(self, text: str) -> bool:
        """True when every word of ``text`` is found in the code, name or keywords."""
        return all(w in self.search_text for w in text.casefold().split())


@_view
class Eligibility:
    may_claim: bool
    text: str | None  # why not, and who may


@_view
class ReferenceRow:
    code: str
    modifiers: str
    program: str
    name: str
    code_type: str
    basis: str
    minimum: str
    disciplines: str
    settings: str
    source: str


@_view
class DocumentInfo:
    title: str
    publisher: str
    revised: str
    based_on: str | None


@_view
class ErratumInfo:
    applies_to: str
    source_says: str
    reading: str
    source: str


@_view
class AboutInfo:
    title: str
    app_version: str
    version: str
    effective: str
    summary: str
    documents: tuple[DocumentInfo, ...]  # the sources, not this app's readings
    errata: tuple[ErratumInfo, ...]
    pack_id: str = ""  # the pack these rules are (the one in use)
    #: every pack known, oldest first, with dates, sources and origin (core.packs.PackInfo)
    packs: tuple[PackInfo, ...] = ()
    packs_folder: str = ""  # where added packs are kept (the user folder)
    pack_problems: tuple[str, ...] = ()  # packs left out of the user folder, and why


@_view
class DisciplineInfo:
    id: str
    name: str
    licensed: bool


@_view
class SettingInfo:
    id: str
    name: str


@_view
class ActivityInfo:
    id: str
    topic: str
    text: str
    billable: bool
    reason: str | None
    source: str


@_view
class CodeSelection:
    """What the calculator selects for a code key: the service, its billing option where the
    plan chooses, and the delivery mode the key stands for (None: leave the mode as it is)."""

    service_id: str
    option_key: str | None
    mode: str | None


def _option(rules: Rules, key: str, label: str | None) -> OptionInfo:
    entry = rules.entry(key)
    basis = rules.basis(entry.unit.basis)
    program = rules.program(entry.program)
    q = rules.quantity(basis.quantity)
    remote = entry.remote
    mode_applies = remote is None or remote.allowed
    mode_note = None if mode_applies else (
        f"{key} is answered as given in person: {remote.why} "  # type: ignore[union-attr]
        f"(Source: {rules.cite(remote.source)})")  # type: ignore[union-attr]
    setting_note = None if program.levels_of_care else (
        f"The level of care applies to {', '.join(p.short for p in rules.programs if p.levels_of_care)} "
        f"services only, not to {program.short}.")
    return OptionInfo(key=key, code=entry.code, modifiers=entry.modifiers,
                      label=label or f"{key}: {entry.name} ({basis.name})", basis=basis.name,
                      quantity_kind=basis.quantity, quantity_unit=basis.items,
                      quantity_max=q.maximum, mode_applies=mode_applies, mode_note=mode_note,
                      setting_applies=program.levels_of_care, setting_note=setting_note)


def _service_info(rules: Rules, service: Service) -> ServiceInfo:
    program = rules.program(service.program)
    options = tuple(_option(rules, o.key, o.label) for o in service.options)
    codes = " / ".join(dict.fromkeys(o.key if service.plan_chooses else o.code for o in options))
    words = [service.name, service.description, codes, program.name, program.short,
             *service.keywords, *(o.key for o in options),
             *(rules.entry(o.key).name for o in options)]
    return ServiceInfo(id=service.id, name=service.name, program=program.id,
                       program_name=program.short, codes=codes, description=service.description,
                       plan_chooses=service.plan_chooses,
                       care_coordination=service.care_coordination, options=options,
                       search_text=" ".join(words).casefold())


def services(rules: Rules) -> tuple[ServiceInfo, ...]:
    return tuple(_service_info(rules, s) for s in rules.services)


def service(rules: Rules, service_id: str) -> ServiceInfo:
    found = rules.find_service(service_id)
    if found is None:
        raise KeyError(service_id)
    return _service_info(rules, found)


def eligibility(rules: Rules, service_id: str, discipline_id: str | None) -> Eligibility:
    """May this discipline claim any code of this service? If not, why, and who may."""
    found = rules.find_service(service_id)
    d = rules.find_discipline(discipline_id) if discipline_id else None
    if found is None or d is None:
        return Eligibility(may_claim=True, text=None)
    entries = [rules.entry(o.key) for o in found.options]
    listed = [e for e in entries if e.disciplines is not None]
    if not listed or any(d.id in e.disciplines for e in listed):  # type: ignore[operator]
        return Eligibility(may_claim=True, text=None)
    who = sorted({x for e in listed for x in e.disciplines or ()})
    codes = " / ".join(dict.fromkeys(e.code for e in listed))
    return Eligibility(may_claim=False, text=(
        f"{d.id} may not claim {codes}. Disciplines that may: {', '.join(who)}."))


def reference_rows(rules: Rules) -> tuple[ReferenceRow, ...]:
    rows = []
    for e in rules.codes:
        basis = rules.basis(e.unit.basis)
        u = e.unit
        if basis.method == "timed":
            minimum = f"{u.minimum} min (unit {u.length} min)"
        elif basis.method == "range":
            minimum = f"{u.minimum} min" + (f" (range {u.minimum}-{u.maximum})" if u.maximum else "")
        else:
            minimum = "-"
        if e.disciplines is not None:
            who = ", ".join(e.disciplines)
        elif e.licensed is True:
            who = "clinical (licensed) staff"
        elif e.licensed is False:
            who = "non-clinical staff"
        else:
            who = "any (the source lists none)"
        settings = ", ".join(e.settings) if e.settings else "any"
        rows.append(ReferenceRow(code=e.code, modifiers=" ".join(e.modifiers),
                                 program=rules.program(e.program).short, name=e.name,
                                 code_type=e.code_type or "",
                                 basis=basis.name, minimum=minimum, disciplines=who,
                                 settings=settings, source=rules.cite(e.source)))
    return tuple(rows)


def about(rules: Rules, library: Library | None = None) -> AboutInfo:
    """What About shows: these rules, their sources and readings, and (given the library)
    every pack with its dates and sources, and the user folder."""
    m = rules.manifest
    return AboutInfo(
        pack_id=m.id,
        packs=library.packs if library else (),
        packs_folder=str(library.user_dir) if library else "",
        pack_problems=library.problems if library else (),
        title=m.title, app_version=__version__, version=m.version,
        effective=m.effective.isoformat(), summary=m.summary,
        documents=tuple(DocumentInfo(title=d.title, publisher=d.publisher, revised=d.revised,
                                     based_on=d.based_on)
                        for d in rules.documents if not d.reading),
        errata=tuple(ErratumInfo(applies_to=", ".join(e.applies_to), source_says=e.source_says,
                                 reading=e.reading,
                                 source=" and ".join(rules.cite(s) for s in (e.source, *e.also)))
                     for e in rules.errata))


def quantity_max(rules: Rules, kind: str = "minutes") -> int:
    """The most one claim can hold of a kind of quantity (minutes: the window's travel and
    documentation fields, and the quantity before a service is chosen)."""
    return rules.quantity(kind).maximum


def disciplines(rules: Rules) -> tuple[DisciplineInfo, ...]:
    return tuple(DisciplineInfo(d.id, d.name, d.licensed) for d in rules.disciplines)


def settings(rules: Rules) -> tuple[SettingInfo, ...]:
    return tuple(SettingInfo(s.id, s.name) for s in rules.settings)


def activities(rules: Rules) -> tuple[ActivityInfo, ...]:
    return tuple(ActivityInfo(a.id, a.topic, a.text, a.billable, a.reason, rules.cite(a.source))
                 for a in rules.activities)


def search(rules: Rules, text: str, discipline_id: str | None = None) -> tuple[ServiceInfo, ...]:
    """The services matching every word of ``text``, best first: a service offering the
    code typed, then those the discipline may claim (by its list, licensure or program),
    then the rest, each group in the rules' order."""
    wanted = text.strip().casefold()
    found = [s for s in services(rules) if s.matches(wanted)] if wanted else list(services(rules))
    d = rules.find_discipline(discipline_id) if discipline_id else None
    staffed_programs = {p for x in rules.disciplines for p in x.programs}

    def rank(info: ServiceInfo) -> tuple[int, int]:
        exact = any(wanted in (o.code.casefold(), o.key.casefold()) for o in info.options)
        staffed = info.program in staffed_programs  # programs whose codes follow a discipline
        open_to = d is None or ((not staffed or info.program in d.programs)
                                and eligibility(rules, info.id, d.id).may_claim)
        return (0 if exact else 1, 0 if open_to else 1)

    return tuple(sorted(found, key=rank))


def code_selection(rules: Rules, key: str) -> CodeSelection | None:
    """What to select in the calculator for a code key of the code reference."""
    if not rules.has_entry(key):
        return None
    entry = rules.entry(key)
    offered = rules.services_with(key)
    if not offered:
        return None
    service = offered[0]
    return CodeSelection(service_id=service.id,
                         option_key=key if service.plan_chooses else None,
                         mode=entry.modes[0] if entry.modes else None)
