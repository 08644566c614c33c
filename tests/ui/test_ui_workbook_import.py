"""Import Workbook: the change set comes first; Apply is one undo step, Cancel changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("srm_desktop.formats.workbook.importer")

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from srm_desktop.formats.workbook import export_workbook
from srm_desktop.ui import prompts
from srm_desktop.ui.dialogs.import_preview import ImportPreview
from srm_desktop.ui.main_window import MainWindow


def reviewed_workbook(window: MainWindow, tmp_path: Path) -> Path:
    """Export the window's project, then edit one cell as a stakeholder would."""
    path = tmp_path / "review.xlsx"
    export_workbook(window.document.project, window.document.provider, path)
    book = load_workbook(path)
    sheet = book["Matrix"]
    keys = [c.value for c in sheet[1]]
    service_col = keys.index("srm:service_id")
    area_col = keys.index("srm:area_id")
    party_col = keys.index("srm:party:security")
    for row in sheet.iter_rows(min_row=3):
        if row[service_col].value == "rds" and row[area_col].value == "backup":
            row[party_col].value = "C/I"
            break
    book.save(path)
    return path


def run_import(qtbot, window: MainWindow, path: Path) -> None:
    window.workbook.import_path(path)
    task = window.workbook.task
    assert task is not None
    qtbot.waitUntil(lambda: not task._thread.isRunning(), timeout=30_000)
    qtbot.wait(50)  # the queued "finished" signal reaches the UI thread


def test_apply_is_one_undo_step(qtbot, monkeypatch, window: MainWindow, tmp_path) -> None:
    path = reviewed_workbook(window, tmp_path)
    shown: list[tuple[int, bool]] = []

    def accept(dialog: object) -> bool:
        assert isinstance(dialog, ImportPreview)
        shown.append((dialog.changes_model.rowCount(), dialog.can_apply))
        return True

    monkeypatch.setattr(prompts, "exec_dialog", accept)
    run_import(qtbot, window, path)
    assert shown == [(1, True)]
    doc = window.document
    assert doc.project.cell("rds", "backup", "security") == "C/I"
    override = doc.project.overrides[("rds", "backup", "security")]
    assert "review.xlsx" in override.rationale
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert ("rds", "backup", "security") not in doc.project.overrides


def test_cancel_changes_nothing(qtbot, monkeypatch, window: MainWindow, tmp_path) -> None:
    path = reviewed_workbook(window, tmp_path)
    monkeypatch.setattr(prompts, "exec_dialog", lambda _dialog: False)
    before = window.document.project
    run_import(qtbot, window, path)
    assert window.document.project is before
    assert window.document.undo_stack.count() == 0


def test_an_unreadable_workbook_is_an_error_naming_it(
    qtbot, window: MainWindow, stub_prompts, tmp_path
) -> None:
    path = tmp_path / "not-a-workbook.xlsx"
    path.write_bytes(b"hello")
    run_import(qtbot, window, path)
    assert stub_prompts.errors
    assert "not-a-workbook.xlsx" in stub_prompts.errors[0][1]


def _edit_cells(path: Path, edits: dict[tuple[str, str, str], str]) -> None:
    book = load_workbook(path)
    sheet = book["Matrix"]
    keys = [c.value for c in sheet[1]]
    service_col, area_col = keys.index("srm:service_id"), keys.index("srm:area_id")
    for row in sheet.iter_rows(min_row=3):
        for (service, area, party), value in edits.items():
            if row[service_col].value == service and row[area_col].value == area:
                row[keys.index(f"srm:party:{party}")].value = value
    book.save(path)


def test_a_merge_unticks_a_change_skips_an_error_confirms_a_new_raci_error_and_undoes(
    qtbot, monkeypatch, window: MainWindow, tmp_path
) -> None:
    """Untick one change, skip an unreadable cell, confirm the double A the rest would cause,
    apply as one undo step, undo."""
    project = window.document.project
    accountable = [p.id for p in project.parties if "A" in project.cell("rds", "iam", p.id)]
    second_a = next(p.id for p in project.parties[1:] if p.id not in accountable)
    path = tmp_path / "review.xlsx"
    export_workbook(project, window.document.provider, path)
    _edit_cells(
        path,
        {
            ("rds", "backup", "security"): "C/I",  # unticked below
            ("rds", "iam", second_a): "R/A",  # a second A: a new RACI error
            ("lambda", "logging", "security"): "maybe",  # unreadable: skipped
        },
    )
    seen: dict[str, object] = {}
    asked: list[str] = []

    def review(dialog: object) -> bool:
        assert isinstance(dialog, ImportPreview)
        assert dialog.changes_model.rowCount() == 2
        problem = dialog.problems_model
        assert [problem.index(0, c).data() for c in range(3)] == [
            "Error",
            "AWS Lambda › Logging & monitoring › Security",
            problem.index(0, 2).data(),
        ]
        assert str(problem.index(0, 2).data()).startswith("Matrix!")
        seen["before"] = (dialog.summary.text(), dialog.findings_model.rowCount())
        assert "1 RACI error" in dialog.summary.text()
        backup = next(
            r
            for r in range(2)
            if dialog.changes_model.index(r, 2).data() == "Backup & disaster recovery"
        )
        view = dialog.changes_view
        view.selectRow(backup)
        qtbot.keyClick(view, Qt.Key.Key_Space)  # Space unticks the selected change
        assert dialog.ticked() == [1 - backup]
        apply = dialog.buttons.button(QDialogButtonBox.StandardButton.Apply)
        seen["apply"] = apply.text()
        seen["after"] = dialog.findings_model.rowCount()
        apply.click()
        return dialog.result() == dialog.DialogCode.Accepted

    def confirm(_parent: object, _title: str, text: str, _yes: str) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(prompts, "exec_dialog", review)
    monkeypatch.setattr(prompts, "confirm", confirm)
    run_import(qtbot, window, path)
    assert seen["apply"] == "&Apply 1 change, skip 1 error"
    assert seen["after"] == 1  # the double A is still ticked
    assert len(asked) == 1
    assert "1 RACI error" in asked[0]
    doc = window.document
    assert doc.project.cell("rds", "iam", second_a) == "R/A"
    assert doc.project.cell("rds", "backup", "security") == project.cell(
        "rds", "backup", "security"
    )
    assert doc.project.cell("lambda", "logging", "security") == project.cell(
        "lambda", "logging", "security"
    )
    override = doc.project.overrides[("rds", "iam", second_a)]
    assert override.rationale.startswith("imported from review.xlsx")
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert doc.project.cell("rds", "iam", second_a) == project.cell("rds", "iam", second_a)
    assert ("rds", "iam", second_a) not in doc.project.overrides


def test_going_back_from_the_raci_error_question_applies_nothing(
    qtbot, monkeypatch, window: MainWindow, tmp_path
) -> None:
    project = window.document.project
    accountable = [p.id for p in project.parties if "A" in project.cell("rds", "iam", p.id)]
    second_a = next(p.id for p in project.parties[1:] if p.id not in accountable)
    path = tmp_path / "review.xlsx"
    export_workbook(project, window.document.provider, path)
    _edit_cells(path, {("rds", "iam", second_a): "A"})
    results: list[bool] = []

    def review(dialog: object) -> bool:
        assert isinstance(dialog, ImportPreview)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Apply).click()
        results.append(dialog.isVisible() or dialog.result() != dialog.DialogCode.Accepted)
        dialog.changes_model.set_all(False)  # untick everything: the error goes away
        assert dialog.findings_model.rowCount() == 0
        assert not dialog.can_apply
        return False

    monkeypatch.setattr(prompts, "exec_dialog", review)
    monkeypatch.setattr(prompts, "confirm", lambda *_args: False)
    run_import(qtbot, window, path)
    assert results == [True]
    assert window.document.project is project
