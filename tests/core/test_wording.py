"""One answer, said alike by every renderer (core/wording.py): the command line's text,
the copied summary and the JSON give the same problems, advice and calculation, each once.
The window's result view is held to the same in
tests/gui/test_result_says_what_the_cli_says.py. These compare the renderers with each other and with calculate(), never with literal
numbers of the sources."""

from __future__ import annotations

import pytest

from core import Request, calculate
from core.wording import cli_text, next_unit

#: requests whose answers have every part an answer can have: problems on each input,
#: advice of each kind, a claim with a next unit, a prompt
ASKED = [
    dict(code="99367", discipline="RN", quantity=45),  # a discipline problem: use another
    dict(service="team-conference", discipline="LVN", quantity=45),  # the other code too
    dict(code="T1017", discipline="AOD", quantity=30),  # the code's note for the discipline
    dict(code="99408", discipline="RN", quantity=10, setting="1.0"),  # three problems
    dict(code="G9008", modifiers=("U1", "GQ"), discipline="LCSW-CT", quantity=1,
         quantity_kind="count"),  # a typed GQ pointed at the GQ code for the discipline
    dict(service="tcm-icc", discipline="AOD", quantity=30, activities=("lobby-wait",)),
    dict(code="H0034", discipline="RN", quantity=113),  # claimable, with a next unit
    dict(code="H0034", discipline="RN", quantity=0),  # incomplete: what to enter
]


@pytest.fixture
def answers(calc):
    found = [calc(**kwargs) for kwargs in ASKED]
    # the table still holds what it is for, whatever the rules data says today
    assert any(a.advice for a in found) and any(len(a.problems) > 1 for a in found)
    assert any(a.claimable and a.next_unit_minutes for a in found)
    assert any(n.kind == "eligibility" for a in found for n in a.notes)
    return found


def test_every_problem_and_advice_is_said_by_the_cli_and_the_copy(answers):
    for answer in answers:
        cli, copy = cli_text(answer), answer.plain_text()
        said = [answer.title, *(p.text for p in answer.problems), *answer.advice,
                *answer.steps]
        for text in said:
            assert text in cli and text in copy, (answer.title, text)
        if answer.reason:
            assert cli.count(answer.reason) == copy.count(answer.reason) == 1


def test_the_reason_is_the_problems_then_the_advice(answers):
    for answer in answers:
        parts = [p.text for p in answer.problems] + list(answer.advice)
        assert answer.reason == (" ".join(parts) or None)
        assert answer.to_contract()["reason"] == answer.reason


def test_a_note_the_advice_says_is_not_said_again_in_the_notes(answers):
    for answer in answers:
        assert not set(answer.advice) & {n.text for n in answer.notes}, answer.title


def test_the_command_line_prints_the_answer_as_worded(rules, cli):
    day = rules.manifest.effective_from
    answer = calculate(rules, Request(code="H0034", discipline="RN", quantity=113,
                                      date_of_service=day))
    ran = cli("calc", "--code", "H0034", "--discipline", "RN", "--minutes", 113,
              "--date", day.isoformat())
    assert ran.returncode == 0 and ran.stdout == cli_text(answer) + "\n"
    assert "".join(next_unit(answer)) in ran.stdout  # type: ignore[arg-type]
