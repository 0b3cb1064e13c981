"""The service picker: an editable combo box searched by code or by words.

What the field shows is, at every moment, what the result is for. Typing ``H0034`` or
``medication`` narrows a pop-up list, in the order of the core's ranking
(``core.catalog.search``); arrows and Enter pick from it, Enter with nothing highlighted
takes the first match. Leaving the field (Tab, a click elsewhere) settles what was typed:

* the text of the selected service, or nothing changed: nothing happens;
* a code, or a text that matches exactly one service: that service is picked;
* an empty field, no match, or several matches: no service is selected (the window
  shows its calm "choose a service" state, never the previous answer) and the typed
  text stays, with :attr:`ServicePicker.searchHint` saying what to do.

Typing over the selected service unselects it at once (the result goes back to "choose
a service" while the field is being typed in); Escape puts it back. Down lists the
matches of what was typed. Focus coming in by any route selects the text, and so does
a click in the chosen service's label, so typing replaces it. The list is never filtered
by discipline: a service the discipline may not claim stays pickable, marked "— not for
RN", with the core's reason as its tooltip.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QCompleter, QWidget

from core.catalog import Eligibility, ServiceInfo
from gui.models import ServiceMatchProxy
from gui.widgets.fields import SelectOnFocus


def service_label(info: ServiceInfo) -> str:
    """What the list shows for a service: its codes, then its name."""
    return f"{info.codes} — {info.name}"


class ServicePicker(QComboBox):
    """``QComboBox`` of services (item data: the service id), searchable by typing."""

    #: the id of the service picked, "" when none is (also on programmatic changes)
    serviceChanged = Signal(str)
    #: what to do about the typed text when it picked nothing ("" when there is nothing to say)
    searchHint = Signal(str)

    def __init__(self, services: Sequence[ServiceInfo], search: Callable[[str], Sequence[str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = tuple(services)
        self._search = search
        self._before_edit: int | None = None  # the row selected before typing began
        self.setObjectName("service")
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(20)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(16)
        self._fill()
        self.lineEdit().setPlaceholderText("Type a code or words, e.g. H0034 or medication")

        self._code_typed = ""
        self._matches = ServiceMatchProxy([s.id for s in self._services], search,
                                          self.model(), self)
        completer = QCompleter(self._matches, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        popup = completer.popup()
        popup.setObjectName("service_matches")
        popup.setAccessibleName("Services matching the search")
        popup.installEventFilter(self)  # after the completer's own filter: runs first
        SelectOnFocus(self)
        # a click in the chosen service's label selects it, once the click is done
        self._select_label = QTimer(self)
        self._select_label.setSingleShot(True)
        self._select_label.setInterval(0)
        self._select_label.timeout.connect(self._on_label_clicked)
        self.lineEdit().installEventFilter(self)

        self.lineEdit().textEdited.connect(self._on_search_edited)
        self.lineEdit().returnPressed.connect(self._on_search_return)
        self.currentIndexChanged.connect(self._on_index_changed)

    def _fill(self) -> None:
        """One item a service, none selected."""
        for info in self._services:
            self.addItem(service_label(info), info.id)
            self.setItemData(self.count() - 1, self._tooltip(info, None),
                             Qt.ItemDataRole.ToolTipRole)
        self.setCurrentIndex(-1)

    # -- intention-level API ---------------------------------------------------------

    def set_services(self, services: Sequence[ServiceInfo]) -> None:
        """Offer ``services`` instead (another rules pack): the list is refilled, with no
        service selected and the field empty; no signal is sent meanwhile."""
        self.blockSignals(True)
        try:
            self.completer().popup().hide()
            self._services = tuple(services)
            self._before_edit = None
            self._code_typed = ""
            self.clear()
            self._fill()
            self._matches.set_ids([s.id for s in self._services])
            self.lineEdit().setText("")
        finally:
            self.blockSignals(False)

    def current_service(self) -> ServiceInfo | None:
        row = self.currentIndex()
        return self._services[row] if 0 <= row < len(self._services) else None

    def row_of(self, wanted: str) -> int:
        """Row of a service given by id, by a code it offers (``H0034``, ``T2040 U6``) or
        by its label; -1 when there is none."""
        text = " ".join(wanted.split()).casefold()
        for row, info in enumerate(self._services):
            if text in (info.id.casefold(), service_label(info).casefold()):
                return row
        for row, info in enumerate(self._services):
            if any(text in (o.code.casefold(), o.key.casefold()) for o in info.options):
                return row
        return -1

    def code_typed(self) -> str:
        """The code (``T2050``, ``H0044 U3``) that picked the selected service, when one
        did: the calculator then selects that code's billing option, not the first."""
        return self._code_typed

    def _note_code(self, text: str, row: int) -> None:
        wanted = " ".join(text.split()).casefold()
        info = self._services[row] if row >= 0 else None
        named = info is not None and any(wanted in (o.code.casefold(), o.key.casefold())
                                         for o in info.options)
        self._code_typed = wanted if named else ""

    def select(self, wanted: str) -> bool:
        """Pick a service by id or code; "" picks none. False when there is no such service."""
        row = self.row_of(wanted) if wanted else -1
        if wanted and row < 0:
            return False
        self._before_edit = None
        self._note_code(wanted, row)
        self.setCurrentIndex(row)
        self._restore_text()
        return True

    def focus_search(self) -> None:
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.lineEdit().selectAll()

    def mark_eligibility(self, discipline: str | None,
                         eligibility: Sequence[Eligibility]) -> None:
        """Mark the services ``discipline`` may not claim; ``eligibility[i]`` is row i's."""
        typed = self.lineEdit().text()
        for row, (info, e) in enumerate(zip(self._services, eligibility, strict=True)):
            label = service_label(info)
            if not e.may_claim and discipline:
                label += f"  — not for {discipline}"
            if self.itemText(row) != label:
                self.setItemText(row, label)
            self.setItemData(row, self._tooltip(info, e), Qt.ItemDataRole.ToolTipRole)
        if self.current_service() is None:
            self.lineEdit().setText(typed)  # a renamed item must not touch what was typed
        elif not self.lineEdit().hasFocus():
            self.lineEdit().setCursorPosition(0)  # show the code, not the end of the name

    @staticmethod
    def _tooltip(info: ServiceInfo, e: Eligibility | None) -> str:
        lines = [f"{info.program_name}: {info.name}", info.description]
        if e is not None and not e.may_claim and e.text:
            lines.append(e.text)
        return "\n".join(lines)

    # -- settling what was typed -----------------------------------------------------

    def _settle(self, *, take_first: bool) -> None:
        """Make the selection what the field says (see the module's docstring)."""
        text = self.lineEdit().text()
        if self.current_service() is not None and text == self._label_shown():
            return
        hint = ""
        row = self.row_of(text) if text.strip() else -1
        if row < 0 and text.strip():
            ids = list(self._search(text))
            if len(ids) == 1 or (ids and take_first):
                row = self.row_of(ids[0])
            elif ids:
                hint = (f"{len(ids)} services match “{text.strip()}”: press Down to see "
                        "them and Enter to choose one.")
            else:
                hint = f"No service matches “{text.strip()}”. Try a code or another word."
        self.completer().popup().hide()
        self._note_code(text, row)
        if row >= 0:
            self.setCurrentIndex(row)
            self._restore_text()
        else:
            self.setCurrentIndex(-1)
            self.lineEdit().setText(text)  # what was typed stays, as typed
            self._matches.set_search(text)
        self.searchHint.emit(hint)

    def _label_shown(self) -> str:
        """The selected service's label ("" for none); ``currentText()`` of an editable
        combo box is whatever the field holds."""
        return self.itemText(self.currentIndex()) if self.currentIndex() >= 0 else ""

    def _restore_text(self) -> None:
        """Show the selected service again, from its start (its code)."""
        self._matches.set_search("")
        if self.lineEdit().text() != self._label_shown():
            self.lineEdit().setText(self._label_shown())
        self.lineEdit().setCursorPosition(0)

    def _popup_row(self) -> int | None:
        """The service row highlighted in the list of matches, else the first match."""
        popup = self.completer().popup()
        index = popup.currentIndex()
        if index.isValid():
            model = self.completer().completionModel()
            shown = model.mapToSource(index)  # type: ignore[attr-defined]
            return self._matches.mapToSource(shown).row()
        return self._matches.first_match()

    # -- slots -----------------------------------------------------------------------

    @Slot(str)
    def _on_search_edited(self, text: str) -> None:
        """Typing over the selected service unselects it at once: while the field says
        something else, the result must not show that service's answer."""
        self._matches.set_search(text)
        if self.currentIndex() >= 0 and text != self._label_shown():
            self._before_edit = self.currentIndex()
            cursor = self.lineEdit().cursorPosition()
            self.setCurrentIndex(-1)
            self.lineEdit().setText(text)
            self.lineEdit().setCursorPosition(cursor)

    @Slot()
    def _on_search_return(self) -> None:
        if not self.completer().popup().isVisible():
            self._settle(take_first=True)


    @Slot(int)
    def _on_index_changed(self, row: int) -> None:
        info = self.current_service()
        if info is not None:
            self._before_edit = None
            self._restore_text()
            self.searchHint.emit("")
        self.serviceChanged.emit(info.id if info is not None else "")

    @Slot()
    def _on_label_clicked(self) -> None:
        edit = self.lineEdit()
        if self.current_service() is not None and edit.text() == self._label_shown() \
                and not edit.hasSelectedText():
            edit.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Tab in the open list of matches leaves the field as typed: the completer itself
        would take the highlighted row (with nothing typed, the first service).

        A click in the field while it shows the chosen service's label selects the whole
        label (also when the field has the focus already), so that typing starts a new
        search instead of going into the middle of the label; a part of it selected by
        dragging stays as selected."""
        if watched is self.lineEdit() and event.type() == QEvent.Type.MouseButtonRelease:
            self._select_label.start()  # after the field has placed its cursor
            return False
        if (watched is self.completer().popup() and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)):
            watched.hide()
            self.focusNextPrevChild(event.key() == Qt.Key.Key_Tab)
            return True
        return super().eventFilter(watched, event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusOutEvent(event)
        popup = self.completer().popup()
        if event.reason() != Qt.FocusReason.PopupFocusReason or not popup.isVisible():
            popup.hide()  # the field was left (not for its own list of matches)
            self._settle(take_first=False)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        # Keys typed while the list of matches is open reach here too: the completer
        # passes them to this combo box (and the search field passes on Enter).
        popup = self.completer().popup()
        focused = QApplication.focusWidget()
        if focused not in (None, self, self.lineEdit()) and not popup.isVisible():
            # A key pressed while the list was open, delivered after it closed: the window
            # system sends keys to the list while it is open, and a window kept busy (an
            # audit running) takes in Tab and the keys after it only later. It is for the
            # field the focus went to, as typed ("100" after Tab went into this field).
            QApplication.sendEvent(focused, event.clone())
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and popup.isVisible():
            row = self._popup_row()
            popup.hide()
            if row is not None:
                self.setCurrentIndex(row)
                self._restore_text()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Down and not popup.isVisible() \
                and self.current_service() is None and self.lineEdit().text().strip():
            self._matches.set_search(self.lineEdit().text())  # the matches of what was typed,
            self.completer().complete()  # not the next service of the whole list
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and self._before_edit is not None \
                and self.current_service() is None:
            self.setCurrentIndex(self._before_edit)  # the service typed over, back
            self.lineEdit().selectAll()
            self.searchHint.emit("")
            event.accept()
            return
        super().keyPressEvent(event)
