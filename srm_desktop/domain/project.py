"""The project: inventory, parties, areas, team template and the matrix.

A :class:`Project` is immutable. Edits (``srm_desktop.domain.edits``) return a new project that
shares every unchanged row with the old one, so an edit costs what it changes, an undo command can
keep what it replaced, and a background export can read a project while the user goes on editing.

The matrix is stored compactly because it is the one part that grows: service id -> area id ->
:class:`Row`, where a row is the rule that derived it and one canonical letter string per party,
in the order of ``parties``. Manual overrides live beside it, keyed by (service, area, party).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

from srm_desktop.domain.areas import Area
from srm_desktop.domain.base import FrozenModel
from srm_desktop.domain.catalog import Category
from srm_desktop.domain.errors import EditError
from srm_desktop.domain.text import Ident, LongText, Name

if TYPE_CHECKING:
    from srm_desktop.domain.conflict import Conflict


class PartyKind(StrEnum):
    PROVIDER = "provider"
    CUSTOMER = "customer"
    #: A managed service provider or partner acting for the customer. What it does on the
    #: customer's behalf is still on the customer's side of the line (AWS's model), so it counts
    #: as customer side for the owner; it takes letters only where the template or an override
    #: gives them, never by fallback while a customer party exists (``docs/decisions.md``).
    PARTNER = "partner"


class Party(FrozenModel):
    """A matrix column: the provider, or a customer-side party (the customer, one of its teams,
    or a partner acting for it)."""

    id: Ident
    name: Name
    kind: PartyKind

    @property
    def customer_side(self) -> bool:
        """Whether the party is on the customer's side of the line (a customer or a partner)."""
        return self.kind is not PartyKind.PROVIDER


class ServiceEntry(FrozenModel):
    """One component of the workload ("web fleet"), pointing at a catalog service and variant."""

    id: Ident
    name: Name
    service: Ident
    variant: Ident | None = None
    #: Set only when the architect overrides the catalog's category for this entry; then the
    #: category defaults decide and the service's own rules no longer apply.
    category: Category | None = None
    environment: LongText = ""
    notes: LongText = ""


class Override(FrozenModel):
    """Why a cell differs from its rule: who changed it, when, and the reasoning."""

    rationale: LongText = ""
    author: LongText = ""
    at: str = ""


class Row(NamedTuple):
    """One (service, area) row: the rule that derived it (None if no rule applies) and the
    canonical letters of every party, in the project's party order."""

    rule: str | None
    raci: tuple[str, ...]


CellKey = tuple[str, str, str]  # (service id, area id, party id)
Rows = Mapping[str, Mapping[str, Row]]


#: The cached lookups of a project that depend on neither its rows nor its overrides.
_STRUCTURE_LOOKUPS = (
    "party_index",
    "service_index",
    "area_index",
    "provider_party",
    "customer_parties",
    "visible_areas",
    "derivers",
)


def new_project_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True, eq=True)
class Project:
    name: str
    provider: str
    parties: tuple[Party, ...]
    areas: tuple[Area, ...]
    services: tuple[ServiceEntry, ...] = ()
    team_template: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    rows: Rows = field(default_factory=dict)
    overrides: Mapping[CellKey, Override] = field(default_factory=dict)
    id: str = field(default_factory=new_project_id)
    description: str = ""
    #: The person or team accountable for the matrix ("" when not said).
    owner: str = ""
    #: Where its review stands, free text ("v1.3 reviewed 2026-11-30"; "" when not said).
    review: str = ""
    #: The rule book that last auto-filled the project ("aws 2026.11.30"); "" before any.
    rule_book: str = ""
    #: What a three-way merge could not decide (``domain/merge.py``): the project holds ours
    #: for each, until it is resolved; () when there are none (the file then has no such key).
    conflicts: tuple[Conflict, ...] = ()
    #: What opening an older file changed (schema migrations): said once, never saved.
    migration_notes: tuple[str, ...] = field(default=(), compare=False)

    # -- lookups (cached: a project never changes after construction) -------------------------

    def with_cells(
        self, *, rows: Rows | None = None, overrides: Mapping[CellKey, Override] | None = None
    ) -> Project:
        """A copy with other rows and/or overrides, keeping the lookups of the structure.

        Cell edits make a new project each time; the indexes of parties, services and areas
        depend only on fields they do not change, and rebuilding them (1,000 services) was a
        tenth of a cell edit in a large estate."""
        new = replace(
            self,
            rows=self.rows if rows is None else rows,
            overrides=self.overrides if overrides is None else overrides,
        )
        cached = self.__dict__
        for name in _STRUCTURE_LOOKUPS:
            if name in cached:
                new.__dict__[name] = cached[name]
        return new

    @cached_property
    def derivers(self) -> dict[str, Any]:
        """The rule derivers of this project's structure, by provider key (filled by
        ``derive.deriver_for``): rows derived per kind of entry depend only on the parties, the
        team template and the provider, which cell edits leave alone, so a revalidation after an
        edit does not derive every kind again."""
        return {}

    @cached_property
    def party_index(self) -> dict[str, int]:
        return {p.id: i for i, p in enumerate(self.parties)}

    @cached_property
    def service_index(self) -> dict[str, int]:
        return {s.id: i for i, s in enumerate(self.services)}

    @cached_property
    def area_index(self) -> dict[str, int]:
        return {a.id: i for i, a in enumerate(self.areas)}

    @cached_property
    def provider_party(self) -> int | None:
        """Index of the provider column (the first provider party), or None."""
        return next((i for i, p in enumerate(self.parties) if p.kind is PartyKind.PROVIDER), None)

    @cached_property
    def customer_parties(self) -> tuple[int, ...]:
        """Indices of the customer-side columns: the customer parties in column order, then the
        partners. The first one takes a letter the team template gives nobody, so a partner
        takes one by fallback only when there is no customer party at all."""
        kinds = [p.kind for p in self.parties]
        return tuple(i for i, k in enumerate(kinds) if k is PartyKind.CUSTOMER) + tuple(
            i for i, k in enumerate(kinds) if k is PartyKind.PARTNER
        )

    @cached_property
    def visible_areas(self) -> tuple[Area, ...]:
        return tuple(a for a in self.areas if not a.hidden)

    @cached_property
    def overridden_rows(self) -> dict[tuple[str, str], tuple[int, ...]]:
        """(service, area) -> indices of its overridden parties; how auto-fill keeps them."""
        out: dict[tuple[str, str], list[int]] = {}
        for sid, aid, pid in self.overrides:
            out.setdefault((sid, aid), []).append(self.party_index[pid])
        return {k: tuple(sorted(v)) for k, v in out.items()}

    def row_overridden(self, service_id: str, area_id: str) -> bool:
        """Whether any cell of the row is overridden. Uses :attr:`overridden_rows` once it is
        built; otherwise asks one dictionary per party, so a single-row question after an edit
        does not pay for indexing every override of the new project."""
        built = self.__dict__.get("overridden_rows")
        if built is not None:
            return (service_id, area_id) in built
        overrides = self.overrides
        return any((service_id, area_id, p.id) in overrides for p in self.parties)

    def service(self, service_id: str) -> ServiceEntry:
        try:
            return self.services[self.service_index[service_id]]
        except KeyError:
            raise EditError(f"no service with id {service_id!r} in the project") from None

    def area(self, area_id: str) -> Area:
        try:
            return self.areas[self.area_index[area_id]]
        except KeyError:
            raise EditError(f"no area with id {area_id!r} in the project") from None

    def party(self, party_id: str) -> Party:
        try:
            return self.parties[self.party_index[party_id]]
        except KeyError:
            raise EditError(f"no party with id {party_id!r} in the project") from None

    def row(self, service_id: str, area_id: str) -> Row:
        """The row, or an empty one (no rule, no letters) when the matrix has none yet."""
        row = self.rows.get(service_id, {}).get(area_id)
        return row if row is not None else Row(None, ("",) * len(self.parties))

    def cell(self, service_id: str, area_id: str, party_id: str) -> str:
        return self.row(service_id, area_id).raci[self.party_index[party_id]]

    def iter_rows(
        self, *, include_hidden: bool = False
    ) -> Iterator[tuple[ServiceEntry, Area, Row]]:
        """Every (service, area, row) in display order: services, then areas."""
        areas = self.areas if include_hidden else self.visible_areas
        for entry in self.services:
            by_area = self.rows.get(entry.id, {})
            for area in areas:
                row = by_area.get(area.id)
                yield entry, area, row if row is not None else Row(None, ("",) * len(self.parties))

    @property
    def cell_count(self) -> int:
        return len(self.services) * len(self.visible_areas) * len(self.parties)
