"""The start page: what the central area shows while the window holds a new, empty, untitled
project (first run, File ▸ New), instead of a blank grid.

It offers the ways a matrix begins -- reading the inventory from infrastructure code, picking
services from the catalog, opening a file (recent ones listed, missing ones greyed with the
reason), or one of the shipped examples -- and the *reopen the last file at start* preference.
The buttons trigger the window's own actions, so the start page adds no second path to any
command. It is built the first time it is needed (never when a file is opened at start) and
imported only then, so a start with a file pays nothing for it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QCommandLinkButton,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from srm_desktop.domain.resources import example_files
from srm_desktop.ui.settings import Settings

PATH_ROLE = Qt.ItemDataRole.UserRole + 1

#: An example's summary is read from its JSON header; a larger file is not an example.
_EXAMPLE_LIMIT = 1 << 20


def missing_reason(path: Path) -> str | None:
    """Why a recent file cannot be opened now ("not found", "not readable"), or None."""
    try:
        if not path.exists():
            return "not found"
        if not path.is_file():
            return "not a file"
    except OSError as exc:  # a dead network mount, a path too long
        return exc.strerror or "cannot be reached"
    if not os.access(path, os.R_OK):
        return "not readable"
    return None


@dataclass(frozen=True)
class Example:
    path: Path
    title: str
    description: str
    services: int


def read_example(path: Path) -> Example:
    """An example's name, description and size, from its header; the file name alone when
    the file cannot be read (the list still offers it, and opening it says what is wrong)."""
    title, description, services = path.stem.replace("-", " ").capitalize(), "", 0
    try:
        with path.open("rb") as handle:
            data = json.loads(handle.read(_EXAMPLE_LIMIT))
    except (OSError, ValueError):
        return Example(path, title, description, services)
    if isinstance(data, dict):
        if isinstance(data.get("name"), str) and data["name"].strip():
            title = data["name"].strip()
        if isinstance(data.get("description"), str):
            description = data["description"].strip()
        if isinstance(data.get("services"), list):
            services = len(data["services"])
    return Example(path, title, description, services)


def _first_sentence(text: str, limit: int = 110) -> str:
    """The description's first sentence, cut at ``limit`` characters."""
    sentence = text.split(". ")[0].split(": ")[0].strip()
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


class _List(QListWidget):
    """A list as tall as its rows (up to ``most``), so the page reads top to bottom without
    empty boxes; its Delete key asks to drop the current entry (recent files)."""

    deleteRequested = Signal(object)  # Path

    def __init__(self, most: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._most = most
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        rows = max(1, min(self.count(), self._most))
        height = sum(self.sizeHintForRow(r) for r in range(rows)) if self.count() else 0
        height = max(height, self.fontMetrics().height() + 6)
        frame = 2 * self.frameWidth() + 4
        return QSize(super().sizeHint().width(), height + frame)

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self.sizeHint().height())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        item = self.currentItem()
        if event.key() == Qt.Key.Key_Delete and item is not None:
            self.deleteRequested.emit(item.data(PATH_ROLE))
            return
        super().keyPressEvent(event)


class StartPage(QScrollArea):
    """Start choices on the left, recent files and examples on the right."""

    openRecent = Signal(object)  # Path
    openExample = Signal(object)  # Path
    emptyMatrix = Signal()
    recentRemoved = Signal()

    def __init__(
        self,
        settings: Settings,
        actions: tuple[QAction, QAction, QAction],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("startPage")
        self.setAccessibleName("Start page")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.settings = settings
        import_iac, add_services, open_file = actions
        body = QWidget(self)
        body.setObjectName("startPageBody")
        self.setWidget(body)

        title = QLabel("Start a responsibility matrix", body)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(
            "Who runs, decides, is consulted and is informed for each service of a cloud "
            "workload: start from your infrastructure code or from the catalog, or open a "
            "project.",
            body,
        )
        intro.setWordWrap(True)

        self.from_code = self._command(
            body,
            "New from Infrastructure &Code…",
            "Read the inventory from CloudFormation, SAM or Terraform JSON",
            import_iac,
        )
        self.add_services = self._command(
            body,
            "Add &Services…",
            "Pick services from the catalog: api gw, ddb, lambda…",
            add_services,
        )
        self.open_file = self._command(body, "&Open…", "Open a project file (.srm)", open_file)
        self.empty = QCommandLinkButton(
            "Empty &matrix", "Set up parties and areas first; add services later", body
        )
        self.empty.setAccessibleName("Empty matrix")
        self.empty.clicked.connect(self.emptyMatrix)

        self.recent = _List(10, body)
        self.recent.setAccessibleName("Recent files")
        self.recent.setToolTip("Enter opens the file; Delete removes it from the list")
        self.recent.itemActivated.connect(lambda item: self.openRecent.emit(item.data(PATH_ROLE)))
        self.recent.deleteRequested.connect(self._remove_recent)
        recent_label = QLabel("&Recent files", body)
        recent_label.setBuddy(self.recent)
        self.examples = _List(6, body)
        self.examples.setAccessibleName("Examples")
        self.examples.setToolTip("Opens as an untitled copy: the example itself stays as it is")
        self.examples.itemActivated.connect(
            lambda item: self.openExample.emit(item.data(PATH_ROLE))
        )
        examples_label = QLabel("E&xamples", body)
        examples_label.setBuddy(self.examples)
        for label in (recent_label, examples_label):
            bold = QFont(label.font())
            bold.setBold(True)
            label.setFont(bold)

        self.reopen = QCheckBox("Reopen the &last file when SRM Desktop starts", body)
        self.reopen.setChecked(settings.reopen_last())
        self.reopen.toggled.connect(settings.set_reopen_last)

        left = QVBoxLayout()
        for button in (self.from_code, self.add_services, self.open_file, self.empty):
            left.addWidget(button)
        left.addWidget(self.reopen)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(recent_label)
        right.addWidget(self.recent)
        right.addSpacing(8)
        right.addWidget(examples_label)
        right.addWidget(self.examples)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addSpacing(24)
        columns.addLayout(right, 3)
        grid = QGridLayout(body)
        grid.setContentsMargins(32, 24, 32, 24)
        grid.setVerticalSpacing(12)
        grid.addWidget(title, 0, 0)
        grid.addWidget(intro, 1, 0)
        grid.addLayout(columns, 2, 0)
        how = QLabel(
            "<b>How it works.</b> List the workload's services; the rules fill in who is "
            "Responsible, Accountable, Consulted and Informed for each area, each rule citing "
            "its source; override a cell where your teams differ, with a rationale; export "
            "the review workbook and read the reviewers' edits back. Help ▸ Primer (F1) "
            "explains the model.",
            body,
        )
        how.setWordWrap(True)
        how.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        grid.addWidget(how, 3, 0)
        grid.setRowStretch(4, 1)
        body.setMaximumWidth(1100)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self._fill_examples()
        self.refresh()

    @staticmethod
    def _command(parent: QWidget, text: str, description: str, action: QAction) -> QWidget:
        button = QCommandLinkButton(text, description, parent)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.setAccessibleDescription(description)
        button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        button.clicked.connect(action.trigger)
        return button

    # -- contents -------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the recent files (another window may have changed the list)."""
        self.recent.clear()
        grey = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        for path in self.settings.recent_files():
            reason = missing_reason(path)
            text = f"{path.name}  —  {path.parent}"
            item = QListWidgetItem(text if reason is None else f"{text}  ({reason})")
            item.setData(PATH_ROLE, path)
            item.setToolTip(str(path) if reason is None else f"{path}: {reason}")
            if reason is not None:
                item.setForeground(grey)
                item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, reason)
            self.recent.addItem(item)
        if not self.recent.count():
            empty = QListWidgetItem("No recent files yet")
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.addItem(empty)
        else:
            self.recent.setCurrentRow(0)
        self.recent.updateGeometry()

    def _fill_examples(self) -> None:
        for path in example_files():
            example = read_example(path)
            count = f"{example.services} services" if example.services else path.name
            text = f"{example.title}  —  {count}"
            if example.description:
                text += f" · {_first_sentence(example.description)}"
            item = QListWidgetItem(text)
            item.setData(PATH_ROLE, path)
            item.setToolTip(example.description or str(path))
            self.examples.addItem(item)
        self.examples.updateGeometry()

    def _remove_recent(self, path: object) -> None:
        if isinstance(path, Path):
            self.settings.remove_recent(path)
            self.refresh()
            self.recentRemoved.emit()

    def focus_first(self) -> None:
        """Where the keyboard starts: the last file (Enter reopens it), else the first
        command."""
        if self.recent.currentItem() is not None:
            self.recent.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.from_code.setFocus(Qt.FocusReason.OtherFocusReason)
