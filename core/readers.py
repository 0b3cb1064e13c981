"""Numbers and dates as typed or exported, read strictly: the one reader of each that the
CLI, the audit and the window's fields share, so that all three accept the same.

Python's own readers accept more than a person means: ``int()`` takes ``1_00`` (100),
``+5``, Arabic-Indic ``١٠٠`` and fullwidth ``１００``; ``float()`` takes ``1e2``, ``nan``,
``inf``; ``date.fromisoformat()`` takes ``2025-W10-1`` (an ISO week) and ``20250310``;
``strptime`` takes ``２０２５-03-10``. None of those is read here: what is not in the forms
below is refused (InputError), and the caller shows it as typed.

Numbers (:func:`whole_number`): digits 0-9, optionally with a decimal part of zeros only
(``100.00``, as a spreadsheet formats a number), spaces around ignored. No sign, no
grouping (``1,000``), no exponent, no other script's digits.

Dates (:func:`date_of_service`): ``YYYY-MM-DD`` or ``MM/DD/YYYY`` (the US order Excel
writes; month and day of one or two digits), digits 0-9. With ``time_of_day=True`` (an
export's cell), a time may follow after a space or ``T``: ``H:MM``, ``H:MM:SS``,
``H:MM:SS.ffffff``, with ``AM``/``PM`` or not; it must be a real time, and is not kept.
"""

from __future__ import annotations

import re
from datetime import date

from .errors import InputError

#: what a date may be typed as, for messages
DATE_FORMS = "YYYY-MM-DD or MM/DD/YYYY"

_WHOLE = re.compile(r"([0-9]+)(?:\.0+)?")
_NEGATIVE = re.compile(r"-[0-9]+(?:\.[0-9]+)?")
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_US = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_TIME = re.compile(r"[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]{1,6})?)?"
                   r"(?: ?([AaPp][Mm]))?")


def whole_number(text: str) -> int:
    """The whole number ``text`` states (see the module's doc); InputError saying why not
    (negative; not a whole number; too long to be read), naming the text as typed (a long
    text by its start, end and length, so that the message stays one short line)."""
    typed = text.strip()
    found = _WHOLE.fullmatch(typed)
    if found:
        try:
            return int(found[1])
        except ValueError:  # more digits than Python converts (4,300): no count is that long
            raise InputError(f"{shown(typed)} is too long to be a number") from None
    if _NEGATIVE.fullmatch(typed):
        raise InputError(f"{shown(typed)} is negative")
    raise InputError(f"{shown(typed)} is not a whole number (digits 0-9 only)")


def amount(text: str, unit: str, maximum: int) -> int | None:
    """A quantity typed in a field (the window's minutes, days, months, counts): None when
    nothing is typed; else the whole number, or InputError saying why it cannot be used, in
    words for the person who typed it (not a whole number; more than ``maximum``, the most
    one claim can hold, which the caller takes from the rules' quantity kinds)."""
    typed = text.strip()
    if not typed:
        return None
    try:
        value = whole_number(typed)
    except InputError:
        raise InputError(f"{shown(typed, quote='“”')} is not a whole number of {unit}: "
                         "type digits only, for example 45.") from None
    if value > maximum:
        raise InputError(f"{shown(str(value), quote='')} {unit} is more than the {maximum} "
                         f"{unit} one claim can hold. Check the number.")
    return value


def shown(typed: str, room: int = 40, quote: str | None = None) -> str:
    """``typed`` quoted for a message: whole when it is short, else its start and end
    around an ellipsis, with its length (``'99999999999999999999…9999' (5,000 characters)``).
    ``quote``: the opening and closing marks instead of Python's quotes ("" for none)."""
    if quote is None:
        if len(typed) <= room:
            return repr(typed)
        start, end = repr(typed[:room - 20]), repr(typed[-4:])
        return f"{start[:-1]}…{end[1:]} ({len(typed):,} characters)"
    opening, closing = (quote[0], quote[-1]) if quote else ("", "")
    if len(typed) <= room:
        return f"{opening}{typed}{closing}"
    return f"{opening}{typed[:room - 20]}…{typed[-4:]}{closing} ({len(typed):,} characters)"


def date_of_service(text: str, *, time_of_day: bool = False) -> date:
    """The date ``text`` states (see the module's doc); InputError when it is not one of
    the forms, or not a day of the calendar (2025-02-30)."""
    typed = text.strip()
    for form in (_ISO, _US):
        found = form.match(typed)
        if found:
            break
    rest = typed[found.end():] if found else ""
    if found and (not rest or time_of_day and _real_time(rest)):
        year, month, day = ((found[1], found[2], found[3]) if form is _ISO
                            else (found[3], found[1], found[2]))
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise InputError(f"{typed!r} is not a date: no such day in the "
                             f"calendar") from None
    raise InputError(f"{typed!r} is not a date ({DATE_FORMS})")


def _real_time(text: str) -> bool:
    found = _TIME.fullmatch(text)
    if not found:
        return False
    hour, minute, second = int(found[1]), int(found[2]), int(found[3] or 0)
    hours = range(1, 13) if found[4] else range(24)
    return hour in hours and minute < 60 and second < 60
