"""The shipped rules data, entry by entry, against the seeds."""

import pytest

from core import Request, calculate, load_rules
from core.catalog import services

from .seed_tables import (SEED_000_DISCIPLINES, SEED_000_UNITS, SEED_002_AMOUNT, SEED_002_CS,
                          SEED_002_ECM, SEED_002_EXCLUSIVE, split)


def test_every_dmc_ods_code_of_seed_000_is_present_with_its_exact_discipline_list(rules):
    present = {e.code: e for e in rules.codes if e.program == "dmc-ods"}
    assert set(present) == set(SEED_000_DISCIPLINES)
    for code, listing in SEED_000_DISCIPLINES.items():
        assert list(present[code].disciplines) == split(listing), code


@pytest.mark.parametrize("code", sorted(SEED_000_UNITS))
def test_dmc_ods_unit_length_and_minimum_match_seed_000(rules, code):
    length, minimum, maximum = SEED_000_UNITS[code]
    (entry,) = rules.entries_for_code(code)
    assert (entry.unit.length, entry.unit.minimum, entry.unit.maximum) == (length, minimum, maximum)


def test_every_ecm_combination_of_seed_002_is_present(rules):
    assert sorted(e.key for e in rules.codes if e.program == "ecm") == sorted(SEED_002_ECM)


def test_every_community_supports_pair_of_seed_002_is_present_with_its_basis(rules):
    got = {e.key: e.unit.basis for e in rules.codes if e.program == "cs"}
    assert got == SEED_002_CS


def test_same_day_rules_are_exactly_the_sources_three_pairs(rules):
    """The sources state three exclusive pairs and no daily maximum, threshold or lockout
    table (the DMC-ODS Service Table they name is not among them)."""
    assert sorted(tuple(r.codes) for r in rules.same_day_rules) == sorted(SEED_002_EXCLUSIVE)
    for rule in rules.same_day_rules:
        assert rule.kind == "exclusive" and not rule.same_practitioner
        assert "footnote" in rule.source.section and not rule.overridable


def test_amount_required_exactly_where_seed_002_says_so(rules):
    assert {e.key for e in rules.codes if e.amount_required} == SEED_002_AMOUNT


@pytest.mark.parametrize("key", [e.key for e in load_rules().codes])
def test_each_code_entry_cites_a_document_and_is_offered_by_a_service(rules, key):
    (entry,) = [e for e in rules.codes if e.key == key]
    doc = rules.document(entry.source.doc)
    assert doc.revised and entry.source.section
    assert rules.services_with(entry.key), f"{entry.key} is offered by no service"
    assert rules.cite(entry.source).startswith(doc.publisher)
    assert "seed" not in rules.cite(entry.source).casefold()


def test_no_text_a_user_sees_says_seed(rules):
    from core import catalog

    texts = [n.text for n in rules.notes] + [s.description for s in rules.services]
    texts += [s.name for s in rules.services] + [b.name for b in rules.bases]
    texts += [a.text + (a.reason or "") for a in rules.activities]
    texts += [e.source_says + e.reading for e in rules.errata]
    texts += [rules.cite(x.source) for x in (*rules.codes, *rules.notes, *rules.settings)]
    texts += [str(row) for row in catalog.reference_rows(rules)] + [str(catalog.about(rules))]
    assert [t for t in texts if "seed" in t.casefold()] == []


def test_every_community_supports_entry_says_whether_it_can_be_remote(rules):
    for e in rules.codes:
        if e.program == "cs" and e.modes is None:
            assert e.remote is not None, e.key
            assert rules.cite(e.remote.source).startswith("This app's reading"), e.key


def test_each_seed_worked_example_reproduces(rules):
    checked = 0
    for entry in rules.codes:
        basis = rules.basis(entry.unit.basis)
        for ex in entry.examples:
            request = Request(code=entry.code, modifiers=entry.modifiers, quantity=ex.quantity,
                              quantity_kind=basis.quantity,
                              discipline=entry.disciplines[0] if entry.disciplines else None,
                              setting=entry.settings[0] if entry.settings else None)
            result = calculate(rules, request)
            assert result.units == ex.units, (entry.key, ex.quantity)
            checked += 1
    assert checked >= 17  # 11 DMC-ODS examples and the six Figure 1 boundaries of T1016 U8


def test_every_note_and_erratum_is_used_and_cited(rules):
    used = {n for p in rules.programs for n in p.notes}
    used |= {n for s in rules.services for n in s.notes}
    used |= {n for e in rules.codes for n in e.notes}
    assert used == {n.id for n in rules.notes}
    for n in rules.notes:  # by publisher, title and section, or as this app's reading
        doc, cite = rules.document(n.source.doc), rules.cite(n.source)
        named = ["This app's reading"] if doc.reading else [doc.publisher, doc.title]
        assert all(part in cite for part in (*named, n.source.section)), (n.id, cite)
    for e in rules.errata:
        assert any(rules.errata_for(c.key) for c in rules.codes if e in rules.errata_for(c.key))


def test_seed_004_activities_carry_the_seeds_reasons(rules):
    not_billable = [a for a in rules.activities if not a.billable]
    assert {a.id for a in not_billable} >= {"transport", "moving", "awol-search", "no-show-wait",
                                             "lobby-wait", "documenting", "data-entry",
                                             "unsuccessful-contact", "written-reports"}
    assert all(a.reason for a in not_billable)
    assert any(a.billable for a in rules.activities)


def test_brief_section_4_errata_are_all_present(rules):
    covered = {c for e in rules.errata for c in e.applies_to}
    assert {"T1017", "99409", "96160", "T1016", "90889"} <= covered


def test_disciplines_licensure(rules):
    by_id = {d.id: d for d in rules.disciplines}
    for d in ("LPN", "LVN", "LCSW", "RN", "PA", "NP", "CNS", "LMFT"):
        assert by_id[d].licensed, d
    for d in ("MA", "CHW", "Promotor", "Doula", "AOD"):
        assert not by_id[d].licensed, d
    assert not any(d.licensed for d in rules.disciplines if d.id.endswith("-CT"))


def test_settings_include_the_levels_of_care_the_cli_promises(rules):
    ids = {s.id for s in rules.settings}
    assert {"1.0", "2.1", "2.5", "3.1", "3.2-WM", "3.3", "3.5", "3.7", "4.0", "OTP",
            "none"} <= ids


def test_services_offer_every_code_and_search_finds_by_code_and_word(rules):
    infos = services(rules)
    assert {o.key for s in infos for o in s.options} == {e.key for e in rules.codes}
    assert [s.id for s in infos if s.matches("H0034")] == ["medication-training"]
    assert "medication-training" in [s.id for s in infos if s.matches("medication")]


def test_manifest_has_version_and_effective_date(rules):
    assert rules.manifest.version.count(".") == 2
    assert rules.manifest.effective.year >= 2024


# -- where the sources disagree: each reading names both sources (hunt for wrong answers) --

FAQ = "CalAIM Behavioral Health Initiative Frequently Asked Questions"
CC_SERVICES = "Care Coordination Services"


@pytest.mark.parametrize("code, discipline, minutes", [
    ("T1017", "LCSW", 30), ("90889", "RN", 15), ("96160", "MA", 15),
    ("99367", "MD/DO", 61), ("99368", "LCSW", 61),
])
@pytest.mark.parametrize("setting", ["3.1", "3.2-WM", "3.3", "3.5"])
def test_care_coordination_in_residential_care_shows_the_faq_conflict(calc, code, discipline,
                                                                      minutes, setting):
    # Care Coordination Services (County SUD QA): standalone care coordination in a residential
    # LOC "can be claimed by outpatient, residential, or inpatient providers"; the DHCS FAQ:
    # "residential providers should not bill for Care Coordination services in addition to
    # billing for residential treatment". The answer must name both, as the app's reading.
    result = calc(code=code, discipline=discipline, quantity=minutes, setting=setting)
    assert result.claimable
    errata = [n for n in result.notes if n.kind == "errata" and FAQ in n.source]
    assert len(errata) == 1, [n.source for n in result.notes]
    assert CC_SERVICES in errata[0].source
    assert "residential providers should not" in errata[0].text
    # the FAQ's words, as its page gives them, not a paraphrase
    assert ("residential providers should not bill for Care Coordination services in addition "
            "to billing for residential treatment") in errata[0].text
    assert ("can be claimed as standalone services by an outpatient provider for a beneficiary "
            "receiving Residential care services") in errata[0].text


@pytest.mark.parametrize("setting", ["1.0", "2.1", "2.5", "3.7", "4.0", "OTP", "none", None])
def test_the_faq_conflict_is_not_shown_outside_residential_care(calc, setting):
    # the FAQ speaks of members in residential care, and of residential providers: a member
    # not in a level of care ("none") or in an inpatient one is not what it is about
    result = calc(code="T1017", discipline="LCSW", quantity=30, setting=setting)
    assert not [n for n in result.notes if FAQ in n.source]


CC_CODES = [("90889", 15), ("96160", 15), ("99367", 61), ("99368", 61), ("T1017", 15)]
UNLICENSED_NOT_COUNSELORS = ["MA", "MD/DO-Clerks", "LCSW-CT", "LMFT-CT", "LOT-CT", "LPCC-CT",
                             "LPT-CT", "LVN-CT", "NP-CT", "PA-CT", "Pharm-CT", "PhD-CT/PsyD-CT",
                             "RN-CT"]


def _counselors_or_lphas_conflict(result):
    return [n for n in result.notes if n.kind == "errata"
            and "registered/certified SUD counselors or LPHAs" in n.text
            and "Care Coordination Billable Activities" in n.source]


@pytest.mark.parametrize("code, minutes", CC_CODES)
@pytest.mark.parametrize("discipline", UNLICENSED_NOT_COUNSELORS)
def test_unlicensed_staff_on_care_coordination_codes_get_the_counselors_or_lphas_conflict(
        calc, code, minutes, discipline):
    # the Allowable Codes table lists MA, trainees (-CT) and MD/DO-Clerks for care coordination
    # codes; Care Coordination Billable Activities: only registered/certified SUD counselors or
    # LPHAs. Neither an LPHA nor a certified counselor, each gets the conflict MA gets, once.
    result = calc(code=code, discipline=discipline, quantity=minutes, setting="1.0")
    (note,) = _counselors_or_lphas_conflict(result)
    assert "Allowable Codes" in note.source
    assert "neither an LPHA nor a certified counselor" in note.text


@pytest.mark.parametrize("code, minutes", CC_CODES)
@pytest.mark.parametrize("discipline", ["LCSW", "RN", "MD/DO", "PhD/PsyD"])
def test_licensed_staff_on_care_coordination_codes_get_no_such_conflict(calc, code, minutes,
                                                                        discipline):
    result = calc(code=code, discipline=discipline, quantity=minutes, setting="1.0")
    assert not _counselors_or_lphas_conflict(result)


def test_the_one_day_input_bound_is_cited_as_the_apps_reading(rules):
    # the Allowable Codes table gives 1440 minutes only as 99367/99368's range: a bound on
    # every code's minutes is this app's, and must not read as that row's rule
    cite = rules.cite(rules.quantity("minutes").source)
    assert cite.startswith("This app's reading of County of San Diego SUD Quality Assurance")
    assert "99367/99368" in cite


@pytest.mark.parametrize("fragment, cited", [
    ("registered/certified SUD counselors or LPHAs",
     "County of San Diego SUD Quality Assurance, Care Coordination Billable Activities: Note"),
    ("An LPHA is responsible",
     "County of San Diego DMC-ODS, Care Coordination in the DMC-ODS: Who can provide"),
])
def test_who_may_provide_care_coordination_is_cited_to_each_document(calc, fragment, cited):
    result = calc(code="T1017", discipline="LCSW", quantity=30, setting="1.0")
    (note,) = [n for n in result.notes if fragment in n.text]
    assert note.source.startswith(cited), note.source
