import pytest

from core import Request, calculate, load_rules


@pytest.fixture(scope="session")
def rules():
    return load_rules()


@pytest.fixture
def calc(rules):
    """calculate() with keyword arguments, as a reviewer would ask."""

    def _calc(**kwargs):
        return calculate(rules, Request(**kwargs))

    return _calc
