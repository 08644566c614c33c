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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from srm_desktop.domain.edits import CellChange, set_cells
from srm_desktop.domain.errors import EditError
from srm_desktop.domain.project import CellKey, Project
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.validation import Finding, Severity, row_letter_checks, validate
from srm_desktop.domain.visible_text import visible

__all__ = [
    "Change",
    "ChangeSet",
    "FindingsPreview",
    "Problem",
    "Severity",
    "findings_after",
    "normalise_note",
    "visible",
]

#: What a stored rationale may not hold (``domain.text.check_long_text``), line breaks aside.
_NOT_IN_NOTES = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("\r\n?|[\x0b\x0c]")


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
    """Something in the workbook that cannot be read or matched, or is worth a look.

    ``service_id``, ``area_id`` and ``party_id`` name the matrix cell it is about, as far as
    the reader could tell (a letter cell knows all three, a rationale cell its row, an unknown
    service none), so a person sees "S3 › Backup › Security" beside ``Matrix!H50``. ``blocks``
    marks a problem with the whole workbook (exported from another project): the rest cannot be
    applied by skipping it.
    """

    level: Severity
    address: str
    value: str
    message: str
    service_id: str | None = None
    area_id: str | None = None
    party_id: str | None = None
    blocks: bool = False

    def place(self, project: Project) -> str:
        """``Service › Area › Party`` (as much of it as is known), or "" when none is."""
        return place(project, self.service_id, self.area_id, self.party_id)

    def describe(self, project: Project | None = None) -> str:
        found = f" {visible(self.value)}" if self.value else ""
        where = self.place(project) if project is not None else ""
        at = f"{visible(self.address)} ({visible(where)})" if where else visible(self.address)
        return f"{self.level.value}: {at}:{found}: {visible(self.message)}"


def place(
    project: Project, service_id: str | None, area_id: str | None, party_id: str | None
) -> str:
    """``Service › Area › Party`` for whichever of the ids the project knows."""
    names = []
    if service_id is not None and service_id in project.service_index:
        names.append(project.service(service_id).name)
    if area_id is not None and area_id in project.area_index:
        names.append(project.area(area_id).name)
    if party_id is not None and party_id in project.party_index:
        names.append(project.party(party_id).name)
    return " › ".join(names)


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
    def blocking(self) -> tuple[Problem, ...]:
        """Errors that skipping cannot get past (the workbook is another project's)."""
        return tuple(p for p in self.problems if p.blocks)

    def without(self, skipped: Iterable[int]) -> ChangeSet:
        """This change set less the changes at the indexes ``skipped`` (the boxes the architect
        unticked): the same problems, and no findings until :meth:`with_findings` (they were
        the whole set's)."""
        drop = set(skipped)
        kept = tuple(c for i, c in enumerate(self.changes) if i not in drop)
        return replace(self, changes=kept, findings=())

    def only(self, ticked: Iterable[int]) -> ChangeSet:
        """This change set with only the changes at the indexes ``ticked`` (see :meth:`without`)."""
        keep = set(ticked)
        return self.without(i for i in range(len(self.changes)) if i not in keep)

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
        self,
        project: Project,
        *,
        on: date | None = None,
        author: str = "",
        at: str | None = None,
        skip_errors: bool = False,
    ) -> Project:
        """The project with every change made, each a manual override that records the import.

        Refuses (``EditError``) while the change set has errors, unless ``skip_errors``: then
        the unreadable cells stay as the project holds them and the readable changes are made
        (never past a :attr:`blocking` problem).
        """
        if self.blocking:
            raise EditError(f"{self.source}: {visible(self.blocking[0].message)}; nothing applied")
        if self.has_errors and not skip_errors:
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
        lines += [p.describe(project) for p in self.problems]
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


class FindingsPreview:
    """The new RACI findings of any ticked subset of a change set, recounted row by row.

    The import preview recounts them on every tick. :func:`findings_after` validates the whole
    project twice (~0.15 s on a 240,000-cell estate); this looks only at the rows the changes
    touch, with :func:`~srm_desktop.domain.validation.row_letter_checks`, and gives the same
    findings (the tests hold the two together): a change only ever adds letter findings to its
    own row (the cells it writes become overrides, so no "differs from rule"; and a missing
    rationale is never reported, the import records one).
    """

    def __init__(self, change_set: ChangeSet, project: Project, provider: Provider) -> None:
        self.change_set = change_set
        self.project = project
        self._check: Callable[[str, str, tuple[str, ...]], list[Finding]] = row_letter_checks(
            project, provider
        )
        visible_areas = {a.id for a in project.visible_areas}
        #: (service, area) -> the indexes of its changes, rows in display order.
        by_row: dict[tuple[str, str], list[int]] = {}
        for index, change in enumerate(change_set.changes):
            if change.area_id in visible_areas:
                by_row.setdefault((change.service_id, change.area_id), []).append(index)
        services, areas = project.service_index, project.area_index
        self._rows = sorted(by_row.items(), key=lambda kv: (services[kv[0][0]], areas[kv[0][1]]))
        self._before = {
            row: {_finding_key(f) for f in self._check(*row, project.row(*row).raci)}
            for row, _ in self._rows
        }

    def findings(self, ticked: Iterable[int] | None = None) -> tuple[Finding, ...]:
        """The findings the changes at ``ticked`` (all when None) would add, in display order."""
        chosen = None if ticked is None else set(ticked)
        changes, party_index = self.change_set.changes, self.project.party_index
        found: list[Finding] = []
        for row, indexes in self._rows:
            picked = indexes if chosen is None else [i for i in indexes if i in chosen]
            if not picked:
                continue
            raci = list(self.project.row(*row).raci)
            for i in picked:
                raci[party_index[changes[i].party_id]] = changes[i].new
            before = self._before[row]
            found += (f for f in self._check(*row, tuple(raci)) if _finding_key(f) not in before)
        return tuple(found)
