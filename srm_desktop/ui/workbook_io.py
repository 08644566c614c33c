"""File > Import Workbook and Export Workbook, run in a worker thread.

Import reads the workbook into a change set off the UI thread (the reader in ``formats``
proposes, :class:`~srm_desktop.domain.change_set.ChangeSet` describes the proposal with the RACI
findings it would add), shows it (changes, problems, new findings) and applies it as one undo
step only when the architect says so. The same shape as File > Import Inventory from Code.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from srm_desktop.domain.project import Project
from srm_desktop.ui import prompts
from srm_desktop.ui.actions import Actions
from srm_desktop.ui.document import Document
from srm_desktop.ui.export_flow import ExportCommands
from srm_desktop.ui.file_ops import FileController, suggested_name
from srm_desktop.ui.workers import BackgroundTask

if TYPE_CHECKING:
    from srm_desktop.domain.change_set import ChangeSet
    from srm_desktop.domain.diff import ProjectDiff

#: What a drop onto the window may carry: a project, or a reviewed workbook to import.
WORKBOOK_SUFFIXES = frozenset({".srm", ".xlsx"})


class WorkbookActions(ExportCommands):
    def __init__(
        self, window: QWidget, document: Document, actions: Actions, files: FileController
    ) -> None:
        super().__init__(window, document, files)
        self.task: BackgroundTask[ChangeSet] | BackgroundTask[Path] | None = None
        #: While the compare view is on: the diff since the compared version and its name,
        #: which Export offers as the workbook's Changes sheet (set by the main window).
        self.changes_since: Callable[[], tuple[ProjectDiff, str] | None] | None = None
        actions.export_workbook.triggered.connect(self.export)
        actions.import_workbook.triggered.connect(self.import_workbook)

    def droppable_suffixes(self) -> frozenset[str]:
        """Suffixes a drop may carry; a constant, so a drag never imports the workbook package."""
        return WORKBOOK_SUFFIXES

    # -- import -------------------------------------------------------------------------------

    def import_workbook(self) -> None:
        folder = self.document.path.parent if self.document.path else Path.home()
        path = prompts.open_path(
            self.window, "Import Workbook", str(folder), prompts.WORKBOOK_FILTER
        )
        if path is not None:
            self.import_path(path)

    def import_path(self, path: Path) -> None:
        # Imported here, not at module level: the reader pulls in openpyxl (~130 ms), which the
        # window's first paint does not need.
        from srm_desktop.formats.workbook.importer import read_change_set

        project, provider = self.document.project, self.document.provider

        def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> ChangeSet:
            change_set = read_change_set(
                project, provider, path, progress=progress, cancelled=cancelled
            )
            return change_set.with_findings(project, provider)

        task = BackgroundTask(self.window, "Import Workbook", f"Reading {path.name}…", job)
        task.on_success(lambda change_set: self._import_read(change_set, project, path))
        task.failed.connect(
            lambda message: prompts.error(self.window, "Could not import the workbook", message)
        )
        task.cancelled.connect(lambda: self.files.message.emit("Import cancelled; nothing changed"))
        self.task = task
        task.start()

    def _import_read(self, change_set: ChangeSet, project: Project, path: Path) -> None:
        if self.document.project is not project:
            prompts.error(
                self.window,
                "Import Workbook",
                f"{path}: the project changed while the workbook was read; import it again.",
            )
            return
        from srm_desktop.ui.dialogs.import_preview import ImportPreview

        dialog = ImportPreview(project, change_set, self.window, self.document.provider)
        accepted = prompts.exec_dialog(dialog) and dialog.can_apply
        chosen = dialog.chosen()
        dialog.deleteLater()
        if not accepted:
            self.files.message.emit(f"Import of {path.name} cancelled; nothing changed")
            return
        self.document.editor.apply_change_set(chosen, path.name, skip_errors=True)
        left = len(change_set.changes) - len(chosen.changes)
        skipped = [f"{left} unticked"] if left else []
        skipped += [f"{len(chosen.errors)} errors skipped"] if chosen.errors else []
        more = f" ({', '.join(skipped)})" if skipped else ""
        self.files.message.emit(f"Imported {len(chosen.changes)} changes from {path.name}{more}")

    # -- export -------------------------------------------------------------------------------

    def export(self) -> None:
        since = self.changes_since() if self.changes_since is not None else None
        if since is not None:
            include = prompts.ask_include_changes(self.window, since[1])
            if include is None:
                return
            since = since if include else None
        name = suggested_name(self.document.project.name, ".xlsx")
        path = self.ask_export_path("Export Workbook", name, prompts.WORKBOOK_FILTER, (".xlsx",))
        if path is None:
            return
        from srm_desktop.domain.provenance import cut_rationales
        from srm_desktop.formats.workbook.export import export_workbook

        project, provider = self.document.project, self.document.provider

        def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Path:
            export_workbook(
                project, provider, path, progress=progress, cancelled=cancelled, since=since
            )
            return path

        cut = cut_rationales(project)
        note = (
            f" ({cut} rows' rationales were cut to fit an Excel cell: see the project for the "
            "full text)"
            if cut
            else ""
        )
        self.task = self.run_export(
            "Export Workbook",
            path,
            job,
            done=lambda written: f"Exported {written}{note}",
            failure="Could not export the workbook",
        )
