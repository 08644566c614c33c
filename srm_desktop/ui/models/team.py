"""One party's rows, by service: the Teams tab's lists (a thin model over
``domain/team_view.py``).

Top-level rows are services, their children the areas where the party holds the wanted letters.
A cell edit touches a handful of rows; the model updates those (insert, change or remove one
child, and a service row when its first or last child comes or goes) instead of listing a
1,000-service estate again. A change of structure resets it, and while its view is hidden it
only notes that it is stale and lists again when shown.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import Any, Final

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QGuiApplication

from srm_desktop.domain.change_set import visible
from srm_desktop.domain.project import CellKey
from srm_desktop.domain.team_view import (
    RESPONSIBLE_OR_ACCOUNTABLE,
    ServiceGroup,
    TeamItem,
    team_groups,
    team_item,
)
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


class TeamModel(QAbstractItemModel):
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
        #: Service id -> a number that stays the same while the model lives (a child index's
        #: internal id; a group's row moves when services come or go before it).
        self._numbers: dict[str, int] = {}
        self._by_number: dict[int, str] = {}
        self._services: list[str] = []
        self._row_of: dict[str, int] = {}
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
        self._services = [g.service_id for g in self._groups]
        self._renumber()
        self._stale = False
        self.endResetModel()

    def _renumber(self) -> None:
        for sid in self._services:
            if sid not in self._numbers:
                self._numbers[sid] = len(self._numbers) + 1
                self._by_number[self._numbers[sid]] = sid
        self._row_of = {sid: row for row, sid in enumerate(self._services)}

    @property
    def item_count(self) -> int:
        return sum(len(g.items) for g in self._groups)

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
        order = [project.service_index[s] for s in self._services]
        at = bisect_left(order, project.service_index[service_id])
        found = at < len(self._services) and self._services[at] == service_id
        if not found:
            if item is not None:
                self.beginInsertRows(QModelIndex(), at, at)
                self._groups.insert(at, ServiceGroup(service_id, (item,)))
                self._services.insert(at, service_id)
                self._renumber()
                self.endInsertRows()
            return
        group = self._groups[at]
        parent = self.index(at, 0)
        areas = project.area_index
        positions = [areas.get(i.area_id, -1) for i in group.items]
        i = bisect_left(positions, areas[area_id])
        here = i < len(group.items) and group.items[i].area_id == area_id
        items = list(group.items)
        if here and item is not None:
            items[i] = item
            self._groups[at] = ServiceGroup(service_id, tuple(items))
            self.dataChanged.emit(self.index(i, 0, parent), self.index(i, len(HEADERS) - 1, parent))
        elif here:
            if len(items) == 1:
                self.beginRemoveRows(QModelIndex(), at, at)
                del self._groups[at]
                del self._services[at]
                self._renumber()
                self.endRemoveRows()
                return
            self.beginRemoveRows(parent, i, i)
            del items[i]
            self._groups[at] = ServiceGroup(service_id, tuple(items))
            self.endRemoveRows()
        elif item is not None:
            self.beginInsertRows(parent, i, i)
            items.insert(i, item)
            self._groups[at] = ServiceGroup(service_id, tuple(items))
            self.endInsertRows()
        self.dataChanged.emit(parent, self.index(at, len(HEADERS) - 1))  # its count

    # -- the tree ------------------------------------------------------------------------------

    def _group_of(self, index: Index) -> int | None:
        """The group row of a child index (None for a service row)."""
        number = index.internalId()
        if not number:
            return None
        sid = self._by_number.get(number)
        return self._row_of.get(sid) if sid is not None else None

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(HEADERS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row < len(self._groups) else QModelIndex()
        if parent.internalId() or parent.row() >= len(self._groups):
            return QModelIndex()
        group = self._groups[parent.row()]
        if row >= len(group.items):
            return QModelIndex()
        return self.createIndex(row, column, self._numbers[group.service_id])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        row = self._group_of(index)
        return QModelIndex() if row is None else self.createIndex(row, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() or parent.column() != 0 or parent.row() >= len(self._groups):
            return 0
        return len(self._groups[parent.row()].items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def item(self, index: Index) -> TeamItem | None:
        row = self._group_of(index) if index.isValid() else None
        if row is None:
            return None
        items = self._groups[row].items
        return items[index.row()] if index.row() < len(items) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if not index.internalId():
            return self._service_data(index, role)
        item = self.item(index)
        if item is None:
            return None
        if role == ROW_KEY_ROLE:
            return (item.service_id, item.area_id)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._item_text(item, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._item_tip(item)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == COL_LETTERS:
            strongest = next((ch for ch in _STRONGEST if ch in item.letters), "")
            return letter_color(strongest, QGuiApplication.palette())
        if role == Qt.ItemDataRole.FontRole and index.column() == COL_LETTERS:
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == COL_LETTERS:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def _service_data(self, index: Index, role: int) -> Any:
        if index.row() >= len(self._groups):
            return None
        group = self._groups[index.row()]
        project = self._doc.project
        if role == ROW_KEY_ROLE:
            first = group.items[0]
            return (first.service_id, first.area_id)
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == COL_WHAT:
                return visible(project.service(group.service_id).name)
            if index.column() == COL_LETTERS:
                n = len(group.items)
                return f"{n} area{'s' * (n != 1)}"
            if index.column() == COL_DOES:
                overridden = sum(i.overridden for i in group.items)
                return f"{overridden} overridden" if overridden else ""
            return None
        if role == Qt.ItemDataRole.FontRole and index.column() == COL_WHAT:
            return self._bold
        return None

    def _item_text(self, item: TeamItem, column: int) -> str | None:
        if column == COL_WHAT:
            return visible(self._doc.project.area(item.area_id).name)
        if column == COL_LETTERS:
            return item.letters
        if column == COL_DOES:
            return " ".join(item.customer_does.split()) or "(no rule decides this row)"
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
        if item.customer_does:
            lines.append(f"What the customer does: {item.customer_does}")
        if item.overridden:
            lines.append(f"Manual override: {item.rationale or '(no rationale yet)'}")
        lines.append("Double-click to select this cell in the matrix")
        return "\n".join(lines)
