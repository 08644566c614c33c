"""File > Import Inventory from Code…: preview first, one undo step, bad files named."""

from __future__ import annotations

from pathlib import Path

import pytest

from srm_desktop.domain.edits import CellChange
from srm_desktop.ui import prompts
from srm_desktop.ui.dialogs.iac_preview import IacImportPreview
from srm_desktop.ui.main_window import MainWindow

from .conftest import Prompts

TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Renderer: {Type: AWS::Lambda::Function, Properties: {PackageType: Image}}
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      SSESpecification: {SSEEnabled: true, SSEType: KMS, KMSMasterKeyId: !Ref Key}
  Key: {Type: AWS::KMS::Key}
  Graph: {Type: AWS::GameLift::Fleet}
"""


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "stack.yaml"
    path.write_text(TEMPLATE, encoding="utf-8")
    return path


def test_import_shows_a_preview_and_applies_as_one_undo_step(
    window: MainWindow, template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prompts, "open_paths", lambda *_a: [template])
    seen: list[IacImportPreview] = []

    def accept(dialog: object) -> bool:
        assert isinstance(dialog, IacImportPreview)
        seen.append(dialog)
        return True

    monkeypatch.setattr(prompts, "exec_dialog", accept)
    before = window.document.project
    window.acts.import_iac.trigger()

    (preview,) = seen
    found = {
        (preview.found_model.index(r, 0).data(), preview.found_model.index(r, 1).data())
        for r in range(preview.found_model.rowCount())
    }
    assert ("AWS Lambda", "image") in found
    assert ("Amazon DynamoDB", "customer-managed-key") in found
    unmapped = preview.unmapped_model.index(0, 1).data()
    assert unmapped == "AWS::GameLift::Fleet"

    project = window.document.project
    added = {(e.service, e.variant) for e in project.services} - {
        (e.service, e.variant) for e in before.services
    }
    assert ("lambda", "image") in added
    assert ("dynamodb", "customer-managed-key") in added
    assert (
        project.row(next(e.id for e in project.services if e.variant == "image"), "guest-os").rule
        == "aws.lambda.image.guest-os"
    )
    assert window.isWindowModified()
    assert window.document.undo_stack.undoText().startswith("Import Inventory from stack.yaml")
    window.document.undo_stack.undo()
    assert window.document.project == before


def test_cancel_changes_nothing(
    window: MainWindow, template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prompts, "open_paths", lambda *_a: [template])
    monkeypatch.setattr(prompts, "exec_dialog", lambda _d: False)
    before = window.document.project
    window.acts.import_iac.trigger()
    assert window.document.project is before
    assert window.document.undo_stack.count() == 0


def test_a_file_that_is_not_iac_is_named_and_nothing_changes(
    window: MainWindow, tmp_path: Path, stub_prompts: Prompts, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "notes.yaml"
    bad.write_text("- groceries\n- milk\n", encoding="utf-8")
    monkeypatch.setattr(prompts, "open_paths", lambda *_a: [bad])
    before = window.document.project
    window.acts.import_iac.trigger()
    assert window.document.project is before
    ((title, text),) = stub_prompts.errors
    assert title == "Cannot import inventory"
    assert "notes.yaml" in text
    assert "not infrastructure code" in text


def test_a_control_character_in_a_logical_id_is_one_message(
    window: MainWindow, tmp_path: Path, stub_prompts: Prompts, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctrl = tmp_path / "ctrl.json"
    ctrl.write_text('{"Resources": {"Bucket\\u0001": {"Type": "AWS::S3::Bucket"}}}')
    monkeypatch.setattr(prompts, "open_paths", lambda *_a: [ctrl])
    before = window.document.project
    window.acts.import_iac.trigger()
    assert window.document.project is before
    ((title, text),) = stub_prompts.errors
    assert title == "Cannot import inventory"
    assert "\n" not in text
    assert "ctrl.json: Resources.Bucket\\u0001: the logical id contains" in text


def test_typed_entries_of_another_variant_are_offered_a_variant_change_with_a_tick_box(
    window: MainWindow, template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window's Lambda was typed as .zip, the code shows an image: ticked (the default) it
    takes the code's variant, keeping its override; unticked, it keeps .zip. Never a duplicate."""
    doc = window.document
    lam = next(e.id for e in doc.project.services if e.service == "lambda")
    doc.editor.set_cells([CellChange(lam, "backup", "security", "C")], "Toggle C")
    typed = doc.project
    seen: list[tuple[int, str, str]] = []

    def review(dialog: object) -> bool:
        assert isinstance(dialog, IacImportPreview)
        model = dialog.variants_model
        rows = {model.index(r, 1).data(): r for r in range(model.rowCount())}
        assert model.index(rows["AWS Lambda"], 2).data() == "zip"
        assert model.index(rows["AWS Lambda"], 3).data() == "image"
        assert model.ticked() == list(range(model.rowCount()))  # on by default
        seen.append((model.rowCount(), dialog.changes_model.index(0, 0).data(), ""))
        model.set_ticks([rows["AWS Lambda"]], False)
        kinds = {
            dialog.changes_model.index(r, 1).data(): dialog.changes_model.index(r, 0).data()
            for r in range(dialog.changes_model.rowCount())
        }
        seen.append((0, kinds["AWS Lambda"], dialog.summary.text()))
        model.set_ticks([rows["AWS Lambda"]], True)
        kinds = {
            dialog.changes_model.index(r, 1).data(): dialog.changes_model.index(r, 0).data()
            for r in range(dialog.changes_model.rowCount())
        }
        seen.append((1, kinds["AWS Lambda"], dialog.summary.text()))
        return True

    monkeypatch.setattr(prompts, "open_paths", lambda *_a: [template])
    monkeypatch.setattr(prompts, "exec_dialog", review)
    window.acts.import_iac.trigger()
    assert seen[1][1] == "Updated"
    assert "0 of 1 entries you typed take the variant" in seen[1][2]
    assert seen[2][1] == "Variant changed"
    project = doc.project
    lambdas = [e for e in project.services if e.service == "lambda"]
    assert [(e.id, e.variant) for e in lambdas] == [(lam, "image")]  # changed, not duplicated
    assert project.cell(lam, "backup", "security") == "C"
    assert (lam, "backup", "security") in project.overrides
    doc.undo_stack.undo()
    assert doc.project == typed


def test_enter_applies_the_iac_preview(window: MainWindow, template: Path, qtbot) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTableView

    from srm_desktop.formats.iac.load import import_inventory

    doc = window.document
    found = import_inventory(doc.project, doc.provider, [template])
    dialog = IacImportPreview(
        found.documents, found.inventory, found.result, doc.provider.catalog, window
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog.findChild(QTableView), Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
