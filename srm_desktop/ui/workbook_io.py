"""File > Import Workbook and Export Workbook, run in a worker thread.

Import reads the workbook into a change set off the UI thread, shows it (changes, problems,
new findings) and applies it as one undo step only when the architect says so. Whichever half
of the workbook package is missing leaves its action disabled with a tooltip saying so.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from PySide6.QtWidgets import QWidget

from srm_desktop.domain.project import Project
from srm_desktop.ui import prompts
from srm_desktop.ui.actions import Actions
from srm_desktop.ui.commands import ApplyChangeSetCommand
from srm_desktop.ui.document import Document
from srm_desktop.ui.file_ops import FileController, suggested_name
from srm_desktop.ui.workers import BackgroundTask

PENDING = "arrives with the workbook module"


def _workbook_module() -> ModuleType | None:
    try:
        return importlib.import_module("srm_desktop.formats.workbook")
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
        module = _workbook_module()
        self._export = getattr(module, "export_workbook", None) if module else None
        actions.export_workbook.setEnabled(self._export is not None)
        if self._export is None:
            actions.export_workbook.setToolTip(PENDING)
            actions.export_workbook.setStatusTip(PENDING)
        actions.export_workbook.triggered.connect(self.export)
        self._read = getattr(module, "read_change_set", None) if module else None
        actions.import_workbook.setEnabled(self._read is not None)
        if self._read is None:
            actions.import_workbook.setToolTip(PENDING)
            actions.import_workbook.setStatusTip(PENDING)
        actions.import_workbook.triggered.connect(self.import_workbook)

    def droppable_suffixes(self) -> set[str]:
        return {".srm", ".xlsx"} if self._read is not None else {".srm"}

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
        if export is None:
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
