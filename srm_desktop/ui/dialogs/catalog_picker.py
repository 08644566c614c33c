"""Add Service: a searchable catalog picker (type "lamb" for Lambda; aliases and variants count).

Returns a :class:`ServiceEntry` with a unique id and name; the caller pushes the undo command.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from srm_desktop.domain.catalog import CatalogService
from srm_desktop.domain.factory import service_entry
from srm_desktop.domain.project import Project, ServiceEntry
from srm_desktop.domain.provider import Provider
from srm_desktop.ui.models.roles import CATALOG_KEY_ROLE


class CatalogPicker(QDialog):
    def __init__(self, project: Project, provider: Provider, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Add Service")
        self.project = project
        self.provider = provider
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Type a name, key or alias: lamb, s3, fargate…")
        self.search.setAccessibleName("Search the catalog")
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget(self)
        self.results.setAccessibleName("Matching services")
        self.description = QLabel(self)
        self.description.setWordWrap(True)
        self.description.setMinimumHeight(self.fontMetrics().height() * 3)
        self.variant = QComboBox(self)
        self.variant.setAccessibleName("Variant")
        self.name = QLineEdit(self)
        self.name.setAccessibleName("Name in this project")
        self.name.setPlaceholderText("e.g. web fleet, batch workers")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Add")
        form = QFormLayout()
        form.addRow("&Variant:", self.variant)
        form.addRow("&Name:", self.name)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.description)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(520, 520)

        self.search.textChanged.connect(self._search)
        self.results.currentItemChanged.connect(self._selected)
        self.results.itemDoubleClicked.connect(lambda _item: self.accept())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.search.installEventFilter(self)
        self._search("")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Up/Down in the search field move through the results, so the keyboard never leaves it.
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
        ):
            row = self.results.currentRow() + (1 if event.key() == Qt.Key.Key_Down else -1)
            self.results.setCurrentRow(max(0, min(row, self.results.count() - 1)))
            return True
        return super().eventFilter(watched, event)

    def _search(self, text: str) -> None:
        self.results.clear()
        for service in self.provider.catalog.search(text):
            item = QListWidgetItem(f"{service.name}  ({service.key}, {service.category.label})")
            item.setData(CATALOG_KEY_ROLE, service.key)
            if service.aliases:
                item.setToolTip("Also known as: " + ", ".join(service.aliases))
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.results.count() > 0)

    def current_service(self) -> CatalogService | None:
        item = self.results.currentItem()
        return (
            self.provider.catalog.get(str(item.data(CATALOG_KEY_ROLE)))
            if item is not None
            else None
        )

    def _selected(self) -> None:
        service = self.current_service()
        self.variant.clear()
        if service is None:
            self.description.clear()
            self.name.clear()
            return
        self.description.setText(service.description)
        for variant in service.variants:
            self.variant.addItem(variant.name, variant.key)
            self.variant.setItemData(
                self.variant.count() - 1, variant.description, Qt.ItemDataRole.ToolTipRole
            )
        self.variant.setEnabled(bool(service.variants))
        if service.default_variant:
            self.variant.setCurrentIndex(self.variant.findData(service.default_variant))
        self.name.setPlaceholderText(service.name)

    def entry(self) -> ServiceEntry | None:
        """The entry to add, or None when nothing is selected."""
        service = self.current_service()
        if service is None:
            return None
        variant = self.variant.currentData()
        spec = f"{service.key}:{variant}" if variant else service.key
        ids = set(self.project.service_index)
        names = {s.name.casefold() for s in self.project.services}
        entry = service_entry(self.provider, spec, ids, names)
        name = self.name.text().strip()
        return entry.model_copy(update={"name": name}) if name else entry
