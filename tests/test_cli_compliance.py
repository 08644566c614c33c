"""`srm export PROJECT -o OUT --as oscal|crm|ccm`, and what it refuses."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from srm_desktop.domain import edits, factory
from srm_desktop.domain.areas import Area
from srm_desktop.domain.provider import get_provider
from srm_desktop.formats.project_file import save_project
from tests.cli_helpers import run

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "serverless-api.srm"


@pytest.mark.parametrize(
    ("kind", "name", "said"),
    [
        ("oscal", "cd.json", "OSCAL component definition, 64 NIST SP 800-53 Rev. 5 controls"),
        ("crm", "crm.xlsx", "customer responsibility matrix, 64 NIST SP 800-53 Rev. 5 controls"),
        ("ccm", "ccm.xlsx", "CCM SSRM workbook, 65 CSA CCM v4.0 controls"),
    ],
)
def test_each_kind_writes_its_file(tmp_path: Path, kind: str, name: str, said: str) -> None:
    target = tmp_path / name
    code, out = run("export", str(EXAMPLE), "-o", str(target), "--as", kind)
    assert code == 0
    assert out == f"wrote {target}: {said}, 8 services\n"
    if kind == "oscal":
        assert json.loads(target.read_text(encoding="utf-8"))["component-definition"]["uuid"]
    else:
        assert openpyxl.load_workbook(target).sheetnames[1] == "About"


def test_oscal_to_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run("export", str(EXAMPLE), "-o", "-", "--as", "OSCAL")
    assert code == 0
    assert json.loads(out)["component-definition"]["metadata"]["oscal-version"] == "1.1.2"


def test_without_as_the_review_workbook_and_csv_are_unchanged(tmp_path: Path) -> None:
    code, out = run("export", str(EXAMPLE), "-o", str(tmp_path / "r.xlsx"))
    assert code == 0
    assert out.startswith(f"wrote {tmp_path / 'r.xlsx'}: 8 services × ")
    code, out = run("export", str(EXAMPLE), "-o", "-")
    assert code == 0
    assert out.startswith("service_id,service,category,area_id,area,party,raci,source,owner\r\n")


def test_custom_areas_are_named_as_unmapped(tmp_path: Path) -> None:
    provider = get_provider("aws")
    project = edits.add_area(
        factory.new_project("Demo", provider, ["s3"]), provider, Area(id="ml", name="ML models")
    )
    path = tmp_path / "demo.srm"
    save_project(project, path)
    code, out = run("export", str(path), "-o", str(tmp_path / "c.json"), "--as", "oscal")
    assert code == 0
    assert out.endswith("note: no control maps to these areas of this project: ML models\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as", "fedramp"], "srm: --as: unknown export kind 'fedramp' (known: oscal, crm, ccm)"),
        (
            ["--as", "crm"],
            "srm: {out}: a customer responsibility matrix is written as .xlsx, not .json",
        ),
        (
            ["--as", "oscal", "-o", "out.xml"],
            "srm: out.xml: an OSCAL component definition is written as .json, not .xml",
        ),
        (
            ["--as", "ccm", "-o", "-"],
            "srm: -: a CCM SSRM workbook cannot go to standard output: name a .xlsx file",
        ),
    ],
)
def test_bad_kind_or_target_is_one_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    out = tmp_path / "out.json"
    argv = ["export", str(EXAMPLE), "-o", str(out), *args]
    code, printed = run(*argv)
    err = capsys.readouterr().err
    assert code == 2
    assert printed == ""
    assert err == message.format(out=out) + "\n"
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_target_is_one_line_and_leaves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing" / "crm.xlsx"
    code, _ = run("export", str(EXAMPLE), "-o", str(target), "--as", "crm")
    err = capsys.readouterr().err
    assert code == 2
    assert err == f"srm: {target}: could not save: the folder does not exist (any more)\n"
    assert list(tmp_path.iterdir()) == []


def test_an_unreadable_project_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.srm"
    broken.write_text("{", encoding="utf-8")
    code, _ = run("export", str(broken), "-o", str(tmp_path / "c.json"), "--as", "oscal")
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"srm: {broken}")
    assert err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.srm"]
