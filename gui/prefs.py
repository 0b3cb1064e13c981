"""Preferences kept between runs, and nothing else.

Only *preferences* are stored: the clinician's discipline, the level of care they work
in, the window's geometry and the last tab. Never a minute count, a note, an activity
or anything about a client (42 CFR Part 2): :data:`KEYS` is the whole list, and
:meth:`Preferences.write` refuses any other key.

Reading is forgiving: a settings file that is corrupt, or holds an id the rules no
longer have, simply gives no preference.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "dmc-units"
APPLICATION = "dmc-units"

DISCIPLINE = "discipline"
SETTING = "setting"
GEOMETRY = "window/geometry"
TAB = "window/tab"
#: every key the app ever writes
KEYS = (DISCIPLINE, SETTING, GEOMETRY, TAB)


def default_settings() -> QSettings:
    """The user's preferences store (per user, native format)."""
    return QSettings(ORGANIZATION, APPLICATION)


class Preferences:
    """Typed, defensive access to the few preferences in a ``QSettings``."""

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    def _read(self, key: str) -> object:
        try:
            return self._settings.value(key)
        except Exception:  # noqa: BLE001 - an unreadable value is no preference
            return None

    def text(self, key: str) -> str | None:
        value = self._read(key)
        return value if isinstance(value, str) and value else None

    def number(self, key: str) -> int | None:
        value = self._read(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().isdigit():
            return int(value)
        return None

    def geometry(self) -> QByteArray | None:
        value = self._read(GEOMETRY)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def write(self, key: str, value: str | int | QByteArray) -> None:
        if key not in KEYS:
            raise KeyError(f"{key!r} is not a preference")
        self._settings.setValue(key, value)

    def sync(self) -> None:
        self._settings.sync()
