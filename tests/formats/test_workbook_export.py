"""The review workbook as a stakeholder sees it: sheets, layout, colours, drop-downs, text."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest

from srm_desktop import __version__
from srm_desktop.domain.edits import CellChange, set_cells, update_service
from srm_desktop.domain.provider import get_provider
from srm_desktop.domain.raci import canonical
from srm_desktop.domain.rules import Owner, Rule
from srm_desktop.formats.workbook import Cancelled, export_workbook, read_change_set
from srm_desktop.formats.workbook import layout as L
from srm_desktop.formats.workbook.cells import read_text
from srm_desktop.formats.workbook.export import MODEL_SENTENCES, raci_choices
from srm_desktop.formats.workbook.styles import LETTER_COLOURS, OWNER_COLOURS

from .workbook_helpers import export, key_columns, project, row_of

HOSTILE_TEXT = [
    '=HYPERLINK("http://x","y")',
    "+SUM(1,2)",
    "-2+3",
    "@cmd",
    "\tstarts with a tab",
    "\rstarts with CR",
    "#N/A",
    "_x000D_ literal escape",
]


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, openpyxl.Workbook]:
    proj, provider = project()
    sid = proj.services[0].id
    proj = set_cells(
        proj,
        [CellChange(sid, "guest-os", proj.parties[1].id, "C")],
        rationale="Platform only advises",
    )
    path = export(tmp_path_factory.mktemp("export"), proj, provider)
    return proj, openpyxl.load_workbook(path)


def test_sheets_in_reading_order_with_helpers_hidden(book):
    _, wb = book
    assert wb.sheetnames == [
        L.MATRIX,
        L.OVERVIEW,
        L.INVENTORY,
        L.LEGEND,
        L.SOURCES,
        L.LISTS,
        L.META,
    ]
    assert wb[L.LISTS].sheet_state == "hidden"
    assert wb[L.META].sheet_state == "hidden"
    assert all(wb[n].sheet_state == "visible" for n in wb.sheetnames[:5])


def aws_rule(rule_id: str | None) -> Rule:
    found = get_provider("aws").rules.get(rule_id or "")
    assert found is not None
    return found


def test_matrix_layout_frozen_filtered_printable(book):
    proj, wb = book
    ws = wb[L.MATRIX]
    headers = [c.value for c in ws[L.HEADER_ROW]]
    assert headers[:5] == ["Service", "Category", "Variant", "Responsibility area", "Owner"]
    assert headers[5:8] == [p.name for p in proj.parties]
    assert headers[8:11] == ["What you do (rule)", "Source", "Rationale"]
    assert ws.row_dimensions[L.KEY_ROW].hidden
    assert ws.freeze_panes == "F3"
    assert ws.auto_filter.ref == f"A2:N{2 + len(proj.services) * len(proj.visible_areas)}"
    for key in (L.SERVICE_ID, L.AREA_ID, L.BASELINE):
        letter = openpyxl.utils.get_column_letter(key_columns(ws)[key])
        assert ws.column_dimensions[letter].hidden
    assert L.WIDTHS[L.SERVICE] >= ws.column_dimensions["A"].width >= 18  # narrower for print
    for key in (L.CATEGORY, L.SOURCE):  # folded: a "+" away on screen, not printed
        letter = openpyxl.utils.get_column_letter(key_columns(ws)[key])
        assert ws.column_dimensions[letter].hidden
        assert ws.column_dimensions[letter].outlineLevel == 1
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$2:$2"
    rationale = ws.cell(row_of(ws, proj.services[0].id, "guest-os"), 11)
    assert rationale.value == "Platform only advises"
    assert rationale.alignment.wrap_text


def test_one_row_per_service_and_area_grouped_by_service(book):
    proj, wb = book
    ws = wb[L.MATRIX]
    keys = key_columns(ws)
    ids = [
        (ws.cell(r, keys[L.SERVICE_ID]).value, ws.cell(r, keys[L.AREA_ID]).value)
        for r in range(L.FIRST_DATA_ROW, ws.max_row + 1)
    ]
    assert ids == [(s.id, a.id) for s in proj.services for a in proj.visible_areas]


def test_cells_hold_letters_owner_words_and_sources(book):
    proj, wb = book
    ws = wb[L.MATRIX]
    sid = proj.services[0].id
    row = row_of(ws, sid, "physical")
    assert ws.cell(row, 5).value == "Provider"
    fill, _ = OWNER_COLOURS[Owner.PROVIDER]
    assert ws.cell(row, 5).fill.fgColor.rgb.endswith(fill)  # colour and word together
    letters = [ws.cell(row, c).value or "" for c in (6, 7, 8)]
    assert letters == list(proj.row(sid, "physical").raci)
    rule = proj.row(sid, "physical").rule
    assert ws.cell(row, 9).value == aws_rule(rule).customer_does  # what you do, beside the letters
    assert ws.cell(row, 9).alignment.wrap_text
    assert ws.cell(row, 10).value.startswith("rule aws.")
    manual = row_of(ws, sid, "guest-os")
    assert ws.cell(manual, 10).value.startswith("manual (Platform)")
    # A shared row says which kind of sharing; a not-applicable row says so and has no letters.
    shared = row_of(ws, sid, "configuration")
    assert ws.cell(shared, 5).value == "Shared · both do part"
    lam = next(s.id for s in proj.services if s.service == "s3")
    na = row_of(ws, lam, "workload-image")
    assert ws.cell(na, 5).value == "Not applicable"
    assert [ws.cell(na, c).value for c in (6, 7, 8)] == [None, None, None]


def test_party_cells_have_dropdown_from_list_range_and_explanation(book):
    proj, wb = book
    ws = wb[L.MATRIX]
    validations = ws.data_validations.dataValidation
    assert len(validations) == len(proj.parties)
    for dv, column in zip(validations, "FGH", strict=True):
        assert dv.type == "list"
        assert dv.formula1 == "=RaciValues"  # a range, not a 255-character literal list
        assert str(dv.sqref) == f"{column}3:{column}{ws.max_row}"
        assert "R Responsible" in dv.prompt
        assert "A Accountable" in dv.prompt
        assert "C Consulted" in dv.prompt
        assert "I Informed" in dv.prompt
    target = wb.defined_names["RaciValues"].attr_text
    assert target == f"{L.LISTS}!$A$2:$A$16"
    listed = [c.value for c in wb[L.LISTS]["A"][1:]]
    assert listed == raci_choices()
    assert len(listed) == 15
    assert canonical("RACI") in listed


def test_letter_colours_are_conditional_on_the_letter(book):
    _, wb = book
    ws = wb[L.MATRIX]
    ranges = list(ws.conditional_formatting)
    assert len(ranges) == 1
    assert str(ranges[0].sqref) == f"F3:H{ws.max_row}"
    rules = ranges[0].rules
    assert [r.formula[0] for r in rules] == [
        f'ISNUMBER(SEARCH("{letter}",F3))' for letter, _, _ in LETTER_COLOURS
    ]
    assert [r.dxf.fill.fgColor.rgb[-6:] for r in rules] == [f for _, f, _ in LETTER_COLOURS]


def test_overview_owner_letters_and_counts(book):
    proj, wb = book
    ws = wb[L.OVERVIEW]
    areas = proj.visible_areas
    assert [c.value for c in ws[3]][1:-1] == [a.name for a in areas]
    for offset, entry in enumerate(proj.services):
        row = [c.value for c in ws[4 + offset]]
        assert row[0] == entry.name
        assert set(row[1:-1]) <= {"P", "C", "S", "n/a", "–"}
        assert row[-1] == sum(v in ("C", "S") for v in row[1:-1])
        first = Owner.NOT_APPLICABLE if row[1] == "n/a" else Owner(row[1])
        assert ws.cell(4 + offset, 2).fill.fgColor.rgb.endswith(OWNER_COLOURS[first][0])
    # The override left the first service's guest OS with no Accountable: no owner, as in the app.
    guest_os = 2 + [a.id for a in areas].index("guest-os")
    assert ws.cell(4, guest_os).value == "–"
    totals = [c.value for c in ws[4 + len(proj.services)]]
    assert totals[0] == "Ours (C + S)"
    column_sums = [
        sum(ws.cell(4 + i, 2 + j).value in ("C", "S") for i in range(len(proj.services)))
        for j in range(len(areas))
    ]
    assert totals[1:-1] == column_sums
    assert totals[-1] == sum(column_sums)


def test_inventory_and_legend_explain_the_workbook(book):
    proj, wb = book
    inventory = [[c.value for c in r] for r in wb[L.INVENTORY].iter_rows(min_row=2)]
    assert [r[0] for r in inventory] == [s.name for s in proj.services]
    legend = "\n".join(
        str(c.value) for row in wb[L.LEGEND].iter_rows() for c in row if c.value is not None
    )
    for text in (
        "Responsible: does the work",
        "Accountable",
        "Consulted",
        "Informed",
        *MODEL_SENTENCES,
        *(p.name for p in proj.parties),
        f"srm-desktop {__version__}",
        "Exported",
    ):
        assert text in legend


def test_metadata_sheet_identifies_format_project_and_time(tmp_path: Path):
    proj, provider = project()
    when = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
    path = tmp_path / "m.xlsx"
    export_workbook(proj, provider, path, now=when)
    meta = {r[0]: r[1] for r in openpyxl.load_workbook(path)[L.META].iter_rows(values_only=True)}
    assert meta[L.META_FORMAT] == L.FORMAT_ID
    assert meta[L.META_SCHEMA] == str(L.SCHEMA_VERSION)
    assert meta[L.META_PROJECT_ID] == proj.id
    assert meta[L.META_EXPORTED_AT] == "2026-03-04T05:06:07Z"
    assert meta[L.META_PARTIES] == "|".join(p.id for p in proj.parties)


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_user_text_is_written_as_text_and_reads_back_identical(tmp_path: Path, text: str):
    proj, provider = project(services=("ec2",))
    sid = proj.services[0].id
    name = text.strip() if text.strip() == text and "\r" not in text else f"x{text.strip()}"
    if text == text.strip():
        name = text
    proj = update_service(proj, provider, sid, name=name, notes=text)
    path = export(tmp_path, proj, provider)
    wb = openpyxl.load_workbook(path)
    service = wb[L.MATRIX]["A3"]
    note = wb[L.INVENTORY]["F2"]
    for cell, expected in ((service, name), (note, text)):
        assert cell.data_type == "s"  # never "f": no formula, no error value
        assert read_text(cell.value) == expected
        if expected.startswith(("=", "+", "-", "@", "\t", "\r")):
            assert cell.quotePrefix
    assert read_change_set(proj, provider, path).changes == ()


def test_progress_is_reported_and_cancel_leaves_no_file(tmp_path: Path):
    proj, provider = project(services=["ec2", "s3", "lambda", "rds"] * 10)
    seen: list[tuple[int, int]] = []
    export_workbook(proj, provider, tmp_path / "a.xlsx", progress=lambda d, t: seen.append((d, t)))
    assert seen
    assert seen[-1][0] == seen[-1][1]
    assert all(d <= t for d, t in seen)
    target = tmp_path / "b.xlsx"
    calls = iter([False, False])  # cancel at the third check, in the middle of the matrix
    with pytest.raises(Cancelled):
        export_workbook(proj, provider, target, cancelled=lambda: next(calls, True))
    assert not target.exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "a.xlsx"]


def test_a_row_overridden_for_hundreds_of_long_party_names_still_exports(tmp_path: Path) -> None:
    teams = [f"Team {i:03d} " + "x" * 150 for i in range(250)]
    proj, provider = project(services=("s3",), teams=teams)
    changes = [CellChange("s3", "iam", p.id, "C") for p in proj.parties[1:]]
    proj = set_cells(proj, changes, rationale="reviewed")
    sheet = openpyxl.load_workbook(export(tmp_path, proj, provider))[L.MATRIX]
    source = sheet.cell(row_of(sheet, "s3", "iam"), key_columns(sheet)[L.SOURCE]).value
    assert source.startswith("manual (250 parties)")  # the names would not fit in one cell
