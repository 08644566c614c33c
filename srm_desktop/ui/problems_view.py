"""The Problems panel: live validation findings; double-click (or Enter) goes to the cell."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from srm_desktop.ui.document import Document
from srm_desktop.ui.models.problems import COL_MESSAGE, COL_SEVERITY, COL_WHERE, ProblemsModel


class ProblemsView(QTableView):
    goTo = Signal(object)  # Finding

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.problems = ProblemsModel(document, self)
        self.setModel(self.problems)
        self.setAccessibleName("Problems")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        em = self.fontMetrics().horizontalAdvance("M")
        self.setColumnWidth(COL_SEVERITY, em * 6)
        self.setColumnWidth(COL_WHERE, em * 30)
        header.setSectionResizeMode(COL_MESSAGE, QHeaderView.ResizeMode.Stretch)
        self.activated.connect(self._activated)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.goTo.emit(self.problems.finding(index.row()))
