"""Parties & Teams: add, rename, remove and reorder customer teams; edit the team template.

The dialog edits a working copy of the project with the domain's pure edits (so every change
re-derives non-overridden cells as it would in the document); OK hands the result back and the
window applies it as one undo step.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
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
    set_team_template,
)
from srm_desktop.domain.errors import SrmError
from srm_desktop.domain.project import Party, PartyKind, Project
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.raci import RaciParseError, parse
from srm_desktop.domain.text import unique_ident
from srm_desktop.ui import prompts
from srm_desktop.ui.models.roles import PARTY_ID_ROLE, TEMPLATE_CELL_ROLE


class PartiesDialog(QDialog):
    def __init__(self, project: Project, provider: Provider, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Parties & Teams")
        self.provider = provider
        self.original = project
        self.project = project
        self.parties = QListWidget(self)
        self.parties.setAccessibleName("Parties")
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
        top = QHBoxLayout()
        top.addWidget(self.parties, 1)
        top.addLayout(side)
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
        self.template.itemChanged.connect(self._template_edited)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self._refresh()

    # -- view ---------------------------------------------------------------------------------

    def _refresh(self, select: str | None = None) -> None:
        current = select or self._current_id()
        self.parties.clear()
        for party in self.project.parties:
            kind = "provider" if party.kind is PartyKind.PROVIDER else "customer"
            item = QListWidgetItem(f"{party.name}   ({kind})")
            item.setData(PARTY_ID_ROLE, party.id)
            self.parties.addItem(item)
            if party.id == current:
                self.parties.setCurrentItem(item)
        self._fill_template()
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
        customer = party is not None and party.kind is PartyKind.CUSTOMER
        row = self.parties.currentRow()
        self.rename_button.setEnabled(party is not None)
        self.remove_button.setEnabled(customer and len(self.project.customer_parties) > 1)
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

    @property
    def changed(self) -> bool:
        return self.project != self.original
