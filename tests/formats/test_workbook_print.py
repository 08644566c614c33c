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
