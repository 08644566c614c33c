"""The change set: what an imported workbook would do to the project, before it does it.

The architect sees every changed cell (old and new letters, and where in the workbook it was
found) and every problem (sheet!cell, the value found, what is wrong) and decides. Nothing is
applied while there are errors. RACI findings the changes would cause are listed beside them but
do not block: the matrix is the architect's to fix, and a half-finished review is still worth
importing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

from srm_desktop.domain.edits import CellChange, set_cells
from srm_desktop.domain.errors import EditError
from srm_desktop.domain.project import CellKey, Project
from srm_desktop.domain.validation import Finding


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Change:
    """One cell the workbook changes; ``note`` is the stakeholder's rationale for its row."""

    service_id: str
    area_id: str
    party_id: str
    old: str
    new: str
    address: str
    note: str = ""

    @property
    def key(self) -> CellKey:
        return (self.service_id, self.area_id, self.party_id)

    def describe(self, project: Project) -> str:
        service = project.service(self.service_id).name
        area = project.area(self.area_id).name
        party = project.party(self.party_id).name
        old, new = self.old or "(empty)", self.new or "(empty)"
        line = f"{service} › {area} › {party}: {old} -> {new}  [{self.address}]"
        return f"{line}  “{self.note}”" if self.note else line


@dataclass(frozen=True)
class Problem:
    """Something in the workbook that cannot be read or matched, or is worth a look."""

    level: Level
    address: str
    value: str
    message: str

    def describe(self) -> str:
        found = f" {self.value}" if self.value else ""
        return f"{self.level.value}: {self.address}:{found}: {self.message}"


@dataclass(frozen=True)
class ChangeSet:
    source: str
    changes: tuple[Change, ...] = ()
    problems: tuple[Problem, ...] = ()
    #: RACI findings the project would have after the changes and does not have now.
    findings: tuple[Finding, ...] = ()

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.level is Level.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.level is Level.WARNING)

    @property
    def has_errors(self) -> bool:
        return any(p.level is Level.ERROR for p in self.problems)

    @property
    def keys(self) -> list[CellKey]:
        """The cells it touches: what an undo command snapshots before applying."""
        return [c.key for c in self.changes]

    def rationale(self, change: Change, on: date) -> str:
        base = f"imported from {self.source} on {on.isoformat()}"
        return f"{base}: {change.note}" if change.note else base

    def apply(
        self, project: Project, *, on: date | None = None, author: str = "", at: str | None = None
    ) -> Project:
        """The project with every change made, each a manual override that records the import.

        Refuses (``EditError``) while the change set has errors.
        """
        if self.has_errors:
            raise EditError(
                f"{self.source}: the change set has {len(self.errors)} errors; nothing applied"
            )
        day = on or datetime.now(UTC).date()
        by_rationale: dict[str, list[CellChange]] = {}
        for change in self.changes:
            by_rationale.setdefault(self.rationale(change, day), []).append(
                CellChange(change.service_id, change.area_id, change.party_id, change.new)
            )
        for rationale, cells in by_rationale.items():
            project = set_cells(project, cells, author=author, rationale=rationale, at=at)
        return project

    def summary(self) -> str:
        return (
            f"{self.source}: {len(self.changes)} changes, {len(self.errors)} errors, "
            f"{len(self.warnings)} warnings, {len(self.findings)} new RACI findings"
        )

    def describe(self, project: Project) -> list[str]:
        """Every line a person needs to decide: changes, problems, then new findings."""
        lines = [f"change: {c.describe(project)}" for c in self.changes]
        lines += [p.describe() for p in self.problems]
        lines += [f"finding after import: {f.describe(project)}" for f in self.findings]
        return lines
