"""`python -m core`: the stable command-line contract, run as a QA script would."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    return subprocess.run([sys.executable, "-m", "core", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def test_calc_json_for_a_nurses_h0034():
    proc = run("calc", "--code", "H0034", "--discipline", "RN", "--minutes", "100", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["status"] == "claimable" and data["claimable"] is True
    assert data["lines"] == [{"code": "H0034", "modifiers": [], "units": 7,
                              "amount_required": False}]
    assert data["next_unit_minutes"] == 113 and data["reason"] is None
    assert all(set(n) == {"kind", "text", "source"} for n in data["notes"])


def test_calc_by_service_for_ecm_by_telehealth():
    proc = run("calc", "--service", "ecm-visit", "--discipline", "chw", "--count", "1",
               "--mode", "telehealth", "--json")
    data = json.loads(proc.stdout)
    assert data["lines"] == [{"code": "G9012", "modifiers": ["U2", "GQ"], "units": 1,
                              "amount_required": False}]


def test_not_claimable_exits_zero_with_a_reason():
    proc = run("calc", "--code", "H2017", "--discipline", "RN", "--minutes", "100", "--json")
    assert proc.returncode == 0
    data = json.loads(proc.stdout)
    assert data["claimable"] is False and data["lines"] == [] and "AOD" in data["reason"]


def test_human_output_reads_like_the_manual():
    proc = run("calc", "--code", "H2035", "--discipline", "AOD", "--minutes", "100")
    assert proc.returncode == 0
    assert "Claimable: H2035, 2 units" in proc.stdout and "1.6667" in proc.stdout
    assert "seed" not in proc.stdout.casefold()


@pytest.mark.parametrize("args, words", [
    (["calc", "--code", "ZZZZZ", "--minutes", "5"], "unknown code"),
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
def test_bad_input_exits_2_with_one_line_on_stderr(args, words):
    proc = run(*args)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_lists_for_automation():
    services = json.loads(run("services", "--json").stdout)
    assert {"id", "name", "program", "options"} == set(services[0])
    sbirt = next(s for s in services if s["id"] == "sbirt")
    assert [o["code"] for o in sbirt["options"]] == ["99408", "99409"]
    disciplines = json.loads(run("disciplines", "--json").stdout)
    assert {"id": "RN", "name": "Registered Nurse", "licensed": True} in disciplines
    settings = json.loads(run("settings", "--json").stdout)
    assert {"3.2-WM", "none", "OTP"} <= {s["id"] for s in settings}


def test_a_broken_rules_folder_is_refused_in_one_line(tmp_path):
    # the CLI reads the shipped rules; point it at a broken copy through the locator
    import shutil

    copy = tmp_path / "app"
    shutil.copytree(ROOT / "core", copy / "core")
    shutil.copytree(ROOT / "resources", copy / "resources")
    codes = copy / "resources" / "rules" / "codes-ecm.toml"
    codes.write_text(codes.read_text().replace('licensed = true', 'licensed = "maybe"', 1))
    proc = subprocess.run([sys.executable, "-m", "core", "calc", "--code", "H0034",
                           "--discipline", "RN", "--minutes", "5"], cwd=copy,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 3
    assert proc.stderr.count("\n") == 1
    assert "codes-ecm.toml" in proc.stderr and "entry G9008 U1" in proc.stderr


def test_non_billable_minutes_and_activities_from_the_command_line():
    proc = run("calc", "--code", "T1017", "--discipline", "LCSW", "--minutes", "30",
               "--travel", "20", "--documentation", "10", "--activity-minutes", "5",
               "--activity", "unsuccessful-contact", "--json")
    data = json.loads(proc.stdout)
    assert data["lines"][0]["units"] == 2  # 30 - 5 = 25 minutes of service
    assert data["steps"][0].startswith("30 minutes of session - 5 minutes")
    assert any("travel 20 minutes" in s and "documentation 10 minutes" in s
               for s in data["steps"])
    assert any("voicemail" in n["text"] for n in data["notes"])


def test_the_gq_line_the_app_recommends_is_accepted_when_typed_back():
    first = json.loads(run("calc", "--code", "T2040", "--modifier", "U6", "--minutes", "30",
                           "--mode", "phone", "--json").stdout)
    assert first["lines"][0]["modifiers"] == ["U6", "GQ"]
    proc = run("calc", "--code", "T2040", "--modifier", "U6", "--modifier", "GQ",
               "--minutes", "30", "--mode", "phone", "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["lines"] == first["lines"]


def test_help_speaks_the_users_language():
    for args in (["--help"], ["calc", "--help"]):
        proc = run(*args)
        assert proc.returncode == 0 and "seed" not in proc.stdout.casefold()


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


@pytest.mark.parametrize("value", ["1_000", "٣٠", "3.5", "+5"])
def test_numbers_must_be_plain_digits(value):
    proc = run("calc", "--code", "H0034", "--discipline", "RN", "--minutes", value)
    assert proc.returncode == 2 and "digits 0-9 only" in proc.stderr
