"""Qt's file dialogs (File > Open export…, Export report…, File > Add rules pack…) read
nothing another program wrote and leave no folder behind.

Qt keeps its file dialog's folders in settings every Qt app of the user shares
(``QtProject.conf``). In a PySide app, reading a ``@Variant(PySide::PyObjectWrapper)``
value from there unpickles it: a crafted value ran code as the dialog was used. Here that
file holds such a value, which would create a marker file; the real dialogs are used
through the window, with keystrokes, and the marker must never appear.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

from core.packs import Library
from gui import build_main_window
from tests.core.test_audit_io import HEADER, ROWS, write_csv

from .drive import find

RUN_TIMEOUT = 20_000  # ms


class RunsCode:
    """Pickled, this is a call of ``open(marker, "w")``: unpickling it creates the marker."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


@pytest.fixture
def crafted_qt_settings(tmp_path):
    """Qt's shared settings file, where Qt would read it, with a crafted value in every
    key of the file dialog's group; yields the marker that value would create. The file is
    put back as it was afterwards."""
    shared = Path(QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.GenericConfigLocation)) / "QtProject.conf"
    before = shared.read_bytes() if shared.exists() else None
    marker = tmp_path / "code ran"
    # made aside and copied in: Qt would keep the written values in memory for that path
    made = tmp_path / "made.conf"
    crafted = QSettings(str(made), QSettings.Format.IniFormat)
    for key in ("lastVisited", "history", "viewMode", "shortcuts", "qtVersion"):
        crafted.setValue(f"FileDialog/{key}", RunsCode(marker))
    crafted.sync()
    del crafted
    shared.parent.mkdir(parents=True, exist_ok=True)
    shared.write_bytes(made.read_bytes())
    assert b"PySide::PyObjectWrapper" in shared.read_bytes()
    yield shared, marker
    if before is None:
        shared.unlink(missing_ok=True)
    else:
        shared.write_bytes(before)


def answer_file_dialog(qtbot, typed: str | None) -> None:
    """Once Qt's file dialog is open, go to the folder of ``typed`` (a path) and choose
    its file, as a person would: paste the folder in the file name field, Enter, then
    pick the file, Enter (None: press Escape). The dialog blocks the caller, so this is set
    up before the key or click that opens it."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog) or not dialog.isVisible():
            QTimer.singleShot(20, act)  # not open yet: look again
            return
        edit = dialog.findChild(QLineEdit, "fileNameEdit")
        if typed is None:
            qtbot.keyClick(edit, Qt.Key.Key_Escape)
            return
        # pasted: typed key by key, the field's own completer list takes the keys
        # (offscreen)
        edit.setText(str(Path(typed).parent))
        qtbot.keyClick(edit, Qt.Key.Key_Return)  # goes to the folder
        dialog.selectFile(typed)  # as a click on the file in the list does
        qtbot.keyClick(edit, Qt.Key.Key_Return)

    QTimer.singleShot(0, act)


@pytest.fixture
def export_in_folder(tmp_path):
    folder = tmp_path / "QA exports, clinic 7"
    folder.mkdir()
    return write_csv(folder / "export.csv", HEADER, [r for r, _ in ROWS])


def test_open_and_export_run_no_code_from_qts_shared_settings(qtbot, shown, crafted_qt_settings,
                                                             export_in_folder):
    shared, marker = crafted_qt_settings
    answer_file_dialog(qtbot, str(export_in_folder))
    with qtbot.waitSignal(shown.audit.fileOpened, timeout=RUN_TIMEOUT) as opened:
        qtbot.keyClick(shown.focusWidget() or shown, Qt.Key.Key_O,
                       Qt.KeyboardModifier.ControlModifier)
    assert opened.args == [True] and shown.audit.file_label.text() == "export.csv"
    assert not marker.exists()

    with qtbot.waitSignal(shown.audit.runFinished, timeout=RUN_TIMEOUT):
        qtbot.mouseClick(shown.audit.run_button, Qt.MouseButton.LeftButton)
    report = export_in_folder.with_name("report.csv")
    answer_file_dialog(qtbot, str(report))
    with qtbot.waitSignal(shown.audit.exported, timeout=RUN_TIMEOUT):
        qtbot.mouseClick(shown.audit.export_button, Qt.MouseButton.LeftButton)
    assert report.exists()
    assert not marker.exists()
    # nor is the export's folder left in the settings other Qt apps read
    text = shared.read_bytes()
    assert b"clinic" not in text and b"PySide::PyObjectWrapper" in text


def test_add_rules_pack_runs_no_code_from_qts_shared_settings(qtbot, tmp_path, prefs_path,
                                                               crafted_qt_settings):
    shared, marker = crafted_qt_settings
    library = Library.discover(user_dir=tmp_path / "packs")
    window = build_main_window(settings=prefs_path, library=library)
    qtbot.addWidget(window)
    window.show()
    action = find(window, "add_pack_action", QAction)
    assert action.isEnabled()
    answer_file_dialog(qtbot, None)
    action.trigger()
    assert not marker.exists()
    assert QApplication.activeModalWidget() is None  # the dialog was there, and is gone
