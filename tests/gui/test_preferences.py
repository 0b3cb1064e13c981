"""Preferences survive a restart, hold no client data, are plain values read by this
app's own strict reader (never unpickled), and never stop the app starting."""

from __future__ import annotations

import pickle
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
    path = window.calculator._prefs.path  # noqa: SLF001 - which file, not what is in it
    assert path.parts[-2:] == ("dmc-units", "dmc-units.conf")
    assert ".qttest" in str(path)  # the tests' own folder, never the real user's
