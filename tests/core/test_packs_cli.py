"""`python -m core rules list|check|diff`, and `--date` / `--rules` on calc, run as a QA
reviewer would (in this process, through core.cli.main: the ``cli`` fixture), with a user
folder of the test's own. The packs given are the minimal pack written inline
(tests/core/minimal_pack.py); what the shipped pack answers is calculate()'s."""

import json
from datetime import date, timedelta

import pytest

from core import Request, calculate, load_rules
from tests.core.minimal_pack import MINIMAL, h0034, texts, write_minimal, write_pack

SHIPPED = load_rules().manifest
NEXT_YEAR = date(2025, 7, 1)
CALC = ["calc", "--code", "H0034", "--discipline", "RN", "--minutes", "100"]
#: the minimal pack's H0034 with a minimum of 11 minutes: 100 minutes give 6 units, not 7
MINIMUM_11 = h0034(unit='{ basis = "per-15-minutes", length = 15, minimum = 11 }')


def shipped_units(day: date) -> int:
    """The units calculate() gives CALC's question on the shipped pack."""
    return calculate(load_rules(), Request(code="H0034", discipline="RN", quantity=100,
                                           date_of_service=day)).units


@pytest.fixture
def run(cli, tmp_path, monkeypatch):
    """The command line, with the test's own user folder (core.packs reads it each time)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "data"))
    return cli


def one_error_line(proc, code):
    assert proc.returncode == code, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    assert "Traceback" not in proc.stderr
    return lines[0]


def test_calc_json_names_the_pack_it_used(run):
    data = json.loads(run(*CALC, "--json", "--date", NEXT_YEAR).stdout)
    assert data["rules_pack"] == SHIPPED.id
    assert data["lines"][0]["units"] == shipped_units(NEXT_YEAR)


def test_a_date_no_pack_covers_is_bad_input_in_one_line(run):
    day = SHIPPED.effective_from - timedelta(days=1)
    line = one_error_line(run(*CALC, "--date", day), 2)
    assert day.isoformat() in line and SHIPPED.effective_from.isoformat() in line
    assert "not a date" in one_error_line(run(*CALC, "--date", "2025-02-30"), 2)


def test_rules_dir_adds_a_pack_and_the_date_picks_it(run, tmp_path):
    write_minimal(tmp_path / "next", "next-year", NEXT_YEAR, replace=MINIMUM_11)
    day_before = NEXT_YEAR - timedelta(days=1)
    before = json.loads(run(*CALC, "--json", "--rules", tmp_path / "next", "--date",
                            day_before).stdout)
    after = json.loads(run(*CALC, "--json", "--rules", tmp_path / "next", "--date",
                           NEXT_YEAR).stdout)
    assert (before["rules_pack"], before["lines"][0]["units"]) == (SHIPPED.id,
                                                                   shipped_units(day_before))
    assert (after["rules_pack"], after["lines"][0]["units"]) == ("next-year", 6)
    codes = json.loads(run("codes", "--json", "--rules", tmp_path / "next", "--date",
                           NEXT_YEAR).stdout)
    h0034 = next(c for c in codes if c["code"] == "H0034")
    assert h0034["minimum"].startswith("11 min")


def test_a_broken_pack_given_with_rules_exits_3_naming_file_and_entry(run, tmp_path):
    write_minimal(tmp_path / "bad", "bad", NEXT_YEAR, replace={
        "quantities.toml": MINIMAL["quantities.toml"].replace("maximum = 1440",
                                                              "maximum = 2147483648")})
    line = one_error_line(run(*CALC, "--rules", tmp_path / "bad", "--date", NEXT_YEAR), 3)
    assert "quantities.toml" in line and "entry minutes" in line
    assert run("rules", "check", tmp_path / "bad").returncode == 3


def test_rules_list_shows_each_pack_with_dates_sources_and_the_user_folder(run, tmp_path):
    proc = run("rules", "list")
    assert proc.returncode == 0, proc.stderr
    assert f"{SHIPPED.id}: version {SHIPPED.version}, {SHIPPED.effective_from} onwards" in \
        proc.stdout
    for source in SHIPPED.sources:
        assert f"source: {source.publisher}, {source.title} ({source.revision}" in proc.stdout
    assert str(tmp_path / "data" / "dmc-units" / "packs") in proc.stdout
    assert "seed" not in proc.stdout.casefold()
    write_minimal(tmp_path / "next", "next-year", NEXT_YEAR)
    data = json.loads(run("rules", "list", "--json", "--rules", tmp_path / "next",
                          "--date", NEXT_YEAR).stdout)
    assert data["in_force"] == "next-year"
    assert [(p["id"], p["origin"], p["effective_from"]) for p in data["packs"]] == [
        (SHIPPED.id, "shipped", SHIPPED.effective_from.isoformat()),
        ("next-year", "given", NEXT_YEAR.isoformat())]
    assert {"title", "publisher", "revision", "sha256"} == set(data["packs"][0]["sources"][0])


def test_rules_check_says_ok_or_names_each_broken_pack(run, tmp_path):
    folder = tmp_path / "packs"
    write_minimal(folder / "good", "good", NEXT_YEAR, version="2.0.0")
    write_minimal(folder / "bad", "bad", date(2026, 1, 1), replace={
        "codes-ecm.toml": h0034()["codes-dmc-ods.toml"]})  # one code in two files
    proc = run("rules", "check", folder / "good")
    assert proc.returncode == 0 and proc.stdout.startswith("ok: good, version 2.0.0")
    proc = run("rules", "check", folder)
    line = one_error_line(proc, 3)
    assert "codes-ecm.toml, entry H0034" in line and "also in codes-dmc-ods.toml" in line
    assert "ok: good" in proc.stdout


def test_rules_diff_reads_like_a_change_list(run, tmp_path):
    base = write_minimal(tmp_path / "base", "base", date(2024, 7, 1),
                         replace=h0034(disciplines='["RN", "AOD"]'))
    write_minimal(tmp_path / "next", "next-year", NEXT_YEAR, replace=MINIMUM_11)
    proc = run("rules", "diff", base, tmp_path / "next")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("From base (version 1.0.0, 2024-07-01 onwards) to next-year")
    assert "  H0034: minimum (minutes): 8 -> 11; disciplines: removed AOD" in lines
    assert "Codes changed:" in lines and not any("added:" in ln for ln in lines)
    data = json.loads(run("rules", "diff", base, tmp_path / "next", "--json").stdout)
    codes = next(s for s in data["sections"] if s["kind"] == "codes")
    assert codes["changed"] == [{"key": "H0034", "changes": [
        {"field": "minimum (minutes)", "before": "8", "after": "11"},
        {"field": "disciplines", "removed": ["AOD"]}]}]
    assert "No differences." in run("rules", "diff", SHIPPED.id, SHIPPED.id).stdout


def test_rules_diff_lists_codes_added_and_removed(run, tmp_path):
    base = write_minimal(tmp_path / "base", "base", date(2024, 7, 1))
    write_minimal(tmp_path / "next", "next-year", NEXT_YEAR, replace={
        name: MINIMAL[name].replace('code = "H0034"', 'code = "H0035"')
        for name in ("codes-dmc-ods.toml", "services.toml")})
    out = run("rules", "diff", base, tmp_path / "next").stdout
    assert "Codes added:\n  H0035 (" in out and "Codes removed:\n  H0034 (" in out


def test_an_unknown_pack_id_is_bad_input(run):
    assert "no rules pack has the id 'nope'" in one_error_line(
        run("rules", "diff", SHIPPED.id, "nope"), 2)


@pytest.mark.parametrize("replace, file, words", [
    ({"disciplines.toml": MINIMAL["disciplines.toml"].replace('id = "RN"', 'id = "\u0420N"')},
     "disciplines.toml", "entry #1 '\\u0420N': id: '\\u0420N' is not an id"),
    ({"errata.toml": ""}, "errata.toml", "is empty"),
    ({"disciplines.toml": MINIMAL["disciplines.toml"].replace('["dmc-ods"]', '["dmc\u200b-ods"]')},
     "disciplines.toml", "entry RN: programs.0: 'dmc\\u200b-ods' is not an id"),
])
def test_rules_check_refuses_a_look_alike_id_or_an_empty_file_in_one_line(
        tmp_path, capsys, replace, file, words):
    """In process (core.cli.main): exit 3, one line naming the file and the entry."""
    from core.cli import main

    pack = write_pack(tmp_path / "bad", {**texts(), **replace})
    assert main(["rules", "check", str(pack)]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: rules file {pack / file}")
    assert words in err[0]
