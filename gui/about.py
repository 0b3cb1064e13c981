"""The About page: the app's version, the rules' version and the date they apply from,
the source documents by title, publisher and revision, and the app's reading of the
sources' known errors, all from ``core.catalog.about``."""

from __future__ import annotations

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


class AboutView(QTextBrowser):
    def __init__(self, info: AboutInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about")
        self.setAccessibleName("About the app and its rules")
        self.setOpenLinks(False)
        self.setTabChangesFocus(True)
        self.setHtml(about_html(info))
