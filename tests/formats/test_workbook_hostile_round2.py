"""Hostile and clumsy workbooks, round 2 (issue 12, defects D1, D5, D8-D10, D14, D15).

Each test builds its workbook here, from a real export, and fails on the importer before the
fix: a sorted or pasted visible block applied to the wrong cells (D1), bombs that passed the zip
checks (D5), rationales that refused the whole file (D8), a combined rationale that refused the
export (D10), edits past column 256 dropped (D9), messages that were not in the user's terms or
refused the file for one cell (D14), and the silent cases of D15.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from srm_desktop.domain.change_set import ChangeSet, visible
from srm_desktop.domain.edits import CellChange, set_cells
from srm_desktop.domain.errors import InputError
from srm_desktop.domain.factory import new_project
from srm_desktop.domain.project import Project
from srm_desktop.domain.provenance import CUT_MARKER, cut_rationales, row_rationale
from srm_desktop.domain.provider import get_provider
from srm_desktop.domain.validation import Severity
from srm_desktop.formats.workbook import layout as L
from srm_desktop.formats.workbook import read_change_set, zipcheck

from .workbook_helpers import edit, export, key_columns, project, row_of, set_letters

PROJECT, PROVIDER = project()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export(tmp_path_factory.mktemp("round2"), PROJECT, PROVIDER)


def _copy(exported: Path, tmp_path: Path, name: str = "review.xlsx") -> Path:
    target = tmp_path / name
    target.write_bytes(exported.read_bytes())
    return target


def _errors(result: ChangeSet) -> list[str]:
    return [p.describe() for p in result.errors]


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {info.filename: z.read(info.filename) for info in z.infolist()}


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as z:
        for name, content in members.items():
            z.writestr(name, content)
    return out.getvalue()


def _set_cell_xml(sheet: bytes, ref: str, xml: str) -> bytes:
    """The sheet with cell ``ref`` replaced by ``xml`` (the export writes every cell)."""
    pattern = re.compile(rb'<c r="' + ref.encode() + rb'"[^>]*?(/>|>.*?</c>)', re.S)
    assert pattern.search(sheet), ref
    return pattern.sub(xml.encode().replace(b"\\", b"\\\\"), sheet, count=1)


def _matrix_part(data: bytes) -> str:
    """The Matrix sheet's part (the export writes it first)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert re.search(rb'<sheet name="Matrix" sheetId="1"', z.read("xl/workbook.xml"))
    return "xl/worksheets/sheet1.xml"


# -- D1: the visible names and headers must agree with the hidden ids ----------------------


def _sort_visible(ws: Any) -> None:
    """Excel's Sort › Continue with the current selection on the visible columns only: the
    hidden id and baseline columns stay put."""
    keys = key_columns(ws)
    visible_cols = [c for k, c in keys.items() if k not in L.HIDDEN_KEYS]
    rows = [
        [ws.cell(r, c).value for c in visible_cols] for r in range(L.FIRST_DATA_ROW, ws.max_row + 1)
    ]
    area = visible_cols.index(keys[L.AREA])
    rows.sort(key=lambda v: (str(v[area]), str(v[0])))
    for offset, values in enumerate(rows):
        for col, value in zip(visible_cols, values, strict=True):
            ws.cell(L.FIRST_DATA_ROW + offset, col).value = value


def test_sorted_visible_columns_are_errors_at_the_cells_not_changes(exported, tmp_path):
    path = edit(_copy(exported, tmp_path), lambda wb: _sort_visible(wb[L.MATRIX]))
    result = read_change_set(PROJECT, PROVIDER, path)
    assert result.has_errors
    assert any(
        "but its hidden service id is" in e or "hidden area id" in e for e in _errors(result)
    )
    with pytest.raises(Exception, match="nothing applied"):
        result.apply(PROJECT)


def test_two_rows_with_swapped_ids_are_refused(exported, tmp_path):
    ec2, lam = PROJECT.services[0].id, PROJECT.services[1].id

    def swap(wb: Any) -> None:
        ws = wb[L.MATRIX]
        col = key_columns(ws)[L.SERVICE_ID]
        a, b = row_of(ws, ec2, "iam"), row_of(ws, lam, "iam")
        ws.cell(a, col).value, ws.cell(b, col).value = lam, ec2
        set_letters(ws, lam, "iam", "platform", "R")  # (now on the row that shows EC2)

    result = read_change_set(PROJECT, PROVIDER, edit(_copy(exported, tmp_path), swap))
    message = next(e for e in _errors(result) if "hidden service id" in e)
    name = PROJECT.services[0].name
    assert f"the row says “{name}” but its hidden service id is “{lam}”" in message
    assert not [c for c in result.changes if c.service_id == lam and c.area_id == "iam"]


def test_party_headers_swapped_without_their_keys_are_refused(exported, tmp_path):
    def swap(wb: Any) -> None:
        ws = wb[L.MATRIX]
        keys = key_columns(ws)
        a, b = keys[L.PARTY_KEY_PREFIX + "platform"], keys[L.PARTY_KEY_PREFIX + "security"]
        top_a, top_b = ws.cell(L.HEADER_ROW, a), ws.cell(L.HEADER_ROW, b)
        top_a.value, top_b.value = top_b.value, top_a.value

    result = read_change_set(PROJECT, PROVIDER, edit(_copy(exported, tmp_path), swap))
    errors = _errors(result)
    assert any(
        "header says “Security” but its hidden key is for party “platform”" in e for e in errors
    )


def test_service_and_area_headers_swapped_are_refused(exported, tmp_path):
    def swap(wb: Any) -> None:
        ws = wb[L.MATRIX]
        keys = key_columns(ws)
        s, a = ws.cell(L.HEADER_ROW, keys[L.SERVICE]), ws.cell(L.HEADER_ROW, keys[L.AREA])
        s.value, a.value = a.value, s.value

    result = read_change_set(PROJECT, PROVIDER, edit(_copy(exported, tmp_path), swap))
    assert any("hidden key is for the Service column" in e for e in _errors(result))


def test_names_that_differ_only_in_case_width_or_spaces_still_agree(exported, tmp_path):
    ec2 = PROJECT.services[0]

    def retype(wb: Any) -> None:
        ws = wb[L.MATRIX]
        keys = key_columns(ws)
        row = row_of(ws, ec2.id, "iam")
        ws.cell(row, keys[L.SERVICE]).value = "  " + ec2.name.upper().replace(" ", "\u3000 ")
        ws.cell(row, keys[L.AREA]).value = "ｉｄｅｎｔｉｔｙ ＆  access MANAGEMENT"
        ws.cell(L.HEADER_ROW, keys[L.PARTY_KEY_PREFIX + "platform"]).value = " PLATFORM "
        set_letters(ws, ec2.id, "iam", "platform", "C")

    result = read_change_set(PROJECT, PROVIDER, edit(_copy(exported, tmp_path), retype))
    assert PROJECT.area("iam").name.casefold() == "identity & access management"
    assert not result.has_errors, _errors(result)
    assert [c.key for c in result.changes] == [(ec2.id, "iam", "platform")]


# -- D5: parse work is bounded -------------------------------------------------------------

_MEASURE = """
import json, sys, time
from srm_desktop.domain.errors import InputError
from srm_desktop.formats.workbook import read_change_set
from tests.formats.workbook_helpers import project
proj, provider = project()
started = time.perf_counter()
try:
    result = read_change_set(proj, provider, sys.argv[1]).summary()
except InputError as exc:
    result = "refused: " + str(exc)
seconds = time.perf_counter() - started
status = open("/proc/self/status").read()  # VmHWM: this process's peak, not its parent's
peak = int(status.split("VmHWM:")[1].split()[0]) / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak, "result": result}))
"""


def _measured(path: Path) -> dict[str, Any]:
    """Import ``path`` in a fresh process; its time, peak memory and outcome."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).parents[2],
        check=True,
    )
    measured: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    print(path.name, measured)
    return measured


def _with_sheets(data: bytes, sheets: dict[str, bytes], drop_matrix: bool = False) -> bytes:
    """The export plus ``sheets`` (name -> worksheet XML) listed in the workbook."""
    members = _members(data)
    book = members["xl/workbook.xml"].decode()
    rels = members["xl/_rels/workbook.xml.rels"].decode()
    types = members["[Content_Types].xml"].decode()
    entries, links, overrides = [], [], []
    for i, (name, xml) in enumerate(sheets.items(), start=1):
        part = f"xl/worksheets/junk{i}.xml"
        members[part] = xml
        entries.append(f'<sheet name="{name}" sheetId="{1000 + i}" r:id="rJunk{i}"/>')
        links.append(
            f'<Relationship Id="rJunk{i}" Target="worksheets/junk{i}.xml" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
        )
        overrides.append(
            f'<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/>'
        )
    if drop_matrix:
        book = re.sub(r'<sheet name="Matrix"[^>]*/>', "", book)
    members["xl/workbook.xml"] = book.replace("</sheets>", "".join(entries) + "</sheets>").encode()
    members["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>", "".join(links) + "</Relationships>"
    ).encode()
    members["[Content_Types].xml"] = types.replace(
        "</Types>", "".join(overrides) + "</Types>"
    ).encode()
    return _zip(members)


def _wide_sheet(cells: int, seed: int) -> bytes:
    """A sheet whose first row holds ``cells`` numbers (varied, so it compresses like data)."""
    row = "".join(f"<c><v>{(seed * 7919 + i * 104729) % 999983}</v></c>" for i in range(cells))
    return (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f'<row r="1">{row}</row></sheetData></worksheet>'
    ).encode()


def test_480_small_sheets_of_repeated_rows_are_refused_by_the_total_ratio(exported, tmp_path):
    row = "<c><v>1</v></c>" * 60_000  # ~1 MB a sheet, compressed about 1000:1
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f'<row r="1">{row}</row></sheetData></worksheet>'
    ).encode()
    path = tmp_path / "sheets-480.xlsx"
    path.write_bytes(
        _with_sheets(exported.read_bytes(), {f"S{i}": sheet for i in range(480)}, True)
    )
    measured = _measured(path)
    assert measured["result"].startswith(f"refused: {path}: is compressed 4")
    assert f"more than the {zipcheck.MAX_TOTAL_RATIO}:1 limit" in measured["result"]
    assert measured["seconds"] < 10
    assert measured["peak_mb"] < 500


def test_480_sheets_of_wide_rows_within_the_ratio_are_looked_at_only_12_times(exported, tmp_path):
    sheets = {f"S{i}": _wide_sheet(4_000, i) for i in range(480)}
    path = tmp_path / "wide-480.xlsx"
    path.write_bytes(_with_sheets(exported.read_bytes(), sheets, drop_matrix=True))
    measured = _measured(path)
    assert "has no matrix sheet" in measured["result"]
    assert measured["seconds"] < 10
    assert measured["peak_mb"] < 500


def test_a_matrix_row_of_a_million_cells_is_read_in_bounded_time_and_memory(exported, tmp_path):
    part = _matrix_part(exported.read_bytes())
    members = _members(exported.read_bytes())
    junk = "".join(f"<c><v>{i * 7919 % 99991}</v></c>" for i in range(400_000))  # 8 MB
    members[part] = members[part].replace(
        b"</sheetData>", f'<row r="400">{junk}</row></sheetData>'.encode()
    )
    path = tmp_path / "wide-row.xlsx"
    path.write_bytes(_zip(members))
    measured = _measured(path)
    assert measured["seconds"] < 10
    assert measured["peak_mb"] < 500


def test_a_sheet_of_too_many_tiny_elements_is_refused(exported, tmp_path):
    part = _matrix_part(exported.read_bytes())
    members = _members(exported.read_bytes())
    junk = "<c/>" * (L.MAX_SHEET_ELEMENTS + 1)  # 16 MB of empty cells, one row
    members[part] = members[part].replace(
        b"</sheetData>", f'<row r="400">{junk}</row></sheetData>'.encode()
    )
    path = tmp_path / "tiny-cells.xlsx"
    path.write_bytes(_zip(members, zipfile.ZIP_STORED))
    measured = _measured(path)
    assert measured["result"].startswith(f"refused: {path}: its sheet 'Matrix' holds more than")
    assert measured["peak_mb"] < 500


def _sst(count: int) -> bytes:
    strings = "".join(f"<si><t>{(i * 2654435761) % 4096:03x}</t></si>" for i in range(count))
    return (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{count}" uniqueCount="{count}">{strings}</sst>'
    ).encode()


def test_100_mb_of_tiny_shared_strings_is_refused_before_openpyxl_reads_them(exported, tmp_path):
    members = _members(exported.read_bytes())
    members["xl/sharedStrings.xml"] = _sst(5_300_000)  # ~100 MB
    path = tmp_path / "sst-100.xlsx"
    path.write_bytes(_zip(members))
    measured = _measured(path)
    assert measured["result"].startswith(f"refused: {path}: part xl/sharedStrings.xml unpacks")
    assert "more than the 32 MB" in measured["result"]
    assert measured["seconds"] < 10
    assert measured["peak_mb"] < 500


def test_shared_strings_are_counted_under_the_size_limit(exported, tmp_path):
    members = _members(exported.read_bytes())
    members["xl/sharedStrings.xml"] = _sst(zipcheck.MAX_SHARED_STRINGS + 1)
    path = tmp_path / "sst-many.xlsx"
    path.write_bytes(_zip(members))
    measured = _measured(path)
    assert measured["result"] == (
        f"refused: {path}: holds more than {zipcheck.MAX_SHARED_STRINGS:,} shared strings "
        "(texts), more than a review workbook has: refusing to read it"
    )
    assert measured["seconds"] < 10


# -- D8, D10: real rationale text ----------------------------------------------------------


def _rationale_edit(exported: Path, tmp_path: Path, text: str, name: str = "review.xlsx") -> Path:
    ec2 = PROJECT.services[0].id

    def change(wb: Any) -> None:
        ws = wb[L.MATRIX]
        set_letters(ws, ec2, "iam", "platform", "C")
        ws.cell(row_of(ws, ec2, "iam"), key_columns(ws)[L.RATIONALE]).value = text

    return edit(_copy(exported, tmp_path, name), change)


def _with_rationale_xml(path: Path, text_xml: str) -> None:
    """Put ``text_xml`` (already OOXML-escaped) as the inline text of the edited rationale."""
    wb = openpyxl.load_workbook(path)
    ws = wb[L.MATRIX]
    ref = ws.cell(row_of(ws, PROJECT.services[0].id, "iam"), key_columns(ws)[L.RATIONALE])
    data = path.read_bytes()
    members = _members(data)
    part = _matrix_part(data)
    members[part] = _set_cell_xml(
        members[part],
        ref.coordinate,
        f'<c r="{ref.coordinate}" t="inlineStr"><is><t>{text_xml}</t></is></c>',
    )
    path.write_bytes(_zip(members))


def test_a_word_line_break_in_a_rationale_is_a_warning_and_a_line_break(exported, tmp_path):
    path = _rationale_edit(exported, tmp_path, "placeholder")
    _with_rationale_xml(path, "first line_x000B_second line_x0007_")
    result = read_change_set(PROJECT, PROVIDER, path)
    assert not result.has_errors, _errors(result)
    assert [c.note for c in result.changes] == ["first line\nsecond line"]
    assert any("control characters" in w.message for w in result.warnings)
    applied = result.apply(PROJECT)
    override = applied.overrides[(PROJECT.services[0].id, "iam", "platform")]
    assert override.rationale.endswith(": first line\nsecond line")


def test_a_rationale_too_long_with_the_prefix_is_an_error_at_its_cell(exported, tmp_path):
    path = _rationale_edit(exported, tmp_path, "w" * 32_750)
    result = read_change_set(PROJECT, PROVIDER, path)
    (error,) = result.errors
    assert error.address.startswith("Matrix!")
    assert "the rationale is 32,750 characters" in error.message
    assert "shorten it by" in error.message


def test_a_control_character_in_the_file_name_reaches_neither_rationale_nor_terminal(
    exported, tmp_path
):
    path = _rationale_edit(exported, tmp_path, "ok", name="review\x1b[31m.xlsx")
    result = read_change_set(PROJECT, PROVIDER, path)
    assert "\x1b" not in result.source
    assert "⟨U+001B⟩" in result.source
    assert all("\x1b" not in line for line in result.describe(PROJECT))
    applied = result.apply(PROJECT)  # the rationale is valid text
    assert "⟨U+001B⟩" in applied.overrides[(PROJECT.services[0].id, "iam", "platform")].rationale
    bad = tmp_path / "gone\x07.xlsx"
    with pytest.raises(InputError) as info:
        read_change_set(PROJECT, PROVIDER, bad)
    assert "\x07" not in str(info.value)


def _two_long_rationales() -> Project:
    ec2 = PROJECT.services[0].id
    proj = set_cells(PROJECT, [CellChange(ec2, "iam", "platform", "C")], rationale="a" * 20_000)
    return set_cells(proj, [CellChange(ec2, "iam", "security", "R")], rationale="b" * 20_000)


def test_a_combined_rationale_over_the_cell_limit_is_cut_and_reimports_unchanged(tmp_path):
    proj = _two_long_rationales()
    text = row_rationale(proj, proj.services[0].id, "iam")
    assert len(text) == 32_767
    assert text.endswith(CUT_MARKER)
    assert cut_rationales(proj) == 1
    path = export(tmp_path, proj, PROVIDER)  # raised SheetLimitError before
    result = read_change_set(proj, PROVIDER, path)
    assert result.changes == ()
    assert not result.problems


def test_srm_export_reports_the_cut(tmp_path):
    from srm_desktop.cli import main
    from srm_desktop.formats.project_file import save_project

    save_project(_two_long_rationales(), tmp_path / "p.srm")
    out = io.StringIO()
    code = main(["export", str(tmp_path / "p.srm"), "-o", str(tmp_path / "p.xlsx")], out=out)
    assert code == 0
    assert "1 rows' rationales were longer than an Excel cell holds" in out.getvalue()


# -- D9: wide projects --------------------------------------------------------------------


def test_an_edit_beyond_column_256_is_applied(tmp_path):
    provider = get_provider("aws")
    proj = new_project("Wide", provider, ["s3"], [f"T{i}" for i in range(1, 301)])
    path = export(tmp_path, proj, provider)

    def change(wb: Any) -> None:
        wb[L.MATRIX].cell(L.FIRST_DATA_ROW, 300).value = "R"

    result = read_change_set(proj, provider, edit(path, change))
    assert not result.has_errors, _errors(result)
    assert [c.address for c in result.changes] == [f"Matrix!KN{L.FIRST_DATA_ROW}"]


# -- D14: messages ------------------------------------------------------------------------


def _xml_edit(exported: Path, tmp_path: Path, edits: dict[str, str], tail: str = "") -> Path:
    data = exported.read_bytes()
    part = _matrix_part(data)
    members = _members(data)
    sheet = members[part]
    for ref, xml in edits.items():
        sheet = _set_cell_xml(sheet, ref, xml)
    if tail:
        sheet = sheet.replace(b"</sheetData>", tail.encode() + b"</sheetData>")
    members[part] = sheet
    path = tmp_path / "edited.xlsx"
    path.write_bytes(_zip(members))
    return path


def _party_ref(exported: Path, row: int = L.FIRST_DATA_ROW) -> str:
    ws = openpyxl.load_workbook(exported)[L.MATRIX]
    return str(ws.cell(row, key_columns(ws)[L.PARTY_KEY_PREFIX + "platform"]).coordinate)


def test_an_array_formula_is_quoted_by_its_text(exported, tmp_path):
    ref = _party_ref(exported)
    path = _xml_edit(
        exported, tmp_path, {ref: f'<c r="{ref}"><f t="array" ref="{ref}">1+1</f></c>'}
    )
    result = read_change_set(PROJECT, PROVIDER, path)
    (error,) = result.errors
    assert error.value == "'=1+1'"
    assert "object at 0x" not in error.describe()


@pytest.mark.parametrize(
    "xml",
    [
        '<c r="{ref}" t="d"><v>2024-13-45</v></c>',
        '<c r="{ref}"><v>NaN</v></c>',
        '<c r="1{ref}"><v>1</v></c>',
        '<c r="{ref}" t="s"><v>99999999</v></c>',
        '<c r="{ref}" t="s"><v>-1</v></c>',
    ],
)
def test_a_damaged_value_is_an_error_at_its_cell_not_a_refusal(exported, tmp_path, xml):
    ref = _party_ref(exported)
    path = _xml_edit(exported, tmp_path, {ref: xml.format(ref=ref)})
    result = read_change_set(PROJECT, PROVIDER, path)
    (error,) = result.errors
    assert error.address.startswith("Matrix!")
    assert "a value no spreadsheet writes" in error.message


def test_a_project_id_mismatch_says_the_ids_differ(exported, tmp_path):
    other = replace(PROJECT, id="00000000-0000-4000-8000-000000000000")
    result = read_change_set(other, PROVIDER, exported)
    message = next(e for e in _errors(result) if "another project" in e)
    assert f"its project id is '{PROJECT.id}'" in message
    assert "this project's is '00000000-0000-4000-8000-000000000000'" in message


def test_a_stray_row_1048576_is_not_called_250000_rows(exported, tmp_path):
    tail = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>Mainframe</t></is></c></row>'
    result = read_change_set(PROJECT, PROVIDER, _xml_edit(exported, tmp_path, {}, tail))
    assert {e.address for e in result.errors} == {"Matrix!A1048576", "Matrix!D1048576"}
    assert not any("250,000" in p.message for p in result.problems)


def test_the_problem_list_is_capped_with_a_count(exported, tmp_path):
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>junk {r}</t></is></c></row>'
        for r in range(1000, 3000)
    )
    result = read_change_set(PROJECT, PROVIDER, _xml_edit(exported, tmp_path, {}, rows))
    assert len(result.problems) == L.MAX_PROBLEMS + 1
    last = result.problems[-1]
    assert last.level is Severity.ERROR
    assert "and 3,500 more problems not listed (3,500 errors, 0 warnings)" in last.message


# -- D15 ----------------------------------------------------------------------------------


def test_a_decoy_matrix_sheet_loses_to_the_sheet_with_the_hidden_keys(exported, tmp_path):
    ec2 = PROJECT.services[0]

    def decoy(wb: Any) -> None:
        real = wb[L.MATRIX]
        set_letters(real, ec2.id, "iam", "platform", "C")
        real.title = "Matrix (reviewed)"
        fake = wb.create_sheet(L.MATRIX, 0)
        fake.append(["Service", "Responsibility area", "Platform"])
        fake.append([ec2.name, PROJECT.area("iam").name, "I"])

    result = read_change_set(PROJECT, PROVIDER, edit(_copy(exported, tmp_path), decoy))
    assert [c.key for c in result.changes] == [(ec2.id, "iam", "platform")]
    assert any(
        "read the matrix from sheet 'Matrix (reviewed)'" in w.message for w in result.warnings
    )


@pytest.mark.parametrize("number", ["0", "-3", "2"])
def test_rows_numbered_zero_negative_or_out_of_order_are_errors(exported, tmp_path, number):
    tail = f'<row r="{number}"><c r="A5" t="inlineStr"><is><t>x</t></is></c></row>'
    result = read_change_set(PROJECT, PROVIDER, _xml_edit(exported, tmp_path, {}, tail))
    (error,) = result.errors
    assert f"a row numbered {number} after row" in error.message


def test_a_workbook_without_data_rows_says_so(exported, tmp_path):
    def empty(wb: Any) -> None:
        ws = wb[L.MATRIX]
        ws.delete_rows(L.FIRST_DATA_ROW, ws.max_row)

    result = read_change_set(PROJECT, PROVIDER, edit(_copy(exported, tmp_path), empty))
    assert any("no data rows" in w.message for w in result.warnings)


def test_bidi_overrides_are_shown_visibly_in_the_change_set(exported, tmp_path):
    path = _rationale_edit(exported, tmp_path, "ok \u202eevil\u202c done")
    result = read_change_set(PROJECT, PROVIDER, path)
    lines = "\n".join(result.describe(PROJECT))
    assert "\u202e" not in lines
    assert "⟨U+202E⟩evil⟨U+202C⟩" in lines
    assert visible("Edge\u2067CDN") == "Edge⟨U+2067⟩CDN"


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_fifo_or_a_device_as_the_workbook_is_one_line_at_once(tmp_path: Path, kind: str) -> None:
    """D4 for workbooks: the importer reads through the one bounded reader."""
    if kind == "fifo":
        path = tmp_path / "review.xlsx"
        os.mkfifo(path)  # no writer: a plain open would wait forever
    else:
        path = Path("/dev/zero")  # says it is 0 bytes long and never ends
    with pytest.raises(InputError, match="is not a regular file"):
        read_change_set(PROJECT, PROVIDER, path)
