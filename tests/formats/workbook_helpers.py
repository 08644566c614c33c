"""Shared helpers for the workbook tests: a small project, an export, and stakeholder edits."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl

from srm_desktop.domain.factory import new_project
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import Provider, get_provider
from srm_desktop.formats.workbook import export_workbook
from srm_desktop.formats.workbook import layout as L

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def project(
    services: Sequence[str] = ("ec2", "lambda", "s3"),
    teams: Sequence[str] = ("Platform", "Security"),
) -> tuple[Project, Provider]:
    provider = get_provider("aws")
    return new_project("Review demo", provider, services, teams), provider


def export(tmp_path: Path, proj: Project, provider: Provider, name: str = "review.xlsx") -> Path:
    path = tmp_path / name
    export_workbook(proj, provider, path)
    return path


def edit(path: Path, change: Callable[[Any], None], out: Path | None = None) -> Path:
    """Open the workbook the way Excel would (fully), let ``change`` edit it, save it."""
    workbook = openpyxl.load_workbook(path)
    change(workbook)
    target = out or path
    workbook.save(target)
    return target


def key_columns(sheet: Any) -> dict[str, int]:
    """Column key (``srm:...``) -> 1-based column, from the hidden key row."""
    return {
        cell.value: cell.column
        for cell in sheet[L.KEY_ROW]
        if isinstance(cell.value, str) and cell.value.startswith(L.KEY_PREFIX)
    }


def row_of(sheet: Any, service_id: str, area_id: str) -> int:
    keys = key_columns(sheet)
    for row in range(L.FIRST_DATA_ROW, sheet.max_row + 1):
        if (
            sheet.cell(row, keys[L.SERVICE_ID]).value == service_id
            and sheet.cell(row, keys[L.AREA_ID]).value == area_id
        ):
            return row
    raise AssertionError(f"no row for {service_id}/{area_id}")


def set_letters(sheet: Any, service_id: str, area_id: str, party_id: str, value: object) -> str:
    """Type ``value`` into a party cell; returns the cell's address."""
    cell = sheet.cell(
        row_of(sheet, service_id, area_id), key_columns(sheet)[L.PARTY_KEY_PREFIX + party_id]
    )
    cell.value = value
    return str(cell.coordinate)


def sort_rows(sheet: Any, key: Callable[[list[Any]], Any], reverse: bool = False) -> None:
    """Sort the data rows by value, as Excel's Sort does (values move, the header stays)."""
    width = sheet.max_column
    rows = [
        [sheet.cell(r, c).value for c in range(1, width + 1)]
        for r in range(L.FIRST_DATA_ROW, sheet.max_row + 1)
    ]
    rows.sort(key=key, reverse=reverse)
    for offset, values in enumerate(rows):
        for col, value in enumerate(values, start=1):
            sheet.cell(L.FIRST_DATA_ROW + offset, col).value = value


def soffice_convert(path: Path, fmt: str, outdir: Path) -> Path:
    """Convert with LibreOffice headless (own profile dir, so parallel runs do not collide)."""
    assert SOFFICE is not None
    profile = outdir / "lo-profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return outdir / f"{path.stem}.{fmt.split(':')[0]}"
