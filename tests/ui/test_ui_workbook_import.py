"""Import Workbook: the change set comes first; Apply is one undo step, Cancel changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("srm_desktop.formats.workbook.importer")

from openpyxl import load_workbook

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
