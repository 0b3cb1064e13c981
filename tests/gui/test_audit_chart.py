"""The Audit tab's summary as a picture: the findings by kind as bars, painted (no QtCharts
in PySide6-Essentials), told to a screen reader as text, readable in a dark palette; the
claim and the fix in the table's tooltips."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette

import gui.audit_view as audit_view
from core.audit import Audit
from core.audit_io import LineReader, open_table
from gui.audit_model import FINDINGS, UNITS
from gui.widgets.bar_chart import BarChart
from gui.widgets.palette import contrast
from tests.core.test_audit_io import HEADER, ROWS, write_csv
from tests.core.test_audit_report import table_at
from tests.gui.test_audit_tab import open_with_ctrl_o, run


@pytest.fixture
def export(tmp_path):
    return write_csv(tmp_path / "export.csv", HEADER, [r for r, _ in ROWS])


def core_counts(library, path):
    audit = Audit(library)
    for _ in audit.run(LineReader(open_table(path))):
        pass
    return [(title, n) for _, title, n in audit.summary.by_kind()]


def test_the_findings_by_kind_are_shown_as_bars_with_the_core_s_counts(
        qtbot, shown, monkeypatch, export, library):
    view = shown.audit
    assert open_with_ctrl_o(qtbot, shown, monkeypatch, export)
    assert not view.chart_area.isVisible()  # nothing to show before a run
    run(qtbot, shown)
    counts = core_counts(library, export)
    assert counts and view.chart_area.isVisible()
    assert view.chart.bars() == tuple(counts)
    # a screen reader is told the same counts, as text
    assert view.chart.accessibleName() == "Findings by kind"
    assert view.chart.accessibleDescription() == "; ".join(
        f"{title} {n:,}" for title, n in counts) + "."
    # and reaches the chart with the keyboard, from the line's detail
    view.detail.setFocus()
    qtbot.waitUntil(view.detail.hasFocus)
    qtbot.keyClick(view.detail, Qt.Key.Key_Tab)
    assert view.chart.hasFocus()


def test_another_file_opened_takes_the_bars_away(qtbot, shown, monkeypatch, export, tmp_path):
    view = shown.audit
    assert open_with_ctrl_o(qtbot, shown, monkeypatch, export)
    run(qtbot, shown)
    assert view.chart.bars()
    other = write_csv(tmp_path / "other.csv", HEADER, [ROWS[0][0]])
    assert open_with_ctrl_o(qtbot, shown, monkeypatch, other)
    assert view.chart.bars() == () and not view.chart_area.isVisible()
    assert run(qtbot, shown)["by_kind"] == {}
    assert view.chart.accessibleDescription() == "None."


@pytest.mark.parametrize("window_colour,text_colour,highlight", [
    ("#efefef", "#000000", "#308cc6"),  # Fusion's light palette
    ("#353535", "#ffffff", "#2a82da"),  # a dark one, as Windows' dark mode gives
])
def test_a_bar_s_label_reads_on_the_bar_in_a_light_and_a_dark_palette(
        qtbot, window_colour, text_colour, highlight):
    chart = BarChart()
    qtbot.addWidget(chart)
    palette = chart.palette()
    for role, colour in ((QPalette.ColorRole.Window, window_colour),
                         (QPalette.ColorRole.WindowText, text_colour),
                         (QPalette.ColorRole.Highlight, highlight)):
        palette.setColor(role, QColor(colour))
    chart.setPalette(palette)
    chart.setAutoFillBackground(True)
    chart.set_bars("Findings by kind", [("Same-day conflict", 20), ("Duplicate line", 1)])
    chart.resize(400, chart.sizeHint().height())
    image = chart.grab().toImage()
    row = chart.fontMetrics().height() + 6
    ratio = image.devicePixelRatio()
    # inside the longest bar, right of its label: the bar's own fill
    fill = image.pixelColor(int(380 * ratio) - int(chart.fontMetrics().horizontalAdvance(
        "20,") * ratio) - 20, int((row + row // 2) * ratio))
    assert fill != QColor(window_colour)  # a bar is there
    assert contrast(QColor(text_colour), fill) >= 4.5  # WCAG AA for its label


def test_the_rows_grow_with_the_font(qtbot):
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.set_bars("Findings by kind", [("Same-day conflict", 2)] * 5)
    small = chart.sizeHint().height()
    font = chart.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)  # 150% scaling, or the window's zoom
    chart.setFont(font)
    # the title and each bar a line of the larger text
    assert chart.sizeHint().height() >= 6 * chart.fontMetrics().height() > small


def test_the_table_s_tooltips_give_the_claim_and_the_fix(qtbot, shown, monkeypatch, export):
    assert open_with_ctrl_o(qtbot, shown, monkeypatch, export)
    run(qtbot, shown)
    model = shown.audit.model
    row = next(r for r in range(model.rowCount()) if model.result_at(r).fix
               and model.result_at(r).status == "finding")
    result = model.result_at(row)
    tip = model.index(row, FINDINGS).data(Qt.ItemDataRole.ToolTipRole)
    assert result.findings[0].text in tip and tip.endswith(f"Fix: {result.fix}")
    assert model.index(row, UNITS).data(Qt.ItemDataRole.ToolTipRole) == (
        f"The claim the rules accept: {result.claim}")
    assert audit_view.FINDINGS == FINDINGS


def test_the_exported_workbook_s_summary_has_the_tab_s_counts(qtbot, shown, monkeypatch,
                                                              export, tmp_path):
    """Export report… as .xlsx: its Summary sheet counts the findings by kind as the bars
    in the tab do, and charts them."""
    view = shown.audit
    assert open_with_ctrl_o(qtbot, shown, monkeypatch, export)
    run(qtbot, shown)
    report = tmp_path / "report.xlsx"
    monkeypatch.setattr(audit_view, "choose_report_path", lambda parent, suggested: str(report))
    with qtbot.waitSignal(view.exported, timeout=20_000):
        qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    summary = load_workbook(report)["Summary"]
    kinds, _ = table_at(summary, "Findings by kind")
    assert [(title, n) for title, (n,) in kinds.items()] == list(view.chart.bars())
    assert len(summary._charts) == 4
