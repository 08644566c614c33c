"""Project > Responsibility Areas…: rows added, renamed, hidden and moved as one undo step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from srm_desktop.ui import prompts
from srm_desktop.ui.dialogs.areas import AreasDialog
from srm_desktop.ui.main_window import MainWindow


def test_add_rename_hide_and_move_areas_then_undo(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = window.document.project
    monkeypatch.setattr(prompts, "ask_text", lambda *_a, **_k: "DR drills")

    def drive(dialog: object) -> bool:
        assert isinstance(dialog, AreasDialog)
        dialog.areas.setCurrentRow(0)
        dialog.add_button.click()  # inserted after the current row
        assert dialog.areas.currentItem().text().startswith("DR drills")
        dialog.up_button.click()  # now the first row
        dialog.name.setText("Disaster-recovery drills")
        dialog.name.editingFinished.emit()
        backup = next(
            dialog.areas.item(i)
            for i in range(dialog.areas.count())
            if dialog.areas.item(i).text().startswith("Backup")
        )
        backup.setCheckState(Qt.CheckState.Unchecked)
        return True

    monkeypatch.setattr(prompts, "exec_dialog", drive)
    window.acts.areas.trigger()

    project = window.document.project
    assert project.areas[0].name == "Disaster-recovery drills"
    assert project.area("backup").hidden
    assert "backup" not in {a.id for a in project.visible_areas}
    custom = project.areas[0].id
    assert project.row(project.services[0].id, custom).raci == ("",) * len(project.parties)
    assert window.document.undo_stack.undoText() == "Edit Responsibility Areas"
    window.document.undo_stack.undo()
    assert window.document.project == before


def test_the_last_visible_area_cannot_be_hidden(window: MainWindow) -> None:
    dialog = AreasDialog(window.document.project, window.document.provider, window)
    for i in range(dialog.areas.count() - 1):
        dialog.areas.item(i).setCheckState(Qt.CheckState.Unchecked)
    last = dialog.areas.item(dialog.areas.count() - 1)
    last.setCheckState(Qt.CheckState.Unchecked)
    assert len(dialog.project.visible_areas) == 1
    assert "must stay visible" in dialog.error.text()
    dialog.deleteLater()


def test_a_duplicate_name_is_refused_in_place(window: MainWindow) -> None:
    dialog = AreasDialog(window.document.project, window.document.provider, window)
    dialog.areas.setCurrentRow(1)
    dialog.name.setText(dialog.project.areas[0].name)
    dialog.name.editingFinished.emit()
    assert "already called" in dialog.error.text()
    assert not dialog.changed
    dialog.deleteLater()
