"""``srm export --as crm`` and ``--as ccm``: the two compliance workbooks.

* **CRM** -- a FedRAMP-style customer responsibility matrix: one row per NIST SP 800-53 Rev. 5
  control the matrix's areas map to, with *Can be inherited* (Yes / Partial / No, or Not
  applicable) and *Specific inheritance and customer responsibilities*, each text prefixed by the
  services it belongs to, as FedRAMP asks of a multi-service offering.
* **CCM** -- a CSA CCM v4 SSRM sheet: one row per CCM control the areas map to, with *SSRM Control
  Ownership* (CSP-owned / CSC-owned / Shared CSP and CSC / Not applicable), the CSP
  implementation description and the CSC responsibilities.

The verdicts come from ``domain/control_rollup.py`` (one rule for both, in ``docs/decisions.md``);
the texts are the rule book's, so the workbooks say what the app says. Both follow the review
workbook's conventions by reusing its machinery (``formats/workbook/``): SpreadsheetML written as
text with the same named styles, frozen header row and filter, landscape fit-to-width print
setup with the header row repeated, a header naming the project and "Page n of N", and every text
written as a string (never a formula: ``CellEncoder`` adds the quote prefix to text a spreadsheet
would evaluate). Each workbook also has an *About* sheet: the project, the rule that decided each
verdict, where the control mappings come from, and the areas no control maps to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from srm_desktop import __version__
from srm_desktop.domain.control_rollup import (
    CcmOwnership,
    ControlRollup,
    Inheritance,
    RowPart,
    grouped_lines,
    rollup,
    unmapped_areas,
)
from srm_desktop.domain.controls import Framework, control_mappings
from srm_desktop.domain.project import Project
from srm_desktop.domain.provenance import fit_cell
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.rules import Owner
from srm_desktop.formats.atomic import write_atomic
from srm_desktop.formats.compliance import Kind
from srm_desktop.formats.workbook import shell as X
from srm_desktop.formats.workbook import styles as S
from srm_desktop.formats.workbook.cells import LINE_HEIGHT, line_count
from srm_desktop.formats.workbook.package import SheetPart, assemble
from srm_desktop.formats.workbook.printing import Paper, default_paper, words_lines
from srm_desktop.formats.workbook.sheetxml import CellEncoder, SharedStrings, SheetRows
from srm_desktop.formats.workbook.sheetxml import column_letter as letter_of
from srm_desktop.formats.workbook.shell import Column, SheetShell

#: Column widths (characters) chosen so that, fitted to one page wide, the body prints at 9 pt
#: or more on A4 and on US Letter, landscape (``tests/formats/test_compliance_workbooks.py``).
CRM_WIDTHS: Final[tuple[float, ...]] = (11, 26, 12, 96, 24)
CCM_WIDTHS: Final[tuple[float, ...]] = (10, 22, 12, 52, 52, 20)
ABOUT_WIDTHS: Final[tuple[float, ...]] = (34, 90)

#: The tallest row a spreadsheet keeps (409 points); a longer text scrolls inside its cell.
MAX_ROW_POINTS: Final[float] = 409.0


#: The verdict cells take the owner colours of the review workbook: inherited reads like the
#: provider's, not inherited like the customer's, partial like shared.
_INHERITANCE_OWNER: Final[dict[str, Owner]] = {
    Inheritance.YES: Owner.PROVIDER,
    Inheritance.NO: Owner.CUSTOMER,
    Inheritance.PARTIAL: Owner.SHARED,
    Inheritance.NOT_APPLICABLE: Owner.NOT_APPLICABLE,
    CcmOwnership.CSP: Owner.PROVIDER,
    CcmOwnership.CSC: Owner.CUSTOMER,
    CcmOwnership.SHARED: Owner.SHARED,
    CcmOwnership.NOT_APPLICABLE: Owner.NOT_APPLICABLE,
}

INHERITANCE_RULE: Final[tuple[str, ...]] = (
    "Yes: every row of the inventory the control covers is owned by the provider; you inherit "
    "the control and evidence it with the provider's reports.",
    "Partial: the rows are shared, or some are the provider's and some yours.",
    "No: every applicable row is yours (a row nobody is Accountable for yet counts as yours).",
    "Not applicable: no row applies (the areas are n/a for every service in the inventory).",
)
OWNERSHIP_RULE: Final[tuple[str, ...]] = (
    "CSP-owned: every row of the inventory the control covers is owned by the provider.",
    "CSC-owned: every applicable row is the customer's (a row nobody is Accountable for yet "
    "counts as the customer's).",
    "Shared CSP and CSC: the rows are shared, or some are the provider's and some the customer's.",
    "Not applicable: no row applies (the areas are n/a for every service in the inventory).",
)


@dataclass(frozen=True)
class _Table:
    """The main sheet of a compliance workbook: its columns and one row of texts per control."""

    title: str
    headers: tuple[str, ...]
    widths: tuple[float, ...]
    #: Index of the verdict column (coloured like an owner).
    verdict: int
    rows: list[list[str]]


def compliance_workbook_bytes(
    kind: Kind,
    project: Project,
    provider: Provider,
    *,
    now: datetime | None = None,
    paper: Paper | None = None,
) -> bytes:
    """The CRM or CCM workbook in memory (what :func:`export_compliance_workbook` writes)."""
    return _BUILD[kind](project, provider, now, paper)[0]


def _crm(
    project: Project,
    provider: Provider,
    now: datetime | None,
    paper: Paper | None,
    tick: Callable[[], None] | None = None,
) -> tuple[bytes, int]:
    controls = rollup(project, provider, Framework.NIST, tick=tick)
    name = provider.catalog.name
    rows = [
        [
            c.control_id,
            c.title,
            c.inheritance.value,
            _cell(_crm_text(c, name)),
            _areas(c),
        ]
        for c in controls
    ]
    table = _Table(
        "CRM",
        (
            "Control ID",
            "Control name",
            "Can be inherited",
            "Specific inheritance and customer responsibilities",
            "Responsibility areas",
        ),
        CRM_WIDTHS,
        2,
        rows,
    )
    about = _about_lines(project, provider, Framework.NIST, "Can be inherited", INHERITANCE_RULE)
    what = "customer responsibility matrix"
    return _workbook(project, table, about, now, paper or default_paper(), what), len(rows)


def _ccm(
    project: Project,
    provider: Provider,
    now: datetime | None,
    paper: Paper | None,
    tick: Callable[[], None] | None = None,
) -> tuple[bytes, int]:
    controls = rollup(project, provider, Framework.CCM, tick=tick)
    rows = [
        [
            c.control_id,
            c.title,
            c.ccm_ownership.value,
            _cell(_lines(c.parts, lambda p: p.provider_part, lambda p: p.provider_text)),
            _cell(_lines(c.parts, lambda p: p.customer_part, lambda p: p.customer_text)),
            _areas(c),
        ]
        for c in controls
    ]
    table = _Table(
        "SSRM",
        (
            "Control ID",
            "Control title",
            "SSRM Control Ownership",
            "CSP implementation description",
            "CSC responsibilities",
            "Responsibility areas",
        ),
        CCM_WIDTHS,
        2,
        rows,
    )
    about = _about_lines(project, provider, Framework.CCM, "SSRM Control Ownership", OWNERSHIP_RULE)
    return _workbook(project, table, about, now, paper or default_paper(), "CCM SSRM"), len(rows)


#: The builder of each workbook kind: (bytes, number of controls).
_BUILD: Final = {Kind.CRM: _crm, Kind.CCM: _ccm}


def export_compliance_workbook(
    kind: Kind,
    project: Project,
    provider: Provider,
    path: Path | str,
    *,
    now: datetime | None = None,
    paper: Paper | None = None,
    tick: Callable[[], None] | None = None,
) -> int:
    """Write the CRM or CCM workbook atomically (a failed export leaves no file); returns how
    many controls it lists. ``tick`` is called per control (it may raise to cancel)."""
    data, count = _BUILD[kind](project, provider, now, paper, tick)
    write_atomic(Path(path), data)
    return count


# -- texts -------------------------------------------------------------------------------------


def _crm_text(control: ControlRollup, provider_name: str) -> str:
    """Inherited parts first (what the provider does), then the customer's, each line prefixed
    by the services it belongs to."""
    inherited = _lines(
        control.parts, lambda p: p.owner is Owner.PROVIDER, lambda p: p.provider_text
    )
    shared = _lines(
        control.parts,
        lambda p: p.owner is Owner.SHARED,
        lambda p: f"{provider_name}: {p.provider_text} Customer: {p.customer_text}",
    )
    customer = _lines(
        control.parts,
        lambda p: p.owner is Owner.CUSTOMER or (p.owner is None),
        lambda p: p.customer_text,
    )
    blocks = []
    if inherited:
        blocks.append(f"Inherited from {provider_name}:\n" + inherited)
    if shared:
        blocks.append("Shared:\n" + shared)
    if customer:
        blocks.append("Customer responsibility:\n" + customer)
    return "\n\n".join(blocks) or "No service of the inventory is concerned (every row n/a)."


def _lines(
    parts: Sequence[RowPart], keep: Callable[[RowPart], bool], text_of: Callable[[RowPart], str]
) -> str:
    return "\n".join("• " + line for line in grouped_lines([p for p in parts if keep(p)], text_of))


def _areas(control: ControlRollup) -> str:
    return ", ".join(a.name for a in control.areas)


def _cell(text: str) -> str:
    return fit_cell(text)


def _about_lines(
    project: Project,
    provider: Provider,
    framework: Framework,
    column: str,
    rule: Sequence[str],
) -> list[tuple[str, str]]:
    mappings = control_mappings()
    lines: list[tuple[str, str]] = [
        ("Project", project.name),
        ("Provider", provider.catalog.name),
        ("Inventory", f"{len(project.services)} services, {len(project.visible_areas)} areas"),
        ("Controls", f"{framework.label}: the controls the project's areas map to"),
        ("Application", f"srm-desktop {__version__}; control mappings {mappings.version}"),
        ("", ""),
        (column, rule[0]),
    ]
    lines += [("", line) for line in rule[1:]]
    lines += [
        ("", ""),
        (
            "Texts",
            "Each line names the services it applies to and, in brackets, the responsibility "
            "area; the texts are the rule book's (or the rationale of a cell changed by hand). "
            "Services that share a text share a line; past six names the rest are counted.",
        ),
        ("", ""),
        (
            "Mappings",
            "Area -> control mappings (resources/controls/mappings.toml), and their basis:",
        ),
    ]
    for area in project.visible_areas:
        lines.append((area.name, mappings.basis_text(area.id)))
    for source in mappings.sources.values():
        lines.append(("Source", f"{source.document}: {source.url}"))
    missing = unmapped_areas(project, mappings)
    if missing:
        names = ", ".join(a.name for a in missing)
        lines.append(("Unmapped", f"No control maps to these areas of this project: {names}."))
    return lines


# -- the workbook ------------------------------------------------------------------------------


def _workbook(
    project: Project,
    table: _Table,
    about: list[tuple[str, str]],
    now: datetime | None,
    paper: Paper,
    what: str,
) -> bytes:
    when = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    strings = SharedStrings()
    cells = CellEncoder(S.cell_format_ids(), strings)
    main, main_rows = _main_sheet(project, table, cells, paper, what)
    info, info_rows = _about_sheet(project, about, cells, paper, when, what)
    sheets = [(main, main_rows), (info, info_rows)]
    app, theme, root_rels = X.constant_parts()
    shells = [sheet for sheet, _rows in sheets]
    parts = [
        (X.CONTENT_TYPES_PART, X.content_types(len(sheets)).encode()),
        (X.APP_PART, app),
        (X.CORE_PART, X.core_xml(when.replace(tzinfo=None)).encode()),
        (X.THEME_PART, theme),
        (X.STYLES_PART, S.styles_part(())),
        (X.ROOT_RELS_PART, root_rels),
        (X.WORKBOOK_PART, X.workbook_xml(shells, []).encode()),
        (X.WORKBOOK_RELS_PART, X.workbook_rels(len(sheets)).encode()),
    ]
    streamed: list[SheetPart] = [
        (X.sheet_part(i), X.worksheet_head(sheet), rows, X.worksheet_tail(sheet))
        for i, (sheet, rows) in enumerate(sheets, start=1)
    ]
    return assemble(parts, streamed, strings, when)


def _height(texts: Sequence[tuple[str, float]]) -> float | None:
    lines = max((line_count(text, width) for text, width in texts), default=1)
    if lines <= 1:
        return None
    return min(LINE_HEIGHT * lines, MAX_ROW_POINTS)


def _main_sheet(
    project: Project, table: _Table, cells: CellEncoder, paper: Paper, what: str
) -> tuple[SheetShell, Iterator[str]]:
    sheet = SheetShell(table.title)
    for col, width in enumerate(table.widths, start=1):
        sheet.columns[col] = Column(width)
    count = len(table.rows) + 1
    sheet.size = (len(table.widths), count)
    sheet.freeze = "C2"
    sheet.auto_filter = f"A1:{letter_of(len(table.widths))}{max(count, 2)}"
    sheet.print_setup = X.PrintSetup(
        f"{project.name}: {what}".replace("&", "&&"), True, "1:1", paper.code
    )
    return sheet, _main_rows(table, cells)


def _main_rows(table: _Table, cells: CellEncoder) -> Iterator[str]:
    out = SheetRows(len(table.widths))
    header_lines = max(words_lines(h, w) for h, w in zip(table.headers, table.widths, strict=True))
    yield out.row(
        [cells.text(h, S.HEADER) for h in table.headers],
        height=LINE_HEIGHT * header_lines if header_lines > 1 else None,
    )
    for index, values in enumerate(table.rows):
        plain = S.TEXT_BAND if index % 2 else S.TEXT
        fragments = []
        for col, value in enumerate(values):
            style = S.owner_style(_INHERITANCE_OWNER[value]) if col == table.verdict else plain
            fragments.append(cells.text(value, style))
        yield out.row(fragments, height=_height(list(zip(values, table.widths, strict=True))))


def _about_sheet(
    project: Project,
    lines: list[tuple[str, str]],
    cells: CellEncoder,
    paper: Paper,
    when: datetime,
    what: str,
) -> tuple[SheetShell, Iterator[str]]:
    sheet = SheetShell("About")
    sheet.columns[1] = Column(ABOUT_WIDTHS[0])
    sheet.columns[2] = Column(ABOUT_WIDTHS[1])
    sheet.grid_lines = False
    sheet.print_setup = X.PrintSetup(
        f"{project.name}: about".replace("&", "&&"), False, None, paper.code
    )
    out = SheetRows(2)
    rows = [
        out.row([cells.text(f"{project.name}: {what}", S.TITLE)], height=24.0),
        out.row(
            [
                cells.text("Exported", S.LABEL),
                cells.text(when.strftime("%Y-%m-%d %H:%M UTC"), S.TEXT),
            ]
        ),
    ]
    for label, value in lines:
        if not label and not value:
            rows.append(out.row([]))
            continue
        rows.append(
            out.row(
                [cells.text(label, S.LABEL), cells.text(value, S.TEXT)],
                height=_height([(value, 90), (label, 34)]),
            )
        )
    sheet.size = (2, len(rows))
    return sheet, iter(rows)
