"""The rules data: strict pydantic models over the TOML files of a rules pack.

A rules pack is a folder of the TOML files below (``resources/rules`` is the shipped one);
its manifest, ``rules.toml``, says which dates it covers and which sources it implements.
:func:`parse_rules` takes the files' texts ({file name: text}); :func:`load_rules` reads a
folder (each file size-limited, before parsing) and hands the texts to it.

Parsing is strict, for packs from anyone: unknown keys refused, no value coerced from
another type (``licensed = "yes"`` is not a bool), every model frozen. After each file
parses, cross-references are checked (disciplines, settings, notes, errata, same-day
rules, service options, the manifest's sources). Any problem raises :class:`RulesError`
naming the file and the entry; nothing is half-loaded.
"""

from __future__ import annotations

import difflib
import stat
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Annotated, Literal, TypeVar, get_args

from pydantic import (
    BaseModel, ConfigDict, Field, Strict, StringConstraints, ValidationError, model_validator,
)

from .errors import RulesError
from .vocab import Mode, NoteKind, QuantityKind
from .resources import rules_dir

Method = Literal["timed", "range", "count"]
SettingKind = Literal["outpatient", "residential", "inpatient", "otp", "none"]

# Every id, code and key in a pack is plain ASCII of one of these patterns, checked as
# written (never trimmed), so that no look-alike (fullwidth "ＲＮ", Cyrillic "РN", a
# zero-width space, "1．0") can stand for a real id or hide one.
_CODE_PATTERN = r"^[A-Z0-9]{5}$"
_MODIFIER_PATTERN = r"^[A-Z0-9]{2}$"
#: a code with its modifiers, as same-day rules and errata name them: "T2040 U6"
_CODE_KEY_PATTERN = r"^[A-Z0-9]{5}(?: [A-Z0-9]{2})*$"
#: ids the pack makes up itself (programs, bases, services, notes...): "medication-training"
_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
#: ids the sources give (disciplines, levels of care, documents): "RN", "MD/DO", "3.2-WM"
_SOURCE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._/-]*$"
#: another name of a discipline, as a user may type it: "Peer support", "Promotor(a)"
_ALIAS_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9()./_-]*(?: [A-Za-z0-9()./_-]+)*$"
_VERSION_PATTERN = r"^[0-9]+\.[0-9]+\.[0-9]+$"
#: names Windows keeps for devices, which no file or folder can have ("aux", "com1")
_WINDOWS_DEVICE_NAMES = frozenset(["con", "prn", "aux", "nul",
                                   *(f"com{n}" for n in range(1, 10)),
                                   *(f"lpt{n}" for n in range(1, 10))])
#: what each pattern stands for, in a refusal's words
_PATTERN_WORDS = {
    _VERSION_PATTERN: "a version: three whole numbers, such as '1.0.0'",
    _CODE_PATTERN: "a code: 5 capital letters or digits",
    _MODIFIER_PATTERN: "a modifier: 2 capital letters or digits",
    _CODE_KEY_PATTERN: "a code key: a code and its modifiers, one space apart ('T2040 U6')",
    _ID_PATTERN: "an id: lower-case ASCII letters, digits and '-'",
    _SOURCE_ID_PATTERN: "an id: ASCII letters, digits and '.', '_', '/', '-', from a letter "
                        "or digit",
    _ALIAS_PATTERN: "a name: ASCII letters, digits, '(', ')', '.', '/', '_', '-', single "
                    "spaces between words",
}


def _pattern(pattern: str):
    return StringConstraints(strip_whitespace=False, pattern=pattern)


Code = Annotated[str, _pattern(_CODE_PATTERN)]
#: a modifier as the sources write it: two capital letters or digits (U1, GQ)
Modifier = Annotated[str, _pattern(_MODIFIER_PATTERN)]
CodeKey = Annotated[str, _pattern(_CODE_KEY_PATTERN)]
Id = Annotated[str, _pattern(_ID_PATTERN)]
SourceId = Annotated[str, _pattern(_SOURCE_ID_PATTERN)]
Alias = Annotated[str, _pattern(_ALIAS_PATTERN)]
#: the largest whole number a rules file may hold: the window's number fields are 32-bit
INT_MAX = 2**31 - 1
_T = TypeVar("_T")
#: a TOML array, held as a tuple: the array itself may come as a list (TOML's), while its
#: items stay strict
Array = Annotated[tuple[_T, ...], Strict(False)]


class _Strict(BaseModel):
    """Strict: no value is coerced from another type ("yes" is not a bool, "1440" not a
    number, "2025-07-01" not a date); only a TOML array may stand for a tuple (:data:`Array`)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True,
                              str_strip_whitespace=True)


class Source(_Strict):
    """Where a rule comes from: a document of ``documents.toml`` and the part of it.

    For the app's own readings (a document with ``reading = true``), ``reading_of`` names
    the documents read, so the citation names both sources.
    """

    doc: SourceId
    section: str = Field(min_length=1)
    reading_of: Array[SourceId] = ()


class Document(_Strict):
    id: SourceId
    title: str
    publisher: str
    revised: str = Field(description="the revision the document states, or 'undated'")
    based_on: str | None = Field(default=None, description="what the document cites as its basis")
    reading: bool = Field(default=False, description="this app's own reading, not a source")
    file: str | None = None


class PackSource(_Strict):
    """A source document a pack implements, as its manifest lists it."""

    title: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    revision: str = Field(min_length=1)
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$",
                               description="the SHA-256 of the document's file, lower-case hex")


class Manifest(_Strict):
    """A pack's identity (``[rules]`` in ``rules.toml``): which dates it covers, when it is
    due for review, and the sources it implements."""

    id: Id
    title: str = Field(min_length=1)
    version: str = Field(pattern=_VERSION_PATTERN)
    effective_from: date
    effective_to: date | None = Field(default=None, description="the last day it covers")
    review_by: date = Field(description="after this day answers say the pack is due for review")
    summary: str
    sources: Array[PackSource] = ()
    extends: Id | None = Field(default=None, description="the id of the pack this overlay "
                               "changes; its files hold only what changes")

    @property
    def effective(self) -> date:
        """The first day the pack covers (``effective_from``)."""
        return self.effective_from

    def covers(self, day: date) -> bool:
        return covers(self.effective_from, self.effective_to, day)

    def range_text(self) -> str:
        return dates_text(self.effective_from, self.effective_to)

    @model_validator(mode="after")
    def _dates(self) -> Manifest:
        if not self.sources and self.extends is None:
            raise ValueError("sources: a pack needs at least 1 source")
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError(f"effective_to {self.effective_to} is before effective_from "
                             f"{self.effective_from}")
        if self.review_by < self.effective_from:
            raise ValueError(f"review_by {self.review_by} is before effective_from "
                             f"{self.effective_from}")
        if self.id in _WINDOWS_DEVICE_NAMES:  # refused everywhere: a pack may go to Windows
            raise ValueError(f"id {self.id!r} is a name Windows keeps for a device, and a "
                             f"pack added on a computer is kept in a folder named by its id")
        return self


def covers(effective_from: date, effective_to: date | None, day: date) -> bool:
    """Whether a pack with these dates covers ``day`` (both ends included)."""
    return effective_from <= day and (effective_to is None or day <= effective_to)


def dates_text(effective_from: date, effective_to: date | None) -> str:
    """The days a pack covers, e.g. "2024-12-31 onwards" or "2025-07-01 to 2026-06-30"."""
    if effective_to is None:
        return f"{effective_from.isoformat()} onwards"
    return f"{effective_from.isoformat()} to {effective_to.isoformat()}"


def uncovered(day: date, ranges: Iterable[tuple[str, str]]) -> str:
    """The one-line message for a date of service no pack covers; ``ranges``: each pack's
    id and :func:`dates_text`, oldest first."""
    named = "; ".join(f"{pack_id} covers {dates}" for pack_id, dates in ranges)
    return (f"no rules pack covers the date of service {day.isoformat()} "
            f"({named or 'there are no rules packs'})")


class Program(_Strict):
    id: Id
    name: str
    short: str
    telehealth_modifier: Modifier | None = None
    telehealth_modes: Array[Mode] = ()
    levels_of_care: bool = Field(
        default=False, description="answers depend on the member's level of care (ASAM)")
    modifiers_not_given: Source | None = Field(
        default=None, description="set when the sources give no modifier for the program's "
        "codes: a modifier a line adds to a code is then not checked, and the audit says so, "
        "citing this (None: a modifier the program's codes do not list is wrong)")
    notes: Array[Id] = ()
    source: Source


class Basis(_Strict):
    """A unit basis: how a unit is counted (per 15 minutes, per diem, ...)."""

    id: Id
    name: str
    method: Method
    quantity: QuantityKind
    item: str = Field(description="what is counted, singular: minute, day, contact, meal")
    items: str = Field(description="the same, plural")
    unit_name: str = Field(description="what one unit is, for the worked calculation")
    length: int | None = Field(default=None, gt=0, le=INT_MAX,
                               description="minutes in one unit: a timed basis owns it")

    @model_validator(mode="after")
    def _length(self) -> Basis:
        if self.method == "timed" and self.length is None:
            raise ValueError(f"a timed basis needs its unit length (length = minutes in one "
                             f"unit, e.g. 15 for per 15 minutes)")
        if self.method != "timed" and self.length is not None:
            raise ValueError(f"a {self.method} basis has no unit length")
        return self


class Quantity(_Strict):
    """A kind of quantity a request can carry, with its unit word and input bounds."""

    id: QuantityKind
    singular: str
    plural: str
    maximum: int = Field(gt=0, le=INT_MAX)
    source: Source


class Discipline(_Strict):
    id: SourceId
    name: str
    licensed: bool
    programs: Array[Id] = Field(min_length=1)
    aliases: Array[Alias] = ()
    source: Source


class Setting(_Strict):
    id: SourceId
    name: str
    kind: SettingKind
    source: Source


class Unit(_Strict):
    basis: Id
    length: int | None = Field(default=None, gt=0, le=INT_MAX,
                               description="minutes in one unit (timed): its basis's, filled "
                               "in when left out; a length the basis contradicts is refused")
    minimum: int | None = Field(default=None, gt=0, le=INT_MAX,
                                description="minutes needed for a unit")
    maximum: int | None = Field(default=None, gt=0, le=INT_MAX,
                                description="upper end of a minute range")


class Remote(_Strict):
    """A reading of whether codes can be delivered by phone or telehealth, and why
    (``remote-delivery.toml``, usually this app's reading): written once, and named by its
    id from each code entry it concerns (``remote = "day-habilitation-day"``)."""

    id: Id
    allowed: bool
    why: str
    source: Source


class NoteSet(_Strict):
    """Notes shown together on several code entries (``note-sets.toml``), listed once: an
    entry's ``note_sets`` adds their notes after its own ``notes``."""

    id: Id
    name: str = Field(min_length=1, description="what the notes are about, for rules diff")
    notes: Array[Id] = Field(min_length=1)


class Example(_Strict):
    """A worked example as the source gives it: the quantity and the units it claims.

    ``rules check`` runs it through the calculator: for the code, by the discipline and in
    the level of care given here, else the first of the code's own lists (any discipline
    may stand in: the units do not depend on who gives the service)."""

    quantity: int = Field(ge=0, le=INT_MAX)
    units: int = Field(ge=0, le=INT_MAX)
    text: str
    discipline: SourceId | None = None
    setting: SourceId | None = None


class CodeEntry(_Strict):
    code: Code
    modifiers: Array[Modifier] = ()
    program: Id
    name: str
    description: str
    code_type: str | None = None
    unit: Unit
    disciplines: Array[SourceId] | None = Field(
        default=None, min_length=1, description="the exact list of disciplines who may claim it")
    licensed: bool | None = Field(
        default=None, description="True: licensed (clinical) staff only; False: unlicensed only")
    settings: Array[SourceId] | None = Field(
        default=None, min_length=1, description="levels of care it may be claimed in; None: any")
    modes: Array[Mode] | None = Field(
        default=None, min_length=1,
        description="delivery modes this combination stands for; None: any")
    remote: Remote | None = Field(
        default=None, description="whether the program's telehealth modifier may be added: "
        "the file names a reading of remote-delivery.toml by its id, filled in when read")
    amount_required: bool = False
    notes: Array[Id] = Field(default=(), description="its own notes, then those of its "
                             "note_sets (filled in when read)")
    note_sets: Array[Id] = Field(default=(), description="sets of notes.toml's notes, by "
                                 "their id in note-sets.toml")
    examples: Array[Example] = ()
    source: Source
    # Fields the sources do not give; a QA team may fill them in later. Shown only when set.
    rate: str | None = None
    max_units_per_day: int | None = Field(default=None, gt=0, le=INT_MAX)
    place_of_service: Array[SourceId] = ()

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
    code: Code
    modifiers: Array[Modifier] = ()
    label: str | None = None

    @property
    def key(self) -> str:
        return " ".join((self.code, *self.modifiers))


class Service(_Strict):
    id: Id
    name: str
    program: Id
    description: str
    options: Array[ServiceOption] = Field(min_length=1)
    plan_chooses: bool = Field(
        default=False, description="the options are alternatives the plan chooses between")
    care_coordination: bool = False
    keywords: Array[str] = ()
    notes: Array[Id] = ()
    source: Source


class NoteWhen(_Strict):
    """Conditions under which a note applies; an unset field does not restrict."""

    setting_kinds: Array[SettingKind] | None = Field(default=None, min_length=1)
    non_billable: bool | None = Field(
        default=None, description="True: only when non-billable minutes were recorded")
    settings: Array[SourceId] | None = Field(default=None, min_length=1)
    modes: Array[Mode] | None = Field(default=None, min_length=1)
    modifier_added: bool | None = Field(
        default=None, description="True: only when the app added the program's telehealth "
                                  "modifier (not for a code whose own row carries it)")
    disciplines: Array[SourceId] | None = Field(default=None, min_length=1)
    licensed: bool | None = None
    mode_stated: bool | None = Field(
        default=None, description="False: only when the request gave no delivery mode (the "
                                  "answer is for the code's own or in person); True: only "
                                  "when it gave one")


class Note(_Strict):
    id: Id
    kind: NoteKind
    text: str
    when: NoteWhen | None = None
    source: Source


class Erratum(_Strict):
    """An error, conflict or silence in the sources, and this app's reading of it."""

    id: Id
    applies_to: Array[CodeKey] = Field(min_length=1, description="code keys it concerns")
    source_says: str
    reading: str
    when: NoteWhen | None = None
    source: Source
    also: Array[Source] = Field(default=(), description="the other source of a conflict")


SameDayKind = Literal["exclusive", "daily-maximum", "threshold", "setting-lockout"]
#: the fields each kind of same-day rule takes beyond id, kind, codes, same_practitioner,
#: text and source; a field of another kind is refused
_SAME_DAY_FIELDS: dict[str, dict[str, bool]] = {  # field -> required
    "exclusive": {"overridable": False},
    "daily-maximum": {"units": True},
    "threshold": {"units": True, "modifier": True},
    "setting-lockout": {"settings": True, "overridable": False},
}


_WORDS = {"units": "units", "modifier": "modifier", "settings": "levels of care",
          "overridable": "overridable codes"}


def _a(word: str) -> str:
    """The word with its indefinite article: "an exclusive", "a threshold"."""
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


class SameDayRule(_Strict):
    """A rule about one member's day (``same-day.toml``), of one of four kinds:

    - ``exclusive``: the ``codes`` may not all be reported for one member on one day (any
      two of them conflict); lines of an ``overridable`` code are never locked out;
    - ``daily-maximum``: at most ``units`` units of the ``codes``, in all, a member-day;
    - ``threshold``: from ``units`` units of the ``codes`` in all on a member-day, every
      line of them needs ``modifier``;
    - ``setting-lockout``: on a member-day with a line in one of the levels of care
      ``settings``, the lines of the ``codes`` are locked out (except ``overridable`` ones).

    A code is a code entry's key ("T2040 U6"), or a bare code for all its entries
    ("H0034"). ``same_practitioner``: the rule holds only between lines one practitioner
    gives."""

    id: Id
    kind: SameDayKind
    codes: Array[CodeKey] = Field(min_length=1, description="code keys, e.g. 'T2040 U6'")
    units: int | None = Field(default=None, ge=1, le=INT_MAX)
    modifier: Modifier | None = None
    settings: Array[SourceId] | None = Field(default=None, min_length=1)
    overridable: Array[CodeKey] = Field(
        default=(), description="codes that are not locked out (overridable lockout codes)")
    same_practitioner: bool = False
    text: str
    source: Source

    def names(self, key: str, codes: tuple[str, ...] | None = None) -> bool:
        """Whether ``codes`` (the rule's own by default) name the code entry ``key``: by
        its key, or by its bare code."""
        codes = self.codes if codes is None else codes
        return key in codes or key.split(" ", 1)[0] in codes

    def locks_out(self, key: str) -> bool:
        """Whether a line of code entry ``key`` is held by the rule (named in its codes and
        not overridable)."""
        return self.names(key) and not self.names(key, self.overridable)

    @model_validator(mode="after")
    def _fits_kind(self) -> SameDayRule:
        takes = _SAME_DAY_FIELDS[self.kind]
        for name in ("units", "modifier", "settings", "overridable"):
            given = self.__dict__[name] not in (None, ())
            if given and name not in takes:
                raise ValueError(f"{name}: {_a(self.kind)} rule takes no {_WORDS[name]} "
                                 f"(they are for "
                                 + " and ".join(k for k, v in _SAME_DAY_FIELDS.items()
                                                if name in v) + " rules)")
            if not given and takes.get(name):
                raise ValueError(f"{_a(self.kind)} rule needs {name}" + (
                    f" ({_WORDS[name]})" if _WORDS[name] != name else ""))
        locked = [c for c in self.codes if c not in self.overridable]
        if self.kind == "exclusive" and len(locked) < 2:
            raise ValueError("an exclusive rule needs at least two codes that are not "
                             "overridable")
        return self


class Activity(_Strict):
    id: Id
    topic: str
    text: str
    billable: bool
    reason: str | None = None
    source: Source

    @model_validator(mode="after")
    def _reason(self) -> Activity:
        if not self.billable and not self.reason:
            raise ValueError("a not-billable activity needs the source's reason")
        return self


_Date = date  # a case's field is named `date`


class Expect(_Strict):
    """What a worked case must give: the status, and where given the code and modifiers
    answered and the units claimed."""

    status: Literal["claimable", "not_claimable", "incomplete"]
    code: Code | None = None
    modifiers: Array[Modifier] | None = None
    units: int | None = Field(default=None, ge=0, le=INT_MAX)


class Case(_Strict):
    """A worked case (``cases.toml``): one request as ``calc`` takes it and what it must
    give. ``rules check`` runs every case through the calculator."""

    name: str = Field(min_length=1)
    code: Code | None = None
    service: Id | None = None
    modifiers: Array[Modifier] = ()
    discipline: str | None = None
    minutes: int | None = Field(default=None, ge=0, le=INT_MAX)
    days: int | None = Field(default=None, ge=0, le=INT_MAX)
    months: int | None = Field(default=None, ge=0, le=INT_MAX)
    count: int | None = Field(default=None, ge=0, le=INT_MAX)
    mode: Mode | None = None
    setting: str | None = None
    date: _Date | None = Field(default=None, description="the date of service; default: the "
                                                         "first day the pack covers")
    activities: Array[Id] = ()
    travel: int = Field(default=0, ge=0, le=INT_MAX)
    documentation: int = Field(default=0, ge=0, le=INT_MAX)
    activity_minutes: int = Field(default=0, ge=0, le=INT_MAX)
    expect: Expect
    source: Source | None = None

    @property
    def quantity(self) -> tuple[QuantityKind, int]:
        """The quantity given, and its kind."""
        for kind in get_args(QuantityKind):
            value = self.__dict__[kind]
            if value is not None:
                return kind, value
        raise AssertionError("checked when parsed")  # pragma: no cover

    @model_validator(mode="after")
    def _check(self) -> Case:
        given = [k for k in get_args(QuantityKind) if self.__dict__[k] is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of minutes, days, months or count"
                             + (f" (it gives {', '.join(given)})" if given else ""))
        if self.code is None and self.service is None:
            raise ValueError("give a code or a service")
        return self


class Derived(dict):
    """``Rules.derived``: what the engine works out once and keeps. Each entry follows from
    the rules and its key alone, so forgetting them all costs only working them out again:
    when ``LIMIT`` are kept, the next one starts them afresh. (A 1,000,000-line audit keeps
    about 7,000; a window left open for weeks, asked about every code, discipline, mode and
    minute count, would otherwise keep growing.) Entries are added with ``derived[key] =``
    only: ``setdefault`` and ``update`` would pass the limit by."""

    LIMIT = 100_000

    def __setitem__(self, key: object, value: object) -> None:
        if len(self) >= self.LIMIT:
            self.clear()
        super().__setitem__(key, value)


class Rules:
    """Everything the engine needs, loaded and cross-checked, with its lookups built once.

    Built by :func:`load_rules`; every lookup is a dict, so an answer costs the same with
    a hundred codes or a whole county crosswalk.
    """

    def __init__(self, *, manifest: Manifest, documents: tuple[Document, ...],
                 programs: tuple[Program, ...], bases: tuple[Basis, ...],
                 quantities: tuple[Quantity, ...], disciplines: tuple[Discipline, ...],
                 settings: tuple[Setting, ...], codes: tuple[CodeEntry, ...],
                 services: tuple[Service, ...], notes: tuple[Note, ...],
                 errata: tuple[Erratum, ...], activities: tuple[Activity, ...],
                 same_day_rules: tuple[SameDayRule, ...], cases: tuple[Case, ...] = (),
                 note_sets: tuple[NoteSet, ...] = (), remote_readings: tuple[Remote, ...] = (),
                 code_files: Mapping[str, str] | None = None,
                 places: Mapping[str, str] | None = None,
                 case_places: Mapping[str, str] | None = None) -> None:
        self.manifest = manifest
        self.documents = documents
        self.programs = programs
        self.bases = bases
        self.quantities = quantities
        self.disciplines = disciplines
        self.settings = settings
        self.codes = codes
        self.services = services
        self.notes = notes
        self.errata = errata
        self.activities = activities
        self.same_day_rules = same_day_rules
        #: what code entries name by id (note-sets.toml, remote-delivery.toml); each entry
        #: holds them filled in (its notes, its remote), so the engine never looks them up
        self.note_sets = note_sets
        self.remote_readings = remote_readings
        #: the pack's worked cases (cases.toml), run by ``rules check`` (core.cases)
        self.cases = cases
        #: code key -> the codes file that defines it, to name it in a refusal
        self.code_files = dict(code_files or {})
        #: file name -> the file as refusals name it (an overlay's, or its base's)
        self.places = dict(places or {})
        #: case name -> the file that holds it, for a case an overlay takes from its base
        self.case_places = dict(case_places or {})

        def by_id(items):
            return {item.id: item for item in items}

        self._documents = by_id(documents)
        self._programs = by_id(programs)
        self._bases = by_id(bases)
        self._quantities = by_id(quantities)
        self._notes = by_id(notes)
        self._services = by_id(services)
        self._settings = {s.id.casefold(): s for s in settings}
        self._disciplines: dict[str, Discipline] = {}
        for d in disciplines:
            for name in (d.id, *d.aliases):
                self._disciplines.setdefault(name.casefold(), d)
        self._entries = {e.key: e for e in codes}
        self._by_code: dict[str, list[CodeEntry]] = {}
        for e in codes:
            self._by_code.setdefault(e.code, []).append(e)
        self._services_with: dict[str, list[Service]] = {}
        for s in services:
            for o in s.options:
                self._services_with.setdefault(o.key, []).append(s)
        self._errata: dict[str, list[Erratum]] = {}
        for err in errata:
            for key in err.applies_to:
                self._errata.setdefault(key, []).append(err)
        # same-day rules by the codes they name (a key, or a bare code for all its entries),
        # and the levels of care of setting lockouts
        self._same_day: dict[str, list[SameDayRule]] = {}
        self._same_day_about: dict[str, list[SameDayRule]] = {}
        for rule in same_day_rules:
            for key in rule.codes:
                self._same_day.setdefault(key, []).append(rule)
            for key in (*rule.codes, *rule.overridable):
                about = self._same_day_about.setdefault(key, [])
                if rule not in about:
                    about.append(rule)
        #: the levels of care in which a setting-lockout rule locks codes out
        self.lockout_settings = frozenset(s for rule in same_day_rules
                                          for s in rule.settings or ())
        self._activities = by_id(activities)
        #: pieces of answers worked out once and kept, each following from this data and
        #: its key alone (citations, notes as shown, what an answer says whatever the
        #: quantity: core/engine.py; what a line's texts say: core/audit.py); grows with
        #: the kinds of request asked, up to a limit (``Derived``)
        self.derived: dict[object, object] = Derived()

    def document(self, doc_id: str) -> Document:
        return self._documents[doc_id]

    def program(self, program_id: str) -> Program:
        return self._programs[program_id]

    def basis(self, basis_id: str) -> Basis:
        return self._bases[basis_id]

    def quantity(self, kind: str) -> Quantity:
        return self._quantities[kind]

    def note(self, note_id: str) -> Note:
        return self._notes[note_id]

    def activity(self, activity_id: str) -> Activity | None:
        return self._activities.get(activity_id)

    def find_discipline(self, text: str) -> Discipline | None:
        """A discipline by id or alias, whatever the case."""
        return self._disciplines.get(text.strip().casefold())

    def find_setting(self, text: str) -> Setting | None:
        return self._settings.get(text.strip().casefold())

    def find_service(self, text: str) -> Service | None:
        return self._services.get(text.strip().casefold())

    def entries_for_code(self, code: str) -> tuple[CodeEntry, ...]:
        return tuple(self._by_code.get(code.strip().upper(), ()))

    def entry_named(self, code: str, modifiers: Sequence[str], *,
                    day_modifiers: bool = True) -> tuple[CodeEntry, bool] | None:
        """The code entry a code and its modifiers name: the one look-up the calculator,
        the audit and the day sheet share. The entry's own modifiers in any order; or those
        plus the program's telehealth modifier (then True: it was given on top of them);
        or, with ``day_modifiers``, plus a modifier a same-day threshold rule puts on the
        lines of the code (GD). None: the rules have no such code and modifiers."""
        entries = self.entries_for_code(code)
        if not entries:
            return None
        wanted = sorted(modifiers)
        for e in entries:
            if sorted(e.modifiers) == wanted:
                return e, False
        tele = self.program(entries[0].program).telehealth_modifier
        if tele and tele in modifiers:
            rest = sorted(m for m in modifiers if m != tele)
            for e in entries:
                if e.modes is None and sorted(e.modifiers) == rest:
                    return e, True
        added = {m for e in entries for m in self.day_modifiers(e.key)} \
            if day_modifiers else set()
        if added & set(modifiers):
            return self.entry_named(code, [m for m in modifiers if m not in added],
                                    day_modifiers=False)
        return None

    def entry(self, key: str) -> CodeEntry:
        return self._entries[key]

    def has_entry(self, key: str) -> bool:
        return key in self._entries

    def services_with(self, key: str) -> tuple[Service, ...]:
        return tuple(self._services_with.get(key, ()))

    def errata_for(self, key: str) -> tuple[Erratum, ...]:
        """Errata naming this code key, or its bare code."""
        code = key.split()[0]
        found = self._errata.get(key, [])
        if code != key:
            found = found + [e for e in self._errata.get(code, []) if e not in found]
        return tuple(found)

    def day_modifiers(self, key: str) -> frozenset[str]:
        """The modifiers the same-day threshold rules naming code entry ``key`` put on its
        lines (GD): the day's, not the service's. (Kept once worked out: the audit asks
        for every line of a code a same-day rule names.)"""
        found = self.derived.get(("day modifiers", key))
        if found is None:
            found = self.derived[("day modifiers", key)] = frozenset(
                r.modifier for r in self.same_day_rules_for(key) if r.modifier)
        return found  # type: ignore[return-value]

    def same_day_rules_for(self, key: str) -> tuple[SameDayRule, ...]:
        """The same-day rules whose codes name code entry ``key`` (by key or bare code)."""
        return self._rules_naming(self._same_day, key)

    def same_day_rules_about(self, key: str) -> tuple[SameDayRule, ...]:
        """The same-day rules that concern code entry ``key``: those naming it in their
        codes or as overridable (the calculator's notes)."""
        return self._rules_naming(self._same_day_about, key)

    @staticmethod
    def _rules_naming(index: dict[str, list[SameDayRule]], key: str) -> tuple[SameDayRule, ...]:
        found = index.get(key, [])
        code = key.split(" ", 1)[0]
        if code != key and code in index:
            found = found + [r for r in index[code] if r not in found]
        return tuple(found)

    def cite(self, source: Source) -> str:
        """A citation a QA reviewer can follow, in plain words: publisher, title, section,
        revision; for this app's own readings, the documents it reads."""
        key = ("cite", id(source))  # a source lives as long as the rules that hold it
        found = self.derived.get(key)
        if found is None:
            found = self.derived[key] = self._cite(source)
        return found  # type: ignore[return-value]

    def _cite(self, source: Source) -> str:
        doc = self.document(source.doc)
        if doc.reading:
            read = [self.document(d) for d in source.reading_of]
            of = " and ".join(f"{d.publisher}, {d.title} ({d.revised})" for d in read)
            return f"This app's reading{' of ' + of if of else ''}: {source.section}"
        based = f"; from {doc.based_on}" if doc.based_on else ""
        return f"{doc.publisher}, {doc.title}: {source.section} ({doc.revised}{based})"


# ---------------------------------------------------------------------------------------
# Loading

#: a pack's worked cases: optional, run by ``rules check`` (core.cases), not by the engine
CASES_FILE = "cases.toml"
#: optional: what code entries name by id (a missing one is refused where it is named)
NOTE_SETS_FILE = "note-sets.toml"
REMOTE_FILE = "remote-delivery.toml"
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
    "same-day.toml": ("rule", SameDayRule, True),
}
_OPTIONAL: dict[str, tuple[str, type[BaseModel], bool]] = {
    NOTE_SETS_FILE: ("note_set", NoteSet, True),
    REMOTE_FILE: ("remote", Remote, True),
    CASES_FILE: ("case", Case, True),
}
_CODES_FILES = ("codes-dmc-ods.toml", "codes-ecm.toml", "codes-community-supports.toml")


class _References:
    """What code entries name by id, read before the codes files: the bases (a timed
    unit's length), the note sets and the remote-delivery readings."""

    def __init__(self, read: Mapping[str, list[tuple[str, BaseModel]]]) -> None:
        def by_id(name: str) -> dict:
            return {m.id: m for _, m in read.get(name, ())}  # type: ignore[attr-defined]

        self.bases: dict[str, Basis] = by_id("bases.toml")
        self.note_sets: dict[str, NoteSet] = by_id(NOTE_SETS_FILE)
        self.remote: dict[str, Remote] = by_id(REMOTE_FILE)

    def code(self, raw: object) -> object:
        """A code entry as written, with what it names filled in: its ``remote`` reading,
        the notes of its ``note_sets`` after its own ``notes``, and a timed unit's length
        when it gives none (its basis's). ValueError when it names what is not there;
        a value of the wrong type is left for the model to refuse."""
        if not isinstance(raw, dict):
            return raw
        out = dict(raw)
        remote = raw.get("remote")
        if remote is not None and not isinstance(remote, str):  # a table: the old way
            raise ValueError(f"remote: name a reading of {REMOTE_FILE} by its id "
                             f"(remote = \"its-id\"); a reading is written once, there")
        if remote is not None:
            if remote not in self.remote:
                raise ValueError(f"remote: names {remote!r}, which {REMOTE_FILE} lacks")
            out["remote"] = self.remote[remote]
        sets, notes = raw.get("note_sets", []), raw.get("notes", [])
        if isinstance(sets, list) and isinstance(notes, list) and sets:
            notes = list(notes)
            for set_id in sets:
                if not isinstance(set_id, str):
                    continue
                if set_id not in self.note_sets:
                    raise ValueError(f"note_sets: names {set_id!r}, which {NOTE_SETS_FILE} "
                                     f"lacks")
                for note in self.note_sets[set_id].notes:
                    if note in notes:
                        raise ValueError(f"note_sets: note {note!r} of note set {set_id!r} "
                                         f"is already among its notes")
                    notes.append(note)
            out["notes"] = notes
        unit = raw.get("unit")
        if isinstance(unit, dict) and "length" not in unit and isinstance(unit.get("basis"), str):
            basis = self.bases.get(unit["basis"])
            if basis is not None and basis.length is not None:
                out["unit"] = {**unit, "length": basis.length}
        return out


def _entry_name(raw: object, index: int) -> str:
    """The entry as a refusal names it: its code key or id, else its place ("#3"). An id
    that is empty or not printable ASCII is shown escaped beside its place ("#3 'R\\u200bN'")
    so that a look-alike or an invisible character can be seen."""
    name = None
    if isinstance(raw, dict):
        if "code" in raw and isinstance(raw.get("code"), str):
            mods = raw.get("modifiers") or []
            if isinstance(mods, list) and all(isinstance(m, str) for m in mods):
                name = " ".join([raw["code"], *mods])
            else:
                name = str(raw["code"])
        elif isinstance(raw.get("id"), str):
            name = str(raw["id"])
    if name is None:
        return f"#{index + 1}"
    if not name or name != name.strip() or not (name.isascii() and name.isprintable()):
        return f"#{index + 1} {name!a}"
    return name


def _case_name(raw: object, index: int) -> str:
    """A case as a refusal names it: its name in quotes, else its place ("#3")."""
    name = raw.get("name") if isinstance(raw, dict) else None
    return repr(name) if isinstance(name, str) and name.strip() else f"#{index + 1}"


def _odd_characters(text: str) -> str:
    """The characters of ``text`` outside printable ASCII, as code points ("U+FF32, U+FF2E")."""
    odd = dict.fromkeys(f"U+{ord(c):04X}" for c in text if not (" " <= c <= "~"))
    return ", ".join(odd)


def _describe(error: ValidationError) -> str:
    parts = []
    errors = error.errors()
    for err in errors:
        if err["type"] == "too_short" and any(  # an item refused: the list is not short
                e["loc"][:len(err["loc"])] == err["loc"] and e is not err for e in errors):
            continue
        loc = ".".join(str(p) for p in err["loc"]) or "entry"
        msg = err["msg"]
        ctx = err.get("ctx") or {}
        if err["type"] == "extra_forbidden":
            msg = "unknown key"
        elif err["type"] == "value_error" and "error" in ctx and not err["loc"]:
            parts.append(str(ctx["error"]))  # a check of the whole entry says it all
            continue
        elif err["type"] == "string_pattern_mismatch" and isinstance(err["input"], str):
            value = err["input"]
            words = _PATTERN_WORDS.get(ctx.get("pattern", ""), f"of the form {ctx.get('pattern')}")
            msg = f"{value!a} is not {words}"
            odd = _odd_characters(value)
            if odd:
                msg += f" (it holds {odd})"
            elif value != value.strip():
                msg += " (it has spaces around it)"
        elif err["type"] == "too_short" and ctx.get("actual_length") == 0:
            least = ctx.get("min_length", 1)
            msg = f"is an empty list; it needs at least {least} item{'s' if least > 1 else ''}"
        parts.append(f"{loc}: {msg}")
    return "; ".join(parts)


#: the largest file a pack may hold, checked while reading, before parsing. The largest
#: shipped file is 25 KB; a full county crosswalk (1,500 codes) in this format is about
#: 1 MB. 4 MB is four times that, lets the 100x bench pack load, and refuses a file that
#: never ends (a link to /dev/zero) after reading 4 MB rather than running out of memory.
MAX_FILE_BYTES = 4 * 1024 * 1024
#: a real pack nests arrays and tables 3 deep (a code's list of examples, each a table);
#: when a file nests too deeply for tomllib, the line nesting deeper than this is named
MAX_DEPTH = 16
#: the files of a rules pack, in the order they are read
PACK_FILES: tuple[str, ...] = tuple(_FILES)


def _place(where: str | Path | Mapping[str, str] | None, name: str) -> str:
    """Where a file is, as a refusal names it. ``where``: the pack's folder, or for a pack
    with an overlay, {file name: the file that holds it}."""
    if isinstance(where, Mapping):
        return where[name]
    return str(Path(where) / name) if where else name


def _toml(place: str, text: str) -> dict:
    """The TOML ``text`` read; a UTF-8 byte-order mark at its start (Notepad writes one) is
    not part of the TOML and is passed over."""
    try:
        return tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(place, None, f"is not valid TOML ({exc})") from None
    except RecursionError:
        raise RulesError(place, _deep_line(text), "nests arrays too deeply to read") from None


def _parse_file(name: str, data: dict, where: str | Path | None,
                refs: _References | None = None) -> list[tuple[str, BaseModel]]:
    """One file's entries as (entry name, model); RulesError naming the file and entry.
    ``refs``: for a codes file, what its entries name by id (:class:`_References`)."""
    place = _place(where, name)
    key, model, many = _FILES[name] if name in _FILES else _OPTIONAL[name]
    unknown = sorted(set(data) - {key})
    if unknown == ["remove"]:
        raise RulesError(place, None, "remove = [...] drops entries of the pack an overlay "
                                      "extends, and this pack extends none (extends in "
                                      "rules.toml)")
    if unknown:
        raise RulesError(place, None, f"unknown top-level key {unknown[0]!r}; expected {key!r}")
    if not data:  # a truncated copy must not read as "none of this kind"
        raise RulesError(place, None, "is empty (or holds only comments)" + (
            f": a pack with no entries of this kind says so with the line `{key} = []`"
            if many else f": it needs its [{key}] table"))
    raw = data[key]
    items = raw if many else [raw]
    if not isinstance(items, list):
        raise RulesError(place, None, f"{key!r} must be a list of tables ([[{key}]])")
    out = []
    for index, item in enumerate(items):
        label = _case_name(item, index) if model is Case else _entry_name(item, index)
        try:
            out.append((label, model.model_validate(refs.code(item) if refs else item)))
        except ValidationError as exc:
            raise RulesError(place, label, _describe(exc)) from None
        except ValueError as exc:  # a name _References.code could not fill in
            raise RulesError(place, label, str(exc)) from None
        except RecursionError:
            raise RulesError(place, label, "nests arrays or tables too deeply") from None
    return out


def _deep_line(text: str) -> str | None:
    """The line where brackets first nest deeper than :data:`MAX_DEPTH` ("line 7"), counted
    roughly (brackets in quoted strings are skipped), to point at a file too deep to parse."""
    depth = 0
    for number, line in enumerate(text.splitlines(), 1):
        quote = None
        for ch in line:
            if quote:
                quote = None if ch == quote else quote
            elif ch in "\"'":
                quote = ch
            elif ch == "#":
                break
            elif ch in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    return f"line {number}"
            elif ch in "]}":
                depth -= 1
    return None


def parse_manifest(text: str, where: str | Path | None = None) -> Manifest:
    """A pack's manifest from the text of its ``rules.toml`` (no other file is read)."""
    data = _toml(_place(where, "rules.toml"), text)
    return _parse_file("rules.toml", data, where)[0][1]  # type: ignore[return-value]


#: a pack's files read as TOML: {file name: (its data, the file as refusals name it)}
PackData = dict[str, tuple[dict, str]]
#: in merged PackData, {case name: the file that holds it} for the cases a pack extended holds
_CASE_PLACES = "cases from the packs extended"


def pack_data(texts: Mapping[str, str], where: str | Path | None = None) -> PackData:
    """A pack's files read as TOML, not yet checked: what an overlay is merged into.

    A whole pack must hold every file of :data:`PACK_FILES`; an overlay (its manifest says
    ``extends``) only the manifest and the files it changes. No other file is taken."""
    stray = sorted(set(texts) - set(_FILES) - set(_OPTIONAL))
    if stray:
        raise _stray(_place(where, stray[0]), stray[0])
    if "rules.toml" not in texts:
        raise RulesError(_place(where, "rules.toml"), None, "the file is missing")
    data = {name: (_toml(_place(where, name), texts[name]), _place(where, name))
            for name in (*_FILES, *_OPTIONAL) if name in texts}
    if base_id(data) is None:
        for name in _FILES:
            if name not in data:
                raise RulesError(_place(where, name), None, "the file is missing")
    return data


def base_id(data: PackData) -> str | None:
    """The id of the pack an overlay extends (``extends`` in its manifest), else None."""
    manifest = data["rules.toml"][0].get("rules")
    found = manifest.get("extends") if isinstance(manifest, dict) else None
    return found if isinstance(found, str) else None


def _entry_key(name: str, raw: object) -> str | None:
    """What makes an entry the same entry in an overlay: its code key, case name or id."""
    if not isinstance(raw, dict):
        return None
    if name.startswith("codes-"):
        code, mods = raw.get("code"), raw.get("modifiers", [])
        if isinstance(code, str) and isinstance(mods, list) and all(
                isinstance(m, str) for m in mods):
            return " ".join([code, *mods])
        return None
    found = raw.get("name" if name == CASES_FILE else "id")
    return found if isinstance(found, str) else None


def merge_overlay(base: PackData, overlay: PackData) -> PackData:
    """The pack ``overlay`` makes of ``base``, file by file: an entry with a base entry's
    id (a code's key, a case's name) replaces it where it stands, a new one is added at
    the end, and ``remove = [ids]`` drops base entries. The manifest is the overlay's; its
    sources come before the base's (one per title and publisher). Nothing is checked here:
    the result is checked as a whole, as any pack is."""
    changes = Path(overlay["rules.toml"][1]).parent
    merged = {name: (data, f"{place} (with the changes in {changes})")
              for name, (data, place) in base.items()}
    for name, (data, place) in overlay.items():
        if name == "rules.toml":
            continue
        key, _model, _many = _FILES[name] if name in _FILES else _OPTIONAL[name]
        unknown = sorted(set(data) - {key, "remove"})
        if unknown:
            raise RulesError(place, None, f"unknown top-level key {unknown[0]!r}; expected "
                                          f"{key!r} or 'remove'")
        if not data:
            raise RulesError(place, None, f"is empty (or holds only comments): an overlay "
                                          f"holds only the files it changes")
        remove = data.get("remove", [])
        if not isinstance(remove, list) or not all(isinstance(r, str) for r in remove):
            raise RulesError(place, None, "remove must be a list of ids (code keys for codes, "
                                          "names for cases)")
        entries = data.get(key, [])
        if not isinstance(entries, list):
            raise RulesError(place, None, f"{key!r} must be a list of tables ([[{key}]])")
        base_entries = _tables(base[name], key) if name in base else []
        keys = [_entry_key(name, e) for e in base_entries]
        for gone in remove:
            if gone not in keys:
                raise RulesError(place, None, f"remove names {gone!r}, which the pack it "
                                              f"extends does not hold in {name}")
        kept = [e for e, k in zip(base_entries, keys) if k not in remove]
        at = {_entry_key(name, e): i for i, e in enumerate(kept)}
        given: set[str] = set()
        for entry in entries:
            k = _entry_key(name, entry)
            if k is not None and k in given:
                raise RulesError(place, k, "is listed twice")
            given.add(k) if k is not None else None
            if k is not None and k in at:
                kept[at[k]] = entry
            else:
                kept.append(entry)
        merged[name] = ({key: kept}, place)
        if name == CASES_FILE:  # a failing case is named in the file that holds it
            earlier = base.get(_CASE_PLACES, ({}, ""))[0]
            origins = {k: earlier.get(k, base[name][1]) for k in keys if k is not None}
            for entry in entries:
                origins.pop(_entry_key(name, entry), None)
            merged[_CASE_PLACES] = (origins, "")
    manifest = dict(overlay["rules.toml"][0]["rules"])  # a table: it names its base

    def named(table: object) -> tuple[str, str]:
        return (repr(table.get("title")), repr(table.get("publisher"))) \
            if isinstance(table, dict) else ("", "")

    own = {named(t) for t in _tables((manifest, overlay["rules.toml"][1]), "sources")}
    documents = {named(d) for d in _tables(merged["documents.toml"], "document")
                 if isinstance(d, dict) and not d.get("reading")}
    base_rules = base["rules.toml"][0].get("rules")
    inherited = [t for t in _tables((base_rules if isinstance(base_rules, dict) else {},
                                     base["rules.toml"][1]), "sources")
                 if named(t) not in own and named(t) in documents]
    manifest["sources"] = [*manifest.get("sources", []), *inherited]
    merged["rules.toml"] = ({"rules": manifest}, overlay["rules.toml"][1])
    return merged


def _tables(file: tuple[dict, str], key: str) -> list:
    """The list of tables ``key`` of a file read as TOML (RulesError if it is not a list)."""
    data, place = file
    found = data.get(key, [])
    if not isinstance(found, list):
        raise RulesError(place, None, f"{key!r} must be a list of tables ([[{key}]])")
    return found


def parse_rules(texts: Mapping[str, str], where: str | Path | None = None,
                base: PackData | None = None) -> Rules:
    """The rules from the texts of a pack's files, ``{file name: text}``, checked in full.

    ``where`` (the pack's folder) prefixes the file names in errors. A whole pack gives
    every file of :data:`PACK_FILES`; an overlay gives what it changes, and ``base`` the
    pack it extends (:func:`pack_data`, merged already if that is an overlay too).
    """
    data = pack_data(texts, where)
    extends = base_id(data)
    if extends is not None:
        if base is None:
            raise RulesError(_place(where, "rules.toml"), None,
                             f"extends {extends!r}, which is not among the rules packs")
        data = merge_overlay(base, data)
    return rules_from_data(data)


def rules_from_data(data: PackData) -> Rules:
    """The rules from a pack's files read as TOML (:func:`pack_data`), checked in full."""
    places = {name: place for name, (_, place) in data.items() if name != _CASE_PLACES}
    read = {name: _parse_file(name, data[name][0], places)  # what the codes name, first
            for name in (NOTE_SETS_FILE, REMOTE_FILE, "bases.toml") if name in data}
    refs = _References(read)
    for name in (*_FILES, CASES_FILE):
        if name in data and name not in read:
            read[name] = _parse_file(name, data[name][0], places,
                                     refs if name in _CODES_FILES else None)

    def models(name: str) -> tuple:
        return tuple(m for _, m in read[name])

    rules = Rules(
        manifest=read["rules.toml"][0][1],
        documents=models("documents.toml"),
        programs=models("programs.toml"),
        bases=models("bases.toml"),
        quantities=models("quantities.toml"),
        disciplines=models("disciplines.toml"),
        settings=models("settings.toml"),
        codes=tuple(m for f in _CODES_FILES for m in models(f)),
        services=models("services.toml"),
        notes=models("notes.toml"),
        errata=models("errata.toml"),
        activities=models("activities.toml"),
        same_day_rules=models("same-day.toml"),
        cases=models(CASES_FILE) if CASES_FILE in read else (),
        note_sets=models(NOTE_SETS_FILE) if NOTE_SETS_FILE in read else (),
        remote_readings=models(REMOTE_FILE) if REMOTE_FILE in read else (),
        code_files={m.key: f for f in _CODES_FILES for m in models(f)},
        places={**places, CASES_FILE: places.get(CASES_FILE) or _place(
            Path(places["rules.toml"]).parent, CASES_FILE)},
        case_places=data.get(_CASE_PLACES, ({}, ""))[0],
    )
    _cross_check(rules, read, places)
    return rules


def read_text(path: Path) -> str | None:
    """A rules file's text, read with the size limit; None when there is no such file.

    Only a regular file is read (a link to /dev/zero or a pipe is refused unread), and
    never more than :data:`MAX_FILE_BYTES` of it.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise RulesError(str(path), None, f"cannot be read ({exc.strerror or exc})") from None
    if not stat.S_ISREG(info.st_mode):
        raise RulesError(str(path), None, "is not a regular file")
    limit = MAX_FILE_BYTES // (1024 * 1024)
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise RulesError(str(path), None, f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_FILE_BYTES:
        raise RulesError(str(path), None, f"is larger than {limit} MB, more than any rules "
                                          f"file needs: is it the right file?")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise RulesError(str(path), None, "is not UTF-8 text") from None


def read_pack(folder: Path) -> dict[str, str]:
    """The texts of the pack in ``folder``, ``{file name: text}``, unparsed. A missing file
    is left out (:func:`parse_rules` names it); a TOML file a pack does not hold is refused,
    so a misspelt file name is never silently ignored."""
    folder = Path(folder)
    if not folder.is_dir():
        raise RulesError(str(folder), None, "the rules folder is missing")
    try:  # names compared exactly, on every OS: "Errata.toml" and "codes-new.TOML" are stray
        names = [p.name for p in folder.iterdir()]
    except OSError as exc:
        raise RulesError(str(folder), None, f"cannot be read ({exc.strerror or exc})") from None
    stray = sorted(n for n in names if n.casefold().endswith(".toml")
                   and n not in _FILES and n not in _OPTIONAL)
    if stray:
        raise _stray(str(folder / stray[0]), stray[0])
    texts = {}
    for name in (*_FILES, *_OPTIONAL):
        text = read_text(folder / name)
        if text is not None:
            texts[name] = text
    return texts


def _stray(place: str, name: str) -> RulesError:
    """The refusal of a file a pack does not hold, with the name it may have meant."""
    near = difflib.get_close_matches(name.casefold(), [*_FILES, *_OPTIONAL], n=1, cutoff=0.75)
    meant = f"; file names are exact, in lower case: is it {near[0]}?" if near else ""
    return RulesError(place, None, "is not a file a rules pack holds (expected: "
                      + ", ".join(_FILES) + ", and optionally " + ", ".join(_OPTIONAL) + ")"
                      + meant)


def read_manifest(folder: Path) -> Manifest:
    """The manifest of the pack in ``folder``, reading ``rules.toml`` alone."""
    folder = Path(folder)
    text = read_text(folder / "rules.toml")
    if text is None:
        raise RulesError(str(folder / "rules.toml"), None, "the file is missing")
    return parse_manifest(text, folder)


def load_rules(folder: Path | None = None) -> Rules:
    """Read, validate and cross-check the pack in ``folder`` (the shipped pack by default)."""
    folder = Path(folder) if folder is not None else rules_dir()
    return parse_rules(read_pack(folder), folder)


def _cross_check(rules: Rules, read: dict[str, list[tuple[str, BaseModel]]],
                 where: str | Path | None) -> None:
    docs = {d.id for d in rules.documents}
    programs = {p.id for p in rules.programs}
    bases = {b.id: b for b in rules.bases}
    disciplines = {d.id for d in rules.disciplines}
    settings = {s.id for s in rules.settings}
    notes = {n.id for n in rules.notes}
    keys = {c.key for c in rules.codes}

    seen_keys: dict[str, str] = {}  # code key -> the codes file that has it
    names: dict[str, str] = {}  # discipline id or alias, casefolded -> the discipline's id
    for name, entries in read.items():
        seen: set[str] = set()
        for label, model in entries:
            def fail(problem: str, _name: str = name, _label: str = label) -> None:
                raise RulesError(_place(where, _name), _label, problem)

            fields = model.__dict__  # not getattr: a missing attribute is slow on a model
            ident = model.key if isinstance(model, CodeEntry) else \
                model.name if isinstance(model, Case) else fields.get("id")
            if ident is not None:
                if ident.casefold() in seen:
                    fail("is listed twice (ids are matched without regard to case)")
                seen.add(ident.casefold())
            for source in (fields.get("source"), *fields.get("also", ()),
                           fields.get("modifiers_not_given")):
                if source is None:
                    continue
                for doc in (source.doc, *source.reading_of):
                    if doc not in docs:
                        fail(f"source names document {doc!r}, which documents.toml lacks")
            for note_id in fields.get("notes", ()):
                if note_id not in notes:
                    fail(f"names note {note_id!r}, which notes.toml lacks")
            prog = fields.get("program")
            if isinstance(prog, str) and prog not in programs:
                fail(f"names program {prog!r}, which programs.toml lacks")
            if isinstance(model, Program) and model.telehealth_modifier \
                    and not model.telehealth_modes:
                fail(f"adds {model.telehealth_modifier} for telehealth but names no "
                     f"telehealth_modes it stands for")
            if isinstance(model, Discipline):
                for alias in (model.id, *model.aliases):
                    other = names.setdefault(alias.casefold(), model.id)
                    if other != model.id:
                        fail(f"{alias!r} is also the id or an alias of discipline {other!r} "
                             f"(ids and aliases are matched without regard to case)")
                for p in model.programs:
                    if p not in programs:
                        fail(f"names program {p!r}, which programs.toml lacks")
            if isinstance(model, CodeEntry):
                other_file = seen_keys.setdefault(model.key, name)
                if other_file != name:
                    fail(f"is also in {other_file}: a code key may be defined once")
                _check_code(model, bases, disciplines, settings, fail)
                program = rules.program(model.program) if model.program in programs else None
                if program and program.telehealth_modifier and model.modes is None \
                        and model.remote is None:
                    fail(f"says neither `modes` nor `remote`: may {program.telehealth_modifier} "
                         f"be added for phone or telehealth?")
            if isinstance(model, Service):
                for opt in model.options:
                    if opt.key not in keys:
                        fail(f"option {opt.key} is not a code in the codes files")
                    elif rules.entry(opt.key).program != model.program:
                        fail(f"option {opt.key} belongs to another program")
            when = fields.get("when")
            if isinstance(when, NoteWhen):
                for d in when.disciplines or ():
                    if d not in disciplines:
                        fail(f"names discipline {d!r}, which disciplines.toml lacks")
                for s in when.settings or ():
                    if s not in settings:
                        fail(f"names setting {s!r}, which settings.toml lacks")
            if isinstance(model, Erratum):
                for key in model.applies_to:
                    if key not in keys and not rules.entries_for_code(key):
                        fail(f"applies to {key!r}, which is not a code in the codes files")
            if isinstance(model, SameDayRule):
                for key in (*model.codes, *model.overridable):
                    if key not in keys and not rules.entries_for_code(key):
                        fail(f"names {key!r}, which is not a code (or code key) in the codes "
                             f"files")
                if len(set(model.codes)) != len(model.codes):
                    fail("names a code twice")
                for s in model.settings or ():
                    if s not in settings:
                        fail(f"names level of care {s!r}, which settings.toml lacks")

    # every code must be reachable from a service, so the window can offer it
    offered = {o.key for s in rules.services for o in s.options}
    for name in _CODES_FILES:
        for label, model in read[name]:
            if model.key not in offered:
                raise RulesError(_place(where, name), label,
                                 "no service in services.toml offers this code")
    kinds = {q.id for q in rules.quantities}
    missing = [k for k in get_args(QuantityKind) if k not in kinds]
    if missing:  # the engine bounds every request by its kind's maximum
        raise RulesError(_place(where, "quantities.toml"), None,
                         f"defines no {missing[0]!r} quantity (every kind needs its maximum)")
    _check_manifest_sources(rules, where)


def _check_manifest_sources(rules: Rules, where: str | Path | None) -> None:
    """The manifest's sources and documents.toml's documents are the same documents."""
    documents = {(d.title, d.publisher): d for d in rules.documents if not d.reading}
    listed = set()
    for s in rules.manifest.sources:
        doc = documents.get((s.title, s.publisher))
        if doc is None:
            raise RulesError(_place(where, "rules.toml"), s.title,
                             f"source {s.title!r} of {s.publisher} is not in documents.toml")
        if doc.revised != s.revision:
            raise RulesError(_place(where, "rules.toml"), s.title,
                             f"revision {s.revision!r} differs from documents.toml's "
                             f"{doc.revised!r}")
        listed.add((s.title, s.publisher))
    for key, doc in documents.items():
        if key not in listed:
            raise RulesError(_place(where, "documents.toml"), doc.id,
                             f"{doc.title!r} is not among the sources in rules.toml")


def _check_code(entry: CodeEntry, bases: dict[str, Basis], disciplines: set[str],
                settings: set[str], fail) -> None:
    basis = bases.get(entry.unit.basis)
    if basis is None:
        fail(f"unit basis {entry.unit.basis!r} is not in bases.toml")
        return
    unit = entry.unit
    if basis.method == "timed":
        if unit.length is None or unit.minimum is None:
            fail(f"a {basis.id} code needs a unit length and a minimum")
        elif unit.length != basis.length:  # the basis owns it: "per hour" is 60 minutes
            fail(f"unit length {unit.length} min contradicts its basis {basis.id!r}, whose "
                 f"unit is {basis.length} minutes (bases.toml)")
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
    for ex in entry.examples:
        if basis.method == "count" and ex.units != ex.quantity:
            fail(f"example of {ex.quantity} gives {ex.units} units; a {basis.id} code counts 1:1")
