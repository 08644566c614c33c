"""Merge conflicts in the window: each is an error in Problems that offers Take Ours and Take
Theirs (context menu and shortcut), one undo step each."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu

from srm_desktop.domain import edits
from srm_desktop.domain.edits import CellChange
from srm_desktop.domain.merge import merge_projects
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import get_provider
from srm_desktop.ui.main_window import MainWindow
from srm_desktop.ui.problems_view import ProblemsView

KEY = ("ec2", "guest-os", "platform")
OTHER = ("rds", "iam", "security")


@pytest.fixture
def project(project: Project) -> Project:
    """The sample project after a merge with two conflicts: one cell and the project's name."""
    aws = get_provider("aws")

    def cell(p: Project, key: tuple[str, str, str], letters: str, why: str) -> Project:
        return edits.set_cells(p, [CellChange(*key, letters)], rationale=why, at="t")

    ours = cell(cell(project, KEY, "A", "we patch"), OTHER, "C", "ours only")
    theirs = cell(project, KEY, "R", "they patch")
    ours, theirs = replace(ours, name="Ours"), replace(theirs, name="Theirs")
    merged = merge_projects(project, ours, theirs, aws)
    assert len(merged.conflicts) == 2
    return merged.project


def _row_of(view: ProblemsView, code: str, party: str | None) -> int:
    model = view.problems
    return next(
        r
        for r in range(model.row_total())
        if model.finding(r).code == code and model.finding(r).party_id == party
    )


def _ready(window: MainWindow) -> ProblemsView:
    window.document.revalidate()
    return window.problems


def test_a_conflict_is_an_error_naming_both_values(window: MainWindow) -> None:
    view = _ready(window)
    row = _row_of(view, "merge-conflict", "platform")
    model = view.problems
    assert model.index(row, 0).data() == "Error"
    assert model.index(row, 1).data() == "Amazon EC2 › Guest operating system › Platform"
    message = model.index(row, 2).data()
    assert "ours 'A'" in message
    assert "theirs 'R'" in message
    assert "Take Theirs" in model.index(row, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert window.document.counts()[0] >= 2


def test_take_theirs_by_shortcut_is_one_undo_step(qtbot, window: MainWindow) -> None:
    view = _ready(window)
    doc = window.document
    before = doc.project
    view.setFocus()
    view.setCurrentIndex(view.problems.index(_row_of(view, "merge-conflict", "platform"), 0))
    assert view.take_theirs.isEnabled()
    steps = doc.undo_stack.count()
    qtbot.keyClick(
        view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert doc.undo_stack.count() == steps + 1
    assert doc.undo_stack.undoText().startswith("Take Theirs: Amazon EC2")
    assert doc.project.cell(*KEY) == "R"
    assert doc.project.overrides[KEY].rationale == "they patch"
    assert len(doc.project.conflicts) == 1
    doc.revalidate()
    assert all(
        view.problems.finding(r).party_id != "platform"
        or view.problems.finding(r).code != "merge-conflict"
        for r in range(view.problems.row_total())
    )
    doc.undo_stack.undo()
    assert doc.project == before
    assert doc.project.cell(*KEY) == "A"
    doc.undo_stack.redo()
    assert doc.project.cell(*KEY) == "R"


def test_take_ours_from_the_context_menu(qtbot, window: MainWindow, monkeypatch) -> None:
    view = _ready(window)
    doc = window.document
    row = _row_of(view, "merge-conflict", None)  # the project's name
    shown: list[list[str]] = []

    def popup(menu: QMenu, _pos: QPoint) -> None:
        shown.append([a.text() for a in menu.actions()])

    monkeypatch.setattr(QMenu, "popup", popup)
    rect = view.visualRect(view.problems.index(row, 1))
    view.customContextMenuRequested.emit(rect.center())
    assert shown == [["Take &Ours", "Take &Theirs"]]
    view.take_ours.trigger()
    assert doc.project.name == "Ours"
    assert [c.kind.value for c in doc.project.conflicts] == ["cell"]
    assert doc.undo_stack.undoText() == "Take Ours: Project"
    doc.undo_stack.undo()
    assert len(doc.project.conflicts) == 2


def test_other_findings_offer_no_take(window: MainWindow, monkeypatch) -> None:
    view = _ready(window)
    row = next(
        r
        for r in range(view.problems.row_total())
        if view.problems.finding(r).code != "merge-conflict"
    )
    view.setCurrentIndex(view.problems.index(row, 0))
    assert not view.take_ours.isEnabled()
    assert not view.take_theirs.isEnabled()
    monkeypatch.setattr(QMenu, "popup", lambda *_: pytest.fail("no menu for other findings"))
    view.customContextMenuRequested.emit(view.visualRect(view.problems.index(row, 1)).center())
    assert view.take("theirs") is False
