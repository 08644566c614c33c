"""The matrix table: selection-wide letter typing, clear, copy, paste and fill down.

The view only gathers the selection in display order (through the filter proxy) and asks
``domain.cell_ops`` which cells each gesture covers and what it changes; the change list becomes
one undo step (``document.editor``).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QItemSelectionRange,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFontMetrics, QGuiApplication, QKeyEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from srm_desktop.domain import cell_ops
from srm_desktop.domain.cell_ops import PasteError, RowKey
from srm_desktop.domain.clipboard import format_tsv, parse_tsv, shape
from srm_desktop.domain.edits import CellChange
from srm_desktop.domain.project import CellKey
from srm_desktop.ui.delegates import MatrixDelegate
from srm_desktop.ui.document import Document
from srm_desktop.ui.models.matrix import (
    COL_AREA,
    COL_OWNER,
    COL_SERVICE,
    FIRST_PARTY,
    MatrixModel,
)
from srm_desktop.ui.models.matrix_filter import MatrixFilter, MatrixFilterProxy

ZOOM_MIN, ZOOM_MAX = 60, 250


class MatrixView(QTableView):
    #: A message for the status bar (a refused paste, say).
    message = Signal(str)
    #: The current cell moved: (service, area, party) or None when it is not a party cell.
    currentCellChanged = Signal(object)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.source = MatrixModel(document, self)
        self.proxy = MatrixFilterProxy(self.source, document, self)
        self.setModel(self.proxy)
        self.setItemDelegate(MatrixDelegate(self))
        self.setAccessibleName("Responsibility matrix")
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setShowGrid(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self._base_point_size = self.font().pointSizeF()
        #: The zoom in percent (View ▸ Zoom In/Out, Ctrl+= / Ctrl+- / Ctrl+0).
        self.zoom_percent = 100
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setDefaultSectionSize(90)
        header.setHighlightSections(True)
        self._size_columns()
        self.proxy.modelReset.connect(self._size_columns)
        self.proxy.layoutChanged.connect(self._size_columns)
        self.selectionModel().currentChanged.connect(self._current_changed)

    def _size_columns(self) -> None:
        """Service and area columns fit their longest name (within bounds), so area names --
        the words a reviewer reads most -- are not cut off; party columns fit "R/A/C/I"."""
        metrics = self.fontMetrics()
        em = metrics.horizontalAdvance("M")
        project = self.document.project
        widest_service = _widest(metrics, [s.name for s in project.services], 21 * em)
        widest_area = max((metrics.horizontalAdvance(a.name) for a in project.areas), default=0)
        # Room for the area's group beside its name, where a group starts (shortened if the
        # longest names leave too little).
        group_room = max((metrics.horizontalAdvance(a.group) for a in project.areas), default=0)
        self.setColumnWidth(COL_SERVICE, min(max(widest_service + 3 * em, 12 * em), 24 * em))
        self.setColumnWidth(
            COL_AREA, min(max(widest_area + 2 * em + group_room * 4 // 5, 16 * em), 30 * em)
        )
        self.setColumnWidth(COL_OWNER, metrics.horizontalAdvance("Owner") + 24)
        letters = max(80, metrics.horizontalAdvance("R/A/C/I") + 28)
        for col in range(FIRST_PARTY, self.proxy.columnCount()):
            name = str(self.proxy.headerData(col, Qt.Orientation.Horizontal) or "")
            self.setColumnWidth(
                col, min(max(letters, metrics.horizontalAdvance(name) + em), 18 * em)
            )

    def zoom(self, step: int) -> int:
        """Larger or smaller letters (for a shared screen), by 10 % steps from 60 to 250 %;
        ``step`` 0 goes back to 100 %. Rows and columns follow the font. Returns the zoom."""
        percent = 100 if step == 0 else self.zoom_percent + 10 * step
        self.zoom_percent = max(ZOOM_MIN, min(ZOOM_MAX, percent))
        font = self.font()
        font.setPointSizeF(self._base_point_size * self.zoom_percent / 100)
        self.setFont(font)
        self.horizontalHeader().setFont(font)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self._size_columns()
        return self.zoom_percent

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.currentCellChanged.emit(self.current_key())

    # -- selection in document terms ------------------------------------------------------------

    def current_key(self) -> CellKey | None:
        index = self.currentIndex()
        if not index.isValid():
            return None
        source = self.proxy.mapToSource(index)
        return self.source.cell_key(source.row(), source.column())

    def current_row_key(self) -> RowKey | None:
        index = self.currentIndex()
        if not index.isValid():
            return None
        return self.source.row_key(self.proxy.mapToSource(index).row())

    def _ranges(self) -> list[QItemSelectionRange]:
        selection = self.selectionModel().selection()
        return [selection.at(i) for i in range(selection.count())]

    def _selected_grid(self) -> tuple[list[int], list[int]]:
        """Proxy rows and party columns spanned by the selection, in display order."""
        rows: set[int] = set()
        cols: set[int] = set()
        for rng in self._ranges():
            rows.update(range(rng.top(), rng.bottom() + 1))
            cols.update(c for c in range(rng.left(), rng.right() + 1) if c >= FIRST_PARTY)
        return sorted(rows), sorted(cols)

    def _row_keys(self, proxy_rows: Sequence[int]) -> list[RowKey]:
        proxy, source = self.proxy, self.source
        return [source.row_key(proxy.mapToSource(proxy.index(r, 0)).row()) for r in proxy_rows]

    def _party_ids(self, proxy_cols: Sequence[int]) -> list[str]:
        out = []
        for c in proxy_cols:
            pid = self.source.party_id(self.proxy.mapToSource(self.proxy.index(0, c)).column())
            if pid is not None:
                out.append(pid)
        return out

    def selected_keys(self) -> list[CellKey]:
        """Every selected party cell (a selection is a set of rectangles)."""
        keys: list[CellKey] = []
        for rng in self._ranges():
            cols = [c for c in range(rng.left(), rng.right() + 1) if c >= FIRST_PARTY]
            parties = self._party_ids(cols)
            for sid, aid in self._row_keys(range(rng.top(), rng.bottom() + 1)):
                keys.extend((sid, aid, pid) for pid in parties)
        return keys

    # -- gestures -----------------------------------------------------------------------------

    def _push(self, changes: list[CellChange], text: str) -> None:
        self.document.editor.set_cells(changes, text)

    def toggle_letter(self, letter: str) -> None:
        keys = self.selected_keys()
        if keys:
            self._push(
                cell_ops.toggle_letter(self.document.project, keys, letter), f"Toggle {letter}"
            )

    def clear_selection_cells(self) -> None:
        self._push(cell_ops.clear(self.document.project, self.selected_keys()), "Clear Cells")

    def fill_down(self) -> None:
        rows, cols = self._selected_grid()
        rows = cell_ops.fill_down_rows(rows)
        changes = cell_ops.fill_down(
            self.document.project, self._row_keys(rows), self._party_ids(cols)
        )
        self._push(changes, "Fill Down")

    def copy_selection(self) -> None:
        rows, _ = self._selected_grid()
        cols = sorted({c for rng in self._ranges() for c in range(rng.left(), rng.right() + 1)})
        if not rows or not cols:
            return
        grid = [
            [str(self.proxy.index(r, c).data(Qt.ItemDataRole.DisplayRole) or "") for c in cols]
            for r in rows
        ]
        QGuiApplication.clipboard().setText(format_tsv(grid))
        self.message.emit(f"Copied {len(rows)} × {len(cols)} cells")

    def cut_selection(self) -> None:
        self.copy_selection()
        self._push(cell_ops.clear(self.document.project, self.selected_keys()), "Cut")

    def paste(self, text: str | None = None) -> None:
        text = QGuiApplication.clipboard().text() if text is None else text
        grid = parse_tsv(text)
        rows, cols = self._selected_grid()
        if not rows or not cols:
            current = self.currentIndex()
            if not current.isValid() or current.column() < FIRST_PARTY:
                self.message.emit("Select the matrix cells to paste into")
                return
            rows, cols = [current.row()], [current.column()]
        size = (self.proxy.rowCount(), self.proxy.columnCount())
        rows, cols = cell_ops.paste_region(rows, cols, shape(grid), size)
        try:
            changes = cell_ops.paste(
                self.document.project, self._row_keys(rows), self._party_ids(cols), grid
            )
        except PasteError as exc:
            self.message.emit(f"Nothing pasted: {exc}")
            return
        self._push(changes, "Paste")
        if not cell_ops.fills_selection(shape(grid)) and rows and cols:
            self._select_block(rows[0], cols[0], len(rows), len(cols))

    def _select_block(self, row: int, col: int, height: int, width: int) -> None:
        top_left = self.proxy.index(row, col)
        bottom = min(row + height, self.proxy.rowCount()) - 1
        right = min(col + width, self.proxy.columnCount()) - 1
        bottom_right = self.proxy.index(bottom, right)
        self.selectionModel().select(
            QItemSelection(top_left, bottom_right),
            QItemSelectionModel.SelectionFlag.ClearAndSelect,
        )

    def show_cell(self, service_id: str, area_id: str, party_id: str | None = None) -> bool:
        """Select the row (and cell), clearing a filter that hides it."""
        row = self.source.row_of(service_id, area_id)
        if row is None:
            return False
        column = self.source.column_of(party_id) if party_id else FIRST_PARTY
        index = self.proxy.mapFromSource(self.source.index(row, column))
        if not index.isValid():
            self.proxy.set_criteria(MatrixFilter())
            index = self.proxy.mapFromSource(self.source.index(row, column))
        self.setCurrentIndex(index)
        self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.setFocus()
        return True

    def empty_text(self) -> str:
        """What the empty grid says: how to add a first service, or that the filter hides
        every row."""
        if self.proxy.rowCount():
            return ""
        if not self.source.rowCount():
            return (
                "No services yet.\nProject ▸ Add Services… (Ctrl+Shift+N) picks them from the "
                "catalog;\nFile ▸ Import Inventory from Code… reads them from your templates."
            )
        if self.proxy.changed_only:  # Clear filters keeps the compare bar's Changed only
            if self.proxy.criteria.active:
                return "No changed row matches the filter.\nUntick Changed only to see the others."
            return (
                "No row changed since the compared version.\nUntick Changed only to see every row."
            )
        return "No row matches the filter.\nClear filters shows every row again."

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        text = self.empty_text()
        if not text:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        area = self.viewport().rect().adjusted(16, 24, -16, -16)
        painter.drawText(area, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text)
        painter.end()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        text = event.text().upper()
        if mods in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier) and (
            text in ("R", "A", "C", "I")
        ):
            self.toggle_letter(text)
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not mods:
            self.clear_selection_cells()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != (
            QAbstractItemView.State.EditingState
        ):
            index = self.currentIndex()
            if index.isValid() and index.flags() & Qt.ItemFlag.ItemIsEditable:
                self.edit(index)
                return
        super().keyPressEvent(event)


def _widest(metrics: QFontMetrics, names: list[str], enough: int) -> int:
    """The widest of ``names`` in pixels, or any width of at least ``enough`` (the column's
    bound: wider changes nothing). Longest names first, so a large estate (1,000 services,
    ~5 ms to measure every name) usually stops at the first."""
    widest = 0
    for name in sorted(names, key=len, reverse=True):
        widest = max(widest, metrics.horizontalAdvance(name))
        if widest >= enough:
            break
    return widest
