"""GQ typed on a Community Supports code that, in this app's reading, cannot be delivered
remotely (remote-delivery.toml: a bed day, respite, a deposit, a meal...).

Asked by service and delivery mode, the calculator claims such a service without GQ ("No
GQ is added: ..."). Typed back with GQ, the same service was answered "Not claimable:
T2033 U6" (the code as claimable, not as typed) with no code to use instead, and the audit
said "Nothing is claimable" and voided the whole line: a recuperative care stay that the
calculator itself claims would have been voided, not corrected. The answer is the code as
typed refused, the code without GQ to use instead, and the audit's fix is to report it.
"""

import pytest

from core import Request, calculate
from core.audit import Audit, Line

#: (code, modifier, quantity kind, amount on the encounter) of entries whose `remote`
#: reading allows no remote delivery
NOT_REMOTE = [("T2033", "U6", "days", None), ("H0045", "U6", "days", None),
              ("H0044", "U2", "months", "100"), ("S5170", "U6", "count", None)]


@pytest.mark.parametrize("mode", ["telehealth", "phone", None])
@pytest.mark.parametrize("code, modifier, kind, amount", NOT_REMOTE)
def test_gq_on_a_code_that_takes_none_says_the_code_as_typed_and_which_to_use(
        rules, code, modifier, kind, amount, mode):
    typed = calculate(rules, Request(code=code, modifiers=(modifier, "GQ"), quantity=2,
                                     quantity_kind=kind, mode=mode))
    assert not typed.claimable
    assert typed.title == f"Not claimable: {code} {modifier} GQ"
    assert "takes no GQ" in typed.reason
    assert typed.alternative == f"{code} {modifier}"
    assert f"Use {code} {modifier} instead." in typed.advice
    # and what it says to use is what the calculator claims for the same facts
    instead = calculate(rules, Request(code=code, modifiers=(modifier,), quantity=2,
                                       quantity_kind=kind, mode=mode))
    assert instead.claimable and instead.title == f"Claimable: {code} {modifier}, 2 units"


@pytest.mark.parametrize("code, modifier, kind, amount", NOT_REMOTE)
def test_the_audit_corrects_a_gq_line_of_a_code_that_takes_none_instead_of_voiding_it(
        rules, code, modifier, kind, amount):
    result = Audit(rules).check(Line(2, "2025-03-03", "M1", "", code, f"{modifier} GQ", "",
                                     "2", "2", "", "phone", amount))
    assert result.status == "finding"
    assert result.expected_units == 2
    assert [f.kind for f in result.findings] == ["modifiers"]
    assert "takes no GQ" in result.findings[0].text
    assert result.fix == (f"Void {code} {modifier} GQ, 2 units; "
                          f"report {code} {modifier}, 2 units.")


def test_a_refused_gq_cites_no_rule_for_adding_it(rules):
    typed = calculate(rules, Request(code="T2033", modifiers=("U6", "GQ"), quantity=2,
                                     quantity_kind="days", mode="telehealth"))
    assert typed.modifier_source is None  # no claim adds GQ: nothing to cite for it
    assert not any("adds modifier GQ" in n.text for n in typed.notes)


# GQ typed on a code that may be remote, for a service given in person: ECM says "Use
# G9008 U1 instead" (its GQ row is an entry of its own); Community Supports, whose GQ is
# added to the code's own modifiers (programs.toml), said nothing to use and the audit
# voided the line
@pytest.mark.parametrize("code, modifier, kind, quantity", [
    ("T2040", "U6", "minutes", 20), ("H2014", "U6", "minutes", 38), ("T2050", "U6", "days", 1),
    ("S9470", "U6", "count", 1)])
def test_gq_typed_for_a_service_given_in_person_says_the_code_without_it(
        rules, code, modifier, kind, quantity):
    typed = calculate(rules, Request(code=code, modifiers=(modifier, "GQ"), quantity=quantity,
                                     quantity_kind=kind, mode="in-person"))
    assert not typed.claimable and typed.alternative == f"{code} {modifier}"
    assert f"Use {code} {modifier} instead." in typed.advice
    minutes, count = (str(quantity), "") if kind == "minutes" else ("", str(quantity))
    result = Audit(rules).check(Line(2, "2025-03-03", "M1", "", code, f"{modifier} GQ",
                                     minutes, count, "1", "", "in person", None))
    assert result.expected_units and result.fix.startswith(
        f"Void {code} {modifier} GQ, 1 unit; report {code} {modifier},")
