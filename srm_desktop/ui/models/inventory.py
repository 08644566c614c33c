"""The inventory model: one row per service entry; an edited cell becomes one undo step."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from srm_desktop.domain.catalog import Category
from srm_desktop.domain.derive import Deriver
from srm_desktop.domain.iac_evidence import PREFIX as IAC_PREFIX
from srm_desktop.domain.project import ServiceEntry
from srm_desktop.domain.visible_text import visible
from srm_desktop.ui.document import Document
from srm_desktop.ui.models.flat import FlatTableModel
from srm_desktop.ui.models.roles import CHOICES_ROLE, SERVICE_ID_ROLE

COL_NAME: Final = 0
COL_SERVICE: Final = 1
COL_CATEGORY: Final = 2
COL_VARIANT: Final = 3
COL_ENVIRONMENT: Final = 4
COL_NOTES: Final = 5
HEADERS: Final = ("Name", "Catalog service", "Category", "Variant", "Environment", "Notes")

Index = QModelIndex | QPersistentModelIndex


def notes_line(notes: str) -> str:
    """The notes on one line: the user's own lines, then how many resources of the
    infrastructure code back the entry (their ``IaC: file | type | id`` lines are in the
    tooltip and the editor); a column of raw evidence lines read as noise."""
    lines = [line.strip() for line in notes.splitlines() if line.strip()]
    own = [line for line in lines if not line.startswith(IAC_PREFIX)]
    evidence = len(lines) - len(own)
    if evidence:
        own.append(f"from code: {evidence} resource{'s' * (evidence != 1)}")
    return " · ".join(own)


class InventoryModel(FlatTableModel):
    headers = HEADERS

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._doc = document
        document.structureChanged.connect(self._reset)
        document.servicesChanged.connect(self._services_changed)

    def _reset(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    def _services_changed(self, service_ids: Sequence[str]) -> None:
        index = self._doc.project.service_index
        rows = [index[s] for s in service_ids if s in index]
        if rows:
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), len(HEADERS) - 1))

    def entry(self, row: int) -> ServiceEntry:
        return self._doc.project.services[row]

    def row_total(self) -> int:
        return len(self._doc.project.services)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_SERVICE:
            return base
        if index.column() == COL_VARIANT and not self._variants(index.row()):
            return base
        return base | Qt.ItemFlag.ItemIsEditable

    def _variants(self, row: int) -> list[tuple[str | None, str]]:
        entry = self.entry(row)
        service = self._doc.provider.catalog.get(entry.service)
        return [(v.key, v.name) for v in service.variants] if service is not None else []

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        entry = self.entry(index.row())
        col = index.column()
        if role == SERVICE_ID_ROLE:
            return entry.id
        if role == CHOICES_ROLE:
            return self._choices(index.row(), col)
        if role == Qt.ItemDataRole.EditRole and col in (COL_CATEGORY, COL_VARIANT):
            return self._edit(entry, col)
        if role == Qt.ItemDataRole.EditRole and col == COL_NAME:
            return entry.name  # as typed; the display shows invisible characters as ⟨U+…⟩
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._display(entry, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry, col)
        return None

    def _choices(self, row: int, col: int) -> list[tuple[str | None, str]] | None:
        """For the category and variant editors: (key or None, label) pairs."""
        if col == COL_CATEGORY:
            entry = self.entry(row)
            service = self._doc.provider.catalog.get(entry.service)
            default = service.category_for(entry.variant).label if service else "unknown"
            choices: list[tuple[str | None, str]] = [(None, f"Catalog default ({default})")]
            return choices + [(c.value, c.label) for c in Category]
        if col == COL_VARIANT:
            return self._variants(row)
        return None

    @staticmethod
    def _edit(entry: ServiceEntry, col: int) -> str | None:
        """The key a choice editor starts on (None: the catalog default, or no variant)."""
        if col == COL_CATEGORY:
            return entry.category.value if entry.category is not None else None
        return entry.variant

    def _display(self, entry: ServiceEntry, col: int) -> str | None:
        if col == COL_NAME:
            return visible(entry.name)
        if col == COL_ENVIRONMENT:
            return entry.environment
        if col == COL_NOTES:
            return notes_line(entry.notes)
        service = self._doc.provider.catalog.get(entry.service)
        if col == COL_SERVICE:
            return service.name if service is not None else f"{entry.service} (unknown)"
        if col == COL_CATEGORY:
            category = Deriver(self._doc.project, self._doc.provider).category(entry)
            label = category.label if category is not None else "—"
            return label if entry.category is None else f"{label} (set by you)"
        if col == COL_VARIANT:
            variant = service.variant(entry.variant) if service is not None else None
            return variant.name if variant is not None else (entry.variant or "—")
        return None

    def _tooltip(self, entry: ServiceEntry, col: int) -> str | None:
        if col == COL_NOTES:
            return entry.notes or None
        if col == COL_CATEGORY:
            return "Changing the category re-derives this service's cells from the rules"
        service = self._doc.provider.catalog.get(entry.service)
        if service is None:
            return None
        if col == COL_SERVICE:
            aliases = ", ".join(service.aliases)
            return f"{service.key}: {service.description}" + (
                f"\nAlso known as: {aliases}" if aliases else ""
            )
        if col == COL_VARIANT:
            variant = service.variant(entry.variant)
            return variant.description if variant is not None else None
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """An edited field, one undo step (the editor names it and skips a no-op)."""
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        service_id = self.entry(index.row()).id
        edit = self._doc.editor
        col = index.column()
        if col == COL_NAME:
            return edit.update_service(service_id, name=str(value).strip())
        if col == COL_CATEGORY:
            return edit.update_service(service_id, category=Category(value) if value else None)
        if col == COL_VARIANT:
            return edit.update_service(service_id, variant=None if value is None else str(value))
        if col == COL_ENVIRONMENT:
            return edit.update_service(service_id, environment=str(value))
        if col == COL_NOTES:
            return edit.update_service(service_id, notes=str(value))
        return False
