"""The file lifecycle: new, open, save, save as, export CSV, recent files, unsaved changes.

Follows the Qt "application" example: every path that would drop the document asks
:func:`maybe_save` first; a failed save or open shows the file and the problem and leaves the
document exactly as it was.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from srm_desktop.domain.errors import SrmError
from srm_desktop.domain.factory import new_project
from srm_desktop.domain.provider import get_provider
from srm_desktop.formats.csv_export import export_csv
from srm_desktop.formats.project_file import load_project, save_project
from srm_desktop.ui import prompts
from srm_desktop.ui.document import Document
from srm_desktop.ui.settings import Settings


def suggested_name(project_name: str, suffix: str) -> str:
    stem = re.sub(r"[^\w.-]+", "-", project_name.strip()).strip("-.") or "untitled"
    return stem + suffix


class FileController(QObject):
    recentChanged = Signal()
    message = Signal(str)

    def __init__(self, window: QWidget, document: Document, settings: Settings) -> None:
        super().__init__(window)
        self.window = window
        self.document = document
        self.settings = settings

    def _folder(self) -> str:
        path = self.document.path
        return str(path.parent) if path is not None else str(Path.home())

    # -- unsaved changes ------------------------------------------------------------------------

    def maybe_save(self) -> bool:
        """True when it is fine to drop the document (saved, discarded or clean)."""
        if self.document.undo_stack.isClean():
            return True
        choice = prompts.ask_save_changes(self.window, self.document.display_name)
        if choice is prompts.Choice.SAVE:
            return self.save()
        return choice is prompts.Choice.DISCARD

    # -- commands ---------------------------------------------------------------------------

    def new(self) -> None:
        if self.maybe_save():
            self.document.load(new_project("Untitled", get_provider("aws")), None)
            self.message.emit("New project")

    def open(self) -> None:
        if not self.maybe_save():
            return
        path = prompts.open_path(
            self.window, "Open Project", self._folder(), prompts.PROJECT_FILTER
        )
        if path is not None:
            self.load(path)

    def open_recent(self, path: Path) -> None:
        if not path.exists():
            self.settings.remove_recent(path)
            self.recentChanged.emit()
            prompts.error(
                self.window,
                "Open Recent",
                f"{path}: the file no longer exists; it was removed from the recent files.",
            )
            return
        if self.maybe_save():
            self.load(path)

    def load(self, path: Path) -> bool:
        """Open ``path`` without asking (the caller has asked); False and a message on error."""
        try:
            project = load_project(path)
            get_provider(project.provider)
        except SrmError as exc:
            prompts.error(self.window, "Could not open the project", str(exc))
            return False
        self.document.load(project, path)
        self.settings.add_recent(path)
        self.recentChanged.emit()
        self.message.emit(f"Opened {path}")
        return True

    def save(self) -> bool:
        path = self.document.path
        if path is None:
            return self.save_as()
        return self._write(path)

    def save_as(self) -> bool:
        suggestion = str(Path(self._folder()) / suggested_name(self.document.project.name, ".srm"))
        path = prompts.save_path(self.window, "Save Project As", suggestion, prompts.PROJECT_FILTER)
        if path is None:
            return False
        if path.suffix == "":
            path = path.with_suffix(".srm")
        return self._write(path)

    def _write(self, path: Path) -> bool:
        try:
            save_project(self.document.project, path)
        except SrmError as exc:
            prompts.error(self.window, "Could not save the project", str(exc))
            return False
        except OSError as exc:  # anything atomic.py did not translate
            prompts.error(self.window, "Could not save the project", f"{path}: {exc}")
            return False
        if path != self.document.path:
            self.document.set_path(path)
        self.document.undo_stack.setClean()
        self.settings.add_recent(path)
        self.recentChanged.emit()
        self.message.emit(f"Saved {path}")
        return True

    def export_csv(self) -> None:
        suggestion = str(Path(self._folder()) / suggested_name(self.document.project.name, ".csv"))
        path = prompts.save_path(self.window, "Export CSV", suggestion, prompts.CSV_FILTER)
        if path is None:
            return
        if path.suffix == "":
            path = path.with_suffix(".csv")
        try:
            export_csv(self.document.project, self.document.provider, path)
        except SrmError as exc:
            prompts.error(self.window, "Could not export the CSV file", str(exc))
            return
        except OSError as exc:
            prompts.error(self.window, "Could not export the CSV file", f"{path}: {exc}")
            return
        self.message.emit(f"Exported {path}")
