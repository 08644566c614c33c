"""A newer rule book, reviewed: what a re-fill would change, rule by rule, and the user's answer.

A project records the rule book that last filled it (``Project.rule_book``, written by a whole
auto-fill). When the built-in rule book is newer, the cells no override holds may no longer be
what the rules say -- not drift, an update. Re-filling silently would change an agreed matrix
behind the reviewers' backs; warning per cell (``differs-from-rule``) buries the news. So:

* :func:`pending_update` lists the non-overridden cells a re-fill would change, grouped by the
  rule that would decide them, each with old -> new letters and owner and the rule's citation
  (the diff engine's rows, ``domain/diff.py``);
* :func:`apply_review` is the user's answer as one pure edit: accept some cells (they take the
  rule's letters), keep others as they are by making them overrides with a rationale, and
  leave the rest for later. When nothing is left, it re-fills the whole project, which records
  the current rule book; :func:`accept_all` is that at once.

Like ``domain/edits.py``, every function returns a new project and leaves its input alone: the
window's undo command keeps the project it replaced (one step for the whole review).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property

from srm_desktop.domain.autofill import autofill, rule_book_stamp
from srm_desktop.domain.diff import CellChange, ProjectDiff, RowChange, diff_projects
from srm_desktop.domain.edits import now_iso, reset_to_rule
from srm_desktop.domain.errors import EditError
from srm_desktop.domain.layered import LayeredMap
from srm_desktop.domain.project import CellKey, Override, Project
from srm_desktop.domain.provenance import owner_from_letters, owner_text
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.rules import Rule


@dataclass(frozen=True)
class RuleGroup:
    """The rows one rule would decide differently, with the rule and its citation."""

    #: The rule a re-fill gives these rows (None: rows no rule decides any more).
    rule_id: str | None
    rule: Rule | None
    rows: tuple[RowChange, ...]

    @property
    def cells(self) -> tuple[CellChange, ...]:
        return tuple(cell for row in self.rows for cell in row.cells)

    @property
    def citation(self) -> str:
        """The rule's source as one line (document, quote, date; or its reasoning)."""
        if self.rule is None:
            return ""
        text = str(self.rule.citation)
        url = self.rule.citation.url
        return f"{text} <{url}>" if url else text


@dataclass(frozen=True)
class RuleUpdate:
    """What re-filling ``project`` with the current rule book would change (see the module)."""

    project: Project
    #: The project as a whole re-fill makes it (every override kept).
    filled: Project
    #: The rule book that last filled the project ("" when none is recorded), and the current.
    old_stamp: str
    new_stamp: str
    diff: ProjectDiff
    groups: tuple[RuleGroup, ...]

    @property
    def stale(self) -> bool:
        """The project records another rule book than the current one."""
        return bool(self.old_stamp) and self.old_stamp != self.new_stamp

    @property
    def empty(self) -> bool:
        """A re-fill changes no row (nothing to review; the stamp may still be old)."""
        return not self.groups

    @cached_property
    def cell_keys(self) -> frozenset[CellKey]:
        """The cells a re-fill would change: what :func:`apply_review` accepts or keeps."""
        return frozenset(cell.key for group in self.groups for cell in group.cells)

    @property
    def cell_count(self) -> int:
        return len(self.cell_keys)

    @property
    def row_count(self) -> int:
        return sum(len(group.rows) for group in self.groups)

    def summary(self) -> str:
        """ "The rule book was updated (aws 2026.01.15 → aws 2026.11.30): 14 cells in 6 rows
        would change." -- what the banner and ``srm autofill --dry-run`` say first."""
        if self.stale:
            head = f"The rule book was updated ({self.old_stamp} → {self.new_stamp})"
        else:
            head = f"Rule book {self.new_stamp}"
        if self.empty:
            return f"{head}: a re-fill changes no cell."
        cells = "1 cell" if self.cell_count == 1 else f"{self.cell_count} cells"
        rows = "1 row" if self.row_count == 1 else f"{self.row_count} rows"
        return f"{head}: {cells} in {rows} would change (overrides are kept)."


def pending_update(project: Project, provider: Provider) -> RuleUpdate:
    """What a whole re-fill with ``provider``'s rule book would change in ``project``."""
    filled, _report = autofill(project, provider)
    diff = diff_projects(project, filled, old_provider=provider, new_provider=provider)
    by_rule: dict[str | None, list[RowChange]] = {}
    for row in diff.rows:
        by_rule.setdefault(row.new_rule, []).append(_owned_by_letters(project, row))
    groups = tuple(
        RuleGroup(rule_id, provider.rules.get(rule_id) if rule_id else None, tuple(rows))
        for rule_id, rows in by_rule.items()
    )
    return RuleUpdate(project, filled, project.rule_book, rule_book_stamp(provider), diff, groups)


def _owned_by_letters(project: Project, row: RowChange) -> RowChange:
    """``row`` with its old owner read from its letters. The effective owner of a row no
    override holds is its rule's owner -- in the *current* rule book, which is the new owner;
    the old rule book is not at hand, so the letters it wrote say who owned the row."""
    if not row.cells:
        return row
    letters = project.row(row.old_entry.id, row.area.id).raci
    if project.row_overridden(row.old_entry.id, row.area.id):
        return row  # effective owner already read from the letters
    owner = owner_from_letters(project, letters)
    # The same owner reads as the rule writes it ("Shared · you configure"), not as a change.
    text = row.new_owner_text if owner is row.new_owner else owner_text(owner, None)
    return replace(row, old_owner=owner, old_owner_text=text)


def accept_all(project: Project, provider: Provider) -> Project:
    """Every pending change taken: the whole project re-filled (overrides kept), stamped."""
    return autofill(project, provider)[0]


def apply_review(
    project: Project,
    provider: Provider,
    update: RuleUpdate,
    *,
    accept: Iterable[CellKey] = (),
    keep: Iterable[CellKey] = (),
    rationale: str = "",
    author: str = "",
    at: str | None = None,
) -> Project:
    """The review's answer as one edit: ``accept`` cells take the rule's letters, ``keep``
    cells keep theirs as overrides recording ``rationale`` (required: an override says why).
    When every pending cell is answered, the whole project is re-filled, which records the
    current rule book (and the rule of rows whose letters did not change); otherwise the stamp
    stays, and the rest is still pending.

    ``update`` must be :func:`pending_update` of this ``project``; a key it does not list, or
    one in both sets, is an :class:`EditError`."""
    if update.project is not project:
        raise EditError("the review was made for another version of the project; review again")
    accepted, kept = set(accept), set(keep)
    unknown = (accepted | kept) - update.cell_keys
    if unknown:
        sid, aid, pid = sorted(unknown)[0]
        raise EditError(f"cell {sid}/{aid}/{pid} is not a change the rule book update makes")
    both = accepted & kept
    if both:
        sid, aid, pid = sorted(both)[0]
        raise EditError(f"cell {sid}/{aid}/{pid} cannot be both accepted and kept")
    if kept and not rationale.strip():
        raise EditError("keeping cells against the rule book needs a rationale")
    result = project
    if kept:
        when = at or now_iso()
        record = Override(rationale=rationale, author=author, at=when)
        result = result.with_cells(
            overrides=LayeredMap.over(result.overrides).updated(dict.fromkeys(kept, record))
        )
    if accepted:
        result = reset_to_rule(result, provider, accepted)  # none is overridden: rule letters
    if accepted | kept == update.cell_keys:
        result = autofill(result, provider)[0]
    return result
