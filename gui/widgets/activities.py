"""The care coordination activities as a checklist.

Billable activities first, then the not-billable ones, each marked "Not billable"
with the source's reason. Checked ids go to ``Request.activities``; the core names any
not-billable one in the notes. Space toggles the focused item; so does Enter.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from core.catalog import ActivityInfo

_ID = Qt.ItemDataRole.UserRole


class ActivityChecklist(QListWidget):
    """A checkable list of activities; item data (UserRole) is the activity id."""

    #: the checked activity ids, after any change
    checkedChanged = Signal(tuple)

    def __init__(self, activities: Sequence[ActivityInfo],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("activities")
        self.setAccessibleName("Care coordination activities done")
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._fill(activities)
        self.itemChanged.connect(self._on_item_changed)

    def set_activities(self, activities: Sequence[ActivityInfo]) -> None:
        """Offer ``activities`` instead (another rules pack), none ticked; no signal is
        sent meanwhile."""
        self.blockSignals(True)
        try:
            self.clear()
            self._fill(activities)
        finally:
            self.blockSignals(False)

    def _fill(self, activities: Sequence[ActivityInfo]) -> None:
        ordered = [a for a in activities if a.billable] + [a for a in activities if not a.billable]
        for a in ordered:
            if a.billable:
                text = f"{a.topic}: {a.text}"
                tip = f"Billable care coordination ({a.topic})."
            else:
                text = f"Not billable — {a.text}\n{a.reason}"
                tip = f"Not billable: {a.reason}"
            item = QListWidgetItem(text, self)
            item.setData(_ID, a.id)
            item.setToolTip(tip)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                          | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            if not a.billable:
                font = item.font()
                font.setItalic(True)
                item.setFont(font)

    def checked(self) -> tuple[str, ...]:
        return tuple(self.item(i).data(_ID) for i in range(self.count())
                     if self.item(i).checkState() == Qt.CheckState.Checked)

    def set_checked(self, ids: Iterable[str], checked: bool = True) -> None:
        wanted = set(ids)
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for i in range(self.count()):
            item = self.item(i)
            if item.data(_ID) in wanted:
                item.setCheckState(state)

    def item_for(self, activity_id: str) -> QListWidgetItem | None:
        return next((self.item(i) for i in range(self.count())
                     if self.item(i).data(_ID) == activity_id), None)

    @Slot(QListWidgetItem)
    def _on_item_changed(self, item: QListWidgetItem) -> None:
        self.checkedChanged.emit(self.checked())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        item = self.currentItem()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and item is not None:
            checked = item.checkState() == Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
            event.accept()
            return
        super().keyPressEvent(event)
