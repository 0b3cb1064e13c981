"""Same-day answers a QA reviewer acts on, line by line: the fix on each line of a rule
is one a biller can follow, and a line that claims nothing (a duplicate) adds nothing to
the member's day. Made-up rules in inline packs, as in test_same_day_kinds.py."""

from __future__ import annotations

from .test_same_day_kinds import (GD_FROM_9, LOCKOUT_31, MAX_8, ONE_PRACTITIONER, audit,
                                  kinds, line, rules_of)


def test_a_line_locked_out_in_its_own_level_of_care_is_not_kept_while_it_locks_out_others():
    """H0034 claimed in 3.1 is locked out by itself; the day in 3.1 also locks out H2017
    (row 3). Row 2's fix voids both and never says to keep row 2."""
    found = audit(rules_of(LOCKOUT_31), [line(2, "H0034", 2, setting="3.1"),
                                         line(3, "H2017", 2, setting="1.0")])
    assert found[2].expected_units == 0 and found[3].expected_units == 0
    assert "Keep this line" not in found[2].fix
    assert found[2].fix.startswith("Void this line") and "void row 3" in found[2].fix.lower()


def test_a_duplicate_line_adds_no_units_to_a_daily_maximum_or_a_threshold():
    """Row 3 repeats row 2 (5 units of H0034): it claims nothing more, so the day holds
    5 units, under the made-up maximum of 8 and threshold of 9. Row 2 is ok; row 3 says
    only that it is a duplicate (no 'add GD' or 'bring to 8' on a line to void)."""
    for rule in (MAX_8, GD_FROM_9):
        found = audit(rules_of(rule), [line(2, "H0034", 5), line(3, "H0034", 5)])
        assert found[2].status == "ok", found[2].findings
        assert kinds(found[3]) == ["duplicate"]
        assert found[3].fix == "Void this line: row 2 already claims it."


def test_a_duplicate_is_not_a_second_row_of_a_conflict():
    """Rows 2 and 4 are the same H0034 line; row 3 (H2017) conflicts with row 2 only."""
    exclusive = ONE_PRACTITIONER.replace("    same_practitioner = true\n", "")
    found = audit(rules_of(exclusive), [line(2, "H0034", 2), line(3, "H2017", 2),
                                        line(4, "H0034", 2)])
    assert kinds(found[3]) == ["same_day_conflict"]
    assert "(row 2)" in found[3].findings[0].text and "row 4" not in found[3].fix
    assert kinds(found[4]) == ["duplicate"]


def test_one_practitioner_written_with_other_spacing_is_one_practitioner():
    """"Dr. A Smith" and "dr.a  smith" differ only in case and spacing, which the
    practitioner column is compared without (docs/audit-files.md): a one-practitioner
    rule holds between their lines (it said nothing: two practitioners)."""
    found = audit(rules_of(ONE_PRACTITIONER), [
        line(2, "H0034", 2, practitioner="Dr. A Smith"),
        line(3, "H2017", 2, practitioner="dr.a  smith"),
        line(4, "H2017", 2, member="M2", practitioner="Dr. A Smith"),
        line(5, "H0034", 2, member="M2", practitioner="Dr. B Smith")])
    assert kinds(found[2]) == kinds(found[3]) == ["same_day_conflict"]
    assert found[4].status == found[5].status == "ok"


def test_a_days_units_are_those_the_rules_accept_not_a_wrong_claim():
    """The expected claims of a member's day, taken together, are what the same-day rules
    are checked on (as the day sheet, whose lines are the calculator's): 5 units claimed
    for 60 minutes (the rules give 4) and 4 units are 8, under the made-up threshold of 9
    and at the maximum of 8, so no GD is added to "H0034, 4 units" and nothing is cut;
    3 units claimed for 60 minutes (4) and 5 for 75 minutes (5) are 9: both take GD."""
    over = [line(2, "H0034", 5, minutes="60"), line(3, "H2017", 4)]
    for rule in (GD_FROM_9, MAX_8):
        found = audit(rules_of(rule), over)
        assert kinds(found[2]) == ["units_differ"] and found[2].claim == "H0034, 4 units"
        assert found[3].status == "ok", found[3].findings
    under = audit(rules_of(GD_FROM_9), [line(2, "H0034", 3, minutes="60"),
                                        line(3, "H2017", 5, minutes="75")])
    assert under[2].claim == "H0034 GD, 4 units"
    assert kinds(under[3]) == ["threshold_modifier"] and under[3].claim == "H2017 GD, 5 units"
    assert "9 units of H0034 and H2017" in under[3].findings[0].text


def test_a_line_of_which_nothing_is_claimable_is_in_no_conflict():
    """5 minutes of H0034 reach no unit (the minimum is 8): the line is voided for that,
    not kept 'as the plan chooses', and the H2017 line beside it is in no conflict."""
    exclusive = ONE_PRACTITIONER.replace("    same_practitioner = true\n", "")
    found = audit(rules_of(exclusive), [line(2, "H0034", 1, minutes="5"),
                                        line(3, "H2017", 2)])
    assert found[2].expected_units == 0 and "same_day_conflict" not in kinds(found[2])
    assert "Keep this line" not in found[2].fix
    assert found[3].status == "ok", found[3].findings


def test_a_daily_maximum_says_how_many_units_to_void():
    """5 + 4 + 3 units over the made-up maximum of 8: each line says to void 4 units among
    the three (the biller need not work out 12 - 8), and keeps its own expected claim."""
    found = audit(rules_of(MAX_8), [line(2, "H0034", 5), line(3, "H2017", 4),
                                    line(4, "H2017", 3)])
    assert found[2].fix == ("Void 4 units of H0034 and H2017 among this line and rows 3 "
                            "and 4, to bring this member's day to at most 8 units in all.")
    assert "among this line and rows 2 and 4" in found[3].fix
    assert [found[r].expected_units for r in (2, 3, 4)] == [5, 4, 3]


def test_a_line_that_gives_the_thresholds_modifier_keeps_it_in_its_expected_claim():
    """9 units reach the made-up threshold: row 2 gives GD (ok), row 3 lacks it. The
    expected claim of row 2 is its own, "H0034 GD, 5 units" (it said "H0034, 5 units": a
    claim without the GD the day needs, on a line marked ok)."""
    found = audit(rules_of(GD_FROM_9), [line(2, "H0034", 5, modifiers="GD"),
                                        line(3, "H2017", 4)])
    assert found[2].status == "ok" and found[2].claim == "H0034 GD, 5 units"
    assert [(ln.code, ln.modifiers, ln.units) for ln in found[2].expected] \
        == [("H0034", ("GD",), 5)]
    assert found[3].claim == "H2017 GD, 4 units"


def test_what_one_line_breaks_by_itself_is_said_without_a_practitioner_column():
    """A one-practitioner lockout: H2017 claimed in 3.1 is locked out by itself, which no
    second practitioner can change, so it is not 'not checked' for want of a practitioner
    column (it was, and the line stayed claimable); the same holds for a line that alone
    goes over a one-practitioner daily maximum."""
    lockout = LOCKOUT_31.replace('overridable = ["T1017"]',
                                 'overridable = ["T1017"]\n    same_practitioner = true')
    found = audit(rules_of(lockout), [line(2, "H2017", 2, setting="3.1")])
    assert kinds(found[2]) == ["same_day_conflict"] and found[2].expected_units == 0
    maximum = MAX_8.replace("units = 8", "units = 8\n    same_practitioner = true")
    found = audit(rules_of(maximum), [line(2, "H0034", 9, minutes="135")])
    assert kinds(found[2]) == ["daily_maximum"]
    assert found[2].fix.startswith("Void 1 unit of H0034 and H2017 from this line,")


def test_a_line_that_gives_the_thresholds_modifier_below_it_is_told_to_take_it_off():
    """5 + 2 units stay under the made-up threshold of 9: row 2's GD says a day that did
    not happen. A finding (was: ok), the expected claim without GD, the fix to remove it;
    row 3, without GD, is ok."""
    found = audit(rules_of(GD_FROM_9), [line(2, "H0034", 5, modifiers="GD"),
                                        line(3, "H2017", 2)])
    assert found[2].status == "finding" and kinds(found[2]) == ["threshold_modifier"]
    assert found[2].claim == "H0034, 5 units"
    assert "7 units" in found[2].findings[0].text and "rows 3" not in found[2].fix
    assert found[2].fix.startswith("Remove modifier GD from this line")
    assert found[3].status == "ok"
