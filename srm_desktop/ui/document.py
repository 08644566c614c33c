"""The open document: the current (immutable) project, its file, its undo stack and findings.

Edits replace the project wholesale -- cheap, because projects share unchanged parts -- and say
what they touched, so the models can emit narrow signals: ``cellsChanged`` for letters and
overrides, ``servicesChanged`` for inventory fields (and the re-derived rows behind them),
``structureChanged`` when services, parties or areas come or go (the models reset). Validation
runs a moment after the last edit, not on every keystroke, and after a load once the window has
had its turn to paint.

Edits come in through :attr:`Document.editor` (``ui/editor.py``), which pushes each as one undo
step; the undo commands then call :meth:`Document.set_project`.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from srm_desktop.domain.project import CellKey, Project
from srm_desktop.domain.provider import Provider, get_provider
from srm_desktop.domain.validation import Finding, error_count, validate
from srm_desktop.ui.editor import DocumentEditor

UNTITLED = "untitled"


def current_author() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        return ""


class Document(QObject):
    cellsChanged = Signal(object)  # list[CellKey]
    servicesChanged = Signal(object)  # list[str] of service ids
    structureChanged = Signal()
    findingsChanged = Signal()
    pathChanged = Signal()
    propertiesChanged = Signal()  # the project's name, description, owner or review

    def __init__(self, project: Project, path: Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._project = project
        self._provider = get_provider(project.provider)
        self._path = path
        self._read_only = False
        self.author = current_author()
        self.undo_stack = QUndoStack(self)
        #: Every edit, one undo step each.
        self.editor = DocumentEditor(self)
        self._findings: list[Finding] = []
        self._problem_rows: set[tuple[str, str]] = set()
        self._validate_timer = QTimer(self)
        self._validate_timer.setSingleShot(True)
        self._validate_timer.setInterval(150)
        self._validate_timer.timeout.connect(self.revalidate)
        self.revalidate()

    # -- state -----------------------------------------------------------------------------

    @property
    def project(self) -> Project:
        return self._project

    @property
    def provider(self) -> Provider:
        return self._provider

    @property
    def path(self) -> Path | None:
        return self._path

    def set_path(self, path: Path | None) -> None:
        self._path = path
        self.pathChanged.emit()

    @property
    def display_name(self) -> str:
        return self._path.name if self._path is not None else f"{UNTITLED}.srm"

    @property
    def read_only(self) -> bool:
        """Open without the file's lock (another window has it): Save asks for a new name."""
        return self._read_only

    def set_read_only(self, read_only: bool) -> None:
        if read_only != self._read_only:
            self._read_only = read_only
            self.pathChanged.emit()

    @property
    def title_name(self) -> str:
        """The name for the window title: the file, and whether it is read-only."""
        return self.display_name + (" (read-only)" if self._read_only else "")

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    def mark_modified(self) -> None:
        """The file no longer holds this document (restored copy, kept after an outside change,
        file deleted): no undo step leads back to a saved state, so the next save must write."""
        self.undo_stack.resetClean()

    @property
    def findings(self) -> list[Finding]:
        return self._findings

    def has_problem(self, service_id: str, area_id: str) -> bool:
        return (service_id, area_id) in self._problem_rows

    @property
    def has_problem_rows(self) -> bool:
        """Whether any matrix row has a finding (what :meth:`has_problem` can answer True for)."""
        return bool(self._problem_rows)

    def counts(self) -> tuple[int, int]:
        errors = error_count(self._findings)
        return errors, len(self._findings) - errors

    def load(
        self,
        project: Project,
        path: Path | None,
        *,
        modified: bool = False,
        read_only: bool = False,
    ) -> None:
        """Replace the whole document (File > New or Open): no undo history survives.

        ``modified``: the project is not what ``path`` holds (a recovery copy, a backup).
        """
        self._provider = get_provider(project.provider)
        self._project = project
        self._path = path
        self._read_only = read_only
        self.undo_stack.clear()
        self.undo_stack.setClean()
        if modified:
            self.undo_stack.resetClean()
        # The new project's findings arrive a moment later, as after an edit, so the window
        # paints a large file first (validating a large estate and repainting its problem marks
        # takes tens of milliseconds); until then there are none, never the previous file's.
        self._findings = []
        self._problem_rows = set()
        self.structureChanged.emit()
        self.pathChanged.emit()
        self.findingsChanged.emit()
        self._validate_timer.start()

    # -- changes (called by undo commands only) ---------------------------------------------

    def set_project(
        self,
        project: Project,
        *,
        cells: Iterable[CellKey] | None = None,
        services: Iterable[str] | None = None,
        properties: bool = False,
    ) -> None:
        """Make ``project`` current and tell the views what changed: ``cells``, or the rows and
        entries of ``services``, or only the ``properties`` (name, description, owner, review),
        or (none given) the structure."""
        self._project = project
        if properties:
            self.propertiesChanged.emit()
            return  # no cell, row or finding depends on them
        if cells is not None:
            self.cellsChanged.emit(list(cells))
        elif services is not None:
            self.servicesChanged.emit(list(services))
        else:
            self.structureChanged.emit()
        self._validate_timer.start()

    def revalidate(self) -> None:
        self._validate_timer.stop()
        self._findings = validate(self._project, self._provider)
        self._problem_rows = {
            (f.service_id, f.area_id)
            for f in self._findings
            if f.service_id is not None and f.area_id is not None
        }
        self.findingsChanged.emit()
