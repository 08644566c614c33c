"""The Details panel: where the current cell's letters come from, and the override's story.

A rule-derived cell shows its rule, owner and citation; an overridden cell shows rationale
(editable), author and time, and "Reset to Rule". What it says comes from
``domain.provenance.explain_cell``, as the matrix tooltip's does.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from srm_desktop.domain.project import CellKey, Override
from srm_desktop.domain.provenance import explain_cell, owner_text
from srm_desktop.domain.raci import LETTER_MEANINGS, Letter, letters_of
from srm_desktop.domain.rules import Citation, Rule
from srm_desktop.ui.document import Document


def _letters_text(letters: str) -> str:
    """The letters with their meanings ("R/A — Responsible; Accountable"), or "(none)"."""
    held = letters_of(letters)
    meaning = "; ".join(LETTER_MEANINGS[Letter(c)].split(":")[0] for c in "RACI" if c in held)
    return f"<b>{letters}</b> — {meaning}" if letters else "(none)"


class DetailsPanel(QWidget):
    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.key: CellKey | None = None
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.letters = QLabel(self)
        self.letters.setWordWrap(True)
        self.source = QLabel(self)
        self.source.setWordWrap(True)
        self.source.setOpenExternalLinks(True)
        self.source.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.area_definition = QLabel(self)
        self.area_definition.setWordWrap(True)
        # What the rule says each side does: the two texts an architect reads out in a review.
        self.owner = QLabel(self)
        self.owner.setWordWrap(True)
        self.provider_does = QLabel(self)
        self.provider_does.setWordWrap(True)
        self.customer_does = QLabel(self)
        self.customer_does.setWordWrap(True)
        self.evidence = QLabel(self)
        self.evidence.setWordWrap(True)
        self.evidence.setOpenExternalLinks(True)
        self.evidence.setTextFormat(Qt.TextFormat.RichText)
        self.evidence.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.rationale = QPlainTextEdit(self)
        self.rationale.setAccessibleName("Override rationale")
        self.rationale.setPlaceholderText("Why does this cell differ from the rule?")
        self.rationale.setTabChangesFocus(True)
        self.rationale.setMaximumHeight(110)
        self.author = QLabel(self)
        self.author.setWordWrap(True)  # "name at 2026-11-20T14:30:00Z" must not widen the dock
        self.save_rationale = QPushButton("Save &Rationale", self)
        self.reset = QPushButton("Reset to R&ule", self)
        self.reset.setToolTip("Drop the override and take the rule's letters again")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Labels above their text: a dock a third of the window wide has no room for a label
        # column beside sentences and quotes.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow("Letters:", self.letters)
        form.addRow("Source:", self.source)
        form.addRow("Owner:", self.owner)
        form.addRow("AWS does:", self.provider_does)
        form.addRow("You do:", self.customer_does)
        form.addRow("Evidence:", self.evidence)
        form.addRow("Area:", self.area_definition)
        form.addRow("Rationale:", self.rationale)
        form.addRow("Changed by:", self.author)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_rationale)
        buttons.addWidget(self.reset)
        # The texts scroll (a rule's two texts, its quote and a rationale are more than a short
        # dock shows); the buttons stay in view below them.
        body = QWidget(self)
        column = QVBoxLayout(body)
        column.addWidget(self.heading)
        column.addLayout(form)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

        self.save_rationale.clicked.connect(self._save_rationale)
        self.reset.clicked.connect(self._reset)
        self.rationale.textChanged.connect(self._rationale_edited)
        document.cellsChanged.connect(self._maybe_refresh)
        document.servicesChanged.connect(lambda _ids: self.refresh())
        document.structureChanged.connect(self._structure_changed)
        self.refresh()

    def show_cell(self, key: CellKey | None) -> None:
        if key != self.key:
            self.key = key
            self.refresh()

    def _structure_changed(self) -> None:
        project = self.document.project
        if self.key is not None and not (
            self.key[0] in project.service_index and self.key[2] in project.party_index
        ):
            self.key = None
        self.refresh()

    def _maybe_refresh(self, keys: list[CellKey]) -> None:
        if self.key in keys:
            self.refresh()

    def refresh(self) -> None:
        if self.key is None:
            self._show_nothing()
            return
        project = self.document.project
        sid, aid, pid = self.key
        entry, area, party = project.service(sid), project.area(aid), project.party(pid)
        self.heading.setText(
            f"<b>{escape(entry.name)}</b> › {escape(area.name)} › <b>{escape(party.name)}</b>"
        )
        why = explain_cell(project, self.document.provider, self.key)
        self.letters.setText(_letters_text(why.letters))
        self.area_definition.setText(area.definition or area.group)
        if why.override is not None:
            self._show_override(why.override, project.row(sid, aid).rule, why.rule_letters)
        else:
            self._show_rule(why.rule)
        self._show_texts(why.rule, owner_text(why.effective_owner, why.rule))
        editable = why.override is not None
        self.rationale.setEnabled(editable)
        self.reset.setEnabled(editable)
        self.save_rationale.setEnabled(False)

    def _show_nothing(self) -> None:
        self.heading.setText("<i>Select a matrix cell to see where its letters come from.</i>")
        for label in (
            self.letters,
            self.source,
            self.area_definition,
            self.author,
            self.owner,
            self.provider_does,
            self.customer_does,
            self.evidence,
        ):
            label.clear()
        self._set_rationale("")
        self.rationale.setEnabled(False)
        self.reset.setEnabled(False)
        self.save_rationale.setEnabled(False)

    def _show_override(self, override: Override, rule_id: str | None, rule_letters: str) -> None:
        self.source.setText(
            f"<b>Manual override</b> (the rule {escape(rule_id or '—')} gives "
            f"“{rule_letters or 'nothing'}”)"
        )
        self._set_rationale(override.rationale)
        self.author.setText(" at ".join(x for x in (override.author, override.at) if x) or "—")

    def _show_rule(self, rule: Rule | None) -> None:
        self._set_rationale("")
        self.author.setText("—")
        if rule is None:
            self.source.setText("No rule decides this row (custom area or unknown service).")
            return
        note = f"<br>{escape(rule.note)}" if rule.note else ""
        self.source.setText(f"Rule <b>{escape(rule.id)}</b>{note}")

    def _show_texts(self, rule: Rule | None, owner: str) -> None:
        """The row's owner and, from its rule, what each side does and the page that says so
        (shown for overridden cells too: the rule is what the override departs from)."""
        self.owner.setText(owner or "No owner (no party is Accountable)")
        if rule is None:
            for label in (self.provider_does, self.customer_does, self.evidence):
                label.clear()
            return
        self.provider_does.setText(rule.provider_does)
        self.customer_does.setText(rule.customer_does)
        self.evidence.setText(evidence_html(rule.citation))

    def _set_rationale(self, text: str) -> None:
        self.rationale.blockSignals(True)
        self.rationale.setPlainText(text)
        self.rationale.blockSignals(False)

    def _rationale_edited(self) -> None:
        if self.key is None:
            return
        override = self.document.project.overrides.get(self.key)
        current = override.rationale if override is not None else ""
        self.save_rationale.setEnabled(self.rationale.toPlainText() != current)

    def _save_rationale(self) -> None:
        if self.key is not None:
            text = self.rationale.toPlainText().strip()
            self.document.editor.set_rationale([self.key], text)

    def _reset(self) -> None:
        if self.key is not None:
            self.document.editor.reset_to_rule([self.key])


def evidence_html(citation: Citation) -> str:
    """A citation as the reader re-checks it: the page (linked), the verbatim quote and the day
    it was read; or, for a derived rule, the reasoning and the pages consulted."""
    if citation.derived:
        pages = " ".join(
            f'<a href="{escape(url)}">[{n}]</a>' for n, url in enumerate(citation.consulted, 1)
        )
        return f"<i>Derived</i>: {escape(citation.reasoning)}<br>Pages consulted: {pages}"
    return (
        f'<a href="{escape(citation.url)}">{escape(citation.document)}</a>: '
        f"“{escape(citation.quote)}” <small>(read {escape(citation.read)})</small>"
    )
