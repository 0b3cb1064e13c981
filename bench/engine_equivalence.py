"""Guard for work on ``core/engine.py``: the engine now answers every request of a large
corpus exactly as the engine of an earlier commit did.

    .venv/bin/python bench/engine_equivalence.py                 # against d3d7dd5
    .venv/bin/python bench/engine_equivalence.py --before HEAD~1 --scale 0.2 --seed 7

The earlier engine is read with ``git show REV:core/engine.py`` into a scratch module of
the ``core`` package (it runs on today's core/model.py and core/rules.py: only the engine
is compared). Each engine gets its own ``load_rules()`` (the engine keeps pieces of answers
in ``rules.derived``), and both answer the same requests in the same shuffled order, so
that what the new engine keeps from one request is tried on the next ones of the same
service in every order.

The corpus (about 600,000 requests at ``--scale 1``, three minutes on two cores), from
the shipped rules: every code entry, with its own modifiers, with the program's telehealth
modifier added, in another order, in lower case, without its modifiers, with an unknown or
a doubled modifier; every service by id (and in capitals), with each of its codes and with
a code not its own; neither, an unknown code, an unknown service. Each of those with every
discipline and none (an alias, an unknown one), every delivery mode and none, and a level
of care (each of them and none, an unknown one, across the corpus); quantities of the
kind the code counts, minutes from 0 to 600 in steps of one near the minimums and unit
edges, 1440 and 1441; some of another kind; some with travel, documentation or
not-billable activity minutes, ticked activities (an unknown one too), a quantity kept
from another service, a date past the review date or before the pack.

For each request: the answer's ``model_dump()`` and ``model_dump_json()`` (fields in the
same order), ``==``, ``hash``, ``model_fields_set``, ``to_contract()`` and ``plain_text()``
must be the same, or the same error type and message; now and then, the answer is checked
to be frozen still.
The first differences are printed; the exit status is 1 if there is any. Not a test: too
slow for the suite. Rerun it before committing a change to the engine.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core import engine as engine_now  # noqa: E402
from core.model import Kept, NonBillable, Request  # noqa: E402
from core.rules import Rules, load_rules  # noqa: E402


def engine_at(rev: str):
    """``core/engine.py`` as it was at ``rev``, as a module of the ``core`` package."""
    text = subprocess.run(["git", "show", f"{rev}:core/engine.py"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout
    name = "core._engine_before"
    spec = importlib.util.spec_from_loader(name, loader=None)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    module.__package__ = "core"
    sys.modules[name] = module  # dataclasses look their module up
    exec(compile(text, f"{rev}:core/engine.py", "exec"), module.__dict__)  # noqa: S102
    return module


def _quantities(rules: Rules) -> dict[str, list[int]]:
    """Quantities to ask, by kind: every edge of every unit, and a spread between."""
    minutes = set(range(0, 41)) | set(range(0, 601, 5)) | {1440, 1441}
    for e in rules.codes:
        u = e.unit
        for edge in (u.minimum, u.maximum):
            if edge:
                minutes |= {edge - 1, edge, edge + 1}
        if u.length and u.minimum:
            for whole in range(0, 600 // u.length + 1):
                at = whole * u.length + u.minimum
                minutes |= {at - 1, at, at + 1, whole * u.length}
    return {"minutes": sorted(m for m in minutes if m >= 0),
            "days": [*range(0, 32), 60, 365, 366, 367],
            "months": [*range(0, 14)],
            "count": [*range(0, 21), 50, 100, 101]}


def _asks(rules: Rules) -> list[dict]:
    """What is asked for: a code, a service, both, or neither, each with the kinds of
    quantity its codes count."""
    kinds = {e.key: rules.basis(e.unit.basis).quantity for e in rules.codes}
    asks: list[dict] = []
    for e in rules.codes:
        kind = kinds[e.key]
        tele = rules.program(e.program).telehealth_modifier
        asks.append({"code": e.code, "modifiers": e.modifiers, "kind": kind})
        if tele and tele not in e.modifiers:
            asks.append({"code": e.code, "modifiers": (*e.modifiers, tele), "kind": kind})
            asks.append({"code": e.code, "modifiers": (tele, *e.modifiers), "kind": kind})
        if len(e.modifiers) > 1:
            asks.append({"code": e.code, "modifiers": e.modifiers[::-1], "kind": kind})
        asks.append({"code": f" {e.code.lower()} ",
                     "modifiers": tuple(f" {m.lower()}" for m in e.modifiers), "kind": kind})
        if e.modifiers:
            asks.append({"code": e.code, "modifiers": (), "kind": kind, "rare": True})
            asks.append({"code": e.code, "modifiers": (*e.modifiers, e.modifiers[0]),
                         "kind": kind, "rare": True})
        asks.append({"code": e.code, "modifiers": (*e.modifiers, "ZZ"), "kind": kind,
                     "rare": True})
    for s in rules.services:
        for kind in dict.fromkeys(kinds[o.key] for o in s.options):
            asks.append({"service": s.id, "kind": kind})
            asks.append({"service": s.id.upper(), "kind": kind, "rare": True})
        for o in s.options:
            asks.append({"service": s.id, "code": o.code, "modifiers": o.modifiers,
                         "kind": kinds[o.key]})
        other = next(e for e in rules.codes if e.key not in {o.key for o in s.options})
        asks.append({"service": s.id, "code": other.code, "modifiers": other.modifiers,
                     "kind": kinds[other.key], "rare": True})
    asks.append({"kind": "minutes"})
    asks.append({"code": "ZZZZ9", "kind": "minutes", "rare": True})
    asks.append({"service": "no-such-service", "kind": "minutes", "rare": True})
    return asks


def corpus(rules: Rules, scale: float, seed: int) -> list[Request]:
    rnd = random.Random(seed)
    quantities = _quantities(rules)
    m = rules.manifest
    first, late = m.effective_from, m.review_by + timedelta(days=1)
    disciplines = [None, *(d.id for d in rules.disciplines), "sud counselor", "nobody"]
    modes = [None, "in-person", "telehealth", "phone"]
    settings = [None, *(s.id for s in rules.settings), "nowhere"]
    services = [s.id for s in rules.services]
    activities = [a.id for a in rules.activities]
    per_shape = max(1, round(5 * scale))
    requests: list[Request] = []

    def extras() -> dict:
        """Now and then: not-billable minutes, activities, a kept quantity, another date."""
        x: dict = {}
        roll = rnd.random()
        if roll < 0.04:
            x["non_billable"] = NonBillable(
                travel=rnd.choice((0, 10, 1441)), documentation=rnd.choice((0, 5)),
                activity_minutes=rnd.choice((0, 0, 5, 30, 700)))
        elif roll < 0.07:
            x["activities"] = tuple(rnd.sample(activities, rnd.choice((1, 2))))
            if rnd.random() < 0.5:
                x["non_billable"] = NonBillable(activity_minutes=rnd.choice((5, 20)))
            if rnd.random() < 0.1:
                x["activities"] += ("no-such-activity",)
        elif roll < 0.09:
            x["kept"] = Kept(service=rnd.choice((*services, "gone")),
                             mode=rnd.random() < 0.5)
        roll = rnd.random()
        x["date_of_service"] = first if roll < 0.9 else late if roll < 0.99 \
            else first - timedelta(days=1)
        return x

    def ask(a: dict, discipline, mode, setting, how_many: int) -> None:
        kind = a["kind"]
        if rnd.random() < 0.02:  # a quantity of another kind than the code counts
            kind = rnd.choice([k for k in quantities if k != kind])
        for q in rnd.sample(quantities[kind], min(how_many, len(quantities[kind]))):
            requests.append(Request(
                discipline=discipline, service=a.get("service"), code=a.get("code"),
                modifiers=a.get("modifiers", ()), quantity=q, quantity_kind=kind, mode=mode,
                setting=setting, **extras()))

    for a in _asks(rules):
        many = 0.1 if a.get("rare") else 1.0
        # every discipline with every mode, in no level of care or one of them
        for d in disciplines:
            for mode in modes:
                for setting in (None, rnd.choice(settings)):
                    if rnd.random() < many:
                        # a few shapes get every quantity, the others a few
                        full = rnd.random() < 0.01 * scale
                        ask(a, d, mode, setting, 10_000 if full else per_shape)
        # every level of care with every mode, by a discipline picked at random
        for setting in settings:
            for mode in modes:
                if rnd.random() < many:
                    ask(a, rnd.choice(disciplines), mode, setting, per_shape)
    rnd.shuffle(requests)
    return requests


def _answer(engine, rules: Rules, request: Request):
    try:
        calc = engine.calculate(rules, request)
    except Exception as exc:  # noqa: BLE001 - a bug must be the same bug too
        return ("raised", type(exc).__name__, str(exc)), None
    return ("answered", calc.model_dump(), calc.model_dump_json(), hash(calc),
            frozenset(calc.model_fields_set), calc.to_contract(), calc.plain_text()), calc


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="d3d7dd5", help="the commit to compare with")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="corpus size: 1 is about 600,000 requests")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--show", type=int, default=5, help="differences printed at most")
    args = parser.parse_args()
    before = engine_at(args.before)
    rules_before, rules_now = load_rules(), load_rules()
    requests = corpus(load_rules(), args.scale, args.seed)
    print(f"{len(requests)} requests, engine at {args.before} against core/engine.py now",
          flush=True)
    start, different, raised = time.monotonic(), 0, 0
    for n, request in enumerate(requests, 1):
        then, calc_then = _answer(before, rules_before, request)
        now, calc = _answer(engine_now, rules_now, request)
        raised += then[0] == "raised"
        if then != now or calc_then != calc:
            different += 1
            if different <= args.show:
                print(f"DIFFERENT for {request!r}:\n  before: {then!r}\n  now:    {now!r}")
        elif calc is not None and n % 1000 == 0:
            try:  # still frozen
                calc.title = "changed"  # type: ignore[misc]
            except ValueError:
                pass
            else:
                different += 1
                print(f"NOT FROZEN: the answer to {request!r}")
        if n % 100_000 == 0:
            print(f"  {n} asked, {different} different ({time.monotonic() - start:.0f} s)",
                  flush=True)
    print(f"{len(requests)} requests ({raised} refused), {different} answered differently")
    return 1 if different else 0


if __name__ == "__main__":
    raise SystemExit(main())
