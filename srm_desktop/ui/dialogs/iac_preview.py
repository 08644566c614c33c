"""Import Inventory from Code: what the templates say, shown before the inventory changes.

Three tabs: the changes to the inventory (added, updated, gone entries and their resources),
the services found with the variant decided and why, and the resource types that map to no
catalog service; a fourth, "Variant changes", when entries the architect typed have another
variant than the code shows (a tick box each, on by default: take the code's variant).
Apply is one undo step; nothing changes until it is pressed.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Collection

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from srm_desktop.domain.catalog import Catalog
from srm_desktop.domain.inventory_merge import MergeResult
from srm_desktop.formats.iac.inventory import Inventory
from srm_desktop.formats.iac.model import IacDocument
from srm_desktop.ui.dialogs.common import (
    lay_out_preview,
    preview_table,
    select_all_none,
    tick_table,
)
from srm_desktop.ui.models.rows import RowsModel, TickRowsModel

_KIND = {
    "added": "Added",
    "updated": "Updated",
    "variant": "Variant changed",
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
    """``remerge(entry_ids)`` merges again with the variant changes of ``entry_ids`` declined;
    with it, every entry typed with another variant than the code shows is listed under
    "Variant changes" with a tick box (on: take the code's variant; off: keep yours), and
    :attr:`merged` follows the boxes."""

    def __init__(
        self,
        documents: list[IacDocument],
        inventory: Inventory,
        result: MergeResult,
        catalog: Catalog,
        parent: QWidget | None = None,
        remerge: Callable[[Collection[str]], MergeResult] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import Inventory from Code — Review")
        self.merged = result
        self._documents = documents
        self._remerge = remerge
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
        self.offers = list(result.variant_offers) if remerge is not None else []
        self.variants_model = TickRowsModel(
            ("Change", "Entry", "Your variant", "The code shows", "Resources"),
            [
                (
                    "Change the variant",
                    c.name,
                    c.from_variant or "none",
                    c.offered or "",
                    _addresses([e.address for e in c.added]),
                )
                for c in self.offers
            ],
            self,
        )
        self.changes_model = RowsModel(
            ("Change", "Entry", "Service", "Resources", "Note"), self._change_rows(), self
        )
        self.found_model = RowsModel(
            ("Service", "Variant", "Why this variant", "Resources"), found, self
        )
        self.unmapped_model = RowsModel(("File", "Type", "Status", "Resources"), unmapped, self)
        self.tabs = tabs = QTabWidget(self)
        tabs.addTab(preview_table(self, self.changes_model, "Changes"), "")
        if self.offers:
            tabs.addTab(self._variants_page(), f"Variant changes ({len(self.offers)})")
        tabs.addTab(
            preview_table(self, self.found_model, "Services found"),
            f"Services found ({len(found)})",
        )
        tabs.addTab(
            preview_table(self, self.unmapped_model, "Not mapped"),
            f"Not mapped ({len(unmapped)})",
        )
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.can_apply = False
        self.buttons = lay_out_preview(self, self.summary, tabs, False)
        self.variants_model.ticksChanged.connect(self._ticks_changed)
        self._show_result()
        self.resize(960, 560)

    def _variants_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        note = QLabel(
            "You typed these entries with another variant than the code shows. Ticked: the "
            "entry takes the code's variant, keeping its name, notes and overrides (its other "
            "cells re-derive). Unticked: it keeps yours and records the code as evidence.",
            page,
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(tick_table(page, self.variants_model, "Variant changes"), 1)
        layout.addLayout(select_all_none(page, self.variants_model))
        return page

    def _change_rows(self) -> list[tuple[str, ...]]:
        return [
            (
                _KIND.get(c.kind, c.kind),
                c.name,
                _key(c.service, c.variant)
                if c.kind != "variant"
                else f"{_key(c.service, c.from_variant)} → {c.variant}",
                f"+{len(c.added)} −{len(c.removed)}",
                c.note,
            )
            for c in self.merged.changes
            if c.kind != "unchanged"
        ]

    def _ticks_changed(self) -> None:
        assert self._remerge is not None
        ticks = self.variants_model.ticks
        self.merged = self._remerge(
            [c.entry_id for c, on in zip(self.offers, ticks, strict=True) if not on]
        )
        self.changes_model.set_rows(self._change_rows())
        self._show_result()

    def _show_result(self) -> None:
        changes = self.changes_model.rowCount()
        self.tabs.setTabText(0, f"Changes ({changes})")
        documents = self._documents
        files = ", ".join(f"{d.source} ({d.kind}, {len(d.resources)} resources)" for d in documents)
        self.can_apply = bool(changes)
        apply = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        apply.setText("&Apply")
        apply.setEnabled(self.can_apply)
        for button in (apply, cancel):  # Enter applies when there is something to apply
            button.setAutoDefault(False)
        apply.setDefault(self.can_apply)
        if self.can_apply:
            verdict = (
                f"Apply {changes} change{'s' * (changes != 1)} to the inventory? "
                "New entries are auto-filled; names, notes and overrides you typed are kept. "
                "One Undo takes it all back."
            )
        else:
            verdict = "The inventory already matches the code: nothing to apply."
        taken = sum(self.variants_model.ticks)
        if self.offers:
            verdict += (
                f" {taken} of {len(self.offers)} entries you typed take the variant the code "
                "shows (see Variant changes)."
            )
        # Rich text: file names and notes are escaped (a file may be called "<b>.yaml").
        notes = "".join(f"<br>{html.escape(n)}" for d in documents for n in d.notes)
        self.summary.setText(f"<b>{html.escape(files)}</b>{notes}<br>{html.escape(verdict)}")
