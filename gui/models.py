"""Qt item-model adapters over the core's plain lists. No rules here: they only show rows.

:class:`ReferenceTableModel` is a thin, read-only table over ``core.catalog.reference_rows``;
:class:`WordFilterProxy` filters and sorts it; :class:`ServiceMatchProxy` narrows and orders
the service picker's rows as the core's ``catalog.search`` ranks them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QAbstractItemModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex,
    QSortFilterProxyModel, Qt,
)

from core.catalog import ReferenceRow

_Index = QModelIndex | QPersistentModelIndex


def refilter(proxy: QSortFilterProxyModel, change: Callable[[], None]) -> None:
    """Apply ``change`` to a proxy's filter state and re-run the row filter.

    Qt 6.10 added begin/endFilterChange (and deprecates invalidateFilter); the app
    also runs on older PySide6 6.x, where invalidateRowsFilter does the same.
    """
    if hasattr(proxy, "beginFilterChange"):
        proxy.beginFilterChange()
        change()
        proxy.endFilterChange(QSortFilterProxyModel.Direction.Rows)
    else:  # pragma: no cover - PySide6 < 6.10
        change()
        proxy.invalidateRowsFilter()


class ReferenceTableModel(QAbstractTableModel):
    """Every code of the rules as a read-only table: one ``ReferenceRow`` per row."""

    #: (header, ReferenceRow field), in column order
    COLUMNS: tuple[tuple[str, str], ...] = (
        ("Code", "code"),
        ("Modifiers", "modifiers"),
        ("Program", "program"),
        ("Name", "name"),
        ("Code type", "code_type"),
        ("Unit basis", "basis"),
        ("Minimum", "minimum"),
        ("Disciplines", "disciplines"),
        ("Level of care", "settings"),
        ("Source", "source"),
    )

    def __init__(self, rows: Sequence[ReferenceRow], parent=None) -> None:
        super().__init__(parent)
        self._rows = tuple(rows)

    def set_rows(self, rows: Sequence[ReferenceRow]) -> None:
        """Another rules pack's codes, in place of these."""
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def row_at(self, row: int) -> ReferenceRow:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return getattr(self._rows[index.row()], self.COLUMNS[index.column()][1])
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section][0]
        return None


class WordFilterProxy(QSortFilterProxyModel):
    """Keeps the rows whose cells, taken together, contain every word typed (any case)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortLocaleAware(True)

    def set_words(self, text: str) -> None:
        words = tuple(text.casefold().split())
        if words != self._words:
            refilter(self, lambda: setattr(self, "_words", words))

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        cells = " ".join(
            str(model.data(model.index(source_row, c, source_parent)) or "")
            for c in range(model.columnCount(source_parent))).casefold()
        return all(w in cells for w in self._words)


class ServiceMatchProxy(QSortFilterProxyModel):
    """The service picker's own rows, narrowed to the matches of the search text and put
    in the order of the core's ranking (``core.catalog.search``: the services the
    discipline may claim first, an exact code first).

    Row ``i`` of the source model is ``ids[i]``; ``search(text)`` gives the ids of the
    matching services, best first.
    """

    def __init__(self, ids: Sequence[str], search: Callable[[str], Sequence[str]],
                 source: QAbstractItemModel, parent=None) -> None:
        super().__init__(parent)
        self._rows = {ident: row for row, ident in enumerate(ids)}
        self._search = search
        self._rank: dict[int, int] | None = None  # source row -> place; None: all, as listed
        self.setSourceModel(source)
        self.sort(0)

    def set_ids(self, ids: Sequence[str]) -> None:
        """The source's rows are now ``ids`` (the picker was refilled); no search."""
        self._rows = {ident: row for row, ident in enumerate(ids)}
        self._rank = None
        self.invalidate()

    def set_search(self, text: str) -> None:
        text = text.strip()
        rank = None if not text else {
            self._rows[ident]: place for place, ident in enumerate(self._search(text))}
        if rank != self._rank:
            self._rank = rank
            self.invalidate()  # which rows, and their order

    def first_match(self) -> int | None:
        """The source row of the first service shown, or None when nothing matches."""
        if self.rowCount() == 0:
            return None
        return self.mapToSource(self.index(0, 0)).row()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        return self._rank is None or source_row in self._rank

    def lessThan(self, left: _Index, right: _Index) -> bool:
        if self._rank is None:
            return left.row() < right.row()
        return self._rank.get(left.row(), 1 << 30) < self._rank.get(right.row(), 1 << 30)
