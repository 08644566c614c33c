"""The report's content, built once from a project and its provider, with no markup at all.

Two renderers read it: :mod:`srm_desktop.formats.report.html` (one self-contained HTML file) and
``srm_desktop.render.pdf`` (Qt's own printing). Building the content here, not in either
renderer, is what keeps the HTML and the PDF saying the same thing.

**Grouping, so a 1,000-service estate stays readable.** The per-party lists and the overrides
are grouped by *what* is said, not by cell: within an area, every cell with the same letters,
the same rule (so the same "what you do" text) and the same rationale is one line that lists its
services. The same rule text for 1,000 services appears once, with the services named after it.
The owner heat map merges services whose owners are the same in every area into one row for the
same reason; in the shipped examples that merges only true look-alikes. Findings are listed up
to :data:`MAX_FINDINGS` (with the count of the rest: ``srm validate`` lists them all).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from srm_desktop.domain.areas import Area
from srm_desktop.domain.derive import deriver_for
from srm_desktop.domain.palette import palette
from srm_desktop.domain.project import Party, PartyKind, Project
from srm_desktop.domain.provenance import effective_owner
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.raci import ORDER, letters_of
from srm_desktop.domain.rules import Citation, Owner, Rule
from srm_desktop.domain.validation import Finding, validate
from srm_desktop.domain.words import words

#: Findings listed by name; the rest are counted (a broken 1,000-service estate has thousands).
MAX_FINDINGS = 200

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
    #: The services with these owners, in inventory order (one, unless several look alike).
    services: tuple[str, ...]
    #: One owner per area of :attr:`HeatMap.areas` (None: no letters, no rule).
    owners: tuple[Owner | None, ...]


@dataclass(frozen=True)
class HeatMap:
    areas: tuple[Area, ...]
    rows: tuple[HeatRow, ...]
    #: Owner -> number of rows (service × area) it owns, for the key under the map.
    totals: dict[Owner, int]


@dataclass(frozen=True)
class Duty:
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
    services: tuple[str, ...]


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
class OverrideGroup:
    area: str
    party: str
    letters: str
    rule_letters: str
    rationale: str
    author: str
    day: str
    services: tuple[str, ...]


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
    project: Project, provider: Provider, *, party: Party | None = None, day: date | None = None
) -> Report:
    """Everything the report says, in reading order."""
    builder = _Builder(project, provider)
    findings = tuple(validate(project, provider))
    # Without --party: the customer's parties (the provider's side is the heat map's P).
    chosen = (
        [party] if party is not None else [project.parties[i] for i in project.customer_parties]
    )
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
        heat=builder.heat_map(),
        loads=tuple(builder.load(p) for p in project.parties),
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


class _Builder:
    """One pass of look-ups shared by the parts (rules, citations, owners)."""

    def __init__(self, project: Project, provider: Provider) -> None:
        self.project = project
        self.provider = provider
        self.areas = project.visible_areas
        self.shown = {a.id for a in self.areas}
        self.rules: dict[str, Rule | None] = {}
        self._citations: dict[Citation, int] = {}
        self._cited_for: dict[Citation, list[str]] = {}
        self._service_names = {s.id: s.name for s in project.services}
        # Number the citations in the order the matrix first uses them.
        for entry in project.services:
            by_area = project.rows.get(entry.id, {})
            for area in self.areas:
                row = by_area.get(area.id)
                if row is not None and row.rule:
                    self._cite(self.rule(row.rule), area)

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

    # -- heat map -----------------------------------------------------------------------------

    def heat_map(self) -> HeatMap:
        project, provider = self.project, self.provider
        patterns: dict[tuple[Owner | None, ...], list[str]] = {}
        totals = dict.fromkeys(OWNER_ORDER, 0)
        for entry in project.services:
            owners = tuple(effective_owner(project, provider, entry.id, a.id) for a in self.areas)
            patterns.setdefault(owners, []).append(entry.name)
            for owner in owners:
                if owner is not None:
                    totals[owner] += 1
        rows = tuple(HeatRow(tuple(names), owners) for owners, names in patterns.items())
        return HeatMap(self.areas, rows, totals)

    # -- per party ----------------------------------------------------------------------------

    def load(self, party: Party) -> Load:
        index = self.project.party_index[party.id]
        counts = dict.fromkeys((*ORDER, "RA", "any"), 0)
        for _entry, _area, row in self.project.iter_rows():
            value = row.raci[index]
            if not value:
                continue
            counts["any"] += 1
            found = letters_of(value)
            for letter in found:
                counts[letter] += 1
            if "R" in found or "A" in found:
                counts["RA"] += 1
        return Load(party.name, party.kind, counts)

    def party_part(self, party: Party) -> PartyPart:
        project = self.project
        index = project.party_index[party.id]
        owns: dict[str, dict[tuple[str, str | None, str, bool], list[str]]] = {}
        told: dict[str, dict[tuple[str, str | None, str, bool], list[str]]] = {}
        overrides = project.overrides
        for entry, area, row in project.iter_rows():
            value = row.raci[index]
            if not value:
                continue
            override = overrides.get((entry.id, area.id, party.id))
            rationale = override.rationale.strip() if override is not None else ""
            key = (value, row.rule, rationale, override is not None)
            found = letters_of(value)
            target = owns if ("R" in found or "A" in found) else told
            target.setdefault(area.id, {}).setdefault(key, []).append(entry.name)
        provider_side = party.kind is PartyKind.PROVIDER
        return PartyPart(
            party,
            self.load(party),
            self._area_duties(owns, provider_side),
            self._area_duties(told, provider_side),
        )

    def _area_duties(
        self,
        found: dict[str, dict[tuple[str, str | None, str, bool], list[str]]],
        provider_side: bool,
    ) -> tuple[AreaDuties, ...]:
        out = []
        for area in self.areas:
            groups = found.get(area.id)
            if not groups:
                continue
            duties = []
            for (letters, rule_id, rationale, overridden), names in groups.items():
                rule = self.rule(rule_id)
                text = ""
                if rule is not None:
                    text = rule.provider_does if provider_side else rule.customer_does
                duties.append(
                    Duty(
                        letters,
                        text,
                        rationale,
                        overridden,
                        self.citation_number(rule),
                        tuple(names),
                    )
                )
            out.append(AreaDuties(area, tuple(duties)))
        return tuple(out)

    # -- overrides and sources ----------------------------------------------------------------

    def overrides(self) -> tuple[OverrideGroup, ...]:
        project = self.project
        deriver = deriver_for(project, self.provider)
        groups: dict[tuple[str, str, str, str, str, str, str], list[str]] = {}
        order = _Order(project)
        for key in sorted((k for k in project.overrides if k[1] in self.shown), key=order):
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
            groups.setdefault(group, []).append(entry.name)
        return tuple(OverrideGroup(*key, services=tuple(names)) for key, names in groups.items())

    def sources(self) -> tuple[SourceEntry, ...]:
        return tuple(
            SourceEntry(number, citation, tuple(self._cited_for[citation]))
            for citation, number in self._citations.items()
        )


class _Order:
    """Sort key of a cell key: inventory order, then area order, then party order."""

    def __init__(self, project: Project) -> None:
        self.services = project.service_index
        self.areas = project.area_index
        self.parties = project.party_index

    def __call__(self, key: tuple[str, str, str]) -> tuple[int, int, int]:
        sid, aid, pid = key
        return (self.services[sid], self.areas[aid], self.parties[pid])
