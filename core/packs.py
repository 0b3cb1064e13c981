"""Rules packs: where they come from, which one is in force on a date, and adding one.

A rules pack is a folder of the rules files with a manifest (``rules.toml``, see
docs/rules.md). Packs come from three places, each able to replace a pack of the same id
from the place before it (a corrected copy):

1. shipped with the app: ``resources/rules`` (and any folder under ``resources/packs``);
2. the user folder, :func:`user_packs_dir` (the platform's application data folder),
   where "Add rules pack" copies a pack after checking it;
3. ``--rules DIR`` on a command: DIR is a pack, or a folder of packs.

The pack in force on a date of service is the one with the latest ``effective_from`` on
or before that date whose ``effective_to``, when set, is not before it. A pack is read in
full only when a date calls for it, and then checked as strictly as any: a broken pack is
never half-loaded, and the packs already loaded keep working.

The library is the one way to ask for an answer: the window, the CLI, the audit, the day
sheet, the bench and the tests all do this::

    library = Library.discover()              # or Library.discover(Path("--rules DIR"))
    library.calculate(Request(..., date_of_service=date(2025, 3, 1)))  # that day's pack answers
    library.for_date(date(2025, 3, 1))        # that day's Rules: what the pickers offer
    Library.of(load_rules(folder))            # one loaded pack (tests, the bench)

InputError from either when no pack covers the date.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass, replace as _replace
from datetime import date
from pathlib import Path
from typing import Literal

from .cases import check_cases, example_request
from .engine import calculate
from .errors import InputError, RulesError
from .model import Calculation, Request
from .resources import resource_path, rules_dir
from .rules import (
    Manifest, PackData, Rules, base_id, covers, dates_text, merge_overlay, pack_data,
    read_manifest, read_pack, rules_from_data, uncovered,
)

__all__ = ["Library", "PackExists", "PackInfo", "SourceInfo", "pack_folders", "user_data_dir",
           "user_packs_dir"]

#: the folder name under the platform's application data folder
APP_DIR = "dmc-units"

Origin = Literal["shipped", "user", "given"]
_ORIGIN_RANK = {"shipped": 0, "user": 1, "given": 2}
_ORIGIN_TEXT = {"shipped": "shipped with the app", "user": "added on this computer",
                "given": "given with --rules"}


# ---------------------------------------------------------------------------------------
# Where packs live (no Qt: the same folders as the window's, computed here)


def _env_dir(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value) if value and Path(value).is_absolute() else None


def user_data_dir() -> Path:
    """The app's folder in the platform's application data folder: %APPDATA%\\dmc-units on
    Windows, ~/Library/Application Support/dmc-units on macOS, $XDG_DATA_HOME/dmc-units
    (~/.local/share/dmc-units) elsewhere."""
    if sys.platform == "win32":
        base = _env_dir("APPDATA") or Path.home() / "AppData" / "Roaming"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = _env_dir("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return base / APP_DIR


def user_packs_dir() -> Path:
    """Where added rules packs are kept, one folder per pack id (shown in About)."""
    return user_data_dir() / "packs"


def shipped_pack_dirs() -> list[Path]:
    """The packs shipped with the app: ``resources/rules``, then ``resources/packs/*``."""
    more = resource_path("packs")
    return [rules_dir(), *(sorted(p for p in more.iterdir() if (p / "rules.toml").is_file())
                           if more.is_dir() else ())]


def pack_folders(folder: Path) -> list[Path]:
    """``folder`` itself when it is a pack (it holds rules.toml), else the packs in it."""
    folder = Path(folder)
    if not folder.is_dir():
        raise RulesError(str(folder), None, "the rules folder is missing")
    if (folder / "rules.toml").exists():
        return [folder]
    found = sorted(p for p in folder.iterdir() if (p / "rules.toml").is_file())
    if not found:
        raise RulesError(str(folder), None, "holds no rules pack (no rules.toml in it or in "
                                            "the folders in it)")
    return found


# ---------------------------------------------------------------------------------------
# What the window and the CLI show of a pack


@dataclass(frozen=True, slots=True)
class SourceInfo:
    title: str
    publisher: str
    revision: str
    sha256: str | None


@dataclass(frozen=True, slots=True)
class PackInfo:
    """A pack as the About page, ``rules list`` and the status bar show it."""

    id: str
    title: str
    version: str
    effective_from: date
    effective_to: date | None
    review_by: date
    summary: str
    sources: tuple[SourceInfo, ...]
    origin: Origin  #: "shipped", "user" (added to the user folder) or "given" (--rules)
    folder: Path
    replaces: Origin | None = None  #: it replaces a pack of the same id from there
    extends: str | None = None  #: an overlay: the id of the pack it changes

    @property
    def shipped(self) -> bool:
        return self.origin == "shipped"

    @property
    def dates(self) -> str:
        """The days it covers: "2024-12-31 onwards", "2025-07-01 to 2026-06-30"."""
        return dates_text(self.effective_from, self.effective_to)

    @property
    def origin_text(self) -> str:
        """Where it comes from, in words: "shipped with the app", "added on this computer"."""
        text = _ORIGIN_TEXT[self.origin]
        if self.replaces:
            text += f", replacing the pack {_ORIGIN_TEXT[self.replaces]}"
        return text

    def covers(self, day: date) -> bool:
        return covers(self.effective_from, self.effective_to, day)

    def due_for_review(self, day: date) -> bool:
        return day > self.review_by

    def line(self) -> str:
        """One line: "<id>: <title>, version <v>, <dates> (<origin>)"."""
        return (f"{self.id}: {self.title}, version {self.version}, {self.dates} "
                f"({self.origin_text})")


def _info(manifest: Manifest, origin: Origin, folder: Path) -> PackInfo:
    m = manifest
    return PackInfo(id=m.id, title=m.title, version=m.version, effective_from=m.effective_from,
                    effective_to=m.effective_to, review_by=m.review_by, summary=m.summary,
                    sources=tuple(SourceInfo(s.title, s.publisher, s.revision, s.sha256)
                                  for s in m.sources),
                    origin=origin, folder=folder, extends=m.extends)


# ---------------------------------------------------------------------------------------
# The library of packs


class PackExists(InputError):
    """Adding a pack whose id is already in use: ask before replacing (``replace=True``)."""

    def __init__(self, new: PackInfo, existing: PackInfo) -> None:
        self.new = new
        self.existing = existing
        super().__init__(f"a rules pack with the id {new.id!r} is already there (version "
                         f"{existing.version}, {existing.dates}, {existing.origin_text}): "
                         f"replace it with version {new.version}, {new.dates}?")


class Library:
    """The rules packs known to the app, and the one in force on a date.

    Build it with :meth:`discover`. Only manifests are read then; a pack's files are read
    and checked in full the first time a date needs it, and kept.
    """

    def __init__(self, packs: list[PackInfo], *, user_dir: Path | None,
                 problems: list[str] | None = None) -> None:
        self._problems = list(problems or ())
        chosen: dict[str, PackInfo] = {}
        for info in sorted(packs, key=lambda p: _ORIGIN_RANK[p.origin]):
            before = chosen.get(info.id)
            if before is not None and before.origin == info.origin:  # say, copied by hand
                self._problems.append(f"two rules packs have the id {info.id}: {info.folder} "
                                      f"is used, not {before.folder}")
            elif before is not None:
                info = _replace(info, replaces=before.origin)
            chosen[info.id] = info
        self._packs = chosen
        for info in chosen.values():
            if info.extends is not None and info.extends not in chosen:
                self._problems.append(f"rules pack {info.id} extends {info.extends}, which is "
                                      f"not among the rules packs: it cannot answer until "
                                      f"{info.extends} is added")
        self._rules: dict[str, Rules] = {}
        self.user_dir = user_dir
        by_day: dict[date, list[PackInfo]] = {}
        for info in chosen.values():
            by_day.setdefault(info.effective_from, []).append(info)
        for day, same in sorted(by_day.items()):
            if len(same) > 1:
                used = self._ranked(same)[0]
                others = ", ".join(p.id for p in same if p is not used)
                self._problems.append(f"rules packs {used.id} and {others} all take effect on "
                                      f"{day.isoformat()}: {used.id} ({used.origin_text}) is "
                                      f"used")

    @classmethod
    def discover(cls, given: Path | None = None, *, user_dir: Path | None = None) -> Library:
        """The shipped packs, those in the user folder, and ``given`` (``--rules DIR``).

        A shipped or given pack whose manifest is broken raises :class:`RulesError`; a
        broken pack in the user folder is left out and named in :attr:`problems`, so the
        others keep working. ``user_dir``: :func:`user_packs_dir` by default.
        """
        user_dir = Path(user_dir) if user_dir is not None else user_packs_dir()
        packs = [_info(read_manifest(f), "shipped", f) for f in shipped_pack_dirs()]
        problems = []
        try:
            added = sorted(p for p in user_dir.iterdir() if p.is_dir()
                           and not p.name.startswith(".")) if user_dir.is_dir() else []
        except OSError as exc:  # say, no permission: the shipped packs still work
            added = []
            problems.append(f"left out: the packs in {user_dir}, which cannot be read "
                            f"({exc.strerror or exc})")
        for folder in added:
            try:
                packs.append(_info(read_manifest(folder), "user", folder))
            except RulesError as exc:
                problems.append(f"left out: {exc}")
        if given is not None:
            packs += [_info(read_manifest(f), "given", f) for f in pack_folders(given)]
        return cls(packs, user_dir=user_dir, problems=problems)

    @classmethod
    def of(cls, rules: Rules, folder: Path | None = None) -> Library:
        """A library of one pack already loaded (the tests, the bench): it answers the dates
        that pack covers, and takes no pack added (``user_dir`` is None)."""
        info = _info(rules.manifest, "given", Path(folder) if folder is not None else Path())
        library = cls([info], user_dir=None)
        library._rules[info.id] = rules
        return library

    # -- answers -----------------------------------------------------------------------

    def calculate(self, request: Request) -> Calculation:
        """The answer to ``request`` by the pack in force on its date of service.
        InputError (one line) when no pack covers that date; RulesError when that pack,
        read for the first time, is broken."""
        return calculate(self.for_date(request.date_of_service), request)

    def opening_rules(self) -> Rules:
        """The rules a window opens with: today's, or, when no pack covers today (the
        calculator then says so under the date), the newest pack's."""
        try:
            return self.for_date(date.today())
        except InputError:
            return self.rules(self.packs[-1].id)

    @property
    def packs(self) -> tuple[PackInfo, ...]:
        """Every pack in use, oldest first (by ``effective_from``)."""
        return tuple(sorted(self._packs.values(), key=lambda p: (p.effective_from, p.id)))

    @property
    def problems(self) -> tuple[str, ...]:
        """One line per pack left out of the user folder, or per two packs starting on one day."""
        return tuple(self._problems)

    def info(self, pack_id: str) -> PackInfo:
        found = self._packs.get(pack_id)
        if found is None:
            known = ", ".join(p.id for p in self.packs)
            raise InputError(f"no rules pack has the id {pack_id!r} (packs: {known})")
        return found

    @staticmethod
    def _ranked(packs: list[PackInfo]) -> list[PackInfo]:
        return sorted(packs, key=lambda p: (p.effective_from, _ORIGIN_RANK[p.origin], p.id),
                      reverse=True)

    def pack_for(self, day: date) -> PackInfo:
        """The pack in force on ``day``. InputError (one line, naming the date and every
        pack's dates) when none covers it."""
        covering = [p for p in self._packs.values() if p.covers(day)]
        if not covering:
            raise InputError(uncovered(day, [(p.id, p.dates) for p in self.packs]))
        return self._ranked(covering)[0]

    def rules(self, pack_id: str) -> Rules:
        """A pack's rules, read and checked in full the first time (RulesError if broken);
        an overlay's as its base with the overlay's changes."""
        found = self._rules.get(pack_id)
        if found is None:
            info = self.info(pack_id)
            found = rules_from_data(self._data(info.folder, ()))
            if found.manifest.id != pack_id:  # the folder changed since discover()
                raise RulesError(str(info.folder / "rules.toml"), None,
                                 f"now says id {found.manifest.id!r}, not {pack_id!r}")
            self._rules[pack_id] = found
        return found

    def _data(self, folder: Path, chain: tuple[str, ...]) -> PackData:
        """The files of the pack in ``folder`` read as TOML; for an overlay, merged into
        those of the pack it extends (itself perhaps an overlay), found among these packs."""
        data = pack_data(read_pack(folder), folder)
        base = base_id(data)
        if base is None:
            return data
        manifest = data["rules.toml"][1]
        own = (data["rules.toml"][0].get("rules") or {}).get("id")
        if base in (*chain, own):
            raise RulesError(manifest, None, f"extends {base!r}, which extends it in turn")
        found = self._packs.get(base)
        if found is None:
            known = ", ".join(p.id for p in self.packs) or "none"
            raise RulesError(manifest, None, f"extends {base!r}, which is not among the rules "
                                             f"packs shipped, added on this computer or given "
                                             f"with --rules (packs: {known})")
        return merge_overlay(self._data(found.folder, (*chain, str(own))), data)

    def read(self, folder: Path) -> Rules:
        """The pack in ``folder`` (its base found among these packs when it is an overlay),
        checked as strictly as any; its worked cases are not run (:meth:`check` runs them)."""
        return rules_from_data(self._data(Path(folder), ()))

    def for_date(self, day: date) -> Rules:
        """The rules in force on ``day``: what the lists to pick from, the day sheet's checks
        and the audit's memo are made of (:meth:`calculate` answers by them)."""
        return self.rules(self.pack_for(day).id)

    # -- adding a pack to the user folder --------------------------------------------

    def check(self, folder: Path) -> PackInfo:
        """Check the pack in ``folder`` in full, as ``rules check`` does (its worked examples
        and cases run too); RulesError if not."""
        rules = self.read(folder)
        check_cases(rules)
        return _info(rules.manifest, "given", Path(folder))

    def add(self, folder: Path, *, replace: bool = False) -> PackInfo:
        """Check the pack in ``folder`` in full and copy it into the user folder.

        RulesError: the pack fails its check (nothing is copied). PackExists: its id is in
        use and ``replace`` is False (ask, then call again with ``replace=True``).
        InputError: another pack takes effect on the same day, or the user folder cannot be
        written (nothing is left half-written), or this library has no user folder
        (:meth:`of`). Returns the pack as added.
        """
        if self.user_dir is None:
            raise InputError("these rules were given to the app as they are: no rules pack "
                             "can be added to them")
        folder = Path(folder)
        texts = read_pack(folder)
        rules = self.read(folder)
        check_cases(rules)  # a pack that fails its own worked cases is not added
        new = _info(rules.manifest, "user", self.user_dir / rules.manifest.id)
        existing = self._packs.get(new.id)
        if existing is not None and not replace:
            raise PackExists(new, existing)
        for other in self._packs.values():
            if other.id != new.id and other.effective_from == new.effective_from:
                raise InputError(f"rules pack {new.id} takes effect on "
                                 f"{new.effective_from.isoformat()}, as {other.id} "
                                 f"({other.origin_text}) does: give it another effective_from, "
                                 f"or the id {other.id!r} to replace that pack")
        try:
            _write_pack(texts, new.folder)
        except OSError as exc:  # the user folder cannot be made: read-only, a file in the way
            raise InputError(f"cannot copy the rules pack into {self.user_dir} "
                             f"({exc.strerror or exc})") from None
        if existing is not None:
            if existing.origin == "given":  # --rules still comes first until the app restarts
                return new
            new = _replace(new, replaces=existing.replaces if existing.origin == "user"
                           else existing.origin)
        self._packs[new.id] = new
        self._rules[new.id] = rules
        return new


def _write_pack(texts: Mapping[str, str], dest: Path) -> None:
    """Write the checked texts to ``dest`` as a whole: into a new folder first, then moved
    into place, so a failure half-way leaves the pack that was there as it was."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.parent / f".adding-{dest.name}-{os.getpid()}"
    old = dest.parent / f".replaced-{dest.name}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir()
        for name, text in texts.items():  # as read, byte for byte (Windows' text mode
            # would turn a CRLF file's \r\n into \r\r\n, which TOML refuses)
            (tmp / name).write_bytes(text.encode("utf-8"))
        if dest.exists():
            os.replace(dest, old)
        os.replace(tmp, dest)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if old.exists() and not dest.exists():
            os.replace(old, dest)
        raise InputError(f"cannot copy the rules pack into {dest.parent} "
                         f"({exc.strerror or exc})") from None
    shutil.rmtree(old, ignore_errors=True)


# ---------------------------------------------------------------------------------------
# What changed between two packs (``rules diff``): what a QA reviewer reads before switching


@dataclass(frozen=True, slots=True)
class Change:
    """One field of one entry that differs: a value (before -> after), or items of a list
    added and removed."""

    field: str
    before: str | None = None
    after: str | None = None
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def text(self) -> str:
        if self.added or self.removed:
            parts = ([f"added {', '.join(self.added)}"] if self.added else []) + \
                    ([f"removed {', '.join(self.removed)}"] if self.removed else [])
            return f"{self.field}: {'; '.join(parts)}"
        return f"{self.field}: {self.before} -> {self.after}"


@dataclass(frozen=True, slots=True)
class Section:
    """The entries of one kind (codes, same-day rules, ...) added, removed and changed."""

    kind: str  #: plural, as a heading: "codes", "same-day rules"
    added: tuple[str, ...]  #: "H0034 (Medication training and support)"
    removed: tuple[str, ...]
    changed: tuple[tuple[str, tuple[Change, ...]], ...]  #: (entry key, its changes)


#: a code entry's fields in plain words (other kinds show their field names)
_FIELD_WORDS = {
    "unit.basis": "unit", "unit.length": "unit length (minutes)",
    "unit.minimum": "minimum (minutes)", "unit.maximum": "range maximum (minutes)",
    "licensed": "licensed staff only", "settings": "levels of care",
    "modes": "delivery modes", "remote.id": "remote-delivery reading",
    "remote.allowed": "telehealth modifier allowed",
    "remote.why": "why (telehealth)", "remote.source.section": "remote-delivery source",
    "note_sets": "note sets", "amount_required": "amount required",
    "examples": "worked examples", "source.doc": "source document",
    "source.section": "source section", "code_type": "code type",
    "max_units_per_day": "maximum units a day", "place_of_service": "place of service",
    "overridable": "overridable (not locked out)", "effective_from": "in force from",
    "effective_to": "in force to", "review_by": "review by",
}


def _flat(data: dict, prefix: str = "") -> dict[str, object]:
    out: dict[str, object] = {}
    for name, value in data.items():
        if isinstance(value, dict):
            out.update(_flat(value, f"{prefix}{name}."))
        else:
            out[f"{prefix}{name}"] = value
    return out


def _word(value: object) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} {_word(v)}" for k, v in value.items() if v not in (None, (), []))
    if isinstance(value, (list, tuple)):
        return " ".join(_word(v) for v in value) or "none"
    if value is None:
        return "not set"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _changes(before: dict, after: dict) -> tuple[Change, ...]:
    a, b = _flat(before), _flat(after)
    out = []
    for name in dict.fromkeys((*a, *b)):
        old, new = a.get(name), b.get(name)
        if old == new:
            continue
        field = _FIELD_WORDS.get(name, name.replace("_", " "))
        if isinstance(old, (list, tuple)) and isinstance(new, (list, tuple)):
            old_items, new_items = [_word(v) for v in old], [_word(v) for v in new]
            added = tuple(v for v in new_items if v not in old_items)
            removed = tuple(v for v in old_items if v not in new_items)
            if added or removed:
                out.append(Change(field, added=added, removed=removed))
            else:  # the same items in another order
                out.append(Change(field, before=_word(old), after=_word(new)))
        else:
            out.append(Change(field, before=_word(old), after=_word(new)))
    return tuple(out)


def _section(kind: str, before: tuple, after: tuple, key) -> Section:
    def label(item) -> str:
        name = getattr(item, "name", None) or getattr(item, "title", None)
        return f"{key(item)} ({name})" if name else key(item)

    old = {key(i): i for i in before}
    new = {key(i): i for i in after}
    changed = []
    for k in old.keys() & new.keys():
        found = _changes(old[k].model_dump(mode="json"), new[k].model_dump(mode="json"))
        if found:
            changed.append((k, found))
    return Section(kind=kind,
                   added=tuple(label(new[k]) for k in new if k not in old),
                   removed=tuple(label(old[k]) for k in old if k not in new),
                   changed=tuple(sorted(changed)))


def diff(before: Rules, after: Rules) -> tuple[Section, ...]:
    """What changes from pack ``before`` to pack ``after``, kind by kind (the manifest
    first, as "pack"); kinds without a change are left out."""
    def by_id(item) -> str:
        return item.id

    def by_key(item) -> str:
        return item.key

    sections = (
        _section("pack", (before.manifest,), (after.manifest,), lambda m: "manifest"),
        _section("codes", before.codes, after.codes, by_key),
        _section("same-day rules", before.same_day_rules, after.same_day_rules, by_id),
        _section("services", before.services, after.services, by_id),
        _section("disciplines", before.disciplines, after.disciplines, by_id),
        _section("levels of care", before.settings, after.settings, by_id),
        _section("quantities", before.quantities, after.quantities, by_id),
        _section("notes", before.notes, after.notes, by_id),
        _section("note sets", before.note_sets, after.note_sets, by_id),
        _section("remote-delivery readings", before.remote_readings, after.remote_readings,
                 by_id),
        _section("errata", before.errata, after.errata, by_id),
        _section("activities", before.activities, after.activities, by_id),
        _section("programs", before.programs, after.programs, by_id),
        _section("documents", before.documents, after.documents, by_id),
    )
    return tuple(s for s in sections if s.added or s.removed or s.changed)


# ---------------------------------------------------------------------------------------
# A new overlay (``rules new``): what a QA analyst starts a new fiscal year's pack from


def _toml_string(text: str) -> str:
    """``text`` as a TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def _first_case(rules: Rules) -> str:
    """One worked case from the base's first worked example, as ``cases.toml`` text."""
    for entry in rules.codes:
        for ex in entry.examples:
            request = example_request(rules, entry, ex)
            expect = {"status": "claimable" if ex.units else "not_claimable",
                      "code": entry.code, "modifiers": list(entry.modifiers), "units": ex.units}
            name = (f"{entry.key}, {ex.quantity} {request.quantity_kind} (the worked example "
                    f"in {rules.manifest.id})")
            lines = ["[[case]]",
                     f"name = {_toml_string(name)}",
                     f"code = {_toml_string(entry.code)}",
                     f"modifiers = {json.dumps(list(entry.modifiers))}"]
            if request.discipline:
                lines.append(f"discipline = {_toml_string(request.discipline)}")
            lines.append(f"{request.quantity_kind} = {ex.quantity}")
            if request.mode:
                lines.append(f"mode = {_toml_string(request.mode)}")
            if request.setting:
                lines.append(f"setting = {_toml_string(request.setting)}")
            lines.append("expect = { " + ", ".join(f"{k} = {json.dumps(v)}"
                                                   for k, v in expect.items()) + " }")
            source = f"doc = {_toml_string(entry.source.doc)}, section = " \
                     f"{_toml_string(entry.source.section)}"
            if entry.source.reading_of:
                source += f", reading_of = {json.dumps(list(entry.source.reading_of))}"
            lines.append(f"source = {{ {source} }}")
            return "\n".join(lines) + "\n"
    raise InputError(f"rules pack {rules.manifest.id} has no worked example to start the new "
                     f"pack's cases from")


def new_overlay(base: Rules, pack_id: str, effective_from: date, review_by: date) -> dict[str, str]:
    """The files of a new overlay on ``base``: its manifest, a documents list and a sources
    list to fill, and a ``cases.toml`` with one worked case; ``rules check`` accepts them
    as they are (the overlay changes nothing yet)."""
    b = base.manifest
    manifest = f"""\
# A rules pack that changes {b.id} ({b.title}, version {b.version}) for dates of service
# from {effective_from.isoformat()}. It holds only what changes, in files named as the base's
# (codes-dmc-ods.toml, notes.toml, ...): an entry with a base entry's id (a code's code and
# modifiers) replaces it, a new id adds one, and `remove = ["id", ...]` at the top of a file
# drops base entries. See docs/rules.md, "Overlay packs".
[rules]
id = {_toml_string(pack_id)}
extends = {_toml_string(b.id)}
title = {_toml_string(f"{b.title}, changes from {effective_from.isoformat()}")}
version = "1.0.0"
effective_from = {effective_from.isoformat()}
review_by = {review_by.isoformat()}
summary = {_toml_string(f"What changes from {b.id} for dates of service from "
                        f"{effective_from.isoformat()}: to be filled in.")}
# The new source documents (or new revisions of the base's) this pack implements, exactly as
# documents.toml lists them: replace `sources = []` with one table per document:
#   [[rules.sources]]
#   title = "..."
#   publisher = "..."
#   revision = "..."
# The base's sources stay listed unless one here has the same title and publisher.
sources = []
"""
    documents = """\
# The new source documents, or a new revision of a base document (the same id replaces it):
#   [[document]]
#   id = "billing-manual"
#   title = "..."
#   publisher = "..."
#   revised = "..."
# then list each in rules.toml's sources, and cite it in each entry's source.
document = []
"""
    cases = f"""\
# Worked cases: `rules check` runs each through the calculator, with the base's own cases and
# every code's worked examples, against the base with this pack's changes. Add the new
# sources' examples and boundaries here; a case with a base case's name replaces it.
{_first_case(base)}"""
    return {"rules.toml": manifest, "documents.toml": documents, "cases.toml": cases}


def write_new_pack(texts: Mapping[str, str], out: Path) -> None:
    """Write a new pack's files into ``out``, a new or empty folder (InputError if not)."""
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise InputError(f"{out} already exists and is not an empty folder: give a new folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, text in texts.items():
            (out / name).write_bytes(text.encode("utf-8"))
    except OSError as exc:
        raise InputError(f"cannot write the new rules pack into {out} "
                         f"({exc.strerror or exc})") from None
