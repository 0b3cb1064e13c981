"""The main window: three tabs (the calculator, the code reference, About) in a frame.

The window is built in two steps, so that the app can be on screen before the rules
are loaded (``python -m gui``, see :mod:`gui.app`):

1. ``MainWindow(settings)`` builds the frame: the title, the tabs, the calculator's two
   panes with a "Loading the rules…" line, and the remembered size and tab. This
   module needs PySide6 and :mod:`gui.prefs` only: no ``core``, no pydantic.
2. :meth:`MainWindow.load` fills it from the loaded rules: the calculator
   (:class:`gui.calculator.CalculatorPage`, which brings in ``core``), the first
   result, the remembered discipline and level of care, the keyboard focus. The code
   reference and About pages are built the first time they are shown.

:func:`build_main_window` does both and returns the ready window (tests, automation,
the self-check). Tests and automation find the inputs by objectName (``discipline``,
``service``, ``option``, ``quantity``, ``mode``, ``setting``, ``travel``,
``documentation``, ``non_billable_activities``, ``activities``, ``result``, ``copy``;
the problem lines ``discipline_problem``, ``quantity_problem``, ``mode_problem``,
``setting_problem``) or use the intention-level methods (:meth:`MainWindow.select_service`,
...), and wait on :attr:`MainWindow.resultChanged`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget,
)

from gui.prefs import GEOMETRY, TAB, Preferences, default_settings

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from core import Calculation, Request, Rules
    from core.catalog import OptionInfo, ServiceInfo
    from gui.about import AboutView
    from gui.calculator import CalculatorPage
    from gui.reference import ReferenceView

TABS = ("calculator", "reference", "about")
LOADING = "Loading the rules…"


class FirstPaint(QObject):
    """Emits :attr:`painted` at the first paint event of one widget, then stops watching.

    ``painted`` comes from inside the paint event: connect slots that only take note,
    or queue their work (``QTimer.singleShot(0, ...)``).
    """

    painted = Signal()

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self.painted.emit()
        return False


class _TabSlot(QWidget):
    """Holds one tab's page; until the page is put in, a stand-in (``Loading the rules…``)."""

    def __init__(self, stand_in: QWidget, parent: QWidget) -> None:
        super().__init__(parent)
        self.page: QWidget | None = None
        self._stand_in: QWidget | None = stand_in
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(stand_in)

    def put(self, page: QWidget) -> None:
        self.layout().addWidget(page)
        self.page = page
        if self._stand_in is not None:
            self._stand_in.hide()
            self._stand_in.deleteLater()
            self._stand_in = None


def _loading_line(parent: QWidget) -> QLabel:
    line = QLabel(LOADING, parent)
    line.setObjectName("loading")
    return line


def _calculator_frame(parent: QWidget) -> QWidget:
    """The calculator tab before the rules are in: its two panes, and a line saying why
    they are empty (the panes split 2:3, as the calculator's own)."""
    frame = QWidget(parent)
    left = QVBoxLayout()
    left.setContentsMargins(0, 0, 6, 0)
    left.addWidget(_loading_line(frame))
    left.addStretch(1)
    box = QFrame(frame)  # where the result will be: framed and filled as the result is
    box.setFrameShape(QFrame.Shape.StyledPanel)
    box.setBackgroundRole(QPalette.ColorRole.Base)
    box.setAutoFillBackground(True)
    right = QVBoxLayout()
    right.setContentsMargins(6, 0, 0, 0)
    right.addWidget(QLabel("<b>Result</b>", frame))
    right.addWidget(box, 1)
    layout = QHBoxLayout(frame)
    layout.addLayout(left, 2)
    layout.addLayout(right, 3)
    return frame


class MainWindow(QMainWindow):
    """The app's window: ``MainWindow(settings)`` then :meth:`load`, or :func:`build_main_window`."""

    #: emitted after every recalculation: the :class:`core.Calculation`, or ``None`` when
    #: the core could not answer the request (its message is then shown as ``input_error``)
    resultChanged = Signal(object)
    #: emitted after the summary was put on the clipboard, with the text copied
    copied = Signal(str)
    #: emitted once, at the window's first paint (from inside the paint event)
    firstPainted = Signal()
    #: emitted once, at the first paint after :meth:`load`: of the first result, or of the
    #: page shown when that is the reference or About (from inside the paint event)
    readyPainted = Signal()

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._prefs = Preferences(settings)
        self._rules: Rules | None = None
        self.calculator: CalculatorPage | None = None
        self._reference: ReferenceView | None = None
        self._about: AboutView | None = None
        self.setObjectName("main_window")
        self.setWindowTitle("DMC units")

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        self._slots = (_TabSlot(_calculator_frame(self), self),
                       _TabSlot(_loading_line(self), self),
                       _TabSlot(_loading_line(self), self))
        for slot, title in zip(self._slots, ("&Calculator", "Code &reference", "&About"),
                               strict=True):
            self.tabs.addTab(slot, title)
        self.setCentralWidget(self.tabs)
        self.statusBar()  # there now, so that nothing moves when the rules version comes
        FirstPaint(self.tabs).painted.connect(self.firstPainted)

        geometry = self._prefs.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1024, 700)
        tab = self._prefs.number(TAB)
        if tab is not None and 0 <= tab < self.tabs.count():
            self.tabs.setCurrentIndex(tab)
        self.tabs.currentChanged.connect(self._on_tab_changed)

    # -- step 2: the rules are in ------------------------------------------------------

    def load(self, rules: Rules) -> None:
        """Fill the window from the rules: the calculator, its first result, the focus."""
        if self._rules is not None:
            raise RuntimeError("the window has its rules already")
        # here, not at the top: the frame is on screen before core (and pydantic) load
        from core import catalog
        from gui.calculator import CalculatorPage

        self._rules = rules
        about = catalog.about(rules)
        self.setWindowTitle(f"{about.title} — rules {about.version}")
        rules_label = QLabel(f"Rules {about.version}, effective {about.effective}", self)
        rules_label.setObjectName("rules_version")
        self.statusBar().addPermanentWidget(rules_label)

        self.calculator = page = CalculatorPage(rules, self._prefs, self)  # first result
        self._slots[TABS.index("calculator")].put(page)

        self.copy_action = QAction("Copy summary", self)
        self.copy_action.setObjectName("copy_action")
        self.copy_action.setShortcut(QKeySequence("Ctrl+Shift+C"))  # a window shortcut
        self.copy_action.setEnabled(page.can_copy())
        self.addAction(self.copy_action)
        self.find_action = QAction("Find service", self)
        self.find_action.setObjectName("find_action")
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.addAction(self.find_action)

        page.resultChanged.connect(self._on_result_changed)
        page.copied.connect(self._on_copied)
        self.copy_action.triggered.connect(self._on_copy_triggered)
        self.find_action.triggered.connect(self._on_find_triggered)

        self._build_page(self.tabs.currentIndex())
        shown = self._slots[self.tabs.currentIndex()].page
        assert shown is not None
        # the result's frame, painted in the same pass as the text inside it (asking for
        # its viewport() would cost 10-20 ms: PySide6 would sort out which of all the
        # QWidget classes that bare widget might be)
        FirstPaint(page.result if shown is page else shown).painted.connect(self.readyPainted)
        page.focus_first_input()

    def is_loaded(self) -> bool:
        return self.calculator is not None

    def _page(self) -> CalculatorPage:
        if self.calculator is None:
            raise RuntimeError("the rules are not loaded yet (MainWindow.load)")
        return self.calculator

    def _loaded_rules(self) -> Rules:
        if self._rules is None:
            raise RuntimeError("the rules are not loaded yet (MainWindow.load)")
        return self._rules

    @property
    def reference(self) -> ReferenceView:
        """The code reference page, built the first time it is shown or asked for."""
        if self._reference is None:
            from core import catalog
            from gui.reference import ReferenceView

            self._reference = ReferenceView(catalog.reference_rows(self._loaded_rules()), self)
            self._reference.codeActivated.connect(self._on_reference_code_activated)
            self._slots[TABS.index("reference")].put(self._reference)
        return self._reference

    @property
    def about(self) -> AboutView:
        """The About page, built the first time it is shown or asked for."""
        if self._about is None:
            from core import catalog
            from gui.about import AboutView

            self._about = AboutView(catalog.about(self._loaded_rules()), self)
            self._slots[TABS.index("about")].put(self._about)
        return self._about

    def _build_page(self, index: int) -> None:
        if self.calculator is None:
            return  # built by load(), which comes back here
        if TABS[index] == "reference":
            self.reference  # noqa: B018 - builds it
        elif TABS[index] == "about":
            self.about  # noqa: B018 - builds it

    # -- preferences (never anything about a client) -----------------------------------

    def save_preferences(self) -> None:
        self._prefs.write(GEOMETRY, self.saveGeometry())
        self._prefs.write(TAB, self.tabs.currentIndex())
        self._prefs.sync()

    # -- intention-level API (tests, automation, the self-check): the calculator's -----

    def show_tab(self, name: str) -> None:
        self.tabs.setCurrentIndex(TABS.index(name))

    def select_discipline(self, discipline_id: str) -> None:
        self._page().select_discipline(discipline_id)

    def select_service(self, service: str) -> None:
        """Pick a service by id (``tcm-icc``) or by a code it offers (``H0034``)."""
        self._page().select_service(service)

    def select_option(self, key: str) -> None:
        """Pick the billing option (``T2050 U6``) of a service whose plan chooses."""
        self._page().select_option(key)

    def set_quantity(self, value: int) -> None:
        self._page().set_quantity(value)

    def select_mode(self, mode_id: str) -> None:
        self._page().select_mode(mode_id)

    def select_setting(self, setting_id: str) -> None:
        self._page().select_setting(setting_id)

    def set_non_billable(self, travel: int | None = None, documentation: int | None = None,
                         activities: int | None = None) -> None:
        self._page().set_non_billable(travel, documentation, activities)

    def check_activities(self, *ids: str, checked: bool = True) -> None:
        self._page().check_activities(*ids, checked=checked)

    def current_service(self) -> ServiceInfo | None:
        return self._page().current_service()

    def current_option(self) -> OptionInfo | None:
        return self._page().current_option()

    def current_request(self) -> Request:
        """The question the inputs ask, as the core's :class:`Request`."""
        return self._page().current_request()

    def current_result(self) -> Calculation | None:
        """The latest calculation, or None when the core could not answer (or no rules yet)."""
        return self.calculator.current_result() if self.calculator is not None else None

    def result_text(self) -> str:
        return self.calculator.result_text() if self.calculator is not None else ""

    def copy_result(self) -> str | None:
        """Put the plain-text summary on the clipboard; returns it (None: nothing to copy)."""
        return self._page().copy_result()

    def recalculate(self) -> Calculation | None:
        """Ask the core again for the current inputs and show its answer."""
        return self._page().recalculate()

    # -- slots -------------------------------------------------------------------------

    @Slot(object)
    def _on_result_changed(self, calc: Calculation | None) -> None:
        self.copy_action.setEnabled(calc is not None)
        self.resultChanged.emit(calc)

    @Slot(str)
    def _on_copied(self, text: str) -> None:
        calc = self._page().current_result()
        if calc is not None:
            self.statusBar().showMessage(f"Copied: {calc.headline()}", 4000)
        self.copied.emit(text)

    @Slot()
    def _on_copy_triggered(self) -> None:
        self._page().copy_result()

    @Slot()
    def _on_find_triggered(self) -> None:
        if self.tabs.currentIndex() == TABS.index("reference"):
            self.reference.focus_filter()
            return
        self.show_tab("calculator")
        self._page().focus_service_search()

    @Slot(str)
    def _on_reference_code_activated(self, key: str) -> None:
        offered = self._loaded_rules().services_with(key)
        if not offered:
            return
        page = self._page()
        page.select_service(offered[0].id)
        if offered[0].plan_chooses:
            page.select_option(key)
        self.show_tab("calculator")
        page.focus_quantity()

    @Slot(int)
    def _on_tab_changed(self, index: int) -> None:
        self._prefs.write(TAB, index)
        self._build_page(index)

    # -- window events -------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.save_preferences()
        super().closeEvent(event)


def build_main_window(rules: Rules | None = None, settings: QSettings | None = None,
                      parent: QWidget | None = None) -> MainWindow:
    """The ready main window (not yet shown). A ``QApplication`` must exist.

    ``rules``: loaded rules (default: the bundled rules, via :func:`core.load_rules`,
    which raises :class:`core.RulesError` when they are broken). ``settings``: where
    preferences live (default: the user's ``dmc-units`` settings).
    """
    if rules is None:
        from core import load_rules

        rules = load_rules()
    window = MainWindow(settings if settings is not None else default_settings(), parent)
    window.load(rules)
    return window
