"""The About page: the app's version, the rules' version and the date they apply from,
the rules packs (dates, where each comes from, its sources; the user packs folder and
any pack left out), the source documents by title, publisher and revision, and the app's
reading of the sources' known errors, all from ``core.catalog.about``."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from core.catalog import AboutInfo


def about_html(info: AboutInfo) -> str:
    out = [f"<h2>{escape(info.title)}</h2>",
           f"<p><b>App version {escape(info.app_version)}</b> · <b>rules version "
           f"{escape(info.version)}</b>, which apply from {escape(info.effective)}.</p>",
           f"<p>{escape(info.summary)}</p>",
           "<p>This app works offline and keeps no client information: it remembers only "
           "your discipline, level of care, window size and text size.</p>",
           *packs_html(info),
           "<h3>Source documents</h3>",
           '<table cellspacing="0" cellpadding="4" border="1" style="border-collapse:collapse">',
           "<tr><th align=left>Document</th><th align=left>Publisher</th>"
           "<th align=left>Revision</th></tr>"]
    for d in info.documents:
        based = f"<br/><small>Based on {escape(d.based_on)}</small>" if d.based_on else ""
        out.append(f"<tr><td>{escape(d.title)}{based}</td><td>{escape(d.publisher)}</td>"
                   f"<td>{escape(d.revised)}</td></tr>")
    out.append("</table>")
    out.append("<h3>Known errors in the sources, and how this app reads them</h3>")
    out.append("<p>So that a QA reviewer can check (and disagree with) each reading.</p><ol>")
    for e in info.errata:
        out.append(f"<li><p><b>{escape(e.applies_to)}</b><br/>"
                   f"<i>The source says:</i> {escape(e.source_says)}<br/>"
                   f"<i>This app reads it as:</i> {escape(e.reading)}<br/>"
                   f"<small>Source: {escape(e.source)}</small></p></li>")
    out.append("</ol>")
    return "".join(out)


def packs_html(info: AboutInfo) -> list[str]:
    """The rules packs the app knows: the one in use marked, each with its dates, origin
    and sources; where added packs are kept; packs left out and why."""
    if not info.packs:
        return []
    out = ["<h3>Rules packs</h3>",
           "<p>The date of service chooses the pack: the one with the latest start on or "
           "before that day.</p>",
           # 99%: at 100% (or none) Qt's table came out 1 px wider than the page at 150%
           '<table width="99%" cellspacing="0" cellpadding="4" border="1" '
           'style="border-collapse:collapse">',
           "<tr><th align=left>Pack</th><th align=left>Dates</th>"
           "<th align=left>From</th><th align=left>Sources</th></tr>"]
    for p in info.packs:
        in_use = " <b>(in use)</b>" if p.id == info.pack_id else ""
        ends = f", to {p.effective_to.isoformat()}" if p.effective_to else ""
        sources = "<br/>".join(f"• {escape(s.title)}, {escape(s.publisher)}, "
                               f"{escape(s.revision)}" for s in p.sources)
        due = "<br/><b>due for review</b>" if p.due_for_review(date.today()) else ""
        out.append(f"<tr><td>{escape(p.title)}, version {escape(p.version)}{in_use}"
                   f"<br/><small>{escape(p.id)}</small></td>"
                   f"<td>from {p.effective_from.isoformat()}{ends}<br/>"
                   f"review by {p.review_by.isoformat()}{due}</td>"
                   f"<td>{escape(p.origin_text)}</td><td>{sources}</td></tr>")
    out.append("</table>")
    if info.packs_folder:
        out.append(f"<p>Rules packs added with File &gt; Add rules pack… are kept in "
                   f"<code>{escape(info.packs_folder)}</code>.</p>")
    if info.pack_problems:
        out.append("<p><b>Rules packs with a problem:</b></p><ul>")
        out += [f"<li>{escape(problem)}</li>" for problem in info.pack_problems]
        out.append("</ul>")
    return out


class AboutView(QTextBrowser):
    def __init__(self, info: AboutInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about")
        self.setAccessibleName("About the app and its rules")
        self.setOpenLinks(False)
        self.setTabChangesFocus(True)
        self.show_info(info)

    def show_info(self, info: AboutInfo) -> None:
        self.setHtml(about_html(info))
