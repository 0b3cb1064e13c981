"""The audit and the calculator cannot disagree: for any line, the audit's expected units
are what ``calculate()`` gives for the same request, and a line is ok only when it is the
calculator's claim line, code, modifiers and units (hypothesis)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from core import InputError, Request, calculate, load_rules
from core.audit import Audit, Line

RULES = load_rules()
MODES = {None: "", "in-person": "In person", "telehealth": "Telehealth", "phone": "Phone"}


@st.composite
def lines(draw):
    entry = draw(st.sampled_from(RULES.codes))
    kind = RULES.basis(entry.unit.basis).quantity
    discipline = draw(st.sampled_from([d.id for d in RULES.disciplines]))
    mods = list(entry.modifiers)
    tele = RULES.program(entry.program).telehealth_modifier
    if tele and draw(st.booleans()):
        mods.append(tele)
    quantity = draw(st.integers(min_value=0, max_value=1500 if kind == "minutes" else 120))
    mode = draw(st.sampled_from(list(MODES)))
    setting = draw(st.sampled_from([None, *(s.id for s in RULES.settings)]))
    claimed = draw(st.integers(min_value=0, max_value=12))
    request = Request(discipline=discipline, code=entry.code, modifiers=tuple(mods),
                      quantity=quantity, quantity_kind=kind, mode=mode, setting=setting)
    line = Line(2, "2025-03-03", "M1", discipline, entry.code, " ".join(mods),
                str(quantity) if kind == "minutes" else "",
                "" if kind == "minutes" else str(quantity), str(claimed), setting or "",
                MODES[mode], "100.00")
    return request, line, claimed


@settings(max_examples=400, deadline=None)
@given(case=lines())
def test_the_audit_expects_the_units_calculate_gives(case):
    request, line, claimed = case
    result = Audit(RULES).check(line)
    try:
        calc = calculate(RULES, request)
    except InputError:
        calc = None
    if result.expected_units is None:  # no answer: the line is an error, or says why not
        assert result.status in ("error", "finding") and result.findings
        assert calc is None or calc.status == "incomplete" or result.findings[0].kind in (
            "quantity", "modifiers")
        return
    assert calc is not None and calc.status != "incomplete"
    assert result.expected_units == calc.units
    # ok: the calculator claims this very line (code and modifiers), with these units
    given = [(line.code, sorted(line.modifiers.split()))]
    same_line = [(ln.code, sorted(ln.modifiers)) for ln in calc.lines] == given
    assert (result.status == "ok") == (calc.claimable and same_line and claimed == calc.units)
    problems = {p.text for p in calc.problems}
    assert problems <= {f.text for f in result.findings}
