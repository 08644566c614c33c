"""A diff written out: for a terminal or a code review (text), and for tools (CSV, JSON).

Everything here reads a :class:`~srm_desktop.domain.diff.ProjectDiff`; nothing compares
projects. :func:`dump_text` is the other half of the git story: one project as stable,
line-oriented text, which git's ``textconv`` diffs line by line (``srm diff FILE --textconv``).

The CSV columns (:data:`CSV_COLUMNS`) and the JSON keys are a contract for tools: new columns
and keys are only ever appended, never renamed or reordered.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from typing import Any, Final

from srm_desktop.domain.change_set import visible
from srm_desktop.domain.conflict import Conflict, conflict_message, conflict_place
from srm_desktop.domain.diff import (
    AreaChange,
    CellChange,
    Change,
    EntryChange,
    FieldChange,
    PartyChange,
    ProjectDiff,
    RowChange,
)
from srm_desktop.domain.errors import SrmError
from srm_desktop.domain.layered import plain
from srm_desktop.domain.project import Project, ServiceEntry
from srm_desktop.domain.provenance import MANUAL, effective_owner, owner_text, rule_of
from srm_desktop.domain.provider import Provider, get_provider
from srm_desktop.domain.rule_update import RuleUpdate
from srm_desktop.domain.rules import Owner
from srm_desktop.domain.whatif import WhatIf

#: Shown for an empty cell or a field with no value: an empty string reads as a mistake.
NOTHING: Final = "—"
ARROW: Final = "→"

CSV_COLUMNS: Final[tuple[str, ...]] = (
    "kind",
    "change",
    "entry_id",
    "entry",
    "area_id",
    "area",
    "party_id",
    "party",
    "field",
    "old",
    "new",
    "old_source",
    "new_source",
    "old_rationale",
    "new_rationale",
)
#: The JSON document's ``format``/``version``: a tool checks them before reading the rest.
JSON_FORMAT: Final = "srm-diff"
JSON_VERSION: Final = 1


# -- names -----------------------------------------------------------------------------------


def entry_title(entry: ServiceEntry, provider: Provider | None) -> str:
    """ "Amazon EC2 — web tier": the catalog's name and the entry's own, or one of them when
    they are the same (or the service is not in the catalog)."""
    service = provider.catalog.get(entry.service) if provider is not None else None
    if service is None or service.name.casefold() == entry.name.casefold():
        return entry.name
    return f"{service.name} — {entry.name}"


def _letters(value: str) -> str:
    return value or NOTHING


def _quoted(text: str, limit: int = 120) -> str:
    """A rationale on one line, in quotes, cut at ``limit`` characters."""
    one = " ".join(text.split())
    if len(one) > limit:
        one = one[: limit - 1] + "…"
    return f"“{one}”"


def _source_word(source: str) -> str:
    return "manual" if source == MANUAL else source.replace("rule:", "rule ", 1)


def source_note(cell: CellChange) -> str:
    """Where the letters come from, and why, in a few words: ``rule → manual: “reason”``,
    ``manual → rule``, ``rule <id>`` (another rule decides), ``manual: “reason”``,
    ``rule <id>, no override records why`` (letters changed by hand)."""
    old, new = cell.old_source, cell.new_source
    if old != new:
        if old != MANUAL and new != MANUAL:  # another rule decides: name it, once is enough
            return _source_word(new)
        else:
            short = {MANUAL: "manual"}
            text = f"{short.get(old, 'rule')} {ARROW} {short.get(new, 'rule')}"
        if new == MANUAL and cell.new_rationale:
            text += f": {_quoted(cell.new_rationale)}"
        return text
    if cell.rationale_changed:
        return (
            f"rationale {_quoted(cell.old_rationale) if cell.old_rationale else NOTHING} "
            f"{ARROW} {_quoted(cell.new_rationale) if cell.new_rationale else NOTHING}"
        )
    if new == MANUAL:
        return f"manual: {_quoted(cell.new_rationale)}" if cell.new_rationale else "manual"
    return f"{_source_word(new)}, no override records why"


def _field_text(change: FieldChange) -> str:
    old = _quoted(change.old) if change.old else NOTHING
    new = _quoted(change.new) if change.new else NOTHING
    return f"{change.field}: {old} {ARROW} {new}"


# -- text --------------------------------------------------------------------------------------


def render_text(diff: ProjectDiff, old_label: str, new_label: str) -> str:
    """The diff for a terminal or a code review: the project's own changes, parties and areas,
    then entry by entry (``~ Amazon EC2 — web tier``) its field changes and changed cells, and
    a summary line. Empty cells read as ``—``."""
    old_provider, new_provider = _provider(diff.old), _provider(diff.new)
    lines = [f"--- {old_label}", f"+++ {new_label}"]
    if diff.empty:
        return _joined([*lines, "no differences", ""])
    lines += [f"~ project {_field_text(c)}" for c in diff.properties]
    lines += [_party_line(c) for c in diff.parties]
    lines += [_area_line(c) for c in diff.areas]
    lines += [f"! {_conflict_line(diff.new, c)}" for c in diff.conflicts_recorded]
    lines += [f"✓ resolved: {_conflict_line(diff.old, c)}" for c in diff.conflicts_resolved]
    for group in diff.by_service():
        provider = old_provider if group.change and group.change.change is Change.REMOVED else None
        title = entry_title(group.entry, provider or new_provider)
        lines.append("")
        lines.append(_entry_header(group.change, title, diff))
        if group.change is not None and group.change.change is Change.CHANGED:
            lines += [f"    {_field_text(f)}" for f in group.change.fields]
        lines += rows_lines(group.rows)
    lines += ["", diff.summary().text(), ""]
    return _joined(lines)


def _joined(lines: list[str]) -> str:
    """The lines as text for a terminal or a code review, each line kept one line and every
    invisible or bidirectional control character shown as ⟨U+XXXX⟩ (``change_set.visible``):
    a name must not reorder what a reviewer reads ("Trojan source")."""
    return "\n".join(map(visible, lines))


def _provider(project: Project) -> Provider | None:
    try:
        return get_provider(project.provider)
    except SrmError:  # an unknown provider: names without the catalog's
        return None


def _entry_header(change: EntryChange | None, title: str, diff: ProjectDiff) -> str:
    if change is None:
        return f"~ {title}"
    entry = change.entry
    kind = f"{entry.service}:{entry.variant}" if entry.variant else entry.service
    if change.change is Change.ADDED:
        cells = len(diff.new.visible_areas) * len(diff.new.parties)
        return f"+ {title}  ({kind}, added: {cells} cells)"
    if change.change is Change.REMOVED:
        cells = len(diff.old.visible_areas) * len(diff.old.parties)
        return f"- {title}  ({kind}, removed: {cells} cells)"
    return f"~ {title}"


def _party_line(change: PartyChange) -> str:
    party, old = change.party, change.old
    detail = f" ({party.kind.value})"
    return _named_line(
        "party", change.change, party.name, old.name if old else None, change.fields, detail
    )


def _area_line(change: AreaChange) -> str:
    area, old = change.area, change.old
    return _named_line("area", change.change, area.name, old.name if old else None, change.fields)


def _named_line(
    what: str,
    change: Change,
    name: str,
    old_name: str | None,
    fields: Iterable[FieldChange],
    detail: str = "",
) -> str:
    """A party's or an area's line: renamed, changed field by field, or added or removed
    (``detail`` follows the name then)."""
    if change is Change.RENAMED:
        assert old_name is not None
        return f"~ {what} {old_name} {ARROW} {name} (renamed)"
    if change is Change.CHANGED:
        return f"~ {what} {name}: " + "; ".join(_field_text(f) for f in fields)
    return f"{change.mark} {what} {name}{detail}"


def rows_lines(rows: Iterable[RowChange]) -> list[str]:
    """An entry's changed rows as ``srm diff`` prints them: each row's owner and cells; rows
    where only the rule changed (same letters, same owner: a service or variant switch, a new
    rule book) are counted in one line -- CSV and JSON name their rules."""
    lines: list[str] = []
    quiet = 0
    for row in rows:
        if row.cells or row.owner_changed:
            lines += _row_lines(row, row.area.name, sources=True)
        else:
            quiet += 1
    if quiet:
        what = "row keeps its letters" if quiet == 1 else "rows keep their letters"
        lines.append(f"  ({quiet} other {what}, now from another rule)")
    return lines


def _row_lines(row: RowChange, title: str, *, sources: bool) -> list[str]:
    """A changed row's owner and cells, old → new, each line starting with ``title`` (the
    area, under an entry's header; the entry, under a rule's); ``sources``: each cell's
    source follows."""
    lines = []
    if row.owner_changed:
        lines.append(
            f"  {title}: owner {row.old_owner_text or NOTHING} {ARROW} "
            f"{row.new_owner_text or NOTHING}"
        )
    for cell in row.cells:
        source = f" ({source_note(cell)})" if sources else ""
        lines.append(
            f"  {title} · {cell.party_name}: {_letters(cell.old_letters)} {ARROW} "
            f"{_letters(cell.new_letters)}{source}"
        )
    return lines


# -- CSV ---------------------------------------------------------------------------------------


def dumps_csv(diff: ProjectDiff) -> str:
    """One line per change (:data:`CSV_COLUMNS`): ``kind`` is project, party, area, entry, rule,
    owner or cell; a changed entry, party or area has a line per field. ``\\r\\n`` line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for record in _records(diff):
        writer.writerow([record.get(column, "") for column in CSV_COLUMNS])
    return buffer.getvalue()


def _records(diff: ProjectDiff) -> Iterator[dict[str, str]]:
    for f in diff.properties:
        yield {"kind": "project", "change": "changed", "field": f.field, "old": f.old, "new": f.new}
    for p in diff.parties:
        base = {"kind": "party", "change": p.change.value, "party_id": p.party.id}
        base["party"] = p.party.name
        yield from _field_records(base, p.fields, p.party.kind.value)
    for a in diff.areas:
        base = {"kind": "area", "change": a.change.value, "area_id": a.area.id, "area": a.area.name}
        yield from _field_records(base, a.fields, a.area.name)
    for e in diff.entries:
        entry = e.entry
        base = {"kind": "entry", "change": e.change.value, "entry_id": entry.id}
        base["entry"] = entry.name
        kind = f"{entry.service}:{entry.variant}" if entry.variant else entry.service
        yield from _field_records(base, e.fields, kind)
    for row in diff.rows:
        base = {
            "entry_id": row.entry.id,
            "entry": row.entry.name,
            "area_id": row.area.id,
            "area": row.area.name,
        }
        if row.rule_changed:
            yield {**base, "kind": "rule", "change": "changed", "field": "rule",
                   "old": row.old_rule or "", "new": row.new_rule or ""}  # fmt: skip
        if row.owner_changed:
            yield {**base, "kind": "owner", "change": "changed", "field": "owner",
                   "old": row.old_owner_text, "new": row.new_owner_text}  # fmt: skip
        for c in row.cells:
            yield {
                **base,
                "kind": "cell",
                "change": "changed",
                "party_id": c.party_id,
                "party": c.party_name,
                "field": "letters",
                "old": c.old_letters,
                "new": c.new_letters,
                "old_source": c.old_source,
                "new_source": c.new_source,
                "old_rationale": c.old_rationale,
                "new_rationale": c.new_rationale,
            }
    for change, project, conflicts in (
        ("added", diff.new, diff.conflicts_recorded),
        ("removed", diff.old, diff.conflicts_resolved),
    ):
        for conflict in conflicts:
            text = _conflict_line(project, conflict)
            yield {"kind": "conflict", "change": change, "field": conflict.kind.value,
                   "old" if change == "removed" else "new": text}  # fmt: skip


def _conflict_line(project: Project, conflict: Conflict) -> str:
    """``Web fleet › Guest OS › Security: merge conflict: …`` (what ``srm validate`` says)."""
    return f"{conflict_place(project, conflict)}: {conflict_message(conflict)}"


def _field_records(
    base: dict[str, str], fields: tuple[FieldChange, ...], what: str
) -> Iterator[dict[str, str]]:
    """A line per changed field; an added or removed item is one line, ``old``/``new`` holding
    what it is (a party's kind, an entry's service)."""
    if base["change"] == Change.ADDED:
        yield {**base, "new": what}
    elif base["change"] == Change.REMOVED:
        yield {**base, "old": what}
    else:
        for f in fields:
            yield {**base, "field": f.field, "old": f.old, "new": f.new}


# -- JSON --------------------------------------------------------------------------------------


def dumps_json(diff: ProjectDiff, old_label: str, new_label: str) -> str:
    """The diff as one JSON document (keys documented in the README), indented, UTF-8."""
    return json.dumps(diff_document(diff, old_label, new_label), indent=2, ensure_ascii=False)


def diff_document(diff: ProjectDiff, old_label: str, new_label: str) -> dict[str, Any]:
    summary = diff.summary()

    def side(project: Project, label: str) -> dict[str, str]:
        return {"file": label, "name": project.name, "id": project.id,
                "provider": project.provider, "rule_book": project.rule_book}  # fmt: skip

    def fields(items: tuple[FieldChange, ...]) -> list[dict[str, str]]:
        return [{"field": f.field, "old": f.old, "new": f.new} for f in items]

    return {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "old": side(diff.old, old_label),
        "new": side(diff.new, new_label),
        "differences": not diff.empty,
        "summary": asdict(summary),
        "properties": fields(diff.properties),
        "parties": [
            {"change": p.change.value, "id": p.party.id, "name": p.party.name,
             "kind": p.party.kind.value, "fields": fields(p.fields)}
            for p in diff.parties
        ],
        "areas": [
            {"change": a.change.value, "id": a.area.id, "name": a.area.name,
             "fields": fields(a.fields)}
            for a in diff.areas
        ],
        "entries": [
            {"change": e.change.value, "id": e.entry.id,
             "old_id": e.old.id if e.old is not None else None,
             "name": e.entry.name, "service": e.entry.service, "variant": e.entry.variant,
             "fields": fields(e.fields)}
            for e in diff.entries
        ],
        "rows": [
            {"entry_id": r.entry.id, "old_entry_id": r.old_entry.id, "entry": r.entry.name,
             "area_id": r.area.id, "area": r.area.name,
             "old_rule": r.old_rule, "new_rule": r.new_rule,
             "old_owner": _owner_word(r.old_owner), "new_owner": _owner_word(r.new_owner),
             "old_owner_text": r.old_owner_text, "new_owner_text": r.new_owner_text,
             "cells": [
                 {"party_id": c.party_id, "party": c.party_name,
                  "old": c.old_letters, "new": c.new_letters,
                  "old_source": c.old_source, "new_source": c.new_source,
                  "old_rationale": c.old_rationale, "new_rationale": c.new_rationale}
                 for c in r.cells
             ]}
            for r in diff.rows
        ],
        "conflicts": [
            {"change": change, "kind": c.kind.value, "text": _conflict_line(project, c)}
            for change, project, conflicts in (
                ("added", diff.new, diff.conflicts_recorded),
                ("removed", diff.old, diff.conflicts_resolved))
            for c in conflicts
        ],
    }  # fmt: skip


def _owner_word(owner: Owner | None) -> str:
    return owner.word if owner is not None else ""


# -- one project, for git's textconv -------------------------------------------------------------


def dump_text(project: Project, provider: Provider) -> str:
    """One project as stable text, a line per thing, for a line diff (git's ``textconv``).

    A row is one line under its entry's ``== …`` line -- ``  Guest operating system: Customer |
    AWS — | Platform R/A`` -- so a changed cell shows as its row, old and new, in ``git diff``
    and ``git log -p`` (``diff.srm.xfuncname "^== "`` puts the entry in the hunk header), and
    renaming an entry changes one line; an override adds a line under its row with its
    rationale. Entries in the project's order."""
    lines = [
        f"project: {project.name} ({project.provider}"
        + (f", rule book {project.rule_book})" if project.rule_book else ")"),
    ]
    lines += [
        f"{field}: {' '.join(getattr(project, field).split())}"
        for field in ("description", "owner", "review")
        if getattr(project, field)
    ]
    lines.append("parties: " + ", ".join(f"{p.name} ({p.kind.value})" for p in project.parties))
    for area in project.areas:
        hidden = " (hidden)" if area.hidden else ""
        lines.append(f"area {area.id}: {area.name}{hidden}")
    lines += [f"! {_conflict_line(project, c)}" for c in project.conflicts]
    overrides = plain(project.overrides)
    for entry in project.services:
        kind = f"{entry.service}:{entry.variant}" if entry.variant else entry.service
        lines += ["", f"== {entry_title(entry, provider)} [{kind}] (id {entry.id})"]
        lines += [
            f"   {name}: {' '.join(getattr(entry, name).split())}"
            for name in ("environment", "notes")
            if getattr(entry, name)
        ]
        for area in project.visible_areas:
            row = project.row(entry.id, area.id)
            owner = owner_text(
                effective_owner(project, provider, entry.id, area.id), rule_of(provider, row)
            )
            cells = " | ".join(
                f"{p.name} {_letters(v)}" for p, v in zip(project.parties, row.raci, strict=True)
            )
            lines.append(f"  {area.name}: {owner or NOTHING} | {cells}")
            for party in project.parties:
                override = overrides.get((entry.id, area.id, party.id))
                if override is not None:
                    why = _quoted(override.rationale, 400) if override.rationale else NOTHING
                    lines.append(f"      {party.name}: manual, {why}")
    return _joined([*lines, ""])


# -- what-if and rule-book updates -------------------------------------------------------------


def render_what_if(result: WhatIf, provider: Provider) -> str:
    """``srm whatif``: the switch, the cells that would change, the counts and the sentences."""
    entry, switched = result.entry, result.switched
    before = f"{entry.service}:{entry.variant}" if entry.variant else entry.service
    after = f"{switched.service}:{switched.variant}" if switched.variant else switched.service
    title = entry_title(entry, provider)
    lines = [f"What if {title} ({before}) were {after}?"]
    if result.unchanged:
        return _joined([*lines, "It already is: nothing would change.", ""])
    changed_rows = [row for group in result.diff.by_service() for row in group.rows]
    lines += ["", *rows_lines(changed_rows)]
    if not result.cells_changed:
        lines.append("  no cell would change")
    # Padded as shown: a control character prints as ⟨U+XXXX⟩, wider than the raw name.
    names = {shift.party.id: visible(shift.party.name) for shift in result.parties}
    width = max(map(len, names.values()))
    lines += ["", "Rows of this entry each party is R or A on, before → after:"]
    for shift in result.parties:
        lines.append(f"  {names[shift.party.id]:<{width}}  {shift.before:>3} → {shift.after}")
    lines += ["", *result.sentences()]
    cells = result.cells_changed
    lines.append(f"{cells} {'cell' if cells == 1 else 'cells'} would change; nothing written.")
    return _joined([*lines, ""])


def render_rule_update(update: RuleUpdate, label: str) -> str:
    """``srm autofill --dry-run``: the summary, then rule by rule the rows it would change and
    the rule's citation."""
    provider = _provider(update.project)
    lines = [f"{label}: {update.summary()}"]
    areas = {a.id: a.name for a in update.project.areas}
    for group in update.groups:
        rule = group.rule
        owner = rule.owner_text if rule is not None else "no rule decides these rows any more"
        area = areas.get(rule.area, rule.area) if rule is not None else ""
        lines += ["", f"rule {group.rule_id or NOTHING} — {area}: {owner}".replace(" — :", ":")]
        for row in group.rows:
            title = entry_title(row.entry, provider)
            lines += _row_lines(row, title, sources=False)
            if not row.cells and not row.owner_changed:
                lines.append(f"  {title}: same letters, now cited from this rule")
        if group.citation:
            lines.append(f"  source: {group.citation}")
    return _joined([*lines, ""])


# -- the same lines, for the window's compare pane (ui/compare_view.py) -------------------------

party_line = _party_line
area_line = _area_line
entry_header = _entry_header
field_text = _field_text
