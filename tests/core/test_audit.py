"""The audit engine, line by line: each finding kind on cases read off the sources.

Every expected figure below is the sources' own (seed 000's worked examples and allowable
discipline lists, seed 002's code lists and footnotes), not the app's output copied back.
"""

import pytest

from core.audit import FINDING_KINDS, Audit, DayEntry, Line, same_day_findings


def line(row=2, date="2025-03-03", member="M1", discipline="RN", code="H0034", modifiers="",
         minutes="", quantity="", units="1", setting="", mode="", amount=None):
    return Line(row, date, member, discipline, code, modifiers, minutes, quantity, units,
                setting, mode, amount)


def kinds(result):
    return [f.kind for f in result.findings]


# (what the source says, the line, the finding kind, the units the rules give)
CASES = [
    ("seed 000 H0034: 100 min = 7 units", dict(minutes="100", units="7"), None, 7),
    ("seed 000 H0034: 100 min = 7 units, 8 claimed", dict(minutes="100", units="8"),
     "units_differ", 7),
    ("seed 000 H2035 (60 min, minimum 31): 90 min = 1 unit, 2 claimed",
     dict(discipline="AOD", code="H2035", minutes="90", units="2"), "units_differ", 1),
    ("seed 000: RN is not on H2017's list",
     dict(code="H2017", minutes="60", units="4"), "discipline_not_allowed", 0),
    ("seed 000: MA is not on H2015's list",
     dict(discipline="MA", code="H2015", minutes="30", units="2"), "discipline_not_allowed", 0),
    ("seed 000 H0034: 7 min is below the 8-minute minimum", dict(minutes="7", units="1"),
     "quantity", 0),
    ("seed 000 99367: under 30 min is nothing",
     dict(discipline="MD/DO", code="99367", minutes="29", units="1"), "quantity", 0),
    ("seed 000 99408: 15-30 min; 45 min is outside the range (99409, over 30 min: 1 unit)",
     dict(discipline="MD/DO", code="99408", minutes="45", setting="3.2-WM"), "quantity", 1),
    ("seed 000 99408: only in ASAM 3.2 Residential Withdrawal Management",
     dict(discipline="MD/DO", code="99408", minutes="20", setting="1.0"),
     "setting_not_allowed", 0),
    ("seed 002: T1016 U8 is in-person outreach; by phone it is T1016 U8 GQ",
     dict(discipline="CHW", code="T1016", modifiers="U8", minutes="30", units="2",
          mode="phone"), "modifiers", 2),  # 30 minutes of T1016 U8 GQ: 2 units
    ("seed 002: T1016 U8 GQ by phone, 30 min = 2 units (rule of eights)",
     dict(discipline="CHW", code="T1016", modifiers="U8 GQ", minutes="30", units="2",
          mode="phone"), None, 2),
    ("seed 002: G9008 has no bare form; U1, U8 (with or without GQ)",
     dict(code="G9008", quantity="1"), "modifiers", 0),
    ("seed 002: H0043 means nothing without its modifier",
     dict(discipline="CHW", code="H0043", quantity="1"), "modifiers", 0),
    ("seed 002: H0044 U2 housing deposit requires the amount",
     dict(discipline="CHW", code="H0044", modifiers="U2", quantity="1", amount=""),
     "amount_missing", 1),
    ("seed 002: T2038 U4 requires the billed amount",
     dict(discipline="CHW", code="T2038", modifiers="U4", quantity="1", amount="  "),
     "amount_missing", 1),
    ("seed 002: H0044 U2 with its amount", dict(discipline="CHW", code="H0044",
                                                modifiers="U2", quantity="1", amount="950.00"),
     None, 1),
    ("a code no source in this pack lists", dict(code="H9999", minutes="30"),
     "unknown_code", 0),
]


@pytest.mark.parametrize("what,fields,kind,expected", CASES, ids=[c[0] for c in CASES])
def test_each_finding_kind_on_the_sources_cases(rules, what, fields, kind, expected):
    result = Audit(rules).check(line(**fields))
    assert result.expected_units == expected
    if kind is None:
        assert result.status == "ok" and result.findings == ()
    else:
        assert result.status == "finding"
        assert kinds(result) == [kind]
        finding = result.findings[0]
        assert finding.text and finding.source
        assert "seed" not in finding.source.casefold()


def test_a_finding_says_which_rule_in_plain_words(rules):
    result = Audit(rules).check(line(code="H2017", minutes="60", units="4"))
    text, source = result.findings[0].text, result.findings[0].source
    assert "RN" in text and "H2017" in text
    assert "San Diego" in source and "H2017" in source


def test_the_amount_is_asked_for_even_without_an_amount_column(rules):
    result = Audit(rules).check(line(discipline="CHW", code="H0044", modifiers="U2",
                                     quantity="1", amount=None))
    assert kinds(result) == ["amount_missing"]
    assert "no amount column" in result.findings[0].text


def test_modifiers_in_any_order_and_comma_separated_are_read(rules):
    result = Audit(rules).check(line(discipline="CHW", code="T1016", modifiers="GQ, U8",
                                     minutes="23", units="2", mode="phone"))
    assert result.status == "ok" and result.expected_units == 2


def test_count_codes_without_a_quantity_count_the_units_claimed(rules):
    """Seed 002: H0043 U6 is per diem, one unit a day: 3 units claimed are 3 days."""
    result = Audit(rules).check(line(discipline="CHW", code="H0043", modifiers="U6",
                                     units="3"))
    assert result.status == "ok" and result.expected_units == 3


# (what is wrong, the line's fields, words the reason must have)
BAD = [
    ("minutes are not a number", dict(minutes="1h30", units="6"), "minutes"),
    ("minutes not whole", dict(minutes="22.5", units="1"), "whole"),
    ("no minutes for a timed code", dict(minutes="", units="1"), "no minutes"),
    ("units unreadable", dict(minutes="100", units="seven"), "units"),
    ("no units", dict(minutes="100", units=""), "no units"),
    ("unknown discipline", dict(discipline="XYZ", minutes="100", units="7"), "XYZ"),
    ("unknown level of care", dict(minutes="100", units="7", setting="9.9"), "9.9"),
    ("unknown delivery mode", dict(minutes="100", units="7", mode="carrier pigeon"),
     "carrier pigeon"),
    ("no discipline for a code whose rules depend on it", dict(discipline="", minutes="100",
                                                              units="7"), "discipline"),
    ("unreadable date", dict(date="31/31/2025", minutes="100", units="7"), "date"),
    ("no date", dict(date="", minutes="100", units="7"), "date"),
    ("no member", dict(member=" ", minutes="100", units="7"), "member"),
    ("no code", dict(code="", minutes="100", units="7"), "code"),
]


@pytest.mark.parametrize("what,fields,words", BAD, ids=[b[0] for b in BAD])
def test_a_bad_line_is_an_error_with_the_reason(rules, what, fields, words):
    result = Audit(rules).check(line(**fields))
    assert result.status == "error" and result.expected_units is None
    assert kinds(result) == ["bad_input"]
    assert words.casefold() in result.findings[0].text.casefold()


def test_a_quantity_beyond_one_claim_is_a_quantity_finding(rules):
    result = Audit(rules).check(line(minutes="2000", units="133"))
    assert kinds(result) == ["quantity"] and "1440" in result.findings[0].text


# ---------------------------------------------------------------------------------------
# One member's day

SAME_DAY = [("T2040 U6", "30", "", "T2050 U6"), ("T2041 U6", "30", "", "T2051 U6"),
            ("H2014 U6", "30", "", "H2038 U6")]  # seed 002, footnotes 8, 9 and 11


def _cs(key, row, member="M1", date="2025-03-03", minutes="", units="1"):
    code, mod = key.split()
    return line(row=row, member=member, date=date, discipline="CHW", code=code,
                modifiers=mod, minutes=minutes, units=units)


def _same_day_line(rules, key, row, member="M1", date="2025-03-03"):
    """A line of ``key`` that is fine by itself: the units calculate() gives for it."""
    from core import Request, calculate
    code, *mods = key.split()
    kind = rules.basis(rules.entry(key).unit.basis).quantity
    amount = 30 if kind == "minutes" else 1
    discipline = "CHW" if rules.find_discipline("CHW") else ""
    units = calculate(rules, Request(discipline=discipline or None, code=code,
                                     modifiers=tuple(mods), quantity=amount,
                                     quantity_kind=kind)).units
    return line(row=row, member=member, date=date, discipline=discipline, code=code,
                modifiers=" ".join(mods),
                **{"minutes" if kind == "minutes" else "quantity": str(amount)},
                units=str(units))


@pytest.mark.parametrize("rule", [r.id for r in __import__("core").load_rules().same_day_rules])
def test_both_lines_of_a_same_day_conflict_carry_it_naming_each_other(rules, rule):
    """Every same-day rule the shipped pack holds: the source forbids reporting both, so the
    earlier line is a finding as much as the later one, each naming the other's row."""
    (found,) = [r for r in rules.same_day_rules if r.id == rule]
    first, second = found.codes[:2]
    for a, b in ((first, second), (second, first)):  # whichever comes first in the file
        lines = [_same_day_line(rules, a, 2), line(row=3, minutes="100", units="7"),
                 _same_day_line(rules, b, 4)]
        results = list(Audit(rules).run(lines))
        assert [r.status for r in results] == ["finding", "ok", "finding"], results
        for result, other, row in ((results[0], b, "row 4"), (results[2], a, "row 2")):
            assert kinds(result) == ["same_day_conflict"]
            f = result.findings[0]
            assert other in f.text and row in f.text and found.text in f.text
            assert f.source and "seed" not in f.source.casefold()


def test_a_conflict_names_every_row_of_the_other_code(rules):
    lines = [_cs("T2040 U6", 2, minutes="30", units="2"), _cs("T2050 U6", 3),
             _cs("T2040 U6", 4, minutes="45", units="3")]
    first, daily, last = Audit(rules).run(lines)
    assert "(row 3)" in first.findings[0].text and "(row 3)" in last.findings[0].text
    assert "(rows 2 and 4)" in daily.findings[0].text


@pytest.mark.parametrize("timed,minutes,_,daily", SAME_DAY)
def test_a_line_checked_alone_knows_only_the_lines_checked_before(rules, timed, minutes, _,
                                                                   daily):
    """check() without prepare(): the later line names the earlier (run() finds both)."""
    audit = Audit(rules)
    first = audit.check(_cs(timed, 2, minutes=minutes, units="2"))
    second = audit.check(_cs(daily, 3))
    assert first.status == "ok"
    assert kinds(second) == ["same_day_conflict"]
    f = second.findings[0]
    assert timed in f.text and daily in f.text and "row 2" in f.text
    assert f.source and "seed" not in f.source.casefold()


@pytest.mark.parametrize("other", [dict(member="M2"), dict(date="2025-03-04")])
def test_no_conflict_for_another_member_or_another_day(rules, other):
    audit = Audit(rules)
    audit.check(_cs("T2040 U6", 2, minutes="30", units="2"))
    assert audit.check(_cs("T2050 U6", 3, **other)).status == "ok"


def test_an_exact_duplicate_names_the_first_row(rules):
    audit = Audit(rules)
    assert audit.check(line(row=5, minutes="100", units="7")).status == "ok"
    again = audit.check(line(row=9, minutes="100", units="7"))
    assert kinds(again) == ["duplicate"] and "row 5" in again.findings[0].text
    # the same service with other minutes is not a duplicate
    assert audit.check(line(row=10, minutes="60", units="4")).status == "ok"


def test_a_duplicate_claims_nothing_more_than_its_first_row(rules):
    audit = Audit(rules)
    first = audit.check(line(row=5, minutes="100", units="8"))  # units off: a finding
    again = audit.check(line(row=9, minutes="100", units="8"))
    assert kinds(again) == ["units_differ", "duplicate"]
    assert first.expected and again.expected == () and again.expected_units == 0
    assert "Report " not in " ".join(f.text for f in again.findings)  # not claimed twice
    assert again.findings[0].text == first.findings[0].text.removesuffix(
        f" Report {first.claim}.")
    assert again.fix == "Void this line: row 5 already claims it."


@pytest.mark.parametrize("pack_at", [250_000, 2])
def test_day_checks_hold_when_the_file_is_not_in_date_order(rules, monkeypatch, pack_at):
    """A day already passed (packed away) is still checked when a line comes back to it,
    also when the keys are packed every few lines (as in a large file out of date order)."""
    monkeypatch.setattr("core.audit._PACK_AT", pack_at)
    audit = Audit(rules)
    audit.check(line(row=2, date="2025-03-03", minutes="100", units="7"))
    audit.check(_cs("T2040 U6", 3, date="2025-03-03", minutes="30", units="2"))
    for row, day in enumerate(("2025-03-04", "2025-03-05", "2025-03-06"), start=4):
        assert audit.check(line(row=row, date=day, minutes="100", units="7")).status == "ok"
    assert kinds(audit.check(line(row=8, date="3/3/2025", minutes="100", units="7"))) \
        == ["duplicate"]
    late = audit.check(_cs("T2050 U6", 9, date="2025-03-03"))
    assert kinds(late) == ["same_day_conflict"] and "row 3" in late.findings[0].text
    # and again after a later day has packed the day with the late line in it
    audit.check(line(row=10, date="2025-03-07", minutes="100", units="7"))
    again = audit.check(_cs("T2050 U6", 11, date="2025-03-03"))
    # a duplicate claims nothing more: the conflict is its first row's (row 9's), not its
    assert kinds(again) == ["duplicate"] and "row 9" in again.findings[0].text


def test_same_day_findings_serves_a_day_sheet(rules):
    """The day sheet asks with its own list of the day's lines."""
    day = [DayEntry(1, "H0034", 7, None, "x"), DayEntry(2, "T2040 U6", 2, None, "x")]
    found = same_day_findings(rules, DayEntry(3, "T2050 U6", 1, None, "x"), day)
    assert [f.finding.kind for f in found] == ["same_day_conflict"]
    assert "row 2" in found[0].finding.text
    assert same_day_findings(rules, day[0], day) == []


def test_summary_counts_by_status_and_kind(rules):
    audit = Audit(rules)
    results = list(audit.run([line(row=2, minutes="100", units="7"),
                              line(row=3, minutes="100", units="8"),
                              line(row=4, minutes="abc")]))
    assert [r.status for r in results] == ["ok", "finding", "error"]
    summary = audit.summary.to_json()
    assert summary["lines"] == 3
    assert summary["by_status"] == {"ok": 1, "finding": 1, "error": 1}
    assert summary["by_kind"] == {"units_differ": 1, "bad_input": 1}
    assert set(summary["by_kind"]) <= {k for k, _ in FINDING_KINDS}


def test_run_reports_progress_and_stops_when_cancelled(rules):
    audit = Audit(rules)
    seen = []
    lines = (line(row=n, minutes=str(n % 90 + 8), units="1") for n in range(2, 1000))
    results = list(audit.run(lines, progress=seen.append, cancelled=lambda: seen[-1:] == [30],
                             every=10))
    # the first reading (same-day rules) says how far it is too: no line checked yet
    assert seen == [0] * 99 + [10, 20, 30]
    assert len(results) == 30 and audit.summary.cancelled
    assert audit.summary.lines == 30
    # stopped in the first reading: no line is checked
    audit, seen = Audit(rules), []
    lines = [line(row=n, minutes="30", units="2") for n in range(2, 1000)]
    assert list(audit.run(lines, progress=seen.append, cancelled=lambda: len(seen) == 3,
                          every=10)) == []
    assert seen == [0, 0, 0] and audit.summary.cancelled and audit.summary.lines == 0


def test_the_memo_answers_repeated_lines_without_asking_again(rules, monkeypatch):
    import core.audit as audit_module

    calls = []
    real = audit_module.calculate
    monkeypatch.setattr(audit_module, "calculate",
                        lambda r, q: calls.append(q) or real(r, q))
    audit = Audit(rules)
    for row in range(2, 102):
        assert audit.check(line(row=row, member=f"M{row}", minutes="100",
                                units="7")).status == "ok"
    assert len(calls) == 1


def test_each_line_is_answered_by_the_rules_in_force_on_its_date(rules):
    from datetime import date

    from core import Library

    library = Library.of(rules)  # the shipped pack: from 2024-12-31
    asked = []
    for_date = library.for_date
    library.for_date = lambda day: asked.append(day) or for_date(day)

    audit = Audit(library)
    assert audit.check(line(row=2, date="2025-03-03", minutes="100", units="7")).status == "ok"
    old = audit.check(line(row=3, date="6/1/2024", minutes="100", units="7"))
    assert old.status == "error" and "2024-06-01" in old.findings[0].text
    assert rules.manifest.effective_from > date(2024, 6, 1)
    audit.check(line(row=4, date="2025-03-03", minutes="30", units="2"))
    assert asked == [date(2025, 3, 3), date(2024, 6, 1)]  # asked once a date


def _with_lockout(tmp_path, overridable="[]"):
    """The rules in force by date: the shipped pack, then from 2025-07-01 a copy to which
    a county QA team has added a same-day rule (a lockout) for H0034 and H2017."""
    from datetime import date

    from core.packs import Library

    from .pack_copies import pack_copy

    lockout = ('[[rule]]\nid = "qa-test-lockout"\nkind = "exclusive"\n'
               'codes = ["H0034", "H2017", "T1017"]\n'
               f'overridable = {overridable}\n'
               'text = "A lockout added by a QA team for this test."\n'
               'source = { doc = "sd-allowable-codes", section = "QA team test lockout" }\n\n[[rule]]')
    pack_copy(tmp_path / "next", "qa-next", date(2025, 7, 1),
              edits=[("same-day.toml", "[[rule]]", lockout)])
    return Library.discover(tmp_path / "next", user_dir=tmp_path / "none")


def test_a_lockout_a_qa_team_adds_to_a_later_pack_applies_from_that_packs_date(tmp_path):
    """Same-day rules are the pack's data, applied to the lines dated in that pack's time."""
    audit = Audit(_with_lockout(tmp_path))
    for row, day in ((2, "2025-03-03"), (4, "2025-08-04")):
        assert audit.check(line(row=row, date=day, minutes="100", units="7")).status == "ok"
    before = audit.check(line(row=3, date="2025-03-03", discipline="AOD", code="H2017",
                              minutes="60", units="4"))
    after = audit.check(line(row=5, date="2025-08-04", discipline="AOD", code="H2017",
                             minutes="60", units="4"))
    assert before.status == "ok"
    assert kinds(after) == ["same_day_conflict"]
    assert "row 4" in after.findings[0].text and "QA team" in after.findings[0].text
    assert "QA team test lockout" in after.findings[0].source


def test_a_code_the_rule_lets_through_is_no_conflict(tmp_path):
    audit = Audit(_with_lockout(tmp_path, overridable='["H2017"]'))
    audit.check(line(row=2, date="2025-08-04", minutes="100", units="7"))
    assert audit.check(line(row=3, date="2025-08-04", discipline="AOD", code="H2017",
                            minutes="60", units="4")).status == "ok"


def test_two_practitioners_lines_alike_are_two_services_not_a_duplicate(rules):
    """With a practitioner column, the same service given to one member on one day by two
    staff is two claims; by one practitioner (written in another case or spacing), one
    claim made twice."""
    def by(row, who):
        return line(row=row, minutes="100", units="7")._replace(practitioner=who)

    audit = Audit(rules)
    results = [audit.check(by(2, "Dr. A Smith")), audit.check(by(3, "B. Jones")),
               audit.check(by(4, "dr.a  smith"))]
    assert [kinds(r) for r in results] == [[], [], ["duplicate"]]
    assert "row 2" in results[2].findings[0].text
    # without a practitioner column, alike lines are one claim made twice, as before
    plain = Audit(rules)
    assert kinds(plain.check(line(row=2, minutes="100", units="7"))) == []
    assert kinds(plain.check(line(row=3, minutes="100", units="7"))) == ["duplicate"]
