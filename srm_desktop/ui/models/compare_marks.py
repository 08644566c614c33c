"""The compare view's answers for the matrix model: which items changed, and what they were.

A thin adapter over a :class:`~srm_desktop.domain.diff.ProjectDiff` (old = the other file or
the last commit, new = the open project): the matrix model asks it for the marks of one item
(``CHANGE_ROLE``, the tooltip's first lines) and the filter proxy for "changed only"; nothing
here compares projects. Keys are the new project's, the matrix's own.
"""

from __future__ import annotations

from typing import Final

from srm_desktop.domain.diff import CellChange, Change, ProjectDiff
from srm_desktop.domain.provenance import MANUAL
from srm_desktop.domain.visible_text import visible

CHANGED: Final = "changed"
ADDED: Final = "added"
EMPTY: Final = "—"


def source_note(source: str, rationale: str) -> str:
    """ "manual: why" or "rule aws.ec2.guest-os" -- where letters came from."""
    if source == MANUAL:
        return f"manual override: {rationale}" if rationale else "manual override"
    return source.replace("rule:", "rule ", 1)


class CompareMarks:
    def __init__(self, diff: ProjectDiff, label: str) -> None:
        self.diff = diff
        #: What the open project is compared with ("review-v1.srm", "last commit (HEAD)").
        self.label = label
        self.added_entries = frozenset(c.entry.id for c in diff.entries if c.change is Change.ADDED)
        self.changed_entries = {c.entry.id: c for c in diff.entries if c.change is Change.CHANGED}
        self.added_areas = frozenset(a.area.id for a in diff.areas if a.change is Change.ADDED)
        self.added_parties = frozenset(p.party.id for p in diff.parties if p.change is Change.ADDED)
        self.rows = diff.by_row
        self.cells = diff.by_cell

    def row_added(self, sid: str, aid: str) -> bool:
        return sid in self.added_entries or aid in self.added_areas

    def row_changed(self, sid: str, aid: str) -> bool:
        """What "changed only" keeps: a row with a changed cell, owner or rule, or a new row."""
        return (sid, aid) in self.rows or self.row_added(sid, aid)

    # -- one item's mark -----------------------------------------------------------------------

    def cell(self, sid: str, aid: str, pid: str) -> str | None:
        """Only a changed cell is marked: the cells of a new row or party are all new, and
        painting each would drown the changes (the row's area and the header say it is new)."""
        return CHANGED if (sid, aid, pid) in self.cells else None

    def area(self, sid: str, aid: str) -> str | None:
        if self.row_added(sid, aid):
            return ADDED
        return CHANGED if (sid, aid) in self.rows else None

    def owner(self, sid: str, aid: str) -> str | None:
        row = self.rows.get((sid, aid))
        return CHANGED if row is not None and row.owner_changed else None

    def service(self, sid: str) -> str | None:
        if sid in self.added_entries:
            return ADDED
        return CHANGED if sid in self.changed_entries else None

    # -- what it was (the tooltip's first lines) ----------------------------------------------

    def cell_tip(self, sid: str, aid: str, pid: str) -> str | None:
        change: CellChange | None = self.cells.get((sid, aid, pid))
        if change is None:
            if pid in self.added_parties or self.row_added(sid, aid):
                return f"New since {self.label}"
            return None
        lines = [f"Changed since {self.label}: was {change.old_letters or EMPTY}"]
        was = source_note(change.old_source, change.old_rationale)
        now = source_note(change.new_source, change.new_rationale)
        if was != now:
            lines.append(f"Was {was}")
        return "\n".join(lines)

    def area_tip(self, sid: str, aid: str) -> str | None:
        if self.row_added(sid, aid):
            return f"New since {self.label}"
        row = self.rows.get((sid, aid))
        if row is None:
            return None
        parts = [f"Changed since {self.label}"]
        if row.cells:
            parts.append(f"{len(row.cells)} cell{'s' * (len(row.cells) != 1)}")
        if row.owner_changed:
            parts.append(f"owner was {row.old_owner_text or EMPTY}")
        if row.rule_changed:
            parts.append(f"rule was {row.old_rule or '(none)'}")
        return ": ".join(parts[:1]) + (": " + ", ".join(parts[1:]) if parts[1:] else "")

    def owner_tip(self, sid: str, aid: str) -> str | None:
        row = self.rows.get((sid, aid))
        if row is None or not row.owner_changed:
            return None
        return f"Owner changed since {self.label}: was {row.old_owner_text or EMPTY}"

    def service_tip(self, sid: str) -> str | None:
        if sid in self.added_entries:
            return f"Added since {self.label}"
        change = self.changed_entries.get(sid)
        if change is None:
            return None
        fields = "; ".join(
            f"{f.field} was “{visible(f.old)}”" if f.old else f"{f.field} was empty"
            for f in change.fields
        )
        return f"Changed since {self.label}: {fields}"
