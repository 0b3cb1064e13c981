"""Fixtures for the GUI tests: the rules, isolated preferences, and the ready window.

tests/conftest.py picks Qt's offscreen platform; setdefault here too, so that
``pytest tests/gui`` works on its own. Every test gets its own preferences file under
tmp_path, and QSettings' default locations are pointed there as well, so no test can
read or write the real user's preferences.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

from core import Rules, load_rules  # noqa: E402
from gui import MainWindow, build_main_window  # noqa: E402


@pytest.fixture(scope="session")
def rules() -> Rules:
    return load_rules()


@pytest.fixture(autouse=True)
def _isolated_settings_paths(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Default-constructed QSettings land in a temporary folder, never in ~/.config."""
    folder = str(tmp_path_factory.mktemp("qsettings-default"))
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
            QSettings.setPath(fmt, scope, folder)


@pytest.fixture
def settings_path(tmp_path) -> str:
    return str(tmp_path / "dmc-units.ini")


@pytest.fixture
def settings(settings_path: str) -> QSettings:
    return QSettings(settings_path, QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, rules: Rules, settings_path: str):
    """Build a window on the test's preferences file (a fresh QSettings each time)."""

    def make(path: str | None = None) -> MainWindow:
        window = build_main_window(
            rules, QSettings(path or settings_path, QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        return window

    return make


@pytest.fixture
def window(make_window) -> MainWindow:
    return make_window()
