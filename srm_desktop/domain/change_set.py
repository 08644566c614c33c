"""The change set: what an imported workbook would do to the project, before it does it.

A reader in ``formats`` proposes, this object describes the proposal, and one undo command (or
the CLI) applies it -- the twin of :class:`~srm_desktop.domain.inventory_merge.MergeResult`.
The architect sees every changed cell (old and new letters, and where in the workbook it was
found) and every problem (sheet!cell, the value found, what is wrong) and decides. Nothing is
applied while there are errors. RACI findings the changes would cause (:func:`findings_after`)
are listed beside them but do not block: the matrix is the architect's to fix, and a
half-finished review is still worth importing.

Pure domain: importing this module loads neither openpyxl nor Qt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from srm_desktop.domain.edits import CellChange, set_cells
from srm_desktop.domain.errors import EditError
from srm_desktop.domain.project import CellKey, Project
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.validation import Finding, Severity, validate

__all__ = [
    "Change",
    "ChangeSet",
    "Problem",
    "Severity",
    "findings_after",
    "normalise_note",
    "visible",
]

#: Characters that change how text around them reads without being seen: control characters,
#: and the bidirectional overrides, embeddings, isolates and marks ("Edge\u202eNDC" shows as
#: "EdgeCDN"). The change set shows each as ⟨U+202E⟩.
_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
#: What a stored rationale may not hold (``domain.text.check_long_text``), line breaks aside.
_NOT_IN_NOTES = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("\r\n?|[\x0b\x0c]")


def visible(text: str) -> str:
    """``text`` with every invisible or control character shown as ⟨U+XXXX⟩ (a line break
    too: each line of a change set stays one line)."""
    if text.isascii() and text.isprintable():
        return text
    return _INVISIBLE.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", text)


def normalise_note(text: str) -> str:
    """A rationale typed in Excel or pasted from Word, as a rationale can be stored: a vertical
    tab (Word's manual line break), a form feed or a carriage return becomes a line break, and
    other control characters, lone surrogates and non-characters are dropped."""
    if text.isprintable():
        return text
    return _NOT_IN_NOTES.sub("", _BREAKS.sub("\n", text))


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
        line = f"{visible(service)} › {visible(area)} › {visible(party)}: {old} -> {new}  "
        line += f"[{visible(self.address)}]"
        return f"{line}  “{visible(self.note)}”" if self.note else line


@dataclass(frozen=True)
class Problem:
    """Something in the workbook that cannot be read or matched, or is worth a look."""

    level: Severity
    address: str
    value: str
    message: str

    def describe(self) -> str:
        found = f" {visible(self.value)}" if self.value else ""
        return f"{self.level.value}: {visible(self.address)}:{found}: {visible(self.message)}"


@dataclass(frozen=True)
class ChangeSet:
    source: str
    changes: tuple[Change, ...] = ()
    problems: tuple[Problem, ...] = ()
    #: RACI findings the project would have after the changes and does not have now; empty
    #: until :meth:`with_findings` (the reader proposes, the domain previews).
    findings: tuple[Finding, ...] = ()

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.level is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.level is Severity.WARNING)

    @property
    def has_errors(self) -> bool:
        return any(p.level is Severity.ERROR for p in self.problems)

    @property
    def keys(self) -> list[CellKey]:
        """The cells it touches: what an undo command snapshots before applying."""
        return [c.key for c in self.changes]

    def rationale_prefix(self, on: date) -> str:
        """What every imported override's rationale starts with (the note follows)."""
        return f"imported from {visible(self.source)} on {on.isoformat()}: "

    def rationale(self, change: Change, on: date) -> str:
        base = self.rationale_prefix(on)
        return base + change.note if change.note else base[:-2]

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
        return self._applied(project, on=on, author=author, at=at)

    def _applied(
        self, project: Project, *, on: date | None = None, author: str = "", at: str | None = None
    ) -> Project:
        day = on or datetime.now(UTC).date()
        by_rationale: dict[str, list[CellChange]] = {}
        for change in self.changes:
            by_rationale.setdefault(self.rationale(change, day), []).append(
                CellChange(change.service_id, change.area_id, change.party_id, change.new)
            )
        for rationale, cells in by_rationale.items():
            project = set_cells(project, cells, author=author, rationale=rationale, at=at)
        return project

    def with_findings(self, project: Project, provider: Provider) -> ChangeSet:
        """This change set with :attr:`findings` filled in (see :func:`findings_after`)."""
        return replace(self, findings=findings_after(self, project, provider))

    def summary(self) -> str:
        return (
            f"{visible(self.source)}: {len(self.changes)} changes, {len(self.errors)} errors, "
            f"{len(self.warnings)} warnings, {len(self.findings)} new RACI findings"
        )

    def describe(self, project: Project) -> list[str]:
        """Every line a person needs to decide: changes, problems, then new findings."""
        lines = [f"change: {c.describe(project)}" for c in self.changes]
        lines += [p.describe() for p in self.problems]
        lines += [f"finding after import: {f.describe(project)}" for f in self.findings]
        return lines


def findings_after(
    change_set: ChangeSet, project: Project, provider: Provider
) -> tuple[Finding, ...]:
    """RACI findings the changes would add to their rows (shown with the change set, never
    blocking).

    Computed from the readable changes even when other cells have errors: the stakeholder
    fixing those errors should also see what the rest of their edit does to the matrix. A
    missing rationale is not reported: every imported change records the import.
    """
    if not change_set.changes:
        return ()
    preview = change_set._applied(project, on=date.today())
    before = {_finding_key(f) for f in validate(project, provider)}
    after = validate(preview, provider)
    touched = {(c.service_id, c.area_id) for c in change_set.changes}
    return tuple(
        f
        for f in after
        if _finding_key(f) not in before
        and (f.service_id, f.area_id) in touched
        and f.code != "override-no-rationale"
    )


def _finding_key(f: Finding) -> tuple[str, str | None, str | None, str | None]:
    return (f.code, f.service_id, f.area_id, f.party_id)
