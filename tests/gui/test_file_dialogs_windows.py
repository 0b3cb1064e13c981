"""On Windows Qt keeps its file dialog's shared settings in the registry
(``HKEY_CURRENT_USER\\Software\\QtProject``), not in a file: ``QSettings.setPath`` cannot
move them, and the file tests/gui/test_file_dialogs.py plants a crafted value in is not
read there. Here the crafted value is planted where Qt reads it on Windows, and the
dialogs are used as a person would.

Found under Wine: the code ran, and the dialogs wrote the folders visited there
(``lastVisited`` named the export's folder) for every Qt app to read. gui/file_dialogs.py
now deletes such a value before a dialog is made and puts the dialog's group back after
(issue 15, item 1); run under Wine with ``./dev windows --tests``.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction

from core.packs import Library
from gui import build_main_window

from tests.core.test_audit_io import HEADER, ROWS, write_csv

from .drive import find
from .test_file_dialogs import RunsCode, answer_file_dialog

pytestmark = pytest.mark.skipif(sys.platform != "win32", reason="the registry is Windows'")

_KEY = r"Software\QtProject\OrganizationDefaults\FileDialog"


@pytest.fixture
def crafted_registry(tmp_path):
    """Qt's file dialog settings in the registry, with a crafted value in every key Qt
    reads; yields the marker that value would create. The key is put back as it was."""
    import winreg

    def values() -> list[tuple[str, object, int]]:
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, _KEY) as key:
                return [winreg.EnumValue(key, i) for i in range(winreg.QueryInfoKey(key)[1])]
        except FileNotFoundError:
            return []

    before = values()
    marker = tmp_path / "code ran"
    crafted = QSettings(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, "QtProject")
    for key in ("lastVisited", "history", "viewMode", "shortcuts", "qtVersion"):
        crafted.setValue(f"FileDialog/{key}", RunsCode(marker))
    crafted.sync()
    del crafted
    yield marker
    with winreg.CreateKey(winreg.HKEY_CURRENT_USER, _KEY) as key:
        for name, _, _ in values():
            winreg.DeleteValue(key, name)
        for name, data, kind in before:
            winreg.SetValueEx(key, name, 0, kind, data)


def test_add_rules_pack_runs_no_code_from_qts_settings_in_the_registry(
        qtbot, tmp_path, prefs_path, crafted_registry):
    window = build_main_window(settings=prefs_path,
                               library=Library.discover(user_dir=tmp_path / "packs"))
    qtbot.addWidget(window)
    window.show()
    answer_file_dialog(qtbot, None)
    find(window, "add_pack_action", QAction).trigger()
    assert not crafted_registry.exists()


def test_open_export_leaves_qts_settings_in_the_registry_as_they_were(qtbot, shown, tmp_path):
    """The dialog would note the export's folder there (lastVisited, history)."""
    import winreg

    def values() -> list[tuple[str, object, int]]:
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, _KEY) as key:
                return [winreg.EnumValue(key, i) for i in range(winreg.QueryInfoKey(key)[1])]
        except FileNotFoundError:
            return []

    folder = tmp_path / "QA exports, clinic 7"
    folder.mkdir()
    export = write_csv(folder / "export.csv", HEADER, [r for r, _ in ROWS])
    before = values()
    answer_file_dialog(qtbot, str(export))
    with qtbot.waitSignal(shown.audit.fileOpened, timeout=20_000):
        qtbot.mouseClick(shown.audit.open_button, Qt.MouseButton.LeftButton)
    assert shown.audit.file_label.text() == "export.csv"
    assert sorted(values()) == sorted(before)
