"""The review workbook: what a stakeholder reads, edits and sends back.

Every part is written as SpreadsheetML text: each sheet's settings -- views, frozen panes,
filters, conditional formats, validations, print setup -- are described here and rendered by
:mod:`shell` (openpyxl wrote them until 2026-11, half the time of a small export), its rows by
:mod:`sheetxml`, streamed into the zip as it is compressed (:mod:`package`); openpyxl still
writes the styles part, once per process (:mod:`styles`). Building an openpyxl cell per cell made
a 240,000-cell export 4.5× slower than the XML it produces. The sheets:

* **Matrix** -- one row per service × area; the party columns are the ones to edit.
* **Overview** -- services × areas, who owns each (P/C/S), and how many areas are ours.
* **Inventory** -- the workload's components.
* **Legend** -- what the letters, colours and the shared responsibility model mean.
* **Lists** (hidden) -- the RACI values the drop-downs offer; **_srm_meta** (hidden) -- format,
  schema version, project id and export time, which the importer checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path

from srm_desktop import __version__
from srm_desktop.domain.catalog import Category
from srm_desktop.domain.change_set import visible
from srm_desktop.domain.derive import deriver_for
from srm_desktop.domain.diff import ProjectDiff
from srm_desktop.domain.layered import plain
from srm_desktop.domain.project import PartyKind, Project, Row, ServiceEntry
from srm_desktop.domain.provenance import (
    effective_owner,
    overridden_party_names,
    owner_text,
    row_rationale,
)
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.raci import ORDER, Letter, canonical
from srm_desktop.domain.rules import Owner, Rule, Sharing
from srm_desktop.domain.words import words
from srm_desktop.formats.atomic import write_atomic
from srm_desktop.formats.workbook import layout as L
from srm_desktop.formats.workbook import shell as X
from srm_desktop.formats.workbook import styles as S
from srm_desktop.formats.workbook.cells import LINE_HEIGHT, row_height
from srm_desktop.formats.workbook.changes import changes_sheet
from srm_desktop.formats.workbook.package import SheetPart, assemble
from srm_desktop.formats.workbook.printing import (
    FONT_POINTS,
    READABLE_POINTS,
    Paper,
    block_breaks,
    column_points,
    default_paper,
    fit_scale,
    printable_height,
    printable_width,
    words_lines,
)
from srm_desktop.formats.workbook.progress import CancelCheck, ProgressCallback, Ticker
from srm_desktop.formats.workbook.sheetxml import CellEncoder, SharedStrings, SheetRows
from srm_desktop.formats.workbook.sheetxml import column_letter as get_column_letter
from srm_desktop.formats.workbook.shell import Column, SheetShell

RACI_LIST_NAME = "RaciValues"
#: The Source column names a row's overridden parties up to this many characters, then counts
#: them: a cell holds at most 32,767 and a project may have hundreds of long party names.
_MAX_SOURCE_NAMES = 2_000

#: A sheet's rows as ``<row>`` elements, produced while the package is compressed.
XmlRows = Iterator[str]

#: The words of the Legend sheet and the drop-down prompt: ``resources/words.toml``, which the
#: app's Primer reads too.
SHORT_CATEGORY = {category: words().categories[category.value].short for category in Category}
MODEL_SENTENCES = words().model_sentences


def export_workbook(
    project: Project,
    provider: Provider,
    path: Path | str,
    *,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
    now: datetime | None = None,
    paper: Paper | None = None,
    since: tuple[ProjectDiff, str] | None = None,
) -> None:
    """Write the review workbook atomically: a cancelled or failed export leaves no file.
    ``paper`` is what it prints on (None: :func:`printing.default_paper`, the locale's).
    ``since``: (the diff from the last reviewed version to ``project``, a name for that
    version) adds the Changes sheet."""
    data = workbook_bytes(
        project, provider, progress=progress, cancelled=cancelled, now=now, paper=paper,
        since=since,
    )  # fmt: skip
    write_atomic(Path(path), data)


def workbook_bytes(
    project: Project,
    provider: Provider,
    *,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
    now: datetime | None = None,
    paper: Paper | None = None,
    since: tuple[ProjectDiff, str] | None = None,
) -> bytes:
    """The workbook as bytes; raises :class:`Cancelled` when ``cancelled()`` turns true."""
    when = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    rows = len(project.services) * len(project.visible_areas)
    ticker = Ticker(rows * 2 + len(project.services) + 1, progress, cancelled)
    ticker.check()
    writer = _Writer(project, provider, when, ticker, paper or default_paper())
    writer.since = since
    sheets = writer.sheets()
    shells = [sheet for sheet, _rows in sheets]
    # The styles part is the same in every export but for the conditional formats' differential
    # styles, which only a sheet with party columns registers; both variants are cached.
    uses_dxfs = any(sheet.conditional for sheet in shells)
    styles = S.styles_part(S.letter_formats()[1] if uses_dxfs else ())
    app, theme, root_rels = X.constant_parts()
    # Document properties carry the wall clock, as openpyxl wrote them (``when`` may be given).
    created = datetime.now(UTC).replace(tzinfo=None)
    parts = [
        (X.CONTENT_TYPES_PART, X.content_types(len(sheets)).encode()),
        (X.APP_PART, app),
        (X.CORE_PART, X.core_xml(created).encode()),
        (X.THEME_PART, theme),
        (X.STYLES_PART, styles),
        (X.ROOT_RELS_PART, root_rels),
        (X.WORKBOOK_PART, X.workbook_xml(shells, writer.names).encode()),
        (X.WORKBOOK_RELS_PART, X.workbook_rels(len(sheets)).encode()),
    ]
    streamed: list[SheetPart] = [
        (X.sheet_part(i), X.worksheet_head(sheet), rows, X.worksheet_tail(sheet))
        for i, (sheet, rows) in enumerate(sheets, start=1)
    ]
    data = assemble(parts, streamed, writer.strings, when)
    ticker.finish()
    return data


def raci_choices() -> list[str]:
    """The drop-down's values: single letters first, then pairs, triples, all four."""
    return [canonical(combo) for n in range(1, 5) for combo in combinations(ORDER, n)]


def _declare_size(sheet: SheetShell, columns: int, rows: int) -> None:
    """The sheet's <dimension>: without it a streaming reader (openpyxl's included) parses the
    whole sheet once just to learn its size."""
    sheet.size = (columns, rows)


def _print_setup(
    sheet: SheetShell,
    title_rows: str | None,
    header: str,
    paper: Paper,
    *,
    landscape: bool = True,
    row_breaks: tuple[int, ...] = (),
    right: str = "",
) -> None:
    """Landscape (or portrait) on ``paper``, one page wide, ``header`` top left and ``right``
    (the project's owner and review, :func:`credit`) top right (an ``&`` in them is doubled: a
    header reads ``&`` as a code), "Page n of N" in the footer."""
    sheet.print_setup = X.PrintSetup(
        header.replace("&", "&&"),
        landscape,
        title_rows,
        paper.code,
        row_breaks,
        right.replace("&", "&&"),
    )


def _wrapped_height(columns: list[tuple[str, float]]) -> float | None:
    """The height a row needs when each text wraps between words in its column, a column ``w``
    wide holding ``1.15 w`` characters a line (``cells.line_count`` counts characters only
    and so cuts the end off long prose, a quote's included); None when one line is enough."""
    lines = max((_wrapped_lines(text, int(width * 1.15)) for text, width in columns), default=1)
    return LINE_HEIGHT * lines if lines > 1 else None


def _wrapped_lines(text: str, chars: int) -> int:
    """Lines ``text`` takes wrapped between words at ``chars`` a line; a word longer than a
    line (a rule id, a URL) is broken where the line ends, as Excel and LibreOffice do."""
    lines = 0
    for part in text.split("\n"):
        pieces = [w[i : i + chars] for w in part.split() for i in range(0, len(w), chars)]
        lines += words_lines(" ".join(pieces), chars + 1) if pieces else 1
    return max(lines, 1)


def credit(project: Project) -> str:
    """Who owns the matrix and where its review stands ("Owner: Ana Lopez · Review: v1.3
    reviewed 2026-11-30"), for titles and print headers; "" when neither is set (the workbook
    is then as it always was)."""
    parts = []
    if project.owner:
        parts.append(f"Owner: {visible(project.owner)}")
    if project.review:
        parts.append(f"Review: {visible(project.review)}")
    return " · ".join(parts)


#: The Sources sheet's columns: rule, owner, what AWS does, what you do, document, quote, the
#: day it was read (printed: 169 characters, 9.1 pt on US Letter, 9.7 pt on A4), then the link
#: (folded, not printed).
_SOURCES_WIDTHS: tuple[int, ...] = (26, 14, 30, 30, 20, 38, 11, 40)
_SOURCES_PRINTED: int = sum(_SOURCES_WIDTHS[:-1])

#: Matrix columns folded away (an outline group, unfolded with its "+"): not printed, and on
#: screen one click away. Category repeats on every row; Source is the rule's id and document,
#: which the Sources sheet lists for whoever checks a citation.
_FOLDED: frozenset[str] = frozenset({L.CATEGORY, L.SOURCE})
#: The Matrix's printed text columns at their narrowest, and how any width left on the page
#: is shared out (what you do and the rationale are the long texts a reviewer reads).
_NARROWEST: dict[str, float] = {
    L.SERVICE: 18,
    L.VARIANT: 11,
    L.AREA: 20,
    L.OWNER: 11,
    L.CUSTOMER_DOES: 30,
    L.RATIONALE: 27,
}
_SPARE_SHARE: dict[str, float] = {
    L.SERVICE: 0.1,
    L.AREA: 0.1,
    L.CUSTOMER_DOES: 0.45,
    L.RATIONALE: 0.35,
}
#: A party column: its name's longest word on one line (a header never breaks mid-word).
_PARTY_NARROWEST = 8.0  # "R/A/C/I"
_PARTY_WIDEST = 18.0


_OVERVIEW_AREA_WIDTH = 5.0
#: Points of height a bold 11-pt header character takes, read upwards (Calibri averages ~6.3).
_UPRIGHT_POINTS_PER_CHAR = 6.6


def matrix_widths(party_names: list[str], paper: Paper) -> dict[str, float]:
    """The Matrix's column widths, by column key (parties as ``srm:party:<n>``... the caller's
    keys, in ``party_names`` order under :data:`L.PARTY_KEY_PREFIX` + index): chosen so that the
    printed columns print at :data:`READABLE_POINTS` or more when fitted to the page's width,
    on A4 and on US Letter alike (a workbook travels), while the party count allows."""
    parties = [
        min(
            _PARTY_WIDEST,
            max(_PARTY_NARROWEST, *(len(w) + 1.5 for w in name.split())),
        )
        for name in party_names
    ]
    widths = dict(_NARROWEST)
    page = min(printable_width(paper, True), printable_width(Paper.LETTER, True))
    budget = page * FONT_POINTS / READABLE_POINTS  # the columns' points at 100 %
    used = sum(column_points(w) for w in [*widths.values(), *parties])
    spare = (budget - used) / 0.75 / 7  # characters
    if spare > 0:
        for key, share in _SPARE_SHARE.items():
            widths[key] = min(L.WIDTHS[key], widths[key] + int(spare * share * 2) / 2)
    out = {key: widths.get(key, L.WIDTHS[key]) for key in (*L.LEADING_KEYS, *L.TRAILING_KEYS)}
    out.update({f"{L.PARTY_KEY_PREFIX}{i}": w for i, w in enumerate(parties)})
    return out


class _Writer:
    """Describes each sheet at once and returns its rows as a lazy iterator of ``<row>``
    elements; the package writer runs the iterators while it compresses."""

    def __init__(
        self,
        project: Project,
        provider: Provider,
        when: datetime,
        ticker: Ticker,
        paper: Paper = Paper.A4,
    ) -> None:
        self.paper = paper
        self.project = project
        self.overrides = plain(project.overrides)  # dict speed for the per-cell look-ups
        self.provider = provider
        #: The workbook's defined names (name, reference), in the order they are written.
        self.names: list[tuple[str, str]] = []
        self.when = when
        self.ticker = ticker
        self.deriver = deriver_for(project, provider)
        #: The owner and review for print headers and titles ("" when the project says neither).
        self.credit = credit(project)
        self._rules: dict[str, Rule | None] = {}
        self.strings = SharedStrings()
        self._cells: CellEncoder | None = None
        #: The last reviewed version's diff and name: adds the Changes sheet.
        self.since: tuple[ProjectDiff, str] | None = None

    # -- helpers ----------------------------------------------------------------------------

    @property
    def cells(self) -> CellEncoder:
        assert self._cells is not None, "create a sheet first"
        return self._cells

    def sheet(self, title: str) -> SheetShell:
        ws = SheetShell(title)
        if self._cells is None:
            self._cells = CellEncoder(S.cell_format_ids(), self.strings)
        return ws

    def text(self, text: str, style: str = S.PLAIN) -> str:
        return self.cells.text(text, style)

    def rule(self, row: Row) -> Rule | None:
        if row.rule is None:
            return None
        if row.rule not in self._rules:
            self._rules[row.rule] = self.provider.rules.get(row.rule)
        return self._rules[row.rule]

    def category_text(self, entry: ServiceEntry) -> str:
        category = self.deriver.category(entry)
        return SHORT_CATEGORY[category] if category is not None else ""

    def variant_text(self, entry: ServiceEntry) -> str:
        service = self.provider.catalog.get(entry.service)
        variant = service.variant(entry.variant) if service is not None else None
        return variant.name if variant is not None else (entry.variant or "")

    def owner(self, entry: ServiceEntry, area_id: str) -> Owner | None:
        """The row's effective owner, as the app shows it (``domain/provenance.py``)."""
        return effective_owner(self.project, self.provider, entry.id, area_id)

    def source_text(self, entry: ServiceEntry, area_id: str, rule: Rule | None) -> str:
        manual = overridden_party_names(self.project, entry.id, area_id, self.overrides)
        names = ", ".join(manual)
        if len(names) > _MAX_SOURCE_NAMES:  # hundreds of long party names: count them instead
            names = f"{len(manual)} parties"
        parts = [f"manual ({names})"] if manual else []
        if rule is not None:
            parts.append(f"rule {rule.id}: {rule.citation.document}")
        return " · ".join(parts) or "manual"

    def rationale_text(self, entry: ServiceEntry, area_id: str) -> str:
        return row_rationale(self.project, entry.id, area_id, self.overrides)

    # -- sheets -----------------------------------------------------------------------------

    def sheets(self) -> list[tuple[SheetShell, XmlRows]]:
        """Every sheet in reading order, described, with its rows to come."""
        changes = [self.changes()] if self.since is not None else []
        return [
            self.matrix(),
            self.overview(),
            *changes,
            self.inventory(),
            self.legend(),
            self.sources(),
            self.lists(),
            self.meta(),
        ]

    def matrix(self) -> tuple[SheetShell, XmlRows]:
        project = self.project
        ws = self.sheet(L.MATRIX)
        keys = [*L.LEADING_KEYS, *(L.PARTY_KEY_PREFIX + p.id for p in project.parties)]
        keys += L.TRAILING_KEYS
        n_cols = len(keys)
        first_party = len(L.LEADING_KEYS) + 1
        last_party = first_party + len(project.parties) - 1
        sized = matrix_widths([p.name for p in project.parties], self.paper)
        for i, party in enumerate(project.parties):
            sized[L.PARTY_KEY_PREFIX + party.id] = sized.pop(f"{L.PARTY_KEY_PREFIX}{i}")
        self.matrix_widths = sized
        for col, key in enumerate(keys, start=1):
            folded = key in _FOLDED
            ws.columns[col] = Column(sized[key], key in L.HIDDEN_KEYS or folded, int(folded))
        last_row = L.FIRST_DATA_ROW - 1 + len(project.services) * len(project.visible_areas)
        _declare_size(ws, n_cols, last_row)
        ws.freeze = f"{get_column_letter(first_party)}{L.FIRST_DATA_ROW}"
        ws.zoom = 90
        self.matrix_heights = self._matrix_heights()
        _print_setup(
            ws,
            f"{L.HEADER_ROW}:{L.HEADER_ROW}",
            f"{project.name}: responsibility matrix",
            self.paper,
            row_breaks=self._service_breaks(keys),
            right=self.credit,
        )
        last_row = max(last_row, L.FIRST_DATA_ROW)
        ws.auto_filter = f"A{L.HEADER_ROW}:{get_column_letter(n_cols)}{last_row}"
        if project.parties:
            top_left = f"{get_column_letter(first_party)}{L.FIRST_DATA_ROW}"
            letters = f"{top_left}:{get_column_letter(last_party)}{last_row}"
            ws.conditional.append((letters, _letter_rules(top_left)))
        for col, party in enumerate(project.parties, start=first_party):
            column = get_column_letter(col)
            ws.validations.append(_party_validation(party.name, column, last_row))
        return ws, self._matrix_rows(keys)

    def _matrix_rows(self, keys: list[str]) -> XmlRows:
        project = self.project
        text = self.cells.text
        out = SheetRows(len(keys))
        yield out.row([text(key, S.KEY) for key in keys], hidden=True)
        headers = self._matrix_headers(keys)
        yield out.row([text(h, S.HEADER) for h in headers], height=self._header_height(keys))
        heights = iter(self.matrix_heights)
        for band, entry in enumerate(project.services):
            text_style = S.TEXT_BAND if band % 2 else S.TEXT
            clip_style = S.CLIP_BAND if band % 2 else S.CLIP
            letter_style = S.LETTER_BAND if band % 2 else S.LETTER
            variant = self.variant_text(entry)
            leading = [
                text(visible(entry.name), text_style),
                text(self.category_text(entry), text_style),
                text(variant, text_style),
            ]
            service_id = text(entry.id, S.KEY)
            for area in project.visible_areas:
                row = project.row(entry.id, area.id)
                rule = self.rule(row)
                owner = self.owner(entry, area.id)
                rationale = self.rationale_text(entry, area.id)
                does = rule.customer_does if rule is not None else ""
                height = next(heights)
                cells = [
                    *leading,
                    text(visible(area.name), text_style),
                    text(owner_text(owner, rule), S.owner_style(owner)),
                ]
                cells += [text(letters, letter_style) for letters in row.raci]
                cells += [
                    text(does, text_style),
                    text(self.source_text(entry, area.id, rule), clip_style),
                    text(rationale, text_style),
                    service_id,
                    text(area.id, S.KEY),
                    text(L.BASELINE_SEPARATOR.join(row.raci), S.KEY),
                ]
                yield out.row(cells, height=height)
                self.ticker.step()

    def _matrix_headers(self, keys: list[str]) -> list[str]:
        names = {L.PARTY_KEY_PREFIX + p.id: visible(p.name) for p in self.project.parties}
        return [names.get(key) or L.HEADERS[key] for key in keys]

    def _header_height(self, keys: list[str]) -> float:
        """Two lines at least; more when a printed header wraps to more (by words)."""
        widths = self.matrix_widths
        lines = max(
            words_lines(header, widths[key])
            for key, header in zip(keys, self._matrix_headers(keys), strict=True)
            if key not in _FOLDED and key not in L.HIDDEN_KEYS
        )
        return LINE_HEIGHT * max(2, lines)

    def _matrix_heights(self) -> list[float | None]:
        """Each data row's height (None: one line), in row order, for its wrapped texts at the
        Matrix's widths: the rows and the page breaks both use them."""
        project, widths = self.project, self.matrix_widths
        service_w, variant_w, area_w = widths[L.SERVICE], widths[L.VARIANT], widths[L.AREA]
        rationale_w, does_w = widths[L.RATIONALE], widths[L.CUSTOMER_DOES]
        owner_w = widths[L.OWNER]
        heights: list[float | None] = []
        # Texts wrap between words (the owner, bold, in its narrow column: "Shared · you
        # configure" takes three lines); each distinct text's lines are counted once.
        lines_of: dict[tuple[str, float], int] = {}

        def lines(text: str, width: float) -> int:
            if not text:
                return 1
            known = lines_of.get((text, width))
            if known is None:
                known = lines_of[(text, width)] = _wrapped_lines(text, int(width * 1.15))
            return known

        for entry in project.services:
            # A large estate takes a while here, before any row is written: give way to the
            # window (and answer Cancel) once per service, as the row writer does per rows.
            self.ticker.poll()
            variant = self.variant_text(entry)
            for area in project.visible_areas:
                rule = self.rule(project.row(entry.id, area.id))
                owner = owner_text(self.owner(entry, area.id), rule)
                most = max(
                    lines(entry.name, service_w),
                    lines(owner, owner_w / 1.15 - 1),
                    lines(variant, variant_w),
                    lines(area.name, area_w),
                    lines(self.rationale_text(entry, area.id), rationale_w),
                    lines(rule.customer_does if rule is not None else "", does_w),
                )
                heights.append(LINE_HEIGHT * most if most > 1 else None)
        return heights

    def _service_breaks(self, keys: list[str]) -> tuple[int, ...]:
        """A page break before a service whose rows would not all fit on the page's rest."""
        areas = len(self.project.visible_areas)
        if not areas or not self.project.services:
            return ()
        printed = [
            self.matrix_widths[k] for k in keys if k not in _FOLDED and k not in L.HIDDEN_KEYS
        ]
        scale = fit_scale(printed, self.paper)
        # LibreOffice fits the page header inside the top margin less generously than Excel
        # (a block planned to end a page spilled one row over): plan for 95 % of the page.
        page_body = printable_height(self.paper, True) * 0.95 / scale - self._header_height(keys)
        heights = [h or LINE_HEIGHT for h in self.matrix_heights]
        blocks = [sum(heights[i : i + areas]) for i in range(0, len(heights), areas)]
        return tuple(block_breaks(blocks, L.FIRST_DATA_ROW, areas, page_body))

    def overview(self) -> tuple[SheetShell, XmlRows]:
        project = self.project
        areas = project.visible_areas
        ws = self.sheet(L.OVERVIEW)
        ws.columns[1] = Column(28)
        # Area headers read upwards (as the app's Overview shows them), so a column is as
        # narrow as its letter and no header breaks mid-word; the page holds all areas at 11 pt.
        for col in range(2, len(areas) + 3):
            ws.columns[col] = Column(_OVERVIEW_AREA_WIDTH)
        ws.freeze = "B4"
        _declare_size(ws, len(areas) + 2, len(project.services) + 4)
        _print_setup(ws, "3:3", f"{project.name}: overview", self.paper, right=self.credit)
        return ws, self._overview_rows(len(areas) + 2)

    def _overview_rows(self, width: int) -> XmlRows:
        project = self.project
        areas = project.visible_areas
        text, number = self.cells.text, self.cells.number
        out = SheetRows(width)
        credited = f" ({self.credit})" if self.credit else ""
        yield out.row([text(f"{project.name}: who owns each area{credited}", S.TITLE)])
        caption = (
            "P = provider, C = customer (us), S = shared (both do their part). "
            "The last column and row count the areas that are ours (C or S)."
        )
        yield out.row([text(caption, S.CAPTION)])
        header = [text("Service", S.HEADER)]
        header += [text(visible(a.name), S.HEADER_UP) for a in areas]
        header.append(text("Ours (C + S)", S.HEADER_UP))
        longest = max([len("Ours (C + S)"), *(len(a.name) for a in areas)])
        yield out.row(header, height=round(longest * _UPRIGHT_POINTS_PER_CHAR + 12))
        ours_per_area = [0] * len(areas)
        owner_cells = {
            # "–": no owner (no one Accountable after an override), as the app's Overview shows it
            owner: text(owner.letter if owner is not None else "–", S.owner_style(owner, True))
            for owner in (*Owner, None)
        }
        for entry in project.services:
            cells = [text(visible(entry.name), S.TEXT)]
            ours = 0
            for i, area in enumerate(areas):
                owner = self.owner(entry, area.id)
                if owner in (Owner.CUSTOMER, Owner.SHARED):
                    ours += 1
                    ours_per_area[i] += 1
                cells.append(owner_cells[owner])
            self.ticker.step(len(areas))
            cells.append(number(ours, S.NUMBER))
            yield out.row(cells)
        total = [text("Ours (C + S)", S.HEADER)]
        total += [number(n, S.NUMBER) for n in ours_per_area]
        total.append(number(sum(ours_per_area), S.NUMBER))
        yield out.row(total)

    def inventory(self) -> tuple[SheetShell, XmlRows]:
        project = self.project
        ws = self.sheet(L.INVENTORY)
        for col, width in enumerate(_INVENTORY_WIDTHS, start=1):
            ws.columns[col] = Column(width)
        ws.columns[7] = Column(hidden=True)  # the ids
        ws.freeze = "A2"
        _declare_size(ws, len(_INVENTORY_WIDTHS) + 1, len(project.services) + 1)
        _print_setup(ws, "1:1", f"{self.project.name}: inventory", self.paper, right=self.credit)
        ws.auto_filter = f"A1:F{max(len(project.services) + 1, 2)}"
        return ws, self._inventory_rows()

    def _inventory_rows(self) -> XmlRows:
        text = self.cells.text
        out = SheetRows(len(_INVENTORY_WIDTHS) + 1)
        headers = ["Service", "Catalog service", "Category", "Variant", "Environment", "Notes"]
        yield out.row([*(text(h, S.HEADER) for h in headers), text("id", S.KEY)])
        for entry in self.project.services:
            height = row_height([(entry.name, 28), (entry.environment, 18), (entry.notes, 60)])
            service = self.provider.catalog.get(entry.service)
            catalog = f"{service.name} ({service.key})" if service else f"unknown ({entry.service})"
            category = self.deriver.category(entry)
            cells = [
                text(visible(entry.name), S.TEXT),
                text(catalog, S.TEXT),
                text(category.label if category else "", S.TEXT),
                text(self.variant_text(entry), S.TEXT),
                text(entry.environment, S.TEXT),
                text(entry.notes, S.TEXT),
                text(entry.id, S.KEY),
            ]
            yield out.row(cells, height=height)
            self.ticker.step()

    def sources(self) -> tuple[SheetShell, XmlRows]:
        """Every rule the matrix cites, with its full citation: the Matrix names the rule and
        its document only, so its rows stay one line high.

        Sized for paper like the Matrix: the printed columns add up to
        :data:`_SOURCES_PRINTED` characters, so fit-to-width prints them at 9 pt or more on
        A4 and on US Letter (landscape), every long text wrapping in its column. The link is
        folded into an outline group (its "+" shows it on screen; a URL is no use on paper,
        the document's name is beside the rule)."""
        ws = self.sheet(L.SOURCES)
        widths = _SOURCES_WIDTHS
        for col, width in enumerate(widths, start=1):
            folded = col == len(widths)
            ws.columns[col] = Column(width, folded, int(folded))
        ws.freeze = "B2"
        _print_setup(ws, "1:1", f"{self.project.name}: sources", self.paper, right=self.credit)
        used = sorted(
            {row.rule for by_area in self.project.rows.values() for row in by_area.values()}
            - {None},
            key=str,
        )
        rules = [r for r in (self.provider.rules.get(str(i)) for i in used) if r is not None]
        _declare_size(ws, len(widths), len(rules) + 1)
        return ws, self._source_rows(rules, widths)

    def _source_rows(self, rules: list[Rule], widths: tuple[int, ...]) -> XmlRows:
        text = self.cells.text
        out = SheetRows(len(widths))
        headers = (
            "Rule",
            "Owner",
            "What AWS does",
            "What you do",
            "Document",
            "Quote, or why (derived)",
            "Read",
            "Link",
        )
        yield out.row([text(h, S.HEADER) for h in headers])
        for rule in rules:
            citation = rule.citation
            if citation.derived:
                evidence = f"[derived] {citation.reasoning}\nConsulted: " + " ".join(
                    citation.consulted
                )
                link = citation.consulted[0] if citation.consulted else ""
            else:
                evidence, link = f"“{citation.quote}”", citation.url
            height = _wrapped_height(
                [
                    (rule.id, widths[0]),
                    (rule.owner_text, widths[1] / 1.15),  # bold: wider letters
                    (rule.provider_does, widths[2]),
                    (rule.customer_does, widths[3]),
                    (citation.document, widths[4]),
                    (evidence, widths[5]),
                ]
            )
            cells = [
                text(rule.id, S.TEXT),
                text(rule.owner_text, S.owner_style(rule.owner)),
                text(rule.provider_does, S.TEXT),
                text(rule.customer_does, S.TEXT),
                text(citation.document, S.TEXT),
                text(evidence, S.TEXT),
                text(citation.read, S.TEXT),
                text(link, S.CLIP),
            ]
            yield out.row(cells, height=height)

    def legend(self) -> tuple[SheetShell, XmlRows]:
        project = self.project
        ws = self.sheet(L.LEGEND)
        ws.columns[1] = Column(16)
        ws.columns[2] = Column(100)
        ws.grid_lines = False
        _print_setup(
            ws, None, f"{project.name}: legend", self.paper, landscape=False, right=self.credit
        )
        rows = list(self._legend_rows())
        _declare_size(ws, 2, len(rows))
        return ws, iter(rows)

    def _legend_rows(self) -> XmlRows:
        project = self.project
        text = self.cells.text
        out = SheetRows(2)

        def row(cells: list[str | None], wrapped: str = "") -> str:
            return out.row(cells, height=row_height([(wrapped, 100)]))

        def pair(label: str, style: str, wrapped: str) -> str:
            return row([text(label, style), text(wrapped, S.TEXT)], wrapped)

        def heading(title: str) -> XmlRows:
            yield row([])
            yield row([text(title, S.LABEL)])

        yield row([text(f"{project.name}: shared responsibility matrix", S.TITLE)])
        if project.description:
            yield row([None, text(project.description, S.NOTE)], project.description)
        if project.owner:
            yield pair("Owner", S.LABEL, project.owner)
        if project.review:
            yield pair("Review", S.LABEL, project.review)
        yield pair("Exported", S.LABEL, self.when.strftime("%Y-%m-%d %H:%M UTC"))
        yield pair("Application", S.LABEL, f"srm-desktop {__version__}")
        yield pair("Provider", S.LABEL, self.provider.catalog.name)

        yield from heading("The shared responsibility model")
        for sentence in MODEL_SENTENCES:
            yield row([None, text(sentence, S.TEXT)], sentence)

        yield from heading("RACI letters (one column per party in the Matrix sheet)")
        for letter in Letter:
            yield pair(letter.value, S.letter_sample_style(letter.value), letter.meaning)
        note = (
            "A cell may hold several letters, written R/A. Its colour follows the strongest "
            "letter: A, then R, C, I. Every row needs exactly one A and at least one R."
        )
        yield row([None, text(note, S.NOTE)], note)

        said = words()
        yield from heading(said.owners_heading)
        for owner in Owner:
            yield pair(
                f"{owner.letter} {owner.label}", S.owner_style(owner), said.owners[owner.value]
            )
        for sharing in Sharing:
            line = said.sharing[sharing.value]
            yield row([None, text(line, S.NOTE)], line)

        yield from heading("Service categories")
        for category in Category:
            yield pair(SHORT_CATEGORY[category], S.TEXT, CATEGORY_SENTENCES[category])

        yield from heading("Parties (the party columns of the Matrix sheet)")
        for party in project.parties:
            kind = _PARTY_KIND_WORDS[party.kind]
            yield pair(visible(party.name), S.TEXT, kind)

        yield from heading("How to review")
        for line in REVIEW_STEPS:
            yield row([None, text(line, S.TEXT)], line)

    def changes(self) -> tuple[SheetShell, XmlRows]:
        """What changed since the version ``since`` names (``workbook/changes.py``)."""
        assert self.since is not None
        diff, label = self.since
        ws = self.sheet(L.CHANGES)
        return ws, changes_sheet(ws, diff, label, self.cells.text, self.paper, self.provider)

    def lists(self) -> tuple[SheetShell, XmlRows]:
        ws = self.sheet(L.LISTS)
        ws.hidden = True
        choices = raci_choices()
        _declare_size(ws, 1, len(choices) + 1)
        self.names.append((RACI_LIST_NAME, f"{L.LISTS}!$A$2:$A${len(choices) + 1}"))
        out = SheetRows(1)
        rows = [out.row([self.text("RACI values", S.HEADER)])]
        rows += [out.row([self.text(value, S.TEXT)]) for value in choices]
        return ws, iter(rows)

    def meta(self) -> tuple[SheetShell, XmlRows]:
        ws = self.sheet(L.META)
        ws.hidden = True
        items = list(_meta_items(self.project, self.when))
        _declare_size(ws, 2, len(items))
        out = SheetRows(2)
        return ws, iter([out.row([self.text(key), self.text(value)]) for key, value in items])


_INVENTORY_WIDTHS = (28, 30, 28, 22, 18, 60)

CATEGORY_SENTENCES = {category: words().categories[category.value].legend for category in Category}
REVIEW_STEPS = words().review_steps


#: A party's kind in the Legend's Parties list.
_PARTY_KIND_WORDS = {
    PartyKind.PROVIDER: "provider",
    PartyKind.CUSTOMER: "customer side",
    PartyKind.PARTNER: "partner (customer side: acts for the customer)",
}


def _meta_items(project: Project, when: datetime) -> Iterable[tuple[str, str]]:
    yield L.META_FORMAT, L.FORMAT_ID
    yield L.META_SCHEMA, str(L.SCHEMA_VERSION)
    yield L.META_PROJECT_ID, project.id
    yield L.META_PROJECT_NAME, project.name
    yield L.META_EXPORTED_AT, when.isoformat().replace("+00:00", "Z")
    yield L.META_APP_VERSION, __version__
    yield L.META_PARTIES, L.BASELINE_SEPARATOR.join(p.id for p in project.parties)


def _letter_rules(top_left: str) -> list[X.ConditionalRule]:
    """:func:`styles.letter_rules` as the shell writes them: a party cell takes the colour of
    the strongest letter it contains."""
    dxf_ids = S.letter_formats()[0]
    return [
        X.ConditionalRule(S.letter_formula(letter, top_left), dxf_id, priority)
        for priority, ((letter, _fill, _text), dxf_id) in enumerate(
            zip(S.LETTER_COLOURS, dxf_ids, strict=True), start=1
        )
    ]


def _party_validation(party: str, column: str, last_row: int) -> X.ListValidation:
    """The party column's drop-down of RACI values: any other value only warns."""
    briefs = ", ".join(f"{k} {w.name} ({w.brief})" for k, w in words().letters.items())
    prompt = f"{party}: {briefs}. Several letters: R/A."
    return X.ListValidation(
        sqref=f"{column}{L.FIRST_DATA_ROW}:{column}{last_row}",
        formula=f"={RACI_LIST_NAME}",
        prompt_title=party[:32],
        prompt=prompt[:255],
        error_title="Not RACI letters",
        error="Use R, A, C, I, several joined by / (R/A). Keep this value anyway?",
    )
