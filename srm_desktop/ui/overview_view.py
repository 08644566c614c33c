"""The Overview tab: the owner heat map; clicking a cell shows that row in the matrix."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QModelIndex, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from srm_desktop.domain.visible_text import visible
from srm_desktop.ui.document import Document
from srm_desktop.ui.models.overview import BY_OWNER, BY_TEAM, OverviewModel, party_swatch
from srm_desktop.ui.models.roles import ROW_KEY_ROLE
from srm_desktop.ui.rotated_header import RotatedHeader
from srm_desktop.ui.theme import is_dark

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
        self.legend = legend
        self.colour_by = QComboBox(self)
        self.colour_by.setAccessibleName("Colour by")
        self.colour_by.addItem("Owner (P / C / S)", BY_OWNER)
        self.colour_by.addItem("Accountable team", BY_TEAM)
        self.colour_by.setToolTip(
            "Colour each cell by the row's owner, or by the party that is Accountable for it"
        )
        label = QLabel("Colour &by:", self)
        label.setBuddy(self.colour_by)
        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.colour_by)
        top.addWidget(legend, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self.colour_by.currentIndexChanged.connect(
            lambda _i: self.set_colour_by(str(self.colour_by.currentData()))
        )
        self.model.modelReset.connect(self._update_legend)
        self.table.clicked.connect(self._clicked)
        self.table.activated.connect(self._clicked)

    def _size_count_column(self) -> None:
        """Every row one line high (the count row's P·C·S fits its column on one line; by team,
        the count row has a line per accountable party), the
        area columns as wide as a count (by team: a party's mark and a count), and the Count
        column as wide as its widest count, the grand total included."""
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
        width = max(self.fontMetrics().horizontalAdvance("M") * 4, narrow)
        if self.model.colour_by == BY_TEAM:
            # A party's short name and a count in bold ("AWS 12") need more room than "P 5".
            marks = [self.model.mark(i) for i in range(len(project.parties))]
            widest = max(metrics.horizontalAdvance(f"{m}\u00a0{count}") for m in marks)
            width = max(width, widest + 12)
            # One line per accountable party in an area's count ("AWS 5" over "Pl 2"): as many
            # lines as the most mixed column has (the table is computed: the tab is shown).
            lines = max((len(set(col)) for col in zip(*self.model.team_table(), strict=True)),
                        default=1)  # fmt: skip
            rows.resizeSection(self.model.rowCount() - 1, metrics.lineSpacing() * lines + 10)
        self.table.horizontalHeader().setDefaultSectionSize(width)

    def set_colour_by(self, colour_by: str) -> None:
        """Colour by owner (:data:`BY_OWNER`) or by accountable team (:data:`BY_TEAM`)."""
        i = self.colour_by.findData(colour_by)
        if i >= 0 and i != self.colour_by.currentIndex():
            self.colour_by.setCurrentIndex(i)  # comes back here through the signal
            return
        self.model.set_colour_by(colour_by)
        self._size_count_column()
        self._update_legend()

    def _update_legend(self) -> None:
        if self.model.colour_by == BY_OWNER:
            self.legend.setText(LEGEND)
            return
        project = self.model.project
        dark = is_dark(self.palette())
        marks = []
        for i, party in enumerate(project.parties):
            swatch = party_swatch(project, i, dark)
            marks.append(
                f'<span style="background-color:#{swatch.fill}; color:#{swatch.text}">'
                f"&nbsp;<b>{escape(self.model.mark(i))}</b>&nbsp;</span> "
                f"{escape(visible(party.name))}"
            )
        self.legend.setText(
            "Each cell is the party <b>Accountable</b> (A) for that area of that service: "
            + " &nbsp; ".join(marks)
            + ". Click a cell to see its row in the matrix."
        )

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.model.colour_by == BY_TEAM:
            self._update_legend()

    def _clicked(self, index: QModelIndex) -> None:
        key = index.data(ROW_KEY_ROLE)
        if key is not None:
            self.rowActivated.emit(key[0], key[1])
