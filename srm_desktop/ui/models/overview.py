"""The overview: services × areas, each cell the row's owner (P / C / S) on its colour, with a
count per service (last column) and per area (last row). Coloured by accountable team
(:meth:`OverviewModel.set_colour_by`), each cell is instead the short name of the party that is
Accountable for the row, on that party's colour."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication

from srm_desktop.domain.palette import Swatch, party_colours
from srm_desktop.domain.palette import palette as colours
from srm_desktop.domain.project import CellKey, Project, Row
from srm_desktop.domain.provenance import effective_owner
from srm_desktop.domain.rules import Owner
from srm_desktop.domain.team_view import accountable_party, colour_slots, short_names
from srm_desktop.domain.visible_text import visible
from srm_desktop.ui.document import Document
from srm_desktop.ui.models.roles import ROW_KEY_ROLE
from srm_desktop.ui.theme import is_dark, owner_color

#: What the cells are coloured by.
BY_OWNER = "owner"
BY_TEAM = "team"

_ORDER = (Owner.PROVIDER, Owner.CUSTOMER, Owner.SHARED, Owner.NOT_APPLICABLE)

Index = QModelIndex | QPersistentModelIndex


def party_swatch(project: Project, index: int, dark: bool) -> Swatch:
    """A party's colour: the provider's owner colour for the provider party, else the
    customer-side parties' colours in column order (``resources/palette.toml``)."""
    slot = colour_slots(project)[project.parties[index].id]
    if slot is None:
        return colours().owners[Owner.PROVIDER].on(dark)
    found = party_colours()
    return found[slot % len(found)].on(dark)


def _counts(counter: Counter[Owner | None]) -> str:
    """P, C and S counts, and n/a where there is any: "P 7  C 2  S 1"."""
    return "  ".join(
        f"{o.letter} {counter[o]}" for o in _ORDER if o is not Owner.NOT_APPLICABLE or counter[o]
    )


def _column_counts(counter: Counter[Owner | None]) -> str:
    """An area column's count on one line in its narrow column: P·C·S numbers ("7·0·0"; the
    row's header says so), n/a left out (its cells are plain to see above it)."""
    return "·".join(str(counter[o]) for o in _ORDER if o is not Owner.NOT_APPLICABLE)


class OverviewModel(QAbstractTableModel):
    """Owners are computed when a view first asks for them after a change, not at the change.

    The grid has a cell per matrix row (tens of thousands for a large estate), and the
    Overview is a tab most people look at now and then: opening a file or auto-filling should
    not wait for it while it is hidden. Row and column counts come from the project, so views
    lay out without computing anything.
    """

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._doc = document
        self._cache: list[list[Owner | None]] | None = None
        self.colour_by = BY_OWNER
        #: By accountable team: the index of the party with the A, per service and area.
        self._team_cache: list[list[int | None]] | None = None
        self._marks: dict[str, str] = {}
        self._n_rows = len(document.project.services)  # as of the last reset
        self._bold = QFont()
        self._bold.setBold(True)
        document.structureChanged.connect(self._reset)
        document.cellsChanged.connect(self._refresh_cells)
        document.servicesChanged.connect(self._refresh)

    @property
    def _owners(self) -> list[list[Owner | None]]:
        if self._cache is None:
            project, provider = self._doc.project, self._doc.provider
            areas = project.visible_areas
            self._cache = [
                [effective_owner(project, provider, s.id, a.id) for a in areas]
                for s in project.services
            ]
        return self._cache

    @property
    def _accountable(self) -> list[list[int | None]]:
        if self._team_cache is None:
            project = self._doc.project
            area_ids = [a.id for a in project.visible_areas]
            memo: dict[tuple[str, ...], int | None] = {}  # rows repeat: one answer per kind

            def who(row: Row | None) -> int | None:
                if row is None:
                    return None
                found = memo.get(row.raci, -1)
                if found == -1:
                    found = memo[row.raci] = accountable_party(row)
                return found

            self._team_cache = [
                [who(by_area.get(a)) for a in area_ids]
                for by_area in (project.rows.get(s.id, {}) for s in project.services)
            ]
            self._marks = short_names(project.parties)
        return self._team_cache

    def team_table(self) -> list[list[int | None]]:
        """Per service and area, the index of the party with the A (None: no one)."""
        return self._accountable

    def set_colour_by(self, colour_by: str) -> None:
        """:data:`BY_OWNER` or :data:`BY_TEAM`."""
        if colour_by != self.colour_by:
            self.colour_by = colour_by
            self._refresh()
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self._areas)

    @property
    def project(self) -> Project:
        return self._doc.project

    def mark(self, party_index: int) -> str:
        """The party's short name as the cells show it."""
        project = self._doc.project
        if not self._marks:
            self._marks = short_names(project.parties)
        return self._marks[project.parties[party_index].id]

    def _reset(self) -> None:
        self.beginResetModel()
        self._cache = None
        self._team_cache = None
        self._marks = {}
        self._n_rows = len(self._doc.project.services)
        self.endResetModel()

    def _refresh(self, _changed: object = None) -> None:
        self._cache = None
        self._team_cache = None
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
            )

    def _refresh_cells(self, keys: Sequence[CellKey]) -> None:
        """A cell edit changes at most its rows' owners: recompute those rows only (a full
        recompute of a large estate's overview is a visible lag on every keystroke)."""
        project, provider = self._doc.project, self._doc.provider
        columns = {a.id: i for i, a in enumerate(project.visible_areas)}
        owners = self._cache  # None: nothing computed to keep current, the next read computes
        teams = self._team_cache
        rows, cols = [], []
        for sid, aid in {(s, a) for s, a, _p in keys}:
            row, col = project.service_index.get(sid), columns.get(aid)
            if row is None or col is None or row >= self._n_rows:
                continue
            if owners is not None:
                owners[row][col] = effective_owner(project, provider, sid, aid)
            if teams is not None:
                teams[row][col] = accountable_party(project.row(sid, aid))
            rows.append(row)
            cols.append(col)
        if rows:  # the changed block, plus the count row and column that follow from it
            self.dataChanged.emit(
                self.index(min(rows), min(cols)), self.index(max(rows), self._areas)
            )
            self.dataChanged.emit(
                self.index(self._n_rows, min(cols)), self.index(self._n_rows, self._areas)
            )

    @property
    def _areas(self) -> int:
        return len(self._doc.project.visible_areas)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._n_rows + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._areas + 1

    def row_key(self, row: int, column: int) -> tuple[str, str] | None:
        project = self._doc.project
        if 0 <= row < self._n_rows and 0 <= column < self._areas:
            return project.services[row].id, project.visible_areas[column].id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        project = self._doc.project
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation is Qt.Orientation.Horizontal:
            if section == self._areas:
                if role == Qt.ItemDataRole.DisplayRole:
                    return "Count"
                return (
                    "Rows per owner" if self.colour_by == BY_OWNER else "Rows per accountable party"
                )
            if 0 <= section < self._areas:
                area = project.visible_areas[section]
                return (
                    visible(area.name) if role == Qt.ItemDataRole.DisplayRole else area.definition
                )
            return None
        if section == self._n_rows:
            if self.colour_by == BY_TEAM:
                return "Count" if role == Qt.ItemDataRole.DisplayRole else "Rows per party"
            return "Count (P·C·S)" if role == Qt.ItemDataRole.DisplayRole else "Rows per owner"
        if 0 <= section < self._n_rows:
            return visible(project.services[section].name)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        n_rows, n_cols = self._n_rows, self._areas
        if not (0 <= row <= n_rows and 0 <= col <= n_cols):
            return None
        if role == ROW_KEY_ROLE:
            return self.row_key(row, col)
        if self.colour_by == BY_TEAM:
            if row == n_rows or col == n_cols:
                return self._team_count_data(row, col, role)
            return self._team_data(row, col, role)
        if row == n_rows or col == n_cols:
            return self._count_data(row, col, role)
        return self._owner_data(row, col, role)

    def _team_counts(self, counter: Counter[int | None], separator: str) -> str:
        return separator.join(
            f"{self.mark(i) if i is not None else '–'}\u00a0{n}"  # no break inside "AWS 7"
            for i, n in sorted(counter.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))
        )

    def _team_count_data(self, row: int, col: int, role: int) -> Any:
        """Rows per accountable party, per service, per area and in all."""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            table = self._accountable
            if row == self._n_rows and col == self._areas:
                counter = Counter(i for line in table for i in line)
            elif row == self._n_rows:  # a line per party in a narrow column: no-one's left out
                counter = Counter(line[col] for line in table if line[col] is not None)
            else:
                counter = Counter(table[row])
            if role == Qt.ItemDataRole.ToolTipRole:
                names = self._doc.project.parties
                return "\n".join(
                    f"{visible(names[i].name) if i is not None else 'No one'}: {n}"
                    for i, n in counter.most_common()
                )
            return self._team_counts(
                counter, "\n" if row == self._n_rows and col < self._areas else "  "
            )
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def _team_data(self, row: int, col: int, role: int) -> Any:
        index = self._accountable[row][col]
        project = self._doc.project
        if role == Qt.ItemDataRole.DisplayRole:
            return self.mark(index) if index is not None else "–"
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            if index is None:
                return None
            swatch = party_swatch(project, index, is_dark(QGuiApplication.palette()))
            colour = swatch.fill if role == Qt.ItemDataRole.BackgroundRole else swatch.text
            return QBrush(QColor(f"#{colour}"))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            entry, area = project.services[row], project.visible_areas[col]
            who = visible(project.parties[index].name) if index is not None else "No one"
            return (
                f"{visible(entry.name)} › {visible(area.name)}: {who} is Accountable\n"
                "Click to show this row in the matrix"
            )
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return (
                visible(project.parties[index].name) if index is not None else "no one accountable"
            )
        return None

    def _count_data(self, row: int, col: int, role: int) -> Any:
        """The count row and column: owners per service, per area, and in all."""
        if role == Qt.ItemDataRole.DisplayRole:
            if row == self._n_rows and col == self._areas:
                return _counts(Counter(o for line in self._owners for o in line))
            if row == self._n_rows:
                return _column_counts(Counter(line[col] for line in self._owners))
            return _counts(Counter(self._owners[row]))
        if role == Qt.ItemDataRole.ToolTipRole and row == self._n_rows and col < self._areas:
            return _counts(Counter(line[col] for line in self._owners))
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def _owner_data(self, row: int, col: int, role: int) -> Any:
        owner = self._owners[row][col]
        if role == Qt.ItemDataRole.DisplayRole:
            return owner.letter if owner is not None else "–"
        if role == Qt.ItemDataRole.BackgroundRole and owner is not None:
            return QBrush(owner_color(owner, QGuiApplication.palette()))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            project = self._doc.project
            entry, area = project.services[row], project.visible_areas[col]
            who = owner.label if owner is not None else "No owner"
            return (
                f"{visible(entry.name)} › {visible(area.name)}: {who}\n"
                "Click to show this row in the matrix"
            )
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return owner.label if owner is not None else "no owner"
        return None
