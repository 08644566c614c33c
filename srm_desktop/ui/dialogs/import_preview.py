"""Import Workbook: the change set, shown before anything is applied, taken as a merge.

Three tabs: every changed cell with a tick box (old → new, its workbook address and the
stakeholder's note), every problem (its service › area › party beside the sheet!cell, the value
and what is wrong) and the RACI findings the ticked changes would add. The architect ticks or
unticks changes (click, Space on a selection, Select All / None); cells that could not be read
are listed and skipped, so "Apply 4 changes, skip 1 error" applies the rest. The summary line
and the findings tab are recounted on every tick, row by row
(:class:`~srm_desktop.domain.change_set.FindingsPreview`, a few milliseconds for 1,000 changes).
When the ticked changes would add RACI errors, Apply asks before applying (``prompts.confirm``).

Enter applies when something can be applied (Apply is the default button, Alt+A its
mnemonic); otherwise Enter does nothing rather than cancel: only Escape or Cancel closes the
preview unapplied. Only a problem with the whole workbook (another project's) blocks Apply.
"""

from __future__ import annotations

import html
from dataclasses import replace

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from srm_desktop.domain.change_set import ChangeSet, FindingsPreview, place
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.validation import Finding, Severity
from srm_desktop.ui import prompts
from srm_desktop.ui.dialogs.common import (
    lay_out_preview,
    preview_table,
    select_all_none,
    tick_table,
)
from srm_desktop.ui.models.rows import RowsModel, TickRowsModel


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'s' * (n != 1)}"


class ImportPreview(QDialog):
    def __init__(
        self,
        project: Project,
        change_set: ChangeSet,
        parent: QWidget | None = None,
        provider: Provider | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import Workbook — Review the Changes")
        self.project = project
        self.change_set = change_set
        self._recount = FindingsPreview(change_set, project, provider) if provider else None
        self.findings: tuple[Finding, ...] = change_set.findings
        changes = [
            (
                "",
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
            (p.level.value.capitalize(), p.place(project), p.address, p.value, p.message)
            for p in change_set.problems
        ]
        self.changes_model = TickRowsModel(
            ("Apply", "Service", "Area", "Party", "Was", "Becomes", "Cell", "Note"), changes, self
        )
        self.problems_model = RowsModel(
            ("Level", "Service › area › party", "Cell", "Value", "Problem"), problems, self
        )
        self.findings_model = RowsModel(("Severity", "Service › area", "Finding"), [], self)
        self.tabs = QTabWidget(self)
        self.changes_view = tick_table(self, self.changes_model, "Changes")
        self.tabs.addTab(self._changes_page(), "")
        self.tabs.addTab(preview_table(self, self.problems_model, "Problems"), "")
        self.tabs.addTab(preview_table(self, self.findings_model, "New findings"), "")
        self.tabs.setTabText(1, f"Problems ({len(problems)})")
        if change_set.blocking or (change_set.has_errors and not change_set.changes):
            self.tabs.setCurrentIndex(1)  # nothing to tick: what is wrong comes first
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.can_apply = False
        self.buttons = lay_out_preview(self, self.summary, self.tabs, False)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self._make_enter_apply()
        self.changes_model.ticksChanged.connect(self._ticks_changed)
        self._ticks_changed()
        self.resize(960, 560)

    def _changes_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.changes_view, 1)
        layout.addLayout(select_all_none(page, self.changes_model))
        return page

    # -- what is ticked ---------------------------------------------------------------------

    def ticked(self) -> list[int]:
        return self.changes_model.ticked()

    def chosen(self) -> ChangeSet:
        """The change set to apply: the ticked changes (the errors are skipped)."""
        ticked = self.ticked()
        if len(ticked) == len(self.change_set.changes):
            return self.change_set
        return replace(self.change_set.only(ticked), findings=self.findings)

    @property
    def new_errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    def _ticks_changed(self) -> None:
        ticked = self.ticked()
        if self._recount is not None:
            self.findings = self._recount.findings(ticked)
        self.findings_model.set_rows(
            [
                (
                    f.severity.value.capitalize(),
                    place(self.project, f.service_id, f.area_id, f.party_id),
                    f.message[:1].upper() + f.message[1:],
                )
                for f in self.findings
            ]
        )
        total = len(self.change_set.changes)
        self.tabs.setTabText(0, f"Changes ({len(ticked)} of {total})")
        self.tabs.setTabText(2, f"New RACI findings ({len(self.findings)})")
        self.can_apply = bool(ticked) and not self.change_set.blocking
        self.apply_button.setEnabled(self.can_apply)
        self.apply_button.setDefault(self.can_apply)
        self.apply_button.setText(self._apply_text(len(ticked)))
        self.summary.setText(
            f"<b>{html.escape(self.change_set.source)}</b><br>{self._verdict(len(ticked))}"
        )

    def _apply_text(self, ticked: int) -> str:
        errors = len(self.change_set.errors)
        text = f"&Apply {_count(ticked, 'change')}"
        return text + (f", skip {_count(errors, 'error')}" if errors and ticked else "")

    def _verdict(self, ticked: int) -> str:
        change_set = self.change_set
        if change_set.blocking:
            return (
                f"<b>{html.escape(change_set.blocking[0].message)}</b>. Nothing can be applied "
                "from this workbook."
            )
        total, errors = len(change_set.changes), len(change_set.errors)
        if not total:
            skipped = f" ({_count(errors, 'error')}: see Problems)" if errors else ""
            return f"The workbook changes nothing that can be applied{skipped}."
        parts = [f"Apply {ticked:,} of {_count(total, 'change')} as manual overrides"]
        if errors:
            parts.append(
                f"skip {_count(errors, 'error')} (see Problems: those cells stay as they are)"
            )
        line = ", ".join(parts) + "."
        if self.new_errors:
            line += (
                f" <b>The ticked changes add {_count(self.new_errors, 'RACI error')}</b> "
                "(see New RACI findings): you will be asked to confirm."
            )
        if not ticked:
            return line + " Nothing is ticked."
        return line + " The rationale records the import; one Undo takes them all back."

    # -- applying ---------------------------------------------------------------------------

    def accept(self) -> None:
        """Apply, after asking when the ticked changes would add RACI errors."""
        if not self.can_apply:
            return
        if self.new_errors and not prompts.confirm(
            self,
            "Import Workbook",
            f"The {_count(len(self.ticked()), 'ticked change')} would add "
            f"{_count(self.new_errors, 'RACI error')} to the matrix (see New RACI findings), "
            "for example:\n\n"
            + "\n".join(f.describe(self.project) for f in self.findings[:3])
            + "\n\nApply them anyway and fix the matrix afterwards?",
            "&Apply Anyway",
        ):
            return
        super().accept()

    def _make_enter_apply(self) -> None:
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button.setToolTip("Apply the ticked changes as one undo step (Enter)")
        for button in (self.apply_button, cancel):
            button.setAutoDefault(False)
        cancel.setToolTip("Close without applying anything (Escape)")
