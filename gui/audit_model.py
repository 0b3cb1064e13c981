"""The audit's results as a Qt table: a thin adapter over a plain list of the core's
``LineResult``, which also filters (status, finding kind, words) and sorts it.

Why not a QSortFilterProxyModel: it asks the model for each cell through Python, once a
comparison. With 100,000 lines held, that took 11 s to sort by row number and 22 s by
findings, and 1 to 4 s a keystroke to filter, on this 2-core machine. Here the order and
the filter are a list of indexes, made by Python's own ``sorted`` and a comprehension
(a small fraction of a second), and the view is told the model was reset.
No rules here: the model only shows rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from core.audit import FINDING_KINDS, LineResult

_Index = QModelIndex | QPersistentModelIndex
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


def _code(result: LineResult) -> str:
    line = result.line
    return " ".join(x for x in (line.code.strip(), line.modifiers.strip()) if x)


def _findings(result: LineResult) -> str:
    return "; ".join(KIND_TITLES.get(f.kind, f.kind) for f in result.findings)


#: (header, the cell's text, the sort key), in column order; a header of two lines keeps
#: its column narrow (the Findings column takes the room left)
COLUMNS: tuple[tuple[str, Callable[[LineResult], str], Callable[[LineResult], object]], ...] = (
    ("Row", lambda r: str(r.row), lambda r: r.row),
    ("Status", lambda r: STATUS_LABELS.get(r.status, r.status), lambda r: r.status),
    ("Date", lambda r: r.line.date, lambda r: r.line.date),
    ("Member", lambda r: r.line.member, lambda r: r.line.member.casefold()),
    ("Discipline", lambda r: r.line.discipline, lambda r: r.line.discipline.casefold()),
    ("Code", _code, _code),
    ("Minutes or\nquantity", lambda r: r.line.minutes or r.line.quantity,
     lambda r: _number(r.line.minutes or r.line.quantity)),
    ("Units\nclaimed", lambda r: r.line.units, lambda r: _number(r.line.units)),
    ("Expected\nunits", lambda r: "" if r.expected_units is None else str(r.expected_units),
     lambda r: float("inf") if r.expected_units is None else r.expected_units),
    ("Findings", _findings, _findings),
)

#: the columns whose tooltip says more: the findings in full and the fix; the claim the
#: rules accept (the pane below the table gives both too: at 1024x600 and at 150% a column
#: for each left the findings too narrow to read)
FINDINGS = len(COLUMNS) - 1
UNITS = FINDINGS - 1


class AuditTableModel(QAbstractTableModel):
    """The audited lines, those that pass the filter, in the order chosen (the file's
    order until a column is sorted). ``append()`` adds a batch; ``clear()`` forgets every
    line (nothing from the file is kept once the view is done with it)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._all: list[LineResult] = []
        self._shown: list[int] = []  # indexes into _all, in the order shown
        self._status: str | None = None
        self._kind: str | None = None
        self._words: tuple[str, ...] = ()
        self._order: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)
        #: OK lines read past LIST_ALL_UP_TO, counted but not listed
        self.not_listed = 0

    # -- the lines ---------------------------------------------------------------------

    def append(self, results: Iterable[LineResult]) -> None:
        room = LIST_ALL_UP_TO - len(self._all)
        start = len(self._all)
        for r in results:
            if room > 0 or r.status != "ok":
                self._all.append(r)
                room -= 1
            else:
                self.not_listed += 1
        if self._order[0] >= 0:  # sorted: the new lines go where the order puts them
            self._refresh()
            return
        new = [i for i in range(start, len(self._all)) if self._accepts(self._all[i])]
        if new:
            first = len(self._shown)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            self._shown.extend(new)
            self.endInsertRows()

    def clear(self) -> None:
        self.beginResetModel()
        self._all, self._shown = [], []
        self.not_listed = 0
        self.endResetModel()

    def result_at(self, row: int) -> LineResult:
        """The line shown in ``row``."""
        return self._all[self._shown[row]]

    def line_key(self, row: int) -> int:
        """Which line is shown in ``row``, as a key that stays the same while the filter and
        the order change (until :meth:`clear`)."""
        return self._shown[row]

    def row_of(self, key: int) -> int:
        """The row that shows the line of ``key`` (:meth:`line_key`); -1 when none does."""
        try:
            return self._shown.index(key)
        except ValueError:
            return -1

    def total(self) -> int:
        """How many lines are held, shown or not."""
        return len(self._all)

    # -- filter and order --------------------------------------------------------------

    def set_filter(self, status: str | None, kind: str | None, text: str) -> None:
        """Show the lines of ``status``, with a finding of ``kind`` (None: any), that
        contain every word of ``text`` in a cell of the file's row or a finding's
        sentence (any case)."""
        words = tuple(text.casefold().split())
        if (status, kind, words) != (self._status, self._kind, self._words):
            self._status, self._kind, self._words = status, kind, words
            self._refresh()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Qt's sort: by ``column`` (-1: the file's order), ties in the file's order."""
        self._order = (column, order)
        self._refresh()

    def _refresh(self) -> None:
        results = self._all
        shown = [i for i, r in enumerate(results) if self._accepts(r)]
        column, order = self._order
        if 0 <= column < len(COLUMNS):
            key = COLUMNS[column][2]
            shown.sort(key=lambda i: key(results[i]),
                       reverse=order == Qt.SortOrder.DescendingOrder)
        self.beginResetModel()
        self._shown = shown
        self.endResetModel()

    def _accepts(self, result: LineResult) -> bool:
        if self._status is not None and result.status != self._status:
            return False
        if self._kind is not None and all(f.kind != self._kind for f in result.findings):
            return False
        if not self._words:
            return True
        text = " ".join((str(result.row), *result.line.cells,
                         *(f.text for f in result.findings))).casefold()
        return all(w in text for w in self._words)

    # -- Qt's table --------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        result = self._all[self._shown[index.row()]]
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[index.column()][1](result)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == FINDINGS \
                and result.findings:
            return "\n".join([*(f.text for f in result.findings),
                              *([f"Fix: {result.fix}"] if result.fix else [])])
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == UNITS and result.claim:
            return f"The claim the rules accept: {result.claim}"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][0]
        return None
