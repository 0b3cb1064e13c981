"""Measure what users feel, in one run, and print a table.

    ./dev bench                              # or: python bench/bench.py
    ./dev bench --write docs/performance.md  # also write the table there
    ./dev bench --no-bundle                  # leave the PyInstaller bundle out

Every figure is given with its spread, median [min-max]; every ratio is taken run by
run (the n-th run of one command against the n-th of its baseline, taken right after
each other) and given as median [min-max] of those ratios. Commands compared with each
other run in turn (a, b, c, a, b, c...), after one unmeasured warm-up each, so that
other work on the machine weighs on each of them alike.

a. Start-up, each run a fresh process with scratch preferences and data folders
   (HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME, XDG_DATA_HOME in a temporary folder, never the
   user's): the app
   (``python -m gui --bench-startup``) against bench/bare_window.py, a bare PySide6
   window with the same kinds of widgets, and, when built, the bundle
   (``dist/dmc-units/dmc-units --bench-startup``) against the app from source. Both
   print ``shown <t>`` at the window's first paint and ``ready <t>`` when the first
   screen (the app: its first result) is painted, ``t`` as ``time.time()``; the bench
   subtracts its own ``time.time()`` taken just before it starts the process. Also the
   peak memory (RSS) of each process.
b. Interaction latency, in a child process: the window built with
   ``gui.build_main_window(rules, settings)`` (preferences in a temporary file), RN and
   Medication training and support (H0034, claimable from 8 minutes) chosen, then 1,000
   random quantities from 8 to 480 minutes (each differing from the one before) set on
   the ``quantity`` input through Qt (``setText`` on a line edit, ``setValue`` on a spin
   box); each is timed until the ``result`` widget's text has changed and it has been
   painted after that. p50, p95 and max.
c. The CLI: ``python -m core calc --code H0034 --discipline RN --minutes 100 --json``
   against ``python -c pass`` and ``python -c "import pydantic"``, in turn.
d. ``calculate()`` in process: the requests of a fixed mix (every shipped code with a
   discipline that may claim it, random quantities) answered with the shipped rules
   and with packs grown 20x and 100x (bench/make_pack.py: synthetic codes and services);
   calculations per second. ``load_rules()`` of the same packs.
e. The audit, once ``python -m core audit FILE`` exists: an export of --audit-lines lines
   (100,000) made by bench/make_audit_file.py, audited, against reading the same file
   with ``csv``; its peak memory against the audit of a tenth of the lines (flat when the
   lines are streamed, not held); the same lines as XLSX against the CSV.

The children keep compiled bytecode in a temporary folder of the bench's own
(PYTHONPYCACHEPREFIX, also where PYTHONDONTWRITEBYTECODE is set): the warm-up run
compiles, the measured runs reuse it, as an installed app (or the bundle) does.
--bytecode-as-is leaves that to the environment instead.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
BUNDLE = ROOT / "dist" / "dmc-units"
BUNDLE_EXE = BUNDLE / ("dmc-units.exe" if os.name == "nt" else "dmc-units")
CLI_ARGS = ["-m", "core", "calc", "--code", "H0034", "--discipline", "RN",
            "--minutes", "100", "--json"]
TIMEOUT = 120  # seconds for any one child process
AUDIT_LINES = 100_000
PASSES = 20  # over the request mix, for one calculate() figure
CSV_READ = ("import csv, sys\n"
            "with open(sys.argv[1], newline='', encoding='utf-8') as f:\n"
            "    print(sum(1 for _ in csv.reader(f)))")

#: where the children keep compiled bytecode (None: as this environment says)
PYCACHE: str | None = None
#: the scratch folder for the children's HOME and XDG_* folders
SCRATCH: str = ""


def say(msg: str) -> None:
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    for name in ("HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        env[name] = os.path.join(SCRATCH, name.lower())
    if PYCACHE is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = PYCACHE
    return env


# --- running and summarising ------------------------------------------------------------

def run_once(cmd: list[str]) -> dict:
    """Run cmd to its end: wall seconds, peak RSS in MB (None on Windows), and its
    ``shown``/``ready`` moments in seconds after it was started (None if not printed)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.time()
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=child_env(), stdin=subprocess.DEVNULL,
                                stdout=out, stderr=err)
        if hasattr(os, "wait4"):  # POSIX: this child's own peak RSS
            timer = threading.Timer(TIMEOUT, proc.kill)  # blocking wait, no polling
            timer.start()
            try:
                _, status, usage = os.wait4(proc.pid, 0)
            finally:
                timer.cancel()
            wall = time.perf_counter() - t0
            proc.returncode = os.waitstatus_to_exitcode(status)
            rss = usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 2**10)
        else:
            proc.wait(TIMEOUT)
            wall, rss = time.perf_counter() - t0, None
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if proc.returncode != 0:
        if time.perf_counter() - t0 >= TIMEOUT:
            raise RuntimeError(f"timed out after {TIMEOUT} s: {' '.join(cmd[:3])}")
        raise RuntimeError(f"exit {proc.returncode} from {' '.join(cmd[:3])}: "
                           f"{stderr.strip()[-300:]}")
    moments = {}
    for line in stdout.splitlines():
        word, _, value = line.partition(" ")
        if word in ("shown", "ready") and word not in moments:
            try:
                moments[word] = float(value) - started
            except ValueError:
                pass  # some other output that happens to start with the word
    return {"s": wall, "mb": rss, "shown": moments.get("shown"), "ready": moments.get("ready")}


def in_turn(cmds: dict[str, list[str]], runs: int) -> dict[str, list[dict] | str]:
    """Each command once unmeasured, then ``runs`` times, the commands in turn.
    A command that fails is reported by its error and left out of later rounds."""
    results: dict[str, list[dict] | str] = {name: [] for name in cmds}
    for round_ in range(runs + 1):
        for name, cmd in cmds.items():
            if isinstance(results[name], str):
                continue
            try:
                r = run_once(cmd)
            except (OSError, RuntimeError, ValueError) as e:
                results[name] = str(e)
                continue
            if round_:
                results[name].append(r)  # type: ignore[union-attr]
    return results


def spread(values: list[float | None]) -> tuple[float, float, float] | None:
    values = [v for v in values if v is not None]
    if not values:
        return None
    return statistics.median(values), min(values), max(values)


def series(results, key: str) -> list[float | None]:
    return [r[key] for r in results] if isinstance(results, list) else []


def ratios(measured, baseline, key: str, key_base: str | None = None) -> list[float | None]:
    """Run by run: the n-th measured run over the n-th baseline run."""
    return [m / b if m is not None and b else None
            for m, b in zip(series(measured, key), series(baseline, key_base or key))]


def fmt(s: tuple[float, float, float] | None, unit: str) -> str:
    if s is None:
        return "n/a"
    scale, digits, suffix = {"ms": (1000, 0, " ms"), "ms1": (1000, 1, " ms"),
                             "MB": (1, 1, " MB"), "x": (1, 2, "x"),
                             "/s": (1, 0, "/s")}[unit]
    med, lo, hi = (v * scale for v in s)
    return f"{med:,.{digits}f}{suffix} [{lo:,.{digits}f}-{hi:,.{digits}f}]"


# --- b. interaction latency (child process) ----------------------------------------------

def latency_child(n: int, seed: int) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QSpinBox, QWidget

    import core
    import gui

    class Paints(QObject):
        count = 0

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                Paints.count += 1
            return False

    app = QApplication.instance() or QApplication([])
    rules = core.load_rules()
    with tempfile.TemporaryDirectory(prefix="dmc-units-bench-") as prefs:
        window = gui.build_main_window(rules, os.path.join(prefs, "dmc-units.conf"))
        window.show()
        app.processEvents()
        page = window.calculator
        page.select_discipline("RN")
        page.select_service(rules.services_with("H0034")[0].id)
        quantity = page.findChild(QWidget, "quantity")
        result = page.findChild(QWidget, "result")
        if quantity is None or result is None:
            return {"error": "no 'quantity' or 'result' widget on window.calculator"}
        painted = Paints()
        for widget in (result, getattr(result, "viewport", lambda: None)()):
            if widget is not None:
                widget.installEventFilter(painted)
        getter = getattr(result, "toPlainText", None) or result.text

        def put(value: int) -> None:
            if isinstance(quantity, QSpinBox):
                quantity.setValue(value)
            else:
                quantity.setText(str(value))

        def change(value: int) -> float:
            """Seconds from setting ``value`` until the result shows new text, painted."""
            before = getter()
            t0 = time.perf_counter()
            put(value)
            changed_at_paint = None
            while True:
                if changed_at_paint is None and getter() != before:
                    changed_at_paint = Paints.count
                elif changed_at_paint is not None and Paints.count > changed_at_paint:
                    return time.perf_counter() - t0
                if time.perf_counter() - t0 > 2:
                    raise RuntimeError(f"the result did not change within 2 s at {value} min")
                app.processEvents()

        change(100)
        calc = page.current_result()
        if calc is None or not calc.claimable:
            return {"error": "RN, H0034, 100 minutes is not claimable in the window"}
        rng = random.Random(seed)
        values, last = [], 100
        while len(values) < n + 20:
            v = rng.randint(8, 480)
            if v != last:
                values.append(v)
                last = v
        try:
            timed = [change(v) for v in values]
        except RuntimeError as e:
            return {"error": str(e)}
        window.close()
    times = sorted(timed[20:])  # the first 20 warm up; nearest-rank percentiles
    return {"n": len(times), "ms": [times[math.ceil(p * len(times)) - 1] * 1000
                                    for p in (0.5, 0.95, 1.0)]}


# --- d. calculate() and load_rules() (child process) -------------------------------------

def throughput_child(repeats: int, seed: int) -> dict:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(BENCH))
    from make_pack import make_pack

    from core import InputError, Request, calculate, load_rules
    from core.resources import rules_dir

    shipped = load_rules()
    rng = random.Random(seed)
    mix = []
    for entry in shipped.codes:
        if entry.disciplines:
            who = list(entry.disciplines)
        else:
            who = [d.id for d in shipped.disciplines if entry.program in d.programs
                   and (entry.licensed is None or d.licensed == entry.licensed)]
        kind = shipped.basis(entry.unit.basis).quantity
        for _ in range(5):
            quantity = rng.randint(1, 480) if kind == "minutes" else rng.randint(1, 30)
            request = Request(discipline=rng.choice(who) if who else None, code=entry.code,
                              modifiers=entry.modifiers, quantity=quantity, quantity_kind=kind,
                              mode=entry.modes[0] if entry.modes else None,
                              setting=entry.settings[0] if entry.settings else None)
            try:
                calculate(shipped, request)
            except InputError:
                continue
            mix.append(request)
    out: dict = {"mix": len(mix), "packs": {}}
    with tempfile.TemporaryDirectory(prefix="dmc-units-bench-packs-") as tmp:
        folders = {factor: rules_dir() if factor == 1 else
                   make_pack(Path(tmp) / f"x{factor}", factor) for factor in (1, 20, 100)}
        for _ in range(repeats):  # the packs in turn, as the start-up commands are
            for factor, folder in folders.items():
                t0 = time.perf_counter()
                rules = load_rules(folder)
                loaded = time.perf_counter() - t0
                t0 = time.perf_counter()
                for _ in range(PASSES):
                    for request in mix:
                        calculate(rules, request)
                rate = PASSES * len(mix) / (time.perf_counter() - t0)
                pack = out["packs"].setdefault(factor, {"codes": len(rules.codes), "load": [],
                                                        "rate": []})
                pack["load"].append(loaded)
                pack["rate"].append(rate)
    return out


def pack_rows(thr: dict) -> list[tuple]:
    """d. rows: calculate() rates, then load_rules() times, each pack against rules 1x."""
    packs = thr.get("packs", {})
    base = packs.get("1")
    rows = []
    for key, what, measured, unit in (
            ("rate", "calculate()", f"{thr.get('mix')} requests x {PASSES}", "/s"),
            ("load", "load_rules()", "load_rules(folder)", "ms")):
        for factor in ("1", "20", "100"):
            p = packs.get(factor)
            if p is None:
                continue
            grown = factor != "1"
            rows.append((f"d. {what}, rules {factor}x ({p['codes']} codes)",
                         "rules 1x" if grown else "", fmt(spread(base[key]), unit) if grown else "",
                         measured, fmt(spread(p[key]), unit),
                         fmt(spread([a / b for a, b in zip(p[key], base[key])]), "x")
                         if grown else ""))
    return rows


def child(flag: str, *args: object) -> dict:
    """Run this file with ``flag`` in a fresh process; its last stdout line is JSON."""
    try:
        out = subprocess.run([sys.executable, __file__, flag, *map(str, args)], cwd=ROOT,
                             env=child_env(), capture_output=True, timeout=TIMEOUT * 5)
        lines = out.stdout.decode().strip().splitlines()
        if out.returncode != 0 or not lines:
            return {"error": f"exit {out.returncode}: {out.stderr.decode()[-300:].strip()}"}
        return json.loads(lines[-1])
    except (OSError, subprocess.SubprocessError, ValueError) as e:
        return {"error": f"{type(e).__name__}: {e}"}


# --- e. the audit -------------------------------------------------------------------------

def audit_rows(runs: int, lines: int) -> tuple[list[tuple], list[str]]:
    """e. rows: the audit of a CSV export against reading it with csv; its peak memory
    against a tenth of the lines (flat if streamed); the same lines as XLSX against CSV."""
    py = sys.executable
    probe = subprocess.run([py, "-m", "core", "audit", "--help"], cwd=ROOT, env=child_env(),
                           capture_output=True, timeout=TIMEOUT)
    if probe.returncode != 0:
        return [("e. audit of an export", "csv.reader", "TODO", "python -m core audit FILE",
                 "TODO: not measured", "`python -m core audit` does not exist yet")], []
    with tempfile.TemporaryDirectory(prefix="dmc-units-bench-audit-") as tmp:
        files = {}
        for name, n in (("csv", lines), ("small", lines // 10), ("xlsx", lines)):
            files[name] = os.path.join(tmp, f"{name}.{'xlsx' if name == 'xlsx' else 'csv'}")
            say(f"audit: writing {n:,} lines to {files[name]} (bench/make_audit_file.py)")
            subprocess.run([py, str(BENCH / "make_audit_file.py"), files[name], "--lines",
                            str(n)], cwd=ROOT, env=child_env(), check=True,
                           capture_output=True, timeout=TIMEOUT * 10)
        say(f"audit: csv.reader, the audit of CSV, XLSX and a tenth, {runs} runs each in turn")
        res = in_turn({"read": [py, "-c", CSV_READ, files["csv"]],
                       **{name: [py, "-m", "core", "audit", path] for name, path in files.items()}},
                      runs)
    rate = lambda r: spread([lines / s for s in series(r, "s")])  # noqa: E731
    audit = f"python -m core audit FILE, {lines:,} lines"
    rows = [
        ("e. audit of a CSV export, lines/s", "csv.reader, the same file",
         fmt(rate(res["read"]), "/s"), audit, fmt(rate(res["csv"]), "/s"),
         fmt(spread(ratios(res["csv"], res["read"], "s")), "x") + " the time"),
        ("e. audit peak memory (RSS)", f"the audit of {lines // 10:,} lines",
         fmt(spread(series(res["small"], "mb")), "MB"), audit,
         fmt(spread(series(res["csv"], "mb")), "MB"),
         fmt(spread(ratios(res["csv"], res["small"], "mb")), "x")),
        ("e. audit of the same lines as XLSX", "the audit of the CSV",
         fmt(spread(series(res["csv"], "s")), "ms"), "python -m core audit FILE.xlsx",
         fmt(spread(series(res["xlsx"], "s")), "ms"),
         fmt(spread(ratios(res["xlsx"], res["csv"], "s")), "x")),
    ]
    return rows, [f"audit {k}: {v}" for k, v in res.items() if isinstance(v, str)]


# --- the run ------------------------------------------------------------------------------

def run(args: argparse.Namespace) -> int:
    py = sys.executable
    rows: list[tuple] = []
    errors: list[str] = []

    startup = {"bare": [py, str(BENCH / "bare_window.py")],
               "app": [py, "-m", "gui", "--bench-startup"]}
    bundle = not args.no_bundle and BUNDLE_EXE.exists()
    if bundle:
        startup["bundle"] = [str(BUNDLE_EXE), "--bench-startup"]
    say(f"start-up: {', '.join(startup)} in turn, {args.runs} runs each")
    st = in_turn(startup, args.runs)
    bare, app = st["bare"], st["app"]
    rows += [
        ("a. start-up to window shown", "bare window", fmt(spread(series(bare, "shown")), "ms"),
         "python -m gui", fmt(spread(series(app, "shown")), "ms"),
         fmt(spread(ratios(app, bare, "shown")), "x")),
        ("a. start-up to first result shown", "bare window (shown)",
         fmt(spread(series(bare, "ready")), "ms"), "python -m gui",
         fmt(spread(series(app, "ready")), "ms"), fmt(spread(ratios(app, bare, "ready")), "x")),
        ("a. peak memory (RSS)", "bare window", fmt(spread(series(bare, "mb")), "MB"),
         "python -m gui", fmt(spread(series(app, "mb")), "MB"),
         fmt(spread(ratios(app, bare, "mb")), "x")),
    ]
    if bundle:
        b = st["bundle"]
        rows += [
            ("a. bundle start-up to first result shown", "python -m gui",
             fmt(spread(series(app, "ready")), "ms"), "dist/dmc-units/dmc-units",
             fmt(spread(series(b, "ready")), "ms"), fmt(spread(ratios(b, app, "ready")), "x")),
            ("a. bundle peak memory (RSS)", "python -m gui", fmt(spread(series(app, "mb")), "MB"),
             "dist/dmc-units/dmc-units", fmt(spread(series(b, "mb")), "MB"),
             fmt(spread(ratios(b, app, "mb")), "x")),
        ]
    errors += [f"{k}: {v}" for k, v in st.items() if isinstance(v, str)]

    say(f"latency: {args.changes} random quantities")
    lat = child("--latency-child", args.changes, args.seed)
    rows.append(("b. quantity set to new result painted (RN, H0034, 8-480 min)", "", "",
                 "window, in process", "n/a" if "ms" not in lat else ", ".join(
                     f"{name} {v:.1f} ms" for name, v in zip(("p50", "p95", "max"), lat["ms"])),
                 ""))
    if "error" in lat:
        errors.append(f"latency: {lat['error']}")

    say(f"CLI: python -c pass, python -c 'import pydantic', the CLI in turn, {args.runs} runs each")
    cli = in_turn({"pass": [py, "-c", "pass"], "pydantic": [py, "-c", "import pydantic"],
                   "cli": [py, *CLI_ARGS]}, args.runs)
    rows += [
        ("c. CLI cold start (calc H0034 RN 100 min)", "python -c pass",
         fmt(spread(series(cli["pass"], "s")), "ms"), "python -m core calc ...",
         fmt(spread(series(cli["cli"], "s")), "ms"),
         fmt(spread(ratios(cli["cli"], cli["pass"], "s")), "x")),
        ("c. CLI cold start against importing pydantic", "python -c 'import pydantic'",
         fmt(spread(series(cli["pydantic"], "s")), "ms"), "python -m core calc ...",
         fmt(spread(series(cli["cli"], "s")), "ms"),
         fmt(spread(ratios(cli["cli"], cli["pydantic"], "s")), "x")),
    ]
    errors += [f"{k}: {v}" for k, v in cli.items() if isinstance(v, str)]

    say("calculate() and load_rules() with the rules 1x, 20x, 100x")
    thr = child("--throughput-child", args.repeats, args.seed)
    rows += pack_rows(thr)
    if "error" in thr:
        errors.append(f"throughput: {thr['error']}")

    more_rows, more_errors = audit_rows(max(3, args.runs // 3), args.audit_lines)
    rows += more_rows
    errors += more_errors

    if bundle:
        size = sum(os.lstat(os.path.join(d, n)).st_size
                   for d, dirs, files in os.walk(BUNDLE) for n in dirs + files)
        rows.append(("f. bundle size", "", "", "dist/dmc-units",
                     f"{size / 1e6:.1f} MB ({size / 2**20:.1f} MiB)", ""))
    text = report(args, rows, errors, bundle, lat, thr)
    print(text)
    if args.write:
        doc = (f"# Performance\n\nWritten by `./dev bench --write {args.write}` "
               f"(bench/bench.py: its docstring says what each row measures and how).\n"
               f"Re-run it after changes to the app. A `## Notes` section at the end is\n"
               f"written by hand and kept by the bench.\n\n" + text
               + notes_section(Path(args.write)))
        Path(args.write).write_text(doc, encoding="utf-8")
        say(f"wrote {args.write}")
    return 0


def report(args, rows, errors, bundle, lat, thr) -> str:
    try:
        rev = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT,
                             capture_output=True, text=True, timeout=10).stdout.strip()
    except OSError:
        rev = ""
    info = [
        f"- date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}"
        + (f", code at git {rev}" if rev else ""),
        f"- machine: {platform.platform()}, {os.cpu_count()} CPUs. On a machine of 2 shared "
        "cores absolute times move about 2x between quiet and busy periods; the ratios, "
        "taken run by run, move less.",
        f"- Python {platform.python_version()} ({sys.executable}), Qt platform "
        f"{child_env()['QT_QPA_PLATFORM']}",
        f"- a. and c.: {args.runs} runs of each command after one warm-up, in turn; "
        f"b.: {lat.get('n', args.changes)} quantities; d.: {args.repeats} repeats "
        f"over a mix of {thr.get('mix', '?')} requests; values are median [min-max]",
        "- bytecode: " + ("as this environment has it (--bytecode-as-is)" if PYCACHE is None
                          else "compiled by the warm-up run into a cache of the bench's own "
                               "and reused, as an installed app has it"),
    ]
    if not bundle:
        info.append("- the bundle was not measured in this run ("
                    + ("--no-bundle" if args.no_bundle else "not built: ./dev bundle") + ")")
    info += [f"- n/a: {e}" for e in errors]
    head = ("what", "baseline", "value", "measured", "value", "ratio, run by run")
    table = [f"| {' | '.join(head)} |", f"|{'---|' * len(head)}"]
    table += [f"| {' | '.join(r)} |" for r in rows]
    return "\n".join(info) + "\n\n" + "\n".join(table) + "\n"


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
    ap.add_argument("--runs", type=int, default=11, help="runs per command (a., c.)")
    ap.add_argument("--changes", type=int, default=1000, help="quantities for latency (b.)")
    ap.add_argument("--repeats", type=int, default=5, help="repeats per rules pack (d.)")
    ap.add_argument("--seed", type=int, default=1, help="for the random quantities")
    ap.add_argument("--audit-lines", type=int, default=AUDIT_LINES,
                    help="lines of the generated export (e.)")
    ap.add_argument("--write", metavar="FILE", help="also write the results as Markdown here")
    ap.add_argument("--no-bundle", action="store_true", help="leave the bundle out")
    ap.add_argument("--bytecode-as-is", action="store_true",
                    help="no bytecode cache of the bench's own")
    ap.add_argument("--latency-child", nargs=2, type=int, help=argparse.SUPPRESS)
    ap.add_argument("--throughput-child", nargs=2, type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.latency_child:
        print(json.dumps(latency_child(*args.latency_child)))
        return 0
    if args.throughput_child:
        print(json.dumps(throughput_child(*args.throughput_child)))
        return 0
    global PYCACHE, SCRATCH
    with tempfile.TemporaryDirectory(prefix="dmc-units-bench-") as scratch:
        SCRATCH = scratch
        if not args.bytecode_as_is:
            PYCACHE = os.path.join(scratch, "pycache")
        return run(args)


if __name__ == "__main__":
    sys.exit(main())
