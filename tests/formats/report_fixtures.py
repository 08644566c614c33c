"""Projects the report tests share: one with hostile text in every place a user can type."""

from __future__ import annotations

from dataclasses import replace

from srm_desktop.domain import edits
from srm_desktop.domain.edits import CellChange
from srm_desktop.domain.factory import new_project
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import Provider

#: Markup, an attribute breaker, an entity and a right-to-left override in one name.
HOSTILE = '<script>alert("x")</script> & "Ops" \u202eevil'
RATIONALE = 'Agreed <b>in</b> "review" & signed\u202e\nsecond line <img src=x onerror=alert(1)>'


def hostile_project(aws: Provider) -> Project:
    """Teams with a hostile name, a service with one, and an override with a hostile
    rationale and description."""
    project = new_project("Shop <i>", aws, ["ec2", "s3"], ["Platform", "Security"])
    parties = tuple(
        p.model_copy(update={"name": HOSTILE}) if p.name == "Security" else p
        for p in project.parties
    )
    web = project.services[0].model_copy(update={"name": "Web " + HOSTILE})
    services = (web, *project.services[1:])
    project = replace(project, parties=parties, services=services, description="a & b <p>")
    security = next(p for p in project.parties if p.name == HOSTILE)
    return edits.set_cells(
        project,
        [CellChange(web.id, "customer-data", security.id, "R/A")],
        author="ana",
        rationale=RATIONALE,
        at="2026-11-30T10:00:00Z",
    )
