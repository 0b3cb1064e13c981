"""Preferences survive a restart, hold no client data, and never stop the app starting."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QComboBox, QSpinBox, QTableView

from gui.prefs import KEYS


def _ids(window):
    return (window.findChild(QComboBox, "discipline").currentData(),
            window.findChild(QComboBox, "setting").currentData())


def test_discipline_and_setting_survive_a_restart(qtbot, make_window, settings_path):
    first = make_window()
    with qtbot.waitSignal(first.resultChanged):
        first.select_discipline("LCSW")
    with qtbot.waitSignal(first.resultChanged):
        first.select_setting("3.2-WM")
    first.close()

    again = make_window()
    assert _ids(again) == ("LCSW", "3.2-WM")
    stored = QSettings(settings_path, QSettings.Format.IniFormat)
    assert stored.value("discipline") == "LCSW" and stored.value("setting") == "3.2-WM"


def test_last_tab_and_geometry_are_kept(qtbot, make_window):
    first = make_window()
    first.resize(720, 520)  # within the offscreen screen (800x600): restore clamps to it
    first.show_tab("reference")
    first.close()
    again = make_window()
    assert again.tabs.currentIndex() == 1
    assert again.findChild(QTableView, "reference") is not None  # the tab shown is built
    assert again.size().width() == 720


def test_preferences_hold_nothing_about_the_client(qtbot, make_window, settings_path, rules):
    window = make_window()
    window.select_discipline("RN")
    window.select_service("tcm-icc")
    with qtbot.waitSignal(window.resultChanged):
        window.findChild(QSpinBox, "quantity").setValue(100)
    window.set_non_billable(travel=37, documentation=41)
    window.check_activities("transport", "benefits-apply")
    window.select_mode("telehealth")
    window.close()

    stored = QSettings(settings_path, QSettings.Format.IniFormat)
    keys = stored.allKeys()
    assert set(keys) <= set(KEYS)
    forbidden = {"100", "37", "41", "transport", "benefits-apply", "telehealth", "tcm-icc",
                 "T1017"}
    note_texts = {a.text for a in rules.activities} | {n.text for n in rules.notes}
    for key in keys:
        value = stored.value(key)
        if isinstance(value, QByteArray):
            continue  # window geometry
        assert str(value) not in forbidden, key
        assert value not in (100, 37, 41), key
        assert not any(text in str(value) for text in note_texts), key


def test_garbage_settings_file_still_starts(qtbot, make_window, settings_path):
    with open(settings_path, "wb") as fh:
        fh.write(b"\x00\xff\xfe[[[discipline=\n=====\ngeometry=@ByteArray(\x01\x02\n"
                 b"[window]\ngeometry=not bytes\ntab=lots\n\x89PNG garbage \xc3\x28")
    window = make_window()
    assert window.current_result() is not None
    assert window.findChild(QComboBox, "discipline").currentIndex() == 0


def test_unknown_or_odd_stored_ids_are_ignored(qtbot, make_window, settings_path):
    stored = QSettings(settings_path, QSettings.Format.IniFormat)
    stored.setValue("discipline", "Astronaut")
    stored.setValue("setting", ["3.2-WM", "1.0"])
    stored.setValue("window/tab", 99)
    stored.setValue("window/geometry", "not a geometry")
    stored.sync()
    window = make_window()
    assert _ids(window) == (window.findChild(QComboBox, "discipline").itemData(0),
                            window.findChild(QComboBox, "setting").itemData(0))
    assert window.tabs.currentIndex() == 0
    assert window.current_result() is not None


def test_default_preferences_store_is_dmc_units(qtbot, rules):
    from gui import build_main_window

    window = build_main_window(rules)
    qtbot.addWidget(window)
    store = window._prefs._settings  # noqa: SLF001 - which file, not what is in it
    assert (store.organizationName(), store.applicationName()) == ("dmc-units", "dmc-units")
