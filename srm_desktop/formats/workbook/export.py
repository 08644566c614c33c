"""The review workbook: what a stakeholder reads, edits and sends back.

Written with openpyxl in write-only mode (rows stream to the file, styles are shared named
styles), so a 240,000-cell matrix exports in seconds and in little memory. The sheets:

* **Matrix** -- one row per service × area; the party columns are the ones to edit.
* **Overview** -- services × areas, who owns each (P/C/S), and how many areas are ours.
* **Inventory** -- the workload's components.
* **Legend** -- what the letters, colours and the shared responsibility model mean.
* **Lists** (hidden) -- the RACI values the drop-downs offer; **_srm_meta** (hidden) -- format,
  schema version, project id and export time, which the importer checks.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterable
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from srm_desktop import __version__
from srm_desktop.domain.catalog import Category
from srm_desktop.domain.derive import Deriver
from srm_desktop.domain.project import PartyKind, Project, Row, ServiceEntry
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.raci import ORDER, Letter, canonical
from srm_desktop.domain.rules import Owner, Rule
from srm_desktop.formats.atomic import write_atomic
from srm_desktop.formats.workbook import layout as L
from srm_desktop.formats.workbook import styles as S
from srm_desktop.formats.workbook.cells import forget_styles, row_height, styled_cell, text_cell
from srm_desktop.formats.workbook.progress import CancelCheck, ProgressCallback, Ticker

RACI_LIST_NAME = "RaciValues"

SHORT_CATEGORY = {
    Category.INFRASTRUCTURE: "Infrastructure",
    Category.CONTAINER: "Container",
    Category.ABSTRACTED: "Abstracted",
}

MODEL_SENTENCES = (
    "The cloud provider is responsible for security OF the cloud: the facilities, hardware, "
    "network and virtualization that run its services.",
    "The customer is responsible for security IN the cloud: its data, identities, access, "
    "configuration and everything it installs, writes or connects.",
    "Where the line falls depends on the service: the more the provider manages (infrastructure, "
    "then container, then abstracted/serverless), the more moves to its side, and a shared area "
    "needs both sides to do their part.",
)


def export_workbook(
    project: Project,
    provider: Provider,
    path: Path | str,
    *,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
    now: datetime | None = None,
) -> None:
    """Write the review workbook atomically: a cancelled or failed export leaves no file."""
    data = workbook_bytes(project, provider, progress=progress, cancelled=cancelled, now=now)
    write_atomic(Path(path), data)


def workbook_bytes(
    project: Project,
    provider: Provider,
    *,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
    now: datetime | None = None,
) -> bytes:
    """The workbook as bytes; raises :class:`Cancelled` when ``cancelled()`` turns true."""
    when = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    rows = len(project.services) * len(project.visible_areas)
    ticker = Ticker(rows * 2 + len(project.services) + 1, progress, cancelled)
    ticker.check()
    workbook = Workbook(write_only=True)
    S.register(workbook)
    writer = _Writer(project, provider, workbook, when, ticker)
    buffer = io.BytesIO()
    try:
        writer.matrix()
        writer.overview()
        writer.inventory()
        writer.legend()
        writer.sources()
        writer.lists()
        writer.meta()
        workbook.save(buffer)
    except BaseException:
        _discard(workbook)
        raise
    finally:
        forget_styles(workbook)
    ticker.finish()
    return buffer.getvalue()


def _discard(workbook: Any) -> None:
    """After a cancel or failure: close the sheets' row streams and delete the temporary files
    write-only mode keeps them in, so nothing is left behind in the temp folder."""
    for sheet in workbook._sheets:
        rows, writer = getattr(sheet, "_rows", None), getattr(sheet, "_writer", None)
        with contextlib.suppress(Exception):
            if rows is not None:
                rows.close()
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.xf.close()
            with contextlib.suppress(Exception):
                writer.cleanup()


def raci_choices() -> list[str]:
    """The drop-down's values: single letters first, then pairs, triples, all four."""
    return [canonical(combo) for n in range(1, 5) for combo in combinations(ORDER, n)]


def _declare_size(sheet: Any, columns: int, rows: int) -> None:
    """Write the sheet's <dimension>, which write-only mode omits: without it a streaming reader
    (openpyxl's included) parses the whole sheet once just to learn its size."""
    ref = f"A1:{get_column_letter(max(columns, 1))}{max(rows, 1)}"
    sheet.calculate_dimension = lambda: ref


def _print_setup(sheet: Any, title_rows: str | None, header: str) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        sheet.print_title_rows = title_rows
    sheet.oddHeader.left.text = header.replace("&", "&&")
    sheet.oddFooter.center.text = "Page &P of &N"
    sheet.page_margins.left = sheet.page_margins.right = 0.4


class _Writer:
    def __init__(
        self,
        project: Project,
        provider: Provider,
        workbook: Any,
        when: datetime,
        ticker: Ticker,
    ) -> None:
        self.project = project
        self.provider = provider
        self.wb = workbook
        self.when = when
        self.ticker = ticker
        self.deriver = Deriver(project, provider)
        self._rules: dict[str, Rule | None] = {}

    # -- helpers ----------------------------------------------------------------------------

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

    def source_text(self, entry: ServiceEntry, area_id: str, rule: Rule | None) -> str:
        project = self.project
        manual = [p.name for p in project.parties if (entry.id, area_id, p.id) in project.overrides]
        parts = [f"manual ({', '.join(manual)})"] if manual else []
        if rule is not None:
            parts.append(f"rule {rule.id}: {rule.citation.document}")
        return " · ".join(parts) or "manual"

    def rationale_text(self, entry: ServiceEntry, area_id: str) -> str:
        return row_rationale(self.project, entry.id, area_id)

    def title(self, sheet: Any, text: str, width: int) -> None:
        cells = [text_cell(sheet, text, S.TITLE)]
        sheet.append(cells + [None] * (width - 1))

    # -- sheets -----------------------------------------------------------------------------

    def matrix(self) -> None:
        project = self.project
        ws = self.wb.create_sheet(L.MATRIX)
        keys = [*L.LEADING_KEYS, *(L.PARTY_KEY_PREFIX + p.id for p in project.parties)]
        keys += L.TRAILING_KEYS
        n_cols = len(keys)
        first_party = len(L.LEADING_KEYS) + 1
        last_party = first_party + len(project.parties) - 1
        for col, key in enumerate(keys, start=1):
            dim = ws.column_dimensions[get_column_letter(col)]
            dim.width = L.WIDTHS.get(key, L.PARTY_WIDTH)
            dim.hidden = key in L.HIDDEN_KEYS
        ws.row_dimensions[L.KEY_ROW].hidden = True
        _declare_size(
            ws, n_cols, L.FIRST_DATA_ROW - 1 + len(project.services) * len(project.visible_areas)
        )
        ws.freeze_panes = f"{get_column_letter(first_party)}{L.FIRST_DATA_ROW}"
        ws.sheet_view.zoomScale = 90
        _print_setup(ws, f"{L.HEADER_ROW}:{L.HEADER_ROW}", f"{project.name}: responsibility matrix")
        ws.row_dimensions[L.HEADER_ROW].height = 30

        ws.append([text_cell(ws, key, S.KEY) for key in keys])
        headers = [L.HEADERS[k] for k in L.LEADING_KEYS]
        headers += [p.name for p in project.parties]
        headers += [L.HEADERS[k] for k in L.TRAILING_KEYS]
        ws.append([text_cell(ws, h, S.HEADER) for h in headers])

        row_number = L.FIRST_DATA_ROW - 1
        for band, entry in enumerate(project.services):
            text_style = S.TEXT_BAND if band % 2 else S.TEXT
            clip_style = S.CLIP_BAND if band % 2 else S.CLIP
            letter_style = S.LETTER_BAND if band % 2 else S.LETTER
            category = self.category_text(entry)
            variant = self.variant_text(entry)
            for area in project.visible_areas:
                row = project.row(entry.id, area.id)
                rule = self.rule(row)
                owner = rule.owner if rule is not None else None
                rationale = self.rationale_text(entry, area.id)
                height = row_height(
                    [
                        (entry.name, L.WIDTHS[L.SERVICE]),
                        (variant, L.WIDTHS[L.VARIANT]),
                        (area.name, L.WIDTHS[L.AREA]),
                        (rationale, L.WIDTHS[L.RATIONALE]),
                    ]
                )
                if height is not None:
                    ws.row_dimensions[row_number + 1].height = height
                cells = [
                    text_cell(ws, entry.name, text_style),
                    text_cell(ws, category, text_style),
                    text_cell(ws, variant, text_style),
                    text_cell(ws, area.name, text_style),
                    text_cell(ws, owner.label if owner else "", S.owner_style(owner)),
                ]
                cells += [text_cell(ws, letters, letter_style) for letters in row.raci]
                cells += [
                    text_cell(ws, self.source_text(entry, area.id, rule), clip_style),
                    text_cell(ws, rationale, text_style),
                    text_cell(ws, entry.id, S.KEY),
                    text_cell(ws, area.id, S.KEY),
                    text_cell(ws, L.BASELINE_SEPARATOR.join(row.raci), S.KEY),
                ]
                ws.append(cells)
                row_number += 1
                self.ticker.step()

        last_row = max(row_number, L.FIRST_DATA_ROW)
        ws.auto_filter.ref = f"A{L.HEADER_ROW}:{get_column_letter(n_cols)}{last_row}"
        if project.parties:
            top_left = f"{get_column_letter(first_party)}{L.FIRST_DATA_ROW}"
            letters = f"{top_left}:{get_column_letter(last_party)}{last_row}"
            for rule in S.letter_rules(top_left):
                ws.conditional_formatting.add(letters, rule)
        for col, party in enumerate(project.parties, start=first_party):
            column = get_column_letter(col)
            ws.data_validations.append(_party_validation(party.name, column, last_row))

    def overview(self) -> None:
        project = self.project
        areas = project.visible_areas
        ws = self.wb.create_sheet(L.OVERVIEW)
        ws.column_dimensions["A"].width = 28
        for col in range(2, len(areas) + 2):
            ws.column_dimensions[get_column_letter(col)].width = 11
        ws.column_dimensions[get_column_letter(len(areas) + 2)].width = 11
        ws.row_dimensions[3].height = 80
        ws.freeze_panes = "B4"
        _declare_size(ws, len(areas) + 2, len(project.services) + 4)
        _print_setup(ws, "3:3", f"{project.name}: overview")
        width = len(areas) + 2
        self.title(ws, f"{project.name}: who owns each area", width)
        ws.append(
            [
                text_cell(
                    ws,
                    "P = provider, C = customer (us), S = shared (both do their part). "
                    "The last column and row count the areas that are ours (C or S).",
                    S.CAPTION,
                )
            ]
        )
        header = [text_cell(ws, "Service", S.HEADER)]
        header += [text_cell(ws, a.name, S.HEADER) for a in areas]
        header.append(text_cell(ws, "Ours (C + S)", S.HEADER))
        ws.append(header)
        ours_per_area = [0] * len(areas)
        for entry in project.services:
            cells = [text_cell(ws, entry.name, S.TEXT)]
            ours = 0
            for i, area in enumerate(areas):
                rule = self.rule(project.row(entry.id, area.id))
                owner = rule.owner if rule is not None else None
                if owner in (Owner.CUSTOMER, Owner.SHARED):
                    ours += 1
                    ours_per_area[i] += 1
                short = owner.value if owner is not None else ""
                cells.append(text_cell(ws, short, S.owner_style(owner, compact=True)))
                self.ticker.step()
            cells.append(styled_cell(ws, ours, S.NUMBER))
            ws.append(cells)
        total = [text_cell(ws, "Ours (C + S)", S.HEADER)]
        total += [styled_cell(ws, n, S.NUMBER) for n in ours_per_area]
        total.append(styled_cell(ws, sum(ours_per_area), S.NUMBER))
        ws.append(total)

    def inventory(self) -> None:
        project = self.project
        ws = self.wb.create_sheet(L.INVENTORY)
        headers = ["Service", "Catalog service", "Category", "Variant", "Environment", "Notes"]
        for col, width in enumerate((28, 30, 28, 22, 18, 60), start=1):
            ws.column_dimensions[get_column_letter(col)].width = width
        ws.column_dimensions["G"].hidden = True
        ws.freeze_panes = "A2"
        _print_setup(ws, "1:1", f"{self.project.name}: inventory")
        ws.append([*(text_cell(ws, h, S.HEADER) for h in headers), text_cell(ws, "id", S.KEY)])
        for index, entry in enumerate(project.services, start=2):
            height = row_height([(entry.name, 28), (entry.environment, 18), (entry.notes, 60)])
            if height is not None:
                ws.row_dimensions[index].height = height
            service = self.provider.catalog.get(entry.service)
            catalog = f"{service.name} ({service.key})" if service else f"unknown ({entry.service})"
            category = self.deriver.category(entry)
            ws.append(
                [
                    text_cell(ws, entry.name, S.TEXT),
                    text_cell(ws, catalog, S.TEXT),
                    text_cell(ws, category.label if category else "", S.TEXT),
                    text_cell(ws, self.variant_text(entry), S.TEXT),
                    text_cell(ws, entry.environment, S.TEXT),
                    text_cell(ws, entry.notes, S.TEXT),
                    text_cell(ws, entry.id, S.KEY),
                ]
            )
            self.ticker.step()
        ws.auto_filter.ref = f"A1:F{max(len(project.services) + 1, 2)}"

    def sources(self) -> None:
        """Every rule the matrix cites, with its full citation: the Matrix names the rule and
        its document only, so its rows stay one line high."""
        ws = self.wb.create_sheet(L.SOURCES)
        widths = (40, 11, 40, 60, 50)
        for col, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(col)].width = width
        ws.freeze_panes = "A2"
        _print_setup(ws, "1:1", f"{self.project.name}: sources")
        headers = ("Rule", "Owner", "Document", "Section and reasoning", "Link")
        ws.append([text_cell(ws, h, S.HEADER) for h in headers])
        used = sorted(
            {row.rule for by_area in self.project.rows.values() for row in by_area.values()}
            - {None},
            key=str,
        )
        for index, rule_id in enumerate(used, start=2):
            rule = self.provider.rules.get(str(rule_id))
            if rule is None:
                continue
            citation = rule.citation
            detail = "\n".join(t for t in (citation.section, citation.reasoning) if t)
            height = row_height([(detail, widths[3]), (citation.document, widths[2])])
            if height is not None:
                ws.row_dimensions[index].height = height
            ws.append(
                [
                    text_cell(ws, rule.id, S.TEXT),
                    text_cell(ws, rule.owner.label, S.owner_style(rule.owner)),
                    text_cell(ws, citation.document, S.TEXT),
                    text_cell(ws, detail, S.TEXT),
                    text_cell(ws, citation.url, S.CLIP),
                ]
            )

    def legend(self) -> None:
        project = self.project
        ws = self.wb.create_sheet(L.LEGEND)
        ws.column_dimensions["A"].width = 16
        ws.column_dimensions["B"].width = 100
        ws.sheet_view.showGridLines = False
        _print_setup(ws, None, f"{project.name}: legend")
        ws.page_setup.orientation = "portrait"

        row = 0

        def append(cells: list[Any], text: str = "") -> None:
            nonlocal row
            row += 1
            height = row_height([(text, 100)])
            if height is not None:
                ws.row_dimensions[row].height = height
            ws.append(cells)

        def pair(label: Any, text: str) -> None:
            append([label, text_cell(ws, text, S.TEXT)], text)

        def heading(text: str) -> None:
            append([])
            append([text_cell(ws, text, S.LABEL)])

        append([text_cell(ws, f"{project.name}: shared responsibility matrix", S.TITLE)])
        if project.description:
            append([None, text_cell(ws, project.description, S.NOTE)], project.description)
        pair(text_cell(ws, "Exported", S.LABEL), self.when.strftime("%Y-%m-%d %H:%M UTC"))
        pair(text_cell(ws, "Application", S.LABEL), f"srm-desktop {__version__}")
        pair(text_cell(ws, "Provider", S.LABEL), self.provider.catalog.name)

        heading("The shared responsibility model")
        for sentence in MODEL_SENTENCES:
            append([None, text_cell(ws, sentence, S.TEXT)], sentence)

        heading("RACI letters (one column per party in the Matrix sheet)")
        for letter in Letter:
            pair(text_cell(ws, letter.value, S.letter_sample_style(letter.value)), letter.meaning)
        note = (
            "A cell may hold several letters, written R/A. Its colour follows the strongest "
            "letter: A, then R, C, I. Every row needs exactly one A and at least one R."
        )
        append([None, text_cell(ws, note, S.NOTE)], note)

        heading("Owner (who the rules say owns the area)")
        for owner, text in (
            (Owner.PROVIDER, "the provider secures it; we rely on its attestations"),
            (Owner.CUSTOMER, "we secure it ourselves"),
            (Owner.SHARED, "both sides: the provider its layer, we ours"),
        ):
            pair(text_cell(ws, f"{owner.value} {owner.label}", S.owner_style(owner)), text)

        heading("Service categories")
        for category in Category:
            pair(
                text_cell(ws, SHORT_CATEGORY[category], S.TEXT),
                {
                    Category.INFRASTRUCTURE: "Infrastructure: we run the operating system and "
                    "everything above it (EC2, EBS, VPC).",
                    Category.CONTAINER: "Container (managed platform): the provider runs the "
                    "operating system and platform; we configure it (RDS, EMR).",
                    Category.ABSTRACTED: "Abstracted (serverless): the provider runs the service "
                    "end to end; we manage data, access and configuration (S3, DynamoDB).",
                }[category],
            )

        heading("Parties (the party columns of the Matrix sheet)")
        for party in project.parties:
            kind = "provider" if party.kind is PartyKind.PROVIDER else "customer side"
            pair(text_cell(ws, party.name, S.TEXT), kind)

        heading("How to review")
        for line in (
            "Change letters in the party columns of the Matrix sheet: pick from the drop-down or "
            "type R, A, C, I (several as R/A).",
            "Say why in the Rationale column of the same row: it is recorded with the change.",
            "Sort, filter, hide rows and add columns freely; leave the hidden columns and the "
            "hidden first row alone: they let your edits find their way back.",
            "Send the file back to the architect, who imports it and reviews every change.",
        ):
            append([None, text_cell(ws, line, S.TEXT)], line)

    def lists(self) -> None:
        ws = self.wb.create_sheet(L.LISTS)
        ws.sheet_state = "hidden"
        ws.append([text_cell(ws, "RACI values", S.HEADER)])
        choices = raci_choices()
        for value in choices:
            ws.append([text_cell(ws, value, S.TEXT)])
        self.wb.defined_names[RACI_LIST_NAME] = DefinedName(
            RACI_LIST_NAME, attr_text=f"{L.LISTS}!$A$2:$A${len(choices) + 1}"
        )

    def meta(self) -> None:
        ws = self.wb.create_sheet(L.META)
        ws.sheet_state = "hidden"
        project = self.project
        for key, value in _meta_items(project, self.when):
            ws.append([text_cell(ws, key), text_cell(ws, value)])


def _meta_items(project: Project, when: datetime) -> Iterable[tuple[str, str]]:
    yield L.META_FORMAT, L.FORMAT_ID
    yield L.META_SCHEMA, str(L.SCHEMA_VERSION)
    yield L.META_PROJECT_ID, project.id
    yield L.META_PROJECT_NAME, project.name
    yield L.META_EXPORTED_AT, when.isoformat().replace("+00:00", "Z")
    yield L.META_APP_VERSION, __version__
    yield L.META_PARTIES, L.BASELINE_SEPARATOR.join(p.id for p in project.parties)


def row_rationale(project: Project, service_id: str, area_id: str) -> str:
    """The Rationale column's text: the row's override rationales, named by party when they
    differ. The importer compares against it to tell a stakeholder's new text from ours."""
    found: dict[str, list[str]] = {}
    for party in project.parties:
        override = project.overrides.get((service_id, area_id, party.id))
        if override is not None and override.rationale.strip():
            found.setdefault(override.rationale, []).append(party.name)
    if len(found) == 1:
        return next(iter(found))
    return "\n".join(f"{', '.join(names)}: {text}" for text, names in found.items())


def _party_validation(party: str, column: str, last_row: int) -> DataValidation:
    prompt = (
        f"{party}: R Responsible (does the work), A Accountable (signs off; one per row), "
        "C Consulted (asked before), I Informed (told after). Several letters: R/A."
    )
    validation = DataValidation(
        type="list",
        formula1=f"={RACI_LIST_NAME}",
        allow_blank=True,
        showInputMessage=True,
        showErrorMessage=True,
        errorStyle="warning",
        promptTitle=party[:32],
        prompt=prompt[:255],
        errorTitle="Not RACI letters",
        error="Use R, A, C, I, several joined by / (R/A). Keep this value anyway?",
    )
    validation.add(f"{column}{L.FIRST_DATA_ROW}:{column}{last_row}")
    return validation
