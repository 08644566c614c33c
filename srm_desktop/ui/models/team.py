"""One party's rows, by service: the Teams tab's lists (a thin model over
``domain/team_view.py``).

A flat table: each service where the party holds the wanted letters is a bold heading row,
followed by a row per area. Flat rather than a tree because a tree view lays out every expanded
row again when one row comes or goes -- 15,000 rows for a team of a 1,000-service estate, a
second per keystroke -- while a table view only moves its header. A cell edit touches a handful
of rows; the model updates those (insert, change or remove one row, and the heading when a
service's first or last row comes or goes) instead of listing the estate again. A change of
structure resets it, and while its view is hidden it only notes that it is stale and lists
again when shown.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import accumulate
from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QGuiApplication

from srm_desktop.domain.project import CellKey
from srm_desktop.domain.team_view import (
    RESPONSIBLE_OR_ACCOUNTABLE,
    ServiceGroup,
    TeamItem,
    team_groups,
    team_item,
)
from srm_desktop.domain.visible_text import visible
from srm_desktop.ui.document import Document
from srm_desktop.ui.models.roles import ROW_KEY_ROLE
from srm_desktop.ui.theme import letter_color

Index = QModelIndex | QPersistentModelIndex

COL_WHAT: Final = 0
COL_LETTERS: Final = 1
COL_DOES: Final = 2
COL_OVERRIDE: Final = 3
HEADERS: Final = ("Service › area", "Letters", "What the customer does", "Override")
#: More rows than this in one edit: list again (one pass) rather than row by row.
_RESET_FROM = 200
#: Letters strongest first: a cell with several is drawn in the first one's colour.
_STRONGEST = "ARCI"
_INDENT = "    "


class TeamModel(QAbstractTableModel):
    """The rows ``party_id`` holds any of ``wanted`` letters in."""

    def __init__(
        self,
        document: Document,
        wanted: frozenset[str] = RESPONSIBLE_OR_ACCOUNTABLE,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._doc = document
        self.wanted = wanted
        self.party_id: str | None = None
        self._groups: list[ServiceGroup] = []
        #: The table row of each group's heading, and the row count after the last group.
        self._offsets: list[int] = [0]
        self._active = False
        self._stale = True
        self._bold = QFont()
        self._bold.setBold(True)
        document.structureChanged.connect(self._changed)
        document.servicesChanged.connect(self._changed)
        document.cellsChanged.connect(self._cells_changed)

    # -- what to show --------------------------------------------------------------------------

    def set_party(self, party_id: str | None) -> None:
        if party_id != self.party_id:
            self.party_id = party_id
            self._stale = True
            self._refresh()
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, COL_DOES, COL_DOES)

    def set_active(self, active: bool) -> None:
        """Whether the view is shown: a hidden model only notes that it is stale."""
        self._active = active
        self._refresh()

    def _changed(self, _changed: object = None) -> None:
        self._stale = True
        self._refresh()

    def _refresh(self) -> None:
        if not (self._active and self._stale):
            return
        self.beginResetModel()
        project, party = self._doc.project, self.party_id
        shown = party is not None and party in project.party_index
        self._groups = (
            team_groups(project, self._doc.provider, party, self.wanted)
            if party is not None and shown
            else []
        )
        self._reoffset()
        self._stale = False
        self.endResetModel()

    def _reoffset(self) -> None:
        self._offsets = [0, *accumulate(len(g.items) + 1 for g in self._groups)]

    @property
    def item_count(self) -> int:
        return self._offsets[-1] - len(self._groups)

    @property
    def groups(self) -> Sequence[ServiceGroup]:
        return self._groups

    # -- narrow updates ------------------------------------------------------------------------

    def _cells_changed(self, keys: Sequence[CellKey]) -> None:
        party = self.party_id
        rows = {(s, a) for s, a, p in keys if p == party}
        if not rows:
            return
        if not self._active or self._stale or len(rows) > _RESET_FROM:
            self._changed()
            return
        project = self._doc.project
        order = project.service_index
        for sid, aid in sorted(rows, key=lambda r: (order.get(r[0], -1), r[1])):
            if sid not in order or aid not in project.area_index:
                continue
            item = team_item(project, self._doc.provider, party or "", sid, aid, self.wanted)
            self._put(sid, aid, item)

    def _put(self, service_id: str, area_id: str, item: TeamItem | None) -> None:
        project = self._doc.project
        order = [project.service_index[g.service_id] for g in self._groups]
        g = bisect_left(order, project.service_index[service_id])
        if g >= len(self._groups) or self._groups[g].service_id != service_id:
            if item is not None:  # a new service: its heading and its row
                at = self._offsets[g]
                self.beginInsertRows(QModelIndex(), at, at + 1)
                self._groups.insert(g, ServiceGroup(service_id, (item,)))
                self._reoffset()
                self.endInsertRows()
            return
        group = self._groups[g]
        heading = self._offsets[g]
        areas = project.area_index
        positions = [areas.get(i.area_id, -1) for i in group.items]
        i = bisect_left(positions, areas[area_id])
        here = i < len(group.items) and group.items[i].area_id == area_id
        items = list(group.items)
        row = heading + 1 + i
        if here and item is not None:
            items[i] = item
            self._groups[g] = ServiceGroup(service_id, tuple(items))
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))
        elif here and len(items) == 1:  # its last row: the heading goes too
            self.beginRemoveRows(QModelIndex(), heading, heading + 1)
            del self._groups[g]
            self._reoffset()
            self.endRemoveRows()
            return
        elif here:
            self.beginRemoveRows(QModelIndex(), row, row)
            del items[i]
            self._groups[g] = ServiceGroup(service_id, tuple(items))
            self._reoffset()
            self.endRemoveRows()
        elif item is not None:
            self.beginInsertRows(QModelIndex(), row, row)
            items.insert(i, item)
            self._groups[g] = ServiceGroup(service_id, tuple(items))
            self._reoffset()
            self.endInsertRows()
        self.dataChanged.emit(self.index(heading, 0), self.index(heading, len(HEADERS) - 1))

    # -- the table -----------------------------------------------------------------------------

    def _place(self, row: int) -> tuple[int, int] | None:
        """(group, position in it: -1 for its heading) of a table row."""
        if not 0 <= row < self._offsets[-1]:
            return None
        g = bisect_right(self._offsets, row) - 1
        return g, row - self._offsets[g] - 1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._offsets[-1]

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if section == COL_DOES:
                return self._does_header()
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def _does_header(self) -> str:
        """The rule's text for the party's side: the provider's for the provider party."""
        project, party = self._doc.project, self.party_id
        if party is not None and party in project.party_index:
            found = project.party(party)
            if not found.customer_side:
                return f"What {visible(found.name)} does"
        return HEADERS[COL_DOES]

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def is_heading(self, row: int) -> bool:
        place = self._place(row)
        return place is not None and place[1] < 0

    def item(self, index: Index) -> TeamItem | None:
        """The party's row at a table row, or None for a service heading."""
        place = self._place(index.row()) if index.isValid() else None
        if place is None or place[1] < 0:
            return None
        return self._groups[place[0]].items[place[1]]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        place = self._place(index.row()) if index.isValid() else None
        if place is None:
            return None
        group = self._groups[place[0]]
        if place[1] < 0:
            return self._service_data(group, index.column(), role)
        item = group.items[place[1]]
        if role == ROW_KEY_ROLE:
            return (item.service_id, item.area_id)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._item_text(item, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._item_tip(item)
        if index.column() != COL_LETTERS:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            strongest = next((ch for ch in _STRONGEST if ch in item.letters), "")
            return letter_color(strongest, QGuiApplication.palette())
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def _service_data(self, group: ServiceGroup, column: int, role: int) -> Any:
        if role == ROW_KEY_ROLE:
            first = group.items[0]
            return (first.service_id, first.area_id)
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == COL_WHAT:
            return visible(self._doc.project.service(group.service_id).name)
        if column == COL_DOES:
            n = len(group.items)
            overridden = sum(i.overridden for i in group.items)
            return f"{n} area{'s' * (n != 1)}" + (
                f", {overridden} overridden" if overridden else ""
            )
        return None

    def _item_text(self, item: TeamItem, column: int) -> str | None:
        if column == COL_WHAT:
            return _INDENT + visible(self._doc.project.area(item.area_id).name)
        if column == COL_LETTERS:
            return item.letters
        if column == COL_DOES:
            return " ".join(item.does.split()) or "(no rule decides this row)"
        if column == COL_OVERRIDE:
            if not item.overridden:
                return "rule"
            text = " ".join(item.rationale.split())
            return f"manual: {text}" if text else "manual (no rationale yet)"
        return None

    def _item_tip(self, item: TeamItem) -> str:
        project = self._doc.project
        entry, area = project.service(item.service_id), project.area(item.area_id)
        lines = [f"{visible(entry.name)} › {visible(area.name)}: {item.letters}"]
        if item.does:
            lines.append(f"{self._does_header()}: {item.does}")
        if item.overridden:
            lines.append(f"Manual override: {item.rationale or '(no rationale yet)'}")
        lines.append("Double-click to select this cell in the matrix")
        return "\n".join(lines)
