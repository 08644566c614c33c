"""RACI lint: the checks a reviewer would make by hand, with every finding naming its cell."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from srm_desktop.domain.derive import Deriver
from srm_desktop.domain.project import Party, Project, Row
from srm_desktop.domain.provider import Provider
from srm_desktop.domain.rules import Owner


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
    row_checks: dict[Row, list[tuple[str, str]]] = {}
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
        for area, derived in zip(visible, derived_rows, strict=True):
            row = by_area.get(area.id) or empty
            raci = row.raci
            # Rows repeat (a large estate has many entries of few kinds, and loading shares equal
            # rows), so the letter checks run once per distinct row and are replayed after that.
            checks = row_checks.get(row)
            if checks is None:
                checks = row_checks[row] = _row_checks(row, parties, customer, provider)
            for code, message in checks:
                findings.append(Finding(err, code, message, entry.id, area.id))
            if derived is not None and derived.raci != raci:
                for index, party in enumerate(parties):
                    if (
                        raci[index] != derived.raci[index]
                        and (entry.id, area.id, party.id) not in project.overrides
                    ):
                        findings.append(
                            Finding(
                                warn,
                                "differs-from-rule",
                                f"holds {raci[index] or 'nothing'!r} but rule {derived.rule} "
                                f"gives {derived.raci[index] or 'nothing'!r}, and no override "
                                "records why; run auto-fill or record an override",
                                entry.id,
                                area.id,
                                party.id,
                            )
                        )
    hidden = {a.id for a in project.areas if a.hidden}
    for (sid, aid, pid), override in project.overrides.items():
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
    row: Row, parties: Sequence[Party], customer: set[int], provider: Provider
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
    rule = provider.rules.get(row.rule) if row.rule else None
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
