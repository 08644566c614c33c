"""Resolving a recorded merge conflict: take ours or take theirs, as a pure edit.

A merged project holds ours for every conflict (``domain/merge.py``), so *take ours* only drops
the record; *take theirs* puts theirs' version in place with the same edits the app makes for
it by hand (set a cell, update or restore an entry, rename or restore a party...), then drops the
record. Like every edit in ``domain/edits.py`` it returns a new project and leaves its input
alone, so the window's undo is the previous project, exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Literal

from pydantic import ValidationError

from srm_desktop.domain.areas import Area
from srm_desktop.domain.autofill import autofill
from srm_desktop.domain.conflict import Conflict, ConflictKind, cell_key_of, cell_state
from srm_desktop.domain.edits import (
    CellState,
    add_area,
    add_party,
    add_service,
    remove_party,
    remove_service,
    rename_party,
    reset_to_rule,
    restore_cells,
    set_party_kind,
    set_team_template,
    update_area,
)
from srm_desktop.domain.errors import EditError
from srm_desktop.domain.factory import with_properties
from srm_desktop.domain.project import CellKey, Party, Project, ServiceEntry
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.raci import CANONICAL_VALUES

Take = Literal["ours", "theirs"]


def resolve_conflict(
    project: Project, provider: Provider, conflict: Conflict, take: Take = "ours"
) -> Project:
    """``project`` with ``conflict`` resolved: ours kept, or theirs put in place; the record
    is gone either way. An :class:`EditError` when the project has no such conflict, or when
    theirs cannot be put back (the thing it changes is no longer in the project)."""
    if conflict not in project.conflicts:
        raise EditError("the project has no such merge conflict (already resolved?)")
    if take not in ("ours", "theirs"):
        raise EditError(f"take 'ours' or 'theirs', not {take!r}")
    at = project.conflicts.index(conflict)
    rest = project.conflicts[:at] + project.conflicts[at + 1 :]
    if take == "ours":
        return replace(project, conflicts=rest)
    try:
        result = _TAKE[conflict.kind](project, provider, conflict)
    except ValidationError as exc:  # a record edited by hand: say what, change nothing
        err = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in err["loc"])
        raise EditError(f"theirs cannot be put back: {where}: {err['msg']}") from None
    return replace(result, conflicts=rest)


def _cell(project: Project, provider: Provider, conflict: Conflict) -> Project:
    key = _key(project, conflict.service, conflict.area, conflict.party)
    letters, override = _checked(cell_state(conflict.theirs or {}))
    restored = restore_cells(project, {key: (letters, override)})
    # Not overridden on theirs: the cell follows the rules, as "reset to rule" leaves it.
    return restored if override is not None else reset_to_rule(restored, provider, [key])


def _entry(project: Project, provider: Provider, conflict: Conflict) -> Project:
    sid = conflict.service or ""
    present = sid in project.service_index
    if conflict.theirs is None:
        return remove_service(project, sid)[0] if present else project
    entry = ServiceEntry.model_validate(conflict.theirs)
    if not present:
        return _with_cells(add_service(project, provider, entry), conflict.cells)
    old = project.service(sid)
    services = list(project.services)
    services[project.service_index[sid]] = entry
    updated = replace(project, services=tuple(services))
    if (old.service, old.variant, old.category) == (entry.service, entry.variant, entry.category):
        return updated
    return autofill(updated, provider, [sid])[0]


def _party(project: Project, provider: Provider, conflict: Conflict) -> Project:
    pid = conflict.party or ""
    present = pid in project.party_index
    if conflict.theirs is None:
        return remove_party(project, provider, pid) if present else project
    party = Party.model_validate({"id": pid, **conflict.theirs})
    if not present:
        return _with_cells(add_party(project, provider, party), conflict.cells)
    # A customer-side party may have become a partner on one side (or back): the same edit
    # as in Parties & Teams, which refuses a provider change and the last customer's.
    kind_set = set_party_kind(project, provider, pid, party.kind)
    return rename_party(kind_set, pid, party.name)


def _area(project: Project, provider: Provider, conflict: Conflict) -> Project:
    aid = conflict.area or ""
    present = aid in project.area_index
    if conflict.theirs is None:
        return _remove_area(project, aid) if present else project
    area = Area.model_validate({"id": aid, **conflict.theirs})
    if not present:
        return _with_cells(add_area(project, provider, area), conflict.cells)
    areas = list(project.areas)
    areas[project.area_index[aid]] = area
    updated = replace(project, areas=tuple(areas))
    return update_area(updated, aid)  # checks the area is there, keeps its rows


def _template(project: Project, provider: Provider, conflict: Conflict) -> Project:
    aid, pid = conflict.area or "", conflict.party or ""
    template = {a: dict(row) for a, row in project.team_template.items()}
    if conflict.theirs is None:
        template.get(aid, {}).pop(pid, None)
    else:
        template.setdefault(aid, {})[pid] = str(conflict.theirs.get("letters") or "")
    return set_team_template(project, provider, template)


def _property(project: Project, _provider: Provider, conflict: Conflict) -> Project:
    value = str((conflict.theirs or {}).get("value") or "")
    return with_properties(project, {conflict.field: value})


_TAKE = {
    ConflictKind.CELL: _cell,
    ConflictKind.ENTRY: _entry,
    ConflictKind.PARTY: _party,
    ConflictKind.AREA: _area,
    ConflictKind.TEMPLATE: _template,
    ConflictKind.PROPERTY: _property,
}


def _key(project: Project, sid: str | None, aid: str | None, pid: str | None) -> CellKey:
    key = (sid or "", aid or "", pid or "")
    if (
        key[0] not in project.service_index
        or key[1] not in project.area_index
        or key[2] not in project.party_index
    ):
        raise EditError(f"cell {'/'.join(key)} is no longer in the project")
    return key


def _with_cells(project: Project, cells: Mapping[str, Mapping[str, str]]) -> Project:
    """Theirs' manual cells of a restored entry or party, as they had them."""
    states: dict[CellKey, CellState] = {}
    for text, side in cells.items():
        if text.count(" ") != 2:
            raise EditError(f"theirs cannot be put back: {text!r} is not a cell")
        sid, aid, pid = cell_key_of(text)
        known = (
            sid in project.service_index,
            aid in project.area_index,
            pid in project.party_index,
        )
        if all(known):
            states[(sid, aid, pid)] = _checked(cell_state(side))
    return restore_cells(project, states) if states else project


def _remove_area(project: Project, area_id: str) -> Project:
    """An area out of the project with its rows, overrides and template entries (the app only
    hides areas; a merge meets removed ones in hand-edited files)."""
    rows = {
        sid: {a: row for a, row in by_area.items() if a != area_id}
        for sid, by_area in project.rows.items()
    }
    return replace(
        project,
        areas=tuple(a for a in project.areas if a.id != area_id),
        rows=rows,
        overrides={k: v for k, v in project.overrides.items() if k[1] != area_id},
        team_template={a: r for a, r in project.team_template.items() if a != area_id},
    )


def _checked(state: CellState) -> CellState:
    """A recorded cell as the project file would accept it (a record may be edited by hand)."""
    letters, override = state
    if letters not in CANONICAL_VALUES:
        raise EditError(f"theirs cannot be put back: {letters!r} is not canonical RACI letters")
    if override is not None and len(override.at) > 64:
        raise EditError("theirs cannot be put back: the override's time is too long")
    return state
