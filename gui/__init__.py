"""The desktop GUI (PySide6) over the calculator core.

``gui.build_main_window()`` gives the ready main window; ``python -m gui`` runs the app
(``gui.app.main``), which shows the window first and loads the rules right after (see
``gui.main_window``). The GUI computes nothing: it asks ``core`` and shows the answer.

Importing ``gui`` itself is cheap: the two names below are imported on first use
(PEP 562), so the start-up path pays only for what it uses.
"""

import time

#: when the app's own code started; the start-up clock where /proc/self/stat is missing
STARTED = time.perf_counter()

__all__ = ["MainWindow", "build_main_window"]


def __getattr__(name: str) -> object:
    if name in __all__:
        from gui import main_window

        return getattr(main_window, name)
    raise AttributeError(f"module 'gui' has no attribute {name!r}")
