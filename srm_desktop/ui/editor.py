"""Every edit a user makes to the open document, each as one undo step: the one place that
creates and pushes undo commands.

Views, models, the Details panel, the main window, the dialogs and the importers describe *what*
they want changed (cells, a rationale, a service's fields, a whole new project from a dialog) and
call this editor; it picks the command, names the undo step and pushes it. ``ui/commands.py`` is
private to this module by convention (``tests/ui/test_ui_edit_owner.py`` holds the rest of
``ui/`` to it), as Orange's canvas creates commands only in its document package.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import EllipsisType
from typing import TYPE_CHECKING

from srm_desktop.domain.catalog import Category
from srm_desktop.domain.change_set import ChangeSet
from srm_desktop.domain.edits import CellChange
from srm_desktop.domain.factory import with_properties
from srm_desktop.domain.project import CellKey, Project, ServiceEntry
from srm_desktop.ui.commands import (
    AddServiceCommand,
    AddServicesCommand,
    ApplyChangeSetCommand,
    AutofillCommand,
    RemoveServicesCommand,
    ReplaceProjectCommand,
    ResetToRuleCommand,
    ServiceUpdate,
    SetCellsCommand,
    SetPropertiesCommand,
    SetRationaleCommand,
    UpdateServiceCommand,
)

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoCommand

    from srm_desktop.ui.document import Document

#: The undo text of an inventory edit that changes one field ("Rename web fleet").
_UPDATE_TEXT = {
    "name": "Rename {}",
    "category": "Change Category of {}",
    "variant": "Change Variant of {}",
    "environment": "Edit Environment of {}",
    "notes": "Edit Notes of {}",
}


class DocumentEditor:
    """The gesture API of a :class:`~srm_desktop.ui.document.Document`.

    Each method is one undo step and returns whether it pushed one (an edit that would change
    nothing pushes nothing).
    """

    def __init__(self, document: Document) -> None:
        self._doc = document

    def _push(self, command: QUndoCommand) -> None:
        self._doc.undo_stack.push(command)

    # -- cells --------------------------------------------------------------------------------

    def set_cells(self, changes: Sequence[CellChange], text: str) -> bool:
        """Letters for several cells (typing, clear, paste, fill down, the cell editor)."""
        if not changes:
            return False
        self._push(SetCellsCommand(self._doc, changes, text))
        return True

    def set_rationale(self, keys: Sequence[CellKey], text: str) -> bool:
        """The rationale of the overridden cells among ``keys``."""
        overrides = self._doc.project.overrides
        keys = [k for k in keys if k in overrides]
        if not keys:
            return False
        self._push(SetRationaleCommand(self._doc, keys, text))
        return True

    def reset_to_rule(self, keys: Sequence[CellKey]) -> bool:
        """Drop the overrides among ``keys``; False when none of them is overridden."""
        overrides = self._doc.project.overrides
        keys = [k for k in keys if k in overrides]
        if not keys:
            return False
        self._push(ResetToRuleCommand(self._doc, keys))
        return True

    def apply_change_set(self, change_set: ChangeSet, source_name: str) -> bool:
        """An imported workbook's changes, each cell an override recording the import."""
        self._push(ApplyChangeSetCommand(self._doc, change_set, source_name))
        return True

    # -- the inventory --------------------------------------------------------------------------

    def add_service(self, entry: ServiceEntry, index: int | None = None) -> bool:
        self._push(AddServiceCommand(self._doc, entry, index))
        return True

    def add_services(self, entries: Sequence[ServiceEntry]) -> bool:
        """Several entries at once (the catalog picker's ticked services), one undo step."""
        if len(entries) == 1:
            return self.add_service(entries[0])
        if not entries:
            return False
        self._push(AddServicesCommand(self._doc, entries))
        return True

    def remove_services(self, service_ids: Sequence[str]) -> bool:
        if not service_ids:
            return False
        self._push(RemoveServicesCommand(self._doc, service_ids))
        return True

    def update_service(
        self,
        service_id: str,
        *,
        name: str | None = None,
        variant: str | EllipsisType | None = ...,
        category: Category | EllipsisType | None = ...,
        environment: str | None = None,
        notes: str | None = None,
    ) -> bool:
        """Change an entry's fields (``...`` or None: leave it; a blank name is refused); a new
        variant or category re-derives the entry's cells in the same step."""
        entry = self._doc.project.service(service_id)
        update = ServiceUpdate(
            name=name or None,
            variant=variant,
            category=category,
            environment=environment,
            notes=notes,
        )
        changed = update.changed_fields(entry)
        if not changed:
            return False
        template = _UPDATE_TEXT[changed[0]] if len(changed) == 1 else "Edit {}"
        self._push(UpdateServiceCommand(self._doc, service_id, template.format(entry.name), update))
        return True

    # -- the whole project ----------------------------------------------------------------------

    def autofill(self) -> str:
        """Re-apply the rules to every row (overrides kept); returns the report's summary."""
        command = AutofillCommand(self._doc)
        self._push(command)
        return command.report

    def replace_project(self, project: Project, text: str) -> bool:
        """A project edited as a whole (the parties and areas dialogs, an inventory import)."""
        self._push(ReplaceProjectCommand(self._doc, project, text))
        return True

    def set_properties(self, **changes: str) -> bool:
        """The project's name, description, owner and/or review (fields given by keyword), each
        checked as the project file checks it (:class:`~srm_desktop.domain.errors.EditError`);
        False when none changes."""
        project = self._doc.project
        updated = with_properties(project, changes)
        if updated is project:
            return False
        changed = [f for f in changes if getattr(project, f) != getattr(updated, f)]
        text = "Rename Project" if changed == ["name"] else "Edit Project Properties"
        self._push(SetPropertiesCommand(self._doc, updated, text))
        return True
