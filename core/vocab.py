"""The app's fixed vocabulary, defined once: delivery modes, quantity kinds, note kinds.

These are words, not billing rules: which mode adds which modifier, or which note applies
where, is in the rules data. The rules models type their fields with the ``Literal``\\ s
below; the catalog and the window show the labels and titles.
"""

from __future__ import annotations

from typing import Literal, get_args

Mode = Literal["in-person", "telehealth", "phone"]
QuantityKind = Literal["minutes", "days", "months", "count"]
NoteKind = Literal["rules", "eligibility", "IMS/MAT", "lockout", "care coordination", "billing",
                   "errata"]
#: the inputs a problem with a request can concern
ProblemField = Literal["discipline", "setting", "mode", "quantity", "activities"]

#: (mode, label), in the order a picker offers them
MODES: tuple[tuple[str, str], ...] = (
    ("in-person", "In person"),
    ("telehealth", "Telehealth (video)"),
    ("phone", "Phone / audio only"),
)
MODE_LABELS = dict(MODES)

QUANTITY_KINDS: tuple[str, ...] = get_args(QuantityKind)
#: a quantity kind as a request gives it, in words ("give the number of days, not a count")
QUANTITY_GIVEN = {"minutes": "minutes", "days": "days", "months": "months", "count": "a count"}

#: (kind, title), in the order an answer shows them
NOTE_KINDS: tuple[tuple[str, str], ...] = (
    ("rules", "About these rules"),
    ("eligibility", "Who may claim it"),
    ("IMS/MAT", "Incidental Medical Services and MAT"),
    ("lockout", "Lockouts and same-day claiming"),
    ("care coordination", "Care coordination"),
    ("billing", "Billing"),
    ("errata", "Where the sources err, disagree or are silent: this app's reading"),
)
NOTE_ORDER: tuple[str, ...] = tuple(kind for kind, _ in NOTE_KINDS)

assert set(MODE_LABELS) == set(get_args(Mode))
assert set(NOTE_ORDER) == set(get_args(NoteKind))
assert set(QUANTITY_GIVEN) == set(QUANTITY_KINDS)


def plural(n: int, one: str, many: str | None = None) -> str:
    """``n`` and the word for it, the one way core counts things in words: "1 minute",
    "0 minutes", "7 units" (``many``: the plural when it is not ``one`` + "s")."""
    return f"{n} {one if n == 1 else many or one + 's'}"
