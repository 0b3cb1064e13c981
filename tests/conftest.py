"""Test-wide set-up shared by tests/core and tests/gui.

Qt must run headless here (CI and dev machines have no screen), so pick Qt's
"offscreen" platform before anything imports Qt. setdefault keeps an explicit
choice, e.g. ``QT_QPA_PLATFORM=xcb ./dev test`` under Xvfb to watch the tests.

QT_QPA_FONTDIR is not set: the offscreen platform finds fonts through
fontconfig, and ``./dev`` installs fonts-dejavu-core on Debian.
"""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
