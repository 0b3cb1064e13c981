"""The code reference tab: every code, sortable, filterable, and the About page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QTableView, QTextBrowser

from core import catalog


def test_reference_and_about_are_built_when_first_shown(window):
    assert window.findChild(QTableView, "reference") is None
    assert window.findChild(QTextBrowser, "about") is None
    window.show_tab("reference")
    assert window.findChild(QTableView, "reference") is window.reference.table
    assert window.findChild(QTextBrowser, "about") is None
    window.show_tab("about")
    assert window.findChild(QTextBrowser, "about") is window.about
    window.show_tab("reference")
    assert len(window.findChildren(QTableView, "reference")) == 1  # built once


def test_reference_lists_every_code_with_its_columns(window, rules):
    window.show_tab("reference")
    table = window.findChild(QTableView, "reference")
    rows = catalog.reference_rows(rules)
    assert table.model().rowCount() == len(rows) == len(rules.codes)
    headers = [table.model().headerData(c, Qt.Orientation.Horizontal)
               for c in range(table.model().columnCount())]
    for wanted in ("Code", "Program", "Unit basis", "Minimum", "Disciplines", "Source"):
        assert wanted in headers
    first = [table.model().index(0, c).data() for c in range(len(headers))]
    assert first[0] == rows[0].code and rows[0].source in first


def test_filter_by_code_leaves_that_row(qtbot, window):
    window.show_tab("reference")
    box = window.findChild(QLineEdit, "reference_filter")
    table = window.findChild(QTableView, "reference")
    total = table.model().rowCount()
    qtbot.keyClicks(box, "H2017")
    assert table.model().rowCount() == 1
    assert window.reference.visible_codes() == ["H2017"]
    box.clear()
    assert table.model().rowCount() == total
    qtbot.keyClicks(box, "per diem U6")
    assert 1 < table.model().rowCount() < total
    assert all(code.endswith("U6") for code in window.reference.visible_codes())


def test_sorting_by_a_column(window):
    window.show_tab("reference")
    table = window.findChild(QTableView, "reference")
    table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    codes = [table.model().index(r, 0).data() for r in range(table.model().rowCount())]
    assert codes == sorted(codes, key=str.casefold, reverse=True)


def test_enter_on_a_row_opens_that_code_in_the_calculator(qtbot, window):
    window.show_tab("reference")
    box = window.findChild(QLineEdit, "reference_filter")
    qtbot.keyClicks(box, "T2050")
    qtbot.keyClick(box, Qt.Key.Key_Return)  # to the first row
    table = window.findChild(QTableView, "reference")
    assert "T2050" in window.findChild(QTextBrowser, "reference_detail").toPlainText()
    with qtbot.waitSignal(window.resultChanged):
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.tabs.currentIndex() == 0
    assert window.findChild(QComboBox, "service").currentData() == "cs-tenancy-financial"
    assert window.findChild(QComboBox, "option").currentData() == "T2050 U6"


def test_about_shows_version_sources_and_errata(window, rules):
    about = catalog.about(rules)
    window.show_tab("about")
    text = window.findChild(QTextBrowser, "about").toPlainText()
    assert about.version in text and about.effective in text
    for doc in about.documents:
        assert doc.title in text
    for erratum in about.errata:
        assert erratum.reading in text
