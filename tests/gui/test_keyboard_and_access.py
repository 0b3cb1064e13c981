"""Keyboard only, accessible names, ids the automation relies on, size and palette."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QListWidget, QPushButton, QSpinBox,
    QTableView, QTextBrowser,
)

from core import catalog
from gui.widgets.result_view import ResultStyle

INPUTS = (QComboBox, QAbstractSpinBox, QLineEdit, QListWidget, QPushButton, QTableView,
          QTextBrowser)


def test_combo_items_carry_the_cores_ids(window, rules):
    def data(name):
        combo = window.findChild(QComboBox, name)
        return [combo.itemData(i) for i in range(combo.count())]

    assert data("discipline") == [d.id for d in rules.disciplines]
    assert data("service") == [s.id for s in catalog.services(rules)]
    assert data("setting") == [s.id for s in rules.settings]
    assert data("mode") == ["in-person", "telehealth", "phone"]
    assert isinstance(window.findChild(QSpinBox, "quantity"), QSpinBox)
    assert window.findChild(QComboBox, "service").isEditable()


def test_every_input_has_an_accessible_name(window):
    for tab in ("reference", "about", "calculator"):
        window.show_tab(tab)  # the reference and About pages are built when first shown
    for cls in INPUTS:
        for w in window.findChildren(cls):
            if isinstance(w, QLineEdit) and isinstance(w.parent(), (QComboBox, QAbstractSpinBox)):
                continue  # the editor inside a combo or spin box: the box carries the name
            assert w.accessibleName(), f"{cls.__name__} {w.objectName()!r} has no name"


def test_tab_order_follows_the_form(window):
    order = ["discipline", "service", "option", "quantity", "mode", "setting", "travel",
             "documentation", "non_billable_activities", "activities", "copy", "result"]
    w = window.findChild(QComboBox, "discipline")
    seen = [w.objectName()]
    for _ in range(len(order) - 1):
        w = w.nextInFocusChain()
        while not w.objectName() or w.objectName() not in order:
            w = w.nextInFocusChain()
        seen.append(w.objectName())
    assert seen == order


def test_tab_leaves_the_result_and_the_about_page(window):
    window.show_tab("reference")
    window.show_tab("about")
    for name in ("result", "about", "reference_detail"):
        assert window.findChild(QTextBrowser, name).tabChangesFocus(), name


def test_ctrl_f_goes_to_the_service_search(qtbot, window):
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    quantity = window.findChild(QSpinBox, "quantity")
    quantity.setFocus()
    qtbot.waitUntil(quantity.hasFocus)
    qtbot.keyClick(quantity, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    service = window.findChild(QComboBox, "service")
    qtbot.waitUntil(lambda: QApplication.focusWidget() in (service, service.lineEdit()))
    assert service.lineEdit().selectedText() == service.lineEdit().text()


def test_usable_at_1024_by_700(qtbot, window):
    hint = window.minimumSizeHint()
    assert hint.width() <= 1024 and hint.height() <= 700
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    window.select_service("tcm-icc")
    for name in ("discipline", "service", "quantity", "copy", "result", "activities"):
        w = window.findChild(object, name)
        assert w.isVisible() and w.width() > 40 and w.height() > 10, name


def test_dark_palette_gives_light_text_and_readable_semantic_colours():
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
    light = QPalette()
    light.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    light.setColor(QPalette.ColorRole.Text, QColor("#000000"))
    for palette in (dark, light):
        style = ResultStyle.from_palette(palette, 10)
        back = palette.color(QPalette.ColorRole.Base)
        for colour in (style.text, style.ok, style.bad, style.muted):
            assert abs(QColor(colour).lightnessF() - back.lightnessF()) > 0.35, colour


def test_result_follows_a_palette_change(qtbot, window):
    window.select_service("H0034")
    window.select_discipline("RN")
    window.set_quantity(100)
    result = window.findChild(QTextBrowser, "result")
    palette = result.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#101010"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#f0f0f0"))
    result.setPalette(palette)
    dark = ResultStyle.from_palette(palette, result.font().pointSizeF())
    assert dark.ok in result.toHtml() and dark.ok_back in result.toHtml()
