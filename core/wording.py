"""How an answer is said to each reader: every sentence that joins its parts, made once.

The engine (core/engine.py) answers in parts that are sentences already: the headline,
each problem, the advice, the worked calculation, the notes (:class:`core.Calculation`).
This module says them to each reader, so that a wording fix lands everywhere:

* :func:`cli_text`: the command line's readable answer (``python -m core calc``);
* :func:`copy_text`: the summary the window's Copy puts on the clipboard, for a progress
  note (``Calculation.plain_text()``);
* the window's result view (gui/widgets/result_view.py) lays out the same parts in
  HTML, with :func:`next_unit`, :func:`source_line`, :func:`units` and :data:`AMOUNT`;
* the day sheet's text (core/day.py ``day_text``) with :func:`units` and :func:`cited`.

Nothing here decides anything: it only words what the answer holds. Nothing about a
client, and no date of service, is ever said.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .vocab import plural

if TYPE_CHECKING:  # core.model imports this module
    from .model import Calculation, NoteOut

#: how Rules.cite() begins the citation of this app's own reading of the sources
READING = "This app's reading"

#: said with a claim whose amount goes on the encounter (the window's claim)
AMOUNT = "Report the amount on the encounter."


def units(n: int) -> str:
    """"1 unit", "7 units"."""
    return plural(n, "unit")


def cited(text: str, source: str) -> str:
    """A sentence with its source after it: "... (Source: ...)"."""
    return f"{text} (Source: {source})"


def source_line(source: str) -> str:
    """The source on a line of its own: "Source: ..."."""
    return f"Source: {source}"


def is_reading(note: NoteOut) -> bool:
    """A note about the rules themselves, or one that rests on this app's reading where
    the sources err, are silent or disagree."""
    return note.kind in ("rules", "errata") or note.source.startswith(READING)


def why_not(calc: Calculation) -> str | None:
    """"Why not: " and the answer's reason (its problems, then its advice)."""
    return f"Why not: {calc.reason}" if calc.reason else None


def next_unit(calc: Calculation) -> tuple[str, str, str] | None:
    """"Next unit at 128 minutes (15 more).", in three parts (before, the minutes, after),
    so the window can set the minutes in bold. None when more minutes would not help."""
    if calc.next_unit_minutes is None:
        return None
    return ("Next unit at ", f"{calc.next_unit_minutes} minutes",
            f" ({calc.minutes_to_next_unit} more).")


def cli_text(calc: Calculation) -> str:
    """The command line's readable answer."""
    out = [calc.title]
    if why := why_not(calc):
        out.append(why)
    if calc.steps:
        out.append("Calculation:")
        out.extend(f"  {s}" for s in calc.steps)
    if nxt := next_unit(calc):
        out.append("".join(nxt))
    if calc.notes:
        out.append("Notes:")
        out.extend(f"  [{n.kind}] {cited(n.text, n.source)}" for n in calc.notes)
    if calc.source:
        out.append(source_line(calc.source))
    out.append(f"Rules: {calc.rules_title}, version {calc.rules_version}, "
               f"in force from {calc.rules_effective} (pack {calc.rules_pack})")
    return "\n".join(out)


def copy_text(calc: Calculation) -> str:
    """A summary to paste into a progress note: what was claimed and how it was worked
    out, with its sources. No date of service, nothing about the client."""
    out = [calc.title]
    if calc.label:
        name = f" ({calc.code_name}, {calc.program})" if calc.code_name else ""
        out.append(f"Code: {calc.label}{name}")
    if calc.claimable:
        out.append(f"Units: {calc.units}")
    if calc.claimable and calc.amount_required:  # as the window says it: with a claim
        out.append("Amount: report the amount on the encounter")
    for label, value in (("Time/quantity", calc.quantity_label),
                         ("Discipline", calc.discipline_label),
                         ("Delivery mode", calc.mode_label),
                         ("Level of care", calc.setting_label)):
        if value:
            out.append(f"{label}: {value}")
    if calc.activities:
        out.append("Activities: " + "; ".join(calc.activities))
    if why := why_not(calc):
        out.append(why)
    if calc.prompt:
        out.append(calc.prompt)
    if calc.steps:
        out.append("Calculation:")
        out.extend(f"  {s}" for s in calc.steps)
    readings = [n for n in calc.notes if is_reading(n)]
    if readings:
        out.append("About these rules, and where the sources are silent or disagree "
                   "(this app's reading):")
        out.extend(f"  {cited(n.text, n.source)}" for n in readings)
    if calc.source:
        out.append(source_line(calc.source))
    if calc.rules_effective:
        out.append(f"Rules in force from {calc.rules_effective} ({calc.rules_title}, "
                   f"version {calc.rules_version}, rules pack {calc.rules_pack}).")
    return "\n".join(out)
