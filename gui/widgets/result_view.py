"""The result a clinician reads: the claim line first, large and plain, then why not,
the worked calculation, the notes grouped by kind with their sources, and the rules
version. Everything shown is the core's :class:`core.Calculation`, word for word;
this module only lays it out.

:func:`result_html` builds the whole page in one pass (one ``setHtml`` per change);
colours come from the widget's palette, so light and dark themes both read well.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QTextBrowser, QWidget

from core import Calculation
from core.engine import NOTE_ORDER
from gui.widgets.markup import escape
from gui.widgets.palette import bad_colour, mix, ok_colour

#: headings for the note kinds (display words only; the order is the core's NOTE_ORDER)
KIND_TITLES = {
    "eligibility": "Eligibility",
    "IMS/MAT": "IMS / MAT",
    "lockout": "Lockouts",
    "care coordination": "Care coordination",
    "billing": "Billing",
    "errata": "How this app reads the source (errata)",
}


@dataclass(frozen=True)
class ResultStyle:
    """Colours (hex) and font sizes (pt) for the result page."""

    text: str = "#000000"
    muted: str = "#5f5f5f"
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
        return cls(text=text.name(), muted=mix(text, back, 0.62).name(),
                   ok=ok.name(), ok_back=mix(ok, back, 0.16).name(),
                   bad=bad.name(), bad_back=mix(bad, back, 0.16).name(),
                   idle_back=mix(text, back, 0.07).name(),
                   base_pt=base_pt if base_pt > 0 else 10.0)


def _units(n: int) -> str:
    return f"{n} unit" if n == 1 else f"{n} units"


def _panel(style: ResultStyle, back: str, body: str) -> str:
    return (f'<table width="100%" cellspacing="0" cellpadding="10" bgcolor="{back}">'
            f"<tr><td>{body}</td></tr></table>")


def result_html(calc: Calculation, style: ResultStyle) -> str:
    """The whole result page for one calculation."""
    s = style
    big = s.base_pt * 2.0
    mid = s.base_pt * 1.2
    small = s.base_pt * 0.9
    out: list[str] = []

    if calc.claimable:
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
                        f'{cell("Units", _units(line.units), bold=True)}</tr>')
            if line.amount_required:
                rows.append('<tr><td colspan="5">Report the amount on the encounter.</td></tr>')
        body = (f'<p style="color:{s.ok}; font-size:{mid}pt; font-weight:bold; '
                f'margin:0">✓ Claimable</p>'
                f'<table cellspacing="0" cellpadding="1">{"".join(rows)}</table>')
    else:
        code = f": {escape(calc.code_key)}" if calc.code_key else ""
        if calc.quantity == 0:  # nothing entered yet: say so calmly, not in alarm red
            title = f'<span style="color:{s.text}">Nothing to claim yet{code}</span>'
        else:
            title = f'<span style="color:{s.bad}">✗ Not claimable{code}</span>'
        body = (f'<p style="font-size:{big * 0.8}pt; font-weight:bold; margin:0">{title}</p>')
        if calc.reason:
            body += (f'<p style="font-size:{mid}pt; margin-top:8px">'
                     f"<b>Why:</b> {escape(calc.reason)}</p>")
    # only where more minutes would make (or raise) the claim: not when, say, the
    # discipline may not claim the code at all
    if calc.next_unit_minutes is not None and all(p.field == "quantity" for p in calc.problems):
        more = (f" ({calc.minutes_to_next_unit} more)"
                if calc.minutes_to_next_unit is not None else "")
        body += (f'<p style="margin-top:6px">Next unit at '
                 f"<b>{calc.next_unit_minutes} minutes</b>{more}.</p>")
    back = s.ok_back if calc.claimable else s.idle_back if calc.quantity == 0 else s.bad_back
    out.append(_panel(s, back, body))

    facts = [("Service", calc.code_name and (
                 calc.code_name + (f" ({calc.program})" if calc.program else ""))),
             ("Counted", calc.basis),
             ("Time / quantity", calc.quantity_label),
             ("Discipline", calc.discipline)]
    out.append('<table cellspacing="0" cellpadding="2" style="margin-top:10px">')
    for label, value in facts:
        if value:
            out.append(f'<tr><td style="color:{s.muted}">{label}</td><td width="8"></td>'
                       f"<td>{escape(value)}</td></tr>")
    out.append("</table>")

    if calc.steps:
        out.append(f'<h3 style="font-size:{mid}pt">How it was worked out</h3><ol>')
        out.extend(f"<li>{escape(step)}</li>" for step in calc.steps)
        out.append("</ol>")

    if calc.notes:
        out.append(f'<h3 style="font-size:{mid}pt">Notes</h3>')
        kinds = [k for k in NOTE_ORDER if any(n.kind == k for n in calc.notes)]
        kinds += sorted({n.kind for n in calc.notes} - set(kinds))
        for kind in kinds:
            out.append(f'<p style="font-weight:bold; margin-top:10px; margin-bottom:2px">'
                       f"{escape(KIND_TITLES.get(kind, kind.capitalize()))}</p><ul>")
            for n in (n for n in calc.notes if n.kind == kind):
                out.append(f"<li>{escape(n.text)}<br/><span style=\"color:{s.muted}; "
                           f'font-size:{small}pt">Source: {escape(n.source)}</span></li>')
            out.append("</ul>")

    foot = []
    if calc.source:
        foot.append(f"Source: {escape(calc.source)}")
    if calc.rules_version:
        foot.append(f"Rules {escape(calc.rules_version)}")
    if foot:
        out.append(f'<p style="color:{s.muted}; font-size:{small}pt; margin-top:12px">'
                   + "<br/>".join(foot) + "</p>")
    return "".join(out)


def error_html(message: str, style: ResultStyle) -> str:
    """The page for a request the core could not answer (an InputError)."""
    s = style
    return _panel(s, s.bad_back, (
        f'<p style="color:{s.bad}; font-size:{s.base_pt * 1.6}pt; font-weight:bold; '
        f'margin:0">Cannot calculate</p>'
        f'<p style="font-size:{s.base_pt * 1.2}pt; margin-top:8px">{escape(message)}</p>'))


class ResultView(QTextBrowser):
    """Read-only, selectable view of the latest result (objectName ``result``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("result")
        self.setAccessibleName("Result")
        self.setAccessibleDescription(
            "What to claim, or why it cannot be claimed, with the calculation and notes")
        self.setOpenLinks(False)
        self.setReadOnly(True)
        self._shown: Calculation | str | None = None

    def style_now(self) -> ResultStyle:
        return ResultStyle.from_palette(self.palette(), self.font().pointSizeF())

    def show_calculation(self, calc: Calculation) -> None:
        self._shown = calc
        self.setHtml(result_html(calc, self.style_now()))

    def show_error(self, message: str) -> None:
        self._shown = message
        self.setHtml(error_html(message, self.style_now()))

    def text(self) -> str:
        """The result as plain text (what a screen reader or a test reads)."""
        return self.toPlainText()

    def _rerender(self) -> None:
        if isinstance(self._shown, Calculation):
            self.show_calculation(self._shown)
        elif isinstance(self._shown, str):
            self.show_error(self._shown)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange,
                            QEvent.Type.ApplicationPaletteChange):
            self._rerender()
