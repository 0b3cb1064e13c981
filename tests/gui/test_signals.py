"""The app's signals can be emitted for a whole working day without losing ``True``."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal, Slot

from gui.signals import emit, emit_steals_a_reference


class _Sender(QObject):
    changed = Signal(object)


class _Receiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    @Slot(object)
    def _on_sender_changed(self, value: object) -> None:
        self.count += 1


def test_ten_thousand_emits_keep_true_alive():
    sender, receiver = _Sender(), _Receiver()
    sender.changed.connect(receiver._on_sender_changed)
    emit_steals_a_reference()  # decide once, outside the measurement
    before = sys.getrefcount(True)
    for i in range(10_000):
        emit(sender.changed, i)
    assert receiver.count == 10_000
    assert sys.getrefcount(True) >= before - 2


def test_a_long_session_of_changes_keeps_true_alive(qtbot, window):
    window.select_discipline("RN")
    window.select_service("H0034")
    before = sys.getrefcount(True)
    for i in range(1000):
        window.set_quantity(i % 200)
    assert sys.getrefcount(True) >= before - 2
