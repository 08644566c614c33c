"""RACI lint: the checks a reviewer would make by hand, with every finding naming its cell."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import chain, compress, count, repeat
from operator import and_, attrgetter, itemgetter, ne
from typing import NamedTuple

from srm_desktop.domain.derive import Deriver
from srm_desktop.domain.layered import some_values
from srm_desktop.domain.project import Party, Project, Row, ServiceEntry
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.rules import Owner, Rule


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    severity: Severity
    code: str
    message: str
    service_id: str | None = None
    area_id: str | None = None
    party_id: str | None = None

    def describe(self, project: Project) -> str:
        """One line: ``error  Web fleet › Guest operating system › Security: message``."""
        place = []
        if self.service_id is not None and self.service_id in project.service_index:
            place.append(project.service(self.service_id).name)
        if self.area_id is not None and self.area_id in project.area_index:
            place.append(project.area(self.area_id).name)
        if self.party_id is not None and self.party_id in project.party_index:
            place.append(project.party(self.party_id).name)
        where = " › ".join(place)
        return (
            f"{self.severity.value}: {where}: {self.message}"
            if where
            else (f"{self.severity.value}: {self.message}")
        )


def validate(project: Project, provider: Provider) -> list[Finding]:
    """All findings, in display order (project, then service by service, area by area)."""
    findings: list[Finding] = []
    err, warn = Severity.ERROR, Severity.WARNING
    if project.provider_party is None:
        findings.append(Finding(err, "no-provider", "the project has no provider party"))
    if not project.customer_parties:
        findings.append(Finding(err, "no-customer", "the project has no customer party"))
    parties = project.parties
    party_ids = tuple(p.id for p in parties)
    customer = set(project.customer_parties)
    deriver = Deriver(project, provider)
    visible_ids = tuple(a.id for a in project.visible_areas)
    width = len(visible_ids)
    empty = Row(None, ("",) * len(parties))
    rules = {rule.id: rule for rule in provider.rules.rules}
    overrides = project.overrides
    services = project.services
    # Everything but the letters is the same for every entry of a kind (service, variant,
    # category): the entry's own finding, its derived rows and letters, whether a rule decides
    # each row. A large estate has many entries of few kinds.
    kinds: dict[tuple[object, ...], _Kind] = {}
    kind_of: list[_Kind] = []
    row_getters: list[Callable[[str, Row], Row]] = []
    no_rows: Mapping[str, Row] = {}
    all_rows = project.rows
    for entry in services:
        key = (entry.service, entry.variant, entry.category)
        kind = kinds.get(key)
        if kind is None:
            kind = kinds[key] = _kind(entry, provider, deriver, visible_ids)
        if kind.problem is not None:
            findings.append(Finding(err, *kind.problem, entry.id))
        kind_of.append(kind)
        row_getters.append(all_rows.get(entry.id, no_rows).get)
    # The whole matrix is looked at as one flat sequence of rows (entry by entry, area by area)
    # with C-level maps; only rows with a finding take a Python step. Findings come out grouped
    # by check, and the final sort puts them in display order (a row's own checks keep theirs).
    rows: list[Row] = list(
        chain.from_iterable(map(map, row_getters, repeat(visible_ids), repeat(repeat(empty))))
    )
    positions = range(len(rows))
    # Rows repeat (a large estate has many entries of few kinds), so the letter checks run once
    # per distinct row. One pass numbers the rows (equal rows get the first one's number: each
    # row is hashed once), and only the numbers of rows with a finding are looked for after.
    numbers: dict[Row, int] = {}
    numbered = list(map(numbers.setdefault, rows, count()))
    row_checks = {
        number: found
        for row, number in numbers.items()
        if (found := _row_checks(row, parties, customer, rules))
    }
    if row_checks:
        for k in compress(positions, map(row_checks.__contains__, numbered)):
            service_id, area_id = services[k // width].id, visible_ids[k % width]
            for code, message in row_checks[numbered[k]]:
                findings.append(Finding(err, code, message, service_id, area_id))
    differs = list(
        map(
            and_,
            map(
                ne,
                chain.from_iterable(map(attrgetter("racis"), kind_of)),
                map(itemgetter(1), rows),
            ),
            chain.from_iterable(map(attrgetter("ruled"), kind_of)),
        )
    )
    if any(differs):
        party_positions = range(len(parties))
        for k in compress(positions, differs):
            derived = kind_of[k // width].rows[k % width]
            assert derived is not None  # ruled
            raci, service_id, area_id = (
                rows[k].raci,
                services[k // width].id,
                visible_ids[k % width],
            )
            for index in compress(party_positions, map(ne, raci, derived.raci)):
                if (service_id, area_id, party_ids[index]) not in overrides:
                    findings.append(
                        Finding(
                            warn,
                            "differs-from-rule",
                            f"holds {raci[index] or 'nothing'!r} but rule {derived.rule} "
                            f"gives {derived.raci[index] or 'nothing'!r}, and no override "
                            "records why; run auto-fill or record an override",
                            service_id,
                            area_id,
                            party_ids[index],
                        )
                    )
    hidden = {a.id for a in project.areas if a.hidden}
    # Most projects have no override without a rationale: find that out in one C-level pass
    # over the distinct rationales (a paste records one for all its cells) of the overrides
    # and perhaps some replaced since (some_values); the loop below confirms on the real ones.
    if any(not text.strip() for text in set(map(attrgetter("rationale"), some_values(overrides)))):
        for (sid, aid, pid), override in overrides.items():
            if not override.rationale.strip() and aid not in hidden:
                findings.append(
                    Finding(
                        warn,
                        "override-no-rationale",
                        "manual override without a rationale",
                        sid,
                        aid,
                        pid,
                    )
                )
    return sorted(findings, key=_order(project))


class _Kind(NamedTuple):
    """What validation needs of one kind of entry (service, variant, category)."""

    problem: tuple[str, str] | None  # (code, message) of the entry's own finding
    rows: list[Row | None]  # derived, per visible area; None where no rule decides
    racis: list[tuple[str, ...] | None]
    ruled: list[bool]


def _kind(
    entry: ServiceEntry, provider: Provider, deriver: Deriver, visible_ids: tuple[str, ...]
) -> _Kind:
    known = provider.catalog.get(entry.service)
    problem: tuple[str, str] | None = None
    if known is None:
        problem = (
            "unknown-service",
            f"{entry.service!r} is not in the {provider.key} catalog; its rows are not auto-filled",
        )
    elif entry.variant is not None and known.variant(entry.variant) is None:
        problem = ("unknown-variant", f"{entry.service} has no variant {entry.variant!r}")
    rows: list[Row | None] = (
        deriver.rows_for(entry, visible_ids) if known is not None else [None] * len(visible_ids)
    )
    return _Kind(
        problem,
        rows,
        [d.raci if d is not None else None for d in rows],
        [d is not None for d in rows],
    )


def _row_checks(
    row: Row, parties: Sequence[Party], customer: set[int], rules: Mapping[str, Rule]
) -> list[tuple[str, str]]:
    """The letter checks of one row, as (code, message): the same for every equal row.

    A row its rule marks not applicable and that holds no letters has nothing to check: the
    area does not exist for the service (an EBS volume has no guest OS)."""
    out: list[tuple[str, str]] = []
    raci = row.raci
    rule = rules.get(row.rule) if row.rule else None
    if rule is not None and rule.owner is Owner.NOT_APPLICABLE and not any(raci):
        return out
    # One joined string answers "does any party hold X" in C; ~1,400 distinct rows of a large
    # estate pass here on every revalidation. Exactly one "A" in it means exactly one party
    # holds A; anything else takes the per-party count.
    joined = "\n".join(raci)
    a_count = joined.count("A")
    if a_count == 0:
        out.append(("no-accountable", "no party is Accountable (A)"))
    elif a_count > 1:
        accountable = [i for i, v in enumerate(raci) if "A" in v]
        if len(accountable) > 1:
            names = ", ".join(parties[i].name for i in accountable)
            out.append(
                (
                    "several-accountable",
                    f"{len(accountable)} parties are Accountable ({names}); one must be",
                )
            )
    if "R" not in joined:
        out.append(("no-responsible", "no party is Responsible (R)"))
    if (
        rule is not None
        and rule.owner is Owner.SHARED
        and customer
        and not any("R" in raci[i] for i in customer)
    ):
        out.append(
            (
                "shared-no-customer-r",
                f"shared by rule {rule.id}, but no customer party is Responsible (R)",
            )
        )
    return out


def _order(project: Project) -> Callable[[Finding], tuple[int, int, int]]:
    services, areas, parties = project.service_index, project.area_index, project.party_index

    def key(f: Finding) -> tuple[int, int, int]:
        return (
            services.get(f.service_id, -1) if f.service_id else -1,
            areas.get(f.area_id, -1) if f.area_id else -1,
            parties.get(f.party_id, -1) if f.party_id else -1,
        )

    return key


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)
