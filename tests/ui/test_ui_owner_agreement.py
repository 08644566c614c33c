"""The app, the review workbook and the CSV name the same owner for a row (code review A1).

An override that moves the Accountable from AWS to the customer makes the row the customer's
everywhere: the matrix's Owner column and the Overview in the app, the workbook's Matrix and
Overview sheets, and the CSV's ``owner`` column.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl

from srm_desktop.domain.edits import CellChange
from srm_desktop.domain.factory import new_project
from srm_desktop.domain.provider import Provider
from srm_desktop.formats.csv_export import dumps_csv
from srm_desktop.formats.workbook import export_workbook
from srm_desktop.formats.workbook import layout as L
from srm_desktop.ui.document import Document
from srm_desktop.ui.models.matrix import COL_OWNER, MatrixModel
from srm_desktop.ui.models.overview import OverviewModel


def test_an_override_that_moves_the_a_moves_the_owner_everywhere(
    tmp_path: Path, aws: Provider
) -> None:
    document = Document(new_project("Demo", aws, ["s3", "ec2"]))
    document.editor.set_cells(
        [
            CellChange("s3", "physical", "aws", "I"),
            CellChange("s3", "physical", "customer", "R/A"),
        ],
        "Move the A",
    )
    project = document.project

    matrix = MatrixModel(document)
    row = matrix.row_of("s3", "physical")
    assert row is not None
    app_owner = matrix.index(row, COL_OWNER).data()
    overview = OverviewModel(document)
    area_col = [a.id for a in project.visible_areas].index("physical")
    app_overview = overview.index(0, area_col).data()

    path = tmp_path / "review.xlsx"
    export_workbook(project, aws, path)
    book = openpyxl.load_workbook(path)
    sheet = book[L.MATRIX]
    keys = {c.value: c.column for c in sheet[L.KEY_ROW] if c.value}
    (book_owner,) = [
        sheet.cell(r, keys[L.OWNER]).value
        for r in range(L.FIRST_DATA_ROW, sheet.max_row + 1)
        if sheet.cell(r, keys[L.SERVICE_ID]).value == "s3"
        and sheet.cell(r, keys[L.AREA_ID]).value == "physical"
    ]
    over = book[L.OVERVIEW]
    header = next(r for r in over.iter_rows(values_only=True) if r[0] == "Service")
    s3_line = next(
        r for r in over.iter_rows(values_only=True) if r[0] == project.service("s3").name
    )
    book_overview = s3_line[header.index(project.area("physical").name)]

    rows = csv.DictReader(io.StringIO(dumps_csv(project, aws)))
    csv_owners = {
        r["owner"] for r in rows if r["service_id"] == "s3" and r["area_id"] == "physical"
    }

    assert (app_owner, app_overview, book_owner, book_overview, csv_owners) == (
        "C",
        "C",
        "Customer",
        "C",
        {"customer"},
    )
    # A row nobody touched keeps the rule's owner in all of them.
    assert matrix.index(matrix.row_of("ec2", "physical") or 0, COL_OWNER).data() == "P"
