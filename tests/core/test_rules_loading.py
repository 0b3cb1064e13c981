"""A rules pack from anyone is checked strictly: a broken one is refused whole, naming the
file and the entry, and never half-loaded.

Each case is a small pack written inline (the qutebrowser way): :data:`MINIMAL`
(tests/core/minimal_pack.py) is the smallest pack that loads, and a case replaces or adds
to one of its files.
"""

import os
import sys

import pytest

from core import RulesError
from core.rules import MAX_FILE_BYTES, PACK_FILES, load_rules, parse_rules
from tests.core.minimal_pack import MINIMAL, NONE, h0034, texts, write_pack

def refused(replace=None, add=None) -> RulesError:
    with pytest.raises(RulesError) as caught:
        parse_rules(texts(replace, add))
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return caught.value


def test_the_minimal_pack_loads_and_toml_arrays_become_tuples():
    rules = parse_rules(texts())
    assert rules.manifest.id == "test-pack" and rules.manifest.effective_to is None
    entry = rules.entry("H0034")
    assert entry.disciplines == ("RN",) and rules.services[0].options[0].modifiers == ()
    assert rules.find_discipline("sud counselor").id == "AOD"
    assert rules.same_day_rules == () and rules.errata == ()  # a pack may have none


def test_the_minimal_pack_covers_the_test_cases():
    assert set(MINIMAL) == set(PACK_FILES)


H0034_AGAIN = h0034()["codes-dmc-ods.toml"]  # the minimal pack's H0034, to put in another file


def deep(n):
    return "[" * n + "]" * n


# (what a user would call it, replaced files, added text, file, entry, words in the message)
CASES = [
    ("the same code key in two files", None, {"codes-ecm.toml": H0034_AGAIN},
     "codes-ecm.toml", "H0034", "also in codes-dmc-ods.toml"),
    ("a timed minimum of 0", h0034(unit='{ basis = "per-15-minutes", length = 15, minimum = 0 }'),
     None, "codes-dmc-ods.toml", "H0034", "greater than 0"),
    ("a quantity maximum above 2^31-1",
     {"quantities.toml": MINIMAL["quantities.toml"].replace("1440", "2147483648")}, None,
     "quantities.toml", "minutes", "less than or equal to 2147483647"),
    ("a discipline alias equal to another discipline's id",
     {"disciplines.toml": MINIMAL["disciplines.toml"].replace('["SUD counselor"]', '["RN"]')},
     None, "disciplines.toml", "AOD", "also the id or an alias of discipline 'RN'"),
    ("discipline ids differing only in case",
     {"disciplines.toml": MINIMAL["disciplines.toml"].replace('id = "AOD"', 'id = "rn"')},
     None, "disciplines.toml", "rn", "without regard to case"),
    ('licensed = "yes"',
     {"disciplines.toml": MINIMAL["disciplines.toml"].replace("licensed = true",
                                                              'licensed = "yes"')},
     None, "disciplines.toml", "RN", "valid boolean"),
    ('maximum = "1440"',
     {"quantities.toml": MINIMAL["quantities.toml"].replace("1440", '"1440"')}, None,
     "quantities.toml", "minutes", "valid integer"),
    ("a minute given as a string", h0034(unit='{ basis = "per-15-minutes", length = "15", '
                                              'minimum = 8 }'),
     None, "codes-dmc-ods.toml", "H0034", "valid integer"),
    ("a 20-deep nested array", h0034(disciplines=deep(20)), None,
     "codes-dmc-ods.toml", "H0034", "disciplines.0: Input should be a valid string"),
    ("a 500-deep nested array", h0034(disciplines=deep(500)), None,
     "codes-dmc-ods.toml", "line 8", "too deeply"),
    ("an unknown key", h0034(unit='{ basis = "per-15-minutes", length = 15, minimum = 8, '
                                  'colour = "blue" }'),
     None, "codes-dmc-ods.toml", "H0034", "unit.colour: unknown key"),
    ("a discipline the file does not define", h0034(disciplines='["RN-CTX"]'), None,
     "codes-dmc-ods.toml", "H0034", "RN-CTX"),
    ("a minimum longer than the unit",
     h0034(unit='{ basis = "per-15-minutes", length = 15, minimum = 16 }'), None,
     "codes-dmc-ods.toml", "H0034", "exceeds the unit length"),
    ("a basis not in bases.toml", h0034(unit='{ basis = "per-visit" }'), None,
     "codes-dmc-ods.toml", "H0034", "per-visit"),
    ("a same-day rule naming an unknown code", None, {"same-day.toml": """
        [[rule]]
        id = "pair"
        kind = "exclusive"
        codes = ["H0034", "T2059 U6"]
        text = "A made-up rule."
        source = { doc = "src", section = "footnote 8" }
        """}, "same-day.toml", "pair", "T2059 U6"),
    ("a same-day rule with no kind", None, {"same-day.toml": """
        [[rule]]
        id = "pair"
        codes = ["H0034", "H0034 U6"]
        text = "A made-up rule."
        source = { doc = "src", section = "footnote 8" }
        """}, "same-day.toml", "pair", "kind: Field required"),
    ("a same-day rule of an unknown kind", None, {"same-day.toml": """
        [[rule]]
        id = "pair"
        kind = "lockout"
        codes = ["H0034"]
        text = "A made-up rule."
        source = { doc = "src", section = "footnote 8" }
        """}, "same-day.toml", "pair", "kind: Input should be"),
    ("units on an exclusive rule", None, {"same-day.toml": """
        [[rule]]
        id = "pair"
        kind = "exclusive"
        codes = ["H0034", "H0034 U6"]
        units = 8
        text = "A made-up rule."
        source = { doc = "src", section = "footnote 8" }
        """}, "same-day.toml", "pair", "an exclusive rule takes no units"),
    ("a threshold rule without its modifier", None, {"same-day.toml": """
        [[rule]]
        id = "pair"
        kind = "threshold"
        codes = ["H0034"]
        units = 9
        text = "A made-up rule."
        source = { doc = "src", section = "footnote 8" }
        """}, "same-day.toml", "pair", "a threshold rule needs modifier"),
    ("a daily maximum without its units", None, {"same-day.toml": """
        [[rule]]
        id = "pair"
        kind = "daily-maximum"
        codes = ["H0034"]
        text = "A made-up rule."
        source = { doc = "src", section = "footnote 8" }
        """}, "same-day.toml", "pair", "a daily-maximum rule needs units"),
    ("overridable codes on a daily maximum", None, {"same-day.toml": """
        [[rule]]
        id = "pair"
        kind = "daily-maximum"
        codes = ["H0034"]
        units = 8
        overridable = ["H0034"]
        text = "A made-up rule."
        source = { doc = "src", section = "footnote 8" }
        """}, "same-day.toml", "pair", "takes no overridable"),
    ("a lockout in a level of care settings.toml lacks", None, {"same-day.toml": """
        [[rule]]
        id = "pair"
        kind = "setting-lockout"
        codes = ["H0034"]
        settings = ["3.1"]
        text = "A made-up rule."
        source = { doc = "src", section = "footnote 8" }
        """}, "same-day.toml", "pair", "level of care '3.1'"),
    ("a lockout naming no level of care", None, {"same-day.toml": """
        [[rule]]
        id = "pair"
        kind = "setting-lockout"
        codes = ["H0034"]
        text = "A made-up rule."
        source = { doc = "src", section = "footnote 8" }
        """}, "same-day.toml", "pair", "a setting-lockout rule needs settings"),
    ("an exclusive rule of one code", None, {"same-day.toml": """
        [[rule]]
        id = "pair"
        kind = "exclusive"
        codes = ["H0034"]
        text = "A made-up rule."
        source = { doc = "src", section = "footnote 8" }
        """}, "same-day.toml", "pair", "at least two codes"),
    ("a threshold modifier in lower case", None, {"same-day.toml": """
        [[rule]]
        id = "pair"
        kind = "threshold"
        codes = ["H0034"]
        units = 9
        modifier = "gd"
        text = "A made-up rule."
        source = { doc = "src", section = "footnote 8" }
        """}, "same-day.toml", "pair", "is not a modifier"),
    ("a source naming an unknown document", None, {"notes.toml": """
        [[note]]
        id = "a-note"
        kind = "billing"
        text = "A note."
        source = { doc = "009", section = "somewhere" }
        """}, "notes.toml", "a-note", "'009'"),
    ("a service offering an unknown code",
     {"services.toml": MINIMAL["services.toml"].replace('code = "H0034"', 'code = "H0035"')},
     None, "services.toml", "medication-training", "H0035"),
    ("a code no service offers", None, {"codes-dmc-ods.toml": H0034_AGAIN.replace(
        "H0034", "H2017")}, "codes-dmc-ods.toml", "H2017", "no service"),
    ("effective_to before effective_from",
     {"rules.toml": MINIMAL["rules.toml"].replace(
         "review_by", "effective_to = 2025-06-30\n        review_by")},
     None, "rules.toml", None, "effective_to 2025-06-30 is before effective_from"),
]
CASES += [
    ("review_by before effective_from",
     {"rules.toml": MINIMAL["rules.toml"].replace("2026-06-30", "2024-01-01")}, None,
     "rules.toml", None, "review_by 2024-01-01 is before"),
    # a pack added is kept in a folder named by its id, which Windows refused ("Bad device
    # type") although `rules check` had said ok on Linux
    ("a pack id Windows keeps for a device",
     {"rules.toml": MINIMAL["rules.toml"].replace('id = "test-pack"', 'id = "aux"')}, None,
     "rules.toml", None, "id 'aux' is a name Windows keeps for a device"),
    ("a date given as a string",
     {"rules.toml": MINIMAL["rules.toml"].replace("2025-07-01", '"2025-07-01"')}, None,
     "rules.toml", None, "effective_from"),
    ("a manifest source documents.toml lacks",
     {"rules.toml": MINIMAL["rules.toml"].replace('"rev. 1"', '"rev. 2"')}, None,
     "rules.toml", "Allowable Codes", "differs from documents.toml"),
    ("a document the manifest does not list", None, {"documents.toml": """
        [[document]]
        id = "other"
        title = "Another source"
        publisher = "DHCS"
        revised = "2025"
        """}, "documents.toml", "other", "not among the sources"),
    ("a SHA-256 that is not one", None, {"rules.toml": 'sha256 = "not-a-hash"'},
     "rules.toml", None, "sources.0.sha256"),
    ("a quantity kind left out",
     {"quantities.toml": MINIMAL["quantities.toml"].rsplit("[[quantity]]", 1)[0]},
     None, "quantities.toml", None, "'count'"),
    ("a telehealth modifier without its modes", None, {"programs.toml": """
        [[program]]
        id = "ecm"
        name = "Enhanced Care Management"
        short = "ECM"
        telehealth_modifier = "GQ"
        source = { doc = "src", section = "Programs" }
        """}, "programs.toml", "ecm", "telehealth_modes"),
    ("a program's modifiers_not_given naming a document documents.toml lacks", None,
     {"programs.toml": """
        [[program]]
        id = "ecm"
        name = "Enhanced Care Management"
        short = "ECM"
        modifiers_not_given = { doc = "009", section = "no modifiers" }
        source = { doc = "src", section = "Programs" }
        """}, "programs.toml", "ecm", "'009'"),
    ("invalid TOML", {"errata.toml": "[[erratum]\nid = "}, None, "errata.toml", None,
     "is not valid TOML"),
    ("an unknown top-level table", {"notes.toml": "[[notes]]\nid = 'x'"}, None, "notes.toml",
     None, "unknown top-level key 'notes'"),
]


@pytest.mark.parametrize("what, replace, add, file, entry, words", CASES,
                         ids=[c[0] for c in CASES])
def test_a_broken_pack_is_refused_naming_file_and_entry(what, replace, add, file, entry, words):
    error = refused(replace, add)
    assert error.file == file, str(error)
    assert words in error.problem, str(error)
    if entry:
        assert error.entry == entry, str(error)


def test_a_missing_file_and_a_stray_file_are_named():
    missing = texts()
    del missing["settings.toml"]
    with pytest.raises(RulesError, match="settings.toml: the file is missing"):
        parse_rules(missing)
    with pytest.raises(RulesError, match="codes-extra.toml: is not a file a rules pack holds"):
        parse_rules({**texts(), "codes-extra.toml": ""})


def test_a_folder_is_read_and_errors_name_the_file_in_it(tmp_path):
    folder = write_pack(tmp_path / "pack", texts())
    assert load_rules(folder).manifest.id == "test-pack"
    write_pack(folder, texts(h0034(disciplines='["RN-CTX"]')))
    with pytest.raises(RulesError) as caught:
        load_rules(folder)
    assert caught.value.file == str(folder / "codes-dmc-ods.toml")
    (folder / "codes-extar.toml").write_text("")
    with pytest.raises(RulesError, match="codes-extar.toml: is not a file a rules pack holds"):
        load_rules(folder)


@pytest.mark.skipif(sys.platform == "win32" or not os.path.exists("/dev/zero"),
                    reason="needs /dev/zero, which Windows lacks")
def test_a_file_that_never_ends_is_refused_unread(tmp_path):
    folder = write_pack(tmp_path / "pack", texts())
    (folder / "notes.toml").unlink()
    (folder / "notes.toml").symlink_to("/dev/zero")
    with pytest.raises(RulesError, match="notes.toml: is not a regular file"):
        load_rules(folder)


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path):
    folder = write_pack(tmp_path / "pack", texts())
    with (folder / "notes.toml").open("w") as fh:  # valid TOML, all comment
        fh.write("#" * (MAX_FILE_BYTES + 1))
    with pytest.raises(RulesError, match="notes.toml: is larger than 4 MB"):
        load_rules(folder)


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    folder = write_pack(tmp_path / "pack", texts())
    (folder / "notes.toml").write_bytes(b"# caf\xe9\n")
    with pytest.raises(RulesError, match="notes.toml: is not UTF-8 text"):
        load_rules(folder)


def test_the_shipped_pack_loads_strictly():
    rules = load_rules()
    assert rules.manifest.effective_from <= rules.manifest.review_by
    assert {s.title for s in rules.manifest.sources} == {
        d.title for d in rules.documents if not d.reading}


# -- issue 15 item 9: nothing in a pack is taken for what it is not -----------------------


@pytest.mark.parametrize("blank", ["", "  \n\t\n", "# errata to come\n", "\ufeff"],
                         ids=["0 bytes", "whitespace", "comments only", "a BOM alone"])
@pytest.mark.parametrize("name", PACK_FILES)
def test_an_empty_file_is_refused_not_read_as_none(name, blank):
    """A truncated copy of errata.toml (0 bytes) used to drop every erratum without a word."""
    with pytest.raises(RulesError) as caught:
        parse_rules({**texts(), name: blank})
    assert caught.value.file == name and caught.value.problem.startswith("is empty")


def test_a_kind_with_no_entries_says_so_and_loads():
    assert NONE["errata.toml"] == "erratum = []\n"
    rules = parse_rules(texts())
    assert rules.errata == () and rules.activities == () and rules.same_day_rules == ()


def disciplines_with(rn_id):
    return {"disciplines.toml": MINIMAL["disciplines.toml"].replace('id = "RN"', f'id = "{rn_id}"')}


# (what, replaced files, file, entry, words in the message)
LOOK_ALIKES = [
    ("an empty discipline id", disciplines_with(""), "disciplines.toml", "#1 ''", "id: '' is not"),
    ("a blank discipline id", disciplines_with("  "), "disciplines.toml", "#1 '  '",
     "spaces around it"),
    ("a discipline id with a space before it", disciplines_with(" RN"), "disciplines.toml",
     "#1 ' RN'", "spaces around it"),
    ("a fullwidth RN", disciplines_with("\uff32\uff2e"), "disciplines.toml",
     "#1 '\\uff32\\uff2e'", "U+FF32, U+FF2E"),
    ("a Cyrillic RN", disciplines_with("\u0420N"), "disciplines.toml", "#1 '\\u0420N'",
     "U+0420"),
    ("RN with a zero-width space", disciplines_with("R\u200bN"), "disciplines.toml",
     "#1 'R\\u200bN'", "U+200B"),
    ("a setting 1.0 with a fullwidth full stop",
     {"settings.toml": MINIMAL["settings.toml"].replace('id = "none"', 'id = "1\uff0e0"')},
     "settings.toml", "#1 '1\\uff0e0'", "U+FF0E"),
    ("a fullwidth RN in a code's discipline list", h0034(disciplines='["\uff32\uff2e"]'),
     "codes-dmc-ods.toml", "H0034", "disciplines.0: '\\uff32\\uff2e' is not an id"),
    ("an alias with a zero-width space",
     {"disciplines.toml": MINIMAL["disciplines.toml"].replace("SUD counselor",
                                                              "SUD\u200bcounselor")},
     "disciplines.toml", "AOD", "aliases.0"),
    ("a source naming a look-alike document",
     {"programs.toml": MINIMAL["programs.toml"].replace('doc = "src"', 'doc = "sr\u0441"')},
     "programs.toml", "dmc-ods", "source.doc"),
    ("a look-alike program id",
     {"programs.toml": MINIMAL["programs.toml"].replace('id = "dmc-ods"', 'id = "dmc\u2011ods"')},
     "programs.toml", "#1 'dmc\\u2011ods'", "U+2011"),
    ("a same-day rule naming a look-alike code key", {"same-day.toml": """
        [[rule]]
        id = "pair"
        codes = ["H0034", "H0034\u00a0U6"]
        text = "Not both on one day."
        source = { doc = "src", section = "footnote 8" }
        """}, "same-day.toml", "pair", "codes.1: 'H0034\\xa0U6' is not a code key"),
    ("a version in fullwidth digits",
     {"rules.toml": MINIMAL["rules.toml"].replace('"1.0.0"', '"\uff11.0.0"')}, "rules.toml",
     "test-pack", "version: '\\uff11.0.0' is not a version"),
]


@pytest.mark.parametrize("what, replace, file, entry, words", LOOK_ALIKES,
                         ids=[c[0] for c in LOOK_ALIKES])
def test_ids_are_plain_ascii_and_look_alikes_are_refused(what, replace, file, entry, words):
    error = refused(replace)
    assert (error.file, error.entry) == (file, entry), str(error)
    assert words in error.problem, str(error)


EMPTY_LISTS = [
    ("disciplines = []", h0034(disciplines="[]"), "codes-dmc-ods.toml", "H0034", "disciplines"),
    ("a code's settings = []", {"codes-dmc-ods.toml": H0034_AGAIN + "settings = []\n"},
     "codes-dmc-ods.toml", "H0034", "settings"),
    ("a discipline in no program",
     {"disciplines.toml": MINIMAL["disciplines.toml"].replace('["dmc-ods"]', "[]", 1)},
     "disciplines.toml", "RN", "programs"),
    ("a note for no discipline", {"notes.toml": """
        [[note]]
        id = "a-note"
        kind = "billing"
        text = "A note."
        when = { disciplines = [] }
        source = { doc = "src", section = "somewhere" }
        """}, "notes.toml", "a-note", "when.disciplines"),
]


@pytest.mark.parametrize("what, replace, file, entry, key", EMPTY_LISTS,
                         ids=[c[0] for c in EMPTY_LISTS])
def test_a_list_that_must_name_something_is_refused_empty(what, replace, file, entry, key):
    """disciplines = [] used to load, and the answer said "Disciplines that may claim H0034: ."."""
    error = refused(replace)
    assert (error.file, error.entry) == (file, entry), str(error)
    assert f"{key}: is an empty list; it needs at least 1 item" in error.problem, str(error)


def test_a_byte_order_mark_at_the_start_of_a_file_is_accepted(tmp_path):
    """Notepad saves UTF-8 with a byte-order mark: it used to give "Invalid statement (at
    line 1, column 1)"."""
    folder = tmp_path / "pack"
    folder.mkdir()
    for name, text in texts().items():
        (folder / name).write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    rules = load_rules(folder)
    assert rules.manifest.id == "test-pack" and rules.entry("H0034").disciplines == ("RN",)


@pytest.mark.parametrize("wrong, right", [
    ("codes-new.TOML", None), ("Errata.toml", "errata.toml"), ("same_day.toml", "same-day.toml"),
    ("errata.Toml", "errata.toml"), ("notes.toml.TOML", None)])
def test_a_misspelt_file_name_is_never_ignored(tmp_path, wrong, right):
    """Names are compared exactly on every OS: codes-new.TOML was ignored on Linux."""
    folder = write_pack(tmp_path / "pack", texts())
    if right:  # not rename(): Wine keeps the old name when only the case changes
        text = (folder / right).read_bytes()
        (folder / right).unlink()
        (folder / wrong).write_bytes(text)
    else:
        (folder / wrong).write_text(H0034_AGAIN, encoding="utf-8")
    with pytest.raises(RulesError) as caught:
        load_rules(folder)
    assert caught.value.file == str(folder / wrong)
    assert "is not a file a rules pack holds" in caught.value.problem
    if right:
        assert caught.value.problem.endswith(f"is it {right}?")
