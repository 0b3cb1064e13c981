"""Saying a line to screen readers: a result once typing pauses, an action's outcome at
once.

Qt passes an announcement (``QAccessibleAnnouncementEvent``) to the platform's
accessibility bridge (AT-SPI, UI Automation); a screen reader speaks it without moving the
focus. ``Announcer.later(text)`` waits for a pause (a single-shot timer restarted by each
change), so typing "100" says one result, not three; ``now(text)`` speaks at once (a copy,
a conflict on the day sheet). ``announced`` carries every text said, for tests.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget


class Announcer(QObject):
    """Announces texts on behalf of ``widget`` (the object a screen reader names)."""

    #: a text was announced (also when no screen reader listens)
    announced = Signal(str)
    #: the pause in the changes after which ``later`` speaks (ms)
    PAUSE_MS = 600

    def __init__(self, widget: QWidget, pause_ms: int = PAUSE_MS) -> None:
        super().__init__(widget)
        self._widget = widget
        self._pending = ""
        self._last = ""  # the last text said by ``later``: not said twice in a row
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(pause_ms)
        self._pause.timeout.connect(self._on_pause_timeout)

    def later(self, text: str) -> None:
        """Say ``text`` once the changes pause (a newer text replaces it)."""
        self._pending = text
        self._pause.start()

    def waiting(self) -> bool:
        """Whether a text waits for the changes to pause."""
        return self._pause.isActive()

    def now(self, text: str) -> None:
        """Say ``text`` at once."""
        if self._widget.isVisible():
            QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self._widget, text))
        self.announced.emit(text)

    @Slot()
    def _on_pause_timeout(self) -> None:
        if self._pending and self._pending != self._last:
            self._last = self._pending
            self.now(self._pending)
