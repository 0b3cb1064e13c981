"""What a code entry names by id (issue 17, item 4): a timed unit's length is its basis's,
notes shown together on several codes are a note set, and a remote-delivery reading is
written once and named by its id. Each name is checked: a missing one refuses the pack,
naming the file and the entry. The shipped pack uses them; its answers did not change."""

from __future__ import annotations

from datetime import date
from textwrap import dedent

import pytest

from core import Request, RulesError, calculate
from core.packs import Library, diff
from core.rules import load_rules, parse_rules

from . import minimal_pack
from .minimal_pack import overlay_manifest, texts, write_pack

NOTES = """
    [[note]]
    id = "own-note"
    kind = "billing"
    text = "A note of H0034's own (made up)."
    source = { doc = "src", section = "row H0034" }

    [[note]]
    id = "shared-a"
    kind = "billing"
    text = "A note several codes share (made up)."
    source = { doc = "src", section = "notes" }

    [[note]]
    id = "shared-b"
    kind = "lockout"
    text = "Another note several codes share (made up)."
    source = { doc = "src", section = "notes" }
    """

NOTE_SETS = """
    [[note_set]]
    id = "shared"
    name = "Notes several codes share (made up)"
    notes = ["shared-a", "shared-b"]
    """

REMOTE = """
    [[remote]]
    id = "in-person-only"
    allowed = false
    why = "It is given in person (made up)."
    source = { doc = "src", section = "remote delivery" }
    """


def h0034(unit: str = '{ basis = "per-15-minutes", minimum = 8 }', more: str = "") -> str:
    """The minimal pack's H0034 with ``more`` keys; its unit's length left to its basis."""
    return minimal_pack.h0034(unit, more=more)["codes-dmc-ods.toml"]


def pack(codes: str, **files: str) -> dict[str, str]:
    return texts(replace={"codes-dmc-ods.toml": codes, "notes.toml": NOTES, **files})


def refusal(pack_texts: dict[str, str]) -> RulesError:
    with pytest.raises(RulesError) as caught:
        parse_rules(pack_texts)
    return caught.value


def answer(rules, minutes: int = 100):
    return calculate(rules, Request(date_of_service=date(2025, 7, 1), code="H0034",
                                    discipline="RN", quantity=minutes, quantity_kind="minutes"))


# -- the basis owns a timed unit's length ------------------------------------------------

def test_a_timed_code_that_gives_no_length_counts_by_its_basis():
    rules = parse_rules(pack(h0034()))
    assert rules.entry("H0034").unit.length == 15
    assert answer(rules).units == 7 and answer(rules, 22).units == 1
    assert answer(rules, 23).units == 2


def test_a_length_the_basis_contradicts_is_still_refused_and_the_same_length_accepted():
    assert parse_rules(pack(h0034('{ basis = "per-15-minutes", length = 15, minimum = 8 }')))
    error = refusal(pack(h0034('{ basis = "per-15-minutes", length = 20, minimum = 8 }')))
    assert (error.file, error.entry) == ("codes-dmc-ods.toml", "H0034")
    assert "unit length 20 min contradicts its basis 'per-15-minutes'" in error.problem


# -- note sets ----------------------------------------------------------------------------

def test_a_note_set_adds_its_notes_after_the_codes_own_and_the_answer_shows_them():
    rules = parse_rules(pack(h0034(more='notes = ["own-note"]\nnote_sets = ["shared"]'),
                             **{"note-sets.toml": NOTE_SETS}))
    assert rules.entry("H0034").notes == ("own-note", "shared-a", "shared-b")
    shown = [n.text for n in answer(rules).notes]
    assert {"A note of H0034's own (made up).", "A note several codes share (made up).",
            "Another note several codes share (made up)."} <= set(shown)


@pytest.mark.parametrize("files, more, file, entry, problem", [
    ({}, 'note_sets = ["shared"]', "codes-dmc-ods.toml", "H0034",
     "note_sets: names 'shared', which note-sets.toml lacks"),
    ({"note-sets.toml": NOTE_SETS}, 'note_sets = ["sharde"]', "codes-dmc-ods.toml", "H0034",
     "note_sets: names 'sharde', which note-sets.toml lacks"),
    ({"note-sets.toml": NOTE_SETS.replace('"shared-b"', '"shared-c"')},
     'note_sets = ["shared"]', "note-sets.toml", "shared",
     "names note 'shared-c', which notes.toml lacks"),
    ({"note-sets.toml": NOTE_SETS}, 'notes = ["shared-a"]\nnote_sets = ["shared"]',
     "codes-dmc-ods.toml", "H0034",
     "note_sets: note 'shared-a' of note set 'shared' is already among its notes"),
    ({"note-sets.toml": NOTE_SETS + NOTE_SETS}, "", "note-sets.toml", "shared",
     "is listed twice"),
    ({"note-sets.toml": NOTE_SETS.replace('notes = ["shared-a", "shared-b"]', "notes = []")},
     "", "note-sets.toml", "shared", "notes: is an empty list"),
    ({"note-sets.toml": ""}, "", "note-sets.toml", None, "is empty"),
], ids=["no note-sets.toml", "a misspelt set", "a set naming a missing note",
        "a note named twice", "a set listed twice", "an empty set", "an empty file"])
def test_a_note_set_that_is_not_there_or_not_right_is_refused_by_name(files, more, file,
                                                                     entry, problem):
    error = refusal(pack(h0034(more=more), **files))
    assert (error.file, error.entry) == (file, entry)
    assert problem in error.problem


# -- remote-delivery readings -------------------------------------------------------------

def test_a_remote_reading_is_named_by_id_and_filled_in():
    rules = parse_rules(pack(h0034(more='remote = "in-person-only"'),
                             **{"remote-delivery.toml": REMOTE}))
    remote = rules.entry("H0034").remote
    assert remote is not None and remote.id == "in-person-only" and not remote.allowed
    assert remote.why == "It is given in person (made up)."
    assert [r.id for r in rules.remote_readings] == ["in-person-only"]


@pytest.mark.parametrize("files, more, problem", [
    ({}, 'remote = "in-person-only"',
     "remote: names 'in-person-only', which remote-delivery.toml lacks"),
    ({"remote-delivery.toml": REMOTE}, 'remote = "in-person"',
     "remote: names 'in-person', which remote-delivery.toml lacks"),
    ({"remote-delivery.toml": REMOTE},
     'remote = { allowed = false, why = "In person.", source = { doc = "src", section = "x" } }',
     "remote: name a reading of remote-delivery.toml by its id"),
    ({"remote-delivery.toml": REMOTE}, "remote = true",
     "remote: name a reading of remote-delivery.toml by its id"),
], ids=["no remote-delivery.toml", "a misspelt id", "a table written in the code",
        "not an id"])
def test_a_remote_reading_not_there_is_refused_naming_file_and_entry(files, more, problem):
    error = refusal(pack(h0034(more=more), **files))
    assert (error.file, error.entry) == ("codes-dmc-ods.toml", "H0034")
    assert problem in error.problem


# -- overlays ------------------------------------------------------------------------------

OVERLAY = overlay_manifest("the shared notes lose one.")


def test_an_overlay_changes_a_note_set_for_every_code_naming_it_and_diff_says_so(tmp_path):
    base = pack(h0034(more='note_sets = ["shared"]\nremote = "in-person-only"'),
                **{"note-sets.toml": NOTE_SETS, "remote-delivery.toml": REMOTE})
    write_pack(tmp_path / "packs" / "base", base)
    write_pack(tmp_path / "packs" / "overlay", {
        "rules.toml": OVERLAY,
        "note-sets.toml": dedent(NOTE_SETS).replace('"shared-a", "shared-b"', '"shared-a"'),
        "remote-delivery.toml": dedent(REMOTE).replace("allowed = false", "allowed = true")})
    library = Library.discover(tmp_path / "packs", user_dir=tmp_path / "user")
    before, after = library.rules("test-pack"), library.rules("test-pack-2026")
    assert before.entry("H0034").notes == ("shared-a", "shared-b")
    assert after.entry("H0034").notes == ("shared-a",)
    sections = {s.kind: s for s in diff(before, after)}
    assert sections["note sets"].changed[0][0] == "shared"
    assert [c.text() for c in sections["note sets"].changed[0][1]] == [
        "notes: removed shared-b"]
    assert sections["remote-delivery readings"].changed[0][0] == "in-person-only"
    code_changes = [c.text() for c in sections["codes"].changed[0][1]]
    assert code_changes == ["telehealth modifier allowed: no -> yes", "notes: removed shared-b"]


def test_an_overlay_that_removes_a_set_still_named_is_refused_naming_the_code(tmp_path):
    write_pack(tmp_path / "packs" / "base",
               pack(h0034(more='note_sets = ["shared"]'), **{"note-sets.toml": NOTE_SETS}))
    write_pack(tmp_path / "packs" / "overlay", {
        "rules.toml": OVERLAY,
        "note-sets.toml": 'remove = ["shared"]\nnote_set = []\n'})
    library = Library.discover(tmp_path / "packs", user_dir=tmp_path / "user")
    with pytest.raises(RulesError) as caught:
        library.rules("test-pack-2026")
    assert caught.value.entry == "H0034" and "codes-dmc-ods.toml" in caught.value.file
    assert "note_sets: names 'shared', which note-sets.toml lacks" in caught.value.problem


# -- the shipped pack --------------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped():
    return load_rules()


def test_the_shipped_pack_names_each_note_set_and_remote_reading_and_writes_each_once(shipped):
    named_sets = {s for c in shipped.codes for s in c.note_sets}
    assert named_sets == {s.id for s in shipped.note_sets}
    named_remote = {c.remote.id for c in shipped.codes if c.remote is not None}
    assert named_remote == {r.id for r in shipped.remote_readings}
    whys = [r.why for r in shipped.remote_readings]
    assert len(whys) == len(set(whys))  # each reading written once
    lists = [s.notes for s in shipped.note_sets]
    assert len(lists) == len(set(lists))
    # every Community Supports code says whether it can be given remotely
    assert all(c.remote is not None or c.modes for c in shipped.codes if c.program == "cs")


def test_no_document_id_reaches_an_answer(shipped):
    """Sources are named by title and publisher: a document's id (sd-allowable-codes, ...)
    is the files' own name for it, never shown."""
    ids = [d.id for d in shipped.documents if len(d.id) > 3]  # "app" is in "applies"
    assert ids
    for entry in shipped.codes:
        kind = shipped.basis(entry.unit.basis).quantity
        for mode in (None, "telehealth"):
            result = calculate(shipped, Request(
                date_of_service=shipped.manifest.effective_from, code=entry.code,
                modifiers=entry.modifiers, discipline=(entry.disciplines or ("RN",))[0],
                quantity=30 if kind == "minutes" else 1, quantity_kind=kind, mode=mode))
            shown = result.plain_text() + str(result.to_contract())
            assert not [i for i in ids if i in shown], entry.key
