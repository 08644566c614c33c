"""The flow every File ▸ Export… command shares (``ui/export_flow.py``): the typed name gets
the format's suffix, the file is written in a worker, the outcome reaches the status bar."""

from __future__ import annotations

from pathlib import Path

import pytest

from srm_desktop.ui.main_window import MainWindow
from tests.ui.conftest import Prompts


@pytest.mark.parametrize(
    ("typed", "written"),
    [("review", "review.xlsx"), ("review.txt", "review.txt.xlsx"), ("Review.XLSX", "Review.XLSX")],
)
def test_export_workbook_writes_an_xlsx_name(
    qtbot, window: MainWindow, stub_prompts: Prompts, tmp_path: Path, typed: str, written: str
) -> None:
    messages: list[str] = []
    window.file.message.connect(messages.append)
    stub_prompts.save_paths = [tmp_path / typed]
    window.acts.export_workbook.trigger()
    task = window.workbook.task
    assert task is not None
    with qtbot.waitSignal(task.ended, timeout=30_000):
        pass
    assert [p.name for p in tmp_path.iterdir()] == [written]
    assert messages[-1] == f"Exported {tmp_path / written}"
    assert stub_prompts.errors == []
