"""The rationale is never lost (walkthrough F2): typed text is kept when the user moves on,
Ctrl+Enter saves, each save is one undo step, and one reason can go to every overridden cell
selected."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt

from srm_desktop.formats.project_file import load_project
from srm_desktop.ui.main_window import MainWindow
from srm_desktop.ui.models.matrix import FIRST_PARTY

SECURITY = FIRST_PARTY + 2
KEY = ("ec2", "physical", "security")


def click_cell(qtbot, window: MainWindow, row: int, col: int) -> None:
    view = window.matrix
    rect = view.visualRect(view.proxy.index(row, col))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def override_first_cell(qtbot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    click_cell(qtbot, window, 0, SECURITY)
    qtbot.keyClick(window.matrix, Qt.Key.Key_I)
    assert KEY in window.document.project.overrides


def test_a_typed_rationale_survives_a_click_on_another_cell_and_a_reopen(
    qtbot, window: MainWindow, stub_prompts, tmp_path: Path
) -> None:
    override_first_cell(qtbot, window)
    box = window.details.rationale
    qtbot.mouseClick(box.viewport(), Qt.MouseButton.LeftButton)
    assert box.hasFocus()
    qtbot.keyClicks(box, "SEC-112: Security reads the SOC reports")
    click_cell(qtbot, window, 3, SECURITY)
    target = tmp_path / "kept.srm"
    stub_prompts.save_paths = [target]
    window.acts.save.trigger()
    window.acts.new.trigger()
    stub_prompts.open_paths = [target]
    window.acts.open.trigger()
    assert window.document.path == target.resolve()
    assert window.document.project.overrides[KEY].rationale == (
        "SEC-112: Security reads the SOC reports"
    )


def select_rows(window: MainWindow, top: int, bottom: int) -> None:
    view = window.matrix
    view.setFocus()
    view.setCurrentIndex(view.proxy.index(top, SECURITY))
    view.selectionModel().select(
        QItemSelection(view.proxy.index(top, SECURITY), view.proxy.index(bottom, SECURITY)),
        QItemSelectionModel.SelectionFlag.ClearAndSelect,
    )


def test_one_rationale_for_every_cell_the_gesture_changed(qtbot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    select_rows(window, 0, 2)
    qtbot.keyClick(window.matrix, Qt.Key.Key_A)
    details = window.details
    assert details.apply_all.isVisible()
    assert details.apply_all.isChecked()
    assert "3" in details.apply_all.text()
    details.focus_rationale()
    qtbot.keyClicks(details.rationale, "Security is accountable for the hosts")
    qtbot.keyClick(details.rationale, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    project = window.document.project
    keys = [k for k in project.overrides if k[0] == "ec2" and k[2] == "security"]
    assert len(keys) == 3
    assert {project.overrides[k].rationale for k in keys} == {
        "Security is accountable for the hosts"
    }
    stack = window.document.undo_stack
    assert stack.undoText() == "Edit Rationale"
    stack.undo()  # one step takes all three back
    assert {window.document.project.overrides[k].rationale for k in keys} == {""}


def test_differing_rationales_are_not_overwritten_by_default(qtbot, window: MainWindow) -> None:
    select_rows(window, 0, 1)
    qtbot.keyClick(window.matrix, Qt.Key.Key_A)
    first = ("ec2", window.matrix.current_key()[1], "security")  # type: ignore[index]
    window.document.editor.set_rationale([first], "only this one")
    select_rows(window, 0, 1)
    assert window.details.apply_all.isVisible()
    assert not window.details.apply_all.isChecked()


def test_ctrl_s_while_typing_saves_the_rationale_too(
    qtbot, window: MainWindow, stub_prompts, tmp_path: Path
) -> None:
    override_first_cell(qtbot, window)
    window.details.focus_rationale()
    qtbot.keyClicks(window.details.rationale, "typed, then Ctrl+S")
    stub_prompts.save_paths = [tmp_path / "typed.srm"]
    qtbot.keyClick(window.details.rationale, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert load_project(tmp_path / "typed.srm").overrides[KEY].rationale == "typed, then Ctrl+S"
    assert not window.isWindowModified()


def test_a_refresh_keeps_the_text_being_typed(qtbot, window: MainWindow) -> None:
    override_first_cell(qtbot, window)
    window.details.focus_rationale()
    qtbot.keyClicks(window.details.rationale, "half a thought")
    window.details.refresh()
    assert window.details.rationale.toPlainText() == "half a thought"
    window.details.commit()
    window.document.undo_stack.setClean()
