"""Answers that look right and are wrong, found by asking the CLI and the audit the same
questions and checking each against the sources' own tables.

An ``xfail(strict=True)`` case is a wrong answer whose fix is in code another engineer owns:
it fails today, and turns into an unexpected pass (a failure) once fixed, so the marker must
then be removed.
"""

import re

import pytest

from core import Request, calculate
from core.audit import Audit, Line


def line(code, modifiers, mode, minutes="", quantity="", units="1"):
    return Line(2, "2025-03-03", "M1", "", code, modifiers, minutes, quantity, units, "",
                mode, None)


# Community Supports entries that may be delivered remotely (their `remote.allowed`), one of
# each way of counting: DHCS ECM and Community Supports HCPCS Coding Options v1.2, "Community
# Supports - Claims and Encounter Coding Guidance": "If a Community Supports service is
# provided through telehealth, the modifier 'GQ' must be used."
REMOTE = [
    ("H0043", "U6", dict(quantity="1")),     # housing navigation, per diem
    ("H2016", "U6", dict(quantity="1")),     # housing navigation, per diem
    ("T2040", "U6", dict(minutes="20")),     # financial management, per 15 minutes
    ("T2041", "U6", dict(minutes="38", units="3")),  # support brokerage, per 15 minutes
    ("T2050", "U6", dict(quantity="1")),     # financial management, per diem
    ("H2014", "U6", dict(minutes="23", units="2")),  # skills training, per 15 minutes
    ("S9470", "U6", dict(quantity="1")),     # nutritional counseling
]


@pytest.mark.parametrize("mode", ["telehealth", "phone"])
@pytest.mark.parametrize("code, modifier, amounts", REMOTE)
def test_the_calculator_claims_a_remote_community_support_with_gq(rules, code, modifier,
                                                                  amounts, mode):
    kind = rules.basis(rules.entry(f"{code} {modifier}").unit.basis).quantity
    quantity = int(amounts.get("minutes") or amounts["quantity"])
    result = calculate(rules, Request(code=code, modifiers=(modifier,), mode=mode,
                                      quantity=quantity, quantity_kind=kind))
    assert result.claimable and result.lines[0].modifiers == (modifier, "GQ")


@pytest.mark.parametrize("mode", ["telehealth", "phone"])
@pytest.mark.parametrize("code, modifier, amounts", REMOTE)
def test_the_audit_accepts_the_line_the_calculator_recommends(rules, code, modifier, amounts,
                                                               mode):
    result = Audit(rules).check(line(code, f"{modifier} GQ", mode, **amounts))
    assert result.status == "ok", result.findings


# The audit compares the calculator's claim line (code and modifiers) with the line's, and
# says the claim the rules accept.
@pytest.mark.parametrize("mode", ["telehealth", "phone"])
@pytest.mark.parametrize("code, modifier, amounts", REMOTE)
def test_the_audit_flags_a_remote_community_support_line_without_gq(rules, code, modifier,
                                                                     amounts, mode):
    result = Audit(rules).check(line(code, modifier, mode, **amounts))
    assert result.status == "finding"
    assert [f.kind for f in result.findings] == ["modifiers"]
    units = int(amounts.get("units", "1"))
    assert f"Report {code} {modifier} GQ, {units} unit" in result.findings[0].text
    assert result.expected_units == units


def test_a_missing_gq_by_telehealth_cites_dhcs_and_by_phone_the_apps_reading(rules):
    # footnote 7 requires GQ "through telehealth"; reading phone as telehealth is the app's
    by_video, by_phone = (Audit(rules).check(line("H2014", "U6", mode, minutes="23",
                                                  units="2")).findings[0]
                          for mode in ("telehealth", "phone"))
    assert by_video.text == ("GQ missing: the rules claim H2014 U6 GQ for H2014 U6 given as "
                             "telehealth (video). Report H2014 U6 GQ, 2 units.")
    assert "footnote 7" in by_video.source and not by_video.source.startswith("This app's")
    assert by_phone.source.startswith("This app's reading") and "phone" in by_phone.source


def test_a_missing_gq_and_wrong_units_are_two_findings(rules):
    result = Audit(rules).check(line("H2014", "U6", "telehealth", minutes="23", units="3"))
    assert [f.kind for f in result.findings] == ["modifiers", "units_differ"]
    assert result.expected_units == 2


@pytest.mark.parametrize("code, modifier", [("T2033", "U6"), ("H0043", "U3"), ("H0045", "U6"),
                                            ("H0044", "U2")])
def test_a_community_support_that_cannot_be_remote_takes_no_gq_in_the_audit_either(
        rules, code, modifier):
    # the app's reading (each entry's `remote`): a bed day, respite or deposit is not given
    # by phone; the calculator answers without GQ, and the audit accepts that line
    result = Audit(rules).check(line(code, modifier, "phone", quantity="1")._replace(
        amount="100" if code == "H0044" else None))
    assert result.status == "ok", result.findings


# The Allowable Codes table (County of San Diego SUD QA, DMC-ODS Billing Manual 2.0) lists
# no modifiers for its codes, and the calculator says so: "The sources give no DMC-ODS
# telehealth or telephone modifier ... Check the SmartCare Service Code Crosswalk for how to
# record this delivery mode." A DMC-ODS line that carries a modifier the sources are silent
# on is not shown to be wrong by them, and its units can still be checked. Decided: the
# modifier is a 'modifiers' finding that says it is not checked, cited as this app's reading
# (programs.toml `modifiers_not_given`, which names the table that lists none), never as
# the table's own rule; the line is checked as the bare code.
@pytest.mark.parametrize("modifier, mode", [("GT", "telehealth"), ("95", "telehealth"),
                                            ("HG", ""), ("GT HG", "telehealth")])
def test_a_dmc_ods_line_with_a_modifier_the_sources_are_silent_on_keeps_its_units_check(
        rules, modifier, mode):
    result = Audit(rules).check(Line(2, "2025-03-03", "M1", "RN", "H0034", modifier, "100",
                                     "", "9", "", mode, None))
    assert result.expected_units == 7
    assert [f.kind for f in result.findings] == ["modifiers", "units_differ"]
    unchecked = result.findings[0]
    assert unchecked.text.startswith(f"{modifier} not checked: the sources give no DMC-ODS "
                                     f"modifier"), unchecked.text
    assert unchecked.source.startswith("This app's reading") \
        and "Allowable Codes table lists each DMC-ODS code without a modifier" \
        in unchecked.source


def test_a_dmc_ods_line_with_a_modifier_and_the_right_units_has_only_the_unchecked_modifier(
        rules):
    result = Audit(rules).check(Line(2, "2025-03-03", "M1", "RN", "H0034", "GT", "100", "",
                                     "7", "", "telehealth", None))
    assert result.expected_units == 7 and [f.kind for f in result.findings] == ["modifiers"]


def test_a_modifier_ecm_does_not_list_is_still_wrong(rules):
    # seed 002: "MCPs may not require or allow ... codes or modifiers ... beyond those
    # included in this guidance": there the sources are not silent
    result = Audit(rules).check(Line(2, "2025-03-03", "M1", "RN", "G9008", "U1 HG", "", "1",
                                     "1", "", "", None))
    assert result.expected == () and result.expected_units == 0  # nothing is claimable
    assert [f.kind for f in result.findings] == ["modifiers"]
    assert "not a code and modifier combination" in result.findings[0].text
    assert result.claim.startswith("Nothing is claimable: G9008 U1 HG is not a code")
    assert result.fix == "Void G9008 U1 HG, 1 unit: nothing is claimable."


# Which Community Supports cannot be delivered remotely is this app's reading (each entry's
# `remote`, cited "This app's reading of ... ECM and Community Supports HCPCS Coding
# Options"); DHCS's rows for these codes say nothing about GQ. The calculator cites the
# reading; the audit must not cite DHCS's row for it.
@pytest.mark.parametrize("code, modifier", [("T2033", "U6"), ("H0045", "U6"), ("S5170", "U6")])
def test_an_audit_finding_on_a_reading_cites_the_reading(rules, code, modifier):
    result = Audit(rules).check(line(code, f"{modifier} GQ", "", quantity="1"))
    (finding,) = result.findings
    assert finding.kind == "modifiers"
    assert finding.source.startswith("This app's reading"), finding.source


def test_an_audit_finding_on_the_codes_own_row_still_cites_the_row(rules):
    # seed 002 lists T1016 U8 (in person) and T1016 U8 GQ (phone/electronic) as rows
    result = Audit(rules).check(Line(2, "2025-03-03", "M1", "CHW", "T1016", "U8", "30", "",
                                     "2", "", "phone", None))
    (finding,) = result.findings
    assert finding.kind == "modifiers" and finding.source.startswith(
        "California Department of Health Care Services (DHCS)") and "T1016 U8" in finding.source


# One minute is "1 minute": the reasons and the worked calculation say it as a person would
# (core counts words by one function, core.vocab.plural).
@pytest.mark.parametrize("minutes", [1, 16, 31])
def test_one_minute_is_said_in_the_singular(rules, minutes):
    result = Audit(rules).check(line("H0034", "", "", minutes=str(minutes))._replace(
        discipline="RN"))
    calc = calculate(rules, Request(code="H0034", discipline="RN", quantity=minutes))
    said = [f.text for f in result.findings] + list(calc.steps) + [calc.reason or ""]
    assert not [s for s in said if re.search(r"\b1 minutes", s)], said
    assert any(re.search(r"\b1 minute\b", s) for s in said), said


# An ECM contact counts 1 unit per reported contact (the app's reading: DHCS's G9008 U1 and
# G9012 U2 rows state no unit). A line that gives minutes and no count is one service, one
# contact: its units were taken as the count, so any number of units passed.
def test_a_contact_given_in_minutes_with_no_count_is_one_contact(rules):
    audit = Audit(rules)
    wrong = audit.check(Line(2, "2025-03-03", "M1", "RN", "G9008", "U1", "45", "", "3", "",
                             "", None))
    assert wrong.expected_units == 1 and [f.kind for f in wrong.findings] == ["units_differ"]
    assert "45 minutes and no number of contacts; this app reads it as one contact" \
        in wrong.findings[0].text
    right = audit.check(Line(3, "2025-03-03", "M2", "RN", "G9008", "U1", "45", "", "1", "",
                             "", None))
    assert right.status == "ok", right.findings


def test_a_day_count_given_by_its_units_alone_is_still_the_count(rules):
    # no minutes and no quantity: the units claimed are the days (an export without a
    # days column)
    result = Audit(rules).check(Line(2, "2025-03-03", "M1", "CHW", "T2033", "U6", "", "",
                                     "5", "", "", None))
    assert result.status == "ok" and result.expected_units == 5, result.findings


# Readings and limits said as such (issue 18, item 3). A limit the app sets on one claim
# (1440 minutes, 366 days, 12 months, 100 items) is the app's, not a source's: the 1440-minute
# cap on H0034 cited "This app's reading of County of San Diego ... 99367/99368: 30-1440".
@pytest.mark.parametrize("kind", ["minutes", "days", "months", "count"])
def test_a_claim_past_a_limit_the_app_sets_cites_the_app(rules, kind):
    entry = next(e for e in rules.codes if rules.basis(e.unit.basis).quantity == kind
                 and (e.modes is None or "in-person" in e.modes))
    limit = rules.quantity(kind)
    over = str(limit.maximum + 1)
    result = Audit(rules).check(Line(
        2, "2025-03-03", "M1", "", entry.code, " ".join(entry.modifiers),
        over if kind == "minutes" else "", "" if kind == "minutes" else over, "1", "", "",
        None))
    (finding,) = result.findings
    assert finding.kind == "quantity" and "a limit this app sets" in finding.text
    assert finding.source.startswith("A limit this app sets, not a rule of the sources: ")
    assert "reading of" not in finding.source  # not cited as a reading of a source
    assert result.expected == () and result.claim.startswith("Nothing is claimable: ")


def test_a_finding_on_this_apps_reading_says_so_in_its_text(rules):
    # H0045 U6 by telehealth: which Community Supports can be given remotely is the app's
    # reading (the entry's `remote`), as the calculator's note says
    result = Audit(rules).check(line("H0045", "U6 GQ", "telehealth", quantity="1"))
    calc = calculate(rules, Request(code="H0045", modifiers=("U6", "GQ"), mode="telehealth",
                                    quantity=1, quantity_kind="days"))
    (problem,) = calc.problems
    (finding,) = result.findings
    assert problem.source.startswith("This app's reading") and finding.source == problem.source
    assert finding.text.startswith(problem.text) and "this app's reading" in finding.text


def test_units_that_rest_on_a_reading_say_which(rules):
    # DHCS's G9008 U1 row states no unit: 1 unit a contact is the app's reading (an erratum
    # the calculator shows with the answer); a units finding says so, with its source
    result = Audit(rules).check(Line(2, "2025-03-03", "M1", "RN", "G9008", "U1", "", "1",
                                     "2", "", "", None))
    calc = calculate(rules, Request(discipline="RN", code="G9008", modifiers=("U1",),
                                    quantity=1, quantity_kind="count"))
    errata = [n for n in calc.notes if n.kind == "errata"]
    (finding,) = result.findings
    assert errata and finding.kind == "units_differ"
    for n in errata:
        assert f"this app's reading: {n.text} (Source: {n.source})" in finding.text
    # a code no reading touches says none
    plain = Audit(rules).check(line("H0034", "", "", minutes="100", units="8")._replace(
        discipline="RN"))
    assert "reading" not in plain.findings[0].text


@pytest.mark.parametrize("units, fix", [("1", "Void H0034, 1 unit: nothing is claimable."),
                                        ("0", "Report no units: nothing is claimable.")])
def test_the_fix_of_a_line_of_which_nothing_is_claimable(rules, units, fix):
    # 1 minute of H0034 claims nothing, whatever the code's minimum: void a line claiming
    # units; a line claiming none has nothing to void
    result = Audit(rules).check(line("H0034", "", "", minutes="1", units=units)._replace(
        discipline="RN"))
    assert result.expected == () and result.expected_units == 0 and result.fix == fix
