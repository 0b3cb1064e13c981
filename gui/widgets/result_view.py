"""The result a clinician reads: the claim first, large and plain, then what else to
know, the worked calculation, and the notes grouped by kind with their sources.

Everything shown is the core's :class:`core.Calculation`, word for word, with the
sentences that join its parts from :mod:`core.wording` (as the CLI and the copied summary
say them); this module only lays it out. The three states are the core's ``status``:

* ``incomplete``: nothing to answer yet: what to enter, calm;
* ``claimable``: code, modifiers and units, on green;
* ``not_claimable``: on red, with why, in words.

The core's one-line headline ("Claimable: H0034, 7 units", "Choose a service.") is not
repeated here: the calculator shows it above this view, in the colour of its status.

The problems of an answer are said here, each in the core's words, then its ``advice``
(such as "Use H2015 instead."): the line under the input each concerns
(the calculator page) marks it in red too, but may be scrolled out of sight at 150 %, and
a screen reader reading the result hears why. Notes: the first of each kind is shown,
the rest when the clinician asks for all of them.

:func:`summary_html` and :func:`notes_html` build the page; colours come from the
widget's palette, so light and dark themes both read well.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QEvent
from PySide6.QtGui import QPalette, QTextBlockFormat, QTextCursor, QTextFrame, QTextFrameFormat
from PySide6.QtWidgets import QTextBrowser, QWidget

from core import Calculation
from core.catalog import NOTE_KINDS
from core.wording import AMOUNT, next_unit, source_line, units
from gui.widgets.palette import bad_colour, mix, muted_colour, ok_colour

#: shown under the prompt while nothing can be answered yet (how to use the window)
START = ("Your discipline (remembered for next time).",
         "The service: type a code such as H0034, or words such as medication.",
         "The minutes (or days, contacts…) of direct service.")


@dataclass(frozen=True)
class ResultStyle:
    """Colours (hex) and font sizes (pt) for the result page."""

    text: str = "#000000"
    muted: str = "#474747"
    ok: str = "#1b6e31"
    ok_back: str = "#e3f1e6"
    bad: str = "#a4161a"
    bad_back: str = "#f8e1e1"
    idle_back: str = "#f0f0f0"
    base_pt: float = 10.0

    @classmethod
    def from_palette(cls, palette: QPalette, base_pt: float) -> ResultStyle:
        """Semantic colours picked to read on the palette's own background."""
        back = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        ok, bad = ok_colour(back), bad_colour(back)
        return cls(text=text.name(), muted=muted_colour(text, back).name(),
                   ok=ok.name(), ok_back=mix(ok, back, 0.12).name(),
                   bad=bad.name(), bad_back=mix(bad, back, 0.10).name(),
                   idle_back=mix(text, back, 0.05).name(),
                   base_pt=base_pt if base_pt > 0 else 10.0)


def _panel(back: str, body: str) -> str:
    return (f'<table width="100%" cellspacing="0" cellpadding="10" bgcolor="{back}">'
            f"<tr><td>{body}</td></tr></table>")


def _claim(calc: Calculation, s: ResultStyle) -> str:
    big, small = s.base_pt * 2.0, s.base_pt * 0.9

    def cell(label: str, value: str, *, bold: bool = False, quiet: bool = False) -> str:
        # label above value in one cell, so it also reads "Code H0034" as plain text
        size = s.base_pt if quiet else big
        colour = f"color:{s.muted}; " if quiet else ""
        weight = "font-weight:bold; " if bold else ""
        return (f'<td valign="bottom"><span style="color:{s.muted}; font-size:{small}pt">'
                f'{label}</span><br/><span style="{colour}{weight}font-size:{size}pt">'
                f"{value}</span></td>")

    rows = []
    for line in calc.lines:
        mods = (cell("Modifiers", escape(" ".join(line.modifiers))) if line.modifiers
                else cell("Modifiers", "none", quiet=True))
        rows.append(f'<tr>{cell("Code", escape(line.code), bold=True)}<td width="28"></td>'
                    f'{mods}<td width="28"></td>'
                    f'{cell("Units", units(line.units), bold=True)}</tr>')
        if line.amount_required:
            rows.append(f'<tr><td colspan="5">{escape(AMOUNT)}</td></tr>')
    return f'<table cellspacing="0" cellpadding="1">{"".join(rows)}</table>'


def _top(calc: Calculation, s: ResultStyle) -> str:
    """The panel at the top: the answer (or the prompt), in its colour."""
    if calc.status == "incomplete" and calc.needs == "service":  # the first screen
        steps = "".join(f"<li>{escape(step)}</li>" for step in START)
        return _panel(s.idle_back, f'<p style="margin:0">What to enter, in order:</p>'
                                   f"<ol>{steps}</ol>")
    if calc.status == "incomplete":
        return _panel(s.idle_back, f'<p style="margin:0">{escape(calc.prompt or "")}</p>')
    if calc.status == "claimable":
        body = _claim(calc, s)
    else:
        body = ""
        if len(calc.problems) == 1:
            body = f'<p style="margin:0"><b>Why:</b> {escape(calc.problems[0].text)}</p>'
        elif calc.problems:
            body = ('<p style="margin:0"><b>Why:</b></p><ul style="margin-top:2px">'
                    + "".join(f"<li>{escape(p.text)}</li>" for p in calc.problems) + "</ul>")
        if calc.advice:
            body += f'<p style="margin-top:6px">{escape(" ".join(calc.advice))}</p>'
        if calc.prompt:  # what to enter, or what was kept from another service
            body += f'<p style="margin-top:6px">{escape(calc.prompt)}</p>'
    if nxt := next_unit(calc):
        before, minutes, after = (escape(part) for part in nxt)
        body += f'<p style="margin-top:6px">{before}<b>{minutes}</b>{after}</p>'
    return _panel(s.ok_back if calc.status == "claimable" else s.bad_back, body)


def _notes(calc: Calculation, s: ResultStyle, all_notes: bool) -> str:
    small = s.base_pt * 0.9
    out = [f'<h3 style="font-size:{s.base_pt * 1.2}pt">Notes</h3>']
    for kind, title in NOTE_KINDS:
        notes = [n for n in calc.notes if n.kind == kind]
        if not notes:
            continue
        shown = notes if all_notes else notes[:1]
        hidden = len(notes) - len(shown)
        more = (f' <span style="color:{s.muted}; font-weight:normal">(and {hidden} more)'
                f"</span>" if hidden else "")
        out.append(f'<p style="font-weight:bold; margin-top:10px; margin-bottom:2px">'
                   f"{escape(title)}{more}</p><ul>")
        for n in shown:
            out.append(f"<li>{escape(n.text)}<br/><span style=\"color:{s.muted}; "
                       f'font-size:{small}pt">{escape(source_line(n.source))}</span></li>')
        out.append("</ul>")
    return "".join(out)


def hidden_notes(calc: Calculation) -> int:
    """How many notes the result leaves out until all are asked for."""
    kinds = {n.kind for n in calc.notes}
    return len(calc.notes) - len(kinds)


def summary_html(calc: Calculation, style: ResultStyle) -> str:
    """The result page down to the notes: the answer, what was asked, how it was worked out."""
    s = style
    out = [_top(calc, s)]
    if calc.status == "incomplete":
        return "".join(out)
    facts = [("Service", calc.code_name and (
                 calc.code_name + (f" ({calc.program})" if calc.program else ""))),
             ("Counted", calc.basis),
             ("Time / quantity", calc.quantity_label),
             ("Discipline", calc.discipline_label),
             ("Delivery mode", calc.mode_label),
             ("Level of care", calc.setting_label)]
    out.append('<table cellspacing="0" cellpadding="2" style="margin-top:10px">')
    for label, value in facts:
        if value:
            out.append(f'<tr><td style="color:{s.muted}">{label}</td><td width="8"></td>'
                       f"<td>{escape(value)}</td></tr>")
    out.append("</table>")
    if calc.steps:
        out.append(f'<h3 style="font-size:{s.base_pt * 1.2}pt">How it was worked out</h3><ol>')
        out.extend(f"<li>{escape(step)}</li>" for step in calc.steps)
        out.append("</ol>")
    if calc.source:
        out.append(f'<p style="color:{s.muted}; font-size:{s.base_pt * 0.9}pt; '
                   f'margin-top:12px">{escape(source_line(calc.source))}</p>')
    return "".join(out)


def notes_html(calc: Calculation, style: ResultStyle, *, all_notes: bool = False) -> str:
    """The notes under the answer ("" when there are none)."""
    if calc.status == "incomplete" or not calc.notes:
        return ""
    return _notes(calc, style, all_notes)


def error_html(message: str, style: ResultStyle) -> str:
    """The page for a request the core could not answer, or an input not usable yet."""
    s = style
    return _panel(s.idle_back, f'<p style="font-size:{s.base_pt * 1.2}pt; margin:0">'
                               f"{escape(message)}</p>")


class ResultView(QTextBrowser):
    """Read-only, selectable view of the latest result (objectName ``result``).

    The notes sit in a frame of their own after the summary. When a change leaves them as
    they were (a new quantity, mostly), only the summary before that frame is replaced:
    the long notes are not laid out again, which halves the time a change takes to show.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("result")
        self.setAccessibleName("Result")
        self.setAccessibleDescription(
            "What to claim, or why it cannot be claimed, with the calculation and notes")
        self.setOpenLinks(False)
        self.setReadOnly(True)
        self.setTabChangesFocus(True)
        self._shown: Calculation | str | None = None
        self._all_notes = False
        self._notes: str | None = None  # the notes shown in the frame, as HTML
        self._frame: QTextFrame | None = None

    def style_now(self) -> ResultStyle:
        return ResultStyle.from_palette(self.palette(), self.font().pointSizeF())

    def show_calculation(self, calc: Calculation, *, again: bool = False) -> None:
        self._shown = calc
        style = self.style_now()
        summary = summary_html(calc, style)
        notes = notes_html(calc, style, all_notes=self._all_notes)
        if notes == self._notes and self._frame is not None and not again:
            cursor = QTextCursor(self.document())
            cursor.beginEditBlock()
            cursor.setPosition(self._frame.firstPosition() - 1, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
            cursor.setBlockFormat(QTextBlockFormat())  # not the old summary's last block's
            cursor.insertHtml(summary)
            cursor.endEditBlock()
            return
        self.setHtml(summary)
        self._notes, self._frame = notes, None
        if notes:
            cursor = QTextCursor(self.document())
            cursor.movePosition(QTextCursor.MoveOperation.End)
            frame = QTextFrameFormat()
            frame.setTopMargin(self.fontMetrics().height())
            self._frame = cursor.insertFrame(frame)
            cursor.insertHtml(notes)

    def show_error(self, message: str) -> None:
        self._shown = message
        self._notes, self._frame = None, None
        self.setHtml(error_html(message, self.style_now()))

    def set_all_notes(self, on: bool) -> None:
        if on != self._all_notes:
            self._all_notes = on
            self._rerender()

    def text(self) -> str:
        """The result as plain text (what a screen reader or a test reads)."""
        return self.toPlainText()

    def _rerender(self) -> None:
        if isinstance(self._shown, Calculation):
            self.show_calculation(self._shown, again=True)
        elif isinstance(self._shown, str):
            self.show_error(self._shown)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange,
                            QEvent.Type.ApplicationPaletteChange):
            self._rerender()
