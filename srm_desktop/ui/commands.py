"""Undo commands: each calls pure domain edits and keeps only what it needs to invert them.

Private to ``ui/editor.py`` (the one place that creates and pushes them); the rest of the UI
calls :class:`~srm_desktop.ui.editor.DocumentEditor`.

Cell commands keep the old and new state of the cells they touch (``snapshot_cells``); service
commands keep the entry and its rows; only edits that change every row (parties, the team
template, auto-fill) keep the previous rows or project, because nothing narrower inverts them.
A bulk gesture (paste, fill down, typing a letter on a selection) is one command.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from types import EllipsisType
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from srm_desktop.domain.autofill import autofill
from srm_desktop.domain.catalog import Category
from srm_desktop.domain.edits import (
    CellChange,
    CellState,
    RemovedService,
    add_service,
    remove_service,
    reset_to_rule,
    restore_cells,
    restore_service,
    set_cells,
    set_rationale,
    snapshot_cells,
    update_service,
)
from srm_desktop.domain.project import CellKey, Project, ServiceEntry
from srm_desktop.domain.provider import Provider

if TYPE_CHECKING:
    from srm_desktop.domain.change_set import ChangeSet
    from srm_desktop.ui.document import Document

#: The letters and override of each cell a command touches (``domain.edits.snapshot_cells``).
CellSnapshot = dict[CellKey, CellState]


class _CellsCommand(QUndoCommand):
    """Shared by every edit of letters or overrides: compute once, then swap snapshots."""

    def __init__(self, document: Document, keys: Sequence[CellKey], text: str) -> None:
        super().__init__(text)
        self.document = document
        self.keys = list(dict.fromkeys(keys))
        self._before: CellSnapshot = snapshot_cells(document.project, self.keys)
        self._after: CellSnapshot | None = None

    def apply(self, project: Project) -> Project:
        raise NotImplementedError

    def redo(self) -> None:
        doc = self.document
        if self._after is None:
            new = self.apply(doc.project)
            self._after = snapshot_cells(new, self.keys)
        else:
            new = restore_cells(doc.project, self._after)
        doc.set_project(new, cells=self.keys)

    def undo(self) -> None:
        doc = self.document
        doc.set_project(restore_cells(doc.project, self._before), cells=self.keys)


class SetCellsCommand(_CellsCommand):
    def __init__(self, document: Document, changes: Sequence[CellChange], text: str) -> None:
        keys = [(c.service_id, c.area_id, c.party_id) for c in changes]
        super().__init__(document, keys, text)
        self.changes = list(changes)

    def apply(self, project: Project) -> Project:
        return set_cells(project, self.changes, author=self.document.author)


class SetRationaleCommand(_CellsCommand):
    def __init__(self, document: Document, keys: Sequence[CellKey], rationale: str) -> None:
        super().__init__(document, keys, "Edit Rationale")
        self.rationale = rationale

    def apply(self, project: Project) -> Project:
        author = self.document.author
        for key in self.keys:
            project = set_rationale(project, key, self.rationale, author=author)
        return project


class ApplyChangeSetCommand(_CellsCommand):
    """An imported workbook's changes: one step, each cell an override recording the import."""

    def __init__(
        self,
        document: Document,
        change_set: ChangeSet,
        source_name: str,
        skip_errors: bool = False,
    ) -> None:
        super().__init__(document, change_set.keys, f"Import {source_name}")
        self.change_set = change_set
        self.skip_errors = skip_errors

    def apply(self, project: Project) -> Project:
        return self.change_set.apply(
            project, author=self.document.author, skip_errors=self.skip_errors
        )


class ResetToRuleCommand(_CellsCommand):
    def __init__(self, document: Document, keys: Sequence[CellKey]) -> None:
        super().__init__(document, keys, "Reset to Rule")

    def apply(self, project: Project) -> Project:
        return reset_to_rule(project, self.document.provider, self.keys)


class AddServiceCommand(QUndoCommand):
    def __init__(self, document: Document, entry: ServiceEntry, index: int | None = None) -> None:
        super().__init__(f"Add {entry.name}")
        self.document = document
        self.entry = entry
        self.index = index

    def redo(self) -> None:
        doc = self.document
        doc.set_project(add_service(doc.project, doc.provider, self.entry, self.index))

    def undo(self) -> None:
        doc = self.document
        doc.set_project(remove_service(doc.project, self.entry.id)[0])


class RemoveServicesCommand(QUndoCommand):
    def __init__(self, document: Document, service_ids: Sequence[str]) -> None:
        names = [document.project.service(s).name for s in service_ids]
        text = f"Remove {names[0]}" if len(names) == 1 else f"Remove {len(names)} Services"
        super().__init__(text)
        self.document = document
        self.service_ids = list(service_ids)
        self._removed: list[RemovedService] = []

    def redo(self) -> None:
        project = self.document.project
        self._removed = []
        for sid in self.service_ids:
            project, removed = remove_service(project, sid)
            self._removed.append(removed)
        self.document.set_project(project)

    def undo(self) -> None:
        project = self.document.project
        for removed in reversed(self._removed):
            project = restore_service(project, removed)
        self.document.set_project(project)


@dataclass(frozen=True)
class ServiceUpdate:
    """The fields an inventory edit sets; None (``...`` for the nullable two) leaves a field."""

    name: str | None = None
    variant: str | EllipsisType | None = ...
    category: Category | EllipsisType | None = ...
    environment: str | None = None
    notes: str | None = None

    def changed_fields(self, entry: ServiceEntry) -> list[str]:
        """The names of the fields this update gives a value other than ``entry``'s."""
        changed = []
        for field in fields(self):
            value = getattr(self, field.name)
            if value is not field.default and value != getattr(entry, field.name):
                changed.append(field.name)
        return changed

    def apply(self, project: Project, provider: Provider, service_id: str) -> Project:
        return update_service(
            project,
            provider,
            service_id,
            name=self.name,
            variant=self.variant,
            category=self.category,
            environment=self.environment,
            notes=self.notes,
        )


class UpdateServiceCommand(QUndoCommand):
    """Change an entry's fields; a new variant or category re-derives its rows (one step)."""

    def __init__(
        self, document: Document, service_id: str, text: str, update: ServiceUpdate
    ) -> None:
        super().__init__(text)
        self.document = document
        self.service_id = service_id
        self.update = update
        project = document.project
        self._before = RemovedService(
            project.service_index[service_id],
            project.service(service_id),
            project.rows.get(service_id, {}),
            {k: v for k, v in project.overrides.items() if k[0] == service_id},
        )

    def redo(self) -> None:
        doc = self.document
        new = self.update.apply(doc.project, doc.provider, self.service_id)
        doc.set_project(new, services=[self.service_id])

    def undo(self) -> None:
        doc = self.document
        stripped, _ = remove_service(doc.project, self.service_id)
        doc.set_project(restore_service(stripped, self._before), services=[self.service_id])


class AutofillCommand(QUndoCommand):
    """Re-apply the rules to every row (overrides kept); undo puts the old rows back."""

    def __init__(self, document: Document) -> None:
        super().__init__("Auto-fill")
        self.document = document
        self._rows = document.project.rows
        self.report = ""

    def redo(self) -> None:
        doc = self.document
        new, report = autofill(doc.project, doc.provider)
        self.report = report.summary()
        doc.set_project(new, services=[s.id for s in new.services])

    def undo(self) -> None:
        doc = self.document
        project = replace(doc.project, rows=self._rows)
        doc.set_project(project, services=[s.id for s in project.services])


class ReplaceProjectCommand(QUndoCommand):
    """For edits that change every row (parties and teams): keeps both projects, which share
    everything the edit did not touch."""

    def __init__(self, document: Document, after: Project, text: str) -> None:
        super().__init__(text)
        self.document = document
        self._before = document.project
        self._after = after

    def redo(self) -> None:
        self.document.set_project(self._after)

    def undo(self) -> None:
        self.document.set_project(self._before)


class SetPropertiesCommand(QUndoCommand):
    """The project's name, description, owner or review: keeps both projects, which share
    everything else."""

    def __init__(self, document: Document, after: Project, text: str) -> None:
        super().__init__(text)
        self.document = document
        self._before = document.project
        self._after = after

    def redo(self) -> None:
        self.document.set_project(self._after, properties=True)

    def undo(self) -> None:
        self.document.set_project(self._before, properties=True)


class ResolveConflictCommand(QUndoCommand):
    """Take ours or theirs for a conflict a merge recorded (``domain.resolve``): keeps both
    projects, which share everything the resolution did not touch, so undo puts the conflict
    back exactly."""

    def __init__(
        self, document: Document, after: Project, text: str, cells: Sequence[CellKey] | None
    ) -> None:
        super().__init__(text)
        self.document = document
        self._before = document.project
        self._after = after
        self._cells = list(cells) if cells is not None else None

    def redo(self) -> None:
        self.document.set_project(self._after, cells=self._cells)

    def undo(self) -> None:
        self.document.set_project(self._before, cells=self._cells)


class SwitchServiceCommand(QUndoCommand):
    """What-if applied (issue 14): one entry switched to another service or variant, its rows
    re-derived, every override kept -- ``WhatIf.project``, the very project the dialog showed.
    Keeps both projects (they share all but the entry's rows), so undo is exact."""

    def __init__(self, document: Document, after: Project, service_id: str, text: str) -> None:
        super().__init__(text)
        self.document = document
        self.service_id = service_id
        self._before = document.project
        self._after = after

    def redo(self) -> None:
        self.document.set_project(self._after, services=[self.service_id])

    def undo(self) -> None:
        self.document.set_project(self._before, services=[self.service_id])


class AddServicesCommand(QUndoCommand):
    """Several catalog services picked at once (Add Services): one step, added in order."""

    def __init__(self, document: Document, entries: Sequence[ServiceEntry]) -> None:
        super().__init__(f"Add {len(entries)} Services")
        self.document = document
        self.entries = list(entries)

    def redo(self) -> None:
        doc = self.document
        project = doc.project
        for entry in self.entries:
            project = add_service(project, doc.provider, entry)
        doc.set_project(project)

    def undo(self) -> None:
        doc = self.document
        project = doc.project
        for entry in reversed(self.entries):
            project = remove_service(project, entry.id)[0]
        doc.set_project(project)
