"""The filter bar above the matrix: service, area, party, overridden only, problems only, text."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QWidget,
)

from srm_desktop.ui.document import Document
from srm_desktop.ui.models.matrix_filter import MatrixFilter


class FilterBar(QWidget):
    changed = Signal(object)  # MatrixFilter

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.service = self._combo("Filter by service", 130)
        self.area = self._combo("Filter by responsibility area", 150)
        self.party = self._combo("Show one party's column", 100)
        self.overridden = QCheckBox("&Overridden only", self)
        self.overridden.setToolTip("Only rows with a manual override")
        self.problems = QCheckBox("Pro&blems only", self)
        self.problems.setToolTip("Only rows with a validation finding")
        self.text = QLineEdit(self)
        self.text.setPlaceholderText("Find service or area…")
        self.text.setAccessibleName("Find text")
        self.text.setClearButtonEnabled(True)
        self.text.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 14)
        self.reset = QToolButton(self)
        self.reset.setText("Clear filters")
        self.reset.setAccessibleName("Clear filters")
        for label, widget in (
            ("Service:", self.service),
            ("Area:", self.area),
            ("Party:", self.party),
        ):
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            layout.addWidget(caption)
            layout.addWidget(widget)
        layout.addWidget(self.overridden)
        layout.addWidget(self.problems)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.reset)
        self._populate()
        document.structureChanged.connect(self._populate)
        document.servicesChanged.connect(lambda _ids: self._populate())
        for combo in (self.service, self.area, self.party):
            combo.currentIndexChanged.connect(self._emit)
        self.overridden.toggled.connect(self._emit)
        self.problems.toggled.connect(self._emit)
        self.text.textChanged.connect(self._emit)
        self.reset.clicked.connect(self.clear)

    def _combo(self, name: str, width: int) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(name)
        combo.setToolTip(name)
        combo.setMinimumContentsLength(width // 10)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        return combo

    def _populate(self) -> None:
        project = self.document.project
        lists = (
            (self.service, "All services", [(s.id, s.name) for s in project.services]),
            (self.area, "All areas", [(a.id, a.name) for a in project.visible_areas]),
            (self.party, "All parties", [(p.id, p.name) for p in project.parties]),
        )
        for combo, everything, items in lists:
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for key, name in items:
                combo.addItem(name, key)
            combo.setCurrentIndex(max(0, combo.findData(current)) if current else 0)
            combo.blockSignals(False)
        self._emit()

    def criteria(self) -> MatrixFilter:
        return MatrixFilter(
            service_id=self.service.currentData(),
            area_id=self.area.currentData(),
            party_id=self.party.currentData(),
            overridden_only=self.overridden.isChecked(),
            problems_only=self.problems.isChecked(),
            text=self.text.text().strip(),
        )

    def set_criteria(self, criteria: MatrixFilter) -> None:
        """Show ``criteria`` in the widgets (e.g. after the view cleared its filter)."""
        self.blockSignals(True)
        for combo, key in (
            (self.service, criteria.service_id),
            (self.area, criteria.area_id),
            (self.party, criteria.party_id),
        ):
            combo.setCurrentIndex(max(0, combo.findData(key)) if key else 0)
        self.overridden.setChecked(criteria.overridden_only)
        self.problems.setChecked(criteria.problems_only)
        self.text.setText(criteria.text)
        self.blockSignals(False)

    def clear(self) -> None:
        self.set_criteria(MatrixFilter())
        self._emit()

    def focus_text(self) -> None:
        self.text.setFocus()
        self.text.selectAll()

    def _emit(self) -> None:
        self.changed.emit(self.criteria())
