"""Properties of the unit rule (hypothesis), over every minute-counted code in the data."""

from hypothesis import given, settings
from hypothesis import strategies as st

from core import Request, calculate, load_rules

RULES = load_rules()
MINUTE_CODES = [e for e in RULES.codes if RULES.basis(e.unit.basis).quantity == "minutes"]
TIMED = [e for e in MINUTE_CODES if RULES.basis(e.unit.basis).method == "timed"]


def units(entry, minutes):
    request = Request(code=entry.code, modifiers=entry.modifiers, quantity=minutes,
                      discipline=entry.disciplines[0] if entry.disciplines else None,
                      setting=entry.settings[0] if entry.settings else None)
    return calculate(RULES, request)


minutes = st.integers(min_value=0, max_value=1440)


@settings(max_examples=300, deadline=None)
@given(entry=st.sampled_from(MINUTE_CODES), m=minutes)
def test_nothing_below_the_minimum(entry, m):
    result = units(entry, m)
    if m < entry.unit.minimum:
        assert result.units == 0 and not result.claimable
    else:
        assert result.units >= 1 or (entry.unit.maximum is not None and m > entry.unit.maximum)


@settings(max_examples=300, deadline=None)
@given(entry=st.sampled_from(TIMED), a=minutes, b=minutes)
def test_units_never_fall_as_minutes_grow(entry, a, b):
    lo, hi = sorted((a, b))
    assert units(entry, lo).units <= units(entry, hi).units


@settings(max_examples=300, deadline=None)
@given(entry=st.sampled_from(TIMED), m=st.integers(min_value=0, max_value=1440))
def test_each_further_unit_needs_exactly_one_more_unit_length(entry, m):
    length = entry.unit.length
    if m + length <= 1440:
        assert units(entry, m + length).units == units(entry, m).units + 1


@settings(max_examples=300, deadline=None)
@given(entry=st.sampled_from(MINUTE_CODES), m=minutes)
def test_next_unit_minutes_is_where_the_count_first_rises(entry, m):
    result = units(entry, m)
    nxt = result.next_unit_minutes
    if nxt is None:
        return
    assert nxt > m and result.minutes_to_next_unit == nxt - m
    assert units(entry, nxt).units == result.units + 1
    assert units(entry, nxt - 1).units == result.units
