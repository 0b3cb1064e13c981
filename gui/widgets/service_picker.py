"""The service picker: an editable combo box searched by code or by words.

Typing ``H0034`` or ``medication`` narrows a pop-up list (the core's
``ServiceInfo.matches``: code, name, description and keywords, every word); arrows
and Enter pick from it, Enter with nothing highlighted takes the first match, Escape
or leaving the field puts back the service that is selected. The list is never
filtered by discipline: a service the discipline may not claim stays pickable,
marked "— not for RN", with the core's reason as its tooltip.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from core.catalog import Eligibility, ServiceInfo
from gui.models import ServiceMatchProxy


def service_label(info: ServiceInfo) -> str:
    """What the list shows for a service: its codes, then its name."""
    return f"{info.codes} — {info.name}"


class ServicePicker(QComboBox):
    """``QComboBox`` of services (item data: the service id), searchable by typing."""

    #: the id of the service picked (also on every programmatic change)
    serviceChanged = Signal(str)

    def __init__(self, services: Sequence[ServiceInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = tuple(services)
        self.setObjectName("service")
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(20)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(24)
        for info in self._services:
            self.addItem(service_label(info), info.id)
            self.setItemData(self.count() - 1, self._tooltip(info, None),
                             Qt.ItemDataRole.ToolTipRole)
        self.lineEdit().setPlaceholderText("Type a code or words, e.g. H0034 or medication")
        self.lineEdit().setClearButtonEnabled(False)

        self._matches = ServiceMatchProxy(self._services, self.model(), self)
        completer = QCompleter(self._matches, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        popup = completer.popup()
        popup.setObjectName("service_matches")
        popup.setAccessibleName("Services matching the search")

        self.lineEdit().textEdited.connect(self._on_search_edited)
        self.lineEdit().returnPressed.connect(self._on_search_return)
        self.lineEdit().editingFinished.connect(self._on_search_finished)
        self.currentIndexChanged.connect(self._on_index_changed)

    # -- intention-level API ---------------------------------------------------------

    def services(self) -> tuple[ServiceInfo, ...]:
        return self._services

    def current_service(self) -> ServiceInfo | None:
        row = self.currentIndex()
        return self._services[row] if 0 <= row < len(self._services) else None

    def row_of(self, wanted: str) -> int:
        """Row of a service given by id, or by a code it offers (``H0034``, ``T2040 U6``)."""
        text = wanted.strip()
        for row, info in enumerate(self._services):
            if info.id == text:
                return row
        folded = text.casefold()
        for row, info in enumerate(self._services):
            if any(folded in (o.code.casefold(), " ".join((o.code, *o.modifiers)).casefold())
                   for o in info.options):
                return row
        return -1

    def select(self, wanted: str) -> bool:
        row = self.row_of(wanted)
        if row >= 0:
            self.setCurrentIndex(row)
        return row >= 0

    def matching(self, text: str) -> list[str]:
        """Ids of the services the search box would offer for ``text``."""
        return [s.id for s in self._services if s.matches(text)]

    def focus_search(self) -> None:
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.lineEdit().selectAll()

    def mark_eligibility(self, discipline: str | None,
                         eligibility: Sequence[Eligibility]) -> None:
        """Mark the services ``discipline`` may not claim; ``eligibility[i]`` is row i's."""
        for row, (info, e) in enumerate(zip(self._services, eligibility, strict=True)):
            label = service_label(info)
            if not e.may_claim and discipline:
                label += f"  — not for {discipline}"
            if self.itemText(row) != label:
                self.setItemText(row, label)
            self.setItemData(row, self._tooltip(info, e), Qt.ItemDataRole.ToolTipRole)
        if not self.lineEdit().hasFocus():
            self.lineEdit().setCursorPosition(0)  # show the code, not the end of the name

    @staticmethod
    def _tooltip(info: ServiceInfo, e: Eligibility | None) -> str:
        lines = [f"{info.program_name}: {info.name}", info.description]
        if e is not None and not e.may_claim and e.text:
            lines.append(e.text)
        return "\n".join(lines)

    # -- slots -----------------------------------------------------------------------

    @Slot(str)
    def _on_search_edited(self, text: str) -> None:
        self._matches.set_search(text)

    @Slot()
    def _on_search_return(self) -> None:
        text = self.lineEdit().text()
        if text == self.currentText():
            return
        row = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if row < 0:
            row = self._matches.first_match()
        if row is not None and row >= 0:
            self.setCurrentIndex(row)
            self.lineEdit().setText(self.currentText())
            self.completer().popup().hide()

    @Slot()
    def _on_search_finished(self) -> None:
        popup = self.completer().popup()
        if self.lineEdit().text() != self.currentText() and not popup.isVisible():
            self._restore_text()

    @Slot(int)
    def _on_index_changed(self, row: int) -> None:
        self._restore_text()
        info = self.current_service()
        if info is not None:
            self.serviceChanged.emit(info.id)

    def _restore_text(self) -> None:
        """Show the selected service again, from its start (its code)."""
        self._matches.set_search("")
        if self.lineEdit().text() != self.currentText():
            self.lineEdit().setText(self.currentText())
        self.lineEdit().setCursorPosition(0)

    def _popup_row(self) -> int | None:
        """The service row highlighted in the list of matches, else the first match."""
        popup = self.completer().popup()
        index = popup.currentIndex()
        if index.isValid():
            shown = self.completer().completionModel().mapToSource(index)  # type: ignore[attr-defined]
            return self._matches.mapToSource(shown).row()
        return self._matches.first_match()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        # Keys typed while the list of matches is open reach here too: the completer
        # passes them to this combo box (and the search field passes on Enter).
        popup = self.completer().popup()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and popup.isVisible():
            row = self._popup_row()
            popup.hide()
            if row is not None:
                self.setCurrentIndex(row)
            self._restore_text()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and self.lineEdit().text() != self.currentText():
            self._restore_text()
            self.lineEdit().selectAll()
            event.accept()
            return
        super().keyPressEvent(event)
