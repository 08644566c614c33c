"""The workbook's small parts (:mod:`shell`) are byte for byte what openpyxl writes for the same
settings: each sheet's XML around its rows, ``workbook.xml``, the relationships, the content types,
the properties and the theme. openpyxl wrote them until 2026-11; these tests keep it as the
reference, on the exports of the shipped examples, of a project with awkward names, and on random
sheet settings."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from openpyxl.formatting.rule import Rule
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.pagebreak import Break
from openpyxl.writer.excel import ExcelWriter

from srm_desktop.domain.factory import new_project
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import Provider, get_provider
from srm_desktop.formats.project_file import load_project
from srm_desktop.formats.workbook import shell as X
from srm_desktop.formats.workbook import styles as S
from srm_desktop.formats.workbook.export import _Writer, workbook_bytes
from srm_desktop.formats.workbook.progress import Ticker
from srm_desktop.formats.workbook.sheetxml import column_letter

NOW = datetime(2025, 3, 14, 10, 0, tzinfo=UTC)
EXAMPLES = sorted((Path(__file__).parents[2] / "examples").glob("*.srm"))
EMPTY_SHEET_DATA = b"<sheetData></sheetData>"
SHARED_STRINGS_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.sharedStrings+xml"/>'
)


def openpyxl_shell(shells: Sequence[X.SheetShell], names: Sequence[tuple[str, str]]) -> Any:
    """The same sheets set up on an openpyxl write-only workbook, as the exporter did it."""
    workbook = Workbook(write_only=True)
    dxfs = S.letter_formats()[1]
    for shell in shells:
        ws = workbook.create_sheet(shell.title)
        if shell.hidden:
            ws.sheet_state = "hidden"
        columns, rows = shell.size or (1, 1)
        ref = f"A1:{column_letter(max(columns, 1))}{max(rows, 1)}"
        ws.calculate_dimension = lambda ref=ref: ref
        for index, column in shell.columns.items():
            dimension = ws.column_dimensions[column_letter(index)]
            dimension.width = column.width
            dimension.hidden = column.hidden
            if column.outline:
                dimension.outlineLevel = column.outline
        if shell.freeze:
            ws.freeze_panes = shell.freeze
        if shell.zoom is not None:
            ws.sheet_view.zoomScale = shell.zoom
        if not shell.grid_lines:
            ws.sheet_view.showGridLines = False
        if shell.auto_filter:
            ws.auto_filter.ref = shell.auto_filter
        for sqref, rules in shell.conditional:
            for r in rules:
                rule = Rule(type="expression", dxf=dxfs[r.dxf_id], stopIfTrue=r.stop_if_true)
                rule.formula = [r.formula]
                rule.priority = r.priority
                ws.conditional_formatting.add(sqref, rule)
        for v in shell.validations:
            validation = DataValidation(
                type="list",
                formula1=v.formula,
                allow_blank=True,
                showInputMessage=True,
                showErrorMessage=True,
                errorStyle="warning",
                promptTitle=v.prompt_title,
                prompt=v.prompt,
                errorTitle=v.error_title,
                error=v.error,
            )
            validation.add(v.sqref)
            ws.data_validations.append(validation)
        if shell.print_setup is not None:
            _print_setup(ws, shell.print_setup)
    for name, ref in names:
        workbook.defined_names[name] = DefinedName(name, attr_text=ref)
    return workbook


def _print_setup(ws: Any, setup: X.PrintSetup) -> None:
    ws.page_setup.orientation = "landscape" if setup.landscape else "portrait"
    if setup.paper is not None:
        ws.page_setup.paperSize = setup.paper
    for row in setup.row_breaks:
        ws.row_breaks.append(Break(id=row))
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if setup.title_rows:
        ws.print_title_rows = setup.title_rows
    ws.oddHeader.left.text = setup.header
    if setup.header_right:
        ws.oddHeader.right.text = setup.header_right
    ws.oddFooter.center.text = "Page &P of &N"
    ws.page_margins.left = ws.page_margins.right = 0.25


def openpyxl_parts(workbook: Any) -> dict[str, bytes]:
    buffer = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED)).save()
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def assert_same_parts(shells: list[X.SheetShell], names: list[tuple[str, str]]) -> None:
    """Every part :mod:`shell` writes equals openpyxl's for the same settings."""
    expected = openpyxl_parts(openpyxl_shell(shells, names))
    for index, shell in enumerate(shells, start=1):
        head, tail = expected[X.sheet_part(index)].split(EMPTY_SHEET_DATA)
        assert X.worksheet_head(shell).encode() == head + b"<sheetData>", shell
        assert X.worksheet_tail(shell).encode() == b"</sheetData>" + tail, shell
    assert X.workbook_xml(shells, names).encode() == expected[X.WORKBOOK_PART]
    types = expected[X.CONTENT_TYPES_PART].replace(b"</Types>", SHARED_STRINGS_TYPE + b"</Types>")
    assert X.content_types(len(shells)).encode() == types
    rels = X.workbook_rels(len(shells)).encode()
    shared = rels.index(b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/'
                        b'2006/relationships/sharedStrings"')  # fmt: skip
    assert rels[:shared] + b"</Relationships>" == expected[X.WORKBOOK_RELS_PART]
    app, theme, root = X.constant_parts()
    assert (app, theme, root) == (
        expected[X.APP_PART],
        expected[X.THEME_PART],
        expected[X.ROOT_RELS_PART],
    )


def described(project: Project, provider: Provider) -> tuple[list[X.SheetShell], list[Any]]:
    writer = _Writer(project, provider, NOW, Ticker(1, None, None))
    return [shell for shell, _rows in writer.sheets()], writer.names


def awkward_project() -> tuple[Project, Provider]:
    provider = get_provider("aws")
    teams = ["P&<\"l>'", "Sécurité " * 5 + "x", "=cmd|' /C calc'!A0", "Ops & [Page]"]
    name = "A & <B> \"q\" 'x' &[Page] &[Tab] ünï €"
    return new_project(name, provider, ["ec2", "lambda", "s3", "rds"], teams), provider


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_shells_are_openpyxls(path: Path) -> None:
    project = load_project(path)
    assert_same_parts(*described(project, get_provider(project.provider)))


def test_awkward_names_are_escaped_as_openpyxl_escapes_them() -> None:
    assert_same_parts(*described(*awkward_project()))


def test_random_sheet_settings_are_openpyxls() -> None:
    rng = random.Random(20261130)
    titles = ["Matrix", "O'Brien's", "a & b", "Ünï <x>", "_srm_meta"]
    for _ in range(40):
        shells: list[X.SheetShell] = []
        for title in rng.sample(titles, rng.randint(1, len(titles))):
            shell = X.SheetShell(
                title,
                size=(rng.randint(0, 60), rng.randint(0, 5000)),
                hidden=bool(shells) and rng.random() < 0.3,
                freeze=rng.choice([None, "A1", "A2", "B1", "F3", "AB17"]),
                zoom=rng.choice([None, 75, 90]),
                grid_lines=rng.random() < 0.7,
            )
            for index in rng.sample(range(1, 40), rng.randint(0, 8)):
                width = rng.choice([11, 13, 26.5, len("Northwind") * 1.1 + 2, 30])
                shell.columns[index] = X.Column(width, rng.random() < 0.2)
            if rng.random() < 0.5:
                shell.auto_filter = f"A{rng.randint(1, 3)}:{column_letter(rng.randint(1, 40))}99"
            if rng.random() < 0.5:
                rules = [
                    X.ConditionalRule(S.letter_formula(letter, "F3"), dxf, priority)
                    for priority, ((letter, *_), dxf) in enumerate(
                        zip(S.LETTER_COLOURS, S.letter_formats()[0], strict=True), start=1
                    )
                ]
                shell.conditional.append(("F3:H40", rules))
            for column in rng.sample("FGHIJ", rng.randint(0, 3)):
                text = rng.choice(["Team", "P&<\"l>'", "line\nbreak\ttab\rcr"])
                shell.validations.append(
                    X.ListValidation(
                        f"{column}3:{column}40",
                        "=RaciValues",
                        text,
                        text * 3,
                        "Not <it>",
                        'say "no" & go',
                    )
                )
            if rng.random() < 0.7:
                header = rng.choice(["Plain", "a && b", "&[Page] of &[Pages]", "bell\x07 tab\t"])
                shell.print_setup = X.PrintSetup(
                    header,
                    rng.random() < 0.5,
                    rng.choice([None, "1:1", "2:3"]),
                    rng.choice([None, 1, 9]),
                    tuple(sorted(rng.sample(range(3, 60), rng.randint(0, 3)))),
                    rng.choice(["", "Owner: Ana · Review: v1.3", "R&&D"]),
                )
            shells.append(shell)
        assert_same_parts(shells, [("RaciValues", "Lists!$A$2:$A$16"), ("x&y", "'a & b'!$B$1")])


def test_styles_part_has_the_differential_styles_the_rules_use() -> None:
    project, provider = awkward_project()
    shells, names = described(project, provider)
    workbook = openpyxl_shell(shells, names)
    openpyxl_parts(workbook)  # registers the rules' differential styles, as the shell did
    data = workbook_bytes(project, provider, now=NOW)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = archive.read(X.STYLES_PART)
    assert styles == S.styles_part(tuple(workbook._differential_styles.styles))
