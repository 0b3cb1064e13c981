"""Driving the window as a person does: go to an input, type over it, Tab away, pick."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget

from gui import MainWindow

#: the offscreen platform cannot raise or grab for the completer's pop-up list
offscreen_popup = pytest.mark.qt_log_ignore(
    r"This plugin does not support (raise\(\)|grabbing the keyboard)")


def find(window: QWidget, name: str, cls: type = QWidget) -> QWidget:
    found = window.findChild(cls, name)
    assert found is not None, f"no {cls.__name__} named {name!r}"
    return found


def focus(qtbot, widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: widget.hasFocus() or QApplication.focusWidget() is widget)


def type_into(qtbot, window: MainWindow, name: str, text: str, *, then=Qt.Key.Key_Tab):
    """Go to an input, type over what it holds (selected as focus comes in), and press
    ``then`` (Tab: leave it). Keys go where a person's would: to the focused widget, or
    to the list of matches while it is open."""
    widget = find(window, name)
    focus(qtbot, widget)
    editor = widget.lineEdit() if isinstance(widget, QComboBox) else widget
    assert isinstance(editor, QLineEdit)
    qtbot.waitUntil(lambda: editor.selectedText() == editor.text())
    if text:
        for char in text:
            qtbot.keyClicks(keys_to(widget), char)
    else:
        qtbot.keyClick(keys_to(widget), Qt.Key.Key_Delete)
    if then is not None:
        qtbot.keyClick(keys_to(widget), then)


def pick(qtbot, window: MainWindow, name: str, ident: str):
    """Choose an item of a combo box by the core's id, as a click in its list would."""
    combo = find(window, name, QComboBox)
    row = combo.findData(ident)
    assert row >= 0, f"{name} has no {ident!r}"
    if combo.currentIndex() != row:
        with qtbot.waitSignal(window.calculator.resultChanged, timeout=2000):
            combo.setCurrentIndex(row)
    return window.calculator.current_result()


def result_text(window: MainWindow) -> str:
    return window.calculator.result_text()


def keys_to(widget: QWidget) -> QWidget:
    """Where the keyboard goes: the list of matches while it is open (it grabs the
    keyboard), else the widget that has the focus."""
    QApplication.processEvents()  # a list the last key opens is open before the next key
    if isinstance(widget, QComboBox) and widget.completer() is not None:
        popup = widget.completer().popup()
        if popup.isVisible():
            return popup
    return QApplication.focusWidget() or widget


def click(qtbot, widget: QWidget) -> None:
    """Click a widget as a person would: an open pop-up list takes the click first (it
    closes), then the widget gets it."""
    popup = QApplication.activePopupWidget()
    if popup is not None:
        outside = popup.mapFromGlobal(widget.mapToGlobal(widget.rect().center()))
        qtbot.mouseClick(popup, Qt.MouseButton.LeftButton, pos=outside)
        qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
