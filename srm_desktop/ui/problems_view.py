"""The Problems panel: live validation findings; double-click (or Enter) goes to the cell.

A merge conflict's finding also offers *Take Ours* and *Take Theirs* (context menu, and
Ctrl+Shift+O / Ctrl+Shift+T while the panel has the focus), each one undo step.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from srm_desktop.domain.conflict import Conflict
from srm_desktop.domain.errors import EditError
from srm_desktop.domain.resolve import Take
from srm_desktop.domain.validation import conflict_for
from srm_desktop.ui import prompts
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
        self.document = document
        self.take_ours = self._take_action("Take &Ours", "Ctrl+Shift+O", "ours")
        self.take_theirs = self._take_action("Take &Theirs", "Ctrl+Shift+T", "theirs")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self.selectionModel().currentRowChanged.connect(self._update_take)
        self.problems.modelReset.connect(self._update_take)
        self._update_take()

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.goTo.emit(self.problems.finding(index.row()))

    # -- merge conflicts ----------------------------------------------------------------------

    def _take_action(self, text: str, keys: str, take: Take) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        which = "ours (what the project holds now)" if take == "ours" else "theirs"
        action.setToolTip(f"Resolve the selected merge conflict with {which} ({keys})")
        action.triggered.connect(lambda: self.take(take))
        self.addAction(action)
        return action

    def current_conflict(self) -> Conflict | None:
        """The recorded merge conflict behind the current row, or None."""
        row = self.currentIndex().row()
        if not 0 <= row < self.problems.row_total():
            return None
        return conflict_for(self.document.project, self.problems.finding(row))

    def take(self, take: Take) -> bool:
        """Resolve the current row's conflict with ours or theirs (one undo step)."""
        conflict = self.current_conflict()
        if conflict is None:
            return False
        try:
            return self.document.editor.resolve_conflict(conflict, take)
        except EditError as exc:
            prompts.error(self, f"Cannot take {take}", str(exc))
            return False

    def _update_take(self) -> None:
        enabled = self.current_conflict() is not None
        self.take_ours.setEnabled(enabled)
        self.take_theirs.setEnabled(enabled)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        if index.isValid():
            self.setCurrentIndex(index)
        self._update_take()
        if not self.take_ours.isEnabled():
            return
        menu = QMenu(self)
        menu.addAction(self.take_ours)
        menu.addAction(self.take_theirs)
        menu.popup(self.viewport().mapToGlobal(pos))
