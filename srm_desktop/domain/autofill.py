"""Auto-fill: every (service, area, party) cell from the rules, manual overrides untouched."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from srm_desktop.domain.derive import Deriver
from srm_desktop.domain.project import Project, Row, ServiceEntry
from srm_desktop.domain.provider import Provider


@dataclass(frozen=True)
class AutofillReport:
    rows: int
    cells_changed: int
    overrides_kept: int
    unknown_services: tuple[str, ...]

    def summary(self) -> str:
        text = (
            f"{self.rows} rows auto-filled, {self.cells_changed} cells changed, "
            f"{self.overrides_kept} manual overrides kept"
        )
        if self.unknown_services:
            text += f"; not in the catalog, left as they were: {', '.join(self.unknown_services)}"
        return text


def autofill(
    project: Project, provider: Provider, services: Iterable[str] | None = None
) -> tuple[Project, AutofillReport]:
    """Re-derive every row (or only those of ``services``) from the rules.

    Rows of hidden areas are filled too, so showing an area again shows current letters.
    Unchanged rows are shared with the input project. A whole fill records the rule book's
    stamp (``Project.rule_book``); a fill of some ``services`` does not.

    This visits every row of the project, so it works per entry where it can: an entry with no
    rows yet (a new project, new services) takes its kind's derived rows in one C-level
    ``dict(zip(...))``; otherwise each row is merged with memos for what recurs (:class:`_Filler`).
    :func:`autofill_plainly` says the same thing row by row; the tests hold the two together.
    """
    only = set(services) if services is not None else None
    filler = _Filler(project, provider)
    unknown: list[str] = []
    row_count = 0
    for entry in project.services:
        if only is not None and entry.id not in only:
            continue
        row_count += len(filler.area_ids)
        if not filler.fill(entry):
            unknown.append(entry.id)
    kept_count = (
        len(project.overrides)
        if only is None
        else sum(1 for (sid, _a, _p) in project.overrides if sid in only)
    )
    new_rows = filler.rows
    result = replace(project, rows=new_rows) if new_rows != project.rows else project
    # The stamp says which rule book filled the whole matrix: re-deriving some entries (an
    # entry added or switched) leaves the others as they were filled, so it keeps the stamp --
    # else a project filled by an older rule book would pass as current (``rule_update``).
    stamp = rule_book_stamp(provider)
    if only is None and result.rule_book != stamp:
        result = replace(result, rule_book=stamp)
    return result, AutofillReport(row_count, filler.changed, kept_count, tuple(unknown))


def autofill_plainly(project: Project, provider: Provider) -> Project:
    """:func:`autofill`'s contract, stated row by row for readers and tests (not fast).

    Every row of every entry (hidden areas too) becomes the row its rule derives, except that an
    overridden cell keeps its letters; an entry whose service is not in the catalog keeps its
    rows; a row no rule decides is empty. The project records the rule book that filled it.
    """
    deriver = Deriver(project, provider)
    empty = Row(None, ("",) * len(project.parties))
    rows: dict[str, dict[str, Row]] = {}
    for entry in project.services:
        current = project.rows.get(entry.id, {})
        if not deriver.known(entry):
            rows[entry.id] = {a.id: current.get(a.id) or empty for a in project.areas}
            continue
        rows[entry.id] = {}
        for area in project.areas:
            derived = deriver.row(entry, area.id) or empty
            raci = list(derived.raci)
            for index, party in enumerate(project.parties):
                if (entry.id, area.id, party.id) in project.overrides:
                    raci[index] = project.row(entry.id, area.id).raci[index]
            rows[entry.id][area.id] = Row(derived.rule, tuple(raci))
    return replace(project, rows=rows, rule_book=rule_book_stamp(provider))


def rule_book_stamp(provider: Provider) -> str:
    """What a project records of the rule book that filled it: "aws 2026.11.30"."""
    return f"{provider.key} {provider.rules.version}".strip()


class _Filler:
    """The state of one auto-fill pass: the rows so far, the cells changed, and the memos that
    make a 30,000-row pass cost little more than a list pass."""

    def __init__(self, project: Project, provider: Provider) -> None:
        self.project = project
        self.deriver = Deriver(project, provider)
        self.rows = dict(project.rows)
        self.changed = 0
        self.area_ids = tuple(a.id for a in project.areas)
        self.empty = Row(None, ("",) * len(project.parties))
        self.no_rules: list[Row | None] = [None] * len(self.area_ids)
        self.overridden = project.overridden_rows
        # Cells changed between two letter tuples: the same few pairs recur thousands of times.
        self._diff: dict[tuple[tuple[str, ...], tuple[str, ...]], int] = {}
        # (derived, current, kept parties) by identity -> the merged row (``current`` if equal).
        # Rows are shared (by the deriver, and by loading), so the same merge recurs; every
        # object whose id is a key stays alive while this filler lives, so ids are not reused.
        self._merged: dict[tuple[int, int, tuple[int, ...]], Row] = {}
        # Per kind of entry: its derived rows with None as the empty row, and the cells they set.
        self._fresh: dict[int, tuple[list[Row], int]] = {}

    def changes(self, before: tuple[str, ...], after: tuple[str, ...]) -> int:
        count = self._diff.get((before, after))
        if count is None:
            count = self._diff[(before, after)] = sum(
                1 for a, b in zip(before, after, strict=True) if a != b
            )
        return count

    def fill(self, entry: ServiceEntry) -> bool:
        """Fill one entry's rows; False when its service is not in the catalog (rows kept)."""
        known = self.deriver.known(entry)
        current = self.project.rows.get(entry.id, {})
        derived = self.deriver.rows_for(entry, self.area_ids) if known else self.no_rules
        if not current and known and self.area_ids:
            self._fill_fresh(entry, derived)
        else:
            self._merge(entry, current, derived, known)
        return known

    def _fill_fresh(self, entry: ServiceEntry, derived: list[Row | None]) -> None:
        """No row to keep or share: the kind's rows as they are."""
        kind = self._fresh.get(id(derived))
        if kind is None:
            filled = [d or self.empty for d in derived]
            count = sum(self.changes(self.empty.raci, row.raci) for row in filled)
            kind = self._fresh[id(derived)] = (filled, count)
        self.rows[entry.id] = dict(zip(self.area_ids, kind[0], strict=True))
        self.changed += kind[1]

    def _merge(
        self,
        entry: ServiceEntry,
        current: Mapping[str, Row],
        derived_rows: list[Row | None],
        known: bool,
    ) -> None:
        updated: dict[str, Row] = {}
        for area_id, derived in zip(self.area_ids, derived_rows, strict=True):
            old = current.get(area_id)
            new = self._merged_row(
                entry.id, area_id, (derived if known else old) or self.empty, old
            )
            updated[area_id] = new
            if new is not old:
                before = old.raci if old is not None else self.empty.raci
                self.changed += self.changes(before, new.raci)
        if len(updated) != len(current) or any(updated[k] is not current.get(k) for k in updated):
            self.rows[entry.id] = updated

    def _merged_row(self, service_id: str, area_id: str, new: Row, old: Row | None) -> Row:
        """The derived row, with the overridden cells of ``old`` kept; ``old`` itself when that
        changes nothing, so unchanged rows stay shared."""
        if old is None:
            return new
        kept = self.overridden.get((service_id, area_id))
        if not kept:
            return old if new is not old and new == old else new
        key = (id(new), id(old), kept)
        found = self._merged.get(key)
        if found is None:
            raci = list(new.raci)
            for i in kept:
                raci[i] = old.raci[i]
            found = self._merged[key] = _shared(Row(new.rule, tuple(raci)), old)
        return found


def _shared(row: Row, old: Row) -> Row:
    """``old`` when ``row`` equals it, so unchanged rows stay shared; else ``row``."""
    return old if row == old else row


def rule_book_is_stale(project: Project, provider: Provider) -> bool:
    """Whether ``project`` records another rule book than ``provider``'s: the cheap question
    to ask on open, before ``rule_update.pending_update`` counts what would change ("" -- no
    record, a hand-made file -- is not stale: its differences are drift, warned per cell). Here,
    beside the stamp, so the window asks it without loading the diff engine."""
    return bool(project.rule_book) and project.rule_book != rule_book_stamp(provider)
