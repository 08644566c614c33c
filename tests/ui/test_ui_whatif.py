"""Project ▸ What If…: see an entry switched before committing to it; Apply is one undo step."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from srm_desktop.ui.dialogs.what_if import WhatIfDialog
from srm_desktop.ui.main_window import TAB_INVENTORY, MainWindow
from tests.ui.conftest import drive_dialogs


def _drive(
    monkeypatch: pytest.MonkeyPatch, answer: Callable[[WhatIfDialog], bool]
) -> list[WhatIfDialog]:
    return drive_dialogs(monkeypatch, WhatIfDialog, answer)


def _letters(window: MainWindow, sid: str, aid: str, pid: str) -> str:
    model = window.matrix.source
    row = model.row_of(sid, aid)
    assert row is not None
    return str(model.index(row, model.column_of(pid)).data() or "")


def test_switching_ec2_to_fargate_shows_the_change_then_applies_and_undoes_exactly(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = window.document
    before = doc.project
    depth = doc.undo_stack.count()
    seen: dict[str, object] = {}

    def answer(dialog: WhatIfDialog) -> bool:
        assert dialog.entry_id() == "ec2"  # the selected inventory entry, preselected
        assert dialog.target.currentData() == "ec2:standard"  # its current one
        assert not dialog.apply_button.isEnabled()  # nothing to apply yet
        dialog.set_target("ecs:fargate")
        seen["summary"] = dialog.summary.text()
        seen["sentences"] = dialog.sentences.text()
        seen["rows"] = dialog.cells_model.rowCount()
        seen["parties"] = [
            dialog.parties_model.index(r, 0).data() for r in range(dialog.parties_model.rowCount())
        ]
        seen["cells"] = dialog.result_.cells_changed if dialog.result_ else 0
        dialog.apply_button.click()
        return dialog.result() == WhatIfDialog.DialogCode.Accepted

    window.tabs.setCurrentIndex(TAB_INVENTORY)
    window.inventory.select_service("ec2")
    _drive(monkeypatch, answer)
    window.acts.what_if.trigger()

    assert "would change" in str(seen["summary"])
    # one line per changed cell, plus a line per row whose owner alone changes
    assert int(str(seen["rows"])) >= int(str(seen["cells"])) > 0
    assert "AWS starts owning" in str(seen["sentences"])
    assert seen["parties"] == [p.name for p in before.parties]
    after = doc.project
    assert (after.service("ec2").service, after.service("ec2").variant) == ("ecs", "fargate")
    assert doc.undo_stack.count() == depth + 1
    assert doc.undo_stack.undoText().startswith("Switch Amazon EC2 to Amazon ECS — ")
    # the matrix shows the new letters: patching is the provider's on Fargate
    assert before.cell("ec2", "platform", "aws") != after.cell("ec2", "platform", "aws")
    assert _letters(window, "ec2", "platform", "aws") == after.cell("ec2", "platform", "aws")

    doc.undo_stack.undo()
    assert doc.project is before  # exactly the project as it was
    assert _letters(window, "ec2", "platform", "aws") == before.cell("ec2", "platform", "aws")
    doc.undo_stack.redo()
    assert doc.project is after


def test_discard_changes_nothing_and_the_answer_follows_the_target(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = window.document
    before, depth = doc.project, doc.undo_stack.count()
    summaries: list[str] = []

    def answer(dialog: WhatIfDialog) -> bool:
        dialog.entry.setCurrentIndex(dialog.entry.findData("rds"))
        summaries.append(dialog.summary.text())
        dialog.set_target("lambda:zip")
        summaries.append(dialog.summary.text())
        lambda_rows = dialog.cells_model.rowCount()
        dialog.set_target("ecs:fargate")
        summaries.append(dialog.summary.text())
        assert dialog.cells_model.rowCount() != lambda_rows or summaries[1] != summaries[2]
        dialog.discard_button.click()
        return dialog.result() == WhatIfDialog.DialogCode.Accepted

    window.matrix.show_cell("s3", "customer-data")
    _drive(monkeypatch, answer)
    window.acts.what_if.trigger()
    assert summaries[0].startswith("That is what the entry is now")
    assert all("would change" in s for s in summaries[1:])
    assert doc.project is before
    assert doc.undo_stack.count() == depth


def test_the_inventory_context_menu_offers_what_if(window: MainWindow) -> None:
    assert window.acts.what_if in window.inventory.table.actions()


def test_an_unknown_entry_is_refused_in_words(window: MainWindow) -> None:
    dialog = WhatIfDialog(window.document.project, window.document.provider, "ec2", window)
    dialog.target.setEditText("no such service")
    dialog.set_target("no-such-key")  # not in the list: nothing chosen
    assert dialog.result_ is None
    assert not dialog.apply_button.isEnabled()
    assert "Pick a service" in dialog.summary.text()
    dialog.deleteLater()


def test_an_entry_without_a_variant_preselects_its_service_not_a_blank_target(
    window: MainWindow,
) -> None:
    """The examples' entries name no variant (``ec2``); the list holds ``ec2:standard``, the
    catalog's default, so that is what the dialog starts from instead of an empty box."""
    from dataclasses import replace

    doc = window.document
    entry = doc.project.service("ec2")
    project = replace(
        doc.project,
        services=tuple(
            e.model_copy(update={"variant": None}) if e is entry else e
            for e in doc.project.services
        ),
    )
    dialog = WhatIfDialog(project, doc.provider, "ec2", window)
    try:
        assert dialog.target.currentData() == "ec2:standard"
        assert dialog.result_ is not None  # computed: the answer is shown, not "Pick a service"
    finally:
        dialog.deleteLater()
