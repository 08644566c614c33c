"""Inventory, catalog picker, overview, problems and the parties dialog, driven as a user would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTextBrowser

from srm_desktop.domain.edits import CellChange
from srm_desktop.ui import prompts
from srm_desktop.ui.dialogs.about import PrimerDialog
from srm_desktop.ui.dialogs.catalog_picker import CatalogPicker
from srm_desktop.ui.dialogs.parties import PartiesDialog
from srm_desktop.ui.main_window import TAB_INVENTORY, TAB_MATRIX, MainWindow
from srm_desktop.ui.models.inventory import COL_CATEGORY, COL_VARIANT
from srm_desktop.ui.models.matrix import FIRST_PARTY


def drive_picker(monkeypatch: pytest.MonkeyPatch, qtbot, text: str, name: str = "") -> list[str]:
    """Replace the modal run of the picker by typing ``text`` into it; returns what it listed."""
    listed: list[str] = []

    def run(dialog: object) -> bool:
        assert isinstance(dialog, CatalogPicker)
        qtbot.keyClicks(dialog.search, text)
        listed.extend(dialog.results.item(i).text() for i in range(dialog.results.count()))
        if name:
            dialog.name.setText(name)
        return True

    monkeypatch.setattr(prompts, "exec_dialog", run)
    return listed


def test_add_lambda_through_the_picker(monkeypatch, qtbot, window: MainWindow) -> None:
    listed = drive_picker(monkeypatch, qtbot, "lamb", "thumbnailer")
    window.acts.add_service.trigger()
    assert listed[0].startswith("AWS Lambda")
    project = window.document.project
    entry = project.services[-1]
    assert (entry.name, entry.service, entry.variant) == ("thumbnailer", "lambda", "zip")
    assert window.inventory.model.rowCount() == 7
    assert window.document.undo_stack.undoText() == "Add thumbnailer"
    window.document.undo_stack.undo()
    assert len(window.document.project.services) == 6


def test_an_alias_finds_its_service(monkeypatch, qtbot, window: MainWindow) -> None:
    listed = drive_picker(monkeypatch, qtbot, "fargate")
    window.acts.add_service.trigger()
    assert any("ECS" in item for item in listed)


def test_lambda_image_shares_the_guest_os_with_the_customer(window: MainWindow) -> None:
    doc = window.document
    model = window.inventory.model
    row = doc.project.service_index["lambda"]
    provider_col = doc.project.party_index["aws"]
    assert doc.project.row("lambda", "guest-os").raci[provider_col] == "R/A"
    assert model.setData(model.index(row, COL_VARIANT), "image")
    guest = doc.project.row("lambda", "guest-os")
    assert guest.raci[provider_col] == "R"  # AWS publishes patched base images; you rebuild
    assert any("A" in v for v in guest.raci[1:])
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert doc.project.row("lambda", "guest-os").raci[provider_col] == "R/A"
    assert doc.project.service("lambda").variant == "zip"


def test_category_change_rederives_but_keeps_overrides(window: MainWindow) -> None:
    doc = window.document
    doc.editor.set_cells([CellChange("rds", "guest-os", "security", "C")], "Edit")
    model = window.inventory.model
    row = doc.project.service_index["rds"]
    assert model.setData(model.index(row, COL_CATEGORY), "infrastructure")
    assert doc.project.row("rds", "guest-os").raci[doc.project.party_index["aws"]] == ""
    assert doc.project.cell("rds", "guest-os", "security") == "C"


def test_remove_asks_nothing_and_undoes(window: MainWindow) -> None:
    window.tabs.setCurrentIndex(TAB_INVENTORY)
    window.inventory.table.selectRow(2)
    window.acts.remove_service.trigger()
    assert "rds" not in window.document.project.service_index
    window.document.undo_stack.undo()
    assert window.document.project.services[2].id == "rds"


def test_overview_click_selects_the_row_in_the_matrix(qtbot, window: MainWindow) -> None:
    overview = window.overview
    window.tabs.setCurrentIndex(2)
    index = overview.model.index(2, 4)  # Amazon RDS × guest OS
    overview.table.clicked.emit(index)
    assert window.tabs.currentIndex() == TAB_MATRIX
    assert window.matrix.current_row_key() == ("rds", "guest-os")


def test_problems_are_live_and_lead_to_the_cell(qtbot, window: MainWindow) -> None:
    doc = window.document
    assert doc.findings == []
    doc.editor.set_cells([CellChange("s3", "iam", "security", "")], "Clear")
    qtbot.waitUntil(lambda: window.problems.problems.rowCount() > 0)
    assert "1 error" in window.problem_label.text()
    window.problems.goTo.emit(window.problems.problems.finding(0))
    assert window.matrix.current_row_key() == ("s3", "iam")
    window.document.undo_stack.undo()
    qtbot.waitUntil(lambda: window.problems.problems.rowCount() == 0)


def test_problems_only_filter(qtbot, window: MainWindow) -> None:
    doc = window.document
    doc.editor.set_cells([CellChange("s3", "iam", "security", "")], "Clear")
    doc.revalidate()
    window.filter_bar.problems.setChecked(True)
    assert window.matrix.proxy.rowCount() == 1
    assert window.matrix.proxy.index(0, FIRST_PARTY).data() is not None


def test_parties_dialog_adds_a_team_as_one_step(monkeypatch, window: MainWindow) -> None:
    def run(dialog: object) -> bool:
        assert isinstance(dialog, PartiesDialog)
        monkeypatch.setattr(prompts, "ask_text", lambda *_a, **_k: "Operations")
        dialog.add_button.click()
        return True

    monkeypatch.setattr(prompts, "exec_dialog", run)
    window.acts.parties.trigger()
    names = [p.name for p in window.document.project.parties]
    assert names[-1] == "Operations"
    header = window.matrix.proxy.headerData(FIRST_PARTY + 5, Qt.Orientation.Horizontal)
    assert header == "Operations"
    window.document.undo_stack.undo()
    assert len(window.document.project.parties) == 5


def test_parties_dialog_edits_the_team_template(window: MainWindow) -> None:
    dialog = PartiesDialog(window.document.project, window.document.provider, window)
    item = dialog.template.item(4, 0)  # guest OS × Platform
    assert item is not None
    item.setText("c")
    assert dialog.project.team_template["guest-os"]["platform"] == "C"
    assert dialog.changed


def test_primer_explains_raci(window: MainWindow) -> None:
    dialog = PrimerDialog(window)
    browser = dialog.findChild(QTextBrowser)
    assert browser is not None
    assert "Accountable" in browser.toPlainText()
