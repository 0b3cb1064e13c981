"""The day sheet's checks: one member's claims on one day, the units per code and the
same-day rules of seed 002 (footnotes 8, 9 and 11: both alternatives may not be reported
for one member on one day)."""

from dataclasses import replace

import pytest

from core import InputError, Request, calculate
from core.day import check_day, day_line, day_text


def answer(rules, code, mods, quantity, kind="minutes", mode=None, discipline="CHW"):
    return calculate(rules, Request(discipline=discipline, code=code, modifiers=mods,
                                    quantity=quantity, quantity_kind=kind, mode=mode))


SAME_DAY = [(("T2040", ("U6",)), ("T2050", ("U6",))),
            (("T2041", ("U6",)), ("T2051", ("U6",))),
            (("H2014", ("U6",)), ("H2038", ("U6",)))]


@pytest.mark.parametrize("timed,daily", SAME_DAY)
def test_both_alternatives_on_one_day_conflict_whichever_comes_first(rules, timed, daily):
    per_15 = day_line(rules, answer(rules, *timed, 30))
    per_day = day_line(rules, answer(rules, *daily, 1, kind="days"))
    for lines in ([per_15, per_day], [per_day, per_15]):
        check = check_day(rules, lines)
        # both lines carry it, each naming the other's row, as the audit of an export does
        assert [(c.line, c.finding.text.count(f"(row {3 - c.line})")) for c in check.conflicts] \
            == [(1, 1), (2, 1)]
        for conflict in check.conflicts:
            assert per_15.key in conflict.finding.text and per_day.key in conflict.finding.text
            assert conflict.finding.source and "seed" not in conflict.finding.source.casefold()


def test_the_telehealth_modifier_does_not_hide_a_conflict(rules):
    """T2040 U6 by video is claimed T2040 U6 GQ: still the same-day rule's T2040 U6."""
    video = day_line(rules, answer(rules, "T2040", ("U6",), 30, mode="telehealth"))
    assert video.label == "T2040 U6 GQ" and video.key == "T2040 U6"
    check = check_day(rules, [video, day_line(rules, answer(rules, "T2050", ("U6",), 1,
                                                            kind="days"))])
    assert [c.line for c in check.conflicts] == [1, 2]


def test_units_are_totalled_per_code_as_claimed(rules):
    answers = [answer(rules, "H0034", (), m, discipline="RN") for m in (100, 45)]
    answers.append(answer(rules, "T2040", ("U6",), 30))
    check = check_day(rules, [day_line(rules, calc) for calc in answers])
    # each line's units are calculate()'s (the engine's tests hold the numbers): summed
    assert check.totals == (("H0034", answers[0].units + answers[1].units),
                            ("T2040 U6", answers[2].units))
    assert check.conflicts == ()


def test_a_day_without_conflicting_codes_has_none(rules):
    lines = [day_line(rules, answer(rules, "T2040", ("U6",), 30)),
             day_line(rules, answer(rules, "T2051", ("U6",), 1, kind="days"))]
    assert check_day(rules, lines).conflicts == ()


@pytest.mark.parametrize("request_", [
    Request(discipline="RN", code="H0034", quantity=7),  # below the 8-minute minimum
    Request(discipline="RN"),  # incomplete: no service
])
def test_only_a_claimable_answer_goes_on_the_sheet(rules, request_):
    with pytest.raises(InputError, match="only a claimable answer"):
        day_line(rules, calculate(rules, request_))


def test_the_copied_text_lists_claims_totals_and_conflicts_and_nothing_else(rules):
    lines = [day_line(rules, answer(rules, "T2040", ("U6",), 30)),
             day_line(rules, answer(rules, "T2050", ("U6",), 1, kind="days"))]
    text = day_text(check_day(rules, lines))
    assert "1. T2040 U6: 2 units" in text and "2. T2050 U6: 1 unit" in text
    assert "Units by code: T2040 U6 2 units; T2050 U6 1 unit" in text
    assert "Same-day conflicts:" in text and "Row 2: T2050 U6 and T2040 U6" in text
    assert "Source:" in text
    assert "No same-day conflict" in day_text(check_day(rules, lines[:1]))


def test_a_line_keeps_the_request_it_answers_so_it_can_be_opened_again(rules):
    request = Request(discipline="CHW", code="T2040", modifiers=("U6",), quantity=30)
    assert day_line(rules, calculate(rules, request)).request == request


def test_a_line_whose_code_the_rules_of_the_date_lack_is_kept_said_so_and_not_checked(rules):
    """Another pack (the date of service changed) may lack a line's code: the line stays,
    with its units, and the reason; the other lines are checked as before."""
    timed = day_line(rules, answer(rules, "T2040", ("U6",), 30))
    daily = day_line(rules, answer(rules, "T2050", ("U6",), 1, kind="days"))
    gone = replace(daily, label="T2050 U9", key="T2050 U9")  # as another pack named it
    check = check_day(rules, [timed, gone])
    assert check.lines == (timed, gone) and check.totals == (("T2040 U6", 2), ("T2050 U9", 1))
    assert check.conflicts == ()
    (missing,) = check.not_in_rules
    assert missing.line == 2 and "T2050 U9 is not a code of the rules" in missing.finding.text
    assert rules.manifest.title in missing.finding.source
    assert "Not checked:\n  Row 2: T2050 U9 is not a code" in day_text(check)
    # the same-day rules still hold between the lines the rules have
    assert [c.line for c in check_day(rules, [timed, gone, daily]).conflicts] == [1, 3]


def test_a_day_with_a_line_not_checked_does_not_claim_to_be_free_of_conflicts(rules):
    timed = day_line(rules, answer(rules, "T2040", ("U6",), 30))
    gone = replace(timed, label="T2099 U6", key="T2099 U6")
    text = day_text(check_day(rules, [timed, gone]))
    assert text.endswith("No same-day conflict found among the lines checked.")


def test_the_same_claim_twice_is_flagged_as_the_audit_flags_a_duplicate(rules):
    """Issue 15 item 11: two identical lines counted twice, with no word. The day sheet
    finds it by the audit's own definition (same discipline, code, modifiers, minutes or
    quantity, units, level of care, mode) and keeps both lines in the units."""
    by_phone = answer(rules, "T2040", ("U6",), 38, mode="phone")
    lines = [day_line(rules, by_phone), day_line(rules, answer(rules, "T2040", ("U6",), 30)),
             day_line(rules, by_phone)]
    check = check_day(rules, lines)
    assert check.totals == (("T2040 U6 GQ", 6), ("T2040 U6", 2))  # nothing dropped
    (dup,) = check.duplicates
    assert dup.line == 3 and dup.finding.kind == "duplicate"
    assert dup.finding.text.startswith("The same line as row 1")
    assert check.conflicts == ()
    text = day_text(check)
    assert "Duplicate lines (the same claim twice: both are in the units above):\n  Row 3: " \
           "The same line as row 1" in text
    # another mode, minutes or discipline is another line
    assert check_day(rules, lines[:2]).duplicates == ()
    other = day_line(rules, answer(rules, "T2040", ("U6",), 38, mode="phone",
                                   discipline="Promotor"))
    assert check_day(rules, [lines[0], other]).duplicates == ()


def test_a_duplicate_adds_nothing_to_the_days_same_day_counts():
    """The made-up daily maximum of 8 units: 5 units of H0034 on the sheet twice is one
    claim made twice (flagged), not 10 units over the maximum, as the audit reads it."""
    from .test_same_day_kinds import MAX_8, rules_of

    made_up = rules_of(MAX_8)

    def claim(code, minutes):
        return day_line(made_up, calculate(made_up, Request(
            discipline="RN", code=code, quantity=minutes,
            date_of_service=made_up.manifest.effective_from)))

    five = claim("H0034", 75)
    assert five.units == 5
    check = check_day(made_up, [five, five])
    assert [d.line for d in check.duplicates] == [2]
    assert check.conflicts == ()
    assert check.totals == (("H0034", 10),)  # both stay in the units, flagged
    # a second, different claim of the codes does go over
    over = check_day(made_up, [five, claim("H2017", 60)])
    assert {c.finding.kind for c in over.conflicts} == {"daily_maximum"}
