"""What changed between two versions of a project, down to the cell: the one diff engine.

``srm diff``, what-if, the rule-book review, the compare view and the review workbook's Changes
sheet all show the same thing -- what changed, old -> new, with the source and the rationale --
so they all read it from :func:`diff_projects` and never compare projects themselves.

How things are matched:

* **inventory entries** by id, then (the rest) by name, ignoring case: an entry renamed keeps its
  id, an entry re-created by another tool keeps its name. A matched entry whose name, service,
  variant, category, environment or notes differ is *changed*;
* **parties** and **areas** by id: a different name is a *rename*, other fields a *change*;
  order is not compared (reordering columns changes no responsibility);
* **cells** (entry x area x party) of matched entries, areas in both versions (and shown in at
  least one) and parties in both: a cell is listed when its letters differ, it turns from rule
  to manual or back (its source, ``rule:<id>`` or ``manual``), or its override's rationale
  differs; a row is listed with its cells, or when its effective owner or its rule differs
  (ownership comes from ``provenance``, the one home for it). The cells of an added or removed
  entry, area or party are *added*/*removed* cells: counted, not listed one by one.

Speed: two 240k-cell estates must diff in less time than opening them. Most rows are equal, so
each matched entry's rows are compared as one dict (C-level) and only entries that differ, or
whose overrides differ, are looked at area by area; objects are built only for what changed.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from itertools import compress
from operator import itemgetter, ne
from typing import Any, TypeVar

from srm_desktop.domain.areas import Area
from srm_desktop.domain.conflict import Conflict
from srm_desktop.domain.layered import plain
from srm_desktop.domain.project import CellKey, Override, Party, Project, Row, ServiceEntry
from srm_desktop.domain.provenance import (
    MANUAL,
    effective_owner,
    owner_from_letters,
    owner_text,
)
from srm_desktop.domain.provider import Provider, get_provider
from srm_desktop.domain.rules import Owner, Rule

#: The fields of an inventory entry a diff compares, in the order it reports them.
ENTRY_FIELDS = ("name", "service", "variant", "category", "environment", "notes")
PARTY_FIELDS = ("name", "kind")
AREA_FIELDS = ("name", "group", "definition", "hidden")
#: The project's own properties a diff compares.
PROPERTY_FIELDS = ("name", "provider", "description", "owner", "review", "rule_book")


class Change(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    #: Only the name differs (parties and areas).
    RENAMED = "renamed"
    CHANGED = "changed"

    @property
    def mark(self) -> str:
        """The one-character mark of a diff line: + added, - removed, ~ changed or renamed."""
        return {"added": "+", "removed": "-"}.get(self.value, "~")


@dataclass(frozen=True)
class FieldChange:
    """One field of an entry, party, area or the project: old -> new, as text."""

    field: str
    old: str
    new: str


def _text(value: object) -> str:
    if value is None:
        return ""
    return str(value.value) if isinstance(value, StrEnum) else str(value)


def _field_changes(old: object, new: object, fields: Sequence[str]) -> tuple[FieldChange, ...]:
    out = []
    for name in fields:
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            out.append(FieldChange(name, _text(a), _text(b)))
    return tuple(out)


@dataclass(frozen=True)
class EntryChange:
    """An inventory entry added, removed or changed (``fields`` says which fields)."""

    change: Change
    old: ServiceEntry | None
    new: ServiceEntry | None
    fields: tuple[FieldChange, ...] = ()

    @property
    def entry(self) -> ServiceEntry:
        """The entry as it is now (as it was, for a removed one)."""
        found = self.new or self.old
        assert found is not None
        return found


@dataclass(frozen=True)
class PartyChange:
    change: Change
    old: Party | None
    new: Party | None
    fields: tuple[FieldChange, ...] = ()

    @property
    def party(self) -> Party:
        found = self.new or self.old
        assert found is not None
        return found


@dataclass(frozen=True)
class AreaChange:
    change: Change
    old: Area | None
    new: Area | None
    fields: tuple[FieldChange, ...] = ()

    @property
    def area(self) -> Area:
        found = self.new or self.old
        assert found is not None
        return found


@dataclass(frozen=True)
class CellChange:
    """One cell whose letters, source or rationale differ. ``service_id`` is the entry's id in
    the new project (``RowChange.old_entry.id`` in the old, when it was matched by name)."""

    service_id: str
    area_id: str
    party_id: str
    party_name: str
    old_letters: str
    new_letters: str
    #: ``rule:<id>`` or ``manual`` (``provenance.cell_source``).
    old_source: str
    new_source: str
    #: The override's rationale ("" when the cell is no override, or has none).
    old_rationale: str
    new_rationale: str

    @property
    def key(self) -> CellKey:
        """The cell's key in the new project."""
        return (self.service_id, self.area_id, self.party_id)

    @property
    def letters_changed(self) -> bool:
        return self.old_letters != self.new_letters

    @property
    def source_changed(self) -> bool:
        """Manual became rule-derived or the reverse (a new rule id alone is the row's
        :attr:`RowChange.rule_changed`)."""
        return (self.old_source == MANUAL) != (self.new_source == MANUAL)

    @property
    def rationale_changed(self) -> bool:
        return self.old_rationale != self.new_rationale


@dataclass(frozen=True)
class RowChange:
    """One (entry, area) row of a matched entry with changed cells or a changed owner."""

    entry: ServiceEntry
    old_entry: ServiceEntry
    area: Area
    old_rule: str | None
    new_rule: str | None
    old_owner: Owner | None
    new_owner: Owner | None
    #: The owner as the app and workbook write it ("Shared · you configure"; "" for none).
    old_owner_text: str
    new_owner_text: str
    cells: tuple[CellChange, ...]

    @property
    def owner_changed(self) -> bool:
        return self.old_owner_text != self.new_owner_text

    @property
    def rule_changed(self) -> bool:
        """Another rule decides the row (a service or variant switch, a new rule book); with
        no cell and the same owner, only the citation changed."""
        return self.old_rule != self.new_rule


@dataclass(frozen=True)
class DiffSummary:
    """The counts of a diff (what a status line or the end of ``srm diff`` says)."""

    entries_added: int
    entries_removed: int
    entries_changed: int
    parties_added: int
    parties_removed: int
    parties_changed: int
    areas_added: int
    areas_removed: int
    areas_changed: int
    properties_changed: int
    rows_changed: int
    owners_changed: int
    cells_changed: int
    cells_added: int
    cells_removed: int
    conflicts_recorded: int = 0
    conflicts_resolved: int = 0

    def text(self) -> str:
        """ "2 entries added, 1 changed; 14 cells changed in 9 rows (3 owners); 240 cells
        added" -- the nonzero counts, or "no differences"."""
        parts = []
        for what, added, removed, changed in (
            ("entries", self.entries_added, self.entries_removed, self.entries_changed),
            ("parties", self.parties_added, self.parties_removed, self.parties_changed),
            ("areas", self.areas_added, self.areas_removed, self.areas_changed),
        ):
            said = [
                f"{n} {verb}"
                for n, verb in ((added, "added"), (removed, "removed"), (changed, "changed"))
                if n
            ]
            if said:
                parts.append(f"{what}: {', '.join(said)}")
        if self.properties_changed:
            parts.append(f"{_count(self.properties_changed, 'property', 'properties')} changed")
        if self.cells_changed or self.rows_changed:
            cells, rows = _count(self.cells_changed, "cell"), _count(self.rows_changed, "row")
            text = f"{cells} changed in {rows}"
            if self.owners_changed:
                text += f" ({_count(self.owners_changed, 'owner')} changed)"
            parts.append(text)
        if self.cells_added:
            parts.append(f"{_count(self.cells_added, 'cell')} added")
        if self.cells_removed:
            parts.append(f"{_count(self.cells_removed, 'cell')} removed")
        if self.conflicts_recorded:
            parts.append(f"{_count(self.conflicts_recorded, 'merge conflict')} recorded")
        if self.conflicts_resolved:
            parts.append(f"{_count(self.conflicts_resolved, 'merge conflict')} resolved")
        return "; ".join(parts) if parts else "no differences"


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


@dataclass(frozen=True)
class ServiceGroup:
    """One entry's part of a diff, for output grouped by service: its own change (None when
    only cells changed) and its changed rows, in area order."""

    entry: ServiceEntry
    change: EntryChange | None
    rows: tuple[RowChange, ...]


@dataclass(frozen=True)
class ProjectDiff:
    """Everything that differs between ``old`` and ``new`` (see the module doc)."""

    old: Project
    new: Project
    properties: tuple[FieldChange, ...]
    #: In the new project's order; removed entries last, in the old project's order.
    entries: tuple[EntryChange, ...]
    parties: tuple[PartyChange, ...]
    areas: tuple[AreaChange, ...]
    #: Changed rows of matched entries, in the new project's order (entry, then area).
    rows: tuple[RowChange, ...]
    cells_added: int
    cells_removed: int
    #: New entry id -> old entry id, for every matched entry.
    matched: Mapping[str, str] = field(default_factory=dict)
    #: Merge conflicts the new project records and the old did not, and the other way round
    #: (resolved: Take Ours only drops the record, so this may be the only difference).
    conflicts_recorded: tuple[Conflict, ...] = ()
    conflicts_resolved: tuple[Conflict, ...] = ()

    @property
    def empty(self) -> bool:
        """No difference at all (``srm diff`` exits 0)."""
        return not (
            self.properties
            or self.entries
            or self.parties
            or self.areas
            or self.rows
            or self.cells_added
            or self.cells_removed
            or self.conflicts_recorded
            or self.conflicts_resolved
        )

    @property
    def cells(self) -> Iterator[CellChange]:
        """Every changed cell, row by row."""
        for row in self.rows:
            yield from row.cells

    @cached_property
    def by_cell(self) -> dict[CellKey, CellChange]:
        """Changed cells by their key in the new project: what the compare view marks."""
        return {cell.key: cell for cell in self.cells}

    @cached_property
    def by_row(self) -> dict[tuple[str, str], RowChange]:
        """Changed rows by (new entry id, area id)."""
        return {(row.entry.id, row.area.id): row for row in self.rows}

    def cell(self, key: CellKey) -> CellChange | None:
        return self.by_cell.get(key)

    def summary(self) -> DiffSummary:
        def count(items: Iterable[EntryChange | PartyChange | AreaChange], kind: Change) -> int:
            if kind is Change.CHANGED:
                return sum(1 for i in items if i.change in (Change.CHANGED, Change.RENAMED))
            return sum(1 for i in items if i.change is kind)

        return DiffSummary(
            entries_added=count(self.entries, Change.ADDED),
            entries_removed=count(self.entries, Change.REMOVED),
            entries_changed=count(self.entries, Change.CHANGED),
            parties_added=count(self.parties, Change.ADDED),
            parties_removed=count(self.parties, Change.REMOVED),
            parties_changed=count(self.parties, Change.CHANGED),
            areas_added=count(self.areas, Change.ADDED),
            areas_removed=count(self.areas, Change.REMOVED),
            areas_changed=count(self.areas, Change.CHANGED),
            properties_changed=len(self.properties),
            rows_changed=len(self.rows),
            owners_changed=sum(1 for r in self.rows if r.owner_changed),
            cells_changed=sum(len(r.cells) for r in self.rows),
            cells_added=self.cells_added,
            cells_removed=self.cells_removed,
            conflicts_recorded=len(self.conflicts_recorded),
            conflicts_resolved=len(self.conflicts_resolved),
        )

    def by_service(self) -> list[ServiceGroup]:
        """The diff entry by entry, as text output and the Changes sheet group it: entries of
        the new project in its order (those with a change or changed rows), then removed ones."""
        changes = {c.entry.id: c for c in self.entries if c.change is not Change.REMOVED}
        rows: dict[str, list[RowChange]] = {}
        for row in self.rows:
            rows.setdefault(row.entry.id, []).append(row)
        groups = [
            ServiceGroup(entry, changes.get(entry.id), tuple(rows.get(entry.id, ())))
            for entry in self.new.services
            if entry.id in changes or entry.id in rows
        ]
        groups += [ServiceGroup(c.entry, c, ()) for c in self.entries if c.change is Change.REMOVED]
        return groups


# -- the engine ---------------------------------------------------------------------------------


def diff_projects(
    old: Project,
    new: Project,
    *,
    old_provider: Provider | None = None,
    new_provider: Provider | None = None,
) -> ProjectDiff:
    """What changed from ``old`` to ``new``. Each side's owners come from its own provider's
    rule book (looked up by the project's provider key unless given), so projects of different
    providers diff too: their entries simply do not match."""
    with _cyclic_gc_paused():
        return _diff(old, new, old_provider, new_provider)


def _diff(
    old: Project, new: Project, old_provider: Provider | None, new_provider: Provider | None
) -> ProjectDiff:
    old_provider = old_provider or get_provider(old.provider)
    new_provider = new_provider or get_provider(new.provider)
    pairs, entry_changes = _match_entries(old, new)
    parties = _by_id(old.parties, new.parties, PARTY_FIELDS, PartyChange)
    areas = _by_id(old.areas, new.areas, AREA_FIELDS, AreaChange)
    cells = _CellDiff(old, new, old_provider, new_provider)
    rows = cells.rows(pairs)
    return ProjectDiff(
        old=old,
        new=new,
        properties=_field_changes(old, new, PROPERTY_FIELDS),
        entries=entry_changes,
        parties=parties,
        areas=areas,
        rows=tuple(rows),
        cells_added=new.cell_count - cells.matched_cells(len(pairs), new),
        cells_removed=old.cell_count - cells.matched_cells(len(pairs), old),
        matched={n.id: o.id for o, n in pairs},
        **_conflict_changes(old, new),
    )


def _conflict_changes(old: Project, new: Project) -> dict[str, tuple[Conflict, ...]]:
    """The merge conflicts only one side records. Usually both hold the same (or none): one
    pairwise pass; otherwise the records (a merge's clashes, not thousands) compared by value,
    in each project's order."""
    if old.conflicts == new.conflicts:
        return {}
    return {
        "conflicts_recorded": tuple(c for c in new.conflicts if c not in old.conflicts),
        "conflicts_resolved": tuple(c for c in old.conflicts if c not in new.conflicts),
    }


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause the cycle collector while a diff runs, as loading a file does: a diff of two
    estates allocates tens of thousands of tuples and sets, and with two 240k-cell projects
    alive each collection walks millions of objects to find nothing (a diff holds no cycles).
    Reference counting still frees everything; the previous state is restored."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _match_entries(
    old: Project, new: Project
) -> tuple[list[tuple[ServiceEntry, ServiceEntry]], tuple[EntryChange, ...]]:
    """Matched (old, new) entries in the new order, and the entry changes (module doc)."""
    old_by_id = {e.id: e for e in old.services}
    matched: dict[str, ServiceEntry] = {}  # new id -> old entry
    for entry in new.services:
        found = old_by_id.get(entry.id)
        if found is not None:
            matched[entry.id] = found
    taken = {e.id for e in matched.values()}
    spare = {e.name.casefold(): e for e in old.services if e.id not in taken}
    if spare:
        for entry in new.services:
            if entry.id not in matched:
                found = spare.pop(entry.name.casefold(), None)
                if found is not None:
                    matched[entry.id] = found
                    taken.add(found.id)
    pairs: list[tuple[ServiceEntry, ServiceEntry]] = []
    changes: list[EntryChange] = []
    for entry in new.services:
        was = matched.get(entry.id)
        if was is None:
            changes.append(EntryChange(Change.ADDED, None, entry))
            continue
        pairs.append((was, entry))
        if was is not entry and was != entry:
            fields = _field_changes(was, entry, ENTRY_FIELDS)
            if fields:
                changes.append(EntryChange(Change.CHANGED, was, entry, fields))
    changes += [EntryChange(Change.REMOVED, e, None) for e in old.services if e.id not in taken]
    return pairs, tuple(changes)


C = TypeVar("C", PartyChange, AreaChange)


def _by_id(
    old: Sequence[Any], new: Sequence[Any], fields: Sequence[str], make: Callable[..., C]
) -> tuple[C, ...]:
    """Parties or areas matched by id: added, removed, renamed (only the name) or changed."""
    before = {item.id: item for item in old}
    now = {item.id for item in new}
    out: list[C] = []
    for item in new:
        was = before.get(item.id)
        if was is None:
            out.append(make(Change.ADDED, None, item))
        elif was != item:
            changed = _field_changes(was, item, fields)
            if changed:
                kind = Change.RENAMED if [c.field for c in changed] == ["name"] else Change.CHANGED
                out.append(make(kind, was, item, changed))
    out += [make(Change.REMOVED, item, None) for item in old if item.id not in now]
    return tuple(out)


class _CellDiff:
    """The cell part of a diff: which rows to look at, and what changed in them."""

    def __init__(
        self, old: Project, new: Project, old_provider: Provider, new_provider: Provider
    ) -> None:
        self.old, self.new = old, new
        self.old_provider, self.new_provider = old_provider, new_provider
        old_ids = tuple(p.id for p in old.parties)
        new_ids = tuple(p.id for p in new.parties)
        #: (party, index in old, index in new) for the parties of both, in the new order.
        self.parties = [
            (p, old.party_index[p.id], i) for i, p in enumerate(new.parties) if p.id in old_ids
        ]
        self.same_layout = old_ids == new_ids
        old_areas = {a.id: a for a in old.areas}
        #: Areas of both versions that either shows, in the new order.
        self.areas = [
            a for a in new.areas if a.id in old_areas and not (a.hidden and old_areas[a.id].hidden)
        ]
        self.area_ids = {a.id for a in self.areas}
        # Equal letters and rule give the same owner only when both sides read rules alike.
        self.same_rules = (old_provider.key, old_provider.rules.version) == (
            new_provider.key,
            new_provider.rules.version,
        )
        self.old_overrides = plain(old.overrides)
        self.new_overrides = plain(new.overrides)
        self.old_empty = Row(None, ("",) * len(old.parties))
        self.new_empty = Row(None, ("",) * len(new.parties))
        self.touched = self._touched_rows()
        self.old_side = _Side(old, old_provider, self.old_overrides)
        self.new_side = _Side(new, new_provider, self.new_overrides)

    def _touched_rows(self) -> dict[tuple[str, str], set[str]]:
        """(entry id, area id) -> the parties whose override differs in presence or content,
        by key: the cells of these rows are looked at one by one, the rest as whole rows.

        The overrides of a large estate number ~45,000 but hold few distinct records (a paste or
        a review records one for all its cells, and loading shares equal ones), so each map is
        turned into key -> content with C-level maps, and the two compared as sets of items."""
        a, b = self.old_overrides, self.new_overrides
        out: dict[tuple[str, str], set[str]] = {}
        if a is b:
            return out
        for (sid, aid, pid), _content in _contents(a).items() ^ _contents(b).items():
            out.setdefault((sid, aid), set()).add(pid)
        return out

    def matched_cells(self, matched_entries: int, project: Project) -> int:
        """How many of ``project``'s cells (shown areas) belong to matched entries, areas and
        parties: the rest of its cells are added (new) or removed (old) ones."""
        shown = sum(1 for a in project.visible_areas if a.id in self.area_ids)
        return matched_entries * shown * len(self.parties)

    def rows(self, pairs: Iterable[tuple[ServiceEntry, ServiceEntry]]) -> list[RowChange]:
        """The changed rows of the matched entries. Per entry, its rows are compared as one dict
        and, when they differ, area by area with C-level maps (as ``validation`` does): only
        rows that differ, or whose overrides differ, take a Python step."""
        out: list[RowChange] = []
        by_entry: dict[str, dict[str, set[str]]] = {}
        for (sid, aid), parties in self.touched.items():
            by_entry.setdefault(sid, {})[aid] = parties
        quick = self.same_layout and self.same_rules
        no_rows: Mapping[str, Row] = {}
        no_parties: set[str] = set()
        areas = self.areas
        area_ids = [a.id for a in areas]
        position = {aid: i for i, aid in enumerate(area_ids)}
        for was, entry in pairs:
            old_rows = self.old.rows.get(was.id, no_rows)
            new_rows = self.new.rows.get(entry.id, no_rows)
            same_id = was.id == entry.id
            touched = by_entry.get(entry.id, {}) if same_id else None
            if quick and same_id:
                if not touched and (old_rows is new_rows or old_rows == new_rows):
                    continue
                flags = list(map(ne, map(old_rows.get, area_ids), map(new_rows.get, area_ids)))
                for aid in touched or ():
                    if aid in position:
                        flags[position[aid]] = True
                looked: Iterable[Area] = compress(areas, flags)
            else:
                looked = areas
            for area in looked:
                o = old_rows.get(area.id) or self.old_empty
                n = new_rows.get(area.id) or self.new_empty
                differing = touched.get(area.id, no_parties) if touched is not None else None
                change = self._row(was, entry, area, o, n, differing)
                if change is not None:
                    out.append(change)
        return out

    def _row(
        self,
        was: ServiceEntry,
        entry: ServiceEntry,
        area: Area,
        o: Row,
        n: Row,
        differing: set[str] | None,
    ) -> RowChange | None:
        """The row's change, or None. ``differing``: the parties whose override differs (None
        when the entry's id differs, and any may); a cell of another party with equal letters
        under an equal rule has an equal source and rationale, and is passed over without
        looking at its overrides."""
        cells: list[CellChange] = []
        # ``provenance.cell_source``, per row instead of per cell (the tests hold them equal).
        old_ruled = f"rule:{o.rule}" if o.rule else MANUAL
        new_ruled = f"rule:{n.rule}" if n.rule else MANUAL
        quick = o.rule == n.rule and differing is not None
        for party, oi, ni in self.parties:
            old_letters, new_letters = o.raci[oi], n.raci[ni]
            if quick and old_letters == new_letters and party.id not in differing:  # type: ignore[operator]
                continue
            old_override = self.old_overrides.get((was.id, area.id, party.id))
            new_override = self.new_overrides.get((entry.id, area.id, party.id))
            old_source = MANUAL if old_override is not None else old_ruled
            new_source = MANUAL if new_override is not None else new_ruled
            old_why = old_override.rationale if old_override is not None else ""
            new_why = new_override.rationale if new_override is not None else ""
            if (
                old_letters != new_letters
                or (old_source == MANUAL) != (new_source == MANUAL)
                or old_why != new_why
            ):
                cells.append(
                    CellChange(
                        entry.id,
                        area.id,
                        party.id,
                        party.name,
                        old_letters,
                        new_letters,
                        old_source,
                        new_source,
                        old_why,
                        new_why,
                    )
                )
        old_owner, old_text = self.old_side.owner(was.id, area.id, o)
        new_owner, new_text = self.new_side.owner(entry.id, area.id, n)
        if not cells and old_text == new_text and o.rule == n.rule:
            return None
        return RowChange(
            entry, was, area, o.rule, n.rule, old_owner, new_owner, old_text, new_text, tuple(cells)
        )


class _Side:
    """One side of a diff, for owners: :func:`provenance.effective_owner` and its text, asked
    once per distinct question. A row no override holds is owned as its rule says (one answer
    per rule); an overridden row, or one no rule decides, by its letters
    (:func:`provenance.owner_from_letters`, one answer per distinct letters); an empty one is
    left to ``effective_owner`` itself (a not-applicable row stays so)."""

    def __init__(
        self, project: Project, provider: Provider, overrides: Mapping[CellKey, Override]
    ) -> None:
        self.project, self.provider, self._overrides = project, provider, overrides
        self._by_rule: dict[str, Owner | None] = {}
        self._by_letters: dict[tuple[str, ...], Owner | None] = {}
        self._texts: dict[tuple[Owner | None, str | None], str] = {}

    @cached_property
    def rules(self) -> dict[str, Rule]:
        return {rule.id: rule for rule in self.provider.rules.rules}

    @cached_property
    def overridden(self) -> set[tuple[str, str]]:
        """(entry id, area id) of the rows with an override, built on the first question."""
        return set(map(itemgetter(0, 1), self._overrides))

    def owner(self, service_id: str, area_id: str, row: Row) -> tuple[Owner | None, str]:
        rule = self.rules.get(row.rule) if row.rule else None
        if rule is not None and (service_id, area_id) not in self.overridden:
            if rule.id in self._by_rule:
                owner = self._by_rule[rule.id]
            else:
                owner = self._by_rule[rule.id] = self._ask(service_id, area_id)
        elif not any(row.raci):
            owner = self._ask(service_id, area_id)
        elif row.raci in self._by_letters:
            owner = self._by_letters[row.raci]
        else:
            owner = self._by_letters[row.raci] = owner_from_letters(self.project, row.raci)
        key = (owner, rule.id if rule is not None else None)
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = owner_text(owner, rule)
        return owner, text

    def _ask(self, service_id: str, area_id: str) -> Owner | None:
        return effective_owner(self.project, self.provider, service_id, area_id)


def _contents(overrides: Mapping[CellKey, Override]) -> dict[CellKey, tuple[str, str, str]]:
    """Each override's content by its key; the content is read once per distinct record."""
    values = list(overrides.values())
    distinct = dict(zip(map(id, values), values, strict=True))
    content = {i: (v.rationale, v.author, v.at) for i, v in distinct.items()}
    return dict(zip(overrides.keys(), map(content.__getitem__, map(id, values)), strict=True))
