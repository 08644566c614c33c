"""Parties & Teams: add, rename, remove and reorder customer teams; make a party a partner
(an MSP acting for the customer); edit the team template; see which template roles no team has
and pick who takes them (F11), and drop the default "Customer" once teams exist.

The dialog edits a working copy of the project with the domain's pure edits (so every change
re-derives non-overridden cells as it would in the document); OK hands the result back and the
window applies it as one undo step.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from srm_desktop.domain.edits import (
    add_party,
    remove_party,
    rename_party,
    reorder_parties,
    set_party_kind,
    set_team_template,
)
from srm_desktop.domain.errors import SrmError
from srm_desktop.domain.factory import DEFAULT_CUSTOMER
from srm_desktop.domain.project import Party, PartyKind, Project
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.raci import RaciParseError, parse
from srm_desktop.domain.team_roles import RoleGap, assign_role, role_gaps
from srm_desktop.domain.text import unique_ident
from srm_desktop.domain.visible_text import visible
from srm_desktop.ui import prompts
from srm_desktop.ui.models.roles import PARTY_ID_ROLE, TEMPLATE_CELL_ROLE

_KINDS = {
    PartyKind.CUSTOMER: "Customer",
    PartyKind.PARTNER: "Partner (MSP)",
}


class PartiesDialog(QDialog):
    def __init__(self, project: Project, provider: Provider, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Parties & Teams")
        self.provider = provider
        self.original = project
        self.project = project
        self.parties = QListWidget(self)
        self.parties.setAccessibleName("Parties")
        self.parties.setMaximumHeight(self.fontMetrics().lineSpacing() * 10)
        self.add_button = QPushButton("&Add Team…", self)
        self.rename_button = QPushButton("Re&name…", self)
        self.remove_button = QPushButton("&Remove", self)
        self.up_button = QPushButton("Move &Up", self)
        self.down_button = QPushButton("Move &Down", self)
        side = QVBoxLayout()
        for b in (
            self.add_button,
            self.rename_button,
            self.remove_button,
            self.up_button,
            self.down_button,
        ):
            side.addWidget(b)
        side.addStretch(1)
        self.kind = QComboBox(self)
        self.kind.setAccessibleName("Party kind")
        for kind, label in _KINDS.items():
            self.kind.addItem(label, kind.value)
        self.kind.setToolTip(
            "A partner (an MSP) acts for the customer: its work stays on the customer's side of "
            "the line, so rows keep the customer as owner; it takes letters only where the "
            "template or an override gives them"
        )
        kind_label = QLabel("&Kind:", self)
        kind_label.setBuddy(self.kind)
        side.insertWidget(0, kind_label)
        side.insertWidget(1, self.kind)
        top = QHBoxLayout()
        top.addWidget(self.parties, 1)
        top.addLayout(side)
        self.roles = QWidget(self)
        self.roles.setAccessibleName("Team roles without a team")
        self.roles_layout = QVBoxLayout(self.roles)
        self.roles_layout.setContentsMargins(0, 0, 0, 0)
        self.template = QTableWidget(self)
        self.template.setAccessibleName("Team template")
        self.template.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        explain = QLabel(
            "<b>Team template</b>: for rows the customer owns or shares, which team gets which "
            "letters (R, A, C, I). Empty when there is a single customer party. Changes re-derive "
            "every cell that is not a manual override.",
            self,
        )
        explain.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Parties</b> (the matrix columns, in order)", self))
        layout.addLayout(top)
        layout.addWidget(self.roles)
        layout.addWidget(explain)
        layout.addWidget(self.template, 1)
        layout.addWidget(buttons)
        self.resize(720, 680)

        self.add_button.clicked.connect(self._add)
        self.rename_button.clicked.connect(self._rename)
        self.remove_button.clicked.connect(self._remove)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.parties.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.kind.activated.connect(self._kind_chosen)
        self.template.itemChanged.connect(self._template_edited)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self._refresh()

    # -- view ---------------------------------------------------------------------------------

    def _refresh(self, select: str | None = None) -> None:
        current = select or self._current_id()
        self.parties.clear()
        for party in self.project.parties:
            item = QListWidgetItem(f"{visible(party.name)}   ({party.kind.value})")
            item.setData(PARTY_ID_ROLE, party.id)
            self.parties.addItem(item)
            if party.id == current:
                self.parties.setCurrentItem(item)
        self._fill_template()
        self._fill_roles()
        self._update_buttons()

    def _fill_template(self) -> None:
        project = self.project
        customers = [project.parties[i] for i in project.customer_parties]
        areas = project.visible_areas
        table = self.template
        table.blockSignals(True)
        table.clear()
        table.setRowCount(len(areas))
        table.setColumnCount(len(customers))
        table.setHorizontalHeaderLabels([p.name for p in customers])
        table.setVerticalHeaderLabels([a.name for a in areas])
        editable = len(customers) > 1
        for r, area in enumerate(areas):
            row = project.team_template.get(area.id, {})
            for c, party in enumerate(customers):
                item = QTableWidgetItem(row.get(party.id, ""))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setData(TEMPLATE_CELL_ROLE, (area.id, party.id))
                if not editable:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                table.setItem(r, c, item)
        table.setEnabled(editable)
        table.blockSignals(False)

    def _current_id(self) -> str | None:
        item = self.parties.currentItem()
        return str(item.data(PARTY_ID_ROLE)) if item is not None else None

    def _update_buttons(self) -> None:
        pid = self._current_id()
        party = self.project.party(pid) if pid is not None else None
        customer_side = party is not None and party.customer_side
        row = self.parties.currentRow()
        self.rename_button.setEnabled(party is not None)
        self.remove_button.setEnabled(customer_side and len(self.project.customer_parties) > 1)
        self.kind.setEnabled(customer_side)
        if party is not None:
            self.kind.setCurrentIndex(max(0, self.kind.findData(party.kind.value)))
        self.up_button.setEnabled(party is not None and row > 0)
        self.down_button.setEnabled(party is not None and 0 <= row < self.parties.count() - 1)

    # -- edits --------------------------------------------------------------------------------

    def _apply(self, project: Project, select: str | None = None) -> None:
        self.project = project
        self._refresh(select)

    def _add(self) -> None:
        name = prompts.ask_text(
            self, "Add Team", "Team name (e.g. Platform, Security, Application):"
        )
        if name is None:
            return
        pid = unique_ident(name, set(self.project.party_index), "team")
        try:
            party = Party(id=pid, name=name, kind=PartyKind.CUSTOMER)
            self._apply(add_party(self.project, self.provider, party), pid)
        except (SrmError, ValueError) as exc:
            prompts.error(self, "Add Team", str(exc))

    def _rename(self) -> None:
        pid = self._current_id()
        if pid is None:
            return
        name = prompts.ask_text(self, "Rename Party", "New name:", self.project.party(pid).name)
        if name is None:
            return
        try:
            self._apply(rename_party(self.project, pid, name), pid)
        except (SrmError, ValueError) as exc:
            prompts.error(self, "Rename Party", str(exc))

    def _remove(self) -> None:
        pid = self._current_id()
        if pid is None:
            return
        try:
            self._apply(remove_party(self.project, self.provider, pid))
        except SrmError as exc:
            prompts.error(self, "Remove Party", str(exc))

    def _move(self, step: int) -> None:
        pid = self._current_id()
        if pid is None:
            return
        order = [p.id for p in self.project.parties]
        i = order.index(pid)
        j = i + step
        if not 0 <= j < len(order):
            return
        order[i], order[j] = order[j], order[i]
        self._apply(reorder_parties(self.project, order), pid)

    def _template_edited(self, item: QTableWidgetItem) -> None:
        area_id, party_id = item.data(TEMPLATE_CELL_ROLE)
        try:
            letters = parse(item.text())
        except RaciParseError as exc:
            prompts.error(self, "Team Template", str(exc))
            self._fill_template()
            return
        template = {a: dict(r) for a, r in self.project.team_template.items()}
        row = template.setdefault(area_id, {})
        if letters:
            row[party_id] = letters
        else:
            row.pop(party_id, None)
        try:
            self._apply(set_team_template(self.project, self.provider, template))
        except SrmError as exc:
            prompts.error(self, "Team Template", str(exc))
            self._fill_template()

    def _kind_chosen(self, _index: int) -> None:
        pid = self._current_id()
        if pid is None:
            return
        kind = PartyKind(str(self.kind.currentData()))
        try:
            self._apply(set_party_kind(self.project, self.provider, pid, kind), pid)
        except SrmError as exc:
            prompts.error(self, "Party Kind", str(exc))
            self._update_buttons()

    # -- roles no team has (F11) and the default customer --------------------------------------

    def _fill_roles(self) -> None:
        """A line per template role no team is named for: what it covers, who holds it now,
        and a choice of who takes it; and an offer to drop an idle default "Customer"."""
        layout = self.roles_layout
        while layout.count():
            child = layout.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.hide()  # gone now, not at the next turn of the event loop
                widget.deleteLater()
        self.role_choices: dict[str, QComboBox] = {}
        self.role_lines: dict[str, QLabel] = {}
        for gap in role_gaps(self.project):
            layout.addWidget(self._role_line(gap))
        idle = self._idle_default_customer()
        if idle is not None:
            line = QWidget(self.roles)
            row = QHBoxLayout(line)
            row.setContentsMargins(0, 0, 0, 0)
            text = QLabel(
                f"“{idle.name}” has no role in the team template now that there are teams: it "
                "only takes letters no team has.",
                line,
            )
            text.setWordWrap(True)
            self.remove_default_button = QPushButton(f"Remove “{idle.name}”", line)
            self.remove_default_button.clicked.connect(lambda: self._remove_party(idle.id))
            row.addWidget(text, 1)
            row.addWidget(self.remove_default_button)
            layout.addWidget(line)
        self.roles.setVisible(layout.count() > 0)

    def _role_line(self, gap: RoleGap) -> QWidget:
        project = self.project
        line = QWidget(self.roles)
        row = QHBoxLayout(line)
        row.setContentsMargins(0, 0, 0, 0)
        covers = ", ".join(f"{_html(project.area(a).name)} ({letters})" for a, letters in gap.areas)
        if gap.taken_by is None:
            now = "nobody takes its letters"
        elif gap.by_fallback:
            now = f"<b>{_html(project.party(gap.taken_by).name)}</b> takes its A by default"
        else:
            now = f"<b>{_html(project.party(gap.taken_by).name)}</b> takes it"
        text = QLabel(f"<b>No team has the {gap.role.name} role</b> ({covers}): {now}.", line)
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setWordWrap(True)
        choice = QComboBox(line)
        choice.setAccessibleName(f"Who takes the {gap.role.name} role")
        choice.addItem("First team (default)", None)
        for i in project.customer_parties:
            party = project.parties[i]
            choice.addItem(visible(party.name), party.id)
        if not gap.by_fallback and gap.taken_by is not None:
            choice.setCurrentIndex(max(0, choice.findData(gap.taken_by)))
        choice.activated.connect(lambda _i, g=gap, c=choice: self._role_chosen(g, c))
        label = QLabel("Taken by:", line)
        label.setBuddy(choice)
        row.addWidget(text, 1)
        row.addWidget(label)
        row.addWidget(choice)
        self.role_choices[gap.role.key] = choice
        self.role_lines[gap.role.key] = text
        return line

    def choose_role(self, role_key: str, party_id: str | None) -> None:
        """Give the role to ``party_id`` (None: back to the first team by default)."""
        try:
            self._apply(assign_role(self.project, self.provider, role_key, party_id))
        except SrmError as exc:
            prompts.error(self, "Team Role", str(exc))

    def _role_chosen(self, gap: RoleGap, choice: QComboBox) -> None:
        data = choice.currentData()
        self.choose_role(gap.role.key, str(data) if data is not None else None)

    def _idle_default_customer(self) -> Party | None:
        """The default "Customer" party once there are teams, when the template gives it
        nothing (it only stands in for roles no team has)."""
        customers = [p for p in self.project.parties if p.kind is PartyKind.CUSTOMER]
        if len(customers) < 2:
            return None
        idle = next((p for p in customers if p.name == DEFAULT_CUSTOMER), None)
        if idle is None:
            return None
        if any(idle.id in row for row in self.project.team_template.values()):
            return None
        return idle

    def _remove_party(self, party_id: str) -> None:
        try:
            self._apply(remove_party(self.project, self.provider, party_id))
        except SrmError as exc:
            prompts.error(self, "Remove Party", str(exc))

    @property
    def changed(self) -> bool:
        return self.project != self.original


def _html(name: str) -> str:
    """A name inside the dialog's rich text: "R&D <ops>" as typed, a U+202E shown."""
    return html.escape(visible(name))
