"""Preferences survive a restart, hold no client data, are plain values read by this
app's own strict reader (never unpickled), and never stop the app starting."""

from __future__ import annotations

import os
import pickle
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox

from gui.prefs import KEYS, Preferences, read_file

from .drive import find, pick


def _ids(window):
    return (find(window, "discipline", QComboBox).currentData(),
            find(window, "setting", QComboBox).currentData())


def test_discipline_and_level_of_care_survive_a_restart(qtbot, make_window, prefs_path):
    first = make_window()
    pick(qtbot, first, "discipline", "LCSW")
    pick(qtbot, first, "setting", "3.2-WM")
    first.close()
    again = make_window()
    assert _ids(again) == ("LCSW", "3.2-WM")
    # a plain INI file: QSettings (or a person) reads the same values
    stored = QSettings(prefs_path, QSettings.Format.IniFormat)
    assert stored.value("discipline") == "LCSW" and stored.value("setting") == "3.2-WM"


def test_last_tab_place_size_and_zoom_are_kept_as_plain_numbers(qtbot, make_window, prefs_path):
    first = make_window()
    first.resize(700, 450)  # within the offscreen screen (800x600)
    first.move(20, 30)
    first.show_tab("reference")
    first.findChild(QAction, "zoom_in_action").trigger()
    first.close()
    text = Path(prefs_path).read_text(encoding="utf-8")
    assert "@" not in text and "ByteArray" not in text and "Variant" not in text
    again = make_window()
    assert again.tabs.currentIndex() == 1
    assert (again.width(), again.height()) == (700, 450)
    assert again.zoom_step() == 1


def test_preferences_hold_nothing_about_the_client(qtbot, make_window, prefs_path, rules):
    window = make_window()
    page = window.calculator
    pick(qtbot, window, "discipline", "RN")
    page.select_service("tcm-icc")
    page.set_quantity(100)
    page.set_non_billable(travel=37, documentation=41)
    page.check_activities("transport")
    page.select_mode("telehealth")
    window.close()
    values = read_file(Path(prefs_path))
    assert set(values) <= set(KEYS)
    for value in values.values():
        assert str(value) not in {"100", "37", "41", "transport", "telehealth", "tcm-icc",
                                  "T1017"}


@pytest.mark.parametrize("content", [
    b"\x00\xff\xfe[[[discipline=\n=====\ngeometry=@ByteArray(\x01\x02\n[window]\ntab=lots\n"
    b"\x89PNG garbage \xc3\x28",
    b"[General]\ndiscipline=RN\ntab=\xc2\xb2\nzoom=\xd9\xa3\n",  # Unicode digits: ignored
    b"[General]\ndiscipline=@Variant(\\0\\0\\0\\x7f\\0\\0\\0\\x12PySide::PyObjectWrapper)\n",
    b"[General]\ngeometry=99999999999999999999,1,2,3\nzoom=-99999999\n",
    b"x" * 100_000,
])
def test_a_broken_or_crafted_preferences_file_gives_the_defaults(qtbot, make_window, prefs_path,
                                                                 content):
    Path(prefs_path).write_bytes(content)
    window = make_window()
    assert window.calculator.current_result() is not None
    assert find(window, "discipline", QComboBox).currentData() in (None, "RN")
    assert window.tabs.currentIndex() == 0


def test_a_pickle_in_the_preferences_file_is_never_unpickled(qtbot, make_window, prefs_path,
                                                             tmp_path):
    marker = tmp_path / "ran"
    # what PySide6 would unpickle from a QSettings @Variant value: code that runs on load
    payload = pickle.dumps(_Marker(str(marker)))
    settings = QSettings(prefs_path, QSettings.Format.IniFormat)
    settings.setValue("discipline", payload)
    settings.setValue("setting", "1.0")
    settings.sync()
    del settings
    window = make_window()
    assert not marker.exists()
    assert _ids(window) == (None, "1.0")


class _Marker:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (Path.touch, (Path(self.path),))


def test_only_known_keys_with_plain_values_are_written(tmp_path):
    prefs = Preferences(tmp_path / "p.conf")
    with pytest.raises(KeyError):
        prefs.write("minutes", 100)
    for key, value in (("discipline", 3), ("tab", "1"), ("discipline", "@Variant(x)"),
                       ("setting", "a\nb"), ("tab", True)):
        with pytest.raises(ValueError):
            prefs.write(key, value)
    prefs.write("discipline", "MD/DO")
    prefs.write("geometry", "-8,0,1024,700")
    assert read_file(tmp_path / "p.conf") == {"discipline": "MD/DO", "geometry": "-8,0,1024,700"}


def test_unknown_stored_ids_are_ignored(qtbot, make_window, prefs_path):
    Path(prefs_path).write_text("[General]\ndiscipline=Astronaut\nsetting=9.9\ntab=99\n"
                                "geometry=not a geometry\n", encoding="utf-8")
    window = make_window()
    assert _ids(window) == (None, None)
    assert window.tabs.currentIndex() == 0


def test_default_preferences_file_is_the_users_dmc_units_file(qtbot, rules):
    from gui import build_main_window

    window = build_main_window(rules)
    qtbot.addWidget(window)
    path = window.calculator.form._prefs.path  # noqa: SLF001 - which file, not what is in it
    assert path.parts[-2:] == ("dmc-units", "dmc-units.conf")
    # Qt's test folder, not the user's: ~/.qttest on Linux, %LOCALAPPDATA%\qttest on Windows
    assert {".qttest", "qttest"} & set(path.parts)


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _dev_zero(path: Path) -> Path:
    path.symlink_to("/dev/zero")
    return path


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


def _huge(path: Path) -> Path:  # valid lines, but far more than preferences take
    path.write_text("[General]\n" + "discipline=RN\n" * 100_000, encoding="utf-8")
    return path


def _opened_in_time(path: Path) -> Preferences:
    """Preferences(path), or the test fails if reading it has not returned within 10 s (a
    pipe used to block the start for ever; the reader is then freed by a writer)."""
    done: list[Preferences] = []
    reader = threading.Thread(target=lambda: done.append(Preferences(path)), daemon=True)
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))  # EOF for the blocked reader
        reader.join(timeout=10)
        pytest.fail(f"reading the preferences file {path} blocked")
    return done[0]


@pytest.mark.parametrize("make", [
    pytest.param(_fifo, id="a pipe", marks=pytest.mark.skipif(
        not hasattr(os, "mkfifo"), reason="needs POSIX pipes (os.mkfifo), which Windows lacks")),
    pytest.param(_dev_zero, id="a link to /dev/zero", marks=pytest.mark.skipif(
        sys.platform == "win32" or not os.path.exists("/dev/zero"),
        reason="needs /dev/zero, which Windows lacks")),
    pytest.param(_folder, id="a folder"),
    pytest.param(_huge, id="a 1.4 MB file")])
def test_preferences_not_in_a_regular_small_file_are_ignored_and_left_alone(
        tmp_path, capsys, make):
    """Issue 15 item 10: a preferences file that is a pipe blocked the start for ever."""
    path = make(tmp_path / "dmc-units.conf")
    before = os.lstat(path)
    prefs = _opened_in_time(path)
    assert prefs.text("discipline") is None  # the defaults
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(path) in err[0] and "using the defaults" in err[0]
    prefs.write("discipline", "LCSW")  # kept for this run, never written over that file
    assert prefs.text("discipline") == "LCSW"
    after = os.lstat(path)
    assert (after.st_mode, after.st_ino, after.st_size) == (
        before.st_mode, before.st_ino, before.st_size)
    assert not (tmp_path / "dmc-units.conf.new").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX pipes")
def test_the_window_opens_when_the_preferences_file_is_a_pipe(qtbot, make_window, prefs_path):
    os.mkfifo(prefs_path)
    done: list = []
    opener = threading.Thread(target=lambda: done.append(read_file(Path(prefs_path))),
                              daemon=True)
    opener.start()
    opener.join(timeout=10)
    if opener.is_alive():  # the window itself must be built on this thread: check first
        os.close(os.open(prefs_path, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("reading a pipe as the preferences file blocked")
    window = make_window()
    assert window.calculator.current_result() is not None and window.tabs.currentIndex() == 0


def test_a_missing_preferences_file_is_no_message(tmp_path, capsys):
    assert Preferences(tmp_path / "none" / "dmc-units.conf").text("discipline") is None
    assert capsys.readouterr().err == ""
