"""Input helpers: text that is selected whenever focus comes in, a label whose mnemonic
selects its field's text, a combo box that finds an item by any part of its text, the
number field that never changes what was typed, and the ring that shows the focus.

Selecting on focus is what lets a returning user type over the old value: without it,
the window opened (or Alt+S pressed) with the cursor in front of "H0034 — …" and the
first keystrokes went in front of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import shiboken6

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QRectF, Qt, QTimer, Slot
from PySide6.QtGui import QKeyEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QSplitter, QWidget

from core import InputError
from core.readers import amount, date_of_service


def _editor(widget: QWidget) -> QLineEdit | None:
    if isinstance(widget, QLineEdit):
        return widget
    if isinstance(widget, QComboBox) and widget.isEditable():
        return widget.lineEdit()
    return None


class SelectOnFocus(QObject):
    """Selects all the text of a line edit (or an editable combo box) on every focus in,
    by any route: Tab, a mnemonic, a click, the window opening."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self._widget = widget
        # a timer of its own (not QTimer.singleShot): it goes with the widget
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self._select)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.FocusIn \
                and event.reason() != Qt.FocusReason.PopupFocusReason:
            # (not when back from its own list of matches, mid-typing) once the event,
            # and a click's own placing of the cursor, is done
            self._later.start()
        return False

    @Slot()
    def _select(self) -> None:
        editor = _editor(self._widget)
        if editor is not None and self._widget.hasFocus():
            editor.selectAll()


class FieldLabel(QLabel):
    """A form label with a mnemonic (``&Service:``) that focuses its field and selects
    the field's text, also when the field has the focus already."""

    def __init__(self, text: str, buddy: QWidget) -> None:
        super().__init__(text, buddy.parentWidget())
        self.setBuddy(buddy)

    def event(self, event: QEvent) -> bool:
        done = super().event(event)
        if event.type() == QEvent.Type.Shortcut:
            editor = _editor(self.buddy())
            if editor is not None:
                editor.selectAll()
        return done


class FindingCombo(QComboBox):
    """A combo box (not editable) where typing finds an item by the start of its text
    or, failing that, by any part of it: "3.2" finds "ASAM 3.2 Residential…"."""

    #: keys typed within this long of each other make one search
    PAUSE_MS = 1000

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._typed = ""
        self._clock = QElapsedTimer()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        text = event.text()
        if not text or not text.isprintable() or event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            super().keyPressEvent(event)
            return
        if not self._clock.isValid() or self._clock.elapsed() > self.PAUSE_MS:
            self._typed = ""
        self._clock.start()
        self._typed += text
        row = self.findText(self._typed, Qt.MatchFlag.MatchStartsWith)
        if row < 0:
            row = self.findText(self._typed, Qt.MatchFlag.MatchContains)
        if row >= 0:
            self.setCurrentIndex(row)
        event.accept()


def read_date(text: str) -> date | None:
    """The date typed, or None when it cannot be read as one (never a guess): core's one
    strict reader, YYYY-MM-DD or MM/DD/YYYY in digits 0-9 (not 2025-W10-1, 20250310 or
    ２０２５-03-10, which Python's own readers take)."""
    try:
        return date_of_service(text)
    except InputError:
        return None


@dataclass(frozen=True)
class Reading:
    """What a number field holds: ``value`` when it is a usable whole number; else
    ``problem`` says why not (None for an empty field, which is no problem, just empty)."""

    value: int | None
    problem: str | None = None


def read_number(text: str, unit: str, maximum: int) -> Reading:
    """The number typed, as typed: never cut, rounded or clamped to fit (core's reader,
    :func:`core.readers.amount`, says why a text cannot be used)."""
    try:
        return Reading(amount(text, unit, maximum))
    except InputError as exc:
        return Reading(None, str(exc))


class NumberField(QLineEdit):
    """A whole number typed as text. No validator and no maximum length: what is typed
    stays exactly as typed, and :meth:`reading` says whether it can be used."""

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.setClearButtonEnabled(False)
        self.unit = "minutes"
        self.maximum = 0  #: the most one claim can hold: its owner sets it from the rules
        SelectOnFocus(self)

    def reading(self) -> Reading:
        return read_number(self.text(), self.unit, self.maximum)

    def set_value(self, value: int | None) -> None:
        self.setText("" if value is None else str(value))


class FocusRing(QWidget):
    """A frame drawn around whichever input in ``window`` has the keyboard focus (not the
    menu bar: menus show their own), in the
    palette's highlight colour, 2 pixels wide: visible on combo boxes, buttons, lists and
    the result alike, whatever the style draws (or does not draw) itself.

    It is a child of the focused widget's parent, just above it and drawn on its edge (a
    parent with no room around the widget would cut a ring drawn outside), so it moves
    with it (also when the form scrolls); it takes no clicks and no focus.
    """

    WIDTH = 2

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._target: QWidget | None = None
        self.setObjectName("focus_ring")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hide()
        QApplication.instance().focusChanged.connect(self._on_app_focus_changed)

    def target(self) -> QWidget | None:
        return self._target

    @Slot(QWidget, QWidget)
    def _on_app_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if not shiboken6.isValid(self._window):
            return  # the window is being closed down: focus moves as its parts go
        if self._target is not None and shiboken6.isValid(self._target):
            self._target.removeEventFilter(self)
        while new is not None and isinstance(new.parentWidget(), QComboBox):
            new = new.parentWidget()  # the editor of a combo box: ring the box
        central = self._window.centralWidget() if hasattr(self._window, "centralWidget") \
            else self._window
        if new is None or central is None or not central.isAncestorOf(new):
            self._target = None
            self.hide()
            return
        self._target = new
        new.installEventFilter(self)
        self._follow()

    def _follow(self) -> None:
        target = self._target
        if target is None or not target.isVisible():
            self.hide()
            return
        # a splitter takes every child widget as a pane of its own: there the ring goes
        # inside the focused widget, on its edge, instead of beside it
        parent = target.parentWidget()
        inside = isinstance(parent, QSplitter)
        host = target if inside else parent
        if self.parentWidget() is not host:
            self.setParent(host)
        self.setGeometry(target.rect() if inside else target.geometry())
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show,
                            QEvent.Type.Hide):
            self._follow()
        return False

    def paintEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), self.WIDTH)
        painter.setPen(pen)
        half = self.WIDTH / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(half, half, -half, -half), 3, 3)
