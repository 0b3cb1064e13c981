"""What the window reads from the core: options with what applies, search, code selection."""

import pytest

from core import Request, calculate, catalog


def _option(rules, service_id, key=None):
    info = catalog.service(rules, service_id)
    return next(o for o in info.options if key is None or o.key == key)


@pytest.mark.parametrize("service_id", ["cs-recuperative-care", "cs-housing-deposits",
                                        "cs-meals-delivered", "cs-home-modifications"])
def test_services_that_cannot_be_remote_say_the_mode_does_not_apply_and_why(rules, service_id):
    option = _option(rules, service_id)
    assert option.mode_applies is False
    assert option.mode_note and "This app's reading" in option.mode_note


@pytest.mark.parametrize("service_id", ["cs-housing-outreach", "ecm-visit", "tcm-icc"])
def test_services_that_can_be_remote_keep_the_mode(rules, service_id):
    assert all(o.mode_applies for o in catalog.service(rules, service_id).options)


def test_level_of_care_applies_to_dmc_ods_only(rules):
    assert _option(rules, "medication-training").setting_applies is True
    ecm = _option(rules, "ecm-visit")
    assert ecm.setting_applies is False and "DMC-ODS" in ecm.setting_note


def test_mode_applies_agrees_with_the_engine(rules):
    """Where the catalog says the mode does not apply, the engine's answer is the same
    whatever the mode; where it applies to a Community Supports code, GQ follows it."""
    for info in catalog.services(rules):
        for o in info.options:
            if info.program != "cs" or len(info.options) > 1:
                continue
            quantity = 30 if o.quantity_kind == "minutes" else 1
            answers = {mode: calculate(rules, Request(code=o.code, modifiers=o.modifiers,
                                                      quantity=quantity,
                                                      quantity_kind=o.quantity_kind, mode=mode))
                       for mode in ("in-person", "telehealth", "phone")}
            labels = {mode: a.lines[0].label for mode, a in answers.items()}
            if o.mode_applies:
                assert labels["telehealth"].endswith("GQ") and not labels["in-person"].endswith("GQ")
            else:
                assert len(set(labels.values())) == 1, (o.key, labels)


@pytest.mark.parametrize("text, discipline, first", [
    ("conference", "CHW", "ecm-team-conference"),
    ("conference", "MD/DO", "team-conference"),
    ("T1017", None, "tcm-icc"),
    ("h0034", "RN", "medication-training"),
])
def test_search_puts_what_the_discipline_may_claim_first(rules, text, discipline, first):
    assert catalog.search(rules, text, discipline)[0].id == first


def test_search_with_no_match_is_empty(rules):
    assert catalog.search(rules, "zzzz nothing", "RN") == ()


@pytest.mark.parametrize("key, service_id, option, mode", [
    ("T1016 U8 GQ", "cs-housing-outreach", None, "telehealth"),
    ("T1016 U8", "cs-housing-outreach", None, "in-person"),
    ("T2050 U6", "cs-tenancy-financial", "T2050 U6", None),
    ("H0034", "medication-training", None, None),
])
def test_code_selection_keeps_what_the_key_says(rules, key, service_id, option, mode):
    chosen = catalog.code_selection(rules, key)
    assert (chosen.service_id, chosen.option_key, chosen.mode) == (service_id, option, mode)
    code, *mods = key.split()
    result = calculate(rules, Request(service=chosen.service_id, code=code,
                                      modifiers=tuple(mods), mode=chosen.mode,
                                      discipline="RN", quantity=30,
                                      quantity_kind=_option(rules, service_id, key).quantity_kind))
    assert result.label == key


def test_about_names_the_sources_in_plain_words(rules):
    about = catalog.about(rules)
    assert about.app_version and about.version and about.effective
    titles = [d.title for d in about.documents]
    assert "ECM and Community Supports HCPCS Coding Options" in titles
    assert not any("reading" in d.title for d in about.documents)


def test_reference_rows_carry_the_code_type_and_never_say_seed(rules):
    rows = catalog.reference_rows(rules)
    assert len(rows) == len(rules.codes)
    assert next(r for r in rows if r.code == "H0034").code_type == "Medication Support"
    assert not any("seed" in str(r).casefold() for r in rows)


def test_search_does_not_rank_community_supports_below_others_for_every_discipline(rules):
    order = [s.program for s in catalog.search(rules, "", "CHW")]
    # Community Supports codes follow no discipline: open to a CHW, before DMC-ODS codes
    assert max(i for i, p in enumerate(order) if p == "cs") < \
        min(i for i, p in enumerate(order) if p == "dmc-ods")
