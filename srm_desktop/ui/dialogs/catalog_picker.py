"""Add Services: a catalog picker that matches loosely and takes several services at once.

Typing searches the catalog as people say service names ("api gw", "ddb", "lamda",
"serverless": ``domain.catalog_search``). Picking keeps a list of services to add across
searches -- tick a result (click its box, or Space; Ctrl+Enter from the search box), or select
several with Ctrl/Shift and press Space -- so a workload's six services are one visit, and the
caller adds them as one undo step. With nothing ticked, Add adds the selected results (the
highlighted one), as the one-at-a-time picker did.

Returns :class:`ServiceEntry` objects with ids and names unique in the project and among
themselves; the caller pushes the undo command.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from srm_desktop.domain.catalog import CatalogService
from srm_desktop.domain.catalog_search import Hit, index_for
from srm_desktop.domain.factory import service_entry
from srm_desktop.domain.project import Project, ServiceEntry
from srm_desktop.domain.provider import Provider
from srm_desktop.ui.models.roles import CATALOG_KEY_ROLE

NAME_PLACEHOLDER = "e.g. web fleet, batch workers"


@dataclass
class _Choice:
    """What the user set for one catalog service: its variant and its name in the project
    ("" = the catalog's name)."""

    variant: str | None
    name: str = ""


class CatalogPicker(QDialog):
    def __init__(self, project: Project, provider: Provider, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Add Services")
        self.project = project
        self.provider = provider
        self._index = index_for(provider.catalog)
        #: Ticked services, in the order they were ticked (dict as an ordered set).
        self._picked: dict[str, None] = {}
        #: Variant and name chosen per service, kept while the search changes.
        self._choices: dict[str, _Choice] = {}
        self._hits: dict[str, Hit] = {}
        self._build()
        self._connect()
        self._search("")

    # -- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Name, key, alias or category: api gw, ddb, serverless…")
        self.search.setAccessibleName("Search the catalog")
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget(self)
        self.results.setAccessibleName("Matching services")
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.status = QLabel(self)
        self.status.setAccessibleName("Search result")
        self.status.setWordWrap(True)
        self.description = QLabel(self)
        self.description.setWordWrap(True)
        self.description.setMinimumHeight(self.fontMetrics().height() * 3)
        self.description.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.variant = QComboBox(self)
        self.variant.setAccessibleName("Variant")
        self.name = QLineEdit(self)
        self.name.setAccessibleName("Name in this project")
        self.name.setPlaceholderText(NAME_PLACEHOLDER)
        self.picked = QListWidget(self)
        self.picked.setAccessibleName("Services to add")
        self.picked.setToolTip("Delete removes the selected service from the list")
        self.picked_label = QLabel("&To add:", self)
        self.picked_label.setBuddy(self.picked)
        self.unpick = QPushButton("Re&move", self)
        self.unpick.setToolTip("Remove the selected service from the list to add (Delete)")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.add_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        hint = QLabel("Tick several (click the box, Space, or Ctrl+Enter); Enter adds.", self)
        hint.setWordWrap(True)
        hint.setEnabled(False)  # dimmed: a hint, not content

        form = QFormLayout()
        form.addRow("&Variant:", self.variant)
        form.addRow("&Name:", self.name)
        left = QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(hint)
        left.addWidget(self.results, 1)
        left.addWidget(self.status)
        right = QVBoxLayout()
        right.addWidget(self.description)
        right.addLayout(form)
        right.addWidget(self.picked_label)
        right.addWidget(self.picked, 1)
        right.addWidget(self.unpick, 0, Qt.AlignmentFlag.AlignRight)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.buttons)
        self.resize(760, 520)

    def _connect(self) -> None:
        self.search.textChanged.connect(self._search)
        self.results.currentItemChanged.connect(self._selected)
        self.results.itemChanged.connect(self._ticked)
        self.results.itemSelectionChanged.connect(self._update_add_button)
        self.results.itemDoubleClicked.connect(self._double_clicked)
        self.variant.activated.connect(self._remember_choice)
        self.name.textChanged.connect(self._remember_choice)
        self.unpick.clicked.connect(self._unpick_selected)
        self.picked.itemSelectionChanged.connect(
            lambda: self.unpick.setEnabled(bool(self.picked.selectedItems()))
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.search.installEventFilter(self)
        self.results.installEventFilter(self)
        remove = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.picked)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self._unpick_selected)
        self.unpick.setEnabled(False)

    # -- keys ---------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(event, QKeyEvent) or event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        key, mods = event.key(), event.modifiers()
        if watched is self.search and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            # Up/Down in the search field move through the results: the keyboard stays here.
            row = self.results.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
            self.results.setCurrentRow(max(0, min(row, self.results.count() - 1)))
            return True
        enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if watched is self.search and enter and mods & Qt.KeyboardModifier.ControlModifier:
            self._tick_current_and_search_again()
            return True
        if watched is self.results and key == Qt.Key.Key_Space and not mods:
            self._toggle_selected()
            return True
        return super().eventFilter(watched, event)

    def _tick_current_and_search_again(self) -> None:
        """Ctrl+Enter in the search box: tick the highlighted result, then select the typed
        text, so the next service's name replaces it."""
        item = self.results.currentItem()
        if item is not None:
            item.setCheckState(Qt.CheckState.Checked)
        self.search.selectAll()

    def _toggle_selected(self) -> None:
        """Space in the list: tick every selected result, or untick them if all are ticked."""
        items = self.results.selectedItems() or (
            [self.results.currentItem()] if self.results.currentItem() else []
        )
        if not items:
            return
        all_ticked = all(i.checkState() == Qt.CheckState.Checked for i in items)
        state = Qt.CheckState.Unchecked if all_ticked else Qt.CheckState.Checked
        for item in items:
            item.setCheckState(state)

    # -- searching ----------------------------------------------------------------------------

    def _search(self, text: str) -> None:
        hits = self._index.search(text)
        self._hits = {h.service.key: h for h in hits}
        self.results.blockSignals(True)
        self.results.clear()
        for hit in hits:
            self.results.addItem(self._item(hit))
        self.results.blockSignals(False)
        if self.results.count():
            self.results.setCurrentRow(0)
        else:
            self._selected()
        self._show_status(text, hits)
        self._update_add_button()

    def _item(self, hit: Hit) -> QListWidgetItem:
        service = hit.service
        text = f"{service.name}  ({service.key}, {service.category.label})"
        if hit.typos:
            text += "  · " + ", ".join(f"“{typed}” ≈ {meant}" for typed, meant in hit.typos)
        item = QListWidgetItem(text)
        item.setData(CATALOG_KEY_ROLE, service.key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        ticked = service.key in self._picked
        item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        if service.aliases:
            item.setToolTip("Also known as: " + ", ".join(service.aliases))
        return item

    def _show_status(self, text: str, hits: list[Hit]) -> None:
        query = text.strip()
        if not query:
            self.status.setText(f"{len(hits)} services in the catalog")
        elif not hits:
            self.status.setText(
                f"No match for “{query}”. Try a key (s3), an alias (ddb), a category "
                "(serverless) or fewer words."
            )
        else:
            self.status.setText(f"{len(hits)} match{'es' * (len(hits) != 1)} for “{query}”")

    # -- the highlighted result -----------------------------------------------------------------

    def current_service(self) -> CatalogService | None:
        item = self.results.currentItem()
        return self._service(item) if item is not None else None

    def _service(self, item: QListWidgetItem) -> CatalogService | None:
        return self.provider.catalog.get(str(item.data(CATALOG_KEY_ROLE)))

    def _choice(self, service: CatalogService) -> _Choice:
        """The remembered choice, else the variant the query named, else the default."""
        choice = self._choices.get(service.key)
        if choice is not None:
            return choice
        hit = self._hits.get(service.key)
        variant = hit.variant if hit is not None and hit.variant else service.default_variant
        return _Choice(variant)

    def _selected(self, *_args: object) -> None:
        service = self.current_service()
        self.variant.clear()
        if service is None:  # no match: nothing of an earlier result may linger
            self.description.setText("")
            self.name.clear()
            self.name.setPlaceholderText(NAME_PLACEHOLDER)
            self.variant.setEnabled(False)
            self.name.setEnabled(False)
            return
        self.name.setEnabled(True)
        self.description.setText(service.description)
        for variant in service.variants:
            self.variant.addItem(variant.name, variant.key)
            self.variant.setItemData(
                self.variant.count() - 1, variant.description, Qt.ItemDataRole.ToolTipRole
            )
        self.variant.setEnabled(bool(service.variants))
        choice = self._choice(service)
        if choice.variant:
            self.variant.setCurrentIndex(max(0, self.variant.findData(choice.variant)))
        self.name.setText(choice.name)
        self.name.setPlaceholderText(service.name)

    def _remember_choice(self, *_args: object) -> None:
        service = self.current_service()
        if service is None:
            return
        self._choices[service.key] = _Choice(self.variant.currentData(), self.name.text().strip())
        if service.key in self._picked:
            self._show_picked()

    # -- picking ------------------------------------------------------------------------------

    def _ticked(self, item: QListWidgetItem) -> None:
        key = str(item.data(CATALOG_KEY_ROLE))
        if item.checkState() == Qt.CheckState.Checked:
            service = self._service(item)
            if service is not None and key not in self._picked:
                self._choices.setdefault(key, self._choice(service))
                self._picked[key] = None
        else:
            self._picked.pop(key, None)
        self._show_picked()

    def _double_clicked(self, item: QListWidgetItem) -> None:
        item.setCheckState(Qt.CheckState.Checked)
        self.accept()

    def _unpick_selected(self) -> None:
        for item in self.picked.selectedItems():
            self._picked.pop(str(item.data(CATALOG_KEY_ROLE)), None)
        self._show_picked()
        self.results.blockSignals(True)
        for row in range(self.results.count()):
            item = self.results.item(row)
            ticked = str(item.data(CATALOG_KEY_ROLE)) in self._picked
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self.results.blockSignals(False)

    def _show_picked(self) -> None:
        self.picked.clear()
        catalog = self.provider.catalog
        for key in self._picked:
            service = catalog.get(key)
            if service is None:
                continue
            choice = self._choices.get(key, _Choice(service.default_variant))
            variant = service.variant(choice.variant)
            text = choice.name or service.name
            if variant is not None and len(service.variants) > 1:
                text += f" — {variant.name}"
            item = QListWidgetItem(text, self.picked)
            item.setData(CATALOG_KEY_ROLE, key)
        count = len(self._picked)
        self.picked_label.setText(f"&To add ({count}):" if count else "&To add:")
        self._update_add_button()

    def picked_keys(self) -> list[str]:
        return list(self._picked)

    def _keys_to_add(self) -> list[str]:
        """The ticked services; with none ticked, the selected results (the highlighted one)."""
        if self._picked:
            return list(self._picked)
        selected = [str(i.data(CATALOG_KEY_ROLE)) for i in self.results.selectedItems()]
        if selected:
            return selected
        current = self.current_service()
        return [current.key] if current is not None else []

    def _update_add_button(self) -> None:
        count = len(self._keys_to_add())
        self.add_button.setEnabled(count > 0)
        self.add_button.setText(f"&Add {count} Services" if count > 1 else "&Add")

    # -- the result -----------------------------------------------------------------------------

    def entries(self) -> list[ServiceEntry]:
        """The entries to add, in the order ticked, with ids and names unique in the project
        and among themselves ("Amazon EC2 2" for a second EC2)."""
        ids = set(self.project.service_index)
        names = {s.name.casefold() for s in self.project.services}
        current = self.current_service()
        if current is not None and current.key not in self._choices:
            self._remember_choice()
        out = []
        catalog = self.provider.catalog
        for key in self._keys_to_add():
            service = catalog.get(key)
            if service is None:
                continue
            choice = self._choices.get(key) or self._choice(service)
            spec = f"{service.key}:{choice.variant}" if choice.variant else service.key
            entry = service_entry(self.provider, spec, ids, names)
            if choice.name:
                names.add(choice.name.casefold())
                entry = entry.model_copy(update={"name": choice.name})
            out.append(entry)
        return out

    def entry(self) -> ServiceEntry | None:
        """The first entry to add, or None when nothing is selected."""
        entries = self.entries()
        return entries[0] if entries else None
