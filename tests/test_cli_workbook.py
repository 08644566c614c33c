"""`srm export -o X.xlsx` and `srm import`: output, exit codes, and nothing written on error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from srm_desktop.formats.csv_export import dumps_csv
from srm_desktop.formats.project_file import load_project, save_project
from srm_desktop.formats.workbook import layout as L

from .cli_helpers import run
from .formats.workbook_helpers import edit, project, set_letters


@pytest.fixture
def srm_file(tmp_path: Path) -> Path:
    proj, _ = project()
    path = tmp_path / "demo.srm"
    save_project(proj, path)
    return path


def test_export_xlsx_and_csv_unchanged(srm_file: Path, tmp_path: Path):
    code, text = run("export", str(srm_file), "-o", str(tmp_path / "r.xlsx"))
    assert code == 0
    assert "wrote" in text
    assert (tmp_path / "r.xlsx").read_bytes()[:2] == b"PK"
    code, _ = run("export", str(srm_file), "-o", str(tmp_path / "r.csv"))
    _, provider = project()
    assert code == 0
    assert (tmp_path / "r.csv").read_bytes() == dumps_csv(load_project(srm_file), provider).encode(
        "utf-8"
    )


def test_export_to_unknown_extension_is_bad_input(srm_file, tmp_path, capsys):
    code, _ = run("export", str(srm_file), "-o", str(tmp_path / "r.ods"))
    assert code == 2
    assert "use .xlsx or .csv" in capsys.readouterr().err
    assert not (tmp_path / "r.ods").exists()


def _reviewed(srm_file: Path, tmp_path: Path, value: str) -> Path:
    book = tmp_path / "reviewed.xlsx"
    assert run("export", str(srm_file), "-o", str(book))[0] == 0

    def stakeholder(wb: Any) -> None:
        set_letters(wb[L.MATRIX], "ec2", "guest-os", "platform", value)

    edit(book, stakeholder)
    return book


def test_import_dry_run_prints_the_change_set_and_writes_nothing(srm_file, tmp_path):
    book = _reviewed(srm_file, tmp_path, "i")
    before = srm_file.read_bytes()
    code, text = run("import", str(srm_file), str(book), "--dry-run")
    assert code == 0
    assert "change: Amazon EC2 › Guest operating system › Platform: R/A -> I" in text
    assert "dry run: nothing written" in text
    assert srm_file.read_bytes() == before


def test_import_applies_to_out_as_overrides(srm_file, tmp_path):
    book = _reviewed(srm_file, tmp_path, "C")
    out = tmp_path / "after.srm"
    code, text = run("import", str(srm_file), str(book), "-o", str(out))
    assert code == 0
    assert f"applied 1 changes to {out}" in text
    applied = load_project(out)
    assert applied.cell("ec2", "guest-os", "platform") == "C"
    assert applied.overrides[("ec2", "guest-os", "platform")].rationale.startswith(
        "imported from reviewed.xlsx on "
    )


def test_import_with_errors_exits_2_and_applies_nothing(srm_file, tmp_path, capsys):
    book = _reviewed(srm_file, tmp_path, "Q")
    out = tmp_path / "after.srm"
    before = srm_file.read_bytes()
    code, text = run("import", str(srm_file), str(book), "-o", str(out))
    assert code == 2
    assert (
        "error: Matrix!G7 (Amazon EC2 › Guest operating system › Platform): 'Q': "
        "'Q' is not RACI letters" in text
    )
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "nothing applied" in err
    assert not out.exists()
    assert srm_file.read_bytes() == before


def test_import_skip_errors_applies_the_readable_changes(srm_file, tmp_path, capsys):
    book = tmp_path / "reviewed.xlsx"
    assert run("export", str(srm_file), "-o", str(book))[0] == 0
    new = "I" if load_project(srm_file).cell("ec2", "guest-os", "security") != "I" else "C"

    def stakeholder(wb: Any) -> None:
        set_letters(wb[L.MATRIX], "ec2", "guest-os", "platform", "Q")  # unreadable
        set_letters(wb[L.MATRIX], "ec2", "guest-os", "security", new)  # same row, readable

    edit(book, stakeholder)
    out = tmp_path / "after.srm"
    code, _ = run("import", str(srm_file), str(book), "-o", str(out))
    assert code == 2
    assert "--skip-errors" in capsys.readouterr().err
    code, text = run("import", str(srm_file), str(book), "-o", str(out), "--skip-errors")
    assert code == 0
    assert f"applied 1 changes to {out}, skipped 1 errors" in text
    applied, before = load_project(out), load_project(srm_file)
    assert applied.cell("ec2", "guest-os", "security") == new
    assert applied.cell("ec2", "guest-os", "platform") == before.cell("ec2", "guest-os", "platform")


def test_hostile_workbook_exits_2_with_one_line(srm_file, tmp_path, capsys):
    bad = tmp_path / "old.xlsx"
    bad.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 1000)
    out = tmp_path / "after.srm"
    code, text = run("import", str(srm_file), str(bad), "-o", str(out))
    err = capsys.readouterr().err
    assert code == 2
    assert text == ""
    expected = f"srm: {bad}: is an old Excel 97-2003 .xls workbook: open it and save it as "
    assert err == expected + "Excel Workbook (.xlsx)\n"
    assert not out.exists()
