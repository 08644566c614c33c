"""What the preview dialogs share (Import Workbook, Import Inventory from Code): a read-only
table per tab, and the summary / tabs / Apply-Cancel layout."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from srm_desktop.ui.models.rows import RowsModel, TickRowsModel


def preview_table(
    parent: QWidget, model: RowsModel, name: str, kind: type[QTableView] = QTableView
) -> QTableView:
    """A read-only, row-selecting table for preview dialogs."""
    view = kind(parent)
    view.setModel(model)
    view.setAccessibleName(name)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def lay_out_preview(
    dialog: QDialog, summary: QWidget, tabs: QWidget, can_apply: bool
) -> QDialogButtonBox:
    """Summary on top, tabs in the middle, Apply/Cancel below; Apply enabled only if allowed."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    apply = buttons.button(QDialogButtonBox.StandardButton.Apply)
    apply.setEnabled(can_apply)
    apply.clicked.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(summary)
    layout.addWidget(tabs, 1)
    layout.addWidget(buttons)
    return buttons


class _TickTable(QTableView):
    """A preview table whose rows have tick boxes: Space ticks or unticks the selected rows
    (whichever column has the focus), as in a mail client's message list."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        model = self.model()
        if event.key() == Qt.Key.Key_Space and isinstance(model, TickRowsModel):
            rows = sorted({i.row() for i in self.selectionModel().selectedRows()})
            if not rows and self.currentIndex().isValid():
                rows = [self.currentIndex().row()]
            model.toggle(rows)
            event.accept()
            return
        super().keyPressEvent(event)


def tick_table(parent: QWidget, model: TickRowsModel, name: str) -> QTableView:
    """A :func:`preview_table` whose first column ticks rows in and out (click, or Space)."""
    view = preview_table(parent, model, name, _TickTable)
    view.setToolTip("Space ticks or unticks the selected rows")
    return view


def select_all_none(parent: QWidget, model: TickRowsModel) -> QHBoxLayout:
    """ "Select All" / "Select None" buttons for a ticked table (left-aligned, in a row)."""
    row = QHBoxLayout()
    for text, on in (("Select &All", True), ("Select N&one", False)):
        button = QPushButton(text, parent)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _=False, on=on: model.set_all(on))
        row.addWidget(button)
    row.addStretch(1)
    return row
