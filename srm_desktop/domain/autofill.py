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
    for entry in project.services:
        if only is not None and entry.id not in only:
            continue
        if not deriver.known(entry):
            unknown.append(entry.id)
        current = project.rows.get(entry.id, {})
        updated: dict[str, Row] = {}
        for area in project.areas:
            old = current.get(area.id)
            new = deriver.merge(entry, area.id, old)
            updated[area.id] = new
            row_count += 1
            if new is not old:
                before = old.raci if old is not None else ("",) * len(new.raci)
                changed += sum(1 for a, b in zip(before, new.raci, strict=True) if a != b)
        if any(updated[k] is not current.get(k) for k in updated) or len(updated) != len(current):
            new_rows[entry.id] = updated
    kept = sum(1 for (sid, _a, _p) in project.overrides if only is None or sid in only)
    result = replace(project, rows=new_rows) if new_rows != project.rows else project
    return result, AutofillReport(row_count, changed, kept, tuple(unknown))
