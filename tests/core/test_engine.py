"""The engine, table-driven from the sources' own examples and the brief's readings."""

import pytest

from core import InputError

from .seed_tables import SEED_000_DISCIPLINES, split

FIFTEEN_MINUTE_CODES = ["H0034", "90889", "96160", "T1017", "H2015", "H2017"]


def _allowed(code):
    return split(SEED_000_DISCIPLINES[code])[0]


# --- seed 000: 15-minute codes, minimum 8 ----------------------------------------------
@pytest.mark.parametrize("code", FIFTEEN_MINUTE_CODES)
@pytest.mark.parametrize("minutes, units", [
    (0, 0), (7, 0), (8, 1), (15, 1), (22, 1), (23, 2), (37, 2), (38, 3), (90, 6), (97, 6),
    (98, 7), (100, 7),
])
def test_fifteen_minute_codes_follow_the_seed_rule(calc, code, minutes, units):
    result = calc(code=code, discipline=_allowed(code), quantity=minutes)
    assert result.units == units
    assert result.claimable is (units > 0)
    assert result.status == ("claimable" if units else "incomplete" if minutes == 0
                             else "not_claimable")


def test_h0034_100_minutes_reads_like_the_seed(calc):
    result = calc(code="H0034", discipline="RN", quantity=100)
    assert result.lines[0].code == "H0034" and result.lines[0].units == 7
    text = " ".join(result.steps)
    assert "100 minutes of service / 15 minutes time for code = 6.6667 units" in text
    assert "6 units account for 90 minutes of service" in text
    assert "remaining 10 minutes" in text and "8-minute minimum" in text
    assert text.endswith("claim 7 units of H0034.")
    assert result.next_unit_minutes == 113 and result.minutes_to_next_unit == 13


def test_seven_minutes_is_below_the_minimum_and_says_what_would_make_it_claimable(calc):
    result = calc(code="H2015", discipline="AOD", quantity=7)
    assert not result.claimable and result.lines == ()
    assert result.reason == ("7 minutes is less than the 8-minute minimum needed to claim "
                             "1 unit of H2015.")
    assert result.next_unit_minutes == 8 and result.minutes_to_next_unit == 1


# --- seed 000: H2035, per hour, minimum 31 ------------------------------------------------
@pytest.mark.parametrize("minutes, units, next_at", [
    (30, 0, 31), (31, 1, 91), (60, 1, 91), (90, 1, 91), (91, 2, 151), (100, 2, 151),
])
def test_h2035_hour_code(calc, minutes, units, next_at):
    result = calc(code="H2035", discipline="AOD", quantity=minutes)
    assert result.units == units
    assert result.next_unit_minutes == next_at


def test_h2035_example_wording(calc):
    steps = calc(code="H2035", discipline="LCSW", quantity=100).steps
    assert steps[0] == "100 minutes of service / 60 minutes time for code = 1.6667 units."
    assert "remaining 40 minutes" in steps[2]
    assert steps[-1] == "Therefore for 100 minutes of service, claim 2 units of H2035."


# --- seed 000: range codes ---------------------------------------------------------------
@pytest.mark.parametrize("code, discipline, minutes, units", [
    ("99367", "MD/DO", 29, 0), ("99367", "MD/DO", 30, 1), ("99367", "MD/DO", 61, 1),
    ("99367", "MD/DO", 1440, 1), ("99368", "LCSW", 29, 0), ("99368", "RN", 61, 1),
])
def test_team_conference_is_one_unit_inside_30_to_1440(calc, code, discipline, minutes, units):
    result = calc(code=code, discipline=discipline, quantity=minutes)
    assert result.units == units
    if units:
        assert "within the time range of 30-1440 minutes" in result.steps[0]


@pytest.mark.parametrize("discipline, code", [
    ("MD/DO", "99367"), ("md/do-clerks", "99367"), ("RN", "99368"), ("MA", "99368"),
    ("PhD/PsyD", "99368"),
])
def test_team_conference_service_picks_physician_or_not(calc, discipline, code):
    result = calc(service="team-conference", discipline=discipline, quantity=61)
    assert result.claimable and result.lines[0].code == code


def test_team_conference_asked_by_the_wrong_code_names_the_right_one(calc):
    result = calc(code="99367", discipline="RN", quantity=61)
    assert not result.claimable
    assert "RN" in result.reason and "Use 99368 instead" in result.reason
    result = calc(code="99368", discipline="MD/DO", quantity=61)
    assert not result.claimable and "Use 99367 instead" in result.reason


@pytest.mark.parametrize("minutes, code", [(15, "99408"), (30, "99408"), (31, "99409"),
                                            (61, "99409"), (400, "99409")])
def test_sbirt_duration_picks_the_code_in_3_2_wm(calc, minutes, code):
    result = calc(service="sbirt", discipline="NP", quantity=minutes, setting="3.2-WM")
    assert result.claimable and result.lines[0].code == code and result.units == 1


def test_sbirt_below_15_minutes_names_the_minimum(calc):
    result = calc(service="sbirt", discipline="PA", quantity=14, setting="3.2-WM")
    assert not result.claimable and "less than the 15-minute minimum of 99408" in result.reason
    assert result.next_unit_minutes == 15


@pytest.mark.parametrize("setting", ["1.0", "2.1", "3.1", "3.5", "OTP", "none", None])
def test_sbirt_outside_3_2_wm_is_explained(calc, setting):
    result = calc(code="99408", discipline="MD/DO", quantity=20, setting=setting)
    assert not result.claimable
    assert "3.2" in result.reason and "Residential Withdrawal Management" in result.reason


def test_explicit_sbirt_code_with_the_other_duration_names_the_right_code(calc):
    result = calc(code="99408", discipline="NP", quantity=45, setting="3.2-WM")
    assert not result.claimable and "Use 99409 instead" in result.reason
    result = calc(code="99409", discipline="NP", quantity=20, setting="3.2-WM")
    assert not result.claimable and "Use 99408 instead" in result.reason


# --- disciplines, both ways ------------------------------------------------------------------
def _dmc_cases():
    from core import load_rules

    rules = load_rules()
    everyone = [d.id for d in rules.disciplines]
    for code, listing in SEED_000_DISCIPLINES.items():
        allowed = set(split(listing))
        for d in everyone:
            yield code, d, d in allowed


@pytest.mark.parametrize("code, discipline, may", list(_dmc_cases()))
def test_each_dmc_ods_discipline_list_both_ways(calc, code, discipline, may):
    minutes = 61 if code in {"99367", "99368", "99409", "H2035"} else 20
    result = calc(code=code, discipline=discipline, quantity=minutes, setting="3.2-WM")
    assert result.claimable is may
    if not may:
        assert f"{discipline} (" in result.reason
        assert f"may claim {code}" in result.reason


def test_rn_may_not_claim_h2017_and_is_told_who_may(calc):
    result = calc(code="H2017", discipline="RN", quantity=100)
    assert not result.claimable
    assert "not an allowable discipline for H2017" in result.reason
    assert "AOD" in result.reason and "MA" in result.reason
    assert "would come to 7 units" in result.steps[-1]


def test_aod_counselor_on_a_care_coordination_code_gets_the_crosswalk_pointer(calc):
    result = calc(code="T1017", discipline="AOD", quantity=30)
    assert not result.claimable
    assert "not an allowable discipline for T1017" in result.reason
    assert "SmartCare Service Code Crosswalk" in result.reason
    assert any(n.kind == "errata" and "AOD" in n.text for n in result.notes)


def test_discipline_matches_without_regard_to_case(calc):
    assert calc(code="h0034", discipline="rn", quantity=15).units == 1
    assert calc(code="H0034", discipline="pharm-ct", quantity=15).units == 1


# --- ECM --------------------------------------------------------------------------------------
@pytest.mark.parametrize("service, discipline, mode, key", [
    ("ecm-visit", "RN", "in-person", "G9008 U1"),
    ("ecm-visit", "LCSW", "telehealth", "G9008 U1 GQ"),
    ("ecm-visit", "NP", "phone", "G9008 U1 GQ"),
    ("ecm-visit", "CHW", "in-person", "G9012 U2"),
    ("ecm-visit", "CHW", "telehealth", "G9012 U2 GQ"),
    ("ecm-visit", "Doula", "phone", "G9012 U2 GQ"),
    ("ecm-visit", "RN-CT", "in-person", "G9012 U2"),
    ("ecm-outreach", "LVN", "in-person", "G9008 U8"),
    ("ecm-outreach", "LPN", "phone", "G9008 U8 GQ"),
    ("ecm-outreach", "promotora", "in-person", "G9012 U8"),
    ("ecm-outreach", "MA", "telehealth", "G9012 U8 GQ"),
    ("ecm-team-conference", "CHW", "in-person", "G9007"),
])
def test_ecm_code_and_modifiers_follow_licensure_and_mode(calc, service, discipline, mode, key):
    result = calc(service=service, discipline=discipline, mode=mode, quantity=3,
                  quantity_kind="count")
    assert result.claimable
    assert result.lines[0].label == key and result.units == 3


def test_ecm_explicit_clinical_code_for_unlicensed_staff_names_the_right_code(calc):
    result = calc(code="G9008", modifiers=("U1",), discipline="CHW", quantity=1,
                  quantity_kind="count")
    assert not result.claimable
    assert "not licensed" in result.reason and "Use G9012 U2 instead" in result.reason


def test_ecm_in_person_code_by_telehealth_names_the_gq_code(calc):
    result = calc(code="G9008", modifiers=("U1",), discipline="RN", mode="telehealth",
                  quantity=1, quantity_kind="count")
    assert not result.claimable and "Use G9008 U1 GQ instead" in result.reason


def test_ecm_modifiers_are_accepted_in_any_order_and_reported_in_the_seeds_order(calc):
    result = calc(code="G9012", modifiers=("gq", "u2"), discipline="CHW", quantity=1,
                  quantity_kind="count")
    assert result.claimable and result.lines[0].modifiers == ("U2", "GQ")


# --- Community Supports -----------------------------------------------------------------------
@pytest.mark.parametrize("minutes, units", [(7, 0), (8, 1), (22, 1), (23, 2), (37, 2), (38, 3),
                                            (52, 3), (53, 4)])
def test_rule_of_eights_for_outreach(calc, minutes, units):
    assert calc(service="cs-housing-outreach", quantity=minutes).units == units


def test_community_supports_telehealth_adds_gq(calc):
    result = calc(code="H2014", modifiers=("U6",), quantity=30, mode="telehealth")
    assert result.lines[0].modifiers == ("U6", "GQ") and result.units == 2
    assert calc(code="H2014", modifiers=("U6",), quantity=30).lines[0].modifiers == ("U6",)


def test_phone_as_telehealth_for_community_supports_is_shown_as_the_apps_reading(calc):
    result = calc(code="H2014", modifiers=("U6",), quantity=30, mode="phone")
    assert result.lines[0].modifiers == ("U6", "GQ")
    reading = [n for n in result.notes if "phone" in n.text and "GQ" in n.text]
    assert reading and reading[0].source.startswith("This app's reading of")
    assert "ECM and Community Supports HCPCS Coding Options" in reading[0].source


@pytest.mark.parametrize("key, kind", [
    ("T2033 U6", "days"), ("H0043 U3", "days"), ("H0045 U6", "days"), ("H0044 U2", "months"),
    ("S5170 U6", "count"), ("S9977 U6", "days"), ("S5165 U6", "count"), ("S5165 U5", "count"),
])
@pytest.mark.parametrize("mode", ["telehealth", "phone"])
def test_services_that_cannot_be_remote_get_no_gq_and_say_why(calc, key, kind, mode):
    code, *mods = key.split()
    result = calc(code=code, modifiers=tuple(mods), quantity=2, quantity_kind=kind, mode=mode)
    assert result.claimable and result.lines[0].modifiers == tuple(mods)
    why = [n for n in result.notes if n.text.startswith("No GQ is added")]
    assert len(why) == 1 and why[0].source.startswith("This app's reading")
    assert not any("adds modifier GQ" in n.text or "adds GQ" in n.text for n in result.notes)


def test_gq_typed_on_a_service_that_cannot_be_remote_is_refused(calc):
    result = calc(code="S5170", modifiers=("U6", "GQ"), quantity=2, quantity_kind="count")
    assert not result.claimable and "takes no GQ" in result.reason


def _gq_lines():
    from core import load_rules

    rules = load_rules()
    for e in rules.codes:
        if e.program == "cs" and e.remote is not None and e.remote.allowed:
            yield e


@pytest.mark.parametrize("entry", list(_gq_lines()), ids=lambda e: e.key)
@pytest.mark.parametrize("mode", ["telehealth", "phone"])
def test_the_line_the_app_recommends_is_accepted_when_typed_back(calc, entry, mode):
    kind = {"per-15-minutes": "minutes", "per-diem": "days", "per-month": "months"}.get(
        entry.unit.basis, "count")
    quantity = 30 if kind == "minutes" else 2
    first = calc(code=entry.code, modifiers=entry.modifiers, quantity=quantity,
                 quantity_kind=kind, mode=mode)
    assert first.claimable and first.lines[0].modifiers[-1] == "GQ"
    again = calc(code=entry.code, modifiers=first.lines[0].modifiers, quantity=quantity,
                 quantity_kind=kind, mode=mode)
    assert again.claimable and again.lines == first.lines


def test_community_supports_gq_given_by_hand_is_read_as_telehealth(calc):
    result = calc(code="H0043", modifiers=("U6", "GQ"), quantity=2, quantity_kind="days")
    assert result.claimable and result.lines[0].modifiers == ("U6", "GQ")
    result = calc(code="H0043", modifiers=("U6", "GQ"), quantity=2, quantity_kind="days",
                  mode="in-person")
    assert not result.claimable and "GQ" in result.reason


def test_outreach_by_phone_picks_the_gq_row(calc):
    result = calc(service="cs-housing-outreach", quantity=20, mode="phone")
    assert result.lines[0].label == "T1016 U8 GQ"
    assert any("keep a member engaged" in n.text for n in result.notes)


@pytest.mark.parametrize("kind, quantity, key", [
    ("minutes", 30, "T2040 U6"), ("days", 1, "T2050 U6"),
])
def test_plan_choice_resolves_by_what_is_counted(calc, kind, quantity, key):
    result = calc(service="cs-tenancy-financial", quantity=quantity, quantity_kind=kind)
    assert result.lines[0].label == key
    assert any("may not both be reported" in n.text for n in result.notes)


def test_plan_choice_between_two_per_diem_codes_asks_which(calc):
    with pytest.raises(InputError, match="H0043 U6.*H2016 U6"):
        calc(service="cs-housing-navigation", quantity=1, quantity_kind="days")
    result = calc(service="cs-housing-navigation", code="H2016", modifiers=("U6",), quantity=4,
                  quantity_kind="days")
    assert result.lines[0].label == "H2016 U6" and result.units == 4


def test_amount_required_is_noted(calc):
    result = calc(code="H0044", modifiers=("U2",), quantity=1, quantity_kind="months")
    assert result.lines[0].amount_required
    assert any("amount" in n.text for n in result.notes)


def test_unstated_unit_is_said_not_invented(calc):
    result = calc(code="H0014", modifiers=("U6",), quantity=1, quantity_kind="count")
    assert result.units == 1
    assert any(n.kind == "errata" and "no unit" in n.text.casefold() for n in result.notes)


@pytest.mark.parametrize("kwargs", [
    dict(code="S5170", modifiers=("U6",), quantity=2, quantity_kind="count"),
    dict(code="G9008", modifiers=("U1",), discipline="RN", quantity=1, quantity_kind="count"),
    dict(code="G9012", modifiers=("U2",), discipline="CHW", quantity=1, quantity_kind="count"),
    dict(code="G9007", discipline="RN", quantity=1, quantity_kind="count"),
    dict(code="S9470", modifiers=("U6",), quantity=1, quantity_kind="count"),
])
def test_units_the_source_does_not_give_are_flagged_as_the_apps_reading(calc, kwargs):
    result = calc(**kwargs)
    assert result.claimable
    assert any(n.kind == "errata" and "This app reads it as" in n.text for n in result.notes)


# --- bad input -----------------------------------------------------------------------------
@pytest.mark.parametrize("kwargs, message", [
    (dict(code="H0043", quantity=1, quantity_kind="days"), "needs a modifier.*U6.*U3"),
    (dict(code="G9008", discipline="RN", quantity=1, quantity_kind="count"), "needs a modifier"),
    (dict(code="H0043", modifiers=("U9",), quantity=1, quantity_kind="days"), "no modifier combination"),
    (dict(code="Z9999", quantity=1), "unknown code"),
    (dict(code="H0034", discipline="XYZ", quantity=1), "unknown discipline"),
    (dict(code="H0034", discipline="RN", setting="9.9", quantity=1), "unknown level of care"),
    (dict(service="nope", quantity=1), "unknown service"),
    (dict(code="H0034", discipline="RN", quantity=1441), "more than the 1440 minutes"),
    (dict(code="H0043", modifiers=("U6",), quantity=30), r"counts days \(per diem\): give the number of days, not minutes$"),
    (dict(service="sbirt", discipline="NP", quantity=2, quantity_kind="days"), "counts minutes: give the number of minutes, not days"),
])
def test_bad_input_is_refused_with_a_clear_message(calc, kwargs, message):
    with pytest.raises(InputError, match=message):
        calc(**kwargs)


# --- notes ----------------------------------------------------------------------------------
def test_ims_notes_show_in_residential_care_and_not_in_outpatient(calc):
    kinds = lambda r: {n.kind for n in r.notes}  # noqa: E731
    residential = calc(code="H0034", discipline="RN", quantity=30, setting="3.5")
    outpatient = calc(code="H0034", discipline="RN", quantity=30, setting="1.0")
    assert any("Incidental Medical Services" in n.text for n in residential.notes)
    assert not any("Incidental Medical Services" in n.text for n in outpatient.notes)
    assert "IMS/MAT" in kinds(outpatient)  # MAT/NTP may be billed with ...: always
    assert "lockout" in kinds(outpatient)


@pytest.mark.parametrize("kwargs, prompt", [
    (dict(quantity=30), "Choose a service."),
    (dict(discipline="RN"), "Choose a service."),
    (dict(code="H0034", quantity=30), "Choose your discipline"),
    (dict(service="ecm-visit", quantity=1, quantity_kind="count"), "Choose your discipline"),
    (dict(code="H0034", discipline="RN"), "Enter the minutes"),
    (dict(service="cs-meals-delivered", quantity_kind="count"), "Enter the meals"),
])
def test_a_request_with_nothing_to_answer_yet_is_incomplete_not_an_error(calc, kwargs, prompt):
    result = calc(**kwargs)
    assert result.status == "incomplete" and result.prompt.startswith(prompt)
    assert result.lines == () and result.problems == () and result.next_unit_minutes is None
    assert result.headline() == result.prompt


RESIDENTIAL_OR_INPATIENT = ["3.1", "3.2-WM", "3.3", "3.5", "3.7", "4.0"]
CARE_COORDINATION = [("T1017", "LCSW", 30), ("90889", "RN", 15), ("96160", "MA", 15),
                     ("99367", "MD/DO", 61), ("99368", "LCSW", 61)]


@pytest.mark.parametrize("code, discipline, minutes", CARE_COORDINATION)
@pytest.mark.parametrize("setting", RESIDENTIAL_OR_INPATIENT)
def test_standalone_care_coordination_in_residential_or_inpatient_care_is_at_outpatient_rates(
        calc, code, discipline, minutes, setting):
    # Care Coordination Services: "When Care Coordination is provided as a standalone service
    # in a residential or inpatient level of care (LOC) it can be claimed by outpatient,
    # residential, or inpatient providers. When billed as a standalone service, the rates are
    # the outpatient rates for these procedure codes."
    result = calc(code=code, discipline=discipline, quantity=minutes, setting=setting)
    (note,) = [n for n in result.notes if n.kind != "errata" and "outpatient rates" in n.text]
    assert "in a residential or inpatient level of care" in note.text
    assert note.source.startswith("County of San Diego SUD Quality Assurance, Care Coordination "
                                  "Services")
    assert not any("not actively receiving treatment" in n.text for n in result.notes)


@pytest.mark.parametrize("code, discipline, minutes", CARE_COORDINATION)
@pytest.mark.parametrize("setting", ["none", "1.0", "2.1", "2.5", "OTP", None])
def test_the_outpatient_rates_note_is_not_shown_outside_residential_or_inpatient_care(
        calc, code, discipline, minutes, setting):
    result = calc(code=code, discipline=discipline, quantity=minutes, setting=setting)
    assert not any("outpatient rates" in n.text for n in result.notes)
    # not in a level of care: the standalone service the source describes for that case
    assert any("not actively receiving treatment" in n.text
               for n in result.notes) is (setting == "none")


def test_every_note_has_a_source(calc):
    result = calc(code="T1017", discipline="AOD", quantity=30, setting="3.2-WM", mode="phone",
                  activities=("transport",), non_billable={"travel": 10})
    assert result.notes and all(n.source for n in result.notes)
    order = [n.kind for n in result.notes]
    assert order == sorted(order, key=["rules", "eligibility", "IMS/MAT", "lockout",
                                       "care coordination", "billing", "errata"].index)
    assert not any("seed" in f"{n.text} {n.source}".casefold() for n in result.notes)


def test_travel_and_documentation_are_shown_and_kept_out_of_the_units(calc):
    plain = calc(code="T1017", discipline="RN", quantity=30)
    extra = calc(code="T1017", discipline="RN", quantity=30,
                 non_billable={"travel": 20, "documentation": 15})
    assert plain.units == extra.units == 2
    assert any("travel 20 minutes" in s and "documentation 15 minutes" in s for s in extra.steps)
    note = next(n for n in extra.notes if "Only direct service minutes" in n.text)
    assert note.source.startswith("This app's reading") and "BHIN 23-068" in note.text
    assert not any("Only direct service minutes" in n.text for n in plain.notes)


@pytest.mark.parametrize("kwargs", [
    dict(service="ecm-visit", discipline="RN", quantity=1, quantity_kind="count"),
    dict(code="T2040", modifiers=("U6",), quantity=30),
])
def test_the_travel_reading_is_not_applied_outside_dmc_ods(calc, kwargs):
    result = calc(**kwargs, non_billable={"travel": 20})
    assert not any("Only direct service minutes" in n.text for n in result.notes)


def test_ticked_not_billable_activity_without_minutes_is_not_claimable_yet(calc):
    result = calc(code="T1017", discipline="LCSW", quantity=60, activities=("transport",))
    assert result.status == "not_claimable" and result.lines == ()
    assert "not-billable minutes taken out" in result.headline()
    assert [p.field for p in result.problems] == ["activities"]
    assert result.next_unit_minutes is None


@pytest.mark.parametrize("session, activity, units", [(60, 20, 3), (60, 0, 4), (30, 23, 0)])
def test_not_billable_activity_minutes_are_taken_out_of_the_session(calc, session, activity,
                                                                     units):
    result = calc(code="T1017", discipline="LCSW", quantity=session,
                  activities=("transport",) if activity else (),
                  non_billable={"activity_minutes": activity})
    assert result.units == units
    if activity:
        assert result.steps[0] == (f"{session} minutes of session - {activity} minutes of "
                                   f"not-billable activities = {session - activity} minutes "
                                   f"of service.")


def test_not_billable_activities_are_named_with_the_seeds_reason(calc):
    result = calc(code="T1017", discipline="RN", quantity=30,
                  activities=("unsuccessful-contact", "health-services"))
    texts = [n.text for n in result.notes if n.text.startswith("Not billable:")]
    assert len(texts) == 1 and "voicemail" in texts[0] and "succeeds" in texts[0]


def test_dmc_ods_telehealth_adds_no_invented_modifier(calc):
    result = calc(code="H0034", discipline="RN", quantity=30, mode="telehealth")
    assert result.lines[0].modifiers == ()
    assert any("no DMC-ODS telehealth" in n.text for n in result.notes)


def test_contract_json_shape(calc):
    data = calc(code="G9012", modifiers=("U2", "GQ"), discipline="CHW", quantity=1,
                quantity_kind="count").to_contract()
    assert {"status", "claimable", "lines", "steps", "next_unit_minutes", "notes",
            "reason"} <= set(data)
    assert data["status"] == "claimable"
    assert data["lines"] == [{"code": "G9012", "modifiers": ["U2", "GQ"], "units": 1,
                              "amount_required": False}]
    assert data["next_unit_minutes"] is None


def test_plain_text_summary_has_no_date_and_names_the_source(calc):
    import re

    text = calc(code="H0034", discipline="RN", quantity=100, setting="3.5",
                mode="telehealth").plain_text()
    assert "Claimable: H0034, 7 units" in text and "6.6667" in text
    assert "Allowable Codes table, row H0034" in text and "seed" not in text.casefold()
    assert "Delivery mode: Telehealth" in text and "Level of care: ASAM 3.5" in text
    assert "Rules in force from 2024-12-31" in text
    rules_dates = text.replace("2024-12-31", "").replace("2025-06-30", "")  # the pack's own
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", rules_dates)


def test_plain_text_names_ticked_activities_and_the_amount(calc):
    text = calc(code="T1017", discipline="RN", quantity=30, activities=("health-services",)
                ).plain_text()
    assert "Activities: " in text
    text = calc(code="H0044", modifiers=("U2",), quantity=1, quantity_kind="months").plain_text()
    assert "Amount: report the amount on the encounter" in text
    # no claim, nothing to report: the copy says no amount, as the window shows none
    refused = calc(code="H0044", modifiers=("U2", "GQ"), quantity=1, quantity_kind="months",
                   discipline="CHW", mode="phone")
    assert not refused.claimable and refused.amount_required
    assert "Amount:" not in refused.plain_text()


@pytest.mark.parametrize("kwargs, message", [
    # a code whose unit the source does not state: its basis reads as one phrase
    (dict(code="S9470", modifiers=("U6",), quantity=30),
     "S9470 U6 counts encounters (per encounter: the source states no unit): give the number "
     "of encounters, not minutes"),
    (dict(code="H0014", modifiers=("U6",), quantity=2, quantity_kind="days"),
     "H0014 U6 counts encounters (per encounter: the source states no unit): give the number "
     "of encounters, not days"),
    # a count, said as one ("not count" before)
    (dict(code="H0034", discipline="RN", quantity=3, quantity_kind="count"),
     "H0034 counts minutes (per 15 minutes): give the number of minutes, not a count"),
    (dict(code="99367", discipline="MD/DO", quantity=3, quantity_kind="count"),
     "99367 counts minutes (1 unit within a minute range): give the number of minutes, "
     "not a count"),
    (dict(service="sbirt", discipline="NP", quantity=2, quantity_kind="count"),
     "counts minutes: give the number of minutes, not a count"),
    (dict(code="T2041", modifiers=("U6",), quantity=1, quantity_kind="months"),
     "T2041 U6 counts minutes (per 15 minutes): give the number of minutes, not months"),
])
def test_a_quantity_of_the_wrong_kind_is_told_in_plain_words(calc, kwargs, message):
    with pytest.raises(InputError) as refused:
        calc(**kwargs)
    assert str(refused.value).endswith(message), str(refused.value)
    assert "counted unit" not in str(refused.value) and "not count" not in str(refused.value)


@pytest.mark.parametrize("discipline", ["LVN", "AOD", "LOT"])
def test_a_service_none_of_whose_codes_the_discipline_may_claim_is_headlined_with_all(
        calc, discipline):
    # LVN, AOD and LOT are on neither 99367's list nor 99368's: the answer concerns both
    result = calc(service="team-conference", discipline=discipline, quantity=60)
    assert result.headline() == "Not claimable: 99367 or 99368"
    assert "99367" in result.reason and "99368" in result.reason


@pytest.mark.parametrize("kwargs, headline", [
    # asked by code: only that code is refused, and named
    (dict(code="99367", discipline="LVN", quantity=60), "Not claimable: 99367"),
    # asked by service, the other code open to the discipline: it is answered for that one
    (dict(service="team-conference", discipline="RN", quantity=60), "Claimable: 99368, 1 unit"),
    # refused for the minutes, not the discipline: the one code answered
    (dict(service="team-conference", discipline="RN", quantity=20), "Not claimable: 99368"),
])
def test_the_headline_names_only_the_code_the_answer_concerns(calc, kwargs, headline):
    assert calc(**kwargs).headline() == headline


ASSUMED_IN_PERSON = "No delivery mode was given, so this answer is for a service in person"


@pytest.mark.parametrize("service", ["ecm-visit", "ecm-outreach"])
@pytest.mark.parametrize("discipline", ["RN", "MA"])
def test_ecm_with_no_delivery_mode_says_it_assumed_in_person(calc, service, discipline):
    result = calc(service=service, discipline=discipline, quantity=1, quantity_kind="count")
    assert result.claimable and "GQ" not in result.lines[0].modifiers
    (note,) = [n for n in result.notes if n.text.startswith(ASSUMED_IN_PERSON)]
    assert note.source.startswith("This app's reading of California Department of Health Care")
    assert note.source in result.plain_text() or note.text in result.plain_text()


@pytest.mark.parametrize("kwargs", [
    dict(service="ecm-visit", mode="in-person"),
    dict(service="ecm-outreach", mode="phone"),
    dict(service="ecm-visit", mode="telehealth"),
    dict(code="G9008", modifiers=("U1", "GQ")),  # the code says how: phone or telehealth
    dict(service="ecm-team-conference"),  # G9007 is the same code whatever the mode
])
def test_ecm_with_a_delivery_mode_or_a_code_that_says_it_assumes_nothing(calc, kwargs):
    result = calc(discipline="RN", quantity=1, quantity_kind="count", **kwargs)
    assert result.claimable
    assert not [n for n in result.notes if n.text.startswith(ASSUMED_IN_PERSON)]


def test_a_discipline_no_option_of_a_service_admits_is_told_every_list(calc):
    result = calc(service="team-conference", discipline="AOD", quantity=61)
    assert not result.claimable
    assert "may claim 99367: MD/DO" in result.reason
    assert "may claim 99368: LCSW" in result.reason
    assert "SmartCare Service Code Crosswalk" in result.reason


def test_a_count_service_asked_in_minutes_says_what_to_give(calc):
    with pytest.raises(InputError, match="counts contacts: give the number of contacts, not minutes"):
        calc(service="ecm-visit", discipline="RN", quantity=5)


def test_problems_name_the_input_each_concerns(calc):
    result = calc(code="99408", discipline="RN", quantity=10, setting="1.0")
    assert [p.field for p in result.problems] == ["discipline", "setting", "quantity"]
    assert result.reason == " ".join(p.text for p in result.problems)
    assert calc(code="H0034", discipline="RN", quantity=30).problems == ()


# --- issue 8: answers true to the sources ---------------------------------------------------
def test_no_next_unit_when_more_minutes_would_not_make_it_claimable(calc):
    assert calc(code="H2017", discipline="RN", quantity=100).next_unit_minutes is None
    assert calc(code="99408", discipline="MD/DO", quantity=10, setting="1.0").next_unit_minutes \
        is None
    assert calc(code="H2017", discipline="AOD", quantity=100).next_unit_minutes == 113


@pytest.mark.parametrize("minutes, step", [
    (10, "10 minutes of service reach the 8-minute minimum, so 1 unit of H0034 can be claimed."),
    (7, "7 minutes is less than the 8-minute minimum needed to claim 1 unit of H0034."),
])
def test_under_one_unit_the_calculation_does_not_speak_of_a_remainder(calc, minutes, step):
    steps = calc(code="H0034", discipline="RN", quantity=minutes).steps
    assert step in steps and not any("remaining" in s for s in steps)


@pytest.mark.parametrize("discipline, shown", [("AOD", True), ("LCSW", False), ("MA", False)])
def test_the_aod_reading_shows_only_for_aod(calc, discipline, shown):
    result = calc(code="96160", discipline=discipline, quantity=15)
    assert any(n.kind == "errata" and "AOD" in n.text for n in result.notes) is shown


@pytest.mark.parametrize("kwargs, words", [
    (dict(code="90889", discipline="LCSW", quantity=15), "written reports"),
    (dict(code="96160", discipline="MA", quantity=15), "MA"),
    (dict(code="99368", discipline="MA", quantity=45), "MA"),
    (dict(service="ecm-visit", discipline="CNS", quantity=1, quantity_kind="count"),
     "certification does not equate to licensure"),
])
def test_conflicts_between_the_sources_are_notes_naming_both(calc, kwargs, words):
    result = calc(**kwargs)
    conflict = [n for n in result.notes if n.kind == "errata" and words in n.text]
    assert conflict, [n.text for n in result.notes]
    assert " and " in conflict[0].source  # both sources named


def test_ma_conflict_is_not_shown_to_other_disciplines(calc):
    result = calc(code="96160", discipline="RN", quantity=15)
    assert not any("lists MA" in n.text for n in result.notes)


@pytest.mark.parametrize("discipline", ["Peer", "peer support", "Unlicensed"])
def test_ecm_non_clinical_anyone_unlicensed_reports_g9012(calc, discipline):
    result = calc(service="ecm-visit", discipline=discipline, quantity=1, quantity_kind="count")
    assert result.claimable and result.lines[0].label == "G9012 U2"


def test_care_coordination_answers_carry_the_reimbursement_requirements_and_components(calc):
    texts = " ".join(n.text for n in calc(code="T1017", discipline="RN", quantity=30).notes)
    assert "Medi-Cal eligible" in texts and "medical necessity" in texts
    assert "BHIN 24-001" in texts  # the county page's own components, beside the 2022 list


def test_the_crosswalk_code_type_travels_with_the_answer(calc):
    assert calc(code="99367", discipline="MD/DO", quantity=45).code_type == \
        "Care Coordination / Clinician Consultation"


def test_level_names_other_than_the_sources_are_cited_as_the_apps_vocabulary(rules):
    by_id = {s.id: s for s in rules.settings}
    assert rules.cite(by_id["3.5"].source).startswith("This app's reading")
    assert "Allowable Codes" in rules.cite(by_id["3.2-WM"].source)


def test_ims_notes_do_not_fill_an_answer_whose_level_of_care_is_not_given(calc):
    result = calc(code="H0034", discipline="RN", quantity=30)
    assert not any("Incidental Medical Services (IMS)" in n.text for n in result.notes)


def test_one_reason_once_notes_do_not_repeat_it(calc):
    result = calc(code="T1017", discipline="AOD", quantity=30)
    assert "SmartCare Service Code Crosswalk" in result.reason
    assert not any(n.text in result.reason for n in result.notes)


# --- found by an independent review: answers that looked right and were wrong ---------------
@pytest.mark.parametrize("kwargs, use", [
    (dict(code="G9008", modifiers=("U1", "GQ"), discipline="LCSW-CT"), "G9012 U2 GQ"),
    (dict(code="G9012", modifiers=("U8", "GQ"), discipline="CNS"), "G9008 U8 GQ"),
])
def test_a_typed_gq_line_is_pointed_at_the_gq_alternative(calc, kwargs, use):
    result = calc(**kwargs, quantity=1, quantity_kind="count")
    assert not result.claimable and f"Use {use} instead" in result.reason


def test_the_duration_picks_the_sbirt_code_before_the_discipline_is_judged(calc):
    result = calc(service="sbirt", discipline="RN", setting="3.2-WM", quantity=40)
    assert result.label == "99409" and [p.field for p in result.problems] == ["discipline"]


def test_a_range_code_counts_the_minutes_left_after_not_billable_activities(calc):
    result = calc(service="team-conference", discipline="RN", quantity=35,
                  activities=("lobby-wait",), non_billable={"activity_minutes": 10})
    assert result.label == "99368" and [p.field for p in result.problems] == ["quantity"]
    assert not result.claimable and "25 minutes is less than the 30-minute minimum" in \
        result.reason
    assert result.next_unit_minutes == 40  # 30 minutes of service, in the session's minutes


@pytest.mark.parametrize("kwargs", [
    dict(service="cs-housing-outreach", quantity=20, activities=("no-show-wait",)),
    dict(code="G9008", modifiers=("U1",), discipline="RN", quantity=1, quantity_kind="count",
         activities=("transport",)),
    dict(service="sbirt", discipline="NP", setting="3.2-WM", quantity=35,
         non_billable={"activity_minutes": 10}),
])
def test_care_coordination_activities_are_refused_outside_care_coordination(calc, kwargs):
    with pytest.raises(InputError, match="care coordination services only"):
        calc(**kwargs)


def test_activity_minutes_beyond_the_session_are_refused(calc):
    with pytest.raises(InputError, match="more than the session's 5 minutes"):
        calc(code="T1017", discipline="RN", quantity=5, non_billable={"activity_minutes": 10})


def test_no_next_unit_past_the_largest_claim(calc):
    result = calc(code="T1017", discipline="RN", quantity=1440, activities=("transport",),
                  non_billable={"activity_minutes": 10})
    assert result.next_unit_minutes is None


def test_g9007_by_telehealth_names_the_conflict(calc):
    result = calc(code="G9007", quantity=1, quantity_kind="count", mode="telehealth")
    assert result.claimable and result.lines[0].modifiers == ()
    assert any(n.kind == "errata" and "No modifiers" in n.text for n in result.notes)


def test_a_typed_gq_with_no_mode_does_not_invent_video(calc):
    text = calc(code="H0043", modifiers=("U6", "GQ"), quantity=3, quantity_kind="days"
                ).plain_text()
    assert "Delivery mode: Phone or telehealth (GQ)" in text and "video" not in text


def test_a_code_whose_own_row_is_phone_does_not_get_the_phone_reading(calc):
    result = calc(service="cs-housing-outreach", quantity=20, mode="phone")
    assert result.label == "T1016 U8 GQ"
    assert not any(n.source.startswith("This app's reading") and "phone" in n.text
                   for n in result.notes if n.kind == "billing")


def test_the_trainee_reading_shows_only_for_trainees_and_clerks(calc):
    chw = calc(code="G9012", modifiers=("U8", "GQ"), discipline="CHW", quantity=1,
               quantity_kind="count")
    rn_ct = calc(code="G9012", modifiers=("U8", "GQ"), discipline="RN-CT", quantity=1,
                 quantity_kind="count")
    has = lambda r: any("Trainees (-CT)" in n.text for n in r.notes)  # noqa: E731
    assert not has(chw) and has(rn_ct)


def test_a_modifier_given_twice_is_refused_not_dropped(calc):
    with pytest.raises(InputError, match="GQ is given twice"):
        calc(code="H0043", modifiers=("U6", "GQ", "GQ"), quantity=1, quantity_kind="days")


def test_the_copy_names_the_apps_readings(calc):
    text = calc(code="S5170", modifiers=("U6",), quantity=3, quantity_kind="count").plain_text()
    assert "this app's reading" in text and "1 unit per meal" in text


def test_an_answer_carries_the_question_it_answers(calc):
    from core import Request

    result = calc(code="T1017", discipline="RN", quantity=45, setting="none")
    assert isinstance(result.request, Request) and result.request.quantity == 45
    assert "request" not in result.to_contract()


def test_the_quantity_shown_says_what_of_the_session_counts(calc):
    result = calc(code="T1017", discipline="LCSW", quantity=60, activities=("transport",),
                  non_billable={"activity_minutes": 10})
    assert result.quantity_label == "60 minutes of session (50 minutes of service)"
    text = result.plain_text()
    assert "Time/quantity: 60 minutes of session (50 minutes of service)" in text
    assert "Activities: not billable: Providing transportation" in text and ".;" not in text


def test_the_copy_says_when_the_rules_are_due_for_review(calc):
    from datetime import date

    text = calc(code="H0034", discipline="RN", quantity=30,
                date_of_service=date(2026, 11, 29)).plain_text()
    assert "due for review on 2025-06-30" in text


def test_nothing_entered_is_not_shown_as_zero_minutes(calc):
    result = calc(code="T1017", discipline="AOD")
    assert result.status == "not_claimable" and [p.field for p in result.problems] == \
        ["discipline"]
    assert result.steps == () and result.quantity_label == ""
    assert result.prompt == "Enter the minutes for T1017."
    assert "0 minutes" not in result.plain_text()


@pytest.mark.parametrize("kwargs, needs", [
    (dict(quantity=30), "service"),
    (dict(code="H0034", quantity=30), "discipline"),
    (dict(code="H0034", discipline="RN"), "quantity"),
])
def test_an_incomplete_answer_says_which_input_it_waits_for(calc, kwargs, needs):
    assert calc(**kwargs).needs == needs


# --- a quantity kept from another service (issue 15 item 15) ----------------------------

def test_a_quantity_kept_from_another_service_claims_nothing_until_confirmed(calc):
    """H0034, 100 minutes, then T1017: the window keeps the minutes. Until the user
    confirms or changes them the answer is no claim but a prompt that says so (seed 000:
    T1017, 100 minutes = 7 units once confirmed)."""
    kept = calc(service="tcm-icc", discipline="RN", quantity=100,
                kept={"service": "medication-training"})
    assert kept.status == "incomplete" and kept.needs == "quantity" and kept.lines == ()
    assert kept.title == "Confirm or change the minutes kept from H0034."
    assert kept.prompt == ("100 minutes kept from H0034 (Medication training and support): "
                           "confirm or change them for T1017. Nothing is claimed until you do.")
    confirmed = calc(service="tcm-icc", discipline="RN", quantity=100)
    assert confirmed.title == "Claimable: T1017, 7 units"


def test_a_kept_mode_is_named_and_problems_still_show(calc):
    """T2040 inherits 38 minutes by phone from T1017: named in the prompt. An answer that
    is not claimable anyway keeps its problems and says what was kept."""
    phone = calc(service="cs-tenancy-financial", code="T2040", modifiers=("U6",),
                 discipline="CHW", quantity=38, mode="phone",
                 kept={"service": "tcm-icc", "mode": True})
    assert phone.status == "incomplete" and not phone.claimable
    assert phone.title == "Confirm or change the minutes and delivery mode kept from T1017."
    assert phone.prompt.startswith("38 minutes (phone / audio only) kept from T1017 (")
    assert "for T2040 U6 GQ." in phone.prompt
    refused = calc(service="medication-training", discipline="CHW", quantity=100,
                   kept={"service": "tcm-icc"})
    assert refused.status == "not_claimable" and refused.problems
    assert refused.prompt.startswith("100 minutes kept from T1017")


def test_the_cli_contract_is_unchanged_by_keeping(calc):
    """Only the window keeps: a request without ``kept`` answers as before, and the JSON
    contract has no word of it."""
    plain = calc(service="tcm-icc", discipline="RN", quantity=100)
    assert plain.claimable and plain.prompt is None
    assert "kept" not in str(plain.to_contract())
