"""The window's number and date fields read with core's strict readers (issue 15, item 5):
what they refuse, the fields refuse."""

import pytest

from gui.widgets.fields import read_date, read_number

from tests.core.test_readers import NOT_DATES, NOT_NUMBERS


@pytest.mark.parametrize("typed", [t for t in NOT_NUMBERS if t])
def test_the_quantity_field_refuses_what_core_refuses(typed):
    reading = read_number(typed, "minutes", 1440)
    assert reading.value is None and "not a whole number of minutes" in reading.problem


@pytest.mark.parametrize("typed", NOT_DATES)
def test_the_date_field_refuses_what_core_refuses(typed):
    assert read_date(typed) is None
