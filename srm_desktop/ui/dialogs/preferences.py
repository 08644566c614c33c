"""Edit > Preferences…: the name recorded on manual overrides.

Overrides say who decided and when; the login name ("jdoe") is a poor answer in a review meeting,
so the architect can give the name colleagues know them by. It is checked like any other name
(no control characters, not too long) before it can reach a project file or a workbook.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from srm_desktop.domain.text import check_name


class PreferencesDialog(QDialog):
    def __init__(self, author: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.author_edit = QLineEdit(author, self)
        self.author_edit.setAccessibleName("Your name")
        self.author_edit.setPlaceholderText("e.g. Ana Lopez (Cloud Architecture)")
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        explain = QLabel(
            "Recorded with every manual override you make, beside its time and rationale, and "
            "shown in the Details panel and the review workbook.",
            self,
        )
        explain.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Your &name:", self.author_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(explain)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(460, 160)

    @property
    def author(self) -> str:
        return self.author_edit.text().strip()

    def _accept(self) -> None:
        try:
            if self.author:
                check_name(self.author)
                if len(self.author) > 200:
                    raise ValueError("is longer than 200 characters")
        except ValueError as exc:
            self.error.setText(f"This name cannot be used: it {exc}.")
            return
        self.accept()
