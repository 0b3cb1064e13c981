"""`python -m core audit FILE`: the JSON Lines contract, the readable output, the report,
the exit codes."""

import argparse
import json

import pytest

from core import InputError, Request, calculate
from core.vocab import plural
from core.audit_cli import add_parser, run
from core.audit_io import LineReader, open_table

from .test_audit_io import HEADER, ROWS, write_csv


@pytest.fixture
def audit(rules, capsys):
    """Run the subcommand as core.cli does: parse, then run with the loaded rules."""

    def _audit(*argv):
        parser = argparse.ArgumentParser()
        add_parser(parser.add_subparsers(dest="command"))
        code = run(parser.parse_args(["audit", *map(str, argv)]), rules)
        out, err = capsys.readouterr()
        return code, out, err

    return _audit


@pytest.fixture
def export(tmp_path):
    return write_csv(tmp_path / "export.csv", HEADER, [r for r, _ in ROWS])


def test_json_lines_one_object_a_data_row_then_the_summary(audit, export):
    code, out, err = audit(export, "--json")
    assert code == 0 and err == ""
    objects = [json.loads(x) for x in out.splitlines()]
    *rows, last = objects
    assert [r["row"] for r in rows] == list(range(2, len(ROWS) + 2))
    for r, (_, kinds) in zip(rows, ROWS):
        assert set(r) == {"row", "status", "expected_units", "expected", "claim", "fix",
                          "findings"}
        assert [f["kind"] for f in r["findings"]] == kinds
        assert all(set(f) == {"kind", "text", "source"} for f in r["findings"])
        if r["status"] == "error":
            assert r["expected"] is None and r["expected_units"] is None and r["fix"]
        else:
            assert all(set(e) == {"code", "modifiers", "units"} for e in r["expected"])
            assert r["expected_units"] == sum(e["units"] for e in r["expected"])
            assert bool(r["fix"]) == (r["status"] == "finding")
            # every finding says the claim the rules accept, or that nothing is claimable
            assert all("Report " in f["text"] or "claimable" in f["text"]
                       for f in r["findings"]), r["findings"]
    summary = last["summary"]
    assert summary["lines"] == len(ROWS)
    assert sum(summary["by_status"].values()) == len(ROWS)
    assert summary["by_status"]["error"] == sum(k == ["bad_input"] for _, k in ROWS)
    assert summary["by_kind"]["duplicate"] == 1
    # the counts of the report's Summary sheet: by credential, code and month
    for name in ("by_credential", "by_code", "by_month"):
        assert sum(t["lines"] for t in summary[name]) == len(ROWS), name
        assert sum(t["findings"] for t in summary[name]) == summary["by_status"]["finding"]
        assert sum(t["errors"] for t in summary[name]) == summary["by_status"]["error"]
    codes = {t["label"]: t for t in summary["by_code"]}
    assert codes["H0034"]["lines"] == sum(
        line.code.strip().upper() == "H0034" and not line.modifiers.strip()
        for line in LineReader(open_table(export)))


def test_json_gives_the_claim_the_rules_accept_for_t1016_u8_by_phone(audit, tmp_path,
                                                                     rules):
    """T1016 U8 stands for in person outreach: by phone the claim is T1016 U8 GQ, as the
    calculator says ("Use T1016 U8 GQ instead"); expected_units is that claim's, not 0."""
    rows = [["2025-03-03", "M4", "CHW", "T1016", "U8", "", "30", "", "2", "", "Phone", ""],
            ["2025-03-03", "M5", "RN", "G9008", "U1", "", "", "1", "1", "", "Phone", ""]]
    code, out, _ = audit(write_csv(tmp_path / "e.csv", HEADER, rows), "--json")
    t1016, g9008 = (json.loads(x) for x in out.splitlines()[:2])
    for got, who, code_, mod, quantity, kind, given in (
            (t1016, "CHW", "T1016", "U8", 30, "minutes", "T1016 U8, 2 units"),
            (g9008, "RN", "G9008", "U1", 1, "count", "G9008 U1, 1 unit")):
        calc = calculate(rules, Request(discipline=who, code=code_, modifiers=(mod, "GQ"),
                                        quantity=quantity, quantity_kind=kind, mode="phone"))
        want = [{"code": ln.code, "modifiers": list(ln.modifiers), "units": ln.units}
                for ln in calc.lines]
        assert calc.claimable and got["expected"] == want
        assert got["expected_units"] == calc.units > 0
        words = f"{code_} {mod} GQ, {calc.units} unit{'s' if calc.units != 1 else ''}"
        assert got["claim"] == words and f"Report {words}." in got["findings"][0]["text"]
        assert got["fix"] == f"Void {given}; report {words}."


def test_readable_output_lists_the_lines_with_findings_and_the_counts(audit, export, rules):
    code, out, _ = audit(export)
    assert code == 0
    assert "row 3 (H0034) finding [units_differ]: 8 units claimed" in out
    assert "row 2 " not in out  # a line without findings is only counted
    assert "source: County of San Diego" in out
    units = calculate(rules, Request(discipline="RN", code="H0034", quantity=100)).units
    assert f"    fix: Void H0034, 8 units; report H0034, {plural(units, 'unit')}.\n" in out
    assert "ok: 3, finding: 10, error: 2" in out
    assert "seed" not in out.casefold()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_out_writes_the_report(audit, export, tmp_path, suffix):
    report = tmp_path / f"report{suffix}"
    code, out, _ = audit(export, "--out", report)
    assert code == 0 and report.stat().st_size > 0
    assert f"Report written to {report}" in out


def test_missing_columns_are_bad_input_naming_them(audit, tmp_path):
    path = write_csv(tmp_path / "x.csv", ["Date", "Client", "Code"], [])
    with pytest.raises(InputError, match="discipline or credential, units, minutes or quantity"):
        audit(path)


@pytest.mark.parametrize("args,code,words", [
    (["--json"], 0, '"summary"'),
    (["--rules", "/nonexistent"], 3, "rules"),
])
def test_python_m_core_audit(cli, export, args, code, words):
    proc = cli("audit", export, *args)  # core.cli.main, in this process
    assert proc.returncode == code
    assert words in (proc.stdout if code == 0 else proc.stderr)
    if code:
        assert len(proc.stderr.splitlines()) == 1 and "Traceback" not in proc.stderr


def test_python_m_core_audit_exits_2_naming_the_missing_columns(cli, tmp_path):
    path = write_csv(tmp_path / "x.csv", ["Date", "Client", "Code"], [])
    proc = cli("audit", path)  # core.cli.main, in this process
    assert proc.returncode == 2 and proc.stdout == ""
    assert len(proc.stderr.splitlines()) == 1 and "'Date'" in proc.stderr


def test_a_run_longer_than_a_second_shows_its_progress_on_stderr(audit, tmp_path, monkeypatch):
    rows = [["2025-03-03", f"M{n}", "RN", "H0034", "", "", "100", "", "7", "", "", ""]
            for n in range(5000)]
    path = write_csv(tmp_path / "long.csv", HEADER, rows)
    clock = iter(range(0, 10_000, 6))  # each look at the clock: 6 seconds later
    monkeypatch.setattr("core.audit_cli.time.monotonic", lambda: next(clock))
    code, out, err = audit(path, "--json")
    assert code == 0 and len(out.splitlines()) == 5001
    assert "2,048 lines checked" in err and "4,096 lines checked" in err


@pytest.mark.parametrize("name,words", [("missing-folder/report.csv", "cannot write"),
                                        ("report.txt", ".csv or .xlsx")])
def test_a_report_that_cannot_be_written_is_bad_input(audit, export, tmp_path, name, words):
    with pytest.raises(InputError, match=words):
        audit(export, "--out", tmp_path / name)


def test_progress_moves_from_the_first_reading_of_the_file(audit, tmp_path, monkeypatch):
    """The progress line covers both of the audit's readings of the file, each half of
    the run: it stood still while the file was first read (about a fifth of a run), and
    then said the share of the second reading alone."""
    from core.audit_cli import _Progress

    # a line at every checkpoint (every 2,048 lines), however fast this machine audits
    monkeypatch.setattr(_Progress, "AFTER", 0)
    monkeypatch.setattr(_Progress, "EVERY", 0)
    monkeypatch.setattr(_Progress, "EVERY_TTY", 0)
    rows = []
    for n in range(3 * 2048 + 100):  # the every-kind lines, on other members and days
        row = list(ROWS[n % len(ROWS)][0])
        row[0], row[1] = f"2025-03-{n // 500 % 28 + 1:02d}", f"{row[1]}-{n // len(ROWS)}"
        rows.append(row)
    code, _out, err = audit(write_csv(tmp_path / "big.csv", HEADER, rows))
    assert code == 0
    said = [line for line in err.splitlines() if line.startswith("audit: ")]
    shares = [int(line.split()[1].rstrip("%,")) for line in said]
    assert said and "reading the file" in said[0] and 0 < shares[0] < 50
    assert "lines checked" in said[-1] and shares[-1] > 50
    assert shares == sorted(shares)
