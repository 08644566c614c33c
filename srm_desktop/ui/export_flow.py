"""What every File ▸ Export… command does around its writer: ask where, write in a worker, say
how it went.

Export Workbook, Export Report and the compliance exports differ only in their writer, the
name they suggest and the words of their outcome. The flow is the same: the file dialog opens
beside the project's file (home for a project never saved) with a suggested name; a name typed
without the expected suffix gets it appended (the writers write one format, and a file the app
cannot read back is no use); the writer runs in a :class:`~srm_desktop.ui.workers.BackgroundTask`
that writes atomically; success and cancel go to the status bar, a failure to a message box.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Final, TypeVar

from PySide6.QtWidgets import QWidget

from srm_desktop.ui import prompts
from srm_desktop.ui.document import Document
from srm_desktop.ui.file_ops import FileController
from srm_desktop.ui.workers import BackgroundTask, JobFn

T = TypeVar("T")

CANCELLED: Final = "Export cancelled; no file was written"


class ExportCommands:
    """The window's part that holds some File ▸ Export… commands: the window, its document,
    and the file controller whose ``message`` the status bar shows."""

    def __init__(self, window: QWidget, document: Document, files: FileController) -> None:
        self.window = window
        self.document = document
        self.files = files

    def ask_export_path(
        self, title: str, name: str, filters: str, suffixes: tuple[str, ...]
    ) -> Path | None:
        """Where to write, suggesting ``name`` beside the project's file; None when cancelled.
        A name without one of ``suffixes`` (any case) gets the first appended."""
        folder = self.document.path.parent if self.document.path else Path.home()
        path = prompts.save_path(self.window, title, str(folder / name), filters)
        if path is not None and path.suffix.lower() not in suffixes:
            path = path.with_name(path.name + suffixes[0])
        return path

    def run_export(
        self, title: str, path: Path, job: JobFn[T], *, done: Callable[[T], str], failure: str
    ) -> BackgroundTask[T]:
        """Start ``job`` writing ``path``; ``done(result)`` is the status bar's message on
        success, ``failure`` the title of the message box that shows the error."""
        task = BackgroundTask(self.window, title, f"Writing {path.name}…", job)
        task.on_success(lambda result: self.files.message.emit(done(result)))
        task.failed.connect(lambda message: prompts.error(self.window, failure, message))
        task.cancelled.connect(lambda: self.files.message.emit(CANCELLED))
        task.start()
        return task
