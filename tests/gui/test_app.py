"""Starting the app: the self-check, the start-up benchmark, and broken rules data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QComboBox, QLabel

from core import RulesError
from core.resources import rules_dir
from gui import app, errors
from gui.main_window import LOADING, MainWindow

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def broken_rules(tmp_path) -> Path:
    """A copy of the shipped rules with one bad key in one entry (H0034)."""
    folder = tmp_path / "rules"
    shutil.copytree(rules_dir(), folder)
    codes = folder / "codes-dmc-ods.toml"
    text = codes.read_text(encoding="utf-8")
    assert 'code = "H0034"\n' in text
    codes.write_text(text.replace('code = "H0034"\n', 'code = "H0034"\nlunch = "yes"\n', 1),
                     encoding="utf-8")
    return folder


def _run(*args: str, env_extra: dict[str, str] | None = None, tmp_path: Path | None = None,
         platform: bool = True):
    env = dict(os.environ)
    if platform:
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    else:
        env.pop("QT_QPA_PLATFORM", None)
    if tmp_path is not None:  # keep the real user's preferences out of it
        env["XDG_CONFIG_HOME"] = str(tmp_path)
        env["HOME"] = str(tmp_path)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "gui", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_self_check_prints_one_line_and_exits_0(tmp_path):
    # no QT_QPA_PLATFORM: the self-check picks offscreen itself
    done = _run("--self-check", tmp_path=tmp_path, platform=False)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("self-check ok: rules ")
    assert "H0034 x 7 units" in lines[0]
    assert not list(tmp_path.rglob("dmc-units*")), "the self-check wrote preferences"


def test_self_check_with_broken_rules_names_the_file_and_entry(broken_rules, tmp_path):
    done = _run("--self-check", "--rules", str(broken_rules), tmp_path=tmp_path)
    assert done.returncode == app.EXIT_RULES
    assert "codes-dmc-ods.toml" in done.stderr and "H0034" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_bench_startup_prints_shown_then_ready_and_exits_0(tmp_path):
    done = _run("--bench-startup", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = [line.split() for line in done.stdout.splitlines()]
    assert [words[0] for words in lines] == ["shown", "ready"]
    shown, ready = (float(words[1]) for words in lines)
    assert 0 < shown <= ready < 60  # seconds since the process started


STAGED = """
import sys
from gui import app

order = []
def audit(event, args):
    if event == "import" and args[0] in ("core", "pydantic", "gui.calculator"):
        order.append(args[0])
sys.addaudithook(audit)
say = app._say
def noting(text, **kw):
    order.append(text.split()[0])
    say(text, **kw)
app._say = noting
code = app.main(["--bench-startup"])
print(" ".join(order))
sys.exit(code)
"""


def test_the_window_is_painted_before_core_and_pydantic_are_imported(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", STAGED], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    order = done.stdout.splitlines()[-1].split()
    assert order[0] == "shown" and order[-1] == "ready", order
    assert {"core", "pydantic", "gui.calculator"} <= set(order[1:-1]), order


def test_importing_the_app_and_its_frame_leaves_core_out(tmp_path):
    code = ("import sys, gui, gui.app, gui.main_window, gui.errors, gui.prefs; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('core', 'pydantic')"
            " or m in ('gui.calculator', 'html')))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, env=dict(os.environ, HOME=str(tmp_path)))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_rules_error_message_names_file_entry_and_problem():
    text = errors.rules_message(RulesError("codes-ecm.toml", "G9008 U1", "modifier 'X' is bad"))
    assert "codes-ecm.toml" in text and "G9008 U1" in text and "modifier 'X' is bad" in text
    assert "Traceback" not in text
    whole_file = errors.rules_message(RulesError("rules.toml", None, "the file is missing"))
    assert "rules.toml" in whole_file and "Entry" not in whole_file


def test_input_message_is_a_sentence():
    assert errors.input_message("unknown discipline 'XX'") == "Unknown discipline 'XX'."
    assert errors.input_message("Give a service.") == "Give a service."


def test_broken_rules_show_a_message_box_and_exit_non_zero(qapp, broken_rules, monkeypatch,
                                                           capsys):
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


def test_missing_rules_folder_is_a_rules_error_too(qapp, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(errors, "show_critical",
                        lambda parent, title, text: shown.append(text))
    assert app.main(["--rules", str(tmp_path / "nowhere")]) == app.EXIT_RULES
    assert "nowhere" in shown[0]


def test_self_check_in_process(qapp, rules, capsys):
    assert app.self_check(rules) == 0
    assert capsys.readouterr().out.startswith("self-check ok: rules 1.0.0, H0034 x 7 units")


# -- the staged start, in this process ------------------------------------------------------

def test_the_frame_says_it_is_loading_until_the_rules_are_in(qtbot, rules, settings_path):
    window = MainWindow(QSettings(settings_path, QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    lines = window.findChildren(QLabel, "loading")  # one per tab
    assert [line.text() for line in lines] == [LOADING] * 3
    assert any(line.isVisible() for line in lines)
    assert window.tabs.count() == 3 and window.windowTitle() == "DMC units"
    assert not window.is_loaded() and window.current_result() is None
    with pytest.raises(RuntimeError, match="not loaded"):
        window.select_service("H0034")

    window.load(rules)
    assert window.is_loaded() and window.current_result() is not None
    assert rules.manifest.version in window.windowTitle()
    qtbot.waitUntil(lambda: len(window.findChildren(QLabel, "loading")) == 2)
    window.show_tab("reference")
    window.show_tab("about")
    qtbot.waitUntil(lambda: window.findChild(QLabel, "loading") is None)
    with pytest.raises(RuntimeError):
        window.load(rules)


def _staged(qtbot, settings_path: str) -> MainWindow:
    window = MainWindow(QSettings(settings_path, QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    start = app.StagedStart(window, None, parent=window)
    with qtbot.waitSignal(window.readyPainted, timeout=10_000):
        window.show()
    assert start.exit_code == app.EXIT_OK
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_staged_start_fills_the_window_and_focuses_the_discipline(qtbot, settings_path):
    window = _staged(qtbot, settings_path)
    assert window.is_loaded() and window.current_result() is not None
    discipline = window.findChild(QComboBox, "discipline")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is discipline)  # a first run


def test_staged_start_restores_the_preferences_and_focuses_the_search(qtbot, settings_path):
    stored = QSettings(settings_path, QSettings.Format.IniFormat)
    stored.setValue("discipline", "LCSW")
    stored.setValue("setting", "3.2-WM")
    stored.setValue("window/tab", 2)
    stored.sync()
    window = _staged(qtbot, settings_path)
    assert window.current_request().discipline == "LCSW"
    assert window.current_request().setting == "3.2-WM"
    assert window.tabs.currentIndex() == 2 and "Rules version" in window.about.toPlainText()
    window.show_tab("calculator")
    service = window.findChild(QComboBox, "service")
    qtbot.waitUntil(lambda: QApplication.focusWidget() in (service, service.lineEdit()))


@pytest.mark.parametrize("text", ["", "plain", "<b>&amp;</b>", "a \"quoted\" 'word'",
                                  "AOD & LCSW < 3 > 2", "<script>x</script>"])
def test_markup_escape_is_html_escape(text):
    import html

    from gui.widgets.markup import escape

    assert escape(text) == html.escape(text)


def test_a_window_that_is_never_painted_is_filled_all_the_same(qtbot, settings_path,
                                                             monkeypatch):
    monkeypatch.setattr(app.StagedStart, "UNPAINTED_MS", 50)
    window = MainWindow(QSettings(settings_path, QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    start = app.StagedStart(window, None, parent=window)  # and never shown (minimized)
    qtbot.waitUntil(window.is_loaded, timeout=10_000)
    assert window.current_result() is not None and start.exit_code == app.EXIT_OK
