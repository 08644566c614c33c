"""Edit > Preferences…: the author name on overrides, remembered across sessions."""

from __future__ import annotations

import pytest

from srm_desktop.domain.edits import CellChange
from srm_desktop.ui import prompts
from srm_desktop.ui.dialogs.preferences import PreferencesDialog
from srm_desktop.ui.document import Document
from srm_desktop.ui.main_window import MainWindow


def test_the_chosen_name_is_recorded_on_overrides_and_remembered(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    def type_name(dialog: object) -> bool:
        assert isinstance(dialog, PreferencesDialog)
        dialog.author_edit.setText("  Ana Lopez (Cloud Architecture) ")
        dialog.buttons.accepted.emit()
        return dialog.result() == PreferencesDialog.DialogCode.Accepted

    monkeypatch.setattr(prompts, "exec_dialog", type_name)
    window.acts.preferences.trigger()
    doc = window.document
    doc.editor.set_cells([CellChange("ec2", "iam", "security", "R/A")], "Set R/A")
    assert doc.project.overrides[("ec2", "iam", "security")].author == (
        "Ana Lopez (Cloud Architecture)"
    )
    # a new window (the next session) starts with the remembered name
    later = MainWindow(Document(doc.project))
    assert later.document.author == "Ana Lopez (Cloud Architecture)"
    later.document.undo_stack.setClean()
    later.close()
    later.deleteLater()


def test_a_name_with_control_characters_is_refused_in_the_dialog(window: MainWindow) -> None:
    dialog = PreferencesDialog("ana", window)
    dialog.author_edit.setText("Ana\x07Lopez")
    dialog.buttons.accepted.emit()
    assert dialog.result() != PreferencesDialog.DialogCode.Accepted
    assert "control character" in dialog.error.text()
    dialog.deleteLater()
