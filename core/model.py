"""What a clinician asks (:class:`Request`) and what the core answers (:class:`Calculation`).

The GUI and the CLI build a ``Request``, call :func:`core.calculate`, and show the
``Calculation`` as it comes: its status, headline, every sentence, number and citation
are the core's. Nothing here is about a client.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .vocab import Mode, NoteKind, ProblemField, QuantityKind
from .wording import copy_text

Status = Literal["claimable", "not_claimable", "incomplete"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NonBillable(_Frozen):
    """Minutes recorded that are not direct service.

    ``travel`` and ``documentation`` happen outside the session: shown, never counted.
    ``activity_minutes`` are the part of the session spent on not-billable care
    coordination activities: taken out of the session's minutes.
    """

    travel: int = Field(default=0, ge=0)
    documentation: int = Field(default=0, ge=0)
    activity_minutes: int = Field(default=0, ge=0)

    @property
    def total(self) -> int:
        return self.travel + self.documentation + self.activity_minutes


class Kept(_Frozen):
    """Inputs the window kept when the user moved to another service, not yet confirmed:
    the quantity, and the delivery mode when ``mode`` is True, were entered for the
    service ``service`` (its id). The CLI and the audit never keep anything."""

    service: str
    mode: bool = False


class Request(_Frozen):
    """One question: who, what, how much, how and where.

    Give a ``service`` (the engine picks the code) or a ``code`` with ``modifiers``
    (the engine answers for that code), or both (the code must be one of the service's),
    or neither (the answer is "incomplete": choose a service).
    ``quantity`` is minutes, days, months or a count, as ``quantity_kind`` says.
    ``mode`` None means not stated (in person when the engine must choose).
    ``kept``: the quantity (and mode) were kept from another service and the user has not
    yet confirmed or changed them: nothing is claimable until they do (the answer says so).
    """

    discipline: str | None = None
    service: str | None = None
    code: str | None = None
    modifiers: tuple[str, ...] = ()
    quantity: int = Field(default=0, ge=0)
    quantity_kind: QuantityKind = "minutes"
    mode: Mode | None = None
    setting: str | None = None
    non_billable: NonBillable = NonBillable()
    activities: tuple[str, ...] = Field(default=(), description="care coordination activity ids")
    #: the day the service was given: it picks the rules pack in force (core.packs)
    date_of_service: date = Field(default_factory=date.today)
    kept: Kept | None = None


class ClaimLine(_Frozen):
    code: str
    modifiers: tuple[str, ...]
    units: int
    amount_required: bool = False

    @property
    def label(self) -> str:
        return " ".join((self.code, *self.modifiers))


class Problem(_Frozen):
    """One thing that keeps a request from being claimable, and the input it concerns."""

    field: ProblemField
    text: str
    source: str | None = None  #: the citation of the rule it rests on


class NoteOut(_Frozen):
    kind: NoteKind
    text: str
    source: str


class Calculation(_Frozen):
    """The finished answer, in parts: status and headline, the claim's lines, the problems
    (each with the input it concerns), the advice, the worked calculation, the notes, and
    what was answered from which rules pack. ``reason`` joins the problems and the advice;
    ``to_contract()`` is the CLI's JSON; core/wording.py words it for every reader."""

    status: Status
    title: str  #: the one-line headline, e.g. "Claimable: H0034, 7 units"
    lines: tuple[ClaimLine, ...] = ()
    #: what keeps it from being claimable, each with the input it concerns
    problems: tuple[Problem, ...] = ()
    #: said after the problems: what would make it claimable ("Use H2015 instead."), why
    #: the service's other codes do not fit either, the code's notes for the discipline
    advice: tuple[str, ...] = ()
    #: another code of the same service that would be claimable for this request (the
    #: advice's "Use ... instead"), e.g. "T1016 U8 GQ"; None when there is none
    alternative: str | None = None
    prompt: str | None = None  #: for an incomplete request: what to enter next
    #: for an incomplete request, the input it waits for
    needs: Literal["service", "discipline", "quantity"] | None = None
    steps: tuple[str, ...] = ()  #: the worked calculation, worded as the source's examples
    #: the smallest minute count that claims one more unit, only where more minutes would
    #: make (or raise) the claim; None otherwise
    next_unit_minutes: int | None = None
    minutes_to_next_unit: int | None = None
    notes: tuple[NoteOut, ...] = ()  #: in display order (vocab.NOTE_KINDS)
    # what was answered, for display and the copy summary
    label: str | None = None  #: code and modifiers as claimed, e.g. "T2040 U6 GQ"
    code_name: str | None = None
    code_type: str | None = None
    program: str | None = None
    discipline_label: str | None = None
    mode_label: str | None = None
    setting_label: str | None = None
    activities: tuple[str, ...] = ()  #: the ticked activities, as worded in the source
    amount_required: bool = False
    quantity_label: str = ""
    basis: str | None = None
    source: str | None = None
    #: where the claim's modifiers add to the code's own (GQ for a Community Supports service
    #: given remotely): the citation of the rule that adds them; None when nothing is added
    modifier_source: str | None = None
    # the rules pack answered from
    rules_title: str = ""
    rules_version: str = ""
    rules_effective: str = ""
    rules_pack: str = ""  #: the id of the rules pack answered from
    #: the question this answers, as asked (so a day sheet line can be opened again)
    request: Request | None = None

    @property
    def claimable(self) -> bool:
        return self.status == "claimable"

    @property
    def units(self) -> int:
        return sum(line.units for line in self.lines)

    @property
    def reason(self) -> str | None:
        """Why it is not claimable, with what would make it so, as one paragraph: the
        problems, then the advice. None when nothing keeps it from being claimable."""
        return " ".join((*(p.text for p in self.problems), *self.advice)) or None

    def headline(self) -> str:
        return self.title

    def to_contract(self) -> dict:
        """The stable ``calc --json`` object."""
        return {
            "status": self.status,
            "claimable": self.claimable,
            "headline": self.title,
            "lines": [
                {"code": ln.code, "modifiers": list(ln.modifiers), "units": ln.units,
                 "amount_required": ln.amount_required}
                for ln in self.lines
            ],
            "steps": list(self.steps),
            "next_unit_minutes": self.next_unit_minutes,
            "notes": [{"kind": n.kind, "text": n.text, "source": n.source} for n in self.notes],
            "reason": self.reason,
            "problems": [{"field": p.field, "text": p.text} for p in self.problems],
            "source": self.source,
            "rules_version": self.rules_version,
            "rules_pack": self.rules_pack,
        }

    def plain_text(self) -> str:
        """A summary to paste into a progress note (the window's Copy): core.wording."""
        return copy_text(self)
