"""Same-day rules of every kind (issue 17, item 5), from inline packs with made-up rules:
the shipped pack holds only the sources' three exclusive pairs, so every rule here is
invented for the test (codes, units, levels of care and all), as a QA team would add them.

The audit applies each kind per member-day, every line a rule concerns carrying the
finding and naming the others' rows; the day sheet applies them to its lines as one
practitioner's; the calculator names the rules in the code's notes."""

from __future__ import annotations

from datetime import date

import pytest

from core import Request, RulesError, calculate
from core.audit import Audit, Line
from core.audit_io import LineReader, open_table
from core.day import check_day, day_line, day_text
from core.packs import Library, diff
from core.rules import parse_rules

from .minimal_pack import overlay_manifest, texts, write_pack

#: made-up codes beside the minimal pack's H0034: a residential day (H0019), a second
#: 15-minute code (H2017) and care coordination (T1017), each offered by a service
MORE_CODES = "".join(f"""
    [[code]]
    code = "{code}"
    program = "dmc-ods"
    name = "{name}"
    description = "Per 15 minutes (made up)."
    unit = {{ basis = "per-15-minutes", length = 15, minimum = 8 }}
    disciplines = ["RN", "AOD"]
    source = {{ doc = "src", section = "row {code}" }}
    """ for code, name in (("H0019", "Residential day (made up)"),
                           ("H2017", "Recovery services (made up)"),
                           ("T1017", "Care coordination (made up)")))
MORE_SERVICES = "".join(f"""
    [[service]]
    id = "{sid}"
    name = "{sid}"
    program = "dmc-ods"
    description = "Made up."
    options = [{{ code = "{code}", modifiers = [] }}]
    source = {{ doc = "src", section = "row {code}" }}
    """ for sid, code in (("residential", "H0019"), ("recovery", "H2017"),
                          ("care-coordination", "T1017")))
MORE_SETTINGS = """
    [[setting]]
    id = "1.0"
    name = "Outpatient (made up)"
    kind = "outpatient"
    source = { doc = "src", section = "Levels of care" }

    [[setting]]
    id = "3.1"
    name = "Residential (made up)"
    kind = "residential"
    source = { doc = "src", section = "Levels of care" }
    """


def rule(kind: str, body: str, rule_id: str = "made-up") -> str:
    return f"""
    [[rule]]
    id = "{rule_id}"
    kind = "{kind}"
    {body}
    text = "A made-up {kind} rule."
    source = {{ doc = "src", section = "made-up table, row 1" }}
    """


def named(rule_text: str, rule_id: str) -> str:
    """A rule of this module under another id."""
    return rule_text.replace('id = "made-up"', f'id = "{rule_id}"')


def pack(*rules: str, **more) -> dict[str, str]:
    return texts(replace={"same-day.toml": "".join(rules) or "rule = []\n"},
                 add={"codes-dmc-ods.toml": MORE_CODES, "services.toml": MORE_SERVICES,
                      "settings.toml": MORE_SETTINGS, **more})


def rules_of(*rules: str):
    return parse_rules(pack(*rules))


DAY = "2025-08-04"


def line(row, code, units, minutes=None, member="M1", modifiers="", setting="",
         practitioner=None, discipline="RN", day=DAY):
    minutes = minutes if minutes is not None else str(units * 15)
    return Line(row, day, member, discipline, code, modifiers, minutes, "", str(units),
                setting, "", None, practitioner)


def audit(rules, lines):
    return {r.row: r for r in Audit(rules).run(lines)}


def kinds(result):
    return [f.kind for f in result.findings]


MAX_8 = rule("daily-maximum", 'codes = ["H0034", "H2017"]\n    units = 8')
GD_FROM_9 = rule("threshold", 'codes = ["H0034", "H2017"]\n    units = 9\n    modifier = "GD"')
LOCKOUT_31 = rule("setting-lockout", 'codes = ["H0034", "H2017", "T1017"]\n'
                                     '    settings = ["3.1"]\n    overridable = ["T1017"]')
ONE_PRACTITIONER = rule("exclusive", 'codes = ["H0034", "H2017"]\n'
                                     '    same_practitioner = true')


def test_a_daily_maximum_is_over_the_units_of_every_line_of_its_codes_on_the_day():
    """5 + 4 units of H0034 and H2017 is 9, over the made-up 8: both lines carry it,
    each naming the other's row; another member's day and 4 + 4 are not over."""
    found = audit(rules_of(MAX_8), [line(2, "H0034", 5), line(3, "H2017", 4),
                                     line(4, "H0034", 4, member="M2"),
                                     line(5, "H2017", 4, member="M2")])
    assert kinds(found[2]) == kinds(found[3]) == ["daily_maximum"]
    assert "this line and row 3" in found[2].findings[0].text
    assert "this line and row 2" in found[3].findings[0].text
    assert "9 units of H0034 and H2017" in found[2].findings[0].text
    assert "at most 8 units a day" in found[2].findings[0].text
    assert "made-up table, row 1" in found[2].findings[0].source
    assert "at most 8 units in all" in found[2].fix
    assert found[4].status == found[5].status == "ok"


def test_a_threshold_puts_its_modifier_on_every_line_of_its_codes_that_day():
    """9 units of the codes on a member-day: every line needs GD; the expected claim gives
    it and the fix says to add it. A line with GD is accepted as the code's; 8 units are
    under the threshold."""
    found = audit(rules_of(GD_FROM_9), [line(2, "H0034", 5), line(3, "H2017", 4),
                                        line(4, "H0034", 5, member="M2", modifiers="GD"),
                                        line(5, "H2017", 4, member="M2", modifiers="GD"),
                                        line(6, "H0034", 4, member="M3"),
                                        line(7, "H2017", 4, member="M3")])
    for row, other in ((2, "row 3"), (3, "row 2")):
        assert kinds(found[row]) == ["threshold_modifier"]
        assert other in found[row].findings[0].text and "needs modifier GD" in \
            found[row].findings[0].text
        assert found[row].fix == "Add modifier GD to this line."
    assert [(ln.code, ln.modifiers) for ln in found[2].expected] == [("H0034", ("GD",))]
    assert found[2].claim == "H0034 GD, 5 units"
    assert [found[r].status for r in (4, 5, 6, 7)] == ["ok"] * 4


def test_a_setting_lockout_locks_out_the_days_lines_and_lets_the_overridable_through():
    """A made-up lockout: on a day the member is in 3.1 (row 2), H0034 (row 3) is locked
    out, nothing claimable; T1017 (row 4) is overridable; row 2 names what it locks out.
    Another member, with no day in 3.1, claims H0034 freely."""
    found = audit(rules_of(LOCKOUT_31), [
        line(2, "H0019", 4, setting="3.1"), line(3, "H0034", 2, setting="1.0"),
        line(4, "T1017", 2), line(5, "H0034", 2, member="M2")])
    assert kinds(found[3]) == ["same_day_conflict"]
    locked = found[3]
    assert "H0034 is locked out" in locked.findings[0].text and "3.1" in \
        locked.findings[0].text and "row 2" in locked.findings[0].text
    assert locked.expected == () and locked.expected_units == 0
    assert locked.claim.startswith("Nothing is claimable") and locked.fix.startswith("Void")
    assert kinds(found[2]) == ["same_day_conflict"]
    assert "locks out H0034 (row 3)" in found[2].findings[0].text
    assert found[2].expected_units == 4 and "void row 3" in found[2].fix
    assert found[4].status == found[5].status == "ok"


def test_a_code_of_a_lockout_claimed_in_that_level_of_care_is_locked_out_by_itself():
    found = audit(rules_of(LOCKOUT_31), [line(2, "H2017", 2, setting="3.1")])
    assert kinds(found[2]) == ["same_day_conflict"] and found[2].expected_units == 0
    assert "locked out in level of care 3.1" in found[2].findings[0].text


def test_an_exclusive_rule_of_one_practitioner_holds_only_between_their_lines():
    lines = [line(2, "H0034", 2, practitioner="Dr. A  Smith"),
             line(3, "H2017", 2, practitioner="dr. a smith"),
             line(4, "H0034", 2, member="M2", practitioner="A"),
             line(5, "H2017", 2, member="M2", practitioner="B")]
    found = audit(rules_of(ONE_PRACTITIONER), lines)
    assert kinds(found[2]) == kinds(found[3]) == ["same_day_conflict"]
    assert "row 3" in found[2].findings[0].text and "row 2" in found[3].findings[0].text
    assert found[4].status == found[5].status == "ok"


def test_without_a_practitioner_column_a_one_practitioner_rule_is_said_not_checked():
    """The lines that would conflict say the rule cannot be checked without the column,
    and what it would mean; a line the rule would not concern says nothing."""
    found = audit(rules_of(ONE_PRACTITIONER), [line(2, "H0034", 2), line(3, "H2017", 2),
                                               line(4, "H0034", 2, member="M2")])
    for row, other in ((2, "row 3"), (3, "row 2")):
        assert kinds(found[row]) == ["same_day_not_checked"]
        text = found[row].findings[0].text
        assert text.startswith("Not checked, since this rule applies only when one "
                               "practitioner") and other in text
        assert "no practitioner column" in text and found[row].expected_units == 2
    assert found[4].status == "ok"
    blank = audit(rules_of(ONE_PRACTITIONER), [line(2, "H0034", 2, practitioner=""),
                                               line(3, "H2017", 2, practitioner="A")])
    assert "this line gives no practitioner" in blank[2].findings[0].text


@pytest.mark.parametrize("header", ["Rendering Provider", "Staff ID", "Clinician",
                                    "Practitioner ID"])
def test_the_audit_reads_the_practitioner_column_by_its_usual_names(tmp_path, header):
    csv = tmp_path / "export.csv"
    csv.write_text(f"Date of service,Client ID,Credential,Procedure code,Minutes,Units,"
                   f"{header}\n"
                   f"{DAY},M1,RN,H0034,30,2,A\n{DAY},M1,RN,H2017,30,2,A\n"
                   f"{DAY},M2,RN,H0034,30,2,A\n{DAY},M2,RN,H2017,30,2,B\n",
                   encoding="utf-8")
    table = open_table(csv)
    assert ("practitioner", header) in table.recognised()
    found = [kinds(r) for r in Audit(rules_of(ONE_PRACTITIONER)).run(LineReader(table))]
    assert found == [["same_day_conflict"], ["same_day_conflict"], [], []]


def test_the_day_sheet_applies_every_kind_to_its_lines_as_one_practitioners():
    rules = rules_of(ONE_PRACTITIONER, named(MAX_8, "max"),
                     named(LOCKOUT_31, "lockout"))

    def sheet_line(code, minutes, setting=None):
        return day_line(rules, calculate(rules, Request(
            code=code, discipline="RN", quantity=minutes, setting=setting,
            date_of_service=date(2025, 8, 4))))

    check = check_day(rules, [sheet_line("H0034", 75), sheet_line("H2017", 60)])
    assert sorted((c.line, c.finding.kind) for c in check.conflicts) == [
        (1, "daily_maximum"), (1, "same_day_conflict"),
        (2, "daily_maximum"), (2, "same_day_conflict")]
    locked = check_day(rules, [sheet_line("H0019", 60, "3.1"), sheet_line("T1017", 30)])
    assert locked.conflicts == ()  # T1017 is overridable
    locked = check_day(rules, [sheet_line("H0019", 60, "3.1"), sheet_line("H0034", 30)])
    assert [c.line for c in locked.conflicts] == [1, 2]
    assert "Row 2: H0034 is locked out" in day_text(locked)


def test_the_calculator_names_the_rules_that_concern_the_code():
    rules = rules_of(ONE_PRACTITIONER, named(LOCKOUT_31, "lockout"))
    notes = calculate(rules, Request(code="T1017", discipline="RN", quantity=30,
                                     date_of_service=date(2025, 8, 4))).notes
    [lockout] = [n for n in notes if n.kind == "lockout"]
    assert lockout.text == ("A made-up setting-lockout rule. Codes that may be reported on "
                            "the same day despite this rule: T1017.")
    assert "made-up table, row 1" in lockout.source
    notes = calculate(rules, Request(code="H0034", discipline="RN", quantity=30,
                                     date_of_service=date(2025, 8, 4))).notes
    assert "It applies only when one practitioner gives the services." in \
        [n.text for n in notes if n.kind == "lockout"][0]


def test_a_code_of_a_rule_may_be_bare_for_all_its_entries_or_a_key_for_one():
    """'H0034' names the H0034 entry (a code with no modifiers); a key the codes lack is
    refused naming the file and entry."""
    with pytest.raises(RulesError) as refused:
        rules_of(rule("daily-maximum", 'codes = ["H0034 U6"]\n    units = 8'))
    assert refused.value.file == "same-day.toml" and refused.value.entry == "made-up"
    assert "'H0034 U6'" in refused.value.problem


OVERLAY = overlay_manifest("the daily maximum becomes 10; a threshold is added.")


def test_an_overlay_replaces_adds_and_removes_same_day_rules_and_diff_says_so(tmp_path):
    from textwrap import dedent
    write_pack(tmp_path / "packs" / "base",
               pack(MAX_8, named(LOCKOUT_31, "lockout")))
    write_pack(tmp_path / "packs" / "overlay", {
        "rules.toml": OVERLAY,
        "same-day.toml": dedent('remove = ["lockout"]\n'
                                + rule("daily-maximum", 'codes = ["H0034", "H2017"]\n'
                                                        '    units = 10')
                                + named(GD_FROM_9, "gd"))})
    library = Library.discover(tmp_path / "packs", user_dir=tmp_path / "user")
    before, after = library.for_date(date(2025, 8, 4)), library.for_date(date(2026, 8, 4))
    assert [(r.id, r.kind, r.units) for r in after.same_day_rules] == [
        ("made-up", "daily-maximum", 10), ("gd", "threshold", 9)]
    [section] = [s for s in diff(before, after) if s.kind == "same-day rules"]
    assert section.added == ("gd",) and section.removed == ("lockout",)
    assert [(k, [c.text() for c in changes]) for k, changes in section.changed] == [
        ("made-up", ["units: 8 -> 10"])]
    found = audit(library, [line(2, "H0034", 5, day="2026-08-04"),
                            line(3, "H2017", 4, day="2026-08-04")])
    assert kinds(found[2]) == ["threshold_modifier"]  # 9 units: under 10, from 9 GD
