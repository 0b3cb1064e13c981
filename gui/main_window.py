"""The main window: the calculator, the code reference and About, with a menu bar.

``MainWindow(rules, prefs)`` builds the whole window from loaded rules; it is fitted to
the screen it opens on. :func:`build_main_window` is the one way in for the app, the
tests, the self-check and the bench. The calculator's own API is
``window.calculator`` (:class:`gui.calculator.CalculatorPage`); tests and automation
find the inputs by objectName (``discipline``, ``service``, ``option``, ``quantity``,
``mode``, ``setting``, ``travel``, ``documentation``, ``non_billable_activities``,
``activities``, ``result``, ``copy``; the lines under the inputs ``discipline_problem``,
``service_hint``, ``quantity_problem``, ``mode_problem``, ``setting_problem``) and wait on
``window.calculator.resultChanged``.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSettings, Qt, Slot
from PySide6.QtGui import (
    QAction, QCloseEvent, QFontInfo, QGuiApplication, QIcon, QKeySequence,
)
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QMainWindow, QTabWidget, QTextBrowser, QVBoxLayout,
    QWidget,
)

from core import Rules, catalog, load_rules
from core.resources import resource_path
from gui.about import AboutView
from gui.calculator import CalculatorPage
from gui.prefs import GEOMETRY, TAB, ZOOM, Preferences
from gui.reference import ReferenceView
from gui.widgets.fields import FocusRing

TABS = ("calculator", "reference", "about")
#: the window's size where the screen has room for it
DEFAULT_SIZE = (1024, 720)
#: room kept for the window's frame and title bar when fitting it to the screen
FRAME_ROOM = (16, 48)
ZOOM_STEPS = range(-3, 11)  # points below and above the normal text size

QUICK_START = """
<h3>Quick start</h3>
<ol>
<li><b>Discipline</b> (Alt+D): your own; it is remembered.</li>
<li><b>Service</b> (Alt+S): type a code such as <i>H0034</i> or words such as
<i>medication</i>; pick with the arrows and Enter, or Tab away when one service matches.</li>
<li><b>Quantity</b> (Alt+Q): the minutes (or days, contacts…) of direct service, as a
whole number.</li>
<li>Delivery mode (Alt+M) and level of care (Alt+L) where they apply; the others are
greyed out, their tooltip says why.</li>
</ol>
<p>The result on the right changes as you type: what to claim, or why not, with the
calculation and notes and their sources.</p>
<p><b>Copy summary</b> (Ctrl+Shift+C) puts a plain summary on the clipboard for the
progress note: nothing about the client. <b>New calculation</b> (Ctrl+N) empties the
inputs but keeps your discipline and level of care.</p>
<p>The <b>Code reference</b> tab (Alt+R) lists every code; Enter on a row uses it in the
calculator. Ctrl+F finds a service; Ctrl+plus and Ctrl+minus make the text larger or
smaller.</p>
<p>This app works offline and remembers only your discipline, level of care, window
size and text size.</p>
"""


def app_icon() -> QIcon:
    return QIcon(str(resource_path("icons", "dmc-units.png")))


class MainWindow(QMainWindow):
    """The app's window, built from loaded rules (see :func:`build_main_window`)."""

    def __init__(self, rules: Rules, prefs: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._prefs = prefs
        about = catalog.about(rules)
        self.setObjectName("main_window")
        self.setWindowTitle(f"{about.title} — rules {about.version}")
        self.setWindowIcon(app_icon())

        self.calculator = CalculatorPage(rules, prefs, self)
        self.reference = ReferenceView(catalog.reference_rows(rules), self)
        self.about = AboutView(about, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Alt+C/R/A, Ctrl+Tab
        for page, title in ((self.calculator, "&Calculator"),
                            (self.reference, "Code &reference"), (self.about, "&About")):
            self.tabs.addTab(page, title)
        self.setCentralWidget(self.tabs)
        rules_label = QLabel(f"App {about.app_version} · rules {about.version}, "
                             f"effective {about.effective}", self)
        rules_label.setObjectName("rules_version")
        self.statusBar().addPermanentWidget(rules_label)
        self.quick_start = self._quick_start_dialog()

        self._build_menus()
        # QFontInfo: the size in points also where the font was given in pixels
        self._normal_font = QFontInfo(self.tabs.font()).pointSizeF()
        self.zoom(self._prefs.number(ZOOM) or 0)
        self.focus_ring = FocusRing(self)
        self._fit_to_screen(self._prefs.text(GEOMETRY))
        tab = self._prefs.number(TAB)
        if tab is not None and 0 <= tab < self.tabs.count():
            self.tabs.setCurrentIndex(tab)

        self.calculator.resultChanged.connect(self._on_result_changed)
        self.calculator.copied.connect(self._on_copied)
        self.reference.codeActivated.connect(self._on_reference_code_activated)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self._on_result_changed(self.calculator.current_result())
        self.calculator.focus_first_input()

    # -- building ----------------------------------------------------------------------

    def _action(self, text: str, name: str, slot, shortcut=None) -> QAction:  # noqa: ANN001
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcuts(shortcut if isinstance(shortcut, list) else [shortcut])
        action.triggered.connect(slot)
        self.addAction(action)  # its shortcut works with the menu closed, too
        return action

    def _build_menus(self) -> None:
        keys = QKeySequence.StandardKey
        self.copy_action = self._action("&Copy summary", "copy_action", self._on_copy_triggered,
                                        QKeySequence("Ctrl+Shift+C"))
        quit_action = self._action("&Quit", "quit_action", self.close, QKeySequence("Ctrl+Q"))
        clear = self._action("&New calculation", "clear_action", self._on_clear_triggered,
                             QKeySequence("Ctrl+N"))
        find = self._action("&Find service", "find_action", self._on_find_triggered,
                            QKeySequence(keys.Find))
        zoom_in = self._action("Zoom &in", "zoom_in_action", self._on_zoom_in_triggered,
                               [QKeySequence(keys.ZoomIn), QKeySequence("Ctrl+=")])
        zoom_out = self._action("Zoom &out", "zoom_out_action", self._on_zoom_out_triggered,
                                QKeySequence(keys.ZoomOut))
        zoom_reset = self._action("&Normal size", "zoom_reset_action",
                                  self._on_zoom_reset_triggered, QKeySequence("Ctrl+0"))
        help_action = self._action("&Quick start", "quick_start_action",
                                   self._on_quick_start_triggered, QKeySequence(keys.HelpContents))
        about = self._action("&About DMC units", "about_action", self._on_about_triggered)

        bar = self.menuBar()
        for title, actions in (("&File", (self.copy_action, None, quit_action)),
                               ("&Edit", (clear, find)),
                               ("&View", (zoom_in, zoom_out, zoom_reset)),
                               ("&Help", (help_action, about))):
            menu = bar.addMenu(title)
            for action in actions:
                if action is None:
                    menu.addSeparator()
                else:
                    menu.addAction(action)

    def _quick_start_dialog(self) -> QDialog:
        dialog = QDialog(self)
        dialog.setObjectName("quick_start")
        dialog.setWindowTitle("Quick start")
        text = QTextBrowser(dialog)
        text.setObjectName("quick_start_text")
        text.setAccessibleName("Quick start")
        text.setHtml(QUICK_START)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        buttons.rejected.connect(dialog.close)
        layout = QVBoxLayout(dialog)
        layout.addWidget(text)
        layout.addWidget(buttons)
        dialog.resize(520, 460)
        return dialog

    # -- size, place and zoom ----------------------------------------------------------

    def _fit_to_screen(self, stored: str | None) -> None:
        """Open where the window was, or centred, never larger than the screen's room."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry()
        width = min(DEFAULT_SIZE[0], room.width() - FRAME_ROOM[0])
        height = min(DEFAULT_SIZE[1], room.height() - FRAME_ROOM[1])
        place = None
        parts = stored.split(",") if stored else []
        if len(parts) == 4 and all(p.lstrip("-").isdigit() and len(p) < 7 for p in parts):
            x, y, w, h = (int(p) for p in parts)
            width = min(max(w, 200), room.width() - FRAME_ROOM[0])
            height = min(max(h, 200), room.height() - FRAME_ROOM[1])
            if room.intersects(QRect(x, y, width, height)):
                place = (min(max(x, room.left()), room.right() - width),
                         min(max(y, room.top()), room.bottom() - height))
        self.resize(max(width, 1), max(height, 1))
        if place is None:
            place = (room.left() + (room.width() - self.width()) // 2,
                     room.top() + (room.height() - self.height() - FRAME_ROOM[1]) // 2)
        self.move(*place)

    def zoom(self, step: int) -> None:
        """Text size ``step`` points above (below) the normal size, within ZOOM_STEPS."""
        step = min(max(step, ZOOM_STEPS.start), ZOOM_STEPS.stop - 1)
        self._zoom = step
        font = self.tabs.font()
        font.setPointSizeF(self._normal_font + step)
        self.tabs.setFont(font)

    def zoom_step(self) -> int:
        return self._zoom

    def _zoom_and_keep(self, step: int) -> None:
        self.zoom(step)
        self._prefs.write(ZOOM, self._zoom)

    # -- preferences (never anything about a client) -----------------------------------

    def save_preferences(self) -> None:
        # where the frame is (move() places the frame) and how large the inside is (resize())
        if self.isMaximized() or self.isFullScreen():
            g = self.normalGeometry()
            place, size = g.topLeft(), g.size()
        else:
            place, size = self.pos(), self.size()
        self._prefs.write(GEOMETRY, f"{place.x()},{place.y()},{size.width()},{size.height()}")
        self._prefs.write(TAB, self.tabs.currentIndex())

    def show_tab(self, name: str) -> None:
        self.tabs.setCurrentIndex(TABS.index(name))

    # -- slots -------------------------------------------------------------------------

    @Slot(object)
    def _on_result_changed(self, calc: object) -> None:
        self.copy_action.setEnabled(self.calculator.can_copy())

    @Slot(str)
    def _on_copied(self, text: str) -> None:
        self.statusBar().showMessage(f"Copied: {self.calculator.headline.text()}", 4000)

    @Slot()
    def _on_copy_triggered(self) -> None:
        self.calculator.copy_result()

    @Slot()
    def _on_clear_triggered(self) -> None:
        self.show_tab("calculator")
        self.calculator.clear()

    @Slot()
    def _on_find_triggered(self) -> None:
        if self.tabs.currentIndex() == TABS.index("reference"):
            self.reference.focus_filter()
            return
        self.show_tab("calculator")
        self.calculator.focus_service_search()

    @Slot()
    def _on_zoom_in_triggered(self) -> None:
        self._zoom_and_keep(self._zoom + 1)

    @Slot()
    def _on_zoom_out_triggered(self) -> None:
        self._zoom_and_keep(self._zoom - 1)

    @Slot()
    def _on_zoom_reset_triggered(self) -> None:
        self._zoom_and_keep(0)

    @Slot()
    def _on_quick_start_triggered(self) -> None:
        self.quick_start.show()
        self.quick_start.raise_()

    @Slot()
    def _on_about_triggered(self) -> None:
        self.show_tab("about")

    @Slot(str)
    def _on_reference_code_activated(self, key: str) -> None:
        if not self.calculator.use_code(key):
            self.statusBar().showMessage(f"{key} is not offered by any service of the "
                                         "calculator.", 6000)
            return
        self.show_tab("calculator")
        self.calculator.focus_quantity()

    @Slot(int)
    def _on_tab_changed(self, index: int) -> None:
        self._prefs.write(TAB, index)

    # -- window events -------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.save_preferences()
        super().closeEvent(event)


def build_main_window(rules: Rules | None = None,
                      settings: Preferences | QSettings | str | None = None,
                      parent: QWidget | None = None) -> MainWindow:
    """The ready main window (not yet shown). A ``QApplication`` must exist.

    ``rules``: loaded rules (default: the bundled rules, via :func:`core.load_rules`,
    which raises :class:`core.RulesError` when they are broken). ``settings``: where the
    preferences live: a file path, or a ``QSettings`` whose file to use (default: the
    user's own, see :func:`gui.prefs.default_path`).
    """
    if rules is None:
        rules = load_rules()
    return MainWindow(rules, Preferences.at(settings), parent)
