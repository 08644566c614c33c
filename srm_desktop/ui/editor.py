"""Every edit a user makes to the open document, each as one undo step: the one place that
creates and pushes undo commands.

Views, models, the Details panel, the main window, the dialogs and the importers describe *what*
they want changed (cells, a rationale, a service's fields, a whole new project from a dialog) and
call this editor; it picks the command, names the undo step and pushes it. ``ui/commands.py`` is
private to this module by convention (``tests/ui/test_ui_edit_owner.py`` holds the rest of
``ui/`` to it), as Orange's canvas creates commands only in its document package.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import EllipsisType
from typing import TYPE_CHECKING

from srm_desktop.domain.catalog import Category
from srm_desktop.domain.conflict import Conflict, ConflictKind, conflict_place
from srm_desktop.domain.edits import CellChange
from srm_desktop.domain.factory import with_properties
from srm_desktop.domain.project import CellKey, Project, ServiceEntry
from srm_desktop.domain.resolve import Take, resolve_conflict
from srm_desktop.ui.commands import (
    AddServiceCommand,
    AddServicesCommand,
    ApplyChangeSetCommand,
    AutofillCommand,
    RemoveServicesCommand,
    ReplaceProjectCommand,
    ResetToRuleCommand,
    ResolveConflictCommand,
    ServiceUpdate,
    SetCellsCommand,
    SetPropertiesCommand,
    SetRationaleCommand,
    SwitchServiceCommand,
    UpdateServiceCommand,
)

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoCommand

    from srm_desktop.domain.change_set import ChangeSet
    from srm_desktop.domain.rule_update import RuleUpdate
    from srm_desktop.domain.whatif import WhatIf
    from srm_desktop.ui.document import Document

#: The commands that record manual overrides (and so their author).
_OVERRIDING = (SetCellsCommand, ApplyChangeSetCommand)

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
        #: Called once, before the first edit that records an override (asks for the author's
        #: name when none was ever set: ``ui/author.py``), then cleared.
        self.before_first_override: Callable[[], None] | None = None

    def _push(self, command: QUndoCommand) -> None:
        if self.before_first_override is not None and isinstance(command, _OVERRIDING):
            ask, self.before_first_override = self.before_first_override, None
            ask()
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

    def apply_change_set(
        self, change_set: ChangeSet, source_name: str, *, skip_errors: bool = False
    ) -> bool:
        """An imported workbook's changes, each cell an override recording the import (with
        ``skip_errors``, the cells it could not read stay as they are)."""
        self._push(ApplyChangeSetCommand(self._doc, change_set, source_name, skip_errors))
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

    # -- merge conflicts ------------------------------------------------------------------------

    def resolve_conflict(self, conflict: Conflict, take: Take) -> bool:
        """Take ours or theirs for a recorded merge conflict, as one undo step ("Take Theirs:
        Web fleet › Guest OS › Security"). An
        :class:`~srm_desktop.domain.errors.EditError` when theirs cannot be put back."""
        doc = self._doc
        after = resolve_conflict(doc.project, doc.provider, conflict, take)
        cells: list[CellKey] | None = None
        if conflict.kind is ConflictKind.CELL and take == "ours":
            cells = []
        elif conflict.kind is ConflictKind.CELL:
            cells = [(conflict.service or "", conflict.area or "", conflict.party or "")]
        where = conflict_place(doc.project, conflict)
        text = f"Take {'Ours' if take == 'ours' else 'Theirs'}: {where}"
        self._push(ResolveConflictCommand(doc, after, text, cells))
        return True

    # -- see what changed (issue 14) ----------------------------------------------------------

    def apply_what_if(self, result: WhatIf, text: str) -> bool:
        """A what-if the user looked at, applied as it was shown (``result.project``); False
        when it changes nothing. A what-if made for another version of the project is an
        :class:`~srm_desktop.domain.errors.EditError`: the dialog is modal, so only a bug gets
        there, and applying it would lose the edits made since."""
        if result.unchanged:
            return False
        if result.diff.old is not self._doc.project:
            from srm_desktop.domain.errors import EditError

            raise EditError("the what-if was made for another version of the project")
        self._push(SwitchServiceCommand(self._doc, result.project, result.entry.id, text))
        return True

    def review_rule_book(
        self,
        update: RuleUpdate,
        *,
        accept: Sequence[CellKey] = (),
        keep: Sequence[CellKey] = (),
        rationale: str = "",
    ) -> bool:
        """The rule-book review's answer (``rule_update.apply_review``): accepted cells take the
        rule's letters, kept ones become overrides recording ``rationale``; one undo step. When
        nothing is left pending the whole project is re-filled and stamped. False when the
        answer changes nothing; an :class:`~srm_desktop.domain.errors.EditError` for an answer
        the domain refuses (keeping cells without a rationale, a stale review)."""
        from srm_desktop.domain.rule_update import apply_review

        project = self._doc.project
        after = apply_review(
            project,
            self._doc.provider,
            update,
            accept=accept,
            keep=keep,
            rationale=rationale,
            author=self._doc.author,
        )
        if after is project:
            return False
        everything = set(accept) | set(keep) == update.cell_keys
        text = "Accept Rule-Book Update" if everything and not keep else "Review Rule-Book Update"
        self._push(ReplaceProjectCommand(self._doc, after, text))
        return True
