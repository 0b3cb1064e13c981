"""The app: arguments, the QApplication, the self-check and the start-up benchmark.

``python -m gui``                 start the app
``python -m gui --self-check``    load the rules, build the window offscreen, run one
                                  calculation through it, print one line, exit 0 (or not)
``python -m gui --bench-startup`` show the window, print ``shown`` once it is on screen, exit
``--rules DIR``                   use the rules in DIR instead of the bundled ones (QA)

Exit codes: 0 fine, 1 the self-check found a problem, 3 the rules data is broken.
Unknown arguments are left to Qt (``-platform``, ``-style``...).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Slot
from PySide6.QtWidgets import QApplication

from core import RulesError, Rules, load_rules
from gui import errors
from gui.main_window import MainWindow, build_main_window
from gui.prefs import APPLICATION, ORGANIZATION

EXIT_OK, EXIT_CHECK_FAILED, EXIT_RULES = 0, 1, 3


def _say(text: str, *, err: bool = False) -> None:
    """Print, where there is somewhere to print to (a windowed Windows exe has no stdout)."""
    stream = sys.stderr if err else sys.stdout
    if stream is not None:
        print(text, file=stream, flush=True)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="dmc-units", description=(
        "Billing units for DMC-ODS (San Diego County), ECM and Community Supports."))
    p.add_argument("--self-check", action="store_true",
                   help="check the rules and the window offscreen, print one line, exit")
    p.add_argument("--bench-startup", action="store_true",
                   help="show the window, print 'shown' when it is on screen, exit")
    p.add_argument("--rules", type=Path, metavar="DIR",
                   help="read the rules from DIR instead of the bundled rules")
    return p


def _application(program: str, qt_args: list[str]) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication([program, *qt_args])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("DMC units")
    return app  # type: ignore[return-value]


def self_check(rules: Rules) -> int:
    """Build the window with throwaway settings and run RN, H0034, 100 minutes through it."""
    with tempfile.TemporaryDirectory(prefix="dmc-units-check-") as tmp:
        settings = QSettings(str(Path(tmp) / "self-check.ini"), QSettings.Format.IniFormat)
        window = build_main_window(rules, settings)
        try:
            window.select_discipline("RN")
            window.select_service("H0034")
            window.set_quantity(100)
            calc = window.current_result()
            text = window.result_text()
            problem = None
            if calc is None:
                problem = "the window shows no result for RN, H0034, 100 minutes"
            elif "H0034" not in text or "7 units" not in text:
                problem = (f"RN, H0034, 100 minutes should show H0034 and 7 units; "
                           f"the window shows {calc.headline()!r}")
            elif window.reference.model.rowCount() != len(rules.codes):
                problem = "the code reference does not list every code"
        finally:
            window.close()
            window.deleteLater()
            del settings
    if problem:
        _say(f"self-check failed: {problem}", err=True)
        return EXIT_CHECK_FAILED
    _say(f"self-check ok: rules {rules.manifest.version}, {calc.headline()}")
    return EXIT_OK


class _StartupBench(QObject):
    """Prints ``shown`` and quits once the window has been shown (and painted)."""

    @Slot()
    def _on_window_shown(self) -> None:
        _say("shown")
        QApplication.quit()


def main(argv: list[str] | None = None) -> int:
    """Run the app; returns the exit code (``dmc-units`` and ``python -m gui``)."""
    program = sys.argv[0] if sys.argv and sys.argv[0] else "dmc-units"
    args, qt_args = _parser().parse_known_args(sys.argv[1:] if argv is None else argv)
    if args.self_check and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no screen needed (CI, the bundle check)
    app = _application(program, qt_args)

    try:
        rules = load_rules(args.rules)
    except RulesError as exc:
        errors.report_fatal(exc, dialog=not args.self_check)
        return EXIT_RULES

    if args.self_check:
        try:
            return self_check(rules)
        except Exception as exc:  # noqa: BLE001 - the self-check reports, never crashes
            _say(f"self-check failed: {type(exc).__name__}: {exc}", err=True)
            return EXIT_CHECK_FAILED

    if not args.bench_startup:
        errors.install_excepthook()  # a bug becomes a short message, not a silent traceback
    window: MainWindow = build_main_window(rules)
    bench = _StartupBench(app)
    if args.bench_startup:
        window.firstShown.connect(bench._on_window_shown)
    window.show()
    return app.exec()
