"""A working day of input changes does not wear out ``True``.

PySide6-Essentials 6.12.0 returns a borrowed ``True`` from ``SignalInstance.emit()`` and
``disconnect()``: on Python 3.11 a few thousand emits abort the interpreter
("Fatal Python error: bool_dealloc"). pyproject.toml keeps PySide6 below 6.12; these
tests fail, instead of the app crashing, if a version with that bug comes back.
"""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QObject, Signal, Slot


class _Sender(QObject):
    changed = Signal(object)


class _Receiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    @Slot(object)
    def _on_sender_changed(self, value: object) -> None:
        self.count += 1


def test_emitting_a_signal_keeps_every_reference_to_true():
    sender, receiver = _Sender(), _Receiver()
    sender.changed.connect(receiver._on_sender_changed)
    before = sys.getrefcount(True)
    for i in range(100):
        sender.changed.emit(i)
    assert receiver.count == 100
    assert sys.getrefcount(True) >= before - 2


def test_a_long_session_of_changes_keeps_true_alive(qtbot, window):
    window.calculator.select_discipline("RN")
    window.calculator.select_service("H0034")
    # earlier tests' garbage, collected during the loop, would take its Trues with it
    gc.collect()
    gc.disable()
    try:
        before = sys.getrefcount(True)
        for i in range(200):  # each change emits several signals: the bug would lose 200+
            window.calculator.set_quantity(i)
        after = sys.getrefcount(True)
    finally:
        gc.enable()
    assert after >= before - 2
