"""Measure the app in one run and print a table (stdlib only).

    ./dev bench                              # or: python bench/bench.py
    ./dev bench --write docs/performance.md  # also write the table there
    ./dev bench --no-bundle                  # leave the PyInstaller bundle alone

What it measures, each in fresh child processes (Qt on the headless
"offscreen" platform unless QT_QPA_PLATFORM is set):

a. start-up, of a bare PySide6 window with one label vs the app
   (`python -m gui --bench-startup`), median of --runs runs (default 7) after one
   unmeasured warm-up run, the two taken in turn:
   - to window shown: process start -> the window's first paint, as the child
     reports it (seconds since its process started, from /proc/self/stat);
   - to first result shown: process start -> the first paint of the app's first
     result (the app shows its frame first and loads the rules after that paint);
     the bare window has nothing more to show, so its figure is its first paint;
   - the whole run, start to exit, as this process times it (the figure of earlier
     versions of this file), and the peak memory (RSS) of the child.
b. latency: the app built in-process (`gui.build_main_window()`, preferences in a
   temporary file); the `quantity` spin box is changed 200 times and each time we
   wait, processing Qt events, until the `result` widget's text changes; p50 and p95.
c. CLI cold start: `python -m core calc --code H0034 --discipline RN --minutes
   100 --json`, median of 9, vs a bare `python -c pass`.
d. the PyInstaller bundle dist/dmc-units, if built: its size and its start-up
   (`dist/dmc-units/dmc-units --bench-startup`) vs the app from source. With
   --no-bundle it is not run; with --write, the d. rows already in that file are
   kept, marked as from the run that wrote them.

The children keep compiled bytecode in a temporary folder of the bench's own
(PYTHONPYCACHEPREFIX, also where PYTHONDONTWRITEBYTECODE is set): the warm-up run
compiles, the measured runs reuse it, as an installed app (or the bundle) does.
--bytecode-as-is leaves that to the environment instead.

Contract with the app: `--bench-startup` starts as usual and prints a line
`shown <seconds>` at the window's first paint and `ready <seconds>` at the first
result's, both in seconds since the process started, then exits with status 0.
(An older app that prints a bare `shown` still counts: its whole run stands in.)
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "dmc-units"
BUNDLE_EXE = BUNDLE / ("dmc-units.exe" if os.name == "nt" else "dmc-units")
CLI_ARGS = ["-m", "core", "calc", "--code", "H0034", "--discipline", "RN",
            "--minutes", "100", "--json"]
TIMEOUT = 60  # seconds for any one child process

# Seconds since this process started, as gui.app.seconds_since_start() counts them.
SINCE_START = """
import os, time
def since_start():
    try:
        with open("/proc/self/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        start = int(fields[19]) / os.sysconf("SC_CLK_TCK")
        return time.clock_gettime(time.CLOCK_BOOTTIME) - start
    except (OSError, AttributeError, ValueError, IndexError):
        return float("nan")
"""

# The bare PySide6 baseline: same contract as `python -m gui --bench-startup`.
BARE_WINDOW = SINCE_START + """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not hasattr(self, "done"):
            self.done = True
            print(f"shown {since_start():.4f}", flush=True)
            QTimer.singleShot(0, app.quit)
        return False

app = QApplication(sys.argv)
window = QMainWindow()
label = QLabel("Hello")
window.setCentralWidget(label)
first_paint = FirstPaint()
label.installEventFilter(first_paint)
window.show()
sys.exit(app.exec())
"""


#: where the children keep compiled bytecode (set by main(); None: as this environment says)
PYCACHE: str | None = None


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    if PYCACHE is not None:
        # bytecode compiled by the warm-up run and reused, as an installed app has it,
        # even where PYTHONDONTWRITEBYTECODE is set; in a folder of the bench's own
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = PYCACHE
    return env


def _reported(out: bytes, word: str) -> float | None:
    """The seconds on the child's first `<word> <seconds>` line, if it printed one."""
    for line in out.decode(errors="replace").splitlines():
        words = line.split()
        if words and words[0] == word:
            try:
                value = float(words[1])
            except (IndexError, ValueError):
                return None
            return value if math.isfinite(value) else None
    return None


def run_once(cmd: list[str], expect_shown: bool) -> dict:
    """Run cmd to its end: wall seconds, peak RSS in MB (or None), and the child's
    own `shown`/`ready` seconds since its start (or None)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=child_env(), stdin=subprocess.DEVNULL,
                                stdout=out, stderr=err)
        if hasattr(os, "wait4"):  # POSIX: wall time and this child's own peak RSS
            while not (waited := os.wait4(proc.pid, os.WNOHANG))[0]:
                if time.perf_counter() - t0 > TIMEOUT:
                    proc.kill()
                    raise RuntimeError(f"timed out after {TIMEOUT}s: {' '.join(cmd)}")
                time.sleep(0.001)
            wall = time.perf_counter() - t0
            proc.returncode = os.waitstatus_to_exitcode(waited[1])
            rss = waited[2].ru_maxrss / (2**20 if sys.platform == "darwin" else 2**10)
        else:  # Windows: wall time only
            proc.wait(TIMEOUT)
            wall, rss = time.perf_counter() - t0, None
        out.seek(0)
        err.seek(0)
        out, err = out.read(), err.read()
    if proc.returncode != 0:
        raise RuntimeError(f"exit {proc.returncode}: {err.decode(errors='replace').strip()[-300:]}")
    if expect_shown and not out.lstrip().startswith(b"shown"):
        raise RuntimeError(f"no 'shown' line from {' '.join(cmd)}")
    return {"s": wall, "mb": rss, "shown": _reported(out, "shown"),
            "ready": _reported(out, "ready")}


def _medians(results: list[dict]) -> dict:
    medians = {}
    for key in ("s", "mb", "shown", "ready"):
        values = [r[key] for r in results]
        medians[key] = statistics.median(values) if None not in values else None
    medians["runs"] = {key: [r[key] for r in results] for key in ("shown", "ready", "mb")}
    return medians


def measure(cmd: list[str], runs: int, expect_shown: bool) -> dict:
    """Medians over runs (after one warm-up) of wall time, peak RSS and the child's
    `shown`/`ready` seconds (None where any run lacks one), or an error."""
    return measure_side_by_side({"cmd": cmd}, runs, expect_shown)["cmd"]


def measure_side_by_side(cmds: dict[str, list[str]], runs: int,
                         expect_shown: bool) -> dict[str, dict]:
    """measure() for several commands, their runs taken in turn (a, b, a, b...), so
    that other work on the machine weighs on each of them alike."""
    results: dict[str, list[dict]] = {name: [] for name in cmds}
    failed: dict[str, dict] = {}
    for name, cmd in cmds.items():  # the warm-ups
        try:
            run_once(cmd, expect_shown)
        except (OSError, RuntimeError) as e:
            failed[name] = {"error": str(e)}
    for _ in range(runs):
        for name, cmd in cmds.items():
            if name in failed:
                continue
            try:
                results[name].append(run_once(cmd, expect_shown))
            except (OSError, RuntimeError) as e:
                failed[name] = {"error": str(e)}
    return {name: failed.get(name) or _medians(results[name]) for name in cmds}


def latency_child(n: int) -> dict:
    """In this process: build the app window, change `quantity` n times.

    The window keeps its preferences in a throwaway file, never the user's own.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="dmc-units-bench-") as prefs_dir:
        try:
            from PySide6.QtCore import QSettings
            from PySide6.QtWidgets import QApplication
            app = QApplication.instance() or QApplication([])
            import gui
            settings = QSettings(os.path.join(prefs_dir, "bench.ini"),
                                 QSettings.Format.IniFormat)
            window = gui.build_main_window(settings=settings)
        except Exception as e:  # gui not written yet, or broken: report, don't crash
            return {"error": f"gui not usable: {type(e).__name__}: {e}"}
        try:
            return _latency(app, window, n)
        finally:
            window.close()
            del window, settings


def _latency(app, window, n: int) -> dict:
    from PySide6.QtWidgets import QSpinBox, QWidget

    window.show()
    app.processEvents()
    spin = window.findChild(QSpinBox, "quantity")
    result = window.findChild(QWidget, "result")
    if spin is None or result is None:
        return {"error": "no QSpinBox 'quantity' or widget 'result' in the window"}

    def text() -> str:
        for getter in ("text", "toPlainText"):
            if hasattr(result, getter):
                return getattr(result, getter)()
        raise RuntimeError(f"cannot read text of {type(result).__name__}")

    def set_and_wait(value: int, limit: float = 2.0) -> float | None:
        before = text()
        t0 = time.perf_counter()
        spin.setValue(value)
        while True:
            app.processEvents()
            if text() != before:
                return time.perf_counter() - t0
            if time.perf_counter() - t0 > limit:
                return None

    # Two quantities whose results differ (equal unit counts show equal text).
    lo, hi = spin.minimum(), spin.maximum()
    pairs = [(30, 240), (15, 120), (1, 60), (lo, hi), (lo + 1, min(hi, lo + 100))]
    for a, b in pairs:
        a, b = max(lo, min(hi, a)), max(lo, min(hi, b))
        if a == b:
            continue
        set_and_wait(a)
        if set_and_wait(b) is not None and set_and_wait(a) is not None:
            break
    else:
        return {"error": "the result text never changed with the quantity"}
    times = []
    for i in range(n):
        dt = set_and_wait(b if i % 2 == 0 else a)
        if dt is None:
            return {"error": f"no result change within 2 s at change {i + 1}"}
        times.append(dt)
    times.sort()  # nearest-rank percentiles
    return {"p50": statistics.median(times), "p95": times[math.ceil(0.95 * n) - 1], "n": n}


def measure_latency(n: int) -> dict:
    try:
        out = subprocess.run([sys.executable, __file__, "--latency-child", str(n)], cwd=ROOT,
                             env=child_env(), capture_output=True, timeout=TIMEOUT * 5)
        return json.loads(out.stdout.decode().strip().splitlines()[-1])
    except Exception as e:
        return {"error": f"latency child failed: {type(e).__name__}: {e}"}


def tree_size(path: Path) -> int:
    """Apparent bytes of everything below path, folders too, as `du -sb` counts them."""
    return sum(os.lstat(os.path.join(d, name)).st_size
               for d, dirs, files in os.walk(path) for name in [".", *dirs, *files]
               if name != "." or d == str(path))


def fmt_s(m: dict, key: str = "s") -> str:
    return f"{m[key] * 1000:.0f} ms" if m.get(key) is not None else "n/a"


def fmt_mb(m: dict) -> str:
    return f"{m['mb']:.1f} MB" if m.get("mb") is not None else "n/a"


def ratio(a: dict, b: dict, key: str = "s", key_b: str | None = None) -> str:
    if a.get(key) and b.get(key_b or key):
        return f"{a[key] / b[key_b or key]:.2f}x"
    return "n/a"


def earlier_rows(path: Path, prefix: str) -> tuple[list[str], str]:
    """The table rows of an earlier --write whose "what" starts with prefix, and its date."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return [], ""
    date = next((ln.removeprefix("- date: ").split(",")[0] for ln in lines
                 if ln.startswith("- date: ")), "an earlier run")
    return [ln for ln in lines if ln.startswith(f"| {prefix}")], date


def notes_section(path: Path) -> str:
    """The hand-written part of an earlier --write (from its "## Notes" on), kept as is."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return ""
    at = text.find("\n## Notes")
    return text[at:] if at >= 0 else ""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7, help="start-up runs per command (median)")
    ap.add_argument("--changes", type=int, default=200, help="quantity changes for latency")
    ap.add_argument("--write", metavar="FILE", help="also write the results as Markdown here")
    ap.add_argument("--no-bundle", action="store_true",
                    help="skip the PyInstaller bundle (d.), e.g. while it is being built")
    ap.add_argument("--bytecode-as-is", action="store_true",
                    help="no bytecode cache of the bench's own: children compile what this "
                         "environment does not let them cache (PYTHONDONTWRITEBYTECODE)")
    ap.add_argument("--latency-child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.latency_child:
        print(json.dumps(latency_child(args.latency_child)))
        return 0
    if args.bytecode_as_is:
        return run(args)
    global PYCACHE
    with tempfile.TemporaryDirectory(prefix="dmc-units-bench-pyc-") as folder:
        PYCACHE = folder
        try:
            return run(args)
        finally:
            PYCACHE = None


def run(args: argparse.Namespace) -> int:

    py = sys.executable
    say = lambda msg: print(f"bench: {msg}", file=sys.stderr, flush=True)  # noqa: E731
    say(f"start-up, {args.runs} runs each")
    start = measure_side_by_side({"bare": [py, "-c", BARE_WINDOW],
                                  "app": [py, "-m", "gui", "--bench-startup"]}, args.runs, True)
    bare, app = start["bare"], start["app"]
    say(f"latency, {args.changes} changes")
    lat = measure_latency(args.changes)
    say("CLI cold start, 9 runs each")
    pypass = measure([py, "-c", "pass"], 9, False)
    cli = measure([py, *CLI_ARGS], 9, False)
    if args.no_bundle:
        bundle, size = {"error": "skipped (--no-bundle)"}, "skipped"
    elif BUNDLE_EXE.exists():
        say(f"bundle start-up, {args.runs} runs")
        bundle = measure([str(BUNDLE_EXE), "--bench-startup"], args.runs, True)
        size = tree_size(BUNDLE)
        size = f"{size / 1e6:.1f} MB ({size / 2**20:.1f} MiB)"
    else:
        bundle, size = {"error": "not built (./dev bundle)"}, "not built"

    qpa = child_env()["QT_QPA_PLATFORM"]
    errors = {name: m["error"] for name, m in
              [("bare window", bare), ("app", app), ("latency", lat), ("python -c pass", pypass),
               ("CLI", cli), ("bundle", bundle)] if "error" in m}
    lat_cell = lambda k: f"{lat[k] * 1000:.1f} ms" if k in lat else "n/a"  # noqa: E731
    # an app that prints its seconds is compared on them; an older one on its whole run
    bundle_key = "ready" if bundle.get("ready") and app.get("ready") else "s"
    bundle_what = ("to first result shown" if bundle_key == "ready"
                   else "start to exit (whole run)")
    rows = [
        ("a. start-up to window shown", "bare PySide6 window", fmt_s(bare, "shown"),
         "app: python -m gui", fmt_s(app, "shown"), ratio(app, bare, "shown")),
        ("a. start-up to first result shown", "bare PySide6 window (shown)",
         fmt_s(bare, "shown"), "app: python -m gui", fmt_s(app, "ready"),
         ratio(app, bare, "ready", "shown")),
        ("a. start-up, whole run to exit", "bare PySide6 window", fmt_s(bare),
         "app: python -m gui", fmt_s(app), ratio(app, bare)),
        ("a. peak memory (RSS)", "bare PySide6 window", fmt_mb(bare),
         "app: python -m gui", fmt_mb(app), ratio(app, bare, "mb")),
        ("b. quantity change to result text, p50", "", "", "app, in-process",
         lat_cell("p50"), ""),
        ("b. quantity change to result text, p95", "", "", "app, in-process",
         lat_cell("p95"), ""),
        ("c. CLI cold start (calc H0034 RN 100 min)", "python -c pass", fmt_s(pypass),
         "python -m core calc ...", fmt_s(cli), ratio(cli, pypass)),
    ]
    bundle_rows = [
        (f"d. bundle start-up, {bundle_what}", "app from source", fmt_s(app, bundle_key),
         "dist/dmc-units/dmc-units", fmt_s(bundle, bundle_key),
         ratio(bundle, app, bundle_key)),
        ("d. bundle peak memory (RSS)", "app from source", fmt_mb(app),
         "dist/dmc-units/dmc-units", fmt_mb(bundle), ratio(bundle, app, "mb")),
        ("d. bundle size (du -sb dist/dmc-units)", "", "", "dist/dmc-units", size, ""),
    ]
    kept: list[str] = []
    if args.no_bundle and args.write:
        kept, when = earlier_rows(Path(args.write), "d.")
        kept = [row.replace("| d. ", f"| d. (from the run of {when}) ", 1) for row in kept]
    if not kept:
        rows += bundle_rows
    head = ("what", "baseline", "value", "measured", "value", "ratio")
    table = [f"| {' | '.join(head)} |", f"|{'---|' * len(head)}"]
    table += [f"| {' | '.join(r)} |" for r in rows]
    table += kept
    try:
        rev = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT,
                             capture_output=True, text=True, timeout=10).stdout.strip()
    except OSError:
        rev = ""
    info = [
        f"- date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}"
        + (f", code at git {rev}" if rev else ""),
        f"- machine: {platform.platform()}, {platform.machine()}, {os.cpu_count()} CPUs",
        f"- Python {platform.python_version()} ({sys.executable}), Qt platform {qpa}",
        f"- start-up: median of {args.runs} runs after one warm-up, bare and app in turn; "
        f"latency: {lat.get('n', args.changes)} changes; CLI: median of 9",
        "- bytecode: " + ("as this environment has it (PYTHONDONTWRITEBYTECODE="
                          f"{os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r}, --bytecode-as-is)"
                          if PYCACHE is None else
                          "compiled by the warm-up run into a cache of the bench's own "
                          "(PYTHONPYCACHEPREFIX) and reused, as an installed app has it"),
    ]
    if kept:
        errors.pop("bundle", None)
        info.append("- d. rows: not run this time (--no-bundle), kept from the earlier run")
    info += [f"- n/a for {k}: {v}" for k, v in errors.items()]
    runs = [f"- runs ({name}): " + "; ".join(
                f"{key} " + " ".join("-" if v is None else f"{v * 1000:.0f}" if key != "mb"
                                     else f"{v:.1f}" for v in m["runs"][key])
                for key in ("shown", "ready", "mb") if any(v is not None for v in m["runs"][key]))
            for name, m in (("bare", bare), ("app", app)) if "runs" in m]
    text = ("\n".join(info) + "\n\n" + "\n".join(table) + "\n\n"
            + "Every run (ms; MB):\n\n" + "\n".join(runs) + "\n")
    print(text)
    if args.write:
        doc = (f"# Performance\n\nWritten by `./dev bench --write {args.write}` "
               f"(bench/bench.py: its docstring says what each row measures and how).\n"
               f"Re-run it after changes to the app. The numbers are from one run on one\n"
               f"machine; other work on the same machine moves start-up times by 30% or so.\n"
               f"A `## Notes` section at the end is written by hand and kept by the bench.\n\n"
               + text + notes_section(Path(args.write)))
        Path(args.write).write_text(doc, encoding="utf-8")
        say(f"wrote {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
