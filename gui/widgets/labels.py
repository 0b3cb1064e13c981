"""Word-wrapped lines in the form: the service's description, and the problem lines.

:class:`WrappedLabel` is a word-wrapped ``QLabel`` whose height follows the width it is
given. (In this window's form, inside the splitter, ``QFormLayout`` sized such rows by
the label's ``sizeHint``, worked out for a narrower width: a gap opened under them.)

:class:`ProblemLabel` is the line under an input that says what is wrong with its value,
in the core's words. Empty means no problem: the window hides the line then. The text is the core's
``Problem.text``, shown in the semantic red of the palette the label sits on (it follows
a light or dark palette), and given to the input as its accessible description, so a
screen reader says it when the input takes focus.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

from gui.widgets.palette import bad_colour


class WrappedLabel(QLabel):
    """Plain text, word-wrapped, as tall as the text needs at the label's own width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = super().sizeHint()
        if self.width() > 0:
            hint.setHeight(self.heightForWidth(self.width()))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # a new width: ask the layout for the height it needs


class ProblemLabel(WrappedLabel):
    """The problem with ``buddy``'s value, in red; ``show_problem(None)`` clears it."""

    def __init__(self, name: str, what: str, buddy: QWidget,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._buddy = buddy
        self.setObjectName(name)
        self.setAccessibleName(f"Problem with the {what}")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._recolour()

    def show_problem(self, text: str | None) -> None:
        text = text or ""
        if text != self.text():
            self.setText(text)
            self._buddy.setAccessibleDescription(text)

    def _recolour(self) -> None:
        palette = self.palette()
        red = bad_colour(palette.color(QPalette.ColorRole.Window))
        if palette.color(QPalette.ColorRole.WindowText) != red:
            palette.setColor(QPalette.ColorRole.WindowText, red)
            self.setPalette(palette)  # comes back as a PaletteChange: then already red

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._recolour()
