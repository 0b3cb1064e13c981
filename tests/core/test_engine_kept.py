"""What the engine keeps between answers (``Rules.derived``) stays within its limit, and
forgetting it changes no answer."""

from core import Request, calculate, load_rules
import core.rules


def _requests(rules):
    day = rules.manifest.effective_from
    for entry in rules.codes[:12]:
        kind = rules.basis(entry.unit.basis).quantity
        for quantity in range(0, 61, 3):
            for discipline in ("RN", "AOD", None):
                yield Request(code=entry.code, modifiers=entry.modifiers, quantity=quantity,
                              quantity_kind=kind, discipline=discipline,
                              date_of_service=day)


def _answers(rules):
    out = []
    for request in _requests(rules):
        try:
            out.append(calculate(rules, request).model_dump())
        except core.InputError as exc:
            out.append(str(exc))
        assert len(rules.derived) <= core.rules.Derived.LIMIT
    return out


def test_what_the_engine_keeps_stays_within_its_limit_and_answers_alike(monkeypatch):
    unlimited = _answers(load_rules())
    monkeypatch.setattr(core.rules.Derived, "LIMIT", 40)
    limited = load_rules()
    assert _answers(limited) == unlimited  # forgotten many times over, worked out again
    assert 0 < len(limited.derived) <= 40
