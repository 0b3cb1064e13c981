"""The main window: the calculator, the code reference, the audit and About, with a
menu bar, and the day sheet in a dock beside them.

``MainWindow(library, prefs)`` builds the whole window from the rules packs
(:class:`core.Library`; or one loaded pack, ``Library.of(rules)``); it is
fitted to the screen it opens on. The calculator's date of service picks the pack;
File > Add rules pack… checks a pack and copies it into the user folder
(``Library.add``); the status bar says when the pack in use is not shipped with the
app. :func:`build_main_window` is the one way in for the app, the
tests, the self-check and the bench. The calculator's own API is
``window.calculator`` (:class:`gui.calculator.CalculatorPage`); tests and automation
find the inputs by objectName (``discipline``, ``service``, ``option``, ``quantity``,
``mode``, ``setting``, ``travel``, ``documentation``, ``non_billable_activities``,
``activities``, ``result``, ``copy``; the lines under the inputs ``discipline_problem``,
``service_hint``, ``quantity_problem``, ``mode_problem``, ``setting_problem``) and wait on
``window.calculator.resultChanged``.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QRect, QSettings, QSize, Qt, Slot
from PySide6.QtGui import (
    QAction, QCloseEvent, QFontInfo, QGuiApplication, QIcon, QKeySequence,
)
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QDockWidget, QFileDialog, QLabel, QMainWindow, QMessageBox,
    QTabWidget, QTextBrowser, QVBoxLayout, QWidget,
)

from core import InputError, Library, PackExists, PackInfo, Rules, RulesError, catalog
from core.resources import resource_path
from gui import errors, file_dialogs
from gui.about import AboutView
from gui.audit_view import AuditView
from gui.calculator import CalculatorPage
from gui.day_sheet import DaySheet
from gui.prefs import GEOMETRY, TAB, ZOOM, Preferences
from gui.reference import ReferenceView
from gui.widgets.fields import FocusRing

TABS = ("calculator", "reference", "audit", "about")
#: the smallest size the window opens at on a first start, where the screen has room
DEFAULT_SIZE = (1024, 720)
#: the share of the screen's room (width, height) the window takes on a first start
FIRST_SHARE = (0.8, 0.85)
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
<p><b>Date of service</b> (Alt+I) is today unless you type another day: it chooses the
rules that apply. <b>Add to day sheet</b> (Ctrl+D) puts a claim on the day sheet, which
adds up the day's units and shows same-day conflicts (View &gt; Day sheet shows or hides
it). Enter or a double-click on a line of the sheet opens it in the calculator: change it,
then <b>Update line</b> (Ctrl+U; meanwhile Add to day sheet says “Update day sheet row”
and does the same) or <b>Cancel edit</b>. The same claim twice is flagged as a duplicate.</p>
<p>Minutes kept when you choose another service claim nothing until you confirm them:
<b>Enter</b> in the quantity keeps them, or type another number.</p>
<p>The <b>Code reference</b> tab (Alt+R) lists every code; Enter on a row uses it in the
calculator. Ctrl+F finds a service; Ctrl+plus and Ctrl+minus make the text larger or
smaller. The <b>Audit</b> tab (Alt+U; File &gt; Open export…, Ctrl+O) checks every line
of an EHR export.</p>
<p>This app works offline and remembers only your discipline, level of care, window
size and text size.</p>
"""


def app_icon() -> QIcon:
    return QIcon(str(resource_path("icons", "dmc-units.png")))


# -- the dialogs of File > Add rules pack… (patched in tests) -----------------------------

def choose_pack_folder(parent: QWidget) -> str | None:
    """The folder dialog for a rules pack (a folder holding rules.toml)."""
    with file_dialogs.private():  # Qt's dialog reads no other program's settings
        path = QFileDialog.getExistingDirectory(parent, "Add a rules pack: choose its folder")
    return path or None


def ask_replace(parent: QWidget, text: str) -> bool:
    """Yes/No: replace the pack that has the same id? (No, the default, keeps it.)"""
    buttons = QMessageBox.StandardButton
    return QMessageBox.question(parent, "Replace the rules pack?", text,
                                buttons.Yes | buttons.No, buttons.No) == buttons.Yes


def tell(parent: QWidget, title: str, text: str) -> None:
    """Why a pack was not added, in a box the user closes."""
    QMessageBox.warning(parent, title, text)


def refused_text(error: RulesError) -> str:
    """A pack that failed its check: the file and entry, and that nothing was copied."""
    lines = ["This rules pack failed its check, so nothing was copied and the rules in use "
             "are unchanged.", "", f"File: {error.file}"]
    if error.entry:
        lines.append(f"Entry: {error.entry}")
    lines.append(f"Problem: {error.problem}")
    return "\n".join(lines)


def window_geometry(room: QRect, stored: str | None, minimum: QSize) -> QRect:
    """Where the window opens and how large, on a screen whose available room (less the
    task bar) is ``room``: the place of its frame and the size of its inside.

    On a first start (``stored`` None or not "x,y,width,height"), a share of the room
    (FIRST_SHARE), at least DEFAULT_SIZE, no larger than the room less FRAME_ROOM, at
    least ``minimum`` (the window's minimum size), centred. Else the size saved (200
    pixels a side at least; Qt keeps the window's minimum), no larger than the room,
    placed where it was when that is on this screen (else centred)."""
    most = QSize(max(room.width() - FRAME_ROOM[0], 1), max(room.height() - FRAME_ROOM[1], 1))
    parts = stored.split(",") if stored else []
    if len(parts) == 4 and all(p.lstrip("-").isdigit() and len(p) < 7 for p in parts):
        x, y, width, height = (int(p) for p in parts)
        place: tuple[int, int] | None = (x, y)
        size = QSize(min(max(width, 200), most.width()), min(max(height, 200), most.height()))
    else:
        place = None
        width = max(DEFAULT_SIZE[0], round(room.width() * FIRST_SHARE[0]))
        height = max(DEFAULT_SIZE[1], round(room.height() * FIRST_SHARE[1]))
        size = QSize(max(min(width, most.width()), minimum.width()),
                     max(min(height, most.height()), minimum.height()))
    if place is None or not room.intersects(QRect(*place, size.width(), size.height())):
        place = (room.left() + (most.width() - size.width()) // 2,
                 room.top() + (most.height() - size.height()) // 2)
    # the frame inside the room; its top left corner (the title bar) first
    left = max(min(place[0], room.left() + most.width() - size.width()), room.left())
    top = max(min(place[1], room.top() + most.height() - size.height()), room.top())
    return QRect(left, top, size.width(), size.height())


class MainWindow(QMainWindow):
    """The app's window, built from loaded rules (see :func:`build_main_window`)."""

    def __init__(self, library: Library, prefs: Preferences,
                 parent: QWidget | None = None) -> None:
        """``library``: the rules packs (the date of service picks one; a library of one
        loaded pack, :meth:`core.Library.of`, takes no pack added)."""
        super().__init__(parent)
        self._prefs = prefs
        self.library = library
        rules = library.opening_rules()
        self.setObjectName("main_window")
        self.setWindowIcon(app_icon())

        self.calculator = CalculatorPage(library, prefs, self)
        self.reference = ReferenceView(catalog.reference_rows(rules), self)
        self.audit = AuditView(library, self)
        self.about = AboutView(catalog.about(rules, self.library), self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Alt+C/R/U/A, Ctrl+Tab
        for page, title in ((self.calculator, "&Calculator"),
                            (self.reference, "Code &reference"), (self.audit, "A&udit"),
                            (self.about, "&About")):
            self.tabs.addTab(page, title)
        self.setCentralWidget(self.tabs)
        self.day_dock = QDockWidget("Day sheet", self)
        self.day_dock.setObjectName("day_dock")
        self.day_dock.setAllowedAreas(Qt.DockWidgetArea.BottomDockWidgetArea
                                      | Qt.DockWidgetArea.RightDockWidgetArea)
        self.day_sheet = DaySheet(rules)
        self.day_dock.setWidget(self.day_sheet)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.day_dock)
        self.day_dock.hide()  # until a claim is added, or View > Day sheet
        self.rules_label = QLabel(self)
        self.rules_label.setObjectName("rules_version")
        self.pack_label = QLabel(self)
        self.pack_label.setObjectName("pack_origin")
        self.pack_label.setAccessibleName("Rules pack in use")
        self.pack_label.setTextFormat(Qt.TextFormat.RichText)
        self.statusBar().addPermanentWidget(self.pack_label)
        self.statusBar().addPermanentWidget(self.rules_label)
        self._show_rules_in_use(rules)
        self.quick_start = self._quick_start_dialog()

        self._build_menus()
        # QFontInfo: the size in points also where the font was given in pixels
        self._normal_font = QFontInfo(self.tabs.font()).pointSizeF()
        self.zoom(self._prefs.number(ZOOM) or 0)
        self.focus_ring = FocusRing(self)
        self._fit_to_screen(self._prefs.text(GEOMETRY))
        tab = self._prefs.number(TAB)
        # not the Audit tab: it opens empty (nothing from a file is kept), and the first
        # keystrokes of a returning user went to its Open button, lost
        if tab is not None and 0 <= tab < self.tabs.count() and tab != TABS.index("audit"):
            self.tabs.setCurrentIndex(tab)

        # the day sheet's "Update line" puts the calculator's answer; while a line is
        # edited, the calculator's Add says it puts the answer in that line's place
        self.calculator.resultChanged.connect(self.day_sheet.set_current)
        self.day_sheet.editingChanged.connect(self.calculator.set_day_editing)
        self.calculator.showRequested.connect(self._on_calculator_show_requested)
        self.calculator.copied.connect(self._on_copied)
        self.calculator.rulesChanged.connect(self._on_rules_changed)
        self.calculator.addToDayRequested.connect(self._on_add_to_day_requested)
        self.day_sheet.changed.connect(self._on_day_changed)
        self.day_sheet.editRequested.connect(self._on_day_edit_requested)
        self.reference.codeActivated.connect(self._on_reference_code_activated)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.day_sheet.set_current(self.calculator.current_result())
        self.calculator.focus_first_input()

    # -- building ----------------------------------------------------------------------

    def _action(self, text: str, name: str, slot, shortcut=None) -> QAction:  # noqa: ANN001
        """One of the window's own actions (the pages own theirs)."""
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcuts(shortcut if isinstance(shortcut, list) else [shortcut])
        action.triggered.connect(slot)
        self.addAction(action)  # its shortcut works with the menu closed, too
        return action

    def _build_menus(self) -> None:
        keys = QKeySequence.StandardKey
        page, sheet = self.calculator, self.day_sheet
        for action in (page.copy_action, page.clear_action, page.add_to_day_action,
                       sheet.update_action, sheet.cancel_action):
            self.addAction(action)  # its shortcut works from every tab, the menu closed
        quit_action = self._action("&Quit", "quit_action", self.close, QKeySequence("Ctrl+Q"))
        open_export = self._action("&Open export…", "open_export_action",
                                   self._on_open_export_triggered, QKeySequence(keys.Open))
        self.add_pack_action = self._action("Add &rules pack…", "add_pack_action",
                                            self._on_add_pack_triggered)
        self.add_pack_action.setEnabled(self.library.user_dir is not None)
        find = self._action("&Find service", "find_action", self._on_find_triggered,
                            QKeySequence(keys.Find))
        day_sheet = self.day_dock.toggleViewAction()
        day_sheet.setText("&Day sheet")
        day_sheet.setObjectName("day_sheet_action")
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
        for title, actions in (("&File", (open_export, self.add_pack_action, None,
                                          page.copy_action, None, quit_action)),
                               ("&Edit", (page.clear_action, find, None,
                                          page.add_to_day_action, sheet.update_action,
                                          sheet.cancel_action)),
                               ("&View", (day_sheet, None, zoom_in, zoom_out, zoom_reset)),
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
        """Open where the window was, or centred, fitted to the screen's room
        (:func:`window_geometry`)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        where = window_geometry(screen.availableGeometry(), stored, self.minimumSizeHint())
        self.resize(where.size())
        self.move(where.topLeft())

    def zoom(self, step: int) -> None:
        """Text size ``step`` points above (below) the normal size, within ZOOM_STEPS."""
        step = min(max(step, ZOOM_STEPS.start), ZOOM_STEPS.stop - 1)
        self._zoom = step
        font = self.tabs.font()
        font.setPointSizeF(self._normal_font + step)
        self.tabs.setFont(font)
        self.day_dock.setFont(font)

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

    # -- rules packs ---------------------------------------------------------------------

    def add_rules_pack(self, folder: str | Path | None = None) -> PackInfo | None:
        """File > Add rules pack…: check the pack in ``folder`` (asked for when None) and
        copy it into the user folder. A pack that fails its check is refused with its
        file and entry; an id already in use is replaced only when the user says Yes.
        Returns the pack added, or None."""
        if self.library.user_dir is None:
            return None
        folder = folder or choose_pack_folder(self)
        if not folder:
            return None
        try:
            try:
                added = self.library.add(Path(folder))
            except PackExists as exists:
                if not ask_replace(self, errors.input_message(exists)):
                    self.statusBar().showMessage(
                        f"Rules pack not added: kept {exists.existing.line()}", 10000)
                    return None
                added = self.library.add(Path(folder), replace=True)
        except RulesError as exc:
            tell(self, "Rules pack refused", refused_text(exc))
            return None
        except InputError as exc:  # another pack starts that day; the folder cannot be written
            tell(self, "Rules pack not added", errors.input_message(exc))
            return None
        self.statusBar().showMessage(f"Rules pack added: {added.id}, version {added.version}, "
                                     f"{added.dates}", 15000)
        self.calculator.recalculate()  # the date of service may now call for it
        self._show_rules_in_use(self.calculator.rules())
        return added

    def _show_rules_in_use(self, rules: Rules) -> None:
        """Title, status bar and About for the rules the calculator answers from."""
        about = catalog.about(rules, self.library)
        self.setWindowTitle(f"{about.title} — rules {about.version}")
        self.about.show_info(about)
        info = self.library.info(about.pack_id)
        shipped = info.shipped
        # a pack not shipped: its own label says which (its dates: the tooltip, About)
        self.rules_label.setText(f"App {about.app_version} · rules {about.version}, "
                                 f"effective {about.effective}" if shipped
                                 else f"App {about.app_version}")
        if not shipped:
            self.pack_label.setText(f"<b>Rules not shipped with the app:</b> "
                                    f"{escape(info.id)}, version {escape(info.version)} "
                                    f"({escape(info.origin_text)})")
            self.pack_label.setToolTip(f"{info.line()}\nFrom {info.folder}")
        self.pack_label.setVisible(not shipped)

    # -- slots -------------------------------------------------------------------------

    @Slot(object)
    def _on_rules_changed(self, rules: Rules) -> None:
        """The date of service called for another pack: every view follows it."""
        self.reference.show_rows(catalog.reference_rows(rules))
        self.day_sheet.set_rules(rules)  # the day is checked by the pack of its date
        self._show_rules_in_use(rules)

    def show_day_sheet(self) -> None:
        """Show the day sheet below the calculator, a third of the window high at first."""
        if not self.day_dock.isVisible():
            self.day_dock.show()
            self.resizeDocks([self.day_dock], [max(self.height() // 3, 160)],
                             Qt.Orientation.Vertical)

    @Slot(object)
    def _on_add_to_day_requested(self, calc: object) -> None:
        self.show_day_sheet()
        self.day_sheet.add(calc)

    @Slot(object)
    def _on_day_edit_requested(self, request: object) -> None:
        """A day sheet line opened for editing: the calculator asks its request again."""
        self.show_tab("calculator")
        said = self.calculator.load_request(request)
        if said:
            self.day_sheet.show_problem(" ".join(said))
        self.calculator.focus_first_input()  # change it there; Ctrl+U puts it back

    @Slot(object)
    def _on_day_changed(self, check: object) -> None:
        n = len(check.lines)
        self.day_dock.setWindowTitle(f"Day sheet ({n} claim{'s' if n != 1 else ''})" if n
                                     else "Day sheet")

    @Slot()
    def _on_open_export_triggered(self) -> None:
        self.show_tab("audit")
        self.audit.ask_and_open()

    @Slot()
    def _on_add_pack_triggered(self) -> None:
        self.add_rules_pack()

    @Slot(str)
    def _on_copied(self, text: str) -> None:
        self.statusBar().showMessage(f"Copied: {self.calculator.headline.text()}", 4000)

    @Slot()
    def _on_calculator_show_requested(self) -> None:
        self.show_tab("calculator")

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
        self.audit.clear()  # stops a running audit and forgets the file and its lines
        super().closeEvent(event)


def build_main_window(rules: Rules | None = None,
                      settings: Preferences | QSettings | str | None = None,
                      parent: QWidget | None = None, *,
                      library: Library | None = None) -> MainWindow:
    """The ready main window (not yet shown). A ``QApplication`` must exist.

    ``library``: the rules packs (default, when no ``rules`` are given either:
    :meth:`core.Library.discover`, the shipped packs and the user folder's).
    ``rules``: one loaded pack instead, ``Library.of(rules)`` (no pack can be added).
    A broken pack raises :class:`core.RulesError`. ``settings``: where the preferences
    live: a file path, or a ``QSettings`` whose file to use (default: the user's own, see
    :func:`gui.prefs.default_path`).
    """
    if library is None:
        library = Library.of(rules) if rules is not None else Library.discover()
    return MainWindow(library, Preferences.at(settings), parent)
