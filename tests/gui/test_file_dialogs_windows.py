"""On Windows Qt keeps its file dialog's shared settings in the registry
(``HKEY_CURRENT_USER\\Software\\QtProject``), not in a file: ``QSettings.setPath`` cannot
move them (gui/file_dialogs.py says so), and the file tests/gui/test_file_dialogs.py plants
a crafted value in is not read there. Here the crafted value is planted where Qt reads it
on Windows, and File > Add rules pack… is used as a person would.

Found under Wine (issue 14): the code runs; and the dialogs write the folders visited there
(``lastVisited`` names the export's folder) for every Qt app to read. Marked as an expected
failure on Windows, strict, so that the mark must go once it is fixed (issue 15, item 1).
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction

from core.packs import Library
from gui import build_main_window

from .drive import find
from .test_file_dialogs import RunsCode, answer_file_dialog

pytestmark = [
    pytest.mark.skipif(sys.platform != "win32", reason="the registry is Windows'"),
    pytest.mark.xfail(sys.platform == "win32", strict=True,
                      reason="Qt's file dialog unpickles a value planted in HKCU\\Software\\"
                             "QtProject, which setPath cannot move (issue 15, item 1)"),
]

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
