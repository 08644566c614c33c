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
    """
    deriver = Deriver(project, provider)
    only = set(services) if services is not None else None
    new_rows = dict(project.rows)
    changed = 0
    row_count = 0
    unknown: list[str] = []
    area_ids = tuple(a.id for a in project.areas)
    empty = Row(None, ("",) * len(project.parties))
    overridden = project.overridden_rows
    # Cells changed between two letter tuples: the same few pairs recur thousands of times.
    diff: dict[tuple[tuple[str, ...], tuple[str, ...]], int] = {}
    for entry in project.services:
        if only is not None and entry.id not in only:
            continue
        known = deriver.known(entry)
        if not known:
            unknown.append(entry.id)
        current = project.rows.get(entry.id, {})
        derived_rows = deriver.rows_for(entry, area_ids) if known else [None] * len(area_ids)
        updated: dict[str, Row] = {}
        # Deriver.merge, inlined: this loop visits every row of the project.
        for area_id, derived in zip(area_ids, derived_rows, strict=True):
            old = current.get(area_id)
            new = (derived if known else old) or empty
            kept = overridden.get((entry.id, area_id))
            if kept and old is not None:
                raci = list(new.raci)
                for i in kept:
                    raci[i] = old.raci[i]
                new = Row(new.rule, tuple(raci))
            if old is not None and old == new:
                new = old
            updated[area_id] = new
            if new is not old:
                before = old.raci if old is not None else empty.raci
                pair = (before, new.raci)
                count = diff.get(pair)
                if count is None:
                    count = diff[pair] = sum(1 for a, b in zip(*pair, strict=True) if a != b)
                changed += count
        row_count += len(area_ids)
        if len(updated) != len(current) or any(updated[k] is not current.get(k) for k in updated):
            new_rows[entry.id] = updated
    kept_count = sum(1 for (sid, _a, _p) in project.overrides if only is None or sid in only)
    result = replace(project, rows=new_rows) if new_rows != project.rows else project
    return result, AutofillReport(row_count, changed, kept_count, tuple(unknown))
