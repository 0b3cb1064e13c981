"""A broken rules file is refused, naming the file and the entry."""

import shutil

import pytest

from core import RulesError, load_rules
from core.resources import rules_dir


@pytest.fixture
def rules_copy(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(rules_dir(), folder)
    return folder


def _edit(folder, name, old, new, count=1):
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


CORRUPTIONS = [
    # (file, old text, new text, expected entry, words in the message)
    ("codes-dmc-ods.toml", 'code = "H0034"\nprogram = "dmc-ods"',
     'code = "H0034"\nprogram = "dmc-ods"\ncolour = "blue"', "H0034", "unknown key"),
    ("codes-dmc-ods.toml", '"Pharm-CT", "RN", "RN-CT"]\nnotes = ["ims-services"',
     '"Pharm-CT", "RN", "RN-CTX"]\nnotes = ["ims-services"', "H0034", "RN-CTX"),
    ("codes-dmc-ods.toml", 'unit = { basis = "per-hour", length = 60, minimum = 31 }',
     'unit = { basis = "per-hour", length = 60, minimum = 61 }', "H2035",
     "exceeds the unit length"),
    ("codes-dmc-ods.toml", 'unit = { basis = "minute-range", minimum = 15, maximum = 30 }',
     'unit = { basis = "minute-range", minimum = 45, maximum = 30 }', "99408", "out of order"),
    ("same-day.toml", 'codes = ["T2040 U6", "T2050 U6"]', 'codes = ["T2040 U6", "T2059 U6"]',
     "cs-financial-management", "T2059 U6"),
    ("codes-dmc-ods.toml", 'unit = { basis = "per-hour", length = 60, minimum = 31 }',
     'unit = { basis = "per-hour", length = 60, minimum = 0 }', "H2035", "greater than 0"),
    ("codes-ecm.toml", 'code = "G9007"', 'code = "H0034"', "H0034", "also in codes-dmc-ods.toml"),
    ("disciplines.toml", 'aliases = ["SUD counselor"]', 'aliases = ["rn"]', "RN",
     "also the id or an alias"),
    ("codes-community-supports.toml",
     'remote = { allowed = false, why = "A sobering center stay is on site, in person.", ',
     'unremote = { allowed = false, why = "A sobering center stay is on site, in person.", ',
     "H0014 U6", "unknown key"),
    ("codes-community-supports.toml", 'code = "H2016"\nmodifiers = ["U6"]',
     'code = "H0043"\nmodifiers = ["U6"]', "H0043 U6", "listed twice"),
    ("codes-ecm.toml", 'code = "G9008"\nmodifiers = ["U1"]', 'code = "G9008"\nmodifiers = ["u1x"]',
     "G9008 u1x", "should match pattern"),
    ("codes-ecm.toml", 'unit = { basis = "per-contact" }', 'unit = { basis = "per-visit" }',
     "G9008 U1", "per-visit"),
    ("codes-dmc-ods.toml", 'notes = ["ims-services", "ims-mat-medications"',
     'notes = ["ims-servics", "ims-mat-medications"', "H0034", "ims-servics"),
    ("codes-dmc-ods.toml", 'source = { doc = "000", section = "Allowable Codes table, row H0034" }',
     'source = { doc = "009", section = "Allowable Codes table, row H0034" }', "H0034", "009"),
    ("services.toml", '{ code = "H0034", modifiers = [] }', '{ code = "H0035", modifiers = [] }',
     "medication-training", "H0035"),
    ("disciplines.toml", 'id = "RN"\nname = "Registered Nurse"\nlicensed = true',
     'id = "RN"\nname = "Registered Nurse"\nlicensed = "sometimes"', "RN", "licensed"),
    ("notes.toml", 'when = { disciplines = ["AOD"] }', 'when = { disciplines = ["ADO"] }',
     "cc-aod-crosswalk", "ADO"),
    ("activities.toml", 'reason = "Transportation is not considered medically necessary treatment."\n',
     "", "transport", "reason"),
    ("rules.toml", 'version = "1.1.0"', 'version = "one"', None, "version"),
]


@pytest.mark.parametrize("name, old, new, entry, words", CORRUPTIONS,
                         ids=[f"{c[0]}:{c[4]}" for c in CORRUPTIONS])
def test_corrupted_rules_are_refused_naming_file_and_entry(rules_copy, name, old, new, entry,
                                                            words):
    _edit(rules_copy, name, old, new)
    with pytest.raises(RulesError) as caught:
        load_rules(rules_copy)
    message = str(caught.value)
    assert name in message and words in message
    if entry:
        assert f"entry {entry}" in message
    assert "\n" not in message


def test_a_missing_file_is_named(rules_copy):
    (rules_copy / "settings.toml").unlink()
    with pytest.raises(RulesError, match="settings.toml: the file is missing"):
        load_rules(rules_copy)


def test_invalid_toml_is_named(rules_copy):
    (rules_copy / "errata.toml").write_text("[[erratum]\nid = ", encoding="utf-8")
    with pytest.raises(RulesError, match="errata.toml: is not valid TOML"):
        load_rules(rules_copy)


def test_a_code_no_service_offers_is_refused(rules_copy):
    _edit(rules_copy, "services.toml",
          '{ code = "H2016", modifiers = ["U6"], label = "H2016 U6: comprehensive community '
          'support services, per diem" },', "")
    with pytest.raises(RulesError, match="entry H2016 U6: no service"):
        load_rules(rules_copy)


def test_the_shipped_rules_load(rules_copy):
    assert load_rules(rules_copy).manifest.version
