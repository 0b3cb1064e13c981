"""Runtime hook of the window's program (app.spec, SYSTEM_LIBS_HOOK), Linux only.

The Linux bundle takes Qt's system libraries (X11/xcb, OpenGL, fontconfig, glib...) from the
OS. On a machine that lacks some, Qt would fail with a loader error naming one library at a
time, or abort with a page about plugins. Before Qt loads, this asks the dynamic loader for
each of them and, if any is missing, says in one line which Debian or Ubuntu packages to
install, and exits with 1.

The two tables are what the bundle needs from the OS beyond glibc: packaging/deb/build.sh
works it out from the built bundle (for the .deb's Depends) and stops if a library is missing
from them or is given another package here. The .deb brings all of them.
"""

import os
import sys

# soname -> the Debian package that has it (Ubuntu's packages have the same names)
#: what Qt needs, whatever it shows the window on
SYSTEM_LIBRARIES = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libX11.so.6": "libx11-6",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libgcc_s.so.1": "libgcc-s1",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libstdc++.so.6": "libstdc++6",
    "libuuid.so.1": "libuuid1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libz.so.1": "zlib1g",
    "libzstd.so.1": "libzstd1",
}
#: what Qt needs to show it on an X11 desktop (its xcb platform, D-Bus); not checked when
#: QT_QPA_PLATFORM names another platform (offscreen: the tests, the start-up bench), where
#: loading them would only add about 30 ms
DESKTOP_LIBRARIES = {
    "libX11-xcb.so.1": "libx11-xcb1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb.so.1": "libxcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


def needed() -> dict[str, str]:
    """The libraries to check: the desktop's too unless Qt is told to use another platform."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and "xcb" not in platform:
        return SYSTEM_LIBRARIES
    return SYSTEM_LIBRARIES | DESKTOP_LIBRARIES


def missing_libraries(libraries: dict[str, str]) -> dict[str, str]:
    """The entries of ``libraries`` whose soname the dynamic loader cannot load."""
    import ctypes

    missing = {}
    for soname, package in libraries.items():
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing[soname] = package
    return missing


def message(missing: dict[str, str]) -> str:
    """One line: the first library missing, how many more, and the packages to install."""
    first, *more = sorted(missing)
    more_text = f" and {len(more)} more" if more else ""
    packages = " ".join(sorted(set(missing.values())))
    return (f"dmc-units cannot start: system libraries it needs are missing ({first}{more_text});"
            f" on Debian or Ubuntu install them with: sudo apt install {packages}")


if sys.platform.startswith("linux"):
    _missing = missing_libraries(needed())
    if _missing:
        print(message(_missing), file=sys.stderr, flush=True)
        sys.exit(1)
