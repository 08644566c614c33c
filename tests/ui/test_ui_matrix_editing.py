"""Editing the matrix by keyboard and clipboard: each gesture is one undo step."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication

from srm_desktop.ui.delegates import RaciEditor
from srm_desktop.ui.main_window import MainWindow
from srm_desktop.ui.models.matrix import FIRST_PARTY

AWS, PLATFORM, SECURITY = FIRST_PARTY, FIRST_PARTY + 1, FIRST_PARTY + 2


def select(window: MainWindow, top: int, left: int, bottom: int, right: int) -> None:
    view = window.matrix
    view.setFocus()
    view.setCurrentIndex(view.proxy.index(top, left))
    view.selectionModel().select(
        QItemSelection(view.proxy.index(top, left), view.proxy.index(bottom, right)),
        QItemSelectionModel.SelectionFlag.ClearAndSelect,
    )


def cell(window: MainWindow, row: int, col: int) -> str:
    return str(window.matrix.proxy.index(row, col).data() or "")


def column(window: MainWindow, col: int, rows: range) -> list[str]:
    return [cell(window, r, col) for r in rows]


def test_typing_a_letter_on_three_cells_is_one_undoable_step(qtbot, window: MainWindow) -> None:
    before = column(window, SECURITY, range(3))
    select(window, 0, SECURITY, 2, SECURITY)
    qtbot.keyClick(window.matrix, Qt.Key.Key_R)
    assert column(window, SECURITY, range(3)) == ["R", "R", "R"]
    assert window.isWindowModified()
    assert window.document.undo_stack.count() == 1
    assert window.acts.undo.text() == "&Undo Toggle R"
    qtbot.keyClick(window.matrix, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert column(window, SECURITY, range(3)) == before
    assert not window.isWindowModified()
    window.document.undo_stack.redo()
    assert column(window, SECURITY, range(3)) == ["R", "R", "R"]


def test_delete_clears_the_selection(qtbot, window: MainWindow) -> None:
    select(window, 0, AWS, 3, PLATFORM)
    qtbot.keyClick(window.matrix, Qt.Key.Key_Delete)
    assert column(window, AWS, range(4)) == [""] * 4
    assert column(window, PLATFORM, range(4)) == [""] * 4
    window.document.undo_stack.undo()
    assert column(window, AWS, range(4)) == ["R/A"] * 4


def test_paste_a_tsv_block_then_undo(qtbot, window: MainWindow) -> None:
    before = [column(window, c, range(2)) for c in (AWS, PLATFORM)]
    select(window, 0, AWS, 0, AWS)
    QGuiApplication.clipboard().setText("C\tr,a\r\n\tI\r\n")
    window.acts.paste.trigger()
    assert [cell(window, 0, AWS), cell(window, 0, PLATFORM)] == ["C", "R/A"]
    assert [cell(window, 1, AWS), cell(window, 1, PLATFORM)] == ["", "I"]
    assert window.document.undo_stack.count() == 1
    window.document.undo_stack.undo()
    assert [column(window, c, range(2)) for c in (AWS, PLATFORM)] == before


def test_paste_of_words_changes_nothing_and_says_why(qtbot, window: MainWindow) -> None:
    select(window, 0, AWS, 0, AWS)
    with qtbot.waitSignal(window.matrix.message) as blocker:
        window.matrix.paste("R\nmaybe\n")
    assert "row 2" in blocker.args[0]
    assert window.document.undo_stack.count() == 0


def test_copy_puts_tsv_on_the_clipboard(window: MainWindow) -> None:
    select(window, 0, AWS, 1, PLATFORM)
    window.acts.copy.trigger()
    assert QGuiApplication.clipboard().text() == "R/A\tI\nR/A\tI\n"


def test_fill_down_is_one_step(qtbot, window: MainWindow) -> None:
    # EC2's guest OS row (4) and the platform rows below are customer-owned; fill AWS down.
    select(window, 0, AWS, 6, AWS)
    qtbot.keyClick(window.matrix, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert column(window, AWS, range(7)) == ["R/A"] * 7
    assert window.document.undo_stack.count() == 1
    window.document.undo_stack.undo()
    assert cell(window, 4, AWS) == ""


def test_enter_opens_the_check_box_editor(qtbot, window: MainWindow) -> None:
    select(window, 0, SECURITY, 0, SECURITY)
    qtbot.keyClick(window.matrix, Qt.Key.Key_Return)
    editor = window.matrix.indexWidget(window.matrix.currentIndex())
    if editor is None:
        editor = window.matrix.findChild(RaciEditor)
    assert isinstance(editor, RaciEditor)
    qtbot.keyClick(editor, Qt.Key.Key_C)
    assert editor.letters() == "C"
    window.matrix.commitData(editor)
    window.matrix.closeEditor(editor, window.matrix.itemDelegate().EndEditHint.NoHint)
    assert cell(window, 0, SECURITY) == "C"
    assert window.document.undo_stack.undoText() == "Edit Cell"


def test_overridden_cells_are_shown_in_details(qtbot, window: MainWindow) -> None:
    select(window, 0, SECURITY, 0, SECURITY)
    qtbot.keyClick(window.matrix, Qt.Key.Key_I)
    assert "Manual override" in window.details.source.text()
    assert window.details.rationale.isEnabled()
    window.details.rationale.setPlainText("Security watches the data centre reports")
    window.details.save_rationale.click()
    key = ("ec2", "physical", "security")
    assert window.document.project.overrides[key].rationale.startswith("Security watches")
    window.details.reset.click()
    assert key not in window.document.project.overrides
    assert cell(window, 0, SECURITY) == ""
    assert "Rule" in window.details.source.text()
    window.document.undo_stack.undo()
    assert key in window.document.project.overrides
