"""Responsibility Areas: add, rename, regroup, redefine, hide and reorder the matrix rows.

Like Parties & Teams, the dialog edits a working copy of the project with the domain's pure
edits; OK hands the result back and the window applies it as one undo step. Hiding keeps an
area's rows (and overrides) in the file: showing it again brings them back unchanged. A custom
area has no rule, so its rows start empty for the architect to fill.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from srm_desktop.domain.areas import Area
from srm_desktop.domain.edits import add_area, reorder_areas, update_area
from srm_desktop.domain.errors import SrmError
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.text import unique_ident
from srm_desktop.ui import prompts
from srm_desktop.ui.models.roles import AREA_ID_ROLE


class AreasDialog(QDialog):
    def __init__(self, project: Project, provider: Provider, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Responsibility Areas")
        self.provider = provider
        self.original = project
        self.project = project

        self.areas = QListWidget(self)
        self.areas.setAccessibleName("Areas")
        self.areas.setToolTip("Checked areas are rows of the matrix; unchecked ones are hidden")
        self.add_button = QPushButton("&Add Area…", self)
        self.up_button = QPushButton("Move &Up", self)
        self.down_button = QPushButton("Move &Down", self)
        buttons_row = QHBoxLayout()
        for b in (self.add_button, self.up_button, self.down_button):
            buttons_row.addWidget(b)
        buttons_row.addStretch(1)

        self.name = QLineEdit(self)
        self.name.setAccessibleName("Area name")
        self.group = QComboBox(self)
        self.group.setEditable(True)
        self.group.setAccessibleName("Area group")
        group_edit = self.group.lineEdit()
        assert group_edit is not None  # an editable combo box always has one
        self.group_edit = group_edit
        self.definition = QPlainTextEdit(self)
        self.definition.setAccessibleName("Area definition")
        self.definition.setPlaceholderText("One line a reviewer reads to know what the row covers")
        self.rule_note = QLabel(self)
        self.rule_note.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: palette(highlight);")
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Group:", self.group)
        form.addRow("De&finition:", self.definition)
        form.addRow(self.rule_note)
        form.addRow(self.error)

        left = QVBoxLayout()
        left.addWidget(QLabel("<b>Areas</b> (the matrix rows, in order; unchecked = hidden)", self))
        left.addWidget(self.areas, 1)
        left.addLayout(buttons_row)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(form, 2)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(box)
        self.resize(860, 560)

        self.areas.currentRowChanged.connect(lambda _row: self._show_current())
        self.areas.itemChanged.connect(self._check_changed)
        self.add_button.clicked.connect(self._add)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.name.editingFinished.connect(self._commit_fields)
        self.group_edit.editingFinished.connect(self._commit_fields)
        self.group.activated.connect(lambda _i: self._commit_fields())
        self.definition.textChanged.connect(self._commit_fields)
        box.accepted.connect(self._accept)
        box.rejected.connect(self.reject)
        self._refresh()

    @property
    def changed(self) -> bool:
        return self.project != self.original

    # -- view -----------------------------------------------------------------------------------

    def _refresh(self, select: str | None = None) -> None:
        current = select or self._current_id()
        self.areas.blockSignals(True)
        self.areas.clear()
        for area in self.project.areas:
            item = QListWidgetItem(f"{area.name}   ({area.group})")
            item.setData(AREA_ID_ROLE, area.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked if area.hidden else Qt.CheckState.Checked)
            self.areas.addItem(item)
            if area.id == current:
                self.areas.setCurrentItem(item)
        if self.areas.currentRow() < 0 and self.areas.count():
            self.areas.setCurrentRow(0)
        self.areas.blockSignals(False)
        groups = list(dict.fromkeys(a.group for a in self.project.areas))
        self.group.blockSignals(True)
        self.group.clear()
        self.group.addItems(groups)
        self.group.blockSignals(False)
        self._show_current()

    def _current_id(self) -> str | None:
        item = self.areas.currentItem()
        return str(item.data(AREA_ID_ROLE)) if item is not None else None

    def _current_area(self) -> Area | None:
        area_id = self._current_id()
        return self.project.area(area_id) if area_id is not None else None

    def _show_current(self) -> None:
        area = self._current_area()
        row = self.areas.currentRow()
        for widget in (self.name, self.group, self.definition):
            widget.blockSignals(True)
            widget.setEnabled(area is not None)
        self.group_edit.blockSignals(True)
        self.name.setText(area.name if area else "")
        self.group.setCurrentText(area.group if area else "")
        self.definition.setPlainText(area.definition if area else "")
        for widget in (self.name, self.group, self.definition):
            widget.blockSignals(False)
        self.group_edit.blockSignals(False)
        builtin = area is not None and area.id in {a.id for a in self.provider.areas}
        self.rule_note.setText(
            "Built-in area: the provider's rules fill its cells."
            if builtin
            else "Custom area: no rule fills it; its cells are yours to set in the matrix."
            if area is not None
            else ""
        )
        self.error.clear()
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.areas.count() - 1)

    # -- edits ------------------------------------------------------------------------------

    def _apply(self, edit: Callable[[], Project], select: str | None = None) -> bool:
        """Run an edit on the working copy; a refused value shows its reason, changes nothing."""
        try:
            self.project = edit()
        except (SrmError, ValueError) as exc:
            self.error.setText(str(exc).splitlines()[-1] if str(exc) else "not allowed")
            return False
        self._refresh(select)
        return True

    def _commit_fields(self) -> None:
        area = self._current_area()
        if area is None:
            return
        name = self.name.text().strip()
        group = self.group.currentText().strip() or "Other"
        definition = self.definition.toPlainText().strip()
        if (name, group, definition) == (area.name, area.group, area.definition):
            return
        if not name:
            self.error.setText("An area needs a name.")
            return
        if name.casefold() in {a.name.casefold() for a in self.project.areas if a.id != area.id}:
            self.error.setText(f"Another area is already called {name!r}.")
            return
        position = self.definition.textCursor().position()
        self._apply(
            lambda: update_area(
                self.project, area.id, name=name, group=group, definition=definition
            ),
            area.id,
        )
        cursor = self.definition.textCursor()
        cursor.setPosition(min(position, len(self.definition.toPlainText())))
        self.definition.setTextCursor(cursor)

    def _check_changed(self, item: QListWidgetItem) -> None:
        area_id = str(item.data(AREA_ID_ROLE))
        hidden = item.checkState() != Qt.CheckState.Checked
        if not hidden or len(self.project.visible_areas) > 1:
            self._apply(lambda: update_area(self.project, area_id, hidden=hidden), area_id)
        else:
            self._refresh(area_id)  # puts the check mark back
            self.error.setText("At least one area must stay visible.")

    def _add(self) -> None:
        name = prompts.ask_text(self, "Add Area", "Name of the new responsibility area:")
        if name is None:
            return
        if name.casefold() in {a.name.casefold() for a in self.project.areas}:
            self.error.setText(f"An area called {name!r} already exists.")
            return
        area_id = unique_ident(name, set(self.project.area_index), "area")
        current = self.areas.currentRow()
        index = current + 1 if current >= 0 else None
        self._apply(
            lambda: add_area(
                self.project, self.provider, Area(id=area_id, name=name, group="Custom"), index
            ),
            area_id,
        )

    def _move(self, step: int) -> None:
        row = self.areas.currentRow()
        ids = [a.id for a in self.project.areas]
        target = row + step
        if not 0 <= row < len(ids) or not 0 <= target < len(ids):
            return
        ids[row], ids[target] = ids[target], ids[row]
        self._apply(lambda: reorder_areas(self.project, ids), ids[target])

    def _accept(self) -> None:
        self._commit_fields()
        self.accept()
