"""Fuzzing the workbook importer: whatever comes back from a stakeholder, only the project's own
error types may escape (:class:`SrmError`: a one-line message naming the file), never a crash,
another exception type or a hang. Four levels, each reaching deeper into the reader:

* random bytes (the zip and magic checks);
* a real export with bytes overwritten (mostly caught by the zip's CRCs);
* a real export with the XML of a part mutated and the zip rebuilt (valid CRCs, so the XML
  parser and openpyxl see the damage);
* a real export edited cell by cell through openpyxl, as a stakeholder would (the importer's own
  rules: keys, headers, letters, formulas, numbers, dates, control characters).

Each example must finish within ``LIMIT_S``; atheris, when installed, runs the byte-level
target coverage-guided for a bounded number of runs (``test_atheris_workbook_importer``).
"""

from __future__ import annotations

import io
import tempfile
import time
import zipfile
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from srm_desktop.domain.change_set import ChangeSet
from srm_desktop.domain.errors import SrmError
from srm_desktop.formats.workbook import read_change_set

from .workbook_helpers import export, project

LIMIT_S = 10.0
PROJECT, PROVIDER = project()
COUNT = {"examples": 0, "refused": 0, "read": 0}


@cache
def _valid() -> bytes:
    """A real export (not a fixture, so a failing example does not print 50 kB of it)."""
    with tempfile.TemporaryDirectory() as folder:
        return export(Path(folder), PROJECT, PROVIDER).read_bytes()


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {info.filename: z.read(info.filename) for info in z.infolist()}


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in members.items():
            z.writestr(name, content)
    return out.getvalue()


def try_import(data: bytes, folder: Path, name: str = "fuzz.xlsx") -> None:
    """Import ``data``: a change set or an SrmError with a one-line message, in bounded time."""
    COUNT["examples"] += 1
    path = folder / name
    path.write_bytes(data)
    started = time.perf_counter()
    try:
        result = read_change_set(PROJECT, PROVIDER, path)
    except SrmError as exc:
        COUNT["refused"] += 1
        message = str(exc)
        assert message.startswith(str(path)), message
        assert "\n" not in message, message
    else:
        COUNT["read"] += 1
        assert isinstance(result, ChangeSet)
    assert time.perf_counter() - started < LIMIT_S


def fuzz(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck))


@fuzz(150)
@given(st.binary(max_size=3000))
def test_random_bytes(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    try_import(data, tmp_path_factory.mktemp("b"))


@fuzz(100)
@given(
    st.lists(
        st.tuples(
            st.floats(min_value=0, max_value=1, exclude_max=True), st.binary(min_size=1, max_size=8)
        ),
        min_size=1,
        max_size=4,
    )
)
def test_overwritten_bytes(
    tmp_path_factory: pytest.TempPathFactory, patches: list[tuple[float, bytes]]
) -> None:
    data = bytearray(_valid())
    for where, junk in patches:
        at = int(where * len(data))
        data[at : at + len(junk)] = junk
    try_import(bytes(data), tmp_path_factory.mktemp("o"))


XML_SNIPPETS = [
    b"",
    b"<",
    b"&",
    b"&amp;",
    b"]]>",
    b'<c r="A1" t="s"><v>999999</v></c>',
    b'<c r="XFD1048576"><v>1</v></c>',
    b'<c r="B7" t="e"><v>#N/A</v></c>',
    b'<c r="C7"><f>1+1</f><v>2</v></c>',
    b'<c r="D7" t="inlineStr"><is><t>=HYPERLINK("http://x")</t></is></c>',
    b'<c r="E7" t="b"><v>1</v></c>',
    b'<c r="F7" t="d"><v>2024-13-45</v></c>',
    b'<row r="0">',
    b'<row r="99999999"><c r="A99999999"><v>x</v></c></row>',
    b'<dimension ref="A1:XFD1048576"/>',
    b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
    b'<?xml version="1.0" encoding="UTF-16"?>',
    b"\x00\xff\xfe",
    b'<mergeCell ref="A1:Z9999"/>',
    b"<sheetData/><sheetData/>",
    "<t>\u202e\U0001f600\ud7ff</t>".encode(),
]


@fuzz(200)
@given(
    part=st.sampled_from(
        [
            "xl/worksheets/sheet1.xml",
            "xl/worksheets/sheet7.xml",
            "xl/workbook.xml",
            "xl/styles.xml",
            "[Content_Types].xml",
            "xl/_rels/workbook.xml.rels",
            "docProps/core.xml",
        ]
    ),
    edits=st.lists(
        st.tuples(
            st.floats(min_value=0, max_value=1),
            st.integers(min_value=0, max_value=64),
            st.sampled_from(XML_SNIPPETS) | st.binary(max_size=12),
        ),
        min_size=1,
        max_size=4,
    ),
    drop=st.booleans(),
)
def test_mutated_xml_parts(
    tmp_path_factory: pytest.TempPathFactory,
    part: str,
    edits: list[tuple[float, int, bytes]],
    drop: bool,
) -> None:
    members = _members(_valid())
    xml = bytearray(members[part])
    for where, cut, snippet in edits:
        at = int(where * len(xml))
        xml[at : at + cut] = snippet
    if drop and part != "xl/worksheets/sheet1.xml":
        del members[part]
    else:
        members[part] = bytes(xml)
    try_import(_zip(members), tmp_path_factory.mktemp("x"))


cell_values = st.one_of(
    st.none(),
    st.sampled_from(["R", "r", " R ", "A/R", "RA", "Ｒ", "R/A/C", "X", "=1+1", "#N/A", "@x", "-R"]),
    st.text(max_size=40),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.floats(allow_nan=True, allow_infinity=False),
    st.booleans(),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2100, 1, 1)),
)


def _clean_text(value: Any) -> Any:
    """openpyxl refuses to *write* control characters; keep the rest as the stakeholder typed."""
    if isinstance(value, str):
        return "".join(ch for ch in value if ch >= " " or ch in "\t\n\r")
    return value


@fuzz(80)
@given(
    edits=st.lists(
        st.tuples(
            st.sampled_from(["Matrix", "Inventory", "_srm_meta", "Lists"]),
            st.integers(min_value=1, max_value=60),
            st.integers(min_value=1, max_value=16),
            cell_values,
        ),
        min_size=1,
        max_size=8,
    ),
    structural=st.sampled_from(["none", "insert_col", "delete_row", "rename", "sort"]),
)
def test_stakeholder_cell_edits(
    tmp_path_factory: pytest.TempPathFactory,
    edits: list[tuple[str, int, int, Any]],
    structural: str,
) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(_valid()))
    for sheet, row, column, value in edits:
        workbook[sheet].cell(row, column).value = _clean_text(value)
    matrix = workbook["Matrix"]
    if structural == "insert_col":
        matrix.insert_cols(3)
    elif structural == "delete_row":
        matrix.delete_rows(4)
    elif structural == "rename":
        matrix.title = "Matrix (reviewed)"
    elif structural == "sort":
        rows = [list(r) for r in matrix.iter_rows(min_row=6, values_only=True)]
        for offset, values in enumerate(reversed(rows)):
            for column, value in enumerate(values, start=1):
                matrix.cell(6 + offset, column).value = value
    out = io.BytesIO()
    workbook.save(out)
    try_import(out.getvalue(), tmp_path_factory.mktemp("c"))


def test_the_fuzzers_reached_both_outcomes() -> None:
    """The fuzz runs above must have produced readable workbooks and refused ones: a fuzzer
    whose every example is refused at the first check tests nothing deep."""
    if COUNT["examples"] == 0:
        pytest.skip("run with the fuzz tests above")
    print(f"workbook fuzz: {COUNT}")
    assert COUNT["read"] > 0
    assert COUNT["refused"] > 0


_IDS = [s.id for s in PROJECT.services]
_AREAS = [a.id for a in PROJECT.visible_areas]
_PARTY_NAMES = [p.name for p in PROJECT.parties]


@fuzz(60)
@given(
    tampering=st.lists(
        st.tuples(
            st.sampled_from(["service_id", "area_id", "header", "swap_rows"]),
            st.integers(min_value=0, max_value=68),
            st.integers(min_value=0, max_value=68),
        ),
        min_size=1,
        max_size=4,
    ),
    letter=st.sampled_from(["R", "A", "C", "I", ""]),
)
def test_tampered_hidden_ids_and_headers_never_apply_to_an_unseen_cell(
    tmp_path_factory: pytest.TempPathFactory,
    tampering: list[tuple[str, int, int]],
    letter: str,
) -> None:
    """Whatever is done to the hidden ids and the headers, a change set without errors only
    changes cells whose row shows that service and area and whose column shows that party."""
    from srm_desktop.formats.workbook import layout as L

    from .workbook_helpers import key_columns

    workbook = openpyxl.load_workbook(io.BytesIO(_valid()))
    ws = workbook["Matrix"]
    keys = key_columns(ws)
    rows = L.FIRST_DATA_ROW + len(_IDS) * len(_AREAS)
    for kind, a, b in tampering:
        ra, rb = L.FIRST_DATA_ROW + a, L.FIRST_DATA_ROW + b
        if kind == "service_id":
            ws.cell(ra, keys[L.SERVICE_ID]).value = _IDS[b % len(_IDS)]
        elif kind == "area_id":
            ws.cell(ra, keys[L.AREA_ID]).value = _AREAS[b % len(_AREAS)]
        elif kind == "header":
            party = PROJECT.parties[a % len(PROJECT.parties)]
            ws.cell(L.HEADER_ROW, keys[L.PARTY_KEY_PREFIX + party.id]).value = _PARTY_NAMES[
                b % len(_PARTY_NAMES)
            ]
        else:
            for key in (L.SERVICE_ID, L.AREA_ID, L.BASELINE):
                top, bottom = ws.cell(ra, keys[key]), ws.cell(rb, keys[key])
                top.value, bottom.value = bottom.value, top.value
    party_col = keys[L.PARTY_KEY_PREFIX + PROJECT.parties[1].id]
    for row in range(L.FIRST_DATA_ROW, rows, 7):
        ws.cell(row, party_col).value = letter
    out = io.BytesIO()
    workbook.save(out)
    folder = tmp_path_factory.mktemp("t")
    try_import(out.getvalue(), folder)
    result = read_change_set(PROJECT, PROVIDER, folder / "fuzz.xlsx")
    if result.has_errors:
        return
    shown = openpyxl.load_workbook(folder / "fuzz.xlsx")["Matrix"]
    for change in result.changes:
        cell = shown[change.address.split("!")[1]]
        assert (
            shown.cell(cell.row, keys[L.SERVICE]).value == PROJECT.service(change.service_id).name
        )
        assert shown.cell(cell.row, keys[L.AREA]).value == PROJECT.area(change.area_id).name
        header = shown.cell(L.HEADER_ROW, cell.column).value
        assert header == PROJECT.party(change.party_id).name
