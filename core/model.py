"""What a clinician asks (:class:`Request`) and what the core answers (:class:`Calculation`).

The GUI and the CLI build a ``Request``, call :func:`core.calculate`, and show the
``Calculation`` as it comes: every sentence, number and citation in it is the core's.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .rules import Mode, NoteKind, QuantityKind


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NonBillable(_Frozen):
    """Minutes the clinician records that are not direct service: shown, never counted."""

    travel: int = Field(default=0, ge=0)
    documentation: int = Field(default=0, ge=0)
    activities: int = Field(default=0, ge=0, description="seed 004's not-billable activities")

    @property
    def total(self) -> int:
        return self.travel + self.documentation + self.activities


class Request(_Frozen):
    """One question: who, what, how much, how and where.

    Give a ``service`` (the engine picks the code) or a ``code`` with ``modifiers``
    (the engine answers for that code), or both (the code must be one of the service's).
    ``quantity`` is minutes, days, months or a count, as ``quantity_kind`` says.
    ``mode`` None means not stated (in person when the engine must choose).
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
    activities: tuple[str, ...] = Field(default=(), description="seed 004 activity ids done")


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

    field: Literal["discipline", "setting", "mode", "quantity"]
    text: str


class NoteOut(_Frozen):
    kind: NoteKind
    text: str
    source: str


class Calculation(_Frozen):
    """The finished answer. ``to_contract()`` is the CLI's JSON; ``plain_text()`` the copy."""

    claimable: bool
    lines: tuple[ClaimLine, ...]
    steps: tuple[str, ...]
    next_unit_minutes: int | None
    minutes_to_next_unit: int | None = None  # how many more minutes reach the next unit
    notes: tuple[NoteOut, ...]
    reason: str | None
    #: what keeps it from being claimable, by input (the reason, split up for the window)
    problems: tuple[Problem, ...] = ()
    # context, for display
    code_key: str | None = None
    code_name: str | None = None
    program: str | None = None
    service: str | None = None
    discipline: str | None = None
    quantity: int = 0
    quantity_label: str = ""
    basis: str | None = None
    source: str | None = None
    rules_version: str = ""

    @property
    def units(self) -> int:
        return sum(line.units for line in self.lines)

    def to_contract(self) -> dict:
        """The stable ``calc --json`` object."""
        return {
            "claimable": self.claimable,
            "lines": [
                {"code": ln.code, "modifiers": list(ln.modifiers), "units": ln.units}
                for ln in self.lines
            ],
            "steps": list(self.steps),
            "next_unit_minutes": self.next_unit_minutes,
            "notes": [{"kind": n.kind, "text": n.text, "source": n.source} for n in self.notes],
            "reason": self.reason,
        }

    def headline(self) -> str:
        """One line: what to claim, or that nothing can be claimed."""
        if self.claimable:
            return "; ".join(
                f"{ln.label} x {ln.units} unit{'s' if ln.units != 1 else ''}" for ln in self.lines)
        return f"Not claimable: {self.code_key}" if self.code_key else "Not claimable"

    def plain_text(self) -> str:
        """A summary to paste into a progress note: no date, nothing about the client."""
        out = [self.headline()]
        if self.code_name:
            out.append(f"Service: {self.code_name}" + (f" ({self.program})" if self.program else ""))
        if self.quantity_label:
            out.append(f"Time/quantity: {self.quantity_label}")
        if self.discipline:
            out.append(f"Discipline: {self.discipline}")
        if self.reason:
            out.append(f"Why not: {self.reason}")
        out.append("Calculation:")
        out.extend(f"  {s}" for s in self.steps)
        if self.source:
            out.append(f"Source: {self.source}")
        if self.rules_version:
            out.append(f"Rules: {self.rules_version}")
        return "\n".join(out)
