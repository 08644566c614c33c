"""The matrix model: one row per (service, visible area), grouped by service; one column per
party after the service, area and owner columns.

It holds only the row keys; every ``data()`` call reads the document's current project (two
dictionary look-ups), so a 30,000-row matrix costs a list of tuples. Edits arrive as the keys
they touched and leave as one ranged ``dataChanged``.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import product
from typing import TYPE_CHECKING, Any, Final

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QFont, QGuiApplication

from srm_desktop.domain.edits import CellChange
from srm_desktop.domain.project import CellKey
from srm_desktop.domain.provenance import effective_owner, explain_cell, owner_text
from srm_desktop.domain.raci import LETTER_MEANINGS, Letter, RaciParseError, letters_of, parse
from srm_desktop.domain.visible_text import visible
from srm_desktop.ui.document import Document
from srm_desktop.ui.models.roles import (
    CELL_KEY_ROLE,
    CHANGE_ROLE,
    GROUP_ROLE,
    LETTERS_ROLE,
    OVERRIDDEN_ROLE,
    PROBLEM_ROLE,
    RATIONALE_ROLE,
    ROW_KEY_ROLE,
)
from srm_desktop.ui.theme import changed_fill, owner_color

if TYPE_CHECKING:  # only while comparing; the diff engine is not loaded at start-up
    from srm_desktop.ui.models.compare_marks import CompareMarks

COL_SERVICE: Final = 0
COL_AREA: Final = 1
COL_OWNER: Final = 2
FIRST_PARTY: Final = 3

Index = QModelIndex | QPersistentModelIndex
#: The roles the compare view answers (only asked while it is on).
_COMPARE_ROLES: Final = frozenset(
    {CHANGE_ROLE, Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole}
)


class MatrixModel(QAbstractTableModel):
    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._doc = document
        self._keys: list[tuple[str, str]] = []
        self._row_of: dict[tuple[str, str], int] = {}
        self._party_ids: list[str] = []
        self._italic = QFont()
        self._italic.setItalic(True)
        #: Whether the views were last told that some row has a problem (see _findings_changed).
        self._marked = False
        #: The compare view's marks (File ▸ Compare With…), or None outside it.
        self.compare: CompareMarks | None = None
        self._rebuild()
        document.structureChanged.connect(self._reset)
        document.cellsChanged.connect(self._cells_changed)
        document.servicesChanged.connect(self._services_changed)
        document.findingsChanged.connect(self._findings_changed)

    # -- keys --------------------------------------------------------------------------------

    def _rebuild(self) -> None:
        project = self._doc.project
        areas = [a.id for a in project.visible_areas]
        # Built in C (product, zip): these are 30,000 rows of a large estate, on every reset.
        self._keys = list(product([s.id for s in project.services], areas))
        self._row_of = dict(zip(self._keys, range(len(self._keys)), strict=True))
        self._party_ids = [p.id for p in project.parties]
        self._marked = self._doc.has_problem_rows

    def _reset(self) -> None:
        self.beginResetModel()
        self._rebuild()
        self.endResetModel()

    def row_key(self, row: int) -> tuple[str, str]:
        return self._keys[row]

    def row_of(self, service_id: str, area_id: str) -> int | None:
        return self._row_of.get((service_id, area_id))

    def party_id(self, column: int) -> str | None:
        i = column - FIRST_PARTY
        return self._party_ids[i] if 0 <= i < len(self._party_ids) else None

    def column_of(self, party_id: str) -> int:
        return FIRST_PARTY + self._party_ids.index(party_id)

    def cell_key(self, row: int, column: int) -> CellKey | None:
        pid = self.party_id(column)
        if pid is None or not 0 <= row < len(self._keys):
            return None
        sid, aid = self._keys[row]
        return sid, aid, pid

    # -- change notification ------------------------------------------------------------------

    def _cells_changed(self, keys: Sequence[CellKey]) -> None:
        rows = [r for r in (self._row_of.get((s, a)) for s, a, _p in keys) if r is not None]
        if not rows:
            return
        parties = self._doc.project.party_index
        cols = [FIRST_PARTY + parties[p] for _s, _a, p in keys if p in parties]
        # The owner column follows the letters, so the range always includes it.
        self.dataChanged.emit(
            self.index(min(rows), COL_OWNER),
            self.index(max(rows), max(cols, default=COL_OWNER)),
        )

    def _services_changed(self, service_ids: Sequence[str]) -> None:
        areas = len(self._doc.project.visible_areas)
        index = self._doc.project.service_index
        starts = [index[s] * areas for s in service_ids if s in index]
        if not starts or areas == 0:
            return
        self.dataChanged.emit(
            self.index(min(starts), 0),
            self.index(max(starts) + areas - 1, self.columnCount() - 1),
        )

    def _findings_changed(self) -> None:
        # No row had a problem and none has one now: no row's data changed. Opening a file
        # lands here (its findings come after the first paint), and a ranged signal over every
        # row of a large estate costs the filter proxy tens of milliseconds.
        was_marked, self._marked = self._marked, self._doc.has_problem_rows
        if self._keys and (was_marked or self._marked):
            self.dataChanged.emit(
                self.index(0, COL_AREA),
                self.index(len(self._keys) - 1, COL_AREA),
                [PROBLEM_ROLE, Qt.ItemDataRole.ToolTipRole],
            )

    # -- Qt model API ---------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._keys)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else FIRST_PARTY + len(self._party_ids)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Vertical:
            return section + 1 if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == COL_SERVICE:
                return "Service"
            if section == COL_AREA:
                return "Responsibility area"
            if section == COL_OWNER:
                return "Owner"
            pid = self.party_id(section)
            return visible(self._doc.project.party(pid).name) if pid is not None else None
        if role == Qt.ItemDataRole.ToolTipRole and section == COL_OWNER:
            return "Who owns the row: P provider, C customer, S shared"
        if role == Qt.ItemDataRole.ToolTipRole and section >= FIRST_PARTY:
            pid = self.party_id(section)
            if pid is not None:
                party = self._doc.project.party(pid)
                return f"{party.name} ({party.kind.value})"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() >= FIRST_PARTY:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if not 0 <= row < len(self._keys):
            return None
        sid, aid = self._keys[row]
        if role == ROW_KEY_ROLE:
            return (sid, aid)
        if self.compare is not None and role in _COMPARE_ROLES:
            marked = self._compare_data(sid, aid, col, role)
            if marked is not None:
                return marked
        if col >= FIRST_PARTY:
            return self._party_data(sid, aid, col - FIRST_PARTY, role)
        if col == COL_SERVICE:
            return self._service_data(sid, role)
        if col == COL_AREA:
            return self._area_data(sid, aid, role)
        return self._owner_data(sid, aid, role)

    def _service_data(self, sid: str, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return visible(self._doc.project.service(sid).name)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._doc.project.service(sid).service
        return None

    def _area_data(self, sid: str, aid: str, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return visible(self._doc.project.area(aid).name)
        if role == PROBLEM_ROLE:
            return self._doc.has_problem(sid, aid)
        if role == GROUP_ROLE:
            return self._doc.project.area(aid).group
        if role == Qt.ItemDataRole.ToolTipRole:
            area = self._doc.project.area(aid)
            text = f"{area.group} › {area.name}\n{area.definition}".strip()
            if self._doc.has_problem(sid, aid):
                text += "\nThis row has problems: see the Problems panel."
            return text
        return None

    def _owner_data(self, sid: str, aid: str, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        project, provider = self._doc.project, self._doc.provider
        owner = effective_owner(project, provider, sid, aid)
        if role == Qt.ItemDataRole.ToolTipRole:
            row = project.row(sid, aid)
            rule = provider.rules.get(row.rule) if row.rule else None
            text = owner_text(owner, rule) or "No owner (no party is Accountable)"
            if rule is not None:
                text += f"\nAWS: {rule.provider_does}\nYou: {rule.customer_does}"
            return text
        if owner is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return owner.letter
        return QBrush(owner_color(owner, QGuiApplication.palette()))

    def _party_data(self, sid: str, aid: str, i: int, role: int) -> Any:
        project = self._doc.project
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, LETTERS_ROLE):
            return project.row(sid, aid).raci[i]
        key = (sid, aid, self._party_ids[i])
        if role == CELL_KEY_ROLE:
            return key
        if role == OVERRIDDEN_ROLE:
            return key in project.overrides
        if role == RATIONALE_ROLE:
            override = project.overrides.get(key)
            return override is not None and bool(override.rationale)
        if role == Qt.ItemDataRole.FontRole:
            return self._italic if key in project.overrides else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._cell_tooltip(key)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return project.row(sid, aid).raci[i] or "empty"
        return None

    def _cell_tooltip(self, key: CellKey) -> str:
        """What the letters mean, and where they come from (the rule, or the override's why)."""
        why = explain_cell(self._doc.project, self._doc.provider, key)
        held = letters_of(why.letters)
        lines = [LETTER_MEANINGS[Letter(ch)] for ch in "RACI" if ch in held] or ["(no role)"]
        if why.override is not None:
            lines.append(f"Manual override: {why.override.rationale or 'no rationale yet'}")
        else:
            rule_id = self._doc.project.row(key[0], key[1]).rule
            lines.append(f"From rule {rule_id or '(none)'}")
        return "\n".join(lines)

    # -- the compare view -----------------------------------------------------------------------

    def set_compare(self, marks: CompareMarks | None) -> None:
        """Show (or, with None, stop showing) what changed since another version."""
        self.compare = marks
        if self._keys:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._keys) - 1, self.columnCount() - 1),
                [CHANGE_ROLE, Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole],
            )

    def row_changed(self, row: int) -> bool:
        """Whether a row changed since the compared version (False outside compare)."""
        return self.compare is not None and self.compare.row_changed(*self._keys[row])

    def _compare_data(self, sid: str, aid: str, col: int, role: int) -> Any:
        """A compare role's answer, or None to let the normal one through. A tooltip gets the
        change's lines first, then the usual text."""
        marks = self.compare
        assert marks is not None
        tooltip = role == Qt.ItemDataRole.ToolTipRole
        if col >= FIRST_PARTY:
            pid = self._party_ids[col - FIRST_PARTY]
            kind = marks.cell(sid, aid, pid)
            if tooltip:
                tip = marks.cell_tip(sid, aid, pid)
                return f"{tip}\n\n{self._cell_tooltip((sid, aid, pid))}" if tip else None
        elif col == COL_SERVICE:
            kind = marks.service(sid)
            if tooltip:
                return _joined(marks.service_tip(sid), self._service_data(sid, role))
        elif col == COL_AREA:
            kind = marks.area(sid, aid)
            if tooltip:
                return _joined(marks.area_tip(sid, aid), self._area_data(sid, aid, role))
        else:
            if tooltip:
                return _joined(marks.owner_tip(sid, aid), self._owner_data(sid, aid, role))
            if role == Qt.ItemDataRole.BackgroundRole:
                return None  # the owner's own colour; the delegate adds the marker
            kind = marks.owner(sid, aid)
        if role == CHANGE_ROLE:
            return kind
        return QBrush(changed_fill(QGuiApplication.palette())) if kind else None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        key = self.cell_key(index.row(), index.column()) if index.isValid() else None
        if key is None or role != Qt.ItemDataRole.EditRole:
            return False
        try:
            letters = parse(str(value))
        except RaciParseError:
            return False
        if self._doc.project.cell(*key) == letters:
            return True
        self._doc.editor.set_cells([CellChange(*key, letters)], "Edit Cell")
        return True


def _joined(tip: str | None, usual: object) -> str | None:
    """The compare view's lines above an item's usual tooltip (None: the usual one alone)."""
    if tip is None:
        return None
    return f"{tip}\n\n{usual}" if usual else tip
