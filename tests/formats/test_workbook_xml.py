"""The workbook XML writer: escaping, strings, styles, limits, a package every reader accepts."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime
from pathlib import PurePosixPath

import openpyxl
import pytest
from defusedxml import ElementTree as SafeET

from srm_desktop.domain.edits import CellChange, set_cells, update_service
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import Provider
from srm_desktop.formats.workbook import layout as L
from srm_desktop.formats.workbook.cells import escape_text, read_text
from srm_desktop.formats.workbook.export import workbook_bytes
from srm_desktop.formats.workbook.reader import open_workbook, sheet_cells
from srm_desktop.formats.workbook.sheetxml import (
    MAX_CELL_CHARS,
    MAX_SHEET_ROWS,
    CellEncoder,
    SharedStrings,
    SheetLimitError,
    SheetRows,
    column_letter,
    xml_text,
)

from .workbook_helpers import project

STYLES = {"plain": (1, 2)}
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
# Everything XML 1.0 cannot carry, the carriage return it normalises, and escape look-alikes.
AWKWARD = [
    "=1+1",
    "+SUM(1,2)",
    "-2+3",
    "@cmd",
    "\tleading tab",
    "\rleading CR",
    "line\r\nbreaks\nhere",
    "_x000D_ literal escape",
    "x005F_ openpyxl's marker",
    "_x005F_x0041_ double",
    "a < b & c > d",
    "  padded  ",
    "bell \x07 and NUL \x00",
    "lone \ud800 surrogate",
    "non-characters \ufffe \uffff",
    "#N/A",
    "0012",
    "ok",
]


def test_column_letters() -> None:
    assert [column_letter(i) for i in (1, 26, 27, 52, 53, 702, 703, 16_384)] == [
        "A",
        "Z",
        "AA",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
        "XFD",
    ]
    with pytest.raises(SheetLimitError):
        column_letter(16_385)


def test_escaping_round_trips_and_leaves_no_unwritable_character() -> None:
    unwritable = re.compile("[\x00-\x08\x0b\x0c\r\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
    for text in AWKWARD:
        escaped = escape_text(text)
        assert not unwritable.search(escaped)
        assert read_text(escaped) == text
    assert escape_text("a\rb") == "a_x000D_b"
    assert escape_text("_x0041_") == "_x005F_x0041_"
    assert escape_text("_x005F_x0041_") == "_x005F_x005F_x005F_x0041_"
    assert xml_text("a<b&c>") == "a&lt;b&amp;c&gt;"


def test_shared_strings_unless_openpyxl_would_rewrite_the_text() -> None:
    strings = SharedStrings()
    cells = CellEncoder(STYLES, strings)
    assert cells.text("R/A", "plain") == ' s="1" t="s"><v>0</v></c>'
    assert cells.text("R/A", "plain") == ' s="1" t="s"><v>0</v></c>'  # one entry, reused
    assert cells.text("other", "plain").endswith("<v>1</v></c>")
    inline = cells.text("_x000D_", "plain")
    assert 't="inlineStr"' in inline
    assert "<t>_x005F_x000D_</t>" in inline
    assert 't="inlineStr"' in cells.text("x005F_ marker", "plain")
    assert len(strings) == 2
    assert cells.text("", "plain") == ' s="1"/>'  # a styled empty cell, no value
    assert cells.number(7, "plain") == ' s="1"><v>7</v></c>'


def test_quote_prefix_only_for_formula_lookalikes() -> None:
    cells = CellEncoder(STYLES, SharedStrings())
    for text in ("=1", "+1", "-1", "@x", "\tx", "\rx", "\nx"):
        assert cells.text(text, "plain").startswith(' s="2"'), text
    for text in ("1=1", "#N/A", "R", " =x"):
        assert cells.text(text, "plain").startswith(' s="1"'), text


def test_blank_edges_are_preserved() -> None:
    cells = CellEncoder(STYLES, SharedStrings())
    strings = SharedStrings()
    cells = CellEncoder(STYLES, strings)
    cells.text("  padded  ", "plain")
    cells.text("\tx", "plain")
    xml = "".join(strings.xml())
    assert '<t xml:space="preserve">  padded  </t>' in xml
    assert '<t xml:space="preserve">\tx</t>' in xml
    SafeET.fromstring(xml.encode())


def test_rows_number_themselves_and_skip_absent_cells() -> None:
    rows = SheetRows(3)
    cells = CellEncoder(STYLES, SharedStrings())
    first = rows.row([cells.text("a", "plain"), None, cells.number(2, "plain")], hidden=True)
    assert first == (
        '<row r="1" hidden="1"><c r="A1" s="1" t="s"><v>0</v></c><c r="C1" s="1"><v>2</v></c></row>'
    )
    assert rows.row([], height=30.0) == '<row r="2" ht="30.0" customHeight="1"></row>'
    with pytest.raises(ValueError, match="4 cells"):
        rows.row([None] * 4)


def test_limits_are_errors_not_broken_files() -> None:
    cells = CellEncoder(STYLES, SharedStrings())
    cells.text("x" * MAX_CELL_CHARS, "plain")
    with pytest.raises(SheetLimitError, match="32,767"):
        cells.text("x" * (MAX_CELL_CHARS + 1), "plain")
    rows = SheetRows(1)
    rows.count = MAX_SHEET_ROWS - 1
    rows.row([None])
    with pytest.raises(SheetLimitError, match="rows a worksheet holds"):
        rows.row([None])


def _hostile_project() -> tuple[Project, Provider]:
    proj, provider = project(services=["ec2", "s3", "lambda"])
    names = ['=HYPERLINK("http://x","y")', "_x000D_ named", "@SUM(1)"]
    for entry, name in zip(proj.services, names, strict=True):
        proj = update_service(proj, provider, entry.id, name=name, notes="\t=1+1\r\n_x0041_ <&>")
    sid = proj.services[0].id
    proj = set_cells(proj, [CellChange(sid, "guest-os", "platform", "C")], rationale="-x\r\ny ")
    return proj, provider


@pytest.fixture(scope="module")
def package() -> tuple[Project, bytes]:
    proj, provider = _hostile_project()
    return proj, workbook_bytes(proj, provider, now=datetime(2025, 3, 14, tzinfo=UTC))


def test_every_part_is_well_formed_listed_and_related(package) -> None:
    _, data = package
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert names[0] == "[Content_Types].xml"
        assert len(names) == len(set(names))
        parts = {name: SafeET.fromstring(archive.read(name)) for name in names}
    types = parts["[Content_Types].xml"]
    defaults = {
        e.get("Extension") for e in types if e.tag.endswith("Default") and e.get("Extension")
    }
    overrides = {e.get("PartName") for e in types if e.tag.endswith("Override")}
    for name in names:
        if name != "[Content_Types].xml":
            assert f"/{name}" in overrides or name.rsplit(".", 1)[-1] in defaults, name
    assert overrides <= {f"/{n}" for n in names}
    for name in names:
        if not name.endswith(".rels"):
            continue
        rels_dir = PurePosixPath(name).parent.parent  # "xl/_rels/x.rels" -> "xl"
        ids = [rel.get("Id") for rel in parts[name]]
        assert len(ids) == len(set(ids))
        for rel in parts[name]:
            target = rel.get("Target") or ""
            resolved = target.lstrip("/") if target.startswith("/") else str(rels_dir / target)
            assert resolved.removeprefix("./") in names, (name, target)
    assert "xl/sharedStrings.xml" in names


def test_hostile_text_reads_back_identical_through_openpyxl(package) -> None:
    proj, data = package
    for read_only in (False, True):
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=read_only)
        ws = wb[L.MATRIX]
        rows = list(ws.iter_rows(min_row=L.FIRST_DATA_ROW))
        names = {read_text(r[0].value) for r in rows}
        assert names == {s.name for s in proj.services}
        assert all(r[0].data_type == "s" for r in rows)
        inventory = list(wb[L.INVENTORY].iter_rows(min_row=2))
        assert [read_text(r[5].value) for r in inventory] == [s.notes for s in proj.services]
        if not read_only:
            assert all(r[0].quotePrefix == r[0].value.startswith(("=", "@")) for r in rows)
            assert all(r[5].quotePrefix for r in inventory)  # notes start with a tab
            assert not ws.cell(L.HEADER_ROW, 1).quotePrefix  # ordinary text: no apostrophe
        wb.close()


def test_fast_row_reader_matches_openpyxl_on_an_edited_workbook(package) -> None:
    _, data = package
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book[L.MATRIX]
    ws["F3"] = '=IF(1,"R","A")'
    ws["G4"] = 3
    ws["H5"] = True
    ws["B6"] = None
    ws.cell(60, 2).value = "after a gap"  # rows the sheet leaves out
    ws.cell(60, 30).value = "beyond the width"
    edited = io.BytesIO()
    book.save(edited)
    ours = open_workbook(edited.getvalue(), "edited.xlsx")
    theirs = openpyxl.load_workbook(io.BytesIO(edited.getvalue()), read_only=True)
    width = 18
    fast = [
        (i, [(c.address, c.value, c.kind) for c in cells])
        for i, cells in sheet_cells(ours[L.MATRIX], "x", 1, width)
    ]
    reference = [
        (i, [(getattr(c, "coordinate", None), c.value, c.data_type) for c in row])
        for i, row in enumerate(
            theirs[L.MATRIX].iter_rows(min_row=1, max_row=L.MAX_ROWS + 1, max_col=width), start=1
        )
    ]
    # openpyxl's empty cells have no coordinate: compare them by position and value only.
    assert len(fast) == len(reference) > 50
    for (i, ours_row), (j, ref_row) in zip(fast, reference, strict=True):
        assert i == j
        for (address, value, kind), (coordinate, ref_value, ref_kind) in zip(
            ours_row, ref_row, strict=True
        ):
            assert value == ref_value
            assert kind == ref_kind
            if coordinate is not None:
                assert address == coordinate
    assert fast[2][1][5][1:] == ('=IF(1,"R","A")', "f")
