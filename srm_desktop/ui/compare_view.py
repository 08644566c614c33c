"""The compare view (issue 14): *File ▸ Compare With…* another ``.srm`` file or *Compare With
Last Commit*, shown as a mode of the matrix -- changed cells marked, the old value in their
tooltip, a "changed only" filter -- with the inventory, party and area changes listed in a
*Changes* pane; *Close Compare* returns to the plain matrix.

The other version is read in a worker (a damaged or newer file is one message naming it) and
diffed with ``domain.diff.diff_projects`` (old = the other version, new = the open project), so
the matrix's own keys are the diff's. The matrix model only adapts the diff
(``models/compare_marks.py``); edits made while comparing re-diff a moment later, in a quiet
worker (a 240k-cell estate diffs in a few hundred milliseconds).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from srm_desktop.domain.project import Project
from srm_desktop.domain.visible_text import visible
from srm_desktop.ui import prompts
from srm_desktop.ui.document import Document
from srm_desktop.ui.models.compare_marks import CompareMarks
from srm_desktop.ui.theme import changed_marker_color
from srm_desktop.ui.workers import BackgroundTask

if TYPE_CHECKING:
    from srm_desktop.domain.diff import ProjectDiff
    from srm_desktop.domain.provider import Provider
    from srm_desktop.ui.matrix_view import MatrixView

#: Item data of a pane line: the (entry id, area id or None) it leads to in the matrix.
_TARGET_ROLE = Qt.ItemDataRole.UserRole + 1
#: Up to this many lines, every entry's lines show unfolded in the pane.
EXPANDED_LINES = 200
#: How long after an edit the open project is diffed again.
REDIFF_MS = 300


class CompareBar(QFrame):
    """The strip above the matrix while comparing: what with, the counts, the filter, Close."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.changed_only = QCheckBox("Chan&ged only", self)  # Alt+H is Help
        self.changed_only.setToolTip("Only the rows that changed since the compared version")
        self.close_button = QPushButton("Close Compare", self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.changed_only)
        layout.addWidget(self.close_button)
        self.hide()

    def mark(self, colour: QColor) -> None:
        """The left edge in the changed cells' marker colour: the strip is their legend."""
        self.setStyleSheet("")  # the same sheet again would not polish the strip again
        self.setStyleSheet(
            f"#compareBar {{ border: 1px solid palette(mid); border-left: 4px solid "
            f"{colour.name()}; }}"
        )

    def restyle(self) -> None:
        """After View ▸ Theme: the children of a widget with a style sheet keep the palette
        they were polished with (light grey text was left on a light strip), so the sheet is
        set again, with the marker colour of the new theme."""
        if self.styleSheet():
            self.mark(changed_marker_color(QGuiApplication.palette()))


class ChangesPane(QTreeWidget):
    """The changes the matrix cannot show as cells: the project's properties, parties, areas
    and inventory entries, then each entry's changed rows (as ``srm diff`` words them).
    Activating a line shows its entry (or row) in the matrix."""

    goTo = Signal(str, object)  # entry id, area id or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Changes since the compared version")
        self.setUniformRowHeights(True)
        self.setWordWrap(False)
        self.itemActivated.connect(self._activated)

    def show_diff(self, diff: ProjectDiff) -> None:
        """Names are shown with their invisible and bidi controls as ⟨U+XXXX⟩, as ``srm diff``
        and the matrix show them (a U+202E would reverse the rest of the line)."""
        from srm_desktop.domain.diff import Change
        from srm_desktop.formats.diff_report import (
            area_line,
            entry_header,
            entry_title,
            field_text,
            party_line,
            rows_lines,
        )

        self.clear()  # the counts are in the compare bar, which has the width for them
        self._group("Project", [(f"~ {field_text(c)}", None) for c in diff.properties])
        self._group("Parties", [(party_line(c), None) for c in diff.parties])
        self._group("Areas", [(area_line(c), None) for c in diff.areas])
        provider = self._provider(diff)
        entries = []
        for group in diff.by_service():
            removed = group.change is not None and group.change.change is Change.REMOVED
            title = entry_title(group.entry, provider)
            head = (entry_header(group.change, title, diff), None if removed else group.entry.id)
            lines = []
            if group.change is not None and group.change.change is Change.CHANGED:
                lines += [f"    {field_text(f)}" for f in group.change.fields]
            lines += rows_lines(group.rows)
            entries.append((head, lines, group))
        parent = self._group("Inventory and cells", [], expanded=True, count=len(entries))
        for (text, sid), lines, group in entries:
            item = QTreeWidgetItem(parent, [visible(text)])
            item.setToolTip(0, visible(text))
            item.setData(0, _TARGET_ROLE, (sid, group.rows[0].area.id if group.rows else None))
            for line, row in zip(lines, self._rows_for(lines, group), strict=True):
                child = QTreeWidgetItem(item, [visible(line.strip())])
                child.setToolTip(0, visible(line.strip()))
                child.setData(0, _TARGET_ROLE, (sid, row))
        if not diff.empty:
            self.expandItem(parent)
        if sum(len(lines) for _h, lines, _g in entries) <= EXPANDED_LINES:
            for i in range(parent.childCount()):
                entry_item = parent.child(i)
                if entry_item is not None:
                    self.expandItem(entry_item)

    @staticmethod
    def _rows_for(lines: list[str], group: object) -> list[str | None]:
        """Each line's area id, where the line names one of the group's rows."""
        rows = getattr(group, "rows", ())
        names = {row.area.name: row.area.id for row in rows}
        out: list[str | None] = []
        for line in lines:
            head = line.strip().split(":")[0].split(" · ")[0]
            out.append(names.get(head))
        return out

    @staticmethod
    def _provider(diff: ProjectDiff) -> Provider | None:
        from srm_desktop.domain.errors import SrmError
        from srm_desktop.domain.provider import get_provider

        try:
            return get_provider(diff.new.provider)
        except SrmError:
            return None

    def _group(
        self,
        title: str,
        lines: list[tuple[str, str | None]],
        *,
        expanded: bool = True,
        count: int | None = None,
    ) -> QTreeWidgetItem:
        n = len(lines) if count is None else count
        item = QTreeWidgetItem(self, [f"{title} ({n})"])
        for text, sid in lines:
            child = QTreeWidgetItem(item, [visible(text)])
            child.setToolTip(0, visible(text))
            child.setData(0, _TARGET_ROLE, (sid, None) if sid else None)
        item.setExpanded(expanded and bool(lines))
        item.setHidden(n == 0)
        return item

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        target = item.data(0, _TARGET_ROLE)
        if target and target[0]:
            self.goTo.emit(target[0], target[1])


class CompareController(QObject):
    """The compare mode's state: the other version, the diff, the bar and the pane's content
    (the window places the pane's dock on :attr:`activeChanged`)."""

    message = Signal(str)
    #: The compare view was opened or closed (True while comparing).
    activeChanged = Signal(bool)

    def __init__(
        self,
        window: QMainWindow,
        document: Document,
        matrix: MatrixView,
        bar: CompareBar,
        pane: ChangesPane,
    ) -> None:
        super().__init__(window)
        self.window, self.document, self.matrix = window, document, matrix
        self.bar, self.pane = bar, pane
        self.other: Project | None = None
        self.label = ""
        self.diff: ProjectDiff | None = None
        self.task: BackgroundTask[tuple[Project, ProjectDiff]] | None = None
        self._rediff: BackgroundTask[ProjectDiff] | None = None
        self._path: Path | None = None
        self._project_id = ""  # the compared project's id: untitled ones share the path None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REDIFF_MS)
        self._timer.timeout.connect(self.rediff)
        bar.close_button.clicked.connect(self.close)
        bar.changed_only.toggled.connect(matrix.proxy.set_changed_only)
        document.undo_stack.indexChanged.connect(self._edited)
        document.pathChanged.connect(self._path_changed)

    @property
    def active(self) -> bool:
        return self.other is not None

    # -- choosing the other version -------------------------------------------------------------

    def compare_with(self) -> None:
        doc = self.document
        folder = doc.path.parent if doc.path else Path.home()
        path = prompts.open_path(self.window, "Compare With", str(folder), prompts.PROJECT_FILTER)
        if path is not None:
            self.compare_with_path(path)

    def compare_with_path(self, path: Path) -> None:
        from srm_desktop.formats.project_file import open_project

        self._read(path.name, f"Reading {path.name}…", lambda: open_project(path)[0])

    def compare_with_last_commit(self) -> None:
        from srm_desktop.formats.git_revision import LAST_COMMIT, git_version

        path = self.document.path
        if path is None:
            prompts.error(self.window, "Compare With Last Commit", "Save the project first.")
            return
        self._read(
            f"the last commit ({LAST_COMMIT})",
            f"Reading {path.name} at {LAST_COMMIT}…",
            lambda: git_version(path, LAST_COMMIT)[0],
        )

    def _read(self, label: str, what: str, read: Callable[[], Project]) -> None:
        from srm_desktop.domain.diff import diff_projects

        project = self.document.project

        def job(
            _progress: Callable[[int, int], None], _cancelled: Callable[[], bool]
        ) -> tuple[Project, ProjectDiff]:
            other = read()
            return other, diff_projects(other, project)

        task = BackgroundTask(self.window, "Compare", what, job)
        task.on_success(lambda result: self._read_done(label, project, *result))
        task.failed.connect(
            lambda message: prompts.error(self.window, "Could not compare", message)
        )
        self.task = task
        task.start()

    def _read_done(self, label: str, project: Project, other: Project, diff: ProjectDiff) -> None:
        self.other, self.label, self._path = other, label, self.document.path
        self._project_id = self.document.project.id
        if self.document.project is project:
            self._show(diff)
        else:
            self.rediff()
        self.bar.show()
        self.activeChanged.emit(True)  # the window shows the pane
        self.message.emit(f"Comparing with {label}: {diff.summary().text()}")

    # -- while comparing ------------------------------------------------------------------------

    def _show(self, diff: ProjectDiff) -> None:
        self.diff = diff
        self.matrix.source.set_compare(CompareMarks(diff, self.label))
        self.matrix.proxy.refilter_changed()
        self.bar.label.setText(f"Comparing with {self.label}: {diff.summary().text()}")
        self.bar.mark(changed_marker_color(self.bar.palette()))
        self.pane.setHeaderLabel(f"Changes since {self.label}")
        self.pane.show_diff(diff)

    def _edited(self) -> None:
        if self.active:
            self._timer.start()

    def rediff(self) -> None:
        """Diff the open project again (after an edit) against the same other version, in a
        quiet worker: a 240k-cell estate takes a few hundred milliseconds, too long a freeze
        after each keystroke. One at a time; the marks stay until the new diff arrives."""
        from srm_desktop.domain.diff import diff_projects

        self._timer.stop()
        other, project = self.other, self.document.project
        if other is None or self._rediff is not None:
            return

        def job(_p: Callable[[int, int], None], _c: Callable[[], bool]) -> ProjectDiff:
            return diff_projects(other, project)

        task = BackgroundTask(self.window, "Compare", "Comparing…", job, quiet=True)
        task.on_success(lambda diff: self._rediffed(other, project, diff))
        task.ended.connect(lambda: self._rediff_ended(project))
        self._rediff = task
        task.start()

    def _rediffed(self, other: Project, project: Project, diff: ProjectDiff) -> None:
        if self.other is other and self.document.project is project:
            self._show(diff)

    def _rediff_ended(self, project: Project) -> None:
        """Diff again only if the project changed meanwhile (a failed diff is not retried for
        the same project)."""
        self._rediff = None
        if self.other is not None and self.document.project is not project:
            self._timer.start()

    def _path_changed(self) -> None:
        """Another file was opened (or the document saved elsewhere): the comparison was with
        the previous one's history, so it ends. An untitled project has no path to tell it
        from the next untitled one (File ▸ New, an example): its id does. The same file read
        again (Reload after another program changed it) is compared as it is now."""
        doc = self.document
        if not self.active:
            return
        if doc.path != self._path or doc.project.id != self._project_id:
            self.close()
        elif self.diff is None or self.diff.new is not doc.project:
            self._timer.start()

    def since(self) -> tuple[ProjectDiff, str] | None:
        """The diff as the Changes sheet wants it (fresh for the project as it is now)."""
        if self.other is None:
            return None
        if self.diff is None or self.diff.new is not self.document.project:
            from srm_desktop.domain.diff import diff_projects

            self._show(diff_projects(self.other, self.document.project))
        assert self.diff is not None
        return self.diff, self.label

    def close(self) -> None:
        if not self.active:
            return
        self._timer.stop()
        self.other, self.diff, self.label = None, None, ""
        self.bar.changed_only.setChecked(False)
        self.matrix.source.set_compare(None)
        self.bar.hide()
        self.pane.clear()
        self.activeChanged.emit(False)
