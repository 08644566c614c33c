"""A read-only table of pre-formatted rows, for dialogs that list things (the import preview)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from srm_desktop.domain.visible_text import visible
from srm_desktop.ui.models.flat import FlatTableModel

Index = QModelIndex | QPersistentModelIndex


class RowsModel(FlatTableModel):
    """Rows of text for a person: names and workbook values show their invisible and bidi
    controls as ⟨U+XXXX⟩ (``change_set.visible``), as the matrix does, so a name holding a
    U+202E cannot reverse a preview's line."""

    def __init__(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self._rows = [list(r) for r in rows]

    def row_total(self) -> int:
        return len(self._rows)

    def set_rows(self, rows: Sequence[Sequence[str]]) -> None:
        """Show ``rows`` instead (a preview recounted after a tick)."""
        self.beginResetModel()
        self._rows = [list(r) for r in rows]
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        row = self._rows[index.row()] if 0 <= index.row() < len(self._rows) else None
        if row is None or not 0 <= index.column() < len(row):
            return None
        return visible(row[index.column()])


class TickRowsModel(RowsModel):
    """A :class:`RowsModel` whose rows can be ticked (a check box in the first column): the
    import previews let the architect take some of the proposed changes and leave the rest.
    ``ticksChanged`` fires once per gesture (one box, or all / none)."""

    ticksChanged = Signal()

    def __init__(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        parent: QObject | None = None,
        *,
        ticked: bool = True,
    ) -> None:
        super().__init__(headers, rows, parent)
        self.ticks = [ticked] * len(self._rows)

    def ticked(self) -> list[int]:
        """The indexes of the ticked rows, in order."""
        return [i for i, on in enumerate(self.ticks) if on]

    def set_ticks(self, rows: Sequence[int], on: bool) -> None:
        changed = [r for r in rows if 0 <= r < len(self.ticks) and self.ticks[r] != on]
        for r in changed:
            self.ticks[r] = on
        if changed:
            self.dataChanged.emit(
                self.index(min(changed), 0),
                self.index(max(changed), 0),
                [Qt.ItemDataRole.CheckStateRole],
            )
            self.ticksChanged.emit()

    def set_all(self, on: bool) -> None:
        self.set_ticks(range(len(self.ticks)), on)

    def toggle(self, rows: Sequence[int]) -> None:
        """Tick every row in ``rows`` unless all are ticked already: then untick them (Space
        on a selection, as in a file manager)."""
        rows = [r for r in rows if 0 <= r < len(self.ticks)]
        if rows:
            self.set_ticks(rows, not all(self.ticks[r] for r in rows))

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsUserCheckable if index.column() == 0 else flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0:
            if not 0 <= index.row() < len(self.ticks):
                return None
            on = self.ticks[index.row()]
            return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != 0:
            return False
        on = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        self.set_ticks([index.row()], on)
        return True
