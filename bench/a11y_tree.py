"""What a screen reader gets from the window: its accessibility tree and announcements,
read through AT-SPI under a real X server (a manual check, not a test CI runs).

Run it on Debian 12 (as root, once: ``apt-get install xvfb xauth dbus at-spi2-core
python3-pyatspi``), from the checkout:

    xvfb-run -a -s "-screen 0 1366x768x24" dbus-run-session -- /usr/bin/python3 bench/a11y_tree.py

The system Python (which has pyatspi) starts the app in ``.venv`` with a refused answer
(RN, H2017, 30 minutes: a discipline that may not claim it), then prints:

* the tree of the window's calculator page: role, name, and, for text, its first words;
* how many nodes are named "Result" (one);
* the announcements made while "100" is typed into the quantity of H0034 by a person's
  rhythm (one result, once the typing pauses, not one per key), and when Copy summary
  is pressed and two conflicting claims go on the day sheet;
* the names of the Audit tab's inputs (the filter boxes are named by their labels).

``--app`` is the app's side (run by the first, in .venv): it reads commands on stdin.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "dmc-units-a11y-check"


# -- the app's side (.venv python) -------------------------------------------------------

def run_app() -> int:
    os.environ["QT_LINUX_ACCESSIBILITY_ALWAYS_ON"] = "1"
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QSocketNotifier, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from gui import build_main_window

    app = QApplication([sys.argv[0]])
    app.setApplicationName(APP_NAME)
    prefs = Path(tempfile.mkdtemp()) / "prefs.conf"
    window = build_main_window(settings=str(prefs))
    calc = window.calculator
    calc.select_discipline("RN")
    calc.select_service("H2017")
    calc.set_quantity(30)
    window.show()

    def typist(keys: str) -> None:
        """Keys ``keys`` into the focused quantity, 120 ms apart (a person typing)."""
        if keys:
            QTest.keyClick(calc.form.quantity, keys[0])
            QTimer.singleShot(120, lambda: typist(keys[1:]))

    def command() -> None:
        line = sys.stdin.readline().strip()
        if line == "type":
            calc.select_service("H0034")
            calc.form.quantity.setFocus()
            calc.form.quantity.selectAll()
            QTest.keyClick(calc.form.quantity, Qt.Key.Key_Delete)
            typist("100")
        elif line == "copy":
            calc.copy_result()
        elif line == "conflict":
            calc.select_discipline("CHW")
            calc.select_service("cs-tenancy-financial")
            calc.select_option("T2040 U6")
            calc.set_quantity(30)
            calc.add_to_day()
            calc.select_option("T2050 U6")
            calc.set_quantity(1)
            calc.add_to_day()
        elif line == "audit":
            window.show_tab("audit")
        elif line in ("quit", ""):
            app.quit()
        print("done", line, flush=True)

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(command)
    print("ready", flush=True)
    return app.exec()


# -- the screen reader's side (system python3 with pyatspi) ------------------------------

def _text_of(acc) -> str:
    try:
        text = acc.queryText()
        return text.getText(0, min(text.characterCount, 160))
    except NotImplementedError:
        return ""


def labels_of(acc) -> str:
    """The names of the labels ``acc`` is labelled by (a buddy label, in Qt)."""
    import pyatspi

    names = []
    for relation in acc.getRelationSet():
        if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY:
            names += [relation.getTarget(i).name for i in range(relation.getNTargets())]
    return ", ".join(names)


def dump(acc, depth: int = 0, out: list | None = None) -> list:
    """(depth, role, name, text, labelled by) of ``acc`` and every node under it that is
    showing."""
    import pyatspi

    out = [] if out is None else out
    states = acc.getState()
    if depth and not states.contains(pyatspi.STATE_SHOWING):
        return out
    out.append((depth, acc.getRoleName(), acc.name or "", _text_of(acc), labels_of(acc)))
    for i in range(acc.childCount):
        child = acc.getChildAtIndex(i)
        if child is not None:
            dump(child, depth + 1, out)
    return out


def find_app(timeout: float = 30.0):
    import pyatspi

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and app.name == APP_NAME and app.childCount:
                return app
        time.sleep(0.2)
    raise SystemExit(f"{APP_NAME} did not appear on the accessibility bus")


def announcements_during(app_proc, command: str, seconds: float) -> list[str]:
    """The announcements (and the names given to the headline) while ``command`` runs."""
    import pyatspi
    from gi.repository import GLib

    said: list[str] = []

    def on_event(event) -> None:
        said.append(f"{event.type}: {event.any_data}")

    pyatspi.Registry.registerEventListener(on_event, "object:announcement")
    app_proc.stdin.write(command + "\n")
    app_proc.stdin.flush()
    GLib.timeout_add(int(seconds * 1000), pyatspi.Registry.stop)
    pyatspi.Registry.start()
    pyatspi.Registry.deregisterEventListener(on_event, "object:announcement")
    return said


def main() -> int:
    python = ROOT / ".venv" / "bin" / "python"
    env = dict(os.environ, QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1", QT_QPA_PLATFORM="xcb")
    app_proc = subprocess.Popen([str(python), __file__, "--app"], cwd=ROOT, env=env, text=True,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert app_proc.stdout.readline().strip() == "ready"
        app = find_app()
        nodes = dump(app)
        print(f"== the window with a refused answer: {len(nodes)} nodes showing")
        for depth, role, name, text, labels in nodes:
            if role in ("filler", "panel", "scroll bar", "separator") and not name:
                continue
            shown = f" text={text[:110]!r}" if text and text != name else ""
            shown += f" labelled by {labels!r}" if labels else ""
            print(f"{'  ' * min(depth, 12)}{role}: {name!r}{shown}")
        named_result = [n for n in nodes if n[2] == "Result"]
        print(f"== nodes named 'Result': {len(named_result)}")
        for command, seconds in (("type", 2.5), ("copy", 1.0), ("conflict", 1.5)):
            said = announcements_during(app_proc, command, seconds)
            print(f"== announcements while '{command}': {len(said)}")
            for line in said:
                print(f"   {line}")
        announcements_during(app_proc, "audit", 1.0)
        print("== the Audit tab's inputs")
        for depth, role, name, text, labels in dump(find_app()):
            if role in ("combo box", "text"):
                print(f"   {role}: {name!r}, labelled by {labels!r}")
        app_proc.stdin.write("quit\n")
        app_proc.stdin.flush()
        app_proc.wait(timeout=10)
    finally:
        if app_proc.poll() is None:
            app_proc.kill()
    return 0


if __name__ == "__main__":
    sys.exit(run_app() if "--app" in sys.argv else main())
