"""The rules data: strict pydantic models over the TOML files in ``resources/rules``.

Every file is parsed with unknown keys refused and every model frozen. After each file
parses, cross-references are checked (disciplines, settings, notes, errata, exclusive
alternatives, service options). Any problem raises :class:`RulesError` naming the file
and the entry, so a broken rules file is refused before a clinician sees an answer.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import RulesError
from .resources import rules_dir

Mode = Literal["in-person", "telehealth", "phone"]
QuantityKind = Literal["minutes", "days", "months", "count"]
Method = Literal["timed", "range", "count"]
SettingKind = Literal["outpatient", "residential", "inpatient", "otp", "none"]
NoteKind = Literal["IMS/MAT", "lockout", "care coordination", "eligibility", "billing", "errata"]

_CODE_PATTERN = r"^[A-Z0-9]{5}$"
_MODIFIER_PATTERN = r"^[A-Z0-9]{2}$"
_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
#: a modifier as the seeds write it: two capital letters or digits (U1, GQ)
Modifier = Annotated[str, Field(pattern=_MODIFIER_PATTERN)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Source(_Strict):
    """Where a rule comes from: a document of ``documents.toml`` and the part of it."""

    doc: str
    section: str = Field(min_length=1)


class Document(_Strict):
    id: str
    cite_as: str = Field(description="how a citation names it, e.g. 'Seed 000'")
    title: str
    publisher: str
    revised: str = Field(description="the revision the document states, or 'undated'")
    file: str | None = None


class Manifest(_Strict):
    title: str
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    effective: date
    summary: str


class Program(_Strict):
    id: str = Field(pattern=_ID_PATTERN)
    name: str
    short: str
    telehealth_modifier: str | None = Field(default=None, pattern=_MODIFIER_PATTERN)
    telehealth_modes: tuple[Mode, ...] = ()
    notes: tuple[str, ...] = ()
    source: Source


class Basis(_Strict):
    """A unit basis: how a unit is counted (per 15 minutes, per diem, ...)."""

    id: str = Field(pattern=_ID_PATTERN)
    name: str
    method: Method
    quantity: QuantityKind
    item: str = Field(description="what is counted, singular: minute, day, contact, meal")
    items: str = Field(description="the same, plural")
    unit_name: str = Field(description="what one unit is, for the worked calculation")


class Quantity(_Strict):
    """A kind of quantity a request can carry, with its unit word and input bounds."""

    id: QuantityKind
    singular: str
    plural: str
    maximum: int = Field(gt=0)
    source: Source


class Discipline(_Strict):
    id: str
    name: str
    licensed: bool
    programs: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    source: Source


class Setting(_Strict):
    id: str
    name: str
    kind: SettingKind
    source: Source


class Unit(_Strict):
    basis: str
    length: int | None = Field(default=None, gt=0, description="minutes in one unit (timed)")
    minimum: int | None = Field(default=None, ge=0, description="minutes needed for a unit")
    maximum: int | None = Field(default=None, gt=0, description="upper end of a minute range")


class Example(_Strict):
    """A worked example as the seed gives it: the quantity and the units it claims."""

    quantity: int = Field(ge=0)
    units: int = Field(ge=0)
    text: str


class CodeEntry(_Strict):
    code: str = Field(pattern=_CODE_PATTERN)
    modifiers: tuple[Modifier, ...] = ()
    program: str
    name: str
    description: str
    code_type: str | None = None
    unit: Unit
    disciplines: tuple[str, ...] | None = Field(
        default=None, description="the exact list of disciplines who may claim it")
    licensed: bool | None = Field(
        default=None, description="True: licensed (clinical) staff only; False: unlicensed only")
    settings: tuple[str, ...] | None = Field(
        default=None, description="levels of care it may be claimed in; None: any")
    modes: tuple[Mode, ...] | None = Field(
        default=None, description="delivery modes this combination stands for; None: any")
    amount_required: bool = False
    exclusive_with: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    examples: tuple[Example, ...] = ()
    source: Source
    # Fields the seeds do not give; a QA team may fill them in later. Shown only when set.
    rate: str | None = None
    max_units_per_day: int | None = Field(default=None, gt=0)
    place_of_service: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return " ".join((self.code, *self.modifiers))

    @model_validator(mode="after")
    def _check(self) -> CodeEntry:
        if len(set(self.modifiers)) != len(self.modifiers):
            raise ValueError("a modifier is listed twice")
        if self.disciplines is not None and self.licensed is not None:
            raise ValueError("give either a discipline list or a licensure rule, not both")
        return self


class ServiceOption(_Strict):
    code: str = Field(pattern=_CODE_PATTERN)
    modifiers: tuple[Modifier, ...] = ()
    label: str | None = None

    @property
    def key(self) -> str:
        return " ".join((self.code, *self.modifiers))


class Service(_Strict):
    id: str = Field(pattern=_ID_PATTERN)
    name: str
    program: str
    description: str
    options: tuple[ServiceOption, ...] = Field(min_length=1)
    plan_chooses: bool = Field(
        default=False, description="the options are alternatives the plan chooses between")
    care_coordination: bool = False
    keywords: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    source: Source


class NoteWhen(_Strict):
    """Conditions under which a note applies; an unset field does not restrict."""

    setting_kinds: tuple[SettingKind, ...] | None = None
    non_billable: bool | None = Field(
        default=None, description="True: only when non-billable minutes were recorded")
    settings: tuple[str, ...] | None = None
    modes: tuple[Mode, ...] | None = None
    disciplines: tuple[str, ...] | None = None
    licensed: bool | None = None


class Note(_Strict):
    id: str = Field(pattern=_ID_PATTERN)
    kind: NoteKind
    text: str
    when: NoteWhen | None = None
    source: Source


class Erratum(_Strict):
    id: str = Field(pattern=_ID_PATTERN)
    applies_to: tuple[str, ...] = Field(min_length=1, description="code keys it concerns")
    seed_says: str
    reading: str
    source: Source


class Activity(_Strict):
    id: str = Field(pattern=_ID_PATTERN)
    topic: str
    text: str
    billable: bool
    reason: str | None = None
    source: Source

    @model_validator(mode="after")
    def _reason(self) -> Activity:
        if not self.billable and not self.reason:
            raise ValueError("a not-billable activity needs the seed's reason")
        return self


class Rules(_Strict):
    """Everything the engine needs, loaded and cross-checked."""

    manifest: Manifest
    documents: tuple[Document, ...]
    programs: tuple[Program, ...]
    bases: tuple[Basis, ...]
    quantities: tuple[Quantity, ...]
    disciplines: tuple[Discipline, ...]
    settings: tuple[Setting, ...]
    codes: tuple[CodeEntry, ...]
    services: tuple[Service, ...]
    notes: tuple[Note, ...]
    errata: tuple[Erratum, ...]
    activities: tuple[Activity, ...]

    # Lookup helpers. Each is a plain scan over a small tuple; the data has ~100 entries.
    def document(self, doc_id: str) -> Document:
        return _by_id(self.documents, doc_id)

    def program(self, program_id: str) -> Program:
        return _by_id(self.programs, program_id)

    def basis(self, basis_id: str) -> Basis:
        return _by_id(self.bases, basis_id)

    def quantity(self, kind: str) -> Quantity:
        return _by_id(self.quantities, kind)

    def note(self, note_id: str) -> Note:
        return _by_id(self.notes, note_id)

    def find_discipline(self, text: str) -> Discipline | None:
        wanted = text.strip().casefold()
        for d in self.disciplines:
            if d.id.casefold() == wanted or any(a.casefold() == wanted for a in d.aliases):
                return d
        return None

    def find_setting(self, text: str) -> Setting | None:
        wanted = text.strip().casefold()
        return next((s for s in self.settings if s.id.casefold() == wanted), None)

    def find_service(self, text: str) -> Service | None:
        wanted = text.strip().casefold()
        return next((s for s in self.services if s.id == wanted), None)

    @cached_property
    def _entries_by_key(self) -> dict[str, CodeEntry]:
        return {e.key: e for e in self.codes}

    def entries_for_code(self, code: str) -> tuple[CodeEntry, ...]:
        wanted = code.strip().upper()
        return tuple(e for e in self.codes if e.code == wanted)

    def entry(self, key: str) -> CodeEntry:
        return self._entries_by_key[key]

    def services_with(self, key: str) -> tuple[Service, ...]:
        return tuple(s for s in self.services if any(o.key == key for o in s.options))

    def errata_for(self, key: str) -> tuple[Erratum, ...]:
        code = key.split()[0]
        return tuple(e for e in self.errata if key in e.applies_to or code in e.applies_to)

    def cite(self, source: Source) -> str:
        """A citation a QA reviewer can follow: document, section, revision."""
        doc = self.document(source.doc)
        return f"{doc.cite_as}, {source.section} ({doc.revised})"


def _by_id(items: Iterable, wanted: str):
    for item in items:
        if item.id == wanted:
            return item
    raise KeyError(wanted)


# ---------------------------------------------------------------------------------------
# Loading

#: file name -> (table key in that file, model, whether the file holds a list of entries)
_FILES: dict[str, tuple[str, type[BaseModel], bool]] = {
    "rules.toml": ("rules", Manifest, False),
    "documents.toml": ("document", Document, True),
    "programs.toml": ("program", Program, True),
    "bases.toml": ("basis", Basis, True),
    "quantities.toml": ("quantity", Quantity, True),
    "disciplines.toml": ("discipline", Discipline, True),
    "settings.toml": ("setting", Setting, True),
    "codes-dmc-ods.toml": ("code", CodeEntry, True),
    "codes-ecm.toml": ("code", CodeEntry, True),
    "codes-community-supports.toml": ("code", CodeEntry, True),
    "services.toml": ("service", Service, True),
    "notes.toml": ("note", Note, True),
    "errata.toml": ("erratum", Erratum, True),
    "activities.toml": ("activity", Activity, True),
}


def _entry_name(raw: object, index: int) -> str:
    if isinstance(raw, dict):
        if "code" in raw and isinstance(raw.get("code"), str):
            mods = raw.get("modifiers") or []
            if isinstance(mods, list) and all(isinstance(m, str) for m in mods):
                return " ".join([raw["code"], *mods])
            return str(raw["code"])
        if isinstance(raw.get("id"), str):
            return str(raw["id"])
    return f"#{index + 1}"


def _describe(error: ValidationError) -> str:
    parts = []
    for err in error.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "entry"
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown key"
        parts.append(f"{loc}: {msg}")
    return "; ".join(parts)


def _read_file(folder: Path, name: str) -> list[tuple[str, BaseModel]]:
    path = folder / name
    key, model, many = _FILES[name]
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise RulesError(name, None, "the file is missing") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesError(name, None, f"cannot be read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(name, None, f"is not valid TOML ({exc})") from None
    unknown = sorted(set(data) - {key})
    if unknown:
        raise RulesError(name, None, f"unknown top-level key {unknown[0]!r}; expected {key!r}")
    raw = data.get(key)
    if raw is None:
        raise RulesError(name, None, f"has no {key!r} entries")
    items = raw if many else [raw]
    if not isinstance(items, list):
        raise RulesError(name, None, f"{key!r} must be a list of tables ([[{key}]])")
    out = []
    for index, item in enumerate(items):
        label = _entry_name(item, index)
        try:
            out.append((label, model.model_validate(item)))
        except ValidationError as exc:
            raise RulesError(name, label, _describe(exc)) from None
    return out


def load_rules(folder: Path | None = None) -> Rules:
    """Read, validate and cross-check the rules in ``folder`` (the shipped rules by default)."""
    folder = Path(folder) if folder is not None else rules_dir()
    if not folder.is_dir():
        raise RulesError(str(folder), None, "the rules folder is missing")
    read = {name: _read_file(folder, name) for name in _FILES}

    def models(name: str) -> tuple:
        return tuple(m for _, m in read[name])

    codes_files = ("codes-dmc-ods.toml", "codes-ecm.toml", "codes-community-supports.toml")
    rules = Rules.model_construct(
        manifest=read["rules.toml"][0][1],
        documents=models("documents.toml"),
        programs=models("programs.toml"),
        bases=models("bases.toml"),
        quantities=models("quantities.toml"),
        disciplines=models("disciplines.toml"),
        settings=models("settings.toml"),
        codes=tuple(m for f in codes_files for m in models(f)),
        services=models("services.toml"),
        notes=models("notes.toml"),
        errata=models("errata.toml"),
        activities=models("activities.toml"),
    )
    _cross_check(rules, read)
    return rules


def _cross_check(rules: Rules, read: dict[str, list[tuple[str, BaseModel]]]) -> None:
    docs = {d.id for d in rules.documents}
    programs = {p.id for p in rules.programs}
    bases = {b.id: b for b in rules.bases}
    disciplines = {d.id for d in rules.disciplines}
    settings = {s.id for s in rules.settings}
    notes = {n.id for n in rules.notes}
    keys = [c.key for c in rules.codes]

    for name, entries in read.items():
        seen: set[str] = set()
        for label, model in entries:
            def fail(problem: str, _name: str = name, _label: str = label) -> None:
                raise RulesError(_name, _label, problem)

            ident = getattr(model, "key", None) or getattr(model, "id", None)
            if ident is not None:
                if ident in seen:
                    fail("is listed twice")
                seen.add(ident)
            source = getattr(model, "source", None)
            if source is not None and source.doc not in docs:
                fail(f"source names document {source.doc!r}, which documents.toml lacks")
            for note_id in getattr(model, "notes", ()) or ():
                if note_id not in notes:
                    fail(f"names note {note_id!r}, which notes.toml lacks")
            prog = getattr(model, "program", None)
            if isinstance(prog, str) and prog not in programs:
                fail(f"names program {prog!r}, which programs.toml lacks")
            if isinstance(model, Discipline):
                for p in model.programs:
                    if p not in programs:
                        fail(f"names program {p!r}, which programs.toml lacks")
            if isinstance(model, CodeEntry):
                _check_code(model, bases, disciplines, settings, keys, fail)
            if isinstance(model, Service):
                for opt in model.options:
                    if opt.key not in keys:
                        fail(f"option {opt.key} is not a code in the codes files")
                    elif rules.entry(opt.key).program != model.program:
                        fail(f"option {opt.key} belongs to another program")
            if isinstance(model, Note) and model.when is not None:
                for d in model.when.disciplines or ():
                    if d not in disciplines:
                        fail(f"names discipline {d!r}, which disciplines.toml lacks")
                for s in model.when.settings or ():
                    if s not in settings:
                        fail(f"names setting {s!r}, which settings.toml lacks")
            if isinstance(model, Erratum):
                for key in model.applies_to:
                    if key not in keys and not rules.entries_for_code(key):
                        fail(f"applies to {key!r}, which is not a code in the codes files")

    # every code must be reachable from a service, so the window can offer it
    offered = {o.key for s in rules.services for o in s.options}
    for name in ("codes-dmc-ods.toml", "codes-ecm.toml", "codes-community-supports.toml"):
        for label, model in read[name]:
            if model.key not in offered:
                raise RulesError(name, label, "no service in services.toml offers this code")
    kinds = {q.id for q in rules.quantities}
    for label, model in read["bases.toml"]:
        if model.quantity not in kinds:
            raise RulesError("bases.toml", label, f"quantity {model.quantity!r} is not defined")


def _check_code(entry: CodeEntry, bases: dict[str, Basis], disciplines: set[str],
                settings: set[str], keys: list[str], fail) -> None:
    basis = bases.get(entry.unit.basis)
    if basis is None:
        fail(f"unit basis {entry.unit.basis!r} is not in bases.toml")
        return
    unit = entry.unit
    if basis.method == "timed":
        if unit.length is None or unit.minimum is None:
            fail(f"a {basis.id} code needs a unit length and a minimum")
        elif unit.minimum > unit.length:
            fail(f"minimum {unit.minimum} min exceeds the unit length of {unit.length} min")
        if unit.maximum is not None:
            fail("a timed code has no maximum")
    elif basis.method == "range":
        if unit.minimum is None:
            fail("a minute-range code needs a minimum")
        elif unit.maximum is not None and unit.maximum < unit.minimum:
            fail(f"range {unit.minimum}-{unit.maximum} min is out of order")
        if unit.length is not None:
            fail("a minute-range code has no unit length")
    elif any(v is not None for v in (unit.length, unit.minimum, unit.maximum)):
        fail(f"a {basis.id} code takes no minutes (length, minimum or maximum)")
    for d in entry.disciplines or ():
        if d not in disciplines:
            fail(f"discipline {d!r} is not in disciplines.toml")
    for s in entry.settings or ():
        if s not in settings:
            fail(f"setting {s!r} is not in settings.toml")
    for other in entry.exclusive_with:
        if other not in keys:
            fail(f"exclusive alternative {other!r} is not a code in the codes files")
        if other == entry.key:
            fail("is listed as exclusive with itself")
    for ex in entry.examples:
        if basis.method == "count" and ex.units != ex.quantity:
            fail(f"example of {ex.quantity} gives {ex.units} units; a {basis.id} code counts 1:1")
