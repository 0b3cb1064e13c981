"""A line that gives no level of care, for a code the Allowable Codes table allows in one
level only (99408/99409: "*Only in ASAM level 3.2 Residential Withdrawal Management").

An export without a level-of-care column (or a blank cell) said nothing about where the
service was given, yet the audit answered "Nothing is claimable" and told the biller to void
the line: a screening given in 3.2-WM would have been voided for a column the export lacks.
The audit cannot know, so it says the line cannot be checked and why; a line that names
another level of care is still wrong and voided.
"""

import pytest

from core.audit import Audit, Line


def sbirt(setting: str, minutes: str = "45", code: str = "99409") -> Line:
    return Line(2, "2025-03-03", "M1", "NP", code, "", minutes, "", "1", setting, "", None)


@pytest.mark.parametrize("code, minutes", [("99409", "45"), ("99408", "20")])
def test_a_line_without_a_level_of_care_is_not_voided_but_cannot_be_checked(
        rules, code, minutes):
    result = Audit(rules).check(sbirt("", minutes, code))
    assert result.status == "error" and result.expected_units is None
    assert "Void" not in result.fix
    (finding,) = result.findings
    assert "level of care" in finding.text and "3.2" in finding.text


def test_a_line_in_another_level_of_care_is_still_voided(rules):
    result = Audit(rules).check(sbirt("3.5"))
    assert result.status == "finding" and result.expected_units == 0
    assert result.fix == "Void 99409, 1 unit: nothing is claimable."


def test_a_line_without_a_level_of_care_and_another_problem_is_still_voided(rules):
    # RN may not claim 99409 wherever it was given
    result = Audit(rules).check(sbirt("")._replace(discipline="RN"))
    assert result.status == "finding" and result.expected_units == 0


def test_a_line_in_3_2_wm_is_claimable(rules):
    assert Audit(rules).check(sbirt("3.2-WM")).status == "ok"
