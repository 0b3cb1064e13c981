"""Starting the app: the self-check, the start-up benchmark, and rules that cannot be loaded."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import QApplication

import core
from core import Request, RulesError, calculate
from core.packs import Library
from gui import app, errors
from tests.core.minimal_pack import h0034, texts, write_pack

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def scratch_user_folders(tmp_path, monkeypatch):
    """app.main() finds the user's packs through XDG_DATA_HOME, or APPDATA on Windows
    (core.packs): here, a folder of the test's own, never the real one."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "data"))


def self_check_headline(tmp_path) -> str:
    """The headline calculate() gives RN, H0034, 100 minutes on the shipped rules in force
    today: the self-check must show it (the units are the engine's, tested there)."""
    rules = Library.discover(user_dir=tmp_path / "no-packs").for_date(date.today())
    return calculate(rules, Request(discipline="RN", code="H0034", quantity=100)).headline()


@pytest.fixture
def broken_rules(tmp_path) -> Path:
    """A pack in force today with one bad key in one entry (H0034): the minimal pack
    (tests/core/minimal_pack.py), which starts after the shipped one."""
    codes = h0034()["codes-dmc-ods.toml"].replace('code = "H0034"\n',
                                                  'code = "H0034"\nlunch = "yes"\n')
    return write_pack(tmp_path / "rules", texts(replace={"codes-dmc-ods.toml": codes}))


# ``python -m gui`` with Qt's test mode on: the window's preferences go to Qt's test folder.
# On Linux HOME and XDG_CONFIG_HOME (below) would do, but on Windows Qt asks the system
# where they go and no variable moves them.
_GUI_IN_QT_TEST_MODE = ("import sys; from PySide6.QtCore import QStandardPaths; "
                        "QStandardPaths.setTestModeEnabled(True); from gui.app import main; "
                        "sys.exit(main())")


def _run(*args: str, env_extra: dict[str, str] | None = None, tmp_path: Path | None = None,
         platform: bool = True, qt_test_mode: bool = False, unset=lambda name: False):
    env = {name: value for name, value in os.environ.items() if not unset(name)}
    if platform:
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    else:
        env.pop("QT_QPA_PLATFORM", None)
    if tmp_path is not None:  # keep the real user's preferences and packs out of it
        env["XDG_CONFIG_HOME"] = str(tmp_path)
        env["XDG_DATA_HOME"] = env["APPDATA"] = str(tmp_path / "data")
        env["HOME"] = env["USERPROFILE"] = str(tmp_path)
    env.update(env_extra or {})
    entry = ["-c", _GUI_IN_QT_TEST_MODE] if qt_test_mode else ["-m", "gui"]
    return subprocess.run([sys.executable, *entry, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_self_check_prints_one_line_and_exits_0(tmp_path):
    """The real process, as the bundle's check runs it: no QT_QPA_PLATFORM (the self-check
    picks offscreen itself), and no locale (ssh, CI, a minimal system: no LANG). Python
    from source would switch to C.UTF-8 by itself (PEP 538); a PyInstaller bundle does not,
    which PYTHONCOERCECLOCALE=0 mimics: Qt then printed four lines ("Detected locale "C"
    ... which is not UTF-8") at each start."""
    done = _run("--self-check", tmp_path=tmp_path, platform=False,
                env_extra={"PYTHONCOERCECLOCALE": "0"},
                unset=lambda name: name.startswith("LC_") or name in ("LANG", "PYTHONUTF8"))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"self-check ok: app {core.__version__}, rules ")
    assert lines[0].endswith(self_check_headline(tmp_path)) and "H0034" in lines[0]
    assert not list(tmp_path.rglob("dmc-units*")), "the self-check wrote preferences"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland displays")
def test_without_a_display_the_app_says_so_in_one_line(monkeypatch, capsys):
    # ssh, a console: Qt's xcb platform aborted with a page that blamed libxcb-cursor0
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert app.main([]) == app.EXIT_CHECK_FAILED == 1
    out, err = capsys.readouterr()
    assert len(err.splitlines()) == 1, err
    assert "no display" in err and "--self-check" in err
    assert out == ""


def test_self_check_with_broken_rules_names_the_file_and_entry(qapp, broken_rules, capsys):
    assert app.main(["--self-check", "--rules", str(broken_rules)]) == app.EXIT_RULES
    out, err = capsys.readouterr()
    assert "codes-dmc-ods.toml" in err and "H0034" in err
    assert "Traceback" not in err
    assert out == ""


def test_bench_startup_prints_shown_then_ready_as_epoch_seconds_and_exits_0(tmp_path):
    before = time.time()
    done = _run("--bench-startup", tmp_path=tmp_path, qt_test_mode=True)  # it saves its place
    after = time.time()
    assert done.returncode == 0, done.stderr
    lines = [line.split() for line in done.stdout.splitlines()]
    assert [words[0] for words in lines] == ["shown", "ready"]
    shown, ready = (float(words[1]) for words in lines)
    assert before < shown <= ready < after


def test_rules_error_message_names_file_entry_and_problem():
    text = errors.rules_message(RulesError("codes-ecm.toml", "G9008 U1", "modifier 'X' is bad"))
    assert "codes-ecm.toml" in text and "G9008 U1" in text and "modifier 'X' is bad" in text
    assert "Traceback" not in text
    whole_file = errors.rules_message(RulesError("rules.toml", None, "the file is missing"))
    assert "rules.toml" in whole_file and "Entry" not in whole_file


def test_input_message_is_a_sentence():
    assert errors.input_message("unknown discipline 'XX'") == "Unknown discipline 'XX'."
    assert errors.input_message("Give a service.") == "Give a service."


def test_broken_rules_show_one_message_and_exit_3(qapp, broken_rules, monkeypatch, capsys):
    shown = []
    monkeypatch.setattr(errors, "show_critical",
                        lambda parent, title, text: shown.append((title, text)))
    code = app.main(["--rules", str(broken_rules)])
    assert code == app.EXIT_RULES != 0
    assert len(shown) == 1
    title, text = shown[0]
    assert "rules" in title.casefold()
    assert "codes-dmc-ods.toml" in text and "H0034" in text and "unknown key" in text
    assert "codes-dmc-ods.toml" in capsys.readouterr().err
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible()]


def test_missing_rules_folder_is_a_rules_error_too(qapp, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(errors, "show_critical",
                        lambda parent, title, text: shown.append(text))
    assert app.main(["--rules", str(tmp_path / "nowhere")]) == app.EXIT_RULES
    assert "nowhere" in shown[0]


@pytest.mark.parametrize("failure", [MemoryError("out of memory"), UnicodeDecodeError(
    "utf-8", b"\xff", 0, 1, "invalid start byte"), KeyError("programs"), RecursionError()])
def test_any_failure_while_loading_the_rules_is_one_clear_message(qapp, monkeypatch, capsys,
                                                                   failure):
    shown = []
    monkeypatch.setattr(errors, "show_critical",
                        lambda parent, title, text: shown.append((title, text)))

    def fail(given=None, **folders):
        raise failure

    monkeypatch.setattr(app, "Library", SimpleNamespace(discover=fail))
    assert app.main([]) == app.EXIT_RULES
    assert len(shown) == 1
    title, text = shown[0]
    assert "could not be loaded" in title and type(failure).__name__ in text
    assert "Reinstall" in text
    assert "Traceback" not in capsys.readouterr().err
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible()]


def test_self_check_in_process(qapp, tmp_path, capsys):
    library = Library.discover(user_dir=tmp_path / "packs")
    assert app.self_check(library, tmp_path) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"self-check ok: app {core.__version__}")
    assert out.rstrip("\n").endswith(self_check_headline(tmp_path))


def test_the_application_says_who_it_is(qapp):
    app._application([])
    assert qapp.applicationName() == "dmc-units"
    assert qapp.applicationVersion() == core.__version__
    assert qapp.desktopFileName() == "dmc-units"
    assert not qapp.windowIcon().isNull()


def test_the_start_is_one_plain_path():
    text = Path(app.__file__).read_text(encoding="utf-8")
    for gone in ("linecache", "/proc/self/stat", "StagedStart", "seconds_since_start"):
        assert gone not in text, gone


def test_a_window_that_cannot_be_built_is_one_message(qapp, monkeypatch, capsys):
    shown = []
    monkeypatch.setattr(errors, "show_critical",
                        lambda parent, title, text: shown.append(text))

    def broken(*args, **kwargs):
        raise AttributeError("'NoneType' object has no attribute 'id'")

    monkeypatch.setattr(app, "build_main_window", broken)
    assert app.main([]) == app.EXIT_CHECK_FAILED
    assert len(shown) == 1 and "could not be opened" in shown[0]
    assert "AttributeError" in capsys.readouterr().err  # for whoever fixes it
