"""The audit and the calculator cannot disagree: for any line, the audit's expected units
are what ``calculate()`` gives for the same request, and a line is ok only when it is the
calculator's claim line, code, modifiers and units (hypothesis)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from core import InputError, Request, calculate, load_rules
from core.audit import Audit, Line, claim_words

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
    if result.expected is None:  # no answer: the line cannot be read
        assert result.status == "error" and result.expected_units is None and result.findings
        # (or only the level of care the line does not give keeps it from being claimable:
        # the export does not say where it was given, so it cannot be checked)
        assert calc is None or calc.status == "incomplete" or (
            request.setting is None and calc.problems
            and all(p.field == "setting" for p in calc.problems))
        return
    if calc is None or calc.status == "incomplete" \
            or request.quantity > RULES.quantity(request.quantity_kind).maximum:
        # a code and modifiers the rules lack, or more than one claim can hold: nothing
        assert result.expected == () and result.expected_units == 0
        assert result.findings[0].kind in ("quantity", "modifiers")
        assert result.claim.startswith("Nothing is claimable: ")
        return
    # the claim the rules accept is calculate()'s, or that of the code it says to use instead
    claim = calc
    if not calc.claimable and calc.alternative:
        code, *mods = calc.alternative.split()
        claim = calculate(RULES, request.model_copy(update={"code": code,
                                                            "modifiers": tuple(mods)}))
    assert result.expected == (claim.lines if claim.claimable else ())
    assert result.expected_units == sum(ln.units for ln in result.expected)
    # ok: the calculator claims this very line (code and modifiers), with these units
    given = [(line.code, sorted(line.modifiers.split()))]
    same_line = [(ln.code, sorted(ln.modifiers)) for ln in calc.lines] == given
    assert (result.status == "ok") == (calc.claimable and same_line and claimed == calc.units)
    # every problem is a finding, which ends with the claim the rules accept
    said = (f"Report {claim_words(result.expected)}." if result.expected
            else "Nothing is claimable.")
    for p in calc.problems:  # (with this app's reading said, where it rests on one)
        assert any(f.text.startswith(p.text) and f.text.endswith(said)
                   for f in result.findings), (p.text, said)
    assert all(f.text.endswith(said) for f in result.findings)
    # a finding that rests on this app's reading says so, as its citation does
    assert all("this app's reading" in f.text.casefold() for f in result.findings
               if f.source and f.source.startswith("This app's reading"))
    assert bool(result.fix) == (result.status == "finding" and not (
        same_line and claimed == claim.units and claim is calc))
