"""Import Inventory from Code: what the templates say, shown before the inventory changes.

Three tabs: the changes to the inventory (added, updated, gone entries and their resources),
the services found with the variant decided and why, and the resource types that map to no
catalog service. Apply is one undo step; nothing changes until it is pressed.
"""

from __future__ import annotations

import html

from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QTabWidget,
    QWidget,
)

from srm_desktop.domain.catalog import Catalog
from srm_desktop.domain.inventory_merge import MergeResult
from srm_desktop.formats.iac.inventory import Inventory
from srm_desktop.formats.iac.model import IacDocument
from srm_desktop.ui.dialogs.common import lay_out_preview, preview_table
from srm_desktop.ui.models.rows import RowsModel

_KIND = {
    "added": "Added",
    "updated": "Updated",
    "unchanged": "Unchanged",
    "removed": "Removed",
    "gone": "Gone from the code (kept)",
}


def _key(service: str, variant: str | None) -> str:
    return f"{service}:{variant}" if variant else service


def _addresses(addresses: tuple[str, ...] | list[str], limit: int = 4) -> str:
    shown = ", ".join(addresses[:limit])
    return shown + (f" and {len(addresses) - limit} more" if len(addresses) > limit else "")


class IacImportPreview(QDialog):
    def __init__(
        self,
        documents: list[IacDocument],
        inventory: Inventory,
        result: MergeResult,
        catalog: Catalog,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import Inventory from Code — Review")
        changes = [
            (
                _KIND.get(c.kind, c.kind),
                c.name,
                _key(c.service, c.variant),
                f"+{len(c.added)} −{len(c.removed)}",
                c.note,
            )
            for c in result.changes
            if c.kind != "unchanged"
        ]
        found = []
        for f in inventory.findings:
            service = catalog.get(f.service)
            why = "; ".join(reason for reason, _addresses_ in f.reasons)
            found.append(
                (
                    service.name if service else f.service,
                    f.variant or "—",
                    why,
                    _addresses([e.address for e in f.evidence]),
                )
            )
        unmapped = [
            (u.source, u.type, "unknown: add it by hand if it matters", _addresses(u.addresses))
            for u in inventory.unknown
        ] + [
            (u.source, u.type, f"ignored: {u.reason}", _addresses(u.addresses))
            for u in inventory.ignored
        ]

        self.changes_model = RowsModel(
            ("Change", "Entry", "Service", "Resources", "Note"), changes, self
        )
        self.found_model = RowsModel(
            ("Service", "Variant", "Why this variant", "Resources"), found, self
        )
        self.unmapped_model = RowsModel(("File", "Type", "Status", "Resources"), unmapped, self)
        tabs = QTabWidget(self)
        tabs.addTab(preview_table(self, self.changes_model, "Changes"), f"Changes ({len(changes)})")
        tabs.addTab(
            preview_table(self, self.found_model, "Services found"),
            f"Services found ({len(found)})",
        )
        tabs.addTab(
            preview_table(self, self.unmapped_model, "Not mapped"),
            f"Not mapped ({len(unmapped)})",
        )
        files = ", ".join(f"{d.source} ({d.kind}, {len(d.resources)} resources)" for d in documents)
        self.can_apply = bool(changes)
        if self.can_apply:
            verdict = (
                f"Apply {len(changes)} change{'s' * (len(changes) != 1)} to the inventory? "
                "New entries are auto-filled; names, notes and overrides you typed are kept. "
                "One Undo takes it all back."
            )
        else:
            verdict = "The inventory already matches the code: nothing to apply."
        # Rich text: file names and notes are escaped (a file may be called "<b>.yaml").
        notes = "".join(f"<br>{html.escape(n)}" for d in documents for n in d.notes)
        summary = QLabel(f"<b>{html.escape(files)}</b>{notes}<br>{verdict}", self)
        summary.setWordWrap(True)
        self.buttons = lay_out_preview(self, summary, tabs, self.can_apply)
        self.resize(960, 560)
