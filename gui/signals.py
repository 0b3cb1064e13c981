"""Emitting Qt signals from Python, safely on every PySide6 6.x.

PySide6 6.12.0 has a reference-counting bug: ``SignalInstance.emit()`` (and
``SignalInstance.disconnect(slot)``) return ``True`` without a new reference, so each
call takes one reference away from ``True``. Under Python 3.11, where ``True`` is an
ordinary object, a few thousand emits bring its count to zero and the interpreter
aborts ("Fatal Python error: bool_dealloc"), in the middle of a session or at exit.
(Python 3.12 made ``True`` immortal, so it only bites on 3.11, the version we ship.)

:func:`emit` emits, and when this PySide6 has the bug (checked once, by emitting a
probe signal), gives the reference back. Giving back a reference that was not taken
would only keep ``True`` alive, which it always is, so the repair is safe either way.
Every ``.emit`` in ``gui`` goes through here.
"""

from __future__ import annotations

import ctypes
import sys
from functools import cache

from PySide6.QtCore import QObject, Signal, SignalInstance


class _Probe(QObject):
    ping = Signal()


@cache
def emit_steals_a_reference() -> bool:
    """True when ``SignalInstance.emit`` returns a borrowed ``True`` (PySide6 6.12)."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.ping.emit()
    after = sys.getrefcount(True)
    if before - after >= 8:
        for _ in range(8):
            give_back(True)
        return True
    return False


def give_back(value: object) -> None:
    """Add the one reference to ``value`` that a buggy call took away."""
    try:
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(value))
    except (AttributeError, OSError):  # pragma: no cover - no C API: keep it alive instead
        _KEPT.append(value)


_KEPT: list[object] = []


def emit(signal: SignalInstance, *args: object) -> None:
    """``signal.emit(*args)``, without PySide6 6.12's lost reference."""
    result = signal.emit(*args)
    if emit_steals_a_reference():
        give_back(result)
