"""Project ▸ Properties…: one undo step, the window title, saved and reopened (F1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from srm_desktop.formats.project_file import load_project
from srm_desktop.ui import prompts
from srm_desktop.ui.dialogs.properties import PropertiesDialog
from srm_desktop.ui.main_window import MainWindow


def _fill(monkeypatch: pytest.MonkeyPatch, **values: str) -> list[PropertiesDialog]:
    shown: list[PropertiesDialog] = []

    def exec_dialog(dialog: object) -> bool:
        assert isinstance(dialog, PropertiesDialog)
        shown.append(dialog)
        dialog.name_edit.setText(values["name"])
        dialog.description_edit.setPlainText(values["description"])
        dialog.owner_edit.setText(values["owner"])
        dialog.review_edit.setText(values["review"])
        dialog.buttons.accepted.emit()
        return dialog.result() == PropertiesDialog.DialogCode.Accepted

    monkeypatch.setattr(prompts, "exec_dialog", exec_dialog)
    return shown


def test_properties_are_one_undo_step_saved_and_reopened(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, stub_prompts, tmp_path: Path
) -> None:
    target = tmp_path / "three-tier-web.srm"
    stub_prompts.save_paths = [target]
    window.acts.save.trigger()
    assert window.windowTitle() == "Web — three-tier-web.srm[*] — SRM Desktop"
    stack = window.document.undo_stack
    depth = stack.count()

    _fill(
        monkeypatch,
        name="Storefront",
        description="Orders and payments",
        owner="Platform team",
        review="v1.3 reviewed 2026-11-30",
    )
    window.acts.properties.trigger()
    project = window.document.project
    assert (project.name, project.description, project.owner, project.review) == (
        "Storefront", "Orders and payments", "Platform team", "v1.3 reviewed 2026-11-30",
    )  # fmt: skip
    assert stack.count() == depth + 1
    assert stack.undoText() == "Edit Project Properties"
    assert window.windowTitle() == "Storefront — three-tier-web.srm[*] — SRM Desktop"
    assert window.isWindowModified()

    stack.undo()
    assert window.document.project.name == "Web"
    assert window.document.project.owner == ""
    assert window.windowTitle() == "Web — three-tier-web.srm[*] — SRM Desktop"
    assert not window.isWindowModified()
    stack.redo()
    assert window.document.project.owner == "Platform team"

    window.acts.save.trigger()
    reopened = load_project(target)
    assert reopened == window.document.project
    assert (reopened.name, reopened.owner, reopened.review) == (
        "Storefront", "Platform team", "v1.3 reviewed 2026-11-30",
    )  # fmt: skip


def test_a_name_the_file_would_refuse_keeps_the_dialog_open(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = _fill(monkeypatch, name="", description="", owner="Ops\tteam", review="")
    depth = window.document.undo_stack.count()
    window.acts.properties.trigger()
    assert "cannot be used" in shown[0].error.text()
    assert window.document.undo_stack.count() == depth
    assert window.document.project.name == "Web"


def test_unchanged_properties_push_nothing(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(monkeypatch, name="Web", description="", owner="", review="")
    depth = window.document.undo_stack.count()
    window.acts.properties.trigger()
    assert window.document.undo_stack.count() == depth


def test_save_as_suggests_the_project_name(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, stub_prompts, tmp_path: Path
) -> None:
    _fill(monkeypatch, name="Storefront", description="", owner="", review="")
    window.acts.properties.trigger()
    assert window.windowTitle() == "Storefront — untitled.srm[*] — SRM Desktop"
    suggested: list[str] = []

    def save_path(_parent: object, _title: str, suggestion: str, _filter: str) -> str | None:
        suggested.append(suggestion)
        return None

    monkeypatch.setattr(prompts, "save_path", save_path)
    window.acts.save_as.trigger()
    assert Path(suggested[0]).name == "Storefront.srm"
