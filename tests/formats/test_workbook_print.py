"""The printed review workbook is readable (F8): the Matrix prints at 9 pt or more when fitted
to the page's width, on A4 and on US Letter; a service's rows are not split across pages
where they fit; headers break between words; the paper size is set."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from srm_desktop.domain.provider import get_provider
from srm_desktop.formats.project_file import load_project
from srm_desktop.formats.workbook import layout as L
from srm_desktop.formats.workbook.export import export_workbook
from srm_desktop.formats.workbook.printing import (
    READABLE_POINTS,
    Paper,
    block_breaks,
    default_paper,
    printed_points,
    words_lines,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _printed_widths(ws: openpyxl.worksheet.worksheet.Worksheet) -> list[float]:
    widths = []
    for col in range(1, ws.max_column + 1):
        dimension = ws.column_dimensions[get_column_letter(col)]
        if not dimension.hidden:
            widths.append(dimension.width)
    return widths


@pytest.mark.parametrize("example", ["serverless-api.srm", "three-tier-web.srm"])
@pytest.mark.parametrize("paper", list(Paper))
def test_the_matrix_prints_at_nine_points_or_more(
    tmp_path: Path, example: str, paper: Paper
) -> None:
    project = load_project(EXAMPLES / example)
    target = tmp_path / "review.xlsx"
    export_workbook(project, get_provider("aws"), target, paper=paper)
    wb = openpyxl.load_workbook(target)
    ws = wb[L.MATRIX]
    assert int(ws.page_setup.paperSize) == paper.code
    assert ws.page_setup.fitToWidth == 1
    size = printed_points(_printed_widths(ws), paper)
    assert size >= READABLE_POINTS, f"{size:.1f} pt"
    overview = wb[L.OVERVIEW]
    assert printed_points(_printed_widths(overview), paper) >= READABLE_POINTS
    for name in wb.sheetnames[:5]:
        assert int(wb[name].page_setup.paperSize) == paper.code


def test_page_breaks_fall_between_services(tmp_path: Path) -> None:
    project = load_project(EXAMPLES / "three-tier-web.srm")
    target = tmp_path / "review.xlsx"
    export_workbook(project, get_provider("aws"), target, paper=Paper.A4)
    ws = openpyxl.load_workbook(target)[L.MATRIX]
    breaks = [b.id for b in ws.row_breaks.brk]
    assert breaks, "the example is longer than a page"
    areas = len(project.visible_areas)
    for row in breaks:  # each break is after a service's last row
        assert (row - L.FIRST_DATA_ROW + 1) % areas == 0, row


def test_block_breaks_keep_blocks_whole_where_they_fit() -> None:
    # Pages hold 100 points; blocks of 40: two per page.
    assert block_breaks([40, 40, 40, 40, 40], 3, 2, 100) == [6, 10]
    # A block taller than a page flows on; the next starts where it fits.
    assert block_breaks([30, 250, 30], 3, 2, 100) == [6]


def test_headers_break_between_words() -> None:
    assert words_lines("Responsibility area", 20) == 1
    assert words_lines("Northwind Managed Services", 18) == 2
    assert words_lines("Infrastructure", 5) == 1  # a long word keeps its own line


def test_paper_follows_the_setting_then_the_locale() -> None:
    assert default_paper({"SRM_PAPER": "letter", "LANG": "de_DE.UTF-8"}) is Paper.LETTER
    assert default_paper({"LC_PAPER": "en_US.UTF-8", "LANG": "en_GB.UTF-8"}) is Paper.LETTER
    assert default_paper({"LANG": "en_GB.UTF-8"}) is Paper.A4
    assert default_paper({"LANG": "C.UTF-8"}) is Paper.A4
    assert default_paper({}) is Paper.A4


@pytest.mark.parametrize("paper", list(Paper))
def test_the_sources_sheet_prints_readably(tmp_path: Path, paper: Paper) -> None:
    """Sources once printed at ~6 pt (267 characters of columns fitted to the width): its
    printed columns now fit at 9 pt or more, landscape, every text wrapping, the link folded
    out of the print (it is one click away on screen)."""
    project = load_project(EXAMPLES / "three-tier-web.srm")
    target = tmp_path / "review.xlsx"
    export_workbook(project, get_provider("aws"), target, paper=paper)
    ws = openpyxl.load_workbook(target)[L.SOURCES]
    assert int(ws.page_setup.paperSize) == paper.code
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == "$1:$1"
    size = printed_points(_printed_widths(ws), paper)
    assert size >= READABLE_POINTS, f"{size:.1f} pt"
    link = ws.column_dimensions[get_column_letter(ws.max_column)]
    assert link.hidden
    assert link.outline_level == 1
    assert ws.cell(1, ws.max_column).value == "Link"
    for row in ws.iter_rows(min_row=2, max_row=ws.max_row, max_col=6):
        assert all(cell.alignment.wrap_text for cell in row)


def test_a_rows_height_holds_its_wrapped_texts() -> None:
    """The rule ids and long prose of the Sources sheet, and the bold owner of the Matrix,
    wrap between words (a word longer than the column breaks where the line ends)."""
    from srm_desktop.formats.workbook.export import _wrapped_lines

    assert _wrapped_lines("aws.default.abstracted.incident-response", 26) == 2
    assert _wrapped_lines("Shared · you configure", 10) == 3
    assert _wrapped_lines("one\ntwo", 30) == 2
    assert _wrapped_lines("", 30) == 1


def test_owner_and_review_head_every_printed_sheet_only_when_set(tmp_path: Path) -> None:
    from srm_desktop.domain.factory import with_properties

    plain = load_project(EXAMPLES / "three-tier-web.srm")
    target = tmp_path / "plain.xlsx"
    export_workbook(plain, get_provider("aws"), target, paper=Paper.A4)
    wb = openpyxl.load_workbook(target)
    for name in (L.MATRIX, L.OVERVIEW, L.INVENTORY, L.LEGEND, L.SOURCES):
        assert not wb[name].oddHeader.right.text  # no owner, no review: as it always was
    legend = [c.value for c in wb[L.LEGEND]["A"]]
    assert "Owner" not in legend
    assert "Review" not in legend

    owned = with_properties(plain, {"owner": "Ana Lopez", "review": "v1.3 reviewed 2026-11-30"})
    target = tmp_path / "owned.xlsx"
    export_workbook(owned, get_provider("aws"), target, paper=Paper.A4)
    wb = openpyxl.load_workbook(target)
    credit = "Owner: Ana Lopez · Review: v1.3 reviewed 2026-11-30"
    for name in (L.MATRIX, L.OVERVIEW, L.INVENTORY, L.LEGEND, L.SOURCES):
        assert wb[name].oddHeader.right.text == credit, name
        assert wb[name].oddHeader.left.text.startswith(plain.name), name
    assert credit in wb[L.OVERVIEW]["A1"].value
    rows = {r[0].value: r[1].value for r in wb[L.LEGEND].iter_rows(max_col=2)}
    assert rows["Owner"] == "Ana Lopez"
    assert rows["Review"] == "v1.3 reviewed 2026-11-30"
