"""Word-wrapped lines in the form: the service's description, the problem lines.

:class:`WrappedLabel` is a word-wrapped ``QLabel`` whose height follows the width it is
given (``QFormLayout`` otherwise sizes such rows for a narrower width: a gap opens).

:class:`HeadlineLabel` is the result's headline, in the colour of its status.

:class:`ProblemLabel` is the line under an input that says what is wrong with its value,
or (``calm``) what to do next. Empty means nothing to say: the window hides the line then.
A problem is shown in the semantic red of the palette the label sits on (light or dark),
and given to the input as its accessible description, so a screen reader says it when
the input takes focus.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QWidget

from gui.widgets.palette import bad_colour, muted_colour, ok_colour


class WrappedLabel(QLabel):
    """Plain text, word-wrapped, as tall as the text needs at the label's own width.
    With ``muted``, in a quieter colour that still reads at 4.5:1 or more."""

    def __init__(self, parent: QWidget | None = None, *, muted: bool = False) -> None:
        super().__init__(parent)
        self._muted = muted
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._recolour()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = super().sizeHint()
        if self.width() > 0:
            hint.setHeight(self.heightForWidth(self.width()))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # a new width: ask the layout for the height it needs

    def text_colour(self, palette: QPalette):  # noqa: ANN201 - QColor or None
        """The colour this label's text should have on ``palette``; None: the palette's own."""
        if self._muted:
            return muted_colour(palette.color(QPalette.ColorRole.WindowText),
                                palette.color(QPalette.ColorRole.Window))
        return None

    def _recolour(self) -> None:
        # from the parent's palette (ours already holds the colour set last time)
        source = self.parentWidget().palette() if self.parentWidget() else self.palette()
        wanted = self.text_colour(source) or source.color(QPalette.ColorRole.WindowText)
        palette = self.palette()
        if palette.color(QPalette.ColorRole.WindowText) != wanted:
            palette.setColor(QPalette.ColorRole.WindowText, wanted)
            self.setPalette(palette)  # comes back as a PaletteChange: then already set

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._recolour()


class ProblemLabel(WrappedLabel):
    """The problem with ``buddy``'s value, in red; with ``calm``, a next step in the text
    colour. ``show_problem(None)`` clears it."""

    def __init__(self, name: str, what: str, buddy: QWidget, parent: QWidget | None = None,
                 *, calm: bool = False) -> None:
        self._calm = calm
        super().__init__(parent)
        self._buddy = buddy
        self.setObjectName(name)
        self._name = f"About the {what}" if calm else f"Problem with the {what}"
        self.setAccessibleName(self._name)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def text_colour(self, palette: QPalette):  # noqa: ANN201
        if self._calm:
            return None
        return bad_colour(palette.color(QPalette.ColorRole.Window))

    def show_problem(self, text: str | None) -> None:
        text = text or ""
        if text != self.text():
            self.setText(text)
            # the name is what a screen reader says of a label: the problem itself
            self.setAccessibleName(f"{self._name}: {text}" if text else self._name)
            self._buddy.setAccessibleDescription(text)


class HeadlineLabel(WrappedLabel):
    """The result's one line (the core's headline), large, in the colour of its status:
    green when claimable, red when not, the plain text colour otherwise."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self._status: str | None = None
        super().__init__(parent)
        font = self.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.setFont(font)

    def show_headline(self, text: str, status: str | None) -> None:
        self._status = status
        self.setText(text)
        self._recolour()

    def text_colour(self, palette: QPalette):  # noqa: ANN201
        back = palette.color(QPalette.ColorRole.Window)
        if self._status == "claimable":
            return ok_colour(back)
        if self._status == "not_claimable":
            return bad_colour(back)
        return None


def scrolling_down(content: QWidget, name: str, parent: QWidget) -> QScrollArea:
    """``content`` in a frameless area that scrolls up and down only, its lines wrapping
    to the width: what does not fit a small or scaled screen stays reachable."""
    scroll = QScrollArea(parent)
    scroll.setObjectName(name)
    scroll.setWidget(content)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return scroll
