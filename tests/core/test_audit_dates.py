"""The audit answers each line by the rules pack in force on the line's own date."""

from datetime import date

from core.audit import Audit, Line
from core.packs import Library
from core.rules import load_rules

from .minimal_pack import write_minimal


def _line(day, units="7"):
    return Line(row=2, date=day, member="m1", discipline="RN", code="H0034", modifiers="",
                minutes="100", quantity="", units=units)


def test_a_line_dated_inside_a_pack_that_has_ended_is_answered_by_it(tmp_path):
    old = write_minimal(tmp_path / "old", "old-pack", date(2024, 12, 31),
                        effective_to=date(2025, 12, 31))  # H0034 (RN): 100 minutes, 7 units
    result = Audit(load_rules(old)).check(_line("2025-03-01"))
    assert result.status == "ok" and result.expected_units == 7


def test_each_line_takes_the_pack_of_its_date_and_a_date_no_pack_covers_is_an_error(tmp_path):
    old = write_minimal(tmp_path / "packs" / "old", "old-pack", date(2024, 12, 31),
                        effective_to=date(2025, 12, 31))
    library = Library.discover(old, user_dir=tmp_path / "user")
    audit = Audit(library)
    assert audit.check(_line("2025-03-01")).status == "ok"
    early = audit.check(_line("2020-01-01"))
    assert early.status == "error" and "2020-01-01" in early.findings[0].text
