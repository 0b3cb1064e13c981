"""`python -m core`: the stable command-line contract, run as a QA script would.

The commands run in this process through ``core.cli.main(argv)`` (the ``cli`` fixture,
tests/core/conftest.py), which is what ``python -m core`` runs; a few smoke tests at the
end start the real process. The numbers in an answer are the engine's (tests/core/
test_engine.py and the rules-data tests hold those): here the command line's answer is
compared with calculate()'s for the same request, so these tests are about the wiring.
"""

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from core import Request, calculate
from core.packs import Library
from tests.core.minimal_pack import MINIMAL, texts, write_pack

ROOT = Path(__file__).resolve().parents[2]
CONTRACT_KEYS = {"status", "claimable", "headline", "lines", "steps", "next_unit_minutes",
                 "notes", "reason", "problems", "source", "rules_version", "rules_pack"}


def answer(**request):
    """calculate()'s answer to the same request, from the pack the command line would use
    (today's, as no --date is given), as the command line's JSON reads back."""
    rules = Library.discover().for_date(date.today())
    return json.loads(json.dumps(calculate(rules, Request(**request)).to_contract()))


def test_calc_json_for_a_nurses_h0034(cli):
    proc = cli("calc", "--code", "H0034", "--discipline", "RN", "--minutes", "100", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data) == CONTRACT_KEYS
    assert data == answer(code="H0034", discipline="RN", quantity=100)
    assert data["status"] == "claimable" and data["claimable"] is True
    assert [(ln["code"], ln["modifiers"]) for ln in data["lines"]] == [("H0034", [])]
    assert data["next_unit_minutes"] > 100 and data["reason"] is None
    assert data["notes"] and all(set(n) == {"kind", "text", "source"} for n in data["notes"])


def test_calc_by_service_for_ecm_by_telehealth(cli):
    proc = cli("calc", "--service", "ecm-visit", "--discipline", "chw", "--count", "1",
               "--mode", "telehealth", "--json")
    data = json.loads(proc.stdout)
    assert data == answer(service="ecm-visit", discipline="chw", quantity=1,
                          quantity_kind="count", mode="telehealth")
    assert data != answer(service="ecm-visit", discipline="chw", quantity=1,
                          quantity_kind="count")  # the mode reached the engine
    assert [(ln["code"], ln["modifiers"]) for ln in data["lines"]] == [("G9012", ["U2", "GQ"])]


def test_not_claimable_exits_zero_with_a_reason(cli):
    proc = cli("calc", "--code", "H2017", "--discipline", "RN", "--minutes", "100", "--json")
    assert proc.returncode == 0
    data = json.loads(proc.stdout)
    assert data == answer(code="H2017", discipline="RN", quantity=100)
    assert data["claimable"] is False and data["lines"] == [] and "AOD" in data["reason"]


def test_human_output_reads_like_the_manual(cli):
    proc = cli("calc", "--code", "H2035", "--discipline", "AOD", "--minutes", "100")
    assert proc.returncode == 0
    data = answer(code="H2035", discipline="AOD", quantity=100)
    lines = proc.stdout.splitlines()
    assert lines[0] == data["headline"] and data["headline"].startswith("Claimable: H2035, ")
    assert lines[1] == "Calculation:" and lines[2:2 + len(data["steps"])] == [
        f"  {s}" for s in data["steps"]]
    assert f"Source: {data['source']}" in lines
    assert "seed" not in proc.stdout.casefold()


@pytest.mark.parametrize("args, words", [
    (["calc", "--code", "ZZZZZ", "--minutes", "5"], "unknown code"),
    (["calc", "--code", "G9008 U1", "--discipline", "CHW", "--count", "1"],
     "(--code G9008 --modifier U1)"),
    (["calc", "--code", "H0034", "--discipline", "Wizard", "--minutes", "5"], "unknown discipline"),
    (["calc", "--code", "H0034", "--discipline", "RN", "--minutes", "5", "--setting", "9"],
     "unknown level of care"),
    (["calc", "--service", "massage", "--minutes", "5"], "unknown service"),
    (["calc", "--code", "H0034", "--discipline", "RN", "--minutes", "-5"], "negative"),
    (["calc", "--code", "H0034", "--discipline", "RN", "--minutes", "ten"], "not a whole number"),
    (["calc", "--code", "H0034", "--discipline", "RN", "--minutes", "1441"], "1440"),
    (["calc", "--code", "H0043", "--modifier", "U6", "--minutes", "30"], "give the number of days"),
    (["calc", "--code", "H0043", "--days", "2"], "U6"),
    (["calc", "--code", "H0034", "--minutes", "30"], "Choose your discipline"),
    (["calc", "--code", "H0034", "--discipline", "RN"], "required"),
    (["calc", "--code", "H0034", "--discipline", "RN", "--minutes", "5", "--mode", "fax"], "fax"),
    (["frobnicate"], "invalid choice"),
])
def test_bad_input_exits_2_with_one_line_on_stderr(cli, args, words):
    proc = cli(*args)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""


@pytest.mark.parametrize("option, typed, words", [
    ("--minutes", "9" * 5000, "too long to be a number"),
    ("--travel", "9" * 5000, "too long to be a number"),
    ("--activity-minutes", "9" * 4301, "too long to be a number"),
    ("--minutes", "x" * 5000, "not a whole number"),
    ("--documentation", "-" + "9" * 5000, "negative"),
])
def test_a_value_thousands_of_characters_long_is_named_in_one_short_line(cli, option, typed,
                                                                         words):
    # was: the whole value echoed back, with argparse's "invalid _non_negative value"
    args = ["calc", "--code", "H0034", "--discipline", "RN", "--minutes", "30", option, typed]
    proc = cli(*args)
    assert proc.returncode == 2 and proc.stdout == ""
    (line,) = proc.stderr.strip().splitlines()
    assert len(line) < 120, line
    assert option in line and words in line and f"{len(typed):,} characters" in line
    assert typed[:10] in line and "_non_negative" not in line and "Traceback" not in line


def test_lists_for_automation(cli):
    services = json.loads(cli("services", "--json").stdout)
    assert {"id", "name", "program", "options"} == set(services[0])
    sbirt = next(s for s in services if s["id"] == "sbirt")
    assert [o["code"] for o in sbirt["options"]] == ["99408", "99409"]
    disciplines = json.loads(cli("disciplines", "--json").stdout)
    assert {"id": "RN", "name": "Registered Nurse", "licensed": True} in disciplines
    settings = json.loads(cli("settings", "--json").stdout)
    assert {"3.2-WM", "none", "OTP"} <= {s["id"] for s in settings}


def test_a_broken_rules_folder_is_refused_in_one_line(cli, tmp_path, monkeypatch):
    # the CLI reads the shipped rules; point it at a broken pack through the locator, as a
    # bundle's data folder (core.resources reads sys._MEIPASS)
    write_pack(tmp_path / "resources" / "rules", texts(replace={
        "disciplines.toml": MINIMAL["disciplines.toml"].replace("licensed = true",
                                                                'licensed = "maybe"')}))
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    proc = cli("calc", "--code", "H0034", "--discipline", "RN", "--minutes", "5")
    assert proc.returncode == 3
    assert proc.stderr.count("\n") == 1
    assert "disciplines.toml" in proc.stderr and "entry RN" in proc.stderr


def test_non_billable_minutes_and_activities_from_the_command_line(cli):
    proc = cli("calc", "--code", "T1017", "--discipline", "LCSW", "--minutes", "30",
               "--travel", "20", "--documentation", "10", "--activity-minutes", "5",
               "--activity", "unsuccessful-contact", "--json")
    data = json.loads(proc.stdout)
    assert data == answer(code="T1017", discipline="LCSW", quantity=30,
                          non_billable={"travel": 20, "documentation": 10,
                                        "activity_minutes": 5},
                          activities=("unsuccessful-contact",))
    assert data["steps"][0].startswith("30 minutes of session - 5 minutes")
    assert any("travel 20 minutes" in s and "documentation 10 minutes" in s
               for s in data["steps"])
    assert any("voicemail" in n["text"] for n in data["notes"])


def test_the_gq_line_the_app_recommends_is_accepted_when_typed_back(cli):
    first = json.loads(cli("calc", "--code", "T2040", "--modifier", "U6", "--minutes", "30",
                           "--mode", "phone", "--json").stdout)
    assert first["lines"][0]["modifiers"] == ["U6", "GQ"]
    proc = cli("calc", "--code", "T2040", "--modifier", "U6", "--modifier", "GQ",
               "--minutes", "30", "--mode", "phone", "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["lines"] == first["lines"]


def test_help_speaks_the_users_language(cli):
    for args in (["--help"], ["calc", "--help"]):
        proc = cli(*args)
        assert proc.returncode == 0 and "usage:" in proc.stdout
        assert "seed" not in proc.stdout.casefold()


@pytest.mark.parametrize("value", ["1_000", "٣٠", "3.5", "+5"])
def test_numbers_must_be_plain_digits(cli, value):
    proc = cli("calc", "--code", "H0034", "--discipline", "RN", "--minutes", value)
    assert proc.returncode == 2 and "digits 0-9 only" in proc.stderr


# The real process: ``python -m core`` starts, answers as main() does in process, and ends
# with the exit code and one line on stderr; what only a process shows (a closed pipe, a
# full disk: Python's own flush at exit) is tested here too.

def run(*args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    return subprocess.run([sys.executable, "-m", "core", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def test_python_m_core_answers_as_main_does(cli):
    args = ["calc", "--code", "H0034", "--discipline", "RN", "--minutes", "100", "--json"]
    proc = run(*args)
    assert proc.returncode == 0 and proc.stderr == ""
    assert proc.stdout == cli(*args).stdout


def test_python_m_core_bad_input_exits_2_with_one_line():
    proc = run("calc", "--code", "H0034", "--discipline", "RN", "--minutes", "ten")
    assert proc.returncode == 2 and proc.stdout == ""
    assert len(proc.stderr.splitlines()) == 1 and "not a whole number" in proc.stderr


def test_a_closed_pipe_ends_quietly():
    """`codes | head`: the reader goes before the output is written (here at once, so
    every write fails). On Windows that write fails with EINVAL, not a broken pipe."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    proc = subprocess.Popen([sys.executable, "-m", "core", "codes"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdout.close()
    with proc:
        stderr = proc.stderr.read()
        assert proc.wait(timeout=60) == 0 and stderr == ""


def test_a_full_disk_is_one_line_not_a_traceback():
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "core", "codes"], cwd=ROOT, env=env,
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
