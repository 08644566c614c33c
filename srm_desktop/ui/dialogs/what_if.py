"""Project ▸ What If…: switch one entry to another service or variant and see, before anything
changes, the cells that would change and what each party would stop or start owning.

The answer is ``domain.whatif.what_if`` -- the same edit the inventory makes and the same diff
engine as ``srm diff`` -- recomputed whenever the entry or the target changes (a few
milliseconds on a 1,000-entry estate: the diff passes over rows it shares with the project).
*Apply* installs the very project shown, as one undo step (``DocumentEditor.apply_what_if``);
*Discard* changes nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from srm_desktop.domain.errors import EditError
from srm_desktop.domain.project import Project, ServiceEntry
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.visible_text import visible
from srm_desktop.domain.whatif import WhatIf, resolve_target, what_if
from srm_desktop.ui.dialogs.common import preview_table
from srm_desktop.ui.models.rows import RowsModel

EMPTY = "—"


def target_of(entry: ServiceEntry) -> str:
    """The ``KEY[:VARIANT]`` an entry is now (what the target list preselects)."""
    return f"{entry.service}:{entry.variant}" if entry.variant else entry.service


def catalog_targets(provider: Provider) -> list[tuple[str, str]]:
    """Every service and variant of the catalog as (``KEY[:VARIANT]``, label), by name."""
    out = []
    for service in sorted(provider.catalog.services, key=lambda s: s.name.casefold()):
        if not service.variants:
            out.append((service.key, f"{service.name} ({service.key})"))
        for variant in service.variants:
            out.append(
                (f"{service.key}:{variant.key}", f"{service.name} — {variant.name} ({variant.key})")
            )
    return out


class WhatIfDialog(QDialog):
    def __init__(
        self,
        project: Project,
        provider: Provider,
        entry_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("What If…")
        self.project, self.provider = project, provider
        #: The answer for the entry and target shown (None: nothing to show, or an error).
        self.result_: WhatIf | None = None
        self.entry = QComboBox(self)
        self.entry.setAccessibleName("Inventory entry")
        for e in project.services:
            self.entry.addItem(f"{visible(e.name)} ({target_of(e)})", e.id)
        self.target = QComboBox(self)
        self.target.setAccessibleName("Switch to service or variant")
        self.target.setEditable(True)
        self.target.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.target.setMaxVisibleItems(20)
        for key, label in catalog_targets(provider):
            self.target.addItem(label, key)
        completer = QCompleter(self.target.model(), self.target)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.target.setCompleter(completer)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        self.sentences = QLabel(self)
        self.sentences.setWordWrap(True)
        self.sentences.setTextFormat(Qt.TextFormat.PlainText)
        self.sentences.setAccessibleName("What each party would own")
        self.cells_model = RowsModel(
            ("Area", "Party", "Now", "After", "Owner of the row"), [], self
        )
        self.parties_model = RowsModel(
            ("Party", "Rows owned now", "After", "Stops owning", "Starts owning"), [], self
        )
        self.cells_view = preview_table(self, self.cells_model, "Cells that would change")
        self.parties_view = preview_table(self, self.parties_model, "Rows each party owns")
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.cells_view)
        splitter.addWidget(self.parties_view)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 1)
        self.buttons = QDialogButtonBox(self)
        self.apply_button = self.buttons.addButton("&Apply", QDialogButtonBox.ButtonRole.AcceptRole)
        self.discard_button = self.buttons.addButton(
            "&Discard", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Entry:", self.entry)
        form.addRow("&Switch to:", self.target)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.sentences)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        self.entry.currentIndexChanged.connect(self._entry_changed)
        self.target.currentIndexChanged.connect(self._recompute)
        if entry_id is not None:
            self.entry.setCurrentIndex(max(0, self.entry.findData(entry_id)))
        self._entry_changed()
        self.resize(900, 600)

    # -- choices ------------------------------------------------------------------------------

    def entry_id(self) -> str | None:
        data = self.entry.currentData()
        return str(data) if data is not None else None

    def set_target(self, key: str) -> None:
        """Choose ``KEY[:VARIANT]`` (as picking it from the list does)."""
        self.target.setCurrentIndex(self.target.findData(key))

    def _entry_changed(self) -> None:
        sid = self.entry_id()
        if sid is None:
            self._show(None, "The project has no inventory entry to switch.")
            return
        current = target_of(self.project.service(sid))
        index = self.target.findData(current)
        if index < 0:  # no variant recorded: the list holds the catalog's default one
            index = self.target.findData(
                ":".join(filter(None, resolve_target(self.provider, current)))
            )
        self.target.blockSignals(True)
        self.target.setCurrentIndex(index)
        self.target.blockSignals(False)
        self._recompute()

    def _recompute(self) -> None:
        sid = self.entry_id()
        key = self.target.currentData()
        if sid is None or key is None:
            self._show(None, "Pick a service or variant from the catalog.")
            return
        try:
            result = what_if(self.project, self.provider, sid, str(key))
        except EditError as exc:
            self._show(None, str(exc))
            return
        self._show(result, self._headline(result))

    @staticmethod
    def _headline(result: WhatIf) -> str:
        if result.unchanged:
            return "That is what the entry is now: pick another service or variant."
        cells = result.cells_changed
        rows = len({(c.service_id, c.area_id) for c in result.diff.cells})
        if not cells:
            return "No cell would change (the rows would cite other rules)."
        return (
            f"{cells} cell{'s' * (cells != 1)} in {rows} row{'s' * (rows != 1)} would change; "
            "overrides are kept."
        )

    # -- the answer ---------------------------------------------------------------------------

    def _show(self, result: WhatIf | None, headline: str) -> None:
        self.result_ = result
        self.summary.setText(headline)
        changed = result is not None and not result.unchanged
        self.apply_button.setEnabled(changed)
        self.sentences.setText("\n".join(result.sentences()) if changed and result else "")
        self.sentences.setVisible(changed)
        self.cells_model.set_rows(self._cell_rows(result) if changed and result else [])
        self.parties_model.set_rows(self._party_rows(result) if changed and result else [])

    def _cell_rows(self, result: WhatIf) -> list[tuple[str, ...]]:
        out: list[tuple[str, ...]] = []
        for row in result.diff.rows:
            owner = (
                f"{row.old_owner_text or EMPTY} → {row.new_owner_text or EMPTY}"
                if row.owner_changed
                else row.new_owner_text or EMPTY
            )
            area = f"{row.area.group} › {visible(row.area.name)}"
            for cell in row.cells:
                out.append(
                    (
                        area,
                        visible(cell.party_name),
                        cell.old_letters or EMPTY,
                        cell.new_letters or EMPTY,
                        owner,
                    )
                )
            if not row.cells and row.owner_changed:
                out.append((area, EMPTY, "", "", owner))
        return out

    @staticmethod
    def _party_rows(result: WhatIf) -> list[tuple[str, ...]]:
        return [
            (
                visible(p.party.name),
                str(p.before),
                str(p.after),
                ", ".join(a.name for a in p.stops),
                ", ".join(a.name for a in p.starts),
            )
            for p in result.parties
        ]

    def switched_text(self) -> str:
        """The undo step's name: "Switch web fleet to AWS Fargate"."""
        result = self.result_
        if result is None:
            return "What If"
        entry = result.switched
        service = self.provider.catalog.get(entry.service)
        name = service.name if service is not None else entry.service
        variant = service.variant(entry.variant) if service is not None else None
        target = f"{name} — {variant.name}" if variant is not None else name
        return f"Switch {result.entry.name} to {target}"
