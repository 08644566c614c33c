"""File ▸ Compliance Export ▸ OSCAL Component Definition…, Customer Responsibility Matrix…,
CCM SSRM….

Each asks for a file name, then writes in a worker thread as Export Workbook does (a
1,000-service estate takes about a second), atomically: a failed or cancelled export leaves no
file. The writers are imported when an export runs, never at start-up.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from srm_desktop.formats.compliance import Kind
from srm_desktop.ui import prompts
from srm_desktop.ui.actions import Actions
from srm_desktop.ui.document import Document
from srm_desktop.ui.export_flow import ExportCommands
from srm_desktop.ui.file_ops import FileController, suggested_name
from srm_desktop.ui.workers import BackgroundTask

JSON_FILTER = "OSCAL JSON (*.json)"

#: The dialog title, the suggested file's suffix (after the project's name) and its filter.
_CHOICES: dict[Kind, tuple[str, str, str]] = {
    Kind.OSCAL: ("Export OSCAL Component Definition", "-oscal.json", JSON_FILTER),
    Kind.CRM: ("Export Customer Responsibility Matrix", "-crm.xlsx", prompts.WORKBOOK_FILTER),
    Kind.CCM: ("Export CCM SSRM Workbook", "-ccm-ssrm.xlsx", prompts.WORKBOOK_FILTER),
}


class ComplianceExports(ExportCommands):
    def __init__(
        self, window: QWidget, document: Document, actions: Actions, files: FileController
    ) -> None:
        super().__init__(window, document, files)
        self.task: BackgroundTask[int] | None = None
        actions.export_oscal.triggered.connect(lambda: self.export(Kind.OSCAL))
        actions.export_crm.triggered.connect(lambda: self.export(Kind.CRM))
        actions.export_ccm.triggered.connect(lambda: self.export(Kind.CCM))

    def export(self, kind: Kind) -> None:
        title, ending, filters = _CHOICES[kind]
        name = suggested_name(self.document.project.name, ending)
        path = self.ask_export_path(title, name, filters, (kind.suffix,))
        if path is None:
            return
        from srm_desktop.formats.compliance import export_compliance

        project, provider = self.document.project, self.document.provider

        def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> int:
            return export_compliance(
                kind, project, provider, path, progress=progress, cancelled=cancelled
            )

        self.task = self.run_export(
            title,
            path,
            job,
            done=lambda controls: f"Exported {path} ({kind.label}, {controls} controls)",
            failure=f"Could not export the {kind.label}",
        )
