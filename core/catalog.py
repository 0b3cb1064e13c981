"""Read-only views of the rules for pickers, the code reference and the About page.

The GUI shows these lists as they come; the CLI prints them as JSON.
"""

from __future__ import annotations

from dataclasses import dataclass

from .rules import Rules, Service

#: delivery modes: id and the words shown for it (vocabulary, not a billing rule)
MODES: tuple[tuple[str, str], ...] = (
    ("in-person", "In person"),
    ("telehealth", "Telehealth (video)"),
    ("phone", "Phone / audio only"),
)


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
    basis: str
    minimum: str
    disciplines: str
    settings: str
    source: str


@_view
class DocumentInfo:
    id: str
    title: str
    publisher: str
    revised: str


@_view
class ErratumInfo:
    applies_to: str
    seed_says: str
    reading: str
    source: str


@_view
class AboutInfo:
    title: str
    version: str
    effective: str
    summary: str
    documents: tuple[DocumentInfo, ...]
    errata: tuple[ErratumInfo, ...]


def _option(rules: Rules, key: str, label: str | None) -> OptionInfo:
    entry = rules.entry(key)
    basis = rules.basis(entry.unit.basis)
    q = rules.quantity(basis.quantity)
    return OptionInfo(key=key, code=entry.code, modifiers=entry.modifiers,
                      label=label or f"{key}: {entry.name} ({basis.name})", basis=basis.name,
                      quantity_kind=basis.quantity, quantity_unit=basis.items,
                      quantity_max=q.maximum)


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
            who = "not restricted by the seed"
        settings = ", ".join(e.settings) if e.settings else "any"
        rows.append(ReferenceRow(code=e.code, modifiers=" ".join(e.modifiers),
                                 program=rules.program(e.program).short, name=e.name,
                                 basis=basis.name, minimum=minimum, disciplines=who,
                                 settings=settings, source=rules.cite(e.source)))
    return tuple(rows)


def about(rules: Rules) -> AboutInfo:
    m = rules.manifest
    return AboutInfo(
        title=m.title, version=m.version, effective=m.effective.isoformat(), summary=m.summary,
        documents=tuple(DocumentInfo(id=d.id, title=d.title, publisher=d.publisher,
                                     revised=d.revised) for d in rules.documents),
        errata=tuple(ErratumInfo(applies_to=", ".join(e.applies_to), seed_says=e.seed_says,
                                 reading=e.reading, source=rules.cite(e.source))
                     for e in rules.errata))
