"""The code reference tab: every code, sortable, filterable; Enter uses a code in the
calculator as the core's catalog says; and the About page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QTableView, QTextBrowser

from core import catalog

from .drive import find


def test_reference_lists_every_code_with_its_columns(window, rules):
    table = find(window, "reference", QTableView)
    rows = catalog.reference_rows(rules)
    assert table.model().rowCount() == len(rows)
    headers = [table.model().headerData(c, Qt.Orientation.Horizontal)
               for c in range(table.model().columnCount())]
    for wanted in ("Code", "Program", "Unit basis", "Minimum", "Disciplines", "Source"):
        assert wanted in headers
    first = [table.model().index(0, c).data() for c in range(len(headers))]
    assert first[0] == rows[0].code and rows[0].source in first


def test_filter_by_code_leaves_that_row(qtbot, window):
    window.show_tab("reference")
    box = find(window, "reference_filter", QLineEdit)
    table = find(window, "reference", QTableView)
    total = table.model().rowCount()
    qtbot.keyClicks(box, "H2017")
    assert window.reference.visible_codes() == ["H2017"]
    box.clear()
    assert table.model().rowCount() == total
    qtbot.keyClicks(box, "per diem U6")
    assert 1 < table.model().rowCount() < total
    assert all(code.endswith("U6") for code in window.reference.visible_codes())


def test_sorting_by_a_column(window):
    table = find(window, "reference", QTableView)
    table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    codes = [table.model().index(r, 0).data() for r in range(table.model().rowCount())]
    assert codes == sorted(codes, key=str.casefold, reverse=True)


def _enter_on(qtbot, window, key: str) -> None:
    window.show_tab("reference")
    box = find(window, "reference_filter", QLineEdit)
    box.clear()
    qtbot.keyClicks(box, key)
    qtbot.keyClick(box, Qt.Key.Key_Return)  # to the first row
    table = find(window, "reference", QTableView)
    assert window.reference.visible_codes()[0] == key
    with qtbot.waitSignal(window.calculator.resultChanged):
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.tabs.currentIndex() == 0


def test_enter_on_a_row_opens_that_code_in_the_calculator(qtbot, window):
    _enter_on(qtbot, window, "T2050 U6")
    assert find(window, "service", QComboBox).currentData() == "cs-tenancy-financial"
    assert find(window, "option", QComboBox).currentData() == "T2050 U6"


def test_enter_on_a_gq_row_keeps_the_gq(qtbot, window, rules):
    window.calculator.select_discipline("CHW")
    _enter_on(qtbot, window, "T1016 U8 GQ")
    chosen = catalog.code_selection(rules, "T1016 U8 GQ")
    assert chosen.mode in ("phone", "telehealth")
    assert find(window, "mode", QComboBox).currentData() == chosen.mode
    window.calculator.set_quantity(30)
    calc = window.calculator.current_result()
    assert calc.claimable and calc.lines[0].modifiers[-1] == "GQ"


def test_about_shows_versions_dates_sources_and_errata(window, rules):
    import core

    about = catalog.about(rules)
    text = find(window, "about", QTextBrowser).toPlainText()
    assert core.__version__ in text and about.version in text and about.effective in text
    for doc in about.documents:
        assert doc.title in text and doc.publisher in text
    for erratum in about.errata:
        assert erratum.reading in text
    assert "seed" not in text.casefold()
