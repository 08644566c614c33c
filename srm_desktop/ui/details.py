"""The Details panel: where the current cell's letters come from, and the override's story.

A rule-derived cell shows its rule, owner and citation; an overridden cell shows rationale
(editable), author and time, and "Reset to Rule". What it says comes from
``domain.provenance.explain_cell``, as the matrix tooltip's does.

A typed rationale is never lost: like a cell being edited in a spreadsheet, it is saved (one undo
step) when the focus leaves the box or the panel moves to another cell; Ctrl+Enter saves it and
goes back to the matrix, Escape goes back too (saving). When the selection holds several overridden
cells, a check box offers to give them all the same rationale: one decision, one reason.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
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
from srm_desktop.domain.when import readable
from srm_desktop.ui.document import Document


def _letters_text(letters: str) -> str:
    """The letters with their meanings ("R/A — Responsible; Accountable"), or "(none)"."""
    held = letters_of(letters)
    meaning = "; ".join(LETTER_MEANINGS[Letter(c)].split(":")[0] for c in "RACI" if c in held)
    return f"<b>{letters}</b> — {meaning}" if letters else "(none)"


class RationaleEdit(QPlainTextEdit):
    """The rationale box: Ctrl+Enter saves, Escape leaves; both hand the focus back."""

    #: Ctrl+Enter: save now and go back to the matrix.
    saveRequested = Signal()
    #: Escape: go back to the matrix (leaving the box saves, as every way out does).
    leaveRequested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            mods == Qt.KeyboardModifier.ControlModifier
        ):
            self.saveRequested.emit()
            return
        if event.key() == Qt.Key.Key_Escape and not mods:
            self.leaveRequested.emit()
            return
        super().keyPressEvent(event)


class DetailsPanel(QWidget):
    #: The user is done with the rationale box (Ctrl+Enter, Escape): focus the matrix again.
    backToMatrix = Signal()

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.key: CellKey | None = None
        #: The matrix's selected cells (the window sets it; they are read only when the
        #: current cell is an override, the one case the "apply to all" box can appear).
        self.selected_cells: Callable[[], list[CellKey]] = list
        self._selected_overrides: list[CellKey] = []
        #: The cells the box's text is saved on: the current cell, or every selected override.
        self._targets: list[CellKey] = []
        self._many = False  # the selection holds more overrides than the current cell
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
        self.rationale = RationaleEdit(self)
        self.rationale.setAccessibleName("Override rationale")
        self.rationale.setPlaceholderText("Why does this cell differ from the rule?")
        self.rationale.setToolTip(
            "Saved when you leave the box or move to another cell; Ctrl+Enter saves and goes "
            "back to the matrix, Shift+F2 comes here from the matrix"
        )
        self.rationale.setTabChangesFocus(True)
        self.rationale.setMaximumHeight(110)
        self.apply_all = QCheckBox(self)
        self.apply_all.setToolTip(
            "One decision, one reason: save this rationale on every overridden cell selected "
            "in the matrix (one undo step)"
        )
        self.apply_all.setVisible(False)
        self.author = QLabel(self)
        self.author.setWordWrap(True)  # a long name and its time must not widen the dock
        self.save_rationale = QPushButton("Save &Rationale", self)
        self.save_rationale.setToolTip("Save the rationale (Ctrl+Enter in the box)")
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
        form.addRow("", self.apply_all)
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
        scroll = self.body_scroll = QScrollArea(self)
        scroll.setAccessibleName("Cell details")
        scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # F6 lands here; arrows scroll
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
        self.rationale.saveRequested.connect(self._save_and_leave)
        self.rationale.leaveRequested.connect(self.backToMatrix)
        self.apply_all.toggled.connect(self._scope_toggled)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        document.cellsChanged.connect(self._maybe_refresh)
        document.servicesChanged.connect(lambda _ids: self.refresh())
        document.structureChanged.connect(self._structure_changed)
        self.refresh()

    def show_cell(self, key: CellKey | None) -> None:
        if key != self.key:
            self.commit()
            self.key = key
            self.refresh()

    def selection_changed(self) -> None:
        """The matrix's selection moved: the "apply to all" box may change its cells."""
        self.commit()
        self.refresh()

    # -- saving the rationale ---------------------------------------------------------------

    def _typed(self) -> str:
        return self.rationale.toPlainText().strip()

    def pending(self) -> list[CellKey]:
        """The target cells whose saved rationale differs from the box's text."""
        if not self.rationale.isEnabled():
            return []
        text, overrides = self._typed(), self.document.project.overrides
        return [k for k in self._targets if k in overrides and overrides[k].rationale != text]

    def commit(self, *_args: object) -> bool:
        """Save the box's text on its target cells if it differs (one undo step); the window
        calls this before any command, so a save or an export never misses what was typed."""
        keys = self.pending()
        if not keys:
            return False
        return self.document.editor.set_rationale(keys, self._typed())

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        """Leaving the panel saves the box (moving to its own check box or buttons does not:
        those decide where and whether it is saved)."""
        inside = self.isAncestorOf
        if old is not None and inside(old) and not (new is not None and inside(new)):
            self.commit()

    def _save_and_leave(self) -> None:
        self.commit()
        self.backToMatrix.emit()

    def _scope_toggled(self) -> None:
        self._targets = self._scope()
        self._rationale_edited()

    def _scope(self) -> list[CellKey]:
        if self.key is None:
            return []
        if self._many and self.apply_all.isChecked():
            return list(self._selected_overrides)
        return [self.key]

    def focus_rationale(self) -> bool:
        """Put the cursor at the end of the rationale; False when the cell has none to edit."""
        if not self.rationale.isEnabled():
            return False
        self.body_scroll.ensureWidgetVisible(self.rationale)  # a short dock scrolls to it
        self.rationale.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.rationale.moveCursor(self.rationale.textCursor().MoveOperation.End)
        return True

    def focus_pane(self) -> None:
        """F6 arrives here: the rationale when there is one to write, else the details."""
        if not self.focus_rationale():
            self.body_scroll.setFocus(Qt.FocusReason.OtherFocusReason)

    def _structure_changed(self) -> None:
        project = self.document.project
        if self.key is not None and not (
            self.key[0] in project.service_index and self.key[2] in project.party_index
        ):
            self.key = None
        self.refresh()

    def _maybe_refresh(self, keys: list[CellKey]) -> None:
        if self.key in keys or any(k in keys for k in self._targets):
            self.refresh()

    def refresh(self) -> None:
        # Text typed and not saved yet stays in the box through a refresh (an undo from the
        # menu, a validation pass): it is saved when the user leaves, not thrown away here.
        typing = self.rationale.document().isModified() and self.pending()
        keep = self.rationale.toPlainText() if typing else None
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
        self._show_scope(editable)
        if keep is not None and editable:
            self._set_rationale(keep)
            self.rationale.document().setModified(True)
        self._rationale_edited()

    def _show_scope(self, editable: bool) -> None:
        """The "apply to all selected overrides" box: shown when the selection holds more than
        one; ticked when they already agree (a fresh gesture's cells all have no rationale)."""
        overrides = self.document.project.overrides
        self._selected_overrides = (
            [k for k in self.selected_cells() if k in overrides] if editable else []
        )
        others = [k for k in self._selected_overrides if k != self.key]
        many = self._many = editable and self.key in self._selected_overrides and bool(others)
        self.apply_all.blockSignals(True)
        self.apply_all.setVisible(many)
        if many:
            n = len(self._selected_overrides)
            self.apply_all.setText(f"&Apply to all {n} overridden cells selected")
            texts = {overrides[k].rationale for k in self._selected_overrides if k in overrides}
            self.apply_all.setChecked(len(texts) <= 1)
        self.apply_all.blockSignals(False)
        self._targets = self._scope()

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
        self.apply_all.setVisible(False)
        self._many = False
        self._targets = []

    def _show_override(self, override: Override, rule_id: str | None, rule_letters: str) -> None:
        self.source.setText(
            f"<b>Manual override</b> (the rule {_breakable(rule_id or '—')} gives "
            f"“{rule_letters or 'nothing'}”)"
        )
        self._set_rationale(override.rationale)
        when = readable(override.at) if override.at else ""
        self.author.setText(" on ".join(x for x in (override.author, when) if x) or "—")
        self.author.setToolTip(f"{override.at} (UTC)" if override.at else "")

    def _show_rule(self, rule: Rule | None) -> None:
        self._set_rationale("")
        self.author.setText("—")
        self.author.setToolTip("")
        if rule is None:
            self.source.setText("No rule decides this row (custom area or unknown service).")
            return
        note = f"<br>{escape(rule.note)}" if rule.note else ""
        self.source.setText(f"Rule <b>{_breakable(rule.id)}</b>{note}")

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
        self.save_rationale.setEnabled(bool(self.pending()))

    def _save_rationale(self) -> None:
        self.commit()

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


def _breakable(identifier: str) -> str:
    """An id such as ``aws.rds.custom-sqlserver-cev.version-lifecycle`` as HTML that may wrap
    after each dot or dash: a narrow Details dock must never widen the window or clip it."""
    return "".join(escape(ch) + ("\u200b" if ch in ".-/" else "") for ch in identifier)
