"""File ▸ Export Report…: the readable report as PDF or HTML, written in a worker thread.

The content is built by ``formats.report.model`` and rendered by ``formats.report.html`` or
``render.pdf`` (Qt's own printing), all imported when the action runs, not at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from srm_desktop.ui import prompts
from srm_desktop.ui.actions import Actions
from srm_desktop.ui.document import Document
from srm_desktop.ui.export_flow import ExportCommands
from srm_desktop.ui.file_ops import FileController, suggested_name
from srm_desktop.ui.workers import BackgroundTask

REPORT_FILTER = "PDF documents (*.pdf);;HTML pages (*.html *.htm)"
REPORT_SUFFIXES = (".pdf", ".html", ".htm")


class ReportActions(ExportCommands):
    def __init__(
        self, window: QWidget, document: Document, actions: Actions, files: FileController
    ) -> None:
        super().__init__(window, document, files)
        self.task: BackgroundTask[Path] | None = None
        actions.export_report.triggered.connect(self.export)

    def export(self) -> None:
        name = suggested_name(self.document.project.name, ".pdf")
        path = self.ask_export_path("Export Report", name, REPORT_FILTER, REPORT_SUFFIXES)
        if path is None:
            return
        from srm_desktop.ui.dialogs.report_options import ReportOptionsDialog

        project, provider = self.document.project, self.document.provider
        dialog = ReportOptionsDialog(project, path, parent=self.window)
        accepted = prompts.exec_dialog(dialog)
        paper, party, customer_only = dialog.paper, dialog.party, dialog.customer_only
        dialog.deleteLater()
        if not accepted:
            return

        def job(_progress: Callable[[int, int], None], _cancelled: Callable[[], bool]) -> Path:
            from srm_desktop.formats.atomic import write_atomic
            from srm_desktop.formats.report.model import build_report

            report = build_report(project, provider, party=party, customer_only=customer_only)
            if path.suffix.lower() == ".pdf":
                from srm_desktop.render.pdf import report_pdf

                data = report_pdf(report, paper)
            else:
                from srm_desktop.formats.report.html import report_html

                data = report_html(report, paper).encode("utf-8")
            write_atomic(path, data)
            return path

        self.task = self.run_export(
            "Export Report",
            path,
            job,
            done=lambda written: f"Exported report {written}",
            failure="Could not export the report",
        )
