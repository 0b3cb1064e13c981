"""A rules pack from anyone is checked strictly: a broken one is refused whole, naming the
file and the entry, and never half-loaded.

Each case is a small pack written inline (the qutebrowser way): :data:`MINIMAL` is the
smallest pack that loads, and a case replaces or adds to one of its files.
"""

import os
from textwrap import dedent

import pytest

from core import RulesError
from core.rules import MAX_FILE_BYTES, PACK_FILES, load_rules, parse_rules

MINIMAL = {
    "rules.toml": """
        [rules]
        id = "test-pack"
        title = "Test rules"
        version = "1.0.0"
        effective_from = 2025-07-01
        review_by = 2026-06-30
        summary = "A pack made in a test."

        [[rules.sources]]
        title = "Allowable Codes"
        publisher = "Test County QA"
        revision = "rev. 1"
        """,
    "documents.toml": """
        [[document]]
        id = "src"
        title = "Allowable Codes"
        publisher = "Test County QA"
        revised = "rev. 1"
        """,
    "programs.toml": """
        [[program]]
        id = "dmc-ods"
        name = "Drug Medi-Cal Organized Delivery System"
        short = "DMC-ODS"
        source = { doc = "src", section = "Programs" }
        """,
    "bases.toml": """
        [[basis]]
        id = "per-15-minutes"
        name = "per 15 minutes"
        method = "timed"
        quantity = "minutes"
        item = "minute"
        items = "minutes"
        unit_name = "15 minutes"
        """,
    "quantities.toml": "".join(f"""
        [[quantity]]
        id = "{kind}"
        singular = "{kind}"
        plural = "{kind}"
        maximum = {maximum}
        source = {{ doc = "src", section = "Quantities" }}
        """ for kind, maximum in (("minutes", 1440), ("days", 31), ("months", 12), ("count", 100))),
    "disciplines.toml": """
        [[discipline]]
        id = "RN"
        name = "Registered Nurse"
        licensed = true
        programs = ["dmc-ods"]
        source = { doc = "src", section = "Disciplines" }

        [[discipline]]
        id = "AOD"
        name = "Alcohol and Other Drug counselor"
        licensed = false
        programs = ["dmc-ods"]
        aliases = ["SUD counselor"]
        source = { doc = "src", section = "Disciplines" }
        """,
    "settings.toml": """
        [[setting]]
        id = "none"
        name = "Not stated"
        kind = "none"
        source = { doc = "src", section = "Levels of care" }
        """,
    "codes-dmc-ods.toml": """
        [[code]]
        code = "H0034"
        program = "dmc-ods"
        name = "Medication training and support"
        description = "Per 15 minutes."
        unit = { basis = "per-15-minutes", length = 15, minimum = 8 }
        disciplines = ["RN"]
        source = { doc = "src", section = "row H0034" }
        """,
    "codes-ecm.toml": "",
    "codes-community-supports.toml": "",
    "services.toml": """
        [[service]]
        id = "medication-training"
        name = "Medication training and support"
        program = "dmc-ods"
        description = "Training in medications."
        options = [{ code = "H0034", modifiers = [] }]
        source = { doc = "src", section = "row H0034" }
        """,
    "notes.toml": "",
    "errata.toml": "",
    "activities.toml": "",
    "same-day.toml": "",
}


def texts(replace=None, add=None):
    """MINIMAL's texts with whole files replaced and text added to the end of others."""
    out = {name: dedent(text) for name, text in MINIMAL.items()}
    for name, text in (replace or {}).items():
        out[name] = dedent(text)
    for name, text in (add or {}).items():
        out[name] += "\n" + dedent(text)
    return out


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


H0034_AGAIN = """
    [[code]]
    code = "H0034"
    program = "dmc-ods"
    name = "Medication training and support"
    description = "Per 15 minutes."
    unit = { basis = "per-15-minutes", length = 15, minimum = 8 }
    disciplines = ["RN"]
    source = { doc = "src", section = "row H0034" }
    """
H0034_WITH = """
    [[code]]
    code = "H0034"
    program = "dmc-ods"
    name = "Medication training and support"
    description = "Per 15 minutes."
    unit = {unit}
    disciplines = {disciplines}
    source = {{ doc = "src", section = "row H0034" }}
    """


def h0034(unit='{ basis = "per-15-minutes", length = 15, minimum = 8 }', disciplines='["RN"]'):
    return {"codes-dmc-ods.toml": H0034_WITH.format(unit=unit, disciplines=disciplines)}


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
        codes = ["H0034", "T2059 U6"]
        text = "Not both on one day."
        source = { doc = "src", section = "footnote 8" }
        """}, "same-day.toml", "pair", "T2059 U6"),
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


def write(folder, pack_texts):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in pack_texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_folder_is_read_and_errors_name_the_file_in_it(tmp_path):
    folder = write(tmp_path / "pack", texts())
    assert load_rules(folder).manifest.id == "test-pack"
    write(folder, texts(h0034(disciplines='["RN-CTX"]')))
    with pytest.raises(RulesError) as caught:
        load_rules(folder)
    assert caught.value.file == str(folder / "codes-dmc-ods.toml")
    (folder / "codes-extar.toml").write_text("")
    with pytest.raises(RulesError, match="codes-extar.toml: is not a file a rules pack holds"):
        load_rules(folder)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_file_that_never_ends_is_refused_unread(tmp_path):
    folder = write(tmp_path / "pack", texts())
    (folder / "notes.toml").unlink()
    (folder / "notes.toml").symlink_to("/dev/zero")
    with pytest.raises(RulesError, match="notes.toml: is not a regular file"):
        load_rules(folder)


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path):
    folder = write(tmp_path / "pack", texts())
    with (folder / "notes.toml").open("w") as fh:  # valid TOML, all comment
        fh.write("#" * (MAX_FILE_BYTES + 1))
    with pytest.raises(RulesError, match="notes.toml: is larger than 4 MB"):
        load_rules(folder)


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    folder = write(tmp_path / "pack", texts())
    (folder / "notes.toml").write_bytes(b"# caf\xe9\n")
    with pytest.raises(RulesError, match="notes.toml: is not UTF-8 text"):
        load_rules(folder)


def test_the_shipped_pack_loads_strictly():
    rules = load_rules()
    assert rules.manifest.effective_from <= rules.manifest.review_by
    assert {s.title for s in rules.manifest.sources} == {
        d.title for d in rules.documents if not d.reading}
