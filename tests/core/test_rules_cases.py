"""Worked cases (issue 17, item 3): `rules check` runs every code's worked examples and the
pack's cases.toml through the calculator, and refuses a pack (exit 3) naming each case that
fails and what the rules gave. Packs are made inline (tests/core/minimal_pack.py)."""

from __future__ import annotations

from textwrap import dedent

import pytest

from core import RulesError
from core.cases import case_failures
from core.packs import Library
from core.rules import load_rules, parse_rules

from .minimal_pack import MINIMAL, texts, write_pack

H0034_EXAMPLE = ('examples = [{ quantity = 100, units = 7, text = "Therefore for 100 minutes '
                 'of service, claim 7 units of H0034." }]')


def _codes(unit: str = 'unit = { basis = "per-15-minutes", length = 15, minimum = 8 }',
           extra: str = H0034_EXAMPLE) -> str:
    return dedent(MINIMAL["codes-dmc-ods.toml"]).replace(
        'unit = { basis = "per-15-minutes", length = 15, minimum = 8 }', unit) + extra + "\n"


def _pack(tmp_path, replace=None, add=None, name="pack"):
    return write_pack(tmp_path / name, texts(replace=replace, add=add))


RN_100 = """
    [[case]]
    name = "RN, H0034, 100 minutes (the table's own example)"
    code = "H0034"
    discipline = "RN"
    minutes = 100
    expect = { status = "claimable", code = "H0034", modifiers = [], units = 7 }
    """


# --- the two proofs ------------------------------------------------------------------
def test_a_pack_whose_unit_length_gives_5_units_fails_its_own_example_of_7(cli, tmp_path):
    # the basis and the code both say 20 minutes, so only the worked example can catch it
    bases = dedent(MINIMAL["bases.toml"]).replace("length = 15", "length = 20")
    pack = _pack(tmp_path, replace={
        "bases.toml": bases,
        "codes-dmc-ods.toml": _codes('unit = { basis = "per-15-minutes", length = 20, '
                                     'minimum = 8 }')})
    ran = cli("rules", "check", pack)
    assert ran.returncode == 3 and ran.stdout == ""
    assert ran.stderr == (f"error: rules file {pack / 'codes-dmc-ods.toml'}, entry H0034: its "
                          f"worked example of 100 minutes claims 7 units; the rules gave "
                          f"Claimable: H0034, 5 units\n")


def test_a_unit_length_the_basis_contradicts_is_refused(cli, tmp_path):
    per_hour = dedent("""
        [[basis]]
        id = "per-hour"
        name = "per hour"
        method = "timed"
        quantity = "minutes"
        item = "minute"
        items = "minutes"
        unit_name = "60 minutes"
        length = 60
        """)
    pack = _pack(tmp_path, add={"bases.toml": per_hour}, replace={
        "codes-dmc-ods.toml": _codes('unit = { basis = "per-hour", length = 15, minimum = 8 }')})
    ran = cli("rules", "check", pack)
    assert ran.returncode == 3
    assert ran.stderr == (f"error: rules file {pack / 'codes-dmc-ods.toml'}, entry H0034: unit "
                          f"length 15 min contradicts its basis 'per-hour', whose unit is 60 "
                          f"minutes (bases.toml)\n")
    # and H0034's length = 20 under its per-15-minutes basis, the same way
    pack = _pack(tmp_path, name="twenty", replace={
        "codes-dmc-ods.toml": _codes('unit = { basis = "per-15-minutes", length = 20, '
                                     'minimum = 8 }')})
    assert "unit length 20 min contradicts its basis 'per-15-minutes'" in cli(
        "rules", "check", pack).stderr


def test_a_timed_basis_must_say_its_length(tmp_path):
    bases = dedent(MINIMAL["bases.toml"]).replace("length = 15\n", "")
    with pytest.raises(RulesError, match=r"bases.toml, entry per-15-minutes: .*a timed basis "
                                         r"needs its unit length"):
        parse_rules(texts(replace={"bases.toml": bases}))
    bases = dedent(MINIMAL["bases.toml"]).replace('method = "timed"', 'method = "count"')
    with pytest.raises(RulesError, match="a count basis has no unit length"):
        parse_rules(texts(replace={"bases.toml": bases}))


# --- examples and cases that hold ------------------------------------------------------------
def test_a_pack_whose_examples_and_cases_hold_is_accepted(cli, tmp_path):
    pack = _pack(tmp_path, replace={"codes-dmc-ods.toml": _codes()},
                 add={"cases.toml": RN_100})
    ran = cli("rules", "check", pack)
    assert ran.returncode == 0, ran.stderr
    assert "1 worked example and 1 case give what they say" in ran.stdout


def test_a_case_that_fails_is_named_with_what_the_rules_gave(cli, tmp_path):
    cases = RN_100.replace("units = 7", "units = 6") + """
    [[case]]
    name = "AOD counselor, H0034"
    code = "H0034"
    discipline = "AOD"
    minutes = 30
    expect = { status = "claimable", units = 2 }

    [[case]]
    name = "RN, H0034, 8 minutes"
    code = "H0034"
    discipline = "RN"
    minutes = 8
    expect = { status = "claimable", units = 1 }
    """
    pack = _pack(tmp_path, add={"cases.toml": cases})
    ran = cli("rules", "check", pack)
    assert ran.returncode == 3 and ran.stdout == ""
    lines = ran.stderr.splitlines()
    assert len(lines) == 2  # each failing case, one line each; the third holds
    place = f"error: rules file {pack / 'cases.toml'}, entry"
    assert lines[0] == (f"{place} \"RN, H0034, 100 minutes (the table's own example)\": "
                        f"expected claimable, H0034, 6 units; the rules gave Claimable: "
                        f"H0034, 7 units")
    assert lines[1].startswith(f"{place} 'AOD counselor, H0034': expected claimable, 2 units; "
                               f"the rules gave Not claimable")
    assert "AOD" in lines[1]  # the reason the rules gave


def test_a_case_by_service_with_mode_setting_and_date(tmp_path):
    cases = """
    [[case]]
    name = "by service, in person, before the pack"
    service = "medication-training"
    discipline = "sud counselor"
    minutes = 23
    mode = "in-person"
    setting = "none"
    date = 2025-07-01
    travel = 30
    expect = { status = "not_claimable", code = "H0034" }
    """
    rules = parse_rules(texts(add={"cases.toml": cases}))
    assert case_failures(rules) == []
    late = parse_rules(texts(add={"cases.toml": cases.replace("2025-07-01", "2025-06-30")}))
    [failure] = case_failures(late)
    assert "the rules refused it: no rules pack covers the date of service 2025-06-30" in str(
        failure)


# --- strict reading of cases.toml ------------------------------------------------------------
@pytest.mark.parametrize("line, problem", [
    ('minutes = 100\nunits = 7', "units: unknown key"),
    ('minutes = 100\ndays = 1', "give exactly one of minutes, days, months or count (it gives "
                                "minutes, days)"),
    ('', "give exactly one of minutes, days, months or count"),
    ('minutes = "100"', "minutes: Input should be a valid integer"),
])
def test_a_case_is_read_strictly_naming_file_and_case(tmp_path, line, problem):
    cases = RN_100.replace("minutes = 100", line)
    with pytest.raises(RulesError) as err:
        parse_rules(texts(add={"cases.toml": cases}), tmp_path)
    text = str(err.value)
    assert text.startswith(f"rules file {tmp_path / 'cases.toml'}, entry \"RN, H0034, 100 "
                           f"minutes (the table's own example)\": ")
    assert problem in text


def test_a_case_expectation_is_read_strictly(tmp_path):
    cases = RN_100.replace('status = "claimable"', 'status = "billable"')
    with pytest.raises(RulesError, match=r"expect.status: Input should be 'claimable'"):
        parse_rules(texts(add={"cases.toml": cases}))
    cases = RN_100.replace("expect = {", "expected = {")
    with pytest.raises(RulesError, match=r"expected: unknown key"):
        parse_rules(texts(add={"cases.toml": cases}))


def test_cases_file_refusals(tmp_path):
    with pytest.raises(RulesError, match=r"cases.toml: is empty .* the line `case = \[\]`"):
        parse_rules(texts(add={"cases.toml": "# nothing yet\n"}))
    with pytest.raises(RulesError, match="is listed twice"):
        parse_rules(texts(add={"cases.toml": RN_100 + RN_100}))
    with pytest.raises(RulesError, match="source names document 'nope'"):
        parse_rules(texts(add={"cases.toml": RN_100 + 'source = { doc = "nope", section = "x" }'}))
    pack = _pack(tmp_path, add={"cases.toml": RN_100})
    # written anew, not renamed: on Windows (and under Wine) a rename that changes only
    # the case may leave the name as it was
    (pack / "cases.toml").unlink()
    (pack / "Cases.toml").write_text(RN_100, encoding="utf-8")
    with pytest.raises(RulesError, match="is it cases.toml"):
        load_rules(pack)


def test_adding_a_pack_that_fails_its_cases_copies_nothing(tmp_path):
    pack = _pack(tmp_path, add={"cases.toml": RN_100.replace("units = 7", "units = 8")})
    library = Library.discover(user_dir=tmp_path / "user")
    with pytest.raises(RulesError, match="expected claimable, H0034, 8 units"):
        library.add(pack)
    assert not (tmp_path / "user").exists()
    good = _pack(tmp_path, name="good", add={"cases.toml": RN_100})
    added = library.add(good)
    assert (added.folder / "cases.toml").read_text(encoding="utf-8") == \
        (good / "cases.toml").read_text(encoding="utf-8")  # the proof travels with the pack


# --- the shipped pack ------------------------------------------------------------------------
def test_the_shipped_pack_passes_its_examples_and_cited_cases(cli, rules):
    assert case_failures(rules) == []
    assert len(rules.cases) >= 15
    for case in rules.cases:
        assert case.source is not None, case.name  # cited (a citation is never empty)
    ran = cli("rules", "check", "resources/rules")
    assert ran.returncode == 0
    assert f"{len(rules.cases)} cases give what they say" in ran.stdout
    h0034 = next(c for c in rules.cases if c.code == "H0034" and c.discipline == "RN")
    assert (h0034.minutes, h0034.expect.units) == (100, 7)


def test_an_example_may_name_its_discipline_and_is_run_as_that_discipline(cli, tmp_path):
    example = H0034_EXAMPLE.replace('text = "', 'discipline = "AOD", text = "')
    pack = _pack(tmp_path, replace={"codes-dmc-ods.toml": _codes(extra=example)})
    ran = cli("rules", "check", pack)
    assert ran.returncode == 3
    assert ran.stderr.startswith(f"error: rules file {pack / 'codes-dmc-ods.toml'}, entry "
                                 f"H0034: its worked example of 100 minutes claims 7 units; "
                                 f"the rules gave Not claimable: H0034 (")
