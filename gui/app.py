"""The app: arguments, the QApplication, the staged start, the self-check and the bench.

``python -m gui``                 start the app
``python -m gui --self-check``    load the rules, build the window offscreen, run one
                                  calculation through it, print one line, exit 0 (or not)
``python -m gui --bench-startup`` start as usual; print ``shown <s>`` when the window is
                                  first painted and ``ready <s>`` when the first result
                                  is, in seconds since the process started; exit 0
``--rules DIR``                   use the rules in DIR instead of the bundled ones (QA)

The start is staged: the window's frame (:class:`gui.main_window.MainWindow`) is shown
first, with PySide6 alone; right after its first paint the rules are loaded (``core``
and pydantic are imported then, not before) and the window is filled. Broken rules
show a message box over the frame and the app exits with 3.

Exit codes: 0 fine, 1 the self-check found a problem, 3 the rules data is broken.
Unknown arguments are left to Qt (``-platform``, ``-style``...).
"""

from __future__ import annotations

import argparse
import linecache
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QTimer, Slot
from PySide6.QtWidgets import QApplication

import gui
from gui import errors
from gui.prefs import APPLICATION, ORGANIZATION, default_settings

if TYPE_CHECKING:
    from core import Rules
    from gui.main_window import MainWindow

EXIT_OK, EXIT_CHECK_FAILED, EXIT_RULES = 0, 1, 3


def seconds_since_start() -> float:
    """Seconds since this process started.

    From the kernel's start time of the process (Linux: /proc/self/stat, in clock ticks,
    so to 10 ms); elsewhere since ``gui`` was first imported, which leaves out the
    interpreter's own start (some 30 ms).
    """
    try:
        with open("/proc/self/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        start = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22: starttime
        return time.clock_gettime(time.CLOCK_BOOTTIME) - start
    except (OSError, AttributeError, ValueError, IndexError):
        return time.perf_counter() - gui.STARTED


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
                   help="start, print 'shown <s>' and 'ready <s>' (seconds since the "
                        "process started), exit")
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
    """Build the window with throwaway settings and run RN, H0034, 100 minutes through it;
    build the code reference and About pages too (imported only when first shown)."""
    from gui.main_window import build_main_window

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
            elif rules.manifest.version not in window.about.toPlainText():
                problem = "the About page does not show the rules version"
        finally:
            window.close()
            window.deleteLater()
            del settings
    if problem:
        _say(f"self-check failed: {problem}", err=True)
        return EXIT_CHECK_FAILED
    _say(f"self-check ok: rules {rules.manifest.version}, {calc.headline()}")
    return EXIT_OK


def _self_check_main(rules_dir: Path | None) -> int:
    from core import RulesError, load_rules

    try:
        rules = load_rules(rules_dir)
    except RulesError as exc:
        errors.report_fatal(exc, dialog=False)
        return EXIT_RULES
    try:
        return self_check(rules)
    except Exception as exc:  # noqa: BLE001 - the self-check reports, never crashes
        _say(f"self-check failed: {type(exc).__name__}: {exc}", err=True)
        return EXIT_CHECK_FAILED


class StagedStart(QObject):
    """Loads the rules into a shown window's frame, once that frame has been painted.

    Connected to the window's ``firstPainted``; :attr:`exit_code` says how it went
    (``EXIT_RULES`` after broken rules, when it has also asked the event loop to end).
    With ``bench``, prints ``shown``/``ready`` lines and ends the app once ready.
    """

    #: load anyway after this long without a paint (a window started minimized)
    UNPAINTED_MS = 1000

    def __init__(self, window: MainWindow, rules_dir: Path | None, *, bench: bool = False,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._window = window
        self._rules_dir = rules_dir
        self._bench = bench
        self._started = False
        self.exit_code = EXIT_OK
        window.firstPainted.connect(self._on_window_first_painted)
        window.readyPainted.connect(self._on_window_ready_painted)
        QTimer.singleShot(self.UNPAINTED_MS, self._load_and_fill)

    @Slot()
    def _on_window_first_painted(self) -> None:
        if self._bench:
            _say(f"shown {seconds_since_start():.4f}")
        QTimer.singleShot(0, self._load_and_fill)  # once this paint has reached the screen

    @Slot()
    def _load_and_fill(self) -> None:
        if self._started:
            return
        self._started = True
        from core import RulesError, load_rules

        # PySide6's import hook (behind its `from __feature__ import ...`) reads the
        # source of every module imported after PySide6 into linecache: for pydantic and
        # core some 3 MB of text, kept for tracebacks, which reread what they need. Let
        # it go before the rules are loaded, so they reuse that memory (peak -2.8 MB).
        linecache.clearcache()
        try:
            rules = load_rules(self._rules_dir)
        except RulesError as exc:
            errors.report_fatal(exc, self._window)
            self.exit_code = EXIT_RULES
            QApplication.exit(EXIT_RULES)
            return
        self._window.load(rules)

    @Slot()
    def _on_window_ready_painted(self) -> None:
        if self._bench:
            _say(f"ready {seconds_since_start():.4f}")
            QTimer.singleShot(0, QApplication.quit)


def main(argv: list[str] | None = None) -> int:
    """Run the app; returns the exit code (``dmc-units`` and ``python -m gui``)."""
    program = sys.argv[0] if sys.argv and sys.argv[0] else "dmc-units"
    args, qt_args = _parser().parse_known_args(sys.argv[1:] if argv is None else argv)
    if args.self_check and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no screen needed (CI, the bundle check)
    app = _application(program, qt_args)
    if args.self_check:
        return _self_check_main(args.rules)

    from gui.main_window import MainWindow  # the frame: PySide6 only, no core yet

    hook = sys.excepthook
    if not args.bench_startup:
        errors.install_excepthook()  # a bug becomes a short message, not a silent traceback
    try:
        window = MainWindow(default_settings())
        start = StagedStart(window, args.rules, bench=args.bench_startup)
        window.show()
        code = app.exec()
        return start.exit_code if start.exit_code != EXIT_OK else code
    finally:
        sys.excepthook = hook  # main() may run inside a test process
