"""Importing a stakeholder's edited workbook as a change set: matching, forgiveness, strictness."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from srm_desktop.domain.change_set import ChangeSet
from srm_desktop.domain.edits import CellChange, set_cells, update_service
from srm_desktop.domain.errors import EditError
from srm_desktop.domain.text import check_name
from srm_desktop.formats.workbook import Cancelled, read_change_set
from srm_desktop.formats.workbook import layout as L

from .workbook_helpers import (
    SOFFICE,
    edit,
    export,
    key_columns,
    project,
    row_of,
    set_letters,
    soffice_convert,
    sort_rows,
)


def changes_of(change_set: ChangeSet) -> list[tuple[str, str, str, str, str]]:
    return sorted((c.service_id, c.area_id, c.party_id, c.old, c.new) for c in change_set.changes)


def test_untouched_workbook_is_an_empty_change_set(tmp_path: Path):
    proj, provider = project()
    result = read_change_set(proj, provider, export(tmp_path, proj, provider))
    assert result.changes == ()
    assert result.problems == ()
    assert not result.has_errors


def _valid_name(text: str) -> bool:
    try:
        check_name(text)
    except ValueError:
        return False
    return bool(text)


hostile_names = st.one_of(
    st.sampled_from(
        ['=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(A1)", "#N/A", "_x000D_", "0012", "1e5"]
    ),
    st.text(min_size=1, max_size=40).filter(_valid_name),
)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(names=st.lists(hostile_names, min_size=1, max_size=3, unique_by=str.casefold))
def test_round_trip_of_generated_projects_with_hostile_names(tmp_path: Path, names):
    proj, provider = project(services=["ec2", "s3", "lambda"][: len(names)])
    for entry, name in zip(proj.services, names, strict=True):
        proj = update_service(proj, provider, entry.id, name=name, notes="=1+1\r\n@x")
    path = export(tmp_path, proj, provider, name="hyp.xlsx")
    result = read_change_set(proj, provider, path)
    assert result.changes == ()
    assert not result.has_errors


def test_stakeholder_edits_survive_sorting_hiding_and_an_inserted_column(tmp_path: Path):
    proj, provider = project()
    ec2, lam, s3 = (s.id for s in proj.services)
    aws, platform, security = (p.id for p in proj.parties)
    path = export(tmp_path, proj, provider)
    typed = {
        (ec2, "guest-os", platform): ("r", "R"),
        (ec2, "guest-os", security): (" A/R ", "R/A"),
        (lam, "customer-data", platform): ("ci", "C/I"),
        (lam, "customer-data", security): ("R, A", "R/A"),
        (s3, "network-config", platform): ("Ｉ", "I"),  # full-width
        (s3, "app-security", security): (None, ""),  # cleared
    }

    def stakeholder(wb):
        ws = wb[L.MATRIX]
        for (sid, aid, pid), (value, _) in typed.items():
            set_letters(ws, sid, aid, pid, value)
        rat = key_columns(ws)[L.RATIONALE]
        ws.cell(row_of(ws, lam, "customer-data"), rat).value = "App team owns its data"
        area_col = key_columns(ws)[L.AREA]
        sort_rows(ws, key=lambda r: (r[area_col - 1] or "", r[0] or ""), reverse=True)
        for row in range(5, 40, 3):
            ws.row_dimensions[row].hidden = True
        ws.insert_cols(3)
        ws.cell(L.HEADER_ROW, 3).value = "My comments"
        ws.cell(10, 3).value = "I disagree with row 10"

    edit(path, stakeholder)
    result = read_change_set(proj, provider, path)
    expected = sorted(
        (sid, aid, pid, proj.cell(sid, aid, pid), new)
        for (sid, aid, pid), (_, new) in typed.items()
    )
    assert all(old != new for *_, old, new in expected)  # every edit is a real change
    assert changes_of(result) == expected
    assert not result.has_errors
    assert [p.value for p in result.warnings] == ["'My comments'"]
    assert aws not in {c.party_id for c in result.changes}
    noted = {c.key: c.note for c in result.changes}
    assert noted[(lam, "customer-data", platform)] == "App team owns its data"
    assert noted[(ec2, "guest-os", platform)] == ""


def test_applied_changes_become_overrides_that_record_the_import(tmp_path: Path):
    proj, provider = project()
    ec2 = proj.services[0].id
    platform = proj.parties[1].id
    path = export(tmp_path, proj, provider, name="from-ciso.xlsx")

    def stakeholder(wb):
        ws = wb[L.MATRIX]
        set_letters(ws, ec2, "guest-os", platform, "C")
        ws.cell(row_of(ws, ec2, "guest-os"), key_columns(ws)[L.RATIONALE]).value = "App patches"

    edit(path, stakeholder)
    result = read_change_set(proj, provider, path)
    applied = result.apply(proj, on=date(2026, 5, 1))
    assert applied.cell(ec2, "guest-os", platform) == "C"
    override = applied.overrides[(ec2, "guest-os", platform)]
    assert override.rationale == "imported from from-ciso.xlsx on 2026-05-01: App patches"
    assert proj.cell(ec2, "guest-os", platform) != "C"  # the original is untouched


def test_bad_values_are_errors_at_their_address_and_block_applying(tmp_path: Path):
    proj, provider = project()
    ec2 = proj.services[0].id
    platform, security = proj.parties[1].id, proj.parties[2].id
    path = export(tmp_path, proj, provider)
    where = {}

    def stakeholder(wb):
        ws = wb[L.MATRIX]
        where["x"] = set_letters(ws, ec2, "physical", platform, "X")
        where["n"] = set_letters(ws, ec2, "network-infra", platform, 3)
        where["f"] = set_letters(ws, ec2, "virtualization", platform, '=IF(1,"R","A")')
        where["ok"] = set_letters(ws, ec2, "host-os", security, "A")

    edit(path, stakeholder)
    result = read_change_set(proj, provider, path)
    errors = {p.address: p for p in result.errors}
    assert set(errors) == {f"Matrix!{where[k]}" for k in ("x", "n", "f")}
    assert "'X' is not RACI letters" in errors[f"Matrix!{where['x']}"].message
    assert errors[f"Matrix!{where['n']}"].message.startswith("a number")
    formula = errors[f"Matrix!{where['f']}"]
    assert formula.value == '\'=IF(1,"R","A")\''
    assert "formula" in formula.message
    assert "never evaluated" in formula.message
    assert len(result.changes) == 1  # the readable change is listed...
    with pytest.raises(EditError):
        result.apply(proj)  # ...but nothing is applied while there are errors


def test_unknown_service_and_party_are_reported_not_invented(tmp_path: Path):
    proj, provider = project()
    path = export(tmp_path, proj, provider)

    def stakeholder(wb):
        ws = wb[L.MATRIX]
        keys = key_columns(ws)
        row = ws.max_row + 1
        ws.cell(row, keys[L.SERVICE]).value = "Mainframe"
        ws.cell(row, keys[L.AREA]).value = "Customer data"
        ws.cell(row, keys[L.PARTY_KEY_PREFIX + "platform"]).value = "R"
        col = ws.max_column + 1
        ws.cell(L.KEY_ROW, col).value = L.PARTY_KEY_PREFIX + "legal"
        ws.cell(L.HEADER_ROW, col).value = "Legal"
        ws.cell(3, col).value = "C"

    edit(path, stakeholder)
    result = read_change_set(proj, provider, path)
    messages = [(p.address, p.message) for p in result.errors]
    assert any(
        "no service with this name" in m and "'Mainframe'" in str(result.errors)
        for _, m in messages
    )
    assert any("party id 'legal'" in m for _, m in messages)
    assert all(c.service_id in proj.service_index for c in result.changes)


def test_rows_match_by_name_when_the_hidden_ids_are_gone(tmp_path: Path):
    proj, provider = project()
    ec2, platform = proj.services[0].id, proj.parties[1].id
    path = export(tmp_path, proj, provider)

    def stakeholder(wb):
        ws = wb[L.MATRIX]
        set_letters(ws, ec2, "guest-os", platform, "I")
        keys = key_columns(ws)
        for key in (L.BASELINE, L.AREA_ID, L.SERVICE_ID):  # right to left
            ws.delete_cols(keys[key])
        ws.delete_rows(L.KEY_ROW)  # the key row too: headers are all that is left
        del wb[L.META]

    edit(path, stakeholder)
    result = read_change_set(proj, provider, path)
    assert changes_of(result) == [
        (ec2, "guest-os", platform, proj.cell(ec2, "guest-os", platform), "I")
    ]
    assert not result.has_errors
    assert any("no srm metadata" in p.message for p in result.warnings)


def test_edits_made_in_the_app_since_the_export_are_kept_or_flagged(tmp_path: Path):
    proj, provider = project()
    ec2, platform, security = proj.services[0].id, proj.parties[1].id, proj.parties[2].id
    path = export(tmp_path, proj, provider)
    # The architect keeps working after sending the workbook out.
    later = set_cells(
        proj,
        [
            CellChange(ec2, "guest-os", platform, "I"),
            CellChange(ec2, "app-security", platform, "I"),
        ],
        rationale="architect",
    )

    def stakeholder(wb):
        set_letters(wb[L.MATRIX], ec2, "app-security", platform, "C")  # both changed it
        set_letters(wb[L.MATRIX], ec2, "customer-data", security, "I")  # only the reviewer

    edit(path, stakeholder)
    result = read_change_set(later, provider, path)
    assert [(c.area_id, c.party_id, c.new) for c in result.changes] == [
        ("customer-data", security, "I")
    ]  # guest-os: untouched in the workbook, so the architect's I stays
    assert len(result.errors) == 1
    assert "changed on both sides" in result.errors[0].message


def test_workbook_of_another_project_is_refused(tmp_path: Path):
    proj, provider = project()
    other, _ = project()
    result = read_change_set(other, provider, export(tmp_path, proj, provider))
    assert result.has_errors
    assert "exported from another project" in result.errors[0].message


def test_raci_findings_are_shown_but_do_not_block(tmp_path: Path):
    proj, provider = project()
    ec2 = proj.services[0].id
    path = export(tmp_path, proj, provider)
    row = proj.row(ec2, "customer-data").raci
    party = next(p.id for p, v in zip(proj.parties, row, strict=True) if "A" not in v)

    def stakeholder(wb: openpyxl.Workbook) -> None:
        set_letters(wb[L.MATRIX], ec2, "customer-data", party, "A")

    edit(path, stakeholder)
    result = read_change_set(proj, provider, path)
    assert not result.has_errors
    assert result.findings == ()  # the reader proposes; the domain previews
    result = result.with_findings(proj, provider)
    assert [f.code for f in result.findings] == ["several-accountable"]
    assert result.apply(proj).cell(ec2, "customer-data", party) == "A"


def test_findings_of_the_readable_changes_show_even_beside_errors(tmp_path: Path):
    """The stakeholder fixing an unreadable cell should also learn what the rest of the edit
    does to the matrix, not discover it on the second round trip."""
    proj, provider = project()
    ec2 = proj.services[0].id
    path = export(tmp_path, proj, provider)
    row = proj.row(ec2, "customer-data").raci
    party = next(p.id for p, v in zip(proj.parties, row, strict=True) if "A" not in v)

    def stakeholder(wb: openpyxl.Workbook) -> None:
        set_letters(wb[L.MATRIX], ec2, "customer-data", party, "A")
        set_letters(wb[L.MATRIX], ec2, "physical", party, "maybe")

    edit(path, stakeholder)
    result = read_change_set(proj, provider, path).with_findings(proj, provider)
    assert result.has_errors
    assert [f.code for f in result.findings] == ["several-accountable"]


def test_duplicate_rows_with_different_letters_are_an_error(tmp_path: Path):
    proj, provider = project()
    path = export(tmp_path, proj, provider)

    def stakeholder(wb):
        ws = wb[L.MATRIX]
        values = [c.value for c in ws[3]]
        ws.append(values)
        ws.cell(ws.max_row, 6).value = "C" if values[5] != "C" else "I"

    edit(path, stakeholder)
    result = read_change_set(proj, provider, path)
    assert any("same service and area as row 3" in p.message for p in result.errors)


def test_import_reports_progress_and_can_be_cancelled(tmp_path: Path):
    proj, provider = project(services=["ec2", "s3"] * 20)
    path = export(tmp_path, proj, provider)
    seen: list[tuple[int, int]] = []
    read_change_set(proj, provider, path, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1][0] == seen[-1][1]
    assert len(seen) > 1
    with pytest.raises(Cancelled):
        read_change_set(proj, provider, path, cancelled=lambda: True)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_workbook_resaved_by_libreoffice_imports_the_same_change_set(tmp_path: Path):
    proj, provider = project()
    ec2, lam = proj.services[0].id, proj.services[1].id
    platform, security = proj.parties[1].id, proj.parties[2].id
    path = export(tmp_path, proj, provider, name="edited.xlsx")

    def stakeholder(wb):
        ws = wb[L.MATRIX]
        set_letters(ws, ec2, "guest-os", platform, "c/i")
        set_letters(ws, lam, "app-security", security, "R")
        ws.cell(row_of(ws, lam, "app-security"), key_columns(ws)[L.RATIONALE]).value = "+ why"

    edit(path, stakeholder)
    direct = read_change_set(proj, provider, path)
    outdir = tmp_path / "lo"
    outdir.mkdir()
    resaved = soffice_convert(path, "xlsx:Calc MS Excel 2007 XML", outdir)
    via_lo = read_change_set(proj, provider, resaved)
    assert changes_of(via_lo) == changes_of(direct)
    assert len(direct.changes) == 2
    assert {c.note for c in via_lo.changes} == {"", "+ why"}
    assert not via_lo.has_errors


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_shows_user_text_literally_never_as_formula_results(tmp_path: Path):
    proj, provider = project(services=["ec2", "s3"])
    hostile = ['=HYPERLINK("http://x","y")', "+1+1", "-1+5", "@SUM(1)"]
    proj = update_service(proj, provider, proj.services[0].id, name=hostile[0])
    proj = update_service(proj, provider, proj.services[1].id, name=hostile[1])
    sid = proj.services[0].id
    proj = set_cells(proj, [CellChange(sid, "guest-os", "platform", "I")], rationale=hostile[2])
    proj = set_cells(proj, [CellChange(sid, "physical", "platform", "C")], rationale=hostile[3])
    path = export(tmp_path, proj, provider)
    outdir = tmp_path / "csv"
    outdir.mkdir()
    csv_path = soffice_convert(path, "csv:Text - txt - csv (StarCalc):44,34,76", outdir)
    text = csv_path.read_text(encoding="utf-8")
    for value in hostile:
        assert value.replace('"', '""') in text
    assert "\ny," not in text
    assert ",2," not in text
    assert ",4," not in text


def test_renamed_matrix_sheet_is_still_found(tmp_path: Path):
    proj, provider = project()
    ec2, platform = proj.services[0].id, proj.parties[1].id
    path = export(tmp_path, proj, provider)

    def stakeholder(wb):
        set_letters(wb[L.MATRIX], ec2, "physical", platform, "C")
        wb[L.MATRIX].title = "Matrix (reviewed)"

    edit(path, stakeholder)
    result = read_change_set(proj, provider, path)
    row = row_of(openpyxl.load_workbook(path)["Matrix (reviewed)"], ec2, "physical")
    assert [c.address for c in result.changes] == [f"Matrix (reviewed)!G{row}"]
