"""File > Import Workbook and Export Workbook, run in a worker thread.

Import reads the workbook into a change set off the UI thread, shows it (changes, problems,
new findings) and applies it as one undo step only when the architect says so. Whichever half
of the workbook package is missing leaves its action disabled with a tooltip saying so.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from PySide6.QtWidgets import QWidget

from srm_desktop.domain.project import Project
from srm_desktop.ui import prompts
from srm_desktop.ui.actions import Actions
from srm_desktop.ui.commands import ApplyChangeSetCommand
from srm_desktop.ui.document import Document
from srm_desktop.ui.file_ops import FileController, suggested_name
from srm_desktop.ui.workers import BackgroundTask

PENDING = "arrives with the workbook module"
#: What a drop onto the window may carry when the workbook import is available.
WORKBOOK_SUFFIXES = frozenset({".srm", ".xlsx"})
PROJECT_SUFFIXES = frozenset({".srm"})
_PACKAGE = "srm_desktop.formats.workbook"


def _workbook_available() -> bool:
    """Whether the workbook package and openpyxl are installed, without importing them.

    Importing the package pulls in openpyxl (~130 ms), which the first paint of the window
    does not need; the package itself is imported on first use (:func:`_workbook_module`).
    """
    try:
        return (
            importlib.util.find_spec(_PACKAGE) is not None
            and importlib.util.find_spec("openpyxl") is not None
        )
    except (ImportError, ValueError):
        return False


def _workbook_module() -> ModuleType | None:
    try:
        return importlib.import_module(_PACKAGE)
    except ImportError:
        return None


class WorkbookActions:
    def __init__(
        self, window: QWidget, document: Document, actions: Actions, files: FileController
    ) -> None:
        self.window = window
        self.document = document
        self.files = files
        self.task: BackgroundTask | None = None
        self._available = _workbook_available()
        self._module: ModuleType | None = None
        actions.export_workbook.setEnabled(self._available)
        actions.import_workbook.setEnabled(self._available)
        if not self._available:
            for action in (actions.export_workbook, actions.import_workbook):
                action.setToolTip(PENDING)
                action.setStatusTip(PENDING)
        actions.export_workbook.triggered.connect(self.export)
        actions.import_workbook.triggered.connect(self.import_workbook)

    def _function(self, name: str) -> Callable[..., Any] | None:
        """The workbook package's ``name``, importing the package on first use (or None)."""
        if not self._available:
            return None
        if self._module is None:
            self._module = _workbook_module()
        function = getattr(self._module, name, None) if self._module else None
        return function if callable(function) else None

    @property
    def _export(self) -> Callable[..., Any] | None:
        return self._function("export_workbook")

    @property
    def _read(self) -> Callable[..., Any] | None:
        return self._function("read_change_set")

    def droppable_suffixes(self) -> frozenset[str]:
        """Suffixes a drop may carry; a constant, so a drag never imports the workbook package."""
        return WORKBOOK_SUFFIXES if self._available else PROJECT_SUFFIXES

    # -- import -------------------------------------------------------------------------------

    def import_workbook(self) -> None:
        folder = self.document.path.parent if self.document.path else Path.home()
        path = prompts.open_path(
            self.window, "Import Workbook", str(folder), prompts.WORKBOOK_FILTER
        )
        if path is not None:
            self.import_path(path)

    def import_path(self, path: Path) -> None:
        read = self._read
        if read is None:
            prompts.info(self.window, "Import Workbook", f"{path}: workbook import {PENDING}.")
            return
        project, provider = self.document.project, self.document.provider

        def job(progress: object, cancelled: object) -> object:
            return read(project, provider, path, progress=progress, cancelled=cancelled)

        task = BackgroundTask(self.window, "Import Workbook", f"Reading {path.name}…", job)
        task.finished.connect(lambda ok, payload: self._import_read(ok, payload, project, path))
        self.task = task
        task.start()

    def _import_read(self, ok: bool, payload: object, project: Project, path: Path) -> None:
        if not ok:
            if payload:
                prompts.error(self.window, "Could not import the workbook", str(payload))
            else:
                self.files.message.emit("Import cancelled; nothing changed")
            return
        if self.document.project is not project:
            prompts.error(
                self.window,
                "Import Workbook",
                f"{path}: the project changed while the workbook was read; import it again.",
            )
            return
        from srm_desktop.ui.dialogs.import_preview import ImportPreview

        dialog = ImportPreview(project, payload, self.window)  # type: ignore[arg-type]
        accepted = prompts.exec_dialog(dialog) and dialog.can_apply
        dialog.deleteLater()
        if accepted:
            self.document.undo_stack.push(
                ApplyChangeSetCommand(self.document, payload, path.name)  # type: ignore[arg-type]
            )
            self.files.message.emit(f"Imported {path.name}")

    def export(self) -> None:
        export = self._export
        if export is None:  # installed, but the package failed to import on first use
            prompts.info(self.window, "Export Workbook", f"Workbook export {PENDING}.")
            return
        folder = self.document.path.parent if self.document.path else Path.home()
        suggestion = str(folder / suggested_name(self.document.project.name, ".xlsx"))
        path = prompts.save_path(
            self.window, "Export Workbook", suggestion, prompts.WORKBOOK_FILTER
        )
        if path is None:
            return
        if path.suffix == "":
            path = path.with_suffix(".xlsx")
        project, provider = self.document.project, self.document.provider

        def job(progress: object, cancelled: object) -> object:
            export(project, provider, path, progress=progress, cancelled=cancelled)
            return path

        task = BackgroundTask(self.window, "Export Workbook", f"Writing {path.name}…", job)
        task.finished.connect(self._export_done)
        self.task = task
        task.start()

    def _export_done(self, ok: bool, payload: object) -> None:
        if ok:
            self.files.message.emit(f"Exported {payload}")
        elif payload:
            prompts.error(self.window, "Could not export the workbook", str(payload))
        else:
            self.files.message.emit("Export cancelled; no file was written")
