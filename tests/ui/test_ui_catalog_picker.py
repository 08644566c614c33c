"""Add Services (issue 13, F6 and F13): loose matching, several services in one visit and one
undo step, a clear "no match" and no stale placeholder."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from srm_desktop.ui.dialogs.catalog_picker import NAME_PLACEHOLDER, CatalogPicker
from srm_desktop.ui.main_window import MainWindow
from srm_desktop.ui.models.roles import CATALOG_KEY_ROLE
from tests.ui.conftest import drive_dialogs


def listed_keys(dialog: CatalogPicker) -> list[str]:
    return [
        str(dialog.results.item(i).data(CATALOG_KEY_ROLE)) for i in range(dialog.results.count())
    ]


def type_query(qtbot, dialog: CatalogPicker, text: str) -> None:
    dialog.search.selectAll()
    qtbot.keyClicks(dialog.search, text)


def tick_with_ctrl_enter(qtbot, dialog: CatalogPicker, text: str) -> None:
    type_query(qtbot, dialog, text)
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def run_picker(
    monkeypatch: pytest.MonkeyPatch, drive: Callable[[CatalogPicker], bool]
) -> list[CatalogPicker]:
    return drive_dialogs(monkeypatch, CatalogPicker, drive)


@pytest.fixture
def picker(qtbot, window: MainWindow) -> CatalogPicker:
    dialog = CatalogPicker(window.document.project, window.document.provider, window)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


@pytest.mark.parametrize(
    ("typed", "first"),
    [("api gw", "apigateway"), ("ddb", "dynamodb"), ("dynamo", "dynamodb"), ("lamda", "lambda")],
)
def test_loose_queries_find_the_service_first(
    qtbot, picker: CatalogPicker, typed: str, first: str
) -> None:
    type_query(qtbot, picker, typed)
    assert listed_keys(picker)[0] == first
    current = picker.current_service()
    assert current is not None
    assert current.key == first  # highlighted: Enter adds it


def test_a_typo_says_what_it_matched(qtbot, picker: CatalogPicker) -> None:
    type_query(qtbot, picker, "lamda")
    assert "“lamda” ≈ lambda" in picker.results.item(0).text()


def test_six_services_in_one_visit_are_one_undo_step(
    monkeypatch, qtbot, window: MainWindow
) -> None:
    """The walkthrough's serverless workload: each service found loosely, ticked, and added
    together (Ctrl+Enter from the search box; Space in the list)."""
    window.document.editor.remove_services([s.id for s in window.document.project.services])
    window.document.undo_stack.clear()

    def drive(dialog: CatalogPicker) -> bool:
        for typed in ("api gw", "lamda", "dynamo", "s3"):
            tick_with_ctrl_enter(qtbot, dialog, typed)
        type_query(qtbot, dialog, "cloudfrnt")
        dialog.results.setFocus()
        qtbot.keyClick(dialog.results, Qt.Key.Key_Space)
        type_query(qtbot, dialog, "cognito")
        dialog.results.item(0).setCheckState(Qt.CheckState.Checked)  # a click on its box
        assert dialog.picked.count() == 6
        assert dialog.add_button.text() == "&Add 6 Services"
        return True

    run_picker(monkeypatch, drive)
    window.acts.add_service.trigger()
    project = window.document.project
    assert [s.service for s in project.services] == [
        "apigateway", "lambda", "dynamodb", "s3", "cloudfront", "cognito-idp",
    ]  # fmt: skip
    assert project.rows["dynamodb"], "added services are derived like any other"
    stack = window.document.undo_stack
    assert (stack.count(), stack.undoText()) == (1, "Add 6 Services")
    stack.undo()
    assert window.document.project.services == ()
    stack.redo()
    assert len(window.document.project.services) == 6


def test_ctrl_and_shift_select_several_without_ticking(qtbot, picker: CatalogPicker) -> None:
    type_query(qtbot, picker, "serverless")
    assert picker.results.selectionMode() == QAbstractItemView.SelectionMode.ExtendedSelection
    first = picker.results.visualItemRect(picker.results.item(0)).center()
    third = picker.results.visualItemRect(picker.results.item(2)).center()
    qtbot.mouseClick(picker.results.viewport(), Qt.MouseButton.LeftButton, pos=first)
    qtbot.mouseClick(
        picker.results.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ShiftModifier,
        third,
    )
    keys = listed_keys(picker)[:3]
    assert [e.service for e in picker.entries()] == keys
    assert picker.add_button.text() == "&Add 3 Services"


def test_each_ticked_service_keeps_its_own_variant_and_name(qtbot, picker: CatalogPicker) -> None:
    type_query(qtbot, picker, "lambda")
    picker.variant.setCurrentIndex(picker.variant.findData("image"))
    picker.variant.activated.emit(picker.variant.currentIndex())
    qtbot.keyClicks(picker.name, "Order handlers")
    picker.results.currentItem().setCheckState(Qt.CheckState.Checked)
    tick_with_ctrl_enter(qtbot, picker, "ecs fargate")  # the query names the variant
    entries = {e.service: e for e in picker.entries()}
    assert (entries["lambda"].name, entries["lambda"].variant) == ("Order handlers", "image")
    assert (entries["ecs"].name, entries["ecs"].variant) == ("Amazon ECS", "fargate")
    assert picker.picked.item(0).text() == "Order handlers — Container image"


def test_a_service_already_in_the_project_gets_a_distinct_name(
    qtbot, picker: CatalogPicker
) -> None:
    tick_with_ctrl_enter(qtbot, picker, "lambda")  # the window's project has AWS Lambda
    tick_with_ctrl_enter(qtbot, picker, "ec2")
    names = [e.name for e in picker.entries()]
    ids = [e.id for e in picker.entries()]
    assert names == ["AWS Lambda 2", "Amazon EC2 2"]
    assert not set(ids) & set(picker.project.service_index)


def test_no_match_says_so_and_leaves_nothing_stale(qtbot, picker: CatalogPicker) -> None:
    type_query(qtbot, picker, "lamb")
    assert picker.name.placeholderText() == "AWS Lambda"
    type_query(qtbot, picker, "api gx zz")
    assert picker.results.count() == 0
    assert picker.status.text().startswith("No match for “api gx zz”")
    assert picker.name.placeholderText() == NAME_PLACEHOLDER
    assert picker.variant.count() == 0
    assert picker.description.text() == ""
    assert not picker.add_button.isEnabled()


def test_unticking_from_the_list_to_add(qtbot, picker: CatalogPicker) -> None:
    tick_with_ctrl_enter(qtbot, picker, "s3")
    tick_with_ctrl_enter(qtbot, picker, "sqs")
    picker.picked.setCurrentRow(0)
    picker.picked.setFocus()
    qtbot.keyClick(picker.picked, Qt.Key.Key_Delete)
    assert picker.picked_keys() == ["sqs"]
    type_query(qtbot, picker, "s3")
    assert picker.results.item(0).checkState() == Qt.CheckState.Unchecked


def test_every_control_has_an_accessible_name(picker: CatalogPicker) -> None:
    for widget in (picker.search, picker.results, picker.variant, picker.name, picker.picked):
        assert widget.accessibleName()
