"""Where the Matrix sheet's columns are: the first step of reading a reviewed workbook back.

Columns are found by the hidden key row (``srm:service``, ``srm:party:<id>``...), falling back to
the visible headers, so an inserted, moved or renamed column changes nothing. A column neither
row explains is reported once and ignored.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from srm_desktop.domain.change_set import visible
from srm_desktop.domain.errors import InputError
from srm_desktop.domain.project import Project
from srm_desktop.domain.validation import Severity
from srm_desktop.formats.workbook import layout as L
from srm_desktop.formats.workbook.problems import ProblemLog
from srm_desktop.formats.workbook.reader import Cell

#: The column keys with a slot of their own in a :class:`ColumnMap`.
_SLOTS: Final[dict[str, str]] = {
    L.SERVICE: "service",
    L.AREA: "area",
    L.SERVICE_ID: "service_id",
    L.AREA_ID: "area_id",
    L.RATIONALE: "rationale",
    L.BASELINE: "baseline",
}


def norm(text: str) -> str:
    """Text as names are compared: invisible and bidi control characters as the workbook shows
    them (⟨U+202E⟩, :func:`~srm_desktop.domain.change_set.visible`), compatibility forms folded
    (NFKC: full-width letters, ligatures), whitespace collapsed, case folded."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", visible(text))
    return " ".join(text.split()).casefold()


_BY_HEADER: Final[dict[str, str]] = {
    norm(L.HEADERS[L.SERVICE]): "service",
    norm(L.HEADERS[L.AREA]): "area",
    norm(L.HEADERS[L.RATIONALE]): "rationale",
}
_KNOWN_HEADERS: Final[frozenset[str]] = frozenset(norm(h) for h in L.HEADERS.values())
_REQUIRED_HEADERS: Final[frozenset[str]] = frozenset(
    {norm(L.HEADERS[L.SERVICE]), norm(L.HEADERS[L.AREA])}
)

Row = Sequence[Cell]


@dataclass
class ColumnMap:
    """Column indexes (0-based) of one sheet, and the row its headers are on."""

    header_row: int
    service: int | None = None
    area: int | None = None
    service_id: int | None = None
    area_id: int | None = None
    rationale: int | None = None
    baseline: int | None = None
    parties: dict[int, str] = field(default_factory=dict)  # column index -> party id
    unknown_parties: dict[int, str] = field(default_factory=dict)  # column -> label
    #: Whether the export's hidden key row was found (a sheet with it is the export's own).
    keyed: bool = False

    @property
    def width(self) -> int:
        used = [self.service, self.area, self.service_id, self.area_id, self.rationale]
        used += [self.baseline, *self.parties, *self.unknown_parties]
        return max((c for c in used if c is not None), default=0) + 1

    @property
    def matches_rows(self) -> bool:
        """Whether a row can be matched: a service and an area column (by id or by name)."""
        has_service = self.service is not None or self.service_id is not None
        return has_service and (self.area is not None or self.area_id is not None)

    @classmethod
    def find(
        cls, sheet: str, rows: list[list[Cell]], project: Project, source: str, log: ProblemLog
    ) -> ColumnMap | None:
        """The sheet's columns, or None when it is not a matrix sheet; columns worth a look go
        to ``log``. A matrix sheet without a single party column is bad input."""
        key_row = _key_row(rows)
        header_row = _header_row(rows)
        if key_row is None and header_row is None:
            return None
        index = header_row[0] if header_row else key_row[0] if key_row else 1
        columns = cls(header_row=index)
        keyed: set[int] = set()
        parties_by_name = {norm(p.name): p.id for p in project.parties}
        if key_row is not None:
            keyed = columns._read_keys(sheet, key_row[1], project, log)
            columns.keyed = True
        if header_row is not None:
            columns._read_headers(sheet, header_row[1], keyed, parties_by_name, log)
        if key_row is not None and header_row is not None:
            columns._check_headers(sheet, header_row[1], project, parties_by_name, log)
        if not columns.matches_rows:
            return None
        if not columns.parties:
            raise InputError(source, "no party columns found", sheet)
        return columns

    def _read_keys(self, sheet: str, row: Row, project: Project, log: ProblemLog) -> set[int]:
        """Fill the slots and party columns the key row names; the columns it explains."""
        keyed: set[int] = set()
        for col, cell in enumerate(row):
            key: str = cell.text or ""
            if key in _SLOTS and getattr(self, _SLOTS[key]) is None:
                setattr(self, _SLOTS[key], col)
            elif key.startswith(L.PARTY_KEY_PREFIX):
                self._keyed_party(sheet, col, cell, key, project, log)
            elif not key.startswith(L.KEY_PREFIX):
                continue
            keyed.add(col)
        return keyed

    def _keyed_party(
        self, sheet: str, col: int, cell: Cell, key: str, project: Project, log: ProblemLog
    ) -> None:
        party_id = key[len(L.PARTY_KEY_PREFIX) :]
        if party_id not in project.party_index:
            self.unknown_parties[col] = party_id
        elif party_id in self.parties.values():
            log.add(
                Severity.WARNING,
                f"{sheet}!{cell.address}",
                repr(key),
                "a second column for the same party: ignored",
            )
        else:
            self.parties[col] = party_id

    def _check_headers(
        self,
        sheet: str,
        row: Row,
        project: Project,
        parties_by_name: dict[str, str],
        log: ProblemLog,
    ) -> None:
        """Each keyed column's visible header must be the one the key stands for: a party
        column headed with another name, or a Service column headed "Responsibility area",
        means the headers were moved without the hidden key row, and the letters under them
        would go to a party the reviewer did not see. An empty header, or a header the export
        never writes (a stakeholder's "Platform (ops)"), is not a contradiction for a slot
        column; for a party column only its own name (or none) agrees."""
        for col, party_id in self.parties.items():
            cell = row[col] if col < len(row) else None
            label = norm(cell.text or "") if cell is not None else ""
            if cell is None or not label:
                continue
            name = project.party(party_id).name
            if label != norm(name):
                log.add(
                    Severity.ERROR,
                    f"{sheet}!{cell.address}",
                    "",
                    f"the column's header says “{cell.text}” but its hidden key is for party "
                    f"“{party_id}” ({name}): were the columns moved or pasted without the hidden "
                    "key row? Put the headers back, or delete the hidden key row to match the "
                    "columns by their headers",
                )
        for slot in ("service", "area", "rationale"):
            col = getattr(self, slot)
            cell = row[col] if col is not None and col < len(row) else None
            label = norm(cell.text or "") if cell is not None else ""
            if cell is None or not label or _BY_HEADER.get(label) == slot:
                continue
            if label in _BY_HEADER or label in parties_by_name:
                expected = next(h for h, s in _BY_HEADER.items() if s == slot)
                log.add(
                    Severity.ERROR,
                    f"{sheet}!{cell.address}",
                    "",
                    f"the column's header says “{cell.text}” but its hidden key is for the "
                    f"{expected.capitalize()} column: were the columns moved or pasted without "
                    "the hidden key row? Put the headers back, or delete the hidden key row to "
                    "match the columns by their headers",
                )

    def _read_headers(
        self,
        sheet: str,
        row: Row,
        keyed: set[int],
        parties_by_name: dict[str, str],
        log: ProblemLog,
    ) -> None:
        """Fill what the key row left open from the visible headers."""
        for col, cell in enumerate(row):
            label = norm(cell.text or "")
            if col in keyed or not label:
                continue
            slot = _BY_HEADER.get(label)
            named = parties_by_name.get(label)
            if slot is not None and getattr(self, slot) is None:
                setattr(self, slot, col)
            elif named is not None and named not in self.parties.values():
                self.parties[col] = named
            elif label not in _KNOWN_HEADERS:
                log.add(
                    Severity.WARNING,
                    f"{sheet}!{cell.address}",
                    repr(cell.text),
                    "a column the export did not have: ignored",
                )


def _key_row(rows: list[list[Cell]]) -> tuple[int, list[Cell]] | None:
    """The first row (1-based) with at least two ``srm:`` keys."""
    for i, row in enumerate(rows, start=1):
        if sum(1 for c in row if (c.text or "").startswith(L.KEY_PREFIX)) >= 2:
            return i, row
    return None


def _header_row(rows: list[list[Cell]]) -> tuple[int, list[Cell]] | None:
    """The first row (1-based) with the Service and Responsibility area headers."""
    for i, row in enumerate(rows, start=1):
        if {norm(c.text or "") for c in row} >= _REQUIRED_HEADERS:
            return i, row
    return None
