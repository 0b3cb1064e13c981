"""The code reference: every code of the rules in one sortable, filterable table.

The crosswalk a clinician would otherwise open as a PDF. A filter box (every word
typed must appear somewhere in the row), a table sorted by clicking a header, and
the selected row in full below it. Enter (or a double click) on a row asks the
calculator to use that code.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QLabel, QLineEdit, QTableView, QTextBrowser, QVBoxLayout, QWidget,
)

from core.catalog import ReferenceRow
from gui.models import ReferenceTableModel, WordFilterProxy
from gui.widgets.tables import make_read_only


class _Table(QTableView):
    """A table view whose Enter key activates the current row (as a double click does)."""

    rowActivated = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.rowActivated.emit(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)


class ReferenceView(QWidget):
    """Filter box + table of ``ReferenceRow`` + detail of the selected row."""

    #: the code key ("T2040 U6") of a row the clinician activated (Enter / double click)
    codeActivated = Signal(str)

    def __init__(self, rows: Sequence[ReferenceRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reference_page")
        self.model = ReferenceTableModel(rows, self)
        self.proxy = WordFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.filter = QLineEdit(self)
        self.filter.setObjectName("reference_filter")
        self.filter.setAccessibleName("Filter codes")
        self.filter.setPlaceholderText(
            "Filter: a code, a word of the name, a discipline, a program… "
            "(every word must match)")
        self.filter.setClearButtonEnabled(True)
        label = QLabel("F&ilter codes:", self)
        label.setBuddy(self.filter)

        self.table = _Table(self)
        self.table.setObjectName("reference")
        self.table.setAccessibleName("Code reference table")
        self.table.setModel(self.proxy)
        make_read_only(self.table, (62, 76, 96, 230, 120, 110, 140, 190, 90, 200))
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)

        self.count = QLabel(self)
        self.count.setObjectName("reference_count")
        self.detail = QTextBrowser(self)
        self.detail.setObjectName("reference_detail")
        self.detail.setAccessibleName("Selected code in full")
        self.detail.setMaximumHeight(150)
        self.detail.setTabChangesFocus(True)
        self.detail.setPlaceholderText("Select a row to read it in full. Enter on a row uses "
                                       "that code in the calculator.")

        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.detail)
        self.setTabOrder(self.filter, self.table)
        self.setTabOrder(self.table, self.detail)

        self.filter.textChanged.connect(self._on_filter_changed)
        self.filter.returnPressed.connect(self._on_filter_return)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.doubleClicked.connect(self._on_row_activated)
        self.table.rowActivated.connect(self._on_row_activated)
        self._update_count()

    # -- intention-level API ---------------------------------------------------------

    def set_filter(self, text: str) -> None:
        self.filter.setText(text)

    def show_rows(self, rows: Sequence[ReferenceRow]) -> None:
        """Another rules pack's codes, shown as the tab opens: no filter, in the pack's
        order, nothing selected."""
        self.filter.clear()
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.model.set_rows(rows)
        self.detail.clear()
        self.table.scrollToTop()
        self._update_count()

    def focus_filter(self) -> None:
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()

    def visible_codes(self) -> list[str]:
        """The code keys of the rows shown, in the order shown."""
        return [self._key(self.proxy.mapToSource(self.proxy.index(r, 0)).row())
                for r in range(self.proxy.rowCount())]

    def _key(self, source_row: int) -> str:
        row = self.model.row_at(source_row)
        return f"{row.code} {row.modifiers}".strip()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(f"{shown} of {total} codes" if shown != total else f"{total} codes")

    # -- slots -----------------------------------------------------------------------

    @Slot(str)
    def _on_filter_changed(self, text: str) -> None:
        self.proxy.set_words(text)
        self._update_count()

    @Slot()
    def _on_filter_return(self) -> None:
        if self.proxy.rowCount():
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            self.table.selectRow(0)

    @Slot(QItemSelection, QItemSelection)
    def _on_selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.detail.clear()
            return
        row = self.model.row_at(self.proxy.mapToSource(rows[0]).row())
        parts = [f"<b>{escape(f'{row.code} {row.modifiers}'.strip())}</b> — {escape(row.name)}"]
        for header, field in ReferenceTableModel.COLUMNS[2:]:
            if field == "name":
                continue
            parts.append(f"<b>{escape(header)}:</b> {escape(getattr(row, field))}")
        self.detail.setHtml("<br/>".join(parts))

    @Slot(QModelIndex)
    def _on_row_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.codeActivated.emit(self._key(self.proxy.mapToSource(index).row()))
