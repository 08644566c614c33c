"""The Inventory tab: the project's services, with add (catalog picker) and remove."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from srm_desktop.domain.catalog import Category
from srm_desktop.ui.delegates import ChoiceDelegate
from srm_desktop.ui.document import Document
from srm_desktop.ui.models.inventory import (
    COL_CATEGORY,
    COL_ENVIRONMENT,
    COL_NAME,
    COL_NOTES,
    COL_SERVICE,
    COL_VARIANT,
    InventoryModel,
)
from srm_desktop.ui.models.roles import SERVICE_ID_ROLE


class InventoryView(QWidget):
    addRequested = Signal()
    removeRequested = Signal()

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = InventoryModel(document, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Service inventory")
        self.table.setItemDelegate(ChoiceDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        triggers = QAbstractItemView.EditTrigger
        self.table.setEditTriggers(
            triggers.DoubleClicked | triggers.EditKeyPressed | triggers.AnyKeyPressed
        )
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)  # Notes: what is left, not more
        # Sized when the tab is first shown after a reset: opening a file costs nothing here.
        self._sized = False
        self.model.modelReset.connect(self._resized_later)
        self.add_button = QPushButton("&Add Services…", self)
        self.remove_button = QPushButton("Re&move", self)  # Alt+R is Save Rationale
        self.remove_button.setToolTip("Remove the selected services (undoable)")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        self.add_button.clicked.connect(self.addRequested)
        self.remove_button.clicked.connect(self.removeRequested)

    def _resized_later(self) -> None:
        self._sized = False
        if self.isVisible():
            self._size_columns()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:
            self._size_columns()

    def _size_columns(self) -> None:
        """Each column as wide as its longest text within bounds (the Name column was cut
        off while Notes took the spare width); Notes gets the rest, at least 16 em."""
        metrics = self.fontMetrics()
        em = metrics.horizontalAdvance("M")
        model = self.model
        # The first 200 entries say enough of a large estate; the category column's widest
        # text is known, and asking for it would derive each entry's category.
        rows = range(min(model.rowCount(), 200))
        bounds = {
            COL_NAME: (12, 28),
            COL_SERVICE: (10, 22),
            COL_CATEGORY: (10, 22),
            COL_VARIANT: (6, 28),
            COL_ENVIRONMENT: (6, 12),
        }
        for col, (least, most) in bounds.items():
            texts = [str(model.headerData(col, Qt.Orientation.Horizontal) or "")]
            if col == COL_CATEGORY:
                texts += [f"{c.label} (set by you)" for c in Category]
            else:
                texts += [str(model.index(r, col).data() or "") for r in rows]
            widest = max(metrics.horizontalAdvance(t) for t in texts) + em
            self.table.setColumnWidth(col, max(least * em, min(widest, most * em)))
        self.table.setColumnWidth(COL_NOTES, 16 * em)
        self._sized = True

    def selected_service_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        return [str(self.model.index(r, 0).data(SERVICE_ID_ROLE)) for r in rows]

    def select_service(self, service_id: str) -> None:
        row = self.document.project.service_index.get(service_id)
        if row is not None:
            self.table.selectRow(row)
