"""The projects the benchmarks measure: the 240,000-cell estate and the shipped examples.

The large project is built the way an architect would build it, through domain edits only:
1,000 inventory entries cycling through every catalog service and variant, the provider plus
seven customer teams (8 parties), the catalog's 23 areas plus 7 custom ones (30 areas; before
rule book v2 it was 16 plus 14).

What "realistic letters" means here, and why:

* The catalog areas hold what the rules derive (team template spreading included), with ~2 %
  of their cells changed by hand, each with a rationale -- the "~2 % overrides" of the issue.
* A custom area has no rule, so in this domain every letter in it *is* a manual override (auto-fill
  would otherwise clear it). An architect fills a custom area by pasting one agreed pattern down
  the column, with one rationale -- one Accountable, one or two Responsible, a Consulted or an
  Informed team, the other parties blank -- and the pattern differs between infrastructure and
  managed services. So the custom areas add roughly 3 overrides per row; the report prints the
  resulting override count and share, which is well above 2 % of all cells because of them.
"""

from __future__ import annotations

import random
from dataclasses import replace
from functools import cache
from pathlib import Path

from srm_desktop.domain import edits
from srm_desktop.domain.areas import Area
from srm_desktop.domain.catalog import Category
from srm_desktop.domain.derive import Deriver
from srm_desktop.domain.edits import CellChange
from srm_desktop.domain.factory import new_project
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import Provider, get_provider

TEAMS = [
    "Platform",
    "Security",
    "Application",
    "Data owner",
    "Network",
    "Compliance",
    "Service desk",
]
AT = "2025-03-14T10:00:00Z"

#: Custom areas an operating model commonly adds, each with its pasted pattern; the estate takes
#: as many as make 30 areas with the catalog's (the first ones: rule book v2 covers patching,
#: vulnerability scanning, incident response and backup itself, so those come last):
#: (id, name, {party: letters} for infrastructure services, same for managed services).
_P = dict[str, str]
CUSTOM_AREAS: list[tuple[str, str, _P, _P]] = [
    ("dr-testing", "Disaster recovery testing", {"platform": "R/A", "application": "R",
     "compliance": "I"}, {"platform": "A", "application": "R", "compliance": "I"}),
    ("cost", "Cost management", {"platform": "R", "compliance": "A", "application": "I"},
     {"platform": "R", "compliance": "A", "application": "I"}),
    ("change", "Change management", {"platform": "R", "service-desk": "A", "application": "C"},
     {"application": "R", "service-desk": "A", "platform": "C"}),
    ("capacity", "Capacity planning", {"platform": "R/A", "application": "C"},
     {"aws": "R", "platform": "A", "application": "C"}),
    ("certificates", "Certificate management", {"platform": "R", "security": "A",
     "network": "C"}, {"platform": "R", "security": "A"}),
    ("secrets", "Secrets management", {"application": "R", "security": "A", "platform": "C"},
     {"application": "R", "security": "A", "platform": "C"}),
    ("compliance-reporting", "Compliance reporting", {"compliance": "R/A", "security": "C",
     "aws": "I"}, {"compliance": "R/A", "security": "C", "aws": "I"}),
    ("access-review", "Access reviews", {"security": "A", "application": "R",
     "data-owner": "C"}, {"security": "A", "data-owner": "R", "application": "C"}),
    ("monitoring", "Monitoring & alerting", {"platform": "R/A", "service-desk": "I",
     "network": "C"}, {"platform": "A", "aws": "R", "service-desk": "I"}),
    ("retention", "Data retention", {"data-owner": "A", "platform": "R", "compliance": "C"},
     {"data-owner": "A", "application": "R", "compliance": "C"}),
    ("backup-restore", "Backup & restore", {"platform": "R/A", "data-owner": "C", "aws": "I"},
     {"aws": "R", "platform": "A", "data-owner": "C"}),
    ("patching", "Patch management", {"platform": "R/A", "security": "C", "service-desk": "I"},
     {"aws": "R", "platform": "A", "security": "I"}),
    ("vuln-scan", "Vulnerability scanning", {"security": "R/A", "platform": "R",
     "application": "I"}, {"security": "R/A", "application": "C"}),
    ("incident", "Incident response", {"security": "A", "platform": "R", "service-desk": "R",
     "aws": "C"}, {"security": "A", "service-desk": "R", "aws": "C"}),
]  # fmt: skip


def _specs(provider: Provider) -> list[str]:
    specs: list[str] = []
    for service in provider.catalog.services:
        specs += [f"{service.key}:{v.key}" for v in service.variants] or [service.key]
    return specs


@cache
def large_project(services: int = 1000) -> Project:
    """The benchmark estate: ``services`` × 30 areas × 8 parties (see the module docstring)."""
    provider = get_provider("aws")
    specs = _specs(provider)
    project = new_project(
        "Benchmark estate", provider, [specs[i % len(specs)] for i in range(services)], TEAMS
    )
    project = replace(project, id="00000000-0000-4000-8000-000000000240")
    catalog_areas = [a.id for a in project.areas]
    custom = CUSTOM_AREAS[: 30 - len(catalog_areas)]
    for area_id, name, _infra, _managed in custom:
        area = Area(id=area_id, name=name, group="Operating model")
        project = edits.add_area(project, provider, area)
    deriver = Deriver(project, provider)
    cells: list[CellChange] = []
    for area_id, _name, infra, managed in custom:
        for entry in project.services:
            pattern = infra if deriver.category(entry) is Category.INFRASTRUCTURE else managed
            cells += [CellChange(entry.id, area_id, p, v) for p, v in pattern.items()]
    project = edits.set_cells(
        project,
        cells,
        author="architect",
        rationale="Agreed in the operating-model workshop",
        at=AT,
    )
    rng = random.Random(7)
    manual = [
        CellChange(e.id, a, p.id, rng.choice(["R", "C", "I", "R/C", "C/I"]))
        for e in project.services
        for a in catalog_areas
        for p in project.parties
        if rng.random() < 0.02
    ]
    return edits.set_cells(
        project, manual, author="reviewer", rationale="Confirmed in the quarterly review", at=AT
    )


def examples() -> list[Path]:
    return sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.srm"))
