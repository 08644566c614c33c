"""Auto-fill: every (service, area, party) cell from the rules, manual overrides untouched."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from srm_desktop.domain.derive import Deriver
from srm_desktop.domain.project import Project, Row
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
    Unchanged rows are shared with the input project.

    This loop visits every row of the project, so it works per entry where it can: an entry
    with no rows yet (a new project, new services) takes its kind's derived rows in one C-level
    ``dict(zip(...))``; otherwise each row is merged (``Deriver.merge``, inlined) with memos for
    what recurs -- merging the same derived and current rows, and counting the cells that differ
    between the same two letter tuples.
    """
    deriver = Deriver(project, provider)
    only = set(services) if services is not None else None
    new_rows = dict(project.rows)
    changed = 0
    row_count = 0
    unknown: list[str] = []
    area_ids = tuple(a.id for a in project.areas)
    empty = Row(None, ("",) * len(project.parties))
    no_rules: list[Row | None] = [None] * len(area_ids)
    overridden = project.overridden_rows
    # Cells changed between two letter tuples: the same few pairs recur thousands of times.
    diff: dict[tuple[tuple[str, ...], tuple[str, ...]], int] = {}
    # (derived, current, kept parties) by identity -> the merged row (``current`` if equal).
    # Rows are shared (by the deriver, and by loading), so the same merge recurs; every object
    # whose id is a key stays alive until this function returns, so ids are not reused.
    merged: dict[tuple[int, int, tuple[int, ...]], Row] = {}
    # Per kind of entry: its derived rows with None as the empty row, and the cells they set.
    fresh: dict[int, tuple[list[Row], int]] = {}

    def changes(before: tuple[str, ...], after: tuple[str, ...]) -> int:
        count = diff.get((before, after))
        if count is None:
            count = diff[(before, after)] = sum(
                1 for a, b in zip(before, after, strict=True) if a != b
            )
        return count

    for entry in project.services:
        if only is not None and entry.id not in only:
            continue
        row_count += len(area_ids)
        known = deriver.known(entry)
        if not known:
            unknown.append(entry.id)
        current = project.rows.get(entry.id, {})
        derived_rows = deriver.rows_for(entry, area_ids) if known else no_rules
        if (
            not current and known and area_ids
        ):  # no row to keep or share: the kind's rows as they are
            kind = fresh.get(id(derived_rows))
            if kind is None:
                filled = [d or empty for d in derived_rows]
                count = sum(changes(empty.raci, row.raci) for row in filled)
                kind = fresh[id(derived_rows)] = (filled, count)
            new_rows[entry.id] = dict(zip(area_ids, kind[0], strict=True))
            changed += kind[1]
            continue
        updated: dict[str, Row] = {}
        for area_id, derived in zip(area_ids, derived_rows, strict=True):
            old = current.get(area_id)
            new = (derived if known else old) or empty
            if old is not None:
                kept = overridden.get((entry.id, area_id))
                if kept:
                    key = (id(new), id(old), kept)
                    found = merged.get(key)
                    if found is None:
                        raci = list(new.raci)
                        for i in kept:
                            raci[i] = old.raci[i]
                        found = merged[key] = _shared(Row(new.rule, tuple(raci)), old)
                    new = found
                elif new is not old and new == old:
                    new = old
            updated[area_id] = new
            if new is not old:
                changed += changes(old.raci if old is not None else empty.raci, new.raci)
        if len(updated) != len(current) or any(updated[k] is not current.get(k) for k in updated):
            new_rows[entry.id] = updated
    kept_count = (
        len(project.overrides)
        if only is None
        else sum(1 for (sid, _a, _p) in project.overrides if sid in only)
    )
    result = replace(project, rows=new_rows) if new_rows != project.rows else project
    return result, AutofillReport(row_count, changed, kept_count, tuple(unknown))


def _shared(row: Row, old: Row) -> Row:
    """``old`` when ``row`` equals it, so unchanged rows stay shared; else ``row``."""
    return old if row == old else row
