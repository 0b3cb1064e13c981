"""The analyst's guide (docs/rules.md, "Keeping the rules current") and its example overlay,
docs/example-overlay (issue 17, item 8): the example passes `rules check`, cases and all;
every command the guide quotes prints what the guide shows; every entry of the example
says it is made up; and the app never loads it on its own."""

from __future__ import annotations

import re
import shutil
import tomllib
from datetime import date
from pathlib import Path

import pytest

from core import Request
from core.packs import Library
from core.resources import rules_dir
from core.rules import load_rules

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "rules.md"
EXAMPLE = ROOT / "docs" / "example-overlay"
EXAMPLE_ID = "example-made-up-2026-07-01"
NEW = ("rules", "new", "--extends", "san-diego-2024-12-31", "--effective-from", "2026-07-01",
       "--out", "fy2026-27")
SOURCES = """
[[rules.sources]]
title = "Example Service Table (made up for the guide)"
publisher = "Example County QA (made up)"
revision = "made-up revision, fiscal year 2026-27"
"""


def quoted(command: str) -> list[str]:
    """What the guide shows each time it quotes ``command`` (a ```console block: the
    command after '$ ', then its output)."""
    blocks = re.findall(r"```console\n\$ (.*?)\n(.*?)```", GUIDE.read_text(encoding="utf-8"),
                        re.S)
    found = [_as_shipped_now(out) for cmd, out in blocks if cmd == command]
    assert found, f"the guide does not quote {command!r}"
    return found


def _as_shipped_now(text: str) -> str:
    """The guide's output with the shipped pack's version as it is now: bumped on every
    change of the pack, it is the one thing of the quoted outputs that changes without
    any change to what the guide explains."""
    quoted_as = re.search(r"From san-diego-2024-12-31 \(version ([0-9.]+),",
                          GUIDE.read_text(encoding="utf-8")).group(1)  # type: ignore[union-attr]
    now = load_rules().manifest.version
    return text.replace(f"(version {quoted_as},", f"(version {now},").replace(
        f"version: {quoted_as} ->", f"version: {now} ->")


def printed(ran) -> str:
    """What a command printed, as the guide shows it: the shipped pack's folder as
    '.../resources/rules', '/' between folders on every system."""
    out = ran.stdout + ran.stderr
    return out.replace(str(rules_dir()), ".../resources/rules").replace("\\", "/")


def python_m_core(command: str) -> list[str]:
    prefix = "python -m core "
    assert command.startswith(prefix)
    return command[len(prefix):].split()


def new_overlay(cli, folder: Path) -> Path:
    """Step 1 of the guide, in ``folder``: `rules new`, then step 2 (the new source named in
    documents.toml and rules.toml, in place of `sources = []`)."""
    assert cli(*NEW).returncode == 0
    pack = folder / "fy2026-27"
    shutil.copy(EXAMPLE / "documents.toml", pack / "documents.toml")
    manifest = (pack / "rules.toml").read_text(encoding="utf-8")
    assert manifest.count("sources = []\n") == 1
    (pack / "rules.toml").write_text(manifest.replace("sources = []\n", SOURCES),
                                     encoding="utf-8")
    return pack


def example_codes(*, only_h0034: bool = False, misspelt_set: bool = False) -> str:
    text = (EXAMPLE / "codes-dmc-ods.toml").read_text(encoding="utf-8")
    if only_h0034:
        text = text[:text.index("# MADE UP: a code that does not exist")]
    if misspelt_set:  # X0001's, the last
        at = text.rindex('note_sets = ["ims-and-mat"]')
        text = text[:at] + text[at:].replace('"ims-and-mat"', '"ims-and-mats"', 1)
    return text


def test_the_example_overlay_passes_its_check_as_the_guide_shows(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    command = "python -m core rules check docs/example-overlay"
    ran = cli(*python_m_core(command))
    assert ran.returncode == 0, ran.stderr
    assert quoted(command) == [printed(ran)]
    assert "19 cases give what they say" in ran.stdout


def test_rules_diff_and_calc_print_what_the_guide_shows(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    command = "python -m core rules diff san-diego-2024-12-31 docs/example-overlay"
    ran = cli(*python_m_core(command))
    assert ran.returncode == 0 and quoted(command) == [printed(ran)]
    command = ("python -m core calc --code H0034 --discipline RN --minutes 100 --date "
               "2026-07-01 --rules docs/example-overlay")
    ran = cli(*python_m_core(command))
    [shown] = quoted(command)  # the headline and the calculation; the notes follow
    assert ran.returncode == 0 and printed(ran).startswith(shown)
    before = cli("calc", "--code", "H0034", "--discipline", "RN", "--minutes", "100", "--date",
                 "2026-06-30", "--rules", EXAMPLE)
    assert before.stdout.startswith("Claimable: H0034, 7 units\n")  # as the guide says


def test_the_guides_walk_through_prints_what_it_shows(cli, monkeypatch, tmp_path):
    """Step 1 (`rules new`, then `rules check`), step 4 (a misspelt note set) and step 6 (a
    changed minimum that makes two cases wrong), each as the guide shows it."""
    monkeypatch.chdir(tmp_path)
    command = " ".join(("python -m core", *NEW))
    ran = cli(*python_m_core(command))
    assert ran.returncode == 0 and quoted(command) == [printed(ran)]
    check = "python -m core rules check fy2026-27"
    right_after, misspelt, cases_wrong = quoted(check)
    ran = cli(*python_m_core(check))
    assert ran.returncode == 0 and printed(ran) == right_after
    shutil.rmtree(tmp_path / "fy2026-27")

    pack = new_overlay(cli, tmp_path)
    (pack / "codes-dmc-ods.toml").write_text(example_codes(misspelt_set=True), encoding="utf-8")
    shutil.copy(EXAMPLE / "services.toml", pack / "services.toml")
    ran = cli(*python_m_core(check))
    assert ran.returncode == 3 and printed(ran) == misspelt
    shutil.rmtree(pack)

    pack = new_overlay(cli, tmp_path)
    (pack / "codes-dmc-ods.toml").write_text(example_codes(only_h0034=True), encoding="utf-8")
    ran = cli(*python_m_core(check))
    assert ran.returncode == 3 and printed(ran) == cases_wrong


@pytest.mark.parametrize("path", sorted(EXAMPLE.glob("*.toml")), ids=lambda p: p.name)
def test_every_entry_of_the_example_says_it_is_made_up(path):
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    entries = [data["rules"]] if path.name == "rules.toml" else \
        [e for key, value in data.items() for e in value]
    assert entries
    for entry in entries:
        assert re.search(r"made[ -]up", str(entry), re.I), entry


def test_the_app_never_loads_the_example_on_its_own(tmp_path):
    library = Library.discover(user_dir=tmp_path / "user")
    assert EXAMPLE_ID not in {p.id for p in library.packs}
    given = Library.discover(EXAMPLE, user_dir=tmp_path / "user")  # only when given
    assert EXAMPLE_ID in {p.id for p in given.packs}


def test_file_add_rules_pack_takes_the_example_and_the_next_start_answers_by_it(tmp_path):
    """Step 9 of the guide: File > Add rules pack (Library.add) checks the overlay and
    copies it into the user folder, where the app finds it at its next start."""
    added = Library.discover(user_dir=tmp_path / "user").add(EXAMPLE)
    assert added.id == EXAMPLE_ID and (tmp_path / "user" / EXAMPLE_ID / "cases.toml").is_file()
    library = Library.discover(user_dir=tmp_path / "user")
    h0034 = {"code": "H0034", "discipline": "RN", "quantity": 100, "quantity_kind": "minutes"}
    assert library.calculate(Request(date_of_service=date(2026, 7, 1), **h0034)).units == 6
    assert library.calculate(Request(date_of_service=date(2026, 6, 30), **h0034)).units == 7
