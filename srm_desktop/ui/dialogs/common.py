"""What the preview dialogs share (Import Workbook, Import Inventory from Code): a read-only
table per tab, and the summary / tabs / Apply-Cancel layout."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from srm_desktop.ui.models.rows import RowsModel


def preview_table(parent: QWidget, model: RowsModel, name: str) -> QTableView:
    """A read-only, row-selecting table for preview dialogs."""
    view = QTableView(parent)
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
