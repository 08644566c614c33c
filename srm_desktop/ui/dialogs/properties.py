"""Project ▸ Properties…: the project's name, description, owner and review.

The name is the title of every workbook sheet and print header, the window title and the file
name Save As suggests; owner and review say who answers for the matrix and where its review
stands. Each value is checked as the project file checks it
(:func:`~srm_desktop.domain.factory.property_problem`) before OK is taken.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from srm_desktop.domain.factory import PROPERTIES, property_problem
from srm_desktop.domain.project import Project


class PropertiesDialog(QDialog):
    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Project Properties")
        self.name_edit = QLineEdit(project.name, self)
        self.name_edit.setAccessibleName("Project name")
        self.description_edit = QPlainTextEdit(project.description, self)
        self.description_edit.setAccessibleName("Description")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setPlaceholderText("What the matrix covers: the workload, its scope")
        self.owner_edit = QLineEdit(project.owner, self)
        self.owner_edit.setAccessibleName("Owner")
        self.owner_edit.setPlaceholderText("The person or team accountable, e.g. Platform team")
        self.review_edit = QLineEdit(project.review, self)
        self.review_edit.setAccessibleName("Review")
        self.review_edit.setPlaceholderText("e.g. v1.3 reviewed 2026-11-30")
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Name:", self.name_edit)
        form.addRow("&Description:", self.description_edit)
        form.addRow("&Owner:", self.owner_edit)
        form.addRow("&Review:", self.review_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(520, 300)

    @property
    def values(self) -> dict[str, str]:
        """The properties as typed (one-line fields without surrounding blanks)."""
        return {
            "name": self.name_edit.text().strip(),
            "description": self.description_edit.toPlainText(),
            "owner": self.owner_edit.text().strip(),
            "review": self.review_edit.text().strip(),
        }

    def _accept(self) -> None:
        values = self.values
        for field in PROPERTIES:
            problem = property_problem(field, values[field])
            if problem is not None:
                self.error.setText(f"The {field} cannot be used: {problem}.")
                return
        self.accept()
