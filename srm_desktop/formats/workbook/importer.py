"""Reading a stakeholder's workbook back as a :class:`~srm_desktop.domain.change_set.ChangeSet`.

Rows are matched by the hidden service and area ids, falling back to the visible names (a
stakeholder may paste rows from another copy, or a sheet may lose its hidden columns), so sorted,
filtered, hidden and reordered rows import the same. Columns are found by the hidden key row,
falling back to the headers, so an inserted or moved column changes nothing. Letters are read as
forgivingly as :func:`srm_desktop.domain.raci.parse` reads them and no further; everything else
is a problem with its sheet!cell address.

A hidden "exported letters" column records what each row held at export time. A cell counts as
changed only when the workbook differs from that, so edits the architect made in the app while
the workbook was out for review are kept, and a cell changed on both sides is reported as a
conflict instead of silently overwriting one of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from srm_desktop.domain.change_set import Change, ChangeSet, Problem
from srm_desktop.domain.errors import InputError
from srm_desktop.domain.layered import plain
from srm_desktop.domain.project import Project
from srm_desktop.domain.provenance import row_rationale
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.raci import CANONICAL_VALUES, RaciParseError, parse
from srm_desktop.domain.validation import Severity
from srm_desktop.formats.workbook import layout as L
from srm_desktop.formats.workbook.progress import CancelCheck, ProgressCallback, Ticker
from srm_desktop.formats.workbook.reader import (
    Cell,
    Meta,
    guarded,
    head_rows,
    open_workbook,
    read_meta,
    sheet_cells,
)
from srm_desktop.formats.workbook.zipcheck import read_checked

_NOT_TEXT = {
    "f": "a formula (formulas are never evaluated: type the letters instead)",
    "e": "an error value, not RACI letters",
    "n": "a number, not RACI letters",
    "b": "TRUE/FALSE, not RACI letters",
    "d": "a date, not RACI letters",
}


def read_change_set(
    project: Project,
    provider: Provider,
    path: Path | str,
    *,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> ChangeSet:
    """Read ``path`` against ``project``. Raises :class:`InputError` for a file that cannot be
    read at all (hostile, damaged, not a workbook); everything else is in the change set."""
    source = str(path)
    data = read_checked(path)
    workbook = open_workbook(data, source)
    try:
        with guarded(source):
            return _Import(project, provider, workbook, Path(path).name, source).run(
                Ticker(len(project.services) * len(project.visible_areas), progress, cancelled)
            )
    finally:
        workbook.close()


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass
class _Columns:
    header_row: int
    service: int | None = None
    area: int | None = None
    service_id: int | None = None
    area_id: int | None = None
    rationale: int | None = None
    baseline: int | None = None
    parties: dict[int, str] = field(default_factory=dict)  # column index -> party id
    unknown_parties: dict[int, str] = field(default_factory=dict)  # column -> label

    @property
    def width(self) -> int:
        used = [self.service, self.area, self.service_id, self.area_id, self.rationale]
        used += [self.baseline, *self.parties, *self.unknown_parties]
        return max((c for c in used if c is not None), default=0) + 1


class _Import:
    def __init__(
        self, project: Project, provider: Provider, workbook: Any, name: str, source: str
    ) -> None:
        self.project = project
        self.overrides = plain(project.overrides)  # dict speed for the per-row look-ups
        self.provider = provider
        self.wb = workbook
        self.name = name
        self.source = source
        self.problems: list[Problem] = []
        self.changes: list[Change] = []
        self.services_by_name: dict[str, list[str]] = {}
        for entry in project.services:
            self.services_by_name.setdefault(_norm(entry.name), []).append(entry.id)
        self.areas_by_name = {_norm(a.name): a.id for a in project.areas}
        self.parties_by_name = {_norm(p.name): p.id for p in project.parties}
        # Memos for the per-row work (a 30,000-row matrix repeats the same few texts): the same
        # answers, computed once per distinct text.
        self._norms: dict[str, str] = {}
        self._parsed: dict[str, str] = {}
        self._baselines: dict[str, dict[str, str] | None] = {}
        self._header_norms = (_norm(L.HEADERS[L.SERVICE]), _norm(L.HEADERS[L.AREA]))

    def norm(self, text: str) -> str:
        """:func:`_norm`, memoised."""
        normed = self._norms.get(text)
        if normed is None:
            normed = self._norms[text] = _norm(text)
        return normed

    def problem(self, level: Severity, address: str, value: str, message: str) -> None:
        self.problems.append(Problem(level, address, value, message))

    # -- the steps --------------------------------------------------------------------------

    def run(self, ticker: Ticker) -> ChangeSet:
        meta = read_meta(self.wb, self.source)
        baseline_parties = self.check_meta(meta)
        sheet_name, sheet, columns = self.find_matrix()
        self.read_rows(sheet_name, sheet, columns, baseline_parties, ticker)
        ticker.finish()
        return ChangeSet(self.name, tuple(self.changes), tuple(self.problems))

    def check_meta(self, meta: Meta | None) -> list[str] | None:
        """The party order of the baseline column, or None when it cannot be trusted."""
        if meta is None or meta.values.get(L.META_FORMAT) != L.FORMAT_ID:
            self.problem(
                Severity.WARNING,
                self.name,
                "",
                "no srm metadata sheet: rows are matched by ids and names, and changes made in "
                "the app since the export cannot be told apart from the workbook's",
            )
            return None
        version = meta.values.get(L.META_SCHEMA, "")
        if not version.isdigit():
            raise InputError(self.source, f"unreadable schema version {version!r}", meta.sheet)
        if int(version) > L.SCHEMA_VERSION:
            raise InputError(
                self.source,
                f"was exported by a newer version of srm-desktop (workbook schema {version}, "
                f"this version reads up to {L.SCHEMA_VERSION}): update srm-desktop",
            )
        project_id = meta.values.get(L.META_PROJECT_ID, "")
        if project_id != self.project.id:
            exported = meta.values.get(L.META_PROJECT_NAME, "?")
            self.problem(
                Severity.ERROR,
                meta.address(L.META_PROJECT_ID),
                repr(project_id),
                f"the workbook was exported from another project ({exported!r}), not from "
                f"{self.project.name!r}: import it into that project",
            )
        parties = meta.values.get(L.META_PARTIES, "")
        return parties.split(L.BASELINE_SEPARATOR) if parties else None

    def find_matrix(self) -> tuple[str, Any, _Columns]:
        names = list(self.wb.sheetnames)
        ordered = [L.MATRIX] + [n for n in names if n != L.MATRIX] if L.MATRIX in names else names
        for name in ordered:
            if name in (L.META, L.LISTS) or not hasattr(self.wb[name], "iter_rows"):
                continue
            columns = self.find_columns(name, head_rows(self.wb[name]))
            if columns is not None:
                return name, self.wb[name], columns
        raise InputError(
            self.source,
            "has no matrix sheet: no sheet has the Service and Responsibility area columns "
            "(was this workbook exported by srm-desktop?)",
        )

    def find_columns(self, sheet: str, rows: list[list[Cell]]) -> _Columns | None:
        key_row = next(
            (
                (i, r)
                for i, r in enumerate(rows, start=1)
                if sum(1 for c in r if (c.text or "").startswith(L.KEY_PREFIX)) >= 2
            ),
            None,
        )
        header_labels = {_norm(L.HEADERS[L.SERVICE]), _norm(L.HEADERS[L.AREA])}
        header_row = next(
            (
                (i, r)
                for i, r in enumerate(rows, start=1)
                if header_labels <= {_norm(c.text or "") for c in r}
            ),
            None,
        )
        if key_row is None and header_row is None:
            return None
        index = header_row[0] if header_row else key_row[0] if key_row else 1
        columns = _Columns(header_row=index)
        slots = {
            L.SERVICE: "service",
            L.AREA: "area",
            L.SERVICE_ID: "service_id",
            L.AREA_ID: "area_id",
            L.RATIONALE: "rationale",
            L.BASELINE: "baseline",
        }
        keyed: set[int] = set()
        if key_row is not None:
            for col, cell in enumerate(key_row[1]):
                key: str = cell.text or ""
                if key in slots and getattr(columns, slots[key]) is None:
                    setattr(columns, slots[key], col)
                    keyed.add(col)
                elif key.startswith(L.PARTY_KEY_PREFIX):
                    party_id = key[len(L.PARTY_KEY_PREFIX) :]
                    keyed.add(col)
                    if party_id in self.project.party_index:
                        if party_id in columns.parties.values():
                            self.problem(
                                Severity.WARNING,
                                f"{sheet}!{cell.address}",
                                repr(key),
                                "a second column for the same party: ignored",
                            )
                        else:
                            columns.parties[col] = party_id
                    else:
                        columns.unknown_parties[col] = party_id
                elif key.startswith(L.KEY_PREFIX):
                    keyed.add(col)
        if header_row is not None:
            by_header = {
                _norm(L.HEADERS[L.SERVICE]): "service",
                _norm(L.HEADERS[L.AREA]): "area",
                _norm(L.HEADERS[L.RATIONALE]): "rationale",
            }
            for col, cell in enumerate(header_row[1]):
                label = _norm(cell.text or "")
                if col in keyed or not label:
                    continue
                slot = by_header.get(label)
                named = self.parties_by_name.get(label)
                if slot is not None and getattr(columns, slot) is None:
                    setattr(columns, slot, col)
                elif named is not None and named not in columns.parties.values():
                    columns.parties[col] = named
                elif label not in {_norm(h) for h in L.HEADERS.values()}:
                    self.problem(
                        Severity.WARNING,
                        f"{sheet}!{cell.address}",
                        repr(cell.text),
                        "a column the export did not have: ignored",
                    )
        if (columns.service is None and columns.service_id is None) or (
            columns.area is None and columns.area_id is None
        ):
            return None
        if not columns.parties:
            raise InputError(self.source, "no party columns found", sheet)
        return columns

    # -- rows -------------------------------------------------------------------------------

    def read_rows(
        self,
        sheet_name: str,
        sheet: Any,
        columns: _Columns,
        baseline_parties: list[str] | None,
        ticker: Ticker,
    ) -> None:
        project = self.project
        seen: dict[tuple[str, str], tuple[int, tuple[str, ...]]] = {}
        unknown_reported: set[int] = set()
        party_cols = sorted(columns.parties.items())
        party_index = project.party_index
        width = columns.width
        # The columns a blank row leaves empty (an absent column counts as empty).
        watched = [c for c in (columns.service, columns.area, columns.service_id) if c is not None]
        watched += [c for c, _ in party_cols]
        padding = Cell("", None, "n")
        party_columns = [c for c, _ in party_cols]
        # Every party, in project order: a row whose letters equal the project's is unchanged.
        all_in_order = [pid for _, pid in party_cols] == [p.id for p in project.parties]
        parsed_letters = self._parsed

        def at(cell: Cell) -> str:
            return f"{sheet_name}!{cell.address}"

        for index, cells in sheet_cells(sheet, self.source, columns.header_row + 1, width):
            ticker.step()
            if len(cells) < width:
                cells = cells + [padding] * (width - len(cells))

            def get(col: int | None, cells: list[Cell] = cells) -> Cell | None:
                return cells[col] if col is not None else None

            if all(cells[c].empty for c in watched):
                continue  # a blank row, or one a stakeholder added for notes
            if self.is_header_again(get(columns.service), get(columns.area)):
                continue
            for col, party_id in columns.unknown_parties.items():
                if col not in unknown_reported and not cells[col].empty:
                    unknown_reported.add(col)
                    self.problem(
                        Severity.ERROR,
                        at(cells[col]),
                        cells[col].shown(),
                        f"the column is for party id {party_id!r}, which is not in the project: "
                        "add the party or delete the column",
                    )
            service_id = self.match_service(
                get(columns.service_id), get(columns.service), sheet_name
            )
            area_id = self.match_area(get(columns.area_id), get(columns.area), sheet_name)
            if service_id is None or area_id is None:
                continue
            letters: list[str] = []
            readable = True
            for col in party_columns:
                cell = cells[col]
                raw = cell.value
                if raw is None:
                    letters.append("")
                    continue
                if cell.kind == "s" and raw.__class__ is str:  # self.letters, memoised
                    known = parsed_letters.get(raw)
                    if known is not None:
                        letters.append(known)
                        continue
                value = self.letters(cell, sheet_name)
                readable &= value is not None
                letters.append(value or "")
            if not readable:
                continue
            key = (service_id, area_id)
            row_letters = tuple(letters)
            if key in seen:
                first, values = seen[key]
                if values != row_letters:
                    where = at(get(columns.service) or get(columns.service_id) or cells[0])
                    self.problem(
                        Severity.ERROR,
                        where,
                        "",
                        f"the same service and area as row {first}, with different letters: "
                        "keep one of the two rows",
                    )
                continue
            seen[key] = (index, row_letters)
            note = self.note(get(columns.rationale), service_id, area_id, sheet_name)
            changed = False
            held = project.row(service_id, area_id).raci
            # Unchanged (every cell as the project holds it): the loop below would skip them all.
            unchanged = all_in_order and held == row_letters
            baseline = None if unchanged else self.baseline(get(columns.baseline), baseline_parties)
            compared = [] if unchanged else zip(party_cols, letters, strict=True)
            for (col, party_id), new in compared:
                current = held[party_index[party_id]]  # project.cell(...), its row looked up once
                base = baseline.get(party_id, current) if baseline is not None else current
                if new in (base, current):
                    continue
                if base != current:
                    self.problem(
                        Severity.ERROR,
                        at(cells[col]),
                        repr(new),
                        f"changed on both sides: the workbook says {new or '(empty)'}, the "
                        f"project now holds {current or '(empty)'} (it held {base or '(empty)'} "
                        "at export); make them agree in the workbook or the project",
                    )
                    continue
                changed = True
                self.changes.append(
                    Change(service_id, area_id, party_id, current, new, at(cells[col]), note)
                )
            if note and not changed:
                rationale_cell = get(columns.rationale)
                assert rationale_cell is not None
                self.problem(
                    Severity.WARNING,
                    at(rationale_cell),
                    repr(note),
                    "a new rationale on a row whose letters did not change: not imported",
                )

    def is_header_again(self, service: Cell | None, area: Cell | None) -> bool:
        """A header row sorted into the data (Sort over the whole sheet) is skipped."""
        return (
            service is not None
            and area is not None
            and self.norm(service.text or "") == self._header_norms[0]
            and self.norm(area.text or "") == self._header_norms[1]
        )

    def not_text(self, sheet: str, *cells: Cell | None) -> bool:
        """Report the first formula or error cell among ``cells``; True when there was one (a
        row cannot be matched by a value that is computed, and formulas are never evaluated)."""
        for cell in cells:
            if cell is not None and cell.kind in ("f", "e"):
                self.problem(
                    Severity.ERROR, f"{sheet}!{cell.address}", cell.shown(), _NOT_TEXT[cell.kind]
                )
                return True
        return False

    def match_service(self, id_cell: Cell | None, name_cell: Cell | None, sheet: str) -> str | None:
        if id_cell is not None and id_cell.text in self.project.service_index:
            return id_cell.text
        if self.not_text(sheet, id_cell, name_cell):
            return None
        name = name_cell.text if name_cell is not None else None
        if name is not None and name_cell is not None:
            ids = self.services_by_name.get(_norm(name), [])
            if len(ids) == 1:
                return ids[0]
            if len(ids) > 1:
                self.problem(
                    Severity.ERROR,
                    f"{sheet}!{name_cell.address}",
                    repr(name),
                    f"{len(ids)} services have this name and the row's hidden id is missing: "
                    "rename one in the project or restore the id",
                )
                return None
        where = name_cell if name_cell is not None else id_cell
        assert where is not None
        shown = repr(name) if name else where.shown()
        self.problem(
            Severity.ERROR,
            f"{sheet}!{where.address}",
            shown,
            "no service with this name or id in the project (services are added in the app, "
            "not by import)",
        )
        return None

    def match_area(self, id_cell: Cell | None, name_cell: Cell | None, sheet: str) -> str | None:
        if id_cell is not None and id_cell.text in self.project.area_index:
            return id_cell.text
        if self.not_text(sheet, id_cell, name_cell):
            return None
        name = name_cell.text if name_cell is not None else None
        if name is not None and _norm(name) in self.areas_by_name:
            return self.areas_by_name[_norm(name)]
        where = name_cell if name_cell is not None else id_cell
        assert where is not None
        self.problem(
            Severity.ERROR,
            f"{sheet}!{where.address}",
            repr(name) if name else where.shown(),
            "no responsibility area with this name or id in the project",
        )
        return None

    def letters(self, cell: Cell, sheet: str) -> str | None:
        raw = cell.value
        if raw is None:
            return ""
        if cell.kind == "s" and isinstance(raw, str):  # memoised by the raw value
            parsed = self._parsed.get(raw)
            if parsed is not None:
                return parsed
        text = cell.text
        if text is None:
            message = _NOT_TEXT.get(cell.kind, "not RACI letters")
            self.problem(Severity.ERROR, f"{sheet}!{cell.address}", cell.shown(), message)
            return None
        try:
            parsed = self._parsed[str(raw)] = parse(text.strip())  # (text implies a str value)
        except RaciParseError as exc:
            self.problem(Severity.ERROR, f"{sheet}!{cell.address}", repr(text), str(exc))
            return None
        return parsed

    def baseline(self, cell: Cell | None, parties: list[str] | None) -> dict[str, str] | None:
        if cell is None or parties is None:
            return None
        text = cell.text
        if text is None:
            return None
        if text not in self._baselines:  # (the parties are the same all through one import)
            values = text.split(L.BASELINE_SEPARATOR)
            if len(values) != len(parties) or any(v not in CANONICAL_VALUES for v in values):
                self._baselines[text] = None
            else:
                self._baselines[text] = dict(zip(parties, values, strict=True))
        return self._baselines[text]

    def note(self, cell: Cell | None, service_id: str, area_id: str, sheet: str) -> str:
        """The stakeholder's rationale: the column's text when it differs from what we wrote."""
        if cell is None or cell.value is None:
            return ""
        if cell.text is None:
            self.problem(
                Severity.ERROR,
                f"{sheet}!{cell.address}",
                cell.shown(),
                _NOT_TEXT.get(cell.kind, "not text") + " in the rationale column",
            )
            return ""
        text = cell.text.strip()
        return (
            ""
            if text == row_rationale(self.project, service_id, area_id, self.overrides).strip()
            else text
        )
