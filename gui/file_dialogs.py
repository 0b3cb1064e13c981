"""Qt's file dialogs, kept to this app: they read nothing another program wrote and leave
no folder behind.

Qt's file dialog keeps the folders it visits (``lastVisited``, ``history``) and its view in
Qt's own settings, ``QtProject`` group ``FileDialog``, which every Qt app of the user
shares (``~/.config/QtProject.conf`` on Linux). Qt reads them as a dialog is made and
writes them as it goes. In a PySide app that reading is not safe: ``QSettings`` turns an
``@Variant(PySide::PyObjectWrapper)`` value into a Python object by unpickling it, so a
crafted value there would run code the moment File > Open export… was used. And an
export's folder left in that history says something about it.

So, before the first dialog, Qt's settings files for this process are pointed at a folder
of its own (:func:`keep_private`): a new, empty folder for each run, removed when the app
ends. The dialogs remember the last folder for the session only; the shared file is
neither read nor written.

Where Qt keeps these settings outside files (the registry on Windows, a property list on
macOS), ``QSettings.setPath`` cannot move them: there Qt's dialogs still read and write
Qt's shared settings (``HKEY_CURRENT_USER\\Software\\QtProject``).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile

from PySide6.QtCore import QSettings

_folder: str | None = None


def keep_private() -> str:
    """Point Qt's settings files (every format and scope) at this run's own folder, once;
    returns that folder. Call before any Qt dialog is made."""
    global _folder
    if _folder is None:
        _folder = tempfile.mkdtemp(prefix="dmc-units-qt-")
        atexit.register(shutil.rmtree, _folder, ignore_errors=True)
        for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
                QSettings.setPath(fmt, scope, _folder)
    return _folder
