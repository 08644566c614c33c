"""Review the rule-book update: every cell a newer built-in rule book would change, grouped by
the rule that would decide it, with old -> new letters, the row's owner and the rule's citation.

Each cell has a tick box: ticked cells take the rule's letters. The cells left unticked are
either left for later (still pending; the banner comes back next time) or kept as they are, as
overrides recording one rationale -- an override must say why. *Accept All* takes every cell.
The answer is one undo step (``DocumentEditor.review_rule_book`` -> ``rule_update.apply_review``);
when nothing is left pending the project is re-filled and records the current rule book.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from srm_desktop.domain.project import CellKey
from srm_desktop.domain.provenance import owner_text
from srm_desktop.domain.rule_update import RuleGroup, RuleUpdate
from srm_desktop.domain.visible_text import visible

EMPTY = "—"
_KEY_ROLE = Qt.ItemDataRole.UserRole + 1
_GROUP_ROLE = Qt.ItemDataRole.UserRole + 2


class RuleBookReview(QDialog):
    def __init__(self, update: RuleUpdate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Review the Rule-Book Update")
        self.update_ = update
        #: The user's answer, read after the dialog is accepted.
        self.accept_all = False
        self.summary = QLabel(update.summary(), self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        hint = QLabel(
            "Ticked cells take the new rule's letters. Select a rule to read its source.", self
        )
        hint.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName("Cells the rule book would change")
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(["Rule / cell", "Now", "After", "Owner of the row"])
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.citation = QTextBrowser(self)
        self.citation.setAccessibleName("The rule's source")
        self.citation.setOpenExternalLinks(True)
        self.citation.setMinimumHeight(self.fontMetrics().height() * 7)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.citation)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        self.leave_button = QRadioButton("&Leave them for later", self)
        self.keep_button = QRadioButton("&Keep them as overrides, because:", self)
        self.leave_button.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.leave_button)
        group.addButton(self.keep_button)
        self.rationale = QLineEdit(self)
        self.rationale.setAccessibleName("Why the unticked cells keep their letters")
        self.rationale.setPlaceholderText(
            "e.g. agreed in the 2026-11 review; the rule does not fit"
        )
        self.rationale.setEnabled(False)
        self.keep_button.toggled.connect(self.rationale.setEnabled)
        untouched = QHBoxLayout()
        untouched.addWidget(QLabel("Cells not ticked:", self))
        untouched.addWidget(self.leave_button)
        untouched.addWidget(self.keep_button)
        untouched.addWidget(self.rationale, 1)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.accept_all_button = self.buttons.addButton(
            "Accept &All", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.apply_button = self.buttons.addButton("A&pply", QDialogButtonBox.ButtonRole.ApplyRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.accept_all_button.clicked.connect(self._accept_all)
        self.apply_button.clicked.connect(self._apply)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(hint)
        layout.addWidget(splitter, 1)
        layout.addLayout(untouched)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._items: dict[CellKey, QTreeWidgetItem] = {}
        self._fill()
        self.tree.currentItemChanged.connect(self._show_citation)
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)
        self.resize(980, 640)

    # -- the list -------------------------------------------------------------------------------

    def _fill(self) -> None:
        project = self.update_.project
        for group in self.update_.groups:
            cells = group.cells
            quiet = sum(1 for row in group.rows if not row.cells)
            title = group.rule_id or "(no rule)"
            counts = [f"{len(cells)} cell{'s' * (len(cells) != 1)}"] if cells else []
            if quiet:
                counts.append(f"{quiet} row{'s' * (quiet != 1)} only cite{'s' * (quiet == 1)} it")
            top = QTreeWidgetItem(self.tree, [f"{title} — {', '.join(counts)}"])
            top.setData(0, _GROUP_ROLE, group)
            top.setToolTip(0, group.citation)
            if cells:
                top.setFlags(top.flags() | Qt.ItemFlag.ItemIsAutoTristate)
                top.setCheckState(0, Qt.CheckState.Checked)
            for row in group.rows:
                owner = (
                    f"{row.old_owner_text or EMPTY} → {row.new_owner_text or EMPTY}"
                    if row.owner_changed
                    else row.new_owner_text or EMPTY
                )
                where = f"{visible(project.service(row.old_entry.id).name)} › {row.area.name}"
                for cell in row.cells:
                    item = QTreeWidgetItem(
                        top,
                        [
                            f"{where} · {visible(cell.party_name)}",
                            cell.old_letters or EMPTY,
                            cell.new_letters or EMPTY,
                            owner,
                        ],
                    )
                    item.setData(0, _KEY_ROLE, cell.key)
                    item.setData(0, _GROUP_ROLE, group)
                    item.setCheckState(0, Qt.CheckState.Checked)
                    self._items[cell.key] = item
            top.setExpanded(True)

    def _show_citation(self, item: QTreeWidgetItem | None) -> None:
        group = item.data(0, _GROUP_ROLE) if item is not None else None
        self.citation.setHtml(_citation_html(group) if isinstance(group, RuleGroup) else "")

    # -- ticks ----------------------------------------------------------------------------------

    def set_ticked(self, key: CellKey, ticked: bool) -> None:
        state = Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        self._items[key].setCheckState(0, state)

    def ticked(self) -> list[CellKey]:
        return [k for k, i in self._items.items() if i.checkState(0) == Qt.CheckState.Checked]

    def unticked(self) -> list[CellKey]:
        return [k for k, i in self._items.items() if i.checkState(0) != Qt.CheckState.Checked]

    @property
    def kept(self) -> list[CellKey]:
        """The cells to keep as overrides (the unticked ones, when the user said keep)."""
        return self.unticked() if self.keep_button.isChecked() else []

    # -- answers --------------------------------------------------------------------------------

    def _accept_all(self) -> None:
        self.accept_all = True
        self.accept()

    def _apply(self) -> None:
        if self.kept and not self.rationale.text().strip():
            self.error.setText(
                "Say why the unticked cells keep their letters: an override needs a rationale."
            )
            self.rationale.setFocus()
            return
        if not self.ticked() and not self.kept:
            self.error.setText(
                "Nothing to apply: tick cells to accept, or keep the rest as overrides."
            )
            return
        self.accept()


def _citation_html(group: RuleGroup) -> str:
    rule = group.rule
    if rule is None:
        return "<p>No rule decides these rows any more: they take the category's default.</p>"
    c = rule.citation
    parts = [f"<p><b>{html.escape(rule.id)}</b> — {html.escape(owner_text(rule.owner, rule))}</p>"]
    if c.derived:
        parts.append(f"<p>Derived: {html.escape(c.reasoning)}</p>")
        if c.consulted:
            parts.append(
                "<p>Pages consulted: " + ", ".join(html.escape(u) for u in c.consulted) + "</p>"
            )
    else:
        link = f'<a href="{html.escape(c.url)}">{html.escape(c.url)}</a>'
        parts.append(f"<p>{html.escape(c.document)}<br>{link}</p>")
        parts.append(f"<p>“{html.escape(c.quote)}” (read {html.escape(c.read)})</p>")
    return "".join(parts)
