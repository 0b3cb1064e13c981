"""Qt's file dialogs, kept to this app: they read nothing another program wrote and leave
no folder behind.

Qt's file dialog keeps the folders it visits (``lastVisited``, ``history``) and its view in
Qt's own settings, ``QtProject`` group ``FileDialog``, which every Qt app of the user
shares (``~/.config/QtProject.conf`` on Linux, ``HKEY_CURRENT_USER\\Software\\QtProject``
on Windows). Qt reads them as a dialog is made and writes them as it goes. In a PySide
app that reading is not safe: ``QSettings`` turns an ``@Variant(PySide::PyObjectWrapper)``
value into a Python object by unpickling it, so a crafted value there would run code the
moment File > Open export… was used. And an export's folder left in that history says
something about it.

So every dialog is made inside :func:`private`:

* Qt's settings *files* for this process are pointed at a folder of its own (once): a
  new, empty folder for each run, removed when the app ends. The shared file is neither
  read nor written; the dialogs remember the last folder for the session only.
* On Windows, where Qt keeps them in the registry (``QSettings.setPath`` cannot move
  that), the dialog's keys are read as raw registry values (never through ``QSettings``):
  a value Qt would unpickle (``@Variant(``, which Qt's dialog itself never writes) is
  deleted before the dialog is made, and the dialog's group is put back as it was once
  the dialog is gone.
"""

from __future__ import annotations

import atexit
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QSettings

_folder: str | None = None
#: where Qt keeps its dialogs' settings on Windows, under HKEY_CURRENT_USER, and the
#: groups its file dialog reads (FileDialog; Qt/filedialog when FileDialog is missing)
_REGISTRY = r"Software\QtProject\OrganizationDefaults"
_GROUPS = ("FileDialog", "Qt")
#: what starts a value QSettings turns into an object (for a Python one, by unpickling)
_OBJECT = "@Variant("


def keep_private() -> str:
    """Point Qt's settings files (every format and scope) at this run's own folder, once;
    returns that folder."""
    global _folder
    if _folder is None:
        _folder = tempfile.mkdtemp(prefix="dmc-units-qt-")
        atexit.register(shutil.rmtree, _folder, ignore_errors=True)
        for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
                QSettings.setPath(fmt, scope, _folder)
    return _folder


@contextmanager
def private() -> Iterator[None]:
    """Make a Qt file dialog inside this (see the module's docstring)."""
    keep_private()
    if sys.platform != "win32":
        yield
        return
    kept = _registry_values("FileDialog")
    for group in _GROUPS:
        for name, data, _kind in _registry_values(group):
            if _is_object(data):
                _delete_value(group, name)
    try:
        yield
    finally:
        _put_back("FileDialog", [v for v in kept if not _is_object(v[1])])


# -- the registry (Windows only), read and written as raw values -------------------------

def _is_object(data: object) -> bool:
    if isinstance(data, bytes):  # Qt writes a value holding NULs as UTF-16 bytes
        data = data.decode("utf-16-le", errors="replace")
    if isinstance(data, list):  # a string list: each item is read as a value
        return any(_is_object(item) for item in data)
    return isinstance(data, str) and _OBJECT in data


def _registry_values(group: str) -> list[tuple[str, object, int]]:
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, rf"{_REGISTRY}\{group}") as key:
            return [winreg.EnumValue(key, i) for i in range(winreg.QueryInfoKey(key)[1])]
    except OSError:
        return []


def _delete_value(group: str, name: str) -> None:
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, rf"{_REGISTRY}\{group}", 0,
                            winreg.KEY_SET_VALUE) as key:
            winreg.DeleteValue(key, name)
    except OSError:
        pass


def _put_back(group: str, values: list[tuple[str, object, int]]) -> None:
    """The group's values as ``values`` (none: the group goes, when it holds no other)."""
    import winreg

    path = rf"{_REGISTRY}\{group}"
    try:
        for name, _data, _kind in _registry_values(group):
            _delete_value(group, name)
        if values:
            with winreg.CreateKey(winreg.HKEY_CURRENT_USER, path) as key:
                for name, data, kind in values:
                    winreg.SetValueEx(key, name, 0, kind, data)
        else:
            winreg.DeleteKey(winreg.HKEY_CURRENT_USER, path)
    except OSError:
        pass  # a key that cannot be changed: nothing more to do about it
