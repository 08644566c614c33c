"""The Qt models: structurally sound (qtmodeltester) and narrow in what they signal."""

from __future__ import annotations

from PySide6.QtCore import Qt

from srm_desktop.domain.edits import CellChange
from srm_desktop.ui.document import Document
from srm_desktop.ui.models.inventory import InventoryModel
from srm_desktop.ui.models.matrix import FIRST_PARTY, MatrixModel
from srm_desktop.ui.models.matrix_filter import MatrixFilter, MatrixFilterProxy
from srm_desktop.ui.models.overview import OverviewModel
from srm_desktop.ui.models.problems import ProblemsModel
from srm_desktop.ui.models.roles import OVERRIDDEN_ROLE


def test_models_pass_the_model_tester(qtmodeltester, document: Document) -> None:
    matrix = MatrixModel(document)
    for model in (
        matrix,
        MatrixFilterProxy(matrix, document),
        InventoryModel(document),
        OverviewModel(document),
        ProblemsModel(document),
    ):
        qtmodeltester.check(model, force_py=True)


def test_models_stay_sound_through_structure_changes(qtmodeltester, document: Document) -> None:
    matrix = MatrixModel(document)
    proxy = MatrixFilterProxy(matrix, document)
    proxy.set_criteria(MatrixFilter(text="data"))
    inventory = InventoryModel(document)
    qtmodeltester.check(proxy, force_py=True)  # stays connected: checks every signal below
    document.editor.remove_services(["ec2", "rds"])
    assert inventory.rowCount() == 4
    document.undo_stack.undo()
    assert matrix.rowCount() == 6 * len(document.project.visible_areas)
    assert inventory.rowCount() == 6


def test_a_bulk_edit_emits_one_ranged_data_changed(qtbot, document: Document) -> None:
    model = MatrixModel(document)
    seen = []
    model.dataChanged.connect(lambda tl, br, roles=(): seen.append((tl.row(), br.row())))
    changes = [
        CellChange("ec2", area.id, "security", "I") for area in document.project.visible_areas
    ]
    document.editor.set_cells(changes, "Paste")
    assert seen == [(0, len(document.project.visible_areas) - 1)]
    assert model.index(3, FIRST_PARTY + 2).data() == "I"
    assert model.index(3, FIRST_PARTY + 2).data(OVERRIDDEN_ROLE) is True


def test_filter_by_party_shows_its_column_and_rows(document: Document) -> None:
    matrix = MatrixModel(document)
    proxy = MatrixFilterProxy(matrix, document)
    proxy.set_criteria(MatrixFilter(party_id="data-owner"))
    assert proxy.columnCount() == FIRST_PARTY + 1
    assert proxy.headerData(FIRST_PARTY, Qt.Orientation.Horizontal) == "Data owner"
    assert 0 < proxy.rowCount() < matrix.rowCount()
    assert all(proxy.index(r, FIRST_PARTY).data() for r in range(proxy.rowCount()))


def test_filter_overridden_only_and_text(document: Document) -> None:
    matrix = MatrixModel(document)
    proxy = MatrixFilterProxy(matrix, document)
    proxy.set_criteria(MatrixFilter(overridden_only=True))
    assert proxy.rowCount() == 0
    document.editor.set_cells([CellChange("rds", "backup", "aws", "C")], "Edit")
    assert proxy.rowCount() == 1
    proxy.set_criteria(MatrixFilter(text="lambda"))
    assert proxy.rowCount() == len(document.project.visible_areas)


def test_filter_checks_rows_in_python_only_while_a_criterion_is_set(document: Document) -> None:
    """With no criterion, Qt's own filterAcceptsRow answers (no Python call per row on each
    reset); a criterion puts the Python check in, clearing every criterion takes it out again,
    and a reset or an edit in either state still shows the right rows."""
    matrix = MatrixModel(document)
    proxy = MatrixFilterProxy(matrix, document)
    everything = matrix.rowCount()
    assert not proxy.active
    assert "filterAcceptsRow" not in vars(proxy)
    assert proxy.rowCount() == everything
    for _ in range(2):
        proxy.set_criteria(MatrixFilter(text="lambda"))
        assert proxy.active
        assert proxy.rowCount() == len(document.project.visible_areas)
        proxy.set_criteria(MatrixFilter(text="lambda", overridden_only=True))
        assert proxy.rowCount() == 0
        document.editor.set_cells([CellChange("lambda", "backup", "aws", "C")], "Edit")
        assert proxy.rowCount() == 1
        document.undo_stack.undo()
        assert proxy.rowCount() == 0
        proxy.set_criteria(MatrixFilter())
        assert not proxy.active
        assert "filterAcceptsRow" not in vars(proxy)
        assert proxy.rowCount() == everything
        document.editor.remove_services(["ec2"])
        assert proxy.rowCount() == matrix.rowCount() < everything
        document.undo_stack.undo()
        assert proxy.rowCount() == everything


def test_add_service_resets_matrix_and_inventory(document: Document) -> None:
    from srm_desktop.domain.project import ServiceEntry

    matrix, inventory = MatrixModel(document), InventoryModel(document)
    entry = ServiceEntry(id="sqs", name="Queue", service="sqs")
    document.editor.add_service(entry)
    assert inventory.rowCount() == 7
    assert matrix.rowCount() == 7 * len(document.project.visible_areas)
    assert inventory.index(6, 0).data() == "Queue"
