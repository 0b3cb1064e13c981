"""Fixtures for the GUI tests: the rules, isolated preferences, the ready window
(tests/gui/drive.py has the helpers that use it as a person does).

tests/conftest.py picks Qt's offscreen platform; setdefault here too, so that
``pytest tests/gui`` works on its own. Every test gets its own preferences file under
tmp_path, and Qt's standard locations are switched to its test folders, so no test can
read or write the real user's preferences.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QStandardPaths  # noqa: E402

from core import Library, Rules  # noqa: E402
from gui import MainWindow, build_main_window  # noqa: E402

QStandardPaths.setTestModeEnabled(True)  # ~/.qttest: never the user's own preferences

@pytest.fixture(scope="session")
def library(tmp_path_factory) -> Library:
    """The app's own path to its rules: the shipped packs found as the app finds them, with
    an empty user folder of the tests' own (read once for the whole session)."""
    return Library.discover(user_dir=tmp_path_factory.mktemp("user-packs"))


@pytest.fixture(scope="session")
def rules(library: Library) -> Rules:
    """The rules the window opens with (today's pack)."""
    return library.opening_rules()


@pytest.fixture
def prefs_path(tmp_path) -> str:
    return str(tmp_path / "dmc-units.conf")


@pytest.fixture
def make_window(qtbot, library: Library, prefs_path: str):
    """Build a window on the test's preferences file (read afresh each time), as the app
    builds it: from the library of packs."""

    def make(path: str | None = None) -> MainWindow:
        window = build_main_window(settings=path or prefs_path, library=library)
        qtbot.addWidget(window)
        return window

    return make


@pytest.fixture
def window(make_window) -> MainWindow:
    return make_window()


@pytest.fixture
def shown(qtbot, window) -> MainWindow:
    """The window on screen and active, so that keystrokes and focus work as for a person."""
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window
