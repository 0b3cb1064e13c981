"""Counts as a picture: a title, then a row a count, each a bar as long as its share of
the largest, its label written over it and the count at its end. Painted with QPainter:
PySide6-Essentials has no QtCharts (docs/packaging.md says what it would cost).

The counts are given, never computed here (the Audit tab gives the core's findings by
kind). A screen reader gets them as text: the chart's accessible name is its title, its
accessible description every label with its count. The colours are the palette's (its
text over a light tint of its highlight), so the bars read in a dark palette too; the
rows are as tall as the font, so they grow with the screen's scaling and the zoom.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from gui.widgets.palette import mix


class BarChart(QWidget):
    """``set_bars(title, bars)`` shows ``bars``, (label, count) pairs, in their order;
    ``clear()`` shows nothing. ``text()`` is what a screen reader is told."""

    #: said instead of the bars when every count is nought
    EMPTY = "None"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = ""
        self._bars: tuple[tuple[str, int], ...] = ()
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a screen reader's user can reach it

    # -- what is shown -----------------------------------------------------------------

    def set_bars(self, title: str, bars: Sequence[tuple[str, int]]) -> None:
        self._title, self._bars = title, tuple(bars)
        self.setAccessibleName(title)
        self.setAccessibleDescription(self._said())
        self.setToolTip(self.text())
        self.updateGeometry()
        self.update()

    def clear(self) -> None:
        self.set_bars("", ())

    def bars(self) -> tuple[tuple[str, int], ...]:
        return self._bars

    def text(self) -> str:
        """The title, then each label and its count: "Findings by kind: Same-day conflict
        20; Duplicate line 10." ("" when nothing is shown)."""
        if not self._title:
            return ""
        return f"{self._title}: {self._said()}"

    def _said(self) -> str:
        shown = [(label, n) for label, n in self._bars if n]
        if not shown:
            return self.EMPTY + "."
        return "; ".join(f"{label} {n:,}" for label, n in shown) + "."

    # -- size and painting -------------------------------------------------------------

    def _row_height(self) -> int:
        return self.fontMetrics().height() + 6

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        rows = 1 + max(1, len(self._bars))
        return QSize(self.fontMetrics().horizontalAdvance("M") * 28,
                     rows * self._row_height() + 4)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(self.fontMetrics().horizontalAdvance("M") * 12, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        if not self._title:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        back = palette.color(QPalette.ColorRole.Window)
        edge = palette.color(QPalette.ColorRole.Highlight)
        fill = mix(edge, back, 0.3)  # light enough under the text, light or dark palette
        metrics = self.fontMetrics()
        row, pad = self._row_height(), metrics.horizontalAdvance(" ")
        width = self.width() - 2
        bold = painter.font()
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text)
        painter.drawText(QRectF(1, 0, width, row), Qt.AlignmentFlag.AlignVCenter,
                         self._title)
        painter.setFont(self.font())
        shown = [(label, n) for label, n in self._bars if n]
        if not shown:
            painter.drawText(QRectF(1, row, width, row), Qt.AlignmentFlag.AlignVCenter,
                             self.EMPTY)
            painter.end()
            return
        largest = max(n for _, n in shown)
        counts = max(metrics.horizontalAdvance(f"{n:,}") for _, n in shown) + 2 * pad
        room = max(1, width - counts)
        for i, (label, n) in enumerate(shown, start=1):
            top = i * row + 1
            bar = QRectF(1, top, max(2.0, room * n / largest), row - 2)
            painter.setPen(edge)
            painter.setBrush(fill)
            painter.drawRect(bar)
            painter.setPen(text)
            words = metrics.elidedText(label, Qt.TextElideMode.ElideRight, room - 2 * pad)
            painter.drawText(QRectF(1 + pad, top, room - pad, row - 2),
                             Qt.AlignmentFlag.AlignVCenter, words)
            painter.drawText(QRectF(1, top, width, row - 2),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                             f"{n:,}")
        painter.end()
