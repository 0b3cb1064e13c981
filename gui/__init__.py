"""The desktop GUI (PySide6) over the calculator core.

``gui.build_main_window(rules, settings)`` gives the ready main window; ``python -m gui``
runs the app (:func:`gui.app.main`). The GUI computes nothing: it asks ``core`` and
shows the answer. It reads only ``core`` and ``core.catalog``.
"""

from gui.main_window import MainWindow, build_main_window

__all__ = ["MainWindow", "build_main_window"]
