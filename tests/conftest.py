"""Test-wide set-up shared by tests/core and tests/gui.

Qt must run headless here (CI and dev machines have no screen), so pick Qt's
"offscreen" platform before anything imports Qt. setdefault keeps an explicit
choice, e.g. ``QT_QPA_PLATFORM=xcb ./dev test`` under Xvfb to watch the tests.

The app's own folders (preferences, added rules packs; XDG_CACHE_HOME too, unused) are
pointed at a scratch folder for the whole run, for this process and the app and CLI
processes the tests start: a test run never reads or writes the user's real ones. Windows
has its own variables for them (APPDATA, LOCALAPPDATA, and USERPROFILE, the home folder
that core.packs falls back to); Qt asks Windows itself, so the GUI tests use Qt's test
mode (tests/gui/conftest.py).

QT_QPA_FONTDIR is not set: the offscreen platform finds fonts through
fontconfig, and ``./dev`` installs fonts-dejavu-core on Debian.
"""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

_SCRATCH = tempfile.mkdtemp(prefix="dmc-units-tests-")
atexit.register(shutil.rmtree, _SCRATCH, ignore_errors=True)
for _name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME",
              "APPDATA", "LOCALAPPDATA", "USERPROFILE"):
    os.environ[_name] = os.path.join(_SCRATCH, _name.lower())
    os.makedirs(os.environ[_name])
