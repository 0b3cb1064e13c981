"""The audit's results as a Qt table: a thin adapter over a plain list of the core's
``LineResult`` (:class:`AuditTableModel`) and the filter a reviewer narrows it with
(:class:`AuditFilterProxy`: status, finding kind, words). No rules here: they only show rows.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtCore import QSortFilterProxyModel

from core.audit import FINDING_KINDS, LineResult
from gui.models import refilter

_Index = QModelIndex | QPersistentModelIndex
#: what the sort uses: numbers for numeric columns, so that row 10 comes after row 9
SORT_ROLE = Qt.ItemDataRole.UserRole
STATUS_LABELS = {"ok": "OK", "finding": "Finding", "error": "Error"}
KIND_TITLES = dict(FINDING_KINDS)
#: every line is listed up to this many; past it, only lines with findings or errors are
#: (an OK line held is about 0.9 KB: a million would not fit a program laptop)
LIST_ALL_UP_TO = 200_000


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return float("inf")  # unreadable or blank: after the numbers


class AuditTableModel(QAbstractTableModel):
    """One audited line per row, in the order read. ``append()`` adds a batch; ``clear()``
    forgets every line (nothing from the file is kept once the view is done with it)."""

    COLUMNS = ("Row", "Status", "Date", "Member", "Discipline", "Code", "Minutes or quantity",
               "Units claimed", "Expected units", "Findings")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[LineResult] = []
        #: OK lines read past LIST_ALL_UP_TO, counted but not listed
        self.not_listed = 0

    def append(self, results: Iterable[LineResult]) -> None:
        room = LIST_ALL_UP_TO - len(self._rows)
        kept = []
        for r in results:
            if room > 0 or r.status != "ok":
                kept.append(r)
                room -= 1
            else:
                self.not_listed += 1
        if kept:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(kept) - 1)
            self._rows.extend(kept)
            self.endInsertRows()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows = []
        self.not_listed = 0
        self.endResetModel()

    def result_at(self, row: int) -> LineResult:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        result = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(result, column)
        if role == SORT_ROLE:
            if column == 0:
                return result.row
            if column in (6, 7):
                return _number(self._text(result, column))
            if column == 8:  # floats only: Qt does not order an int against a float
                return (float("inf") if result.expected_units is None
                        else float(result.expected_units))
            return self._text(result, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == 9 and result.findings:
            return "\n".join(f.text for f in result.findings)
        return None

    @staticmethod
    def _text(result: LineResult, column: int) -> str:
        line = result.line
        if column == 0:
            return str(result.row)
        if column == 1:
            return STATUS_LABELS.get(result.status, result.status)
        if column == 2:
            return line.date
        if column == 3:
            return line.member
        if column == 4:
            return line.discipline
        if column == 5:
            return " ".join(x for x in (line.code.strip(), line.modifiers.strip()) if x)
        if column == 6:
            return line.minutes or line.quantity
        if column == 7:
            return line.units
        if column == 8:
            return "" if result.expected_units is None else str(result.expected_units)
        return "; ".join(KIND_TITLES.get(f.kind, f.kind) for f in result.findings)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section]
        return None


class AuditFilterProxy(QSortFilterProxyModel):
    """Keeps the lines of one status, with one finding kind, containing every word typed
    (in any cell of the file's row or any finding's sentence, any case). None: any."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._status: str | None = None
        self._kind: str | None = None
        self._words: tuple[str, ...] = ()
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_status(self, status: str | None) -> None:
        if status != self._status:
            refilter(self, lambda: setattr(self, "_status", status))

    def set_kind(self, kind: str | None) -> None:
        if kind != self._kind:
            refilter(self, lambda: setattr(self, "_kind", kind))

    def set_words(self, text: str) -> None:
        words = tuple(text.casefold().split())
        if words != self._words:
            refilter(self, lambda: setattr(self, "_words", words))

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        result = self.sourceModel().result_at(source_row)
        if self._status is not None and result.status != self._status:
            return False
        if self._kind is not None and all(f.kind != self._kind for f in result.findings):
            return False
        if not self._words:
            return True
        text = " ".join((str(result.row), *result.line.cells,
                         *(f.text for f in result.findings))).casefold()
        return all(w in text for w in self._words)
