"""A read-only table of pre-formatted rows, for dialogs that list things (the import preview)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from srm_desktop.ui.models.flat import FlatTableModel

Index = QModelIndex | QPersistentModelIndex


class RowsModel(FlatTableModel):
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

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        row = self._rows[index.row()] if 0 <= index.row() < len(self._rows) else None
        if row is None or not 0 <= index.column() < len(row):
            return None
        return row[index.column()]

    def set_rows(self, rows: Sequence[Sequence[str]]) -> None:
        """Show other rows (a dialog recomputed what it lists)."""
        self.beginResetModel()
        self._rows = [list(r) for r in rows]
        self.endResetModel()
