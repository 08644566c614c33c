"""Edits: pure functions from a project to a new project.

Each returns a new :class:`Project` sharing everything it did not change; none mutates its
input. The GUI's undo commands call these (redo) and their inverses (undo); the CLI calls them
directly. Edits that lose information (removing a service or a party) return what they removed
so the inverse can put it back exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from types import EllipsisType

from srm_desktop.domain.areas import Area
from srm_desktop.domain.autofill import autofill
from srm_desktop.domain.catalog import Category
from srm_desktop.domain.derive import Deriver
from srm_desktop.domain.errors import EditError
from srm_desktop.domain.layered import LayeredMap, plain
from srm_desktop.domain.project import (
    CellKey,
    Override,
    Party,
    PartyKind,
    Project,
    Row,
    ServiceEntry,
)
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.raci import CANONICAL_VALUES
from srm_desktop.domain.teams import default_template


def now_iso() -> str:
    """UTC, to the second: what an override's ``at`` records."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# -- cells ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellChange:
    service_id: str
    area_id: str
    party_id: str
    letters: str


class _RowWriter:
    """Copy-on-write access to a project's rows: each touched service's area map is copied once,
    untouched services stay shared with the original project."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.rows: dict[str, Mapping[str, Row]] = dict(project.rows)
        self._copied: dict[str, dict[str, Row]] = {}
        self._empty = Row(None, ("",) * len(project.parties))

    def get(self, service_id: str, area_id: str) -> Row:
        return self.rows.get(service_id, {}).get(area_id) or self._empty

    def put(
        self,
        service_id: str,
        area_id: str,
        index: int,
        letters: str,
        rule: str | EllipsisType | None = ...,
    ) -> None:
        row = self.get(service_id, area_id)
        raci = (*row.raci[:index], letters, *row.raci[index + 1 :])
        by_area = self._copied.get(service_id)
        if by_area is None:
            by_area = self._copied[service_id] = dict(self.rows.get(service_id, {}))
            self.rows[service_id] = by_area
        by_area[area_id] = Row(row.rule if rule is ... else rule, raci)


def _check_cell(project: Project, service_id: str, area_id: str, party_id: str) -> int:
    project.service(service_id)
    project.area(area_id)
    return project.party_index[project.party(party_id).id]


def set_cells(
    project: Project,
    changes: Iterable[CellChange],
    *,
    author: str = "",
    rationale: str | None = None,
    at: str | None = None,
) -> Project:
    """Set letters on cells; every changed cell becomes a manual override.

    An already-overridden cell keeps its rationale unless ``rationale`` is given; a cell whose
    letters do not change is left alone (no override is invented for it).
    """
    when = at or now_iso()
    writer = _RowWriter(project)
    current = project.overrides
    put: dict[CellKey, Override] = {}
    for change in changes:
        if change.letters not in CANONICAL_VALUES:
            raise EditError(f"{change.letters!r} is not canonical RACI letters")
        index = _check_cell(project, change.service_id, change.area_id, change.party_id)
        if writer.get(change.service_id, change.area_id).raci[index] == change.letters:
            continue
        writer.put(change.service_id, change.area_id, index, change.letters)
        key = (change.service_id, change.area_id, change.party_id)
        previous = put[key] if key in put else current.get(key)
        if rationale is None:
            rationale_text = previous.rationale if previous is not None else ""
        else:
            rationale_text = rationale
        put[key] = Override(rationale=rationale_text, author=author, at=when)
    overrides = LayeredMap.over(current).updated(put)
    if len(overrides) == len(current) and writer.rows == project.rows:
        return project
    return project.with_cells(rows=writer.rows, overrides=overrides)


def set_rationale(
    project: Project, key: CellKey, rationale: str, *, author: str = "", at: str | None = None
) -> Project:
    """Change an override's rationale (and record who changed it and when)."""
    previous = project.overrides.get(key)
    if previous is None:
        raise EditError(f"cell {'/'.join(key)} is not a manual override")
    override = Override(rationale=rationale, author=author or previous.author, at=at or now_iso())
    return project.with_cells(overrides=LayeredMap.over(project.overrides).updated({key: override}))


CellState = tuple[str, Override | None]


def snapshot_cells(project: Project, keys: Iterable[CellKey]) -> dict[CellKey, CellState]:
    """The letters and override of each cell, for :func:`restore_cells` (how undo works)."""
    return {k: (project.cell(*k), project.overrides.get(k)) for k in keys}


def restore_cells(project: Project, cells: Mapping[CellKey, CellState]) -> Project:
    """Put cells back exactly as they were: letters and override (or no override).

    The inverse of :func:`set_cells` and :func:`reset_to_rule`; undo commands record the old
    state of the cells they touch with :func:`snapshot_cells` and pass it here.
    """
    writer = _RowWriter(project)
    put: dict[CellKey, Override] = {}
    remove: set[CellKey] = set()
    for (sid, aid, pid), (letters, override) in cells.items():
        writer.put(sid, aid, _check_cell(project, sid, aid, pid), letters)
        if override is None:
            remove.add((sid, aid, pid))
        else:
            put[(sid, aid, pid)] = override
    overrides = LayeredMap.over(project.overrides).updated(put, remove)
    return project.with_cells(rows=writer.rows, overrides=overrides)


def reset_to_rule(project: Project, provider: Provider, keys: Iterable[CellKey]) -> Project:
    """Drop the overrides of ``keys`` and give those cells their rule's letters again."""
    wanted = set(keys)
    stripped = project.with_cells(
        overrides=LayeredMap.over(project.overrides).updated(remove=wanted)
    )
    deriver = Deriver(stripped, provider)
    writer = _RowWriter(stripped)
    for sid, aid, pid in wanted:
        index = _check_cell(project, sid, aid, pid)
        derived = deriver.row(project.service(sid), aid)
        if derived is None:  # no rule decides this row: reset leaves the letters as they are
            continue
        writer.put(sid, aid, index, derived.raci[index], derived.rule)
    return stripped.with_cells(rows=writer.rows)


# -- services ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RemovedService:
    """Everything :func:`remove_service` took out, for :func:`restore_service`."""

    index: int
    entry: ServiceEntry
    rows: Mapping[str, Row]
    overrides: Mapping[CellKey, Override]


def add_service(
    project: Project, provider: Provider, entry: ServiceEntry, index: int | None = None
) -> Project:
    """Add an inventory entry (at ``index``, default the end) with its rows auto-filled."""
    if entry.id in project.service_index:
        raise EditError(f"a service with id {entry.id!r} already exists")
    services = list(project.services)
    services.insert(len(services) if index is None else index, entry)
    added = replace(project, services=tuple(services))
    return autofill(added, provider, [entry.id])[0]


def remove_service(project: Project, service_id: str) -> tuple[Project, RemovedService]:
    index = project.service_index.get(service_id)
    if index is None:
        raise EditError(f"no service with id {service_id!r} in the project")
    rows = dict(project.rows)
    removed_rows = rows.pop(service_id, {})
    kept = {k: v for k, v in project.overrides.items() if k[0] != service_id}
    removed_overrides = {k: v for k, v in project.overrides.items() if k[0] == service_id}
    services = project.services[:index] + project.services[index + 1 :]
    new = replace(project, services=services, rows=rows, overrides=kept)
    return new, RemovedService(index, project.services[index], removed_rows, removed_overrides)


def restore_service(project: Project, removed: RemovedService) -> Project:
    """Undo :func:`remove_service`: the entry at its old place, with its rows and overrides."""
    services = list(project.services)
    services.insert(removed.index, removed.entry)
    rows = dict(project.rows)
    rows[removed.entry.id] = removed.rows
    overrides = {**plain(project.overrides), **removed.overrides}
    return replace(project, services=tuple(services), rows=rows, overrides=overrides)


def update_service(
    project: Project,
    provider: Provider,
    service_id: str,
    *,
    name: str | None = None,
    service: str | None = None,
    variant: str | EllipsisType | None = ...,
    category: Category | EllipsisType | None = ...,
    environment: str | None = None,
    notes: str | None = None,
) -> Project:
    """Change an entry's fields. A different service, variant or category re-derives the entry's
    non-overridden cells at once, so the matrix never disagrees with the inventory."""
    entry = project.service(service_id)
    changes: dict[str, object] = {}
    if name is not None:
        changes["name"] = name
    if service is not None:
        changes["service"] = service
    if variant is not ...:
        changes["variant"] = variant
    if category is not ...:
        changes["category"] = category
    if environment is not None:
        changes["environment"] = environment
    if notes is not None:
        changes["notes"] = notes
    updated = ServiceEntry.model_validate({**entry.model_dump(), **changes})
    if updated == entry:
        return project
    services = list(project.services)
    services[project.service_index[service_id]] = updated
    new = replace(project, services=tuple(services))
    rederive = (updated.service, updated.variant, updated.category) != (
        entry.service,
        entry.variant,
        entry.category,
    )
    return autofill(new, provider, [service_id])[0] if rederive else new


# -- parties ----------------------------------------------------------------------------------


def _with_columns(project: Project, order: Sequence[int | None]) -> dict[str, dict[str, Row]]:
    """Rows with their letters rearranged: new column j takes old column ``order[j]`` ("" for
    None)."""
    rows: dict[str, dict[str, Row]] = {}
    for sid, by_area in project.rows.items():
        rows[sid] = {
            aid: Row(row.rule, tuple("" if i is None else row.raci[i] for i in order))
            for aid, row in by_area.items()
        }
    return rows


def add_party(
    project: Project, provider: Provider, party: Party, index: int | None = None
) -> Project:
    """Add a column and re-derive: a new customer team changes how the customer's letters are
    spread. A team whose name matches a built-in role (Platform, Security...) gets its letters."""
    if party.id in project.party_index:
        raise EditError(f"a party with id {party.id!r} already exists")
    if party.name.casefold() in {p.name.casefold() for p in project.parties}:
        raise EditError(f"a party named {party.name!r} already exists")
    at = len(project.parties) if index is None else index
    parties = list(project.parties)
    parties.insert(at, party)
    order: list[int | None] = list(range(len(project.parties)))
    order.insert(at, None)
    template = {area: dict(row) for area, row in project.team_template.items()}
    customers = [p for p in parties if p.customer_side]
    if party.customer_side and len(customers) > 1:
        if not template:  # first split: derive a template for every team, old and new
            template = default_template().for_parties([(p.id, p.name) for p in customers])
        else:
            role_rows = default_template().for_parties([(party.id, party.name)])
            for area, row in role_rows.items():
                template.setdefault(area, {}).update(row)
    new = replace(
        project,
        parties=tuple(parties),
        rows=_with_columns(project, order),
        team_template=template,
    )
    return autofill(new, provider)[0]


def remove_party(project: Project, provider: Provider, party_id: str) -> Project:
    """Remove a column, its overrides and its template entries, then re-derive.

    Undo keeps the previous project (a removed team changes letters in every row)."""
    index = project.party_index.get(party_id)
    if index is None:
        raise EditError(f"no party with id {party_id!r} in the project")
    party = project.parties[index]
    if party.kind is PartyKind.PROVIDER:
        raise EditError(f"{party.name} is the provider party and cannot be removed")
    if not any(p.kind is PartyKind.CUSTOMER for p in project.parties if p.id != party_id):
        raise EditError(f"{party.name} is the only customer party and cannot be removed")
    order: list[int | None] = [i for i in range(len(project.parties)) if i != index]
    template = {
        area: {p: v for p, v in row.items() if p != party_id}
        for area, row in project.team_template.items()
    }
    new = replace(
        project,
        parties=project.parties[:index] + project.parties[index + 1 :],
        rows=_with_columns(project, order),
        overrides={k: v for k, v in project.overrides.items() if k[2] != party_id},
        team_template={a: r for a, r in template.items() if r},
    )
    return autofill(new, provider)[0]


def rename_party(project: Project, party_id: str, name: str) -> Project:
    party = project.party(party_id)
    if name.casefold() in {p.name.casefold() for p in project.parties if p.id != party_id}:
        raise EditError(f"a party named {name!r} already exists")
    parties = list(project.parties)
    parties[project.party_index[party_id]] = Party(id=party.id, name=name, kind=party.kind)
    return replace(project, parties=tuple(parties))


def reorder_parties(project: Project, party_ids: Sequence[str]) -> Project:
    """Put the columns in the given order (a permutation of the current party ids)."""
    if sorted(party_ids) != sorted(project.party_index):
        raise EditError("the new party order must list every party exactly once")
    order: list[int | None] = [project.party_index[p] for p in party_ids]
    parties = tuple(project.parties[project.party_index[p]] for p in party_ids)
    return replace(project, parties=parties, rows=_with_columns(project, order))


def set_team_template(
    project: Project, provider: Provider, template: Mapping[str, Mapping[str, str]]
) -> Project:
    """Replace the team template and re-derive every non-overridden cell."""
    for area, row in template.items():
        project.area(area)
        for pid, letters in row.items():
            if not project.party(pid).customer_side:
                raise EditError(f"the team template may only name customer parties, not {pid!r}")
            if letters not in CANONICAL_VALUES:
                raise EditError(f"{letters!r} is not canonical RACI letters")
    clean = {a: dict(r) for a, r in template.items() if r}
    return autofill(replace(project, team_template=clean), provider)[0]


# -- areas ------------------------------------------------------------------------------------


def add_area(project: Project, provider: Provider, area: Area, index: int | None = None) -> Project:
    """Add a row kind. A custom area has no rule: its rows start empty for the architect."""
    if area.id in project.area_index:
        raise EditError(f"an area with id {area.id!r} already exists")
    areas = list(project.areas)
    areas.insert(len(areas) if index is None else index, area)
    return autofill(replace(project, areas=tuple(areas)), provider)[0]


def update_area(
    project: Project,
    area_id: str,
    *,
    name: str | None = None,
    group: str | None = None,
    definition: str | None = None,
    hidden: bool | None = None,
) -> Project:
    """Rename, regroup, redefine, hide or show an area (its rows are kept either way)."""
    area = project.area(area_id)
    changes = {
        k: v
        for k, v in {
            "name": name,
            "group": group,
            "definition": definition,
            "hidden": hidden,
        }.items()
        if v is not None
    }
    updated = Area.model_validate({**area.model_dump(), **changes})
    areas = list(project.areas)
    areas[project.area_index[area_id]] = updated
    return replace(project, areas=tuple(areas))


def reorder_areas(project: Project, area_ids: Sequence[str]) -> Project:
    if sorted(area_ids) != sorted(project.area_index):
        raise EditError("the new area order must list every area exactly once")
    return replace(project, areas=tuple(project.areas[project.area_index[a]] for a in area_ids))


def set_party_kind(project: Project, provider: Provider, party_id: str, kind: PartyKind) -> Project:
    """Make a customer-side party a customer or a partner (an MSP acting for the customer),
    then re-derive: a partner takes no letter by fallback while a customer party exists.

    The provider party stays the provider, and one customer party stays a customer (whoever
    the partners act for)."""
    party = project.party(party_id)
    if party.kind is kind:
        return project
    if party.kind is PartyKind.PROVIDER or kind is PartyKind.PROVIDER:
        raise EditError(
            "the provider party is the provider; only customer-side parties change kind"
        )
    customers = [p for p in project.parties if p.kind is PartyKind.CUSTOMER]
    if kind is PartyKind.PARTNER and customers == [party]:
        raise EditError(f"{party.name} is the only customer party; a partner acts for a customer")
    parties = list(project.parties)
    parties[project.party_index[party_id]] = Party(id=party.id, name=party.name, kind=kind)
    return autofill(replace(project, parties=tuple(parties)), provider)[0]
