"""File ▸ Export Report…: save path, options dialog, then the file written in a worker."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMenu

from srm_desktop.ui import prompts
from srm_desktop.ui.dialogs.report_options import ReportOptionsDialog
from srm_desktop.ui.main_window import MainWindow


def _choose(
    monkeypatch: pytest.MonkeyPatch,
    paper_index: int,
    party_name: str | None,
    customer_only: bool = False,
) -> list:
    seen: list[tuple[str, str | None]] = []

    def answer(dialog: object) -> bool:
        assert isinstance(dialog, ReportOptionsDialog)
        dialog.paper_box.setCurrentIndex(paper_index)
        if party_name is not None:
            index = dialog.party_box.findText(f"Only {party_name}")
            assert index > 0
            dialog.party_box.setCurrentIndex(index)
        dialog.customer_box.setChecked(customer_only)
        party = dialog.party
        seen.append((dialog.paper, party.name if party is not None else None))
        return True

    monkeypatch.setattr(prompts, "exec_dialog", answer)
    return seen


def _wait(qtbot, window: MainWindow) -> Path:
    task = window.report.task
    assert task is not None
    with qtbot.waitSignal(task.succeeded, timeout=60_000) as blocker:
        pass
    written = blocker.args[0]
    assert isinstance(written, Path)
    return written


def test_export_report_as_pdf_for_one_team(qtbot, window: MainWindow, stub_prompts, monkeypatch,
                                           tmp_path):  # fmt: skip
    file_menu = window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    assert window.acts.export_report in file_menu.actions()
    stub_prompts.save_paths = [tmp_path / "web-report"]  # no suffix: PDF, as suggested
    seen = _choose(monkeypatch, 1, "Security")
    window.acts.export_report.trigger()
    written = _wait(qtbot, window)
    assert written == tmp_path / "web-report.pdf"
    assert written.read_bytes().startswith(b"%PDF-")
    assert seen == [("letter", "Security")]
    assert stub_prompts.errors == []
    if shutil.which("pdfinfo") and shutil.which("pdftotext"):
        info = subprocess.run(["pdfinfo", str(written)], capture_output=True, text=True).stdout
        assert "792 x 612" in info  # Letter, landscape
        text = subprocess.run(["pdftotext", str(written), "-"], capture_output=True, text=True)
        assert "What is ours: Security" in text.stdout
        assert "covers Security only" in text.stdout


def test_export_report_as_html(qtbot, window: MainWindow, stub_prompts, monkeypatch, tmp_path):
    stub_prompts.save_paths = [tmp_path / "web.html"]
    _choose(monkeypatch, 0, None, customer_only=True)
    window.acts.export_report.trigger()
    written = _wait(qtbot, window)
    text = written.read_text(encoding="utf-8")
    assert "@page { size: A4 landscape" in text
    assert "What is ours, party by party" in text
    for team in ("Platform", "Security", "Application", "Data owner"):
        assert f"<h3>{team}</h3>" in text
    assert "Customer-relevant areas only; left out" in text
    heat_map = text.split('<ol class="areas">')[1].split("</table>")[0]
    assert "Customer data" in heat_map
    assert "Physical &amp; environmental security" not in heat_map


def test_cancelling_either_question_writes_nothing(window: MainWindow, stub_prompts, monkeypatch,
                                                   tmp_path):  # fmt: skip
    stub_prompts.save_paths = [None]
    window.acts.export_report.trigger()
    assert window.report.task is None
    stub_prompts.save_paths = [tmp_path / "r.pdf"]
    monkeypatch.setattr(prompts, "exec_dialog", lambda _dialog: False)
    window.acts.export_report.trigger()
    assert window.report.task is None
    assert list(tmp_path.iterdir()) == []


def test_the_dialog_names_the_format_and_the_parties(qtbot, window: MainWindow, tmp_path):
    dialog = ReportOptionsDialog(window.document.project, tmp_path / "x.html", parent=window)
    qtbot.addWidget(dialog)
    items = [dialog.party_box.itemText(i) for i in range(dialog.party_box.count())]
    assert items[0] == "All of the customer's parties"
    assert "Only AWS (provider)" in items
    assert "Only Platform" in items
    assert dialog.paper == "a4"
    assert dialog.party is None
