"""RACI lint: the checks a reviewer would make by hand, with every finding naming its cell."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import compress, repeat
from operator import and_, attrgetter, itemgetter, ne
from typing import cast

from srm_desktop.domain.derive import Deriver
from srm_desktop.domain.project import Party, Project, Row
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
    customer = set(project.customer_parties)
    deriver = Deriver(project, provider)
    catalog = provider.catalog
    visible = project.visible_areas
    visible_ids = tuple(a.id for a in visible)
    no_rules: list[Row | None] = [None] * len(visible)
    empty = Row(None, ("",) * len(parties))
    # Rows repeat (a large estate has many entries of few kinds), so the letter checks run once
    # per distinct row and are replayed after that; each entry's rows are looked at with
    # C-level maps, and only rows with a finding take a Python step.
    row_checks: dict[Row, list[tuple[str, str]]] = {}
    # Per kind of entry: the derived letters, and whether a rule decides each row.
    kinds: dict[int, tuple[list[tuple[str, ...] | None], list[bool]]] = {}
    overrides = project.overrides
    positions = range(len(visible_ids))
    party_positions = range(len(parties))
    rules = {rule.id: rule for rule in provider.rules.rules}
    raci_of = itemgetter(1)
    for entry in project.services:
        known = catalog.get(entry.service)
        if known is None:
            findings.append(
                Finding(
                    err,
                    "unknown-service",
                    f"{entry.service!r} is not in the {provider.key} catalog; its rows are not "
                    "auto-filled",
                    entry.id,
                )
            )
        elif entry.variant is not None and known.variant(entry.variant) is None:
            findings.append(
                Finding(
                    err,
                    "unknown-variant",
                    f"{entry.service} has no variant {entry.variant!r}",
                    entry.id,
                )
            )
        by_area = project.rows.get(entry.id, {})
        derived_rows = deriver.rows_for(entry, visible_ids) if known is not None else no_rules
        rows = list(map(by_area.get, visible_ids, repeat(empty)))
        known_checks = list(map(row_checks.get, rows))
        if None in known_checks:
            for j in positions:
                if known_checks[j] is None:
                    found = _row_checks(rows[j], parties, customer, rules)
                    known_checks[j] = row_checks[rows[j]] = found
        checks = cast(list[list[tuple[str, str]]], known_checks)
        if any(checks):
            for j in compress(positions, checks):
                for code, message in checks[j]:
                    findings.append(Finding(err, code, message, entry.id, visible_ids[j]))
        kind = kinds.get(id(derived_rows))
        if kind is None:
            kind = kinds[id(derived_rows)] = (
                [d.raci if d is not None else None for d in derived_rows],
                [d is not None for d in derived_rows],
            )
        derived_racis, ruled = kind
        differs = list(map(and_, map(ne, derived_racis, map(raci_of, rows)), ruled))
        if not any(differs):
            continue
        for j in compress(positions, differs):
            derived, raci, area_id = derived_rows[j], rows[j].raci, visible_ids[j]
            assert derived is not None  # ruled
            for index in compress(party_positions, map(ne, raci, derived.raci)):
                party = parties[index]
                if (entry.id, area_id, party.id) not in overrides:
                    findings.append(
                        Finding(
                            warn,
                            "differs-from-rule",
                            f"holds {raci[index] or 'nothing'!r} but rule {derived.rule} "
                            f"gives {derived.raci[index] or 'nothing'!r}, and no override "
                            "records why; run auto-fill or record an override",
                            entry.id,
                            area_id,
                            party.id,
                        )
                    )
    hidden = {a.id for a in project.areas if a.hidden}
    # Most projects have no override without a rationale: find that out in one C-level pass.
    if "" in map(str.strip, map(attrgetter("rationale"), overrides.values())):
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


def _row_checks(
    row: Row, parties: Sequence[Party], customer: set[int], rules: Mapping[str, Rule]
) -> list[tuple[str, str]]:
    """The letter checks of one row, as (code, message): the same for every equal row."""
    out: list[tuple[str, str]] = []
    raci = row.raci
    accountable = [i for i, v in enumerate(raci) if "A" in v]
    if not accountable:
        out.append(("no-accountable", "no party is Accountable (A)"))
    elif len(accountable) > 1:
        names = ", ".join(parties[i].name for i in accountable)
        out.append(
            (
                "several-accountable",
                f"{len(accountable)} parties are Accountable ({names}); one must be",
            )
        )
    if not any("R" in v for v in raci):
        out.append(("no-responsible", "no party is Responsible (R)"))
    rule = rules.get(row.rule) if row.rule else None
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
