"""The window as a desktop app: menus and shortcuts, fitted to small screens, zoom, icon."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QDialog, QLineEdit, QScrollArea, QTextBrowser

import core

from .drive import find

ROOT = Path(__file__).resolve().parents[2]


def test_menu_bar_has_file_edit_view_help(window):
    menus = {a.text().replace("&", ""): [x.text().replace("&", "") for x in a.menu().actions()
                                          if x.text()]
             for a in window.menuBar().actions()}
    assert list(menus) == ["File", "Edit", "View", "Help"]
    assert menus["File"] == ["Open export…", "Add rules pack…", "Copy summary", "Quit"]
    assert {"New calculation", "Add to day sheet"} <= set(menus["Edit"])
    assert {"Day sheet", "Zoom in", "Zoom out"} <= set(menus["View"])
    assert menus["Help"][0] == "Quick start"
    keys = {a.objectName(): a.shortcut().toString() for a in window.findChildren(QAction)}
    assert keys["quit_action"] == "Ctrl+Q" and keys["quick_start_action"] == "F1"
    assert keys["copy_action"] == "Ctrl+Shift+C" and keys["open_export_action"] == "Ctrl+O"
    assert keys["add_to_day_action"] == "Ctrl+D"


def test_f1_opens_the_quick_start_and_ctrl_q_closes(qtbot, shown):
    qtbot.keyClick(find(shown, "discipline"), Qt.Key.Key_F1)
    dialog = find(shown, "quick_start", QDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert "Quick start" in dialog.findChild(QTextBrowser).toPlainText()
    dialog.close()
    qtbot.keyClick(find(shown, "discipline"), Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not shown.isVisible())


def test_about_says_the_apps_version_the_rules_version_and_dates(qtbot, shown, rules):
    from core import catalog

    find(shown, "about_action", QAction).trigger()
    assert shown.tabs.currentWidget() is shown.about
    about = catalog.about(rules)
    text = shown.about.toPlainText()
    assert core.__version__ in text and about.version in text and about.effective in text
    assert core.__version__ in find(shown, "rules_version").text()
    assert not shown.windowIcon().isNull()


def test_zoom_makes_the_text_larger_and_smaller(qtbot, shown):
    result = find(shown, "result", QTextBrowser)
    normal = result.font().pointSizeF()
    qtbot.keyClick(find(shown, "discipline"), Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert result.font().pointSizeF() > normal
    qtbot.keyClick(find(shown, "discipline"), Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert result.font().pointSizeF() == normal
    qtbot.keyClick(find(shown, "discipline"), Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert result.font().pointSizeF() < normal


def test_the_window_fits_the_screen_it_opens_on(qtbot, shown):
    room = QGuiApplication.primaryScreen().availableGeometry()
    assert room.contains(shown.frameGeometry())
    hint = shown.minimumSizeHint()
    assert hint.width() <= 800 and hint.height() <= 500


@pytest.mark.parametrize("size", [QSize(1024, 600), QSize(911, 512), QSize(800, 500)])
def test_every_input_and_the_copy_button_can_be_reached_on_a_small_screen(qtbot, window, size):
    """1024x600, and 1366x768 at 150% (911x512 device-independent pixels)."""
    window.calculator.select_discipline("RN")
    window.calculator.select_service("tcm-icc")
    window.resize(size)
    window.show()
    qtbot.waitExposed(window)
    assert window.width() <= size.width() and window.height() <= size.height()
    scroll = find(window, "inputs_scroll", QScrollArea)
    for name in ("date_of_service", "discipline", "service", "quantity", "mode", "setting",
                 "travel", "documentation", "activities", "copy", "add_to_day", "result"):
        w = find(window, name)
        if scroll.widget().isAncestorOf(w):
            scroll.ensureWidgetVisible(w)
        top_left = w.mapTo(window, w.rect().topLeft())
        bottom = w.mapTo(window, w.rect().bottomRight())
        assert window.rect().contains(top_left) and window.rect().contains(bottom), name
        assert w.width() > 40 and w.height() > 10, name
        if scroll.widget().isAncestorOf(w):
            viewport = scroll.viewport()
            assert viewport.rect().contains(w.mapTo(viewport, w.rect().center())), name


def test_the_window_fits_at_150_percent_on_1366_by_768(tmp_path):
    code = ("import sys; from PySide6.QtWidgets import QApplication; app = QApplication([]);"
            "import gui; w = gui.build_main_window(settings=sys.argv[1]); w.show();"
            "app.processEvents(); room = w.screen().availableGeometry();"
            "print(room.width(), room.height(), w.frameGeometry().width(),"
            " w.frameGeometry().height(), int(room.contains(w.frameGeometry())))")
    screen = tmp_path / "screen.json"  # the offscreen platform's screen, as a laptop's
    screen.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0,
                                               "width": 1366, "height": 768,
                                               "logicalDpi": 96, "logicalBaseDpi": 96}]}))
    # Qt splits QT_QPA_PLATFORM at ":", so the file is named relative to the working folder
    # (a Windows path has a ":" after its drive letter); PYTHONPATH finds the app from there
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={screen.name}",
               QT_SCALE_FACTOR="1.5", PYTHONPATH=str(ROOT), HOME=str(tmp_path),
               XDG_DATA_HOME=str(tmp_path / "d"), XDG_CACHE_HOME=str(tmp_path / "c"),
               APPDATA=str(tmp_path / "d"), USERPROFILE=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "p.conf")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    room_w, room_h, w, h, inside = (int(x) for x in done.stdout.split())
    assert (room_w, room_h) == (911, 512)  # 1366x768 at 150%
    assert inside == 1 and w <= room_w and h <= room_h


def test_the_quantity_is_a_text_field_that_keeps_what_is_typed(window):
    quantity = find(window, "quantity", QLineEdit)
    assert quantity.validator() is None and quantity.maxLength() >= 32767


def test_ctrl_f_goes_to_the_service_search_with_its_text_selected(qtbot, shown):
    shown.calculator.select_service("H0034")
    quantity = find(shown, "quantity", QLineEdit)
    quantity.setFocus()
    qtbot.waitUntil(quantity.hasFocus)
    qtbot.keyClick(quantity, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    service = find(shown, "service")
    qtbot.waitUntil(service.hasFocus)
    qtbot.waitUntil(lambda: service.lineEdit().selectedText() == service.lineEdit().text())
    shown.show_tab("reference")
    qtbot.keyClick(shown.reference.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(shown.reference.filter.hasFocus)


def _mnemonic(text: str) -> str | None:
    i = text.replace("&&", "").find("&")
    return text.replace("&&", "")[i + 1].casefold() if i >= 0 else None


@pytest.mark.parametrize("tab", ["calculator", "reference", "audit", "about"])
def test_alt_keys_are_unique_on_each_tab(window, tab):
    """Each Alt+letter reaches one thing: a menu, a tab, or a field or button on screen."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    window.calculator.select_service("tcm-icc")  # the care coordination fields too
    window.day_dock.show()  # the day sheet beside every tab
    window.show()
    window.show_tab(tab)
    texts = [a.text() for a in window.menuBar().actions()]
    texts += [window.tabs.tabText(i) for i in range(window.tabs.count())]
    texts += [w.text() for w in window.findChildren(QLabel) if w.buddy() is not None
              and w.isVisible()]
    texts += [w.text() for w in window.findChildren(QAbstractButton) if w.isVisible()]
    keys = [k for k in map(_mnemonic, texts) if k]
    assert len(keys) == len(set(keys)), sorted(keys)
