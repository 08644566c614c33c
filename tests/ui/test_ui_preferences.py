"""Edit > Preferences…: the author name on overrides, remembered across sessions."""

from __future__ import annotations

from datetime import UTC, datetime

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


def test_the_first_override_asks_for_the_name_once_defaulting_to_the_login_name(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, author_question_answered: list[str]
) -> None:
    answers = ["Ana Lopez"]
    monkeypatch.setattr(prompts, "ask_author", lambda _p, login: answers.pop(0))
    doc = window.document
    doc.editor.set_cells([CellChange("ec2", "iam", "security", "R/A")], "Set R/A")
    assert doc.project.overrides[("ec2", "iam", "security")].author == "Ana Lopez"
    doc.editor.set_cells([CellChange("ec2", "backup", "security", "C")], "Set C")  # not again
    assert doc.project.overrides[("ec2", "backup", "security")].author == "Ana Lopez"
    later = MainWindow(Document(doc.project))  # the next session: never asked again
    later.document.editor.set_cells([CellChange("ec2", "logging", "security", "I")], "Set I")
    assert later.document.author == "Ana Lopez"
    assert not answers
    later.document.undo_stack.setClean()
    later.close()
    later.deleteLater()


def test_cancelling_the_name_question_keeps_the_login_name_and_asks_no_more(
    window: MainWindow, author_question_answered: list[str]
) -> None:
    doc = window.document
    login = doc.author
    doc.editor.set_cells([CellChange("ec2", "iam", "security", "R/A")], "Set R/A")
    assert author_question_answered == [login]
    assert doc.project.overrides[("ec2", "iam", "security")].author == login
    later = MainWindow(Document(doc.project))
    later.document.editor.set_cells([CellChange("ec2", "logging", "security", "I")], "Set I")
    assert author_question_answered == [login]
    later.document.undo_stack.setClean()
    later.close()
    later.deleteLater()


def test_details_shows_who_and_when_readably_with_the_exact_time_in_the_tooltip(
    window: MainWindow,
) -> None:
    from srm_desktop.domain.edits import set_cells

    doc = window.document
    project = set_cells(
        doc.project,
        [CellChange("ec2", "iam", "security", "R/A")],
        author="Ana Lopez",
        rationale="agreed",
        at="2026-11-30T17:08:29Z",
    )
    doc.editor.replace_project(project, "Set")
    window.matrix.show_cell("ec2", "iam", "security")
    local = datetime(2026, 11, 30, 17, 8, tzinfo=UTC).astimezone()
    expected = f"Ana Lopez on {local.day} Nov 2026, {local:%H:%M}"  # local time, readable
    assert window.details.author.text() == expected
    assert window.details.author.toolTip() == "2026-11-30T17:08:29Z (UTC)"
