"""The review workbook's **Changes** sheet: what changed since the last review meeting.

Written when the export is given the project as it was reviewed last (``srm export --since
OLD.srm``, or the window's compare view): the project's own changes, parties, areas and
inventory entries first, then the changed cells service by service -- old -> new, where the
letters come from, and the rationale -- as the diff engine (``domain/diff.py``) found them.

It follows the workbook's conventions: a title and a caption, a frozen header row with a filter,
text cells only (never a formula: ``CellEncoder``), landscape, one page wide, the header row
repeated on every page. Its headers say "Area", never the Matrix's "Responsibility area", and it
has no ``srm:`` key row, so the importer never takes it for a matrix.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from srm_desktop.domain.change_set import visible
from srm_desktop.domain.diff import Change, FieldChange, ProjectDiff, RowChange
from srm_desktop.domain.provider import Provider
from srm_desktop.formats.diff_report import NOTHING, entry_title
from srm_desktop.formats.workbook import shell as X
from srm_desktop.formats.workbook import styles as S
from srm_desktop.formats.workbook.cells import row_height
from srm_desktop.formats.workbook.printing import Paper
from srm_desktop.formats.workbook.sheetxml import SheetRows, column_letter
from srm_desktop.formats.workbook.shell import Column, SheetShell

#: (header, width) of each column, in order.
COLUMNS: tuple[tuple[str, float], ...] = (
    ("Change", 10),
    ("Service", 26),
    ("Area", 26),
    ("Party", 14),
    ("What", 11),
    ("Old", 14),
    ("New", 14),
    ("Source", 20),
    ("Rationale", 48),
)
HEADER_ROW = 3


@dataclass(frozen=True)
class ChangeLine:
    """One line of the sheet (every field is text as written)."""

    change: str
    service: str = ""
    area: str = ""
    party: str = ""
    what: str = ""
    old: str = ""
    new: str = ""
    source: str = ""
    rationale: str = ""
    #: Lines of the same service share a band colour, as the Matrix bands its services.
    band: int = 0

    def cells(self) -> tuple[str, ...]:
        return (self.change, self.service, self.area, self.party, self.what, self.old,
                self.new, self.source, self.rationale)  # fmt: skip


def change_lines(diff: ProjectDiff, provider: Provider | None = None) -> list[ChangeLine]:
    """The sheet's lines in reading order: project, parties, areas, then service by service
    (the entry's own change, its owners and its cells). Rows where only the rule changed (same
    letters, same owner) are left to ``srm diff``: a reviewer has nothing to decide there."""
    lines = [ChangeLine("changed", what=f.field, old=f.old, new=f.new) for f in diff.properties]
    for p in diff.parties:
        lines += _fields(p.change, p.fields, party=p.party.name, what="party",
                         kind=p.party.kind.value)  # fmt: skip
    for a in diff.areas:
        lines += _fields(a.change, a.fields, area=a.area.name, what="area", kind=a.area.group)
    for band, group in enumerate(diff.by_service(), start=1):
        service = entry_title(group.entry, provider)
        if group.change is not None:
            entry = group.change.entry
            kind = f"{entry.service}:{entry.variant}" if entry.variant else entry.service
            lines += _fields(group.change.change, group.change.fields, service=service,
                             what="entry", kind=kind, band=band)  # fmt: skip
        for row in group.rows:
            lines += _row(row, service, band)
    return lines


def _fields(
    change: Change,
    fields: tuple[FieldChange, ...],
    *,
    what: str,
    kind: str,
    service: str = "",
    area: str = "",
    party: str = "",
    band: int = 0,
) -> list[ChangeLine]:
    if change is Change.ADDED:
        return [ChangeLine("added", service, area, party, what, new=kind, band=band)]
    if change is Change.REMOVED:
        return [ChangeLine("removed", service, area, party, what, old=kind, band=band)]
    return [
        ChangeLine(change.value, service, area, party, f.field, f.old, f.new, band=band)
        for f in fields
    ]


def _row(row: RowChange, service: str, band: int) -> list[ChangeLine]:
    out = []
    if row.owner_changed:
        out.append(
            ChangeLine("changed", service, row.area.name, "", "owner",
                       row.old_owner_text or NOTHING, row.new_owner_text or NOTHING, band=band)
        )  # fmt: skip
    for cell in row.cells:
        why = cell.new_rationale or (cell.old_rationale if cell.rationale_changed else "")
        out.append(
            ChangeLine("changed", service, row.area.name, cell.party_name, "letters",
                       cell.old_letters or NOTHING, cell.new_letters or NOTHING,
                       _source(cell.old_source, cell.new_source), why, band)
        )  # fmt: skip
    return out


def _source(old: str, new: str) -> str:
    """``rule → manual``, ``manual``, ``rule`` -- the kind of source, which a reviewer reads;
    rule ids are on the Sources sheet and in ``srm diff``."""
    kind = {True: "manual", False: "rule"}
    before, after = kind[old == "manual"], kind[new == "manual"]
    return after if before == after else f"{before} → {after}"


def changes_sheet(
    ws: SheetShell,
    diff: ProjectDiff,
    since: str,
    text: Callable[[str, str], str],
    paper: Paper,
    provider: Provider | None = None,
) -> Iterator[str]:
    """Describe ``ws`` (the Changes sheet) and return its rows; ``text(value, style)`` is the
    workbook's cell encoder, ``since`` names what the project is compared with."""
    lines = change_lines(diff, provider)
    width = len(COLUMNS)
    for col, (_header, size) in enumerate(COLUMNS, start=1):
        ws.columns[col] = Column(size)
    last = HEADER_ROW + max(len(lines), 1)
    ws.size = (width, last)
    ws.freeze = f"A{HEADER_ROW + 1}"
    ws.auto_filter = f"A{HEADER_ROW}:{column_letter(width)}{last}"
    name = diff.new.name
    header = f"{name}: changes since {since}".replace("&", "&&")
    ws.print_setup = X.PrintSetup(header, True, f"{HEADER_ROW}:{HEADER_ROW}", paper.code)
    return _rows(lines, diff, since, text)


def _rows(
    lines: list[ChangeLine], diff: ProjectDiff, since: str, text: Callable[[str, str], str]
) -> Iterator[str]:
    out = SheetRows(len(COLUMNS))
    yield out.row([text(visible(f"{diff.new.name}: what changed since {since}"), S.TITLE)])
    summary = diff.summary().text()
    caption = summary[:1].upper() + summary[1:] + "."
    if not lines:
        caption = "No differences."
    yield out.row([text(caption, S.CAPTION)])
    yield out.row([text(h, S.HEADER) for h, _w in COLUMNS])
    widths = [w for _h, w in COLUMNS]
    for line in lines:
        style = S.TEXT_BAND if line.band % 2 else S.TEXT
        values = [visible(v) for v in line.cells()]
        height = row_height([(v, w) for v, w in zip(values, widths, strict=True)])
        yield out.row([text(v, style) for v in values], height=height)
