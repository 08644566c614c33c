"""Reading a stakeholder's workbook back as a :class:`~srm_desktop.domain.change_set.ChangeSet`.

Named steps: the metadata (:meth:`_Import.check_meta`), the matrix sheet and where its columns
are (:class:`~srm_desktop.formats.workbook.columns.ColumnMap`), its rows as typed ``SheetRow``s
(:class:`~srm_desktop.formats.workbook.rows.RowReader`), and per row a pure :func:`compare`.
Everything that cannot be read or matched is a problem with its sheet!cell address.

A hidden "exported letters" column records what each row held at export time. A cell counts as
changed only when the workbook differs from that, so edits the architect made in the app while
the workbook was out for review are kept, and a cell changed on both sides is reported as a
conflict instead of silently overwriting one of them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from srm_desktop.domain.change_set import Change, ChangeSet, Problem, normalise_note, visible
from srm_desktop.domain.errors import InputError
from srm_desktop.domain.layered import plain
from srm_desktop.domain.project import Project
from srm_desktop.domain.provenance import row_rationale
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.raci import CANONICAL_VALUES
from srm_desktop.domain.text import MAX_CELL_TEXT
from srm_desktop.domain.validation import Severity
from srm_desktop.formats.workbook import layout as L
from srm_desktop.formats.workbook.columns import ColumnMap
from srm_desktop.formats.workbook.problems import ProblemLog
from srm_desktop.formats.workbook.progress import CancelCheck, ProgressCallback, Ticker
from srm_desktop.formats.workbook.reader import (
    Cell,
    Meta,
    guarded,
    head_rows,
    open_workbook,
    read_meta,
)
from srm_desktop.formats.workbook.rows import RowReader, SheetRow, not_text
from srm_desktop.formats.workbook.zipcheck import read_checked


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
    source = visible(str(path))  # a control character in a file name reaches no terminal
    try:
        data = read_checked(path)
    except InputError as exc:
        if exc.source == source:
            raise
        raise InputError(source, exc.problem, exc.where) from None
    workbook = open_workbook(data, source)
    try:
        with guarded(source):
            return _Import(project, provider, workbook, visible(Path(path).name), source).run(
                Ticker(len(project.services) * len(project.visible_areas), progress, cancelled)
            )
    finally:
        workbook.close()


class _Import:
    """One import: the metadata, the matrix sheet and its columns, then row by row."""

    def __init__(
        self, project: Project, provider: Provider, workbook: Any, name: str, source: str
    ) -> None:
        self.project = project
        self.overrides = plain(project.overrides)  # dict speed for the per-row look-ups
        self.provider = provider
        self.wb = workbook
        self.name = name
        self.source = source
        self.problems = ProblemLog()
        self.changes: list[Change] = []
        self._baselines: dict[str, dict[str, str] | None] = {}

    # -- the steps --------------------------------------------------------------------------

    def run(self, ticker: Ticker) -> ChangeSet:
        meta = read_meta(self.wb, self.source)
        baseline_parties = self.check_meta(meta)
        sheet_name, sheet, columns = self.find_matrix()
        reader = RowReader(self.project, columns, sheet_name, self.source, self.problems)
        self.read_rows(reader, sheet, baseline_parties, ticker)
        if not reader.data_rows:
            self.problems.add(
                Severity.WARNING,
                f"{sheet_name}!{columns.header_row + 1}:{columns.header_row + 1}",
                "",
                "the matrix sheet has no data rows below its header: nothing to import (was the "
                "wrong copy sent back, or the rows deleted?)",
            )
        ticker.finish()
        return ChangeSet(self.name, tuple(self.changes), self.problems.closed(self.name))

    def check_meta(self, meta: Meta | None) -> list[str] | None:
        """The party order of the baseline column, or None when it cannot be trusted."""
        if meta is None or meta.values.get(L.META_FORMAT) != L.FORMAT_ID:
            self.problems.add(
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
            exported = visible(meta.values.get(L.META_PROJECT_NAME, "?"))
            ours = visible(self.project.name)
            same = " (the same name: a copy made with New is another project)"
            self.problems.add(
                Severity.ERROR,
                meta.address(L.META_PROJECT_ID),
                repr(project_id),
                f"the workbook was exported from another project: its project id is "
                f"{project_id!r} ({exported!r}), this project's is {self.project.id!r} "
                f"({ours!r}){same if exported == ours else ''}: "
                "import it into that project",
                blocks=True,
            )
        parties = meta.values.get(L.META_PARTIES, "")
        return parties.split(L.BASELINE_SEPARATOR) if parties else None

    def find_matrix(self) -> tuple[str, Any, ColumnMap]:
        """The sheet to read: the first (``Matrix`` first, then in workbook order) with the
        export's hidden key row; failing that, the first with the visible headers. At most
        ``L.MAX_SHEETS_SCANNED`` sheets are looked at, each only as far as its first rows.
        When a sheet named ``Matrix`` is passed over for another, a warning says which was
        read (a decoy, or a copy pasted in beside the real one)."""
        names = list(self.wb.sheetnames)
        ordered = [L.MATRIX] + [n for n in names if n != L.MATRIX] if L.MATRIX in names else names
        candidates = [n for n in ordered if n not in (L.META, L.LISTS)][: L.MAX_SHEETS_SCANNED]
        width = L.MAX_COLUMNS + len(self.project.parties)  # every party column of a wide project
        found: list[tuple[str, ColumnMap, ProblemLog]] = []
        refusal: InputError | None = None
        for name in candidates:
            sheet = self.wb[name]
            if not hasattr(sheet, "iter_rows"):
                continue
            log = ProblemLog()
            try:
                columns = ColumnMap.find(
                    name, head_rows(sheet, width), self.project, self.source, log
                )
            except InputError as exc:
                refusal = refusal or exc
                continue
            if columns is not None:
                found.append((name, columns, log))
                if columns.keyed:
                    break
        chosen = next((f for f in found if f[1].keyed), found[0] if found else None)
        if chosen is None:
            if refusal is not None:
                raise refusal
            raise InputError(
                self.source,
                "has no matrix sheet: no sheet has the Service and Responsibility area columns "
                "(was this workbook exported by srm-desktop?)",
            )
        name, columns, log = chosen
        self.problems.extend(log)
        if name != found[0][0]:
            self.problems.add(
                Severity.WARNING,
                f"{name}!A{columns.header_row}",
                "",
                f"read the matrix from sheet {visible(name)!r}, which has the export's hidden "
                f"column keys; sheet {visible(found[0][0])!r} also looks like a matrix and was "
                "not read",
            )
        return name, self.wb[name], columns

    # -- rows -------------------------------------------------------------------------------

    def read_rows(
        self,
        reader: RowReader,
        sheet: Any,
        baseline_parties: list[str] | None,
        ticker: Ticker,
    ) -> None:
        project = self.project
        columns = reader.columns
        seen: dict[tuple[str, str], tuple[int, tuple[str, ...]]] = {}
        party_cols = sorted(columns.parties.items())
        # Every party, in project order: a row whose letters equal the project's is unchanged.
        all_in_order = [pid for _, pid in party_cols] == [p.id for p in project.parties]
        for row in reader.rows(sheet, ticker):
            key = (row.service_id, row.area_id)
            if key in seen:
                self.duplicate(reader, row, *seen[key])
                continue
            seen[key] = (row.number, row.letters)
            note = self.note(reader, row.cell(columns.rationale), row.service_id, row.area_id)
            held = project.row(row.service_id, row.area_id).raci
            # Unchanged (every cell as the project holds it): nothing to compare.
            if all_in_order and held == row.letters:
                found: list[Change | Problem] = []
            else:
                baseline = self.baseline(row.cell(columns.baseline), baseline_parties)
                found = compare(row, party_cols, held, baseline, project.party_index, reader, note)
            for item in found:
                if isinstance(item, Change):
                    self.changes.append(item)
                else:
                    self.problems.append(item)
            if note and not any(isinstance(item, Change) for item in found):
                rationale_cell = row.cell(columns.rationale)
                assert rationale_cell is not None
                self.problems.add(
                    Severity.WARNING,
                    reader.at(rationale_cell),
                    repr(note),
                    "a new rationale on a row whose letters did not change: not imported",
                    at=(row.service_id, row.area_id, None),
                )

    def duplicate(
        self, reader: RowReader, row: SheetRow, first: int, letters: tuple[str, ...]
    ) -> None:
        """A second row for the same service and area: an error only when the letters differ."""
        if letters == row.letters:
            return
        columns = reader.columns
        where = row.cell(columns.service) or row.cell(columns.service_id) or row.cells[0]
        self.problems.add(
            Severity.ERROR,
            reader.at(where),
            "",
            f"the same service and area as row {first}, with different letters: "
            "keep one of the two rows",
            at=(row.service_id, row.area_id, None),
        )

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

    def note(self, reader: RowReader, cell: Cell | None, service_id: str, area_id: str) -> str:
        """The stakeholder's rationale: the column's text when it differs from what we wrote."""
        if cell is None or cell.value is None:
            return ""
        if cell.text is None:
            self.problems.add(
                Severity.ERROR,
                reader.at(cell),
                cell.shown(),
                not_text(cell, "not text") + " in the rationale column",
                at=(service_id, area_id, None),
            )
            return ""
        text = cell.text.strip()
        if text == row_rationale(self.project, service_id, area_id, self.overrides).strip():
            return ""
        return self.checked_note(reader, cell, text, (service_id, area_id, None))

    def checked_note(
        self, reader: RowReader, cell: Cell, text: str, at: tuple[str, str, None]
    ) -> str:
        """A new rationale as a rationale can be stored: a Word line break (vertical tab) or a
        form feed becomes a line break and other control characters go, each reported as a
        warning at the cell; a text too long for a cell once "imported from ..." is put before
        it is an error at the cell (never a refusal of the whole workbook)."""
        cleaned = normalise_note(text)
        if cleaned != text:
            self.problems.add(
                Severity.WARNING,
                reader.at(cell),
                "",
                "the rationale held control characters (a Word line break?): line breaks kept, "
                "the others removed",
                at=at,
            )
        room = MAX_CELL_TEXT - len(ChangeSet(self.name).rationale_prefix(date.today()))
        if len(cleaned) > room:
            self.problems.add(
                Severity.ERROR,
                reader.at(cell),
                "",
                f"the rationale is {len(cleaned):,} characters; with the “imported from …” "
                f"line before it, it would not fit the {MAX_CELL_TEXT:,} an Excel cell holds: "
                f"shorten it by {len(cleaned) - room:,} characters",
                at=at,
            )
            return ""
        return cleaned


def compare(
    row: SheetRow,
    party_cols: list[tuple[int, str]],
    held: tuple[str, ...],
    baseline: dict[str, str] | None,
    party_index: dict[str, int],
    reader: RowReader,
    note: str,
) -> list[Change | Problem]:
    """What one row changes, cell by cell: a :class:`Change` where only the workbook moved
    away from the letters at export, a conflict :class:`Problem` where both sides did.

    ``held`` is the row as the project holds it now, ``baseline`` the letters at export (party
    id -> letters; None when unknown: then the project's letters stand in for them).
    """
    found: list[Change | Problem] = []
    for (col, party_id), new in zip(party_cols, row.letters, strict=True):
        current = held[party_index[party_id]]  # project.cell(...), its row looked up once
        base = baseline.get(party_id, current) if baseline is not None else current
        if new in (base, current):
            continue
        address = reader.at(row.cells[col])
        if base != current:
            found.append(
                Problem(
                    Severity.ERROR,
                    address,
                    repr(new),
                    f"changed on both sides: the workbook says {new or '(empty)'}, the "
                    f"project now holds {current or '(empty)'} (it held {base or '(empty)'} "
                    "at export); make them agree in the workbook or the project",
                    row.service_id,
                    row.area_id,
                    party_id,
                )
            )
            continue
        found.append(Change(row.service_id, row.area_id, party_id, current, new, address, note))
    return found
