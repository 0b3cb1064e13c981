"""Overlay packs and `rules new` (issue 17, items 1 and 2): a pack that names the pack it
extends holds only what changes; it is checked, cases and all, as base + overlay."""

from __future__ import annotations

from datetime import date
from textwrap import dedent

import pytest

from core import Request, RulesError
from core.packs import Library

from .minimal_pack import h0034, overlay_manifest, texts, write_pack

OVERLAY_MANIFEST = overlay_manifest("H0034's minimum becomes 11 minutes.")

#: the minimal pack's H0034 with a made-up minimum of 11 minutes
H0034_MIN_11 = h0034(unit='{ basis = "per-15-minutes", length = 15, minimum = 11 }')[
    "codes-dmc-ods.toml"]


def _base(tmp_path, add=None):
    return write_pack(tmp_path / "packs" / "base", texts(add=add))


def _overlay(tmp_path, files, name="overlay"):
    return write_pack(tmp_path / "packs" / name,
                      {n: dedent(t) for n, t in {"rules.toml": OVERLAY_MANIFEST, **files}.items()})


def _library(tmp_path):
    return Library.discover(tmp_path / "packs", user_dir=tmp_path / "user")


def test_an_overlay_replaces_an_entry_and_answers_from_its_date(tmp_path):
    _base(tmp_path)
    _overlay(tmp_path, {"codes-dmc-ods.toml": H0034_MIN_11})
    library = _library(tmp_path)
    assert library.info("test-pack-2026").extends == "test-pack"

    def units(day, minutes):
        return library.calculate(Request(
            code="H0034", discipline="RN", quantity=minutes, date_of_service=day)).units

    assert units(date(2026, 6, 30), 10) == 1  # the base: minimum 8
    assert units(date(2026, 7, 1), 10) == 0  # the overlay: minimum 11
    assert units(date(2026, 7, 1), 11) == 1
    rules = library.for_date(date(2026, 7, 1))
    assert rules.manifest.id == "test-pack-2026" and len(rules.services) == 1  # the base's
    assert [s.title for s in rules.manifest.sources] == ["Allowable Codes"]  # inherited


def test_an_overlay_adds_and_removes_entries(tmp_path):
    _base(tmp_path, add={"disciplines.toml": """
        [[discipline]]
        id = "LVN"
        name = "Licensed Vocational Nurse"
        licensed = true
        programs = ["dmc-ods"]
        source = { doc = "src", section = "Disciplines" }
        """})
    _overlay(tmp_path, {"disciplines.toml": """
        remove = ["LVN"]
        [[discipline]]
        id = "NP"
        name = "Nurse Practitioner"
        licensed = true
        programs = ["dmc-ods"]
        source = { doc = "src", section = "Disciplines (made up)" }
        """})
    rules = _library(tmp_path).rules("test-pack-2026")
    assert [d.id for d in rules.disciplines] == ["RN", "AOD", "NP"]


def test_an_overlay_is_checked_as_a_whole_with_its_base(cli, tmp_path):
    _base(tmp_path)
    overlay = _overlay(tmp_path, {"codes-dmc-ods.toml": 'remove = ["H0034"]\ncode = []\n'})
    ran = cli("rules", "check", overlay, "--rules", tmp_path / "packs" / "base")
    assert ran.returncode == 3
    assert ran.stderr == (f"error: rules file {tmp_path / 'packs' / 'base' / 'services.toml'} "
                          f"(with the changes in {overlay}), entry medication-training: option "
                          f"H0034 is not a code in the codes files\n")


def test_removing_what_the_base_lacks_and_a_missing_base_are_refused(cli, tmp_path):
    _base(tmp_path)
    overlay = _overlay(tmp_path, {"notes.toml": 'remove = ["no-such-note"]\n'})
    ran = cli("rules", "check", overlay, "--rules", tmp_path / "packs" / "base")
    assert ran.returncode == 3
    assert ran.stderr == (f"error: rules file {overlay / 'notes.toml'}: remove names "
                          f"'no-such-note', which the pack it extends does not hold in "
                          f"notes.toml\n")
    alone = _overlay(tmp_path / "elsewhere", {"codes-dmc-ods.toml": H0034_MIN_11})
    ran = cli("rules", "check", alone)
    assert ran.returncode == 3
    assert ran.stderr.startswith(f"error: rules file {alone / 'rules.toml'}: extends "
                                 f"'test-pack', which is not among the rules packs")
    with pytest.raises(RulesError, match="extends 'test-pack', which is not among"):
        Library.discover(user_dir=tmp_path / "user").add(alone)


def test_the_base_s_cases_run_against_the_overlay_and_fail_by_name(cli, tmp_path):
    base = _base(tmp_path, add={"cases.toml": """
        [[case]]
        name = "RN, H0034, 10 minutes"
        code = "H0034"
        discipline = "RN"
        minutes = 10
        expect = { status = "claimable", units = 1 }
        """})
    assert cli("rules", "check", base).returncode == 0
    overlay = _overlay(tmp_path, {"codes-dmc-ods.toml": H0034_MIN_11})
    ran = cli("rules", "check", tmp_path / "packs")  # the base beside its overlay
    assert ran.returncode == 3
    assert "ok: test-pack, version 1.0.0" in ran.stdout
    assert "'RN, H0034, 10 minutes': expected claimable, 1 unit; the rules gave Not " \
           "claimable" in ran.stderr
    # the overlay says what its rule now gives, by the case's name: it replaces the base's
    (overlay / "cases.toml").write_text(dedent("""
        [[case]]
        name = "RN, H0034, 10 minutes"
        code = "H0034"
        discipline = "RN"
        minutes = 10
        expect = { status = "not_claimable", units = 0 }
        """), encoding="utf-8")
    ran = cli("rules", "check", tmp_path / "packs")
    assert ran.returncode == 0, ran.stderr
    assert "ok: test-pack-2026, version 1.0.0, 2026-07-01 onwards, extending test-pack" \
        in ran.stdout


def test_rules_list_shows_what_a_pack_extends(cli, tmp_path):
    _base(tmp_path)
    _overlay(tmp_path, {"codes-dmc-ods.toml": H0034_MIN_11})
    ran = cli("rules", "list", "--rules", tmp_path / "packs", "--json")
    packs = {p["id"]: p for p in __import__("json").loads(ran.stdout)["packs"]}
    assert packs["test-pack-2026"]["extends"] == "test-pack"
    assert packs["test-pack"]["extends"] is None
    text = cli("rules", "list", "--rules", tmp_path / "packs").stdout
    assert "  extends: test-pack (holds only what changes from it)" in text


# --- rules new -------------------------------------------------------------------------------
def test_rules_new_writes_an_overlay_that_rules_check_accepts_at_once(cli, tmp_path):
    out = tmp_path / "fy26"
    ran = cli("rules", "new", "--extends", "san-diego-2024-12-31", "--effective-from",
              "2026-07-01", "--out", out)
    assert ran.returncode == 0, ran.stderr
    assert sorted(p.name for p in out.iterdir()) == ["cases.toml", "documents.toml",
                                                     "rules.toml"]
    manifest = (out / "rules.toml").read_text(encoding="utf-8")
    assert 'extends = "san-diego-2024-12-31"' in manifest
    assert "effective_from = 2026-07-01\nreview_by = 2027-06-30\n" in manifest
    assert "sources = []" in manifest
    assert "[[case]]" in (out / "cases.toml").read_text(encoding="utf-8")
    ran = cli("rules", "check", out)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith("ok: san-diego-2024-12-31-2026-07-01, version 1.0.0, "
                                 "2026-07-01 onwards, extending san-diego-2024-12-31")
    # the pack answers from its date, as the shipped pack did
    ran = cli("calc", "--rules", out, "--date", "2026-07-01", "--code", "H0034",
              "--discipline", "RN", "--minutes", "100", "--json")
    assert '"rules_pack": "san-diego-2024-12-31-2026-07-01"' in ran.stdout
    assert '"units": 7' in ran.stdout


def test_rules_new_with_review_by_and_id(cli, tmp_path):
    out = tmp_path / "new"
    ran = cli("rules", "new", "--extends", "san-diego-2024-12-31", "--effective-from",
              "2026-09-20", "--review-by", "2027-03-31", "--id", "bhin-26-022", "--out", out)
    assert ran.returncode == 0, ran.stderr
    manifest = (out / "rules.toml").read_text(encoding="utf-8")
    assert 'id = "bhin-26-022"' in manifest and "review_by = 2027-03-31" in manifest


@pytest.mark.parametrize("args, message", [
    (["--extends", "no-such-pack"], "no rules pack has the id 'no-such-pack'"),
    (["--review-by", "2026-01-01"], "--review-by 2026-01-01 is before --effective-from "
                                    "2026-07-01"),
    (["--id", "FY 26"], "--id 'FY 26' is not an id"),
])
def test_rules_new_refuses_bad_input_in_one_line(cli, tmp_path, args, message):
    base = ["--extends", "san-diego-2024-12-31", "--effective-from", "2026-07-01",
            "--out", tmp_path / "new"]
    ran = cli("rules", "new", *base, *args)
    assert ran.returncode == 2 and ran.stderr.count("\n") == 1 and message in ran.stderr
    assert not (tmp_path / "new").exists()


def test_rules_new_never_writes_into_a_folder_that_holds_files(cli, tmp_path):
    out = tmp_path / "taken"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    ran = cli("rules", "new", "--extends", "san-diego-2024-12-31", "--effective-from",
              "2026-07-01", "--out", out)
    assert ran.returncode == 2 and "is not an empty folder" in ran.stderr
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_an_overlay_whose_base_is_missing_is_named_in_rules_list(cli, tmp_path):
    overlay = _overlay(tmp_path, {"codes-dmc-ods.toml": H0034_MIN_11})
    ran = cli("rules", "list", "--rules", overlay)
    assert ran.returncode == 0
    assert ("Note: rules pack test-pack-2026 extends test-pack, which is not among the rules "
            "packs: it cannot answer until test-pack is added") in ran.stdout
    ran = cli("calc", "--rules", overlay, "--date", "2026-07-01", "--code", "H0034",
              "--discipline", "RN", "--minutes", "20")
    assert ran.returncode == 3 and "extends 'test-pack', which is not among" in ran.stderr


def test_remove_in_a_whole_pack_is_refused_as_for_overlays_only(tmp_path):
    from core.rules import parse_rules

    with pytest.raises(RulesError, match=r"notes.toml: remove = \[...\] drops entries of the "
                                         r"pack an overlay extends"):
        parse_rules(texts(replace={"notes.toml": 'remove = ["x"]\n'}), tmp_path)


def test_rules_diff_shows_an_overlay_s_effect(cli, tmp_path):
    _base(tmp_path)
    overlay = _overlay(tmp_path, {"codes-dmc-ods.toml": H0034_MIN_11})
    ran = cli("rules", "diff", "test-pack", overlay, "--rules", tmp_path / "packs")
    assert ran.returncode == 0, ran.stderr
    assert "  H0034: minimum (minutes): 8 -> 11" in ran.stdout.splitlines()  # that alone


def test_a_failing_base_case_is_named_in_the_base_s_file(cli, tmp_path):
    base = _base(tmp_path, add={"cases.toml": """
        [[case]]
        name = "RN, H0034, 10 minutes"
        code = "H0034"
        discipline = "RN"
        minutes = 10
        expect = { status = "claimable", units = 1 }
        """})
    overlay = _overlay(tmp_path, {"codes-dmc-ods.toml": H0034_MIN_11, "cases.toml": """
        [[case]]
        name = "RN, H0034, 11 minutes"
        code = "H0034"
        discipline = "RN"
        minutes = 11
        expect = { status = "claimable", units = 2 }
        """})
    ran = cli("rules", "check", overlay, "--rules", base)
    assert ran.returncode == 3
    first, second = ran.stderr.splitlines()
    assert first.startswith(
        f"error: rules file {base / 'cases.toml'}, entry 'RN, H0034, 10 minutes': expected "
        f"claimable, 1 unit; the rules gave Not claimable: H0034 (")  # and the reason
    assert "11-minute minimum" in first
    assert second == (f"error: rules file {overlay / 'cases.toml'}, entry 'RN, H0034, 11 "
                      f"minutes': expected claimable, 2 units; the rules gave Claimable: "
                      f"H0034, 1 unit")


def test_adding_an_overlay_copies_only_its_files_and_it_answers(tmp_path):
    _base(tmp_path)
    overlay = _overlay(tmp_path, {"codes-dmc-ods.toml": H0034_MIN_11})
    with pytest.raises(RulesError, match="extends 'test-pack'"):  # the base is not there
        Library.discover(user_dir=tmp_path / "user").add(overlay)
    base = tmp_path / "packs" / "base"
    info = Library.discover(base, user_dir=tmp_path / "user").add(overlay)
    assert info.origin == "user" and info.extends == "test-pack"
    assert sorted(p.name for p in info.folder.iterdir()) == ["codes-dmc-ods.toml", "rules.toml"]
    again = Library.discover(base, user_dir=tmp_path / "user")  # at the app's next start
    assert again.info("test-pack-2026").origin == "user"
    rules = again.for_date(date(2026, 7, 1))
    assert rules.entry("H0034").unit.minimum == 11


@pytest.mark.parametrize("files, problem", [
    ({"rules.toml": OVERLAY_MANIFEST.replace("sources = []", "sources = 5")},
     "rules.toml, entry test-pack-2026: sources: Input should be a valid tuple"),
    ({"documents.toml": "document = 3\n"}, "documents.toml: 'document' must be a list"),
    ({"notes.toml": "remove = 'x'\n"}, "notes.toml: remove must be a list of ids"),
    ({"notes.toml": "notes = []\n"}, "notes.toml: unknown top-level key 'notes'; expected "
                                     "'note' or 'remove'"),
    ({"notes.toml": "# nothing\n"}, "notes.toml: is empty"),
    ({"codes-dmc-ods.toml": H0034_MIN_11 + H0034_MIN_11}, "codes-dmc-ods.toml, entry H0034: "
                                                          "is listed twice"),
])
def test_a_malformed_overlay_is_refused_by_file(tmp_path, files, problem):
    _base(tmp_path)
    overlay = _overlay(tmp_path, files)
    with pytest.raises(RulesError) as err:
        _library(tmp_path).read(overlay)
    assert problem in str(err.value)
