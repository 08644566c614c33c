"""File ▸ Export Report…: the report's options (paper, and all parties or one).

The format follows the file name the user chose (``.pdf`` or ``.html``), shown here so nobody is
surprised; the dialog only asks what the file name cannot say.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from srm_desktop.domain.project import Party, PartyKind, Project
from srm_desktop.domain.visible_text import visible
from srm_desktop.formats.report.text import Paper

_PAPERS: list[tuple[str, Paper]] = [("A4, landscape", "a4"), ("US Letter, landscape", "letter")]


class ReportOptionsDialog(QDialog):
    def __init__(
        self, project: Project, path: Path, paper: Paper = "a4", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Report")
        kind = "PDF" if path.suffix.lower() == ".pdf" else "HTML (one file, opens in any browser)"
        self.paper_box = QComboBox(self)
        for label, key in _PAPERS:
            self.paper_box.addItem(label, key)
        self.paper_box.setCurrentIndex(next(i for i, (_, k) in enumerate(_PAPERS) if k == paper))
        self.paper_box.setAccessibleName("Paper")
        self.party_box = QComboBox(self)
        self.party_box.addItem("All of the customer's parties", None)
        for party in project.parties:
            suffix = " (provider)" if party.kind is PartyKind.PROVIDER else ""
            self.party_box.addItem(f"Only {visible(party.name)}{suffix}", party.id)
        self.party_box.setAccessibleName("What is ours for")
        self._project = project
        index = project.provider_party
        provider = project.parties[index].name if index is not None else "the provider"
        self.customer_box = QCheckBox(
            f"&Customer-relevant areas only (leave out of the heat map the areas {provider} "
            "owns for every service)",
            self,
        )
        form = QFormLayout()
        form.addRow("Format:", QLabel(f"{kind}: {path.name}", self))
        form.addRow("&Paper:", self.paper_box)
        form.addRow("“What is ours” &for:", self.party_box)
        form.addRow("", self.customer_box)
        explain = QLabel(
            "The report has a title page, the model in five lines, the owner heat map, what each "
            "party owns, the overrides, open findings, sources and sign-off lines.",
            self,
        )
        explain.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Export")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(explain)
        layout.addWidget(buttons)
        self.resize(460, 180)

    @property
    def paper(self) -> Paper:
        key: Paper = self.paper_box.currentData()
        return key

    @property
    def customer_only(self) -> bool:
        return self.customer_box.isChecked()

    @property
    def party(self) -> Party | None:
        party_id = self.party_box.currentData()
        return self._project.party(party_id) if party_id is not None else None
