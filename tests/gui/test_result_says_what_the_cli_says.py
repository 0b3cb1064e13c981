"""The window's result says an answer as the command line and the copied summary do
(core/wording.py): every problem, the advice, each step of the calculation and the next
unit, in the same words. Driven as a clinician would: the discipline picked, the service
typed, the minutes typed."""

from __future__ import annotations

from core.wording import cli_text, next_unit

from .drive import pick, result_text, type_into

#: (discipline, code typed, minutes): answers with problems, advice of each kind, a claim
ASKED = [("RN", "99367", "45"), ("AOD", "T1017", "30"), ("RN", "99408", "10"),
         ("RN", "H0034", "113"), ("AOD", "H0034", "20")]


def test_the_window_says_each_sentence_the_cli_and_the_copy_say(qtbot, shown):
    answers = []
    for discipline, code, minutes in ASKED:
        pick(qtbot, shown, "discipline", discipline)
        type_into(qtbot, shown, "service", code)
        type_into(qtbot, shown, "quantity", minutes)
        answer = shown.calculator.current_result()
        assert answer is not None and answer.status != "incomplete", (code, minutes)
        window, cli, copy = result_text(shown), cli_text(answer), answer.plain_text()
        said = [*(p.text for p in answer.problems), " ".join(answer.advice), *answer.steps]
        for text in filter(None, said):
            assert text in window and text in cli and text in copy, (code, text)
        nxt = next_unit(answer)
        if nxt is not None:
            assert "".join(nxt) in window and "".join(nxt) in cli
        answers.append(answer)
    # the table still holds what it is for, whatever the rules data says today
    assert any(a.advice for a in answers) and any(a.claimable for a in answers)
    assert any(len(a.problems) > 1 for a in answers)
    assert any(a.next_unit_minutes is not None for a in answers)
