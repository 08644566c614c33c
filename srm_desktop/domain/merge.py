"""Three-way merge of projects: what ``srm merge BASE OURS THEIRS`` (a git merge driver) does.

The rules (``docs/decisions.md``, "Three-way merge"):

* Everything is matched by id -- inventory entries, parties, areas, cells (service, area,
  party), team-template entries (area, party) -- and compared with the common ancestor, BASE.
  A thing only one side changed takes that side's version; a thing both sides changed the same
  way takes it; a thing both changed differently is a **conflict**: the result holds OURS for it
  and records base/ours/theirs (:class:`~srm_desktop.domain.conflict.Conflict`).
* A cell is its letters and its override (rationale, author, time): a rationale edited on one
  side and letters on the other is still the same cell changed on both sides. But a cell that
  is *not* overridden on either changed side follows the rules, so two different derivations
  (ours changed the entry's variant, theirs the team template) are not a conflict: the cell is
  derived again from the merged project.
* Entries, parties and areas merge field by field (a rename on one side and new notes on the
  other merge); the same field changed differently is a conflict. Removed on one side and
  *edited* on the other (a field changed or one of its manual cells changed) is a conflict;
  removed on one side and untouched on the other is removed. When ours removed it, the result
  does not have it, and the record keeps theirs' manual cells so that taking theirs restores it.
* Properties (name, description, owner, review) merge one by one; the project keeps ours' id.
* After merging, the derived layer is recomputed as the app does after the same edits: every
  row when the parties, areas, team template or rule book differ from ours', else the rows of
  entries that came from theirs, changed kind, or had two derivations.

Fast on a 240,000-cell estate: services whose rows and overrides are equal on the three sides
are skipped with C-level dictionary comparisons; only rows something changed take Python steps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import compress
from operator import ne
from typing import Any, TypeVar

from pydantic import BaseModel

from srm_desktop.domain.autofill import autofill
from srm_desktop.domain.conflict import (
    PROPERTY_FIELDS,
    Conflict,
    ConflictKind,
    Side,
    cell_key_text,
    cell_side,
)
from srm_desktop.domain.errors import SrmError
from srm_desktop.domain.layered import LayeredMap, plain
from srm_desktop.domain.project import (
    CellKey,
    Override,
    PartyKind,
    Project,
    Row,
    ServiceEntry,
)
from srm_desktop.domain.provider import Provider

Item = TypeVar("Item", bound=BaseModel)
Cell = tuple[str, Override | None]


class MergeRefused(SrmError):
    """The three projects cannot be merged (different providers, or unrelated projects: other
    ids); ``side`` names the one."""

    def __init__(self, side: str, problem: str) -> None:
        self.side = side
        self.problem = problem
        super().__init__(problem)


@dataclass(frozen=True)
class MergeResult:
    project: Project
    #: The conflicts this merge found (the project also keeps any left from earlier merges).
    conflicts: tuple[Conflict, ...]

    @property
    def clean(self) -> bool:
        return not self.project.conflicts


def merge_projects(
    base: Project, ours: Project, theirs: Project, provider: Provider
) -> MergeResult:
    """Merge ``theirs`` into ``ours`` with ``base`` as the common ancestor (rules: module doc)."""
    for side, project in (("base", base), ("theirs", theirs)):
        if project.provider != ours.provider:
            raise MergeRefused(
                side,
                f"a {project.provider!r} project cannot be merged with a {ours.provider!r} one",
            )
        if project.id != ours.id:
            # Every version of one project keeps its id; another id is another project, whose
            # merge would only record conflicts on everything it shares by accident.
            raise MergeRefused(
                side,
                f"project {project.id} is not the same project as ours ({ours.id}): "
                "unrelated projects are not merged",
            )
    return _Merge(base, ours, theirs, provider).run()


# -- helpers ----------------------------------------------------------------------------------


def _override_changes(base: Project, side: Project) -> set[CellKey]:
    """The cells whose override (presence, rationale, author or time) differs from base's.

    Overrides compare by content, and a file's equal records are one object (the loader shares
    them), so each distinct object is read once and the ~45,000 cells of an estate are compared
    as C-level maps of content keys (``BaseModel.__eq__`` per cell cost 0.2 s)."""
    before, after = plain(base.overrides), plain(side.overrides)
    if before is after:
        return set()
    objects = [*before.values(), *after.values()]
    distinct = dict(zip(map(id, objects), objects, strict=True))
    content = {i: (o.rationale, o.author, o.at) for i, o in distinct.items()}
    keys = list(after)
    theirs = map(content.__getitem__, map(id, map(after.__getitem__, keys)))
    mine = map(content.get, map(id, map(before.get, keys)))  # id(None): not in ``content``
    changed = set(compress(keys, map(ne, theirs, mine)))
    changed.update(before.keys() - after.keys())
    return changed


def _differ(a: Override | None, b: Override | None) -> bool:
    if a is b:
        return False
    if a is None or b is None:
        return True
    return a.__dict__ != b.__dict__  # C-level; BaseModel.__eq__ costs a Python call more


def _same_cell(a: Cell, b: Cell) -> bool:
    return a[0] == b[0] and not _differ(a[1], b[1])


def _entry_side(entry: ServiceEntry | None) -> Side | None:
    if entry is None:
        return None
    data = entry.model_dump(mode="json")
    return {k: v for k, v in data.items() if v not in (None, "") or k in ("id", "name", "service")}


def _model_side(item: BaseModel | None) -> Side | None:
    return None if item is None else dict(item.model_dump(mode="json"))


def _fields(item: BaseModel) -> dict[str, Any]:
    return dict(item.__dict__)


@dataclass(frozen=True)
class _Kind:
    """One kind of listed thing (services, parties, areas) as the merge treats it."""

    conflict: ConflictKind
    #: The conflict's field that names the thing ("service", "party", "area").
    key: str
    #: How one side of the thing is written in a conflict record.
    side_of: Callable[[Any], Side | None]
    #: Where the thing's id sits in a cell key (service, area, party), to tell whether a side
    #: changed its manual cells.
    position: int

    def clash(self, item_id: str, base: Any, ours: Any, theirs: Any) -> Conflict:
        """The conflict record of the thing as the three sides have it (None: not there)."""
        return Conflict.model_validate(
            {
                "kind": self.conflict,
                self.key: item_id,
                "base": self.side_of(base),
                "ours": self.side_of(ours),
                "theirs": self.side_of(theirs),
            }
        )


_ENTRIES = _Kind(ConflictKind.ENTRY, "service", _entry_side, 0)
_AREAS = _Kind(ConflictKind.AREA, "area", _model_side, 1)
_PARTIES = _Kind(ConflictKind.PARTY, "party", _model_side, 2)


@dataclass
class _Items:
    """The outcome of merging one list (entries, parties or areas)."""

    items: list[Any]
    from_theirs: set[str] = field(default_factory=set)
    changed_fields: set[str] = field(default_factory=set)  # ids whose fields came from theirs
    gone: set[str] = field(default_factory=set)  # ids in ours, not in the result


class _Merge:
    def __init__(self, base: Project, ours: Project, theirs: Project, provider: Provider) -> None:
        self.base, self.ours, self.theirs, self.provider = base, ours, theirs, provider
        self.conflicts: list[Conflict] = []
        self.ours_changed = _override_changes(base, ours)
        self.theirs_changed = _override_changes(base, theirs)
        #: (service, area) -> parties whose override theirs changed.
        self.theirs_by_row: dict[tuple[str, str], set[str]] = {}
        for sid, aid, pid in self.theirs_changed:
            self.theirs_by_row.setdefault((sid, aid), set()).add(pid)
        #: Whether base, ours and theirs have the same columns (then rows compare as tuples).
        self.same_columns = (
            tuple(p.id for p in theirs.parties)
            == tuple(p.id for p in base.parties)
            == tuple(p.id for p in ours.parties)
        )
        self.rederive: set[str] = set()

    # -- the steps ------------------------------------------------------------------------------

    def run(self) -> MergeResult:
        base, ours, theirs = self.base, self.ours, self.theirs
        properties = self._properties()
        parties = self._parties()
        areas = self._list(_AREAS, base.areas, ours.areas, theirs.areas)
        services = self._list(_ENTRIES, base.services, ours.services, theirs.services)
        shape = replace(
            ours,
            parties=tuple(parties.items),
            areas=tuple(areas.items),
            services=tuple(services.items),
            **properties,
        )
        template = self._template(shape)
        shape = replace(shape, team_template=template)
        rows, overrides = self._cells(shape, services)
        merged = shape.with_cells(rows=rows, overrides=overrides)
        merged = replace(merged, conflicts=self._all_conflicts())
        return MergeResult(self._derive(merged, services), tuple(self.conflicts))

    def _properties(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in PROPERTY_FIELDS:
            b, o, t = (getattr(p, name) for p in (self.base, self.ours, self.theirs))
            if o == t or t == b:
                continue
            if o == b:
                out[name] = t
                continue
            self.conflicts.append(
                Conflict(
                    kind=ConflictKind.PROPERTY,
                    field=name,
                    base={"value": b},
                    ours={"value": o},
                    theirs={"value": t},
                )
            )
        if self.ours.rule_book == self.base.rule_book:
            out["rule_book"] = self.theirs.rule_book
        return out

    def _parties(self) -> _Items:
        merged = self._list(_PARTIES, self.base.parties, self.ours.parties, self.theirs.parties)
        # One provider column at most: a second one (both sides added one) stays out, recorded.
        providers = [p for p in merged.items if p.kind is PartyKind.PROVIDER]
        for extra in providers[1:]:
            if extra.id in merged.from_theirs:
                merged.items.remove(extra)
                merged.from_theirs.discard(extra.id)
                self._removed_by_ours(_PARTIES, None, extra)
        return merged

    def _list(
        self, kind: _Kind, base: Sequence[Item], ours: Sequence[Item], theirs: Sequence[Item]
    ) -> _Items:
        """Merge a list of things with ids, field by field."""
        by_base = {x.id: x for x in base}  # type: ignore[attr-defined]
        by_theirs = {x.id: x for x in theirs}  # type: ignore[attr-defined]
        ours_ids = {x.id for x in ours}  # type: ignore[attr-defined]
        out = _Items([])
        for o in ours:
            oid = o.id  # type: ignore[attr-defined]
            b, t = by_base.get(oid), by_theirs.get(oid)
            if t is None:
                if b is None or (o == b and not self._cells_edited(self.ours_changed, oid, kind)):
                    if b is None:
                        out.items.append(o)
                    else:
                        out.gone.add(oid)
                    continue
                self.conflicts.append(kind.clash(oid, b, o, None))
                out.items.append(o)
                continue
            merged = self._fields(kind, oid, b, o, t)
            if merged is not o:
                out.changed_fields.add(oid)
            out.items.append(merged)
        added = [t for t in theirs if t.id not in ours_ids]  # type: ignore[attr-defined]
        for t in added:
            tid = t.id  # type: ignore[attr-defined]
            b = by_base.get(tid)
            if b is not None:
                if t != b or self._cells_edited(self.theirs_changed, tid, kind):
                    self._removed_by_ours(kind, b, t)
                continue
            self._insert_after_predecessor(out, theirs, t)
            out.from_theirs.add(tid)
        return out

    def _insert_after_predecessor(self, out: _Items, theirs: Sequence[Any], item: Any) -> None:
        """Theirs' new thing goes after the nearest thing before it in theirs that the result
        has (at the start when there is none), so both sides' orders are kept."""
        placed = {x.id: i for i, x in enumerate(out.items)}
        at = 0
        for x in theirs:
            if x.id == item.id:
                break
            if x.id in placed:
                at = placed[x.id] + 1
        out.items.insert(at, item)

    def _cells_edited(self, changed: set[CellKey], item_id: str, kind: _Kind) -> bool:
        return any(key[kind.position] == item_id for key in changed)

    def _removed_by_ours(self, kind: _Kind, base: Any, theirs: Any) -> None:
        """Ours removed what theirs changed: the result has not got it; the record keeps
        theirs' manual cells of it, to put it back when theirs is taken."""
        conflict = kind.clash(theirs.id, base, None, theirs)
        overrides = plain(self.theirs.overrides)
        cells = {
            cell_key_text(key): {
                k: str(v) for k, v in cell_side(self.theirs.cell(*key), note).items()
            }
            for key, note in overrides.items()
            if key[kind.position] == theirs.id
        }
        self.conflicts.append(conflict.model_copy(update={"cells": cells}))

    def _fields(self, kind: _Kind, item_id: str, base: Any, ours: Any, theirs: Any) -> Any:
        """One thing on both sides, merged field by field (ours where a field clashes)."""
        if ours == theirs or theirs == base:
            return ours
        if ours == base:
            return theirs
        b = _fields(base) if base is not None else {}
        o, t = _fields(ours), _fields(theirs)
        merged, clash = dict(o), False
        for name, value in t.items():
            if value == o[name] or (base is not None and value == b[name]):
                continue
            if base is not None and o[name] == b[name]:
                merged[name] = value
            else:
                clash = True
        if clash:
            self.conflicts.append(kind.clash(item_id, base, ours, theirs))
        return ours if merged == o else type(ours).model_validate(merged)

    def _template(self, shape: Project) -> dict[str, dict[str, str]]:
        """Team-template entries (area, party) -> letters, merged one by one; entries of areas
        or customer parties the result has not got are dropped."""

        def flat(project: Project) -> dict[tuple[str, str], str]:
            return {(a, p): v for a, row in project.team_template.items() for p, v in row.items()}

        b, o, t = flat(self.base), flat(self.ours), flat(self.theirs)
        merged = dict(o)
        if o != t and t != b:
            for key in dict.fromkeys([*o, *t, *b]):
                vb, vo, vt = b.get(key), o.get(key), t.get(key)
                if vo == vt or vt == vb:
                    continue
                if vo == vb:
                    if vt is None:
                        merged.pop(key, None)
                    else:
                        merged[key] = vt
                    continue
                self.conflicts.append(
                    Conflict(
                        kind=ConflictKind.TEMPLATE,
                        area=key[0],
                        party=key[1],
                        base=None if vb is None else {"letters": vb},
                        ours=None if vo is None else {"letters": vo},
                        theirs=None if vt is None else {"letters": vt},
                    )
                )
        customers = {p.id for p in shape.parties if p.kind is PartyKind.CUSTOMER}
        out: dict[str, dict[str, str]] = {}
        for (aid, pid), letters in merged.items():
            if aid in shape.area_index and pid in customers:
                out.setdefault(aid, {})[pid] = letters
        return {a.id: out[a.id] for a in shape.areas if a.id in out}

    # -- cells --------------------------------------------------------------------------------

    def _cells(
        self, shape: Project, services: _Items
    ) -> tuple[dict[str, Mapping[str, Row]], LayeredMap[CellKey, Override]]:
        """The merged rows and overrides: ours', with the cells theirs changed and the entries
        theirs added; columns in the merged parties' order."""
        ours, theirs = self.ours, self.theirs
        party_ids = tuple(p.id for p in shape.parties)
        aligned = party_ids == tuple(p.id for p in ours.parties)
        rows: dict[str, Mapping[str, Row]] = (
            dict(ours.rows) if aligned else _recolumned(ours, party_ids)
        )
        kept = set(party_ids)
        areas = set(shape.area_index)
        ours_overrides = ours.overrides
        if not aligned or len(areas) != len(ours.areas) or set(ours.area_index) != areas:
            ours_overrides = {
                k: v for k, v in plain(ours.overrides).items() if k[2] in kept and k[1] in areas
            }
        put: dict[CellKey, Override] = {}
        remove: set[CellKey] = set()
        if services.gone:
            for sid in services.gone:
                rows.pop(sid, None)
            remove.update(k for k in plain(ours_overrides) if k[0] in services.gone)
        for sid in services.from_theirs:
            rows[sid] = _columns_of(theirs, theirs.rows.get(sid, {}), party_ids, areas)
            put.update({k: v for k, v in plain(theirs.overrides).items() if k[0] == sid})
        writer = _Writer(rows, len(party_ids))
        both = [s.id for s in shape.services if s.id not in services.from_theirs]
        for sid, aid in self._rows_to_merge(both, aligned, shape):
            self._merge_row(shape, sid, aid, writer, put, remove)
        overrides = LayeredMap.over(ours_overrides).updated(
            {k: v for k, v in put.items() if k[1] in areas and k[2] in kept},
            remove,
        )
        return writer.rows, overrides

    def _rows_to_merge(
        self, service_ids: Iterable[str], aligned: bool, shape: Project
    ) -> list[tuple[str, str]]:
        """The (service, area) rows of entries on both sides that theirs changed and ours may
        have: rows whose letters differ from base's, and rows with a changed override."""
        base, ours, theirs = self.base, self.ours, self.theirs
        wanted: dict[tuple[str, str], None] = {}
        if aligned and self.same_columns:
            no_rows: Mapping[str, Row] = {}
            for sid in service_ids:
                t = theirs.rows.get(sid, no_rows)
                b = base.rows.get(sid, no_rows)
                if t == b:
                    continue
                o = ours.rows.get(sid, no_rows)
                for aid, row in t.items():
                    if b.get(aid) != row and o.get(aid) != row:
                        wanted[(sid, aid)] = None
        present = set(service_ids)
        for sid, aid, _pid in sorted(self.theirs_changed):
            if sid in present and aid in shape.area_index:
                wanted[(sid, aid)] = None
        return list(wanted)

    def _merge_row(
        self,
        shape: Project,
        sid: str,
        aid: str,
        writer: _Writer,
        put: dict[CellKey, Override],
        remove: set[CellKey],
    ) -> None:
        """One row theirs changed, cell by cell against base and ours (the rules: module doc).

        Only the cells theirs changed -- letters or override -- can change the result."""
        parties = shape.parties
        candidates: Iterable[int] = range(len(parties))
        if self.same_columns and len(parties) == len(self.theirs.parties):
            touched = self.theirs_by_row.get((sid, aid), set())
            before = self.base.row(sid, aid).raci if sid in self.base.service_index else None
            after = self.theirs.row(sid, aid).raci
            candidates = [
                i
                for i, party in enumerate(parties)
                if before is None or before[i] != after[i] or party.id in touched
            ]
        for index in candidates:
            party = parties[index]
            key = (sid, aid, party.id)
            b, o, t = _cell(self.base, key), _cell(self.ours, key), _cell(self.theirs, key)
            if _same_cell(o, t) or _same_cell(t, b):
                continue
            if _same_cell(o, b):
                writer.put(sid, aid, index, t[0])
                if t[1] is None:
                    remove.add(key)
                    put.pop(key, None)
                else:
                    put[key] = t[1]
                    remove.discard(key)
                continue
            if o[1] is None and t[1] is None:
                self.rederive.add(sid)  # two derivations: the rules decide again
                continue
            self.conflicts.append(
                Conflict(
                    kind=ConflictKind.CELL,
                    service=sid,
                    area=aid,
                    party=party.id,
                    base=cell_side(*b),
                    ours=cell_side(*o),
                    theirs=cell_side(*t),
                )
            )

    # -- the result ---------------------------------------------------------------------------

    def _all_conflicts(self) -> tuple[Conflict, ...]:
        """Conflicts left from earlier merges, merged as a set (one resolved on either side
        since base is resolved), then this merge's."""
        b, o, t = set(self.base.conflicts), self.ours.conflicts, self.theirs.conflicts
        kept = [c for c in o if c in t or c not in b]
        kept += [c for c in t if c not in o and c not in b]
        new = [c for c in self.conflicts if c not in kept]
        return tuple(kept + new)

    def _derive(self, merged: Project, services: _Items) -> Project:
        """Rule-derived cells from the rules, as the app does after the same edits."""
        ours = self.ours
        structure_changed = (
            merged.parties != ours.parties
            or merged.areas != ours.areas
            or merged.team_template != ours.team_template
            or merged.rule_book != ours.rule_book
        )
        if structure_changed:
            return autofill(merged, self.provider)[0]
        kinds = {s.id: (s.service, s.variant, s.category) for s in ours.services}
        redo = set(services.from_theirs) | self.rederive
        redo.update(
            s.id
            for s in merged.services
            if s.id in services.changed_fields
            and kinds.get(s.id) != (s.service, s.variant, s.category)
        )
        if not redo:
            return merged
        return _autofill_some(merged, self.provider, redo)


def _autofill_some(project: Project, provider: Provider, service_ids: set[str]) -> Project:
    """``autofill(project, provider, service_ids)``'s rows, on a project of those entries only,
    without indexing every override of the estate for a few entries (the project written next
    indexes them once). The rule-book stamp stays as merged: the other rows were not filled
    again, and a stale rule book must still show as stale."""
    sub = replace(
        project,
        services=tuple(s for s in project.services if s.id in service_ids),
        rows={sid: by_area for sid, by_area in project.rows.items() if sid in service_ids},
        overrides={k: v for k, v in plain(project.overrides).items() if k[0] in service_ids},
    )
    filled = autofill(sub, provider)[0]
    rows = {**project.rows, **filled.rows}
    return replace(project, rows=rows)


def _cell(project: Project, key: CellKey) -> Cell:
    sid, aid, pid = key
    index = project.party_index.get(pid)
    if index is None or sid not in project.service_index:
        return ("", None)
    row = project.rows.get(sid, {}).get(aid)
    return (row.raci[index] if row is not None else "", project.overrides.get(key))


def _recolumned(project: Project, party_ids: Sequence[str]) -> dict[str, Mapping[str, Row]]:
    areas = set(project.area_index)
    return {
        sid: _columns_of(project, by_area, party_ids, areas)
        for sid, by_area in project.rows.items()
    }


def _columns_of(
    project: Project, by_area: Mapping[str, Row], party_ids: Sequence[str], areas: set[str]
) -> Mapping[str, Row]:
    """One entry's rows with their letters in the order of ``party_ids`` ("" for a party the
    project has not got), keeping only ``areas``."""
    index = project.party_index
    if tuple(p.id for p in project.parties) == tuple(party_ids) and areas.issuperset(by_area):
        return by_area
    order = [index.get(pid) for pid in party_ids]
    return {
        aid: Row(row.rule, tuple("" if i is None else row.raci[i] for i in order))
        for aid, row in by_area.items()
        if aid in areas
    }


class _Writer:
    """Copy-on-write letters in the merged rows: a touched entry's area map is copied once."""

    def __init__(self, rows: dict[str, Mapping[str, Row]], width: int) -> None:
        self.rows = rows
        self._copied: dict[str, dict[str, Row]] = {}
        self._empty = Row(None, ("",) * width)

    def put(self, sid: str, aid: str, index: int, letters: str) -> None:
        by_area = self._copied.get(sid)
        if by_area is None:
            by_area = self._copied[sid] = dict(self.rows.get(sid, {}))
            self.rows[sid] = by_area
        row = by_area.get(aid) or self._empty
        if row.raci[index] != letters:
            by_area[aid] = Row(row.rule, (*row.raci[:index], letters, *row.raci[index + 1 :]))
