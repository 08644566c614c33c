"""The importer's every word, pinned: a set of edited workbooks and the change sets they give.

Written before the importer was split into named steps (columns, rows, comparison), so the split
cannot change a message, an address or an order. The full text -- every change, problem and new
RACI finding, then the summary -- is compared with ``fixtures/import_golden.txt``. After a
deliberate change of wording, regenerate it with ``SRM_REGOLD=1 pytest <this file>`` and read the
diff.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from srm_desktop.domain.change_set import ChangeSet
from srm_desktop.domain.edits import CellChange, set_cells
from srm_desktop.domain.errors import InputError
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import Provider
from srm_desktop.formats.workbook import layout as L
from srm_desktop.formats.workbook import read_change_set

from .workbook_helpers import edit, export, key_columns, project, row_of, set_letters, sort_rows

GOLDEN = Path(__file__).parent / "fixtures" / "import_golden.txt"

Edit = Callable[[Any, Project], None]


def _typed(wb: Any, proj: Project) -> None:
    ws = wb[L.MATRIX]
    ec2, lam, s3 = (s.id for s in proj.services)
    set_letters(ws, ec2, "guest-os", "platform", "r")
    set_letters(ws, ec2, "guest-os", "security", " A/R ")
    set_letters(ws, lam, "customer-data", "platform", "ci")
    set_letters(ws, lam, "customer-data", "security", "R, A")
    set_letters(ws, s3, "network-config", "platform", "Ｉ")
    set_letters(ws, s3, "app-security", "security", None)
    ws.cell(row_of(ws, lam, "customer-data"), key_columns(ws)[L.RATIONALE]).value = "Data team"


def _sorted_hidden_inserted(wb: Any, proj: Project) -> None:
    _typed(wb, proj)
    ws = wb[L.MATRIX]
    area_col = key_columns(ws)[L.AREA]
    sort_rows(ws, key=lambda r: (r[area_col - 1] or "", r[0] or ""), reverse=True)
    for row in range(5, 40, 3):
        ws.row_dimensions[row].hidden = True
    ws.insert_cols(3)
    ws.cell(L.HEADER_ROW, 3).value = "My comments"
    ws.cell(10, 3).value = "I disagree with row 10"


def _bad_values(wb: Any, proj: Project) -> None:
    ws = wb[L.MATRIX]
    ec2 = proj.services[0].id
    set_letters(ws, ec2, "physical", "platform", "X")
    set_letters(ws, ec2, "network-infra", "platform", 3)
    set_letters(ws, ec2, "virtualization", "platform", '=IF(1,"R","A")')
    set_letters(ws, ec2, "host-os", "security", "A")
    set_letters(ws, ec2, "guest-os", "security", True)
    set_letters(ws, ec2, "network-config", "security", date(2026, 1, 2))
    set_letters(ws, ec2, "app-security", "security", "maybe")
    ws.cell(row_of(ws, ec2, "iam"), key_columns(ws)[L.RATIONALE]).value = 42


def _unknown_rows_and_parties(wb: Any, proj: Project) -> None:
    ws = wb[L.MATRIX]
    keys = key_columns(ws)
    row = ws.max_row + 1
    ws.cell(row, keys[L.SERVICE]).value = "Mainframe"
    ws.cell(row, keys[L.AREA]).value = "Customer data"
    ws.cell(row, keys[L.PARTY_KEY_PREFIX + "platform"]).value = "R"
    row += 1
    ws.cell(row, keys[L.SERVICE]).value = proj.services[0].name
    ws.cell(row, keys[L.AREA]).value = "Moon base"
    ws.cell(row, keys[L.PARTY_KEY_PREFIX + "platform"]).value = "R"
    row += 1
    ws.cell(row, keys[L.SERVICE]).value = "=A3"
    ws.cell(row, keys[L.AREA]).value = "Customer data"
    ws.cell(row, keys[L.PARTY_KEY_PREFIX + "platform"]).value = "R"
    col = ws.max_column + 1
    ws.cell(L.KEY_ROW, col).value = L.PARTY_KEY_PREFIX + "legal"
    ws.cell(L.HEADER_ROW, col).value = "Legal"
    ws.cell(3, col).value = "C"
    ws.cell(4, col).value = "C"
    col += 1
    ws.cell(L.KEY_ROW, col).value = L.PARTY_KEY_PREFIX + "platform"
    ws.cell(L.HEADER_ROW, col).value = "Platform again"
    col += 1
    ws.cell(L.KEY_ROW, col).value = L.KEY_PREFIX + "future"
    ws.cell(L.HEADER_ROW, col).value = "Something new"


def _names_only(wb: Any, proj: Project) -> None:
    ws = wb[L.MATRIX]
    ec2 = proj.services[0].id
    set_letters(ws, ec2, "guest-os", "platform", "I")
    set_letters(ws, ec2, "customer-data", "security", "c")
    keys = key_columns(ws)
    for key in (L.BASELINE, L.AREA_ID, L.SERVICE_ID):  # right to left
        ws.delete_cols(keys[key])
    ws.delete_rows(L.KEY_ROW)
    ws.cell(L.HEADER_ROW - 1, ws.max_column + 1).value = "Reviewer notes"
    del wb[L.META]


def _twins_without_ids(wb: Any, proj: Project) -> None:
    ws = wb[L.MATRIX]
    keys = key_columns(ws)
    set_letters(ws, proj.services[0].id, "physical", "platform", "C")
    ws.delete_cols(keys[L.SERVICE_ID])


def _conflicts(wb: Any, proj: Project) -> None:
    ws = wb[L.MATRIX]
    ec2 = proj.services[0].id
    set_letters(ws, ec2, "app-security", "platform", "C")
    set_letters(ws, ec2, "customer-data", "security", "I")
    set_letters(ws, ec2, "guest-os", "platform", "I")


def _findings_and_notes(wb: Any, proj: Project) -> None:
    ws = wb[L.MATRIX]
    ec2, lam = proj.services[0].id, proj.services[1].id
    row = proj.row(ec2, "customer-data").raci
    party = next(p.id for p, v in zip(proj.parties, row, strict=True) if "A" not in v)
    set_letters(ws, ec2, "customer-data", party, "A")
    set_letters(ws, ec2, "physical", "platform", "R")
    set_letters(ws, ec2, "iam", "platform", "")
    set_letters(ws, ec2, "iam", "security", "")
    rationale = key_columns(ws)[L.RATIONALE]
    ws.cell(row_of(ws, lam, "physical"), rationale).value = "a note on an unchanged row"
    ws.cell(row_of(ws, ec2, "physical"), rationale).value = "  reviewed  "


def _duplicates_and_header_again(wb: Any, proj: Project) -> None:
    ws = wb[L.MATRIX]
    values = [c.value for c in ws[L.FIRST_DATA_ROW]]
    ws.append(values)
    ws.cell(ws.max_row, 6).value = "C" if values[5] != "C" else "I"
    ws.append(values)  # the same letters: not a problem
    ws.append([c.value for c in ws[L.HEADER_ROW]])  # the header sorted into the data
    ws.append([None] * len(values))
    ws.append(["", "", "", "", "", "", "", "", "a note row"])


def _renamed_sheet(wb: Any, proj: Project) -> None:
    set_letters(wb[L.MATRIX], proj.services[0].id, "physical", "platform", "C")
    wb[L.MATRIX].title = "Matrix (reviewed)"


def _newer_meta(wb: Any, proj: Project) -> None:
    meta = wb[L.META]
    for row in meta.iter_rows():
        if row[0].value == L.META_SCHEMA:
            row[1].value = str(L.SCHEMA_VERSION + 1)


def _no_parties(wb: Any, proj: Project) -> None:
    ws = wb[L.MATRIX]
    keys = key_columns(ws)
    for party in reversed(proj.parties):
        ws.delete_cols(keys[L.PARTY_KEY_PREFIX + party.id])


def _no_matrix(wb: Any, proj: Project) -> None:
    ws = wb[L.MATRIX]
    ws.delete_rows(1, 2)


SCENARIOS: dict[str, Edit] = {
    "untouched": lambda wb, proj: None,
    "typed": _typed,
    "sorted-hidden-inserted": _sorted_hidden_inserted,
    "bad-values": _bad_values,
    "unknown-rows-and-parties": _unknown_rows_and_parties,
    "names-only": _names_only,
    "twins-without-ids": _twins_without_ids,
    "conflicts": _conflicts,
    "findings-and-notes": _findings_and_notes,
    "duplicates-and-header-again": _duplicates_and_header_again,
    "renamed-sheet": _renamed_sheet,
    "newer-meta": _newer_meta,
    "no-parties": _no_parties,
    "no-matrix": _no_matrix,
}


def _projects() -> tuple[Project, Provider]:
    proj, provider = project()
    return replace(proj, id="golden-project"), provider


def _against(name: str, proj: Project, provider: Provider) -> Project:
    """The project the workbook is read against: sometimes not the one it was exported from."""
    if name == "conflicts":
        ec2 = proj.services[0].id
        changes = [
            CellChange(ec2, "guest-os", "platform", "I"),
            CellChange(ec2, "app-security", "platform", "I"),
        ]
        return set_cells(proj, changes, rationale="architect")
    if name == "twins-without-ids":
        from srm_desktop.domain.edits import update_service

        return update_service(proj, provider, proj.services[1].id, name=proj.services[0].name)
    return proj


def _text(tmp_path: Path) -> str:
    out: list[str] = []
    for name, change in SCENARIOS.items():
        proj, provider = _projects()
        folder = tmp_path / name
        folder.mkdir()
        exported = proj
        if name == "twins-without-ids":
            exported = _against(name, proj, provider)
        path = export(folder, exported, provider)

        def stakeholder(wb: Any, change: Edit = change, exported: Project = exported) -> None:
            change(wb, exported)

        edit(path, stakeholder)
        target = _against(name, proj, provider)
        out.append(f"== {name}")
        try:
            result: ChangeSet = read_change_set(target, provider, path)
        except InputError as exc:
            out.append("InputError: " + str(exc).replace(str(tmp_path), "<tmp>"))
            continue
        result = result.with_findings(target, provider)
        out += result.describe(target)
        out.append(result.summary())
    return "\n".join(out) + "\n"


def test_every_message_of_the_importer_is_as_pinned(tmp_path: Path) -> None:
    text = _text(tmp_path)
    if os.environ.get("SRM_REGOLD") or not GOLDEN.exists():
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")
