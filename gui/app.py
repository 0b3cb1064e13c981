"""The app: parse the arguments, load the rules, build the window, show it.

``python -m gui``                 start the app
``python -m gui --self-check``    load the rules, build the window offscreen, run one
                                  calculation through it, print one line, exit 0 (or not)
``python -m gui --bench-startup`` start as usual; print ``shown <t>`` at the window's
                                  first paint and ``ready <t>`` once the first result
                                  is painted (``t``: ``time.time()``); then quit
``--rules DIR``                   also use the rules pack in DIR, or the packs in it (QA);
                                  they come before the shipped packs and the user folder's

Exit codes: 0 fine, 1 the self-check found a problem (or the window could not be
built), 3 the rules could not be loaded (one message says why, in a box and on stderr).
Unknown arguments are left to Qt (``-platform``, ``-style``...).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QWidget

import core
from core import Library
from gui import errors
from gui.main_window import MainWindow, app_icon, build_main_window
from gui.prefs import APPLICATION, ORGANIZATION, Preferences

EXIT_OK, EXIT_CHECK_FAILED, EXIT_RULES = 0, 1, 3


def _say(text: str, *, err: bool = False) -> None:
    """Print, where there is somewhere to print to (a windowed Windows exe has no stdout)."""
    stream = sys.stderr if err else sys.stdout
    if stream is not None:
        print(text, file=stream, flush=True)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="dmc-units", description=(
        "Billing units for DMC-ODS (San Diego County), ECM and Community Supports."))
    p.add_argument("--version", action="version", version=f"%(prog)s {core.__version__}")
    p.add_argument("--self-check", action="store_true",
                   help="check the rules and the window offscreen, print one line, exit")
    p.add_argument("--bench-startup", action="store_true",
                   help="start, print 'shown <t>' at the first paint and 'ready <t>' once "
                        "the first result is painted (t: seconds since the epoch), exit")
    p.add_argument("--rules", type=Path, metavar="DIR",
                   help="also use the rules pack in DIR (or the packs in it)")
    return p


def _utf8_locale() -> None:
    """Start in a UTF-8 locale when the environment names none (LANG unset: ssh, CI, minimal
    systems). Qt would switch to one itself, but says so in four lines on stderr at every
    start. Python from source switches on its own (PEP 538); a PyInstaller bundle does not.
    Qt reads the locale from LC_ALL, LC_CTYPE and LANG when QApplication is made; in a
    locale that is not UTF-8 the other categories are of no use to it either."""
    if sys.platform == "win32":
        return
    import locale

    try:
        locale.setlocale(locale.LC_CTYPE, "")  # from the environment, as Qt will
        utf8 = locale.nl_langinfo(locale.CODESET) == "UTF-8"
    except locale.Error:  # it names a locale this system lacks: Qt would get "C"
        utf8 = False
    if not utf8:
        # LC_ALL, not LC_CTYPE: a LANG naming a locale this system lacks would fail them all
        os.environ["LC_ALL"] = "C.UTF-8"


def _no_display(qt_args: list[str]) -> bool:
    """Linux with no X11 or Wayland display and no other Qt platform asked for (ssh, a
    console): Qt's xcb platform would abort with a page that blames libxcb-cursor0."""
    return (sys.platform.startswith("linux") and "-platform" not in qt_args
            and not any(os.environ.get(name)
                        for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")))


def _application(qt_args: list[str]) -> QApplication:
    """The QApplication, named before it is made: X11 takes the window class from it (it
    read "__main__.py" when the program's path was the name)."""
    QApplication.setApplicationName(APPLICATION)
    app = QApplication.instance() or QApplication([APPLICATION, *qt_args])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("DMC units")
    app.setApplicationVersion(core.__version__)
    app.setDesktopFileName(APPLICATION)
    app.setWindowIcon(app_icon())
    return app  # type: ignore[return-value]


def load(rules_dir: Path | None, *, dialog: bool = True) -> Library | None:
    """The rules packs (the shipped ones, the user folder's, ``--rules DIR``), with the pack
    the window opens with read and checked in full; or None after saying why they could
    not be loaded (whatever went wrong)."""
    try:
        library = Library.discover(rules_dir)
        library.opening_rules()
        return library
    except Exception as exc:  # noqa: BLE001 - any failure is one clear message, not a traceback
        errors.report_fatal(exc, dialog=dialog)
        return None


def self_check(library: Library, tmp: Path) -> int:
    """Build the window with throwaway preferences and run RN, H0034, 100 minutes through it
    (on the rules in force today)."""
    window = build_main_window(settings=tmp / "self-check.conf", library=library)
    try:
        page = window.calculator
        page.select_discipline("RN")
        page.select_service("H0034")
        page.set_quantity(100)
        calc = page.current_result()
        text = page.result_text()
        answer = library.calculate(page.current_request())  # the rules' own, not a number here
        problem = None
        if calc is None or calc.status != "claimable":
            problem = "the window shows no claim for RN, H0034, 100 minutes"
        elif calc.headline() != answer.headline() or f"{answer.units} units" not in text:
            problem = (f"RN, H0034, 100 minutes should show {answer.headline()!r}; "
                       f"the window shows {calc.headline()!r}")
        elif window.reference.model.rowCount() == 0:
            problem = "the code reference lists no codes"
        elif core.__version__ not in window.about.toPlainText():
            problem = "the About page does not show the app's version"
        else:
            problem = _audit_check(library, tmp, answer.units)
    finally:
        window.close()
        window.deleteLater()
    if problem:
        _say(f"self-check failed: {problem}", err=True)
        return EXIT_CHECK_FAILED
    _say(f"self-check ok: app {core.__version__}, rules {calc.rules_version}, "
         f"{calc.headline()}")
    return EXIT_OK


def _audit_check(library: Library, tmp: Path, units: int) -> str | None:
    """An XLSX export of one line (RN, H0034, 100 minutes, the ``units`` the calculator
    gives), written and audited as the Audit tab does: a bundle missing openpyxl or the
    XML parsers fails here, not in front of a QA reviewer."""
    from openpyxl import Workbook

    from core.audit import Audit
    from core.audit_io import LineReader, open_table

    path = tmp / "self-check.xlsx"
    book = Workbook()
    book.active.append(["Date", "Client", "Discipline", "Code", "Modifiers", "Minutes",
                        "Units"])
    book.active.append([date.today().isoformat(), "m1", "RN", "H0034", "", 100, units])
    book.save(path)
    results = list(Audit(library).run(LineReader(open_table(path))))
    got = [(r.status, r.expected_units) for r in results]
    if got != [("ok", units)]:
        return (f"an XLSX line of RN, H0034, 100 minutes, {units} units audits as {got} "
                f"(status, units)")
    return None


class FirstPaint(QObject):
    """Emits :attr:`painted` after the first paint event of one widget, then stops watching."""

    painted = Signal()

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._on_paint_done)  # once this paint is done
        return False

    @Slot()
    def _on_paint_done(self) -> None:
        self.painted.emit()


class BenchClock(QObject):
    """``--bench-startup``: prints ``shown <t>`` and ``ready <t>``, then quits."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        FirstPaint(window).painted.connect(self._on_window_painted)
        FirstPaint(window.calculator.result.viewport()).painted.connect(self._on_result_painted)

    @Slot()
    def _on_window_painted(self) -> None:
        _say(f"shown {time.time():.6f}")

    @Slot()
    def _on_result_painted(self) -> None:
        _say(f"ready {time.time():.6f}")
        QTimer.singleShot(0, QApplication.quit)


def main(argv: list[str] | None = None) -> int:
    """Run the app; returns the exit code (``dmc-units`` and ``python -m gui``)."""
    args, qt_args = _parser().parse_known_args(sys.argv[1:] if argv is None else argv)
    if args.self_check and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no screen needed (CI, the bundle check)
    if not args.self_check and _no_display(qt_args):
        _say("dmc-units: no display to open the window on (DISPLAY and WAYLAND_DISPLAY are "
             "not set): start it in a desktop session; dmc-units --self-check checks it "
             "without one", err=True)
        return EXIT_CHECK_FAILED
    _utf8_locale()
    app = _application(qt_args)
    if args.self_check:  # nothing written outside a throwaway folder
        with tempfile.TemporaryDirectory(prefix="dmc-units-check-") as tmp:
            library = load(args.rules, dialog=False)
            if library is None:
                return EXIT_RULES
            try:
                return self_check(library, Path(tmp))
            except Exception as exc:  # noqa: BLE001 - the self-check reports, never crashes
                _say(f"self-check failed: {type(exc).__name__}: {exc}", err=True)
                return EXIT_CHECK_FAILED
    library = load(args.rules)
    if library is None:
        return EXIT_RULES

    hook = sys.excepthook
    if not args.bench_startup:
        errors.install_excepthook()  # a bug becomes a short message, not a silent traceback
    try:
        try:
            window = build_main_window(settings=Preferences.at(None), library=library)
        except Exception as exc:  # noqa: BLE001 - a bug: one message, not a traceback
            errors.report_bug(exc, "the window could not be opened")
            return EXIT_CHECK_FAILED
        if args.bench_startup:
            BenchClock(window)
        window.show()
        return app.exec()
    finally:
        sys.excepthook = hook  # main() may run inside a test process
