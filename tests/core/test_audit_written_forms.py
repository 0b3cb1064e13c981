"""A line as exports write it (lower case, spaces around, modifiers in another order or
comma separated, "100.00" minutes, "7.0" units, a date as 3/3/2025 with a time of day,
"ASAM 1.0", "TELEHEALTH") is audited as the same line written plainly: the same status,
claim and expected units, which are the calculator's for that day (Library.calculate).
(test_audit_properties.py holds the plain lines to calculate(); hypothesis.)"""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from core import InputError, Library, Request, load_rules
from core.audit import Audit, Line

from .test_audit_properties import lines

RULES = load_rules()
LIBRARY = Library.of(RULES)
DAY = date(2025, 3, 3)


@st.composite
def written(draw, line: Line) -> Line:
    """``line`` as an export might write it, meaning the same."""
    def spaced(text: str) -> str:
        return draw(st.sampled_from(["", " "])) + text + draw(st.sampled_from(["", "  "]))

    mods = line.modifiers.split()
    mods = draw(st.permutations(mods)) if mods else mods
    sep = draw(st.sampled_from([" ", ", ", ";", "  "]))
    day = draw(st.sampled_from(["2025-03-03", "3/3/2025", "03/03/2025 9:30 AM",
                                "2025-03-03 00:00:00"]))
    setting = line.setting
    if setting and draw(st.booleans()):
        setting = "ASAM " + setting
    return line._replace(
        date=day, member=spaced(line.member),
        discipline=spaced(draw(st.sampled_from([str.lower, str.upper, str]))(line.discipline)),
        code=spaced(draw(st.sampled_from([str.lower, str]))(line.code)),
        modifiers=spaced(sep.join(m.lower() if draw(st.booleans()) else m for m in mods)),
        minutes=line.minutes + (".00" if line.minutes and draw(st.booleans()) else ""),
        quantity=line.quantity + (".0" if line.quantity and draw(st.booleans()) else ""),
        units=spaced(line.units + (".0" if draw(st.booleans()) else "")),
        setting=spaced(setting),
        mode=spaced(draw(st.sampled_from([str.lower, str.upper, str]))(line.mode)))


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_a_line_as_exports_write_it_is_audited_as_written_plainly(data):
    request, plain, _claimed = data.draw(lines())
    line = data.draw(written(plain))
    a, b = Audit(LIBRARY).check(plain), Audit(LIBRARY).check(line)
    assert (b.status, b.expected, b.expected_units, [f.kind for f in b.findings]) \
        == (a.status, a.expected, a.expected_units, [f.kind for f in a.findings]), line
    # the claim in words; "Nothing is claimable: <why>" quotes the line as written
    assert b.claim == a.claim if a.expected else b.claim.split(":")[0] == a.claim.split(":")[0]
    if b.status == "error" or not b.expected:
        return
    try:
        calc = LIBRARY.calculate(request.model_copy(update={"date_of_service": DAY}))
    except InputError:
        return
    if calc.claimable:  # the line's own service claimable: the calculator's units
        assert b.expected_units == calc.units, line
