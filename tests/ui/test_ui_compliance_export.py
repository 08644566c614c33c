"""File ▸ Export ▸ OSCAL Component Definition… / Customer Responsibility Matrix… / CCM SSRM
Workbook…: a file name asked for, written in the background, a message when done, an error
(and no file) when the target cannot be written."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QMenu

from srm_desktop.formats.compliance import Kind
from srm_desktop.ui.main_window import MainWindow
from tests.ui.conftest import Prompts


def _run(qtbot, window: MainWindow, kind: Kind) -> list[str]:
    action = {
        Kind.OSCAL: window.acts.export_oscal,
        Kind.CRM: window.acts.export_crm,
        Kind.CCM: window.acts.export_ccm,
    }[kind]
    messages: list[str] = []
    window.file.message.connect(messages.append)
    action.trigger()
    task = window.compliance.task
    if task is not None:  # None: the dialog was cancelled
        qtbot.waitUntil(lambda: not task._thread.isRunning(), timeout=30_000)
        qtbot.wait(50)  # the queued "finished" signal reaches the UI thread
    return messages


def test_the_three_exports_sit_in_file_export(window: MainWindow) -> None:
    file_menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&File")
    export = next(a.menu() for a in file_menu.actions() if a.text() == "Compliance E&xport")
    assert isinstance(export, QMenu)
    assert [a.text() for a in export.actions()] == [
        "&OSCAL Component Definition…",
        "Customer &Responsibility Matrix…",
        "&CCM SSRM Workbook…",
    ]


def test_oscal_export_writes_the_component_definition(
    qtbot, window: MainWindow, stub_prompts: Prompts, tmp_path: Path
) -> None:
    stub_prompts.save_paths.append(tmp_path / "web")  # no suffix typed: .json is added
    messages = _run(qtbot, window, Kind.OSCAL)
    target = tmp_path / "web.json"
    data = json.loads(target.read_text(encoding="utf-8"))["component-definition"]
    titles = [c["title"] for c in data["components"]]
    assert titles[1:] == [s.name for s in window.document.project.services]
    assert stub_prompts.errors == []
    assert messages[-1].startswith(f"Exported {target} (OSCAL component definition, ")


@pytest.mark.parametrize(("kind", "sheet"), [(Kind.CRM, "CRM"), (Kind.CCM, "SSRM")])
def test_workbook_exports_follow_the_window_edits(
    qtbot, window: MainWindow, stub_prompts: Prompts, tmp_path: Path, kind: Kind, sheet: str
) -> None:
    from srm_desktop.domain.edits import CellChange

    # the customer takes EC2's physical security on itself (an Outposts rack at home)
    window.document.editor.set_cells(
        [
            CellChange("ec2", "physical", "aws", "I"),
            CellChange("ec2", "physical", "platform", "R/A"),
        ],
        "Outposts",
    )
    target = tmp_path / f"{kind}.xlsx"
    stub_prompts.save_paths.append(target)
    _run(qtbot, window, kind)
    rows = {
        r[0]: r
        for r in openpyxl.load_workbook(target)[sheet].iter_rows(min_row=2, values_only=True)
    }
    control = "PE-3" if kind is Kind.CRM else "DCS-07"
    verdict = "Partial" if kind is Kind.CRM else "Shared CSP and CSC"
    assert rows[control][2] == verdict
    assert stub_prompts.errors == []


def test_cancelled_dialog_writes_nothing(
    qtbot, window: MainWindow, stub_prompts: Prompts, tmp_path: Path
) -> None:
    stub_prompts.save_paths.append(None)
    _run(qtbot, window, Kind.CCM)
    assert window.compliance.task is None
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_target_is_an_error_and_leaves_nothing(
    qtbot, window: MainWindow, stub_prompts: Prompts, tmp_path: Path
) -> None:
    stub_prompts.save_paths.append(tmp_path / "gone" / "crm.xlsx")
    _run(qtbot, window, Kind.CRM)
    assert len(stub_prompts.errors) == 1
    title, text = stub_prompts.errors[0]
    assert title == "Could not export the customer responsibility matrix"
    assert "the folder does not exist" in text
    assert list(tmp_path.iterdir()) == []
