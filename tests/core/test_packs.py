"""Rules packs: the one in force on a date of service, review dates, the user folder,
adding a pack, and what a broken pack does (nothing: it is never half-loaded).

The packs added are the minimal pack written inline (tests/core/minimal_pack.py) under
other ids and dates; what the shipped pack answers is calculate()'s, never its numbers."""

from datetime import date, timedelta

import pytest

from core import InputError, Request, RulesError, calculate, load_rules
from core.packs import Library, PackExists, user_data_dir
from tests.core.minimal_pack import MINIMAL, h0034, manifest, write_minimal

SHIPPED = load_rules().manifest
H0034_RN_100 = {"code": "H0034", "discipline": "RN", "quantity": 100}
NEXT_YEAR = date(2025, 7, 1)
#: the minimal pack's H0034 with a minimum of 11 minutes: 100 minutes give 6 units, not 7
MINIMUM_11 = h0034(unit='{ basis = "per-15-minutes", length = 15, minimum = 11 }')


@pytest.fixture
def folders(tmp_path):
    """An empty user folder of their own."""
    return tmp_path / "user" / "packs"


def library(folders, given=None) -> Library:
    return Library.discover(given, user_dir=folders)


def answer(lib, day, **asked):
    return calculate(lib.for_date(day), Request(date_of_service=day, **asked))


def shipped_answer(day, **asked):
    """What the shipped pack answers, straight from calculate()."""
    return calculate(load_rules(), Request(date_of_service=day, **asked))


def test_the_shipped_pack_alone_answers_from_its_first_day(folders):
    lib = library(folders)
    assert [p.id for p in lib.packs] == [SHIPPED.id] and lib.packs[0].shipped
    first = SHIPPED.effective_from
    result = answer(lib, first, **H0034_RN_100)
    assert result == shipped_answer(first, **H0034_RN_100)
    assert result.rules_pack == SHIPPED.id
    assert result.to_contract()["rules_pack"] == SHIPPED.id
    with pytest.raises(InputError) as caught:
        lib.for_date(first - timedelta(days=1))
    message = str(caught.value)
    assert "\n" not in message
    assert (first - timedelta(days=1)).isoformat() in message
    assert f"{SHIPPED.id} covers {first.isoformat()} onwards" in message


def test_the_pack_with_the_latest_start_on_or_before_the_date_is_in_force(folders, tmp_path):
    given = tmp_path / "given"
    write_minimal(given / "next", "next-year", NEXT_YEAR, replace=MINIMUM_11)
    lib = library(folders, given)
    day_before = NEXT_YEAR - timedelta(days=1)
    assert lib.pack_for(day_before).id == SHIPPED.id
    assert lib.pack_for(NEXT_YEAR).id == "next-year"
    assert lib.pack_for(date(2030, 1, 1)).id == "next-year"
    # the same 100 minutes: the shipped pack's answer the day before, the new pack's
    # (minimum 11: 6 units) from its first day
    assert answer(lib, day_before, **H0034_RN_100) == shipped_answer(day_before,
                                                                     **H0034_RN_100)
    after = answer(lib, NEXT_YEAR, **H0034_RN_100)
    assert after.units == 6 and after.rules_pack == "next-year"


def test_a_pack_with_an_end_date_covers_up_to_that_day_and_then_the_older_pack_resumes(
        folders, tmp_path):
    write_minimal(tmp_path / "waiver", "waiver", NEXT_YEAR, effective_to=date(2025, 9, 30))
    lib = library(folders, tmp_path / "waiver")
    assert lib.pack_for(date(2025, 9, 30)).id == "waiver"
    assert lib.pack_for(date(2025, 10, 1)).id == SHIPPED.id


def test_no_pack_for_a_date_after_the_only_packs_end(folders, tmp_path):
    write_minimal(tmp_path / "only", SHIPPED.id, SHIPPED.effective_from,
                  effective_to=date(2025, 6, 30))  # replaces the shipped pack: same id
    lib = library(folders, tmp_path / "only")
    assert [p.origin for p in lib.packs] == ["given"] and lib.packs[0].replaces == "shipped"
    with pytest.raises(InputError, match=f"2025-07-01 .*{SHIPPED.id} covers "
                                         f"{SHIPPED.effective_from} to 2025-06-30"):
        lib.for_date(date(2025, 7, 1))


def test_past_its_review_date_an_answer_says_so_without_blocking(folders):
    lib = library(folders)
    review_by = SHIPPED.review_by

    def rules_notes(day):
        result = answer(lib, day, **H0034_RN_100)
        assert (result.status, result.units) == (on_time.status, on_time.units)
        return [n for n in result.notes if n.kind == "rules"]

    on_time = answer(lib, review_by, **H0034_RN_100)
    assert on_time.claimable
    assert rules_notes(review_by) == []
    [note] = rules_notes(review_by + timedelta(days=1))
    assert review_by.isoformat() in note.text and "newer rules pack" in note.text
    assert SHIPPED.id in note.source and "seed" not in (note.text + note.source).casefold()


def test_a_request_is_for_today_unless_it_says_otherwise():
    assert Request().date_of_service == date.today()


def test_the_engine_refuses_a_date_its_rules_do_not_cover():
    rules = load_rules()
    day = SHIPPED.effective_from - timedelta(days=1)
    with pytest.raises(InputError, match=f"date of service {day.isoformat()}"):
        calculate(rules, Request(date_of_service=day, **H0034_RN_100))


def test_the_user_folder_follows_the_platform_without_qt(monkeypatch, tmp_path):
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert user_data_dir() == tmp_path / "dmc-units"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/path")  # not absolute: ignored, per XDG
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # the home folder: HOME on Linux,
    monkeypatch.setenv("USERPROFILE", str(tmp_path / "home"))  # USERPROFILE on Windows
    assert user_data_dir() == tmp_path / "home" / ".local" / "share" / "dmc-units"
    monkeypatch.setattr("sys.platform", "win32")
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    assert user_data_dir() == tmp_path / "Roaming" / "dmc-units"
    monkeypatch.delenv("APPDATA")
    assert user_data_dir() == tmp_path / "home" / "AppData" / "Roaming" / "dmc-units"


# -- adding a pack --------------------------------------------------------------------


def test_adding_a_pack_checks_it_copies_it_and_uses_it(folders, tmp_path):
    user = folders
    source = write_minimal(tmp_path / "download", "next-year", NEXT_YEAR)
    lib = library(folders)
    assert lib.check(source).id == "next-year"
    added = lib.add(source)
    assert added.origin == "user" and added.folder == user / "next-year"
    assert sorted(p.name for p in added.folder.iterdir()) == sorted(
        p.name for p in source.iterdir())
    assert lib.pack_for(NEXT_YEAR).id == "next-year"
    # and the next start finds it in the user folder
    again = library(folders)
    assert [(p.id, p.origin) for p in again.packs] == [(SHIPPED.id, "shipped"),
                                                       ("next-year", "user")]
    assert not again.info("next-year").shipped
    assert "added on this computer" in again.info("next-year").origin_text


def test_a_broken_pack_is_not_copied_and_the_packs_in_use_keep_working(folders, tmp_path):
    user = folders
    source = write_minimal(tmp_path / "download", "next-year", NEXT_YEAR, replace={
        "disciplines.toml": MINIMAL["disciplines.toml"].replace("licensed = true",
                                                                'licensed = "yes"')})
    lib = library(folders)
    before = lib.for_date(NEXT_YEAR)
    with pytest.raises(RulesError) as caught:
        lib.add(source)
    assert caught.value.file.endswith("disciplines.toml") and caught.value.entry
    assert not user.exists() or not any(user.iterdir())
    assert lib.for_date(NEXT_YEAR) is before and [p.id for p in lib.packs] == [SHIPPED.id]


def test_adding_an_id_in_use_asks_before_replacing(folders, tmp_path):
    lib = library(folders)
    lib.add(write_minimal(tmp_path / "v2", "next-year", NEXT_YEAR, version="2.0.0"))
    newer = write_minimal(tmp_path / "v3", "next-year", NEXT_YEAR, version="3.0.0")
    with pytest.raises(PackExists) as caught:
        lib.add(newer)
    assert caught.value.existing.version == "2.0.0" and caught.value.new.version == "3.0.0"
    assert "replace it" in str(caught.value) and "\n" not in str(caught.value)
    assert lib.info("next-year").version == "2.0.0"  # nothing changed before the answer
    assert lib.add(newer, replace=True).version == "3.0.0"
    assert lib.for_date(NEXT_YEAR).manifest.version == "3.0.0"
    assert library(folders).info("next-year").version == "3.0.0"


def test_a_pack_with_the_shipped_id_replaces_it_once_confirmed(folders, tmp_path):
    fixed = write_minimal(tmp_path / "fixed", SHIPPED.id, SHIPPED.effective_from,
                          version="9.0.0")
    lib = library(folders)
    with pytest.raises(PackExists):
        lib.add(fixed)
    info = lib.add(fixed, replace=True)
    assert info.replaces == "shipped" and not info.shipped
    assert library(folders).for_date(SHIPPED.effective_from).manifest.version == "9.0.0"


def test_a_pack_with_windows_line_endings_is_added_and_used_at_the_next_start(folders,
                                                                             tmp_path):
    """Files saved on Windows end their lines with CRLF. The pack added keeps them byte for
    byte: written in text mode on Windows they ended in \\r\\r\\n, which TOML refuses, and
    at the next start the pack was left out (fails under Wine's Python before the fix)."""
    as_written = write_minimal(tmp_path / "as-written", "next-year", NEXT_YEAR)
    source = write_minimal(tmp_path / "download", "next-year", NEXT_YEAR)
    for path in source.glob("*.toml"):
        path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    library(folders).add(source)
    for path in source.glob("*.toml"):
        assert (folders / "next-year" / path.name).read_bytes() == path.read_bytes()
    next_start = library(folders)
    assert next_start.pack_for(NEXT_YEAR).id == "next-year"
    assert next_start.for_date(NEXT_YEAR).codes == load_rules(as_written).codes
    after = answer(next_start, NEXT_YEAR, **H0034_RN_100)
    assert after == calculate(load_rules(as_written),
                              Request(date_of_service=NEXT_YEAR, **H0034_RN_100))


def test_two_packs_may_not_start_on_the_same_day(folders, tmp_path):
    lib = library(folders)
    same_day = write_minimal(tmp_path / "other", "other", SHIPPED.effective_from)
    with pytest.raises(InputError, match=f"as {SHIPPED.id} .* does"):
        lib.add(same_day)


def test_a_broken_pack_in_the_user_folder_is_left_out_and_named(folders, tmp_path):
    user = folders
    write_minimal(user / "bad-manifest", "bad-manifest", NEXT_YEAR, replace={
        "rules.toml": manifest("bad-manifest", NEXT_YEAR).replace('version = "1.0.0"',
                                                                  "version = 1")})
    write_minimal(user / "bad-codes", "bad-codes", date(2026, 1, 1), replace={
        "codes-ecm.toml": h0034()["codes-dmc-ods.toml"]})  # one code in two files
    lib = library(folders)
    assert [p.id for p in lib.packs] == [SHIPPED.id, "bad-codes"]
    [problem] = lib.problems
    assert "bad-manifest" in problem and "rules.toml" in problem
    # the broken codes are found when its dates are asked for, never half-loaded
    with pytest.raises(RulesError, match="codes-ecm.toml.*H0034"):
        lib.for_date(date(2026, 2, 1))
    assert lib.for_date(NEXT_YEAR).manifest.id == SHIPPED.id


# -- nothing kept between runs ---------------------------------------------------------


def test_nothing_kept_between_runs_can_change_an_answer(folders, tmp_path, monkeypatch):
    """The rules are read from their TOML files on every start: no cache of them is
    written, so none can be tampered with (issue 15: a cached minimum of 1 for H0034 made
    7 minutes claimable while the TOML files said 8)."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.setenv("LOCALAPPDATA", str(cache))
    given = write_minimal(tmp_path / "given", "next-year", NEXT_YEAR)  # H0034: minimum 8
    seven = {"code": "H0034", "discipline": "RN", "quantity": 7}
    assert answer(library(folders, given), NEXT_YEAR, **seven).status == "not_claimable"
    for stored in cache.rglob("*.json"):  # what a cache of parsed rules would have held
        stored.write_text(stored.read_text().replace('"minimum": 8', '"minimum": 1'))
    assert answer(library(folders, given), NEXT_YEAR, **seven).status == "not_claimable"
    assert not cache.exists() or not any(cache.rglob("*"))


def test_a_pack_twenty_times_the_size_loads_and_answers_alike(tmp_path):
    from bench.make_pack import make_pack

    big = load_rules(make_pack(tmp_path / "big", 20))
    assert len(big.codes) >= 20 * len(load_rules().codes) - 20
    asked = Request(date_of_service=NEXT_YEAR, **H0034_RN_100)
    assert calculate(big, asked).lines == calculate(load_rules(), asked).lines


def test_about_lists_every_pack_with_dates_sources_and_the_user_folder(folders, tmp_path):
    from core import catalog

    user = folders
    lib = library(folders)
    lib.add(write_minimal(tmp_path / "next", "next-year", NEXT_YEAR))
    info = catalog.about(lib.for_date(NEXT_YEAR), lib)
    assert info.pack_id == "next-year" and info.packs_folder == str(user)
    assert [(p.id, p.dates, p.shipped) for p in info.packs] == [
        (SHIPPED.id, f"{SHIPPED.effective_from} onwards", True),
        ("next-year", f"{NEXT_YEAR} onwards", False)]
    # the sources of each pack; the documents of the one in force
    assert [s.title for s in info.packs[0].sources] == [s.title for s in SHIPPED.sources]
    assert [s.title for s in info.packs[1].sources] == ["Allowable Codes"]
    assert [d.title for d in info.documents] == ["Allowable Codes"]


def test_two_packs_of_one_id_in_the_user_folder_are_named(folders, tmp_path):
    user = folders
    write_minimal(user / "copy-1", "next-year", NEXT_YEAR)
    write_minimal(user / "copy-2", "next-year", NEXT_YEAR, version="2.1.0")
    lib = library(folders)
    assert lib.info("next-year").version == "2.1.0"
    [problem] = lib.problems
    assert "two rules packs have the id next-year" in problem and "copy-2" in problem


def _code_and_service(code: str) -> dict[str, str]:
    """A made-up code like the minimal pack's H0034, and a service that offers it."""
    return {"codes-dmc-ods.toml": h0034()["codes-dmc-ods.toml"].replace("H0034", code),
            "services.toml": MINIMAL["services.toml"].replace("H0034", code).replace(
                "medication-training", f"service-{code.lower()}")}


def _same_day_pack(folder, pack_id, start, overridable):
    rule = {"same-day.toml": f"""
        [[rule]]
        id = "not-both"
        kind = "exclusive"
        codes = ["H0034", "H2010"]
        overridable = {overridable}
        text = "Made up: H0034 and H2010 are not reported for one member on one day."
        source = {{ doc = "src", section = "footnote 8" }}
        """}
    added = {name: "".join(extra[name] for extra in (_code_and_service("H2010"),
                                                       _code_and_service("H2011")))
             for name in ("codes-dmc-ods.toml", "services.toml")}
    return write_minimal(folder, pack_id, start, replace=rule, add=added)


def test_a_packs_same_day_rule_and_its_override_codes_reach_the_answer(folders, tmp_path):
    after_shipped = SHIPPED.effective_from + timedelta(days=1)
    _same_day_pack(tmp_path / "packs" / "base", "base", after_shipped, overridable=[])
    _same_day_pack(tmp_path / "packs" / "next", "next-year", NEXT_YEAR,
                   overridable=["H2011"])
    lib = library(folders, tmp_path / "packs")
    asked = {"code": "H0034", "discipline": "RN", "quantity": 30}
    [before] = [n for n in answer(lib, NEXT_YEAR - timedelta(days=1), **asked).notes
                if "H2010" in n.text]
    [after] = [n for n in answer(lib, NEXT_YEAR, **asked).notes if "H2010" in n.text]
    assert before.kind == after.kind == "lockout" and "footnote 8" in after.source
    assert "despite" not in before.text
    assert after.text.endswith("despite this rule: H2011.")


def test_a_user_folder_that_cannot_be_written_is_one_message_and_nothing_is_left(tmp_path):
    """Issue 15 item 10: the folder above the user folder could not be made (read-only, or
    a file in the way) and an OSError escaped as a traceback. (A file stands in for a
    read-only folder: the tests may run as root, whom permissions do not stop.)"""
    blocked = tmp_path / "data"
    blocked.write_text("not a folder")
    lib = Library.discover(user_dir=blocked / "dmc-units" / "packs")
    with pytest.raises(InputError, match=r"cannot copy the rules pack into .*packs \(") \
            as caught:
        lib.add(write_minimal(tmp_path / "next", "next-year", NEXT_YEAR))
    assert "\n" not in str(caught.value)
    assert blocked.read_text() == "not a folder"
    assert [p.id for p in lib.packs] == [SHIPPED.id]  # the packs in use are unchanged
    assert lib.for_date(NEXT_YEAR).manifest.id == SHIPPED.id

    user = tmp_path / "user" / "packs"  # the user folder itself is a file: the same
    user.parent.mkdir()
    user.write_text("")
    with pytest.raises(InputError, match="cannot copy the rules pack"):
        Library.discover(user_dir=user).add(tmp_path / "next")
    assert sorted(p.name for p in user.parent.iterdir()) == ["packs"]


def test_a_user_folder_that_cannot_be_read_leaves_its_packs_out_and_says_so(folders,
                                                                           monkeypatch):
    """A managed laptop may deny reading the folder of added packs: the shipped packs
    still answer, and the problem is named (it stopped the start with an OSError). The
    denial is simulated: the tests may run as root, whom permissions do not stop."""
    folders.mkdir(parents=True)
    real = type(folders).iterdir

    def denied(path):
        if path == folders:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(type(folders), "iterdir", denied)
    lib = library(folders)
    assert [p.id for p in lib.packs] == [SHIPPED.id]
    assert answer(lib, NEXT_YEAR, **H0034_RN_100) == shipped_answer(NEXT_YEAR, **H0034_RN_100)
    assert lib.problems == (f"left out: the packs in {folders}, which cannot be read "
                            f"(Permission denied)",)
