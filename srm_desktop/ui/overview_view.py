"""The Overview tab: the owner heat map; clicking a cell shows that row in the matrix."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from srm_desktop.ui.document import Document
from srm_desktop.ui.models.overview import OverviewModel
from srm_desktop.ui.models.roles import ROW_KEY_ROLE
from srm_desktop.ui.rotated_header import RotatedHeader

LEGEND = (
    "Each cell is who owns that area for that service: <b>P</b> provider, <b>C</b> customer, "
    "<b>S</b> shared, <b>n/a</b> not applicable. Click a cell to see its row in the matrix."
)


class OverviewView(QWidget):
    rowActivated = Signal(str, str)  # service id, area id

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = OverviewModel(document, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Ownership overview")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = RotatedHeader(self.table)
        self.table.setHorizontalHeader(header)
        header.setDefaultSectionSize(self.fontMetrics().horizontalAdvance("M") * 4)
        header.setMinimumSectionSize(24)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setWordWrap(True)
        self._size_count_column()
        self.model.modelReset.connect(self._size_count_column)
        legend = QLabel(LEGEND, self)
        legend.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(legend)
        layout.addWidget(self.table)
        self.table.clicked.connect(self._clicked)
        self.table.activated.connect(self._clicked)

    def _size_count_column(self) -> None:
        """Every row one line high (the count row's P·C·S fits its column on one line) and
        the Count column as wide as its widest count, the grand total included."""
        rows = self.table.verticalHeader()
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        rows.reset()  # no row keeps a height from an earlier project (the first row did)
        # Widths from the largest counts the sizes allow, not from the counts themselves: those
        # need every owner of the matrix, which the model computes only when the tab is shown.
        project = self.document.project
        services, areas = len(project.services), len(project.visible_areas)
        bold = QFont(self.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        total = "9" * len(str(services * areas))
        widest = metrics.horizontalAdvance(f"P {total}  C {total}  S {total}  n/a {total}")
        last_col = self.model.columnCount() - 1
        self.table.setColumnWidth(last_col, max(widest, metrics.horizontalAdvance("Count")) + 16)
        count = "9" * len(str(services))
        narrow = metrics.horizontalAdvance(f"{count}·{count}·{count}") + 8
        header = self.table.horizontalHeader()
        header.setDefaultSectionSize(max(self.fontMetrics().horizontalAdvance("M") * 4, narrow))

    def _clicked(self, index: QModelIndex) -> None:
        key = index.data(ROW_KEY_ROLE)
        if key is not None:
            self.rowActivated.emit(key[0], key[1])
