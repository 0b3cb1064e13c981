"""``calculate()``'s CPU time per call on the audit's request mix.

    .venv/bin/python bench/make_audit_file.py /tmp/b200k.csv --lines 200000
    .venv/bin/python bench/engine_speed.py collect /tmp/b200k.csv /tmp/b200k-requests.pickle
    .venv/bin/python bench/engine_speed.py time /tmp/b200k-requests.pickle --runs 5
    .venv/bin/python bench/engine_speed.py time /tmp/b200k-requests.pickle --before d3d7dd5

``collect`` audits FILE with ``core.audit.calculate`` wrapped, so that every Request the
audit asks (one a distinct service, the memo answers the rest) is kept, and pickles them.
``time`` answers them all with ``core.engine.calculate``, ``--runs`` times in turn with
fresh rules each run (the engine keeps what follows from the rules alone in
``rules.derived``: a fresh pack starts with none, as the audit does), and prints the CPU
time (``time.process_time``) per call of each run. With ``--before REV`` each run is made
with the engine of commit REV too, right before (bench/engine_equivalence.py reads it), so
that the two are compared back to back: the machine is shared.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core import audit as audit_module  # noqa: E402
from core.audit import Audit  # noqa: E402
from core.audit_io import LineReader, open_table  # noqa: E402
from core.engine import calculate  # noqa: E402
from core.packs import Library  # noqa: E402
from core.rules import load_rules  # noqa: E402


def collect(file: str, out: str) -> None:
    asked = []
    real = audit_module.calculate

    def keep(rules, request):
        asked.append(request)
        return real(rules, request)

    audit_module.calculate = keep
    try:
        for _ in Audit(Library.discover()).run(LineReader(open_table(file, None))):
            pass
    finally:
        audit_module.calculate = real
    Path(out).write_bytes(pickle.dumps(asked))
    print(f"{len(asked)} requests ({len(set(asked))} distinct) -> {out}")


def _run(answer, requests: list) -> float:
    """CPU seconds ``answer`` takes over the requests, with rules loaded afresh."""
    rules = load_rules()
    start = time.process_time()
    for request in requests:
        try:
            answer(rules, request)
        except Exception:  # noqa: BLE001 - a bad request costs its time too
            pass
    return time.process_time() - start


def time_them(path: str, runs: int, before: str | None) -> None:
    requests = pickle.loads(Path(path).read_bytes())
    engines = [("now", calculate)]
    if before:
        from engine_equivalence import engine_at
        engines.insert(0, (before, engine_at(before).calculate))
    for run in range(runs):
        for name, answer in engines:
            spent = _run(answer, requests)
            print(f"run {run + 1}, {name:>8}: {len(requests)} calls, {spent:.2f} s CPU, "
                  f"{spent / len(requests) * 1e6:.1f} us a call", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("collect")
    c.add_argument("file")
    c.add_argument("out")
    t = sub.add_parser("time")
    t.add_argument("requests")
    t.add_argument("--runs", type=int, default=3)
    t.add_argument("--before", metavar="REV", help="also time the engine of commit REV")
    args = parser.parse_args()
    if args.command == "collect":
        collect(args.file, args.out)
    else:
        time_them(args.requests, args.runs, args.before)


if __name__ == "__main__":
    main()
