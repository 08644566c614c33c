"""The report's content, built once from a project and its provider, with no markup at all.

Two renderers read it: :mod:`srm_desktop.formats.report.html` (one self-contained HTML file) and
``srm_desktop.render.pdf`` (Qt's own printing). Building the content here, not in either
renderer, is what keeps the HTML and the PDF saying the same thing; the sentences that say it
are in :mod:`srm_desktop.formats.report.wording`.

**Grouping, so a 1,000-service estate stays readable.** The per-party lists and the overrides
are grouped by *what* is said, not by cell: within an area, every cell with the same letters,
the same rule (so the same "what you do" text) and the same rationale is one line that lists its
services. The same rule text for 1,000 services appears once, with the services after it. A
line names up to :data:`MAX_NAMED` services; beyond that it counts them by kind of service
(catalog service and variant: "Amazon S3 ×7, Amazon EC2 (Outposts) ×6 of 7"), which is what a
rule is about. Where a party is only Consulted or Informed, one line per area and letters. The
owner heat map merges services whose owners agree in every area into one row; above
:data:`HEAT_NAMED_LIMIT` services it has one row per kind of service, and a cell where the
entries of a kind disagree shows every owner found. Findings are listed up to
:data:`MAX_FINDINGS` (with the count of the rest: ``srm validate`` lists them all).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TypedDict

from srm_desktop.domain.areas import Area
from srm_desktop.domain.derive import deriver_for
from srm_desktop.domain.palette import palette
from srm_desktop.domain.project import Party, PartyKind, Project, ServiceEntry
from srm_desktop.domain.provenance import effective_owner
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.raci import ORDER
from srm_desktop.domain.rules import Citation, Owner, Rule
from srm_desktop.domain.validation import Finding, validate
from srm_desktop.domain.words import words

#: Findings listed by name; the rest are counted (a broken 1,000-service estate has thousands).
MAX_FINDINGS = 200
#: Services a line names; more are counted by kind of service.
MAX_NAMED = 12
#: Above this many services the heat map has a row per kind of service, not per service.
HEAT_NAMED_LIMIT = 60

#: The report's parts in reading order (anchor, heading), for the title page's contents.
SECTIONS = (
    ("model", "The shared responsibility model in five lines"),
    ("heat", "Who owns what: the owner heat map"),
    ("load", "Load per party"),
    ("ours", "What is ours, party by party"),
    ("overrides", "Overrides and their rationale"),
    ("findings", "Open findings"),
    ("sources", "Sources"),
    ("sign-off", "Sign-off"),
)

#: Owners in the order the legend and the heat map's key show them.
OWNER_ORDER = (Owner.PROVIDER, Owner.SHARED, Owner.CUSTOMER, Owner.NOT_APPLICABLE)


@dataclass(frozen=True)
class Swatch:
    """A mark and its colours (hex RGB without ``#``), from ``resources/palette.toml``: a colour
    never stands alone, its letter is always printed on it."""

    mark: str
    fill: str
    text: str
    meaning: str


@dataclass(frozen=True)
class HeatRow:
    #: The services of the row, in inventory order (one, unless several look alike).
    services: tuple[str, ...]
    #: What the row's first cell says: the names, or the kind of service and its count.
    label: str
    #: Per area of :attr:`HeatMap.areas`, the owners found, in :data:`OWNER_ORDER` (one, as a
    #: rule; none for a row with no letters and no rule; several only in a row per kind).
    owners: tuple[tuple[Owner, ...], ...]


@dataclass(frozen=True)
class HeatMap:
    areas: tuple[Area, ...]
    rows: tuple[HeatRow, ...]
    #: Owner -> number of rows (service × area) it owns, for the key under the map.
    totals: dict[Owner, int]
    #: One row per kind of service (above :data:`HEAT_NAMED_LIMIT` services).
    by_kind: bool = False
    #: Areas left out as not the customer's concern (``customer_only``): the provider owns
    #: them, or they do not apply, for every service.
    left_out: tuple[str, ...] = ()

    def customer_relevant(self) -> HeatMap:
        """The map without the areas where no service has a customer or shared owner."""
        mine = {Owner.CUSTOMER, Owner.SHARED}
        keep = [
            i
            for i in range(len(self.areas))
            if any(mine.intersection(row.owners[i]) for row in self.rows)
        ]
        rows = tuple(
            HeatRow(row.services, row.label, tuple(row.owners[i] for i in keep))
            for row in self.rows
        )
        dropped = tuple(a.name for i, a in enumerate(self.areas) if i not in keep)
        areas = tuple(self.areas[i] for i in keep)
        return HeatMap(areas, rows, self.totals, self.by_kind, dropped)


@dataclass(frozen=True, kw_only=True)
class ServicesLine:
    """A line that names the services it is about: a party's duty, a block of overrides."""

    #: The services' names, in inventory order.
    services: tuple[str, ...]
    #: The services as the line says them (:data:`MAX_NAMED`).
    label: str


@dataclass(frozen=True)
class Duty(ServicesLine):
    """One line of a party's list: these letters, in this area, for these services."""

    letters: str
    #: What the party does, from the rule (the customer's text for a customer party, the
    #: provider's for the provider); "" when no rule decides the row.
    text: str
    #: The override's rationale, when the letters were set by hand ("" otherwise).
    rationale: str
    overridden: bool
    #: Number of the citation in :attr:`Report.sources` (1-based), or 0 for none.
    source: int


@dataclass(frozen=True)
class AreaDuties:
    area: Area
    duties: tuple[Duty, ...]


@dataclass(frozen=True)
class Load:
    """How many cells a party holds, letter by letter: the per-team load chart."""

    party: str
    kind: PartyKind
    counts: dict[str, int]

    @property
    def owning(self) -> int:
        """Cells where the party is Responsible or Accountable."""
        return self.counts.get("RA", 0)

    @property
    def only_told(self) -> int:
        """Cells where the party is only Consulted or Informed."""
        return self.counts.get("any", 0) - self.owning


@dataclass(frozen=True)
class PartyPart:
    party: Party
    load: Load
    #: Where the party is Responsible or Accountable, area by area.
    owns: tuple[AreaDuties, ...]
    #: Where it is only Consulted or Informed (listed briefly: letters and services).
    told: tuple[AreaDuties, ...]


@dataclass(frozen=True)
class OverrideGroup(ServicesLine):
    area: str
    party: str
    letters: str
    rule_letters: str
    rationale: str
    author: str
    day: str


@dataclass(frozen=True)
class SourceEntry:
    number: int
    citation: Citation
    #: What the citation is evidence for: "Guest operating system · Amazon EC2", in order.
    cited_for: tuple[str, ...]


@dataclass(frozen=True)
class Report:
    title: str
    description: str
    owner: str
    review: str
    day: date
    provider: str
    rule_book: str
    parties: tuple[Party, ...]
    #: The party the per-party part is limited to (None: every party).
    only_party: str | None
    services: int
    areas: int
    cells: int
    model_lines: tuple[str, ...]
    letters: tuple[Swatch, ...]
    owners: tuple[Swatch, ...]
    heat: HeatMap
    loads: tuple[Load, ...]
    party_parts: tuple[PartyPart, ...]
    overrides: tuple[OverrideGroup, ...]
    override_cells: int
    findings: tuple[Finding, ...]
    finding_lines: tuple[str, ...]
    sources: tuple[SourceEntry, ...]
    signers: tuple[str, ...] = field(default=())

    @property
    def override_blocks(self) -> list[tuple[tuple[str, str, str], list[OverrideGroup]]]:
        """The override lines by (rationale, author, day), in order of first appearance: a
        rationale given once for 200 cells is printed once, above its changes."""
        blocks: dict[tuple[str, str, str], list[OverrideGroup]] = {}
        for line in self.overrides:
            blocks.setdefault((line.rationale, line.author, line.day), []).append(line)
        return list(blocks.items())

    @property
    def more_findings(self) -> int:
        return len(self.findings) - len(self.finding_lines)


def find_party(project: Project, name: str) -> Party | None:
    """The party called ``name`` (case and surrounding blanks ignored), or with that id."""
    wanted = name.strip().casefold()
    for party in project.parties:
        if party.name.casefold() == wanted or party.id == name.strip():
            return party
    return None


def build_report(
    project: Project,
    provider: Provider,
    *,
    party: Party | None = None,
    day: date | None = None,
    customer_only: bool = False,
) -> Report:
    """Everything the report says, in reading order. ``customer_only`` leaves out of the heat
    map the areas the provider owns (or that do not apply) for every service."""
    # Without --party: the customer's parties (the provider's side is the heat map's P).
    chosen = (
        [party] if party is not None else [project.parties[i] for i in project.customer_parties]
    )
    builder = _Builder(project, provider, chosen)
    findings = tuple(validate(project, provider))
    parts = tuple(builder.party_part(p) for p in chosen)
    return Report(
        title=project.name,
        description=project.description,
        owner=project.owner,
        review=project.review,
        day=day or date.today(),
        provider=provider.party_name,
        rule_book=project.rule_book,
        parties=project.parties,
        only_party=party.name if party is not None else None,
        services=len(project.services),
        areas=len(project.visible_areas),
        cells=project.cell_count,
        model_lines=model_lines(),
        letters=letter_swatches(),
        owners=owner_swatches(),
        heat=builder.heat_map().customer_relevant() if customer_only else builder.heat_map(),
        loads=tuple(builder.loads[p.id] for p in project.parties),
        party_parts=parts,
        overrides=builder.overrides(),
        override_cells=sum(1 for k in project.overrides if k[1] in builder.shown),
        findings=findings,
        finding_lines=tuple(f.describe(project) for f in findings[:MAX_FINDINGS]),
        sources=builder.sources(),
        signers=_signers(project, party),
    )


def model_lines() -> tuple[str, ...]:
    """The shared responsibility model in five lines: the three sentences of the Legend, the
    RACI letters, and the owners (``resources/words.toml``)."""
    w = words()
    letters = "; ".join(f"{letter} {w.letters[letter].line}" for letter in ORDER)
    owners = "; ".join(f"{o.letter} {o.label.lower()}" for o in OWNER_ORDER)
    return (
        *w.model_sentences,
        f"Each row of the matrix says who does what with RACI letters: {letters}.",
        f"Each row has an owner, shown as a letter on its colour: {owners}.",
    )


def letter_swatches() -> tuple[Swatch, ...]:
    w = words()
    out = []
    for letter in ORDER:
        colour = palette().letter(letter)
        assert colour is not None  # palette() checks every letter is there
        out.append(Swatch(letter, colour.light.fill, colour.light.text, w.letters[letter].line))
    return tuple(out)


def owner_swatches() -> tuple[Swatch, ...]:
    w = words()
    return tuple(
        Swatch(
            o.letter,
            palette().owners[o].light.fill,
            palette().owners[o].light.text,
            f"{o.label}: {w.owners[o.value]}",
        )
        for o in OWNER_ORDER
    )


def _signers(project: Project, party: Party | None) -> tuple[str, ...]:
    """Who signs: the matrix's owner, then each customer party (or the one reported on)."""
    names = [f"Matrix owner{': ' + project.owner if project.owner else ''}"]
    for p in project.parties:
        if p.kind is PartyKind.CUSTOMER and (party is None or p.id == party.id):
            names.append(p.name)
    return tuple(names)


class _Names(TypedDict):
    services: tuple[str, ...]
    label: str


_Groups = dict[str, dict[tuple[str, str | None, str, bool], list[ServiceEntry]]]


class _Builder:
    """One pass over the matrix for every part (loads, party lists, citations), plus the
    look-ups the parts share (rules, kinds of service)."""

    def __init__(self, project: Project, provider: Provider, chosen: list[Party]) -> None:
        self.project = project
        self.provider = provider
        self.areas = project.visible_areas
        self.shown = {a.id for a in self.areas}
        self.rules: dict[str, Rule | None] = {}
        self._citations: dict[Citation, int] = {}
        self._cited_for: dict[Citation, list[str]] = {}
        self._kinds: dict[tuple[str, str | None, object], str] = {}
        self._deriver = deriver_for(project, provider)
        # Each entry's kind and category, once: a line's label asks for them per service.
        self._kind_of = {e.id: self.kind(e) for e in project.services}
        self._category_of = {e.id: self.category(e) for e in project.services}
        self._kind_size: Counter[str] = Counter(self._kind_of.values())
        self._category_kinds: dict[str, Counter[str]] = {}
        for entry in project.services:
            kinds = self._category_kinds.setdefault(self._category_of[entry.id], Counter())
            kinds[self._kind_of[entry.id]] += 1
        self.loads = {p.id: Load(p.name, p.kind, dict.fromkeys((*ORDER, "RA", "any"), 0))
                      for p in project.parties}  # fmt: skip
        self._owns: dict[str, _Groups] = {p.id: {} for p in chosen}
        self._told: dict[str, dict[tuple[str, str], list[ServiceEntry]]] = {
            p.id: {} for p in chosen
        }
        self._walk(chosen)

    def _walk(self, chosen: list[Party]) -> None:
        """Visit every cell once: count letters, group the chosen parties' cells, number the
        citations in the order the matrix first uses them."""
        project = self.project
        overrides = project.overrides
        watched = [(project.party_index[p.id], p.id) for p in chosen]
        counters = [self.loads[p.id].counts for p in project.parties]
        cited: set[tuple[str, str]] = set()
        for entry, area, row in project.iter_rows():
            if row.rule and (row.rule, area.id) not in cited:
                cited.add((row.rule, area.id))
                self._cite(self.rule(row.rule), area)
            for counts, value in zip(counters, row.raci, strict=True):
                if value:
                    _count(counts, value)
            for index, party_id in watched:
                value = row.raci[index]
                if not value:
                    continue
                if "R" in value or "A" in value:
                    override = overrides.get((entry.id, area.id, party_id))
                    rationale = override.rationale.strip() if override is not None else ""
                    key = (value, row.rule, rationale, override is not None)
                    self._owns[party_id].setdefault(area.id, {}).setdefault(key, []).append(entry)
                else:
                    told = self._told[party_id].setdefault((area.id, value), [])
                    told.append(entry)

    def rule(self, rule_id: str | None) -> Rule | None:
        if not rule_id:
            return None
        if rule_id not in self.rules:
            self.rules[rule_id] = self.provider.rules.get(rule_id)
        return self.rules[rule_id]

    def _cite(self, rule: Rule | None, area: Area) -> int:
        if rule is None:
            return 0
        citation = rule.citation
        number = self._citations.get(citation)
        if number is None:
            number = self._citations[citation] = len(self._citations) + 1
            self._cited_for[citation] = []
        scope = self._scope(rule, area)
        found = self._cited_for[citation]
        if scope not in found:
            found.append(scope)
        return number

    def _scope(self, rule: Rule, area: Area) -> str:
        if rule.service is not None:
            service = self.provider.catalog.get(rule.service)
            what = service.name if service is not None else rule.service
            if rule.variant is not None and service is not None:
                variant = service.variant(rule.variant)
                what += f" ({variant.name if variant is not None else rule.variant})"
        else:
            assert rule.category is not None
            what = f"{rule.category.label} services (default)"
        return f"{area.name} · {what}"

    def citation_number(self, rule: Rule | None) -> int:
        return self._citations.get(rule.citation, 0) if rule is not None else 0

    # -- kinds of service ---------------------------------------------------------------------

    def kind(self, entry: ServiceEntry) -> str:
        """ "Amazon EC2 (Outposts)": the catalog service and variant an entry is an instance of."""
        key = (entry.service, entry.variant, entry.category)
        found = self._kinds.get(key)
        if found is None:
            service = self.provider.catalog.get(entry.service)
            found = service.name if service is not None else entry.service
            if service is not None and len(service.variants) > 1:
                variant = service.variant(entry.variant)
                if variant is not None:
                    # "EC2 in an AWS Region", not "Amazon EC2 (EC2 in an AWS Region)"
                    short = service.name.split()[-1]
                    named = short in variant.name.split()
                    found = variant.name if named else f"{found} ({variant.name})"
            if entry.category is not None:
                found += f" as {entry.category.label}"
            self._kinds[key] = found
        return found

    def names(self, entries: list[ServiceEntry]) -> _Names:
        """The fields of a :class:`ServicesLine` for ``entries``."""
        return {"services": tuple(e.name for e in entries), "label": self.label(entries)}

    def label(self, entries: list[ServiceEntry]) -> str:
        """The services of a line: their names up to :data:`MAX_NAMED`; beyond, counted by
        category and kind of service, saying what a category's line leaves out when it covers
        most of the category (which is what a category default is about)."""
        if len(entries) <= MAX_NAMED:
            return self._names(entries)
        if len(entries) == len(self.project.services):
            return f"all {len(entries):,} services"
        by_category: dict[str, Counter[str]] = {}
        kind_of, category_of = self._kind_of, self._category_of
        for entry in entries:
            by_category.setdefault(category_of[entry.id], Counter())[kind_of[entry.id]] += 1
        parts = [self._category_part(c, counted) for c, counted in by_category.items()]
        return f"{len(entries):,} services: " + "; ".join(parts)

    def _names(self, entries: list[ServiceEntry]) -> str:
        """Names, except that every entry of a kind with three or more says so in one
        phrase ("EC2 in an AWS Region ×7")."""
        by_kind: dict[str, list[ServiceEntry]] = {}
        for entry in entries:
            by_kind.setdefault(self._kind_of[entry.id], []).append(entry)
        parts: list[str] = []
        for kind, found in by_kind.items():
            if len(found) >= 3 and len(found) == self._kind_size[kind]:
                parts.append(f"{kind} ×{len(found)}")
            else:
                parts.extend(e.name for e in found)
        return ", ".join(parts)

    def _category_part(self, category: str, counted: Counter[str]) -> str:
        kinds = self._category_kinds[category]
        partly = [f"{k} ×{n} of {kinds[k]}" for k, n in counted.items() if n < kinds[k]]
        if len(counted) * 2 <= len(kinds):
            return ", ".join(
                f"{k} ×{n}" if n == kinds[k] else f"{k} ×{n} of {kinds[k]}"
                for k, n in counted.items()
            )
        text = f"{category} services ×{sum(counted.values()):,}"
        left = [k for k in kinds if k not in counted]
        if left:
            text += " except " + ", ".join(left)
        if partly:
            text += (" and " if left else " except part of ") + ", ".join(partly)
        return text

    def category(self, entry: ServiceEntry) -> str:
        found = self._deriver.category(entry)
        return found.label if found is not None else "Unknown"

    # -- heat map -----------------------------------------------------------------------------

    def heat_map(self) -> HeatMap:
        project, provider = self.project, self.provider
        project.overridden_rows  # noqa: B018 -- built once, then every row asks it
        by_kind = len(project.services) > HEAT_NAMED_LIMIT
        groups: dict[object, tuple[list[ServiceEntry], list[set[Owner]]]] = {}
        totals = dict.fromkeys(OWNER_ORDER, 0)
        for entry in project.services:
            owners = tuple(effective_owner(project, provider, entry.id, a.id) for a in self.areas)
            for owner in owners:
                if owner is not None:
                    totals[owner] += 1
            key: object = self.kind(entry) if by_kind else owners
            group = groups.get(key)
            if group is None:
                group = groups[key] = ([], [set() for _ in self.areas])
            group[0].append(entry)
            for found, owner in zip(group[1], owners, strict=True):
                if owner is not None:
                    found.add(owner)
        rows = tuple(
            HeatRow(
                tuple(e.name for e in entries),
                f"{key} ×{len(entries)}" if by_kind else ", ".join(e.name for e in entries),
                tuple(tuple(o for o in OWNER_ORDER if o in found) for found in cells),
            )
            for key, (entries, cells) in groups.items()
        )
        return HeatMap(self.areas, rows, totals, by_kind)

    # -- per party ----------------------------------------------------------------------------

    def party_part(self, party: Party) -> PartyPart:
        provider_side = party.kind is PartyKind.PROVIDER
        told = []
        grouped = self._told[party.id]
        for area in self.areas:
            lines = [
                Duty(letters, "", "", False, 0, **self.names(entries))
                for (aid, letters), entries in grouped.items()
                if aid == area.id
            ]
            if lines:
                told.append(AreaDuties(area, tuple(lines)))
        return PartyPart(
            party,
            self.loads[party.id],
            self._area_duties(self._owns[party.id], provider_side),
            tuple(told),
        )

    def _area_duties(self, found: _Groups, provider_side: bool) -> tuple[AreaDuties, ...]:
        out = []
        for area in self.areas:
            groups = found.get(area.id)
            if not groups:
                continue
            duties = []
            for (letters, rule_id, rationale, overridden), entries in groups.items():
                rule = self.rule(rule_id)
                text = ""
                if rule is not None:
                    text = rule.provider_does if provider_side else rule.customer_does
                source = self.citation_number(rule)
                duties.append(
                    Duty(letters, text, rationale, overridden, source, **self.names(entries))
                )
            out.append(AreaDuties(area, tuple(duties)))
        return tuple(out)

    # -- overrides and sources ----------------------------------------------------------------

    def overrides(self) -> tuple[OverrideGroup, ...]:
        project = self.project
        deriver = deriver_for(project, self.provider)
        groups: dict[tuple[str, str, str, str, str, str, str], list[ServiceEntry]] = {}
        for key in sorted(
            (k for k in project.overrides if k[1] in self.shown), key=_Order(project)
        ):
            sid, aid, pid = key
            override = project.overrides[key]
            entry = project.service(sid)
            derived = deriver.row(entry, aid)
            index = project.party_index[pid]
            group = (
                project.area(aid).name,
                project.party(pid).name,
                project.row(sid, aid).raci[index],
                derived.raci[index] if derived is not None else "",
                override.rationale.strip(),
                override.author,
                override.at[:10],
            )
            groups.setdefault(group, []).append(entry)
        return tuple(OverrideGroup(*key, **self.names(entries)) for key, entries in groups.items())

    def sources(self) -> tuple[SourceEntry, ...]:
        return tuple(
            SourceEntry(number, citation, tuple(self._cited_for[citation]))
            for citation, number in self._citations.items()
        )


def _count(counts: dict[str, int], value: str) -> None:
    counts["any"] += 1
    owning = False
    for letter in value.split("/"):
        counts[letter] += 1
        owning = owning or letter in "RA"
    if owning:
        counts["RA"] += 1


class _Order:
    """Sort key of a cell key: inventory order, then area order, then party order."""

    def __init__(self, project: Project) -> None:
        self.services = project.service_index
        self.areas = project.area_index
        self.parties = project.party_index

    def __call__(self, key: tuple[str, str, str]) -> tuple[int, int, int]:
        sid, aid, pid = key
        return (self.services[sid], self.areas[aid], self.parties[pid])
