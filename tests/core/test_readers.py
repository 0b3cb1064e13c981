"""One strict reader each for numbers and dates (issue 15, item 5): what Python's own
readers take beyond what a person means (1_00, ١٠٠, １００, +5, 1e2, nan, 2025-W10-1,
20250310) is refused, shown as typed, in the CLI, the audit and the window alike."""

from datetime import date

import pytest

from core import InputError
from core.audit import Audit, Line
from core.cli import main
from core.readers import date_of_service, whole_number

NOT_NUMBERS = ["1_00", "١٠٠", "１００", "+5", "1e2", "nan", "inf", "0x10", "1,000", "7.5",
               "²", "", "ten", "100 min"]
NOT_DATES = ["2025-W10-1", "2025-W101", "20250310", "2025-069", "٢٠٢٥-٠٣-١٠",
             "２０２５-03-10", "2025-3-10", "10.03.2025", "2025-03-10 junk",
             "2025-03-10 25:00", "2025-03-10T10:00+01:00", "3/10/25", ""]


@pytest.mark.parametrize("typed,value", [("100", 100), (" 45 ", 45), ("007", 7),
                                         ("100.00", 100), ("0", 0)])
def test_whole_numbers_in_digits_0_to_9(typed, value):
    assert whole_number(typed) == value


@pytest.mark.parametrize("typed", NOT_NUMBERS)
def test_what_python_reads_as_a_number_but_a_person_did_not_type_is_refused(typed):
    with pytest.raises(InputError, match="not a whole number"):
        whole_number(typed)
    with pytest.raises(InputError, match="is negative"):
        whole_number("-5")


def test_a_number_too_long_to_read_is_refused_as_input_not_a_python_error():
    # int() refuses more than 4,300 digits with a ValueError, which the audit and the window
    # do not expect: it must be the reader's InputError, naming the text short
    with pytest.raises(InputError, match=r"^'9{20}…9{4}' \(5,000 characters\) is too long"):
        whole_number("9" * 5000)


@pytest.mark.parametrize("typed,day", [("2025-03-10", date(2025, 3, 10)),
                                       ("3/10/2025", date(2025, 3, 10)),
                                       ("03/09/2025", date(2025, 3, 9))])
def test_dates_as_yyyy_mm_dd_or_mm_dd_yyyy(typed, day):
    assert date_of_service(typed) == day


@pytest.mark.parametrize("typed", NOT_DATES)
def test_what_python_reads_as_a_date_but_is_not_one_of_the_forms_is_refused(typed):
    with pytest.raises(InputError, match=r"not a date \(YYYY-MM-DD or MM/DD/YYYY\)"):
        date_of_service(typed, time_of_day=True)


def test_an_exports_time_of_day_is_allowed_after_the_date_and_not_kept():
    for typed in ("2025-03-10 00:00:00", "2025-03-10T09:30", "3/10/2025 9:30 AM",
                  "2025-03-10 09:30:00.500000"):
        assert date_of_service(typed, time_of_day=True) == date(2025, 3, 10)
        with pytest.raises(InputError):
            date_of_service(typed)  # a date typed in a field is a date only
    with pytest.raises(InputError, match="not a date: no such day in the calendar"):
        date_of_service("2025-02-30")


def _line(**fields):
    base = dict(row=2, date="2025-03-03", member="M1", discipline="RN", code="H0034",
                modifiers="", minutes="100", quantity="", units="7")
    return Line(**{**base, **fields})


@pytest.mark.parametrize("fields,words", [
    (dict(minutes="1_00"), "unreadable minutes '1_00'"),
    (dict(minutes="١٠٠"), "unreadable minutes '١٠٠'"),
    (dict(minutes="1e2"), "unreadable minutes '1e2'"),
    (dict(units="７"), "unreadable units '７'"),
    (dict(date="2025-W10-1"), "unreadable date of service '2025-W10-1'"),
    (dict(date="20250303"), "unreadable date of service '20250303'"),
    (dict(date="٣/٣/٢٠٢٥"), "unreadable date of service '٣/٣/٢٠٢٥'"),
])
def test_the_audit_refuses_them_as_unreadable_shown_as_typed(rules, fields, words):
    result = Audit(rules).check(_line(**fields))
    assert result.status == "error" and words in result.findings[0].text


@pytest.mark.parametrize("args", [["--minutes", "1_00"], ["--minutes", "١٠٠"],
                                  ["--minutes", "100", "--date", "2025-W10-1"],
                                  ["--minutes", "100", "--date", "20250310"]])
def test_the_cli_refuses_them_in_one_line(args, capsys):
    assert main(["calc", "--code", "H0034", "--discipline", "RN", *args]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and repr(args[-1]) in err


@pytest.mark.parametrize("part", ["/etc/passwd", "..", "rules/../../x", "C:\\Windows",
                                  "rules\\..\\x", "C:x"])
def test_resource_path_never_leads_out_of_the_resources(part):
    from core.resources import resource_path

    with pytest.raises(ValueError):
        resource_path(part)


def test_resource_path_finds_the_app_s_own_files():
    from core.resources import resource_path

    assert resource_path("icons", "dmc-units.png").is_file()
    assert resource_path("rules").is_dir()
