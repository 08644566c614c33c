"""Import Workbook: the change set, shown before anything is applied.

Three tabs: every changed cell (old → new, with its workbook address and the stakeholder's
note), every problem (sheet!cell, value, message) and the RACI findings the import would add.
Apply is disabled while there are errors. When nothing blocks, Enter applies (Apply is the
default button, Alt+A its mnemonic); while something blocks, Enter does nothing rather than
cancel: only Escape or Cancel closes the preview unapplied.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTabWidget,
    QWidget,
)

from srm_desktop.domain.change_set import ChangeSet
from srm_desktop.domain.project import Project
from srm_desktop.ui.dialogs.common import lay_out_preview, preview_table
from srm_desktop.ui.models.rows import RowsModel


class ImportPreview(QDialog):
    def __init__(self, project: Project, change_set: ChangeSet, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Import Workbook — Review the Changes")
        self.change_set = change_set
        changes = [
            (
                project.service(c.service_id).name,
                project.area(c.area_id).name,
                project.party(c.party_id).name,
                c.old or "(empty)",
                c.new or "(empty)",
                c.address,
                c.note,
            )
            for c in change_set.changes
        ]
        problems = [
            (p.level.value.capitalize(), p.address, p.value, p.message) for p in change_set.problems
        ]
        findings = [
            (f.severity.value.capitalize(), f.describe(project)) for f in change_set.findings
        ]
        self.changes_model = RowsModel(
            ("Service", "Area", "Party", "Was", "Becomes", "Cell", "Note"), changes, self
        )
        self.problems_model = RowsModel(("Level", "Cell", "Value", "Problem"), problems, self)
        self.findings_model = RowsModel(("Severity", "Finding"), findings, self)
        tabs = QTabWidget(self)
        tabs.addTab(preview_table(self, self.changes_model, "Changes"), f"Changes ({len(changes)})")
        tabs.addTab(
            preview_table(self, self.problems_model, "Problems"), f"Problems ({len(problems)})"
        )
        tabs.addTab(
            preview_table(self, self.findings_model, "New findings"),
            f"New RACI findings ({len(findings)})",
        )
        if change_set.has_errors:
            tabs.setCurrentIndex(1)
            verdict = (
                f"<b>{len(change_set.errors)} error{'s' * (len(change_set.errors) != 1)}</b>: "
                "fix the workbook and import it again. "
                "Nothing is applied while there are errors."
            )
        elif not changes:
            verdict = "The workbook changes nothing."
        else:
            verdict = (
                f"Apply {len(changes)} changes as manual overrides? Their rationale records the "
                "import; one Undo takes them all back."
            )
        summary = QLabel(f"<b>{change_set.source}</b><br>{verdict}", self)
        summary.setWordWrap(True)
        self.can_apply = not change_set.has_errors and bool(changes)
        self.buttons = lay_out_preview(self, summary, tabs, self.can_apply)
        self._make_enter_apply()
        self.resize(900, 520)

    def _make_enter_apply(self) -> None:
        apply = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        apply.setText("&Apply")
        apply.setToolTip("Apply the changes as one undo step (Enter)")
        for button in (apply, cancel):
            button.setAutoDefault(False)
        apply.setDefault(self.can_apply)
        cancel.setToolTip("Close without applying anything (Escape)")
