"""``--as crm`` and ``--as ccm``: the two compliance workbooks, read back as a reviewer's
spreadsheet program reads them (openpyxl) and converted by LibreOffice when it is installed."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from srm_desktop.domain import edits
from srm_desktop.domain.edits import CellChange
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import Provider
from srm_desktop.formats.atomic import SaveError
from srm_desktop.formats.compliance import Kind, export_compliance
from srm_desktop.formats.compliance_workbooks import (
    ABOUT_WIDTHS,
    CCM_WIDTHS,
    CRM_WIDTHS,
    export_compliance_workbook,
)
from srm_desktop.formats.project_file import load_project
from srm_desktop.formats.workbook.printing import Paper, printed_points
from tests.formats.workbook_helpers import SOFFICE, soffice_convert

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.srm"))
CRM_HEADERS = [
    "Control ID",
    "Control name",
    "Can be inherited",
    "Specific inheritance and customer responsibilities",
    "Responsibility areas",
]
CCM_HEADERS = [
    "Control ID",
    "Control title",
    "SSRM Control Ownership",
    "CSP implementation description",
    "CSC responsibilities",
    "Responsibility areas",
]


def _write(tmp_path: Path, kind: Kind, project: Project, provider: Provider) -> Path:
    path = tmp_path / f"{kind}.xlsx"
    export_compliance_workbook(kind, project, provider, path, paper=Paper.A4)
    return path


def _rows(path: Path, sheet: str) -> dict[str, list[Any]]:
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    return {str(r[0]): list(r) for r in ws.iter_rows(min_row=2, values_only=True)}


def test_crm_one_row_per_mapped_control_with_its_verdict(
    tmp_path: Path, demo: Project, aws: Provider
) -> None:
    path = _write(tmp_path, Kind.CRM, demo, aws)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["CRM", "About"]
    ws = book["CRM"]
    assert [c.value for c in ws[1]] == CRM_HEADERS
    rows = _rows(path, "CRM")
    assert len(rows) == 64
    assert rows["PE-3"][1:3] == ["Physical Access Control", "Yes"]
    assert rows["AC-2"][2] == "No"
    assert rows["SC-28"][2] == "Partial"  # encryption at rest: AWS provides it, you switch it on
    text = rows["PE-3"][3]
    assert text.startswith("Inherited from Amazon Web Services:\n• ")
    assert "Amazon EC2" in text
    assert "(Physical & environmental security): " in text
    assert rows["AC-2"][3].startswith("Customer responsibility:\n• ")
    assert rows["AC-2"][4] == "Identity & access management"


def test_crm_verdict_follows_an_override(tmp_path: Path, demo: Project, aws: Provider) -> None:
    edited = edits.set_cells(
        demo,
        [
            CellChange("ec2", "physical", "aws", "I"),
            CellChange("ec2", "physical", "customer", "R/A"),
        ],
        rationale="Outposts rack in our own data centre",
    )
    rows = _rows(_write(tmp_path, Kind.CRM, edited, aws), "CRM")
    assert rows["PE-3"][2] == "Partial"
    assert (
        "Amazon EC2 (Physical & environmental security): Set by hand: Outposts" in rows["PE-3"][3]
    )


def test_ccm_ownership_and_both_descriptions(tmp_path: Path, demo: Project, aws: Provider) -> None:
    path = _write(tmp_path, Kind.CCM, demo, aws)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["SSRM", "About"]
    assert [c.value for c in book["SSRM"][1]] == CCM_HEADERS
    rows = _rows(path, "SSRM")
    assert rows["DCS-07"][1:3] == ["Controlled Access Points", "CSP-owned"]
    assert "AWS secures" in rows["DCS-07"][3]
    assert rows["DCS-07"][4] in (None, "")  # nothing for the customer to do
    assert rows["IAM-05"][2] == "CSC-owned"
    assert rows["IAM-05"][3] in (None, "")
    assert rows["CEK-03"][2] == "Shared CSP and CSC"
    assert rows["CEK-03"][3]
    assert rows["CEK-03"][4]
    assert {r[2] for r in rows.values()} <= {
        "CSP-owned",
        "CSC-owned",
        "Shared CSP and CSC",
        "Not applicable",
    }


@pytest.mark.parametrize("kind", [Kind.CRM, Kind.CCM])
def test_review_workbook_conventions(
    tmp_path: Path, teams_project: Project, aws: Provider, kind: Kind
) -> None:
    path = _write(tmp_path, kind, teams_project, aws)
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[0]
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref is not None
    assert ws.auto_filter.ref.startswith("A1:")
    assert ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9
    assert ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert "Teams" in ws.oddHeader.left.text
    about = [r[1] for r in book["About"].iter_rows(values_only=True) if r[1]]
    assert any("derived:" in str(v) for v in about)  # each area's mapping basis
    assert any("usnistgov/oscal-content" in str(v) for v in about)


@pytest.mark.parametrize("paper", list(Paper))
def test_printed_text_is_9_points_or_more(paper: Paper) -> None:
    assert printed_points(CRM_WIDTHS, paper) >= 9.0
    assert printed_points(CCM_WIDTHS, paper) >= 9.0
    assert printed_points(ABOUT_WIDTHS, paper, landscape=False) >= 9.0


def test_user_text_never_becomes_a_formula(tmp_path: Path, demo: Project, aws: Provider) -> None:
    hostile = '=HYPERLINK("http://evil","x")'
    edited = edits.update_service(demo, aws, "ec2", name=hostile)
    edited = edits.set_cells(
        edited, [CellChange("s3", "iam", "aws", "R")], rationale="+cmd|' /C calc'!A0"
    )
    for kind in (Kind.CRM, Kind.CCM):
        book = openpyxl.load_workbook(_write(tmp_path, kind, edited, aws))
        cells = [c for row in book.worksheets[0].iter_rows() for c in row if c.value]
        assert all(c.data_type == "s" for c in cells)
        assert any(str(c.value).find(hostile) >= 0 for c in cells)
        assert not any(str(c.value).startswith(("=", "+")) and not c.quotePrefix for c in cells)


def test_custom_areas_are_listed_as_unmapped(tmp_path: Path, demo: Project, aws: Provider) -> None:
    from srm_desktop.domain.areas import Area

    custom = edits.add_area(demo, aws, Area(id="ml-models", name="ML models"))
    book = openpyxl.load_workbook(_write(tmp_path, Kind.CCM, custom, aws))
    about = {r[0]: r[1] for r in book["About"].iter_rows(values_only=True) if r[0]}
    assert about["Unmapped"] == "No control maps to these areas of this project: ML models."


def test_a_failed_write_leaves_nothing(tmp_path: Path, demo: Project, aws: Provider) -> None:
    folder = tmp_path / "gone"
    with pytest.raises(SaveError):
        export_compliance(Kind.CRM, demo, aws, folder / "crm.xlsx")
    assert not folder.exists()
    previous = tmp_path / "ccm.xlsx"
    previous.write_bytes(b"the previous export")
    taken = tmp_path / "taken.xlsx"
    taken.mkdir()  # a folder where the file should go: the write fails at the rename
    with pytest.raises(SaveError):
        export_compliance(Kind.CCM, demo, aws, taken)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ccm.xlsx", "taken.xlsx"]
    assert list(taken.iterdir()) == []
    assert previous.read_bytes() == b"the previous export"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("kind", [Kind.CRM, Kind.CCM])
def test_libreoffice_opens_and_prints_them(tmp_path: Path, aws: Provider, kind: Kind) -> None:
    project = load_project(next(p for p in EXAMPLES if p.stem == "three-tier-web"))
    path = _write(tmp_path, kind, project, aws)
    pdf = soffice_convert(path, "pdf", tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        return
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    header = "inherited" if kind is Kind.CRM else "Ownership"
    # the main sheet's pages: those listing controls (the About sheet's do not)
    pages = [p for p in text.split("\f") if re.search(r"^ ?[A-Z&]{2,3}-\d\d? ", p, re.M)]
    assert len(pages) > 3
    # every one repeats the header row
    assert all("Control ID" in p and header in p for p in pages)
    assert "Storefront" in text


@pytest.mark.parametrize("kind", list(Kind))
def test_cancel_stops_before_anything_is_written(
    tmp_path: Path, demo: Project, aws: Provider, kind: Kind
) -> None:
    from srm_desktop.formats.workbook.progress import Cancelled

    seen: list[tuple[int, int]] = []
    export_compliance(
        kind, demo, aws, tmp_path / f"a{kind.suffix}", progress=lambda d, t: seen.append((d, t))
    )
    assert len(seen) > 60  # a step per control (and per service for OSCAL)
    assert all(done <= total for done, total in seen)
    calls = iter(range(1000))
    with pytest.raises(Cancelled):
        export_compliance(
            kind, demo, aws, tmp_path / f"b{kind.suffix}", cancelled=lambda: next(calls) > 10
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"a{kind.suffix}"]
