"""The Matrix sheet's rows, read as typed :class:`SheetRow` values: the second step of an import.

A row is matched to a service and an area by its hidden ids, falling back to the visible names
(a stakeholder may paste rows from another copy, or a sheet may lose its hidden columns), so
sorted, filtered, hidden and reordered rows read the same. Letters are read as forgivingly as
:func:`srm_desktop.domain.raci.parse` reads them and no further. Blank rows, a header row sorted
into the data and rows that cannot be matched or read are not yielded; every problem goes to the
log with its sheet!cell address.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final, NamedTuple

from srm_desktop.domain.project import Project
from srm_desktop.domain.raci import RaciParseError, parse
from srm_desktop.domain.validation import Severity
from srm_desktop.formats.workbook import layout as L
from srm_desktop.formats.workbook.columns import ColumnMap, norm
from srm_desktop.formats.workbook.problems import ProblemLog
from srm_desktop.formats.workbook.progress import Ticker
from srm_desktop.formats.workbook.reader import Cell, Unreadable, sheet_cells

NOT_TEXT: Final[dict[str, str]] = {
    "f": "a formula (formulas are never evaluated: type the letters instead)",
    "e": "an error value, not RACI letters",
    "n": "a number, not RACI letters",
    "b": "TRUE/FALSE, not RACI letters",
    "d": "a date, not RACI letters",
    "x": "a value no spreadsheet writes (the file was edited outside one?)",
}


def not_text(cell: Cell, default: str) -> str:
    """Why ``cell`` holds no text, in the user's terms (a damaged value says what is wrong)."""
    if isinstance(cell.value, Unreadable):
        return f"{NOT_TEXT['x']}: {cell.value.reason}"
    return NOT_TEXT.get(cell.kind, default)


_PADDING: Final = Cell("", None, "n")


class SheetRow(NamedTuple):
    """One readable, matched row: its sheet row number, its cells (padded to the map's width),
    the service and area it is for, and the canonical letters of each party column (in column
    order)."""

    number: int
    cells: list[Cell]
    service_id: str
    area_id: str
    letters: tuple[str, ...]

    def cell(self, col: int | None) -> Cell | None:
        return self.cells[col] if col is not None else None


class RowReader:
    """Reads the data rows of one sheet under one :class:`ColumnMap`."""

    def __init__(
        self, project: Project, columns: ColumnMap, sheet: str, source: str, log: ProblemLog
    ) -> None:
        self.project = project
        self.columns = columns
        self.sheet = sheet
        self.source = source
        self.log = log
        self.services_by_name: dict[str, list[str]] = {}
        for entry in project.services:
            self.services_by_name.setdefault(norm(entry.name), []).append(entry.id)
        self.areas_by_name = {norm(a.name): a.id for a in project.areas}
        self.party_columns = [c for c, _ in sorted(columns.parties.items())]
        # The columns a blank row leaves empty (an absent column counts as empty).
        watched = (columns.service, columns.area, columns.service_id)
        self.watched = [c for c in watched if c is not None] + self.party_columns
        self._unknown_reported: set[int] = set()
        # Memos for the per-row work (a 30,000-row matrix repeats the same few texts): the same
        # answers, computed once per distinct text.
        self._norms: dict[str, str] = {}
        self.parsed: dict[str, str] = {}
        self._header_norms = (norm(L.HEADERS[L.SERVICE]), norm(L.HEADERS[L.AREA]))
        #: Rows below the header row with anything in a watched column (read or reported).
        self.data_rows = 0

    def at(self, cell: Cell) -> str:
        return f"{self.sheet}!{cell.address}"

    def norm(self, text: str) -> str:
        """:func:`norm`, memoised."""
        normed = self._norms.get(text)
        if normed is None:
            normed = self._norms[text] = norm(text)
        return normed

    def rows(self, sheet: Any, ticker: Ticker) -> Iterator[SheetRow]:
        """Every matched, readable data row below the header row."""
        columns, width = self.columns, self.columns.width
        last = columns.header_row
        for index, cells in sheet_cells(sheet, self.source, columns.header_row + 1, width):
            ticker.step()
            if len(cells) < width:
                cells = cells + [_PADDING] * (width - len(cells))
            if index <= last:
                self.out_of_order(index, last, cells)
                continue
            last = index
            row = self.read(index, cells)
            if row is not None:
                yield row

    def read(self, index: int, cells: list[Cell]) -> SheetRow | None:
        """One row, or None when it is blank, a header, or cannot be matched or read."""
        columns = self.columns
        if all(cells[c].empty for c in self.watched):
            return None  # a blank row, or one a stakeholder added for notes
        self.data_rows += 1
        service = cells[columns.service] if columns.service is not None else None
        area = cells[columns.area] if columns.area is not None else None
        if self.is_header_again(service, area):
            return None
        self.report_unknown_parties(cells)
        service_id = self.match_service(_at(cells, columns.service_id), service)
        area_id = self.match_area(_at(cells, columns.area_id), area)
        if service_id is None or area_id is None:
            return None
        letters = self.row_letters(cells, service_id, area_id)
        return SheetRow(index, cells, service_id, area_id, letters)

    def out_of_order(self, index: int, last: int, cells: list[Cell]) -> None:
        """A row numbered 0 or below, or not after the row before it: only a file edited
        outside a spreadsheet has one. Its cells are not read (which row would they be?)."""
        if all(c.empty for c in cells):
            return
        self.log.add(
            Severity.ERROR,
            f"{self.sheet}!row {index}" if index > 0 else f"{self.sheet}!row {index} (invalid)",
            "",
            f"a row numbered {index} after row {last}: rows out of order or numbered 0 or "
            "below are not written by any spreadsheet (was the file edited by hand?); its "
            "cells were not read: save the workbook again from Excel or LibreOffice",
        )

    def report_unknown_parties(self, cells: list[Cell]) -> None:
        """The first value in a column for a party the project does not have (once a column)."""
        for col, party_id in self.columns.unknown_parties.items():
            if col not in self._unknown_reported and not cells[col].empty:
                self._unknown_reported.add(col)
                self.log.add(
                    Severity.ERROR,
                    self.at(cells[col]),
                    cells[col].shown(),
                    f"the column is for party id {party_id!r}, which is not in the project: "
                    "add the party or delete the column",
                )

    def row_letters(self, cells: list[Cell], service_id: str, area_id: str) -> tuple[str, ...]:
        """The canonical letters of every party column. An unreadable cell is reported (with
        the service, area and party it is for) and reads as the letters the project holds now:
        skipping it leaves that cell alone, and the row's readable cells still count."""
        letters: list[str] = []
        parsed = self.parsed
        parties = self.columns.parties
        for col in self.party_columns:
            cell = cells[col]
            raw = cell.value
            if raw is None:
                letters.append("")
                continue
            if cell.kind == "s" and raw.__class__ is str:  # self.letters, memoised
                known = parsed.get(raw)
                if known is not None:
                    letters.append(known)
                    continue
            party_id = parties[col]
            value = self.letters(cell, (service_id, area_id, party_id))
            if value is None:
                value = self.project.cell(service_id, area_id, party_id)
            letters.append(value)
        return tuple(letters)

    def is_header_again(self, service: Cell | None, area: Cell | None) -> bool:
        """A header row sorted into the data (Sort over the whole sheet) is skipped."""
        return (
            service is not None
            and area is not None
            and self.norm(service.text or "") == self._header_norms[0]
            and self.norm(area.text or "") == self._header_norms[1]
        )

    def not_text(self, *cells: Cell | None) -> bool:
        """Report the first formula or error cell among ``cells``; True when there was one (a
        row cannot be matched by a value that is computed, and formulas are never evaluated)."""
        for cell in cells:
            if cell is not None and cell.kind in ("f", "e", "x"):
                self.log.add(Severity.ERROR, self.at(cell), cell.shown(), not_text(cell, ""))
                return True
        return False

    def agrees(
        self, name_cell: Cell | None, id_cell: Cell, what: str, name: str, item_id: str
    ) -> bool:
        """Whether the visible name the reviewer saw is the one the hidden id stands for
        (compared as names are: NFKC, whitespace collapsed, case folded). An empty visible
        cell has nothing to disagree with. A disagreement is an error at the visible cell: the
        row's letters would otherwise go to a row the reviewer did not see."""
        if name_cell is None or name_cell.empty:
            return True
        text = name_cell.text
        if text is not None and self.norm(text) == self.norm(name):
            return True
        if self.not_text(name_cell):
            return False
        shown = text if text is not None else name_cell.shown()
        self.log.add(
            Severity.ERROR,
            self.at(name_cell),
            "",
            f"the row says “{shown}” but its hidden {what} id is “{item_id}” ({name}): were "
            f"the visible columns sorted or pasted without the hidden ones (at {id_cell.address})? "
            "Undo the sort or paste, or clear the hidden id to match the row by its name",
        )
        return False

    def match_service(self, id_cell: Cell | None, name_cell: Cell | None) -> str | None:
        service_id = id_cell.text if id_cell is not None else None
        if (
            id_cell is not None
            and service_id is not None
            and service_id in self.project.service_index
        ):
            known = self.project.service(service_id).name
            agrees = self.agrees(name_cell, id_cell, "service", known, service_id)
            return service_id if agrees else None
        if self.not_text(id_cell, name_cell):
            return None
        name = name_cell.text if name_cell is not None else None
        if name is not None and name_cell is not None:
            ids = self.services_by_name.get(norm(name), [])
            if len(ids) == 1:
                return ids[0]
            if len(ids) > 1:
                self.log.add(
                    Severity.ERROR,
                    self.at(name_cell),
                    repr(name),
                    f"{len(ids)} services have this name and the row's hidden id is missing: "
                    "rename one in the project or restore the id",
                )
                return None
        where = name_cell if name_cell is not None else id_cell
        assert where is not None
        shown = repr(name) if name else where.shown()
        self.log.add(
            Severity.ERROR,
            self.at(where),
            shown,
            "no service with this name or id in the project (services are added in the app, "
            "not by import)",
        )
        return None

    def match_area(self, id_cell: Cell | None, name_cell: Cell | None) -> str | None:
        area_id = id_cell.text if id_cell is not None else None
        if id_cell is not None and area_id is not None and area_id in self.project.area_index:
            known = self.project.area(area_id).name
            return area_id if self.agrees(name_cell, id_cell, "area", known, area_id) else None
        if self.not_text(id_cell, name_cell):
            return None
        name = name_cell.text if name_cell is not None else None
        if name is not None and norm(name) in self.areas_by_name:
            return self.areas_by_name[norm(name)]
        where = name_cell if name_cell is not None else id_cell
        assert where is not None
        self.log.add(
            Severity.ERROR,
            self.at(where),
            repr(name) if name else where.shown(),
            "no responsibility area with this name or id in the project",
        )
        return None

    def letters(
        self, cell: Cell, at: tuple[str | None, str | None, str | None] = (None, None, None)
    ) -> str | None:
        raw = cell.value
        if raw is None:
            return ""
        if cell.kind == "s" and isinstance(raw, str):  # memoised by the raw value
            parsed = self.parsed.get(raw)
            if parsed is not None:
                return parsed
        text = cell.text
        if text is None:
            message = not_text(cell, "not RACI letters")
            self.log.add(Severity.ERROR, self.at(cell), cell.shown(), message, at=at)
            return None
        try:
            parsed = self.parsed[str(raw)] = parse(text.strip())  # (text implies a str value)
        except RaciParseError as exc:
            self.log.add(Severity.ERROR, self.at(cell), repr(text), str(exc), at=at)
            return None
        return parsed


def _at(cells: list[Cell], col: int | None) -> Cell | None:
    return cells[col] if col is not None else None
