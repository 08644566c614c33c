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
from srm_desktop.ui.file_ops import FileController, suggested_name
from srm_desktop.ui.workers import BackgroundTask

REPORT_FILTER = "PDF documents (*.pdf);;HTML pages (*.html *.htm)"
REPORT_SUFFIXES = (".pdf", ".html", ".htm")


class ReportActions:
    def __init__(
        self, window: QWidget, document: Document, actions: Actions, files: FileController
    ) -> None:
        self.window = window
        self.document = document
        self.files = files
        self.task: BackgroundTask[Path] | None = None
        actions.export_report.triggered.connect(self.export)

    def export(self) -> None:
        folder = self.document.path.parent if self.document.path else Path.home()
        suggestion = str(folder / suggested_name(self.document.project.name, ".pdf"))
        path = prompts.save_path(self.window, "Export Report", suggestion, REPORT_FILTER)
        if path is None:
            return
        if path.suffix.lower() not in REPORT_SUFFIXES:
            path = path.with_name(path.name + ".pdf")
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

        task = BackgroundTask(self.window, "Export Report", f"Writing {path.name}…", job)
        task.on_success(lambda written: self.files.message.emit(f"Exported report {written}"))
        task.failed.connect(
            lambda message: prompts.error(self.window, "Could not export the report", message)
        )
        task.cancelled.connect(
            lambda: self.files.message.emit("Export cancelled; no file was written")
        )
        self.task = task
        task.start()
