"""File ▸ Compare With… / Compare With Last Commit: the matrix marks what changed, the old value
in the tooltip, "changed only", the Changes pane, Close Compare; a real git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QGuiApplication
from pytestqt.qtbot import QtBot

from srm_desktop.domain import edits
from srm_desktop.domain.edits import CellChange
from srm_desktop.domain.factory import service_entry
from srm_desktop.formats.project_file import save_project
from srm_desktop.ui import prompts
from srm_desktop.ui.main_window import MainWindow
from srm_desktop.ui.models.compare_marks import ADDED, CHANGED
from srm_desktop.ui.models.matrix import COL_AREA
from srm_desktop.ui.models.roles import CHANGE_ROLE
from srm_desktop.ui.theme import changed_fill

CELL = ("ec2", "guest-os", "platform")


def _edit_since(window: MainWindow) -> None:
    """What happened after the saved version: a reviewer changed a cell (with a reason) and
    added an entry."""
    doc = window.document
    assert doc.project.cell(*CELL) != "C"
    doc.editor.set_cells([CellChange(*CELL, "C")], "Edit Cell")
    doc.editor.set_rationale([CELL], "agreed in the review")
    project = doc.project
    entry = service_entry(
        doc.provider,
        "dynamodb",
        {e.id for e in project.services},
        {e.name for e in project.services},
    )
    doc.editor.add_service(entry)


def _compared(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.comparer().active, timeout=15_000)


def _cell(window: MainWindow, sid: str, aid: str, pid: str, role: int) -> object:
    model = window.matrix.source
    row = model.row_of(sid, aid)
    assert row is not None
    return model.index(row, model.column_of(pid)).data(role)


def test_changed_cells_are_marked_with_the_old_value_and_changed_only_filters(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    old = tmp_path / "review-v1.srm"
    before = window.document.project
    save_project(before, old, backup=False)
    _edit_since(window)
    added = window.document.project.services[-1]
    assert not window.acts.close_compare.isEnabled()

    window.comparer().compare_with_path(old)
    _compared(qtbot, window)
    assert window.compare_bar.isVisible()
    assert window.changes_pane.isVisible()
    assert window.acts.close_compare.isEnabled()

    assert _cell(window, *CELL, CHANGE_ROLE) == CHANGED
    brush = _cell(window, *CELL, Qt.ItemDataRole.BackgroundRole)
    assert isinstance(brush, QBrush)
    assert brush.color() == changed_fill(QGuiApplication.palette())
    tip = str(_cell(window, *CELL, Qt.ItemDataRole.ToolTipRole))
    assert tip.startswith(f"Changed since review-v1.srm: was {before.cell(*CELL)}")
    assert "Manual override: agreed in the review" in tip  # the usual text still follows
    assert _cell(window, "ec2", "guest-os", "aws", CHANGE_ROLE) is None
    new_row = window.matrix.source.row_of(added.id, "guest-os")
    assert new_row is not None
    assert window.matrix.source.index(new_row, COL_AREA).data(CHANGE_ROLE) == ADDED
    assert _cell(window, added.id, "guest-os", "aws", CHANGE_ROLE) is None  # not painted
    assert str(_cell(window, added.id, "guest-os", "aws", Qt.ItemDataRole.ToolTipRole)).startswith(
        "New since review-v1.srm"
    )

    proxy = window.matrix.proxy
    everything = proxy.rowCount()
    diff = window.comparer().diff
    assert diff is not None
    areas = len(window.document.project.visible_areas)
    window.compare_bar.changed_only.setChecked(True)
    assert proxy.rowCount() == len(diff.by_row) + areas  # changed rows + the new entry's
    assert ("ec2", "guest-os") in diff.by_row

    pane = window.changes_pane
    tops = [pane.topLevelItem(i) for i in range(pane.topLevelItemCount())]
    assert window.compare_bar.label.text().endswith(diff.summary().text())
    inventory = next(item for item in tops if item and item.text(0).startswith("Inventory"))
    children = [inventory.child(i) for i in range(inventory.childCount())]
    lines = [child.text(0) for child in children if child is not None]
    assert any(line.startswith("+ ") and added.name in line for line in lines)
    # a changed cell's line leads to its row in the matrix
    ec2 = next(c for c in children if c is not None and "Amazon EC2" in c.text(0))
    rows = [ec2.child(i) for i in range(ec2.childCount())]
    line = next(r for r in rows if r is not None and "Guest operating system" in r.text(0))
    window.compare_bar.changed_only.setChecked(False)
    window.matrix.show_cell("s3", "customer-data")
    pane.itemActivated.emit(line, 0)
    assert window.matrix.current_row_key() == ("ec2", "guest-os")
    window.compare_bar.changed_only.setChecked(True)

    window.acts.close_compare.trigger()
    assert not window.comparer().active
    assert not window.changes_pane.isVisible()
    assert not window.compare_bar.isVisible()
    assert proxy.rowCount() == everything
    assert _cell(window, *CELL, CHANGE_ROLE) is None
    assert "Changed since" not in str(_cell(window, *CELL, Qt.ItemDataRole.ToolTipRole))


def test_an_edit_while_comparing_is_marked_a_moment_later(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    old = tmp_path / "v1.srm"
    save_project(window.document.project, old, backup=False)
    window.comparer().compare_with_path(old)
    _compared(qtbot, window)
    diff = window.comparer().diff
    assert diff is not None
    assert diff.empty
    assert _cell(window, *CELL, CHANGE_ROLE) is None
    window.document.editor.set_cells([CellChange(*CELL, "C")], "Edit Cell")
    qtbot.waitUntil(lambda: _cell(window, *CELL, CHANGE_ROLE) == CHANGED, timeout=10_000)
    window.document.undo_stack.undo()
    qtbot.waitUntil(lambda: _cell(window, *CELL, CHANGE_ROLE) is None, timeout=10_000)


def test_a_damaged_file_is_one_message_naming_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, stub_prompts
) -> None:
    bad = tmp_path / "damaged.srm"
    bad.write_text('{"schema": 2, "name": ')
    stub_prompts.open_paths = [bad]
    window.acts.compare_with.trigger()
    task = window.comparer().task
    assert task is not None
    qtbot.waitUntil(lambda: bool(stub_prompts.errors), timeout=15_000)
    [(title, text)] = stub_prompts.errors
    assert title == "Could not compare"
    assert "damaged.srm" in text
    assert "\n" not in text
    assert not window.comparer().active


def test_another_untitled_project_ends_the_comparison(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """An untitled project compared with a file, then File ▸ New or an example (untitled too):
    the new project is not the compared one's history, so no marks or bar carry over."""
    old = tmp_path / "v1.srm"
    save_project(window.document.project, old, backup=False)
    assert window.document.path is None
    examples = Path(__file__).resolve().parents[2] / "examples"
    for open_next in (
        window.file.new,
        lambda: window.file.open_example(examples / "three-tier-web.srm"),
    ):
        window.comparer().compare_with_path(old)
        _compared(qtbot, window)
        open_next()
        assert window.document.path is None
        assert not window.comparer().active
        assert not window.acts.close_compare.isEnabled()
        assert not window.compare_bar.isVisible()
        assert window.matrix.proxy.rowCount() == window.matrix.source.rowCount()


def test_reloading_the_file_while_comparing_marks_what_it_holds_now(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """Another program changed the open file and the user chose Reload: the comparison goes on
    (same file), against the project as reloaded, not the one before."""
    old, current = tmp_path / "v1.srm", tmp_path / "review.srm"
    save_project(window.document.project, old, backup=False)
    save_project(window.document.project, current, backup=False)
    assert window.file.load(current)
    window.comparer().compare_with_path(old)
    _compared(qtbot, window)
    diff = window.comparer().diff
    assert diff is not None
    assert diff.empty
    changed = edits.set_cells(
        window.document.project, [CellChange(*CELL, "C")], rationale="outside", at="t"
    )
    save_project(changed, current, backup=False)
    assert window.file.reload()
    qtbot.waitUntil(lambda: _cell(window, *CELL, CHANGE_ROLE) == CHANGED, timeout=10_000)
    assert window.comparer().active
    diff = window.comparer().diff
    assert diff is not None
    assert diff.new is window.document.project


def test_export_while_comparing_offers_the_changes_sheet(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    stub_prompts,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old = tmp_path / "review-v1.srm"
    save_project(window.document.project, old, backup=False)
    _edit_since(window)
    window.comparer().compare_with_path(old)
    _compared(qtbot, window)
    asked: list[str] = []

    def include(_parent: object, label: str) -> bool:
        asked.append(label)
        return True

    monkeypatch.setattr(prompts, "ask_include_changes", include)
    target = tmp_path / "review.xlsx"
    stub_prompts.save_paths = [target]
    window.acts.export_workbook.trigger()
    qtbot.waitUntil(lambda: target.exists(), timeout=30_000)
    assert asked == ["review-v1.srm"]
    from openpyxl import load_workbook

    book = load_workbook(target, read_only=True)
    assert "Changes" in book.sheetnames
    book.close()


# -- git ---------------------------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed: Compare With Last Commit needs it")
    home = tmp_path / "home"
    home.mkdir()
    for key, value in {
        "GIT_CONFIG_GLOBAL": str(home / "gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Ana Architect",
        "GIT_AUTHOR_EMAIL": "ana@example.com",
        "GIT_COMMITTER_NAME": "Ana Architect",
        "GIT_COMMITTER_EMAIL": "ana@example.com",
    }.items():
        monkeypatch.setenv(key, value)
    for key in ("GIT_DIR", "GIT_WORK_TREE"):
        monkeypatch.delenv(key, raising=False)
    root = tmp_path / "repo"
    root.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    return root


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=os.environ)


def test_compare_with_the_last_commit_in_a_real_repository(
    qtbot: QtBot, window: MainWindow, repo: Path, stub_prompts
) -> None:
    path = repo / "web.srm"
    window._update_compare_git()
    assert not window.acts.compare_git.isEnabled()  # untitled: nothing to compare with
    stub_prompts.save_paths = [path]
    window.acts.save_as.trigger()
    window._update_compare_git()
    assert not window.acts.compare_git.isEnabled()  # in the repository, never committed
    _git(repo, "add", "web.srm")
    _git(repo, "commit", "-q", "-m", "reviewed")
    window._update_compare_git()
    assert window.acts.compare_git.isEnabled()

    committed = window.document.project
    _edit_since(window)
    window.acts.save.trigger()  # the working file moves on; HEAD keeps the reviewed version
    window.acts.compare_git.trigger()
    _compared(qtbot, window)
    assert window.comparer().label == "the last commit (HEAD)"
    assert _cell(window, *CELL, CHANGE_ROLE) == CHANGED
    tip = str(_cell(window, *CELL, Qt.ItemDataRole.ToolTipRole))
    assert tip.startswith(f"Changed since the last commit (HEAD): was {committed.cell(*CELL)}")


def test_compare_with_last_commit_is_greyed_outside_a_repository(
    window: MainWindow, tmp_path: Path, stub_prompts
) -> None:
    stub_prompts.save_paths = [tmp_path / "loose.srm"]
    window.acts.save_as.trigger()
    window._update_compare_git()
    assert not window.acts.compare_git.isEnabled()
