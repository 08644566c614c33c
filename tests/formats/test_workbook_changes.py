"""The review workbook's Changes sheet: what changed since the last review, for the reviewers."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from srm_desktop.domain import edits
from srm_desktop.domain.diff import diff_projects
from srm_desktop.domain.project import Project, ServiceEntry
from srm_desktop.domain.provider import Provider
from srm_desktop.formats.workbook import export_workbook, read_change_set
from srm_desktop.formats.workbook import layout as L
from srm_desktop.formats.workbook.changes import COLUMNS, HEADER_ROW

from .workbook_helpers import edit, project

HOSTILE = '=HYPERLINK("http://x","y")'


def _versions() -> tuple[Project, Project, Provider]:
    """The project as reviewed last, and as it is now."""
    old, provider = project()
    ec2 = old.services[0].id
    new = edits.set_cells(
        old,
        [
            edits.CellChange(ec2, "guest-os", "platform", "R"),
            edits.CellChange(ec2, "guest-os", "security", "A"),
        ],
        rationale=HOSTILE,
    )
    new = edits.update_service(new, provider, old.services[2].id, name="assets bucket")
    new = edits.add_service(new, provider, ServiceEntry(id="q", name="jobs", service="sqs"))
    return old, new, provider


@pytest.fixture(scope="module")
def changes(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Project, Provider]:
    old, new, provider = _versions()
    path = tmp_path_factory.mktemp("changes") / "review.xlsx"
    export_workbook(new, provider, path, since=(diff_projects(old, new), "review-v1.srm"))
    return path, new, provider


def _lines(path: Path) -> list[tuple[str, ...]]:
    ws = openpyxl.load_workbook(path)[L.CHANGES]
    return [
        tuple(str(c.value or "") for c in row)
        for row in ws.iter_rows(min_row=HEADER_ROW + 1, max_col=len(COLUMNS))
    ]


def test_changes_sheet_lists_entries_then_cells_with_source_and_rationale(
    changes: tuple[Path, Project, Provider],
) -> None:
    path, _new, _provider = changes
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:3] == [L.MATRIX, L.OVERVIEW, L.CHANGES]
    ws = wb[L.CHANGES]
    assert ws["A1"].value == "Review demo: what changed since review-v1.srm"
    assert ws["A2"].value.startswith("Entries: 1 added, 1 changed; 2 cells changed in 1 row")
    assert [c.value for c in ws[HEADER_ROW]] == [h for h, _w in COLUMNS]
    assert _lines(path) == [
        ("changed", "Amazon EC2", "Guest operating system", "Platform", "letters", "R/A", "R",
         "rule → manual", HOSTILE),
        ("changed", "Amazon EC2", "Guest operating system", "Security", "letters", "C", "A",
         "rule → manual", HOSTILE),
        ("changed", "Amazon S3 — assets bucket", "", "", "name", "Amazon S3", "assets bucket",
         "", ""),
        ("added", "Amazon SQS — jobs", "", "", "entry", "", "sqs", "", ""),
    ]  # fmt: skip


def test_changes_sheet_follows_the_workbook_conventions(
    changes: tuple[Path, Project, Provider],
) -> None:
    path, _new, _provider = changes
    ws = openpyxl.load_workbook(path)[L.CHANGES]
    assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
    assert ws.auto_filter.ref == f"A{HEADER_ROW}:I{HEADER_ROW + 4}"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    # A rationale that looks like a formula is text, kept from running when edited.
    cell = ws.cell(HEADER_ROW + 1, 9)
    assert (cell.data_type, cell.value) == ("s", HOSTILE)
    assert cell.quotePrefix


def test_the_importer_ignores_the_changes_sheet(
    changes: tuple[Path, Project, Provider], tmp_path: Path
) -> None:
    path, new, provider = changes
    result = read_change_set(new, provider, path)
    assert result.changes == ()
    assert not result.has_errors
    assert not result.warnings

    def no_matrix(wb: openpyxl.Workbook) -> None:
        del wb[L.MATRIX]

    # Without its Matrix the workbook has none: the Changes sheet is never read as one.
    lonely = edit(path, no_matrix, tmp_path / "no-matrix.xlsx")
    with pytest.raises(Exception, match="has no matrix sheet"):
        read_change_set(new, provider, lonely)


def test_no_changes_sheet_without_since(tmp_path: Path) -> None:
    old, provider = project()
    path = tmp_path / "plain.xlsx"
    export_workbook(old, provider, path)
    assert L.CHANGES not in openpyxl.load_workbook(path).sheetnames
    same = tmp_path / "same.xlsx"
    export_workbook(old, provider, same, since=(diff_projects(old, old), "v1"))
    ws = openpyxl.load_workbook(same)[L.CHANGES]
    assert ws["A2"].value == "No differences."
