"""Issue 13's cheap polish (F16-F18, F20): zoom, the rationale marker, area groups, the cell
editor inside its cell, one-line overview counts and even rows, inventory column widths."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from srm_desktop.domain.edits import CellChange
from srm_desktop.ui.delegates import RaciEditor
from srm_desktop.ui.main_window import TAB_INVENTORY, TAB_OVERVIEW, MainWindow
from srm_desktop.ui.models.inventory import COL_NAME, COL_NOTES, notes_line
from srm_desktop.ui.models.matrix import COL_AREA, FIRST_PARTY
from srm_desktop.ui.models.roles import GROUP_ROLE, RATIONALE_ROLE


def test_zoom_in_out_and_back_from_the_view_menu(window: MainWindow) -> None:
    a = window.acts
    assert QKeySequence("Ctrl+=") in a.zoom_in.shortcuts()
    assert a.zoom_out.shortcut().matches(QKeySequence("Ctrl+-")) is not None
    assert a.zoom_reset.shortcut() == QKeySequence("Ctrl+0")
    assert a.zoom_in in window.view_menu.actions()
    matrix = window.matrix
    height, width = matrix.rowHeight(0), matrix.columnWidth(COL_AREA)
    a.zoom_in.trigger()
    a.zoom_in.trigger()
    assert matrix.zoom_percent == 120
    assert matrix.rowHeight(0) > height
    assert matrix.columnWidth(COL_AREA) > width
    assert "Zoom 120 %" in window.statusBar().currentMessage()
    a.zoom_out.trigger()
    assert matrix.zoom_percent == 110
    a.zoom_reset.trigger()
    assert (matrix.zoom_percent, matrix.rowHeight(0)) == (100, height)
    for _ in range(30):
        a.zoom_out.trigger()
    assert matrix.zoom_percent == 60  # bounded


def test_a_cell_with_a_rationale_is_marked(window: MainWindow) -> None:
    doc = window.document
    source = window.matrix.source
    with_why = ("rds", "backup", "security")
    without = ("rds", "backup", "platform")
    doc.editor.set_cells([CellChange(*with_why, "C"), CellChange(*without, "R/A")], "Edit Cells")
    doc.editor.set_rationale([with_why], "Restores are tested monthly")
    row = source.row_of("rds", "backup")
    assert row is not None
    marked = source.index(row, source.column_of("security")).data(RATIONALE_ROLE)
    unmarked = source.index(row, source.column_of("platform")).data(RATIONALE_ROLE)
    assert (marked, unmarked) == (True, False)


def test_every_row_knows_its_area_group(window: MainWindow) -> None:
    source = window.matrix.source
    project = window.document.project
    for row in (0, 5, 12):
        _sid, aid = source.row_key(row)
        assert source.index(row, COL_AREA).data(GROUP_ROLE) == project.area(aid).group


def test_the_letter_editor_stays_inside_its_cell(qtbot, window: MainWindow) -> None:
    matrix = window.matrix
    matrix.setFocus()
    index = matrix.proxy.index(0, FIRST_PARTY + 1)
    matrix.setCurrentIndex(index)
    qtbot.keyClick(matrix, Qt.Key.Key_Return)
    editor = matrix.findChild(RaciEditor)
    assert editor is not None
    assert editor.geometry() == matrix.visualRect(index)
    qtbot.keyClick(focused(), Qt.Key.Key_C)
    assert editor.boxes["C"].isChecked()


def focused() -> QWidget:
    focus = QApplication.focusWidget()
    assert focus is not None
    return focus


def test_overview_rows_are_even_and_counts_one_line(window: MainWindow) -> None:
    window.show_tab(TAB_OVERVIEW)
    table = window.overview.table
    model = window.overview.model
    heights = {table.rowHeight(r) for r in range(model.rowCount())}
    assert len(heights) == 1, heights  # the first row was taller; the count row 3 lines
    last = model.rowCount() - 1
    for col in range(model.columnCount()):
        text = str(model.index(last, col).data() or "")
        assert "\n" not in text
        width = table.fontMetrics().horizontalAdvance(text)
        assert width <= table.columnWidth(col) + 4, (col, text)


def test_inventory_name_fits_and_code_evidence_is_summed_up(window: MainWindow) -> None:
    doc = window.document
    doc.editor.update_service(
        "lambda",
        name="Order handlers for the public checkout API",
        notes="Python 3.12\nIaC: template.yaml | AWS::Lambda::Function | Orders\n"
        "IaC: template.yaml | AWS::Lambda::Function | Refunds",
    )
    window.show_tab(TAB_INVENTORY)
    inventory = window.inventory
    inventory._size_columns()
    row = doc.project.service_index["lambda"]
    name = inventory.model.index(row, COL_NAME).data()
    metrics = inventory.table.fontMetrics()
    assert inventory.table.columnWidth(COL_NAME) >= metrics.horizontalAdvance(name)
    notes = inventory.model.index(row, COL_NOTES)
    assert notes.data() == "Python 3.12 · from code: 2 resources"
    assert "AWS::Lambda::Function | Refunds" in notes.data(Qt.ItemDataRole.ToolTipRole)
    assert notes_line("") == ""
    assert notes_line("IaC: a | b | c") == "from code: 1 resource"
