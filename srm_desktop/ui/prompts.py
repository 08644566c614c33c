"""Every modal question the editor asks, in one place, so tests replace them with stubs."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

PROJECT_FILTER = "SRM projects (*.srm);;All files (*)"
CSV_FILTER = "CSV files (*.csv)"
WORKBOOK_FILTER = "Excel workbooks (*.xlsx)"


class Choice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def ask_save_changes(parent: QWidget | None, name: str) -> Choice:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Unsaved changes")
    box.setText(f"Save the changes to {name}?")
    box.setInformativeText("Your changes are lost if you don't save them.")
    buttons = QMessageBox.StandardButton
    box.setStandardButtons(buttons.Save | buttons.Discard | buttons.Cancel)
    box.setDefaultButton(buttons.Save)
    answer = box.exec()
    if answer == buttons.Save:
        return Choice.SAVE
    if answer == buttons.Discard:
        return Choice.DISCARD
    return Choice.CANCEL


def open_path(parent: QWidget | None, title: str, folder: str, filters: str) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, title, folder, filters)
    return Path(name) if name else None


def save_path(parent: QWidget | None, title: str, suggestion: str, filters: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, title, suggestion, filters)
    return Path(name) if name else None


def error(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.critical(parent, title, text)


def info(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def exec_dialog(dialog: QDialog) -> bool:
    """Run a modal dialog; True when accepted. Tests replace this to drive dialogs."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def open_paths(parent: QWidget | None, title: str, folder: str, filters: str) -> list[Path]:
    """Several files at once (Import Inventory from Code takes a stack's templates together)."""
    names, _ = QFileDialog.getOpenFileNames(parent, title, folder, filters)
    return [Path(n) for n in names]
